/* Unit tests of the VMXR-1 register file (spec section 6): reset values,
 * reads, and the write rules (DECODE, ACCESS, LOCKED, BAD_VALUE) in their
 * order. */
#include "test_regfile.h"

/* ---- reset ------------------------------------------------------------ */

static void test_reset_id_reads_vmxr_ascii(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(rd(&st, 0x000), VMXR_ID_VALUE);
}

static void test_reset_params_reads_build_parameters(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    uint32_t want = (uint32_t)VMXR_NIOR | (uint32_t)VMXR_NVM << 8 | (uint32_t)VMXR_NCPU << 16 |
                    (uint32_t)VMXR_NVMM << 20 | (uint32_t)VMXR_NPROF << 24 | (uint32_t)VMXR_DEPTH << 28;
    assert_int_equal(rd(&st, 0x004), want);
#if VMXR_NCPU == 4 && VMXR_NVM == 16 && VMXR_NIOR == 16 && VMXR_DEPTH == 4
    assert_int_equal(rd(&st, 0x004), 0x44841010u);
#endif
}

static void test_reset_values_of_global_err_vmm_en_pend_weight_ipi_range(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(rd(&st, 0x008), 0);    /* GLOBAL */
    assert_int_equal(rd(&st, 0x00C), 0);    /* ERR */
    assert_int_equal(rd(&st, 0x010), 0xFF); /* VMM_EN: all online */
    assert_int_equal(rd(&st, 0x014), 1);    /* PEND_WEIGHT */
    assert_int_equal(rd(&st, 0x018), 0xFF); /* IPI_RANGE: LO 0xFF, HI 0x00: empty */
}

static void test_reset_values_of_arrays_are_zero_and_cpu_state_is_vmm0(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    for (unsigned k = 0; k < 4; k++)
        assert_int_equal(rd(&st, VMXR_PLAT_ADDR(k)), 0);
    for (unsigned n = 0; n < VMXR_NVM; n++) {
        assert_int_equal(rd(&st, VMXR_OWNER_ADDR(n)), 0);
        assert_int_equal(rd(&st, VMXR_VM_PROFILE_ADDR(n)), 0);
    }
    for (unsigned v = 0; v < VMXR_NVMM; v++) {
        assert_int_equal(rd(&st, VMXR_VMM_PROFILE_ADDR(v)), 0);
        assert_int_equal(rd(&st, VMXR_SW_USAGE_ADDR(v)), 0);
        assert_int_equal(rd(&st, VMXR_USAGE_ADDR(v)), 0);
        assert_int_equal(rd(&st, VMXR_DELIVERED_ADDR(v)), 0);
    }
    for (unsigned g = 0; g < VMXR_NGRP; g++)
        assert_int_equal(rd(&st, VMXR_GROUP_ADDR(g)), 0);
    for (unsigned p = 0; p < VMXR_NPROF; p++) {
        assert_int_equal(rd(&st, VMXR_PFEC_MASK_ADDR(p)), 0);
        assert_int_equal(rd(&st, VMXR_PFEC_MATCH_ADDR(p)), 0);
        for (unsigned w = 0; w < 4; w++)
            assert_int_equal(rd(&st, VMXR_EXC_ADDR(p, w)), 0);
        for (unsigned r = 0; r < 65; r++)
            assert_int_equal(rd(&st, VMXR_TYPE_ADDR(p, r)), 0);
    }
    for (unsigned c = 0; c < VMXR_NCPU; c++)
        assert_int_equal(rd(&st, VMXR_CPU_STATE_ADDR(c)), 0x10); /* cur vmm 0, depth 0 */
    for (unsigned i = 0; i < VMXR_NIOR; i++) {
        assert_int_equal(rd(&st, VMXR_IOR_RANGE_ADDR(i)), 0);
        assert_int_equal(rd(&st, VMXR_IOR_CTRL_ADDR(i)), 0);
    }
    assert_int_equal(rd(&st, 0xE20), 0); /* CMD_COUNT */
    assert_int_equal(rd(&st, 0xE24), 0); /* ERR_COUNT */
    assert_int_equal(rd(&st, 0x00C), 0); /* no read above set an ERR bit */
}

