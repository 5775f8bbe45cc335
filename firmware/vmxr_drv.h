/* VMXR-2 routing driver: a typed API over the configuration registers.
 *
 * Freestanding (see vmxr_hal.h). Every register access goes through the HAL
 * as the running VMM (PAUSER = hal_vmm). Every call returns an enum
 * vmxr_drv_err:
 *   VMXR_DRV_OK        the access completed (a write was accepted);
 *   VMXR_DRV_EREFUSED  the unit answered PSLVERR: the write changed nothing
 *                      but the sticky ERR bit that names the cause (read it
 *                      with vmxr_drv_err_get);
 *   VMXR_DRV_EARG      an argument does not fit the register (index out of
 *                      range, field too wide, reserved encoding, NULL out
 *                      pointer); detected before any hardware access;
 *   VMXR_DRV_ENODEV    vmxr_drv_probe found no VMXR-2, or one built with
 *                      parameters other than the firmware's.
 * Packed registers (EXC nibbles, VMM_EN bits) are read-modify-written; the
 * caller owns the unit's configuration, so no other writer races it.
 * The driver keeps no state: struct vmxr_hal is passed to every call.
 */
#ifndef VMXR_DRV_H
#define VMXR_DRV_H

#include <stdbool.h>
#include <stdint.h>

#include "vmxr_hal.h"
#include "vmxr_regs.h"

enum vmxr_drv_err {
    VMXR_DRV_OK = 0,
    VMXR_DRV_EREFUSED = 1,
    VMXR_DRV_EARG = 2,
    VMXR_DRV_ENODEV = 3,
};

/* A short lower-case name ("ok", "refused", "bad-arg", "no-dev"). */
const char *vmxr_drv_err_name(enum vmxr_drv_err e);

/* Number of exit reasons (0..64) a TYPE table holds. */
#define VMXR_DRV_NREASON VMXR_TYPE_COUNT2
/* Number of exception vectors the EXC table holds. */
#define VMXR_DRV_NEXC (VMXR_EXC_COUNT2 * 8u)

/* ---- identity ----------------------------------------------------------- */

struct vmxr_drv_params {
    unsigned nior, nvm, ncpu, nvmm, nprof, depth;
    unsigned nmem, nkey, version; /* PARAMS2 */
};

/* Reads ID, PARAMS and PARAMS2; ENODEV unless ID is "VMXR" and the
 * parameters (architecture version 2 included) are the ones the firmware
 * was built for. p may be NULL. */
enum vmxr_drv_err vmxr_drv_probe(struct vmxr_hal *h, struct vmxr_drv_params *p);

/* ---- raw access (diagnostics and tests) ---------------------------------- */

enum vmxr_drv_err vmxr_drv_reg_write(struct vmxr_hal *h, unsigned addr, uint32_t value);
uint32_t vmxr_drv_reg_read(struct vmxr_hal *h, unsigned addr);

/* ---- event-type routes (TYPE[p][r]) ------------------------------------- */

enum vmxr_drv_mode {
    VMXR_DRV_MODE_HOME = 0,
    VMXR_DRV_MODE_FIXED = 1,
    VMXR_DRV_MODE_GROUP = 2, /* vmm is then the group number */
};

struct vmxr_drv_type {
    enum vmxr_drv_mode mode;
    unsigned vmm; /* FIXED: the VMM; GROUP: the group; HOME: 0 */
};

enum vmxr_drv_err vmxr_drv_type_set(struct vmxr_hal *h, unsigned prof, unsigned reason, enum vmxr_drv_mode mode,
                                    unsigned vmm);
enum vmxr_drv_err vmxr_drv_type_get(struct vmxr_hal *h, unsigned prof, unsigned reason, struct vmxr_drv_type *out);

/* ---- exception routes (EXC[p], PFEC_MASK/MATCH[p]) ------------------------ */

struct vmxr_drv_exc {
    bool en;
    unsigned vmm;
};

enum vmxr_drv_err vmxr_drv_exc_set(struct vmxr_hal *h, unsigned prof, unsigned vector, bool en, unsigned vmm);
enum vmxr_drv_err vmxr_drv_exc_get(struct vmxr_hal *h, unsigned prof, unsigned vector, struct vmxr_drv_exc *out);
enum vmxr_drv_err vmxr_drv_pfec_set(struct vmxr_hal *h, unsigned prof, uint32_t mask, uint32_t match);
enum vmxr_drv_err vmxr_drv_pfec_get(struct vmxr_hal *h, unsigned prof, uint32_t *mask, uint32_t *match);

