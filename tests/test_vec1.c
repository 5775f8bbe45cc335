/* Unit tests of the VEC1 vector-file parser (spec section 7): a good file
 * with every item kind and outcome spelling, the error report
 * "PATH:LINE:COL: message" for malformed input, vec_load, and the canonical
 * spellings of outcomes and register addresses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vec1.h"

#define VM(n) vmxr_ctx_vm(n)
#define VMM(v) vmxr_ctx_vmm(v)

/* ---- helpers ---------------------------------------------------------- */

static bool parse(const char *text, struct vec_file *f, char *err, size_t errlen)
{
    return vec_parse("t.vec", text, strlen(text), f, err, errlen);
}

/* Parses text that must fail; checks the "bad.vec:LINE:COL: " prefix and
 * that the message holds frag1 (and frag2 if given). */
static void expect_fail_(const char *text, size_t len, unsigned line, unsigned col, const char *frag1,
                         const char *frag2, int caller)
{
    struct vec_file f;
    char err[512];
    memset(err, 0, sizeof err);
    bool ok = vec_parse("bad.vec", text, len, &f, err, sizeof err);
    vec_free(&f);
    if (ok)
        fail_msg("test line %d: parse of \"%s\" succeeded", caller, text);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "bad.vec:%u:%u: ", line, col);
    if (strncmp(err, prefix, strlen(prefix)) != 0)
        fail_msg("test line %d: got \"%s\", want prefix \"%s\"", caller, err, prefix);
    const char *msg = err + strlen(prefix);
    if (!strstr(msg, frag1) || (frag2 && !strstr(msg, frag2)))
        fail_msg("test line %d: message \"%s\" lacks \"%s\"%s%s", caller, msg, frag1, frag2 ? " / " : "",
                 frag2 ? frag2 : "");
}
#define EXPECT_FAIL(text, line, col, frag1, frag2) expect_fail_(text, strlen(text), line, col, frag1, frag2, __LINE__)
#define H "vmxr-vectors 1\n"

#define EXPECT_OUTCOME(o, OC, TO, RULE, IDX, ERR)                                                               \
    do {                                                                                                         \
        const struct vec_outcome o_ = (o);                                                                       \
        assert_int_equal(o_.outcome, (OC));                                                                      \
        assert_int_equal(o_.to, (TO));                                                                           \
        assert_int_equal(o_.rule, (RULE));                                                                       \
        assert_int_equal(o_.idx, (IDX));                                                                         \
        assert_int_equal(o_.err, (ERR));                                                                         \
    } while (0)

/* ---- a good file ---------------------------------------------------------- */

static const char GOOD[] = "# a comment line\n"                                              /* 1 */
                           "   \t# an indented comment\n"                                    /* 2 */
                           "\n"                                                              /* 3 */
                           "vmxr-vectors 1   # the header\n"                                 /* 4 */
                           "strap smi en=1 vmm=5 lock=1\n"                                   /* 5 */
                           "wr vmm=0 PLAT[1] 0x80000031 => ok\n"                             /* 6 */
                           "wr vmm=3 0x108 42 => err   # refused\n"                          /* 7 */
                           "wr vmm=0 TYPE[1][30] 0x11\n"                                     /* 8 */
                           "wr vmm=0 EXC[0][1] 0x9000\n"                                     /* 9 */
                           "wr vmm=0 IOR_CTRL[3] 0x80000377 => ok\n"                         /* 10 */
                           "rd vmm=0 ID => 0x564D5852\n"                                     /* 11 */
                           "rd vmm=2 0x01C => err\n"                                         /* 12 */
                           "rd vmm=7 CPU_STATE[3]\n"                                         /* 13 */
                           "rd vmm=0 GLOBAL => 0\n"                                          /* 14 */
                           "ev cpu=1 reason=30 port=0x3F8 size=2 dir=in => deliver vmm 1 IOR 2\n" /* 15 */
                           "ev\tcpu=0 reason=30 port=0x60 size=4 => local HOME 0\n"         /* 16 */
                           "ev cpu=2 reason=0 itype=3 vec=14 ec=0x1F => pended\n"            /* 17 */
                           "ev cpu=3 reason=99 => error BAD_REASON\n"                        /* 18 */
                           "ev cpu=0 reason=10 qual=0xDEADBEEF\n"                            /* 19 */
                           "launch cpu=0 vm=3 => launched vm 3\n"                            /* 20 */
                           "launch cpu=1 vm=15 => launched vm 15 => deliver vmm 2 PLAT 1\n"  /* 21 */
                           "resume cpu=0 => resumed vm 3 => deliver vmm 5 PLAT 0 => local PLAT 1\n" /* 22 */
                           "resume cpu=1 => resumed vmm 7\n"                                 /* 23 */
                           "resume cpu=2\n"                                                  /* 24 */
                           "idle 10\n"                                                       /* 25 */
                           "idle 0 # nothing\n";                                             /* 26 */

