/* Unit tests of the VMXR-1 register file (spec section 6): field access
 * types, VMM_EN against locked platform routes, and the address decode of
 * every register array. */
#include "test_regfile.h"

/* ---- field access types --------------------------------------------------- */

static void test_err_bits_are_rw1c_and_err_code_survives_a_clear(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    struct vmxr_decision d[3];
    struct vmxr_cmd c = { .cpu = 0, .op = VMXR_OP_RESUME }; /* EMPTY, code 9 */
    assert_int_equal(vmxr_txn_command(&st, &c, d), 1);
    assert_int_equal(d[0].err, VMXR_ERRC_EMPTY);
    assert_int_equal(wr(&st, 1, 0x00C, 0xFFFFFFFFu), ACCESS); /* does not clear anything */
    assert_int_equal(wr(&st, 0, VMXR_TYPE_ADDR(0, 0), 0x30), BAD_VALUE);
    assert_int_equal(wr(&st, 0, 0x01C, 0), DECODE);
    assert_int_equal(wr(&st, 0, 0x008, 1), 0);
    assert_int_equal(wr(&st, 0, 0x010, 0), LOCKED);
    assert_int_equal(rd(&st, 0x00C), 0x91Fu);
    /* writing 0 clears nothing; writing CODE bits does nothing */
    assert_int_equal(wr(&st, 0, 0x00C, 0), 0);
    assert_int_equal(wr(&st, 0, 0x00C, 0x00000F00u), 0);
    assert_int_equal(rd(&st, 0x00C), 0x91Fu);
    /* each bit clears alone */
    assert_int_equal(wr(&st, 0, 0x00C, LOCKED), 0);
    assert_int_equal(rd(&st, 0x00C), 0x91Du);
    assert_int_equal(wr(&st, 0, 0x00C, VMXR_ERR_CMD_MASK), 0);
    assert_int_equal(rd(&st, 0x00C), 0x90Du);
    /* ERR is not G: still writable under GLOBAL.LOCK; CODE survives */
    assert_int_equal(wr(&st, 0, 0x00C, 0xFFFFFFFFu), 0);
    assert_int_equal(rd(&st, 0x00C), 0x900u);
    /* a later command error replaces CODE and sets CMD again */
    c = (struct vmxr_cmd){ .cpu = 0, .op = VMXR_OP_EVENT, .reason = 35 };
    assert_int_equal(vmxr_txn_command(&st, &c, d), 1);
    assert_int_equal(rd(&st, 0x00C), 0x110u);
}

static void test_bits_outside_fields_are_ignored_and_read_zero(void **unused)
{
    (void)unused;
    const struct {
        unsigned addr;
        uint32_t data, want;
    } cases[] = {
        { 0x014, 0xFFFFFFFFu, 0xFFu },
        { 0x018, 0xFFFF1234u, 0x1234u },
        { VMXR_PLAT_ADDR(3), 0x7FFFFFFFu, 0x71u },
        { VMXR_OWNER_ADDR(1), 0xFFFFFFFFu, 0x7u },
        { VMXR_VM_PROFILE_ADDR(1), 0xFFFFFFFFu, 0x3u },
        { VMXR_VMM_PROFILE_ADDR(1), 0xFFFFFFFFu, 0x3u },
        { VMXR_GROUP_ADDR(1), 0xFFFFFFFFu, 0xFFu },
        { VMXR_SW_USAGE_ADDR(1), 0xFFFFFFFFu, 0xFFFFu },
        { VMXR_PFEC_MASK_ADDR(1), 0xFFFFFFFFu, 0xFFFFFFFFu },
        { VMXR_PFEC_MATCH_ADDR(1), 0xFFFFFFFFu, 0xFFFFFFFFu },
        { VMXR_EXC_ADDR(1, 2), 0xFFFFFFFFu, 0xFFFFFFFFu },
        { VMXR_TYPE_ADDR(1, 2), 0xFFFFFFDFu, 0x17u },
        { VMXR_IOR_RANGE_ADDR(1), 0xFFFFFFFFu, 0xFFFFFFFFu },
        { VMXR_IOR_CTRL_ADDR(1), 0x7FFFFFFFu, 0x7F7u },
        { 0x010, 0xFFFFFF00u, 0x01u },
        { 0x008, 0xFFFFFFFEu, 0x0u },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct vmxr_state st;
        reset0(&st);
        assert_int_equal(wr(&st, 0, cases[k].addr, cases[k].data), 0);
        assert_int_equal(rd(&st, cases[k].addr), cases[k].want);
        assert_int_equal(rd(&st, 0x00C), 0);
    }
}

