/* Cycle-accurate unit: the timing contract (spec section 8) and the
 * pipeline of docs/pipeline.md, checked at the ports. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "vmxr_unit.h"
#include "vmxr_port_cmd.h"
#include "vmxr_rng.h"

struct bench {
    struct vmxr_unit u;
    struct vmxr_unit_in in;
    struct vmxr_unit_out out;
    unsigned cycle;
    struct vmxr_decision got[4096];
    unsigned ngot;
    unsigned dec_cycle[4096];
    uint64_t *rng; /* when set, dec_ready is random (3 in 4 high) every cycle */
};

static uint64_t rnd(uint64_t *s) { return vmxr_splitmix64(s); }

static struct bench *bench_new(const struct vmxr_straps *s)
{
    struct bench *b = calloc(1, sizeof *b);
    assert_non_null(b);
    b->in.rst_n = false;
    if (s) {
        b->in.strap_smi_en = s->smi_en;
        b->in.strap_smi_vmm = s->smi_vmm;
        b->in.strap_smi_lock = s->smi_lock;
    }
    vmxr_unit_step(&b->u, &b->in, &b->out);
    b->in.rst_n = true;
    b->in.dec_ready = true;
    return b;
}

static void step(struct bench *b)
{
    if (b->rng)
        b->in.dec_ready = vmxr_stall_ready(b->rng);
    vmxr_unit_step(&b->u, &b->in, &b->out);
    if (b->out.dec_valid && b->in.dec_ready) {
        assert_true(b->ngot < 4096);
        struct vmxr_unit_out *o = &b->out;
        b->got[b->ngot] = vmxr_ports_decision(o);
        b->dec_cycle[b->ngot++] = b->cycle;
    }
    b->cycle++;
}

static void set_cmd(struct bench *b, const struct vmxr_cmd *c)
{
    vmxr_ports_present(&b->in, c);
}

/* Presents c until it is taken; returns the handshake cycle. */
static unsigned send(struct bench *b, const struct vmxr_cmd *c)
{
    set_cmd(b, c);
    for (unsigned n = 0; n < 1000; n++) {
        unsigned cyc = b->cycle;
        bool ready;
        step(b);
        ready = b->out.cmd_ready;
        if (ready) {
            b->in.cmd_valid = false;
            return cyc;
        }
    }
    fail_msg("command never accepted");
    return 0;
}

/* A whole APB access; returns PSLVERR, *data the read data, *waits the
 * wait states seen. */
static bool apb(struct bench *b, bool write, unsigned vmm, unsigned addr, uint32_t wdata, uint32_t *rdata,
                unsigned *waits)
{
    b->in.psel = true;
    b->in.penable = false;
    b->in.pwrite = write;
    b->in.paddr = (uint16_t)addr;
    b->in.pwdata = wdata;
    b->in.pauser = (uint8_t)vmm;
    step(b);
    b->in.penable = true;
    unsigned w = 0;
    for (;;) {
        step(b);
        if (b->out.pready)
            break;
        w++;
        assert_true(w < 1000);
    }
    bool err = b->out.pslverr;
    if (rdata)
        *rdata = b->out.prdata;
    if (waits)
        *waits = w;
    b->in.psel = b->in.penable = b->in.pwrite = false;
    return err;
}

static void drain(struct bench *b)
{
    for (unsigned n = 0; n < 1000; n++) {
        step(b);
        if (b->out.idle)
            return;
    }
    fail_msg("unit never drained");
}

static const struct vmxr_cmd EV_HLT = { .cpu = 0, .op = VMXR_OP_EVENT, .reason = 12 };

static void test_decision_three_cycles_after_handshake(void **state)
{
    (void)state;
    struct bench *b = bench_new(NULL);
    unsigned t = send(b, &EV_HLT);
    drain(b);
    assert_int_equal(b->ngot, 1);
    assert_int_equal(b->dec_cycle[0], t + 3);
    assert_int_equal(b->got[0].outcome, VMXR_OUTCOME_LOCAL);
    free(b);
}

static void test_one_command_per_cycle_sustained(void **state)
{
    (void)state;
    struct bench *b = bench_new(NULL);
    set_cmd(b, &EV_HLT);
    unsigned first = b->cycle;
    for (unsigned i = 0; i < 1000; i++) {
        step(b);
        assert_true(b->out.cmd_ready);
    }
    b->in.cmd_valid = false;
    drain(b);
    assert_int_equal(b->ngot, 1000);
    for (unsigned i = 0; i < 1000; i++)
        assert_int_equal(b->dec_cycle[i], first + i + 3);
    free(b);
}

