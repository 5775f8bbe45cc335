#!/bin/sh
# The missing-package message, without uninstalling anything: a package
# that does not exist (VMXR_SETUP_EXTRA) stands for a missing one.
#   - scripts/setup.sh --check names it and the apt-get command, exits 2,
#     and installs nothing;
#   - make, when the Verilator runtime sources are missing (VL_INC pointed
#     elsewhere), prints the same and stops before building anything,
#     instead of "No rule to make target .../verilated.o";
#   - make fuzz without afl++'s programs does the same;
#   - with the files present, make does not run the check (no dpkg query).
#   setup_check.sh MAKE        (from the repository root)
set -u
make=${1:-make}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
tag="setup_check: "
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
fake=vmxr-test-no-such-package

VMXR_SETUP_EXTRA=$fake sh scripts/setup.sh --check > "$tmp/out" 2> "$tmp/err"
rc=$?
[ "$rc" = 2 ] && ok || bad "setup.sh --check exited $rc, expected 2" "$(cat "$tmp/out" "$tmp/err")"
expect_re "--check names the package" "$tmp/err" "^vmxr setup: missing Debian packages:.* $fake\$"
expect_re "--check gives the command" "$tmp/err" "^run as root:  apt-get update && apt-get install -y.* $fake\$"
[ ! -s "$tmp/out" ] && ok || bad "--check printed on stdout" "$(cat "$tmp/out")"
check "setup.sh --check with nothing missing" 0 sh scripts/setup.sh --check
[ ! -s "$tmp/err" ] && ok || bad "--check with nothing missing printed" "$(cat "$tmp/err")"
check "setup.sh refuses an unknown option" 2 sh scripts/setup.sh --frob

VMXR_SETUP_EXTRA=$fake $make --no-print-directory BDIR="$tmp/b" VL_INC="$tmp/no-verilator/include" \
    > "$tmp/out" 2> "$tmp/err"
rc=$?
[ "$rc" = 2 ] && ok || bad "make without the Verilator sources exited $rc, expected 2" "$(cat "$tmp/out" "$tmp/err")"
expect_re "make names the package" "$tmp/err" "^vmxr setup: missing Debian packages:.* $fake\$"
expect_re "make gives the command" "$tmp/err" "^run as root:  apt-get update && apt-get install -y.* $fake\$"
expect_text "make stops with a reason" "$tmp/err" "missing Debian packages (above): install them, then run make again"
if grep -q "No rule to make target" "$tmp/out" "$tmp/err"; then bad "make still says No rule" "$(cat "$tmp/err")"; else ok; fi
[ ! -e "$tmp/b" ] && ok || bad "make built something before stopping" "$(ls -R "$tmp/b" | head)"

# make fuzz without afl++ (its files looked for elsewhere): the same message
VMXR_SETUP_EXTRA=$fake $make --no-print-directory -n FUZZ_NEEDS="$tmp/no-afl/afl-fuzz" fuzz \
    > "$tmp/out" 2> "$tmp/err"
rc=$?
[ "$rc" = 2 ] && ok || bad "make fuzz without afl++ exited $rc, expected 2" "$(cat "$tmp/out" "$tmp/err")"
expect_re "make fuzz names the package" "$tmp/err" "^vmxr setup: missing Debian packages:.* $fake\$"
expect_text "make fuzz stops with a reason" "$tmp/err" "missing Debian packages (above): install them, then run make again"

# files present: no check, so the fake package is not reported
VMXR_SETUP_EXTRA=$fake $make --no-print-directory -n BDIR="$tmp/b" "$tmp/b/libvmxr.a" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ "$rc" = 0 ] && ! grep -q "$fake" "$tmp/err" && ok ||
    bad "make with everything present ran the package check (exit $rc)" "$(cat "$tmp/err")"
summary setup_check
