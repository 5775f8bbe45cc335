#!/bin/sh
# Builds build/mutant-tie/vmxr and its SystemC plugin libvmxr-sc.so over a copy
# of the RTL with one deliberate bug, GROUP ties broken toward the highest
# VMM instead of the lowest. Used by the must-fail checks of cosim
# (tests/cosim_mutant.sh), sc-cosim (tests/sc_mutant.sh) and the regression
# (tests/regress.sh). Files are copied only when they changed, so a second
# call rebuilds nothing.
#   mutant_tie.sh MAKE
set -u
make=${1:-make}
mdir=build/mutant-tie
mkdir -p "$mdir/rtl" || exit 2
for f in rtl/*.v rtl/*.svh rtl/vmxr.f; do
    [ "$f" = rtl/vmxr_ex.v ] && continue
    cmp -s "$f" "$mdir/rtl/${f#rtl/}" || cp "$f" "$mdir/rtl/" || exit 2
done
# the all-pairs compare: the lower VMM of a pair wins only on strictly lower usage
sed -e 's/^\(`define VMXR_LO_BEATS(UV, UJ) ((UV) \)<= (UJ))$/\1< (UJ))/' \
    rtl/vmxr_ex.v > "$mdir/rtl/vmxr_ex.v.new" || exit 2
if cmp -s rtl/vmxr_ex.v "$mdir/rtl/vmxr_ex.v.new"; then
    echo "FAIL mutant_tie: the mutation did not apply to rtl/vmxr_ex.v" >&2
    exit 1
fi
if cmp -s "$mdir/rtl/vmxr_ex.v.new" "$mdir/rtl/vmxr_ex.v"; then rm -f "$mdir/rtl/vmxr_ex.v.new"
else mv "$mdir/rtl/vmxr_ex.v.new" "$mdir/rtl/vmxr_ex.v"; fi
$make --no-print-directory -s SC=1 BDIR="$mdir" RTL_DIR="$mdir/rtl" "$mdir/vmxr" "$mdir/libvmxr-sc.so" > "$mdir/build.log" 2>&1 ||
    { cat "$mdir/build.log" >&2; exit 2; }
