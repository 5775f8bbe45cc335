#!/bin/sh
# Formal proofs of the unit's properties P1-P6 (docs/formal.md) with the
# open tools Debian packages: Yosys 0.23 turns a harness of formal/ and the
# RTL into an AIGER model, ABC (yosys-abc) proves each assertion (pdr:
# IC3/PDR, unbounded) or checks it to a depth (bmc3), and a counterexample
# is replayed by Yosys into a VCD with the RTL's own names.
#
#   scripts/formal.sh [--quick] [--only JOB]... [--list] [--timeout S]
#
# The jobs are the lines of formal/jobs (columns there): --quick runs the
# ones marked quick (make test), no option all of them (make formal). A job
# builds (or reuses) its model, then checks every assertion it names; a
# must-fail job applies a mutant of tests/mutants/ or formal/mutants/ first
# and passes only when its assertion fails with a trace. Closes with the
# countable line 'formal: N passed, M failed'; exit 1 if any job failed, 2
# on bad usage.
#
# Environment: RTL_DIR (default rtl), FORMAL_OUT (default build/formal),
# FORMAL_TIMEOUT (seconds one proof may take, default 2400).
#
# Results: FORMAL_OUT/results.tsv (job, assertion, result, engine, depth,
# seconds, MB); models in FORMAL_OUT/models/ (rebuilt when an input
# changes), counterexamples FORMAL_OUT/cex/JOB/ASSERTION.{aiw,vcd,log}.
set -u

root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cd "$root" || exit 2

RTL_DIR=${RTL_DIR:-rtl}
OUT=${FORMAL_OUT:-build/formal}
TIMEOUT=${FORMAL_TIMEOUT:-2400}
JOBS_FILE=formal/jobs
YOSYS=${YOSYS:-yosys}
ABC=${YOSYS_ABC:-yosys-abc}
TIME=/usr/bin/time

