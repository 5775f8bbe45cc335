#!/bin/sh
# The vmxr command line: exit statuses, messages, annotate. The messages
# of malformed vector files are tests/bad/*.vec (tests/bad.sh).
#   cli.sh VMXR
set -u
vmxr=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

cat > "$tmp/good.vec" <<'V'
# a comment
vmxr-vectors 1
wr vmm=0 OWNER[1] 2 => ok
launch cpu=0 vm=1 => launched vm 1   # trailing comment
ev cpu=0 reason=10 => deliver vmm 2 HOME 1
rd vmm=3 CPU_STATE[0] => 0x00000112
resume cpu=0 => resumed vm 1
V
cat > "$tmp/wrong.vec" <<'V'
vmxr-vectors 1
launch cpu=0 vm=1 => launched vm 1
ev cpu=0 reason=10 => deliver vmm 3 HOME 1
V
bad_vec=$(dirname "$0")/bad/unknown_field.vec

for e in txn model; do
    check "good vector passes on $e" 0 "$vmxr" run --engine "$e" "$tmp/good.vec"
    expect_re "closing total on $e" "$tmp/out" "^vmxr: 1 passed, 0 failed$"
    check "mismatch exits 1 on $e" 1 "$vmxr" run --engine "$e" "$tmp/wrong.vec"
    expect_re "mismatch names its line ($e)" "$tmp/out" \
        "wrong.vec:3: expected deliver vmm 3 HOME 1, got deliver vmm 0 HOME 1"
done
check "malformed file does not stop the others" 2 "$vmxr" run "$bad_vec" "$tmp/good.vec"
expect_re "the good file still ran" "$tmp/out" "^PASS .*good.vec"
check "missing file exits 2" 2 "$vmxr" run "$tmp/none.vec"
expect_re "missing file message" "$tmp/err" "none.vec: cannot open: No such file or directory$"
check "unknown option exits 2" 2 "$vmxr" run --frobnicate "$tmp/good.vec"
expect_re "unknown option gives usage" "$tmp/err" "usage: vmxr run --help"
check "unknown engine exits 2" 2 "$vmxr" run --engine warp "$tmp/good.vec"
check "no file exits 2" 2 "$vmxr" run
check "unknown command exits 2" 2 "$vmxr" frob
check "no command exits 2" 2 "$vmxr"
for c in run annotate params; do
    check "$c --help" 0 "$vmxr" "$c" --help
    expect_re "$c --help text" "$tmp/out" "usage: vmxr $c"
done
check "--help" 0 "$vmxr" --help
expect_re "--help lists run" "$tmp/out" "run "

# annotate: canonical, engine-independent, and its output passes
check "annotate txn" 0 "$vmxr" annotate --engine txn "$tmp/wrong.vec"
cp "$tmp/out" "$tmp/ann_txn.vec"
check "annotate model" 0 "$vmxr" annotate --engine model -o "$tmp/ann_model.vec" "$tmp/wrong.vec"
if cmp -s "$tmp/ann_txn.vec" "$tmp/ann_model.vec"; then ok; else ko "annotate differs between engines"; fi
expect_re "annotate fills in the engine's outcome" "$tmp/ann_txn.vec" \
    "^ev cpu=0 reason=10 => deliver vmm 0 HOME 1$"
check "annotated file passes" 0 "$vmxr" run "$tmp/ann_txn.vec"
check "annotate keeps comments" 0 "$vmxr" annotate "$tmp/good.vec"
expect_re "annotate keeps comment lines" "$tmp/out" "^# a comment$"
expect_re "annotate keeps trailing comments" "$tmp/out" "launched vm 1  # trailing comment$"
check "annotate of a malformed file exits 2" 2 "$vmxr" annotate "$bad_vec"
expect_re "annotate reports where" "$tmp/err" "unknown_field.vec:2:20: unknown field 'bogus' in 'ev'"

summary cli
