/* Fixtures of the register file unit tests (test_regfile_*.c, spec section
 * 6): resets, APB reads that must succeed, APB writes checked against
 * vmxr_apb_write_check, and the ERR bit names. Included by one test program
 * each; every function is static inline. */
#ifndef VMXR_TEST_REGFILE_H
#define VMXR_TEST_REGFILE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "vmxr_model.h"

#define VMXR_ID_VALUE 0x564D5852u

static inline void reset_with(struct vmxr_state *st, bool smi_en, unsigned smi_vmm, bool smi_lock)
{
    struct vmxr_straps s = { smi_en, (uint8_t)smi_vmm, smi_lock };
    vmxr_state_reset(st, &s);
}

static inline void reset0(struct vmxr_state *st) { reset_with(st, false, 0, false); }

/* Field-wise comparison of two states (no padding is compared). */
static inline bool state_equal(const struct vmxr_state *a, const struct vmxr_state *b)
{
    return memcmp(&a->cfg, &b->cfg, sizeof a->cfg) == 0 && memcmp(a->cpu, b->cpu, sizeof a->cpu) == 0 &&
           memcmp(a->pending_count, b->pending_count, sizeof a->pending_count) == 0 &&
           memcmp(a->delivered, b->delivered, sizeof a->delivered) == 0 && a->cmd_count == b->cmd_count &&
           a->err_count == b->err_count;
}

/* An APB read that must succeed (PSLVERR low, ERR untouched). */
static inline uint32_t rd(struct vmxr_state *st, unsigned addr)
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
static inline uint32_t wr(struct vmxr_state *st, unsigned pauser, unsigned addr, uint32_t data)
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

#endif /* VMXR_TEST_REGFILE_H */
