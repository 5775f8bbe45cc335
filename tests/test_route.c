/* Unit tests of VMXR-1 routing (spec sections 3-5): validation, each routing
 * step, the transition and the context stack, LAUNCH, RESUME, injection of
 * pending platform events, and the counters. Mostly through
 * vmxr_txn_command; the step functions directly where that is clearer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "vmxr_model.h"

#if VMXR_NVM < 4 || VMXR_DEPTH < 3
#error "test_route uses VMs 0..3 and stacks three entries deep: needs NVM >= 4 and DEPTH >= 3"
#endif

#define VM(n) vmxr_ctx_vm(n)
#define VMM(v) vmxr_ctx_vmm(v)

/* ---- helpers ---------------------------------------------------------- */

static void reset0(struct vmxr_state *st)
{
    struct vmxr_straps s = { false, 0, false };
    vmxr_state_reset(st, &s);
}

/* A configuration write by VMM 0 that must be accepted. */
static void cfg(struct vmxr_state *st, unsigned addr, uint32_t v)
{
    assert_int_equal(vmxr_apb_write_check(st, 0, addr, v), 0);
    assert_false(vmxr_apb_write(st, 0, addr, v));
}

static uint32_t peek(const struct vmxr_state *st, unsigned addr)
{
    bool slverr = true;
    uint32_t v = vmxr_apb_peek(st, addr, &slverr);
    assert_false(slverr);
    return v;
}

/* CPU_STATE word: [4:0] cur, [10:8] depth, [16] blk SMI, [17] blk NMI,
 * [18] pend SMI, [19] pend NMI. */
static uint32_t cpu_state(uint8_t cur, unsigned depth, unsigned blk_smi, unsigned blk_nmi, unsigned pnd_smi,
                          unsigned pnd_nmi)
{
    return (uint32_t)cur | (uint32_t)depth << 8 | (uint32_t)blk_smi << 16 | (uint32_t)blk_nmi << 17 |
           (uint32_t)pnd_smi << 18 | (uint32_t)pnd_nmi << 19;
}

static struct vmxr_cmd ev(unsigned cpu, unsigned reason)
{
    return (struct vmxr_cmd){ .cpu = (uint8_t)cpu, .op = VMXR_OP_EVENT, .reason = (uint8_t)reason };
}

static struct vmxr_cmd ev_q(unsigned cpu, unsigned reason, uint32_t qual)
{
    struct vmxr_cmd c = ev(cpu, reason);
    c.qual = qual;
    return c;
}

/* Reason 0 with an interruption type and vector. */
static struct vmxr_cmd ev_exc(unsigned cpu, unsigned itype, unsigned vector, uint32_t errcode)
{
    struct vmxr_cmd c = ev(cpu, 0);
    c.itype = (uint8_t)itype;
    c.vector = (uint8_t)vector;
    c.errcode = errcode;
    return c;
}

static struct vmxr_cmd ev_nmi(unsigned cpu) { return ev_exc(cpu, 2, 2, 0); }

static struct vmxr_cmd ev_smi(unsigned cpu) { return ev(cpu, 6); }

/* Reason 1 (external interrupt) with a vector. */
static struct vmxr_cmd ev_intr(unsigned cpu, unsigned vector)
{
    struct vmxr_cmd c = ev(cpu, 1);
    c.vector = (uint8_t)vector;
    return c;
}

/* I/O exit qualification: size-1 in [2:0], IN in bit 3, port in [31:16]. */
static uint32_t io_qual(unsigned port, unsigned bytes, bool in)
{
    return (uint32_t)port << 16 | (uint32_t)(bytes - 1) | (in ? 8u : 0u);
}

static struct vmxr_cmd ev_io(unsigned cpu, unsigned port, unsigned bytes, bool in)
{
    return ev_q(cpu, 30, io_qual(port, bytes, in));
}

static struct vmxr_cmd launch(unsigned cpu, unsigned vm)
{
    return (struct vmxr_cmd){ .cpu = (uint8_t)cpu, .op = VMXR_OP_LAUNCH, .vm = (uint8_t)vm };
}

static struct vmxr_cmd resume(unsigned cpu) { return (struct vmxr_cmd){ .cpu = (uint8_t)cpu, .op = VMXR_OP_RESUME }; }

static unsigned run(struct vmxr_state *st, struct vmxr_cmd c, struct vmxr_decision out[3])
{
    memset(out, 0xA5, 3 * sizeof *out);
    return vmxr_txn_command(st, &c, out);
}

/* A command that must yield exactly one decision. */
static struct vmxr_decision run1(struct vmxr_state *st, struct vmxr_cmd c)
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
static bool routing_state_equal(const struct vmxr_state *a, const struct vmxr_state *b)
{
    struct vmxr_cfg ca = a->cfg, cb = b->cfg;
    ca.err = cb.err = 0;
    return memcmp(&ca, &cb, sizeof ca) == 0 && memcmp(a->cpu, b->cpu, sizeof a->cpu) == 0 &&
           memcmp(a->pending_count, b->pending_count, sizeof a->pending_count) == 0 &&
           memcmp(a->delivered, b->delivered, sizeof a->delivered) == 0;
}

/* Runs a command that must end in error err with no state change but the
 * counters and ERR. */
static struct vmxr_decision run_error(struct vmxr_state *st, struct vmxr_cmd c, unsigned err)
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
static void ior(struct vmxr_state *st, unsigned i, unsigned base, unsigned limit, uint32_t ctrl)
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
static uint32_t exc_nibble(unsigned vector, bool en, unsigned vmm)
{
    return (uint32_t)((en ? 8u : 0u) | vmm) << (4 * (vector % 8));
}

/* Fills CPU c's stack (DEPTH entries) with non-platform deliveries of
 * reason 10 from vm, alternating vmm 1 (profile 1) and vmm 2 (profile 2).
 * Returns the VMM running on top. */
static unsigned fill_stack(struct vmxr_state *st, unsigned c, unsigned vm)
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

/* ---- validation ---------------------------------------------------------- */

static void test_validate_bad_reason_for_65_35_38_42_127(void **unused)
{
    (void)unused;
    const unsigned bad[] = { 65, 35, 38, 42, 66, 100, 127 };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        struct vmxr_cmd c = ev(0, bad[k]);
        assert_int_equal(vmxr_validate(&c), VMXR_ERRC_BAD_REASON);
        struct vmxr_state st;
        reset0(&st);
        struct vmxr_decision d = run_error(&st, c, VMXR_ERRC_BAD_REASON);
        EXPECT_ERROR(d, VMXR_OP_EVENT, VMXR_ERRC_BAD_REASON, VMM(0));
        assert_int_equal(d.reason, bad[k]);
    }
    for (unsigned r = 0; r <= 64; r++) {
        struct vmxr_cmd c = ev(0, r);
        unsigned want = (r == 35 || r == 38 || r == 42) ? VMXR_ERRC_BAD_REASON : VMXR_ERRC_NONE;
        assert_int_equal(vmxr_validate(&c), want);
    }
}

static void test_validate_bad_io_size_for_size_codes_2_and_4_to_7(void **unused)
{
    (void)unused;
    for (unsigned s = 0; s < 8; s++) {
        unsigned want = (s == 0 || s == 1 || s == 3) ? VMXR_ERRC_NONE : VMXR_ERRC_BAD_IO_SIZE;
        struct vmxr_cmd c = ev_q(0, 30, 0x03F80000u | s);
        assert_int_equal(vmxr_validate(&c), want);
        c.qual |= 8u; /* IN */
        assert_int_equal(vmxr_validate(&c), want);
        /* the size field means nothing for other reasons */
        c = ev_q(0, 31, s);
        assert_int_equal(vmxr_validate(&c), VMXR_ERRC_NONE);
    }
    struct vmxr_state st;
    reset0(&st);
    struct vmxr_decision d = run_error(&st, ev_q(0, 30, 0x03F8000Au), VMXR_ERRC_BAD_IO_SIZE);
    EXPECT_ERROR(d, VMXR_OP_EVENT, VMXR_ERRC_BAD_IO_SIZE, VMM(0));
    assert_int_equal(d.reason, 30);
    assert_int_equal(d.qual, 0x03F8000Au);
}

static void test_validate_bad_nmi_for_nmi_with_vector_other_than_2(void **unused)
{
    (void)unused;
    const unsigned vecs[] = { 0, 1, 3, 14, 255 };
    for (size_t k = 0; k < sizeof vecs / sizeof vecs[0]; k++) {
        struct vmxr_cmd c = ev_exc(0, 2, vecs[k], 0);
        assert_int_equal(vmxr_validate(&c), VMXR_ERRC_BAD_NMI);
    }
    struct vmxr_cmd c = ev_exc(0, 2, 2, 0);
    assert_int_equal(vmxr_validate(&c), VMXR_ERRC_NONE);
    c = ev_exc(0, 3, 3, 0); /* #BP exception, not an NMI */
    assert_int_equal(vmxr_validate(&c), VMXR_ERRC_NONE);
    c = ev_intr(0, 3);
    c.itype = 2; /* reason 1: not an NMI exit */
    assert_int_equal(vmxr_validate(&c), VMXR_ERRC_NONE);

    struct vmxr_state st;
    reset0(&st);
    EXPECT_ERROR(run_error(&st, ev_exc(0, 2, 3, 0), VMXR_ERRC_BAD_NMI), VMXR_OP_EVENT, VMXR_ERRC_BAD_NMI, VMM(0));
}

