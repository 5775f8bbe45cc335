#!/bin/sh
# Memory independent of input length: every streaming command (run on each
# engine, annotate, cover, explain, compile) holds the same few items on a
# long generated stream as on a short one, and stays under 64 MiB; a file
# as long as vmxr gen writes (its largest count) is accepted whole.
#   tests/memory.sh VMXR PEAK_RSS
# PEAK_RSS is tests/peak_rss.c built. Prints each figure (KiB).
set -u
vmxr=$1 peak=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

LIMIT_KB=65536 # 64 MiB, for any length
GROWTH_KB=4096 # a long stream may hold at most this much more than a short one

"$vmxr" gen --seed 11 --count 2000 -o "$tmp/short.vec" || exit 2
"$vmxr" gen --seed 11 --count 400000 -o "$tmp/long.vec" || exit 2
"$vmxr" gen --seed 11 --count 40000 -o "$tmp/mid.vec" || exit 2

# kb NAME EXIT CMD...: runs CMD under peak_rss, its peak in $kb
kb() {
    name=$1 want=$2
    shift 2
    check "$name" "$want" "$peak" "$tmp/rss" "$@"
    kb=$(cat "$tmp/rss" 2>/dev/null || echo 999999999)
}

# same NAME SHORT LONG: the long run within GROWTH_KB of the short one and
# under LIMIT_KB
same() {
    echo "memory: $1: $2 KiB short, $3 KiB long"
    if [ "$3" -le "$LIMIT_KB" ] && [ "$3" -le $(($2 + GROWTH_KB)) ]; then ok; else
        ko "$1: $3 KiB on the long stream against $2 KiB on the short one (limit $LIMIT_KB, growth $GROWTH_KB)"
    fi
}

# engine SHORT LONG: vmxr run on each engine of the build
engines=$("$vmxr" params --engines) || exit 2
for e in $engines; do
    case $e in
    txn | model) long=$tmp/long.vec ;;
    *) long=$tmp/mid.vec ;; # the RTL engines clock ten times slower
    esac
    kb "run $e short" 0 "$vmxr" run -q --engine "$e" "$tmp/short.vec"
    s=$kb
    kb "run $e long" 0 "$vmxr" run -q --engine "$e" "$long"
    same "run --engine $e" "$s" "$kb"
done

kb "annotate short" 0 "$vmxr" annotate -o "$tmp/a.vec" "$tmp/short.vec"
s=$kb
kb "annotate long" 0 "$vmxr" annotate -o "$tmp/a.vec" "$tmp/long.vec"
same annotate "$s" "$kb"
kb "cover short" 0 "$vmxr" cover "$tmp/short.vec"
s=$kb
kb "cover long" 0 "$vmxr" cover "$tmp/long.vec"
same cover "$s" "$kb"
kb "compile short" 0 "$vmxr" compile -o "$tmp/s.stim" "$tmp/short.vec"
s=$kb
kb "compile long" 0 "$vmxr" compile -o "$tmp/l.stim" "$tmp/long.vec"
same compile "$s" "$kb"
line=$(grep -n '^ev' "$tmp/short.vec" | tail -n 1 | cut -d: -f1)
kb "explain short" 0 "$vmxr" explain "$tmp/short.vec" --line "$line"
s=$kb
line=$(grep -n '^ev' "$tmp/long.vec" | tail -n 1 | cut -d: -f1)
kb "explain long" 0 "$vmxr" explain "$tmp/long.vec" --line "$line"
same explain "$s" "$kb"

# the largest stream vmxr gen writes (about 245 MB) is read whole: every
# line checked on opening, then the first command explained
"$vmxr" gen --seed 12 --count 10000000 -o "$tmp/max.vec" || ko "gen --count 10000000"
line=$(grep -n -m 1 '^ev' "$tmp/max.vec" | cut -d: -f1)
kb "explain of gen's largest stream" 0 "$vmxr" explain "$tmp/max.vec" --line "$line"
echo "memory: gen --count 10000000 ($(wc -c < "$tmp/max.vec") bytes) read in $kb KiB"
[ "$kb" -le "$LIMIT_KB" ] && ok || ko "gen's largest stream: $kb KiB"
rm -f "$tmp/max.vec"

summary memory