static void check_good(const struct vec_file *f)
{
    assert_int_equal(f->nlines, 26);
    assert_string_equal(f->lines[3], "vmxr-vectors 1   # the header");
    assert_int_equal(f->nitems, 22);
    for (unsigned ln = 0; ln < 4; ln++)
        assert_int_equal(f->item_of_line[ln], -1);
    for (unsigned ln = 4; ln < 26; ln++)
        assert_int_equal(f->item_of_line[ln], (int)ln - 4);
    const struct vec_item *it = f->items;

    /* straps */
    assert_int_equal(it[0].kind, VEC_STRAP);
    assert_int_equal(it[0].line, 5);
    assert_true(f->straps.smi_en);
    assert_int_equal(f->straps.smi_vmm, 5);
    assert_true(f->straps.smi_lock);

    /* wr */
    assert_int_equal(it[1].kind, VEC_WR);
    assert_int_equal(it[1].line, 6);
    assert_int_equal(it[1].vmm, 0);
    assert_int_equal(it[1].addr, VMXR_PLAT_ADDR(1));
    assert_int_equal(it[1].value, 0x80000031u);
    assert_true(it[1].has_expect);
    assert_false(it[1].exp_err);
    assert_int_equal(it[1].text_len, strlen("wr vmm=0 PLAT[1] 0x80000031"));
    assert_int_equal(it[2].vmm, 3);
    assert_int_equal(it[2].addr, 0x108);
    assert_int_equal(it[2].value, 42);
    assert_true(it[2].has_expect);
    assert_true(it[2].exp_err);
    assert_int_equal(it[3].addr, VMXR_TYPE_ADDR(1, 30));
    assert_int_equal(it[3].addr, 0x678);
    assert_int_equal(it[3].value, 0x11);
    assert_false(it[3].has_expect);
    assert_int_equal(it[4].addr, VMXR_EXC_ADDR(0, 1));
    assert_int_equal(it[4].addr, 0x204);
    assert_int_equal(it[4].value, 0x9000);
    assert_int_equal(it[5].addr, VMXR_IOR_CTRL_ADDR(3));
    assert_int_equal(it[5].value, 0x80000377u);
    assert_true(it[5].has_expect);

    /* rd */
    assert_int_equal(it[6].kind, VEC_RD);
    assert_int_equal(it[6].addr, 0x000);
    assert_true(it[6].has_expect);
    assert_false(it[6].exp_err);
    assert_int_equal(it[6].exp_value, 0x564D5852u);
    assert_int_equal(it[7].vmm, 2);
    assert_int_equal(it[7].addr, 0x01C);
    assert_true(it[7].exp_err);
    assert_int_equal(it[8].vmm, 7);
    assert_int_equal(it[8].addr, VMXR_CPU_STATE_ADDR(3));
    assert_false(it[8].has_expect);
    assert_int_equal(it[9].addr, 0x008);
    assert_true(it[9].has_expect);
    assert_false(it[9].exp_err);
    assert_int_equal(it[9].exp_value, 0);

    /* ev: qual built from port, size, dir */
    assert_int_equal(it[10].kind, VEC_EV);
    assert_int_equal(it[10].line, 15);
    assert_int_equal(it[10].cmd.cpu, 1);
    assert_int_equal(it[10].cmd.op, VMXR_OP_EVENT);
    assert_int_equal(it[10].cmd.reason, 30);
    assert_int_equal(it[10].cmd.qual, 0x03F80009u);
    assert_int_equal(it[10].nexp, 1);
    EXPECT_OUTCOME(it[10].exp[0], VMXR_OUTCOME_DELIVER, VMM(1), VMXR_RULE_IOR, 2, 0);
    assert_int_equal(it[11].cmd.cpu, 0);
    assert_int_equal(it[11].cmd.qual, 0x00600003u); /* dir defaults to out */
    EXPECT_OUTCOME(it[11].exp[0], VMXR_OUTCOME_LOCAL, 0, VMXR_RULE_HOME, 0, 0);
    assert_int_equal(it[12].cmd.cpu, 2);
    assert_int_equal(it[12].cmd.reason, 0);
    assert_int_equal(it[12].cmd.itype, 3);
    assert_int_equal(it[12].cmd.vector, 14);
    assert_int_equal(it[12].cmd.errcode, 0x1F);
    assert_int_equal(it[12].cmd.qual, 0);
    EXPECT_OUTCOME(it[12].exp[0], VMXR_OUTCOME_PENDED, 0, 0, 0, 0);
    assert_int_equal(it[13].cmd.reason, 99);
    EXPECT_OUTCOME(it[13].exp[0], VMXR_OUTCOME_ERROR, 0, 0, 0, VMXR_ERRC_BAD_REASON);
    /* absent fields are 0 */
    assert_int_equal(it[14].cmd.qual, 0xDEADBEEFu);
    assert_int_equal(it[14].cmd.itype, 0);
    assert_int_equal(it[14].cmd.vector, 0);
    assert_int_equal(it[14].cmd.errcode, 0);
    assert_false(it[14].has_expect);
    assert_int_equal(it[14].nexp, 0);

    /* launch, resume */
    assert_int_equal(it[15].kind, VEC_LAUNCH);
    assert_int_equal(it[15].cmd.op, VMXR_OP_LAUNCH);
    assert_int_equal(it[15].cmd.cpu, 0);
    assert_int_equal(it[15].cmd.vm, 3);
    assert_int_equal(it[15].nexp, 1);
    EXPECT_OUTCOME(it[15].exp[0], VMXR_OUTCOME_LAUNCHED, VM(3), 0, 0, 0);
    assert_int_equal(it[16].cmd.vm, 15);
    assert_int_equal(it[16].nexp, 2);
    EXPECT_OUTCOME(it[16].exp[0], VMXR_OUTCOME_LAUNCHED, VM(15), 0, 0, 0);
    EXPECT_OUTCOME(it[16].exp[1], VMXR_OUTCOME_DELIVER, VMM(2), VMXR_RULE_PLAT, 1, 0);
    assert_int_equal(it[17].kind, VEC_RESUME);
    assert_int_equal(it[17].cmd.op, VMXR_OP_RESUME);
    assert_int_equal(it[17].nexp, 3);
    EXPECT_OUTCOME(it[17].exp[0], VMXR_OUTCOME_RESUMED, VM(3), 0, 0, 0);
    EXPECT_OUTCOME(it[17].exp[1], VMXR_OUTCOME_DELIVER, VMM(5), VMXR_RULE_PLAT, 0, 0);
    EXPECT_OUTCOME(it[17].exp[2], VMXR_OUTCOME_LOCAL, 0, VMXR_RULE_PLAT, 1, 0);
    assert_int_equal(it[18].cmd.cpu, 1);
    EXPECT_OUTCOME(it[18].exp[0], VMXR_OUTCOME_RESUMED, VMM(7), 0, 0, 0);
    assert_int_equal(it[19].cmd.cpu, 2);
    assert_false(it[19].has_expect);

    /* idle */
    assert_int_equal(it[20].kind, VEC_IDLE);
    assert_int_equal(it[20].idle, 10);
    assert_int_equal(it[21].kind, VEC_IDLE);
    assert_int_equal(it[21].idle, 0);
    assert_int_equal(it[21].line, 26);
}

