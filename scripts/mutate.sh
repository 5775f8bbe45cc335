#!/bin/sh
# Mutation campaign: does the regression catch realistic RTL bugs?
#
#   scripts/mutate.sh [--list] [--only NAME]... [--keep] [--jobs N]
#   scripts/mutate.sh --apply MUT.mut RTLDIR   (apply one mutant to an RTL copy, nothing else)
#
# Every tests/mutants/NN-name.mut describes one bug as literal search/replace
# hunks on files of rtl/ (format: docs/mutants.md). For each mutant this
# script copies rtl/ to build/mutants/<name>/rtl, applies the hunks (each find
# text must occur exactly once, otherwise the mutant is STALE), builds
# build/mutants/<name>/vmxr through the Makefile's BDIR/RTL_DIR mechanism and
# runs a short co-simulation regression on it, in tiers:
#
#   D directed     every directed vector, engine cosim
#   S stallS       the same with --stall-seed S (MUTATE_STALL_SEED, default 1)
#   G gen          generated streams (`vmxr gen`), if the reference binary has it
#   T gen-stallS   the same streams with --stall-seed S
#
# A mutant is "caught" when a run fails (divergence, failed expectation,
# protocol error, hang or crash). All tiers run (they take well under a second
# each; the mutant's build dominates), so the table says which tiers catch
# each mutant as well as the first one that did. The table gives status
# (caught / SURVIVED / stale / malformed / build-failed / error), the tiers,
# the first test that caught it ("(+N)": N more files of that tier failed), the
# divergence cycle and the time (build included). Exit status: 0 every mutant caught, 1
# some mutant survived, was stale or malformed or failed to build, 2 bad usage
# or the unmutated reference fails the campaign's own tests.
#
# Environment (mk/mutate.mk sets the first four):
#   VMXR              reference binary, built from rtl/ (default build/vmxr)
#   MAKE              make command (default make)
#   MUTATE_MAKEVARS   extra make variables for the mutant builds (NCPU=... NIOR=...)
#   MUTATE_REUSE      a build directory (e.g. build) whose model/runner objects
#                     the mutant builds link instead of compiling their own:
#                     LIB_OBJ=$(LIB_SRC:%.c=DIR/obj/%.o), expanded by the mutant's
#                     make. If that build fails (objects missing, e.g. a source
#                     file was added since), the mutant is built from scratch.
#   MUTATE_JOBS       mutants built and run at once (default: number of CPUs, max 2)
#   MUTATE_STALL_SEED stall seed of the second tier (default 1)
#   MUTATE_SEEDS      generator seeds (default "1 2 3 4")
#   MUTATE_COUNT      items per generated stream (default 1500)
#   MUTATE_MIXES      generator mixes; "default" means no --mix
#                     (default: every mix the reference binary's `vmxr gen` has)
#   MUTATE_TIMEOUT    seconds one `vmxr run` may take before it counts as a hang
#                     (default 300)
set -u

root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cd "$root" || exit 2

