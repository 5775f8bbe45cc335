#!/bin/sh
# The waveforms of a real RTL bug as GTKWave (under Xvfb) opens them: the
# mutant RTL of tests/mutant_tie.sh (GROUP ties to the highest VMM) diverges
# from the model on group_least_usage.vec line 19.
#  (a) vmxr run --engine cosim: the divergence waveform runs past the
#      divergence; its save file opens with the handshake and the divergence
#      in view, the primary marker where the value column shows the diverging
#      decision (the RTL side of the report), names the command, carries the
#      handshake marker and the GROUP arbitration at the EX marker;
#  (b) vmxr run --engine rtl: the failed expectation gets why: and waves:
#      hints, and that vmxr wave --line shows the failing decision at its
#      marker;
#  (c) an expectation failure on the model engine gets the hints too.
#   wave_diverge.sh VMXR MUTANT_VMXR
set -u
[ $# -eq 2 ] || { echo "usage: sh tests/wave_diverge.sh VMXR MUTANT_VMXR" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
case $1 in /*) vmxr=$1 ;; *) vmxr=$(pwd)/$1 ;; esac
case $2 in /*) mutant=$2 ;; *) mutant=$(pwd)/$2 ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

vec=vectors/directed/group_least_usage.vec
line=19 # first GROUP choice with tied usages: the model picks vmm 1, the mutant vmm 3
mkdir -p "$tmp/run/vectors/directed"
cp "$root/$vec" "$tmp/run/$vec"
cd "$tmp/run" || exit 2

# Runs gtkwave -S on save file $1 with Tcl script $2, output in $3.
gtk() {
    NO_AT_BRIDGE=1 timeout 60 xvfb-run -a -s "-screen 0 1400x800x24" gtkwave -S "$2" "$1" > "$3" 2>&1
}
# The value trace $2 shows at marker $3 in GTKWave log $1 ("" if none).
val() { awk -v p="VMXRWAVE $3 $2=" 'index($0, p) == 1 { print substr($0, length(p) + 1); exit }' "$1"; }

cat > "$tmp/probe.tcl" <<'TCL'
puts "VMXRWAVE window [gtkwave::getWindowStartTime] [gtkwave::getWindowEndTime]"
puts "VMXRWAVE marker [gtkwave::getMarker]"
foreach l {A B C D} { puts "VMXRWAVE named $l [gtkwave::getNamedMarker $l]" }
proc dump {tag} {
    set n [gtkwave::getTotalNumTraces]
    for {set i 0} {$i < $n} {incr i} {
        puts "VMXRWAVE $tag [gtkwave::getTraceNameFromIndex $i]=[gtkwave::getTraceValueAtMarkerFromIndex $i]"
    }
}
set m [gtkwave::getMarker]
dump primary
foreach l {A B C D} {
    set t [gtkwave::getNamedMarker $l]
    if {$t >= 0} { gtkwave::setMarker $t; dump $l }
}
gtkwave::setMarker $m
gtkwave::/File/Quit
TCL

if ! command -v gtkwave > /dev/null || ! command -v xvfb-run > /dev/null; then
    bad "GTKWave under Xvfb" "gtkwave or xvfb-run is missing (sh scripts/setup.sh installs them)"
    summary wave_diverge
    exit 1
fi

# the model's cycles for the line: handshake H, decision D
# shellcheck disable=SC2046 # two words wanted
set -- $("$vmxr" run --engine model --timeline "$vec" | sed -n "s|^$vec:$line: cycle \([0-9]*\) -> \([0-9]*\).*|\1 \2|p")
hs=${1:-} dec=${2:-}
[ -n "$dec" ] && ok || bad "model timeline of line $line" "no 'cycle H -> D' for $vec:$line"

# ---- (a) the divergence waveform --------------------------------------------
"$mutant" run --engine cosim "$vec" > "$tmp/cosim.out" 2>&1
c=$(sed -n 's/.*model and RTL diverge at cycle \([0-9]*\):.*/\1/p' "$tmp/cosim.out")
if [ -n "$c" ] && [ "$c" = "$dec" ]; then ok; else
    bad "cosim diverges at the decision of line $line" "cycle '$c', model decision cycle '$dec'" "$(cat "$tmp/cosim.out")"
fi
# the decisions of the report: cpu op outcome from to rule idx reason
report() {
    sed -n "s/^  $1 *dec_valid=1: cpu \([0-9]*\) \([A-Z_]*\) \([A-Z_]*\)\( [A-Z_]*\)\{0,1\} from \([a-z]* [0-9]*\) to \([a-z]* [0-9]*\) rule \([A-Z_]*\) \([0-9]*\) reason \([0-9]*\) .*/\1|\2|\3|\5|\6|\7|\8|\9/p" \
        "$tmp/cosim.out"
}
rtl=$(report rtl) model=$(report model)
[ -n "$rtl" ] && [ -n "$model" ] && ok || bad "the report decodes both decisions" "$(cat "$tmp/cosim.out")"
fst=build/waves/group_least_usage-diverge-C$c.fst
g=${fst%.fst}.gtkw
if grep -q "wrote:  $fst" "$tmp/cosim.out" && [ -s "$fst" ] && [ -s "$g" ]; then ok; else
    bad "divergence waveform written" "$(cat "$tmp/cosim.out")"
fi
# the trace goes on past the divergence: cycles C-40 .. C+10 (rising edge of C+10 at (C+10)*10+5)
end=$(fst2vcd "$fst" 2> /dev/null | sed -n 's/^#\([0-9]*\)$/\1/p' | tail -n 1)
if [ -n "$end" ] && [ "$end" -ge $(((c + 10) * 10)) ]; then ok; else
    bad "the dump reaches cycle C+10" "last time '$end', divergence at cycle $c"
fi
# what vmxr wave --line shows: the command's comment, the handshake marker
expect_text "save file names the command" "$g" "-group_least_usage.vec:$line: ev cpu=0 reason=10"
IFS='|' read -r m_cpu m_op m_out m_from m_to m_rule m_idx m_reason <<EOF
$model
EOF
lower_out=$(printf '%s' "$m_out" | tr '[:upper:]' '[:lower:]')
expect_text "save file notes the model's decision" "$g" "-diverges C$c; model: $lower_out $m_to $m_rule $m_idx"
expect_text "save file has the GROUP arbitration" "$g" "-decided by: EX GROUP arbitration"

gtk "$(pwd)/$g" "$tmp/probe.tcl" "$tmp/div.log"
m=$(sed -n 's/^VMXRWAVE marker //p' "$tmp/div.log")
a=$(sed -n 's/^VMXRWAVE named A //p' "$tmp/div.log")
# shellcheck disable=SC2046 # two words wanted
set -- $(sed -n 's/^VMXRWAVE window //p' "$tmp/div.log")
ws=${1:-x} we=${2:-x}
if [ "$m" = "$((c * 10))" ]; then ok; else
    bad "primary marker at the start of cycle $c" "marker '$m' (want $((c * 10)))" "$(head -n 5 "$tmp/div.log")"
fi
if [ "$a" = "$((hs * 10))" ]; then ok; else bad "marker A on the handshake of line $line" "A '$a', handshake cycle $hs"; fi
if [ "$ws" != x ] && [ "$ws" -le "$a" ] && [ "$a" -le "$m" ] && [ "$m" -lt "$we" ]; then ok; else
    bad "the opening window shows the handshake and the divergence" "window '$ws'..'$we', A '$a', marker '$m'"
fi
# GTKWave opens where the save file says (it falls back to the dump's start when the view would run past its end)
t0=$(sed -n 's/^\[timestart\] //p' "$g")
[ "$ws" = "$t0" ] && ok || bad "GTKWave opens at the save file's [timestart]" "window starts at '$ws', [timestart] '$t0'"
expect_text "marker A named" "$g" "[markername] Ahandshake L$line"
# at the marker, the value column shows the diverging decision: the RTL's side of the report
IFS='|' read -r r_cpu r_op r_out r_from r_to r_rule r_idx r_reason <<EOF
$rtl
EOF
for kv in "dec_valid=1" "dec_cpu[2:0]=$r_cpu" "dec_op[1:0]=$r_op" "dec_outcome[2:0]=$r_out" "dec_from[4:0]=$r_from" \
    "dec_to[4:0]=$r_to" "dec_rule[3:0]=$r_rule" "dec_idx[6:0]=$r_idx" "dec_reason[6:0]=$r_reason"; do
    k=${kv%%=*} want=${kv#*=} got=$(val "$tmp/div.log" "$k" primary)
    if [ "$got" = "$want" ]; then ok; else bad "at the marker $k is the diverging decision's" "shows '$got', report says '$want'"; fi
done
# the model's decision differs from what the RTL shows exactly where the report says (dec_to)
[ "$m_to" != "$r_to" ] && [ "$m_op" = "$r_op" ] && [ "$m_rule" = "$r_rule" ] && [ "$m_from" = "$r_from" ] && ok ||
    bad "report: model and rtl differ on dec_to only" "model '$model' rtl '$rtl'"
# at marker A the command is handshaken; at the EX marker the arbitration picks the mutant's VMM
for kv in "cmd_fire=1" "cmd_cpu[2:0]=$m_cpu" "cmd_reason[6:0]=$m_reason"; do
    k=${kv%%=*} want=${kv#*=} got=$(val "$tmp/div.log" "$k" A)
    if [ "$got" = "$want" ]; then ok; else bad "at marker A $k" "shows '$got', want '$want'"; fi
done
b=$(sed -n 's/^VMXRWAVE named B //p' "$tmp/div.log")
expect_text "marker B is EX" "$g" "[markername] BEX L$line"
if [ "$b" = "$(((c - 1) * 10))" ]; then ok; else bad "marker B on the EX cycle" "B '$b', divergence at $c"; fi
for kv in "any_cand=1" "least_vmm=${r_to#vmm }" "o_to[4:0]=$r_to" "cand[7:0]=00001110"; do
    k=${kv%%=*} want=${kv#*=} got=$(val "$tmp/div.log" "$k" B)
    if [ "$got" = "$want" ]; then ok; else bad "at the EX marker $k" "shows '$got', want '$want'"; fi
done

# ---- (b) the failed expectation on the mutant RTL, and vmxr wave --line -------
"$mutant" run -q --engine rtl "$vec" > "$tmp/rtl.out" 2>&1
expect_text "rtl: the failed expectation" "$tmp/rtl.out" "$vec:$line: expected deliver vmm 1 GROUP 0, got deliver vmm 3 GROUP 0"
expect_text "rtl: rerun hint" "$tmp/rtl.out" "  rerun:  build/vmxr run --engine rtl $vec"
expect_text "rtl: why hint" "$tmp/rtl.out" "  why:    build/vmxr explain $vec --line $line"
expect_text "rtl: waves hint" "$tmp/rtl.out" "  waves:  build/vmxr wave --engine rtl --line $line $vec"
n=$(grep -c '^  why: ' "$tmp/rtl.out")
[ "$n" = 1 ] && ok || bad "-q: one set of hints per file" "$(cat "$tmp/rtl.out")"
"$mutant" wave --engine rtl --line "$line" "$vec" -o "$tmp/l/l.fst" > "$tmp/wave.out" 2>&1 && ok ||
    bad "vmxr wave --line on the mutant" "$(cat "$tmp/wave.out")"
gtk "$tmp/l/l.gtkw" "$tmp/probe.tcl" "$tmp/line.log"
m=$(sed -n 's/^VMXRWAVE marker //p' "$tmp/line.log")
# shellcheck disable=SC2046 # two words wanted
set -- $(sed -n 's/^VMXRWAVE window //p' "$tmp/line.log")
if [ "$m" = "$((dec * 10))" ] && [ $# -eq 2 ] && [ "$1" -le "$m" ] && [ "$m" -lt "$2" ]; then ok; else
    bad "wave --line: marker at the decision, in view" "marker '$m', window '$*', decision cycle $dec"
fi
t0=$(sed -n 's/^\[timestart\] //p' "$tmp/l/l.gtkw")
[ "${1:-}" = "$t0" ] && ok || bad "wave --line: GTKWave opens at [timestart]" "window '$*', [timestart] '$t0'"
for kv in "dec_op[1:0]=$r_op" "dec_outcome[2:0]=$r_out" "dec_to[4:0]=$r_to" "dec_rule[3:0]=$r_rule" "dec_cpu[2:0]=$r_cpu"; do
    k=${kv%%=*} want=${kv#*=} got=$(val "$tmp/line.log" "$k" primary)
    if [ "$got" = "$want" ]; then ok; else bad "wave --line: at the marker $k is the failing decision's" "shows '$got', want '$want'"; fi
done

# ---- (c) an expectation failure on the model engine -------------------------
printf 'vmxr-vectors 1\nlaunch cpu=0 vm=1 => launched vm 1\nev cpu=0 reason=10 => deliver vmm 3 HOME 1\n' > wrong.vec
"$vmxr" run wrong.vec > "$tmp/model.out" 2>&1
expect_text "model: why hint" "$tmp/model.out" "  why:    build/vmxr explain wrong.vec --line 3"
expect_text "model: waves hint (the RTL's)" "$tmp/model.out" "  waves:  build/vmxr wave --engine rtl --line 3 wrong.vec"

summary wave_diverge
