#!/bin/sh
# One fuzz target under afl-fuzz for a bounded time, then its new finds
# into the committed corpus (make fuzz; docs/testing.md).
#   fuzz.sh TARGET BIN CORPUS OUT SECONDS
# BIN: the harness built with afl-clang-fast; CORPUS: tests/fuzz/corpus/TARGET
# (afl-fuzz's seeds); OUT: afl's output directory (made anew). Added to
# CORPUS, each named by the first 16 hex digits of its SHA-1:
#   id-HASH     a queue entry that, after afl-cmin -e over the queue, reaches
#               an edge (afl-showmap -e: hit counts aside) that no corpus
#               file reaches
#   crash-HASH, hang-HASH   every crash and hang afl-fuzz saved
# Prints the run's figures (fuzzer_stats) and every file it adds; exit 1 if
# afl-fuzz failed or a crash or hang was found.
set -eu
t=$1 bin=$2 corpus=$3 out=$4 secs=$5
export AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
rm -rf "$out"
mkdir -p "$out"
echo "fuzz $t: afl-fuzz for $secs s from $(ls "$corpus" | wc -l) corpus files ($out/afl-fuzz.log)"
# -t: a corpus input takes milliseconds; 2 s is a hang, kept as hang-*
afl-fuzz -i "$corpus" -o "$out/afl" -V "$secs" -t 2000 -G 16384 -- "$bin" > "$out/afl-fuzz.log" 2>&1 ||
    { tail -n 30 "$out/afl-fuzz.log"; echo "fuzz $t: afl-fuzz failed"; exit 1; }
d=$out/afl/default
stat() { sed -n "s/^$1 *: *//p" "$d/fuzzer_stats"; }
echo "fuzz $t: $(stat execs_done) execs in $(stat run_time) s ($(stat execs_per_sec)/s), queue $(stat corpus_count)" \
    "($(stat corpus_found) found), edges $(stat edges_found)/$(stat total_edges) ($(stat bitmap_cvg))," \
    "crashes $(stat saved_crashes), hangs $(stat saved_hangs)"

# add FILE KIND: copies FILE into the corpus as KIND-HASH unless it is there
added=0
add() {
    h=$(sha1sum < "$1" | cut -c1-16)
    if ! cmp -s "$1" "$corpus/$2-$h" 2>/dev/null; then
        cp "$1" "$corpus/$2-$h"
        echo "fuzz $t: added $corpus/$2-$h ($(wc -c < "$1") bytes)"
        added=$((added + 1))
    fi
}

# What the corpus reaches, then the queue minimized and each entry's map.
afl-showmap -q -e -C -i "$corpus" -o "$out/corpus.map" -- "$bin" > /dev/null 2>&1
afl-cmin -e -i "$d/queue" -o "$out/cmin" -- "$bin" > "$out/afl-cmin.log" 2>&1 ||
    { tail -n 20 "$out/afl-cmin.log"; echo "fuzz $t: afl-cmin failed"; exit 1; }
sort -o "$out/corpus.map" "$out/corpus.map"
for f in "$out/cmin"/*; do
    afl-showmap -q -e -o "$out/one.map" -- "$bin" < "$f" > /dev/null 2>&1 || true
    sort -o "$out/one.map" "$out/one.map"
    if [ -n "$(comm -23 "$out/one.map" "$out/corpus.map")" ]; then
        add "$f" id
        sort -u -o "$out/corpus.map" "$out/corpus.map" "$out/one.map"
    fi
done
bad=0
for kind in crash hang; do
    for f in "$d/${kind}es"/id:* "$d/${kind}s"/id:*; do
        [ -f "$f" ] || continue
        add "$f" "$kind"
        bad=$((bad + 1))
    done
done
echo "fuzz $t: added $added file(s) to $corpus"
if [ "$bad" -gt 0 ]; then
    echo "fuzz $t: $bad crash(es)/hang(s): reproduce with $bin FILE (make fuzz-replay replays them under SAN=1)"
    exit 1
fi