static void test_backpressure_loses_and_duplicates_nothing(void **state)
{
    (void)state;
    struct bench *b = bench_new(NULL);
    /* 20 distinct commands (reasons differ), decision ready toggling */
    unsigned sent = 0;
    unsigned reasons[20];
    for (unsigned i = 0; i < 20; i++)
        reasons[i] = 10 + i; /* 10..29: valid, none platform */
    b->in.dec_ready = false;
    while (sent < 20) {
        struct vmxr_cmd c = EV_HLT;
        c.reason = (uint8_t)reasons[sent];
        set_cmd(b, &c);
        b->in.dec_ready = (b->cycle % 5) == 0;
        step(b);
        if (b->out.cmd_ready)
            sent++;
    }
    b->in.cmd_valid = false;
    b->in.dec_ready = true;
    drain(b);
    assert_int_equal(b->ngot, 20);
    for (unsigned i = 0; i < 20; i++)
        assert_int_equal(b->got[i].reason, reasons[i]);
    free(b);
}

static void test_stall_holds_decision_stable(void **state)
{
    (void)state;
    struct bench *b = bench_new(NULL);
    b->in.dec_ready = false;
    send(b, &EV_HLT);
    step(b); /* RT */
    step(b); /* EX */
    step(b); /* DQ */
    assert_true(b->out.dec_valid);
    struct vmxr_unit_out held = b->out;
    for (unsigned i = 0; i < 10; i++) {
        step(b);
        assert_true(b->out.dec_valid);
        assert_int_equal(b->out.dec_reason, held.dec_reason);
        assert_int_equal(b->out.dec_outcome, held.dec_outcome);
    }
    b->in.dec_ready = true;
    drain(b);
    assert_int_equal(b->ngot, 1);
    free(b);
}

static void test_reads_have_no_wait_states(void **state)
{
    (void)state;
    struct bench *b = bench_new(NULL);
    uint32_t v;
    unsigned waits;
    set_cmd(b, &EV_HLT); /* keep the pipeline busy while reading */
    step(b);
    bool err = apb(b, false, 3, VMXR_ID_ADDR, 0, &v, &waits);
    assert_false(err);
    assert_int_equal(waits, 0);
    assert_int_equal(v, 0x564D5852u);
    free(b);
}

static void test_write_waits_for_inflight_command_and_is_not_seen_by_it(void **state)
{
    (void)state;
    struct bench *b = bench_new(NULL);
    /* A command (HLT, reason 12) enters, then a write that would route it
     * FIXED to VMM 5 arrives while it is still in RT and EX. */
    struct vmxr_cmd launch = { .cpu = 0, .op = VMXR_OP_LAUNCH, .vm = 1 };
    send(b, &launch);
    drain(b);
    struct vmxr_cmd hlt = { .cpu = 0, .op = VMXR_OP_EVENT, .reason = 12 };
    set_cmd(b, &hlt);
    b->in.psel = true; /* APB setup phase in the handshake cycle */
    b->in.pwrite = true;
    b->in.paddr = (uint16_t)VMXR_TYPE_ADDR(0, 12);
    b->in.pwdata = (1u << VMXR_TYPE_MODE_LSB) | 5u;
    step(b);
    assert_true(b->out.cmd_ready);
    b->in.cmd_valid = false;
    b->in.penable = true;
    step(b); /* access phase: the command is in RT */
    assert_false(b->out.pready);
    step(b); /* ... in EX */
    assert_false(b->out.pready);
    step(b); /* EX has executed: the write completes now */
    assert_true(b->out.pready);
    assert_false(b->out.pslverr);
    b->in.psel = b->in.penable = b->in.pwrite = false;
    drain(b);
    assert_int_equal(b->ngot, 2);
    assert_int_equal(b->got[1].rule, VMXR_RULE_HOME); /* the old TYPE entry */
    /* the next HLT sees the write */
    send(b, &hlt);
    drain(b);
    assert_int_equal(b->ngot, 3);
    assert_int_equal(b->got[2].rule, VMXR_RULE_TYPE);
    assert_int_equal(b->got[2].to, vmxr_ctx_vmm(5));
    free(b);
}