static void test_vmm_en_bit0_always_reads_one_and_ignores_writes(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(wr(&st, 0, 0x010, 0), 0);
    assert_int_equal(rd(&st, 0x010), 0x01);
    assert_int_equal(wr(&st, 0, 0x010, 0xA4), 0);
    assert_int_equal(rd(&st, 0x010), 0xA5);
    assert_int_equal(wr(&st, 0, 0x010, 0xFE), 0);
    assert_int_equal(rd(&st, 0x010), 0xFF);
}

/* ---- VMM_EN and locked platform routes -------------------------------------- */

static void test_vmm_en_clear_of_locked_enabled_plat_target_is_locked(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(1), 0x80000031u), 0); /* NMI -> vmm 3, EN, LOCK */
    assert_int_equal(wr(&st, 0, 0x010, 0xF7), LOCKED);
    assert_int_equal(wr(&st, 0, 0x010, 0x00), LOCKED);
    assert_int_equal(rd(&st, 0x010), 0xFF);
    /* clearing any other VMM is fine, as long as bit 3 stays on */
    assert_int_equal(wr(&st, 0, 0x010, 0x0F), 0);
    assert_int_equal(rd(&st, 0x010), 0x0F);
    assert_int_equal(wr(&st, 0, 0x010, 0x07), LOCKED);
    assert_int_equal(rd(&st, 0x010), 0x0F);
    assert_int_equal(rd(&st, 0x00C), LOCKED);
}

static void test_vmm_en_clear_allowed_when_plat_entry_unlocked_or_disabled(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(1), 0x00000031u), 0); /* EN, not locked */
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(2), 0x80000040u), 0); /* locked, EN = 0 */
    assert_int_equal(wr(&st, 0, 0x010, 0xE7), 0);                   /* clears 3 and 4 */
    assert_int_equal(rd(&st, 0x010), 0xE7);
    assert_int_equal(rd(&st, 0x00C), 0);
}

static void test_vmm_en_offline_bit_staying_zero_is_not_refused(void **unused)
{
    (void)unused;
    /* Project reading: only a 1 -> 0 change of the locked route's VMM is
     * refused; an already-offline VMM may stay offline. */
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(wr(&st, 0, 0x010, 0xF7), 0);
    assert_int_equal(wr(&st, 0, VMXR_PLAT_ADDR(3), 0x80000031u), 0);
    assert_int_equal(wr(&st, 0, 0x010, 0xF7), 0);
    assert_int_equal(wr(&st, 0, 0x010, 0x37), 0); /* other bits change, bit 3 stays 0 */
    assert_int_equal(rd(&st, 0x010), 0x37);
    assert_int_equal(wr(&st, 0, 0x010, 0xFF), 0); /* turning it on is fine */
    assert_int_equal(wr(&st, 0, 0x010, 0xF7), LOCKED); /* and now it cannot go off */
    assert_int_equal(rd(&st, 0x010), 0xFF);
}

static void test_vmm_en_clear_of_strapped_smi_target_is_locked(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset_with(&st, true, 2, true);
    assert_int_equal(wr(&st, 0, 0x010, 0xFB), LOCKED);
    assert_int_equal(rd(&st, 0x010), 0xFF);
    reset_with(&st, true, 2, false); /* strapped but unlocked */
    assert_int_equal(wr(&st, 0, 0x010, 0xFB), 0);
    assert_int_equal(rd(&st, 0x010), 0xFB);
}

