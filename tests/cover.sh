#!/bin/sh
# `vmxr cover`: the table and the JSON of the directed set, its holes, the
# merge of two halves against the whole, the txn engine (no timing bins),
# and the usage / malformed-input errors (exit 2).
#   cover.sh VMXR
set -u
vmxr=$1
dir=$(dirname "$0")/../vectors/directed
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# run NAME WANT ARGS...: vmxr cover ARGS exits WANT; output in $tmp/out, $tmp/err
run() {
    name=$1 want=$2
    shift 2
    "$vmxr" cover "$@" > "$tmp/out" 2> "$tmp/err"
    got=$?
    if [ "$got" = "$want" ]; then
        ok
    else
        ko "$name: exit $got, expected $want"
        sed 's/^/  | /' "$tmp/out" "$tmp/err" >&2
    fi
}

has() { # NAME FILE PATTERN...: each fixed string occurs in FILE
    n=$1 f=$2
    shift 2
    for p in "$@"; do
        if grep -qF -- "$p" "$f"; then ok; else ko "$n: no '$p' in $f:"; sed 's/^/  | /' "$f" | head -n 40 >&2; fi
    done
}

same() { # NAME A B: files A and B are identical
    if cmp -s "$2" "$3"; then ok; else ko "$1: $2 and $3 differ:"; diff "$2" "$3" | head -n 20 | sed 's/^/  | /' >&2; fi
}

valid_json() { # NAME FILE
    if command -v python3 > /dev/null 2>&1; then
        if python3 -m json.tool "$2" > /dev/null 2> "$tmp/jerr"; then ok; else ko "$1: invalid JSON:"; sed 's/^/  | /' "$tmp/jerr" >&2; fi
    fi
}

# count FILE BIN: the count of BIN in a JSON file written by --json
count() {
    sed -n "s|^    \"$2\": \([0-9]*\),*\$|\1|p" "$1"
}

