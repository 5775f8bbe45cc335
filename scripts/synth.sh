#!/bin/sh
# Yosys (0.23) synthesis of the VMXR-2 RTL: area and LUT6 depth per NIOR.
#
#   scripts/synth.sh run   NIOR OUTDIR        full run: synth, abc -lut 6, ltp -noff;
#                                             writes OUTDIR/nior-NIOR.{ys,log,stat,lut.stat,ltp,row}
#   scripts/synth.sh smoke NIOR OUTDIR        fast acceptance check: the coarse part of synth
#                                             (synth -run begin:fine: parse, elaborate, proc,
#                                             flatten, opt, wreduce, alumacc, share), then
#                                             check -assert (no comb loop, no multiple or
#                                             missing drivers) and no inferred latch;
#                                             writes OUTDIR/smoke-NIOR.log
#   scripts/synth.sh table OUTDIR NIOR...     prints the table from the .row files
#
# RTL_DIR (default rtl) names the RTL directory. A run synthesizes a copy of
# the RTL taken when it starts (OUTDIR/src-NIOR/), records the copy's
# checksum in the row, and dates the row at its start, so an RTL edit made
# during a run leaves the row older than the RTL (make runs it again) and
# the table marks rows whose RTL is not the current one.
#
# The flow of a full run (docs/synthesis.md explains the figures):
#   read_verilog -sv (the files of rtl/vmxr.f) ; chparam -set NIOR N vmxr_top
#   synth -top vmxr_top -flatten        -> "cells" (Yosys internal gates + FFs)
#   abc -lut 6 ; opt_clean              -> "LUT6" ($lut cells, 1..6 inputs)
#   ltp -noff                           -> "LUT6 depth": LUTs on the longest path;
#                                          -noff drops FF cells, so every path runs
#                                          from a FF output or input port to a FF
#                                          input or output port.
# The pipeline latency is structural (docs/pipeline.md): it is printed, not
# measured, as the model defines it (VMXR_LATENCY, model/vmxr_model.h).
set -eu

YOSYS=${YOSYS:-yosys}
RTL_DIR=${RTL_DIR:-rtl}
# The sources, in the order of RTL_DIR/vmxr.f (rtl/vmxr.f for an RTL copy
# without one): names relative to RTL_DIR, // comments.
RTL_F=$RTL_DIR/vmxr.f
[ -f "$RTL_F" ] || RTL_F=rtl/vmxr.f
RTL_FILES=$(sed -e 's|//.*||' "$RTL_F" | tr -s ' \t\n' '   ')
RTL_INC=vmxr_regs.svh
# cycles, handshake T -> dec_valid T+LATENCY, every NIOR (docs/pipeline.md)
LATENCY=$(sed -n 's/^#define VMXR_LATENCY \([0-9][0-9]*\)u.*/\1/p' model/vmxr_model.h)
[ -n "$LATENCY" ] || { echo "synth.sh: no VMXR_LATENCY in model/vmxr_model.h" >&2; exit 2; }
# NMEM and NKEY of every run: the largest tables (16) unless set
SYNTH_NMEM=${SYNTH_NMEM:-16}
SYNTH_NKEY=${SYNTH_NKEY:-16}
AIM_DEPTH=10 # bound: LUT6 depth <= 10 at every NIOR (docs/synthesis.md)
AIM_GOAL=8   # aim: 8

die() { echo "synth.sh: $*" >&2; exit 2; }

need_yosys() {
    command -v "$YOSYS" >/dev/null 2>&1 || die "$YOSYS not found (make setup installs it)"
}

# Checksum of the RTL in directory $1 (the sources and the include).
rtl_sum() {
    # shellcheck disable=SC2086
    (cd "$1" && cat $RTL_FILES $RTL_INC) | cksum | awk '{ printf "%08x\n", $1 }'
}

# Copies the RTL into directory $1.
snapshot() {
    rm -rf "$1"
    mkdir -p "$1"
    for f in $RTL_FILES $RTL_INC; do
        [ -f "$RTL_DIR/$f" ] || die "no $RTL_DIR/$f"
        cp "$RTL_DIR/$f" "$1/$f"
    done
}

# read_verilog line for the RTL copy in directory $1.
read_rtl() {
    files=""
    for f in $RTL_FILES; do files="$files $1/$f"; done
    echo "read_verilog -sv -I$1$files"
}

# The cell count of a 'stat' report for the top module.
stat_cells() { sed -n 's/^ *Number of cells: *\([0-9][0-9]*\)$/\1/p' "$1" | tail -1; }
# Flip-flops: every FF cell type a 'stat' report can list after synth.
stat_ffs() {
    awk '$1 ~ /^\$_(S?DFFC?E?|DFFSRE?|ALDFFE?|SDFFC?E|DLATCH)_/ || $1 ~ /^\$(s?dffe?|adffe?|aldffe?|sdffc?e|dffsre?|dlatch)$/ { n += $2 }
         END { print n + 0 }' "$1"
}
stat_luts() { awk '$1 == "$lut" { n += $2 } END { print n + 0 }' "$1"; }
ltp_len() { sed -n 's/^Longest topological path in .* (length=\([0-9][0-9]*\)):$/\1/p' "$1" | tail -1; }
yosys_version() { "$YOSYS" -V 2>/dev/null | sed -n 's/^Yosys \([0-9.+]*\).*/\1/p'; }

