/* Unit tests of VMXR-1 routing (spec sections 3-5), the target steps: the
 * I/O range route, the event-type route with groups and usage, home and the
 * offline fallback. Through vmxr_txn_command. */
#include "test_route.h"

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
    struct vmxr_route r = vmxr_route_resolve(&st, VM(1), (struct vmxr_route){ VMXR_RULE_TYPE, 3, 10, 0 });
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

int main(void)
{
    const struct CMUnitTest tests[] = {
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