static void test_bad_cpu_before_every_other_check_with_no_state_change(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(3));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 3, VMXR_RULE_TYPE, 10);
    for (unsigned c = VMXR_NCPU; c < 8; c++) {
        const struct vmxr_cmd cmds[] = { ev(c, 127), ev_q(c, 30, 2), ev_exc(c, 2, 3, 0), ev(c, 10), launch(c, 31),
                                         launch(c, 1), resume(c) };
        for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
            assert_int_equal(vmxr_command_check(&cmds[k]), VMXR_ERRC_BAD_CPU);
            struct vmxr_decision d = run_error(&st, cmds[k], VMXR_ERRC_BAD_CPU);
            EXPECT_ERROR(d, cmds[k].op, VMXR_ERRC_BAD_CPU, 0);
            assert_int_equal(d.cpu, c);
        }
    }
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(3), 1, 0, 0, 0, 0));
    assert_int_equal(peek(&st, 0xE24), (8 - VMXR_NCPU) * 7);
}

/* ---- step 1: platform class ------------------------------------------------ */

static void test_pclass_of_smi_nmi_init_sipi_and_other_events(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    struct vmxr_cmd c = ev(0, 5);
    assert_int_equal(vmxr_pclass(&st.cfg, &c), VMXR_PCLASS_SMI);
    c = ev(0, 6);
    assert_int_equal(vmxr_pclass(&st.cfg, &c), VMXR_PCLASS_SMI);
    c = ev_nmi(0);
    assert_int_equal(vmxr_pclass(&st.cfg, &c), VMXR_PCLASS_NMI);
    c = ev(0, 3);
    assert_int_equal(vmxr_pclass(&st.cfg, &c), VMXR_PCLASS_INIT_SIPI);
    c = ev(0, 4);
    assert_int_equal(vmxr_pclass(&st.cfg, &c), VMXR_PCLASS_INIT_SIPI);
    const unsigned none[] = { 2, 7, 10, 30, 64 };
    for (size_t k = 0; k < sizeof none / sizeof none[0]; k++) {
        c = ev(0, none[k]);
        assert_int_equal(vmxr_pclass(&st.cfg, &c), VMXR_PCLASS_NONE);
    }
    for (unsigned it = 0; it < 8; it++) {
        if (it == 2)
            continue;
        c = ev_exc(0, it, 2, 0);
        assert_int_equal(vmxr_pclass(&st.cfg, &c), VMXR_PCLASS_NONE);
    }
    /* reset IPI_RANGE is empty (LO 0xFF, HI 0x00): no reason-1 event is an IPI */
    for (unsigned v = 0; v < 256; v++) {
        c = ev_intr(0, v);
        assert_int_equal(vmxr_pclass(&st.cfg, &c), VMXR_PCLASS_NONE);
    }
}

static void test_pclass_ipi_range_bounds_inclusive_and_empty_range(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    struct vmxr_cmd c;
#define IPI(v) (c = ev_intr(0, (v)), vmxr_pclass(&st.cfg, &c))
    cfg(&st, 0x018, 0x4F40); /* LO 0x40, HI 0x4F */
    assert_int_equal(IPI(0x3F), VMXR_PCLASS_NONE);
    assert_int_equal(IPI(0x40), VMXR_PCLASS_IPI);
    assert_int_equal(IPI(0x47), VMXR_PCLASS_IPI);
    assert_int_equal(IPI(0x4F), VMXR_PCLASS_IPI);
    assert_int_equal(IPI(0x50), VMXR_PCLASS_NONE);
    c = ev_exc(0, 0, 0x40, 0); /* reason 0 is never an IPI */
    assert_int_equal(vmxr_pclass(&st.cfg, &c), VMXR_PCLASS_NONE);
    cfg(&st, 0x018, 0x8080); /* a single vector */
    assert_int_equal(IPI(0x7F), VMXR_PCLASS_NONE);
    assert_int_equal(IPI(0x80), VMXR_PCLASS_IPI);
    assert_int_equal(IPI(0x81), VMXR_PCLASS_NONE);
    cfg(&st, 0x018, 0xFF00); /* every vector */
    assert_int_equal(IPI(0x00), VMXR_PCLASS_IPI);
    assert_int_equal(IPI(0xFF), VMXR_PCLASS_IPI);
    cfg(&st, 0x018, 0x4050); /* LO > HI: empty */
    assert_int_equal(IPI(0x40), VMXR_PCLASS_NONE);
    assert_int_equal(IPI(0x48), VMXR_PCLASS_NONE);
    assert_int_equal(IPI(0x50), VMXR_PCLASS_NONE);
#undef IPI

    /* through the unit: an IPI takes PLAT[3], a vector outside the range does not */
    cfg(&st, 0x018, 0x4F40);
    cfg(&st, VMXR_PLAT_ADDR(3), PLAT_EN(2));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_intr(0, 0x4F)), VM(1), 2, VMXR_RULE_PLAT, 3);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(2), VM(1));
    EXPECT_DELIVER(run1(&st, ev_intr(0, 0x50)), VM(1), 0, VMXR_RULE_HOME, 1);
}

/* ---- step 2: blocked SMI/NMI ------------------------------------------------- */

static void test_blocked_smi_pends_and_merges_whatever_plat_says(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(2));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_smi(0)), VM(1), 2, VMXR_RULE_PLAT, 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(2), 1, 1, 1, 0, 0));
    struct vmxr_decision d = run1(&st, ev(0, 5));
    EXPECT_PENDED(d, VMM(2));
    assert_int_equal(d.reason, 5);
    assert_int_equal(st.cpu[0].pend, VMXR_BLK_SMI);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(2), 1, 1, 1, 1, 0));
    EXPECT_PENDED(run1(&st, ev(0, 6)), VMM(2)); /* merges */
    assert_int_equal(st.cpu[0].pend, VMXR_BLK_SMI);
    /* PLAT[0] off: unblocked this would be local HOME 2; blocked it pends */
    cfg(&st, VMXR_PLAT_ADDR(0), 0);
    EXPECT_PENDED(run1(&st, ev(0, 6)), VMM(2));
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(4));
    EXPECT_PENDED(run1(&st, ev(0, 5)), VMM(2));
    assert_int_equal(st.cpu[0].pend, VMXR_BLK_SMI);
    /* the NMI is blocked by the SMI delivery too */
    EXPECT_PENDED(run1(&st, ev_nmi(0)), VMM(2));
    EXPECT_PENDED(run1(&st, ev_nmi(0)), VMM(2));
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(2), 1, 1, 1, 1, 1));
    assert_int_equal(st.cpu[0].depth, 1);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(2)), 1);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(4)), 0);
    assert_int_equal(st.pending_count[2], 1);
}

static void test_nmi_delivery_blocks_nmi_but_not_smi(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(2));
    cfg(&st, VMXR_PLAT_ADDR(1), PLAT_EN(3));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_nmi(0)), VM(1), 3, VMXR_RULE_PLAT, 1);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(3), 1, 0, 1, 0, 0));
    EXPECT_PENDED(run1(&st, ev_nmi(0)), VMM(3));
    EXPECT_DELIVER(run1(&st, ev_smi(0)), VMM(3), 2, VMXR_RULE_PLAT, 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(2), 2, 1, 1, 0, 1));
}

static void test_blocking_does_not_touch_non_smi_nmi_classes(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(2));
    cfg(&st, VMXR_PLAT_ADDR(2), PLAT_EN(5));
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(6));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_smi(0)), VM(1), 2, VMXR_RULE_PLAT, 0);
    EXPECT_DELIVER(run1(&st, ev(0, 3)), VMM(2), 5, VMXR_RULE_PLAT, 2); /* INIT */
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VMM(5), 6, VMXR_RULE_TYPE, 10);
    assert_int_equal(st.cpu[0].pend, 0);
}

/* ---- step 3: platform route ---------------------------------------------------- */

static void test_plat_route_for_every_class_before_exc_ior_and_type(void **unused)
{
    (void)unused;
    const struct {
        struct vmxr_cmd cmd;
        unsigned k;
    } cases[] = {
        { { .op = VMXR_OP_EVENT, .reason = 5 }, VMXR_PCLASS_SMI },
        { { .op = VMXR_OP_EVENT, .reason = 6 }, VMXR_PCLASS_SMI },
        { { .op = VMXR_OP_EVENT, .reason = 0, .itype = 2, .vector = 2 }, VMXR_PCLASS_NMI },
        { { .op = VMXR_OP_EVENT, .reason = 3 }, VMXR_PCLASS_INIT_SIPI },
        { { .op = VMXR_OP_EVENT, .reason = 4 }, VMXR_PCLASS_INIT_SIPI },
        { { .op = VMXR_OP_EVENT, .reason = 1, .vector = 0x30 }, VMXR_PCLASS_IPI },
    };
    for (size_t n = 0; n < sizeof cases / sizeof cases[0]; n++) {
        struct vmxr_state st;
        reset0(&st);
        unsigned k = cases[n].k, r = cases[n].cmd.reason;
        cfg(&st, 0x018, 0xFF00);
        cfg(&st, VMXR_OWNER_ADDR(1), 6);
        cfg(&st, VMXR_TYPE_ADDR(0, r), TYPE_FIXED(7));
        cfg(&st, VMXR_EXC_ADDR(0, 0), 0xFFFFFFFFu); /* every vector < 8 -> vmm 7 */
        cfg(&st, VMXR_PLAT_ADDR(k), PLAT_EN(k + 1));
        assert_int_equal(vmxr_pclass(&st.cfg, &cases[n].cmd), k);
        EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
        struct vmxr_decision d = run1(&st, cases[n].cmd);
        EXPECT_DELIVER(d, VM(1), k + 1, VMXR_RULE_PLAT, k);
        assert_int_equal(d.reason, r);
        EXPECT_RESUMED(run1(&st, resume(0)), VMM(k + 1), VM(1));
        /* EN = 0: the class still exists but the route falls through to TYPE */
        cfg(&st, VMXR_PLAT_ADDR(k), 0x70);
        EXPECT_DELIVER(run1(&st, cases[n].cmd), VM(1), 7, VMXR_RULE_TYPE, r);
    }
}