static void test_reset_plat0_from_straps_including_lock(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset_with(&st, true, 5, true);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(0)), 0x80000051u); /* LOCK, VMM 5, EN */
    for (unsigned k = 1; k < 4; k++)
        assert_int_equal(rd(&st, VMXR_PLAT_ADDR(k)), 0);
    /* the strapped lock refuses every write to PLAT[0], as a set LOCK bit does */
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(0), 0x00000021u), LOCKED);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(0)), 0x80000051u);
    /* other PLAT entries stay writable */
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(1), 0x00000021u), 0);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(1)), 0x21);

    reset_with(&st, false, 7, false);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(0)), 0x70); /* VMM 7, not enabled, unlocked */
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(0), 0x00000031u), 0);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(0)), 0x31);

    reset_with(&st, true, 0, false);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(0)), 0x01);
}

static void test_reset_restores_every_register_after_writes_and_commands(void **unused)
{
    (void)unused;
    struct vmxr_state st, fresh;
    reset0(&fresh);
    reset0(&st);
    assert_int_equal(wr(&st, 0, VMXR_OWNER_ADDR(1), 3), 0);
    assert_int_equal(wr(&st, 0, VMXR_TYPE_ADDR(2, 40), 0x15), 0);
    assert_int_equal(wr(&st, 0, VMXR_IOR_CTRL_ADDR(0), 0x80000001u), 0);
    assert_int_equal(wr(&st, 0, 0x008, 1), 0);
    struct vmxr_cmd c = { .cpu = 0, .op = VMXR_OP_LAUNCH, .vm = 1 };
    struct vmxr_decision d[3];
    assert_int_equal(vmxr_txn_command(&st, &c, d), 1);
    c = (struct vmxr_cmd){ .cpu = 0, .op = VMXR_OP_EVENT, .reason = 10 };
    assert_int_equal(vmxr_txn_command(&st, &c, d), 1); /* delivers to vmm 3 */
    assert_int_equal(wr(&st, 0, 0x001, 0), DECODE);
    assert_false(state_equal(&st, &fresh));
    reset0(&st);
    assert_true(state_equal(&st, &fresh));
    assert_int_equal(rd(&st, 0x008), 0);
    assert_int_equal(rd(&st, VMXR_CPU_STATE_ADDR(0)), 0x10);
}

/* ---- reads ------------------------------------------------------------ */

static void test_read_unmapped_address_returns_zero_pslverr_and_sets_decode(void **unused)
{
    (void)unused;
    const unsigned gaps[] = { 0x30C, 0xF1C, 0x0F0, 0x0FC, 0x160, 0x17C, 0x190, 0x1FC, 0x240, 0x3FC,
                              VMXR_TYPE_ADDR(0, 65), VMXR_TYPE_ADDR(3, 127), 0xE28, 0xFFC };
    for (size_t k = 0; k < sizeof gaps / sizeof gaps[0]; k++) {
        struct vmxr_state st;
        reset0(&st);
        bool slverr = false;
        assert_int_equal(vmxr_apb_read(&st, gaps[k], &slverr), 0);
        assert_true(slverr);
        assert_int_equal(rd(&st, 0x00C), DECODE);
    }
}

static void test_read_unaligned_address_returns_zero_pslverr_and_sets_decode(void **unused)
{
    (void)unused;
    /* unaligned addresses inside ID (nonzero), VMM_EN (0xFF) and TYPE */
    const unsigned addrs[] = { 0x001, 0x002, 0x003, 0x011, 0x013, VMXR_TYPE_ADDR(1, 30) + 2 };
    for (size_t k = 0; k < sizeof addrs / sizeof addrs[0]; k++) {
        struct vmxr_state st;
        reset0(&st);
        assert_int_equal(wr(&st, 0, VMXR_TYPE_ADDR(1, 30), 0x13), 0);
        bool slverr = false;
        assert_int_equal(vmxr_apb_read(&st, addrs[k], &slverr), 0);
        assert_true(slverr);
        assert_int_equal(rd(&st, 0x00C), DECODE);
    }
}

static void test_read_decode_error_keeps_other_err_bits_and_state(void **unused)
{
    (void)unused;
    struct vmxr_state st, before;
    reset0(&st);
    assert_int_equal(wr(&st, 3, VMXR_OWNER_ADDR(0), 1), ACCESS);
    memcpy(&before, &st, sizeof before);
    bool slverr = false;
    assert_int_equal(vmxr_apb_read(&st, 0x30C, &slverr), 0);
    assert_true(slverr);
    before.cfg.err |= DECODE;
    assert_true(state_equal(&before, &st));
    assert_int_equal(rd(&st, 0x00C), ACCESS | DECODE);
}

