#!/bin/sh
# The VMM firmware on the SystemC buses: every scenario of vmms/scenarios/
# gives, on every SystemC engine, its golden transcript and trace
# (vectors/firmware/) and the transcript it gives on the model engine (the
# firmware interleaves APB accesses and commands as it runs), and on the
# pin-level SystemC engines the cycle count of the cosim bus.
#   sc_fw.sh VMXR
set -u
vmxr=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
tag="sc_fw: "
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
for s in vmms/scenarios/*.scn; do
    [ -f "$s" ] || continue
    n=$(basename "$s" .scn)
    for e in model cosim; do
        if ! "$vmxr" fw "$s" --engine $e -o "$tmp/$n.$e" > "$tmp/$n.$e.sum" 2>&1; then
            bad "$n on $e" "$(cat "$tmp/$n.$e.sum")"
            continue 2
        fi
    done
    for e in sc-tlm sc-model sc-rtl sc-cosim; do
        "$vmxr" fw "$s" --engine "$e" --check-golden vectors/firmware -o "$tmp/$n.$e" > "$tmp/$n.$e.sum" 2>&1
        rc=$?
        if [ $rc -eq 0 ] && cmp -s "$tmp/$n.model" "$tmp/$n.$e"; then pass=$((pass + 1)); else
            bad "$n on $e: transcript (exit $rc)" "$(cat "$tmp/$n.$e.sum")" "$(diff "$tmp/$n.model" "$tmp/$n.$e" | head -20)"
        fi
        [ "$e" = sc-tlm ] && continue
        want=$(grep 'completed' "$tmp/$n.cosim.sum" | sed 's/ (engine .*//')
        got=$(grep 'completed' "$tmp/$n.$e.sum" | sed 's/ (engine .*//')
        if [ -n "$want" ] && [ "$want" = "$got" ]; then pass=$((pass + 1)); else
            bad "$n on $e: the cycles of the cosim bus" "cosim:  $want" "$e: $got"
        fi
    done
done
summary sc_fw && [ "$pass" -gt 0 ]
