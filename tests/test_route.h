/* Fixtures of the routing unit tests (test_route_*.c, spec sections 3-5):
 * command builders, configuration writes by VMM 0 that must be accepted,
 * decision checks (EXPECT_*), and register field encodings. Included by
 * one test program each; every function is static inline. */
#ifndef VMXR_TEST_ROUTE_H
#define VMXR_TEST_ROUTE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "vmxr_model.h"

#if VMXR_NVM < 4 || VMXR_DEPTH < 3
#error "the test_route_* tests use VMs 0..3 and stacks three entries deep: needs NVM >= 4 and DEPTH >= 3"
#endif

#define VM(n) vmxr_ctx_vm(n)
#define VMM(v) vmxr_ctx_vmm(v)

static inline void reset0(struct vmxr_state *st)
{
    struct vmxr_straps s = { false, 0, false };
    vmxr_state_reset(st, &s);
}

/* A configuration write by VMM 0 that must be accepted. */
static inline void cfg(struct vmxr_state *st, unsigned addr, uint32_t v)
{
    assert_int_equal(vmxr_apb_write_check(st, 0, addr, v), 0);
    assert_false(vmxr_apb_write(st, 0, addr, v));
}

static inline uint32_t peek(const struct vmxr_state *st, unsigned addr)
{
    bool slverr = true;
    uint32_t v = vmxr_apb_peek(st, addr, &slverr);
    assert_false(slverr);
    return v;
}

/* CPU_STATE word: [4:0] cur, [10:8] depth, [16] blk SMI, [17] blk NMI,
 * [18] pend SMI, [19] pend NMI. */
static inline uint32_t cpu_state(uint8_t cur, unsigned depth, unsigned blk_smi, unsigned blk_nmi,
                                 unsigned pnd_smi, unsigned pnd_nmi)
{
    return (uint32_t)cur | (uint32_t)depth << 8 | (uint32_t)blk_smi << 16 | (uint32_t)blk_nmi << 17 |
           (uint32_t)pnd_smi << 18 | (uint32_t)pnd_nmi << 19;
}

static inline struct vmxr_cmd ev(unsigned cpu, unsigned reason)
{
    return (struct vmxr_cmd){ .cpu = (uint8_t)cpu, .op = VMXR_OP_EVENT, .reason = (uint8_t)reason };
}

static inline struct vmxr_cmd ev_q(unsigned cpu, unsigned reason, uint32_t qual)
{
    struct vmxr_cmd c = ev(cpu, reason);
    c.qual = qual;
    return c;
}

/* Reason 0 with an interruption type and vector. */
static inline struct vmxr_cmd ev_exc(unsigned cpu, unsigned itype, unsigned vector, uint32_t errcode)
{
    struct vmxr_cmd c = ev(cpu, 0);
    c.itype = (uint8_t)itype;
    c.vector = (uint8_t)vector;
    c.errcode = errcode;
    return c;
}

static inline struct vmxr_cmd ev_nmi(unsigned cpu) { return ev_exc(cpu, 2, 2, 0); }

static inline struct vmxr_cmd ev_smi(unsigned cpu) { return ev(cpu, 6); }

/* Reason 1 (external interrupt) with a vector. */
static inline struct vmxr_cmd ev_intr(unsigned cpu, unsigned vector)
{
    struct vmxr_cmd c = ev(cpu, 1);
    c.vector = (uint8_t)vector;
    return c;
}

/* I/O exit qualification: size-1 in [2:0], IN in bit 3, port in [31:16]. */
static inline uint32_t io_qual(unsigned port, unsigned bytes, bool in)
{
    return (uint32_t)port << 16 | (uint32_t)(bytes - 1) | (in ? 8u : 0u);
}

static inline struct vmxr_cmd ev_io(unsigned cpu, unsigned port, unsigned bytes, bool in)
{
    return ev_q(cpu, 30, io_qual(port, bytes, in));
}

static inline struct vmxr_cmd launch(unsigned cpu, unsigned vm)
{
    return (struct vmxr_cmd){ .cpu = (uint8_t)cpu, .op = VMXR_OP_LAUNCH, .vm = (uint8_t)vm };
}

static inline struct vmxr_cmd resume(unsigned cpu)
{
    return (struct vmxr_cmd){ .cpu = (uint8_t)cpu, .op = VMXR_OP_RESUME };
}

static inline unsigned run(struct vmxr_state *st, struct vmxr_cmd c, struct vmxr_decision out[3])
{
    memset(out, 0xA5, 3 * sizeof *out);
    return vmxr_txn_command(st, &c, out);
}

/* A command that must yield exactly one decision. */
static inline struct vmxr_decision run1(struct vmxr_state *st, struct vmxr_cmd c)
{
    struct vmxr_decision out[3];
    assert_int_equal(run(st, c, out), 1);
    return out[0];
}

#define EXPECT(d, OP, OC, ERR, FROM, TO, RULE, IDX)                                                              \
    do {                                                                                                         \
        const struct vmxr_decision d_ = (d);                                                                     \
        assert_int_equal(d_.op, (OP));                                                                           \
        assert_int_equal(d_.outcome, (OC));                                                                      \
        assert_int_equal(d_.err, (ERR));                                                                         \
        assert_int_equal(d_.from, (FROM));                                                                       \
        assert_int_equal(d_.to, (TO));                                                                           \
        assert_int_equal(d_.rule, (RULE));                                                                       \
        assert_int_equal(d_.idx, (IDX));                                                                         \
    } while (0)