/* ---- write rule 1: DECODE ---------------------------------------------- */

static void test_write_unmapped_or_unaligned_address_is_decode(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(wr(&st, 0, 0x01C, 0xFFFFFFFFu), DECODE);
    assert_int_equal(wr(&st, 0, 0x0F0, 0xFFFFFFFFu), DECODE);
    assert_int_equal(wr(&st, 0, 0x190, 0xFFFFFFFFu), DECODE);
    assert_int_equal(wr(&st, 0, VMXR_TYPE_ADDR(0, 65), 0x11), DECODE);
    /* unaligned addresses inside writable registers do not write them */
    assert_int_equal(wr(&st, 0, 0x009, 1), DECODE); /* inside GLOBAL: must not lock */
    assert_int_equal(rd(&st, 0x008), 0);
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(1) + 1, 0x31), DECODE);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(1)), 0);
    assert_int_equal(wr(&st, 0, VMXR_TYPE_ADDR(0, 10) + 3, 0x31), DECODE); /* MODE 3 too: DECODE first */
    assert_int_equal(rd(&st, 0x00C), DECODE);
}

static void test_write_to_read_only_registers_is_decode(void **unused)
{
    (void)unused;
    const unsigned ro[] = { 0x000,
                            0x004,
                            VMXR_USAGE_ADDR(0),
                            VMXR_USAGE_ADDR(VMXR_NVMM - 1),
                            VMXR_CPU_STATE_ADDR(0),
                            VMXR_CPU_STATE_ADDR(VMXR_NCPU - 1),
                            VMXR_DELIVERED_ADDR(0),
                            VMXR_DELIVERED_ADDR(VMXR_NVMM - 1),
                            0xE20,
                            0xE24 };
    for (size_t k = 0; k < sizeof ro / sizeof ro[0]; k++) {
        struct vmxr_state st;
        reset0(&st);
        uint32_t old = rd(&st, ro[k]);
        assert_int_equal(wr(&st, 0, ro[k], 0xFFFFFFFFu), DECODE);
        assert_int_equal(rd(&st, ro[k]), old);
        /* DECODE comes before ACCESS (VMM 3) and before LOCKED (GLOBAL.LOCK) */
        assert_int_equal(wr(&st, 3, ro[k], 0), DECODE);
        assert_int_equal(wr(&st, 0, 0x008, 1), 0);
        assert_int_equal(wr(&st, 0, ro[k], 0), DECODE);
        assert_int_equal(rd(&st, 0x00C), DECODE);
    }
}

/* ---- write rule 2: ACCESS ---------------------------------------------- */

static void test_write_by_nonzero_vmm_is_access_on_every_writable_register(void **unused)
{
    (void)unused;
    const unsigned addrs[] = { 0x008,
                               0x00C,
                               0x010,
                               0x014,
                               0x018,
                               VMXR_PLAT_ADDR(0),
                               VMXR_PLAT_ADDR(3),
                               VMXR_OWNER_ADDR(0),
                               VMXR_VM_PROFILE_ADDR(1),
                               VMXR_VMM_PROFILE_ADDR(2),
                               VMXR_GROUP_ADDR(0),
                               VMXR_PFEC_MASK_ADDR(0),
                               VMXR_PFEC_MATCH_ADDR(0),
                               VMXR_EXC_ADDR(0, 0),
                               VMXR_TYPE_ADDR(0, 30),
                               VMXR_IOR_RANGE_ADDR(0),
                               VMXR_IOR_CTRL_ADDR(0) };
    for (unsigned v = 1; v < VMXR_NVMM; v++) {
        for (size_t k = 0; k < sizeof addrs / sizeof addrs[0]; k++) {
            struct vmxr_state st;
            reset0(&st);
            uint32_t old = rd(&st, addrs[k]);
            assert_int_equal(wr(&st, v, addrs[k], 0x00000001u), ACCESS);
            /* unchanged; ERR itself now reads the ACCESS bit */
            assert_int_equal(rd(&st, addrs[k]), addrs[k] == 0x00C ? ACCESS : old);
            assert_int_equal(rd(&st, 0x00C), ACCESS);
        }
    }
}