/* ---- address decode --------------------------------------------------------- */

static void test_generated_addresses_follow_the_spec_map(void **unused)
{
    (void)unused;
    assert_int_equal(VMXR_PLAT_ADDR(3), 0x02C);
    assert_int_equal(VMXR_OWNER_ADDR(5), 0x040 + 4 * 5);
    assert_int_equal(VMXR_VM_PROFILE_ADDR(5), 0x080 + 4 * 5);
    assert_int_equal(VMXR_VMM_PROFILE_ADDR(7), 0x0DC);
    assert_int_equal(VMXR_GROUP_ADDR(3), 0x0EC);
    assert_int_equal(VMXR_SW_USAGE_ADDR(7), 0x11C);
    assert_int_equal(VMXR_USAGE_ADDR(7), 0x13C);
    assert_int_equal(VMXR_PFEC_MASK_ADDR(3), 0x14C);
    assert_int_equal(VMXR_PFEC_MATCH_ADDR(3), 0x15C);
    assert_int_equal(VMXR_CPU_STATE_ADDR(3), 0x18C);
    assert_int_equal(VMXR_EXC_ADDR(3, 3), 0x200 + 0x30 + 0xC);
    assert_int_equal(VMXR_TYPE_ADDR(1, 30), 0x678);
    assert_int_equal(VMXR_TYPE_ADDR(3, 64), 0x400 + 0x600 + 0x100);
    assert_int_equal(VMXR_IOR_RANGE_ADDR(5), 0xC28);
    assert_int_equal(VMXR_IOR_CTRL_ADDR(5), 0xC2C);
    assert_int_equal(VMXR_DELIVERED_ADDR(7), 0xE1C);
}

static void expect_decode(unsigned addr, enum vmxr_reg_id want_id, unsigned want_i, unsigned want_j)
{
    enum vmxr_reg_id id = VMXR_R__COUNT;
    unsigned i = 999, j = 999;
    if (!vmxr_reg_decode(addr, &id, &i, &j))
        fail_msg("address 0x%03X does not decode", addr);
    if (id != want_id || i != want_i || j != want_j)
        fail_msg("address 0x%03X decodes to %u[%u][%u], want %u[%u][%u]", addr, (unsigned)id, i, j,
                 (unsigned)want_id, want_i, want_j);
}

