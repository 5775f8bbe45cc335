#!/bin/sh
# Fails when a committed file generated from the register source differs
# from what the generator makes of the source now.
#   regs_drift.sh REGGEN SRC ROOT
set -u
reggen=$1 src=$2 root=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
rc=0
for pair in h:model/vmxr_regs.h c:model/vmxr_regs_table.c svh:rtl/vmxr_regs.svh md:docs/registers.md; do
    kind=${pair%%:*} file=${pair#*:}
    if ! "$reggen" "$src" "$kind" > "$tmp/out"; then
        echo "regs: the generator refused $src" >&2
        exit 2
    fi
    if ! cmp -s "$tmp/out" "$root/$file"; then
        echo "regs: $file is out of date with $src (run 'make regs' and commit both):" >&2
        diff -u "$root/$file" "$tmp/out" | head -20 >&2
        rc=1
    fi
done
exit $rc