static void test_no_command_taken_during_write_access(void **state)
{
    (void)state;
    struct bench *b = bench_new(NULL);
    b->in.psel = true;
    b->in.pwrite = true;
    b->in.paddr = VMXR_IPI_RANGE_ADDR;
    b->in.pwdata = 0x20;
    set_cmd(b, &EV_HLT);
    step(b); /* setup: command may go */
    assert_true(b->out.cmd_ready);
    b->in.penable = true;
    step(b); /* access: RT holds that command, write waits, no command taken */
    assert_false(b->out.cmd_ready);
    assert_false(b->out.pready);
    step(b); /* EX executes it */
    assert_false(b->out.cmd_ready);
    assert_false(b->out.pready);
    step(b);
    assert_true(b->out.pready);
    assert_false(b->out.cmd_ready);
    b->in.psel = b->in.penable = b->in.pwrite = false;
    step(b);
    assert_true(b->out.cmd_ready);
    free(b);
}

/* A write to PEND_WEIGHT holds commands for one more cycle after it
 * completes; any other write (SW_USAGE[v] too) does not. */
static void usage_write_hold(unsigned addr, unsigned hold)
{
    struct bench *b = bench_new(NULL);
    b->in.psel = true;
    b->in.pwrite = true;
    b->in.paddr = addr;
    b->in.pwdata = 3;
    step(b); /* setup */
    b->in.penable = true;
    set_cmd(b, &EV_HLT);
    step(b); /* access: completes, no command taken */
    assert_true(b->out.pready);
    assert_false(b->out.cmd_ready);
    b->in.psel = b->in.penable = b->in.pwrite = false;
    for (unsigned i = 0; i < hold; i++) {
        step(b);
        assert_false(b->out.cmd_ready);
    }
    step(b);
    assert_true(b->out.cmd_ready);
    free(b);
}

static void test_pend_weight_write_holds_commands_one_cycle(void **state)
{
    (void)state;
    usage_write_hold(VMXR_PEND_WEIGHT_ADDR, 1);
    usage_write_hold(VMXR_SW_USAGE_ADDR(0), 0);
    usage_write_hold(VMXR_SW_USAGE_ADDR(7), 0);
    usage_write_hold(VMXR_IPI_RANGE_ADDR, 0);
    usage_write_hold(VMXR_USAGE_ADDR(0), 0); /* read-only: refused, no hold */
}

static void test_injection_costs_one_bubble(void **state)
{
    (void)state;
    struct vmxr_straps s = { true, 2, false };
    struct bench *b = bench_new(&s);
    struct vmxr_cmd smi = { .cpu = 0, .op = VMXR_OP_EVENT, .reason = 6 };
    struct vmxr_cmd res = { .cpu = 0, .op = VMXR_OP_RESUME };
    send(b, &smi); /* vmm 0 -> vmm 2 */
    send(b, &smi); /* blocked: pended */
    drain(b);
    unsigned t = send(b, &res);     /* RT in t+1, pops in t+2; the SMI is injected in t+3 */
    unsigned t1 = send(b, &EV_HLT); /* taken in t+1, in EX from t+3, waits there during t+3 */
    unsigned t2 = send(b, &EV_HLT); /* taken in t+2, waits in RT during t+3 */
    unsigned t3 = send(b, &EV_HLT); /* the bubble: not taken before t+4 */
    drain(b);
    assert_int_equal(t1, t + 1);
    assert_int_equal(t2, t + 2);
    assert_int_equal(t3, t + 4);
    assert_int_equal(b->ngot, 7);
    assert_int_equal(b->got[2].op, VMXR_OP_RESUME);
    assert_int_equal(b->dec_cycle[2], t + 3);
    assert_int_equal(b->got[3].op, VMXR_OP_INJECT);
    assert_int_equal(b->got[3].outcome, VMXR_OUTCOME_DELIVER);
    assert_int_equal(b->dec_cycle[3], t + 4);
    assert_int_equal(b->got[4].op, VMXR_OP_EVENT);
    assert_int_equal(b->dec_cycle[4], t + 5);
    assert_int_equal(b->dec_cycle[5], t + 6);
    assert_int_equal(b->dec_cycle[6], t + 7);
    free(b);
}

