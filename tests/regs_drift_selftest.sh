#!/bin/sh
# Shows that the drift check can fail: it must pass on the tree as committed
# and fail on a copy whose source was changed without regenerating.
#   regs_drift_selftest.sh REGGEN SRC
set -u
reggen=$1 src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
if ! sh tests/regs_drift.sh "$reggen" "$src" . ; then
    echo "FAIL regs_drift: committed generated files drift from $src" >&2
    exit 1
fi
mkdir -p "$tmp/model" "$tmp/rtl" "$tmp/docs"
for f in model/vmxr_regs.h model/vmxr_regs_table.c rtl/vmxr_regs.svh docs/registers.md; do
    cp "$f" "$tmp/$f"
done
sed 's/^reg PEND_WEIGHT 0x014 /reg PEND_WEIGHT 0x01C /' "$src" > "$tmp/src.regs"
if cmp -s "$src" "$tmp/src.regs"; then
    echo "FAIL regs_drift: self-test could not mutate $src" >&2
    exit 1
fi
if sh tests/regs_drift.sh "$reggen" "$tmp/src.regs" "$tmp" 2>/dev/null; then
    echo "FAIL regs_drift: a changed source went unnoticed" >&2
    exit 1
fi
echo "PASS regs_drift: generated files match $src; a stale copy is caught"
