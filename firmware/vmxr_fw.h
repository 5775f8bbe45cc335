/* The firmware interface, version 2: what a VMM firmware gives the platform
 * that runs it (docs/firmware-sdk.md).
 *
 * A firmware is freestanding C (firmware/vmxr_hal.h says what that means)
 * that provides exactly one object, a struct vmxr_fw named vmxr_firmware
 * (VMXR_FW_DESCRIPTOR), and reaches the hardware only through the hal_*
 * functions of vmxr_hal.h. The platform (vmxr fw, built in or loaded with
 * --firmware FW.so) reads the descriptor and nothing else:
 *
 *   abi        VMXR_FW_ABI_VERSION of the vmxr_fw.h the firmware was built
 *              against; a platform refuses any other version (exit 2)
 *   size       sizeof(struct vmxr_fw) as the firmware saw it
 *   name       a short name for the transcript header and messages
 *   nvmm, vmms the VMM table: which VMM numbers (0..7, the unit's PAUSER /
 *              context ids) the firmware runs, each with a short name
 *              (at most 8 characters; the report prints it) and a role.
 *              The unit delivers only to VMMs the firmware programs; a
 *              delivery to a VMM missing from the table stops the run as a
 *              firmware bug. The report lists the VMMs in table order.
 *   system_size, system_init, boot, exit  the four entry points below
 *
 * Entry points (all called by the platform, never concurrently):
 *   system_size()      bytes of the firmware's whole state (struct
 *                      fw_system, opaque to the platform); the platform
 *                      allocates them zeroed, aligned for any type. No
 *                      firmware state lives anywhere else (no mutable
 *                      static data: the freestanding check refuses it).
 *   system_init(s,cfg) initialises the state from the platform's
 *                      configuration; no hal_* call.
 *   boot(s,h)          reset entry on CPU 0 as VMM 0: program the unit and
 *                      launch CPU 0's first VM (hal_launch) when cfg
 *                      schedules one.
 *   exit(s,h)          the unit gave VMM hal_vmm(h) control on CPU
 *                      hal_cpu(h) (hal_exit_info(h) says why). A DELIVER
 *                      outcome's handler ends with a successful hal_resume
 *                      or hal_launch; a LOCAL one returns to what the VMM
 *                      was doing.
 *
 * Version history: 1: the descriptor above, struct fw_config below, the
 * HAL of vmxr_hal.h. 2 (this header): struct vmxr_exit gained gpa (the
 * guest-physical address of an EPT violation, VMXR-2).
 */
#ifndef VMXR_FW_H
#define VMXR_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmxr_hal.h"

#define VMXR_FW_ABI_VERSION 2u

/* The name of the descriptor every firmware defines. */
#define VMXR_FW_DESCRIPTOR vmxr_firmware
#define VMXR_FW_DESCRIPTOR_NAME "vmxr_firmware"

#define FW_MAX_CPUS 4u  /* CPUs a platform runs */
#define FW_MAX_VMS 16u  /* VMs a platform schedules */
#define FW_MAX_VMMS 8u  /* VMM numbers (the unit's 3-bit VMM ids) */
#define FW_VMM_NAME_MAX 8u

/* What a VMM is for; the platform prints names, roles are for tools and
 * readers (a firmware may leave them OTHER). */
enum vmxr_fw_role {
    VMXR_FW_ROLE_OTHER = 0,
    VMXR_FW_ROLE_MAIN,    /* boots the platform, owns the VMs by default */
    VMXR_FW_ROLE_SMI,     /* platform VMM for SMIs */
    VMXR_FW_ROLE_NMI,     /* platform VMM for NMIs / IPIs */
    VMXR_FW_ROLE_DEVICE,  /* owns I/O ranges, emulates devices */
    VMXR_FW_ROLE_WORKER,  /* member of a GROUP (VMCALL targets) */
    VMXR_FW_ROLE_GUEST,   /* a parallel VMM owning some VMs */
    VMXR_FW_ROLE_UNUSED,  /* not run (taken offline) */
};

struct vmxr_fw_vmm {
    uint8_t vmm;      /* 0..FW_MAX_VMMS-1, each at most once */
    uint8_t role;     /* enum vmxr_fw_role */
    const char *name; /* 1..FW_VMM_NAME_MAX printable characters */
};

/* What the platform tells the firmware at reset (its "device tree"). */
struct fw_config {
    uint8_t ncpu;                             /* CPUs to bring up (CPU 0 boots) */
    uint8_t cpu_nvms[FW_MAX_CPUS];            /* VMs each CPU runs ... */
    uint8_t cpu_vms[FW_MAX_CPUS][FW_MAX_VMS]; /* ... in scheduling order */
    uint8_t vm_owner[FW_MAX_VMS];             /* OWNER[n] the main VMM programs (0: VMM 0) */
    bool lock;                                /* set GLOBAL.LOCK after boot */
};

struct fw_system; /* the firmware's state, opaque to the platform */

struct vmxr_fw {
    uint32_t abi;  /* VMXR_FW_ABI_VERSION */
    uint32_t size; /* sizeof(struct vmxr_fw) */
    const char *name;
    unsigned nvmm;
    const struct vmxr_fw_vmm *vmms;
    size_t (*system_size)(void);
    void (*system_init)(struct fw_system *s, const struct fw_config *cfg);
    void (*boot)(struct fw_system *s, struct vmxr_hal *h);
    void (*exit)(struct fw_system *s, struct vmxr_hal *h);
};

/* Defines a firmware's descriptor:
 *   VMXR_FW_DEFINE("rtc", my_vmms, my_size, my_init, my_boot, my_exit);
 * with my_vmms a const array of struct vmxr_fw_vmm. */
#define VMXR_FW_DEFINE(NAME, VMMS, SIZE, INIT, BOOT, EXIT)                                                           \
    const struct vmxr_fw VMXR_FW_DESCRIPTOR = { VMXR_FW_ABI_VERSION, sizeof(struct vmxr_fw), (NAME),                 \
                                                sizeof(VMMS) / sizeof((VMMS)[0]), (VMMS), (SIZE), (INIT), (BOOT), (EXIT) }

extern const struct vmxr_fw VMXR_FW_DESCRIPTOR;

#endif /* VMXR_FW_H */