die() { echo "formal: $*" >&2; exit 2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

usage() {
    cat <<'EOF'
usage: scripts/formal.sh [--quick] [--only JOB]... [--list] [--timeout S]

  --quick      only the jobs marked quick in formal/jobs (make test)
  --only JOB   only this job (repeatable)
  --list       print the jobs and exit
  --timeout S  seconds one proof may take (default FORMAL_TIMEOUT, 2400)

See docs/formal.md.
EOF
}

# ---- the model ------------------------------------------------------------------------
# model HARNESS PARAMS RTLDIR DIR: DIR/model.{aig,aim,il}, DIR/asserts (the
# assertion names, in the order of the AIGER bad-state outputs), DIR/key.
# PARAMS: "-" or NAME=VALUE[,NAME=VALUE...], parameters of the harness.
# rtl_files RTLDIR HARNESS: the RTL files the harness reads, from its
# "// RTL: vmxr.f" (the file list) or "// RTL: FILE..." line
rtl_files() {
    want=$(sed -n 's|^// RTL: *||p' "formal/$2.sv" | head -n 1)
    if [ "$want" = vmxr.f ] || [ -z "$want" ]; then
        f=$1/vmxr.f
        [ -f "$f" ] || f=$RTL_DIR/vmxr.f
        want=$(sed -e 's|//.*||' "$f")
    fi
    for n in $want; do printf '%s/%s ' "$1" "$n"; done
}

# lint HARNESS: Verilator -Wall on the harness, its checkers and its RTL,
# with FORMAL and FV_<HARNESS> defined (the RTL alone is linted by make lint)
lint() {
    command -v verilator > /dev/null 2>&1 || { echo "  lint $1: no verilator, skipped"; return 0; }
    # shellcheck disable=SC2046
    if verilator --lint-only -Wall -DFORMAL -D"$(echo "$1" | tr a-z A-Z)" -I"$RTL_DIR" \
        $(rtl_files "$RTL_DIR" "$1") "formal/$1.sv" formal/fv_p[0-9]*.sv --top-module "$1" > "$OUT/lint-$1.log" 2>&1; then
        echo "  lint $1: verilator --lint-only -Wall clean"
    else
        echo "  lint $1: verilator --lint-only -Wall FAILED:"; sed 's/^/    /' "$OUT/lint-$1.log" | head -n 20
        return 1
    fi
}

model() {
    harness=$1 params=$2 rtl=$3 dir=$4
    files="$(rtl_files "$rtl" "$harness") $(ls formal/*.sv | tr '\n' ' ')"
    chp=
    if [ "$params" != - ]; then
        for p in $(echo "$params" | tr ',' ' '); do chp="$chp -chparam ${p%%=*} ${p#*=}"; done
    fi
    # shellcheck disable=SC2086
    key=$( { echo "$harness $params"; cat $files "$rtl/vmxr_regs.svh" formal/fv_techmap.v; sed -n '/^model()/,/^}/p' "$0"; } |
          cksum | awk '{ print $1 }')
    if [ -f "$dir/key" ] && [ "$(cat "$dir/key")" = "$key" ] && [ -f "$dir/model.aig" ]; then
        echo "  model $harness ${params}: up to date ($dir)"
        return 0
    fi
    rm -rf "$dir" && mkdir -p "$dir" || return 1
    cat > "$dir/model.ys" <<EOF
read_verilog -sv -formal -D FORMAL -D $(echo "$harness" | tr a-z A-Z) -I$rtl $files
hierarchy -check -top $harness$chp
proc
flatten
opt_clean
write_rtlil $dir/model.il
async2sync
chformal -assume -early
opt -keepdc -fast
peepopt
wreduce
opt_clean
memory_map
opt_clean
techmap -map formal/fv_techmap.v t:\$shift t:\$shiftx
techmap
setundef -anyseq
opt_clean
dffunmap
abc -g AND -fast
opt_clean
stat
tee -q -o $dir/asserts.raw select -list t:\$assert
write_aiger -zinit -map $dir/model.aim $dir/model.aig
EOF
    t0=$(now)
    if ! $TIME -f '%e %M' -o "$dir/model.time" "$YOSYS" -q -l "$dir/model.log" "$dir/model.ys" > /dev/null 2>&1; then
        echo "  model $harness ${params}: Yosys FAILED (log $dir/model.log):"
        grep -m 5 -E 'ERROR|Error' "$dir/model.log" | sed 's/^/    /'
        return 1
    fi
    # "harness/u_checker.label": the label names the assertion
    sed -e 's|^[^/]*/||' -e 's|^\\||' -e 's|.*\.||' "$dir/asserts.raw" > "$dir/asserts"
    echo "$key" > "$dir/key"
    read -r ys ym < "$dir/model.time"
    lat=$(sed -n 's/^ *\$_DFF_P_ *\([0-9]*\)$/\1/p' "$dir/model.log" | tail -n 1)
    ands=$(sed -n 's/^ *\$_AND_ *\([0-9]*\)$/\1/p' "$dir/model.log" | tail -n 1)
    echo "  model $harness ${params}: ${lat:-?} flip-flops, ${ands:-?} AND gates; Yosys $ys s, $((ym / 1024)) MB"
}

# ---- one assertion ----------------------------------------------------------------------
# abc DIR INDEX LOG TIMEFILE COMMANDS: ABC on the model's output INDEX (its
# constraints folded in) under the time limit; sets rc, s (seconds), mb
abc() {
    $TIME -f '%e %M' -o "$4" timeout $((TIMEOUT + 60)) "$ABC" -c \
        "read_aiger $1/model.aig; fold; cone -s -a -O $2; strash; $5" > "$3" 2>&1
    rc=$?
    s=$(tail -n 1 "$4" 2>/dev/null | awk 'NF == 2 && $2 ~ /^[0-9]+$/ { print $1 }')
    m=$(tail -n 1 "$4" 2>/dev/null | awk 'NF == 2 && $2 ~ /^[0-9]+$/ { print $2 }')
    mb=$(( ${m:-0} / 1024 ))
    s=${s:--}
}

# check DIR INDEX NAME ENGINE CEXDIR: prints "RESULT DEPTH SECONDS MB DETAIL";
# RESULT is proved, bounded, fail, undecided or error. Engines: pdr
# (IC3/PDR), spdr (ABC's scorr first: latches proved equal by induction,
# such as a harness's copy of a register and the register, are merged; then
# PDR), kind:K (k-induction: bmc3 to K cycles for the base case, then ABC's
# ind for the step, up to K frames), bmc3:N (bounded, N cycles).
check() {
    dir=$1 idx=$2 name=$3 engine=$4 cdir=$5
    mkdir -p "$cdir"
    log=$cdir/$name.abc.log
    rm -f "$cdir/$name.aiw"
    case $engine in
    pdr) cmd="pdr -T $TIMEOUT; write_cex -a $cdir/$name.aiw" ;;
    spdr) cmd="scorr; pdr -T $TIMEOUT; write_cex -a $cdir/$name.aiw" ;;
    bmc3:* | kind:*) cmd="bmc3 -F ${engine#*:} -T $TIMEOUT; write_cex -a $cdir/$name.aiw" ;;
    *) echo "error - - 0 unknown engine $engine"; return ;;
    esac
    abc "$dir" "$idx" "$log" "$cdir/$name.time" "$cmd"
    if fr=$(sed -n 's/.*was asserted in frame *\([0-9]*\).*/\1/p' "$log" | head -n 1) && [ -n "$fr" ]; then
        echo "fail $fr $s $mb counterexample at cycle $fr"
    elif grep -q 'Property proved' "$log"; then
        fr=$(sed -n 's/^Invariant F\[\([0-9]*\)\] : \([0-9]*\) clauses.*/F\1 \2/p' "$log" | tail -n 1)
        f=${fr%% *} c=${fr#* }
        echo "proved ${f:-F?} $s $mb ${c:-?} invariant clauses (PDR)"
    elif n=$(sed -n 's/^No output asserted in *\([0-9]*\) frames.*/\1/p' "$log" | tail -n 1) && [ -n "$n" ]; then
        if [ "${engine%%:*}" = kind ]; then
            s0=$s mb0=$mb
            abc "$dir" "$idx" "$cdir/$name.ind.log" "$cdir/$name.ind.time" "ind -v -F ${engine#*:} -T $TIMEOUT"
            s=$(awk -v a="$s0" -v b="$s" 'BEGIN { printf "%.1f", a + b }')
            [ "$mb0" -gt "$mb" ] && mb=$mb0
            if grep -q 'Networks are equivalent' "$cdir/$name.ind.log"; then
                k=$(sed -n 's/^Completed *\([0-9]*\) iterations.*/\1/p' "$cdir/$name.ind.log" | tail -n 1)
                echo "proved k${k:-?} $s $mb k-induction (base: no counterexample in $n cycles)"
            else
                echo "undecided - $s $mb not $n-inductive (base: no counterexample in $n cycles)"
            fi
        else
            echo "bounded $n $s $mb no counterexample in $n cycles"
        fi
    elif [ "$rc" = 124 ] || grep -q 'UNDECIDED\|Reached timeout\|timeout' "$log"; then
        echo "undecided - $s $mb no result within ${TIMEOUT} s"
    else
        echo "error - $s $mb $(grep -v '^ABC command line' "$log" | grep -m 1 . || echo 'no output from ABC')"
    fi
}

