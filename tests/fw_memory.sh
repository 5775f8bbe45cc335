#!/bin/sh
# `vmxr fw` runs in bounded memory: the transcript and the trace go out as
# they are written, the goldens are compared as the run goes, a program is
# kept as its statements (docs/platform.md, "Memory and time").
#
#   sh tests/fw_memory.sh VMXR PEAK_RSS [ENGINE]
#
# PEAK_RSS is build/tests/peak_rss (tests/peak_rss.c). On the largest
# scenario the parser accepts (tests/fw_largest.sh work: 64 programs of
# 200000 instructions, 4096 expects, 256 events) cut to LIMIT guest
# instructions so that it takes a second or two, whose transcript and trace
# are each larger than the bound:
#   (a) -o FILE --trace FILE stays under BOUND_KB of peak resident memory
#       and writes the whole transcript (it ends with the expects' count);
#   (b) --check-golden against those files stays under the bound and
#       matches;
# and a scenario file over the 64 MiB limit is refused without being read.
set -u
VMXR=$1
PEAK=$2
ENGINE=${3:-model}
BOUND_KB=32768
LIMIT=300000
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
tag="fw_memory: "
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

sh "$(dirname "$0")/fw_largest.sh" work $LIMIT > "$T/largest.scn" || bad "tests/fw_largest.sh failed"
mkdir "$T/g"

# peak NAME WANT_EXIT CMD...: runs CMD under peak_rss (stdout in $T/out,
# stderr in $T/err); a pass when it exits WANT_EXIT within the bound
peak() {
    name=$1 want=$2
    shift 2
    "$PEAK" "$T/kb" "$@" > "$T/out" 2> "$T/err"
    rc=$?
    kb=$(cat "$T/kb" 2> /dev/null || echo 0)
    if [ $rc -ne "$want" ]; then
        bad "$name: exit $rc, expected $want" "$(tail -n 5 "$T/out")" "$(tail -n 5 "$T/err")"
    elif [ "$kb" -gt $BOUND_KB ] || [ "$kb" -le 0 ]; then
        bad "$name: peak resident memory $kb KiB, bound $BOUND_KB KiB"
    else
        ok "$name: peak resident memory $kb KiB (bound $BOUND_KB KiB)"
    fi
}

# (a) the step limit stops the run and every expect fails: exit 1
peak "largest scenario, $LIMIT steps, -o and --trace ($ENGINE)" 1 \
    "$VMXR" fw -q --engine "$ENGINE" "$T/largest.scn" -o "$T/g/largest.txt" --trace "$T/g/largest.vec"
tx=$(wc -c < "$T/g/largest.txt" 2> /dev/null || echo 0)
tr=$(wc -c < "$T/g/largest.vec" 2> /dev/null || echo 0)
if [ "$tx" -gt $((BOUND_KB * 1024)) ] && [ "$tr" -gt $((BOUND_KB * 1024)) ]; then
    ok "transcript ($tx bytes) and trace ($tr bytes) each larger than the bound"
else
    bad "transcript ($tx bytes) or trace ($tr bytes) not larger than the bound: not a test of it"
fi
if tail -n 1 "$T/g/largest.txt" 2> /dev/null | grep -q "^== expects: 4096 checked, 4096 failed$"; then
    ok "the transcript is complete"
else
    bad "the transcript does not end with the expects' count" "$(tail -n 3 "$T/g/largest.txt" 2> /dev/null)"
fi

# (b)
peak "largest scenario, $LIMIT steps, --check-golden ($ENGINE)" 1 \
    "$VMXR" fw -q --engine "$ENGINE" "$T/largest.scn" --check-golden "$T/g"
expect_text "--check-golden of the files just written" "$T/out" \
    "PASS largest: transcript matches, trace matches (engine $ENGINE, golden $T/g)"

# a file over the limit: refused before a line of it is read
dd if=/dev/null of="$T/huge.scn" bs=1 seek=$((64 * 1048576 + 1)) 2> /dev/null
peak "a scenario file of 64 MiB + 1 byte" 2 "$VMXR" fw -q "$T/huge.scn"
expect_text "file too large message" "$T/err" "$T/huge.scn: file too large"

summary fw_memory
