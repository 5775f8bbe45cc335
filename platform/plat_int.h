/* The platform's run state, shared by plat.c (the run: vCPUs, event
 * sources, the HAL, dispatch, the transcript) and plat_report.c (the report
 * that ends a transcript). Private to platform/. */
#ifndef VMXR_PLAT_INT_H
#define VMXR_PLAT_INT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "platform.h"
#include "vmxr_hal.h"

#define MAX_CPU_FRAMES 40u /* handler frames per CPU */

/* One guest vCPU: its registers and its place in the guest program. */
struct vcpu {
    uint64_t r[VMXR_GPR_COUNT];
    unsigned pc;
    bool used;
};

struct plat {
    const struct scenario *s;
    struct vmxr_bus *bus;
    FILE *tx;
    struct fw_system *fw;
    unsigned ncpu;
    uint8_t cur[FW_MAX_CPUS];
    uint8_t parked_noted[FW_MAX_CPUS]; /* context noted as parked, 0xFF none */
    struct vcpu vcpu[FW_MAX_VMS][FW_MAX_CPUS];
    uint64_t now, commands, hal_calls, max_commands;
    unsigned invocations[VMXR_NVMM];
    uint64_t exits[VMXR_NVMM][VMXR_NREASON];
    bool *fired;
    struct vmxr_hal *frames[FW_MAX_CPUS][MAX_CPU_FRAMES];
    unsigned nframes[FW_MAX_CPUS];
    unsigned depth;
    unsigned char *console;
    size_t ncon, capcon;
    bool console_full;
    jmp_buf stop;
    bool stopped;
    bool bus_failed;
    char why[512];
};

/* Writes the end of the transcript to p->tx: instruction and command
 * counts, the console, handler invocations per VMM by exit reason, the
 * guest registers of the vCPUs that ran and, unless the bus failed, the
 * unit's registers read through p->bus as vmm 0 (not at their reset
 * value), announced in the trace with a tap comment. */
void plat_summary(struct plat *p);

#endif /* VMXR_PLAT_INT_H */
