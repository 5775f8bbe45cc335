#!/bin/sh
# Static timing of the VMXR-2 RTL against a real standard-cell library:
# Yosys maps the flattened design onto the OSU 0.18 um cells that Debian's
# qflow-tech-osu018 package ships (a Liberty file with NLDM delay tables),
# and OpenSTA (Debian package opensta) reports the longest register-to-
# register (and port) path in ns. docs/synthesis.md explains the figures.
#
#   scripts/timing.sh run NIOR OUTDIR     writes OUTDIR/nior-NIOR.{constr,ys,log,v,sta.tcl,sta.log,row}
#   scripts/timing.sh table OUTDIR NIOR...
#
# The flow:
#   read_verilog -sv (rtl/vmxr.f) ; chparam -set NIOR N -set NMEM M -set NKEY M vmxr_top (M: 16)
#   synth -top vmxr_top -flatten ; dffunmap     (enables and sync resets as logic)
#   dfflibmap -liberty LIB ; abc -D 1000 -constr C -liberty LIB ; hilomap
#                                            (C: a driving cell and an output load,
#                                             so ABC buffers high fanout and sizes
#                                             gates: buffer; upsize; dnsize)
#   opt_clean -purge ; splitnets -ports      (no internal aliases: OpenSTA reads
#                                             no concatenations on an assign's left)
#   write_verilog
#   sta: read_liberty LIB ; read_verilog ; link_design ; create_clock clk ;
#        inputs arrive at the clock edge, driven by DRIVER, outputs are due at
#        the next, loaded with LOAD (the same as C) ;
#        report_checks (worst setup path), report_wns
# RTL_DIR (default rtl) names the RTL directory; LIBERTY overrides the library.
set -eu

YOSYS=${YOSYS:-yosys}
STA=${STA:-sta}
RTL_DIR=${RTL_DIR:-rtl}
# NMEM and NKEY of every run: the largest tables unless set
TIMING_NMEM=${TIMING_NMEM:-16}
TIMING_NKEY=${TIMING_NKEY:-16}
LIBERTY=${LIBERTY:-/usr/share/qflow/tech/osu018/osu018_stdcells.lib}
PERIOD=${TIMING_PERIOD:-10}   # ns; only sets the slack, the path delay does not depend on it
DRIVER=${TIMING_DRIVER:-BUFX4} # the cell assumed to drive every input
LOAD=${TIMING_LOAD:-0.01}      # pF on every output (about one gate input: INVX1's A is 0.0093)
RTL_F=$RTL_DIR/vmxr.f
RTL_FILES=$(sed -e 's|//.*||' "$RTL_F" | tr -s ' \t\n' '   ')

die() { echo "timing.sh: $*" >&2; exit 2; }

# reg_of CELL NETLIST: the RTL register a mapped flip-flop holds (the net on
# its Q pin, e.g. u_ex.x_c[0]); CELL itself when it is no flip-flop (a port)
reg_of() {
    q=$(awk -v c="$1" '$2 == c && $3 == "(" { f = 1 } f && /\.Q\(/ { sub(/.*\.Q\(\\?/, ""); sub(/ *\).*/, ""); print; exit }
                       f && /^  \);/ { exit }' "$2")
    echo "${q:-$1}"
}

