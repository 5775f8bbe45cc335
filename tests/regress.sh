#!/bin/sh
# vmxr regress, the regression runner: a quick regression passes and writes
# valid JUnit XML, coverage JSON and results; shards 1/2 and 2/2 run exactly
# the tests of the whole, and --merge of them gives the whole's functional
# coverage; a failing test is reported with its rerun command; a crashing
# worker fails its test and the rest still run; usage errors exit 2. With
# VMXR_MUTANT (the binary of tests/cosim_mutant.sh, RTL with a GROUP tie
# bug) also that a divergence is reported with its waveform and signature,
# that a flood of failures makes one bucket with bounded artifacts, JUnit
# messages equal to the signature and an index.html whose links resolve,
# and that --max-fail / --fail-fast stop the run.
#   regress.sh VMXR
# Runs from the repository root (the default directed vectors).
set -u
[ $# -eq 1 ] || { echo "usage: sh tests/regress.sh VMXR" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
case $1 in /*) vmxr=$1 ;; *) vmxr=$(pwd)/$1 ;; esac
cd "$root" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib.sh
. "$root/tests/lib.sh"

have_py=false
command -v python3 > /dev/null 2>&1 && have_py=true

# junit_ok NAME FILE TESTS FAILURES: well-formed, one testsuite with the counts
junit_ok() {
    if $have_py; then
        if python3 - "$2" "$3" "$4" > "$tmp/py" 2>&1 << 'EOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuite", root.tag
cases = root.findall("testcase")
fails = [c for c in cases if c.find("failure") is not None]
assert len(cases) == int(sys.argv[2]) == int(root.get("tests")), (len(cases), root.get("tests"))
assert len(fails) == int(sys.argv[3]) == int(root.get("failures")), (len(fails), root.get("failures"))
for c in cases:
    assert c.get("classname") in ("directed", "random"), c.get("classname")
    assert c.get("name") and float(c.get("time")) >= 0
for c in fails:
    assert c.find("failure").get("message"), "failure without message"
EOF
        then ok; else bad "$1: $2 is not the JUnit expected" "$(cat "$tmp/py")"; fi
    else
        n=$(grep -c '<testcase ' "$2")
        f=$(grep -c '<failure ' "$2")
        if head -n 1 "$2" | grep -q '^<?xml' && grep -q '</testsuite>' "$2" && [ "$n" = "$3" ] && [ "$f" = "$4" ]
        then ok; else bad "$1: $2 has $n test cases, $f failures (want $3, $4)" "$(head -n 20 "$2")"; fi
    fi
}

# cov_json_ok NAME FILE: the functional coverage JSON of coverage.h
cov_json_ok() {
    if $have_py; then
        if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d["bins"], dict) and d["total"] == len(d["bins"]) and 0 <= d["hit"] <= d["total"] and isinstance(d["holes"], list)' "$2" 2> "$tmp/py"
        then ok; else bad "$1: $2 is not coverage JSON" "$(cat "$tmp/py")" "$(head -c 400 "$2")"; fi
    else
        if grep -q '"bins"' "$2" && grep -q '"total"' "$2"; then ok; else bad "$1: $2 is not coverage JSON"; fi
    fi
}

# same_cov NAME A B: the same bins with the same counts
same_cov() {
    if $have_py; then
        if python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); assert a["bins"] == b["bins"] and a["hit"] == b["hit"] and a["total"] == b["total"]' "$2" "$3" 2> "$tmp/py"
        then ok; else bad "$1: $2 and $3 differ" "$(cat "$tmp/py")"; fi
    elif cmp -s "$2" "$3"; then ok; else bad "$1: $2 and $3 differ"; fi
}

rows() { grep -v '^#' "$1"; } # the test rows of a results.tsv

if ! "$vmxr" regress --help > "$tmp/out" 2>&1; then
    bad "vmxr regress exists" "$vmxr has no 'regress' command: build cli/cmd_regress.c and dv/regress*.c and" \
        "dispatch 'regress' to cmd_regress() in cli/main.c" "$(cat "$tmp/out")"
    echo "regress-tests: $pass passed, $fail failed"
    exit 1
fi
ndir=$(ls vectors/directed/*.vec vectors/firmware/*.vec | wc -l)

# ---- (a) a quick regression passes and writes its files ---------------------
q=$tmp/quick
check "quick regression passes" 0 "$vmxr" regress --quick -j 2 --out "$q"
cp "$tmp/out" "$tmp/quick.out"
cp "$tmp/err" "$tmp/quick.err"
nq=$((ndir + 12))
expect_text "closing line" "$tmp/quick.out" "regress: $nq passed, 0 failed"
[ "$(tail -n 1 "$tmp/quick.out")" = "regress: $nq passed, 0 failed" ] && ok ||
    bad "the closing line is the last" "$(tail -n 3 "$tmp/quick.out")"
expect_text "table header" "$tmp/quick.out" "test                                         engine  commands     cycles result       time"
expect_text "a directed row" "$tmp/quick.out" "directed/group_least_usage"
expect_text "a random row" "$tmp/quick.out" "random/seed-12"
expect_text "functional coverage printed" "$tmp/quick.out" "functional coverage"
expect_text "plain progress on a non-terminal" "$tmp/quick.err" "regress: [$nq/$nq] 0 failed, "
junit_ok "quick JUnit" "$q/junit.xml" "$nq" 0
cov_json_ok "quick coverage JSON" "$q/coverage.json"
[ "$(rows "$q/results.tsv" | wc -l)" = "$nq" ] && ok || bad "results.tsv has $nq rows" "$(cat "$q/results.tsv")"
if rows "$q/results.tsv" | awk -F'\t' '$4 != "PASS" || $5 == 0 && $2 == "random" { exit 1 }'; then ok; else
    bad "every row PASS with commands" "$(cat "$q/results.tsv")"; fi
ls "$q/gen/"*.vec > /dev/null 2>&1 && bad "passing streams are not kept without --keep-gen" "$(ls "$q/gen")" || ok
check "explicit --junit and --cov-json" 0 "$vmxr" regress --no-directed --seeds 2 --out "$tmp/x" \
    --junit "$tmp/j.xml" --cov-json "$tmp/c.json"
[ -s "$tmp/j.xml" ] && [ -s "$tmp/c.json" ] && ok || bad "--junit/--cov-json files not written"
junit_ok "--junit file" "$tmp/j.xml" 2 0

# ---- (b) the test list: deterministic; shards partition it -----------------
check "--list" 0 "$vmxr" regress --quick --list
cp "$tmp/out" "$tmp/list.all"
[ "$(wc -l < "$tmp/list.all")" = "$nq" ] && ok || bad "--list gives $nq tests" "$(cat "$tmp/list.all")"
"$vmxr" regress --quick --list > "$tmp/list.again" 2>&1
cmp -s "$tmp/list.all" "$tmp/list.again" && ok || bad "--list is deterministic"
head -n 1 "$tmp/list.all" | grep -q "^0	directed/" && ok || bad "directed tests first" "$(head -n 2 "$tmp/list.all")"
tail -n 1 "$tmp/list.all" | grep -q "^$((nq - 1))	random/seed-12	" && ok ||
    bad "random seeds last, in order" "$(tail -n 2 "$tmp/list.all")"
"$vmxr" regress --quick --list --seed-base 100 | tail -n 1 | grep -q "random/seed-111	" && ok ||
    bad "--seed-base moves the seeds"
"$vmxr" regress --quick --list --shard 1/2 > "$tmp/list.1"
"$vmxr" regress --quick --list --shard 2/2 > "$tmp/list.2"
sort "$tmp/list.1" "$tmp/list.2" | sort -n > "$tmp/list.12"
sort -n "$tmp/list.all" > "$tmp/list.sorted"
cmp -s "$tmp/list.12" "$tmp/list.sorted" && ok || bad "--list shards 1/2 + 2/2 = the whole" "$(diff "$tmp/list.12" "$tmp/list.sorted")"
cut -f1 "$tmp/list.1" | sort > "$tmp/l1"
cut -f1 "$tmp/list.2" | sort > "$tmp/l2"
[ -s "$tmp/l1" ] && [ -s "$tmp/l2" ] && [ -z "$(comm -12 "$tmp/l1" "$tmp/l2")" ] && ok ||
    bad "--list shards are disjoint and not empty" "$(comm -12 "$tmp/l1" "$tmp/l2")"
awk -F'\t' 'NR > 0 && $1 % 2 != 0 { exit 1 }' "$tmp/list.1" && ok || bad "shard 1/2 takes the even positions" "$(cat "$tmp/list.1")"
"$vmxr" regress --quick --list --shard 3/3 | awk -F'\t' '$1 % 3 != 2 { exit 1 }' && ok || bad "shard 3/3 takes positions 2, 5, ..."

s1=$tmp/shard-1 s2=$tmp/shard-2
check "shard 1/2 runs" 0 "$vmxr" regress --quick -j 2 --shard 1/2 --out "$s1"
check "shard 2/2 runs" 0 "$vmxr" regress --quick -j 1 --shard 2/2 --out "$s2"
rows "$s1/results.tsv" > "$tmp/r12"
rows "$s2/results.tsv" >> "$tmp/r12"
cut -f1-3 "$tmp/r12" | sort -n > "$tmp/t12"
rows "$q/results.tsv" | cut -f1-3 | sort -n > "$tmp/tq"
cmp -s "$tmp/t12" "$tmp/tq" && ok || bad "the two shards ran exactly the tests of the whole" "$(diff "$tmp/t12" "$tmp/tq")"
rows "$s1/results.tsv" | cut -f1 | sort > "$tmp/i1"
rows "$s2/results.tsv" | cut -f1 | sort > "$tmp/i2"
[ -z "$(comm -12 "$tmp/i1" "$tmp/i2")" ] && ok || bad "no test in both shards" "$(comm -12 "$tmp/i1" "$tmp/i2")"
m=$tmp/merged
check "--merge of the shards" 0 "$vmxr" regress --merge --out "$m" "$s1" "$s2"
expect_text "--merge closing line" "$tmp/out" "regress: $nq passed, 0 failed"
expect_text "--merge counts the tests" "$tmp/out" "$nq of $nq tests"
same_cov "merged functional coverage = unsharded" "$m/coverage.json" "$q/coverage.json"
junit_ok "merged JUnit" "$m/junit.xml" "$nq" 0
rows "$m/results.tsv" | cut -f1-3 > "$tmp/tm"
cmp -s "$tmp/tm" "$tmp/tq" && ok || bad "merged results in test order" "$(diff "$tmp/tm" "$tmp/tq")"
check "--merge of one shard: tests missing" 1 "$vmxr" regress --merge --out "$tmp/m1" "$s1"
expect_text "--merge names the missing tests" "$tmp/out" "missing"
check "--merge of a shard twice" 2 "$vmxr" regress --merge --out "$tmp/m2" "$s1" "$s1"
check "--merge of another regression" 2 "$vmxr" regress --merge --out "$tmp/m3" "$s1" "$tmp/x"

# ---- (c) a failing test is reported with its rerun command ------------------
v=$tmp/directed
mkdir -p "$v"
cp vectors/directed/launch_rules.vec "$v/good.vec"
# the first expectation 'launched vm N' made wrong: expect vm N+1
awk '!done && /=> launched vm [0-9]+/ { match($0, /launched vm [0-9]+/); n = substr($0, RSTART + 12, RLENGTH - 12);
     sub(/launched vm [0-9]+/, "launched vm " (n + 1)); done = 1; bl = NR } { print } END { print bl > "/dev/stderr" }' \
    vectors/directed/launch_rules.vec > "$v/bad.vec" 2> "$tmp/badline"
badline=$(cat "$tmp/badline")
f=$tmp/fail
check "a wrong expectation fails the regression" 1 "$vmxr" regress --vectors "$v" --seeds 1 --out "$f"
cp "$tmp/out" "$tmp/fail.out"
expect_text "failing closing line" "$tmp/fail.out" "regress: 2 passed, 1 failed"
expect_text "FAIL row" "$tmp/fail.out" "directed/bad "
grep -E "^directed/bad +cosim .* FAIL " "$tmp/fail.out" > /dev/null && ok || bad "table row with FAIL" "$(cat "$tmp/fail.out")"
expect_text "the failed expectation" "$tmp/fail.out" "$v/bad.vec:$badline: expected launched vm"
expect_text "the rerun command" "$tmp/fail.out" "rerun:  build/vmxr run --engine cosim --stall-seed 1 $v/bad.vec"
junit_ok "JUnit with a failure" "$f/junit.xml" 3 1
grep -q '<failure type="FAIL" message="expect launch: LAUNCHED target">' "$f/junit.xml" && ok ||
    bad "JUnit failure message: the signature" "$(grep -A3 '<failure' "$f/junit.xml")"
expect_text "JUnit system-out has the failed expectation" "$f/junit.xml" "$v/bad.vec:$badline: expected"
expect_text "a bucket for the failed expectation" "$tmp/fail.out" "1. 1 x  expect launch: LAUNCHED target"
expect_text "JUnit failure carries the rerun" "$f/junit.xml" "rerun:  build/vmxr run --engine cosim --stall-seed 1 $v/bad.vec"
# the hints a divergence gets: why (explain of the failing command's line),
# its explanation written, a waveform around its decision
expect_text "a failed expectation: why" "$tmp/fail.out" "why:    build/vmxr explain $v/bad.vec --line $badline"
expect_text "a failed expectation: explained" "$tmp/fail.out" "explained: $f/explain/bad-line$badline.txt"
expect_text "a failed expectation: waves" "$tmp/fail.out" "waves:  $f/waves/bad-L$badline.fst"
[ -s "$f/waves/bad-L$badline.fst" ] && [ -s "$f/waves/bad-L$badline.gtkw" ] && ok ||
    bad "a failed expectation: the waveform and save file exist" "$(ls -l "$f/waves" 2>&1)"
grep -q "^launch cpu=0 vm=1" "$f/explain/bad-line$badline.txt" 2>/dev/null ||
    grep -qi "launch" "$f/explain/bad-line$badline.txt" 2>/dev/null && ok ||
    bad "a failed expectation: the explanation names the command" "$(cat "$f/explain/bad-line$badline.txt" 2>&1)"
printf 'vmxr-vectors 1\nnonsense here\n' > "$v/malformed.vec"
check "a malformed vector is a failed test" 1 "$vmxr" regress --vectors "$v" --seeds 0 --out "$tmp/mal"
grep -E "^directed/malformed +cosim .* ERROR " "$tmp/out" > /dev/null && ok || bad "ERROR row" "$(cat "$tmp/out")"
expect_text "malformed: the parser's message" "$tmp/out" "$v/malformed.vec:2:"
rm -f "$v/malformed.vec"

# ---- (d) a crashing worker fails its test; the others still run -------------
# VMXR_REGRESS_CRASH_TEST is dv/regress_worker.c's test hook: abort() there.
c=$tmp/crash
check "a worker crash fails the regression" 1 env VMXR_REGRESS_CRASH_TEST=random/seed-2 \
    "$vmxr" regress --no-directed --seeds 5 -j 1 --out "$c"
cp "$tmp/out" "$tmp/crash.out"
expect_text "crash closing line" "$tmp/crash.out" "regress: 4 passed, 1 failed"
grep -E "^random/seed-2 +cosim .* CRASH " "$tmp/crash.out" > /dev/null && ok || bad "CRASH row" "$(cat "$tmp/crash.out")"
expect_text "crash: the signal" "$tmp/crash.out" "killed by signal 6"
expect_text "crash: a replacement worker ran the rest" "$tmp/crash.out" "1 replacement worker started"
expect_text "crash: the seed" "$tmp/crash.out" "CRASH random/seed-2 (seed 2, stall seed 2"
expect_text "crash: regenerate command" "$tmp/crash.out" "regen:  build/vmxr gen --seed 2 --count 2000 --mix "
expect_text "crash: rerun command" "$tmp/crash.out" "rerun:  build/vmxr run --engine cosim --stall-seed 2 $c/gen/seed-2.vec"
[ -s "$c/gen/seed-2.vec" ] && ok || bad "the failed seed's stream is written" "$(ls -la "$c/gen")"
"$vmxr" run -q --engine cosim --stall-seed 2 "$c/gen/seed-2.vec" > "$tmp/rerun" 2>&1 && ok ||
    bad "the rerun command runs" "$(cat "$tmp/rerun")"
junit_ok "JUnit with a crash" "$c/junit.xml" 5 1
grep -q '<failure type="CRASH"' "$c/junit.xml" && ok || bad "JUnit CRASH failure"
check "a crash on the first test" 1 env VMXR_REGRESS_CRASH_TEST=seed-1 \
    "$vmxr" regress --no-directed --seeds 4 -j 2 --out "$tmp/crash2"
expect_text "crash 2: closing line" "$tmp/out" "regress: 3 passed, 1 failed"

# ---- (e) a divergence (mutant RTL): report, rerun, waveform ----------------
mutant=${VMXR_MUTANT:-}
if [ -n "$mutant" ] && [ -x "$mutant" ] && "$mutant" regress --help > /dev/null 2>&1; then
    d=$tmp/div
    mkdir -p "$tmp/gvec/directed"
    cp vectors/directed/group_least_usage.vec "$tmp/gvec/directed/"
    check "the mutant diverges" 1 "$mutant" regress --vectors "$tmp/gvec/directed" --seeds 0 --out "$d"
    grep -E "^directed/group_least_usage +cosim .* DIVERGE " "$tmp/out" > /dev/null && ok || bad "DIVERGE row" "$(cat "$tmp/out")"
    expect_text "divergence report" "$tmp/out" "model and RTL diverge at cycle"
    expect_text "divergence: port" "$tmp/out" "dec_to       model 0x11  rtl 0x13"
    expect_text "divergence: why" "$tmp/out" "why:    build/vmxr explain $tmp/gvec/directed/group_least_usage.vec --line 19"
    w=$(sed -n 's/^  waves:  \(.*\.fst\)$/\1/p' "$tmp/out")
    [ -n "$w" ] && [ -s "$w" ] && [ -s "${w%.fst}.gtkw" ] && ok || bad "divergence waveform written" "$(cat "$tmp/out")"
    sig="diverge EVENT at rule GROUP"
    expect_text "divergence: the signature line" "$tmp/out" "  |   signature: $sig"
    expect_text "divergence: one bucket" "$tmp/out" "failure buckets (1; 1 failure):"

    # a flood of failures: copies of the vector the tie bug fails, no
    # --max-fail: one bucket, artifacts for 2 failures + the reproducer
    b=$tmp/flood
    mkdir -p "$tmp/flood-vec"
    for k in 1 2 3 4 5 6 7 8; do cp vectors/directed/group_least_usage.vec "$tmp/flood-vec/g$k.vec"; done
    check "flood: the mutant fails every copy" 1 "$mutant" regress --vectors "$tmp/flood-vec" --seeds 0 -j 2 \
        --max-fail 0 --out "$b"
    cp "$tmp/out" "$tmp/flood.out"
    cp "$tmp/err" "$tmp/flood.err"
    expect_text "flood: one bucket, all failures" "$tmp/flood.out" "failure buckets (1; 8 failures):"
    expect_text "flood: the bucket's signature" "$tmp/flood.out" "1. 8 x  $sig"
    expect_re "flood: the smallest reproducer's rerun" "$tmp/flood.out" \
        "^     rerun:  build/vmxr run --engine cosim --stall-seed 1 $tmp/flood-vec/g[1-8].vec$"
    [ "$(grep -c 'new failure bucket' "$tmp/flood.err")" = 1 ] && ok ||
        bad "flood: stderr names the bucket once" "$(cat "$tmp/flood.err")"
    nfst=$(ls "$b/waves/"*.fst 2> /dev/null | wc -l)
    nfilt=$(ls "$b/waves/"*.txt 2> /dev/null | wc -l)
    [ "$nfst" -ge 2 ] && [ "$nfst" -le 3 ] && [ "$nfilt" = 7 ] && ok ||
        bad "flood: waves for 2 failures + the reproducer, one set of 7 filters" "$(ls "$b/waves")"
    kb=$(du -sk "$b" | cut -f1)
    [ "$kb" -lt 2048 ] && ok || bad "flood: output directory $kb KB, budget 2 MB" "$(du -ak "$b" | sort -n | tail)"
    ls "$b/explain/"*.txt > /dev/null 2>&1 && ok || bad "flood: explain output of the reproducer" "$(ls -R "$b")"
    if $have_py; then
        if python3 - "$b" > "$tmp/py" 2>&1 << 'EOF'
import sys, json, os, re, xml.etree.ElementTree as ET
d = sys.argv[1]
res = json.load(open(os.path.join(d, "results.json")))
sigs = {b["signature"] for b in res["buckets"]}
assert len(sigs) == 1, sigs
assert res["git"]["commit"] is None or re.fullmatch(r"[0-9a-f]{40}", res["git"]["commit"]), res["git"]
for k in ("params", "verilator", "compiler", "command"):
    assert res[k], k
rows = {l.split("\t")[2]: l.rstrip("\n").split("\t")[-1] for l in open(os.path.join(d, "results.tsv")) if l[0] != "#"}
root = ET.parse(os.path.join(d, "junit.xml")).getroot()
props = {p.get("name"): p.get("value") for p in root.find("properties")}
for k in ("git-commit", "git-dirty", "params", "verilator", "compiler", "command"):
    assert props.get(k), k
n = 0
for c in root.findall("testcase"):
    f = c.find("failure")
    if f is None:
        continue
    n += 1
    assert f.get("message") in sigs, f.get("message")
    assert f.get("message") == rows[c.get("name")], (f.get("message"), rows[c.get("name")])
    assert "rerun:" in c.find("system-out").text
assert n == 8, n
html = open(os.path.join(d, "index.html")).read()
links = re.findall(r'href="([^"]+)"', html)
assert any(l.endswith(".gtkw") for l in links) and any(l.startswith("explain/") for l in links), links
for l in links:
    assert not l.startswith("/") and "://" not in l, l
    assert os.path.isfile(os.path.join(d, l)), "dangling link " + l
EOF
        then ok; else bad "flood: JUnit messages = signatures, provenance, index.html links" "$(cat "$tmp/py")"; fi
    else
        [ -s "$b/index.html" ] && ok || bad "flood: index.html written"
    fi

    # --max-fail: the run stops starting tests; the rest are NOT_RUN
    m=$tmp/maxfail
    check "--max-fail 3: fails" 1 "$mutant" regress --vectors "$tmp/flood-vec" --seeds 20 -j 2 --max-fail 3 --out "$m"
    cp "$tmp/out" "$tmp/maxfail.out"
    nf=$(rows "$m/results.tsv" | awk -F'\t' '$4 == "DIVERGE"' | wc -l)
    nn=$(rows "$m/results.tsv" | awk -F'\t' '$4 == "NOT_RUN"' | wc -l)
    [ "$nf" -ge 3 ] && [ "$nf" -le 4 ] && [ "$nn" -ge 20 ] && ok ||
        bad "--max-fail 3: 3 or 4 failures (2 workers), the rest not run" "failed $nf, not run $nn" "$(cat "$m/results.tsv")"
    expect_re "--max-fail: the closing line" "$tmp/maxfail.out" "^regress: [0-9]* passed, [34] failed, $nn not run (--max-fail 3)$"
    grep -q "skipped=\"$nn\"" "$m/junit.xml" && [ "$(grep -c '<skipped ' "$m/junit.xml")" = "$nn" ] && ok ||
        bad "--max-fail: not-run tests are <skipped/> in JUnit" "$(head -n 3 "$m/junit.xml")"
    # --merge of a shard stopped by --max-fail: its NOT_RUN rows stay not
    # run (skipped), not failures
    check "--merge of a stopped run" 1 "$vmxr" regress --merge --out "$tmp/mm" "$m"
    expect_re "--merge: not run counted apart" "$tmp/out" "^regress: [0-9]* passed, [34] failed, $nn not run (--max-fail)$"
    grep -q "skipped=\"$nn\"" "$tmp/mm/junit.xml" && ok ||
        bad "--merge: not-run tests skipped in the merged JUnit" "$(head -n 3 "$tmp/mm/junit.xml")"
    check "--fail-fast" 1 "$mutant" regress --vectors "$tmp/flood-vec" --seeds 0 -j 1 --fail-fast --out "$tmp/ff"
    expect_text "--fail-fast: one failure, the rest not run" "$tmp/out" "regress: 0 passed, 1 failed, 7 not run (--max-fail 1)"
else
    echo "regress-tests: no mutant binary (VMXR_MUTANT; make cosim-mutant builds build/mutant-tie/vmxr): divergence check skipped"
fi

# ---- (f) RTL coverage needs the coverage build -------------------------------
"$vmxr" regress --no-directed --seeds 1 --out "$tmp/rc" --rtl-cov "$tmp/rc" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" = 0 ]; then
    expect_text "--rtl-cov: line and toggle" "$tmp/out" "RTL coverage (Verilator"
    [ -s "$tmp/rc/rtl-coverage/coverage.info" ] && ok || bad "--rtl-cov writes coverage.info"
else
    [ "$rc" = 2 ] && grep -q "not built with Verilator coverage" "$tmp/err" && ok ||
        bad "--rtl-cov on a binary without coverage: exit 2 and why" "$(cat "$tmp/out" "$tmp/err")"
fi

# ---- (g) usage errors exit 2 ------------------------------------------------
check "unknown option" 2 "$vmxr" regress --bogus
check "unexpected argument" 2 "$vmxr" regress file.vec
check "-j 0" 2 "$vmxr" regress -j 0 --list
check "-j x" 2 "$vmxr" regress -jx --list
check "--seeds x" 2 "$vmxr" regress --seeds x --list
check "--seeds without a value" 2 "$vmxr" regress --seeds
check "--count 0" 2 "$vmxr" regress --count 0 --list
check "--max-fail x" 2 "$vmxr" regress --max-fail x --list
check "--waves-per-bucket without a value" 2 "$vmxr" regress --waves-per-bucket
check "--shard 0/2" 2 "$vmxr" regress --shard 0/2 --list
check "--shard 3/2" 2 "$vmxr" regress --shard 3/2 --list
check "--shard 1" 2 "$vmxr" regress --shard 1 --list
check "--shard 1/x" 2 "$vmxr" regress --shard 1/x --list
check "--mix unknown" 2 "$vmxr" regress --mix no-such-mix --list
expect_text "--mix: the mixes are listed" "$tmp/err" "mixes:"
check "--seed-base overflow" 2 "$vmxr" regress --seed-base 18446744073709551615 --seeds 2 --list
check "--vectors missing" 2 "$vmxr" regress --vectors "$tmp/none" --list
check "no tests" 2 "$vmxr" regress --no-directed --seeds 0
check "--merge without directories" 2 "$vmxr" regress --merge
check "--merge of a missing directory" 2 "$vmxr" regress --merge "$tmp/none"
check "--merge of a non-result directory" 2 "$vmxr" regress --merge "$v"
check "--help" 0 "$vmxr" regress --help
expect_text "--help names --shard" "$tmp/out" "--shard i/n"

summary regress-tests