# gtkw VCD SCOPE CYCLE: a GTKWave save file showing the signals of SCOPE
# (the failing checker, e.g. fv_unit.u_p4), then those of the harness (its
# ports, the tag), on the VCD (absolute paths: GTKWave needs them), the
# marker at the start of the failing CYCLE (cycle N spans N*10 to N*10+10)
gtkw() {
    vcd=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
    echo "[dumpfile] \"$vcd\""
    echo "[savefile] \"${vcd%.vcd}.gtkw\""
    echo "[timestart] 0"
    echo "*-4.000000 $(($3 * 10)) -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1"
    awk -v chk="$2" '
        $1 == "$scope" { path = path (path == "" ? "" : ".") $3 }
        $1 == "$upscope" { sub(/\.?[^.]*$/, "", path) }
        $1 == "$var" {
            n = path "." $5 ($3 > 1 ? "[" $3 - 1 ":0]" : "")
            if (seen[n]++) next
            if (path == chk) a[++na] = ($3 > 1 ? "@22" : "@28") "\n" n
            else if (path !~ /\./ && $3 <= 128) b[++nb] = ($3 > 1 ? "@22" : "@28") "\n" n
        }
        $1 == "$enddefinitions" { exit }
        END { for (i = 1; i <= na; i++) print a[i]; for (i = 1; i <= nb; i++) print b[i] }' "$1"
}