static void test_good_file_with_every_item_kind_parses_to_exact_values(void **unused)
{
    (void)unused;
    struct vec_file f;
    char err[256] = "";
    bool ok = parse(GOOD, &f, err, sizeof err);
    if (!ok)
        fail_msg("%s", err);
    assert_string_equal(f.path, "t.vec");
    check_good(&f);
    vec_free(&f);
    assert_null(f.items);
    assert_int_equal(f.nitems, 0);
}

static void test_vec_load_reads_the_same_file_from_disk(void **unused)
{
    (void)unused;
    char path[] = "/tmp/test_vec1_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    assert_int_equal(fwrite(GOOD, 1, sizeof GOOD - 1, fp), sizeof GOOD - 1);
    assert_int_equal(fclose(fp), 0);
    struct vec_file f;
    char err[256] = "";
    bool ok = vec_load(path, &f, err, sizeof err);
    unlink(path);
    if (!ok)
        fail_msg("%s", err);
    assert_string_equal(f.path, path);
    check_good(&f);
    vec_free(&f);
}

static void test_file_without_final_newline_and_with_crlf_line_ends(void **unused)
{
    (void)unused;
    struct vec_file f;
    char err[256] = "";
    assert_true(parse("vmxr-vectors 1\r\nidle 3\r\nrd vmm=0 ERR => 0x10\r\nidle 4", &f, err, sizeof err));
    assert_int_equal(f.nlines, 4);
    assert_int_equal(f.nitems, 3);
    assert_int_equal(f.items[0].idle, 3);
    assert_int_equal(f.items[1].addr, 0x00C);
    assert_int_equal(f.items[1].exp_value, 0x10);
    assert_int_equal(f.items[2].idle, 4);
    assert_int_equal(f.items[2].line, 4);
    vec_free(&f);
}

static void test_straps_default_to_zero_and_optional_fields(void **unused)
{
    (void)unused;
    struct vec_file f;
    char err[256] = "";
    assert_true(parse(H "idle 1\n", &f, err, sizeof err));
    assert_false(f.straps.smi_en);
    assert_int_equal(f.straps.smi_vmm, 0);
    assert_false(f.straps.smi_lock);
    vec_free(&f);
    assert_true(parse(H "# c\nstrap smi vmm=7\nidle 1\n", &f, err, sizeof err));
    assert_false(f.straps.smi_en);
    assert_int_equal(f.straps.smi_vmm, 7);
    assert_false(f.straps.smi_lock);
    assert_int_equal(f.items[0].kind, VEC_STRAP);
    vec_free(&f);
    assert_true(parse(H "strap smi lock=1 en=1\n", &f, err, sizeof err));
    assert_true(f.straps.smi_en);
    assert_int_equal(f.straps.smi_vmm, 0);
    assert_true(f.straps.smi_lock);
    vec_free(&f);
}

static void test_every_rule_and_error_name_parses(void **unused)
{
    (void)unused;
    for (unsigned r = 1; r < VMXR_RULE_COUNT; r++) {
        char text[128], err[256] = "";
        snprintf(text, sizeof text, H "ev cpu=0 reason=10 => deliver vmm 6 %s 33\n", vmxr_rule_names[r]);
        struct vec_file f;
        assert_true(parse(text, &f, err, sizeof err));
        EXPECT_OUTCOME(f.items[0].exp[0], VMXR_OUTCOME_DELIVER, VMM(6), r, 33, 0);
        vec_free(&f);
        snprintf(text, sizeof text, H "ev cpu=0 reason=10 => local %s 127\n", vmxr_rule_names[r]);
        assert_true(parse(text, &f, err, sizeof err));
        EXPECT_OUTCOME(f.items[0].exp[0], VMXR_OUTCOME_LOCAL, 0, r, 127, 0);
        vec_free(&f);
    }
    const char *const errs[] = { NULL,         "BAD_REASON", "BAD_IO_SIZE", "BAD_NMI",   "STACK_OVERFLOW", "NOT_IN_VMM",
                                 "BAD_VM",     "BUSY",       "NOT_OWNER",   "EMPTY",     "BAD_CPU" };
    for (unsigned e = 1; e < VMXR_ERRC_COUNT; e++) {
        char text[128], err[256] = "";
        snprintf(text, sizeof text, H "resume cpu=0 => error %s\n", errs[e]);
        struct vec_file f;
        assert_true(parse(text, &f, err, sizeof err));
        EXPECT_OUTCOME(f.items[0].exp[0], VMXR_OUTCOME_ERROR, 0, 0, 0, e);
        vec_free(&f);
    }
}