static void test_reg_decode_maps_first_and_last_index_of_every_register(void **unused)
{
    (void)unused;
    expect_decode(0x000, VMXR_R_ID, 0, 0);
    expect_decode(0x004, VMXR_R_PARAMS, 0, 0);
    expect_decode(0x008, VMXR_R_GLOBAL, 0, 0);
    expect_decode(0x00C, VMXR_R_ERR, 0, 0);
    expect_decode(0x010, VMXR_R_VMM_EN, 0, 0);
    expect_decode(0x014, VMXR_R_PEND_WEIGHT, 0, 0);
    expect_decode(0x018, VMXR_R_IPI_RANGE, 0, 0);
    expect_decode(VMXR_PLAT_ADDR(0), VMXR_R_PLAT, 0, 0);
    expect_decode(VMXR_PLAT_ADDR(3), VMXR_R_PLAT, 3, 0);
    expect_decode(VMXR_OWNER_ADDR(0), VMXR_R_OWNER, 0, 0);
    expect_decode(VMXR_OWNER_ADDR(VMXR_NVM - 1), VMXR_R_OWNER, VMXR_NVM - 1, 0);
    expect_decode(VMXR_VM_PROFILE_ADDR(0), VMXR_R_VM_PROFILE, 0, 0);
    expect_decode(VMXR_VM_PROFILE_ADDR(VMXR_NVM - 1), VMXR_R_VM_PROFILE, VMXR_NVM - 1, 0);
    expect_decode(VMXR_VMM_PROFILE_ADDR(0), VMXR_R_VMM_PROFILE, 0, 0);
    expect_decode(VMXR_VMM_PROFILE_ADDR(VMXR_NVMM - 1), VMXR_R_VMM_PROFILE, VMXR_NVMM - 1, 0);
    expect_decode(VMXR_GROUP_ADDR(0), VMXR_R_GROUP, 0, 0);
    expect_decode(VMXR_GROUP_ADDR(VMXR_NGRP - 1), VMXR_R_GROUP, VMXR_NGRP - 1, 0);
    expect_decode(VMXR_SW_USAGE_ADDR(0), VMXR_R_SW_USAGE, 0, 0);
    expect_decode(VMXR_SW_USAGE_ADDR(VMXR_NVMM - 1), VMXR_R_SW_USAGE, VMXR_NVMM - 1, 0);
    expect_decode(VMXR_USAGE_ADDR(0), VMXR_R_USAGE, 0, 0);
    expect_decode(VMXR_USAGE_ADDR(VMXR_NVMM - 1), VMXR_R_USAGE, VMXR_NVMM - 1, 0);
    expect_decode(VMXR_PFEC_MASK_ADDR(0), VMXR_R_PFEC_MASK, 0, 0);
    expect_decode(VMXR_PFEC_MASK_ADDR(VMXR_NPROF - 1), VMXR_R_PFEC_MASK, VMXR_NPROF - 1, 0);
    expect_decode(VMXR_PFEC_MATCH_ADDR(0), VMXR_R_PFEC_MATCH, 0, 0);
    expect_decode(VMXR_PFEC_MATCH_ADDR(VMXR_NPROF - 1), VMXR_R_PFEC_MATCH, VMXR_NPROF - 1, 0);
    expect_decode(VMXR_CPU_STATE_ADDR(0), VMXR_R_CPU_STATE, 0, 0);
    expect_decode(VMXR_CPU_STATE_ADDR(VMXR_NCPU - 1), VMXR_R_CPU_STATE, VMXR_NCPU - 1, 0);
    expect_decode(VMXR_EXC_ADDR(0, 0), VMXR_R_EXC, 0, 0);
    expect_decode(VMXR_EXC_ADDR(0, 3), VMXR_R_EXC, 0, 3);
    expect_decode(VMXR_EXC_ADDR(VMXR_NPROF - 1, 0), VMXR_R_EXC, VMXR_NPROF - 1, 0);
    expect_decode(VMXR_EXC_ADDR(VMXR_NPROF - 1, 3), VMXR_R_EXC, VMXR_NPROF - 1, 3);
    expect_decode(VMXR_TYPE_ADDR(0, 0), VMXR_R_TYPE, 0, 0);
    expect_decode(VMXR_TYPE_ADDR(0, 64), VMXR_R_TYPE, 0, 64);
    expect_decode(VMXR_TYPE_ADDR(1, 30), VMXR_R_TYPE, 1, 30);
    expect_decode(VMXR_TYPE_ADDR(VMXR_NPROF - 1, 0), VMXR_R_TYPE, VMXR_NPROF - 1, 0);
    expect_decode(VMXR_TYPE_ADDR(VMXR_NPROF - 1, 64), VMXR_R_TYPE, VMXR_NPROF - 1, 64);
    expect_decode(VMXR_IOR_RANGE_ADDR(0), VMXR_R_IOR_RANGE, 0, 0);
    expect_decode(VMXR_IOR_RANGE_ADDR(VMXR_NIOR - 1), VMXR_R_IOR_RANGE, VMXR_NIOR - 1, 0);
    expect_decode(VMXR_IOR_CTRL_ADDR(0), VMXR_R_IOR_CTRL, 0, 0);
    expect_decode(VMXR_IOR_CTRL_ADDR(VMXR_NIOR - 1), VMXR_R_IOR_CTRL, VMXR_NIOR - 1, 0);
    expect_decode(VMXR_DELIVERED_ADDR(0), VMXR_R_DELIVERED, 0, 0);
    expect_decode(VMXR_DELIVERED_ADDR(VMXR_NVMM - 1), VMXR_R_DELIVERED, VMXR_NVMM - 1, 0);
    expect_decode(0xE20, VMXR_R_CMD_COUNT, 0, 0);
    expect_decode(0xE24, VMXR_R_ERR_COUNT, 0, 0);
}

