#!/bin/sh
# One fuzz target under afl-fuzz for a bounded time, then its new finds
# into the committed corpus (make fuzz; docs/testing.md).
#   fuzz.sh TARGET BIN PLAIN CORPUS OUT SECONDS
# BIN: the harness built with afl-clang-fast (afl-fuzz runs it); PLAIN: the
# same with one input a process (afl-showmap and afl-cmin run it, each
# process's map being then the input's own); CORPUS: tests/fuzz/corpus/TARGET
# (afl-fuzz's seeds); OUT: afl's output directory (made anew). Added to
# CORPUS, each named by the first 16 hex digits of its SHA-1:
#   id-HASH     a queue entry that reaches an edge (afl-showmap -e: hit
#               counts aside) that no corpus file reaches (below: how they
#               are chosen)
#   crash-HASH, hang-HASH   every crash and hang afl-fuzz saved
# Prints the run's figures (fuzzer_stats) and every file it adds; exit 1 if
# afl-fuzz failed or a crash or hang was found.
set -eu
t=$1 bin=$2 plain=$3 corpus=$4 out=$5 secs=$6
export AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
# A sanitizer report is a crash (abort); no leak check at each exit (the
# replay in make test checks leaks over the whole corpus).
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=0:symbolize=0 UBSAN_OPTIONS=abort_on_error=1:halt_on_error=1
rm -rf "$out"
mkdir -p "$out/seeds"
# the seeds: the corpus but for the reproducers of bugs not fixed yet
for f in "$corpus"/*; do
    case ${f##*/} in crash-* | hang-*) echo "fuzz $t: not a seed: $f" ;; *) cp "$f" "$out/seeds/" ;; esac
done
echo "fuzz $t: afl-fuzz for $secs s from $(ls "$out/seeds" | wc -l) corpus files ($out/afl-fuzz.log)"
# -t: a corpus input takes milliseconds; 2 s is a hang, kept as hang-*
afl-fuzz -i "$out/seeds" -o "$out/afl" -V "$secs" -t 2000 -G 16384 -- "$bin" > "$out/afl-fuzz.log" 2>&1 ||
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

# The queue minimized (afl-cmin -e), each entry's edges, what the corpus
# reaches; then greedily the entry that reaches the most edges the corpus
# and the entries taken so far do not (the smaller on a tie), until none
# reaches a new one.
afl-cmin -e -i "$d/queue" -o "$out/cmin" -- "$plain" > "$out/afl-cmin.log" 2>&1 ||
    { tail -n 20 "$out/afl-cmin.log"; echo "fuzz $t: afl-cmin failed"; exit 1; }
afl-showmap -q -e -i "$out/cmin" -o "$out/maps" -- "$plain" > /dev/null 2>&1 || true
afl-showmap -q -e -C -i "$out/seeds" -o "$out/corpus.map" -- "$plain" > /dev/null 2>&1
for f in "$out/cmin"/*; do echo "$(wc -c < "$f") ${f##*/}"; done > "$out/sizes"
awk 'FILENAME == ARGV[1] { have[$0] = 1; next }
     FILENAME == ARGV[2] { size[$2] = $1 + 0; next }
     { n = FILENAME; sub(".*/", "", n); edges[n] = edges[n] " " $0 }
     END {
         for (;;) {
             best = ""; bestn = 0
             for (n in edges) {
                 k = split(edges[n], e, " "); c = 0
                 for (i = 1; i <= k; i++) if (!(e[i] in have)) c++
                 if (c > bestn || (c > 0 && c == bestn && (size[n] < size[best] || (size[n] == size[best] && n < best)))) {
                     best = n; bestn = c
                 }
             }
             if (!bestn) break
             print best
             k = split(edges[best], e, " "); for (i = 1; i <= k; i++) have[e[i]] = 1
             delete edges[best]
         }
     }' "$out/corpus.map" "$out/sizes" "$out/maps"/* > "$out/new"
while read -r n; do add "$out/cmin/$n" id; done < "$out/new"
bad=0
for kind in crash hang; do
    for f in "$d/${kind}s"/id:* "$d/${kind}es"/id:*; do # crashes/, hangs/
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
