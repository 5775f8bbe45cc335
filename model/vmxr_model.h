/* VMXR-2 reference model: architectural state and the routing functions that
 * both faces of the model share.
 *
 * Contract:
 *  - All state lives in a struct vmxr_state owned by the caller; nothing here
 *    keeps state of its own, so any number of instances may coexist.
 *  - The functions below are the only code that changes a vmxr_state. The
 *    transaction-level core (vmxr_txn_*) composes them in the order of the
 *    architecture spec; the cycle-accurate unit (vmxr_unit.h) calls the same
 *    functions split over its pipeline stages.
 *  - Every input value is legal: out-of-range fields become error decisions
 *    or PSLVERR, never undefined behaviour.
 */
#ifndef VMXR_MODEL_H
#define VMXR_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "vmxr_regs.h"

#if VMXR_NCPU < 1 || VMXR_NCPU > 4
#error "VMXR_NCPU must be 1..4"
#endif
#if VMXR_NVM < 1 || VMXR_NVM > 16
#error "VMXR_NVM must be 1..16"
#endif
#if VMXR_NIOR < 1 || VMXR_NIOR > 64
#error "VMXR_NIOR must be 1..64"
#endif
#if VMXR_NMEM < 4 || VMXR_NMEM > 16
#error "VMXR_NMEM must be 4..16"
#endif
#if VMXR_NKEY < 4 || VMXR_NKEY > 16
#error "VMXR_NKEY must be 4..16"
#endif
#if VMXR_DEPTH < 1 || VMXR_DEPTH > 7
#error "VMXR_DEPTH must be 1..7"
#endif
#if VMXR_NVMM != 8 || VMXR_NPROF != 4 || VMXR_NGRP != 4
#error "VMXR_NVMM, VMXR_NPROF and VMXR_NGRP are fixed by the architecture"
#endif

#define VMXR_NREASON 65u /* exit reasons 0..64 */

/* Cycles from a command's handshake to its decision valid (docs/pipeline.md:
 * the RT register, RT, EX, DQ); the cycle-accurate unit and the RTL have it
 * by construction, the timed models (SystemC TLM) annotate it. */
#define VMXR_LATENCY 3u

/* A context, encoded as CPU_STATE.CUR: bit 4 set for a VMM, [3:0] the id. */
#define VMXR_CTX_VMM 0x10u
static inline uint8_t vmxr_ctx_vm(unsigned n) { return (uint8_t)(n & 0xFu); }
static inline uint8_t vmxr_ctx_vmm(unsigned v) { return (uint8_t)(VMXR_CTX_VMM | (v & 0xFu)); }
static inline bool vmxr_ctx_is_vmm(uint8_t ctx) { return (ctx & VMXR_CTX_VMM) != 0; }
static inline unsigned vmxr_ctx_id(uint8_t ctx) { return ctx & 0xFu; }

/* Platform-class bits of a stack entry's blk set and of pend. */
#define VMXR_BLK_SMI (1u << VMXR_PCLASS_SMI)
#define VMXR_BLK_NMI (1u << VMXR_PCLASS_NMI)

/* Field widths of a command (spec section 4). */
#define VMXR_CPU_BITS 3
#define VMXR_REASON_BITS 7
#define VMXR_ITYPE_BITS 3
#define VMXR_VM_BITS 5

/* One command. Fields wider than the architecture's widths are masked on
 * entry (vmxr_cmd_mask); every masked value is legal input. */
struct vmxr_cmd {
    uint8_t cpu;    /* 3 bits */
    uint8_t op;     /* enum vmxr_op: EVENT, LAUNCH or RESUME */
    uint8_t reason; /* 7 bits */
    uint8_t itype;  /* 3 bits */
    uint8_t vector; /* 8 bits */
    uint8_t vm;     /* 5 bits */
    uint32_t qual;
    uint32_t errcode;
    uint64_t gpa; /* guest-physical address; only reason 48 reads it */
};

/* One decision (spec section 5). For LAUNCH, RESUME, PENDED and errors the
 * rule is NONE and idx 0; reason and qual are the event's (0 for LAUNCH and
 * RESUME); to equals from when no transition happens (LOCAL, PENDED, ERROR);
 * a BAD_CPU decision has from = to = 0. */
struct vmxr_decision {
    uint8_t cpu;
    uint8_t op;      /* enum vmxr_op */
    uint8_t outcome; /* enum vmxr_outcome */
    uint8_t err;     /* enum vmxr_errc; 0 unless outcome is ERROR */
    uint8_t from;    /* context before */
    uint8_t to;      /* context after */
    uint8_t rule;    /* enum vmxr_rule */
    uint8_t idx;     /* rule index */
    uint8_t reason;
    uint32_t qual;
};

struct vmxr_straps {
    bool smi_en;
    uint8_t smi_vmm; /* 3 bits */
    bool smi_lock;
};

/* Configuration registers, held as the raw words the APB sees (fields in
 * place, bits outside fields zero). */
