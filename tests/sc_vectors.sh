#!/bin/sh
# Every directed vector on every SystemC engine through vmxr's item-level
# bus, expectations checked; and the pin-level SystemC engines take the
# cycles of the C port-level bus: every item of every file starts and
# completes at the same cycle as on `cosim` (vmxr run --timeline), with and
# without random decision back-pressure.
#   sc_vectors.sh VMXR FILE...
set -u
vmxr=$1
shift
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
tag="sc_vectors: "
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
for e in sc-tlm sc-model sc-rtl sc-cosim; do
    if "$vmxr" run -q --bus --engine "$e" "$@" > "$tmp/out" 2>&1; then
        ok
    else
        bad "the vectors on $e" "$(cat "$tmp/out")"
    fi
done
for stall in "" "--stall-seed 3" "--stall-seed 77"; do
    # shellcheck disable=SC2086
    "$vmxr" run --bus --timeline --engine cosim $stall "$@" > "$tmp/cosim" 2>&1
    for e in sc-model sc-rtl sc-cosim; do
        # shellcheck disable=SC2086
        "$vmxr" run --bus --timeline --engine "$e" $stall "$@" 2>&1 | sed "s/(engine $e/(engine cosim/" > "$tmp/$e"
        if [ -s "$tmp/cosim" ] && cmp -s "$tmp/cosim" "$tmp/$e"; then
            ok
        else
            bad "$e does not take the cycles of the cosim bus ${stall:-without stalls}" \
                "$(diff "$tmp/cosim" "$tmp/$e" | head -20)"
        fi
    done
done
summary sc_vectors