MDIR=build/mutants
VMXR=${VMXR:-build/vmxr}
case $VMXR in /*) ;; *) VMXR=$root/$VMXR ;; esac
MAKE=${MAKE:-make}
MUTATE_MAKEVARS=${MUTATE_MAKEVARS:-}
MUTATE_REUSE=${MUTATE_REUSE:-}
MUTATE_STALL_SEED=${MUTATE_STALL_SEED:-1}
MUTATE_SEEDS=${MUTATE_SEEDS:-1 2 3 4}
MUTATE_COUNT=${MUTATE_COUNT:-1500}
# the generator's own list, from its answer to an unknown mix
MUTATE_MIXES=${MUTATE_MIXES:-$("${VMXR:-build/vmxr}" gen --seed 1 --count 1 --mix '?' 2>&1 |
    sed -n "s/.*unknown mix '?' (mixes: \(.*\))$/\1/p")}
MUTATE_MIXES=${MUTATE_MIXES:-default}
MUTATE_TIMEOUT=${MUTATE_TIMEOUT:-300}
if [ -z "${MUTATE_JOBS:-}" ]; then
    MUTATE_JOBS=$(nproc 2>/dev/null || echo 2)
    [ "$MUTATE_JOBS" -gt 2 ] && MUTATE_JOBS=2
fi
export VMXR MAKE MUTATE_MAKEVARS MUTATE_REUSE MUTATE_STALL_SEED MUTATE_SEEDS MUTATE_COUNT MUTATE_MIXES \
    MUTATE_TIMEOUT MUTATE_JOBS

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- the .mut parser and patcher ---------------------------------------------
#   mut_tool check MUT RTLDIR   parse and dry-run against RTLDIR
#   mut_tool apply MUT RTLDIR   parse and patch the files in RTLDIR in place
# Prints "ok<TAB>targets<TAB>summary", or "stale: ..." (exit 3) or
# "malformed: ..." (exit 4).
mut_tool() {
    perl - "$@" <<'PERL'
use strict;
use warnings;
my ($mode, $mut, $rtl) = @ARGV;
sub out { my ($rc, $msg) = @_; print "$msg\n"; exit $rc; }
sub bad   { out(4, "malformed: $mut: $_[0]"); }
sub stale { out(3, "stale: $mut: $_[0]"); }
open(my $fh, '<', $mut) or bad("cannot read: $!");
my @lines = <$fh>;
close $fh;
s/\r?\n\z// for @lines;
my ($st, $h, $summary, %hdr, @hunks) = ('head');
for my $i (0 .. $#lines) {
    my ($x, $ln) = ($lines[$i], $i + 1);
    if ($st eq 'head' || $st eq 'between') {
        if ($x =~ /^\@\@ (\S+)\s*$/) {
            $h = { path => $1, line => $ln, find => [], repl => [] };
            $st = 'open';
        } elsif ($x =~ /^#/) {
            if ($st eq 'head') {
                (my $c = $x) =~ s/^#\s?//;
                $summary = $c if !defined $summary && $c =~ /\S/;
                $hdr{$1} = 1 if $c =~ /^(Bug|Breaks|Mimics):/;
            }
        } elsif ($x =~ /\S/) {
            bad("line $ln: text outside a hunk (hunks start with '\@\@ rtl/FILE')");
        }
    } elsif ($st eq 'open') {
        $x eq '<<<<' or bad("line $ln: '<<<<' expected after '\@\@ $h->{path}'");
        $st = 'find';
    } elsif ($st eq 'find') {
        if ($x eq '====') { $st = 'repl'; } else { push @{ $h->{find} }, $x; }
    } else {
        if ($x eq '>>>>') { push @hunks, $h; $st = 'between'; } else { push @{ $h->{repl} }, $x; }
    }
}
$st eq 'head' || $st eq 'between' or bad("hunk at line $h->{line} not closed with '>>>>'");
@hunks or bad("no hunk");
defined $summary or bad("no header comment");
for my $k (qw(Bug Breaks Mimics)) { $hdr{$k} or bad("header has no '# $k:' line"); }
my (%text, @order);
for my $h (@hunks) {
    $h->{path} =~ m{^rtl/([A-Za-z0-9_.]+)$} or bad("line $h->{line}: target must be rtl/FILE, not $h->{path}");
    my $f = "$rtl/$1";
    if (!exists $text{$f}) {
        open(my $in, '<', $f) or stale("$h->{path} does not exist");
        local $/;
        $text{$f} = <$in>;
        close $in;
        push @order, $f;
    }
    my $find = join("\n", @{ $h->{find} });
    my $repl = join("\n", @{ $h->{repl} });
    $find =~ /\S/ or bad("line $h->{line}: empty find text");
    $find ne $repl or bad("line $h->{line}: replacement equals the find text");
    my ($n, $at, $pos) = (0, -1, 0);
    while (($pos = index($text{$f}, $find, $pos)) >= 0) { $at = $pos if !$n++; $pos++; }
    $n == 1 or stale("$h->{path}: the find text of the hunk at line $h->{line} is "
                     . ($n ? "found $n times" : "not found") . " (the RTL changed: update or retire the mutant)");
    substr($text{$f}, $at, length $find) = $repl;
}
if ($mode eq 'apply') {
    for my $f (@order) {
        open(my $o, '>', $f) or out(4, "malformed: cannot write $f: $!");
        print $o $text{$f};
        close $o or out(4, "malformed: cannot write $f: $!");
    }
}
my %seen;
print "ok\t", join(',', grep { !$seen{$_}++ } map { $_->{path} } @hunks), "\t$summary\n";
exit 0;
PERL
}

# ---- one mutant (run by xargs in parallel) -------------------------------------

# result STATUS CAUGHT_BY CYCLE DETAIL: record and finish the worker
result() {
    secs=$(elapsed "$t0")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$secs" "${marks:--}" "$4" > "$MDIR/results/$name"
    printf '  %-38s %-12s %-5s %6ss  %s\n' "$name" "$1" "${marks:--}" "$secs" "$2"
    if [ "${MUTATE_KEEP:-0}" = 1 ]; then
        printf 'kept: %s (rerun: cd %s/run && ../vmxr run --engine cosim FILE)\n' "$d" "$d" >> "$log"
    else
        rm -rf "$d"
    fi
    exit 0
}

# tier MARK TAG [OPTIONS] -- FILE...: run the mutant on cosim. Every tier
# runs (they take well under a second; the build dominates), so the table
# can say which tiers catch the mutant; the first that does is "caught by".
# Appends the tier's MARK (caught) or '.' (passed) to $marks.
tier() {
    mark=$1 tag=$2
    shift 2
    opts=
    while [ "$1" != -- ]; do opts="$opts $1"; shift; done
    shift
    tl="$d/$tag.log"
    # shellcheck disable=SC2086
    (cd "$d/run" && timeout "$MUTATE_TIMEOUT" ../vmxr run -q --engine cosim $opts "$@") > "$tl" 2>&1
    rc=$?
    { echo "== tier $tag: vmxr run -q --engine cosim$opts ... (exit $rc)"; cat "$tl"; } >> "$log"
    if [ "$rc" = 0 ]; then
        marks="$marks."
        return 0
    fi
    marks="$marks$mark"
    [ -n "$c_by" ] && return 0
    nf=$(grep -c '^FAIL ' "$tl")
    more=
    [ "$nf" -gt 1 ] && more=" (+$((nf - 1)))"
    if [ "$rc" = 124 ]; then
        c_by="$tag (timeout)" c_cyc=- c_detail="no end within ${MUTATE_TIMEOUT}s: hang"
    elif [ "$rc" -ge 128 ]; then
        c_by="$tag (crash)" c_cyc=- c_detail="vmxr killed by signal $((rc - 128))"
    elif [ "$rc" != 1 ]; then
        c_err="$tag: vmxr run exited $rc: $(head -n 1 "$tl")"
    else
        div=$(sed -n 's/^\(.*\): model and RTL diverge at cycle \([0-9]*\):$/\1 \2/p' "$tl" | head -n 1)
        if [ -n "$div" ]; then
            c_by="$tag $(basename "${div% *}")$more" c_cyc=${div##* }
            c_detail="divergence: $(sed -n '2p' "$tl" | sed 's/^ *//;s/  */ /g')"
        else
            file=$(sed -n 's/^FAIL \([^:]*\): .*/\1/p' "$tl" | head -n 1)
            exp=$(grep -m 1 ': expected ' "$tl")
            c_by="$tag $(basename "${file:-?}")$more" c_cyc=- c_detail="${exp:-$(head -n 1 "$tl")}"
        fi
    fi
}