static void test_register_names_with_indices_map_to_addresses(void **unused)
{
    (void)unused;
    const struct {
        const char *name;
        unsigned addr;
    } cases[] = {
        { "ID", 0x000 },
        { "PARAMS", 0x004 },
        { "VMM_EN", 0x010 },
        { "IPI_RANGE", 0x018 },
        { "PLAT[0]", VMXR_PLAT_ADDR(0) },
        { "PLAT[3]", 0x02C },
        { "OWNER[15]", 0x07C },
        { "VM_PROFILE[2]", 0x088 },
        { "VMM_PROFILE[7]", 0x0DC },
        { "GROUP[3]", 0x0EC },
        { "SW_USAGE[1]", 0x104 },
        { "USAGE[7]", 0x13C },
        { "PFEC_MASK[1]", 0x144 },
        { "PFEC_MATCH[3]", 0x15C },
        { "CPU_STATE[0]", 0x180 },
        { "EXC[0][1]", 0x204 },
        { "EXC[3][3]", 0x23C },
        { "TYPE[0][0]", 0x400 },
        { "TYPE[1][30]", VMXR_TYPE_ADDR(1, 30) },
        { "TYPE[3][64]", 0xB00 },
        { "IOR_RANGE[0]", 0xC00 },
        { "IOR_CTRL[3]", VMXR_IOR_CTRL_ADDR(3) },
        { "DELIVERED[2]", 0xE08 },
        { "CMD_COUNT", 0xE20 },
        { "ERR_COUNT", 0xE24 },
        { "0xFFF", 0xFFF },
        { "4095", 0xFFF },
        { "0x01c", 0x01C },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[128], err[256] = "";
        snprintf(text, sizeof text, H "rd vmm=0 %s\nwr vmm=1 %s 0x5\n", cases[k].name, cases[k].name);
        struct vec_file f;
        if (!parse(text, &f, err, sizeof err))
            fail_msg("%s: %s", cases[k].name, err);
        assert_int_equal(f.items[0].addr, cases[k].addr);
        assert_int_equal(f.items[1].addr, cases[k].addr);
        assert_int_equal(f.items[1].vmm, 1);
        assert_int_equal(f.items[1].value, 5);
        vec_free(&f);
    }
}

static void test_every_mapped_address_round_trips_through_its_name(void **unused)
{
    (void)unused;
    for (unsigned addr = 0; addr < 0x1000; addr += 4) {
        enum vmxr_reg_id id;
        unsigned i, j;
        if (!vmxr_reg_decode(addr, &id, &i, &j))
            continue;
        char name[32], text[96], err[256] = "";
        vec_addr_format(addr, name, sizeof name);
        snprintf(text, sizeof text, H "rd vmm=0 %s\n", name);
        struct vec_file f;
        if (!parse(text, &f, err, sizeof err))
            fail_msg("0x%03X as %s: %s", addr, name, err);
        assert_int_equal(f.items[0].addr, addr);
        vec_free(&f);
    }
}

/* ---- malformed input ------------------------------------------------------------ */

static void test_missing_header_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL("wr vmm=0 ID 1\n", 1, 1, "header", "vmxr-vectors 1");
    EXPECT_FAIL("# only a comment\n\nidle 3\n", 3, 1, "header", NULL);
    EXPECT_FAIL("strap smi en=1\n" H, 1, 1, "header", NULL);
    EXPECT_FAIL("", 1, 1, "no header", NULL);
    EXPECT_FAIL("# nothing but comments\n", 1, 1, "no header", NULL);
}

static void test_wrong_version_or_second_header_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL("vmxr-vectors 2\n", 1, 14, "version 2", NULL);
    EXPECT_FAIL("vmxr-vectors 0x10\n", 1, 14, "version 16", NULL);
    EXPECT_FAIL("vmxr-vectors\n", 1, 1, "vmxr-vectors 1", NULL);
    EXPECT_FAIL("vmxr-vectors 1 1\n", 1, 1, "vmxr-vectors 1", NULL);
    EXPECT_FAIL("vmxr-vectors one\n", 1, 14, "expected a number", "one");
    EXPECT_FAIL(H "vmxr-vectors 1\n", 2, 1, "second header", NULL);
}

static void test_unknown_item_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "frob cpu=0\n", 2, 1, "unknown item 'frob'", NULL);
    EXPECT_FAIL(H "  EV cpu=0 reason=1\n", 2, 3, "unknown item 'EV'", NULL);
    EXPECT_FAIL(H "idle 1\n=> pended\n", 3, 1, "expected an item", NULL);
}

static void test_unknown_field_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "ev cpu=0 reason=1 foo=2\n", 2, 19, "unknown field 'foo'", "ev");
    EXPECT_FAIL(H "launch cpu=0 vm=1 vmm=2\n", 2, 19, "unknown field 'vmm'", "launch");
    EXPECT_FAIL(H "resume cpu=0 vm=1\n", 2, 14, "unknown field 'vm'", "resume");
    EXPECT_FAIL(H "strap smi en=1 foo=1\n", 2, 16, "unknown field 'foo'", NULL);
    EXPECT_FAIL(H "wr cpu=0 ID 1\n", 2, 4, "unknown field 'cpu'", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason\n", 2, 10, "key=value", "reason");
}

static void test_duplicate_field_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "ev cpu=0 reason=1 cpu=1\n", 2, 19, "'cpu' given twice", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=30 size=1 size=2\n", 2, 27, "'size' given twice", NULL);
    EXPECT_FAIL(H "launch cpu=0 vm=1 vm=1\n", 2, 19, "'vm' given twice", NULL);
}

