#!/bin/sh
# The Debian packages the project needs (PACKAGES: the one list).
#
#   sh scripts/setup.sh           install the missing ones, if any
#   sh scripts/setup.sh --check   only say which are missing and the command
#                                 that installs them; never installs
#   sh scripts/setup.sh --timing  the same, with the optional packages of
#                                 `make timing` (TIMING_PACKAGES) too
#
# Idempotent: with everything present it prints nothing and exits 0. As
# root it installs with apt-get; as another user, or with --check, it
# prints the missing packages and the exact command to run, and exits 2.
# VMXR_SETUP_EXTRA names more packages to require (tests/setup_check.sh
# uses a package that does not exist, to see the message without
# uninstalling anything).
set -eu

PACKAGES="gcc g++ make pkg-config libcmocka-dev valgrind zlib1g-dev \
verilator libsystemc-dev iverilog gtkwave yosys xvfb xauth lcov afl++ time ${VMXR_SETUP_EXTRA:-}"
# Optional: only `make timing` (mk/timing.mk) needs them: OpenSTA and the
# OSU 0.18 um standard cells (a Liberty file) that qflow ships.
TIMING_PACKAGES="opensta qflow-tech-osu018"

check=0
for a in "$@"; do
    case $a in
    --check) check=1 ;;
    --timing) PACKAGES="$PACKAGES $TIMING_PACKAGES" ;;
    *) echo "usage: sh scripts/setup.sh [--check] [--timing]" >&2; exit 2 ;;
    esac
done

# One query for all; a package dpkg has never heard of is simply not listed.
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${Package} ${Status}\n' $PACKAGES 2>&1 | sed -n 's/:[a-z0-9]*//; s/ install ok installed$//p')
missing=""
for p in $PACKAGES; do
    case " $(echo $installed) " in
        *" $p "*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y$missing"
if [ "$check" = 1 ] || [ "$(id -u)" != 0 ]; then
    echo "vmxr setup: missing Debian packages:$missing" >&2
    echo "run as root:  apt-get update && $cmd" >&2
    exit 2
fi
echo "vmxr setup: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
