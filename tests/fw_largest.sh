#!/bin/sh
# Writes the largest scenarios platform/scenario.c accepts to standard
# output (tests/fw_memory.sh, make bench-fw; docs/platform.md, "Memory and
# time").
#
#   sh tests/fw_largest.sh work [LIMIT]   the most work: 4 CPUs each
#       scheduling all 16 VMs, the 64 programs (vm x cpu) of 200000
#       instructions each (12.8 million), every HLT switching VMs so that
#       every vCPU runs; 4096 expects (63 in each program, 64 at the end,
#       every one failing), 256 timed IPIs; a console that fills up. LIMIT:
#       the step limit (default 100000000, the largest; the run then ends at
#       the 20 million HAL calls of the runaway protection).
#   sh tests/fw_largest.sh text [LIMIT]   the most text: a file of just
#       under 64 MiB (the largest accepted), 64 programs of 200000
#       instructions written out one a line, as many of them VMCALLs with
#       two 64-bit operands (the largest record per byte of text) as fit,
#       the rest ud and gp. LIMIT: the step limit (default 1000).
set -eu
kind=${1:-}
case $kind in
work) limit=${2:-100000000} ;;
text) limit=${2:-1000} ;;
*) echo "usage: sh tests/fw_largest.sh work|text [LIMIT]" >&2; exit 2 ;;
esac
awk -v kind="$kind" -v limit="$limit" 'BEGIN {
    head = "vmxr-scenario 1\nstrap smi en=1 vmm=1 lock=1\ncpus 4\nlimit " limit "\n"
    for (c = 0; c < 4; c++)
        head = head "schedule cpu=" c " vms=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
    printf "%s", head
    # text: the bytes each program may take (end and program lines included)
    budget = int((64 * 1048576 - length(head)) / 64)
    for (v = 0; v < 16; v++)
        for (c = 0; c < 4; c++) {
            print "program vm=" v " cpu=" c
            n = 0
            if (v == 0 && c == 0) { # cpu0 starts the others (SIPI vector 0: vm 0)
                print "sipi 1 0x00"; print "sipi 2 0x00"; print "sipi 3 0x00"
                n = 3
            }
            if (kind == "text") {
                # x VMCALL lines of 45 bytes, the rest lines of 3
                x = int((budget - length("program vm=" v " cpu=" c "\nend\n") - 12 * n - 3 * (200000 - n)) / 42)
                for (i = 0; i < x; i++)
                    print "vmcall 0xFFFFFFFFFFFFFFFF 0xFFFFFFFFFFFFFFFF"
                for (i = n + x; i < 200000; i++)
                    print (i % 2 ? "ud" : "gp")
            } else {
                # 63 stretches of m instructions (print: 5, cpuid, in,
                # m - 8 HLTs, out), each followed by an expect that fails
                for (k = 0; k < 63; k++) {
                    m = int((200000 - n) / (63 - k))
                    print "  print \"big\\r\\n\""
                    print "  cpuid 1"
                    print "  in 0x3FD"
                    print "  repeat " (m - 8) " hlt"
                    print "  out 0x80 " k
                    print "  expect rax=" (k + 1000)
                    n += m
                }
            }
            print "end"
        }
    if (kind == "work") {
        for (i = 0; i < 64; i++)
            print "expect handled vmm=0 count=" i
        for (i = 0; i < 256; i++)
            print "at " (i * 997) " ipi vec=" (48 + i % 64) " cpu=" (i % 4)
    }
}'
