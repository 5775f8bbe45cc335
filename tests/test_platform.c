/* Unit tests of the host platform (platform/): the scenario parser, and
 * runs against the stand-in firmware of tests/fw_mock.c on the txn and
 * model buses: engine-independent transcripts, traces that replay, the
 * firmware-bug checks and the runaway limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "platform.h"
#include "run.h"
#include "vec1.h"

static bool parse(const char *text, struct scenario *s, char *err, size_t n)
{
    return scn_parse("t.scn", text, strlen(text), s, err, n);
}

static void test_parse_ok(void **state)
{
    (void)state;
    const char *text = "vmxr-scenario 1   # header\n"
                       "strap smi en=1 vmm=1 lock=1\n"
                       "cpus 2\n"
                       "schedule cpu=0 vms=0,2\n"
                       "schedule cpu=1 vms=1\n"
                       "owner vm=1 vmm=6\n"
                       "lock on\n"
                       "limit 500\n"
                       "program vm=0\n"
                       "  print \"a#\\x41\\n\"   # 4 bytes\n"
                       "  repeat 3 vmcall 1 0x10\n"
                       "  out 0xB2 0xF1\n"
                       "  in 0xCFC 4\n"
                       "end\n"
                       "program vm=1 cpu=1\n"
                       "  sipi 0 0x12\n"
                       "end\n"
                       "at 7 mgmt offline vmm=2 cpu=1\n"
                       "during vmm=1 nth=2 nmi\n";
    struct scenario s;
    char err[256] = "";
    assert_true(parse(text, &s, err, sizeof err));
    assert_true(s.straps.smi_en && s.straps.smi_lock);
    assert_int_equal(s.straps.smi_vmm, 1);
    assert_int_equal(s.cfg.ncpu, 2);
    assert_int_equal(s.cfg.cpu_nvms[0], 2);
    assert_int_equal(s.cfg.cpu_vms[0][1], 2);
    assert_int_equal(s.cfg.vm_owner[1], 6);
    assert_true(s.cfg.lock);
    assert_int_equal(s.limit, 500);
    assert_int_equal(s.nprogs, 2);
    assert_int_equal(s.progs[0].nops, 4 + 3 + 1 + 1);
    struct scn_op ops[10];
    struct scn_cursor at = { 0 };
    unsigned nops = 0;
    while (nops < 10 && scn_next(&s.progs[0], &at, &ops[nops]))
        nops++;
    assert_int_equal(nops, 9);
    assert_int_equal(ops[1].b, '#');
    assert_int_equal(ops[2].b, 'A');
    assert_int_equal(ops[3].a, 0x3F8);
    assert_int_equal(ops[6].kind, SCN_VMCALL);
    assert_int_equal(ops[6].b, 0x10);
    assert_int_equal(ops[7].kind, SCN_APM); /* OUT 0xB2 is the APM port */
    assert_int_equal(ops[8].size, 4);
    assert_ptr_equal(scn_program_for(&s, 1, 1), &s.progs[1]);
    assert_null(scn_program_for(&s, 1, 0));
    assert_int_equal(s.nevents, 2);
    assert_int_equal(s.events[0].kind, SCN_EV_MGMT_OFF);
    assert_int_equal(s.events[0].cpu, 1);
    assert_true(s.events[1].during);
    assert_int_equal(s.events[1].cpu, -1);
    assert_string_equal(s.name, "t");
    scn_free(&s);
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *where;
    } cases[] = {
        { "", "t.scn:1:1: " },
        { "vmxr-vectors 1\n", "t.scn:1:1: " },
        { "vmxr-scenario 1\nbogus\n", "t.scn:2:1: " },
        { "vmxr-scenario 1\ncpus 9\n", "t.scn:2:6: " },
        { "vmxr-scenario 1\ncpus 2\ncpus 2\n", "t.scn:3:1: " },
        { "vmxr-scenario 1\nschedule cpu=0 vms=0,,1\n", "t.scn:2:22: " },
        { "vmxr-scenario 1\nschedule cpu=3 vms=0\n", "t.scn:2:10: " },
        { "vmxr-scenario 1\nowner vm=16 vmm=1\n", "t.scn:2:10: " },
        { "vmxr-scenario 1\nprogram vm=0\n  out 0x3F8 1 3\nend\n", "t.scn:3:15: " },
        { "vmxr-scenario 1\nprogram vm=0\n  in\nend\n", "t.scn:3:3: " },
        { "vmxr-scenario 1\nprogram vm=0\n  print abc\nend\n", "t.scn:3:9: " },
        { "vmxr-scenario 1\nprogram vm=0\n  print \"\\q\"\nend\n", "t.scn:3:10: " },
        { "vmxr-scenario 1\nprogram vm=0\n  hlt\n", "t.scn:2:1: " },
        { "vmxr-scenario 1\nend\n", "t.scn:2:1: " },
        { "vmxr-scenario 1\nat x smi\n", "t.scn:2:4: " },
        { "vmxr-scenario 1\nat 3 smi cpu=1\n", "t.scn:2:1: " }, /* one cpu */
        { "vmxr-scenario 1\nduring vmm=1 nth=0 smi\n", "t.scn:2:14: " },
        { "vmxr-scenario 1\nduring vmm=1 nth=1 reset\n", "t.scn:2:20: " },
        { "vmxr-scenario 1\nprogram vm=0\nrepeat 3\nend\n", "t.scn:3:1: " },
        { "vmxr-scenario 1\nlimit 0\n", "t.scn:2:7: " },
        { "vmxr-scenario 1\nprogram vm=0\n  cpuid 0x100000000\nend\n", "t.scn:3:9: " },
        { "vmxr-scenario 1\nprogram vm=0\n  vmcall 1 99999999999999999999\nend\n", "t.scn:3:12: " },
        { "vmxr-scenario 1\nprogram vm=0\n  mmio-read 0xFED00000 3\nend\n", "t.scn:3:24: " },
        { "vmxr-scenario 1\nprogram vm=0\n  mmio-read 0xFED00000 16\nend\n", "t.scn:3:24: " },
        { "vmxr-scenario 1\nprogram vm=0\n  mmio-read\nend\n", "t.scn:3:3: " },
        { "vmxr-scenario 1\nprogram vm=0\n  mmio-write 0xFED00000 0x100 1\nend\n", "t.scn:3:25: " },
        { "vmxr-scenario 1\nprogram vm=0\n  mmio-write 0xFED00000\nend\n", "t.scn:3:3: " },
        { "vmxr-scenario 1\nprogram vm=0\n  exit reason=48 gpa=0x10000000000000000\nend\n", "t.scn:3:22: " },
        { "vmxr-scenario 1\nprogram vm=0\n  exit reason=48 gpa=1 gpa=2\nend\n", "t.scn:3:24: " },
    };
    unsigned bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct scenario s;
        char err[256] = "";
        bool ok = parse(cases[i].text, &s, err, sizeof err);
        if (ok || strncmp(err, cases[i].where, strlen(cases[i].where)) != 0) {
            print_error("case %zu: want %s..., got %s\n", i, cases[i].where, ok ? "success" : err);
            bad++;
        }
        scn_free(&s);
    }
    assert_int_equal(bad, 0);
}