static void test_missing_required_field_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "ev cpu=0\n", 2, 9, "needs reason=", NULL);
    EXPECT_FAIL(H "ev reason=0\n", 2, 12, "needs cpu=", NULL);
    EXPECT_FAIL(H "launch cpu=1\n", 2, 13, "needs vm=", NULL);
    EXPECT_FAIL(H "resume\n", 2, 1, "needs cpu=", NULL);
    EXPECT_FAIL(H "wr ID 1\n", 2, 1, "wr vmm=V ADDR VALUE", NULL);
    EXPECT_FAIL(H "rd vmm=0\n", 2, 1, "rd vmm=V ADDR", NULL);
    EXPECT_FAIL(H "idle\n", 2, 1, "idle N", NULL);
    EXPECT_FAIL(H "strap\n", 2, 6, "strap smi", NULL);
}

static void test_number_out_of_range_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "ev cpu=8 reason=0\n", 2, 8, "cpu 8 out of range", "at most 7");
    EXPECT_FAIL(H "wr vmm=8 ID 0\n", 2, 8, "vmm 8 out of range", "at most 7");
    EXPECT_FAIL(H "rd vmm=8 ID\n", 2, 8, "vmm 8 out of range", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=128\n", 2, 17, "reason 128 out of range", "at most 127");
    EXPECT_FAIL(H "ev cpu=0 reason=30 size=9\n", 2, 25, "size 9 out of range", "at most 8");
    EXPECT_FAIL(H "ev cpu=0 reason=30 size=0\n", 2, 20, "size must be 1 to 8", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=30 port=0x10000\n", 2, 25, "port 0x10000 out of range", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=0 itype=8\n", 2, 25, "itype 8 out of range", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=0 vec=256\n", 2, 23, "vec 256 out of range", NULL);
    EXPECT_FAIL(H "launch cpu=0 vm=32\n", 2, 17, "vm 32 out of range", "at most 31");
    EXPECT_FAIL(H "rd vmm=0 0x1000\n", 2, 10, "address 0x1000 out of range", "4095");
    EXPECT_FAIL(H "wr vmm=0 4096 0\n", 2, 10, "address 4096 out of range", NULL);
    EXPECT_FAIL(H "wr vmm=0 ID 0x100000000\n", 2, 13, "value 0x100000000 out of range", NULL);
    EXPECT_FAIL(H "strap smi en=2\n", 2, 14, "en 2 out of range", NULL);
    EXPECT_FAIL(H "strap smi vmm=8\n", 2, 15, "vmm 8 out of range", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => deliver vmm 8 TYPE 10\n", 2, 35, "VMM 8 out of range", NULL);
    EXPECT_FAIL(H "launch cpu=0 vm=1 => launched vm 16\n", 2, 34, "VM 16 out of range", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=48 gpa=0x10000000000000000\n", 2, 24, "gpa 0x10000000000000000 out of range",
                NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=48 gpa=18446744073709551616\n", 2, 24, "out of range", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=48 gpa=99999999999999999999\n", 2, 24, "out of range", NULL);
}

static void test_gpa_takes_every_64_bit_value(void **unused)
{
    (void)unused;
    const struct {
        const char *text;
        uint64_t gpa;
    } cases[] = {
        { H "ev cpu=0 reason=48 qual=1 gpa=0xFFFFFFFFFFFFFFFF\n", UINT64_MAX },
        { H "ev cpu=0 reason=48 qual=1 gpa=18446744073709551615\n", UINT64_MAX },
        { H "ev cpu=0 reason=48 qual=1 gpa=0xFED00000\n", 0xFED00000u },
        { H "ev cpu=0 reason=48 qual=1\n", 0 },
        { H "ev cpu=0 reason=10 gpa=0x1000\n", 0x1000 },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char err[256] = "";
        struct vec_file f;
        assert_true(parse(cases[k].text, &f, err, sizeof err));
        assert_true(f.items[0].cmd.gpa == cases[k].gpa);
        vec_free(&f);
    }
}

static void test_bad_number_syntax_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "wr vmm=0 ID 0xG1\n", 2, 13, "expected a number for value", "'0xG1'");
    EXPECT_FAIL(H "wr vmm=0 ID 0x\n", 2, 13, "expected a number for value", "'0x'");
    EXPECT_FAIL(H "ev cpu=0 reason=1z\n", 2, 17, "expected a number for reason", "'1z'");
    EXPECT_FAIL(H "rd vmm=0 0x01Z\n", 2, 10, "expected a number for address", "'0x01Z'");
    EXPECT_FAIL(H "ev cpu= reason=1\n", 2, 8, "expected a number for cpu", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=0 vec=-1\n", 2, 23, "expected a number for vec", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=30 dir=up\n", 2, 24, "dir must be in or out", "'up'");
    EXPECT_FAIL(H "rd vmm=0 ID => 0xZZ\n", 2, 16, "expected a number for read value", NULL);
}

static void test_unknown_register_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "rd vmm=0 FOO[1]\n", 2, 10, "unknown register 'FOO'", NULL);
    EXPECT_FAIL(H "wr vmm=0 plat[0] 1\n", 2, 10, "unknown register 'plat'", NULL);
    EXPECT_FAIL(H "rd vmm=0 IOR\n", 2, 10, "unknown register 'IOR'", NULL);
}

