#!/bin/sh
# Must-fail check of the co-simulation: builds a copy of the RTL with one
# deliberate bug (GROUP ties broken toward the highest VMM instead of the
# lowest), runs a directed vector in cosim, and requires the divergence to
# be reported at the cycle the model presents the first tied decision, on
# dec_to, naming that command's line, with a rerun line.
#   cosim_mutant.sh VMXR MAKE
set -u
vmxr=$1 make=${2:-make}
mdir=build/mutant-tie
vec=vectors/directed/group_least_usage.vec
line=19 # first GROUP choice with tied usages (0, 0, 0)
tag="cosim_mutant: "
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

sh tests/mutant_tie.sh "$make" || exit $?

want=$("$vmxr" run --engine model --timeline "$vec" | sed -n "s|^$vec:$line: cycle [0-9]* -> \([0-9]*\).*|\1|p")
[ -n "$want" ] && ok || ko "no decision cycle for line $line on the model"

"$mdir/vmxr" run --engine cosim "$vec" > "$mdir/out.txt" 2>&1
rc=$?
[ "$rc" = 1 ] && ok || ko "mutant cosim exited $rc, expected 1"
grep -q "model and RTL diverge at cycle $want:" "$mdir/out.txt" && ok || ko "divergence not reported at cycle $want"
grep -Eq "dec_to +model 0x11 +rtl 0x13" "$mdir/out.txt" && ok || ko "dec_to vmm 1 vs vmm 3 not reported"
grep -q "in flight: $vec:$line: ev cpu=0 reason=10" "$mdir/out.txt" && ok || ko "line $line not named in flight"
grep -q "rerun:  build/vmxr run --engine cosim $vec" "$mdir/out.txt" && ok || ko "no rerun line"
grep -q "why:    build/vmxr explain $vec --line $line" "$mdir/out.txt" && ok || ko "no explain line for line $line"
fst="build/waves/group_least_usage-diverge-C$want.fst"
grep -q "wrote:  $fst" "$mdir/out.txt" && [ -s "$fst" ] && [ -s "${fst%.fst}.gtkw" ] && ok || ko "no waveform $fst written"
"$mdir/vmxr" run -q --engine rtl "$vec" > "$mdir/rtl.txt" 2>&1
grep -q "$vec:$line: expected deliver vmm 1 GROUP 0, got deliver vmm 3 GROUP 0" "$mdir/rtl.txt" && ok ||
    ko "the mutant RTL alone does not fail line $line"
"$mdir/vmxr" run -q --engine cosim vectors/directed/launch_rules.vec > /dev/null 2>&1 && ok ||
    ko "the mutant diverges on a vector without GROUP routing"
[ "$fail" = 0 ] || sed 's/^/  | /' "$mdir/out.txt" >&2
summary cosim_mutant
