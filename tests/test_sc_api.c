/* The SystemC platform's C API (cosim/vmxr_sc.h) and its item-level buses
 * (cosim/systemc/bus_sc.c), on every engine: sc-tlm, sc-model, sc-rtl,
 * sc-cosim.
 *
 *   test_sc_api [--only NAME]... [FILE.vec...]
 *   test_sc_api --fst DIR       writes DIR/sc-{model,rtl,cosim}.fst of a
 *                               short run (tests/sc_wave.sh opens them)
 *
 * The vector files feed two cases: every file through every SystemC bus
 * with its expectations checked (run_check), and every file streamed
 * through the C API (commands submitted back to back, random decision
 * back-pressure) with every decision and read compared to the
 * transaction-level core. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"
#include "vec1.h"
#include "vmxr_bus.h"
#include "vmxr_engine.h"
#include "vmxr_registry.h"
#include "vmxr_regs.h"
#include "vmxr_sc.h"

static const char *const ENGINES[] = { "sc-tlm", "sc-model", "sc-rtl", "sc-cosim" };
#define NENG (sizeof ENGINES / sizeof ENGINES[0])

static char **vec_files;
static int nvec_files;

static struct vmxr_sc *open_sc(const char *name)
{
    char err[256] = "";
    struct vmxr_sc *p = vmxr_sc_create(name, err, sizeof err);
    if (!p)
        fail_msg("%s: %s", name, err);
    return p;
}

static struct vmxr_cmd ev(unsigned cpu, unsigned reason, uint32_t qual)
{
    struct vmxr_cmd c = { .cpu = (uint8_t)cpu, .op = VMXR_OP_EVENT, .reason = (uint8_t)reason, .qual = qual };
    return c;
}

static struct vmxr_cmd launch(unsigned cpu, unsigned vm)
{
    struct vmxr_cmd c = { .cpu = (uint8_t)cpu, .op = VMXR_OP_LAUNCH, .vm = (uint8_t)vm };
    return c;
}

static struct vmxr_cmd resume(unsigned cpu)
{
    struct vmxr_cmd c = { .cpu = (uint8_t)cpu, .op = VMXR_OP_RESUME };
    return c;
}

/* Submits c and drains; the decisions that came out. */
static unsigned command(struct vmxr_sc *p, struct vmxr_cmd c, struct vmxr_decision *d, unsigned max)
{
    assert_true(vmxr_sc_submit(p, &c));
    assert_true(vmxr_sc_drain(p));
    unsigned n = 0;
    while (n < max && vmxr_sc_take(p, &d[n]))
        n++;
    return n;
}

static bool dec_equal(const struct vmxr_decision *a, const struct vmxr_decision *b)
{
    return a->cpu == b->cpu && a->op == b->op && a->outcome == b->outcome && a->err == b->err &&
           a->from == b->from && a->to == b->to && a->rule == b->rule && a->idx == b->idx && a->reason == b->reason &&
           a->qual == b->qual;
}

/* ---- cases ---------------------------------------------------------------- */

static void unknown_engine(void **state)
{
    (void)state;
    char err[256] = "";
    assert_null(vmxr_sc_create("sc-foo", err, sizeof err));
    assert_non_null(strstr(err, "sc-foo"));
    assert_null(vmxr_sc_create("model", err, sizeof err));
    assert_null(vmxr_engine_sc("model"));
    for (unsigned i = 0; i < NENG; i++) {
        assert_string_equal(vmxr_sc_engine_name(i), ENGINES[i]);
        assert_non_null(vmxr_engine_find(ENGINES[i])); /* this program links the buses over them */
        assert_true(vmxr_engine_item_level(vmxr_engine_find(ENGINES[i])));
    }
    assert_null(vmxr_sc_engine_name(NENG));
}

