#!/bin/sh
# Runs the stages of `make test` (Makefile: test-body) in two lanes on a
# 2-core machine: the FOREGROUND stages one after the other with their
# output as it comes, and meanwhile the BACKGROUND stages (self-contained:
# their own build directories, nothing the foreground builds or reads),
# one after the other, each into build/test-logs/STAGE.log, shown (tail)
# when the foreground is done. Each stage's wall time goes to
# build/test-logs/times (STAGE SECONDS LANE), printed at the end. Closes
# with the countable line 'stages: N passed, M failed'; exit 1 if any
# stage failed.
#   stages.sh MAKE "FOREGROUND..." "BACKGROUND..."
set -u
make=$1 fg=$2 bg=$3
logs=build/test-logs
mkdir -p "$logs" || exit 2
rm -f "$logs"/*.log "$logs"/*.status "$logs/times"
(
    for t in $bg; do
        t0=$(date +%s)
        $make --no-print-directory "$t" > "$logs/$t.log" 2>&1
        echo $? > "$logs/$t.status"
        echo "$t $(($(date +%s) - t0)) alongside" >> "$logs/times"
    done
) &
bgpid=$!
trap 'kill "$bgpid" 2>/dev/null' INT TERM
n=0 failed=0
for t in $fg; do
    t0=$(date +%s)
    if $make --no-print-directory "$t"; then
        echo "$t $(($(date +%s) - t0)) foreground" >> "$logs/times"
        n=$((n + 1))
    else
        echo "make test: stage $t failed"
        failed=1
        break
    fi
done
if [ "$failed" = 1 ]; then
    kill "$bgpid" 2>/dev/null
    wait "$bgpid" 2>/dev/null
    echo "stages: $n passed, 1 failed"
    exit 1
fi
wait "$bgpid"
for t in $bg; do
    st=$(cat "$logs/$t.status" 2>/dev/null || echo 1)
    if [ "$st" = 0 ]; then
        echo "== stage $t (ran alongside; $logs/$t.log, its end:)"
        tail -n 8 "$logs/$t.log"
        n=$((n + 1))
    else
        echo "== stage $t FAILED (ran alongside; $logs/$t.log, its end:)"
        tail -n 60 "$logs/$t.log"
        echo "make test: stage $t failed"
        failed=$((failed + 1))
    fi
done
echo "== wall time of each stage (s), lane:"
sort -k2,2nr "$logs/times" | awk '{ printf "  %-20s %5d  %s\n", $1, $2, $3 }'
if [ "$failed" -gt 0 ]; then
    echo "stages: $n passed, $failed failed"
    exit 1
fi
echo "make test: every stage passed ($fg $bg)"
echo "stages: $n passed, 0 failed"
