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
    unsigned pc;          /* instructions retired */
    struct scn_cursor at; /* the next one */
    unsigned xnext;       /* in-program expects of its program already passed */
    bool used;
};

struct plat {
    const struct scenario *s;
    struct vmxr_bus *bus;
    FILE *tx;
    const struct vmxr_fw *fwd; /* the firmware's descriptor */
    struct fw_system *fw;      /* its state */
    unsigned ncpu;
    uint8_t cur[FW_MAX_CPUS];
    uint8_t parked_noted[FW_MAX_CPUS]; /* context noted as parked, 0xFF none */
    struct vcpu vcpu[FW_MAX_VMS][FW_MAX_CPUS];
    uint64_t now, commands, hal_calls, max_commands;
    unsigned invocations[VMXR_NVMM];
    uint64_t exits[VMXR_NVMM][VMXR_NREASON];
    uint64_t rules[VMXR_RULE_COUNT]; /* decisions of every command, by rule */
    unsigned *xchecked;              /* per expect: times checked */
    unsigned *xorder, *xstart;       /* plat_expect_order */
    unsigned nexp, nfail;            /* expects checked, failed */
    char *fails;                     /* failure lines */
    size_t nfails, capfails;
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

/* Transcript line at the current handler depth (plat.c). */
void plat_tline(struct plat *p, unsigned extra, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Expects (plat_expect.c). plat_expect_point: vCPU (vm, cpu) running
 * program prog (index into s->progs) has retired `at` instructions: the
 * expects placed there are checked, each result a transcript line.
 * plat_expect_end: the end-of-run expects, and every in-program expect no
 * vCPU reached (a failure); writes the "== expects" section. */
void plat_expect_point(struct plat *p, unsigned prog, unsigned vm, unsigned cpu, unsigned at);
/* Before the run: p->xorder (room for s->nexpects) gets the in-program
 * expects program by program, in file order, which is the order of their
 * places (the parser places each after the instructions so far); program
 * g's are xorder[xstart[g]] up to xorder[xstart[g + 1]] (xstart: room for
 * s->nprogs + 1). So a vCPU reaches its expects in order, and a point
 * costs nothing when none is placed there. */
void plat_expect_order(struct plat *p);
void plat_expect_end(struct plat *p);

#endif /* VMXR_PLAT_INT_H */