static void test_reset_samples_straps(void **state)
{
    (void)state;
    struct vmxr_straps s = { true, 5, true };
    struct bench *b = bench_new(&s);
    uint32_t v;
    apb(b, false, 0, VMXR_PLAT_ADDR(0), 0, &v, NULL);
    assert_int_equal(v, VMXR_PLAT_EN_MASK | (5u << VMXR_PLAT_VMM_LSB) | VMXR_PLAT_LOCK_MASK);
    free(b);
}

/* ---- random streams: the unit against the transaction-level core ----- */

struct op {
    bool is_wr;
    unsigned vmm, addr;
    uint32_t data;
    struct vmxr_cmd cmd;
};

static const uint8_t REASONS[] = { 0, 0, 1, 3, 5, 6, 6, 10, 12, 18, 30, 30, 30, 35, 70 };

static void random_ops(uint64_t *seed, struct op *ops, unsigned n)
{
    static const unsigned addrs[] = {
        VMXR_VMM_EN_ADDR, VMXR_PEND_WEIGHT_ADDR, VMXR_IPI_RANGE_ADDR, VMXR_ERR_ADDR, VMXR_GLOBAL_ADDR,
    };
    for (unsigned i = 0; i < n; i++) {
        struct op *o = &ops[i];
        memset(o, 0, sizeof *o);
        uint64_t r = rnd(seed);
        if (r % 8 == 0) {
            o->is_wr = true;
            o->vmm = (r >> 8) % 10 < 8 ? 0 : (unsigned)(r >> 12) % 8;
            switch ((r >> 16) % 8) {
            case 0: o->addr = VMXR_PLAT_ADDR((r >> 20) % 4); break;
            case 1: o->addr = VMXR_TYPE_ADDR((r >> 20) % 8 / 5, REASONS[(r >> 24) % sizeof REASONS] % 65); break;
            case 2: o->addr = VMXR_SW_USAGE_ADDR((r >> 20) % 8); break;
            case 3: o->addr = VMXR_GROUP_ADDR((r >> 20) % 4); break;
            case 4: o->addr = VMXR_OWNER_ADDR((r >> 20) % VMXR_NVM); break;
            case 5: o->addr = VMXR_IOR_CTRL_ADDR((r >> 20) % 4); break;
            case 6: o->addr = VMXR_IOR_RANGE_ADDR((r >> 20) % 4); break;
            default: o->addr = addrs[(r >> 20) % 5]; break;
            }
            o->data = (uint32_t)(rnd(seed) & (o->addr == VMXR_GLOBAL_ADDR ? 0 : 0x7FFFFFFFu));
            if ((r >> 16) % 8 == 1 && (r >> 44) % 2) /* half the TYPE writes choose GROUP */
                o->data = (o->data & ~VMXR_TYPE_MODE_MASK) | (2u << VMXR_TYPE_MODE_LSB);
            if (o->addr >= VMXR_IOR_RANGE_BASE && (o->addr & 4u) && (r >> 45) % 2) /* half the entries live */
                o->data |= VMXR_IOR_CTRL_V_MASK | VMXR_IOR_CTRL_IN_EN_MASK | VMXR_IOR_CTRL_OUT_EN_MASK |
                           (1u << VMXR_IOR_CTRL_PMASK_LSB);
            if (o->addr >= VMXR_IOR_RANGE_BASE && (o->addr & 4u) == 0)
                o->data = (uint32_t)((r >> 32) & 0xFF) | (uint32_t)(((r >> 32) & 0xFF) + ((r >> 40) & 0x1F)) << 16;
        } else {
            struct vmxr_cmd *c = &o->cmd;
            c->cpu = (uint8_t)((r >> 4) % 5);
            unsigned kind = (unsigned)(r >> 8) % 10;
            if (kind < 2) {
                c->op = VMXR_OP_RESUME;
            } else if (kind < 3) {
                c->op = VMXR_OP_LAUNCH;
                c->vm = (uint8_t)((r >> 12) % 18);
            } else {
                c->op = VMXR_OP_EVENT;
                c->reason = REASONS[(r >> 12) % sizeof REASONS];
                c->itype = (uint8_t)((r >> 16) % 8);
                c->vector = (uint8_t)((r >> 20) % 40);
                if (c->reason == 0 && (r >> 24) % 2)
                    c->itype = 2, c->vector = 2;
                c->qual = (uint32_t)((r >> 28) & 0xFFu) << 16 | (uint32_t)((r >> 36) % 2) << 3 |
                          (uint32_t)((r >> 40) % 4);
                c->errcode = (uint32_t)(r >> 44) & 0x1F;
            }
        }
    }
}