set -- "$dir"/*.vec
nvec=$#
if [ "$nvec" -lt 2 ]; then
    echo "cover: no directed vectors in $dir" >&2
    exit 2
fi

# ---- the directed set on the model ---------------------------------------
run "directed set" 0 --json "$tmp/all.json" "$@"
cp "$tmp/out" "$tmp/all.txt"
has "table" "$tmp/all.txt" "covered $nvec vector files on engine model" "coverage: " "holes: " \
    "outcome " "err " "ior " "plat " "pf " "group " "fallback " "stack " "inject " "apb " "timing " "mem " "key " \
    "EVENT/DELIVER/IOR=" "BAD_CPU=" "winner/0=" "tie=" "wr/LOCKED=" "cmd_held/by_wr=" \
    "EVENT/DELIVER/MEM=" "EVENT/LOCAL/KEY=" "access/7=" "edge/limit_plus1=" "grp/none_fallback=" "lock/range="
valid_json "directed JSON" "$tmp/all.json"
has "JSON" "$tmp/all.json" '"bins": {' '"total": ' '"hit": ' '"holes": ['
if grep -q "^internal:\|^warning:" "$tmp/all.txt"; then
    ko "directed set: the replay disagrees with the model or the engine:"
    grep "^internal:\|^warning:" "$tmp/all.txt" | sed 's/^/  | /' >&2
else
    ok
fi
total=$(sed -n 's/^  "total": \([0-9]*\),$/\1/p' "$tmp/all.json")
hit=$(sed -n 's/^  "hit": \([0-9]*\),$/\1/p' "$tmp/all.json")
holes=$(sed -n 's/^holes: \([0-9]*\)$/\1/p' "$tmp/all.txt")
listed=$(sed -n '/^holes: /,$p' "$tmp/all.txt" | grep -c '^  [a-z]')
if [ -n "$total" ] && [ -n "$hit" ] && [ -n "$holes" ] && [ $((total - hit)) = "$holes" ] && [ "$listed" = "$holes" ]; then
    ok
else
    ko "directed set: total '$total', hit '$hit', holes '$holes', listed '$listed' do not add up"
fi
# the timing bins come from the port-level run
if [ "$(count "$tmp/all.json" timing/cmd_held/by_wr)" -gt 0 ] 2> /dev/null; then ok; else ko "model: no timing/cmd_held/by_wr"; fi
echo "cover: directed set: $hit/$total bins hit, $holes holes:"
sed -n '/^holes: /,$p' "$tmp/all.txt" | grep '^  [a-z]' | sed 's/^  /  hole: /'

# ---- two halves merged equal the whole ------------------------------------
half=$((nvec / 2))
i=0 first="" second=""
for f in "$@"; do
    i=$((i + 1))
    if [ $i -le $half ]; then first="$first $f"; else second="$second $f"; fi
done
# shellcheck disable=SC2086 # word splitting of the file lists is intended
run "first half" 0 --json "$tmp/a.json" $first
# shellcheck disable=SC2086
run "second half" 0 --json "$tmp/b.json" $second
run "merge" 0 --merge --json "$tmp/m.json" "$tmp/a.json" "$tmp/b.json"
cp "$tmp/out" "$tmp/m.txt"
same "merge of the halves vs the whole (JSON)" "$tmp/all.json" "$tmp/m.json"
sed 1d "$tmp/all.txt" > "$tmp/all.body"
sed 1d "$tmp/m.txt" > "$tmp/m.body"
same "merge of the halves vs the whole (table)" "$tmp/all.body" "$tmp/m.body"
has "merge header" "$tmp/m.txt" "merged 2 coverage files"
run "merge of one file" 0 --merge --json "$tmp/m1.json" "$tmp/all.json"
same "merge of one file round-trips" "$tmp/all.json" "$tmp/m1.json"
run "JSON to stdout" 0 --merge --json - "$tmp/all.json"
same "--json - writes the JSON to stdout" "$tmp/all.json" "$tmp/out"
has "--json -: the table on stderr" "$tmp/err" "holes: "

# ---- engines -----------------------------------------------------------------
run "txn" 0 --engine txn --json "$tmp/txn.json" "$@"
has "txn header" "$tmp/out" "on engine txn (no timing bins)"
t=$(sed -n 's|^    "timing/[^"]*": \([0-9]*\),*$|\1|p' "$tmp/txn.json" | sort -u | tr '\n' ' ')
if [ "$t" = "0 " ]; then ok; else ko "txn: timing counts '$t', expected all 0"; fi
# the functional bins do not depend on the engine
grep -v '"timing/' "$tmp/txn.json" | grep '^    "' > "$tmp/txn.fun"
grep -v '"timing/' "$tmp/all.json" | grep '^    "' > "$tmp/all.fun"
same "txn and model agree on every functional bin" "$tmp/all.fun" "$tmp/txn.fun"
run "stall seed" 0 --stall-seed 7 --json "$tmp/s7.json" "$@"
grep -v '"timing/' "$tmp/s7.json" | grep '^    "' > "$tmp/s7.fun"
same "stalls change no functional bin" "$tmp/all.fun" "$tmp/s7.fun"
# cosim, if this build has it (an unknown engine is refused before --help)
if "$vmxr" cover --engine cosim --help > /dev/null 2>&1; then
    run "cosim" 0 --engine cosim --json "$tmp/cosim.json" "$@"
    same "cosim gives the model's coverage" "$tmp/all.json" "$tmp/cosim.json"
fi

# ---- usage and malformed input ----------------------------------------------
run "help" 0 --help
has "help" "$tmp/out" "usage: vmxr cover" "--merge" "--json OUT" "--stall-seed S"
run "no file" 2
has "no file" "$tmp/err" "no vector file given"
run "unknown option" 2 --bogus "$1"
has "unknown option" "$tmp/err" "unknown option '--bogus'"
run "unknown engine" 2 --engine nope "$1"
has "unknown engine" "$tmp/err" "unknown engine 'nope'"
run "--engine without a value" 2 "$1" --engine
run "bad stall seed" 2 --stall-seed 12x "$1"
has "bad stall seed" "$tmp/err" "bad --stall-seed"
run "--json without a value" 2 "$1" --json
run "--merge without files" 2 --merge
run "--merge with --engine" 2 --merge --engine txn "$tmp/a.json"
run "missing vector file" 2 "$tmp/nonexistent.vec"
printf 'vmxr-vectors 1\nev cpu=0 reason=10 bogus=1\n' > "$tmp/bad.vec"
run "malformed vector file" 2 --json "$tmp/bad-out.json" "$1" "$tmp/bad.vec"
has "malformed vector file" "$tmp/err" "bad.vec:2:"
if [ -e "$tmp/bad-out.json" ]; then ko "malformed vector file: JSON written anyway"; else ok; fi
printf '{"bins": {' > "$tmp/trunc.json"
run "truncated JSON" 2 --merge "$tmp/a.json" "$tmp/trunc.json"
has "truncated JSON" "$tmp/err" "trunc.json:1:"
sed 's|"group/tie"|"group/bogus"|' "$tmp/a.json" > "$tmp/unknown.json"
run "unknown bin" 2 --merge "$tmp/unknown.json"
has "unknown bin" "$tmp/err" "bin group/bogus unknown to this build"
printf 'not json at all\0\377' > "$tmp/garbage.json"
run "garbage" 2 --merge "$tmp/garbage.json"
run "vector file given to --merge" 2 --merge "$1"
run "unwritable --json" 2 --engine txn --json "$tmp/no/such/dir/x.json" "$1"
has "unwritable --json" "$tmp/err" "vmxr cover: $tmp/no/such/dir/x.json: No such file or directory"

summary cover