static void test_nmi_without_plat_route_does_not_use_exc_table(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_EXC_ADDR(0, 0), exc_nibble(2, true, 5));
    cfg(&st, VMXR_OWNER_ADDR(1), 3);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_nmi(0)), VM(1), 3, VMXR_RULE_HOME, 1);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(3), VM(1));
    /* the same entry is effective for a hardware exception with vector 2 */
    EXPECT_DELIVER(run1(&st, ev_exc(0, 3, 2, 0)), VM(1), 5, VMXR_RULE_EXC, 2);
}

/* ---- step 4: exception route ----------------------------------------------------- */

static void test_exc_route_for_itype_3_5_6_but_not_software_interrupt_4(void **unused)
{
    (void)unused;
    for (unsigned it = 0; it < 8; it++) {
        if (it == 2)
            continue; /* NMI: needs vector 2 */
        struct vmxr_state st;
        reset0(&st);
        cfg(&st, VMXR_EXC_ADDR(0, 0), exc_nibble(6, true, 3));
        cfg(&st, VMXR_OWNER_ADDR(1), 2);
        EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
        struct vmxr_decision d = run1(&st, ev_exc(0, it, 6, 0));
        if (it == 3 || it == 5 || it == 6)
            EXPECT_DELIVER(d, VM(1), 3, VMXR_RULE_EXC, 6);
        else
            EXPECT_DELIVER(d, VM(1), 2, VMXR_RULE_HOME, 1);
    }
    /* a reason-1 interrupt with an exception's itype does not use the table */
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_EXC_ADDR(0, 0), exc_nibble(6, true, 3));
    struct vmxr_cmd c = ev_intr(0, 6);
    c.itype = 3;
    struct vmxr_route r = vmxr_route_static(&st.cfg, &c, vmxr_pclass(&st.cfg, &c), 0);
    assert_int_equal(r.rule, VMXR_RULE_HOME);
    assert_int_equal(r.t, VMXR_T_NONE);
}

static void test_exc_route_selects_word_nibble_and_profile(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_VM_PROFILE_ADDR(1), 2);
    cfg(&st, VMXR_EXC_ADDR(2, 3), exc_nibble(31, true, 4));
    cfg(&st, VMXR_EXC_ADDR(2, 1), exc_nibble(8, true, 6));
    cfg(&st, VMXR_EXC_ADDR(0, 3), exc_nibble(31, true, 7));
    cfg(&st, VMXR_OWNER_ADDR(1), 5);
    cfg(&st, VMXR_OWNER_ADDR(0), 5);
    /* vm 1, profile 2 */
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_exc(0, 3, 31, 0)), VM(1), 4, VMXR_RULE_EXC, 31);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(4), VM(1));
    EXPECT_DELIVER(run1(&st, ev_exc(0, 3, 8, 0)), VM(1), 6, VMXR_RULE_EXC, 8);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(6), VM(1));
    EXPECT_DELIVER(run1(&st, ev_exc(0, 3, 9, 0)), VM(1), 5, VMXR_RULE_HOME, 1);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(5), VM(1));
    /* profile 0 has its own table */
    struct vmxr_cmd c = ev_exc(0, 3, 31, 0);
    struct vmxr_route r = vmxr_route_static(&st.cfg, &c, VMXR_PCLASS_NONE, 0);
    assert_int_equal(r.rule, VMXR_RULE_EXC);
    assert_int_equal(r.t, 7);
    assert_int_equal(r.idx, 31);
    c = ev_exc(0, 3, 8, 0);
    r = vmxr_route_static(&st.cfg, &c, VMXR_PCLASS_NONE, 0);
    assert_int_equal(r.rule, VMXR_RULE_HOME);
}

static void test_exc_vector_32_and_above_ignored(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    for (unsigned w = 0; w < 4; w++)
        cfg(&st, VMXR_EXC_ADDR(0, w), 0xFFFFFFFFu); /* every vector 0..31: EN, vmm 7 */
    cfg(&st, VMXR_OWNER_ADDR(1), 2);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_exc(0, 3, 31, 0)), VM(1), 7, VMXR_RULE_EXC, 31);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(7), VM(1));
    const unsigned vecs[] = { 32, 40, 46, 128, 255 };
    for (size_t k = 0; k < sizeof vecs / sizeof vecs[0]; k++) {
        EXPECT_DELIVER(run1(&st, ev_exc(0, 3, vecs[k], 0)), VM(1), 2, VMXR_RULE_HOME, 1);
        EXPECT_RESUMED(run1(&st, resume(0)), VMM(2), VM(1));
    }
    /* falls through to TYPE[p][0] */
    cfg(&st, VMXR_TYPE_ADDR(0, 0), TYPE_FIXED(5));
    EXPECT_DELIVER(run1(&st, ev_exc(0, 6, 32, 0)), VM(1), 5, VMXR_RULE_TYPE, 0);
}

static void test_pf_inversion_enables_entry_with_en_0_on_mismatch(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_EXC_ADDR(0, 1), exc_nibble(14, false, 5) | exc_nibble(13, false, 5));
    cfg(&st, VMXR_PFEC_MASK_ADDR(0), 0x1);
    cfg(&st, VMXR_PFEC_MATCH_ADDR(0), 0x1);
    cfg(&st, VMXR_OWNER_ADDR(1), 2);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    /* (0 & 1) != 1: mismatch inverts EN 0 to 1; its VMM field is the target */
    EXPECT_DELIVER(run1(&st, ev_exc(0, 3, 14, 0x0)), VM(1), 5, VMXR_RULE_EXC, 14);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(5), VM(1));
    /* (3 & 1) == 1: match, EN stays 0 */
    EXPECT_DELIVER(run1(&st, ev_exc(0, 3, 14, 0x3)), VM(1), 2, VMXR_RULE_HOME, 1);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(2), VM(1));
    /* no inversion for other vectors */
    EXPECT_DELIVER(run1(&st, ev_exc(0, 3, 13, 0x0)), VM(1), 2, VMXR_RULE_HOME, 1);
}

static void test_pf_inversion_disables_entry_with_en_1_on_mismatch(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_EXC_ADDR(0, 1), exc_nibble(14, true, 5));
    cfg(&st, VMXR_PFEC_MASK_ADDR(0), 0x6);
    cfg(&st, VMXR_PFEC_MATCH_ADDR(0), 0x4);
    cfg(&st, VMXR_OWNER_ADDR(1), 2);
    const struct {
        uint32_t ec;
        bool exc;
    } cases[] = { { 0x4, true }, { 0x5, true }, { 0xFFFFFFFDu, true }, { 0x6, false }, { 0x0, false }, { 0x2, false } };
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct vmxr_decision d = run1(&st, ev_exc(0, 3, 14, cases[k].ec));
        if (cases[k].exc)
            EXPECT_DELIVER(d, VM(1), 5, VMXR_RULE_EXC, 14);
        else
            EXPECT_DELIVER(d, VM(1), 2, VMXR_RULE_HOME, 1);
        assert_int_equal(run1(&st, resume(0)).outcome, VMXR_OUTCOME_RESUMED);
    }
    /* the mask and match are those of the running context's profile */
    cfg(&st, VMXR_VM_PROFILE_ADDR(2), 1);
    cfg(&st, VMXR_EXC_ADDR(1, 1), exc_nibble(14, true, 6));
    cfg(&st, VMXR_OWNER_ADDR(2), 2);
    /* get to vm 2: exit to the owner vmm 2, which switches */
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_HOME, 1);
    EXPECT_LAUNCHED(run1(&st, launch(0, 2)), VMM(2), 2);
    EXPECT_DELIVER(run1(&st, ev_exc(0, 3, 14, 0x6)), VM(2), 6, VMXR_RULE_EXC, 14);
}

/* ---- step 5: I/O range route --------------------------------------------------------- */

static void test_ior_lowest_matching_index_wins(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    ior(&st, 2, 0x3F8, 0x3FF, IOR_ALL | IOR_VMM(1));
    ior(&st, 5, 0x3F0, 0x3FF, IOR_ALL | IOR_VMM(6));
    ior(&st, 7, 0x3F8, 0x3F8, IOR_ALL | IOR_VMM(4));
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0x3F8, 1, false)), (1u << 2) | (1u << 5) | (1u << 7));
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0x3F0, 2, true)), 1u << 5);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    struct vmxr_decision d = run1(&st, ev_io(0, 0x3F8, 1, false));
    EXPECT_DELIVER(d, VM(1), 1, VMXR_RULE_IOR, 2);
    assert_int_equal(d.reason, 30);
    assert_int_equal(d.qual, io_qual(0x3F8, 1, false));
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(1), VM(1));
    EXPECT_DELIVER(run1(&st, ev_io(0, 0x3F0, 2, true)), VM(1), 6, VMXR_RULE_IOR, 5);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(6), VM(1));
    cfg(&st, VMXR_IOR_CTRL_ADDR(2), (IOR_ALL & ~IOR_V) | IOR_VMM(1)); /* entry 2 invalid */
    EXPECT_DELIVER(run1(&st, ev_io(0, 0x3F8, 1, false)), VM(1), 6, VMXR_RULE_IOR, 5);
}

