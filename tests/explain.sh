#!/bin/sh
# `vmxr explain`: key facts of the explanation on directed vectors, error
# cases, --all against --line at each command, and every command line of
# every directed vector, firmware trace and vector of tests/vectors with
# --all (which runs the explanation's self-check against the model each
# time).
#   explain.sh VMXR
set -u
vmxr=$1
dir=$(dirname "$0")/../vectors/directed
tvec=$(dirname "$0")/vectors # the test's own vectors (VMXR-2 memory and key ranges)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# line_of FILE TEXT: the line number of the first line of FILE holding TEXT
# (so the checks survive edits that move lines).
line_of() {
    grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1
}

# explain NAME FILE TEXT: runs explain on the line holding TEXT, expects
# exit 0; the output is in $tmp/out for the `has` checks that follow. FILE
# is a directed vector's name, or a path with a slash.
explain() {
    name=$1
    case $2 in */*) file=$2 ;; *) file=$dir/$2 ;; esac
    line=$(line_of "$file" "$3")
    if [ -z "$line" ]; then
        ko "$name: no line '$3' in $file"
        : > "$tmp/out"
        return
    fi
    "$vmxr" explain --line "$line" "$file" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    if [ "$rc" = 0 ] && ! grep -q "internal error" "$tmp/out" "$tmp/err"; then
        ok
    else
        ko "$name: exit $rc on $file:$line"
        sed 's/^/  | /' "$tmp/out" "$tmp/err" >&2
    fi
}

# has PATTERN...: each fixed string occurs in the last explanation
has() {
    for p in "$@"; do
        if grep -qF -- "$p" "$tmp/out"; then
            ok
        else
            ko "$name: no '$p' in:"
            sed 's/^/  | /' "$tmp/out" >&2
        fi
    done
}

# in_order A B: A occurs on an earlier line than B
in_order() {
    a=$(grep -nF -- "$1" "$tmp/out" | head -n 1 | cut -d: -f1)
    b=$(grep -nF -- "$2" "$tmp/out" | head -n 1 | cut -d: -f1)
    if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then ok; else ko "$name: '$1' not before '$2'"; fi
}

# status NAME WANT ARGS...: explain exits WANT; stderr in $tmp/err
status() {
    name=$1 want=$2
    shift 2
    "$vmxr" explain "$@" > "$tmp/out" 2> "$tmp/err"
    got=$?
    if [ "$got" = "$want" ]; then
        ok
    else
        ko "$name: exit $got, expected $want"
        sed 's/^/  | /' "$tmp/out" "$tmp/err" >&2
    fi
}

err_has() { # NAME PATTERN: fixed string on stderr of the last `status`
    if grep -qF -- "$2" "$tmp/err"; then ok; else ko "$1: no '$2' on stderr:"; sed 's/^/  | /' "$tmp/err" >&2; fi
}

# ---- #PF inversion ------------------------------------------------------
explain "#PF mismatch disables EN 1" pf_mask_match_inversion.vec \
    "ev cpu=1 reason=0 itype=3 vec=14 ec=0x2 => deliver vmm 0 HOME 6"
has "command as parsed: EVENT on cpu 1" "vector  14 (0x0E, #PF)" "errcode 0x00000002" \
    "cpu 1 before: cur vm 6, stack depth 0" \
    "profile: p = 0, from VM_PROFILE[6]" \
    "vector 14 (#PF) is nibble 6 of EXC[0][1] = 0x0B000000: nibble 0xB = EN 1, VMM 3" \
    "errcode & PFEC_MASK[0] = 0x00000000 (0x00000002 & 0x00000001), PFEC_MATCH[0] = 0x00000001, not equal -> EN inverted (1 -> 0)" \
    "enable 0: pass" "step 7 HOME: s = vm 6, OWNER[6] = 0 -> t = vmm 0, rule HOME, index 6" \
    "explained: EVENT deliver vmm 0 HOME 6" "EVENT deliver vmm 0 HOME 6 (from vm 6 to vmm 0)" \
    "the file expects: deliver vmm 0 HOME 6 (matches)" "stack[0]: ctx vm 6, to vmm 0, blk {}"
in_order "checks:" "step 1 class"
in_order "step 4 EXC" "step 5 IOR"
in_order "explained:" "actual decision"
explain "#PF mismatch enables EN 0" pf_mask_match_inversion.vec \
    "ev cpu=1 reason=0 itype=3 vec=14 ec=0x6 => deliver vmm 5 EXC 14"
has "profile: p = 1" "errcode & PFEC_MASK[1] = 0x00000006" "PFEC_MATCH[1] = 0x00000004, not equal -> EN inverted (0 -> 1)" \
    "enable 1 -> t = vmm 5, rule EXC, index 14 (an EN 0 entry turned on by the #PF inversion)"
explain "#PF match keeps EN" pf_mask_match_inversion.vec \
    "ev cpu=1 reason=0 itype=3 vec=14 ec=0x3 => deliver vmm 3 EXC 14"
has "errcode & PFEC_MASK[0] = 0x00000001" "PFEC_MATCH[0] = 0x00000001, equal -> EN kept (1 -> 1)"
explain "#PF from a vmm uses VMM_PROFILE" pf_mask_match_inversion.vec \
    "ev cpu=2 reason=0 itype=3 vec=14 ec=0x0 => deliver vmm 1 EXC 14"
has "profile: p = 2, from VMM_PROFILE[0]"

# ---- I/O ranges: straddles, overlapping entries, wrap, PMASK ------------
explain "I/O straddle over two entries" ior_range_edge_straddle.vec \
    "ev cpu=3 reason=30 port=0x3F6 size=4 dir=in => deliver vmm 1 IOR 0"
has "port 0x03F6 (bits 31:16), size 4 bytes (bits 2:0 = 3), dir IN (bit 3)" \
    "access 0x03F6..0x03F9 (port 0x03F6, 4 bytes, IN)" "no wrap" \
    "entry 0: 0x03F8..0x03FF, V 1, IN_EN 1, OUT_EN 1, PMASK 0xF, VMM 1: matches -> wins (lowest matching index)" \
    "entry 4: 0x03F0..0x03F7, V 1, IN_EN 1, OUT_EN 1, PMASK 0xF, VMM 5: matches, but entry 0 has a lower index" \
    "-> t = vmm 1, rule IOR, index 0" "explained: EVENT deliver vmm 1 IOR 0"
explain "I/O access wrapping past 0xFFFF" ior_range_edge_straddle.vec \
    "ev cpu=3 reason=30 port=0xFFFF size=2 dir=in => deliver vmm 0 HOME 7"
has "P + S = 0x10001 > 0x10000: the access wraps past 0xFFFF, no entry matches" \
    "entry 5: 0x0000..0xFFFF, V 1, IN_EN 1, OUT_EN 1, PMASK 0xF, VMM 6: no match: the access wraps" \
    "no entry matches: pass" "explained: EVENT deliver vmm 0 HOME 7"
explain "I/O PMASK and V" ior_route_enables_pmask_priority.vec \
    "ev cpu=0 reason=30 port=0x70 size=1 dir=out => deliver vmm 5 IOR 4"
has "entry 2: 0x0070..0x007F, V 1, IN_EN 0, OUT_EN 1, PMASK 0x4, VMM 3: no match: PMASK 0x4 lacks profile 0" \
    "entry 3: 0x0070..0x007F, V 0, IN_EN 1, OUT_EN 1, PMASK 0xF, VMM 4: no match: V = 0" \
    "entry 4: 0x0070..0x007F, V 1, IN_EN 1, OUT_EN 1, PMASK 0xF, VMM 5: matches -> wins"
explain "I/O empty entry" ior_route_enables_pmask_priority.vec \
    "ev cpu=0 reason=30 port=0x8E size=4 => deliver vmm 0 HOME 2"
has "entry 5: 0x0090..0x008F" "no match: empty range (BASE > LIMIT)"

# ---- GROUP by usage -----------------------------------------------------
explain "GROUP least usage" group_least_usage.vec \
    "ev cpu=1 reason=10 => deliver vmm 3 GROUP 0"
has "cpu 1 before: cur vmm 2" "profile: p = 0, from VMM_PROFILE[2]" \
    "TYPE[0][10] = 0x00000020: MODE 2 (GROUP), group g = VMM[1:0] = 0" \
    "GROUP[0] = 0x0E {1, 2, 3} & VMM_EN 0xFF = candidates {1, 2, 3}" \
    "usage(1) = pending_count 2 * PEND_WEIGHT 4 + SW_USAGE 0 = 8" \
    "usage(2) = pending_count 1 * PEND_WEIGHT 4 + SW_USAGE 5 = 9" \
    "usage(3) = pending_count 1 * PEND_WEIGHT 4 + SW_USAGE 0 = 4" \
    "lowest usage 4: vmm 3 -> t = vmm 3, rule GROUP, index 0" \
    "push stack[1] = {ctx vmm 2, to vmm 3, blk {}}" "explained: EVENT deliver vmm 3 GROUP 0"
explain "GROUP tie" group_least_usage.vec "ev cpu=2 reason=10 => deliver vmm 1 GROUP 0"
has "lowest usage 8 shared by {1, 3}: tie -> lowest v wins: vmm 1"
explain "GROUP saturation, local" group_least_usage.vec "ev cpu=0 reason=12 => local GROUP 1"
has "usage(4) = pending_count 1 * PEND_WEIGHT 4 + SW_USAGE 65534 = 65538, saturated to 65535 (0xFFFF)" \
    "lowest usage 65535 shared by {4, 5}: tie -> lowest v wins: vmm 4" \
    "LOCAL: s = vmm 4 is vmm t" "explained: EVENT local GROUP 1"
explain "GROUP offline member" group_least_usage.vec "ev cpu=0 reason=10 => deliver vmm 2 GROUP 0"
has "& VMM_EN 0xFD = candidates {2, 3}, offline: {1}"

# ---- VMXR-2 step 5a: memory ranges ----------------------------------------
mk=$tvec/mem_key_routes.vec
explain "MEM hit, overlapping entries" "$mk" "ev cpu=0 reason=48 qual=0x1 gpa=0x1A0123 => deliver vmm 3 MEM 0"
has "qual    0x00000001: access kinds A = bits 2:0 = 0x1 (read 1, write 0, fetch 0)" \
    "gpa     0x00000000001A0123: frame F = bits 43:12 = 0x000001A0, bits 63:44 = 0x00000" \
    "step 5a MEM: A = qual[2:0] = 0x1 (read); gpa 0x00000000001A0123: F = gpa[43:12] = 0x000001A0, gpa[63:44] = 0x00000" \
    "entry 0: 0x00000100..0x000001FF, V 1, ACC {X W R} = 0x1, PMASK 0xF, VMM 3: A & ~ACC = 0x1 & ~0x1 = 0x0 (every kind enabled); BASE <= F <= LIMIT; PMASK bit 0 = 1: matches -> wins (lowest matching index)" \
    "entry 1: 0x00000180..0x000002FF, V 1, ACC {X W R} = 0x3, PMASK 0xF, VMM 4: A & ~ACC = 0x1 & ~0x3 = 0x0 (every kind enabled); BASE <= F <= LIMIT; PMASK bit 0 = 1: matches, but entry 0 has a lower index" \
    "entry 2: 0x00000500..0x000004FF, V 1, ACC {X W R} = 0x7, PMASK 0xF, VMM 5: A & ~ACC = 0x1 & ~0x7 = 0x0 (every kind enabled); BASE > LIMIT: empty, never matches; PMASK bit 0 = 1: no match: empty range (BASE > LIMIT)" \
    "entry 3: 0x00000100..0x000001FF, V 1, ACC {X W R} = 0x7, PMASK 0x2, VMM 6: A & ~ACC = 0x1 & ~0x7 = 0x0 (every kind enabled); BASE <= F <= LIMIT; PMASK bit 0 = 0: no match: PMASK 0x2 lacks profile 0" \
    "entries 4, 5, 6, 7: reset value (0x00000000..0x00000000, V 0): no match: V = 0" \
    "F lies in the range of entries {0, 1, 3}; of those, matching (V, kinds, PMASK bit p): {0, 1}" \
    "-> t = vmm 3, rule MEM, index 0" "step 5b KEY: not reached (step 5a chose)" \
    "step 6 TYPE: not reached (step 5a chose)" "route: MEM 0 -> vmm 3" "explained: EVENT deliver vmm 3 MEM 0"
in_order "step 5 IOR" "step 5a MEM"
in_order "step 5a MEM" "step 5b KEY"
in_order "step 5b KEY" "step 6 TYPE"
explain "MEM entry missed by access kind" "$mk" "ev cpu=0 reason=48 qual=0x2 gpa=0x1A0000 => deliver vmm 4 MEM 1"
has "step 5a MEM: A = qual[2:0] = 0x2 (write)" \
    "entry 0: 0x00000100..0x000001FF, V 1, ACC {X W R} = 0x1, PMASK 0xF, VMM 3: A & ~ACC = 0x2 & ~0x1 = 0x2 (some kind not enabled); BASE <= F <= LIMIT; PMASK bit 0 = 1: no match: write not enabled" \
    "entry 1: 0x00000180..0x000002FF, V 1, ACC {X W R} = 0x3, PMASK 0xF, VMM 4: A & ~ACC = 0x2 & ~0x3 = 0x0 (every kind enabled); BASE <= F <= LIMIT; PMASK bit 0 = 1: matches -> wins (lowest matching index)" \
    "-> t = vmm 4, rule MEM, index 1" "explained: EVENT deliver vmm 4 MEM 1"
explain "MEM miss by access kind, home" "$mk" "ev cpu=0 reason=48 qual=0x2 gpa=0x150000 => deliver vmm 0 HOME 0"
has "A & ~ACC = 0x2 & ~0x1 = 0x2 (some kind not enabled); BASE <= F <= LIMIT; PMASK bit 0 = 1: no match: write not enabled" \
    "F 0x00000150 < BASE; PMASK bit 0 = 1: no match: F below BASE" \
    "F lies in the range of entries {0, 3}; of those, matching (V, kinds, PMASK bit p): {}" \
    "no entry matches: pass" "step 6 TYPE: TYPE[0][48] = 0x00000000: MODE 0 (HOME): pass to step 7" \
    "explained: EVENT deliver vmm 0 HOME 0"
explain "MEM gpa above 2^44" "$mk" "ev cpu=0 reason=48 qual=0x1 gpa=0x1000001A0000 => deliver vmm 0 HOME 0"
has "gpa     0x00001000001A0000: frame F = bits 43:12 = 0x000001A0, bits 63:44 = 0x00001" \
    "gpa[63:44] = 0x00001 != 0: beyond the table's 44-bit reach, no entry matches" \
    "entry 0: 0x00000100..0x000001FF, V 1, ACC {X W R} = 0x1, PMASK 0xF, VMM 3: A & ~ACC = 0x1 & ~0x1 = 0x0 (every kind enabled); BASE <= F <= LIMIT; PMASK bit 0 = 1: no match: gpa[63:44] != 0" \
    "no entry matches: pass" "explained: EVENT deliver vmm 0 HOME 0"

# ---- VMXR-2 step 5b: key ranges, GRP -------------------------------------
explain "KEY fixed, overlapping entries" "$mk" "ev cpu=0 reason=10 qual=0x40000001 => deliver vmm 2 KEY 0"
has "qual    0x40000001: the key K of the CPUID (the leaf, EAX)" "step 5a MEM: n/a: reason 10 is not 48" \
    "step 5b KEY: K = qual = 0x40000001 (the leaf, EAX); kind CPUID = KEY_CTRL bit 16" \
    "entry 0: 0x40000000..0x400000FF, V 1, kinds {CPUID}, GRP 0, PMASK 0xF, VMM 2: CPUID bit 1; BASE <= K <= LIMIT; PMASK bit 0 = 1: matches -> wins (lowest matching index)" \
    "entry 1: 0x00000100..0x000001FF, V 1, kinds {VMCALL}, GRP 1, PMASK 0xF, VMM 1: CPUID bit 0; K 0x40000001 > LIMIT; PMASK bit 0 = 1: no match: CPUID not enabled; K above LIMIT" \
    "entry 4: 0x40000000..0x4000000F, V 1, kinds {CPUID}, GRP 0, PMASK 0xF, VMM 4: CPUID bit 1; BASE <= K <= LIMIT; PMASK bit 0 = 1: matches, but entry 0 has a lower index" \
    "K lies in the range of entries {0, 4}; of those, matching (V, kinds, PMASK bit p): {0, 4}" \
    "-> GRP 0: t = VMM = vmm 2, rule KEY, index 0" "step 6 TYPE: not reached (step 5b chose)" \
    "explained: EVENT deliver vmm 2 KEY 0"
explain "KEY missed by kind bit" "$mk" "ev cpu=0 reason=32 qual=0x830 => deliver vmm 0 HOME 0"
has "qual    0x00000830: the key K of the WRMSR (the MSR index, ECX)" "kind WRMSR = KEY_CTRL bit 19" \
    "entry 3: 0x00000800..0x000008FF, V 1, kinds {RDMSR}, GRP 0, PMASK 0xF, VMM 5: WRMSR bit 0; BASE <= K <= LIMIT; PMASK bit 0 = 1: no match: WRMSR not enabled" \
    "no entry matches: pass" "explained: EVENT deliver vmm 0 HOME 0"
explain "KEY GRP tie" "$mk" "ev cpu=0 reason=18 qual=0x150 => deliver vmm 1 KEY 1"
has "step 5b KEY: K = qual = 0x00000150 (the hypercall number, RAX[31:0]); kind VMCALL = KEY_CTRL bit 17" \
    "entry 1: 0x00000100..0x000001FF, V 1, kinds {VMCALL}, GRP 1, PMASK 0xF, VMM 1: VMCALL bit 1; BASE <= K <= LIMIT; PMASK bit 0 = 1: matches -> wins (lowest matching index)" \
    "-> GRP 1: group g = VMM[1:0] = 1, arbitrated below; rule KEY, index 1" \
    "step 5b KEY GRP arbitration: key entry 1, group g = 1" \
    "GROUP[1] = 0x0A {1, 3} & VMM_EN 0x7F = candidates {1, 3}" \
    "usage(1) = pending_count 0 * PEND_WEIGHT 1 + SW_USAGE 3 = 3" \
    "usage(3) = pending_count 0 * PEND_WEIGHT 1 + SW_USAGE 3 = 3" \
    "lowest usage 3 shared by {1, 3}: tie -> lowest v wins: vmm 1 -> t = vmm 1, rule KEY, index 1" \
    "route: KEY 1 -> vmm 1" "explained: EVENT deliver vmm 1 KEY 1"
explain "KEY GRP, no online candidate" "$mk" "ev cpu=0 reason=18 qual=0x250 => deliver vmm 0 HOME 0"
has "-> GRP 1: group g = VMM[1:0] = 2 (VMM 6: bit 2 ignored), arbitrated below; rule KEY, index 2" \
    "(entry 2 decides: no later entry and not step 6, whatever the arbitration gives)" \
    "GROUP[2] = 0x80 {7} & VMM_EN 0x7F = candidates {}, offline: {7}" \
    "no online candidate -> step 7 (home): the decision's rule is HOME, not KEY" \
    "step 7 HOME: s = vm 0, OWNER[0] = 0 -> t = vmm 0, rule HOME, index 0" "explained: EVENT deliver vmm 0 HOME 0"

# ---- offline fallback ---------------------------------------------------
explain "offline fallback after IOR" home_and_offline_fallback.vec \
    "ev cpu=0 reason=30 port=0x60 size=1 dir=in => deliver vmm 0 FALLBACK 7"
has "entry 2: 0x0060..0x0060" "step 8 offline: vmm 7 is OFFLINE (VMM_EN 0x3F bit 7 = 0) -> FALLBACK: t = vmm 0, index 7" \
    "route: FALLBACK 7 -> vmm 0" "explained: EVENT deliver vmm 0 FALLBACK 7"
explain "local fallback" home_and_offline_fallback.vec "ev cpu=1 reason=12 => local FALLBACK 6"
has "TYPE[0][12] = 0x00000016: MODE 1 (FIXED), VMM 6" "FALLBACK" "explained: EVENT local FALLBACK 6"

# ---- platform classes, blocking, overflow --------------------------------
explain "blocked SMI" smi_blocking_pend_inject.vec "ev cpu=0 reason=5 => pended"
has "step 1 class: SMI: reason 5 (I/O SMI) is an SMI" \
    "step 2 blocked: YES: blocked[0] = {SMI, NMI} has SMI -> pend[0] SMI set (was 0), outcome PENDED" \
    "explained: EVENT pended" "pend {SMI} stays latched" "blocked {SMI, NMI}, pend {SMI}"
explain "IPI range" platform_class_ipi_range.vec "ev cpu=0 reason=1 vec=0x40 => deliver vmm 4 PLAT 3"
has "step 1 class: IPI: reason 1 with vector 0x40 in IPI_RANGE LO 0x40 .. HI 0x4F" \
    "step 3 PLAT: PLAT[3] (IPI) = 0x00000041: EN 1, VMM 4, LOCK 0 -> t = vmm 4, rule PLAT, index 3" \
    "step 4 EXC: not reached (step 3 chose)"
explain "stack overflow" stack_overflow_depth.vec "ev cpu=2 reason=31 => error STACK_OVERFLOW"
has "overflow: depth 4 = DEPTH 4, stack full, not SMI/NMI -> error STACK_OVERFLOW" "explained: EVENT error STACK_OVERFLOW"
explain "NMI on a full stack" stack_overflow_depth.vec "ev cpu=2 reason=0 itype=2 vec=2 => pended"
has "stack full: an NMI is latched" "explained: EVENT pended"

# ---- RESUME with injections, LAUNCH ---------------------------------------
explain "resume, LOCAL SMI then NMI" nmi_blocking_local_smi_injection.vec \
    "resume cpu=1 => resumed vmm 2 => local PLAT 0 => deliver vmm 3 PLAT 1"
has "1. cur vmm 5 is a VMM: ok" "2. stack depth 2 > 0: ok" \
    "pop stack[1] = {ctx vmm 2, to vmm 5, blk {SMI, NMI}}: pending_count[5] 1 -> 0; cur = vmm 2" \
    "blocked[1] recomputed from the 1 remaining entry: {} (was {SMI, NMI})" \
    "SMI: latched and not blocked" "explained: INJECT local PLAT 0" \
    "the SMI injection was LOCAL" "NMI: latched and not blocked" "explained: INJECT deliver vmm 3 PLAT 1" \
    "INJECT deliver vmm 3 PLAT 1 (from vmm 2 to vmm 3)"
in_order "SMI: latched" "NMI: latched"
explain "resume, SMI delivered blocks NMI" smi_blocking_pend_inject.vec \
    "resume cpu=0 => resumed vm 1 => deliver vmm 2 PLAT 0"
has "explained: INJECT deliver vmm 2 PLAT 0" "NMI: latched, but blocked[0] = {SMI, NMI} has NMI (the delivery just made blocks it): stays latched"
explain "launch NOT_OWNER" launch_rules.vec "launch cpu=0 vm=4 => error NOT_OWNER"
has "command as parsed: LAUNCH on cpu 0" "3. stack holds one entry and its ctx vm 1 is a VM (a switch): ok" \
    "4. cur vmm 2 is neither 0 nor OWNER[4] = 5: FAIL -> error NOT_OWNER" "explained: LAUNCH error NOT_OWNER"
explain "launch BUSY" launch_rules.vec "launch cpu=0 vm=4 => error BUSY"
has "3. stack holds 2 entries (neither empty nor one VM entry): FAIL -> error BUSY" "(the later checks are not made)"
explain "launch switch with injection" launch_rules.vec "launch cpu=3 vm=7 => launched vm 7 => deliver vmm 5 PLAT 0"
has "switch: pop stack[0] = {ctx vm 4, to vmm 5, blk {SMI, NMI}}" "explained: INJECT deliver vmm 5 PLAT 0"
explain "resume EMPTY" launch_rules.vec "resume cpu=0 => error EMPTY"
has "2. stack depth 0 = 0 (empty): FAIL -> error EMPTY"

# ---- checks -------------------------------------------------------------
explain "BAD_CPU" event_validation_errors.vec "launch cpu=5 vm=31 => error BAD_CPU"
has "-> error BAD_CPU: nothing else is looked at or changed" "no such CPU" "explained: LAUNCH error BAD_CPU"
explain "BAD_IO_SIZE" event_validation_errors.vec "ev cpu=1 reason=30 port=0x60 size=3 => error BAD_IO_SIZE"
has "qual[2:0] = 2 (3 bytes) is not 0, 1 or 3 -> error BAD_IO_SIZE"
explain "BAD_REASON" event_validation_errors.vec "ev cpu=0 reason=35 => error BAD_REASON"
has "reason 35 is > 64 or one of 35, 38, 42 -> error BAD_REASON"

# ---- usage and input errors (exit 2) ------------------------------------
f=$dir/exc_route.vec
printf 'vmxr-vectors 1\nev cpu=0 reason=10 bogus=1\n' > "$tmp/bad.vec"
cmdline=$(grep -nE '^[[:space:]]*ev[[:space:]]' "$f" | head -n 1 | cut -d: -f1)
status "--help" 0 --help
if grep -qF "transaction-level core" "$tmp/out"; then ok; else ko "--help does not name the engine"; fi
status "no arguments" 2
err_has "no arguments" "usage: vmxr explain"
status "no --line" 2 "$f"
err_has "no --line" "--line N or --all is required"
status "--line and --all" 2 --all --line "$cmdline" "$f"
err_has "--line and --all" "--line N and --all exclude each other"
status "--all, no command in the file" 2 --all "$dir/reg_write_decode_access.vec"
err_has "--all, no command in the file" "reg_write_decode_access.vec: no command (ev, launch or resume) to explain"
status "--all, malformed file" 2 --all "$tmp/bad.vec"
status "--line 0" 2 --line 0 "$f"
status "--line abc" 2 --line abc "$f"
status "--line without value" 2 --line
status "--engine model" 2 --engine model --line "$cmdline" "$f"
err_has "--engine model" "transaction-level core"
status "--engine txn" 0 --engine txn --line "$cmdline" "$f"
status "unknown option" 2 --bogus --line "$cmdline" "$f"
err_has "unknown option" "usage: vmxr explain"
status "two files" 2 --line "$cmdline" "$f" "$f"
status "missing file" 2 --line 2 "$tmp/none.vec"
status "malformed file" 2 --line 2 "$tmp/bad.vec"
err_has "malformed file" "bad.vec:2:20: unknown field 'bogus' in 'ev'"
status "comment line" 2 --line 1 "$f"
err_has "comment line" "exc_route.vec:1: not a command (ev, launch or resume)"
wrline=$(grep -nE '^wr ' "$f" | head -n 1 | cut -d: -f1)
status "wr line" 2 --line "$wrline" "$f"
err_has "wr line" "exc_route.vec:$wrline: not a command (ev, launch or resume)"
status "header line" 2 --line "$(line_of "$f" 'vmxr-vectors 1')" "$f"
status "line past the end" 2 --line 100000 "$f"

# ---- --all is --line at every command line, in one replay: byte for byte
# on a directed vector and a firmware trace -----------------------------------
for f in "$dir/exc_route.vec" "$dir/../firmware/guest_emulation.vec"; do
    : > "$tmp/each"
    first=1
    for line in $(grep -nE '^[[:space:]]*(ev|launch|resume)[[:space:]]' "$f" | cut -d: -f1); do
        [ "$first" = 1 ] || echo >> "$tmp/each"
        first=0
        "$vmxr" explain --line "$line" "$f" >> "$tmp/each" 2>&1
    done
    "$vmxr" explain --all "$f" > "$tmp/all" 2>&1
    if cmp -s "$tmp/all" "$tmp/each"; then ok; else
        ko "--all on $f differs from --line at each command: $(diff "$tmp/each" "$tmp/all" | head -n 5)"
    fi
done

# ---- every command line of every directed vector, every firmware golden
# trace and every vector of tests/vectors (--all): exit 0 (self-check), one
# explanation a command ----------------------------------------------------
total=0
for f in "$dir"/*.vec "$dir"/../firmware/*.vec "$tvec"/*.vec; do
    n=$(grep -cE '^[[:space:]]*(ev|launch|resume)[[:space:]]' "$f")
    total=$((total + n))
    [ "$n" = 0 ] && continue # register-only vector
    "$vmxr" explain --all "$f" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    got=$(grep -c '^explain .* on the transaction-level core$' "$tmp/out")
    if [ "$rc" = 0 ] && [ "$got" = "$n" ]; then ok; else
        ko "$f: explain --all exits $rc, $got explanations of $n command lines: $(head -n 3 "$tmp/err")"
    fi
done
if [ "$total" -gt 0 ]; then ok; else ko "no command line found in $dir"; fi

summary explain
