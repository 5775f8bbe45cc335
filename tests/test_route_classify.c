/* Unit tests of VMXR-1 routing (spec sections 3-5), first steps: validation,
 * platform class, blocked SMI/NMI, the platform route and the exception
 * route. Mostly through vmxr_txn_command; the step functions directly where
 * that is clearer. */
#include "test_route.h"

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