/* Registers, PSLVERR, commands and decisions on every engine. */
static void apb_and_commands(void **state)
{
    (void)state;
    for (unsigned e = 0; e < NENG; e++) {
        struct vmxr_sc *p = open_sc(ENGINES[e]);
        assert_string_equal(vmxr_sc_name(p), ENGINES[e]);
        bool err = true;
        assert_int_equal(vmxr_sc_apb_read(p, 0, 0x000, &err), 0x564D5852);
        assert_false(err);
        assert_int_equal(vmxr_sc_apb_read(p, 3, 0x002, &err), 0); /* unaligned */
        assert_true(err);
        assert_false(vmxr_sc_apb_write(p, 0, 0x044, 3));          /* OWNER[1] = 3 */
        assert_true(vmxr_sc_apb_write(p, 1, 0x044, 5));           /* VMM 1: ACCESS */
        assert_int_equal(vmxr_sc_apb_read(p, 1, 0x044, NULL), 3);
        assert_int_equal(vmxr_sc_apb_read(p, 0, 0x00C, &err), 0x9); /* ERR: ACCESS | DECODE */

        struct vmxr_decision d[4];
        assert_int_equal(command(p, launch(0, 1), d, 4), 1);
        assert_int_equal(d[0].op, VMXR_OP_LAUNCH);
        assert_int_equal(d[0].outcome, VMXR_OUTCOME_LAUNCHED);
        assert_int_equal(d[0].to, 0x01);
        /* I/O exit from vm 1: home VMM 3 */
        assert_int_equal(command(p, ev(0, 30, 0x03F80000), d, 4), 1);
        assert_int_equal(d[0].outcome, VMXR_OUTCOME_DELIVER);
        assert_int_equal(d[0].to, 0x13);
        assert_int_equal(d[0].rule, VMXR_RULE_HOME);
        assert_int_equal(vmxr_sc_apb_read(p, 0, 0x180, NULL), 0x113); /* CPU_STATE[0]: vmm 3, depth 1 */
        assert_int_equal(command(p, resume(0), d, 4), 1);
        assert_int_equal(d[0].outcome, VMXR_OUTCOME_RESUMED);
        assert_int_equal(command(p, ev(7, 10, 0), d, 4), 1);
        assert_int_equal(d[0].err, VMXR_ERRC_BAD_CPU);
        assert_int_equal(vmxr_sc_apb_read(p, 0, 0xE20, NULL), 4); /* CMD_COUNT */
        assert_null(vmxr_sc_failure(p));
        vmxr_sc_destroy(p);
    }
}

static struct vmxr_cmd ept(unsigned cpu, uint32_t qual, uint64_t gpa)
{
    struct vmxr_cmd c = ev(cpu, 48, qual);
    c.gpa = gpa;
    return c;
}

/* VMXR-2 on every engine: PARAMS2, a memory range route on the last entry
 * (its frame above bit 31 of the 64-bit cmd_gpa, so a port narrower than
 * 64 bits misses it; bit 63 set puts it beyond the table's reach), a key
 * range route to a group (the last key entry). */