cmd=${1:-}
case "$cmd" in
run)
    [ $# -eq 3 ] || die "usage: $0 run NIOR OUTDIR"
    nior=$2
    out=$3
    command -v "$YOSYS" >/dev/null 2>&1 || die "$YOSYS not found (make setup installs it)"
    command -v "$STA" >/dev/null 2>&1 ||
        die "$STA not found: make timing needs the optional Debian packages opensta and qflow-tech-osu018 (apt-get install opensta qflow-tech-osu018)"
    [ -f "$LIBERTY" ] ||
        die "no $LIBERTY: make timing needs the optional Debian package qflow-tech-osu018 (apt-get install qflow-tech-osu018)"
    mkdir -p "$out"
    base=$out/nior-$nior
    files=""
    for f in $RTL_FILES; do files="$files $RTL_DIR/$f"; done
    printf 'set_driving_cell %s\nset_load %s\n' "$DRIVER" "$LOAD" >"$base.constr"
    cat >"$base.ys" <<EOF
read_verilog -sv -I$RTL_DIR$files
chparam -set NIOR $nior -set NMEM $TIMING_NMEM -set NKEY $TIMING_NKEY vmxr_top
synth -top vmxr_top -flatten
dffunmap
dfflibmap -liberty $LIBERTY
abc -D 1000 -constr $base.constr -liberty $LIBERTY
opt_clean
hilomap -hicell TIEHI Y -locell TIELO Y
setundef -zero
opt_clean -purge
splitnets -ports
opt_clean -purge
tee -q -o $base.cells stat -liberty $LIBERTY
write_verilog -noattr -noexpr -nohex -nodec $base.v
EOF
    t0=$(date +%s)
    if ! "$YOSYS" -q -l "$base.log" "$base.ys" >/dev/null 2>&1; then
        tail -20 "$base.log" >&2
        die "Yosys failed at NIOR=$nior; see $base.log"
    fi
    cat >"$base.sta.tcl" <<EOF
read_liberty $LIBERTY
read_verilog $base.v
link_design vmxr_top
create_clock -name clk -period $PERIOD [get_ports clk]
set_input_delay 0 -clock clk [delete_from_list [all_inputs] [get_ports clk]]
set_output_delay 0 -clock clk [all_outputs]
set_driving_cell -lib_cell $DRIVER [delete_from_list [all_inputs] [get_ports clk]]
set_load $LOAD [all_outputs]
report_checks -path_delay max -digits 3
report_wns -digits 3
exit
EOF
    if ! "$STA" -no_splash -exit "$base.sta.tcl" >"$base.sta.log" 2>&1; then
        tail -20 "$base.sta.log" >&2
        die "OpenSTA failed at NIOR=$nior; see $base.sta.log"
    fi
    t1=$(date +%s)
    # data arrival time of the worst path = its delay from the launching edge
    arr=$(awk '/data arrival time/ { print $1; exit }' "$base.sta.log")
    req=$(awk '/data required time/ { print $1; exit }' "$base.sta.log")
    from=$(sed -n 's/^Startpoint: \([^ ]*\).*/\1/p' "$base.sta.log" | head -1)
    to=$(sed -n 's/^Endpoint: \([^ ]*\).*/\1/p' "$base.sta.log" | head -1)
    from=$(reg_of "$from" "$base.v")
    to=$(reg_of "$to" "$base.v")
    area=$(sed -n 's/^ *Chip area for .*: *\([0-9.]*\)$/\1/p' "$base.cells" | tail -1)
    [ -n "$arr" ] || die "no path in $base.sta.log"
    # setup time of the end point = period - required time
    setup=$(awk -v p="$PERIOD" -v r="$req" 'BEGIN { printf "%.3f", p - r }')
    total=$(awk -v a="$arr" -v s="$setup" 'BEGIN { printf "%.3f", a + s }')
    printf '%s %s %s %s %s %s|%s -> %s\n' "$nior" "$arr" "$setup" "$total" "${area:-?}" "$((t1 - t0))" "$from" "$to" >"$base.row"
    echo "timing: NIOR=$nior done in $((t1 - t0)) s"
    ;;
table)
    [ $# -ge 3 ] || die "usage: $0 table OUTDIR NIOR..."
    out=$2
    shift 2
    echo "VMXR-2 timing (NMEM $TIMING_NMEM, NKEY $TIMING_NKEY): Yosys $("$YOSYS" -V | awk '{print $2}') onto $(basename "$LIBERTY") (qflow-tech-osu018), OpenSTA $("$STA" -version 2>/dev/null || echo ?)"
    printf '%6s %12s %10s %14s %14s %8s\n' NIOR "path ns" "setup ns" "min period ns" "area um2" "run s"
    paths=""
    for n in "$@"; do
        row=$out/nior-$n.row
        [ -f "$row" ] || die "no result for NIOR=$n ($row); run: make timing"
        IFS='|' read -r figs path <"$row"
        # shellcheck disable=SC2086
        set -- $figs
        printf '%6s %12s %10s %14s %14s %8s\n' "$1" "$2" "$3" "$4" "$5" "$6"
        paths="$paths
  NIOR=$1 critical path: $path"
    done
    echo "${paths#?}"
    ;;
*)
    die "usage: $0 run NIOR OUTDIR | $0 table OUTDIR NIOR..."
    ;;
esac