#define EXPECT_DELIVER(d, FROM, T, RULE, IDX)                                                                    \
    EXPECT(d, VMXR_OP_EVENT, VMXR_OUTCOME_DELIVER, 0, FROM, VMM(T), RULE, IDX)
#define EXPECT_LOCAL(d, CTX, RULE, IDX) EXPECT(d, VMXR_OP_EVENT, VMXR_OUTCOME_LOCAL, 0, CTX, CTX, RULE, IDX)
#define EXPECT_PENDED(d, CTX) EXPECT(d, VMXR_OP_EVENT, VMXR_OUTCOME_PENDED, 0, CTX, CTX, VMXR_RULE_NONE, 0)
#define EXPECT_ERROR(d, OP, ERR, CTX) EXPECT(d, OP, VMXR_OUTCOME_ERROR, ERR, CTX, CTX, VMXR_RULE_NONE, 0)
#define EXPECT_LAUNCHED(d, FROM, N) EXPECT(d, VMXR_OP_LAUNCH, VMXR_OUTCOME_LAUNCHED, 0, FROM, VM(N), VMXR_RULE_NONE, 0)
#define EXPECT_RESUMED(d, FROM, TO) EXPECT(d, VMXR_OP_RESUME, VMXR_OUTCOME_RESUMED, 0, FROM, TO, VMXR_RULE_NONE, 0)

/* The routing state (everything but ERR and the command counters). */
static inline bool routing_state_equal(const struct vmxr_state *a, const struct vmxr_state *b)
{
    struct vmxr_cfg ca = a->cfg, cb = b->cfg;
    ca.err = cb.err = 0;
    return memcmp(&ca, &cb, sizeof ca) == 0 && memcmp(a->cpu, b->cpu, sizeof a->cpu) == 0 &&
           memcmp(a->pending_count, b->pending_count, sizeof a->pending_count) == 0 &&
           memcmp(a->delivered, b->delivered, sizeof a->delivered) == 0;
}

/* Runs a command that must end in error err with no state change but the
 * counters and ERR. */
static inline struct vmxr_decision run_error(struct vmxr_state *st, struct vmxr_cmd c, unsigned err)
{
    struct vmxr_state before;
    memcpy(&before, st, sizeof before);
    struct vmxr_decision d = run1(st, c);
    assert_int_equal(d.outcome, VMXR_OUTCOME_ERROR);
    assert_int_equal(d.err, err);
    assert_int_equal(d.rule, VMXR_RULE_NONE);
    assert_int_equal(d.idx, 0);
    assert_true(routing_state_equal(&before, st));
    assert_int_equal(st->cmd_count, before.cmd_count + 1);
    assert_int_equal(st->err_count, before.err_count + 1);
    assert_int_equal(st->cfg.err, (before.cfg.err & 0x1Fu) | VMXR_ERR_CMD_MASK | (uint32_t)err << 8);
    return d;
}

/* I/O range entry i: ports base..limit; ctrl as in IOR_CTRL. */
static inline void ior(struct vmxr_state *st, unsigned i, unsigned base, unsigned limit, uint32_t ctrl)
{
    cfg(st, VMXR_IOR_RANGE_ADDR(i), (uint32_t)limit << 16 | base);
    cfg(st, VMXR_IOR_CTRL_ADDR(i), ctrl);
}
#define IOR_V 0x1u
#define IOR_IN 0x2u
#define IOR_OUT 0x4u
#define IOR_PMASK(m) ((uint32_t)(m) << 4)
#define IOR_VMM(v) ((uint32_t)(v) << 8)
#define IOR_ALL (IOR_V | IOR_IN | IOR_OUT | IOR_PMASK(0xF))

#define PLAT_EN(v) (0x1u | (uint32_t)(v) << 4)
#define TYPE_FIXED(v) (0x10u | (uint32_t)(v))
#define TYPE_GROUP(vmmfield) (0x20u | (uint32_t)(vmmfield))

/* EXC word value with vector v's nibble: EN and VMM. */
static inline uint32_t exc_nibble(unsigned vector, bool en, unsigned vmm)
{
    return (uint32_t)((en ? 8u : 0u) | vmm) << (4 * (vector % 8));
}

/* Fills CPU c's stack (DEPTH entries) with non-platform deliveries of
 * reason 10 from vm, alternating vmm 1 (profile 1) and vmm 2 (profile 2).
 * Returns the VMM running on top. */
static inline unsigned fill_stack(struct vmxr_state *st, unsigned c, unsigned vm)
{
    cfg(st, VMXR_VMM_PROFILE_ADDR(1), 1);
    cfg(st, VMXR_VMM_PROFILE_ADDR(2), 2);
    cfg(st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(1));
    cfg(st, VMXR_TYPE_ADDR(1, 10), TYPE_FIXED(2));
    cfg(st, VMXR_TYPE_ADDR(2, 10), TYPE_FIXED(1));
    EXPECT_LAUNCHED(run1(st, launch(c, vm)), VMM(0), vm);
    unsigned cur = 0;
    for (unsigned i = 0; i < VMXR_DEPTH; i++) {
        unsigned next = i % 2 == 0 ? 1 : 2;
        EXPECT_DELIVER(run1(st, ev(c, 10)), i == 0 ? VM(vm) : VMM(cur), next, VMXR_RULE_TYPE, 10);
        cur = next;
    }
    assert_int_equal(st->cpu[c].depth, VMXR_DEPTH);
    return cur;
}

#endif /* VMXR_TEST_ROUTE_H */
