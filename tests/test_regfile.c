/* Unit tests of the VMXR-1 register file (spec section 6): reset values,
 * reads, the write rules in their order, lock and field access types, and
 * the address decode of every register array. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "vmxr_model.h"

#define VMXR_ID_VALUE 0x564D5852u

/* ---- helpers ---------------------------------------------------------- */

static void reset_with(struct vmxr_state *st, bool smi_en, unsigned smi_vmm, bool smi_lock)
{
    struct vmxr_straps s = { smi_en, (uint8_t)smi_vmm, smi_lock };
    vmxr_state_reset(st, &s);
}

static void reset0(struct vmxr_state *st) { reset_with(st, false, 0, false); }

/* Field-wise comparison of two states (no padding is compared). */
static bool state_equal(const struct vmxr_state *a, const struct vmxr_state *b)
{
    return memcmp(&a->cfg, &b->cfg, sizeof a->cfg) == 0 && memcmp(a->cpu, b->cpu, sizeof a->cpu) == 0 &&
           memcmp(a->pending_count, b->pending_count, sizeof a->pending_count) == 0 &&
           memcmp(a->delivered, b->delivered, sizeof a->delivered) == 0 && a->cmd_count == b->cmd_count &&
           a->err_count == b->err_count;
}

/* An APB read that must succeed (PSLVERR low, ERR untouched). */
static uint32_t rd(struct vmxr_state *st, unsigned addr)
{
    bool slverr = true;
    uint32_t err_before = st->cfg.err;
    uint32_t v = vmxr_apb_read(st, addr, &slverr);
    assert_false(slverr);
    assert_int_equal(st->cfg.err, err_before);
    return v;
}

/* Performs an APB write and returns the ERR bit the write rules named (0 if
 * the write was applied). Checks on the way that vmxr_apb_write_check
 * predicted the same, that PSLVERR matches, and that a refused write changed
 * nothing but that ERR bit. */
static uint32_t wr(struct vmxr_state *st, unsigned pauser, unsigned addr, uint32_t data)
{
    uint32_t predicted = vmxr_apb_write_check(st, pauser, addr, data);
    struct vmxr_state before;
    memcpy(&before, st, sizeof before);
    bool slverr = vmxr_apb_write(st, pauser, addr, data);
    assert_int_equal(slverr, predicted != 0);
    if (slverr) {
        /* exactly one ERR bit is named */
        assert_int_equal(predicted & (predicted - 1), 0);
        before.cfg.err |= predicted;
        assert_true(state_equal(&before, st));
    }
    return predicted;
}

#define ACCESS VMXR_ERR_ACCESS_MASK
#define LOCKED VMXR_ERR_LOCKED_MASK
#define BAD_VALUE VMXR_ERR_BAD_VALUE_MASK
#define DECODE VMXR_ERR_DECODE_MASK

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
    const unsigned gaps[] = { 0x01C, 0x0F0, 0x0FC, 0x160, 0x17C, 0x190, 0x1FC, 0x240, 0x3FC,
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
    assert_int_equal(vmxr_apb_read(&st, 0x01C, &slverr), 0);
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
    expect_no_decode(0x01C);
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
    unsigned want = 7 /* ID..IPI_RANGE */ + 4 /* PLAT */ + 2 * VMXR_NVM + VMXR_NVMM /* VMM_PROFILE */ +
                    VMXR_NGRP + 2 * VMXR_NVMM /* SW_USAGE, USAGE */ + 2 * VMXR_NPROF /* PFEC */ + VMXR_NCPU +
                    4 * VMXR_NPROF /* EXC */ + 65 * VMXR_NPROF /* TYPE */ + 2 * VMXR_NIOR +
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
    assert_int_equal(wr(&st, 0, VMXR_OWNER_ADDR(VMXR_NVM - 1), 6), 0);
    assert_int_equal(st.cfg.owner[VMXR_NVM - 1], 6);
    assert_int_equal(st.cfg.vm_profile[0], 0);
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