static void test_register_index_out_of_range_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "rd vmm=0 PLAT[4]\n", 2, 15, "index 4 out of range for PLAT", "at most 3");
    EXPECT_FAIL(H "rd vmm=0 TYPE[0][65]\n", 2, 18, "index 65 out of range for TYPE", "at most 64");
    EXPECT_FAIL(H "rd vmm=0 TYPE[4][0]\n", 2, 15, "index 4 out of range for TYPE", "at most 3");
    EXPECT_FAIL(H "rd vmm=0 EXC[0][4]\n", 2, 17, "index 4 out of range for EXC", "at most 3");
    EXPECT_FAIL(H "rd vmm=0 CPU_STATE[4]\n", 2, 20, "index 4 out of range for CPU_STATE", NULL);
    char text[64], want[64];
    snprintf(text, sizeof text, H "wr vmm=0 IOR_CTRL[%u] 1\n", VMXR_NIOR);
    snprintf(want, sizeof want, "index %u out of range for IOR_CTRL", VMXR_NIOR);
    expect_fail_(text, strlen(text), 2, 19, want, NULL, __LINE__);
    snprintf(text, sizeof text, H "rd vmm=0 OWNER[%u]\n", VMXR_NVM);
    snprintf(want, sizeof want, "index %u out of range for OWNER", VMXR_NVM);
    expect_fail_(text, strlen(text), 2, 16, want, NULL, __LINE__);
}

static void test_wrong_number_of_register_indices_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "rd vmm=0 TYPE[1]\n", 2, 10, "TYPE takes 2 indexes, got 1", NULL);
    EXPECT_FAIL(H "rd vmm=0 PLAT\n", 2, 10, "PLAT takes 1 index, got 0", NULL);
    EXPECT_FAIL(H "rd vmm=0 PLAT[1][0]\n", 2, 10, "PLAT takes 1 index, got 2", NULL);
    EXPECT_FAIL(H "rd vmm=0 ID[0]\n", 2, 10, "ID takes 0 indexes, got 1", NULL);
    EXPECT_FAIL(H "rd vmm=0 TYPE[0][1][2]\n", 2, 20, "too many indices for TYPE", NULL);
    EXPECT_FAIL(H "rd vmm=0 PLAT[1\n", 2, 14, "missing ']'", NULL);
    EXPECT_FAIL(H "rd vmm=0 PLAT[]\n", 2, 15, "expected a number for index", NULL);
    EXPECT_FAIL(H "rd vmm=0 PLAT[1]x\n", 2, 17, "expected '['", NULL);
}

static void test_unknown_outcome_rule_or_error_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "ev cpu=0 reason=10 => frob\n", 2, 23, "unknown outcome 'frob'", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => DELIVER vmm 1 TYPE 10\n", 2, 23, "unknown outcome 'DELIVER'", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 =>\n", 2, 22, "expected an outcome", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => deliver vmm 1 FOO 2\n", 2, 37, "unknown rule 'FOO'", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => deliver vmm 1 NONE 2\n", 2, 37, "unknown rule 'NONE'", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => local type 10\n", 2, 29, "unknown rule 'type'", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => deliver vm 1 TYPE 10\n", 2, 23, "deliver vmm T RULE IDX", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => local TYPE\n", 2, 23, "local RULE IDX", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => error FOO\n", 2, 29, "unknown error 'FOO'", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => error NONE\n", 2, 29, "unknown error 'NONE'", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => error\n", 2, 23, "error NAME", NULL);
    EXPECT_FAIL(H "ev cpu=0 reason=10 => pended now\n", 2, 30, "'now'", "pended");
    EXPECT_FAIL(H "resume cpu=0 => resumed vmx 1\n", 2, 17, "resumed vm N", NULL);
    EXPECT_FAIL(H "launch cpu=0 vm=1 => launched vmm 1\n", 2, 22, "launched vm N", NULL);
}

static void test_too_many_outcomes_are_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "ev cpu=0 reason=10 => pended => pended\n", 2, 30, "'ev' has at most 1 outcome", NULL);
    EXPECT_FAIL(H "resume cpu=0 => pended => pended => pended => pended\n", 2, 44, "at most 3", NULL);
    EXPECT_FAIL(H "wr vmm=0 ID 1 => ok => ok\n", 2, 21, "one expectation", NULL);
    EXPECT_FAIL(H "rd vmm=0 ID => 1 2\n", 2, 18, "expected a value or 'err'", NULL);
}

static void test_strap_placement_is_checked(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "idle 1\nstrap smi en=1\n", 3, 1, "'strap' must come before every other item", NULL);
    EXPECT_FAIL(H "rd vmm=0 ID\n  strap smi en=1\n", 3, 3, "'strap' must come before", NULL);
    EXPECT_FAIL(H "strap smi en=1\nstrap smi en=0\n", 3, 1, "second 'strap'", NULL);
    EXPECT_FAIL(H "strap nmi en=1\n", 2, 7, "strap smi en=E vmm=V lock=L", NULL);
}

static void test_expectation_on_idle_or_strap_is_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "idle 5 => ok\n", 2, 8, "'idle' takes no expectation", NULL);
    EXPECT_FAIL(H "strap smi en=1 => ok\n", 2, 16, "'strap' takes no expectation", NULL);
    EXPECT_FAIL("vmxr-vectors 1 => ok\n", 1, 16, "header takes no outcome", NULL);
}

static void test_rd_with_ok_and_wr_with_value_are_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "rd vmm=0 ID => ok\n", 2, 16, "read value", "'ok'");
    EXPECT_FAIL(H "wr vmm=0 ID 1 => 5\n", 2, 18, "expected 'ok' or 'err'", "'5'");
    EXPECT_FAIL(H "wr vmm=0 ID 1 => OK\n", 2, 18, "expected 'ok' or 'err'", "'OK'");
}