static void test_ior_pmask_selects_entries_per_profile(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    ior(&st, 0, 0x60, 0x64, IOR_V | IOR_IN | IOR_OUT | IOR_PMASK(0x1) | IOR_VMM(1));
    ior(&st, 1, 0x60, 0x64, IOR_V | IOR_IN | IOR_OUT | IOR_PMASK(0x4) | IOR_VMM(2));
    cfg(&st, VMXR_VM_PROFILE_ADDR(1), 2);
    cfg(&st, VMXR_VM_PROFILE_ADDR(2), 3);
    cfg(&st, VMXR_OWNER_ADDR(2), 3);
    /* the hits are profile-independent; the profile picks among them */
    struct vmxr_cmd c = ev_io(0, 0x60, 1, true);
    assert_int_equal(vmxr_ior_hits(&st.cfg, c.qual), 0x3);
    const struct {
        unsigned p, rule, t, idx;
    } want[] = { { 0, VMXR_RULE_IOR, 1, 0 },
                 { 1, VMXR_RULE_HOME, VMXR_T_NONE, 0 },
                 { 2, VMXR_RULE_IOR, 2, 1 },
                 { 3, VMXR_RULE_HOME, VMXR_T_NONE, 0 } };
    for (size_t k = 0; k < 4; k++) {
        struct vmxr_route r = vmxr_route_static(&st.cfg, &c, VMXR_PCLASS_NONE, want[k].p);
        assert_int_equal(r.rule, want[k].rule);
        assert_int_equal(r.t, want[k].t);
        assert_int_equal(r.idx, want[k].idx);
    }
    EXPECT_LAUNCHED(run1(&st, launch(0, 0)), VMM(0), 0);
    EXPECT_DELIVER(run1(&st, ev_io(0, 0x60, 1, true)), VM(0), 1, VMXR_RULE_IOR, 0);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(1), VM(0));
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(0), 0, VMXR_RULE_HOME, 0);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_io(0, 0x64, 1, true)), VM(1), 2, VMXR_RULE_IOR, 1);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(2), VM(1));
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 0, VMXR_RULE_HOME, 1);
    EXPECT_LAUNCHED(run1(&st, launch(0, 2)), VMM(0), 2);
    EXPECT_DELIVER(run1(&st, ev_io(0, 0x62, 1, true)), VM(2), 3, VMXR_RULE_HOME, 2);
}

static void test_ior_direction_enables(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    ior(&st, 0, 0x70, 0x71, IOR_V | IOR_IN | IOR_PMASK(0xF) | IOR_VMM(3));
    ior(&st, 1, 0x70, 0x71, IOR_V | IOR_OUT | IOR_PMASK(0xF) | IOR_VMM(4));
    ior(&st, 2, 0x70, 0x71, IOR_V | IOR_PMASK(0xF) | IOR_VMM(5)); /* neither direction */
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0x70, 1, true)), 0x1);
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0x71, 1, false)), 0x2);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_io(0, 0x70, 2, true)), VM(1), 3, VMXR_RULE_IOR, 0);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(3), VM(1));
    EXPECT_DELIVER(run1(&st, ev_io(0, 0x70, 2, false)), VM(1), 4, VMXR_RULE_IOR, 1);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(4), VM(1));
    cfg(&st, VMXR_IOR_CTRL_ADDR(1), 0);
    EXPECT_DELIVER(run1(&st, ev_io(0, 0x70, 2, false)), VM(1), 0, VMXR_RULE_HOME, 1);
}

static void test_ior_partial_overlap_at_both_ends_matches(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    ior(&st, 0, 0x60, 0x64, IOR_ALL | IOR_VMM(1));
    const struct {
        unsigned port, bytes;
        uint64_t hits;
    } cases[] = { { 0x5F, 2, 1 }, { 0x5E, 2, 0 }, { 0x5D, 4, 1 }, { 0x5C, 4, 0 }, { 0x5F, 1, 0 },
                  { 0x60, 1, 1 }, { 0x62, 4, 1 }, { 0x64, 4, 1 }, { 0x64, 1, 1 }, { 0x65, 1, 0 } };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(cases[k].port, cases[k].bytes, false)), cases[k].hits);
}

static void test_ior_entry_with_base_above_limit_never_matches_even_straddling(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    /* entry 0 is empty (BASE 0x101 > LIMIT 0x100); an access covering 0x100..0x101
     * satisfies P <= LIMIT and P + S - 1 >= BASE, and must still not match */
    ior(&st, 0, 0x101, 0x100, IOR_ALL | IOR_VMM(3));
    ior(&st, 1, 0x100, 0x101, IOR_ALL | IOR_VMM(5));
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0x100, 2, false)), 0x2);
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0xFE, 4, true)), 0x2);
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0x101, 1, true)), 0x2);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_io(0, 0x100, 2, false)), VM(1), 5, VMXR_RULE_IOR, 1);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(5), VM(1));
    cfg(&st, VMXR_IOR_CTRL_ADDR(1), 0);
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0xFE, 4, false)), 0);
    EXPECT_DELIVER(run1(&st, ev_io(0, 0xFE, 4, false)), VM(1), 0, VMXR_RULE_HOME, 1);
}

static void test_ior_access_wrapping_past_ffff_matches_no_entry(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    ior(&st, 0, 0xFFF0, 0xFFFF, IOR_ALL | IOR_VMM(2));
    ior(&st, 1, 0x0000, 0x0010, IOR_ALL | IOR_VMM(3));
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0xFFFC, 4, false)), 0x1); /* ends at 0xFFFF */
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0xFFFF, 1, false)), 0x1);
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0xFFFE, 2, false)), 0x1);
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0xFFFF, 2, false)), 0);
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0xFFFD, 4, true)), 0);
    assert_int_equal(vmxr_ior_hits(&st.cfg, io_qual(0xFFFE, 4, true)), 0);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_io(0, 0xFFFE, 4, false)), VM(1), 0, VMXR_RULE_HOME, 1);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(0), VM(1));
    EXPECT_DELIVER(run1(&st, ev_io(0, 0xFFFC, 4, false)), VM(1), 2, VMXR_RULE_IOR, 0);
}

static void test_ior_route_only_for_reason_30(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    ior(&st, 0, 0x0000, 0xFFFF, IOR_ALL | IOR_VMM(2));
    cfg(&st, VMXR_OWNER_ADDR(1), 4);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_q(0, 31, io_qual(0x60, 1, false))), VM(1), 4, VMXR_RULE_HOME, 1);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(4), VM(1));
    EXPECT_DELIVER(run1(&st, ev_q(0, 30, io_qual(0x60, 1, false))), VM(1), 2, VMXR_RULE_IOR, 0);
}

/* ---- step 6: event-type route --------------------------------------------------------- */

static void test_type_fixed_routes_to_its_vmm_with_reason_index(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(3));
    cfg(&st, VMXR_TYPE_ADDR(0, 64), TYPE_FIXED(7));
    cfg(&st, VMXR_TYPE_ADDR(0, 12), TYPE_FIXED(0));
    cfg(&st, VMXR_OWNER_ADDR(1), 2);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 3, VMXR_RULE_TYPE, 10);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(3), VM(1));
    EXPECT_DELIVER(run1(&st, ev(0, 64)), VM(1), 7, VMXR_RULE_TYPE, 64);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(7), VM(1));
    /* FIXED to vmm 0 is a TYPE route, not home (the owner is vmm 2) */
    EXPECT_DELIVER(run1(&st, ev(0, 12)), VM(1), 0, VMXR_RULE_TYPE, 12);
}

static void test_type_home_mode_ignores_vmm_field(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), 0x05);
    cfg(&st, VMXR_OWNER_ADDR(3), 2);
    EXPECT_LAUNCHED(run1(&st, launch(0, 3)), VMM(0), 3);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(3), 2, VMXR_RULE_HOME, 3);
}

static void test_type_uses_profile_of_running_context(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_VM_PROFILE_ADDR(1), 1);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(2));
    cfg(&st, VMXR_TYPE_ADDR(1, 10), TYPE_FIXED(4));
    cfg(&st, VMXR_VMM_PROFILE_ADDR(4), 3);
    cfg(&st, VMXR_TYPE_ADDR(3, 12), TYPE_FIXED(6));
    EXPECT_LAUNCHED(run1(&st, launch(0, 0)), VMM(0), 0);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(0), 2, VMXR_RULE_TYPE, 10);
    /* vmm 2 has profile 0: TYPE[0][12] is HOME -> itself */
    EXPECT_LOCAL(run1(&st, ev(0, 12)), VMM(2), VMXR_RULE_HOME, 2);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(2), VM(0));
    EXPECT_DELIVER(run1(&st, ev(0, 11)), VM(0), 0, VMXR_RULE_HOME, 0);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1); /* vmm 0 switches */
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 4, VMXR_RULE_TYPE, 10);
    /* vmm 4 has profile 3 */
    EXPECT_DELIVER(run1(&st, ev(0, 12)), VMM(4), 6, VMXR_RULE_TYPE, 12);
}

static void test_group_picks_lowest_usage_ties_to_lowest_vmm(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_GROUP_ADDR(1), 0x64); /* vmm 2, 5, 6 */
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_GROUP(5)); /* g = 5 & 3 = 1 */
    struct vmxr_cmd c = ev(0, 10);
    struct vmxr_route r = vmxr_route_static(&st.cfg, &c, VMXR_PCLASS_NONE, 0);
    assert_int_equal(r.rule, VMXR_RULE_GROUP);
    assert_int_equal(r.t, VMXR_T_NONE);
    assert_int_equal(r.idx, 1);
    r = vmxr_route_resolve(&st, VM(1), r);
    assert_int_equal(r.rule, VMXR_RULE_GROUP);
    assert_int_equal(r.t, 2);
    assert_int_equal(r.idx, 1);

    const struct {
        uint16_t u2, u5, u6;
        unsigned want;
    } cases[] = {
        { 0, 0, 0, 2 }, { 3, 2, 2, 5 }, { 3, 4, 2, 6 }, { 2, 4, 2, 2 }, { 9, 1, 0, 6 }, { 1, 1, 1, 2 },
    };
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cfg(&st, VMXR_SW_USAGE_ADDR(2), cases[k].u2);
        cfg(&st, VMXR_SW_USAGE_ADDR(5), cases[k].u5);
        cfg(&st, VMXR_SW_USAGE_ADDR(6), cases[k].u6);
        EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), cases[k].want, VMXR_RULE_GROUP, 1);
        EXPECT_RESUMED(run1(&st, resume(0)), VMM(cases[k].want), VM(1));
    }
}

