#!/bin/sh
# vmxr_model_sc has the ports of the module verilator --sc generates from
# rtl/vmxr_top.v: same names, same types, same order. Compares the port
# declarations of Vvmxr_top_sc.h with cosim/systemc/vmxr_sc_ports.h (clk,
# then VMXR_SC_PORTS, which vmxr_model_sc declares in that order). Then the
# outputs of both against the one list of output ports, VMXR_OUT_PORTS of
# model/vmxr_ports.h (expanded by the C preprocessor, $CC or cc): the same
# names, the same widths in vmxr_sc_ports.h, and Verilator's type for the
# width (bool for 1 bit, uint32_t for 2..32, uint64_t for 33..64) in
# Vvmxr_top_sc.h. Last, every port's type in vmxr_sc_ports.h against its
# width there (the inputs have no list of their own to check them by).
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

# "out NAME BITS" for every entry of VMXR_OUT_PORTS, sorted by name
printf '#include "vmxr_ports.h"\n#define P(name, bits, type) @out name bits\nVMXR_OUT_PORTS(P)\n' |
    ${CC:-cc} -E -P -Imodel -x c - 2> "$tmp/cpp.err" | sed -n '/@out/p' | tr '@' '\n' | sed '/^ *$/d; s/ *$//' |
    sort > "$tmp/list"
[ -s "$tmp/list" ] || { echo "sc_ports: cannot expand VMXR_OUT_PORTS of model/vmxr_ports.h" >&2; cat "$tmp/cpp.err" >&2; exit 2; }
# Verilator 5.006's SystemC type for a port of W bits
sctype='function t(w) { return w == 1 ? "bool" : w <= 32 ? "uint32_t" : "uint64_t" }'
awk "$sctype"' { print "out " t($3) " " $2 }' "$tmp/list" | sort > "$tmp/list.types"
grep '^out ' "$tmp/verilated" | sort > "$tmp/verilated.out"
sed -n '/define VMXR_SC_PORTS/,/^$/p' cosim/systemc/vmxr_sc_ports.h | grep -o 'O([a-z0-9_]*, [a-z0-9_]*, [0-9]*)' |
    sed 's/^O(.*, \(.*\), \(.*\))/out \1 \2/' | sort > "$tmp/ours.out"
bad=0
if ! cmp -s "$tmp/list" "$tmp/ours.out"; then
    echo "FAIL sc_ports: the outputs of vmxr_sc_ports.h differ from VMXR_OUT_PORTS (< list, > ours)" >&2
    diff "$tmp/list" "$tmp/ours.out" | sed 's/^/  | /' >&2
    bad=1
fi
if ! cmp -s "$tmp/list.types" "$tmp/verilated.out"; then
    echo "FAIL sc_ports: the outputs of $h differ from VMXR_OUT_PORTS (< list, > verilated)" >&2
    diff "$tmp/list.types" "$tmp/verilated.out" | sed 's/^/  | /' >&2
    bad=1
fi
sed -n '/define VMXR_SC_PORTS/,/^$/p' cosim/systemc/vmxr_sc_ports.h | grep -o '[IO]([a-z0-9_]*, [a-z0-9_]*, [0-9]*)' |
    sed 's/^[IO](\(.*\), \(.*\), \(.*\))/\1 \2 \3/' > "$tmp/ours.widths"
awk "$sctype"' $1 != t($3) { print $2 ": " $1 " for " $3 " bits, Verilator has " t($3) }' "$tmp/ours.widths" \
    > "$tmp/ours.badtype"
if [ ! -s "$tmp/ours.widths" ] || [ -s "$tmp/ours.badtype" ]; then
    echo "FAIL sc_ports: a port of vmxr_sc_ports.h has the wrong type for its width:" >&2
    sed 's/^/  | /' "$tmp/ours.badtype" >&2
    bad=1
fi
[ $bad = 0 ] || exit 1
echo "sc_ports: $(wc -l < "$tmp/list") outputs, names and widths as VMXR_OUT_PORTS (model/vmxr_ports.h)"
