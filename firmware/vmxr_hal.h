/* The hardware abstraction layer: the only way from firmware to hardware.
 *
 * Firmware (firmware/, vmms/) is freestanding C: <stdint.h>, <stddef.h>,
 * <stdbool.h> and the generated register header, nothing else. Every
 * hal_* function below is provided by whatever runs the firmware: the host
 * platform (platform/) on the C model, the RTL or SystemC, or bring-up code
 * on silicon. `make firmware` proves that these are the only symbols the
 * firmware needs.
 *
 * A struct vmxr_hal stands for one logical processor running one VMM: the
 * VMM whose handler (or boot code) is executing now. It is opaque and owned
 * by the platform; firmware receives it as an argument and never keeps it
 * beyond the call it received it in.
 *
 * Entering a guest: hal_resume() and hal_launch() perform the VM entry at
 * once. On success (return 0) control has left the VMM: the caller must
 * return from its handler without any further hal_* call. On failure they
 * return the unit's error code (enum vmxr_errc) and the VMM keeps running.
 */
#ifndef VMXR_HAL_H
#define VMXR_HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmxr_regs.h"

struct vmxr_hal;

/* Why the running VMM has control: the decision that delivered it (or, for
 * a LOCAL outcome, the event it must handle in place) and the event's
 * fields. op is VMXR_OP_EVENT, or VMXR_OP_INJECT for a pended SMI/NMI
 * injected after a RESUME or LAUNCH. from is the interrupted context in the
 * CPU_STATE.CUR encoding (bit 4 set: VMM; bits 3:0: the id). */
struct vmxr_exit {
    uint8_t cpu;
    uint8_t op;      /* enum vmxr_op */
    uint8_t outcome; /* VMXR_OUTCOME_DELIVER or VMXR_OUTCOME_LOCAL */
    uint8_t from;    /* interrupted context */
    uint8_t rule;    /* enum vmxr_rule */
    uint8_t idx;     /* rule index */
    uint8_t reason;  /* SDM basic exit reason */
    uint8_t itype;   /* reasons 0 and 1: interruption type */
    uint8_t vector;  /* reasons 0 and 1: vector */
    uint32_t qual;   /* exit qualification (reason 0, #PF: the linear address;
                        VMXR-2's routed reasons: 10 the CPUID leaf, 18 the
                        hypercall number, 31/32 the MSR index, 48 the SDM
                        access bits [2:0] R/W/X) */
    uint32_t errcode;
    uint64_t gpa;    /* reason 48 (EPT violation): the guest-physical address;
                        0 for every other event */
};

/* Guest registers of the interrupted guest context, for emulation. */
enum vmxr_gpr { VMXR_GPR_RAX, VMXR_GPR_RCX, VMXR_GPR_RDX, VMXR_GPR_RBX, VMXR_GPR_RIP, VMXR_GPR_COUNT };

/* Identity: the logical processor and the VMM running on it. */
unsigned hal_cpu(struct vmxr_hal *h);
unsigned hal_vmm(struct vmxr_hal *h);

/* Routing-unit registers, accessed as the running VMM (PAUSER = hal_vmm).
 * A read of an unmapped address returns 0. hal_reg_write returns true when
 * the unit refused the write (PSLVERR). An address beyond the 12-bit APB
 * window reads 0 and refuses writes without reaching the unit. */
uint32_t hal_reg_read(struct vmxr_hal *h, unsigned addr);
bool hal_reg_write(struct vmxr_hal *h, unsigned addr, uint32_t value);

/* The exit that gave this VMM control; valid for the whole handler. */
const struct vmxr_exit *hal_exit_info(struct vmxr_hal *h);

/* Registers of the interrupted guest (the context in hal_exit_info()->from
 * when it is a VM). Writes take effect when the guest resumes; advancing
 * RIP past an emulated instruction is the handler's job. */
uint64_t hal_guest_read(struct vmxr_hal *h, enum vmxr_gpr r);
void hal_guest_write(struct vmxr_hal *h, enum vmxr_gpr r, uint64_t value);

/* VM entries (see above). Return 0 on success, else enum vmxr_errc (a vm
 * the command's 5-bit field cannot hold: VMXR_ERRC_BAD_VM, nothing issued). */
int hal_resume(struct vmxr_hal *h);
int hal_launch(struct vmxr_hal *h, unsigned vm);

/* A monotonic platform clock in guest instructions retired over all CPUs;
 * deterministic, the same on every engine. */
uint64_t hal_now(struct vmxr_hal *h);

/* Diagnostic text for the platform's transcript: one line per call, no
 * newline needed. The platform prefixes the CPU and the VMM. */
void hal_log(struct vmxr_hal *h, const char *text);

/* The physical console: one byte on the board's serial line (what an
 * emulated UART's transmitter finally drives). */
void hal_console_tx(struct vmxr_hal *h, uint8_t byte);

#endif /* VMXR_HAL_H */