/* A program is kept as its statements: a repeat is a count, a print its
 * text, whatever they expand to; the cursor gives the instructions back. */
static void test_parse_records(void **state)
{
    (void)state;
    const char *text = "vmxr-scenario 1\n"
                       "cpus 2\n"
                       "program vm=0\n"
                       "  repeat 199980 hlt\n"
                       "  repeat 3 print \"ab\"\n"
                       "  exit reason=30 qual=0xFFFFFFFF itype=7 vec=0xFF ec=0x12345678\n"
                       "  ud\n"
                       "  ept addr=0x1000 access=rx\n"
                       "  exit reason=48 qual=3 gpa=0xFFFFFFFFFFFFFFFF\n"
                       "  mmio-read 0xFED000F0 8\n"
                       "  repeat 2 mmio-write 0xFED00010 0xFFFF 2\n"
                       "  vmcall 0xFFFFFFFFFFFFFFFF 0\n"
                       "  repeat 0 in 0x60\n"
                       "  in 0x60 2\n"
                       "end\n";
    struct scenario s;
    char err[256] = "";
    assert_true(parse(text, &s, err, sizeof err));
    const struct scn_program *g = &s.progs[0];
    assert_int_equal(g->nops, 199980 + 6 + 9);
    assert_true(g->len < 96); /* a record a statement; a gpa is the longest field */
    struct scn_cursor at = { 0 };
    struct scn_op op;
    for (unsigned i = 0; i < 199980; i++) {
        assert_true(scn_next(g, &at, &op));
        assert_int_equal(op.kind, SCN_HLT);
    }
    for (unsigned i = 0; i < 6; i++) {
        assert_true(scn_next(g, &at, &op));
        assert_int_equal(op.kind, SCN_OUT);
        assert_int_equal(op.a, 0x3F8);
        assert_int_equal(op.b, "ab"[i % 2]);
    }
    assert_true(scn_next(g, &at, &op));
    assert_int_equal(op.kind, SCN_EXIT);
    assert_int_equal(op.form, SCN_EXIT_RAW);
    assert_int_equal(op.reason, 30);
    assert_int_equal(op.itype, 7);
    assert_int_equal(op.vector, 0xFF);
    assert_int_equal(op.a, 0xFFFFFFFFu);
    assert_int_equal(op.b, 0x12345678u);
    assert_true(scn_next(g, &at, &op));
    assert_int_equal(op.form, SCN_EXIT_UD);
    assert_int_equal(op.vector, 6);
    assert_int_equal(op.itype, 3);
    assert_true(scn_next(g, &at, &op));
    assert_int_equal(op.form, SCN_EXIT_EPT);
    assert_int_equal(op.reason, 48);
    assert_int_equal(op.a, 5);
    assert_int_equal(op.b, 0);
    assert_int_equal(op.gpa, 0x1000);
    assert_true(scn_next(g, &at, &op));
    assert_int_equal(op.form, SCN_EXIT_RAW);
    assert_int_equal(op.reason, 48);
    assert_int_equal(op.a, 3);
    assert_true(op.gpa == UINT64_MAX);
    assert_true(scn_next(g, &at, &op));
    assert_int_equal(op.form, SCN_EXIT_MMIO_RD);
    assert_int_equal(op.reason, 48);
    assert_int_equal(op.a, 0x80000001u); /* read, 8 bytes in [31:28] */
    assert_int_equal(op.gpa, 0xFED000F0u);
    for (unsigned i = 0; i < 2; i++) {
        assert_true(scn_next(g, &at, &op));
        assert_int_equal(op.form, SCN_EXIT_MMIO_WR);
        assert_int_equal(op.a, 0x20000002u); /* write, 2 bytes */
        assert_int_equal(op.b, 0xFFFF);
        assert_int_equal(op.gpa, 0xFED00010u);
    }
    assert_true(scn_next(g, &at, &op));
    assert_int_equal(op.kind, SCN_VMCALL);
    assert_true(op.a == UINT64_MAX);
    assert_int_equal(op.b, 0);
    assert_true(scn_next(g, &at, &op));
    assert_int_equal(op.kind, SCN_IN);
    assert_int_equal(op.size, 2);
    assert_false(scn_next(g, &at, &op));
    assert_false(scn_next(g, &at, &op));
    scn_free(&s);

    /* the limit counts instructions, not records; the first sipi or ipi to a
     * CPU the scenario lacks is named, whatever its repeat count */
    static const struct {
        const char *text, *err;
    } cases[] = {
        { "vmxr-scenario 1\nprogram vm=0\n  repeat 200000 hlt\n  hlt\nend\n",
          "t.scn:4:3: program of vm 0 has more than 200000 instructions" },
        { "vmxr-scenario 1\nprogram vm=0\n  repeat 199999 hlt\n  repeat 400 print \"0123456789\"\nend\n",
          "t.scn:4:20: program of vm 0 has more than 200000 instructions" },
        { "vmxr-scenario 1\nprogram vm=1\nsipi 0 1\nrepeat 0 ipi 3 1\nrepeat 5 ipi 2 1\nsipi 1 0\nend\ncpus 2\n",
          "t.scn:5:1: target cpu 2 but the scenario has 2 cpus" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_false(parse(cases[i].text, &s, err, sizeof err));
        assert_string_equal(err, cases[i].err);
        scn_free(&s);
    }
}

/* Mutated inputs: parse or refuse, never crash (ASan/valgrind builds). */
static void test_parse_fuzz(void **state)
{
    (void)state;
    const char *seed = "vmxr-scenario 1\ncpus 2\nschedule cpu=0 vms=0,1\nprogram vm=0 cpu=1\n  print \"hi\\x21\"\n"
                       "  repeat 2 out 0x80 0x12 1\n  sipi 1 0x11\nend\nat 3 ipi vec=0xE1 cpu=1\n"
                       "during vmm=3 nth=1 mgmt online vmm=2\n";
    size_t n = strlen(seed);
    char *buf = malloc(n + 1);
    assert_non_null(buf);
    uint64_t x = 88172645463325252ull;
    unsigned parsed = 0;
    for (unsigned it = 0; it < 20000; it++) {
        memcpy(buf, seed, n + 1);
        unsigned k = 1 + it % 4;
        for (unsigned j = 0; j < k; j++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            static const char alphabet[] = " \n\"\\=#,0x19Fzcpu";
            buf[x % n] = (x >> 20) & 1 ? alphabet[(x >> 24) % (sizeof alphabet - 1)] : (char)(x >> 32);
        }
        struct scenario s;
        char err[256];
        if (scn_parse("f.scn", buf, n, &s, err, sizeof err))
            parsed++;
        else
            assert_true(strncmp(err, "f.scn:", 6) == 0);
        scn_free(&s);
    }
    free(buf);
    assert_true(parsed > 0);
}

/* Runs text on engine with the mock firmware; transcript and trace in
 * malloc'ed strings. */
static struct plat_result run_text(const char *text, const char *engine, char **tx, char **tr)
{
    struct scenario s;
    char err[256] = "";
    if (!parse(text, &s, err, sizeof err))
        fail_msg("scenario: %s", err);
    struct vmxr_bus *bus = vmxr_bus_open(engine, &s.straps, err, sizeof err);
    assert_non_null(bus);
    size_t tl = 0, rl = 0;
    FILE *tf = open_memstream(tx, &tl), *rf = open_memstream(tr, &rl);
    assert_non_null(tf);
    assert_non_null(rf);
    struct vmxr_bus *tap = tap_open(bus, &s.straps, rf);
    assert_non_null(tap);
    struct plat_result r;
    plat_run(&s, &VMXR_FW_DESCRIPTOR, tap, tf, &r);
    vmxr_bus_close(tap);
    fclose(tf);
    fclose(rf);
    scn_free(&s);
    return r;
}

static const char NESTED[] = "vmxr-scenario 1\n"
                             "strap smi en=1 vmm=1 lock=1\n"
                             "cpus 2\n"
                             "schedule cpu=0 vms=0\n"
                             "program vm=0\n"
                             "  print \"Hi\\n\"\n"
                             "  sipi 1 0x11\n"
                             "  in 0xCFC 4\n"
                             "  ipi 1 0xE4\n"
                             "end\n"
                             "program vm=1\n"
                             "  print \"AP\\n\"\n"
                             "  apm 0xF1\n"
                             "end\n"
                             "at 3 smi cpu=1\n"
                             "during vmm=3 nth=2 smi\n"
                             "during vmm=1 nth=1 nmi\n";

static void test_run_engines_agree(void **state)
{
    (void)state;
    char *t1, *v1, *t2, *v2;
    struct plat_result r1 = run_text(NESTED, "txn", &t1, &v1);
    struct plat_result r2 = run_text(NESTED, "model", &t2, &v2);
    assert_true(r1.ok);
    assert_true(r2.ok);
    assert_string_equal(t1, t2);
    assert_string_equal(v1, v2);
    assert_true(r2.cycles > 0);
    /* the nested SMI, the pended NMI and its injection, the console */
    assert_non_null(strstr(t1, "  cpu0 vmm 3: SMI (during vmm 3 handler #2) -> deliver vmm 1 PLAT 0\n"));
    assert_non_null(strstr(t1, "    cpu0 vmm 1: NMI (during vmm 1 handler #1) -> pended\n"));
    assert_non_null(strstr(t1, "  cpu0 vmm 3: NMI (injected) -> deliver vmm 2 PLAT 1\n"));
    assert_non_null(strstr(t1, "cpu1 vmm 0: SIPI 0x11 (sent by cpu0 vm 0) -> local HOME 0\n"));
    assert_non_null(strstr(t1, "cpu1 vm 1: IPI 0xE4 (sent by cpu0 vm 0) -> deliver vmm 2 PLAT 3\n"));
    assert_non_null(strstr(t1, "== console (6 bytes)\n| Hi\n| AP\n"));
    assert_non_null(strstr(t1, "  = RAX 0xFFFFFFFF\n"));
    assert_non_null(strstr(t1, "\nCMD_COUNT        0x"));
    /* the trace replays on the port-level model */
    struct vec_file f;
    char err[512];
    assert_true(vec_parse("trace.vec", v1, strlen(v1), &f, err, sizeof err));
    struct vec_result *res = calloc(f.nitems, sizeof *res);
    assert_non_null(res);
    struct run_stats st = { 0 };
    assert_true(run_file(&f, "model", res, &st, err, sizeof err));
    run_check(&f, res, &st, stdout);
    assert_int_equal(st.failed, 0);
    assert_true(st.checks > 50);
    free(res);
    vec_free(&f);
    free(t1);
    free(t2);
    free(v1);
    free(v2);
}

static void expect_stop(const char *text, const char *why)
{
    char *t, *v;
    struct plat_result r = run_text(text, "txn", &t, &v);
    assert_false(r.ok);
    if (!strstr(r.why, why))
        fail_msg("want '%s' in '%s'", why, r.why);
    assert_non_null(strstr(t, "\n!! "));
    assert_non_null(strstr(t, "(stopped early)"));
    free(t);
    free(v);
}

static void test_firmware_bugs(void **state)
{
    (void)state;
    expect_stop("vmxr-scenario 1\nprogram vm=0\n  print \"x\"\n  vmcall 0x99 0\n  print \"y\"\nend\n",
                "firmware bug: vmm 0 returned from its handler for 'VMCALL 153 0x0' (cpu0, handler #1) without a "
                "VM entry");
    expect_stop("vmxr-scenario 1\nprogram vm=0\n  vmcall 0x98 0\nend\n",
                "firmware bug: vmm 0 called hal_log on cpu0 after its VM entry (hal_resume succeeded");
}

static void test_step_limit(void **state)
{
    (void)state;
    expect_stop("vmxr-scenario 1\nlimit 25\nprogram vm=0\n  repeat 100 cpuid 1\nend\n",
                "step limit: 25 guest instructions retired");
}

/* Every CPU parked: the remaining timed events still fire, in order. */
static void test_timed_after_park(void **state)
{
    (void)state;
    char *t, *v;
    struct plat_result r = run_text("vmxr-scenario 1\nstrap smi en=1 vmm=1 lock=0\nprogram vm=0\n  hlt\nend\n"
                                    "at 50 smi\nat 40 nmi\n",
                                    "txn", &t, &v);
    assert_true(r.ok);
    char *nmi = strstr(t, "NMI (timer, step 40)"), *smi = strstr(t, "SMI (timer, step 50)");
    assert_non_null(nmi);
    assert_non_null(smi);
    assert_true(nmi < smi);
    free(t);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ok),          cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_records),
        cmocka_unit_test(test_parse_fuzz),        cmocka_unit_test(test_run_engines_agree),
        cmocka_unit_test(test_firmware_bugs),     cmocka_unit_test(test_step_limit),
        cmocka_unit_test(test_timed_after_park),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
