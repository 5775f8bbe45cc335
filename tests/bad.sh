#!/bin/sh
# Malformed input, one case a file, with its golden message (the way
# Verilator keeps its _bad tests):
#
#   tests/bad/NAME.vec   read by `VMXR run tests/bad/NAME.vec`
#   tests/bad/NAME.scn   read by `VMXR fw tests/bad/NAME.scn`
#   tests/bad/NAME.out   the exact stderr expected, FILE:LINE:COL: message
#
# Every case must exit 2 and print exactly its .out on stderr. A case whose
# input has a line "# params: K=V ..." (its message names a build parameter)
# runs only on a VMXR built with those values (`VMXR params`); elsewhere it
# is skipped and said so. Last, a must-fail check: a copy of one .out with
# one character changed must not compare equal.
#
#   sh tests/bad.sh VMXR        (any directory; runs from the repository root)
#
# A new case: write tests/bad/NAME.vec (or .scn), run
#   build/vmxr run tests/bad/NAME.vec 2> tests/bad/NAME.out
# and read the .out before committing it.
set -u
[ $# -eq 1 ] || { echo "usage: sh tests/bad.sh VMXR" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
case $1 in /*) vmxr=$1 ;; *) vmxr=$(pwd)/$1 ;; esac
cd "$root" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
tag="bad: "
# shellcheck source=tests/lib.sh
. "$root/tests/lib.sh"

params=$("$vmxr" params) || { echo "bad: '$vmxr params' failed" >&2; exit 2; }
skipped=0

# run_case INPUT GOLDEN: true when INPUT exits 2 with exactly GOLDEN on stderr
run_case() {
    case $1 in
    *.vec) "$vmxr" run "$1" > "$tmp/out" 2> "$tmp/err" ;;
    *.scn) "$vmxr" fw "$1" > "$tmp/out" 2> "$tmp/err" ;;
    esac
    rc=$?
    [ "$rc" = 2 ] && cmp -s "$2" "$tmp/err"
}

n=0
for f in tests/bad/*.vec tests/bad/*.scn; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    name=${f%.*}
    if [ ! -f "$name.out" ]; then
        bad "$f: no golden $name.out"
        continue
    fi
    need=$(sed -n 's/^# params: *\([^(]*\).*/\1/p' "$f")
    miss=""
    for kv in $need; do
        printf '%s\n' "$params" | tr ' ' '\n' | grep -qxF "$kv" || miss="$miss $kv"
    done
    if [ -n "$miss" ]; then
        skipped=$((skipped + 1))
        echo "bad: skip $f (needs$miss; this build: $params)"
        continue
    fi
    if run_case "$f" "$name.out"; then ok; else
        bad "$f: exit $rc (want 2); stderr against $name.out:" \
            "$(diff -u "$name.out" "$tmp/err" | tail -n +3)" "$(head -n 5 "$tmp/out")"
    fi
done
[ "$n" -gt 0 ] || bad "no cases in tests/bad/"
for o in tests/bad/*.out; do
    [ -e "$o" ] || continue
    [ -f "${o%.out}.vec" ] || [ -f "${o%.out}.scn" ] || bad "$o: no tests/bad/NAME.vec or .scn for it"
    [ -f "${o%.out}.vec" ] && [ -f "${o%.out}.scn" ] && bad "$o: both a .vec and a .scn claim it"
done

# must fail: the first case against a golden with one character changed
first=$(ls tests/bad/*.vec 2> /dev/null | head -n 1)
if [ -n "$first" ] && [ -f "${first%.vec}.out" ]; then
    sed '1s/:/;/' "${first%.vec}.out" > "$tmp/altered.out"
    if run_case "$first" "$tmp/altered.out"; then
        bad "must-fail: $first compared equal to an altered golden"
    else ok; fi
fi

[ "$skipped" = 0 ] || echo "bad: $skipped skipped (their messages name build parameters)"
summary bad