struct vmxr_cfg {
    uint32_t global;
    uint32_t err;
    uint32_t vmm_en;
    uint32_t pend_weight;
    uint32_t ipi_range;
    uint32_t plat[4];
    uint32_t owner[VMXR_NVM];
    uint32_t vm_profile[VMXR_NVM];
    uint32_t vmm_profile[VMXR_NVMM];
    uint32_t group[VMXR_NGRP];
    uint32_t sw_usage[VMXR_NVMM];
    uint32_t pfec_mask[VMXR_NPROF];
    uint32_t pfec_match[VMXR_NPROF];
    uint32_t exc[VMXR_NPROF][4];
    uint32_t type[VMXR_NPROF][VMXR_NREASON];
    uint32_t ior_range[VMXR_NIOR];
    uint32_t ior_ctrl[VMXR_NIOR];
    uint32_t mem_base[VMXR_NMEM];
    uint32_t mem_limit[VMXR_NMEM];
    uint32_t mem_ctrl[VMXR_NMEM];
    uint32_t key_base[VMXR_NKEY];
    uint32_t key_limit[VMXR_NKEY];
    uint32_t key_ctrl[VMXR_NKEY];
};

struct vmxr_frame {
    uint8_t ctx; /* the interrupted context */
    uint8_t to;  /* the VMM it was delivered to */
    uint8_t blk; /* VMXR_BLK_* classes this delivery blocks */
};

struct vmxr_cpu {
    uint8_t cur;   /* running context */
    uint8_t depth; /* entries in stack */
    uint8_t pend;  /* VMXR_BLK_* bits: latched pending SMI/NMI */
    struct vmxr_frame stack[VMXR_DEPTH];
};

/* The whole architectural state of the unit. */
struct vmxr_state {
    struct vmxr_cfg cfg;
    struct vmxr_cpu cpu[VMXR_NCPU];
    uint8_t pending_count[VMXR_NVMM];
    uint32_t delivered[VMXR_NVMM];
    uint32_t cmd_count;
    uint32_t err_count;
};

/* A route chosen by steps 3-8. rule HOME with t unresolved (t = 0xFF)
 * means "steps 3-6 chose nothing"; rule GROUP with t = 0xFF means "group idx,
 * not yet arbitrated"; rule KEY with t = 0xFF means "key entry idx, GRP:
 * group grp, not yet arbitrated" (grp is 0 for every other route). */
struct vmxr_route {
    uint8_t rule;
    uint8_t t;
    uint8_t idx;
    uint8_t grp;
};

/* The profile-independent entry hits of steps 5, 5a and 5b (bit i: entry i
 * matches the event, PMASK aside). Only the table the event's reason selects
 * is non-zero. */
struct vmxr_hits {
    uint64_t ior;
    uint32_t mem;
    uint32_t key;
};
#define VMXR_T_NONE 0xFFu

/* ---- register file (vmxr_regfile.c) ---------------------------------- */

/* Resets every register and every CPU; PLAT[SMI] takes the straps. */
void vmxr_state_reset(struct vmxr_state *st, const struct vmxr_straps *straps);

/* Maps a byte address to a register and its indices. False for unmapped or
 * unaligned addresses. */
bool vmxr_reg_decode(unsigned addr, enum vmxr_reg_id *id, unsigned *i, unsigned *j);

/* APB read. Returns the value; sets *slverr (and ERR.DECODE) for an
 * unmapped or unaligned address, which reads 0. */
uint32_t vmxr_apb_read(struct vmxr_state *st, unsigned addr, bool *slverr);

/* The same read without its side effect on ERR. */
uint32_t vmxr_apb_peek(const struct vmxr_state *st, unsigned addr, bool *slverr);

/* APB write by VMM pauser (3 bits). Applies the write rules of spec
 * section 6; returns true (PSLVERR) when the write is refused, in which case
 * only the named ERR bit changed. */
bool vmxr_apb_write(struct vmxr_state *st, unsigned pauser, unsigned addr, uint32_t data);

/* Pure check of the write rules without applying the write: the ERR field
 * mask that a refused write would set, or 0 if the write would be applied. */
uint32_t vmxr_apb_write_check(const struct vmxr_state *st, unsigned pauser, unsigned addr, uint32_t data);

/* ---- routing (vmxr_route.c) ------------------------------------------- */

/* Masks every field of a command to its architectural width. */
struct vmxr_cmd vmxr_cmd_mask(struct vmxr_cmd c);

/* EVENT validation: 0 or BAD_REASON, BAD_IO_SIZE, BAD_NMI. */
unsigned vmxr_validate(const struct vmxr_cmd *c);

/* Step 1: platform class of an event (enum vmxr_pclass). */
unsigned vmxr_pclass(const struct vmxr_cfg *cfg, const struct vmxr_cmd *c);

/* Routing profile of a context. */
unsigned vmxr_profile(const struct vmxr_cfg *cfg, uint8_t ctx);

/* Blocked flags of a CPU (VMXR_BLK_* bits): OR of the stack entries' blk. */
unsigned vmxr_blocked(const struct vmxr_cpu *cpu);