static void test_random_streams_match_transaction_core(void **state)
{
    (void)state;
    enum { N = 3000 };
    struct op *ops = calloc(N, sizeof *ops);
    struct vmxr_decision *want = calloc(3 * N, sizeof *want);
    assert_non_null(ops);
    assert_non_null(want);
    for (uint64_t seed0 = 1; seed0 <= 6; seed0++) {
        uint64_t seed = seed0 * 0xD1B54A32D192ED03ull;
        random_ops(&seed, ops, N);
        struct vmxr_straps s = { seed0 & 1, (uint8_t)(seed0 % 8), false };
        /* reference */
        struct vmxr_state *ref = malloc(sizeof *ref);
        assert_non_null(ref);
        vmxr_state_reset(ref, &s);
        unsigned nwant = 0;
        bool werr[N];
        for (unsigned i = 0; i < N; i++) {
            if (ops[i].is_wr)
                werr[i] = vmxr_apb_write(ref, ops[i].vmm, ops[i].addr, ops[i].data);
            else
                nwant += vmxr_txn_command(ref, &ops[i].cmd, &want[nwant]);
        }
        /* unit, with random decision back-pressure and gaps */
        struct bench *b = bench_new(&s);
        b->rng = &seed;
        for (unsigned i = 0; i < N; i++) {
            if (rnd(&seed) % 6 == 0)
                step(b);
            if (ops[i].is_wr) {
                bool e = apb(b, true, ops[i].vmm, ops[i].addr, ops[i].data, NULL, NULL);
                assert_int_equal(e, werr[i]);
            } else {
                send(b, &ops[i].cmd);
            }
        }
        b->rng = NULL;
        b->in.dec_ready = true;
        drain(b);
        assert_int_equal(b->ngot, nwant);
        for (unsigned i = 0; i < nwant; i++) {
            if (memcmp(&b->got[i], &want[i], sizeof want[i]) != 0)
                fail_msg("seed %u decision %u differs: outcome %u/%u rule %u/%u to %u/%u", (unsigned)seed0, i,
                         b->got[i].outcome, want[i].outcome, b->got[i].rule, want[i].rule, b->got[i].to, want[i].to);
        }
        /* the stream exercised what it is meant to */
        unsigned seen[VMXR_OUTCOME_COUNT] = { 0 }, inject = 0, group = 0, ior = 0;
        for (unsigned i = 0; i < nwant; i++) {
            seen[want[i].outcome]++;
            inject += want[i].op == VMXR_OP_INJECT;
            group += want[i].rule == VMXR_RULE_GROUP;
            ior += want[i].rule == VMXR_RULE_IOR;
        }
        for (unsigned o = 0; o < VMXR_OUTCOME_COUNT; o++)
            assert_true(seen[o] > 0);
        assert_true(inject > 0);
        assert_true(group > 0);
        print_message("seed %u: %u decisions, %u injections, %u GROUP, %u IOR\n", (unsigned)seed0, nwant, inject, group, ior);
        assert_true(ior > 0);
        /* final architectural state identical */
        assert_memory_equal(&b->u.st, ref, sizeof *ref);
        free(ref);
        free(b);
    }
    free(ops);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decision_three_cycles_after_handshake),
        cmocka_unit_test(test_one_command_per_cycle_sustained),
        cmocka_unit_test(test_backpressure_loses_and_duplicates_nothing),
        cmocka_unit_test(test_stall_holds_decision_stable),
        cmocka_unit_test(test_reads_have_no_wait_states),
        cmocka_unit_test(test_write_waits_for_inflight_command_and_is_not_seen_by_it),
        cmocka_unit_test(test_no_command_taken_during_write_access),
        cmocka_unit_test(test_pend_weight_write_holds_commands_one_cycle),
        cmocka_unit_test(test_injection_costs_one_bubble),
        cmocka_unit_test(test_reset_samples_straps),
        cmocka_unit_test(test_random_streams_match_transaction_core),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
