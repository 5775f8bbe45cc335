/* Unit tests of VMXR-1 routing (spec sections 3-5) after the route: the
 * transition and the context stack, LAUNCH, RESUME, injection of pending
 * platform events, and the counters. Through vmxr_txn_command. */
#include "test_route.h"

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