static void memory_and_key_routes(void **state)
{
    (void)state;
    const uint32_t frame = 0xABCDE012u; /* gpa[43:12] */
    const uint64_t gpa = (uint64_t)frame << 12 | 0x345u;
    for (unsigned e = 0; e < NENG; e++) {
        struct vmxr_sc *p = open_sc(ENGINES[e]);
        struct vmxr_decision d[4];
        assert_int_equal(vmxr_sc_apb_read(p, 0, VMXR_PARAMS2_ADDR, NULL), VMXR_PARAMS2_RESET);
        unsigned j = VMXR_NMEM - 1, k = VMXR_NKEY - 1;
        assert_false(vmxr_sc_apb_write(p, 0, VMXR_MEM_BASE_ADDR(j), frame & ~0xFFu));
        assert_false(vmxr_sc_apb_write(p, 0, VMXR_MEM_LIMIT_ADDR(j), frame | 0xFFu));
        assert_false(vmxr_sc_apb_write(p, 0, VMXR_MEM_CTRL_ADDR(j),
                                       VMXR_MEM_CTRL_V_MASK | VMXR_MEM_CTRL_W_MASK | VMXR_MEM_CTRL_PMASK_MASK |
                                           2u << VMXR_MEM_CTRL_VMM_LSB));
        assert_int_equal(command(p, launch(0, 0), d, 4), 1);
        assert_int_equal(command(p, ept(0, 2, gpa), d, 4), 1); /* a data write */
        assert_int_equal(d[0].outcome, VMXR_OUTCOME_DELIVER);
        assert_int_equal(d[0].to, 0x12);
        assert_int_equal(d[0].rule, VMXR_RULE_MEM);
        assert_int_equal(d[0].idx, j);
        assert_int_equal(command(p, resume(0), d, 4), 1);
        assert_int_equal(command(p, ept(0, 1, gpa), d, 4), 1); /* a read: not enabled in the entry */
        assert_int_equal(d[0].rule, VMXR_RULE_HOME);
        assert_int_equal(d[0].to, 0x10);
        assert_int_equal(command(p, resume(0), d, 4), 1);
        assert_int_equal(command(p, ept(0, 2, gpa | UINT64_C(1) << 63), d, 4), 1);
        assert_int_equal(d[0].rule, VMXR_RULE_HOME);
        assert_int_equal(command(p, resume(0), d, 4), 1);

        assert_false(vmxr_sc_apb_write(p, 0, VMXR_GROUP_ADDR(1), 0x60)); /* VMMs 5 and 6 */
        assert_false(vmxr_sc_apb_write(p, 0, VMXR_KEY_BASE_ADDR(k), 0x100));
        assert_false(vmxr_sc_apb_write(p, 0, VMXR_KEY_LIMIT_ADDR(k), 0x1FF));
        assert_false(vmxr_sc_apb_write(p, 0, VMXR_KEY_CTRL_ADDR(k),
                                       VMXR_KEY_CTRL_V_MASK | VMXR_KEY_CTRL_PMASK_MASK | VMXR_KEY_CTRL_GRP_MASK |
                                           VMXR_KEY_CTRL_VMCALL_MASK | 1u << VMXR_KEY_CTRL_VMM_LSB));
        assert_int_equal(command(p, ev(0, 18, 0x180), d, 4), 1);
        assert_int_equal(d[0].rule, VMXR_RULE_KEY);
        assert_int_equal(d[0].idx, k);
        assert_int_equal(d[0].to, 0x15);
        assert_int_equal(command(p, ev(1, 18, 0x180), d, 4), 1); /* VMM 5 has one pending */
        assert_int_equal(d[0].rule, VMXR_RULE_KEY);
        assert_int_equal(d[0].to, 0x16);
        assert_int_equal(command(p, ev(1, 31, 0x180), d, 4), 1); /* RDMSR: not a kind of the entry */
        assert_int_not_equal(d[0].rule, VMXR_RULE_KEY);
        assert_null(vmxr_sc_failure(p));
        vmxr_sc_destroy(p);
    }
}

/* Straps at reset, and a reset drops what was queued. */
static void straps_and_reset(void **state)
{
    (void)state;
    for (unsigned e = 0; e < NENG; e++) {
        struct vmxr_sc *p = open_sc(ENGINES[e]);
        struct vmxr_straps s = { .smi_en = true, .smi_vmm = 2, .smi_lock = true };
        assert_int_equal(vmxr_sc_apb_read(p, 0, 0x020, NULL), 0);
        vmxr_sc_reset(p, &s);
        assert_int_equal(vmxr_sc_cycles(p), 2);
        assert_int_equal(vmxr_sc_apb_read(p, 0, 0x020, NULL), 0x80000021);
        assert_true(vmxr_sc_apb_write(p, 0, 0x020, 0)); /* locked */
        struct vmxr_cmd c = launch(1, 2);
        assert_true(vmxr_sc_submit(p, &c));
        vmxr_sc_reset(p, NULL);
        assert_true(vmxr_sc_drain(p));
        struct vmxr_decision d;
        assert_false(vmxr_sc_take(p, &d));
        assert_int_equal(vmxr_sc_apb_read(p, 0, 0x020, NULL), 0);
        assert_int_equal(vmxr_sc_apb_read(p, 0, 0xE20, NULL), 0);
        vmxr_sc_destroy(p);
    }
}

/* take() is non-blocking, and a decision comes out the same number of
 * cycles after its submission on every engine: handshake, RT, EX, DQ
 * (docs/pipeline.md); sc-tlm's submit itself accounts for the
 * handshake cycle (its annotated delay). */
