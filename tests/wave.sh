#!/bin/sh
# vmxr wave: the FST, the GTKWave save file and its translate filters, and
# that GTKWave (under Xvfb) loads them with every signal, the names and the
# marker where they belong; exit statuses and messages of bad input.
#   wave.sh VMXR
# Needs gtkwave (fst2vcd) and xvfb-run (scripts/setup.sh installs both).
set -u
[ $# -eq 1 ] || { echo "usage: sh tests/wave.sh VMXR" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
case $1 in /*) vmxr=$1 ;; *) vmxr=$(pwd)/$1 ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

if ! "$vmxr" wave --help > "$tmp/out" 2>&1; then
    bad "vmxr wave exists" "$vmxr has no 'wave' command: build cli/cmd_wave.c and dv/wave.c into it and" \
        "dispatch 'wave' to cmd_wave() in cli/main.c" "$(cat "$tmp/out")"
    echo "wave: $pass passed, $fail failed"
    exit 1
fi

# the Tcl proc that prints every trace's value at the marker as "VMXRWAVE TAG NAME=VALUE"
cat > "$tmp/dump.tcl" <<'TCL'
proc dump {tag} {
    set n [gtkwave::getTotalNumTraces]
    for {set i 0} {$i < $n} {incr i} {
        puts "VMXRWAVE $tag [gtkwave::getTraceNameFromIndex $i]=[gtkwave::getTraceValueAtMarkerFromIndex $i]"
    }
}
TCL

vec=$root/vectors/directed/smi_blocking_pend_inject.vec
# line 34: resume cpu=0 => resumed vm 1 => deliver vmm 2 PLAT 0 (an injection follows)
line=34
w=$tmp/w/smi.fst
g=$tmp/w/smi.gtkw

# ---- (a) the files ---------------------------------------------------------
check "wave --line writes" 0 "$vmxr" wave "$vec" --line "$line" -o "$w"
cp "$tmp/out" "$tmp/wave.out"
expect_text "prints the FST path" "$tmp/wave.out" "$w"
expect_text "prints the save file path" "$tmp/wave.out" "$g"
expect_text "prints the gtkwave hint" "$tmp/wave.out" "gtkwave $g"
dec=$(sed -n 's/.*decision cycle \([0-9][0-9]*\).*/\1/p' "$tmp/wave.out")
dec2=$(sed -n 's/.*decision cycle [0-9][0-9]*, \([0-9][0-9]*\).*/\1/p' "$tmp/wave.out")
if [ -n "$dec" ] && [ -n "$dec2" ]; then ok; else bad "prints both decision cycles" "$(cat "$tmp/wave.out")"; fi

if fst2vcd "$w" > "$tmp/w.vcd" 2> "$tmp/err" && grep -q 'enddefinitions' "$tmp/w.vcd"; then ok; else
    bad "fst2vcd reads the FST" "$(cat "$tmp/err")"
fi
id=$(awk '$1 == "$var" && $5 == "dec_valid" { print $4; exit }' "$tmp/w.vcd")
ones=$(grep -cxF "1$id" "$tmp/w.vcd")
zeros=$(grep -cxF "0$id" "$tmp/w.vcd")
if [ -n "$id" ] && [ "$ones" -gt 0 ] && [ "$zeros" -gt 0 ]; then ok; else
    bad "dec_valid toggles in the FST" "dec_valid id '$id': $ones rises, $zeros falls"
fi

if [ -f "$g" ]; then ok; else bad "save file written" "no $g"; fi
dump=$(sed -n 's/^\[dumpfile\] "\(.*\)"$/\1/p' "$g")
case $dump in
    /*) if [ -f "$dump" ]; then ok; else bad "save file names the FST" "[dumpfile] $dump"; fi ;;
    *) bad "save file names the FST by absolute path" "[dumpfile] '$dump'" ;;
esac
grep '^\^[0-9]' "$g" | sed 's/^\^[0-9]* //' | sort -u > "$tmp/filters"
if [ "$(wc -l < "$tmp/filters")" -ge 6 ]; then ok; else bad "save file uses the translate filters" "$(cat "$tmp/filters")"; fi
while IFS= read -r f; do
    case $f in
        /*) if [ -s "$f" ]; then ok; else bad "filter file exists" "$f"; fi ;;
        *) bad "filter path is absolute" "$f" ;;
    esac
done < "$tmp/filters"
# the filters carry the register source's names (model/vmxr_regs_table.c), spelled as GTKWave shows hex
for t in op outcome rule errc pclass; do
    f=$(grep "\.$t\.txt\$" "$tmp/filters" | head -n 1)
    names=$(sed -n "s/.*vmxr_${t}_names\[[A-Z_]*\] = {\(.*\)};/\1/p" "$root/model/vmxr_regs_table.c" | tr -d '" ' | tr ',' ' ')
    i=0 miss=""
    for n in $names; do
        grep -qx "$(printf '%X' $i) $n" "$f" 2>/dev/null || miss="$miss $i=$n"
        i=$((i + 1))
    done
    if [ -n "$names" ] && [ -z "$miss" ]; then ok; else
        bad "$t filter has every name of vmxr_${t}_names" "missing:$miss" "$(cat "$f")"
    fi
done
f=$(grep '\.ctx\.txt$' "$tmp/filters" | head -n 1)
if grep -qx '03 vm 3' "$f" && grep -qx '11 vmm 1' "$f"; then ok; else bad "ctx filter: 03 vm 3, 11 vmm 1" "$(cat "$f")"; fi

# default output name, directory created, relative to the working directory
mkdir -p "$tmp/cwd"
(cd "$tmp/cwd" && "$vmxr" wave "$vec" --line "$line" > "$tmp/out" 2> "$tmp/err")
d=$tmp/cwd/build/waves/smi_blocking_pend_inject-L$line
if [ -s "$d.fst" ] && [ -s "$d.gtkw" ]; then ok; else
    bad "default output build/waves/<stem>-L<line>.fst" "$(cat "$tmp/out" "$tmp/err")"
fi

# without --line: the first command whose expectation fails
printf 'vmxr-vectors 1\nlaunch cpu=0 vm=1 => launched vm 1\nev cpu=0 reason=10 => deliver vmm 3 HOME 1\n' \
    > "$tmp/cwd/wrong.vec"
(cd "$tmp/cwd" && "$vmxr" wave wrong.vec > "$tmp/out" 2> "$tmp/err")
if [ -s "$tmp/cwd/build/waves/wrong-L3.fst" ] && grep -q 'first failed expectation' "$tmp/out"; then ok; else
    bad "no --line: the first failed expectation" "$(cat "$tmp/out" "$tmp/err")"
fi
check "--cycle with cosim and stalls" 0 "$vmxr" wave "$vec" --cycle 60 --window 10 --engine cosim \
    --stall-seed 7 -o "$tmp/c/c.fst"
if [ -s "$tmp/c/c.fst" ] && [ -s "$tmp/c/c.gtkw" ]; then ok; else bad "--cycle writes" "$(cat "$tmp/out")"; fi

# ---- (b) GTKWave loads it ---------------------------------------------------
if ! command -v gtkwave > /dev/null || ! command -v xvfb-run > /dev/null; then
    bad "GTKWave under Xvfb" "gtkwave or xvfb-run is missing (sh scripts/setup.sh installs them)"
else
    cat "$tmp/dump.tcl" - > "$tmp/load.tcl" <<'TCL'
set n [gtkwave::getTotalNumTraces]
set m [gtkwave::getMarker]
puts "VMXRWAVE traces $n"
puts "VMXRWAVE marker $m"
puts "VMXRWAVE named A [gtkwave::getNamedMarker A]"
puts "VMXRWAVE named B [gtkwave::getNamedMarker B]"
puts "VMXRWAVE window [gtkwave::getWindowStartTime] [gtkwave::getWindowEndTime]"
# the values the value column shows at the markers as the save file sets
# them: each must be its decision's own
dump d1
gtkwave::setMarker [gtkwave::getNamedMarker B]
dump d2
gtkwave::/File/Quit
TCL
    NO_AT_BRIDGE=1 timeout 60 xvfb-run -a -s "-screen 0 1400x800x24" gtkwave -S "$tmp/load.tcl" "$g" \
        > "$tmp/gtkwave.log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then ok; else bad "gtkwave runs and quits (exit $rc)" "$(cat "$tmp/gtkwave.log")"; fi
    if grep -v '^VMXRWAVE ' "$tmp/gtkwave.log" |
        grep -iE 'error|warn|could not|cannot|can.t|not found|missing|no such|unknown|malformed' > "$tmp/complaints"
    then
        bad "gtkwave loads without complaint" "$(cat "$tmp/complaints")"
    else ok; fi
    # every trace line of the save file became a trace (a signal GTKWave cannot find is dropped)
    want=$(grep -cvE '^[@^[*]' "$g")
    got=$(sed -n 's/^VMXRWAVE traces //p' "$tmp/gtkwave.log")
    if [ "$got" = "$want" ]; then ok; else
        bad "every signal of the save file is found" "save file has $want traces, GTKWave shows '$got'"
    fi
    # markers at the start of their cycle (cycle*10): GTKWave shows there what
    # the rising edge at cycle*10+5 samples; on the edge it would show the next
    m=$(sed -n 's/^VMXRWAVE marker //p' "$tmp/gtkwave.log")
    if [ -n "$dec" ] && [ "$m" = "$((dec * 10))" ]; then ok; else
        bad "primary marker on the decision" "marker '$m', decision cycle '$dec' (cycle starts at cycle*10)"
    fi
    b=$(sed -n 's/^VMXRWAVE named B //p' "$tmp/gtkwave.log")
    if [ -n "$dec2" ] && [ "$b" = "$((dec2 * 10))" ]; then ok; else
        bad "named marker on the injected decision" "marker B '$b', second decision cycle '$dec2'"
    fi
    a=$(sed -n 's/^VMXRWAVE named A //p' "$tmp/gtkwave.log")
    # shellcheck disable=SC2046 # two words wanted
    set -- $(sed -n 's/^VMXRWAVE window //p' "$tmp/gtkwave.log")
    if [ $# -eq 2 ] && [ -n "$a" ] && [ "$1" -le "$a" ] && [ "$a" -le "$m" ] && [ "$m" -le "$2" ]; then ok; else
        bad "the opening window shows the handshake and the decision" "window '$*', marker A '$a', marker '$m'"
    fi
    t0=$(sed -n 's/^\[timestart\] //p' "$g")
    if [ "$1" = "$t0" ]; then ok; else bad "GTKWave opens at the save file's [timestart]" "window '$*', [timestart] '$t0'"; fi
    for grp in "APB" "command in" "RT" "EX" "DQ / decision out" "per-CPU state" "usage"; do
        if grep -qxF "VMXRWAVE d1 $grp=" "$tmp/gtkwave.log"; then ok; else
            bad "group $grp" "no group '$grp'"
        fi
    done
    # the vector's own expectations: resumed vm 1, then CPU_STATE[0] 0x000B0112 once the SMI is
    # injected (cur vmm 2, depth 1, SMI and NMI blocked, NMI still pending)
    for kv in "dec_op[1:0]=RESUME" "dec_outcome[2:0]=RESUMED" "dec_to[4:0]=vm 1" "dec_rule[3:0]=NONE" \
        "dec_err[3:0]=NONE" "cpu0_cur=vm 1" "cpu0_depth=0" "cpu0_pend_smi=1" "cpu0_pend_nmi=1"; do
        expect_text "by name at the decision: $kv" "$tmp/gtkwave.log" "VMXRWAVE d1 $kv"
    done
    for kv in "dec_op[1:0]=INJECT" "dec_outcome[2:0]=DELIVER" "dec_to[4:0]=vmm 2" "dec_rule[3:0]=PLAT" \
        "dec_idx[6:0]=0" "cpu0_cur=vmm 2" "cpu0_depth=1" "cpu0_blk_smi=1" "cpu0_blk_nmi=1" "cpu0_pend_smi=0" \
        "cpu0_pend_nmi=1" "vmm2_pending=1" "vmm2_usage=0001"; do
        expect_text "by name at the injection: $kv" "$tmp/gtkwave.log" "VMXRWAVE d2 $kv"
    done
fi

# ---- (c) VMXR-2: a MEM and a KEY GRP decision --------------------------------
# tests/vectors/mem_key_routes.vec: the memory compare at the handshake
# (marker A), RT's pick the cycle after (marker "RT"), the group arbitration
# of a GRP key entry at marker "EX"; every value by name where it belongs.
mk=$root/tests/vectors/mem_key_routes.vec
cat "$tmp/dump.tcl" - > "$tmp/probe.tcl" <<'TCL'
puts "VMXRWAVE traces [gtkwave::getTotalNumTraces]"
dump D
foreach l {A B C} {
    set t [gtkwave::getNamedMarker $l]
    if {$t >= 0} { gtkwave::setMarker $t; dump $l }
}
gtkwave::/File/Quit
TCL
# marker LABEL SAVEFILE: the letter of the named marker LABEL ("RT", "EX", "handshake"), or D (the decision)
marker() {
    sed -n "s/^\[markername\] \([A-Z]\)$1 L.*/\1/p" "$2"
}
# values NAME LINE TAG=NAME=VALUE...: vmxr wave --line LINE of the vector, loaded in GTKWave; each
# NAME=VALUE at the marker TAG (D: the decision, else a marker label)
values() {
    vname=$1 vl=$2
    shift 2
    check "$vname: wave --line $vl" 0 "$vmxr" wave "$mk" --line "$vl" -o "$tmp/v2/$vl.fst"
    sf=$tmp/v2/$vl.gtkw
    if ! command -v gtkwave > /dev/null || ! command -v xvfb-run > /dev/null; then return; fi
    NO_AT_BRIDGE=1 timeout 60 xvfb-run -a -s "-screen 0 1400x800x24" gtkwave -S "$tmp/probe.tcl" "$sf" \
        > "$tmp/v2.log" 2>&1
    want=$(grep -cvE '^[@^[*]' "$sf")
    got=$(sed -n 's/^VMXRWAVE traces //p' "$tmp/v2.log")
    if [ "$got" = "$want" ]; then ok; else bad "$vname: every signal found" "save file $want traces, GTKWave '$got'"; fi
    for kv in "$@"; do
        lab=${kv%%=*} kv=${kv#*=}
        at=D
        [ "$lab" = D ] || at=$(marker "$lab" "$sf")
        expect_text "$vname: $kv at marker $lab" "$tmp/v2.log" "VMXRWAVE ${at:-none} $kv"
    done
}
mkdir -p "$tmp/v2"
l=$(grep -n 'gpa=0x1A0123' "$mk" | cut -d: -f1)
values "MEM decision" "$l" "D=dec_rule[3:0]=MEM" "D=dec_idx[6:0]=0" "D=dec_to[4:0]=vmm 3" \
    "handshake=cmd_gpa[63:0]=00000000001A0123" "handshake=mem_frame=000001A0" "handshake=mem_en=1" "handshake=mem_reach=1" \
    "handshake=mem_acc=001" "handshake=mem_hits[7:0]=00001011" \
    "RT=rt_mem_hits[7:0]=00001011" "RT=mem_pick_found=1111" "RT=mem_pick_index=0000" "RT=mem_pick_pick=3333" \
    "RT=mem_p0_index=0" "RT=mem_p0_vmm=3" "RT=mem0_base=00000100" "RT=mem0_limit=000001FF" \
    "RT=rt_route_p0_rule=MEM" "RT=rt_route_p0_t=3" "RT=rt_route_p0_idx=0" "RT=rt_route_p0_arb=0" \
    "EX=rule[3:0]=MEM"
expect_text "MEM decision: the stage group" "$sf" "-decided by: memory compare (at the handshake), RT pick"
l=$(grep -n 'reason=18 qual=0x150' "$mk" | cut -d: -f1)
values "KEY GRP decision" "$l" "D=dec_rule[3:0]=KEY" "D=dec_idx[6:0]=1" "D=dec_to[4:0]=vmm 1" \
    "handshake=key_kind=0010" "handshake=key_hits[7:0]=00000010" \
    "RT=rt_key_hits[7:0]=00000010" "RT=key_pick_index=1111" "RT=key_pick_pick=9999" "RT=key_p0_grp=1" \
    "RT=key_p0_vmm=1" "RT=rt_route_p0_rule=KEY" "RT=rt_route_p0_arb=1" "RT=rt_route_p0_g=1" \
    "EX=cand[7:0]=00001010" "EX=grp_vmm1_usage=0003" "EX=grp_vmm3_usage=0003" "EX=least_vmm=1" \
    "EX=rule[3:0]=KEY"
expect_text "KEY decision: the stage group" "$sf" "-decided by: key compare (at the handshake), RT pick"

# ---- (d) bad input ------------------------------------------------------------
check "unknown flag exits 2" 2 "$vmxr" wave "$vec" --bogus
expect_text "unknown flag prints usage" "$tmp/err" "usage:"
check "--line without a value exits 2" 2 "$vmxr" wave "$vec" --line
expect_text "missing value prints usage" "$tmp/err" "usage:"
check "--line 0 exits 2" 2 "$vmxr" wave "$vec" --line 0
check "--line x exits 2" 2 "$vmxr" wave "$vec" --line x
check "--window -1 exits 2" 2 "$vmxr" wave "$vec" --line "$line" --window -1
check "--engine model exits 2" 2 "$vmxr" wave "$vec" --line "$line" --engine model
expect_text "bad engine prints usage" "$tmp/err" "usage:"
check "--line and --cycle exit 2" 2 "$vmxr" wave "$vec" --line "$line" --cycle 3
check "no file exits 2" 2 "$vmxr" wave --line 3
check "two files exit 2" 2 "$vmxr" wave "$vec" "$vec"
check "a wr line exits 2" 2 "$vmxr" wave "$vec" --line 11
expect_text "a wr line is not a command" "$tmp/err" "$vec:11: not a command (ev, launch or resume)"
check "a comment line exits 2" 2 "$vmxr" wave "$vec" --line 1
expect_text "a comment line is not a command" "$tmp/err" "$vec:1: not a command (ev, launch or resume)"
check "a line past the end exits 2" 2 "$vmxr" wave "$vec" --line 100000
expect_text "a line past the end is not a command" "$tmp/err" "$vec:100000: not a command (ev, launch or resume)"
check "a cycle past the end exits 2" 2 "$vmxr" wave "$vec" --cycle 99999999
printf 'vmxr-vectors 1\nev cpu=0 reason=10 bogus=1\n' > "$tmp/bad.vec"
check "malformed vector exits 2" 2 "$vmxr" wave "$tmp/bad.vec" --line 2
expect_text "malformed vector gives FILE:LINE:COL" "$tmp/err" "bad.vec:2:20: unknown field 'bogus' in 'ev'"
check "missing vector exits 2" 2 "$vmxr" wave "$tmp/none.vec" --line 2
check "--help exits 0" 0 "$vmxr" wave --help
for o in --line --cycle --window --engine --stall-seed -o; do
    expect_text "--help explains $o" "$tmp/out" "  $o "
done

summary wave