/* ---- I/O ranges (IOR_RANGE[i], IOR_CTRL[i]) ------------------------------ */

struct vmxr_drv_ior {
    uint16_t base, limit;
    bool valid, in_en, out_en;
    unsigned pmask; /* bit p: profile p uses the entry (4 bits) */
    unsigned vmm;
    bool lock;
};

/* Writes IOR_RANGE before IOR_CTRL (an entry never turns valid with a
 * stale range). A lock set here locks both. */
enum vmxr_drv_err vmxr_drv_ior_set(struct vmxr_hal *h, unsigned i, const struct vmxr_drv_ior *e);
enum vmxr_drv_err vmxr_drv_ior_get(struct vmxr_hal *h, unsigned i, struct vmxr_drv_ior *out);
/* Clears V (and nothing else) of entry i. */
enum vmxr_drv_err vmxr_drv_ior_disable(struct vmxr_hal *h, unsigned i);

/* ---- memory ranges (MEM_BASE/MEM_LIMIT/MEM_CTRL[j]) ---------------------- */

/* Guest frames base..limit (gpa >> 12) for the access kinds enabled. */
struct vmxr_drv_mem {
    uint32_t base, limit; /* first and last guest frame number */
    bool valid, r, w, x;
    unsigned pmask; /* bit p: profile p uses the entry (4 bits) */
    unsigned vmm;
    bool lock;
};

/* Writes MEM_BASE and MEM_LIMIT before MEM_CTRL (an entry never turns valid
 * with a stale range). A lock set here locks all three. */
enum vmxr_drv_err vmxr_drv_mem_set(struct vmxr_hal *h, unsigned j, const struct vmxr_drv_mem *e);
enum vmxr_drv_err vmxr_drv_mem_get(struct vmxr_hal *h, unsigned j, struct vmxr_drv_mem *out);
/* Clears V (and nothing else) of entry j. */
enum vmxr_drv_err vmxr_drv_mem_disable(struct vmxr_hal *h, unsigned j);

/* ---- key ranges (KEY_BASE/KEY_LIMIT/KEY_CTRL[i]) ------------------------- */

/* The kinds of event a key entry serves (KEY_CTRL bits). */
#define VMXR_DRV_KEY_CPUID 0x1u  /* reason 10: the leaf */
#define VMXR_DRV_KEY_VMCALL 0x2u /* reason 18: the hypercall number */
#define VMXR_DRV_KEY_RDMSR 0x4u  /* reason 31: the MSR index */
#define VMXR_DRV_KEY_WRMSR 0x8u  /* reason 32: the MSR index */
#define VMXR_DRV_KEY_ALL 0xFu

struct vmxr_drv_key {
    uint32_t base, limit; /* first and last key */
    bool valid;
    unsigned kinds; /* VMXR_DRV_KEY_* */
    unsigned pmask; /* bit p: profile p uses the entry (4 bits) */
    bool grp;       /* vmm is a group number: least usage among its online members */
    unsigned vmm;   /* the VMM, or with grp the group (0..3) */
    bool lock;
};

/* Writes KEY_BASE and KEY_LIMIT before KEY_CTRL. A lock set here locks all
 * three. grp with vmm beyond the groups, or kinds outside VMXR_DRV_KEY_ALL,
 * is EARG. */
enum vmxr_drv_err vmxr_drv_key_set(struct vmxr_hal *h, unsigned i, const struct vmxr_drv_key *e);
enum vmxr_drv_err vmxr_drv_key_get(struct vmxr_hal *h, unsigned i, struct vmxr_drv_key *out);
/* Clears V (and nothing else) of entry i. */
enum vmxr_drv_err vmxr_drv_key_disable(struct vmxr_hal *h, unsigned i);

/* ---- platform routes (PLAT[k]) ------------------------------------------- */

struct vmxr_drv_plat {
    bool en;
    unsigned vmm;
    bool lock;
};

enum vmxr_drv_err vmxr_drv_plat_set(struct vmxr_hal *h, enum vmxr_pclass k, bool en, unsigned vmm, bool lock);
enum vmxr_drv_err vmxr_drv_plat_get(struct vmxr_hal *h, enum vmxr_pclass k, struct vmxr_drv_plat *out);

/* ---- owners, profiles, groups --------------------------------------------- */

