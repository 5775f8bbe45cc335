#!/bin/sh
# Firmware scenarios against their goldens (docs/platform.md).
#
#   sh tests/fw.sh VMXR GOLDEN_DIR SCENARIO...
#
# For every scenario NAME:
#   (a) the model engine reproduces GOLDEN_DIR/NAME.vec and NAME.txt byte
#       for byte (a unified diff on mismatch);
#   (b) the golden trace passes `vmxr run --engine cosim`;
#   (c) run live on the rtl engine, the scenario gives the same transcript
#       and trace (--check-golden).
# Then the must-fail cases: a tampered golden copy is reported as a
# mismatch (and the tampered trace fails `vmxr run`), a golden cut short or
# one line longer where it ends; usage errors exit 2.
# Malformed scenarios and their messages are tests/bad/*.scn (tests/bad.sh).
# Exit status: 0 when every check held.
set -u
VMXR=$1
G=$2
shift 2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

if [ $# -eq 0 ]; then
    bad "no scenarios given"
fi
first=""
for s in "$@"; do
    n=$(basename "$s" .scn)
    [ -n "$first" ] || first=$s
    # (a)
    "$VMXR" fw "$s" --engine model -q --trace "$T/$n.vec" -o "$T/$n.txt"
    rc=$?
    if [ $rc -ne 0 ]; then
        bad "$n: vmxr fw --engine model exited $rc" "$(grep '^!!' "$T/$n.txt" 2>/dev/null | head -5)"
    elif [ ! -f "$G/$n.txt" ] || [ ! -f "$G/$n.vec" ]; then
        bad "$n: no golden $G/$n.txt / $G/$n.vec (make fw-goldens, then review)"
    elif cmp -s "$G/$n.txt" "$T/$n.txt" && cmp -s "$G/$n.vec" "$T/$n.vec"; then
        ok "$n: model engine reproduces $G/$n.txt and $G/$n.vec"
    else
        bad "$n: model engine differs from the goldens" "$(diff -u "$G/$n.txt" "$T/$n.txt" | head -40)" \
            "$(diff -u "$G/$n.vec" "$T/$n.vec" | head -40)"
    fi
    # (b)
    if [ -f "$G/$n.vec" ]; then
        if "$VMXR" run -q --engine cosim "$G/$n.vec" > "$T/run.out" 2>&1; then
            ok "$n: golden trace passes vmxr run --engine cosim"
        else
            bad "$n: golden trace fails vmxr run --engine cosim" "$(head -20 "$T/run.out")"
        fi
    fi
    # (c)
    if "$VMXR" fw "$s" --engine rtl -q --check-golden "$G" > "$T/rtl.out" 2>&1; then
        ok "$n: rtl engine gives the golden transcript and trace"
    else
        bad "$n: rtl engine differs from the goldens" "$(head -20 "$T/rtl.out")"
    fi
done

# ---- must fail --------------------------------------------------------------

if [ -n "$first" ] && [ -f "$G/$(basename "$first" .scn).txt" ]; then
    n=$(basename "$first" .scn)
    mkdir -p "$T/tampered"
    cp "$G/$n.txt" "$G/$n.vec" "$T/tampered/"
    # one decision of the transcript and one expectation of the trace changed
    sed -i '0,/-> resumed vm /s/-> resumed vm /-> resumed vmm /' "$T/tampered/$n.txt"
    sed -i '0,/=> resumed vm /s/=> resumed vm /=> resumed vmm /' "$T/tampered/$n.vec"
    "$VMXR" fw "$first" --engine model -q --check-golden "$T/tampered" > "$T/tam.out" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && grep -q "transcript differs" "$T/tam.out" && grep -q "trace differs" "$T/tam.out" &&
        grep -q "^FAIL $n: transcript DIFFERS, trace DIFFERS" "$T/tam.out"; then
        ok "must-fail: a tampered golden copy is reported as a mismatch (exit 1)"
    else
        bad "must-fail: a tampered golden copy was not reported (exit $rc)" "$(cat "$T/tam.out")"
    fi
    # a golden cut short, and one with a line more: the first difference
    # is where one of them ends (compared as the run writes, nothing kept)
    mkdir -p "$T/short"
    head -n 3 "$G/$n.txt" > "$T/short/$n.txt"
    { cat "$G/$n.vec"; echo "extra"; } > "$T/short/$n.vec"
    "$VMXR" fw "$first" --engine model -q --check-golden "$T/short" > "$T/short.out" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && grep -q "^$T/short/$n.txt:4: transcript differs$" "$T/short.out" &&
        grep -q "^  golden: (end of file)$" "$T/short.out" && grep -q "^  got:    (end of file)$" "$T/short.out" &&
        grep -q "^  golden: extra$" "$T/short.out"; then
        ok "must-fail: a golden cut short or one line longer is reported where it ends (exit 1)"
    else
        bad "must-fail: a golden cut short or longer was not reported right (exit $rc)" "$(cat "$T/short.out")"
    fi
    "$VMXR" run -q --engine model "$T/tampered/$n.vec" > "$T/tam.run" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && grep -q "expected resumed vmm" "$T/tam.run"; then
        ok "must-fail: the tampered golden trace fails vmxr run (exit 1)"
    else
        bad "must-fail: the tampered golden trace was not caught by vmxr run (exit $rc)" "$(cat "$T/tam.run")"
    fi
fi

# usage errors
for args in "" "--engine" "--engine nosuch x.scn" "--bogus x.scn" "a.scn b.scn"; do
    # shellcheck disable=SC2086
    "$VMXR" fw $args > "$T/use.out" 2>&1
    rc=$?
    if [ $rc -eq 2 ] && grep -q "usage: vmxr fw" "$T/use.out"; then
        ok "usage: 'vmxr fw $args' exits 2 with a usage line"
    else
        bad "usage: 'vmxr fw $args' exited $rc" "$(cat "$T/use.out")"
    fi
done
if "$VMXR" fw --help | grep -q "^usage: vmxr fw SCENARIO"; then
    ok "vmxr fw --help"
else
    bad "vmxr fw --help"
fi

summary fw.sh
