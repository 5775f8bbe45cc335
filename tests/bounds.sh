#!/bin/sh
# Work bounds of a run: the cycle budget (--max-cycles, default 10^8) and
# the wall-clock --timeout stop a run with 'FILE:LINE: ...' (the item being
# run) and exit status 2; idle stretches take the engines' fast path
# (cosim: 10^7 idle cycles well under a second) and stay cycle-exact; with
# --mutant DIR/vmxr, a mutant RTL whose outputs move during an idle stretch
# (tests/mutant_idle.sh) still diverges at exactly that cycle in cosim.
#   bounds.sh VMXR [MUTANT_VMXR]
set -u
vmxr=$1 mutant=${2:-}
tag="bounds: "
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# seconds (with a fraction) that CMD... takes; its status in $tmp/rc
timed() {
    t0=$(date +%s.%N)
    "$@" > "$tmp/out" 2> "$tmp/err"
    echo $? > "$tmp/rc"
    t1=$(date +%s.%N)
    echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }'
}

# three idle items at the parser's cap of 10^9 each: hours on cosim before;
# the budget stops the first before it starts
printf 'vmxr-vectors 1\nidle 1000000000\nidle 1000000000\nidle 1000000000\n' > "$tmp/huge.vec"
for e in model rtl cosim; do
    s=$(timed timeout 60 "$vmxr" run --engine "$e" "$tmp/huge.vec")
    [ "$(cat "$tmp/rc")" = 2 ] && ok || bad "huge idle on $e: exit $(cat "$tmp/rc"), expected 2" "$tmp/err" "$tmp/out"
    grep -q "^$tmp/huge.vec:2: the run exceeds its budget of 100000000 cycles at cycle 2 (--max-cycles)$" "$tmp/err" &&
        ok || bad "huge idle on $e: no budget error naming line 2" "$tmp/err"
    awk -v s="$s" 'BEGIN { exit !(s < 2) }' && ok || ko "huge idle on $e took $s s"
done
s=$(timed timeout 60 "$vmxr" run --bus --engine cosim "$tmp/huge.vec")
[ "$(cat "$tmp/rc")" = 2 ] && grep -q "^$tmp/huge.vec:2: the run exceeds its budget" "$tmp/err" && ok ||
    bad "huge idle with --bus: exit $(cat "$tmp/rc")" "$tmp/err"

# a budget crossed while commands run names the item being run
check "max-cycles" 2 "$vmxr" run --engine cosim --max-cycles 40 vectors/directed/launch_rules.vec
expect_re "max-cycles message" "$tmp/err" "^vectors/directed/launch_rules.vec:[0-9]*: the run exceeds its budget of 40 cycles at cycle 40 (--max-cycles)$"
check "annotate max-cycles" 2 "$vmxr" annotate --max-cycles 40 vectors/directed/launch_rules.vec
expect_re "annotate message" "$tmp/err" "^vectors/directed/launch_rules.vec:[0-9]*: the run exceeds its budget of 40 cycles"
check "compile max-cycles" 2 "$vmxr" compile --max-cycles 40 -o "$tmp/x.stim" vectors/directed/launch_rules.vec
check "bad max-cycles" 2 "$vmxr" run --max-cycles 0 vectors/directed/launch_rules.vec
check "bad timeout" 2 "$vmxr" run --timeout x vectors/directed/launch_rules.vec

# --timeout: 9 x 10^7 idle cycles under stalls (no fast path: dec_ready moves)
# on the RTL take minutes; stopped after a second
printf 'vmxr-vectors 1\nwr vmm=0 PEND_WEIGHT 2 => ok\nidle 90000000\n' > "$tmp/long.vec"
s=$(timed timeout 60 "$vmxr" run --engine rtl --stall-seed 1 --timeout 1 "$tmp/long.vec" "$tmp/long.vec")
[ "$(cat "$tmp/rc")" = 2 ] && ok || bad "timeout: exit $(cat "$tmp/rc"), expected 2" "$tmp/err" "$tmp/out"
grep -q "^$tmp/long.vec:3: timed out after 1 s at cycle [0-9]* (--timeout)$" "$tmp/err" && ok ||
    bad "timeout: no message naming line 3" "$tmp/err"
[ "$(grep -c 'timed out' "$tmp/err")" = 1 ] && ok || ko "timeout: the second file ran"
awk -v s="$s" 'BEGIN { exit !(s < 4) }' && ok || ko "timeout 1 took $s s"
# standard error not a terminal: no progress line (they start with a CR)
if grep -q "$(printf '\r')" "$tmp/err"; then ko "progress written to a file"; else ok; fi

# the fast path: 10^7 idle cycles in cosim well under a second, and the
# same cycle count on every port-level engine and through the bus
printf 'vmxr-vectors 1\nwr vmm=0 PEND_WEIGHT 2 => ok\nidle 10000000\nrd vmm=0 PEND_WEIGHT => 0x00000002\nidle 10000000\n' > "$tmp/idle.vec"
for e in model rtl cosim; do
    s=$(timed "$vmxr" run --engine "$e" "$tmp/idle.vec")
    [ "$(cat "$tmp/rc")" = 0 ] && ok || bad "idle 10^7 on $e failed" "$tmp/out" "$tmp/err"
    grep -q "^PASS $tmp/idle.vec: 4 items, 0 commands, 2 checks, 0 failed, 20000008 cycles (engine $e)$" "$tmp/out" && ok ||
        bad "idle 10^7 on $e: cycle count" "$tmp/out"
    awk -v s="$s" 'BEGIN { exit !(s < 1) }' && ok || ko "2 x idle 10^7 on $e took $s s"
    echo "bounds: 2 x idle 10000000 on $e: $s s"
done

if [ -n "$mutant" ]; then
    # the mutant's idle output drops for one cycle after 300000 idle cycles
    # (reset ends at cycle 2): a divergence in the middle of an idle stretch
    printf 'vmxr-vectors 1\nidle 1000000\n' > "$tmp/m.vec"
    s=$(timed timeout 120 "$mutant" run --engine cosim "$tmp/m.vec")
    [ "$(cat "$tmp/rc")" = 1 ] && ok || bad "idle mutant: exit $(cat "$tmp/rc"), expected 1" "$tmp/out" "$tmp/err"
    grep -q "model and RTL diverge at cycle 300002:" "$tmp/out" && ok || bad "idle mutant: not at cycle 300002" "$tmp/out"
    grep -Eq "idle +model 0x1 +rtl 0x0" "$tmp/out" && ok || bad "idle mutant: idle port not named" "$tmp/out"
    s=$(timed timeout 120 "$mutant" run --engine cosim --bus "$tmp/m.vec")
    grep -q "diverge at cycle 300002:" "$tmp/out" && ok || bad "idle mutant with --bus: not at cycle 300002" "$tmp/out"
    # past the mutant's saturated counter the RTL is a fixed point again: fast
    printf 'vmxr-vectors 1\nidle 600000\nidle 10000000\n' > "$tmp/m2.vec"
    "$mutant" run --engine rtl "$tmp/m2.vec" > "$tmp/out" 2>&1
    grep -q "^PASS .* 10600003 cycles (engine rtl)$" "$tmp/out" && ok || bad "idle mutant on rtl" "$tmp/out"
fi
summary bounds
