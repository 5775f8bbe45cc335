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
pass=0 fail=0
for e in sc-tlm sc-model sc-rtl sc-cosim; do
    if "$vmxr" run -q --bus --engine "$e" "$@" > "$tmp/out" 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL sc_vectors: the vectors on $e" >&2
        sed 's/^/  | /' "$tmp/out" >&2
    fi
done
for stall in "" "--stall-seed 3" "--stall-seed 77"; do
    # shellcheck disable=SC2086
    "$vmxr" run --bus --timeline --engine cosim $stall "$@" > "$tmp/cosim" 2>&1
    for e in sc-model sc-rtl sc-cosim; do
        # shellcheck disable=SC2086
        "$vmxr" run --bus --timeline --engine "$e" $stall "$@" 2>&1 | sed "s/(engine $e/(engine cosim/" > "$tmp/$e"
        if [ -s "$tmp/cosim" ] && cmp -s "$tmp/cosim" "$tmp/$e"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL sc_vectors: $e does not take the cycles of the cosim bus ${stall:-without stalls}" >&2
            diff "$tmp/cosim" "$tmp/$e" | head -20 | sed 's/^/  | /' >&2
        fi
    done
done
echo "sc_vectors: $pass passed, $fail failed"
[ "$fail" = 0 ]