static void test_write_sw_usage_open_to_its_own_vmm_only(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    for (unsigned v = 1; v < VMXR_NVMM; v++) {
        assert_int_equal(wr(&st, v, VMXR_SW_USAGE_ADDR(v), 0x100u + v), 0);
        assert_int_equal(rd(&st, VMXR_SW_USAGE_ADDR(v)), 0x100u + v);
        unsigned other = v == VMXR_NVMM - 1 ? 1 : v + 1;
        assert_int_equal(wr(&st, v, VMXR_SW_USAGE_ADDR(other), 0xBEEF), ACCESS);
        assert_int_equal(wr(&st, v, VMXR_SW_USAGE_ADDR(0), 0xBEEF), ACCESS);
    }
    /* VMM 0 may write every SW_USAGE entry, its own included */
    assert_int_equal(wr(&st, 0, VMXR_SW_USAGE_ADDR(0), 0x1234), 0);
    assert_int_equal(wr(&st, 0, VMXR_SW_USAGE_ADDR(5), 0x4321), 0);
    assert_int_equal(rd(&st, VMXR_SW_USAGE_ADDR(0)), 0x1234);
    assert_int_equal(rd(&st, VMXR_SW_USAGE_ADDR(5)), 0x4321);
    assert_int_equal(rd(&st, 0x00C), ACCESS);
}

static void test_write_access_checked_before_locked(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset_with(&st, true, 2, true); /* PLAT[0] locked by strap */
    assert_int_equal(wr(&st, 0, 0x008, 1), 0);
    assert_int_equal(wr(&st, 4, VMXR_OWNER_ADDR(0), 1), ACCESS);   /* G, GLOBAL.LOCK set */
    assert_int_equal(wr(&st, 4, VMXR_PLAT_ADDR(0), 0x41), ACCESS); /* own LOCK set */
    assert_int_equal(wr(&st, 4, 0x008, 1), ACCESS);                /* GLOBAL locked itself */
    assert_int_equal(wr(&st, 4, VMXR_TYPE_ADDR(0, 1), 0x30), ACCESS);
    assert_int_equal(rd(&st, 0x00C), ACCESS);
}

/* ---- write rule 3: LOCKED ---------------------------------------------- */

static void test_write_locked_by_global_lock_only_for_g_registers(void **unused)
{
    (void)unused;
    const unsigned g_regs[] = { 0x010,
                                0x014,
                                0x018,
                                VMXR_OWNER_ADDR(0),
                                VMXR_OWNER_ADDR(VMXR_NVM - 1),
                                VMXR_VM_PROFILE_ADDR(0),
                                VMXR_VM_PROFILE_ADDR(VMXR_NVM - 1),
                                VMXR_VMM_PROFILE_ADDR(0),
                                VMXR_VMM_PROFILE_ADDR(VMXR_NVMM - 1),
                                VMXR_GROUP_ADDR(0),
                                VMXR_GROUP_ADDR(VMXR_NGRP - 1),
                                VMXR_PFEC_MASK_ADDR(0),
                                VMXR_PFEC_MATCH_ADDR(VMXR_NPROF - 1),
                                VMXR_EXC_ADDR(0, 0),
                                VMXR_EXC_ADDR(VMXR_NPROF - 1, 3),
                                VMXR_TYPE_ADDR(0, 0),
                                VMXR_TYPE_ADDR(VMXR_NPROF - 1, 64) };
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(wr(&st, 0, 0x008, 1), 0);
    assert_int_equal(rd(&st, 0x008), 1);
    for (size_t k = 0; k < sizeof g_regs / sizeof g_regs[0]; k++) {
        uint32_t old = rd(&st, g_regs[k]);
        assert_int_equal(wr(&st, 0, g_regs[k], 0x00000012u), LOCKED);
        assert_int_equal(rd(&st, g_regs[k]), old);
    }
    /* not G: the I/O range table, PLAT, SW_USAGE and ERR stay writable */
    assert_int_equal(wr(&st, 0, VMXR_IOR_RANGE_ADDR(0), 0x00640060u), 0);
    assert_int_equal(rd(&st, VMXR_IOR_RANGE_ADDR(0)), 0x00640060u);
    assert_int_equal(wr(&st, 0, VMXR_IOR_CTRL_ADDR(VMXR_NIOR - 1), 0x00000317u), 0);
    assert_int_equal(rd(&st, VMXR_IOR_CTRL_ADDR(VMXR_NIOR - 1)), 0x00000317u);
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(1), 0x00000031u), 0);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(1)), 0x31);
    assert_int_equal(wr(&st, 0, VMXR_SW_USAGE_ADDR(2), 0x22), 0);
    assert_int_equal(wr(&st, 3, VMXR_SW_USAGE_ADDR(3), 0x33), 0);
    assert_int_equal(rd(&st, VMXR_SW_USAGE_ADDR(2)), 0x22);
    assert_int_equal(rd(&st, VMXR_SW_USAGE_ADDR(3)), 0x33);
    assert_int_equal(rd(&st, 0x00C), LOCKED);
    assert_int_equal(wr(&st, 0, 0x00C, LOCKED), 0);
    assert_int_equal(rd(&st, 0x00C), 0);
}