static void test_control_characters_are_reported(void **unused)
{
    (void)unused;
    EXPECT_FAIL(H "ev cpu=0\x01 reason=1\n", 2, 9, "control character", NULL);
    EXPECT_FAIL(H "idle 1\x1b\n", 2, 7, "control character", NULL);
    EXPECT_FAIL("vmxr-vectors 1\n\x02\n", 2, 1, "control character", NULL);
    EXPECT_FAIL(H "# a comment \x0c with a form feed\n", 2, 13, "control character", NULL);
}

/* A NUL byte is a control character too; it must not silently cut the line
 * short (here it would drop the "=> err" expectation). */
static void test_nul_byte_in_line_is_rejected_not_truncated(void **unused)
{
    (void)unused;
    static const char a[] = H "wr vmm=0 ID 1\0 => err\n";
    expect_fail_(a, sizeof a - 1, 2, 14, "control character", NULL, __LINE__);
    static const char b[] = H "idle 1\0 junk\n";
    expect_fail_(b, sizeof b - 1, 2, 7, "control character", NULL, __LINE__);
}

static void test_error_message_is_truncated_safely_in_a_small_buffer(void **unused)
{
    (void)unused;
    struct vec_file f;
    char err[12];
    memset(err, 'x', sizeof err);
    assert_false(vec_parse("long/path/name.vec", H "frob\n", strlen(H "frob\n"), &f, err, 8));
    vec_free(&f);
    assert_string_equal(err, "long/pa");
    assert_int_equal(err[8], 'x'); /* nothing written past errlen */
    memset(err, 'x', sizeof err);
    assert_false(vec_parse("a.vec", H "frob\n", strlen(H "frob\n"), &f, err, sizeof err));
    vec_free(&f);
    assert_string_equal(err, "a.vec:2:1: ");
}

static void test_vec_load_of_missing_file_reports_without_crash(void **unused)
{
    (void)unused;
    struct vec_file f;
    char err[256] = "";
    const char *path = "/nonexistent-dir/none.vec";
    assert_false(vec_load(path, &f, err, sizeof err));
    const char *prefix = "/nonexistent-dir/none.vec: cannot open: "; /* no LINE:COL: not a parse error */
    assert_int_equal(strncmp(err, prefix, strlen(prefix)), 0);
    assert_non_null(strstr(err, "cannot open"));
    assert_non_null(strstr(err, "No such file"));
    assert_int_equal(f.nitems, 0);
    assert_null(f.items);
    vec_free(&f); /* safe on the zeroed struct */
    /* a directory opens but cannot be read as a file */
    assert_false(vec_load("/", &f, err, sizeof err));
    assert_string_equal(err, "/: cannot read: Is a directory");
    vec_free(&f);
}

/* ---- canonical spellings --------------------------------------------------------- */