static void decision_latency(void **state)
{
    (void)state;
    unsigned after[NENG];
    for (unsigned e = 0; e < NENG; e++) {
        struct vmxr_sc *p = open_sc(ENGINES[e]);
        struct vmxr_cmd c = launch(0, 0);
        struct vmxr_decision d;
        uint64_t t0 = vmxr_sc_cycles(p);
        assert_true(vmxr_sc_submit(p, &c));
        assert_false(vmxr_sc_take(p, &d));
        unsigned n = 0;
        while (!vmxr_sc_take(p, &d) && n++ < 20)
            vmxr_sc_run(p, 1);
        assert_int_equal(d.outcome, VMXR_OUTCOME_LAUNCHED);
        after[e] = (unsigned)(vmxr_sc_cycles(p) - t0);
        vmxr_sc_destroy(p);
    }
    for (unsigned e = 1; e < NENG; e++)
        assert_int_equal(after[e], after[0]);
    assert_int_equal(after[0], VMXR_LATENCY + 1); /* handshake, RT, EX, DQ (taken) */
}

/* Commands submitted back to back: one per cycle on the pin-level engines
 * (and in sc-tlm's annotated time), an injection costs one bubble. */
static void throughput(void **state)
{
    (void)state;
    for (unsigned e = 0; e < NENG; e++) {
        struct vmxr_sc *p = open_sc(ENGINES[e]);
        struct vmxr_decision d;
        uint64_t t0 = vmxr_sc_cycles(p);
        for (unsigned i = 0; i < 200; i++) {
            struct vmxr_cmd c = ev(i % 4, 10, 0);
            assert_true(vmxr_sc_submit(p, &c));
        }
        assert_true(vmxr_sc_drain(p));
        uint64_t used = vmxr_sc_cycles(p) - t0;
        assert_in_range(used, 200, 206);
        unsigned n = 0;
        while (vmxr_sc_take(p, &d))
            n++;
        assert_int_equal(n, 200);
        assert_null(vmxr_sc_failure(p));
        vmxr_sc_destroy(p);
    }
    /* a queue longer than the hang limit drains: a hang is no progress */
    struct vmxr_sc *p = open_sc("sc-model");
    struct vmxr_decision d;
    unsigned n = 0, total = VMXR_SC_HANG_CYCLES + 20000;
    for (unsigned i = 0; i < total; i++) {
        struct vmxr_cmd c = ev(i % 4, 10, 0);
        assert_true(vmxr_sc_submit(p, &c));
    }
    assert_true(vmxr_sc_drain(p));
    while (vmxr_sc_take(p, &d))
        n++;
    assert_int_equal(n, total);
    assert_null(vmxr_sc_failure(p));
    vmxr_sc_destroy(p);
}

/* 50 create/destroy cycles over every engine, some with a trace open, and
 * platforms that live side by side. */
static void create_destroy_cycles(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/vmxr-sc-%ld.fst", (long)getpid());
    for (unsigned i = 0; i < 50; i++) {
        struct vmxr_sc *p = open_sc(ENGINES[i % NENG]);
        if (i % 8 == 2)
            assert_int_equal(vmxr_sc_trace_open(p, path), 0);
        struct vmxr_decision d[3];
        assert_int_equal(command(p, launch(i % 4, i % 16), d, 3), 1);
        assert_int_equal(vmxr_sc_apb_read(p, 0, 0xE20, NULL), 1);
        if (i % 16 == 2)
            vmxr_sc_trace_close(p); /* else destroy closes it */
        vmxr_sc_destroy(p);
    }
    remove(path);
    /* two at once, calls interleaved */
    struct vmxr_sc *a = open_sc("sc-cosim"), *b = open_sc("sc-tlm"), *c = open_sc("sc-cosim");
    struct vmxr_decision d[3];
    assert_false(vmxr_sc_apb_write(a, 0, 0x044, 3));
    assert_int_equal(command(b, launch(0, 1), d, 3), 1);
    assert_int_equal(command(a, launch(0, 1), d, 3), 1);
    assert_int_equal(command(c, launch(0, 1), d, 3), 1);
    assert_int_equal(command(a, ev(0, 10, 0), d, 3), 1);
    assert_int_equal(d[0].to, 0x13);
    vmxr_sc_destroy(c);
    assert_int_equal(command(b, ev(0, 10, 0), d, 3), 1);
    assert_int_equal(d[0].to, 0x10);
    assert_int_equal(vmxr_sc_apb_read(a, 0, 0xE20, NULL), 2);
    assert_null(vmxr_sc_failure(a));
    vmxr_sc_destroy(a);
    vmxr_sc_destroy(b);
}

