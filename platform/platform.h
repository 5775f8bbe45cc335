/* The host platform: runs the VMM firmware (firmware/, vmms/) on a routing
 * unit reached through a struct vmxr_bus, driven by a scenario file.
 *
 *   scenario.c   the scenario format (docs/platform.md): parser and model;
 *                scn_expect.c its expect statements and exit instructions
 *   plat_expect.c  checking the expects during and after a run
 *   plat_fw.c    the firmware descriptor check (firmware/vmxr_fw.h)
 *   plat.c       the platform: guest vCPUs, event sources, the HAL, the
 *                dispatch of decisions to fw_exit, the transcript
 *   plat_report.c  the report that ends the transcript (plat_int.h holds
 *                the run state the two share)
 *   tap.c        a vmxr_bus wrapper that records every access as VEC1
 *   (`vmxr fw`, the command that drives it, is cli/cmd_fw.c)
 *
 * No state lives outside the structs below; any number of platforms may run
 * side by side. */
#ifndef VMXR_PLATFORM_H
#define VMXR_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vmxr_fw.h"
#include "vmxr_bus.h"
#include "vmxr_model.h"

/* ---- scenarios (scenario.c) ------------------------------------------- */

enum scn_op_kind {
    SCN_OUT,    /* a = port, b = value, size */
    SCN_IN,     /* a = port, size */
    SCN_CPUID,  /* a = leaf, b = subleaf */
    SCN_HLT,
    SCN_VMCALL, /* a = number, b = argument */
    SCN_MOVCR,  /* a = CR, b = value (MOV to CR) */
    SCN_READCR, /* a = CR (MOV from CR into RAX) */
    SCN_RDMSR,  /* a = MSR */
    SCN_WRMSR,  /* a = MSR, b = value */
    SCN_PF,     /* a = linear address, b = error code */
    SCN_SIPI,   /* a = target CPU, b = start vector: INIT then SIPI there */
    SCN_IPI,    /* a = target CPU, b = vector */
    SCN_APM,    /* b = command byte: OUT 0xB2, an I/O SMI */
    SCN_EXIT,   /* any exit: reason, itype, vector; a = qual, b = errcode (MMIO
                   forms: the value stored), gpa */
};

struct scn_op {
    uint8_t kind; /* enum scn_op_kind */
    uint8_t size; /* port I/O: 1, 2 or 4 bytes */
    uint8_t reason, itype, vector; /* SCN_EXIT */
    uint8_t form;                  /* SCN_EXIT: enum scn_exit_form (its transcript text) */
    uint64_t a, b;
    uint64_t gpa;                  /* SCN_EXIT: the guest-physical address (reason 48) */
};

/* A guest program: VM vm on every CPU (cpu < 0) or on one CPU only. Its
 * nops instructions are kept as written, one record a statement (a repeat
 * count stays a count, a print its text: memory grows with the file, not
 * with the instructions it stands for), and read in order with scn_next. */
struct scn_program {
    unsigned vm;
    int cpu;
    unsigned line;
    unsigned nops;       /* instructions, repeats and prints expanded */
    unsigned char *code; /* the records (scenario.c) */
    size_t len, cap;
};

/* A place in a program: its next instruction. Zeroed: the first. */
struct scn_cursor {
    size_t off; /* the record */
    uint32_t k; /* instructions of that record already taken */
};

enum scn_exit_form { SCN_EXIT_RAW, SCN_EXIT_EPT, SCN_EXIT_GP, SCN_EXIT_UD, SCN_EXIT_MMIO_RD, SCN_EXIT_MMIO_WR };

enum scn_ev_kind { SCN_EV_SMI, SCN_EV_NMI, SCN_EV_MGMT_OFF, SCN_EV_MGMT_ON, SCN_EV_IPI };

/* A platform event source: timed (`at STEP ...`) or in-VMM (`during ...`). */
struct scn_event {
    uint8_t kind;   /* enum scn_ev_kind */
    uint8_t arg;    /* MGMT: the VMM; IPI: the vector */
    int cpu;        /* target CPU; < 0: at: CPU 0, during: the handler's CPU */
    bool during;
    uint64_t at;    /* at: guest instructions retired (hal_now) */
    unsigned vmm, nth; /* during: VMM vmm's nth handler invocation (1-based) */
    unsigned line;
};

