#!/bin/sh
# Runs the stages of `make test` (Makefile: test-body) in two lanes on a
# 2-core machine: the FOREGROUND stages one after the other with their
# output as it comes, and meanwhile the BACKGROUND stages (self-contained:
# their own build directories, nothing the foreground builds or reads),
# one after the other, each into build/test-logs/STAGE.log, shown (tail)
# when the foreground is done. Each stage's wall time and CPU time (user +
# system of every process it ran) go to build/test-logs/times (STAGE WALL
# CPU LANE), printed at the end with the totals: the CPU seconds are what
# a stage costs on any machine, the wall seconds depend on the other lane
# and the machine's load. Closes
# with the countable line 'stages: N passed, M failed'; exit 1 if any
# stage failed.
#   stages.sh MAKE "FOREGROUND..." "BACKGROUND..."
set -u
make=$1 fg=$2 bg=$3
logs=build/test-logs
mkdir -p "$logs" || exit 2
rm -f "$logs"/*.log "$logs"/*.status "$logs/times"
# stage TARGET LANE: make TARGET in a subshell of its own, which writes its
# children's CPU time (the builtin times, second line) to .times-LANE: a
# fresh process counts only the stage's processes, where this shell's
# count would take in the other lane's when it reaps it
stage() { ( $make --no-print-directory "$1"; rc=$?; times > "$logs/.times-$2"; exit $rc ); }
# cpu FILE: the CPU seconds in FILE
cpu() { awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } printf "%d", t }' "$1"; }
(
    for t in $bg; do
        t0=$(date +%s)
        stage "$t" bg > "$logs/$t.log" 2>&1
        echo $? > "$logs/$t.status"
        echo "$t $(($(date +%s) - t0)) $(cpu "$logs/.times-bg") alongside" >> "$logs/times"
    done
) &
bgpid=$!
trap 'kill "$bgpid" 2>/dev/null' INT TERM
n=0 failed=0
for t in $fg; do
    t0=$(date +%s)
    if stage "$t" fg; then
        echo "$t $(($(date +%s) - t0)) $(cpu "$logs/.times-fg") foreground" >> "$logs/times"
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
echo "== each stage: wall s, CPU s, lane (by CPU):"
sort -k3,3nr "$logs/times" | awk '{ printf "  %-20s %5d %5d  %s\n", $1, $2, $3, $4; c += $3 }
    END { printf "  %-20s %5s %5d\n", "(all stages)", "", c }'
rm -f "$logs"/.times-*
if [ "$failed" -gt 0 ]; then
    echo "stages: $n passed, $failed failed"
    exit 1
fi
echo "make test: every stage passed ($fg $bg)"
echo "stages: $n passed, 0 failed"