/* Back-pressure switched off again drives dec_ready high: the next commands
 * complete (they would hang with dec_ready left low). */
static void stall_off(void **state)
{
    (void)state;
    static const char *const pin[] = { "sc-model", "sc-rtl", "sc-cosim" };
    for (unsigned e = 0; e < 3; e++) {
        struct vmxr_sc *p = open_sc(pin[e]);
        struct vmxr_decision d[3];
        for (uint64_t seed = 1; seed <= 16; seed++) {
            vmxr_sc_stall(p, true, seed);
            vmxr_sc_run(p, 1 + seed % 3);
            vmxr_sc_stall(p, false, 0);
            assert_int_equal(command(p, launch(0, 1), d, 3), 1); /* then NOT_IN_VMM: still one decision */
            assert_int_equal(d[0].outcome, seed == 1 ? VMXR_OUTCOME_LAUNCHED : VMXR_OUTCOME_ERROR);
        }
        assert_null(vmxr_sc_failure(p));
        vmxr_sc_destroy(p);
    }
}

/* sc-tlm hands out a decision by its own context's time, whichever
 * platform ran last. */
static void tlm_take_after_another_platform(void **state)
{
    (void)state;
    struct vmxr_sc *t = open_sc("sc-tlm");
    for (unsigned i = 0; i < 300; i++)
        assert_true(vmxr_sc_submit(t, &(struct vmxr_cmd){ .cpu = 0, .op = VMXR_OP_LAUNCH, .vm = 1 }));
    assert_true(vmxr_sc_drain(t));
    struct vmxr_decision d;
    unsigned n = 0;
    while (vmxr_sc_take(t, &d))
        n++;
    assert_int_equal(n, 300);
    assert_true(vmxr_sc_submit(t, &(struct vmxr_cmd){ .cpu = 0, .op = VMXR_OP_LAUNCH, .vm = 1 }));
    assert_true(vmxr_sc_drain(t));
    struct vmxr_sc *m = open_sc("sc-model");
    vmxr_sc_run(m, 5);
    vmxr_sc_destroy(m);
    assert_true(vmxr_sc_take(t, &d));
    assert_int_equal(d.op, VMXR_OP_LAUNCH);
    assert_false(vmxr_sc_take(t, &d));
    vmxr_sc_destroy(t);
}

/* The plain Verilated engine leaves Verilator's thread context pointing at
 * a context it has deleted; the SystemC RTL must not pick that one up. */
static void after_plain_rtl(void **state)
{
    (void)state;
    for (unsigned round = 0; round < 2; round++) {
        char err[256];
        struct vmxr_engine *e = vmxr_engine_open("rtl", err, sizeof err);
        assert_non_null(e);
        struct vmxr_unit_in in = { 0 };
        struct vmxr_unit_out out;
        for (unsigned i = 0; i < 4; i++)
            vmxr_engine_step(e, &in, &out);
        vmxr_engine_close(e);
        struct vmxr_sc *p = open_sc(round ? "sc-cosim" : "sc-rtl");
        struct vmxr_decision d[3];
        assert_int_equal(command(p, launch(0, 1), d, 3), 1);
        assert_int_equal(d[0].outcome, VMXR_OUTCOME_LAUNCHED);
        assert_null(vmxr_sc_failure(p));
        vmxr_sc_destroy(p);
    }
}

