#!/bin/sh
# vmxr_model_sc has the ports of the module verilator --sc generates from
# rtl/vmxr_top.v: same names, same types, same order. Compares the port
# declarations of Vvmxr_top_sc.h with cosim/systemc/vmxr_sc_ports.h (clk,
# then VMXR_SC_PORTS, which vmxr_model_sc declares in that order).
#   sc_ports.sh VSC_DIR
set -u
h=$1/Vvmxr_top_sc.h
[ -f "$h" ] || { echo "sc_ports: no $h" >&2; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# "sc_in<bool> &clk;" -> "in bool clk"
sed -n 's/^ *sc_\(in\|out\)<\([a-z0-9_]*\)> &\([a-z0-9_]*\);.*/\1 \2 \3/p' "$h" > "$tmp/verilated"
{
    echo "in bool clk"
    sed -n '/define VMXR_SC_PORTS/,/^$/p' cosim/systemc/vmxr_sc_ports.h |
        grep -o '[IO]([a-z0-9_]*, [a-z0-9_]*, [0-9]*)' |
        sed 's/^I(\(.*\), \(.*\), .*)/in \1 \2/; s/^O(\(.*\), \(.*\), .*)/out \1 \2/'
} > "$tmp/ours"
if [ -s "$tmp/verilated" ] && cmp -s "$tmp/verilated" "$tmp/ours"; then
    echo "sc_ports: $(wc -l < "$tmp/ours") ports, names, types and order as $h"
else
    echo "FAIL sc_ports: vmxr_sc_ports.h differs from $h (< verilated, > ours)" >&2
    diff "$tmp/verilated" "$tmp/ours" | sed 's/^/  | /' >&2
    exit 1
fi
