#!/bin/sh
# Builds build/mutant-idle/vmxr over a copy of the RTL with one deliberate
# bug that shows only in the middle of a long idle stretch: a counter of
# idle cycles (saturating at 2^19) pulls the idle output low for the one
# cycle it reads 300000. The RTL's state changes every idle cycle until the
# counter saturates, so the idle fast path (vmxr_rtl_idle) must evaluate
# those cycles and cosim must catch the cycle the output moves
# (tests/bounds.sh). Files are copied only when they changed, so a second
# call rebuilds nothing.
#   mutant_idle.sh MAKE
set -u
make=${1:-make}
mdir=build/mutant-idle
mkdir -p "$mdir/rtl" || exit 2
for f in rtl/*.v rtl/*.svh rtl/vmxr.f; do
    [ "$f" = rtl/vmxr_top.v ] && continue
    cmp -s "$f" "$mdir/rtl/${f#rtl/}" || cp "$f" "$mdir/rtl/" || exit 2
done
awk '
/^    assign idle      = !rt_valid & !ex_busy & !dq_valid;$/ {
    print "    reg [19:0] idle_run;"
    print "    always @(posedge clk)"
    print "        if (!rst_n || rt_valid || ex_busy || dq_valid) idle_run <= 20'"'"'d0;"
    print "        else if (!idle_run[19]) idle_run <= idle_run + 20'"'"'d1;"
    print "    assign idle      = !rt_valid & !ex_busy & !dq_valid & (idle_run != 20'"'"'d300000);"
    done = 1
    next
}
{ print }
END { exit !done }' rtl/vmxr_top.v > "$mdir/rtl/vmxr_top.v.new" || {
    echo "FAIL mutant_idle: the mutation did not apply to rtl/vmxr_top.v" >&2
    exit 1
}
if cmp -s "$mdir/rtl/vmxr_top.v.new" "$mdir/rtl/vmxr_top.v"; then rm -f "$mdir/rtl/vmxr_top.v.new"
else mv "$mdir/rtl/vmxr_top.v.new" "$mdir/rtl/vmxr_top.v"; fi
$make --no-print-directory -s SC=0 BDIR="$mdir" RTL_DIR="$mdir/rtl" "$mdir/vmxr" > "$mdir/build.log" 2>&1 ||
    { cat "$mdir/build.log" >&2; exit 2; }
