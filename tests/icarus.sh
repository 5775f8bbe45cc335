#!/bin/sh
# The second simulator: every directed vector replayed on the RTL under
# Icarus Verilog, each output port compared every cycle with the C model's.
#
#   icarus.sh VMXR [VEC...]      (from the repository root; default VECs:
#                                 vectors/directed/*.vec)
#
# Compiles cosim/icarus/vmxr_tb.v with the RTL (RTL_DIR, default rtl; the
# files of its vmxr.f) once (warnings are errors;
# the build parameters are those `VMXR params` prints), then for every vector
# runs `VMXR compile` and `vvp` twice: without stalls and with
# --stall-seed 7. Last, a must-fail case: a copy of one .stim with one
# expected output bit flipped (dec_to's LSB in the first cycle with a
# decision) must make the testbench fail, naming that cycle and port.
# Files go to the directory of VMXR + /icarus (build/icarus for build/vmxr).
# Prints `icarus: N passed, M failed`; exit 0 only if nothing failed.
set -u

if [ $# -lt 1 ]; then
    echo "usage: sh tests/icarus.sh VMXR [VEC...]" >&2
    exit 2
fi
vmxr=$1
shift
case $vmxr in /*) ;; *) vmxr=$(pwd)/$vmxr ;; esac
cd "$(dirname "$0")/.." || exit 2
if [ ! -x "$vmxr" ]; then
    echo "icarus: no executable $vmxr (make it first)" >&2
    exit 2
fi
for tool in iverilog vvp; do
    if ! command -v $tool > /dev/null 2>&1; then
        echo "icarus: $tool not found; install the iverilog package (sh scripts/setup.sh as root)" >&2
        exit 2
    fi
done
[ $# -gt 0 ] || set -- vectors/directed/*.vec

out=$(dirname "$vmxr")/icarus
mkdir -p "$out" || exit 2
# The RTL: RTL_DIR (default rtl), its files as listed in RTL_DIR/vmxr.f
# (rtl/vmxr.f for an RTL copy without one).
RTL_DIR=${RTL_DIR:-rtl}
rtl_f=$RTL_DIR/vmxr.f
[ -f "$rtl_f" ] || rtl_f=rtl/vmxr.f
RTL_V=$(sed -e 's|//.*||' "$rtl_f" | tr -s ' \t\n' '   ' | sed "s|[^ ][^ ]*|$RTL_DIR/&|g")
start=$(date +%s)

# ---- the testbench, once, with the binary's parameters -------------------
params=$("$vmxr" params) || { echo "icarus: '$vmxr params' failed" >&2; exit 2; }
pflags=""
for k in NCPU NVM NIOR NMEM NKEY DEPTH; do
    v=$(printf '%s\n' "$params" | tr ' ' '\n' | sed -n "s/^$k=//p")
    if [ -z "$v" ]; then
        echo "icarus: no $k in '$params'" >&2
        exit 2
    fi
    pflags="$pflags -Pvmxr_tb.$k=$v"
done
tb=$out/vmxr_tb.vvp
# shellcheck disable=SC2086
if ! iverilog -g2012 -Wall -Wno-timescale -I"$RTL_DIR" -s vmxr_tb $pflags -o "$tb" \
        cosim/icarus/vmxr_tb.v $RTL_V > "$out/iverilog.log" 2>&1 || [ -s "$out/iverilog.log" ]; then
    echo "icarus: the testbench does not compile warning-free:" >&2
    sed 's/^/  | /' "$out/iverilog.log" >&2
    rm -f "$tb"
    echo "icarus: 0 passed, 1 failed"
    exit 1
fi

pass=0 fail=0 cycles=0 decisions=0

# run_one NAME STIM: the testbench on STIM must print PASS and exit 0.
run_one() {
    vvp -n "$tb" +stim="$2" > "$out/$1.log" 2>&1
    rc=$?
    line=$(grep '^PASS ' "$out/$1.log")
    if [ $rc -eq 0 ] && [ -n "$line" ] && ! grep -q -e '^MISMATCH' -e '^FAIL' "$out/$1.log"; then
        pass=$((pass + 1))
        # shellcheck disable=SC2086 # split "PASS <cycles> cycles, <n> decisions checked"
        set -- $line
        cycles=$((cycles + $2))
        decisions=$((decisions + $4))
    else
        fail=$((fail + 1))
        echo "FAIL $1 (vvp exit $rc):" >&2
        sed 's/^/  | /' "$out/$1.log" >&2
    fi
}

for vec in "$@"; do
    stem=$(basename "$vec" .vec)
    for seed in none 7; do
        if [ $seed = none ]; then
            name=$stem stall=""
        else
            name=$stem-s$seed stall="--stall-seed $seed"
        fi
        # shellcheck disable=SC2086
        if ! "$vmxr" compile "$vec" -o "$out/$name.stim" $stall > "$out/$name.compile.log" 2>&1; then
            fail=$((fail + 1))
            echo "FAIL $name: vmxr compile $vec $stall:" >&2
            sed 's/^/  | /' "$out/$name.compile.log" >&2
            continue
        fi
        run_one "$name" "$out/$name.stim"
        [ -n "${first_stim:-}" ] || first_stim=$out/$name.stim
    done
done

# ---- must fail: one expected output bit flipped ---------------------------
# Cycle lines are `_`-separated fields in the order the .stim's `// in:` and
# `// out:` comment lines name them (dv/compile.c); the fields of rst_n,
# dec_valid and dec_to are found there.
if [ -z "${first_stim:-}" ]; then
    fail=$((fail + 1))
    echo "FAIL must-fail: no .stim was compiled to corrupt" >&2
else
    bad=$out/must_fail.stim
    if ! awk -F_ -v OFS=_ '
        BEGIN { hex = "0123456789abcdef"; flip = "1032547698badcfe"; c = -1; nf = 0 }
        /^\/\/ (in|out):/ {
            n = split($0, t, " ")
            for (i = 3; i <= n; i++) {
                split(t[i], kv, ":")
                pos[kv[1]] = ++nf
            }
        }
        NR == 1 || /^\/\// { print; next }
        { c++ }
        !done && NF == nf && $pos["rst_n"] == "1" && $pos["dec_valid"] == "1" {
            f = pos["dec_to"]
            d = substr($f, length($f), 1)
            $f = substr($f, 1, length($f) - 1) substr(flip, index(hex, d), 1)
            done = 1
            print "flipped cycle " c > "/dev/stderr"
        }
        { print }
        END { if (!done) exit 1 }' "$first_stim" > "$bad" 2> "$out/must_fail.flip"; then
        fail=$((fail + 1))
        echo "FAIL must-fail: no cycle with a decision in $first_stim to corrupt" >&2
    else
        c=$(sed -n 's/^flipped cycle //p' "$out/must_fail.flip")
        vvp -n "$tb" +stim="$bad" > "$out/must_fail.log" 2>&1
        rc=$?
        if [ $rc -ne 0 ] && ! grep -q '^PASS ' "$out/must_fail.log" \
                && grep -q "^MISMATCH cycle $c port dec_to: " "$out/must_fail.log"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL must-fail: the testbench did not report the flipped dec_to bit of cycle $c (vvp exit $rc):" >&2
            sed 's/^/  | /' "$out/must_fail.log" >&2
        fi
    fi
fi

echo "icarus: $cycles cycles, $decisions decisions compared on the RTL in $(( $(date +%s) - start )) s"
echo "icarus: $pass passed, $fail failed"
[ $fail -eq 0 ]
