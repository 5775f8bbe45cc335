#!/bin/sh
# Must-fail check of the SystemC co-simulation (sc-cosim): the RTL copy of
# tests/cosim_mutant.sh (GROUP ties broken toward the highest VMM), built
# with the SystemC platform, must diverge on the same vector with the report
# of the C co-simulation: the cycle, dec_to with both values, both
# decisions decoded. The C engine on the same binary must report it too.
#   sc_mutant.sh MAKE
set -u
make=${1:-make}
mdir=build/mutant-tie
vec=vectors/directed/group_least_usage.vec
tag="sc_mutant: "
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

sh tests/mutant_tie.sh "$make" || exit $?

"$mdir/vmxr" run --bus --engine cosim "$vec" > "$mdir/sc-c.txt" 2>&1
"$mdir/vmxr" run --bus --engine sc-cosim "$vec" > "$mdir/sc.txt" 2>&1
rc=$?
[ "$rc" = 1 ] && ok || ko "mutant sc-cosim exited $rc, expected 1"
cyc=$(sed -n 's/.*model and RTL diverge at cycle \([0-9]*\):.*/\1/p' "$mdir/sc-c.txt" | head -n 1)
[ -n "$cyc" ] && ok || ko "the C cosim bus reports no divergence"
grep -q "model and RTL diverge at cycle $cyc:" "$mdir/sc.txt" && ok || ko "sc-cosim: divergence not at cycle $cyc"
grep -Eq "dec_to +model 0x11 +rtl 0x13" "$mdir/sc.txt" && ok || ko "sc-cosim: dec_to vmm 1 vs vmm 3 not reported"
grep -q "model dec_valid=1: cpu 0 EVENT DELIVER from vm 0 to vmm 1 rule GROUP 0" "$mdir/sc.txt" && ok ||
    ko "sc-cosim: the model's decision is not decoded"
grep -q "rtl   dec_valid=1: cpu 0 EVENT DELIVER from vm 0 to vmm 3 rule GROUP 0" "$mdir/sc.txt" && ok ||
    ko "sc-cosim: the RTL's decision is not decoded"
grep -q "why:    build/vmxr explain $vec --line 19" "$mdir/sc.txt" && ok ||
    ko "sc-cosim: the why line does not name the diverging command (line 19)"
fst=$(sed -n 's/^  wrote:  \([^ ]*\.fst\).*/\1/p' "$mdir/sc.txt" | head -n 1)
[ -n "$fst" ] && [ -s "$fst" ] && ok || ko "sc-cosim: no waveform of the diverging run written ($fst)"
# its save file opens in GTKWave with every signal found and names at the marker
gtkw=${fst%.fst}.gtkw
if [ -s "$gtkw" ] && command -v gtkwave > /dev/null && command -v xvfb-run > /dev/null; then
    cat > "$mdir/load.tcl" <<'TCL'
puts "VMXRWAVE traces [gtkwave::getTotalNumTraces]"
gtkwave::setMarker [expr {[gtkwave::getMarker] - 1}]
set n [gtkwave::getTotalNumTraces]
for {set i 0} {$i < $n} {incr i} {
    puts "VMXRWAVE [gtkwave::getTraceNameFromIndex $i]=[gtkwave::getTraceValueAtMarkerFromIndex $i]"
}
gtkwave::/File/Quit
TCL
    NO_AT_BRIDGE=1 timeout 60 xvfb-run -a -s "-screen 0 1400x800x24" gtkwave -S "$mdir/load.tcl" "$gtkw" \
        > "$mdir/gtkwave.log" 2>&1 && ok || ko "gtkwave does not load $gtkw"
    want=$(grep -cvE '^[@^[*]' "$gtkw")
    got=$(sed -n 's/^VMXRWAVE traces //p' "$mdir/gtkwave.log")
    [ "$got" = "$want" ] && ok || ko "sc-cosim save file: $want traces, GTKWave found '$got'"
    grep -qxF "VMXRWAVE dec_to[4:0]=vmm 3" "$mdir/gtkwave.log" && ok ||
        ko "sc-cosim waveform: the RTL's dec_to is not vmm 3 at the marker" "$(grep VMXRWAVE "$mdir/gtkwave.log" | head -40)"
else
    ko "sc-cosim: no save file $gtkw, or gtkwave/xvfb-run missing"
fi
# the port lines are the C co-simulation's, word for word
grep -m 1 -A 3 'diverge at cycle' "$mdir/sc-c.txt" | tail -n 3 > "$mdir/c.ports"
grep -m 1 -A 3 'diverge at cycle' "$mdir/sc.txt" | tail -n 3 > "$mdir/sc.ports"
[ -s "$mdir/c.ports" ] && cmp -s "$mdir/c.ports" "$mdir/sc.ports" && ok ||
    ko "sc-cosim's port report differs from the C co-simulation's" "$(diff "$mdir/c.ports" "$mdir/sc.ports")"
"$mdir/vmxr" run -q --bus --engine sc-rtl "$vec" > "$mdir/sc-rtl.txt" 2>&1
grep -q "expected deliver vmm 1 GROUP 0, got deliver vmm 3 GROUP 0" "$mdir/sc-rtl.txt" && ok ||
    ko "the mutant sc-rtl alone does not fail"
"$mdir/vmxr" run -q --bus --engine sc-cosim vectors/directed/launch_rules.vec > /dev/null 2>&1 && ok ||
    ko "the mutant diverges on a vector without GROUP routing"
[ "$fail" = 0 ] || sed 's/^/  | /' "$mdir/sc.txt" >&2
summary sc_mutant