static void test_group_counts_pending_deliveries_times_pend_weight(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_GROUP_ADDR(0), 0x0C); /* vmm 2, 3 */
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(2));
    cfg(&st, VMXR_TYPE_ADDR(0, 12), TYPE_GROUP(0));
    cfg(&st, VMXR_SW_USAGE_ADDR(3), 3);
    cfg(&st, 0x014, 4);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_TYPE, 10);
    assert_int_equal(vmxr_usage(&st, 2), 4);
    assert_int_equal(vmxr_usage(&st, 3), 3);
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(2)), 0x00010004u);
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(3)), 0x00000003u);
    /* 1 * 4 > 3: vmm 3 */
    EXPECT_DELIVER(run1(&st, ev(0, 12)), VMM(2), 3, VMXR_RULE_GROUP, 0);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(3), VMM(2));
    /* 1 * 1 < 3: vmm 2, which is running: local */
    cfg(&st, 0x014, 1);
    EXPECT_LOCAL(run1(&st, ev(0, 12)), VMM(2), VMXR_RULE_GROUP, 0);
    /* 1 * 3 == 3: tie to the lower VMM */
    cfg(&st, 0x014, 3);
    EXPECT_LOCAL(run1(&st, ev(0, 12)), VMM(2), VMXR_RULE_GROUP, 0);
    cfg(&st, 0x014, 0);
    assert_int_equal(vmxr_usage(&st, 2), 0);
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(2)), 0x00010000u);
#if VMXR_NCPU >= 2
    /* pending_count is global: a second delivery to vmm 2 on CPU 1 counts too */
    cfg(&st, 0x014, 2);
    EXPECT_LAUNCHED(run1(&st, launch(1, 2)), VMM(0), 2);
    EXPECT_DELIVER(run1(&st, ev(1, 10)), VM(2), 2, VMXR_RULE_TYPE, 10);
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(2)), 0x00020004u);
    EXPECT_DELIVER(run1(&st, ev(0, 12)), VMM(2), 3, VMXR_RULE_GROUP, 0);
#endif
}

static void test_usage_saturates_at_ffff(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(2));
    cfg(&st, 0x014, 0xFF);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_TYPE, 10);
    const struct {
        uint16_t sw;
        unsigned want;
    } cases[] = { { 0xFEFF, 0xFFFE }, { 0xFF00, 0xFFFF }, { 0xFF01, 0xFFFF }, { 0xFFFF, 0xFFFF } };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cfg(&st, VMXR_SW_USAGE_ADDR(2), cases[k].sw);
        assert_int_equal(vmxr_usage(&st, 2), cases[k].want);
        assert_int_equal(peek(&st, VMXR_USAGE_ADDR(2)), 0x00010000u | cases[k].want);
    }
    /* saturated vmm 2 (0xFF + 0xFFFF -> 0xFFFF) ties with vmm 3 at 0xFFFF: the lower wins */
    cfg(&st, VMXR_SW_USAGE_ADDR(3), 0xFFFF);
    cfg(&st, VMXR_GROUP_ADDR(0), 0x0C);
    cfg(&st, VMXR_TYPE_ADDR(0, 12), TYPE_GROUP(0));
    EXPECT_LOCAL(run1(&st, ev(0, 12)), VMM(2), VMXR_RULE_GROUP, 0);
}

static void test_group_with_no_online_member_goes_home(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_GROUP(0));
    cfg(&st, VMXR_OWNER_ADDR(1), 4);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    /* GROUP[0] empty */
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 4, VMXR_RULE_HOME, 1);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(4), VM(1));
    /* only member offline */
    cfg(&st, VMXR_GROUP_ADDR(0), 0x08);
    cfg(&st, 0x010, 0xF7);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 4, VMXR_RULE_HOME, 1);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(4), VM(1));
    /* and the home VMM offline too: fallback names the owner */
    cfg(&st, 0x010, 0xE7);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 0, VMXR_RULE_FALLBACK, 4);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(0), VM(1));
    /* vmm 0 as a member is always online */
    cfg(&st, VMXR_GROUP_ADDR(0), 0x09);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 0, VMXR_RULE_GROUP, 0);
}

static void test_group_skips_offline_members(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_GROUP_ADDR(3), 0x0C);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_GROUP(7)); /* g = 3 */
    cfg(&st, VMXR_SW_USAGE_ADDR(3), 100);
    cfg(&st, 0x010, 0xFB); /* vmm 2 offline */
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 3, VMXR_RULE_GROUP, 3);
}

static void test_group_number_is_low_two_bits_of_type_vmm(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_GROUP_ADDR(0), 0x02);
    cfg(&st, VMXR_GROUP_ADDR(1), 0x04);
    cfg(&st, VMXR_GROUP_ADDR(2), 0x20);
    cfg(&st, VMXR_GROUP_ADDR(3), 0x80);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_GROUP(6));
    cfg(&st, VMXR_TYPE_ADDR(0, 11), TYPE_GROUP(3));
    cfg(&st, VMXR_TYPE_ADDR(0, 12), TYPE_GROUP(4));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 5, VMXR_RULE_GROUP, 2);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(5), VM(1));
    EXPECT_DELIVER(run1(&st, ev(0, 11)), VM(1), 7, VMXR_RULE_GROUP, 3);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(7), VM(1));
    EXPECT_DELIVER(run1(&st, ev(0, 12)), VM(1), 1, VMXR_RULE_GROUP, 0);
}

/* ---- steps 7 and 8: home and offline fallback --------------------------------------------- */

static void test_home_from_vm_goes_to_owner_with_vm_index(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    const unsigned vm = VMXR_NVM - 1;
    cfg(&st, VMXR_OWNER_ADDR(vm), 4);
    EXPECT_LAUNCHED(run1(&st, launch(0, vm)), VMM(0), vm);
    struct vmxr_decision d = run1(&st, ev(0, 10));
    EXPECT_DELIVER(d, VM(vm), 4, VMXR_RULE_HOME, vm);
    assert_int_equal(d.cpu, 0);
    assert_int_equal(d.reason, 10);
    assert_int_equal(d.qual, 0);
}

static void test_home_from_vmm_is_local_and_changes_nothing(void **unused)
{
    (void)unused;
    struct vmxr_state st, before;
    reset0(&st);
    memcpy(&before, &st, sizeof before);
    EXPECT_LOCAL(run1(&st, ev(0, 10)), VMM(0), VMXR_RULE_HOME, 0);
    assert_true(routing_state_equal(&before, &st));
    assert_int_equal(st.cmd_count, 1);
    assert_int_equal(st.err_count, 0);
    /* from a parallel VMM on top of the stack */
    cfg(&st, VMXR_OWNER_ADDR(1), 3);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 3, VMXR_RULE_HOME, 1);
    memcpy(&before, &st, sizeof before);
    EXPECT_LOCAL(run1(&st, ev(0, 10)), VMM(3), VMXR_RULE_HOME, 3);
    assert_true(routing_state_equal(&before, &st));
}

static void test_offline_fallback_to_vmm0_indexes_the_chosen_vmm(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(3));
    cfg(&st, VMXR_PLAT_ADDR(2), PLAT_EN(3));
    ior(&st, 0, 0x60, 0x64, IOR_ALL | IOR_VMM(3));
    cfg(&st, VMXR_EXC_ADDR(0, 0), exc_nibble(6, true, 3));
    cfg(&st, VMXR_OWNER_ADDR(1), 3);
    cfg(&st, VMXR_TYPE_ADDR(0, 12), TYPE_FIXED(0));
    cfg(&st, 0x010, 0xF7); /* vmm 3 offline */
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    const struct vmxr_cmd cmds[] = { ev(0, 10), ev(0, 3), ev_io(0, 0x60, 1, false), ev_exc(0, 3, 6, 0), ev(0, 11) };
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
        EXPECT_DELIVER(run1(&st, cmds[k]), VM(1), 0, VMXR_RULE_FALLBACK, 3);
        EXPECT_RESUMED(run1(&st, resume(0)), VMM(0), VM(1));
    }
    /* a route to vmm 0 never falls back */
    EXPECT_DELIVER(run1(&st, ev(0, 12)), VM(1), 0, VMXR_RULE_TYPE, 12);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(0), VM(1));
    /* the direct step: FIXED vmm 3 resolves to FALLBACK 3 */
    struct vmxr_route r = vmxr_route_resolve(&st, VM(1), (struct vmxr_route){ VMXR_RULE_TYPE, 3, 10 });
    assert_int_equal(r.rule, VMXR_RULE_FALLBACK);
    assert_int_equal(r.t, 0);
    assert_int_equal(r.idx, 3);
    cfg(&st, 0x010, 0xFF);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 3, VMXR_RULE_TYPE, 10);
}

static void test_offline_home_vmm_seen_from_itself_falls_back(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_OWNER_ADDR(1), 3);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 3, VMXR_RULE_HOME, 1);
    cfg(&st, 0x010, 0xF7);
    /* home of vmm 3 is vmm 3, offline: fallback to vmm 0 with index 3 */
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VMM(3), 0, VMXR_RULE_FALLBACK, 3);
}