# gtkwave_check GTKW: GTKWave (under Xvfb) opens the save file and its trace
# without a complaint, with every signal the save file names; skipped (and
# said) where gtkwave or xvfb-run is missing
gtkwave_check() {
    if ! command -v gtkwave > /dev/null 2>&1 || ! command -v xvfb-run > /dev/null 2>&1; then
        echo "    gtkwave: not checked (no gtkwave or xvfb-run; make setup installs them)"
        return 0
    fi
    printf '%s\n' 'puts "FVWAVE traces [gtkwave::getTotalNumTraces] marker [gtkwave::getMarker]"' \
        'gtkwave::/File/Quit' > "${1%.gtkw}.tcl"
    NO_AT_BRIDGE=1 timeout 60 xvfb-run -a -s "-screen 0 1400x800x24" gtkwave -S "${1%.gtkw}.tcl" "$1" \
        > "${1%.gtkw}.gtkwave.log" 2>&1
    want=$(grep -cvE '^[@[*]' "$1")
    got=$(sed -n 's/^FVWAVE traces \([0-9]*\) .*/\1/p' "${1%.gtkw}.gtkwave.log")
    bad=$(grep -v '^FVWAVE ' "${1%.gtkw}.gtkwave.log" |
          grep -iE 'error|warn|could not|cannot|can.t|not found|missing|no such|unknown|malformed' | head -n 3)
    if [ "$got" = "$want" ] && [ -z "$bad" ]; then
        echo "    gtkwave: opens it, $got signals, marker at $(sed -n 's/^FVWAVE .* marker //p' "${1%.gtkw}.gtkwave.log") ns (the failing cycle)"
    else
        echo "    gtkwave: FAILED to open it with its $want signals (shown: ${got:-none}) ${bad}; log ${1%.gtkw}.gtkwave.log"
        return 1
    fi
}

# trace DIR NAME CEXDIR CYCLE: the counterexample as a VCD with the RTL's names
trace() {
    dir=$1 name=$2 cdir=$3
    aiw=$cdir/$name.aiw
    [ -s "$aiw" ] || { echo "    (ABC wrote no counterexample)"; return 1; }
    # ABC ends the last frame with '# DONE' on the same line
    sed -i 's/\([01x]\)# DONE/\1\n# DONE/' "$aiw"
    "$YOSYS" -q -l "$cdir/$name.sim.log" -p "read_rtlil $dir/model.il; sim -clock clk -r $aiw -map $dir/model.aim -vcd $cdir/$name.vcd -hdlname" \
        > /dev/null 2>&1 || { echo "    (the replay failed: $cdir/$name.sim.log)"; return 1; }
    # function temporaries are named FUNC$func$FILE:LINE$N.ARG: GTKWave would
    # read the dots and the slash as scopes and give up on the file
    awk '$1 == "$var" { gsub(/[$\/.:]/, "_", $5) } { print } $1 == "$enddefinitions" { f = 1 }' \
        "$cdir/$name.vcd" > "$cdir/$name.vcd.tmp" && mv "$cdir/$name.vcd.tmp" "$cdir/$name.vcd"
    # a GTKWave save file: the failing checker's signals, then the harness's
    chk=$(sed -n "s/^Warning: Assert \([^ ]*\)\.$name .*/\1/p" "$cdir/$name.sim.log" | head -n 1)
    gtkw "$cdir/$name.vcd" "$chk" "$4" > "$cdir/$name.gtkw"
    echo "    trace: $cdir/$name.vcd (gtkwave $cdir/$name.gtkw)"
    gtkwave_check "$cdir/$name.gtkw" || return 1
    grep 'Assert .* failed' "$cdir/$name.sim.log" | sed 's/^Warning: /    replay: /' | sort -u | head -n 5
    grep -q "Assert [^ ]*\.$name " "$cdir/$name.sim.log" ||
        { echo "    replay: $name does not fail in the replay"; return 1; }
}

# ---- the jobs ------------------------------------------------------------------------------
# formal/jobs: JOB SET HARNESS PARAMS ASSERTIONS ENGINE EXPECT MUTANT
jobs_table() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$JOBS_FILE"; }

quick=0 list=0 only=
while [ $# -gt 0 ]; do
    case $1 in
    --quick) quick=1 ;;
    --list) list=1 ;;
    --only) [ $# -ge 2 ] || { usage >&2; exit 2; }; only="$only $2"; shift ;;
    --timeout) [ $# -ge 2 ] || { usage >&2; exit 2; }; TIMEOUT=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "formal: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
[ -f "$JOBS_FILE" ] || die "no $JOBS_FILE"
for t in "$YOSYS" "$ABC" perl; do command -v "$t" > /dev/null 2>&1 || die "$t not found (make setup installs it)"; done
[ -x "$TIME" ] || die "$TIME not found (Debian package time)"

if [ "$list" = 1 ]; then
    jobs_table | awk '{ printf "%-22s %-6s %-8s %-22s %-8s %-8s %-s %s\n", $1, $2, $3, $4, $6, $7, $5, ($8 == "-" ? "" : "mutant " $8) }'
    exit 0
fi
for o in $only; do
    jobs_table | awk -v j="$o" '$1 == j { f = 1 } END { exit !f }' || die "no job '$o' in $JOBS_FILE"
done

mkdir -p "$OUT" || exit 2
res=$OUT/results.tsv
printf 'job\tassertion\tresult\tengine\tdepth\tseconds\tMB\tdetail\n' > "$res"
T0=$(now)
passed=0 failed=0
jobs_table > "$OUT/jobs.txt"
# the harnesses of the jobs run: lint first
hs=$(while read -r job set harness rest; do
         [ -n "$only" ] && { case " $only " in *" $job "*) ;; *) continue ;; esac; }
         [ "$quick" = 1 ] && [ "$set" != quick ] && continue
         echo "$harness"
     done < "$OUT/jobs.txt" | sort -u)