static void test_global_lock_refuses_every_later_write_to_global(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(wr(&st, 0, 0x008, 0xFFFFFFFFu), 0);
    assert_int_equal(rd(&st, 0x008), 1);
    assert_int_equal(wr(&st, 0, 0x008, 0), LOCKED);
    assert_int_equal(wr(&st, 0, 0x008, 1), LOCKED);
    assert_int_equal(rd(&st, 0x008), 1);
}

static void test_plat_own_lock_refuses_writes_to_that_entry_only(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    /* a write that sets LOCK also sets EN and VMM */
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(2), 0x80000041u), 0);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(2)), 0x80000041u);
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(2), 0), LOCKED);
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(2), 0x80000071u), LOCKED);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(2)), 0x80000041u);
    /* the other entries and the G registers are not affected */
    for (unsigned k = 0; k < 4; k++) {
        if (k == 2)
            continue;
        assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(k), 0x11u + 0x10u * k), 0);
        assert_int_equal(rd(&st, VMXR_PLAT_ADDR(k)), 0x11u + 0x10u * k);
    }
    assert_int_equal(wr(&st, 0, VMXR_OWNER_ADDR(0), 2), 0);
}

static void test_ior_ctrl_lock_locks_ior_range_of_same_index_only(void **unused)
{
    (void)unused;
    const unsigned idx[] = { 0, 3, VMXR_NIOR - 1 };
    for (size_t k = 0; k < sizeof idx / sizeof idx[0]; k++) {
        unsigned i = idx[k];
        unsigned other = i == 0 ? 1 : i - 1;
        struct vmxr_state st;
        reset0(&st);
        assert_int_equal(wr(&st, 0, VMXR_IOR_RANGE_ADDR(i), 0x03FF03F8u), 0);
        assert_int_equal(wr(&st, 0, VMXR_IOR_CTRL_ADDR(i), 0x80000377u), 0);
        assert_int_equal(rd(&st, VMXR_IOR_CTRL_ADDR(i)), 0x80000377u);
        assert_int_equal(wr(&st, 0, VMXR_IOR_RANGE_ADDR(i), 0x00640060u), LOCKED);
        assert_int_equal(wr(&st, 0, VMXR_IOR_CTRL_ADDR(i), 0x00000000u), LOCKED);
        assert_int_equal(rd(&st, VMXR_IOR_RANGE_ADDR(i)), 0x03FF03F8u);
        assert_int_equal(rd(&st, VMXR_IOR_CTRL_ADDR(i)), 0x80000377u);
        assert_int_equal(wr(&st, 0, VMXR_IOR_RANGE_ADDR(other), 0x00640060u), 0);
        assert_int_equal(wr(&st, 0, VMXR_IOR_CTRL_ADDR(other), 0x00000117u), 0);
        assert_int_equal(rd(&st, VMXR_IOR_RANGE_ADDR(other)), 0x00640060u);
        assert_int_equal(rd(&st, VMXR_IOR_CTRL_ADDR(other)), 0x00000117u);
        assert_int_equal(rd(&st, 0x00C), LOCKED);
    }
}