static void test_vec_outcome_format_canonical_spellings(void **unused)
{
    (void)unused;
    const struct {
        struct vec_outcome o;
        const char *text;
    } cases[] = {
        { { VMXR_OUTCOME_DELIVER, VMM(1), VMXR_RULE_IOR, 2, 0 }, "deliver vmm 1 IOR 2" },
        { { VMXR_OUTCOME_DELIVER, VMM(0), VMXR_RULE_FALLBACK, 7, 0 }, "deliver vmm 0 FALLBACK 7" },
        { { VMXR_OUTCOME_DELIVER, VMM(7), VMXR_RULE_TYPE, 64, 0 }, "deliver vmm 7 TYPE 64" },
        { { VMXR_OUTCOME_LOCAL, 0, VMXR_RULE_HOME, 3, 0 }, "local HOME 3" },
        { { VMXR_OUTCOME_LOCAL, 0, VMXR_RULE_GROUP, 1, 0 }, "local GROUP 1" },
        { { VMXR_OUTCOME_PENDED, 0, 0, 0, 0 }, "pended" },
        { { VMXR_OUTCOME_LAUNCHED, VM(3), 0, 0, 0 }, "launched vm 3" },
        { { VMXR_OUTCOME_RESUMED, VM(15), 0, 0, 0 }, "resumed vm 15" },
        { { VMXR_OUTCOME_RESUMED, VMM(2), 0, 0, 0 }, "resumed vmm 2" },
        { { VMXR_OUTCOME_ERROR, 0, 0, 0, VMXR_ERRC_NOT_OWNER }, "error NOT_OWNER" },
        { { VMXR_OUTCOME_ERROR, 0, 0, 0, VMXR_ERRC_BAD_CPU }, "error BAD_CPU" },
        { { VMXR_OUTCOME_ERROR, 0, 0, 0, VMXR_ERRC_STACK_OVERFLOW }, "error STACK_OVERFLOW" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[64];
        vec_outcome_format(&cases[k].o, buf, sizeof buf);
        assert_string_equal(buf, cases[k].text);
        /* and the spelling parses back to the same outcome */
        char text[128], err[256] = "";
        snprintf(text, sizeof text, H "resume cpu=0 => %s\n", buf);
        struct vec_file f;
        if (!parse(text, &f, err, sizeof err))
            fail_msg("%s", err);
        assert_true(vec_outcome_equal(&f.items[0].exp[0], &cases[k].o));
        vec_free(&f);
    }
}

static void test_vec_outcome_of_decision_keeps_only_the_compared_fields(void **unused)
{
    (void)unused;
    struct vmxr_decision d = { .cpu = 1, .op = VMXR_OP_EVENT, .outcome = VMXR_OUTCOME_DELIVER, .from = VM(2),
                               .to = VMM(4), .rule = VMXR_RULE_EXC, .idx = 14, .reason = 0, .qual = 7 };
    struct vec_outcome o = vec_outcome_of(&d);
    EXPECT_OUTCOME(o, VMXR_OUTCOME_DELIVER, VMM(4), VMXR_RULE_EXC, 14, 0);
    d = (struct vmxr_decision){ .outcome = VMXR_OUTCOME_LOCAL, .from = VMM(2), .to = VMM(2),
                                .rule = VMXR_RULE_HOME, .idx = 2 };
    EXPECT_OUTCOME(vec_outcome_of(&d), VMXR_OUTCOME_LOCAL, 0, VMXR_RULE_HOME, 2, 0);
    d = (struct vmxr_decision){ .outcome = VMXR_OUTCOME_PENDED, .from = VMM(2), .to = VMM(2) };
    EXPECT_OUTCOME(vec_outcome_of(&d), VMXR_OUTCOME_PENDED, 0, 0, 0, 0);
    d = (struct vmxr_decision){ .outcome = VMXR_OUTCOME_ERROR, .err = VMXR_ERRC_EMPTY, .from = VMM(0),
                                .to = VMM(0) };
    EXPECT_OUTCOME(vec_outcome_of(&d), VMXR_OUTCOME_ERROR, 0, 0, 0, VMXR_ERRC_EMPTY);
    d = (struct vmxr_decision){ .outcome = VMXR_OUTCOME_RESUMED, .from = VMM(3), .to = VM(1) };
    EXPECT_OUTCOME(vec_outcome_of(&d), VMXR_OUTCOME_RESUMED, VM(1), 0, 0, 0);
    char buf[16];
    vec_ctx_format(VM(9), buf, sizeof buf);
    assert_string_equal(buf, "vm 9");
    vec_ctx_format(VMM(6), buf, sizeof buf);
    assert_string_equal(buf, "vmm 6");
}

static void test_vec_addr_format_names_registers_and_hex_for_gaps(void **unused)
{
    (void)unused;
    const struct {
        unsigned addr;
        const char *text;
    } cases[] = {
        { 0x000, "ID" },
        { 0x00C, "ERR" },
        { VMXR_PLAT_ADDR(0), "PLAT[0]" },
        { VMXR_TYPE_ADDR(1, 30), "TYPE[1][30]" },
        { VMXR_EXC_ADDR(0, 1), "EXC[0][1]" },
        { VMXR_IOR_CTRL_ADDR(3), "IOR_CTRL[3]" },
        { VMXR_IOR_RANGE_ADDR(3), "IOR_RANGE[3]" },
        { VMXR_CPU_STATE_ADDR(2), "CPU_STATE[2]" },
        { 0xE20, "CMD_COUNT" },
        { 0x01C, "PARAMS2" },
        { VMXR_MEM_CTRL_ADDR(2), "MEM_CTRL[2]" },
        { VMXR_KEY_LIMIT_ADDR(3), "KEY_LIMIT[3]" },
        { 0x30C, "0x30C" },
        { 0x002, "0x002" },
        { VMXR_TYPE_ADDR(0, 65), "0x504" },
        { 0xFFC, "0xFFC" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[32];
        vec_addr_format(cases[k].addr, buf, sizeof buf);
        assert_string_equal(buf, cases[k].text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file_with_every_item_kind_parses_to_exact_values),
        cmocka_unit_test(test_vec_load_reads_the_same_file_from_disk),
        cmocka_unit_test(test_file_without_final_newline_and_with_crlf_line_ends),
        cmocka_unit_test(test_straps_default_to_zero_and_optional_fields),
        cmocka_unit_test(test_every_rule_and_error_name_parses),
        cmocka_unit_test(test_register_names_with_indices_map_to_addresses),
        cmocka_unit_test(test_every_mapped_address_round_trips_through_its_name),
        cmocka_unit_test(test_missing_header_is_reported),
        cmocka_unit_test(test_wrong_version_or_second_header_is_reported),
        cmocka_unit_test(test_unknown_item_is_reported),
        cmocka_unit_test(test_unknown_field_is_reported),
        cmocka_unit_test(test_duplicate_field_is_reported),
        cmocka_unit_test(test_missing_required_field_is_reported),
        cmocka_unit_test(test_number_out_of_range_is_reported),
        cmocka_unit_test(test_bad_number_syntax_is_reported),
        cmocka_unit_test(test_unknown_register_is_reported),
        cmocka_unit_test(test_register_index_out_of_range_is_reported),
        cmocka_unit_test(test_wrong_number_of_register_indices_is_reported),
        cmocka_unit_test(test_unknown_outcome_rule_or_error_is_reported),
        cmocka_unit_test(test_too_many_outcomes_are_reported),
        cmocka_unit_test(test_strap_placement_is_checked),
        cmocka_unit_test(test_expectation_on_idle_or_strap_is_reported),
        cmocka_unit_test(test_rd_with_ok_and_wr_with_value_are_reported),
        cmocka_unit_test(test_control_characters_are_reported),
        cmocka_unit_test(test_nul_byte_in_line_is_rejected_not_truncated),
        cmocka_unit_test(test_error_message_is_truncated_safely_in_a_small_buffer),
        cmocka_unit_test(test_vec_load_of_missing_file_reports_without_crash),
        cmocka_unit_test(test_vec_outcome_format_canonical_spellings),
        cmocka_unit_test(test_vec_outcome_of_decision_keeps_only_the_compared_fields),
        cmocka_unit_test(test_vec_addr_format_names_registers_and_hex_for_gaps),
        cmocka_unit_test(test_gpa_takes_every_64_bit_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