/* FST traces: pin-level engines only; the file has content. */
static void traces(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/vmxr-sc-t-%ld.fst", (long)getpid());
    for (unsigned e = 0; e < NENG; e++) {
        struct vmxr_sc *p = open_sc(ENGINES[e]);
        remove(path);
        int rc = vmxr_sc_trace_open(p, path);
        if (!strcmp(ENGINES[e], "sc-tlm")) {
            assert_int_equal(rc, -1);
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(vmxr_sc_trace_open(p, path), -1); /* one at a time */
            struct vmxr_decision d[3];
            assert_int_equal(command(p, launch(0, 1), d, 3), 1);
            vmxr_sc_trace_close(p);
            struct stat st;
            assert_int_equal(stat(path, &st), 0);
            assert_true(st.st_size > 200);
            /* reopen after close */
            assert_int_equal(vmxr_sc_trace_open(p, path), 0);
            vmxr_sc_run(p, 5);
        }
        vmxr_sc_destroy(p);
    }
    remove(path);
}

/* Every vector file through every SystemC bus, expectations checked. */
static void vectors_on_buses(void **state)
{
    (void)state;
    if (!nvec_files)
        skip();
    for (int i = 0; i < nvec_files; i++) {
        struct vec_file f;
        char err[4096];
        assert_true(vec_load(vec_files[i], &f, err, sizeof err));
        for (unsigned e = 0; e < NENG; e++) {
            struct vec_result *res = calloc(f.nitems + 1, sizeof *res);
            struct run_stats st = { 0 };
            struct run_opts o = { .bus = true };
            assert_non_null(res);
            if (!run_file_opts(&f, ENGINES[e], &o, res, &st, err, sizeof err, NULL, NULL))
                fail_msg("%s on %s: %s", vec_files[i], ENGINES[e], err);
            run_check(&f, res, &st, stderr);
            if (st.failed)
                fail_msg("%s on %s: %u of %u expectations failed", vec_files[i], ENGINES[e], st.failed, st.checks);
            free(res);
        }
        vec_free(&f);
    }
}

/* Every vector file streamed through the C API: commands submitted without
 * waiting, APB accesses in between, random decision back-pressure; every
 * decision and every read equal to the transaction-level core's. */
static void streams_against_txn(void **state)
{
    (void)state;
    if (!nvec_files)
        skip();
    struct vmxr_state *ref = malloc(sizeof *ref);
    assert_non_null(ref);
    for (int i = 0; i < nvec_files; i++) {
        struct vec_file f;
        char err[4096];
        assert_true(vec_load(vec_files[i], &f, err, sizeof err));
        for (unsigned e = 0; e < NENG; e++) {
            struct vmxr_sc *p = open_sc(ENGINES[e]);
            vmxr_sc_stall(p, true, 1000u + (unsigned)i);
            vmxr_sc_reset(p, &f.straps);
            vmxr_state_reset(ref, &f.straps);
            struct vmxr_decision want[3 * 4096], got;
            unsigned nwant = 0, ngot = 0;
            for (unsigned k = 0; k < f.nitems; k++) {
                const struct vec_item *it = &f.items[k];
                switch (it->kind) {
                case VEC_WR:
                    if (vmxr_sc_apb_write(p, it->vmm, it->addr, it->value) !=
                        vmxr_apb_write(ref, it->vmm, it->addr, it->value))
                        fail_msg("%s:%u on %s: PSLVERR differs", f.path, it->line, ENGINES[e]);
                    break;
                case VEC_RD: {
                    bool e1, e2;
                    uint32_t v1 = vmxr_sc_apb_read(p, it->vmm, it->addr, &e1);
                    uint32_t v2 = vmxr_apb_read(ref, it->addr, &e2);
                    if (v1 != v2 || e1 != e2)
                        fail_msg("%s:%u on %s: read 0x%08X/%d, txn 0x%08X/%d", f.path, it->line, ENGINES[e], v1,
                                 e1, v2, e2);
                    break;
                }
                case VEC_EV:
                case VEC_LAUNCH:
                case VEC_RESUME:
                    assert_true(vmxr_sc_submit(p, &it->cmd));
                    assert_true(nwant + 3 <= sizeof want / sizeof want[0]);
                    nwant += vmxr_txn_command(ref, &it->cmd, &want[nwant]);
                    break;
                case VEC_IDLE: vmxr_sc_run(p, it->idle); break;
                default: break;
                }
                while (vmxr_sc_take(p, &got)) {
                    assert_true(ngot < nwant);
                    if (!dec_equal(&got, &want[ngot]))
                        fail_msg("%s:%u on %s: decision %u differs from txn", f.path, it->line, ENGINES[e], ngot);
                    ngot++;
                }
            }
            assert_true(vmxr_sc_drain(p));
            while (vmxr_sc_take(p, &got)) {
                assert_true(ngot < nwant);
                if (!dec_equal(&got, &want[ngot]))
                    fail_msg("%s on %s: decision %u differs from txn", f.path, ENGINES[e], ngot);
                ngot++;
            }
            assert_int_equal(ngot, nwant);
            if (vmxr_sc_failure(p))
                fail_msg("%s on %s: %s", f.path, ENGINES[e], vmxr_sc_failure(p));
            vmxr_sc_destroy(p);
        }
        vec_free(&f);
    }
    free(ref);
}