static void expect_no_decode(unsigned addr)
{
    enum vmxr_reg_id id;
    unsigned i, j;
    if (vmxr_reg_decode(addr, &id, &i, &j))
        fail_msg("address 0x%03X decodes to %u[%u][%u], want unmapped", addr, (unsigned)id, i, j);
}

static void test_reg_decode_rejects_gaps_unaligned_and_out_of_range_indices(void **unused)
{
    (void)unused;
    expect_no_decode(VMXR_MEM_BASE_ADDR(0) + 0xC); /* the fourth word of a memory or key entry */
    expect_no_decode(VMXR_KEY_BASE_ADDR(VMXR_NKEY - 1) + 0xC);
#if VMXR_NMEM < 16
    expect_no_decode(VMXR_MEM_BASE_ADDR(VMXR_NMEM));
    expect_no_decode(VMXR_MEM_CTRL_ADDR(VMXR_NMEM));
#endif
#if VMXR_NKEY < 16
    expect_no_decode(VMXR_KEY_BASE_ADDR(VMXR_NKEY));
    expect_no_decode(VMXR_KEY_CTRL_ADDR(VMXR_NKEY));
#endif
    expect_no_decode(0x001);
    expect_no_decode(0x002);
    expect_no_decode(0x003);
    expect_no_decode(VMXR_PLAT_ADDR(0) + 2);
    expect_no_decode(0x030); /* after PLAT[3] */
    expect_no_decode(0x03C);
#if VMXR_NVM < 16
    expect_no_decode(VMXR_OWNER_ADDR(VMXR_NVM));
    expect_no_decode(VMXR_VM_PROFILE_ADDR(VMXR_NVM));
#endif
    expect_no_decode(0x0F0); /* GROUP[4] */
    expect_no_decode(0x0FC);
    expect_no_decode(0x160); /* after PFEC_MATCH */
    expect_no_decode(0x17C);
#if VMXR_NCPU < 8
    expect_no_decode(VMXR_CPU_STATE_ADDR(VMXR_NCPU));
    expect_no_decode(0x190);
#endif
    expect_no_decode(0x1FC);
    expect_no_decode(VMXR_EXC_ADDR(VMXR_NPROF, 0)); /* 0x240 */
    expect_no_decode(0x3FC);
    for (unsigned p = 0; p < VMXR_NPROF; p++) {
        expect_no_decode(VMXR_TYPE_ADDR(p, 65));
        expect_no_decode(VMXR_TYPE_ADDR(p, 127));
    }
    expect_no_decode(VMXR_TYPE_ADDR(0, 30) + 1);
    expect_no_decode(0xBFC);
#if VMXR_NIOR < 64
    expect_no_decode(VMXR_IOR_RANGE_ADDR(VMXR_NIOR));
    expect_no_decode(VMXR_IOR_CTRL_ADDR(VMXR_NIOR));
    expect_no_decode(0xDFC);
#endif
    expect_no_decode(VMXR_IOR_CTRL_ADDR(0) + 2);
    expect_no_decode(0xE28);
    expect_no_decode(0xFFC);
    expect_no_decode(0x1000);
}

