/* A test HAL: the hal_* functions of firmware/vmxr_hal.h over the
 * transaction-level core (struct vmxr_state, vmxr_apb_read/write,
 * vmxr_txn_command), with a crafted exit, one set of guest registers, a
 * log capture and a console capture. */
#ifndef FW_TEST_HAL_H
#define FW_TEST_HAL_H

#include <stdbool.h>
#include <stdint.h>

#include "vmxr_hal.h"
#include "vmxr_model.h"

#define FW_TEST_LOG_LINES 512
#define FW_TEST_LOG_LEN 192

struct vmxr_hal {
    struct vmxr_state st;
    unsigned cpu, vmm;          /* identity of the running VMM */
    struct vmxr_exit exit;      /* hal_exit_info */
    uint64_t gpr[VMXR_GPR_COUNT];
    uint64_t now;               /* hal_now; advanced by the test */
    char log[FW_TEST_LOG_LINES][FW_TEST_LOG_LEN];
    unsigned nlog;
    uint8_t console[256];
    unsigned ncon;
    /* VM entries */
    unsigned entries;           /* successful RESUME/LAUNCH */
    unsigned launches, resumes; /* successful ones of each */
    int last_vm;                /* VM of the last successful LAUNCH, -1 none */
    bool left;                  /* control left the VMM */
    unsigned after_left;        /* hal_* calls after control left (a bug) */
    struct vmxr_decision dec[3];
    unsigned ndec;
    bool pending_exit;          /* the last command delivered an event (or an
                                   injection) that a VMM must handle */
};

/* Resets the unit with straps (smi en, vmm, lock) and the HAL. */
void fw_test_reset(struct vmxr_hal *h, bool smi_en, unsigned smi_vmm, bool smi_lock);

/* Issues a command straight to the unit (as the platform would) and, for
 * a DELIVER/LOCAL/INJECT outcome, makes h the receiving VMM with its exit
 * info. Returns the first decision's outcome. */
unsigned fw_test_event(struct vmxr_hal *h, unsigned cpu, unsigned reason, uint32_t qual, unsigned itype,
                       unsigned vector, uint32_t errcode);
/* An EPT violation (reason 48): SDM access bits qual, guest-physical gpa. */
unsigned fw_test_ept(struct vmxr_hal *h, unsigned cpu, uint32_t qual, uint64_t gpa);
unsigned fw_test_launch(struct vmxr_hal *h, unsigned cpu, unsigned vm);
unsigned fw_test_resume(struct vmxr_hal *h, unsigned cpu);

/* Clears the "control left" flag and the entry counters before a handler. */
void fw_test_arm(struct vmxr_hal *h);

/* True when some captured log line contains text. */
bool fw_test_log_has(const struct vmxr_hal *h, const char *text);
/* Prints the captured log (debugging). */
void fw_test_log_dump(const struct vmxr_hal *h);
void fw_test_log_clear(struct vmxr_hal *h);

/* CPU_STATE.CUR of cpu. */
unsigned fw_test_cur(const struct vmxr_hal *h, unsigned cpu);

/* I/O qualification (SDM): port, size in bytes, in. */
uint32_t fw_test_ioq(unsigned port, unsigned size, bool in);

#endif /* FW_TEST_HAL_H */