/* An `expect` statement (docs/platform.md). */
enum scn_expect_kind {
    SCN_X_GPR,          /* gpr = value */
    SCN_X_CONSOLE,      /* text occurs in the console output */
    SCN_X_CONSOLE_LINE, /* a console line equals text */
    SCN_X_HANDLED,      /* handler invocations of vmm (reason >= 0: of that reason only) = value */
    SCN_X_REG,          /* the unit register at addr, read as vmm 0, = value */
    SCN_X_DECISIONS,    /* decisions by rule = value */
    SCN_X_COMPLETED,    /* the run completed (value 1) or stopped (value 0) */
};

struct scn_expect {
    uint8_t kind; /* enum scn_expect_kind */
    uint8_t gpr;  /* SCN_X_GPR: enum vmxr_gpr */
    int prog;     /* index into progs: checked by each vCPU running it after `at`
                     instructions; < 0: at the end of the run */
    unsigned at;
    int vm, cpu;  /* SCN_X_GPR at the end: the vCPU (cpu < 0: the first that ran vm) */
    unsigned vmm;
    int reason;
    unsigned rule;
    unsigned addr;
    uint64_t value;
    char *text;
    unsigned line, col;
    char what[96]; /* the expectation as text: "rax=0x55" */
};

struct scenario {
    char *path;
    char name[64]; /* base name without extension */
    struct vmxr_straps straps;
    struct fw_config cfg;
    uint64_t limit; /* guest instructions before the run is stopped */
    struct scn_program *progs;
    unsigned nprogs;
    struct scn_event *events;
    unsigned nevents;
    struct scn_expect *expects;
    unsigned nexpects;
};

/* Reads and checks a scenario, a line at a time (a file of at most 64 MiB).
 * On malformed input: false with "FILE:LINE:COL: message" in err, or
 * "FILE: reason" when it cannot be read (s is then empty; scn_free is
 * safe). */
bool scn_load(const char *path, struct scenario *s, char *err, size_t errlen);
bool scn_parse(const char *path, const char *text, size_t len, struct scenario *s, char *err, size_t errlen);
void scn_free(struct scenario *s);

/* The instruction at c into op, and c moves on to the next one; false (op
 * untouched) past the program's end. */
bool scn_next(const struct scn_program *g, struct scn_cursor *c, struct scn_op *op);

/* The program vCPU (vm, cpu) runs: the CPU's own, else the VM's, else NULL. */
const struct scn_program *scn_program_for(const struct scenario *s, unsigned vm, unsigned cpu);

/* ---- the VEC1 tap (tap.c) ---------------------------------------------- */

/* Wraps inner: every operation is forwarded and written to out as a VEC1
 * item with its result. The tap owns inner (closing the tap closes it). */
struct vmxr_bus *tap_open(struct vmxr_bus *inner, const struct vmxr_straps *straps, FILE *out);
/* Comment for the next command item ("# TEXT" at its end). */
void tap_note(struct vmxr_bus *tap, const char *text);
/* A comment line of its own. */
void tap_comment(struct vmxr_bus *tap, const char *text);

/* ---- running a scenario (plat.c) --------------------------------------- */

struct plat_result {
    bool ok;            /* ran to the end: no firmware bug, limit or bus failure */
    unsigned expects;   /* expect statements checked ... */
    unsigned failed;    /* ... and failed */
    char *failures;     /* one "SCENARIO:LINE: expected X, got Y" line per failure
                           (NULL when none); the caller frees it */
    uint64_t steps;     /* guest instructions retired */
    uint64_t commands;  /* commands issued */
    uint64_t cycles;    /* bus clock cycles (not in the transcript) */
    char why[512];      /* when !ok */
};

/* Runs s with firmware fw (a descriptor vmxr_fw_check accepts) on bus
 * (fresh from vmxr_bus_open with s->straps), writing the transcript to tx
 * and checking s's expects. The bus stays the caller's; free r->failures. */
void plat_run(const struct scenario *s, const struct vmxr_fw *fw, struct vmxr_bus *bus, FILE *tx,
              struct plat_result *r);

/* ---- firmware descriptors (plat_fw.c) ------------------------------------ */

/* Checks a descriptor (one built in, or loaded from a .so): the ABI version
 * (VMXR_FW_ABI_VERSION exactly), the size, the entry points and the VMM
 * table. NULL when usable, else a message written into buf. */
const char *vmxr_fw_check(const struct vmxr_fw *fw, char *buf, size_t cap);

/* The VMM table entry of vmm, or NULL. */
const struct vmxr_fw_vmm *vmxr_fw_vmm_of(const struct vmxr_fw *fw, unsigned vmm);

#endif /* VMXR_PLATFORM_H */