static void test_reg_decode_maps_exactly_the_register_words_and_round_trips(void **unused)
{
    (void)unused;
    unsigned mapped = 0;
    for (unsigned addr = 0; addr < 0x1000; addr += 4) {
        enum vmxr_reg_id id;
        unsigned i, j;
        if (!vmxr_reg_decode(addr, &id, &i, &j))
            continue;
        mapped++;
        const struct vmxr_reg_desc *r = &vmxr_reg_table[id];
        assert_true(i < r->count);
        assert_true(j < r->count2);
        assert_int_equal(r->base + r->stride * i + r->stride2 * j, addr);
    }
    unsigned want = 8 /* ID..IPI_RANGE, PARAMS2 */ + 4 /* PLAT */ + 2 * VMXR_NVM + VMXR_NVMM /* VMM_PROFILE */ +
                    VMXR_NGRP + 2 * VMXR_NVMM /* SW_USAGE, USAGE */ + 2 * VMXR_NPROF /* PFEC */ + VMXR_NCPU +
                    4 * VMXR_NPROF /* EXC */ + 65 * VMXR_NPROF /* TYPE */ + 2 * VMXR_NIOR +
                    3 * VMXR_NMEM + 3 * VMXR_NKEY /* BASE, LIMIT, CTRL */ +
                    VMXR_NVMM /* DELIVERED */ + 2 /* CMD_COUNT, ERR_COUNT */;
    assert_int_equal(mapped, want);
}

static void test_apb_write_lands_in_the_decoded_register(void **unused)
{
    (void)unused;
    struct vmxr_state st;
    reset0(&st);
    assert_int_equal(wr(&st, 0, VMXR_TYPE_ADDR(VMXR_NPROF - 1, 64), 0x25), 0);
    assert_int_equal(st.cfg.type[VMXR_NPROF - 1][64], 0x25);
    assert_int_equal(wr(&st, 0, VMXR_EXC_ADDR(2, 1), 0xA0000000u), 0);
    assert_int_equal(st.cfg.exc[2][1], 0xA0000000u);
    assert_int_equal(wr(&st, 0, VMXR_IOR_CTRL_ADDR(VMXR_NIOR - 1), 0x17), 0);
    assert_int_equal(st.cfg.ior_ctrl[VMXR_NIOR - 1], 0x17);
    assert_int_equal(st.cfg.ior_range[VMXR_NIOR - 1], 0);
    assert_int_equal(wr(&st, 0, VMXR_MEM_LIMIT_ADDR(VMXR_NMEM - 1), 0xFEDCBA98u), 0);
    assert_int_equal(st.cfg.mem_limit[VMXR_NMEM - 1], 0xFEDCBA98u);
    assert_int_equal(st.cfg.mem_base[VMXR_NMEM - 1], 0);
    assert_int_equal(wr(&st, 0, VMXR_KEY_CTRL_ADDR(VMXR_NKEY - 1), 0xFFFFFFFFu), 0);
    assert_int_equal(st.cfg.key_ctrl[VMXR_NKEY - 1], VMXR_KEY_CTRL_WMASK);
    assert_int_equal(wr(&st, 0, VMXR_KEY_BASE_ADDR(VMXR_NKEY - 1), 1), LOCKED);
    assert_int_equal(wr(&st, 0, VMXR_OWNER_ADDR(VMXR_NVM - 1), 6), 0);
    assert_int_equal(st.cfg.owner[VMXR_NVM - 1], 6);
    assert_int_equal(st.cfg.vm_profile[0], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_err_bits_are_rw1c_and_err_code_survives_a_clear),
        cmocka_unit_test(test_bits_outside_fields_are_ignored_and_read_zero),
        cmocka_unit_test(test_vmm_en_bit0_always_reads_one_and_ignores_writes),
        cmocka_unit_test(test_vmm_en_clear_of_locked_enabled_plat_target_is_locked),
        cmocka_unit_test(test_vmm_en_clear_allowed_when_plat_entry_unlocked_or_disabled),
        cmocka_unit_test(test_vmm_en_offline_bit_staying_zero_is_not_refused),
        cmocka_unit_test(test_vmm_en_clear_of_strapped_smi_target_is_locked),
        cmocka_unit_test(test_generated_addresses_follow_the_spec_map),
        cmocka_unit_test(test_reg_decode_maps_first_and_last_index_of_every_register),
        cmocka_unit_test(test_reg_decode_rejects_gaps_unaligned_and_out_of_range_indices),
        cmocka_unit_test(test_reg_decode_maps_exactly_the_register_words_and_round_trips),
        cmocka_unit_test(test_apb_write_lands_in_the_decoded_register),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
