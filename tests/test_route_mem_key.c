/* Unit tests of VMXR-2 routing (VMXR-2 section 4.1), steps 5a and 5b: the
 * memory range route and the key range route with GRP, through the hit
 * helpers, vmxr_route_static and vmxr_txn_command. */
#include "test_route.h"

#define MEM_V 0x1u
#define MEM_ACC(a) ((uint32_t)(a) << 1) /* {X, W, R} */
#define MEM_PMASK(m) ((uint32_t)(m) << 4)
#define MEM_VMM(v) ((uint32_t)(v) << 8)
#define KEY_V 0x1u
#define KEY_PMASK(m) ((uint32_t)(m) << 4)
#define KEY_VMM(v) ((uint32_t)(v) << 8)
#define KEY_GRP 0x800u
#define KEY_KINDS(k) ((uint32_t)(k) << 16) /* {WRMSR, RDMSR, VMCALL, CPUID} */

static void mem(struct vmxr_state *st, unsigned j, uint32_t base, uint32_t limit, uint32_t ctrl)
{
    cfg(st, VMXR_MEM_BASE_ADDR(j), base);
    cfg(st, VMXR_MEM_LIMIT_ADDR(j), limit);
    cfg(st, VMXR_MEM_CTRL_ADDR(j), ctrl);
}

static void key(struct vmxr_state *st, unsigned i, uint32_t base, uint32_t limit, uint32_t ctrl)
{
    cfg(st, VMXR_KEY_BASE_ADDR(i), base);
    cfg(st, VMXR_KEY_LIMIT_ADDR(i), limit);
    cfg(st, VMXR_KEY_CTRL_ADDR(i), ctrl);
}

static struct vmxr_cmd ev_ept(unsigned cpu, unsigned kinds, uint64_t gpa)
{
    struct vmxr_cmd c = ev_q(cpu, 48, kinds);
    c.gpa = gpa;
    return c;
}

/* ---- step 5a ---------------------------------------------------------------------------- */

static void test_mem_hits_frame_edges_and_kinds(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    mem(&st, 0, 0x100, 0x1FF, MEM_V | MEM_ACC(0x1) | MEM_PMASK(0xF) | MEM_VMM(3));
    mem(&st, 1, 0x180, 0x2FF, MEM_V | MEM_ACC(0x7) | MEM_PMASK(0xF) | MEM_VMM(4));
    mem(&st, 2, 0x400, 0x3FF, MEM_V | MEM_ACC(0x7) | MEM_PMASK(0xF) | MEM_VMM(5)); /* empty */
    assert_int_equal(vmxr_mem_hits(&st.cfg, 1, 0xFF000), 0);
    assert_int_equal(vmxr_mem_hits(&st.cfg, 1, 0x100000), 0x1);
    assert_int_equal(vmxr_mem_hits(&st.cfg, 1, 0x180000), 0x3);
    assert_int_equal(vmxr_mem_hits(&st.cfg, 2, 0x180000), 0x2); /* entry 0 has no W */
    assert_int_equal(vmxr_mem_hits(&st.cfg, 3, 0x1FFFFF), 0x2);
    assert_int_equal(vmxr_mem_hits(&st.cfg, 1, 0x300000), 0);
    assert_int_equal(vmxr_mem_hits(&st.cfg, 0, 0x180000), 0);        /* no access kind */
    assert_int_equal(vmxr_mem_hits(&st.cfg, 0xF9, 0x180000), 0x3);   /* only qual[2:0] count */
    assert_int_equal(vmxr_mem_hits(&st.cfg, 1, 0x400000), 0);        /* empty entry */
    assert_int_equal(vmxr_mem_hits(&st.cfg, 1, 0x3FF000), 0);
    /* gpa[63:44] != 0: no entry, whatever the frame bits */
    assert_int_equal(vmxr_mem_hits(&st.cfg, 1, ((uint64_t)1 << 44) | 0x180000), 0);
    assert_int_equal(vmxr_mem_hits(&st.cfg, 1, ((uint64_t)1 << 63) | 0x180000), 0);
    /* only reason 48 scans the table */
    struct vmxr_cmd c = ev_ept(0, 1, 0x180000);
    assert_int_equal(vmxr_route_hits(&st.cfg, &c).mem, 0x3);
    c.reason = 49;
    assert_int_equal(vmxr_route_hits(&st.cfg, &c).mem, 0);
}

static void test_mem_route_lowest_index_per_profile(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    mem(&st, 0, 0x10, 0x10, MEM_V | MEM_ACC(0x7) | MEM_PMASK(0x2) | MEM_VMM(2));
    mem(&st, 3, 0x00, 0x20, MEM_V | MEM_ACC(0x7) | MEM_PMASK(0x3) | MEM_VMM(6));
    struct vmxr_cmd c = ev_ept(0, 4, 0x10ABC);
    struct vmxr_route r0 = vmxr_route_static(&st.cfg, &c, VMXR_PCLASS_NONE, 0);
    struct vmxr_route r1 = vmxr_route_static(&st.cfg, &c, VMXR_PCLASS_NONE, 1);
    struct vmxr_route r2 = vmxr_route_static(&st.cfg, &c, VMXR_PCLASS_NONE, 2);
    assert_int_equal(r0.rule, VMXR_RULE_MEM);
    assert_int_equal(r0.t, 6);
    assert_int_equal(r0.idx, 3);
    assert_int_equal(r1.rule, VMXR_RULE_MEM);
    assert_int_equal(r1.t, 2);
    assert_int_equal(r1.idx, 0);
    assert_int_equal(r2.rule, VMXR_RULE_HOME);
    EXPECT_LAUNCHED(run1(&st, launch(0, 0)), VMM(0), 0);
    EXPECT_DELIVER(run1(&st, ev_ept(0, 4, 0x10ABC)), VM(0), 6, VMXR_RULE_MEM, 3);
}