/* Step 5 helper: bitmask of I/O entries that an access of size bytes at
 * port, direction in, hits regardless of profile (valid, direction enabled,
 * overlapping, not wrapping). */
uint64_t vmxr_ior_hits(const struct vmxr_cfg *cfg, uint32_t qual);

/* Step 5a helper: bitmask of memory entries an EPT violation with access
 * kinds qual[2:0] at gpa hits regardless of profile (valid, every access
 * kind enabled, frame within BASE..LIMIT; none if the kinds are 0 or gpa is
 * at or above 2^44). */
uint32_t vmxr_mem_hits(const struct vmxr_cfg *cfg, uint32_t qual, uint64_t gpa);

/* Step 5b helper: the kind bit of KEY_CTRL a reason selects (CPUID, VMCALL,
 * RDMSR, WRMSR mask), or 0 for a reason that has no key. */
uint32_t vmxr_key_kind(unsigned reason);

/* Step 5b helper: bitmask of key entries an event of that reason with key
 * qual hits regardless of profile (valid, kind enabled, key within
 * BASE..LIMIT). */
uint32_t vmxr_key_hits(const struct vmxr_cfg *cfg, unsigned reason, uint32_t qual);

/* All three hit vectors of an event: only its reason's table is scanned. */
struct vmxr_hits vmxr_route_hits(const struct vmxr_cfg *cfg, const struct vmxr_cmd *c);

/* Step 3: the platform route of class k, if enabled. */
bool vmxr_route_plat(const struct vmxr_cfg *cfg, unsigned k, struct vmxr_route *r);

/* Steps 3-6 for profile p, without GROUP or GRP arbitration (which need
 * usage). */
struct vmxr_route vmxr_route_static(const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned k,
                                    unsigned p);

/* Same, with the profile-independent hits computed by the caller
 * (vmxr_route_hits). */
struct vmxr_route vmxr_route_static_hits(const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned k,
                                         unsigned p, const struct vmxr_hits *hits);

/* usage(v) from the current state. */
unsigned vmxr_usage(const struct vmxr_state *st, unsigned v);

/* The group arbitration of steps 5b and 6: the online member of group g with
 * the smallest usage, ties to the lowest, or VMXR_T_NONE when none is
 * online. */
unsigned vmxr_group_pick(const struct vmxr_state *st, unsigned g);

/* Steps 5b and 6 (GROUP arbitration), 7 (home) and 8 (offline fallback) for
 * an event from context s. */
struct vmxr_route vmxr_route_resolve(const struct vmxr_state *st, uint8_t s, struct vmxr_route r);

/* Routes an event of class k on CPU c through steps 2-8 and the transition,
 * given the result of steps 3-6 for the current profile. Fills d (op, cpu,
 * reason and qual are the caller's). */
void vmxr_event_exec(struct vmxr_state *st, unsigned c, unsigned k, struct vmxr_route r,
                     struct vmxr_decision *d);

/* LAUNCH and RESUME: checks, pop, transition. Return true when a stack
 * entry was popped (injections may follow). */
bool vmxr_launch_exec(struct vmxr_state *st, const struct vmxr_cmd *c, struct vmxr_decision *d);
bool vmxr_resume_exec(struct vmxr_state *st, const struct vmxr_cmd *c, struct vmxr_decision *d);

/* Section 4.4: the class to inject on CPU c now (SMI before NMI), or
 * VMXR_PCLASS_NONE. */
unsigned vmxr_inject_next(const struct vmxr_state *st, unsigned c);

/* The injected event for class k (SMI or NMI) on CPU c. */
struct vmxr_cmd vmxr_inject_cmd(unsigned c, unsigned k);

/* One injection on CPU c (section 4.4): picks the class as it stands now,
 * clears its pend bit, routes the injected event and fills d. Returns the
 * class injected, or VMXR_PCLASS_NONE (d untouched) when none is due. */
unsigned vmxr_inject_step(struct vmxr_state *st, unsigned c, struct vmxr_decision *d);

/* The checks that need no state: BAD_CPU, then EVENT validation. */
unsigned vmxr_command_check(const struct vmxr_cmd *c);

/* Executes a checked command: err is vmxr_command_check's result, k and r
 * the event's class and static route for the current profile (ignored for
 * LAUNCH/RESUME and errors). Fills d, counts the command, and returns true
 * when a stack entry was popped (injections may follow). An op of INJECT on
 * the command port is executed as an EVENT. */
bool vmxr_command_exec(struct vmxr_state *st, const struct vmxr_cmd *c, unsigned err, unsigned k,
                       struct vmxr_route r, struct vmxr_decision *d);

/* Commits a finished command's decision to the counters and ERR. */
void vmxr_count_command(struct vmxr_state *st, const struct vmxr_decision *d);

/* ---- transaction-level core (vmxr_txn.c) ------------------------------ */

/* Applies one command; writes its decision and any injection decisions to
 * out[0..2]; returns how many (1 to 3). */
unsigned vmxr_txn_command(struct vmxr_state *st, const struct vmxr_cmd *c, struct vmxr_decision out[3]);

#endif /* VMXR_MODEL_H */
