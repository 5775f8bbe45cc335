#!/bin/sh
# SystemC waveforms: test_sc_api --fst writes an FST of one short run on
# each pin-level SystemC engine (sc-model: every port, written through the
# FST API; sc-rtl and sc-cosim: every RTL signal, VerilatedFstSc). Each must
# read back with fst2vcd, show dec_valid toggling, and load in GTKWave
# (under Xvfb) with every signal and the right value at the first decision;
# the three must place that decision at the same time. The 64-bit port
# cmd_gpa of the top must show the run's EPT violation address,
# 0x80000ABCDE012345, with all its bits.
#   sc_wave.sh TEST_SC_API
set -u
[ $# -eq 1 ] || { echo "usage: sh tests/sc_wave.sh TEST_SC_API" >&2; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

if "$1" --fst "$tmp" > "$tmp/out" 2>&1; then ok; else bad "test_sc_api --fst writes the traces" "$(cat "$tmp/out")"; fi
have_gtkwave=1
if ! command -v gtkwave > /dev/null || ! command -v xvfb-run > /dev/null; then
    bad "GTKWave under Xvfb" "gtkwave or xvfb-run is missing (sh scripts/setup.sh installs them)"
    have_gtkwave=0
fi
first=""
for e in sc-model sc-rtl sc-cosim; do
    f=$tmp/$e.fst
    if [ -s "$f" ] && fst2vcd "$f" > "$tmp/$e.vcd" 2> "$tmp/err" && grep -q enddefinitions "$tmp/$e.vcd"; then ok; else
        bad "$e: fst2vcd reads $f" "$(cat "$tmp/err")"
        continue
    fi
    # the first dec_valid of the top (the shortest-named one)
    id=$(awk '$1 == "$var" && $5 == "dec_valid" { print $4; exit }' "$tmp/$e.vcd")
    rise=$(awk -v id="$id" '/^#/ { t = substr($0, 2) } $0 == "1" id { print t; exit }' "$tmp/$e.vcd")
    if [ -n "$id" ] && [ -n "$rise" ] && grep -qxF "0$id" "$tmp/$e.vcd"; then ok; else
        bad "$e: dec_valid toggles" "id '$id', first rise at '$rise'"
    fi
    # the top's cmd_gpa, 64 bits wide (the port FST of sc-model names it
    # cmd_gpa[63:0], Verilator's FST cmd_gpa with the range apart), takes the value
    gpa=$(awk '$1 == "$var" && $5 ~ /^cmd_gpa(\[63:0\])?$/ && $3 == 64 { print $4; exit }' "$tmp/$e.vcd")
    want=b1000000000000000000010101011110011011110000000010010001101000101
    if [ -n "$gpa" ] && grep -qxF "$want $gpa" "$tmp/$e.vcd"; then ok; else
        bad "$e: cmd_gpa (64 bits) takes 0x80000ABCDE012345" "id '$gpa'" \
            "$(awk '$1 == "$var" && $5 ~ /cmd_gpa/' "$tmp/$e.vcd" | head -3)"
    fi
    if [ -z "$first" ]; then first=$rise; elif [ "$rise" = "$first" ]; then ok; else
        bad "$e: first decision at the same time as sc-model" "$rise ns, sc-model $first ns"
    fi
    [ "$have_gtkwave" = 1 ] || continue
    cat > "$tmp/load.tcl" <<TCL
set n [gtkwave::getNumFacs]
set names {}
for {set i 0} {\$i < \$n} {incr i} { lappend names [gtkwave::getFacName \$i] }
gtkwave::addSignalsFromList \$names
puts "VMXRWAVE facs \$n"
puts "VMXRWAVE traces [gtkwave::getTotalNumTraces]"
gtkwave::setMarker [expr {$rise + 1}]
for {set i 0} {\$i < [gtkwave::getTotalNumTraces]} {incr i} {
    set t [gtkwave::getTraceNameFromIndex \$i]
    if {[string match {*dec_valid} \$t]} { puts "VMXRWAVE value \$t=[gtkwave::getTraceValueAtMarkerFromIndex \$i]" }
}
gtkwave::/File/Quit
TCL
    NO_AT_BRIDGE=1 timeout 60 xvfb-run -a -s "-screen 0 1400x800x24" gtkwave -S "$tmp/load.tcl" "$f" \
        > "$tmp/$e.log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then ok; else bad "$e: gtkwave runs and quits (exit $rc)" "$(cat "$tmp/$e.log")"; fi
    if grep -v '^VMXRWAVE ' "$tmp/$e.log" |
        grep -iE 'error|warn|could not|cannot|can.t|not found|missing|no such|unknown|malformed' > "$tmp/complaints"
    then bad "$e: gtkwave loads without complaint" "$(cat "$tmp/complaints")"; else ok; fi
    facs=$(sed -n 's/^VMXRWAVE facs //p' "$tmp/$e.log")
    traces=$(sed -n 's/^VMXRWAVE traces //p' "$tmp/$e.log")
    if [ -n "$facs" ] && [ "$facs" -gt 30 ] && [ "$traces" = "$facs" ]; then ok; else
        bad "$e: every signal becomes a trace" "facilities '$facs', traces '$traces'"
    fi
    if grep -Eq "^VMXRWAVE value ([a-z_.]*\.)?dec_valid=1$" "$tmp/$e.log"; then ok; else
        bad "$e: dec_valid is 1 at the first decision ($rise ns)" "$(grep '^VMXRWAVE value' "$tmp/$e.log")"
    fi
done
summary sc_wave