static void test_lock_bits_are_w1s_write_zero_keeps_and_set_writes_other_fields(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    /* LOCK written 0: no error, LOCK stays clear, other fields written */
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(1), 0x00000031u), 0);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(1)), 0x31);
    assert_int_equal(wr(&st, 0, 0x008, 0), 0);
    assert_int_equal(rd(&st, 0x008), 0);
    assert_int_equal(wr(&st, 0, VMXR_IOR_CTRL_ADDR(0), 0x00000377u), 0);
    /* LOCK written 1 with new fields: the fields replace the old ones */
    assert_int_equal(wr(&st, 0, VMXR_IOR_CTRL_ADDR(0), 0x80000501u), 0);
    assert_int_equal(rd(&st, VMXR_IOR_CTRL_ADDR(0)), 0x80000501u);
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(1), 0x80000060u), 0);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(1)), 0x80000060u);
    /* once set, a write of 0 is refused and the LOCK bit stays set */
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(1), 0), LOCKED);
    assert_int_equal(rd(&st, VMXR_PLAT_ADDR(1)), 0x80000060u);
    assert_int_equal(rd(&st, 0x00C), LOCKED);
}

/* ---- write rule 4: BAD_VALUE and the order of the rules ------------------ */

static void test_type_mode_3_is_bad_value_other_modes_accepted(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    const unsigned a = VMXR_TYPE_ADDR(1, 30);
    assert_int_equal(wr(&st, 0, a, 0x12), 0);
    assert_int_equal(wr(&st, 0, a, 0x35), BAD_VALUE);
    assert_int_equal(wr(&st, 0, a, 0xFFFFFFFFu), BAD_VALUE); /* MODE bits set too */
    assert_int_equal(rd(&st, a), 0x12);
    assert_int_equal(rd(&st, 0x00C), BAD_VALUE);
    assert_int_equal(wr(&st, 0, a, 0x05), 0);
    assert_int_equal(rd(&st, a), 0x05);
    assert_int_equal(wr(&st, 0, a, 0x16), 0);
    assert_int_equal(rd(&st, a), 0x16);
    assert_int_equal(wr(&st, 0, a, 0x27), 0);
    assert_int_equal(rd(&st, a), 0x27);
    assert_int_equal(wr(&st, 0, a, 0xFFFFFFCFu), 0); /* MODE 0 with every other bit set */
    assert_int_equal(rd(&st, a), 0x07);
    /* the reserved value belongs to TYPE only: 0x30 elsewhere is an ordinary write */
    assert_int_equal(wr(&st, 0, VMXR_OWNER_ADDR(0), 0x30), 0);
    assert_int_equal(rd(&st, VMXR_OWNER_ADDR(0)), 0);
    assert_int_equal(wr(&st, 0, VMXR_IOR_CTRL_ADDR(0), 0x30), 0);
    assert_int_equal(rd(&st, VMXR_IOR_CTRL_ADDR(0)), 0x30);
}

static void test_bad_value_comes_after_decode_access_and_locked(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    const unsigned a = VMXR_TYPE_ADDR(2, 64);
    assert_int_equal(wr(&st, 0, a + 1, 0x30), DECODE);
    assert_int_equal(wr(&st, 1, a, 0x30), ACCESS);
    assert_int_equal(wr(&st, 0, a, 0x30), BAD_VALUE);
    assert_int_equal(wr(&st, 0, 0x008, 1), 0);
    assert_int_equal(wr(&st, 0, a, 0x30), LOCKED);
    assert_int_equal(wr(&st, 7, a, 0x30), ACCESS);
    assert_int_equal(rd(&st, a), 0);
    assert_int_equal(rd(&st, 0x00C), ACCESS | LOCKED | BAD_VALUE | DECODE);
}