static void test_fallback_seen_from_vmm0_is_local(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(3));
    cfg(&st, 0x010, 0xF7);
    EXPECT_LOCAL(run1(&st, ev(0, 10)), VMM(0), VMXR_RULE_FALLBACK, 3);
    assert_int_equal(st.cpu[0].depth, 0);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(0)), 0);
}

/* ---- transition: local, overflow, push ------------------------------------------------------ */

static void test_local_when_route_targets_running_vmm_changes_nothing(void **unused)
{
    (void)unused;
    struct vmxr_state st, before;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(2));
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(2));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_TYPE, 10);
    memcpy(&before, &st, sizeof before);
    EXPECT_LOCAL(run1(&st, ev(0, 10)), VMM(2), VMXR_RULE_TYPE, 10);
    /* a local SMI blocks nothing */
    EXPECT_LOCAL(run1(&st, ev_smi(0)), VMM(2), VMXR_RULE_PLAT, 0);
    assert_true(routing_state_equal(&before, &st));
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(2), 1, 0, 0, 0, 0));
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(2)), 1);
    assert_int_equal(st.pending_count[2], 1);
}

static void test_local_is_checked_before_stack_overflow(void **unused)
{
    (void)unused;
    struct vmxr_state st, before;
    reset0(&st);
    unsigned top = fill_stack(&st, 0, 1);
    cfg(&st, VMXR_TYPE_ADDR(1, 12), TYPE_FIXED(1));
    cfg(&st, VMXR_TYPE_ADDR(2, 12), TYPE_FIXED(2));
    memcpy(&before, &st, sizeof before);
    EXPECT_LOCAL(run1(&st, ev(0, 12)), VMM(top), VMXR_RULE_TYPE, 12);
    /* an SMI whose route is home (PLAT[0] off) is local too, not pended */
    EXPECT_LOCAL(run1(&st, ev_smi(0)), VMM(top), VMXR_RULE_HOME, top);
    assert_true(routing_state_equal(&before, &st));
    assert_int_equal(st.err_count, 0);
}

static void test_overflow_pends_smi_and_nmi_and_errors_other_events(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    unsigned top = fill_stack(&st, 0, 1);
    unsigned below = top == 1 ? 2 : 1;
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(5));
    cfg(&st, VMXR_PLAT_ADDR(1), PLAT_EN(6));
    cfg(&st, VMXR_PLAT_ADDR(2), PLAT_EN(5));
    uint32_t cmds = st.cmd_count;
    struct vmxr_decision d = run_error(&st, ev(0, 10), VMXR_ERRC_STACK_OVERFLOW);
    EXPECT_ERROR(d, VMXR_OP_EVENT, VMXR_ERRC_STACK_OVERFLOW, VMM(top));
    assert_int_equal(d.reason, 10);
    EXPECT_ERROR(run_error(&st, ev(0, 3), VMXR_ERRC_STACK_OVERFLOW), VMXR_OP_EVENT, VMXR_ERRC_STACK_OVERFLOW,
                 VMM(top));
    EXPECT_PENDED(run1(&st, ev_smi(0)), VMM(top));
    EXPECT_PENDED(run1(&st, ev_nmi(0)), VMM(top));
    EXPECT_PENDED(run1(&st, ev_nmi(0)), VMM(top));
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(top), VMXR_DEPTH, 0, 0, 1, 1));
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(5)), 0);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(6)), 0);
    assert_int_equal(st.cmd_count, cmds + 5);
    assert_int_equal(st.err_count, 2);
    assert_int_equal(peek(&st, 0x00C), 0x410u);
    /* the pended SMI is injected after the next pop; its delivery blocks the NMI */
    struct vmxr_decision out[3];
    assert_int_equal(run(&st, resume(0), out), 2);
    EXPECT_RESUMED(out[0], VMM(top), VMM(below));
    EXPECT(out[1], VMXR_OP_INJECT, VMXR_OUTCOME_DELIVER, 0, VMM(below), VMM(5), VMXR_RULE_PLAT, 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(5), VMXR_DEPTH, 1, 1, 0, 1));
}

static void test_push_records_context_target_and_blocked_classes(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(2));
    cfg(&st, VMXR_PLAT_ADDR(1), PLAT_EN(3));
    cfg(&st, VMXR_TYPE_ADDR(0, 6), TYPE_FIXED(4)); /* SMIs by TYPE, PLAT[0] off */
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_TYPE, 10);
    EXPECT_DELIVER(run1(&st, ev_nmi(0)), VMM(2), 3, VMXR_RULE_PLAT, 1);
    EXPECT_DELIVER(run1(&st, ev_smi(0)), VMM(3), 4, VMXR_RULE_TYPE, 6);
    const struct vmxr_cpu *cpu = &st.cpu[0];
    assert_int_equal(cpu->depth, 3);
    assert_int_equal(cpu->cur, VMM(4));
    assert_int_equal(cpu->stack[0].ctx, VM(1));
    assert_int_equal(cpu->stack[0].to, 2);
    assert_int_equal(cpu->stack[0].blk, 0);
    assert_int_equal(cpu->stack[1].ctx, VMM(2));
    assert_int_equal(cpu->stack[1].to, 3);
    assert_int_equal(cpu->stack[1].blk, VMXR_BLK_NMI);
    assert_int_equal(cpu->stack[2].ctx, VMM(3));
    assert_int_equal(cpu->stack[2].to, 4);
    assert_int_equal(cpu->stack[2].blk, VMXR_BLK_SMI | VMXR_BLK_NMI);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(4), 3, 1, 1, 0, 0));
    for (unsigned v = 2; v <= 4; v++) {
        assert_int_equal(st.pending_count[v], 1);
        assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(v)), 1);
    }

    /* an SMI routed home blocks both classes as well */
    reset0(&st);
    cfg(&st, VMXR_OWNER_ADDR(1), 5);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 5)), VM(1), 5, VMXR_RULE_HOME, 1);
    assert_int_equal(st.cpu[0].stack[0].blk, VMXR_BLK_SMI | VMXR_BLK_NMI);
    EXPECT_PENDED(run1(&st, ev_nmi(0)), VMM(5));
}

static void test_pending_count_rises_on_push_and_falls_on_pop(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(2));
    cfg(&st, VMXR_VMM_PROFILE_ADDR(2), 1);
    cfg(&st, VMXR_TYPE_ADDR(1, 10), TYPE_FIXED(3));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_TYPE, 10);
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(2)), 0x00010001u);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VMM(2), 3, VMXR_RULE_TYPE, 10);
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(3)), 0x00010001u);
    unsigned on2 = 1;
#if VMXR_NCPU >= 2
    EXPECT_LAUNCHED(run1(&st, launch(1, 2)), VMM(0), 2);
    EXPECT_DELIVER(run1(&st, ev(1, 10)), VM(2), 2, VMXR_RULE_TYPE, 10);
    on2 = 2;
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(2)), 0x00020002u);
#endif
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(3), VMM(2));
    assert_int_equal(st.pending_count[3], 0);
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(3)), 0);
    assert_int_equal(st.pending_count[2], on2);
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(2), VM(1));
    assert_int_equal(st.pending_count[2], on2 - 1);
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(2)), (on2 - 1) * 0x00010001u);
    /* DELIVERED counts deliveries; it does not go down */
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(2)), on2);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(3)), 1);
}

static void test_blocked_recomputed_after_pop_from_remaining_entries(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(2));
    cfg(&st, VMXR_TYPE_ADDR(0, 18), TYPE_FIXED(4));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_smi(0)), VM(1), 2, VMXR_RULE_PLAT, 0);
    EXPECT_DELIVER(run1(&st, ev(0, 18)), VMM(2), 4, VMXR_RULE_TYPE, 18);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(4), 2, 1, 1, 0, 0));
    EXPECT_PENDED(run1(&st, ev(0, 5)), VMM(4));
    EXPECT_PENDED(run1(&st, ev_nmi(0)), VMM(4));
    /* pop the TYPE entry: the SMI entry below still blocks both: no injection */
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(4), VMM(2));
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(2), 1, 1, 1, 1, 1));
    struct vmxr_decision out[3];
    assert_int_equal(run(&st, resume(0), out), 2);
    EXPECT_RESUMED(out[0], VMM(2), VM(1));
    EXPECT(out[1], VMXR_OP_INJECT, VMXR_OUTCOME_DELIVER, 0, VM(1), VMM(2), VMXR_RULE_PLAT, 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(2), 1, 1, 1, 0, 1));
    /* the NMI has no PLAT route: home of vm 1 is vmm 0 */
    assert_int_equal(run(&st, resume(0), out), 2);
    EXPECT_RESUMED(out[0], VMM(2), VM(1));
    EXPECT(out[1], VMXR_OP_INJECT, VMXR_OUTCOME_DELIVER, 0, VM(1), VMM(0), VMXR_RULE_HOME, 1);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(0), 1, 0, 1, 0, 0));
    assert_int_equal(run(&st, resume(0), out), 1);
    EXPECT_RESUMED(out[0], VMM(0), VM(1));
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VM(1), 0, 0, 0, 0, 0));
}

/* ---- LAUNCH ------------------------------------------------------------------------ */

static void test_launch_at_boot_runs_the_vm_without_a_pop(void **unused)
{
    (void)unused;
    struct vmxr_state st, before;
    reset0(&st);
    cfg(&st, VMXR_OWNER_ADDR(3), 5);
    memcpy(&before, &st, sizeof before);
    struct vmxr_decision d = run1(&st, launch(0, 3));
    EXPECT_LAUNCHED(d, VMM(0), 3);
    assert_int_equal(d.cpu, 0);
    assert_int_equal(d.reason, 0);
    assert_int_equal(d.qual, 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VM(3), 0, 0, 0, 0, 0));
    assert_int_equal(memcmp(st.pending_count, before.pending_count, sizeof st.pending_count), 0);
    assert_int_equal(st.cmd_count, 1);
    assert_int_equal(st.err_count, 0);