/* ---- step 5b ---------------------------------------------------------------------------- */

static void test_key_kind_bits_and_edges(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(vmxr_key_kind(10), VMXR_KEY_CTRL_CPUID_MASK);
    assert_int_equal(vmxr_key_kind(18), VMXR_KEY_CTRL_VMCALL_MASK);
    assert_int_equal(vmxr_key_kind(31), VMXR_KEY_CTRL_RDMSR_MASK);
    assert_int_equal(vmxr_key_kind(32), VMXR_KEY_CTRL_WRMSR_MASK);
    assert_int_equal(vmxr_key_kind(30), 0);
    assert_int_equal(vmxr_key_kind(48), 0);
    key(&st, 0, 0x800, 0x8FF, KEY_V | KEY_PMASK(0xF) | KEY_VMM(3) | KEY_KINDS(0xC));
    key(&st, 1, 0x830, 0x830, KEY_V | KEY_PMASK(0xF) | KEY_VMM(4) | KEY_KINDS(0x8));
    key(&st, 2, 0x900, 0x8FF, KEY_V | KEY_PMASK(0xF) | KEY_VMM(5) | KEY_KINDS(0xF)); /* empty */
    assert_int_equal(vmxr_key_hits(&st.cfg, 32, 0x830), 0x3);
    assert_int_equal(vmxr_key_hits(&st.cfg, 31, 0x830), 0x1);
    assert_int_equal(vmxr_key_hits(&st.cfg, 10, 0x830), 0);
    assert_int_equal(vmxr_key_hits(&st.cfg, 31, 0x7FF), 0);
    assert_int_equal(vmxr_key_hits(&st.cfg, 31, 0x8FF), 0x1);
    assert_int_equal(vmxr_key_hits(&st.cfg, 31, 0x900), 0);
    assert_int_equal(vmxr_key_hits(&st.cfg, 12, 0x830), 0);
    struct vmxr_route r = vmxr_route_static(&st.cfg, &(struct vmxr_cmd){ .reason = 32, .qual = 0x830 },
                                            VMXR_PCLASS_NONE, 0);
    assert_int_equal(r.rule, VMXR_RULE_KEY);
    assert_int_equal(r.t, 3);
    assert_int_equal(r.idx, 0);
}

static void test_key_grp_least_usage_ties_and_no_candidate(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    /* VMM field 6: group 2 (VMM[2] is stored, not used) */
    key(&st, 1, 0x1000, 0x10FF, KEY_V | KEY_PMASK(0xF) | KEY_VMM(6) | KEY_GRP | KEY_KINDS(0x2));
    key(&st, 2, 0x1000, 0x1000, KEY_V | KEY_PMASK(0xF) | KEY_VMM(7) | KEY_KINDS(0x2));
    cfg(&st, VMXR_TYPE_ADDR(0, 18), TYPE_FIXED(7));
    cfg(&st, VMXR_GROUP_ADDR(2), (1u << 4) | (1u << 5));
    struct vmxr_route r = vmxr_route_static(&st.cfg, &(struct vmxr_cmd){ .reason = 18, .qual = 0x1000 },
                                            VMXR_PCLASS_NONE, 0);
    assert_int_equal(r.rule, VMXR_RULE_KEY);
    assert_int_equal(r.t, VMXR_T_NONE);
    assert_int_equal(r.idx, 1);
    assert_int_equal(r.grp, 2);
    EXPECT_LAUNCHED(run1(&st, launch(0, 0)), VMM(0), 0);
    EXPECT_DELIVER(run1(&st, ev_q(0, 18, 0x1000)), VM(0), 4, VMXR_RULE_KEY, 1); /* tie */
    EXPECT_DELIVER(run1(&st, ev_q(1, 18, 0x10FF)), VMM(0), 5, VMXR_RULE_KEY, 1); /* usage (1, 0) */
    cfg(&st, VMXR_SW_USAGE_ADDR(4), 5);
    EXPECT_DELIVER(run1(&st, ev_q(2, 18, 0x1000)), VMM(0), 5, VMXR_RULE_KEY, 1); /* (6, 1) */
    assert_int_equal(vmxr_group_pick(&st, 2), 5);
    /* no online member: HOME, not entry 2 and not TYPE */
    EXPECT_RESUMED(run1(&st, resume(0)), VMM(4), VM(0));
    cfg(&st, VMXR_VMM_EN_ADDR, 0xCF);
    assert_int_equal(vmxr_group_pick(&st, 2), VMXR_T_NONE);
    EXPECT_DELIVER(run1(&st, ev_q(0, 18, 0x1000)), VM(0), 0, VMXR_RULE_HOME, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mem_hits_frame_edges_and_kinds),
        cmocka_unit_test(test_mem_route_lowest_index_per_profile),
        cmocka_unit_test(test_key_kind_bits_and_edges),
        cmocka_unit_test(test_key_grp_least_usage_ties_and_no_candidate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