static void test_refused_write_changes_nothing_but_the_named_err_bit(void **unused)
{
    (void)unused;
    struct vmxr_state st, before;
    reset0(&st);
    /* make some state: a delivery on CPU 1, a pending count, counters */
    assert_int_equal(wr(&st, 0, VMXR_TYPE_ADDR(0, 10), 0x13), 0);
    assert_int_equal(wr(&st, 0, VMXR_SW_USAGE_ADDR(3), 9), 0);
    struct vmxr_decision d[3];
    struct vmxr_cmd c = { .cpu = 1, .op = VMXR_OP_LAUNCH, .vm = 2 };
    assert_int_equal(vmxr_txn_command(&st, &c, d), 1);
    c = (struct vmxr_cmd){ .cpu = 1, .op = VMXR_OP_EVENT, .reason = 10 };
    assert_int_equal(vmxr_txn_command(&st, &c, d), 1);
    assert_int_equal(d[0].outcome, VMXR_OUTCOME_DELIVER);

    const struct {
        unsigned pauser, addr;
        uint32_t data, bit;
    } cases[] = {
        { 0, 0x01C, 0xFFFFFFFFu, DECODE },
        { 0, 0x000, 0, DECODE },
        { 0, VMXR_DELIVERED_ADDR(3), 0, DECODE },
        { 2, VMXR_TYPE_ADDR(0, 10), 0x14, ACCESS },
        { 2, VMXR_SW_USAGE_ADDR(3), 1, ACCESS },
        { 0, VMXR_TYPE_ADDR(0, 10), 0x3F, BAD_VALUE },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        st.cfg.err = 0;
        memcpy(&before, &st, sizeof before);
        assert_true(vmxr_apb_write(&st, cases[k].pauser, cases[k].addr, cases[k].data));
        before.cfg.err = cases[k].bit;
        assert_true(state_equal(&before, &st));
    }
    assert_int_equal(wr(&st, 0, 0x008, 1), 0);
    st.cfg.err = 0;
    memcpy(&before, &st, sizeof before);
    assert_true(vmxr_apb_write(&st, 0, VMXR_OWNER_ADDR(0), 5)); /* G */
    before.cfg.err = LOCKED;
    assert_true(state_equal(&before, &st));
}

static void test_write_check_is_pure_and_predicts_write(void **unused)
{
    (void)unused;
    struct vmxr_state st, before;
    reset0(&st);
    memcpy(&before, &st, sizeof before);
    assert_int_equal(vmxr_apb_write_check(&st, 0, 0x01C, 0), DECODE);
    assert_int_equal(vmxr_apb_write_check(&st, 1, VMXR_OWNER_ADDR(0), 0), ACCESS);
    assert_int_equal(vmxr_apb_write_check(&st, 0, VMXR_TYPE_ADDR(0, 0), 0x30), BAD_VALUE);
    assert_int_equal(vmxr_apb_write_check(&st, 0, VMXR_OWNER_ADDR(0), 3), 0);
    assert_true(state_equal(&before, &st)); /* nothing written, no ERR bit */
    assert_int_equal(rd(&st, VMXR_OWNER_ADDR(0)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_id_reads_vmxr_ascii),
        cmocka_unit_test(test_reset_params_reads_build_parameters),
        cmocka_unit_test(test_reset_values_of_global_err_vmm_en_pend_weight_ipi_range),
        cmocka_unit_test(test_reset_values_of_arrays_are_zero_and_cpu_state_is_vmm0),
        cmocka_unit_test(test_reset_plat0_from_straps_including_lock),
        cmocka_unit_test(test_reset_restores_every_register_after_writes_and_commands),
        cmocka_unit_test(test_read_unmapped_address_returns_zero_pslverr_and_sets_decode),
        cmocka_unit_test(test_read_unaligned_address_returns_zero_pslverr_and_sets_decode),
        cmocka_unit_test(test_read_decode_error_keeps_other_err_bits_and_state),
        cmocka_unit_test(test_write_unmapped_or_unaligned_address_is_decode),
        cmocka_unit_test(test_write_to_read_only_registers_is_decode),
        cmocka_unit_test(test_write_by_nonzero_vmm_is_access_on_every_writable_register),
        cmocka_unit_test(test_write_sw_usage_open_to_its_own_vmm_only),
        cmocka_unit_test(test_write_access_checked_before_locked),
        cmocka_unit_test(test_write_locked_by_global_lock_only_for_g_registers),
        cmocka_unit_test(test_global_lock_refuses_every_later_write_to_global),
        cmocka_unit_test(test_plat_own_lock_refuses_writes_to_that_entry_only),
        cmocka_unit_test(test_ior_ctrl_lock_locks_ior_range_of_same_index_only),
        cmocka_unit_test(test_lock_bits_are_w1s_write_zero_keeps_and_set_writes_other_fields),
        cmocka_unit_test(test_type_mode_3_is_bad_value_other_modes_accepted),
        cmocka_unit_test(test_bad_value_comes_after_decode_access_and_locked),
        cmocka_unit_test(test_refused_write_changes_nothing_but_the_named_err_bit),
        cmocka_unit_test(test_write_check_is_pure_and_predicts_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