for h in $hs; do
    if lint "$h"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
while read -r job set harness params asserts engine expect mutant; do
    [ -n "$only" ] && { case " $only " in *" $job "*) ;; *) continue ;; esac; }
    [ "$quick" = 1 ] && [ "$set" != quick ] && continue
    echo "== $job: $harness ${params}, $engine, expect $expect${mutant:+$( [ "$mutant" != - ] && echo ", mutant $mutant")}"
    rtl=$RTL_DIR mkey=
    if [ "$mutant" != - ]; then
        mut=
        for d in tests/mutants formal/mutants; do [ -f "$d/$mutant.mut" ] && mut=$d/$mutant.mut; done
        if [ -z "$mut" ]; then echo "  no mutant $mutant in tests/mutants/ or formal/mutants/"; failed=$((failed + 1)); continue; fi
        rtl=$OUT/rtl-$mutant
        rm -rf "$rtl" && mkdir -p "$rtl" && cp "$RTL_DIR"/*.v "$RTL_DIR"/*.svh "$RTL_DIR"/vmxr.f "$rtl/" || exit 2
        if ! msg=$(sh scripts/mutate.sh --apply "$mut" "$rtl"); then
            echo "  the mutant does not apply: $msg"; failed=$((failed + 1)); continue
        fi
        mkey=-$mutant
    fi
    mdir=$OUT/models/$harness-$(echo "$params" | tr ',=' '-_')$mkey
    if ! model "$harness" "$params" "$rtl" "$mdir"; then failed=$((failed + 1)); continue; fi
    ok=1 n=0
    # PATTERN[=ENGINE],...: each assertion of the model takes the first
    # pattern that matches it
    done_names=
    for spec in $(echo "$asserts" | tr ',' ' '); do
        pat=${spec%%=*} eng=$engine
        [ "$pat" != "$spec" ] && eng=${spec#*=}
        names=$(grep -x "$(echo "$pat" | sed 's/\*/.*/g')" "$mdir/asserts")
        [ -n "$names" ] || { echo "  no assertion $pat in the model ($mdir/asserts)"; ok=0; continue; }
        for name in $names; do
            case " $done_names " in *" $name "*) continue ;; esac
            done_names="$done_names $name"
            idx=$(grep -n -x "$name" "$mdir/asserts" | cut -d: -f1)
            idx=$((idx - 1))
            n=$((n + 1))
            cdir=$OUT/cex/$job
            set -- $(check "$mdir" "$idx" "$name" "$eng" "$cdir")
            r=$1 depth=$2 s=$3 mb=$4
            shift 4
            detail=$*
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$job" "$name" "$r" "$eng" "$depth" "$s" "$mb" "$detail" >> "$res"
            printf '  %-9s %-40s %-7s %-5s %7ss %5s MB  %s\n' "$r" "$name" "$eng" "$depth" "$s" "$mb" "$detail"
            case $expect:$r in
            proved:proved | bounded:bounded | bounded:proved) ;;
            fail:fail)
                trace "$mdir" "$name" "$cdir" "$depth" || ok=0 ;;
            *:fail)
                echo "  FAILED: $name ($job) has a counterexample at cycle $depth"
                trace "$mdir" "$name" "$cdir" "$depth"
                ok=0 ;;
            *)
                echo "  FAILED: $name ($job): $r, expected $expect (ABC log $cdir/$name.abc.log)"
                ok=0 ;;
            esac
        done
    done
    [ "$n" -gt 0 ] || ok=0
    if [ "$ok" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "formal: job $job FAILED"; fi
done < "$OUT/jobs.txt"
echo "formal: results in $res ($(secs "$T0" "$(now)") s)"
echo "formal: $passed passed, $failed failed"
[ "$failed" = 0 ]