enum vmxr_drv_err vmxr_drv_owner_set(struct vmxr_hal *h, unsigned vm, unsigned vmm);
enum vmxr_drv_err vmxr_drv_owner_get(struct vmxr_hal *h, unsigned vm, unsigned *vmm);
enum vmxr_drv_err vmxr_drv_vm_profile_set(struct vmxr_hal *h, unsigned vm, unsigned prof);
enum vmxr_drv_err vmxr_drv_vm_profile_get(struct vmxr_hal *h, unsigned vm, unsigned *prof);
enum vmxr_drv_err vmxr_drv_vmm_profile_set(struct vmxr_hal *h, unsigned vmm, unsigned prof);
enum vmxr_drv_err vmxr_drv_vmm_profile_get(struct vmxr_hal *h, unsigned vmm, unsigned *prof);
enum vmxr_drv_err vmxr_drv_group_set(struct vmxr_hal *h, unsigned g, unsigned members);
enum vmxr_drv_err vmxr_drv_group_get(struct vmxr_hal *h, unsigned g, unsigned *members);

/* ---- VMMs online, load balancing, IPIs ---------------------------------- */

/* Sets or clears VMM v's VMM_EN bit (read-modify-write). v = 0 is EARG: the
 * main VMM is always online. */
enum vmxr_drv_err vmxr_drv_vmm_online(struct vmxr_hal *h, unsigned v, bool online);
enum vmxr_drv_err vmxr_drv_vmm_en_get(struct vmxr_hal *h, unsigned *mask);
enum vmxr_drv_err vmxr_drv_pend_weight_set(struct vmxr_hal *h, unsigned weight);
enum vmxr_drv_err vmxr_drv_pend_weight_get(struct vmxr_hal *h, unsigned *weight);
/* lo > hi is an empty range (the reset value is lo 0xFF, hi 0). */
enum vmxr_drv_err vmxr_drv_ipi_range_set(struct vmxr_hal *h, unsigned lo, unsigned hi);
enum vmxr_drv_err vmxr_drv_ipi_range_get(struct vmxr_hal *h, unsigned *lo, unsigned *hi);
/* SW_USAGE[v]; a parallel VMM may write only its own. units > 0xFFFF is
 * EARG (callers saturate). */
enum vmxr_drv_err vmxr_drv_sw_usage_set(struct vmxr_hal *h, unsigned v, unsigned units);
enum vmxr_drv_err vmxr_drv_sw_usage_get(struct vmxr_hal *h, unsigned v, unsigned *units);

struct vmxr_drv_usage {
    unsigned usage;   /* usage(v), saturated at 0xFFFF */
    unsigned pending; /* pending_count[v] */
};
enum vmxr_drv_err vmxr_drv_usage_get(struct vmxr_hal *h, unsigned v, struct vmxr_drv_usage *out);

/* ---- state, errors, counters, lock --------------------------------------- */

struct vmxr_drv_cpu_state {
    bool in_vmm;  /* cur is a VMM */
    unsigned id;  /* cur's VM or VMM number */
    unsigned cur; /* raw CUR (bit 4 VMM) */
    unsigned depth;
    bool blk_smi, blk_nmi, pend_smi, pend_nmi;
};
enum vmxr_drv_err vmxr_drv_cpu_state_get(struct vmxr_hal *h, unsigned c, struct vmxr_drv_cpu_state *out);

struct vmxr_drv_errs {
    uint32_t raw;
    bool access, locked, bad_value, decode, cmd;
    unsigned code; /* enum vmxr_errc of the last command error */
};
enum vmxr_drv_err vmxr_drv_err_get(struct vmxr_hal *h, struct vmxr_drv_errs *out);
/* Clears the sticky bits given (VMXR_ERR_*_MASK); other bits are EARG. */
enum vmxr_drv_err vmxr_drv_err_clear(struct vmxr_hal *h, uint32_t bits);

enum vmxr_drv_err vmxr_drv_delivered_get(struct vmxr_hal *h, unsigned v, uint32_t *n);
enum vmxr_drv_err vmxr_drv_cmd_count_get(struct vmxr_hal *h, uint32_t *n);
enum vmxr_drv_err vmxr_drv_err_count_get(struct vmxr_hal *h, uint32_t *n);

/* Sets GLOBAL.LOCK: every G register is locked until reset. */
enum vmxr_drv_err vmxr_drv_global_lock(struct vmxr_hal *h);
enum vmxr_drv_err vmxr_drv_global_locked(struct vmxr_hal *h, bool *locked);

#endif /* VMXR_DRV_H */