#if VMXR_NCPU >= 2
    /* the same VM on another CPU: one vCPU each */
    EXPECT_LAUNCHED(run1(&st, launch(1, 3)), VMM(0), 3);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(1)), cpu_state(VM(3), 0, 0, 0, 0, 0));
#endif
}

static void test_launch_errors_in_order_not_in_vmm_bad_vm_busy_not_owner(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    /* NOT_IN_VMM comes first, even for a VM number that does not exist */
    reset0(&st);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_ERROR(run_error(&st, launch(0, 31), VMXR_ERRC_NOT_IN_VMM), VMXR_OP_LAUNCH, VMXR_ERRC_NOT_IN_VMM, VM(1));
    EXPECT_ERROR(run_error(&st, launch(0, 2), VMXR_ERRC_NOT_IN_VMM), VMXR_OP_LAUNCH, VMXR_ERRC_NOT_IN_VMM, VM(1));

    /* BAD_VM before BUSY: two entries on the stack, vmm 3 not the owner of vm 0 */
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(2));
    cfg(&st, VMXR_VMM_PROFILE_ADDR(2), 1);
    cfg(&st, VMXR_TYPE_ADDR(1, 10), TYPE_FIXED(3));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_TYPE, 10);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VMM(2), 3, VMXR_RULE_TYPE, 10);
    EXPECT_ERROR(run_error(&st, launch(0, VMXR_NVM), VMXR_ERRC_BAD_VM), VMXR_OP_LAUNCH, VMXR_ERRC_BAD_VM, VMM(3));
    EXPECT_ERROR(run_error(&st, launch(0, 31), VMXR_ERRC_BAD_VM), VMXR_OP_LAUNCH, VMXR_ERRC_BAD_VM, VMM(3));
    /* BUSY before NOT_OWNER */
    EXPECT_ERROR(run_error(&st, launch(0, 0), VMXR_ERRC_BUSY), VMXR_OP_LAUNCH, VMXR_ERRC_BUSY, VMM(3));
    cfg(&st, VMXR_OWNER_ADDR(0), 3);
    EXPECT_ERROR(run_error(&st, launch(0, 0), VMXR_ERRC_BUSY), VMXR_OP_LAUNCH, VMXR_ERRC_BUSY, VMM(3));

    /* BUSY: a single entry whose context is a VMM */
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(3));
    cfg(&st, VMXR_OWNER_ADDR(1), 3);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VMM(0), 3, VMXR_RULE_TYPE, 10);
    EXPECT_ERROR(run_error(&st, launch(0, 1), VMXR_ERRC_BUSY), VMXR_OP_LAUNCH, VMXR_ERRC_BUSY, VMM(3));

    /* NOT_OWNER: a single VM entry, vmm 2 launching a VM owned by vmm 4 */
    reset0(&st);
    cfg(&st, VMXR_OWNER_ADDR(1), 2);
    cfg(&st, VMXR_OWNER_ADDR(2), 4);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_HOME, 1);
    EXPECT_ERROR(run_error(&st, launch(0, 2), VMXR_ERRC_NOT_OWNER), VMXR_OP_LAUNCH, VMXR_ERRC_NOT_OWNER, VMM(2));
    assert_int_equal(peek(&st, 0x00C), 0x810u);
}

static void test_switching_launch_pops_the_single_vm_entry(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_OWNER_ADDR(1), 2);
    cfg(&st, VMXR_OWNER_ADDR(2), 2);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_HOME, 1);
    assert_int_equal(st.pending_count[2], 1);
    EXPECT_LAUNCHED(run1(&st, launch(0, 2)), VMM(2), 2); /* the owner switches */
    assert_int_equal(st.pending_count[2], 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VM(2), 0, 0, 0, 0, 0));
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(2)), 1);
    assert_int_equal(st.cmd_count, 3);

    /* vmm 0 may switch to any VM */
    cfg(&st, VMXR_OWNER_ADDR(2), 0);
    cfg(&st, VMXR_OWNER_ADDR(3), 5);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(2), 0, VMXR_RULE_HOME, 2);
    EXPECT_LAUNCHED(run1(&st, launch(0, 3)), VMM(0), 3);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VM(3), 0, 0, 0, 0, 0));
    assert_int_equal(st.pending_count[0], 0);
}

static void test_switching_launch_injects_pending_event_after_pop(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(2));
    cfg(&st, VMXR_PLAT_ADDR(1), PLAT_EN(3));
    cfg(&st, VMXR_OWNER_ADDR(3), 2);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_smi(0)), VM(1), 2, VMXR_RULE_PLAT, 0);
    EXPECT_PENDED(run1(&st, ev_nmi(0)), VMM(2));
    struct vmxr_decision out[3];
    assert_int_equal(run(&st, launch(0, 3), out), 2);
    EXPECT_LAUNCHED(out[0], VMM(2), 3);
    EXPECT(out[1], VMXR_OP_INJECT, VMXR_OUTCOME_DELIVER, 0, VM(3), VMM(3), VMXR_RULE_PLAT, 1);
    assert_int_equal(out[1].reason, 0);
    assert_int_equal(out[1].cpu, 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(3), 1, 0, 1, 0, 0));
    assert_int_equal(st.pending_count[2], 0);
    assert_int_equal(st.pending_count[3], 1);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(3)), 1);
    assert_int_equal(st.cmd_count, 4);
}

/* ---- RESUME ----------------------------------------------------------------------- */

static void test_resume_errors_not_in_vmm_before_empty(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    EXPECT_ERROR(run_error(&st, resume(0), VMXR_ERRC_EMPTY), VMXR_OP_RESUME, VMXR_ERRC_EMPTY, VMM(0));
    assert_int_equal(peek(&st, 0x00C), 0x910u);
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_ERROR(run_error(&st, resume(0), VMXR_ERRC_NOT_IN_VMM), VMXR_OP_RESUME, VMXR_ERRC_NOT_IN_VMM, VM(1));
    assert_int_equal(peek(&st, 0x00C), 0x510u);
}

static void test_resume_returns_to_the_interrupted_contexts_in_order(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(2));
    cfg(&st, VMXR_VMM_PROFILE_ADDR(2), 1);
    cfg(&st, VMXR_TYPE_ADDR(1, 10), TYPE_FIXED(3));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_TYPE, 10);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VMM(2), 3, VMXR_RULE_TYPE, 10);
    struct vmxr_decision d = run1(&st, resume(0));
    EXPECT_RESUMED(d, VMM(3), VMM(2));
    assert_int_equal(d.reason, 0);
    assert_int_equal(d.qual, 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(2), 1, 0, 0, 0, 0));
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(2), VM(1));
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VM(1), 0, 0, 0, 0, 0));
}

/* ---- injection (4.4) --------------------------------------------------------------- */

static void test_injection_after_pop_smi_then_nmi_smi_delivery_blocks_nmi(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(2));
    cfg(&st, VMXR_PLAT_ADDR(1), PLAT_EN(3));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_smi(0)), VM(1), 2, VMXR_RULE_PLAT, 0);
    EXPECT_PENDED(run1(&st, ev_nmi(0)), VMM(2));
    EXPECT_PENDED(run1(&st, ev(0, 5)), VMM(2));
    struct vmxr_decision out[3];
    assert_int_equal(run(&st, resume(0), out), 2);
    EXPECT_RESUMED(out[0], VMM(2), VM(1));
    EXPECT(out[1], VMXR_OP_INJECT, VMXR_OUTCOME_DELIVER, 0, VM(1), VMM(2), VMXR_RULE_PLAT, 0);
    assert_int_equal(out[1].cpu, 0);
    assert_int_equal(out[1].reason, 6);
    assert_int_equal(out[1].qual, 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(2), 1, 1, 1, 0, 1));
    assert_int_equal(run(&st, resume(0), out), 2);
    EXPECT_RESUMED(out[0], VMM(2), VM(1));
    EXPECT(out[1], VMXR_OP_INJECT, VMXR_OUTCOME_DELIVER, 0, VM(1), VMM(3), VMXR_RULE_PLAT, 1);
    assert_int_equal(out[1].reason, 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(3), 1, 0, 1, 0, 0));
    assert_int_equal(run(&st, resume(0), out), 1);
    EXPECT_RESUMED(out[0], VMM(3), VM(1));
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VM(1), 0, 0, 0, 0, 0));
    /* 1 launch + 3 events + 3 resumes; the injections are not commands */
    assert_int_equal(peek(&st, 0xE20), 7);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(2)), 2);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(3)), 1);
}

static void test_local_smi_injection_lets_nmi_follow_three_decisions(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(4));
    cfg(&st, VMXR_PLAT_ADDR(1), PLAT_EN(5));
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(2));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VM(1), 2, VMXR_RULE_TYPE, 10);
    EXPECT_DELIVER(run1(&st, ev_smi(0)), VMM(2), 4, VMXR_RULE_PLAT, 0);
    EXPECT_PENDED(run1(&st, ev_smi(0)), VMM(4));
    EXPECT_PENDED(run1(&st, ev_nmi(0)), VMM(4));
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(2)); /* SMIs now go to vmm 2 */
    struct vmxr_decision out[3];
    assert_int_equal(run(&st, resume(0), out), 3);
    EXPECT_RESUMED(out[0], VMM(4), VMM(2));
    EXPECT(out[1], VMXR_OP_INJECT, VMXR_OUTCOME_LOCAL, 0, VMM(2), VMM(2), VMXR_RULE_PLAT, 0);
    assert_int_equal(out[1].reason, 6);
    EXPECT(out[2], VMXR_OP_INJECT, VMXR_OUTCOME_DELIVER, 0, VMM(2), VMM(5), VMXR_RULE_PLAT, 1);
    assert_int_equal(out[2].reason, 0);
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(5), 2, 0, 1, 0, 0));
    assert_int_equal(peek(&st, 0xE20), 6);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(4)), 1);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(5)), 1);
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(4)), 0);
    assert_int_equal(peek(&st, VMXR_USAGE_ADDR(5)), 0x00010001u);
}