cmd=${1:-}
case "$cmd" in
run | smoke)
    [ $# -eq 3 ] || die "usage: $0 $cmd NIOR OUTDIR"
    nior=$2
    out=$3
    case "$nior" in 8 | 16 | 32 | 64) ;; *) die "NIOR must be 8, 16, 32 or 64 (got '$nior')" ;; esac
    need_yosys
    mkdir -p "$out"
    ;;
table)
    [ $# -ge 3 ] || die "usage: $0 table OUTDIR NIOR..."
    ;;
*)
    die "usage: $0 run|smoke NIOR OUTDIR | $0 table OUTDIR NIOR..."
    ;;
esac

if [ "$cmd" = smoke ]; then
    base=$out/smoke-$nior
    src=$out/src-smoke
    snapshot "$src"
    cat >"$base.ys" <<EOF
$(read_rtl "$src")
chparam -set NIOR $nior -set NMEM $SYNTH_NMEM -set NKEY $SYNTH_NKEY vmxr_top
synth -top vmxr_top -flatten -run begin:fine
check -assert
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr
stat
EOF
    t0=$(date +%s)
    if ! "$YOSYS" -q -l "$base.log" "$base.ys" >/dev/null 2>&1; then
        echo "synth-smoke: Yosys rejected the RTL at NIOR=$nior; see $base.log:" >&2
        grep -E '^ERROR|^Latch inferred|[Ww]arning|problems' "$base.log" | head -20 >&2
        exit 1
    fi
    t1=$(date +%s)
    echo "synth-smoke: NIOR=$nior: Yosys $(yosys_version) accepts $RTL_DIR/" \
         "(synth -run begin:fine, check -assert, no latches) in $((t1 - t0)) s; log $base.log"
    exit 0
fi

if [ "$cmd" = run ]; then
    base=$out/nior-$nior
    src=$out/src-$nior
    rm -f "$base.row"
    t0=$(date +%s)
    snapshot "$src"
    sum=$(rtl_sum "$src")
    cat >"$base.ys" <<EOF
$(read_rtl "$src")
chparam -set NIOR $nior -set NMEM $SYNTH_NMEM -set NKEY $SYNTH_NKEY vmxr_top
synth -top vmxr_top -flatten
tee -q -o $base.stat stat
abc -lut 6
opt_clean
tee -q -o $base.lut.stat stat
tee -q -o $base.ltp ltp -noff
EOF
    if ! "$YOSYS" -q -l "$base.log" "$base.ys" >/dev/null 2>&1; then
        echo "synth: Yosys failed at NIOR=$nior; see $base.log" >&2
        tail -20 "$base.log" >&2
        exit 1
    fi
    t1=$(date +%s)
    cells=$(stat_cells "$base.stat")
    ffs=$(stat_ffs "$base.lut.stat")
    luts=$(stat_luts "$base.lut.stat")
    depth=$(ltp_len "$base.ltp")
    if [ -z "$cells" ] || [ -z "$depth" ]; then die "could not read the figures of $base.{stat,ltp}"; fi
    # the longest path's end points, for the table's notes
    from=$(sed -n 's/^ *0: \\\{0,1\}\(.*\)$/\1/p' "$base.ltp" | head -1)
    to=$(sed -n 's/^ *ff: \\\{0,1\}\([^(]*\) (via.*$/\1/p' "$base.ltp" | head -1)
    printf '%s %s %s %s %s %s %s %s|%s\n' "$nior" "$cells" "$ffs" "$luts" "$depth" "$LATENCY" "$((t1 - t0))" \
        "$sum" "$from -> ${to:-(output port)}" >"$base.row.tmp"
    touch -d "@$t0" "$base.row.tmp"
    mv "$base.row.tmp" "$base.row"
    echo "synth: NIOR=$nior done in $((t1 - t0)) s"
    exit 0
fi

# table
out=$2
shift 2
now_sum=$(rtl_sum "$RTL_DIR")
echo "VMXR-2 synthesis: Yosys $(yosys_version), synth -flatten; abc -lut 6; ltp -noff; NMEM $SYNTH_NMEM, NKEY $SYNTH_NKEY; RTL $RTL_DIR/ (cksum $now_sum)"
printf '%6s %8s %11s %7s %12s %16s %9s\n' NIOR cells flip-flops LUT6 "LUT6 depth" "latency cycles" "yosys s"
max_depth=0
stale=""
paths=""
for n in "$@"; do
    row=$out/nior-$n.row
    [ -f "$row" ] || die "no result for NIOR=$n ($row); run: make synth"
    IFS='|' read -r figs path <"$row"
    # shellcheck disable=SC2086
    set -- $figs
    note=""
    if [ "${8:-}" != "$now_sum" ]; then
        note="  (RTL cksum ${8:-?}: not the current RTL)"
        stale=1
    fi
    printf '%6s %8s %11s %7s %12s %16s %9s%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$note"
    [ "$5" -gt "$max_depth" ] && max_depth=$5
    paths="$paths
  NIOR=$1 longest path: $path"
done
echo "${paths#?}"
if [ "$max_depth" -le "$AIM_DEPTH" ]; then verdict=met; else verdict="NOT met"; fi
echo "bound LUT6 depth <= $AIM_DEPTH at every NIOR shown: $verdict (deepest $max_depth; aim $AIM_GOAL)"
echo "aim latency unchanged from NIOR 8 to 64: met by construction ($LATENCY cycles, docs/pipeline.md)"
if [ -n "$stale" ]; then
    echo "warning: some rows were synthesized from another RTL; run make synth again" >&2
fi
