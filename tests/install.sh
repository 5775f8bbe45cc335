#!/bin/sh
# make install-tests: the SDK as a firmware engineer outside the tree sees it.
#
#   sh tests/install.sh MAKE BUILDDIR
#
# 1. `make install` into a temporary DESTDIR writes every file of the
#    layout (mk/install.mk); `make uninstall` removes them all again.
# 2. examples/rtc-firmware, copied out of the tree, builds from the
#    installed files only (PKG_CONFIG_PATH into the temporary prefix; its
#    compile lines name nothing in the source tree), passing vmxr-fw-check.
# 3. It runs on the model and the RTL with identical transcripts and traces
#    and every expect holding (make check in its directory), on cosim with
#    --stall-seed and on txn and every SystemC engine with the same
#    transcript and trace.
# 4. A broken expect fails with exit 1 and SCENARIO:LINE: expected X, got Y.
# 5. The README's SystemC C program builds from the installed files with
#    `pkg-config --cflags --libs vmxr-systemc` and prints what the README says.
# 6. A firmware built with another ABI version is refused with exit 2.
# 7. The installed vmxr-fw-check refuses a firmware that calls libc.
# Each check is also run once against a deliberate break and must fail.
set -u
make=${1:-make}
b=${2:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tag="install: "
. "$root/tests/lib.sh"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest prefix=/opt/vmxr-sdk
pfx=$dest$prefix
export PKG_CONFIG_PATH="$pfx/lib/pkgconfig"
PC="pkg-config --define-prefix" # the .pc files say $prefix; DESTDIR moved them

# must_fail NAME CMD...: a deliberate break; the check must not pass
must_fail() {
    name=$1
    shift
    if "$@" > "$tmp/mf.out" 2>&1; then ko "deliberate break not caught: $name"; else ok "break caught: $name"; fi
}

# 1. install, layout, uninstall
$make --no-print-directory -s install DESTDIR="$dest" PREFIX="$prefix" > "$tmp/install.log" 2>&1 ||
    { bad "make install failed" "$(tail -n 30 "$tmp/install.log")"; summary install; exit 1; }
layout() { # the files every install must hold
    for f in bin/vmxr bin/vmxr-fw-check lib/libvmxr.a lib/libvmxr_platform.a lib/pkgconfig/vmxr.pc \
             include/vmxr/vmxr_hal.h include/vmxr/vmxr_fw.h include/vmxr/vmxr_regs.h include/vmxr/vmxr_drv.h \
             share/vmxr/src/vmxr_drv.c share/vmxr/vmxr-firmware.mk share/man/man1/vmxr.1; do
        [ -f "$1/$f" ] || { echo "missing $f"; return 1; }
    done
}
if layout "$pfx"; then ok "install: the layout under DESTDIR$prefix"; else ko "install: layout"; fi
must_fail "layout of an empty prefix" layout "$tmp/nothing"
man -l "$pfx/share/man/man1/vmxr.1" > "$tmp/man.txt" 2>&1 && grep -q "regress" "$tmp/man.txt" && ok "man page renders" ||
    ko "man -l vmxr.1"
cp -a "$dest" "$tmp/dest2"
$make --no-print-directory -s uninstall DESTDIR="$tmp/dest2" PREFIX="$prefix" > /dev/null 2>&1
left=$(find "$tmp/dest2" -type f | wc -l)
[ "$left" -eq 0 ] && ok "uninstall removes every file" || ko "uninstall left $left files"

# 2. the example firmware from installed files only
ex=$tmp/rtc
cp -a examples/rtc-firmware "$ex" && rm -rf "$ex/build"
if make -C "$ex" PKG_CONFIG="$PC" > "$tmp/ex.log" 2>&1 && [ -f "$ex/build/rtc.so" ]; then
    ok "rtc firmware built from the installed files"
else
    bad "rtc firmware build" "$(tail -n 30 "$tmp/ex.log")"
fi
in_tree() { grep -E -e "-I *$root|$root/" "$1"; }
if in_tree "$tmp/ex.log"; then ko "the example build names the source tree"; else ok "no path into the source tree"; fi
echo "cc -I$root/firmware -c x.c" > "$tmp/fake.log"
must_fail "a compile line with -I into the tree" sh -c "! grep -E -e '-I *$root|$root/' '$tmp/fake.log'"
expect_text "vmxr-fw-check ran" "$tmp/ex.log" "needs only: hal_"

# 3. model and rtl: same transcript and trace, expects hold; cosim with stalls
vmxr=$pfx/bin/vmxr
if make -C "$ex" PKG_CONFIG="$PC" VMXR="$vmxr" check > "$tmp/check.log" 2>&1; then
    ok "rtc on model and rtl: identical, expects hold"
else
    bad "rtc make check" "$(tail -n 30 "$tmp/check.log")"
fi
check "rtc on cosim --stall-seed 5" 0 "$vmxr" fw -q --firmware "$ex/build/rtc.so" --engine cosim --stall-seed 5 \
    -o "$tmp/cosim.txt" "$ex/rtc.scn"
cmp -s "$tmp/cosim.txt" "$ex/build/model.txt" && ok "cosim transcript = model transcript" || ko "cosim transcript differs"
for e in txn rtl sc-tlm sc-model sc-rtl sc-cosim; do
    "$vmxr" fw -q --firmware "$ex/build/rtc.so" --engine "$e" -o "$tmp/$e.txt" --trace "$tmp/$e.vec" "$ex/rtc.scn" \
        2> "$tmp/$e.err" && cmp -s "$tmp/$e.txt" "$ex/build/model.txt" && cmp -s "$tmp/$e.vec" "$ex/build/model.vec" &&
        ok "rtc on $e: the model's transcript and trace" || bad "rtc on $e" "$(cat "$tmp/$e.err")"
done
sed 's/rtc: read register 0x4 = 0x12/rtc: read register 0x4 = 0x13/' "$ex/build/model.txt" > "$tmp/tampered.txt"
must_fail "a tampered transcript" cmp -s "$tmp/tampered.txt" "$ex/build/rtl.txt"

# 4. a broken expect
sed 's/^  expect rax=0x26$/  expect rax=0x27/' "$ex/rtc.scn" > "$ex/broken.scn"
line=$(grep -n 'expect rax=0x27' "$ex/broken.scn" | head -n 1 | cut -d: -f1)
check "broken expect exits 1" 1 "$vmxr" fw -q --firmware "$ex/build/rtc.so" --engine rtl -o /dev/null "$ex/broken.scn"
expect_text "broken expect names its line" "$tmp/err" "broken.scn:$line: expected rax=0x27, got 0x26"
must_fail "the intact scenario reported as broken" sh -c \
    "'$vmxr' fw -q --firmware '$ex/build/rtc.so' -o /dev/null '$ex/rtc.scn' 2>&1 | grep -q 'expected rax=0x27'"

# 5. the README's SystemC program from installed files
if $PC --exists vmxr-systemc 2>/dev/null; then
    awk '/<!-- readme-c-example -->/ { f = 1; next } f && /^```c/ { g = 1; next } g && /^```/ { exit } g' README.md \
        > "$tmp/readme.c"
    # shellcheck disable=SC2046
    if cc -o "$tmp/readme" "$tmp/readme.c" $($PC --cflags --libs vmxr-systemc) > "$tmp/cc.log" 2>&1 &&
        "$tmp/readme" > "$tmp/readme.out" 2>&1 && grep -qx 'LAUNCH LAUNCHED to 0x01 rule NONE' "$tmp/readme.out" &&
        grep -qx 'EVENT DELIVER to 0x13 rule HOME' "$tmp/readme.out"; then
        ok "README SystemC program via pkg-config vmxr-systemc"
    else
        bad "README SystemC program" "$(cat "$tmp/cc.log" "$tmp/readme.out" 2>/dev/null | tail -n 20)"
    fi
    # shellcheck disable=SC2046
    must_fail "the README program linked without --libs" cc -o "$tmp/readme2" "$tmp/readme.c" $($PC --cflags vmxr-systemc)
else
    ko "no vmxr-systemc.pc installed (make install installs it)"
fi

# 6. a firmware of another ABI version
mkdir -p "$tmp/abi"
cat > "$tmp/abi/abi_fw.c" <<'SRC'
#include "vmxr_fw.h"
struct fw_system { int unused; };
static size_t sz(void) { return sizeof(struct fw_system); }
static void init(struct fw_system *s, const struct fw_config *c) { (void)s; (void)c; }
static void boot(struct fw_system *s, struct vmxr_hal *h) { (void)s; (void)h; }
static void ex(struct fw_system *s, struct vmxr_hal *h) { (void)s; hal_resume(h); }
static const struct vmxr_fw_vmm vmms[] = { { 0, VMXR_FW_ROLE_MAIN, "main" } };
const struct vmxr_fw VMXR_FW_DESCRIPTOR = { ABI, sizeof(struct vmxr_fw), "abi-test", 1, vmms, sz, init, boot, ex };
SRC
printf 'FW_NAME := abi\nFW_SRC := abi_fw.c\ninclude $(shell $(VMXR_PKG_CONFIG) --variable=fwmk vmxr)\n' > "$tmp/abi/Makefile"
printf 'vmxr-scenario 1\nschedule cpu=0 vms=0\nprogram vm=0\n  hlt\nend\n' > "$tmp/abi/one.scn"
abi_build() { rm -rf "$tmp/abi/build"; make -C "$tmp/abi" VMXR_PKG_CONFIG="$PC" FW_CFLAGS="-DABI=$1" build/abi.so > "$tmp/abi.log" 2>&1; }
abi_build 1 || bad "ABI 1 firmware build" "$(tail -n 20 "$tmp/abi.log")"
check "an ABI 1 firmware (before gpa) is refused with exit 2" 2 "$vmxr" fw --firmware "$tmp/abi/build/abi.so" "$tmp/abi/one.scn"
expect_text "the refusal says why" "$tmp/err" "firmware ABI version 1, this platform runs version 2"
abi_build 2 || bad "ABI 2 firmware build" "$(tail -n 20 "$tmp/abi.log")"
must_fail "an ABI 2 firmware refused" sh -c "'$vmxr' fw -q --firmware '$tmp/abi/build/abi.so' -o /dev/null '$tmp/abi/one.scn' 2>/dev/null; [ \$? -eq 2 ]"

# 7. the installed freestanding check refuses a libc call
printf 'unsigned long strlen(const char *s);\nunsigned long f(const char *s) { return strlen(s); }\n' > "$tmp/abi/libc.c"
cc -c -o "$tmp/abi/libc.o" "$tmp/abi/libc.c" 2>/dev/null
must_fail "vmxr-fw-check on an image calling strlen" "$pfx/bin/vmxr-fw-check" "$tmp/abi/libc.o"
expect_text "it names strlen" "$tmp/mf.out" "  strlen"
check "vmxr-fw-check passes the rtc image" 0 "$pfx/bin/vmxr-fw-check" "$ex/build/rtc.o"

summary install
