#!/bin/sh
# Must-fail checks of `make firmware`, the proof that the firmware can go
# onto silicon unchanged: the firmware sources plus one offending file must
# be refused, naming the offender.
#   - mustfail_libc_call: a call to a C library function (strlen);
#   - mustfail_static_data: mutable static data (a counter).
#   firmware_mustfail.sh MAKE
set -u
make=${1:-make}
dir=build/fw-mustfail
tag="firmware_mustfail: "
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
mkdir -p "$dir/src" || exit 2
cat > "$dir/src/mustfail_libc_call.c" <<'SRC'
#include <stddef.h>
size_t strlen(const char *s);
size_t fw_mustfail_len(const char *s) { return strlen(s); }
SRC
cat > "$dir/src/mustfail_static_data.c" <<'SRC'
unsigned fw_mustfail_next(void)
{
    static unsigned fw_mustfail_counter;
    return ++fw_mustfail_counter;
}
SRC
real=$(ls firmware/*.c vmms/*.c | tr '\n' ' ')
refused() { # name, expected text
    rm -rf "$dir/b"
    if $make --no-print-directory BDIR="$dir/b" FW_SRC="$real $dir/src/$1.c" firmware > "$dir/$1.log" 2>&1; then
        ko "$1 was accepted"
    elif grep -q "$2" "$dir/$1.log"; then
        ok
    else
        bad "$1 refused without naming '$2'" "$(cat "$dir/$1.log")"
    fi
}
refused mustfail_libc_call "^  strlen$"
refused mustfail_static_data "fw_mustfail_counter"
summary firmware_mustfail