/* ---- main ------------------------------------------------------------------- */

/* Writes DIR/sc-<engine>.fst: a launch, an I/O exit, a resume, a CPUID exit
 * on another CPU, and an EPT violation on it whose gpa,
 * 0x8000_0ABC_DE01_2345, sets bits above 32 (tests/sc_wave.sh looks for it
 * on cmd_gpa). */
static int write_fst(const char *dir)
{
    static const char *const pin[] = { "sc-model", "sc-rtl", "sc-cosim" };
    for (unsigned e = 0; e < 3; e++) {
        char err[256], path[1024];
        snprintf(path, sizeof path, "%s/%s.fst", dir, pin[e]);
        struct vmxr_sc *p = vmxr_sc_create(pin[e], err, sizeof err);
        if (!p || vmxr_sc_trace_open(p, path)) {
            fprintf(stderr, "test_sc_api: %s: cannot trace to %s %s\n", pin[e], path, p ? "" : err);
            vmxr_sc_destroy(p);
            return 1;
        }
        struct vmxr_cmd c[] = { launch(0, 1), ev(0, 30, 0x03F80000), resume(0), ev(1, 10, 0),
                                ept(1, 2, UINT64_C(0x80000ABCDE012345)) };
        vmxr_sc_apb_write(p, 0, 0x044, 3);
        for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++)
            vmxr_sc_submit(p, &c[i]);
        vmxr_sc_drain(p);
        vmxr_sc_run(p, 4);
        printf("%s %llu\n", path, (unsigned long long)vmxr_sc_cycles(p));
        vmxr_sc_destroy(p);
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct CMUnitTest all[] = {
        cmocka_unit_test(unknown_engine),   cmocka_unit_test(apb_and_commands),
        cmocka_unit_test(memory_and_key_routes),
        cmocka_unit_test(straps_and_reset), cmocka_unit_test(decision_latency),
        cmocka_unit_test(throughput),       cmocka_unit_test(create_destroy_cycles),
        cmocka_unit_test(traces),           cmocka_unit_test(after_plain_rtl),
        cmocka_unit_test(vectors_on_buses),
        cmocka_unit_test(streams_against_txn),
        cmocka_unit_test(stall_off),
        cmocka_unit_test(tlm_take_after_another_platform),
    };
    struct CMUnitTest sel[sizeof all / sizeof all[0]];
    size_t nsel = 0;
    const char *only[16];
    unsigned nonly = 0;
    vec_files = calloc((size_t)argc, sizeof *vec_files);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--fst") && i + 1 < argc)
            return write_fst(argv[i + 1]);
        if (!strcmp(argv[i], "--only") && i + 1 < argc && nonly < 16)
            only[nonly++] = argv[++i];
        else
            vec_files[nvec_files++] = argv[i];
    }
    for (size_t t = 0; t < sizeof all / sizeof all[0]; t++) {
        bool take = !nonly;
        for (unsigned k = 0; k < nonly; k++)
            take = take || !strcmp(only[k], all[t].name);
        if (take)
            sel[nsel++] = all[t];
    }
    int rc = _cmocka_run_group_tests("systemc_platform", sel, nsel, NULL, NULL);
    free(vec_files);
    return rc;
}