static void test_injected_event_routes_from_current_context_by_its_profile(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(2));
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_DELIVER(run1(&st, ev_smi(0)), VM(1), 2, VMXR_RULE_PLAT, 0);
    EXPECT_PENDED(run1(&st, ev_smi(0)), VMM(2));
    cfg(&st, VMXR_PLAT_ADDR(0), 0);
    cfg(&st, VMXR_VM_PROFILE_ADDR(1), 2);
    cfg(&st, VMXR_TYPE_ADDR(2, 6), TYPE_FIXED(6));
    struct vmxr_decision out[3];
    assert_int_equal(run(&st, resume(0), out), 2);
    EXPECT_RESUMED(out[0], VMM(2), VM(1));
    EXPECT(out[1], VMXR_OP_INJECT, VMXR_OUTCOME_DELIVER, 0, VM(1), VMM(6), VMXR_RULE_TYPE, 6);
    /* still an SMI delivery: it blocks both classes */
    assert_int_equal(peek(&st, VMXR_CPU_STATE_ADDR(0)), cpu_state(VMM(6), 1, 1, 1, 0, 0));
}

/* ---- counters --------------------------------------------------------------------- */

static void test_counters_count_commands_and_errors_not_injections(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    cfg(&st, VMXR_PLAT_ADDR(0), PLAT_EN(2));
    struct vmxr_decision out[3];
    EXPECT_LAUNCHED(run1(&st, launch(0, 1)), VMM(0), 1);
    EXPECT_ERROR(run1(&st, ev(0, 99)), VMXR_OP_EVENT, VMXR_ERRC_BAD_REASON, VM(1));
    assert_int_equal(peek(&st, 0x00C), 0x110u);
    EXPECT_DELIVER(run1(&st, ev_smi(0)), VM(1), 2, VMXR_RULE_PLAT, 0);
    EXPECT_PENDED(run1(&st, ev_smi(0)), VMM(2));
    EXPECT_LOCAL(run1(&st, ev(0, 10)), VMM(2), VMXR_RULE_HOME, 2);
    assert_int_equal(run(&st, resume(0), out), 2); /* SMI injected */
    EXPECT(out[1], VMXR_OP_INJECT, VMXR_OUTCOME_DELIVER, 0, VM(1), VMM(2), VMXR_RULE_PLAT, 0);
    EXPECT_ERROR(run1(&st, resume(7)), VMXR_OP_RESUME, VMXR_ERRC_BAD_CPU, 0);
    assert_int_equal(peek(&st, 0x00C), 0xA10u);
    EXPECT_ERROR(run1(&st, launch(0, 3)), VMXR_OP_LAUNCH, VMXR_ERRC_NOT_OWNER, VMM(2));
    assert_int_equal(peek(&st, 0xE20), 8);
    assert_int_equal(peek(&st, 0xE24), 3);
    assert_int_equal(peek(&st, 0x00C), 0x810u);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(2)), 2);
    for (unsigned v = 0; v < VMXR_NVMM; v++)
        if (v != 2)
            assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(v)), 0);
    /* clearing ERR.CMD keeps CODE; a successful command changes neither */
    cfg(&st, 0x00C, VMXR_ERR_CMD_MASK);
    assert_int_equal(peek(&st, 0x00C), 0x800u);
    assert_int_equal(run(&st, resume(0), out), 1);
    assert_int_equal(peek(&st, 0x00C), 0x800u);
    assert_int_equal(peek(&st, 0xE20), 9);
    assert_int_equal(peek(&st, 0xE24), 3);
}

static void test_counters_wrap_at_32_bits(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    st.cmd_count = 0xFFFFFFFFu;
    st.err_count = 0xFFFFFFFFu;
    st.delivered[3] = 0xFFFFFFFFu;
    cfg(&st, VMXR_TYPE_ADDR(0, 10), TYPE_FIXED(3));
    EXPECT_ERROR(run1(&st, ev(0, 127)), VMXR_OP_EVENT, VMXR_ERRC_BAD_REASON, VMM(0));
    assert_int_equal(peek(&st, 0xE20), 0);
    assert_int_equal(peek(&st, 0xE24), 0);
    EXPECT_DELIVER(run1(&st, ev(0, 10)), VMM(0), 3, VMXR_RULE_TYPE, 10);
    assert_int_equal(peek(&st, VMXR_DELIVERED_ADDR(3)), 0);
    assert_int_equal(peek(&st, 0xE20), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_bad_reason_for_65_35_38_42_127),
        cmocka_unit_test(test_validate_bad_io_size_for_size_codes_2_and_4_to_7),
        cmocka_unit_test(test_validate_bad_nmi_for_nmi_with_vector_other_than_2),
        cmocka_unit_test(test_bad_cpu_before_every_other_check_with_no_state_change),
        cmocka_unit_test(test_pclass_of_smi_nmi_init_sipi_and_other_events),
        cmocka_unit_test(test_pclass_ipi_range_bounds_inclusive_and_empty_range),
        cmocka_unit_test(test_blocked_smi_pends_and_merges_whatever_plat_says),
        cmocka_unit_test(test_nmi_delivery_blocks_nmi_but_not_smi),
        cmocka_unit_test(test_blocking_does_not_touch_non_smi_nmi_classes),
        cmocka_unit_test(test_plat_route_for_every_class_before_exc_ior_and_type),
        cmocka_unit_test(test_nmi_without_plat_route_does_not_use_exc_table),
        cmocka_unit_test(test_exc_route_for_itype_3_5_6_but_not_software_interrupt_4),
        cmocka_unit_test(test_exc_route_selects_word_nibble_and_profile),
        cmocka_unit_test(test_exc_vector_32_and_above_ignored),
        cmocka_unit_test(test_pf_inversion_enables_entry_with_en_0_on_mismatch),
        cmocka_unit_test(test_pf_inversion_disables_entry_with_en_1_on_mismatch),
        cmocka_unit_test(test_ior_lowest_matching_index_wins),
        cmocka_unit_test(test_ior_pmask_selects_entries_per_profile),
        cmocka_unit_test(test_ior_direction_enables),
        cmocka_unit_test(test_ior_partial_overlap_at_both_ends_matches),
        cmocka_unit_test(test_ior_entry_with_base_above_limit_never_matches_even_straddling),
        cmocka_unit_test(test_ior_access_wrapping_past_ffff_matches_no_entry),
        cmocka_unit_test(test_ior_route_only_for_reason_30),
        cmocka_unit_test(test_type_fixed_routes_to_its_vmm_with_reason_index),
        cmocka_unit_test(test_type_home_mode_ignores_vmm_field),
        cmocka_unit_test(test_type_uses_profile_of_running_context),
        cmocka_unit_test(test_group_picks_lowest_usage_ties_to_lowest_vmm),
        cmocka_unit_test(test_group_counts_pending_deliveries_times_pend_weight),
        cmocka_unit_test(test_usage_saturates_at_ffff),
        cmocka_unit_test(test_group_with_no_online_member_goes_home),
        cmocka_unit_test(test_group_skips_offline_members),
        cmocka_unit_test(test_group_number_is_low_two_bits_of_type_vmm),
        cmocka_unit_test(test_home_from_vm_goes_to_owner_with_vm_index),
        cmocka_unit_test(test_home_from_vmm_is_local_and_changes_nothing),
        cmocka_unit_test(test_offline_fallback_to_vmm0_indexes_the_chosen_vmm),
        cmocka_unit_test(test_offline_home_vmm_seen_from_itself_falls_back),
        cmocka_unit_test(test_fallback_seen_from_vmm0_is_local),
        cmocka_unit_test(test_local_when_route_targets_running_vmm_changes_nothing),
        cmocka_unit_test(test_local_is_checked_before_stack_overflow),
        cmocka_unit_test(test_overflow_pends_smi_and_nmi_and_errors_other_events),
        cmocka_unit_test(test_push_records_context_target_and_blocked_classes),
        cmocka_unit_test(test_pending_count_rises_on_push_and_falls_on_pop),
        cmocka_unit_test(test_blocked_recomputed_after_pop_from_remaining_entries),
        cmocka_unit_test(test_launch_at_boot_runs_the_vm_without_a_pop),
        cmocka_unit_test(test_launch_errors_in_order_not_in_vmm_bad_vm_busy_not_owner),
        cmocka_unit_test(test_switching_launch_pops_the_single_vm_entry),
        cmocka_unit_test(test_switching_launch_injects_pending_event_after_pop),
        cmocka_unit_test(test_resume_errors_not_in_vmm_before_empty),
        cmocka_unit_test(test_resume_returns_to_the_interrupted_contexts_in_order),
        cmocka_unit_test(test_injection_after_pop_smi_then_nmi_smi_delivery_blocks_nmi),
        cmocka_unit_test(test_local_smi_injection_lets_nmi_follow_three_decisions),
        cmocka_unit_test(test_injected_event_routes_from_current_context_by_its_profile),
        cmocka_unit_test(test_counters_count_commands_and_errors_not_injections),
        cmocka_unit_test(test_counters_wrap_at_32_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