worker() {
    name=$1
    t0=$(now)
    d=$MDIR/$name
    log=$MDIR/logs/$name.log
    marks='' c_by='' c_cyc='' c_detail='' c_err=''
    : > "$log"
    if ! { rm -rf "$d" && mkdir -p "$d/rtl" "$d/run" && cp rtl/*.v rtl/*.svh rtl/vmxr.f "$d/rtl/"; }; then
        result error - - "cannot copy rtl/ to $d/rtl"
    fi
    msg=$(mut_tool apply "tests/mutants/$name.mut" "$d/rtl")
    case $? in
    0) ;;
    3) echo "$msg" >> "$log"; result stale - - "${msg#stale: }" ;;
    *) echo "$msg" >> "$log"; result malformed - - "${msg#malformed: }" ;;
    esac
    echo "== applied: $msg" >> "$log"
    diff -u rtl "$d/rtl" >> "$log" 2>&1
    # Build: first linking the reference build's objects (if MUTATE_REUSE),
    # then from scratch; the second try also covers a make that started while
    # the other worker wrote its dependency files and read one half-written.
    for try in 1 2; do
        if [ "$try" = 1 ] && [ -n "$MUTATE_REUSE" ]; then
            # shellcheck disable=SC2086
            $MAKE --no-print-directory -s BDIR="$d" RTL_DIR="$d/rtl" $MUTATE_MAKEVARS \
                "LIB_OBJ=\$(LIB_SRC:%.c=$MUTATE_REUSE/obj/%.o)" "$d/vmxr" > "$d/build.log" 2>&1
        else
            # shellcheck disable=SC2086
            $MAKE --no-print-directory -s BDIR="$d" RTL_DIR="$d/rtl" $MUTATE_MAKEVARS "$d/vmxr" > "$d/build.log" 2>&1
        fi
        brc=$?
        { echo "== build, try $try (exit $brc)"; cat "$d/build.log"; } >> "$log"
        [ "$brc" = 0 ] && [ -x "$d/vmxr" ] && break
    done
    if [ "$brc" != 0 ] || [ ! -x "$d/vmxr" ]; then
        result build-failed - - "$(grep -m 1 -E '%Error|%Warning|error' "$d/build.log" || tail -n 1 "$d/build.log")"
    fi
    # the dependency files of a throw-away build only slow every later make down
    find "$d" -name '*.d' -type f -exec rm -f {} + 2>/dev/null
    ln -s "$root/vectors" "$d/run/vectors"
    tier D directed -- vectors/directed/*.vec
    tier S "stall$MUTATE_STALL_SEED" --stall-seed "$MUTATE_STALL_SEED" -- vectors/directed/*.vec
    if [ -s "$MDIR/streams.list" ]; then
        ln -s "$root/$MDIR/streams" "$d/run/streams"
        # shellcheck disable=SC2046
        tier G gen -- $(cat "$MDIR/streams.list")
        # shellcheck disable=SC2046
        tier T "gen-stall$MUTATE_STALL_SEED" --stall-seed "$MUTATE_STALL_SEED" -- $(cat "$MDIR/streams.list")
    else
        marks="$marks--"
    fi
    [ -n "$c_err" ] && result error - - "$c_err"
    [ -n "$c_by" ] && result caught "$c_by" "$c_cyc" "$c_detail"
    result SURVIVED - - "every test passed"
}

if [ "${1:-}" = --worker ]; then
    worker "$2"
fi

# --apply MUT DIR: only patch the RTL copy in DIR with one mutant (for other
# flows that reuse the mutants, scripts/formal.sh); prints mut_tool's line.
if [ "${1:-}" = --apply ]; then
    [ $# = 3 ] || { echo "usage: scripts/mutate.sh --apply MUT.mut RTLDIR" >&2; exit 2; }
    mut_tool apply "$2" "$3"
    exit $?
fi

# ---- campaign -------------------------------------------------------------------

usage() {
    cat <<'EOF'
usage: scripts/mutate.sh [--list] [--only NAME]... [--keep] [--jobs N]
       scripts/mutate.sh --apply MUT.mut RTLDIR

  --list       list the mutants with their targets and whether they still apply
  --only NAME  run only this mutant (NN-name or name; repeatable)
  --keep       keep build/mutants/<name>/ (mutated RTL, binary, run logs, waves)
  --jobs N     mutants at once (default MUTATE_JOBS, else min(2, CPUs))
  --apply      only apply one mutant to the copy of rtl/ in RTLDIR

Logs: build/mutants/logs/<name>.log (patch, build, every tier's output).
See docs/mutants.md.
EOF
}

list=0 keep=0 only=
while [ $# -gt 0 ]; do
    case $1 in
    --list) list=1 ;;
    --keep) keep=1 ;;
    --only) [ $# -ge 2 ] || { usage >&2; exit 2; }; only="$only $2"; shift ;;
    --jobs) [ $# -ge 2 ] || { usage >&2; exit 2; }; MUTATE_JOBS=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "mutate: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

names=
for f in tests/mutants/*.mut; do
    [ -e "$f" ] || continue
    n=$(basename "$f" .mut)
    if [ -n "$only" ]; then
        hit=0
        for o in $only; do
            [ "$o" = "$n" ] || [ "$o" = "${n#*-}" ] || [ "$o.mut" = "$n.mut" ] && hit=1
        done
        [ "$hit" = 1 ] || continue
    fi
    names="$names $n"
done
for o in $only; do
    case " $names " in
    *" $o "* | *"-$o "*) ;;
    *) echo "mutate: no mutant '$o' in tests/mutants/" >&2; exit 2 ;;
    esac
done
[ -n "$names" ] || { echo "mutate: no mutants in tests/mutants/" >&2; exit 2; }

if [ "$list" = 1 ]; then
    bad=0
    for n in $names; do
        out=$(mut_tool check "tests/mutants/$n.mut" rtl)
        case $? in
        0) printf '%-38s %-7s %-16s %s\n' "$n" ok "$(printf '%s' "$out" | cut -f2)" "$(printf '%s' "$out" | cut -f3)" ;;
        3) printf '%-38s %-7s %s\n' "$n" STALE "${out#*: *: }"; bad=1 ;;
        *) printf '%-38s %-7s %s\n' "$n" BAD "${out#*: *: }"; bad=1 ;;
        esac
    done
    exit $bad
fi

[ -x "$VMXR" ] || { echo "mutate: no reference binary $VMXR (run 'make' or 'make mutate')" >&2; exit 2; }
command -v perl > /dev/null || { echo "mutate: perl is required" >&2; exit 2; }
MUTATE_KEEP=$keep
export MUTATE_KEEP MUTATE_JOBS
T0=$(now)
mkdir -p "$MDIR" && rm -rf "$MDIR/results" "$MDIR/logs" "$MDIR/streams" "$MDIR/streams.list" &&
    mkdir -p "$MDIR/results" "$MDIR/logs" || exit 2
: > "$MDIR/streams.list"

# Generated streams, made once by the reference binary.
gen_note="not available ($VMXR has no 'gen' command): directed vectors only"
if "$VMXR" gen --help > /dev/null 2>&1; then
    mkdir -p "$MDIR/streams"
    made=0 refused=
    for s in $MUTATE_SEEDS; do
        for m in $MUTATE_MIXES; do
            out=streams/gen-s$s-$m.vec
            mixopt=
            [ "$m" = default ] || mixopt="--mix $m"
            # shellcheck disable=SC2086
            if "$VMXR" gen --seed "$s" --count "$MUTATE_COUNT" $mixopt > "$MDIR/$out" 2> "$MDIR/gen.err" &&
                [ -s "$MDIR/$out" ]; then
                echo "$out" >> "$MDIR/streams.list"
                made=$((made + 1))
            else
                rm -f "$MDIR/$out"
                case " $refused " in *" $m "*) ;; *) refused="$refused $m" ;; esac
                echo "mutate: warning: vmxr gen --seed $s --mix $m failed: $(head -n 1 "$MDIR/gen.err")" >&2
            fi
        done
    done
    gen_note="$made streams (seeds $MUTATE_SEEDS; count $MUTATE_COUNT; mixes $MUTATE_MIXES)"
    [ -n "$refused" ] && gen_note="$gen_note; REFUSED mixes:$refused"
fi

# The unmutated RTL must pass everything the campaign runs, or a "caught"
# would mean nothing.
echo "mutate: baseline (unmutated RTL, $VMXR) on every tier"
base_fail=0
"$VMXR" run -q --engine cosim vectors/directed/*.vec > "$MDIR/logs/baseline.log" 2>&1 || base_fail=1
"$VMXR" run -q --engine cosim --stall-seed "$MUTATE_STALL_SEED" vectors/directed/*.vec >> "$MDIR/logs/baseline.log" 2>&1 ||
    base_fail=1
if [ -s "$MDIR/streams.list" ]; then
    # shellcheck disable=SC2046
    (cd "$MDIR" && "$VMXR" run -q --engine cosim $(cat streams.list)) >> "$MDIR/logs/baseline.log" 2>&1 || base_fail=1
    # shellcheck disable=SC2046
    (cd "$MDIR" && "$VMXR" run -q --engine cosim --stall-seed "$MUTATE_STALL_SEED" $(cat streams.list)) \
        >> "$MDIR/logs/baseline.log" 2>&1 || base_fail=1
fi
if [ "$base_fail" = 1 ]; then
    echo "mutate: the UNMUTATED RTL fails the campaign's tests; fix that first:" >&2
    sed 's/^/  | /' "$MDIR/logs/baseline.log" | head -n 40 >&2
    exit 2
fi

nmut=$(echo "$names" | wc -w)
echo "mutate: $nmut mutants, $MUTATE_JOBS at a time; tiers: directed, stall$MUTATE_STALL_SEED, generator: $gen_note"
# shellcheck disable=SC2086
printf '%s\n' $names | xargs -P "$MUTATE_JOBS" -I '{}' sh "$root/scripts/mutate.sh" --worker '{}'
WALL=$(elapsed "$T0")

# ---- table ------------------------------------------------------------------------
echo
printf '%-38s %-12s %-5s %-48s %6s %7s\n' mutant status tiers "caught by (first)" cycle time
printf '%-38s %-12s %-5s %-48s %6s %7s\n' ------ ------ ----- ----------------- ----- ----
caught=0 survived=0 stale=0 broken=0 other=0
by_dir=0 by_stall=0 by_gen=0 gen_alone=0
for n in $names; do
    r=$MDIR/results/$n
    if [ -s "$r" ]; then
        st=$(cut -f1 "$r") by=$(cut -f2 "$r") cyc=$(cut -f3 "$r") secs=$(cut -f4 "$r") mk=$(cut -f5 "$r")
    else
        st=error by=- cyc=- secs=- mk=-
    fi
    printf '%-38s %-12s %-5s %-48s %6s %6ss\n' "$n" "$st" "$mk" "$by" "$cyc" "$secs"
    case $mk in *G* | *T*) gen_alone=$((gen_alone + 1)) ;; esac
    case $st in
    caught)
        caught=$((caught + 1))
        case $by in directed*) by_dir=$((by_dir + 1)) ;; stall*) by_stall=$((by_stall + 1)) ;; *) by_gen=$((by_gen + 1)) ;; esac ;;
    SURVIVED) survived=$((survived + 1)) ;;
    stale | malformed) stale=$((stale + 1)) ;;
    build-failed) broken=$((broken + 1)) ;;
    *) other=$((other + 1)) ;;
    esac
done
echo "tiers: D directed vectors, S the same with --stall-seed $MUTATE_STALL_SEED, G generated streams, T the same" \
    "with --stall-seed $MUTATE_STALL_SEED; a letter = that tier caught the mutant, . = it passed, - = not run"
echo
echo "mutate: $nmut mutants: $caught caught ($by_dir by directed, $by_stall by stall$MUTATE_STALL_SEED, $by_gen by generated)," \
    "$survived survived, $stale stale/malformed, $broken build-failed, $other error; wall time ${WALL}s"
echo "mutate: generator: $gen_note"
[ -s "$MDIR/streams.list" ] && echo "mutate: the generated streams alone catch $gen_alone of $nmut mutants"
for n in $names; do
    r=$MDIR/results/$n
    st=$(cut -f1 "$r" 2>/dev/null)
    case $st in
    caught) ;;
    *) echo "  $n: ${st:-error}: $(cut -f6 "$r" 2>/dev/null) (log: $MDIR/logs/$n.log)" ;;
    esac
done
[ $((survived + stale + broken + other)) = 0 ]
