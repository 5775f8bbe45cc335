#!/bin/sh
# `vmxr gen`, the constrained-random generator: determinism, validity on
# every engine (vec_load via txn, model vs RTL via cosim with and without a
# stall seed), stacks reaching DEPTH on every CPU, coverage of every outcome,
# rule and error code, --ncpu, and the command-line errors.
#   gen.sh VMXR
set -u
case $1 in
/*) vmxr=$1 ;;
*) vmxr=$(pwd)/$1 ;;
esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# has NAME FILE PATTERN: a grep -E pattern occurs in FILE
has() {
    if grep -qE -- "$3" "$2"; then ok; else ko "$1: no '$3' in $2"; fi
}

# ---- determinism ------------------------------------------------------------
check "gen to stdout" 0 "$vmxr" gen --seed 11 --count 3000
cp "$tmp/out" "$tmp/a.vec"
check "gen again" 0 "$vmxr" gen --seed 11 --count 3000
if cmp -s "$tmp/out" "$tmp/a.vec"; then ok; else ko "same arguments, different bytes"; fi
check "gen -o" 0 "$vmxr" gen --seed=11 --count=3000 --ncpu 4 --mix default -o "$tmp/b.vec"
if cmp -s "$tmp/a.vec" "$tmp/b.vec"; then ok; else ko "-o FILE differs from stdout (or explicit defaults change it)"; fi
mkdir "$tmp/elsewhere"
(cd "$tmp/elsewhere" && "$vmxr" gen --seed 11 --count 3000 -o here.vec) || ko "gen in another directory"
if cmp -s "$tmp/a.vec" "$tmp/elsewhere/here.vec"; then ok; else ko "output depends on the working directory"; fi
check "another seed" 0 "$vmxr" gen --seed 12 --count 3000
if cmp -s "$tmp/out" "$tmp/a.vec"; then ko "seeds 11 and 12 give the same stream"; else ok; fi
check "hex seed" 0 "$vmxr" gen --seed 0xB --count 3000
if cmp -s "$tmp/out" "$tmp/a.vec"; then ok; else ko "--seed 0xB differs from --seed 11"; fi
check "another mix" 0 "$vmxr" gen --seed 11 --count 3000 --mix stack
if cmp -s "$tmp/out" "$tmp/a.vec"; then ko "mixes default and stack give the same stream"; else ok; fi

# Golden checksums (cksum) of --seed 1 --count 2000 per mix at the default
# build parameters: the stream must not depend on the compiler, its flags or
# the machine (e.g. C's unspecified order of evaluating arguments, which
# differs between gcc and clang, once made it do). The stream is also a
# function of the model (the generator steers with a shadow txn core), so a
# deliberate change to the generator or to the model's behaviour updates these.
golden="default:2378562017 io:2373676365 platform:716226289 config:614968955 stack:801633635"
if "$vmxr" params | grep -q '^NCPU=4 NVMM=8 NVM=16 NPROF=4 NIOR=16 NMEM=8 NKEY=8 NGRP=4 DEPTH=4$'; then
    for gm in $golden; do
        m=${gm%%:*} want=${gm#*:}
        got=$("$vmxr" gen --seed 1 --count 2000 --mix "$m" | cksum | cut -d' ' -f1)
        if [ "$got" = "$want" ]; then
            ok
        else
            ko "--seed 1 --count 2000 --mix $m: cksum $got, golden $want (same on every machine and compiler;" \
                "update the golden value only for a deliberate change of the generator or the model)"
        fi
    done
fi

# ---- shape of a stream ---------------------------------------------------------
f=$tmp/a.vec
has "header comment" "$f" '^# vmxr gen --seed 11 --count 3000 --ncpu 4 --mix default$'
first=$(grep -v '^#' "$f" | grep -v '^$' | head -n 1)
if [ "$first" = "vmxr-vectors 1" ]; then ok; else ko "first item is '$first', not the header"; fi
has "strap" "$f" '^strap smi en=[01] vmm=[0-7] lock=[01]$'
for r in OWNER VM_PROFILE VMM_PROFILE PFEC_MASK PFEC_MATCH EXC TYPE IOR_RANGE IOR_CTRL PLAT IPI_RANGE GROUP \
    SW_USAGE PEND_WEIGHT VMM_EN; do
    has "prologue writes $r" "$f" "^wr vmm=0 $r"
done
# exactly --count items after the prologue
n=$(sed -n '/^# [0-9]* items, mix /,$p' "$f" | grep -cvE '^(#|$)')
if [ "$n" = 3000 ]; then ok; else ko "3000 items asked, $n written"; fi

# ---- every mix on every engine ------------------------------------------------
# Each file: txn (vec_load accepts it), cosim with a stall seed; the first
# seed of each mix also cosim without stalls. Annotations are kept for the
# coverage checks below.
i=0
for mix in default io platform config stack; do
    for seed in 1 2 3 4; do
        i=$((i + 1))
        ncpu=$((i % 4 + 1))
        [ "$seed" = 1 ] && ncpu=4
        v=$tmp/$mix-$seed.vec
        check "gen $mix seed $seed" 0 \
            "$vmxr" gen --seed "$seed" --count 2500 --ncpu "$ncpu" --mix "$mix" -o "$v"
        check "$mix seed $seed on txn" 0 "$vmxr" run -q --engine txn "$v"
        check "$mix seed $seed on cosim, stall seed $i" 0 "$vmxr" run -q --engine cosim --stall-seed "$i" "$v"
        [ "$seed" = 1 ] && check "$mix seed $seed on cosim" 0 "$vmxr" run -q --engine cosim "$v"
        "$vmxr" annotate --engine txn -o "$tmp/$mix-$seed.ann" "$v" || ko "annotate $mix seed $seed"
        # --ncpu C: commands on CPUs 0..C-1, and >= NCPU (4) only as BAD_CPU
        bad=$(grep -E '^(ev|launch|resume) ' "$v" | grep -oE 'cpu=[0-9]+' | sed 's/cpu=//' |
            awk -v c="$ncpu" '$1 >= c && $1 < 4' | wc -l)
        if [ "$bad" = 0 ]; then ok; else ko "$mix seed $seed --ncpu $ncpu: $bad commands on CPUs $ncpu..3"; fi
    done
done

# ---- stacks reach DEPTH ---------------------------------------------------------
# The generator reads CPU_STATE of each CPU in turn (every 12th item);
# CPU_STATE[10:8] is the depth. Default mix, 2000 items, per CPU:
#  - the reads show depth DEPTH, and depth 0 or 1;
#  - the depth followed through the annotated decisions (deliver +1,
#    resumed -1, launched: 0) equals CPU_STATE's at every read;
#  - by those decisions the stack nests to DEPTH again after unwinding to
#    0 or 1 at least 8 times (regularly, not once).
ncpu=$("$vmxr" params | sed -n 's/.*NCPU=\([0-9]*\).*/\1/p')
depth=$("$vmxr" params | sed -n 's/.*DEPTH=\([0-9]*\).*/\1/p')
want=
c=0
while [ "$c" -lt "${ncpu:-0}" ]; do want="${want}cpu$c:$depth/low/8+ "; c=$((c + 1)); done
for seed in 1 2 3 5 8; do
    v=$tmp/depth-$seed.vec
    "$vmxr" gen --seed "$seed" --count 2000 -o "$v" && "$vmxr" annotate --engine txn -o "$v.ann" "$v" ||
        ko "depth seed $seed: gen or annotate failed"
    got=$(awk -v ncpu="$ncpu" -v depth="$depth" '
        function hex(s,   i, d, v) { v = 0; s = toupper(substr(s, 3));
            for (i = 1; i <= length(s); i++) { d = index("0123456789ABCDEF", substr(s, i, 1)) - 1; v = v * 16 + d }
            return v }
        /^(ev|launch|resume) cpu=[0-9] / {
            c = substr($2, 5, 1) + 0
            if (c >= ncpu) next
            n = split($0, part, " => ")
            for (i = 2; i <= n; i++) {
                if (part[i] ~ /^deliver /) dep[c]++
                else if (part[i] ~ /^resumed /) dep[c]--
                else if (part[i] ~ /^launched /) dep[c] = 0
            }
            if (dep[c] == depth && !deep[c]) { cycles[c]++; deep[c] = 1 }
            if (dep[c] <= 1) deep[c] = 0
        }
        /^rd vmm=0 CPU_STATE\[[0-9]\] => 0x/ {
            c = substr($3, 11, 1) + 0; d = int(hex($5) / 256) % 8
            if (d != dep[c] + 0) { bad++; if (bad == 1) print "line " NR ": CPU_STATE depth " d ", decisions say " dep[c] + 0 }
            if (d > max[c]) max[c] = d
            if (d <= 1) low[c] = 1 }
        END { for (c = 0; c < ncpu; c++)
                  printf "cpu%d:%d/%s/%s ", c, max[c], (low[c] ? "low" : "-"), (cycles[c] >= 8 ? "8+" : cycles[c] + 0) }' \
        "$v.ann")
    if [ "$got" = "$want" ]; then
        ok
    else
        ko "seed $seed: per CPU max depth read/depth 0-1 read/nesting cycles: '$got', expected '$want'"
    fi
done

# ---- coverage over the mixes ------------------------------------------------------
cat "$tmp"/*.ann > "$tmp/all.ann"
for o in 'deliver vmm' 'local ' 'pended' 'launched vm' 'resumed vm' 'resumed vmm' 'error '; do
    has "some command: $o" "$tmp/all.ann" "^(ev|launch|resume) .*=> $o"
done
for r in PLAT EXC IOR TYPE GROUP HOME FALLBACK; do
    has "rule $r" "$tmp/all.ann" "=> deliver vmm [0-7] $r "
done
for e in BAD_REASON BAD_IO_SIZE BAD_NMI STACK_OVERFLOW NOT_IN_VMM BAD_VM BUSY NOT_OWNER EMPTY BAD_CPU; do
    has "error $e" "$tmp/all.ann" "=> error $e"
done
has "injection after a resume" "$tmp/all.ann" '^resume .*=> resumed .*=> (deliver|local)'
has "two injections" "$tmp/all.ann" '=> resumed [^=]*=> local [^=]*=> (deliver|local)'
has "injection after a switching launch" "$tmp/all.ann" '^launch .*=> launched vm [0-9]+ => '
has "refused write" "$tmp/all.ann" '^wr .* => err'
has "GLOBAL.LOCK" "$tmp/all.ann" '^wr vmm=0 GLOBAL 0x00000001 => ok'
has "TYPE MODE=3" "$tmp/all.ann" '^wr vmm=0 TYPE\[[0-3]\]\[[0-9]+\] 0x0000003[0-7] => err'
has "own SW_USAGE" "$tmp/all.ann" '^wr vmm=([1-7]) SW_USAGE\[\1\] .* => ok'
has "other VMM's write" "$tmp/all.ann" '^wr vmm=[1-7] .* => err'
has "I/O wrapping past 0xFFFF" "$tmp/all.ann" 'reason=30 port=0xFFF[D-F] size=4'
has "illegal I/O size" "$tmp/all.ann" 'reason=30 .*size=[35678]'
has "#PF" "$tmp/all.ann" 'reason=0 itype=3 vec=14 ec='
has "idle" "$tmp/all.ann" '^idle [0-9]+$'

# ---- command-line errors ------------------------------------------------------------
check "--help" 0 "$vmxr" gen --help
for w in --seed --count --ncpu --mix -o default io platform config stack; do
    has "--help names $w" "$tmp/out" -- "$w"
done
check "no arguments" 2 "$vmxr" gen
has "usage line" "$tmp/err" '^usage: vmxr gen '
check "no --seed" 2 "$vmxr" gen --count 10
has "says --seed is required" "$tmp/err" 'seed'
check "no --count" 2 "$vmxr" gen --seed 1
check "count 0" 2 "$vmxr" gen --seed 1 --count 0
check "count 10000001" 2 "$vmxr" gen --seed 1 --count 10000001
check "bad count" 2 "$vmxr" gen --seed 1 --count 12x
check "bad seed" 2 "$vmxr" gen --seed -1 --count 10
check "seed too big" 2 "$vmxr" gen --seed 18446744073709551616 --count 10
check "ncpu 0" 2 "$vmxr" gen --seed 1 --count 10 --ncpu 0
for n in 5 9 0x2; do
    check "ncpu $n" 2 "$vmxr" gen --seed 1 --count 10 --ncpu "$n"
    has "ncpu $n: usage line" "$tmp/err" '^usage: vmxr gen '
done
check "unknown mix" 2 "$vmxr" gen --seed 1 --count 10 --mix bogus
has "unknown mix lists the mixes" "$tmp/err" 'default io platform config stack'
check "unknown option" 2 "$vmxr" gen --seed 1 --count 10 --bogus
check "stray argument" 2 "$vmxr" gen --seed 1 --count 10 file.vec
check "option without value" 2 "$vmxr" gen --seed 1 --count
check "option twice" 2 "$vmxr" gen --seed 1 --seed 2 --count 10
check "unwritable -o" 2 "$vmxr" gen --seed 1 --count 10 -o "$tmp/no/such/dir/x.vec"
has "unwritable -o names the file" "$tmp/err" 'no/such/dir/x.vec'
if [ ! -s "$tmp/out" ]; then ok; else ko "errors wrote a stream to stdout"; fi
check "count 10000000 accepted (ncpu 1)" 0 \
    sh -c "\"$vmxr\" gen --seed 1 --count 10000000 --ncpu 1 | head -c 100000 > /dev/null"

summary gen
