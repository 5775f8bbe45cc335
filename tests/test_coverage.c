/* Unit tests of the functional coverage (dv/coverage.c, dv/coverage_json.c):
 * tiny VEC1 streams built in memory hit exactly the bins they are written
 * for; the timing bins come only from port-level results; merging adds
 * counts; the JSON form round-trips and malformed JSON is refused without a
 * change; vmxr cover's usage errors (cli/cmd_cover.c) exit 2.
 *
 * Counts are read back through the JSON form. */
#include "test_coverage.h"

/* ---- the bin model ----------------------------------------------------- */

static void test_bin_count_and_fresh_holes(void **state)
{
    (void)state;
    struct cov *c = cov_new();
    assert_non_null(c);
    unsigned niorb = VMXR_NIOR < 16 ? VMXR_NIOR : 16;
    char name[32];
    unsigned want = 30 /* outcome */ + 10 /* err */ + niorb + 4 /* ior */ + 12 /* plat */ + 4 /* pf */ +
                    4 /* group */ + 5 /* fallback */ + VMXR_NCPU * (VMXR_DEPTH + 1) + 3 /* stack */ +
                    7 /* inject */ + 12 /* apb */ + 3 /* counter */ + 9 /* timing */;
    want += 4 /* outcome: EVENT DELIVER|LOCAL MEM|KEY */ + 2 /* fallback MEM, KEY */ + VMXR_NMEM + 20 /* mem */ +
            VMXR_NKEY + 21 /* key */;
    assert_int_equal(cov_bins(c), want);
    assert_int_equal(cov_holes(c), want);
    /* legal triples are bins, illegal ones are not */
    assert_true(has_bin(c, "outcome/EVENT/DELIVER/IOR"));
    assert_true(has_bin(c, "outcome/EVENT/LOCAL/FALLBACK"));
    assert_true(has_bin(c, "outcome/INJECT/LOCAL/GROUP"));
    assert_true(has_bin(c, "outcome/LAUNCH/ERROR/NONE"));
    assert_false(has_bin(c, "outcome/INJECT/DELIVER/EXC"));
    assert_false(has_bin(c, "outcome/INJECT/DELIVER/IOR"));
    assert_false(has_bin(c, "outcome/INJECT/PENDED/NONE"));
    assert_false(has_bin(c, "outcome/LAUNCH/DELIVER/HOME"));
    assert_false(has_bin(c, "outcome/EVENT/DELIVER/NONE"));
    assert_false(has_bin(c, "outcome/EVENT/PENDED/PLAT"));
    assert_false(has_bin(c, "fallback/GROUP"));
    assert_true(has_bin(c, "outcome/EVENT/LOCAL/MEM"));
    assert_true(has_bin(c, "outcome/EVENT/DELIVER/KEY"));
    assert_false(has_bin(c, "outcome/INJECT/DELIVER/MEM"));
    assert_true(has_bin(c, "fallback/KEY"));
    assert_true(has_bin(c, "mem/access/7"));
    assert_false(has_bin(c, "mem/access/8"));
    snprintf(name, sizeof name, "mem/winner/%d", VMXR_NMEM - 1);
    assert_true(has_bin(c, name));
    snprintf(name, sizeof name, "key/winner/%d", VMXR_NKEY);
    assert_false(has_bin(c, name));
    assert_true(has_bin(c, "counter/pending_max"));
    assert_true(has_bin(c, "counter/usage_saturated"));
    assert_true(has_bin(c, "counter/weight_x_pending_max"));
    assert_true(has_bin(c, "err/BAD_CPU"));
    assert_true(has_bin(c, "err/BAD_REASON"));
    assert_false(has_bin(c, "err/NONE"));
    snprintf(name, sizeof name, "ior/winner/%u", niorb - 1);
    assert_true(has_bin(c, name));
    snprintf(name, sizeof name, "ior/winner/%u", niorb);
    assert_false(has_bin(c, name));
    snprintf(name, sizeof name, "stack/cpu%d/depth%d", VMXR_NCPU - 1, VMXR_DEPTH);
    assert_true(has_bin(c, name));
    cov_free(c);
}

/* ---- GROUP ------------------------------------------------------------- */

static void test_group_tie(void **state)
{
    (void)state;
    NEED(1, 2, 1, 1);
    struct cov *c = COVER(H "wr vmm=0 GROUP[1] 0x0C => ok\n"   /* {2, 3}, both usage 0 */
                            "wr vmm=0 TYPE[0][10] 0x21 => ok\n" /* GROUP 1 */
                            "launch cpu=0 vm=1 => launched vm 1\n"
                            "ev cpu=0 reason=10 => deliver vmm 2 GROUP 1\n");
    EXPECT(c, "group/tie", 1);
    EXPECT(c, "group/usage", 0);
    EXPECT(c, "group/pending", 0);
    EXPECT(c, "group/none", 0);
    EXPECT(c, "outcome/EVENT/DELIVER/GROUP", 1);
    cov_free(c);
}

/* The architecture's example (2.5 step 6): unique minimum three times, the
 * second choice made by the pending delivery. */
static void test_group_usage_and_pending(void **state)
{
    (void)state;
    NEED(3, 2, 1, 1);
    struct cov *c = COVER(H "wr vmm=0 GROUP[1] 0x0C => ok\n"
                            "wr vmm=0 PEND_WEIGHT 4 => ok\n"
                            "wr vmm=2 SW_USAGE[2] 5 => ok\n"
                            "wr vmm=3 SW_USAGE[3] 6 => ok\n"
                            "wr vmm=0 TYPE[0][10] 0x21 => ok\n"
                            "launch cpu=0 vm=1 => launched vm 1\n"
                            "launch cpu=1 vm=1 => launched vm 1\n"
                            "launch cpu=2 vm=1 => launched vm 1\n"
                            "ev cpu=0 reason=10 => deliver vmm 2 GROUP 1\n"
                            "ev cpu=1 reason=10 => deliver vmm 3 GROUP 1\n"
                            "ev cpu=2 reason=10 => deliver vmm 2 GROUP 1\n");
    EXPECT(c, "group/usage", 3);
    EXPECT(c, "group/tie", 0);
    EXPECT(c, "group/pending", 1);
    cov_free(c);
}

static void test_group_without_online_candidate_falls_home(void **state)
{
    (void)state;
    NEED(1, 2, 1, 1);
    struct cov *c = COVER(H "wr vmm=0 OWNER[1] 1 => ok\n"
                            "wr vmm=0 GROUP[1] 0x0C => ok\n"
                            "wr vmm=0 VMM_EN 0xF3 => ok\n" /* 2 and 3 offline */
                            "wr vmm=0 TYPE[0][10] 0x21 => ok\n"
                            "launch cpu=0 vm=1 => launched vm 1\n"
                            "ev cpu=0 reason=10 => deliver vmm 1 HOME 1\n");
    EXPECT(c, "group/none", 1);
    EXPECT(c, "group/usage", 0);
    EXPECT(c, "group/tie", 0);
    EXPECT(c, "outcome/EVENT/DELIVER/HOME", 1);
    cov_free(c);
}

/* ---- VMXR-2: memory and key ranges ------------------------------------- */

/* ---- #PF ----------------------------------------------------------------- */

static void test_pf_inversion_both_ways(void **state)
{
    (void)state;
    NEED(1, 2, 1, 1);
    struct cov *c = COVER(H "wr vmm=0 OWNER[1] 1 => ok\n"
                            "wr vmm=0 EXC[0][1] 0x0A000000 => ok\n" /* vector 14: EN 1, VMM 2 */
                            "wr vmm=0 PFEC_MASK[0] 0x1 => ok\n"
                            "wr vmm=0 PFEC_MATCH[0] 0x1 => ok\n"
                            "launch cpu=0 vm=1 => launched vm 1\n"
                            "ev cpu=0 reason=0 itype=3 vec=14 ec=0x3 => deliver vmm 2 EXC 14\n" /* kept EN 1 */
                            "resume cpu=0 => resumed vm 1\n"
                            "ev cpu=0 reason=0 itype=3 vec=14 ec=0x2 => deliver vmm 1 HOME 1\n" /* 1 -> 0 */
                            "resume cpu=0 => resumed vm 1\n"
                            "wr vmm=0 EXC[0][1] 0x03000000 => ok\n" /* EN 0, VMM 3 */
                            "ev cpu=0 reason=0 itype=3 vec=14 ec=0x2 => deliver vmm 3 EXC 14\n" /* 0 -> 1 */
                            "resume cpu=0 => resumed vm 1\n"
                            "ev cpu=0 reason=0 itype=5 vec=14 ec=0x0 => deliver vmm 3 EXC 14\n" /* 0 -> 1 */
                            "resume cpu=0 => resumed vm 1\n"
                            "ev cpu=0 reason=0 itype=4 vec=14 ec=0x2 => deliver vmm 1 HOME 1\n"); /* no EXC */
    EXPECT(c, "pf/kept/en1_on", 1);
    EXPECT(c, "pf/inverted/en1_off", 1);
    EXPECT(c, "pf/inverted/en0_on", 2);
    EXPECT(c, "pf/kept/en0_off", 0);
    EXPECT(c, "outcome/EVENT/DELIVER/EXC", 3);
    cov_free(c);
}

/* ---- I/O ranges ---------------------------------------------------------- */

static void test_ior_winner_and_shadow(void **state)
{
    (void)state;
    NEED(1, 2, 4, 1);
    struct cov *c = COVER(H "wr vmm=0 OWNER[1] 1 => ok\n"
                            "wr vmm=0 IOR_RANGE[0] 0x00100000 => ok\n" /* 0x00..0x10: no overlap */
                            "wr vmm=0 IOR_CTRL[0] 0x000001F7 => ok\n"
                            "wr vmm=0 IOR_RANGE[1] 0x00FF0040 => ok\n" /* 0x40..0xFF -> VMM 2 */
                            "wr vmm=0 IOR_CTRL[1] 0x000002F7 => ok\n"
                            "wr vmm=0 IOR_RANGE[2] 0x00FF0040 => ok\n" /* same range, V 0 */
                            "wr vmm=0 IOR_CTRL[2] 0x000003F6 => ok\n"
                            "wr vmm=0 IOR_RANGE[3] 0x00600060 => ok\n" /* 0x60 -> VMM 4 */
                            "wr vmm=0 IOR_CTRL[3] 0x000004F7 => ok\n"
                            "launch cpu=0 vm=1 => launched vm 1\n"
                            "ev cpu=0 reason=30 port=0x60 size=1 => deliver vmm 2 IOR 1\n");
    EXPECT(c, "ior/winner/1", 1);
    EXPECT(c, "ior/shadow", 1);
    EXPECT(c, "ior/winner/3", 0);
    EXPECT(c, "ior/winner/0", 0);
    EXPECT(c, "ior/straddle", 0);
    EXPECT(c, "ior/pmask_skip", 0);
    EXPECT(c, "ior/wrap", 0);
    cov_free(c);
}

static void test_ior_pmask_skip_straddle_wrap(void **state)
{
    (void)state;
    NEED(1, 2, 2, 1);
    struct cov *c = COVER(H "wr vmm=0 OWNER[1] 1 => ok\n"
                            "wr vmm=0 IOR_RANGE[0] 0xFFFF0000 => ok\n" /* everything, profiles 1-3 only */
                            "wr vmm=0 IOR_CTRL[0] 0x000002E7 => ok\n"
                            "wr vmm=0 IOR_RANGE[1] 0x03FF03F8 => ok\n" /* 0x3F8..0x3FF, all profiles */
                            "wr vmm=0 IOR_CTRL[1] 0x000003F7 => ok\n"
                            "launch cpu=0 vm=1 => launched vm 1\n"
                            /* entry 0 hits but lacks profile 0; entry 1 wins, straddling */
                            "ev cpu=0 reason=30 port=0x3F7 size=2 => deliver vmm 3 IOR 1\n"
                            "resume cpu=0 => resumed vm 1\n"
                            /* inside entry 1: no straddle, entry 0 skipped again */
                            "ev cpu=0 reason=30 port=0x3F8 size=4 => deliver vmm 3 IOR 1\n"
                            "resume cpu=0 => resumed vm 1\n"
                            "wr vmm=0 IOR_CTRL[0] 0x000002F7 => ok\n" /* entry 0 for profile 0 too */
                            /* wraps: entry 0 covers 0xFFFE but the access matches nothing */
                            "ev cpu=0 reason=30 port=0xFFFE size=4 => deliver vmm 1 HOME 1\n");
    EXPECT(c, "ior/winner/1", 2);
    EXPECT(c, "ior/pmask_skip", 2);
    EXPECT(c, "ior/straddle", 1);
    EXPECT(c, "ior/wrap", 1);
    EXPECT(c, "ior/shadow", 0);
    cov_free(c);
}

/* ---- errors, stack ------------------------------------------------------- */

static void test_every_error_once_and_full_stack(void **state)
{
    (void)state;
    NEED(4, 3, 1, 4);
    if (VMXR_DEPTH != 4) /* the stream fills the stack with exactly four deliveries */
        skip();
    struct cov *c = COVER(H "wr vmm=0 TYPE[0][11] 0x13 => ok\n" /* FIXED: 11 -> 3, 12 -> 4, 13 -> 5 */
                            "wr vmm=0 TYPE[0][12] 0x14 => ok\n"
                            "wr vmm=0 TYPE[0][13] 0x15 => ok\n"
                            "launch cpu=0 vm=1 => launched vm 1\n"
                            "ev cpu=0 reason=99 => error BAD_REASON\n"
                            "ev cpu=0 reason=30 size=3 => error BAD_IO_SIZE\n"
                            "ev cpu=0 reason=0 itype=2 vec=3 => error BAD_NMI\n"
                            "launch cpu=0 vm=2 => error NOT_IN_VMM\n"
                            "launch cpu=1 vm=20 => error BAD_VM\n"
                            "resume cpu=1 => error EMPTY\n"
                            "ev cpu=7 reason=10 => error BAD_CPU\n"
                            "launch cpu=2 vm=1 => launched vm 1\n"
                            "ev cpu=2 reason=11 => deliver vmm 3 TYPE 11\n"
                            "launch cpu=2 vm=1 => error NOT_OWNER\n" /* vmm 3 is neither 0 nor OWNER[1] */
                            "launch cpu=3 vm=1 => launched vm 1\n"
                            "ev cpu=3 reason=10 => deliver vmm 0 HOME 1\n"
                            "ev cpu=3 reason=11 => deliver vmm 3 TYPE 11\n"
                            "launch cpu=3 vm=1 => error BUSY\n"
                            "ev cpu=3 reason=12 => deliver vmm 4 TYPE 12\n"
                            "ev cpu=3 reason=13 => deliver vmm 5 TYPE 13\n" /* full */
                            "ev cpu=3 reason=10 => local HOME 5\n"
                            "ev cpu=3 reason=11 => error STACK_OVERFLOW\n");
    static const char *const errs[] = { "BAD_REASON", "BAD_IO_SIZE", "BAD_NMI", "STACK_OVERFLOW", "NOT_IN_VMM",
                                        "BAD_VM",     "BUSY",        "NOT_OWNER", "EMPTY",         "BAD_CPU" };
    for (unsigned i = 0; i < sizeof errs / sizeof errs[0]; i++) {
        char name[48];
        snprintf(name, sizeof name, "err/%s", errs[i]);
        EXPECT(c, name, 1);
    }
    EXPECT(c, "outcome/EVENT/ERROR/NONE", 5);
    EXPECT(c, "outcome/LAUNCH/ERROR/NONE", 4);
    EXPECT(c, "outcome/RESUME/ERROR/NONE", 1);
    EXPECT(c, "stack/full/local", 1);
    EXPECT(c, "stack/overflow/error", 1);
    EXPECT(c, "stack/overflow/pended", 0);
    /* cpu 3 left at depth 4 by reason 13, local HOME 5 and the overflow */
    EXPECT(c, "stack/cpu3/depth4", 3);
    EXPECT(c, "stack/cpu3/depth3", 1);
    EXPECT(c, "stack/cpu3/depth2", 2); /* reason 11 and the BUSY launch */
    EXPECT(c, "stack/cpu1/depth0", 2);
    cov_free(c);
}

/* ---- platform classes, injections --------------------------------------- */

static void test_smi_pended_both_ways_and_injected_after_resume(void **state)
{
    (void)state;
    NEED(1, 2, 1, 4);
    if (VMXR_DEPTH != 4) /* the stream fills the stack with exactly four deliveries */
        skip();
    struct cov *c = COVER(H "wr vmm=0 OWNER[1] 1 => ok\n"
                            "wr vmm=0 PLAT[0] 0x71 => ok\n" /* SMI -> VMM 7 */
                            "launch cpu=0 vm=1 => launched vm 1\n"
                            "ev cpu=0 reason=6 => deliver vmm 7 PLAT 0\n"
                            "ev cpu=0 reason=5 => pended\n" /* blocked */
                            "ev cpu=0 reason=0 itype=2 vec=2 => pended\n"
                            "resume cpu=0 => resumed vm 1 => deliver vmm 7 PLAT 0\n" /* NMI kept */
                            "resume cpu=0 => resumed vm 1 => deliver vmm 1 HOME 1\n"
                            "wr vmm=0 TYPE[0][11] 0x12 => ok\n"
                            "wr vmm=0 TYPE[0][12] 0x13 => ok\n"
                            "wr vmm=0 TYPE[0][13] 0x14 => ok\n"
                            "ev cpu=0 reason=11 => deliver vmm 2 TYPE 11\n"
                            "ev cpu=0 reason=12 => deliver vmm 3 TYPE 12\n"
                            "ev cpu=0 reason=13 => deliver vmm 4 TYPE 13\n" /* full */
                            "ev cpu=0 reason=6 => pended\n");               /* full, not blocked */
    EXPECT(c, "plat/SMI/deliver", 2);
    EXPECT(c, "plat/SMI/pended/blocked", 1);
    EXPECT(c, "plat/SMI/pended/full", 1);
    EXPECT(c, "plat/NMI/pended/blocked", 1);
    EXPECT(c, "plat/NMI/pended/full", 0);
    EXPECT(c, "stack/overflow/pended", 1);
    EXPECT(c, "inject/SMI/resume", 1);
    EXPECT(c, "inject/NMI/resume", 1);
    EXPECT(c, "inject/nmi_kept", 1);
    EXPECT(c, "inject/double", 0);
    EXPECT(c, "outcome/INJECT/DELIVER/PLAT", 1);
    EXPECT(c, "outcome/INJECT/DELIVER/HOME", 1);
    EXPECT(c, "outcome/EVENT/PENDED/NONE", 3);
    cov_free(c);
}

static void test_double_injection_local_smi_then_nmi(void **state)
{
    (void)state;
    NEED(2, 2, 1, 2);
    struct cov *c = COVER(H "wr vmm=0 OWNER[1] 1 => ok\n"
                            "wr vmm=0 PLAT[0] 0x21 => ok\n"
                            "launch cpu=1 vm=1 => launched vm 1\n"
                            "ev cpu=1 reason=10 => deliver vmm 1 HOME 1\n"
                            "ev cpu=1 reason=6 => deliver vmm 2 PLAT 0\n"
                            "ev cpu=1 reason=0 itype=2 vec=2 => pended\n"
                            "ev cpu=1 reason=6 => pended\n"
                            "wr vmm=0 PLAT[0] 0x11 => ok\n"
                            "resume cpu=1 => resumed vmm 1 => local PLAT 0 => local HOME 1\n");
    EXPECT(c, "inject/double", 1);
    EXPECT(c, "inject/SMI/resume", 1);
    EXPECT(c, "inject/NMI/resume", 1);
    EXPECT(c, "outcome/INJECT/LOCAL/PLAT", 1);
    EXPECT(c, "outcome/INJECT/LOCAL/HOME", 1);
    EXPECT(c, "plat/SMI/local", 1);
    EXPECT(c, "stack/cpu1/depth1", 2); /* reason 10, and after the resume */
    cov_free(c);
}

static void test_injection_after_switching_launch(void **state)
{
    (void)state;
    NEED(1, 3, 1, 1);
    struct cov *c = COVER(H "wr vmm=0 OWNER[2] 1 => ok\n"
                            "wr vmm=0 PLAT[0] 0x11 => ok\n"
                            "launch cpu=0 vm=2 => launched vm 2\n"
                            "ev cpu=0 reason=6 => deliver vmm 1 PLAT 0\n"
                            "ev cpu=0 reason=5 => pended\n"
                            "launch cpu=0 vm=2 => launched vm 2 => deliver vmm 1 PLAT 0\n");
    EXPECT(c, "inject/SMI/launch", 1);
    EXPECT(c, "inject/SMI/resume", 0);
    EXPECT(c, "outcome/INJECT/DELIVER/PLAT", 1);
    EXPECT(c, "outcome/LAUNCH/LAUNCHED/NONE", 2);
    cov_free(c);
}

static void test_fallback_per_rule(void **state)
{
    (void)state;
    NEED(1, 2, 1, 1);
    struct cov *c = COVER(H "wr vmm=0 OWNER[1] 7 => ok\n"
                            "wr vmm=0 PLAT[2] 0x71 => ok\n"          /* INIT_SIPI -> 7 */
                            "wr vmm=0 EXC[0][0] 0x0000F000 => ok\n"  /* vector 3: EN, VMM 7 */
                            "wr vmm=0 IOR_RANGE[0] 0x00FF0000 => ok\n"
                            "wr vmm=0 IOR_CTRL[0] 0x000007F7 => ok\n"
                            "wr vmm=0 TYPE[0][11] 0x17 => ok\n"
                            "wr vmm=0 GROUP[0] 0x80 => ok\n"
                            "wr vmm=0 TYPE[0][12] 0x20 => ok\n"      /* GROUP 0 = {7} */
                            "wr vmm=0 VMM_EN 0x7F => ok\n"           /* 7 offline */
                            "launch cpu=0 vm=1 => launched vm 1\n"
                            "ev cpu=0 reason=3 => deliver vmm 0 FALLBACK 7\n"
                            "resume cpu=0 => resumed vm 1\n"
                            "ev cpu=0 reason=0 itype=3 vec=3 => deliver vmm 0 FALLBACK 7\n"
                            "resume cpu=0 => resumed vm 1\n"
                            "ev cpu=0 reason=30 port=0x10 size=1 => deliver vmm 0 FALLBACK 7\n"
                            "resume cpu=0 => resumed vm 1\n"
                            "ev cpu=0 reason=11 => deliver vmm 0 FALLBACK 7\n"
                            "resume cpu=0 => resumed vm 1\n"
                            "ev cpu=0 reason=12 => deliver vmm 0 FALLBACK 7\n" /* no candidate: HOME */
                            "resume cpu=0 => resumed vm 1\n"
                            "ev cpu=0 reason=10 => deliver vmm 0 FALLBACK 7\n"
                            "ev cpu=0 reason=10 => local HOME 0\n");
    EXPECT(c, "fallback/PLAT", 1);
    EXPECT(c, "fallback/EXC", 1);
    EXPECT(c, "fallback/IOR", 1);
    EXPECT(c, "fallback/TYPE", 1);
    EXPECT(c, "fallback/HOME", 2);
    EXPECT(c, "group/none", 1);
    EXPECT(c, "outcome/EVENT/DELIVER/FALLBACK", 6);
    EXPECT(c, "outcome/EVENT/LOCAL/HOME", 1);
    EXPECT(c, "plat/INIT_SIPI/deliver", 0); /* chosen by PLAT, delivered by FALLBACK */
    cov_free(c);
}

/* ---- APB ----------------------------------------------------------------- */

static void test_apb_write_rules_and_lock_kinds(void **state)
{
    (void)state;
    NEED(1, 1, 3, 1);
    struct cov *c = COVER(H "wr vmm=0 PLAT[1] 0x80000031 => ok\n" /* NMI -> 3, locked */
                            "wr vmm=0 PLAT[1] 0x0 => err\n"        /* PLAT lock */
                            "wr vmm=0 VMM_EN 0xF7 => err\n"        /* would take 3 offline */
                            "wr vmm=0 IOR_CTRL[2] 0x80000000 => ok\n"
                            "wr vmm=0 IOR_CTRL[2] 0x1 => err\n"
                            "wr vmm=0 IOR_RANGE[2] 0x1 => err\n"
                            "wr vmm=0 TYPE[0][1] 0x30 => err\n" /* MODE 3: BAD_VALUE */
                            "wr vmm=0 GLOBAL 1 => ok\n"
                            "wr vmm=0 OWNER[0] 1 => err\n"
                            "wr vmm=0 TYPE[0][1] 0x30 => err\n" /* locked first */
                            "wr vmm=0 GLOBAL 0 => err\n"        /* GLOBAL locks itself */
                            "wr vmm=3 SW_USAGE[3] 1 => ok\n"
                            "wr vmm=3 SW_USAGE[2] 1 => err\n" /* ACCESS */
                            "wr vmm=0 0x004 1 => err\n"       /* PARAMS is read-only */
                            "wr vmm=0 0x002 1 => err\n"       /* unaligned */
                            "rd vmm=0 0x002 => err\n"
                            "rd vmm=5 ID => 0x564D5852\n");
    EXPECT(c, "apb/wr/ok", 4);
    EXPECT(c, "apb/wr/LOCKED", 7);
    EXPECT(c, "apb/wr/BAD_VALUE", 1);
    EXPECT(c, "apb/wr/ACCESS", 1);
    EXPECT(c, "apb/wr/DECODE", 2);
    EXPECT(c, "apb/lock/PLAT", 1);
    EXPECT(c, "apb/lock/VMM_EN", 1);
    EXPECT(c, "apb/lock/IOR_CTRL", 1);
    EXPECT(c, "apb/lock/IOR_RANGE", 1);
    EXPECT(c, "apb/lock/GLOBAL", 3);
    EXPECT(c, "apb/rd/DECODE", 1);
    EXPECT(c, "apb/rd/ok", 1);
    cov_free(c);
}

/* ---- timing ---------------------------------------------------------------- */

static const char TIMING_STREAM[] =
    H "wr vmm=0 OWNER[1] 1 => ok\n"
      "wr vmm=0 PLAT[0] 0x71 => ok\n"
      "launch cpu=0 vm=1 => launched vm 1\n" /* presented during the PLAT[0] write */
      "ev cpu=0 reason=6 => deliver vmm 7 PLAT 0\n"
      "ev cpu=0 reason=5 => pended\n"
      "resume cpu=0 => resumed vm 1 => deliver vmm 7 PLAT 0\n"
      "wr vmm=0 PEND_WEIGHT 2 => ok\n"; /* waits through the injection */

static void test_write_waits_behind_injection_port_level_only(void **state)
{
    (void)state;
    NEED(1, 2, 1, 1);
    struct cov *m = COVER_ON(TIMING_STREAM, "model");
    EXPECT(m, "timing/wr_wait/cfg", 1);
    EXPECT(m, "timing/wr_wait/inject", 1);
    EXPECT(m, "timing/wr_wait/ERR", 0);
    EXPECT(m, "timing/wr_wait/SW_USAGE", 0);
    EXPECT(m, "timing/cmd_held/by_wr", 1);
    EXPECT(m, "timing/b2b/same_cpu", 3); /* ev, ev, resume each one cycle after the last */
    struct cov *t = COVER_ON(TIMING_STREAM, "txn");
    EXPECT(t, "timing/wr_wait/cfg", 0);
    EXPECT(t, "timing/wr_wait/inject", 0);
    EXPECT(t, "timing/cmd_held/by_wr", 0);
    EXPECT(t, "timing/b2b/same_cpu", 0);
    /* the functional bins agree */
    EXPECT(m, "inject/SMI/resume", 1);
    EXPECT(t, "inject/SMI/resume", 1);
    cov_free(m);
    cov_free(t);
}

static void test_timing_err_and_sw_usage_writes_and_bubble(void **state)
{
    (void)state;
    NEED(2, 2, 1, 1);
    struct cov *m = COVER_ON(H "wr vmm=0 OWNER[1] 1 => ok\n"
                               "wr vmm=0 PLAT[0] 0x71 => ok\n"
                               "launch cpu=0 vm=1 => launched vm 1\n"
                               "ev cpu=0 reason=6 => deliver vmm 7 PLAT 0\n"
                               "ev cpu=0 reason=5 => pended\n"
                               "resume cpu=0 => resumed vm 1 => deliver vmm 7 PLAT 0\n"
                               "wr vmm=1 SW_USAGE[1] 5 => ok\n" /* waits: SW_USAGE */
                               "ev cpu=0 reason=5 => pended\n"
                               "resume cpu=0 => resumed vm 1 => deliver vmm 7 PLAT 0\n"
                               "ev cpu=1 reason=10 => local HOME 0\n" /* taken with the pop in RT */
                               "ev cpu=1 reason=10 => local HOME 0\n" /* taken during the pop */
                               "ev cpu=1 reason=10 => local HOME 0\n"         /* the bubble */
                               "ev cpu=0 reason=99 => error BAD_REASON\n"
                               "wr vmm=0 ERR 0x10 => ok\n", /* clears CMD behind the error, waits for it in EX */
                               "model");
    EXPECT(m, "timing/wr_wait/SW_USAGE", 1);
    EXPECT(m, "timing/wr_wait/inject", 1);
    EXPECT(m, "timing/cmd_held/by_inject", 1);
    EXPECT(m, "timing/err_clear_behind_error", 1);
    EXPECT(m, "timing/wr_wait/ERR", 1);
    cov_free(m);
}

/* ---- merge, JSON --------------------------------------------------------- */

static const char RICH_STREAM[] = H "wr vmm=0 OWNER[1] 1 => ok\n"
                                    "wr vmm=0 GROUP[1] 0x0C => ok\n"
                                    "wr vmm=0 TYPE[0][10] 0x21 => ok\n"
                                    "wr vmm=0 PLAT[0] 0x71 => ok\n"
                                    "launch cpu=0 vm=1 => launched vm 1\n"
                                    "ev cpu=0 reason=10 => deliver vmm 2 GROUP 1\n"
                                    "ev cpu=0 reason=6 => deliver vmm 7 PLAT 0\n"
                                    "ev cpu=0 reason=5 => pended\n"
                                    "resume cpu=0 => resumed vmm 2 => deliver vmm 7 PLAT 0\n"
                                    "wr vmm=0 GLOBAL 1 => ok\n"
                                    "wr vmm=0 OWNER[2] 1 => err\n"
                                    "rd vmm=0 ERR => 0x00000002\n";

static void test_merge_adds_counts(void **state)
{
    (void)state;
    NEED(1, 3, 1, 1);
    struct cov *a = COVER_ON(RICH_STREAM, "model");
    struct cov *b = COVER(RICH_STREAM);
    uint64_t tie = COUNT(a, "group/tie"), inj = COUNT(a, "inject/SMI/resume"), w = COUNT(a, "timing/wr_wait/cfg");
    assert_int_equal(tie, 1);
    assert_int_equal(inj, 1);
    assert_int_equal(w, 1);
    unsigned holes_a = cov_holes(a);
    cov_merge(a, b);
    EXPECT(a, "group/tie", 2);
    EXPECT(a, "inject/SMI/resume", 2);
    EXPECT(a, "timing/wr_wait/cfg", 1); /* b was replay-only */
    EXPECT(a, "apb/lock/GLOBAL", 2);
    assert_int_equal(cov_holes(a), holes_a);
    struct cov *e = cov_new();
    cov_merge(e, b);
    EXPECT(e, "group/tie", 1);
    cov_free(a);
    cov_free(b);
    cov_free(e);
}

static void test_json_round_trip(void **state)
{
    (void)state;
    NEED(1, 3, 1, 1);
    struct cov *a = COVER_ON(RICH_STREAM, "model");
    char *j1 = json_of(a);
    struct cov *b = cov_new();
    char err[256] = "";
    if (!read_json_text(b, j1, strlen(j1), err, sizeof err))
        fail_msg("round trip refused: %s", err);
    char *j2 = json_of(b);
    assert_string_equal(j1, j2);
    assert_int_equal(cov_holes(a), cov_holes(b));
    /* reading adds: twice the counts */
    assert_true(read_json_text(b, j1, strlen(j1), err, sizeof err));
    EXPECT(b, "group/tie", 2);
    /* the same text from cov_print */
    char *t1 = table_of(a), *t2 = table_of(b);
    assert_non_null(strstr(t1, "holes: "));
    assert_non_null(strstr(t1, "\ngroup "));
    free(t1);
    free(t2);
    free(j1);
    free(j2);
    cov_free(a);
    cov_free(b);
}

/* Replaces the first occurrence of from in s by to (malloc'd). */
static char *replace(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    assert_non_null(at);
    size_t n = strlen(s) - strlen(from) + strlen(to);
    char *r = malloc(n + 1);
    assert_non_null(r);
    size_t pre = (size_t)(at - s);
    memcpy(r, s, pre);
    strcpy(r + pre, to);
    strcat(r, at + strlen(from));
    return r;
}

static void expect_refused_(struct cov *c, const char *ref, const char *text, size_t len, const char *frag,
                            int caller)
{
    char err[256] = "";
    if (read_json_text(c, text, len, err, sizeof err))
        fail_msg("test line %d: accepted", caller);
    if (!err[0])
        fail_msg("test line %d: refused without a message", caller);
    if (frag && !strstr(err, frag))
        fail_msg("test line %d: message \"%s\" lacks \"%s\"", caller, err, frag);
    char *now = json_of(c);
    if (strcmp(now, ref))
        fail_msg("test line %d: a refused file changed the counts", caller);
    free(now);
}
#define REFUSED(c, ref, text, frag) expect_refused_((c), (ref), (text), strlen(text), (frag), __LINE__)

static void test_malformed_json_refused_without_change(void **state)
{
    (void)state;
    NEED(1, 3, 1, 1);
    struct cov *src = COVER(RICH_STREAM);
    char *good = json_of(src);
    struct cov *c = COVER(RICH_STREAM);
    char *ref = json_of(c);

    REFUSED(c, ref, "", "empty");
    REFUSED(c, ref, "   \n", NULL);
    REFUSED(c, ref, "[]", "JSON object");
    REFUSED(c, ref, "{}", NULL);
    REFUSED(c, ref, "{\"bins\": {}}", "missing");
    REFUSED(c, ref, "{\"bins\": {\"nosuch/bin\": 1}, \"total\": 1, \"hit\": 1, \"holes\": []}",
            "bin nosuch/bin unknown to this build");
    REFUSED(c, ref, "{\"bins\": {\"group/tie\": -1}}", "non-negative integer");
    REFUSED(c, ref, "{\"bins\": {\"group/tie\": 1.5}}", "non-negative integer");
    REFUSED(c, ref, "{\"bins\": {\"group/tie\": 1e3}}", "non-negative integer");
    REFUSED(c, ref, "{\"bins\": {\"group/tie\": 01}}", "leading zero");
    REFUSED(c, ref, "{\"bins\": {\"group/tie\": 99999999999999999999999}}", "too large");
    REFUSED(c, ref, "{\"bins\": {\"group/tie\": 1, \"group/tie\": 2}}", "twice");
    REFUSED(c, ref, "{\"bins\": {\"group/tie\": \"1\"}}", NULL);
    REFUSED(c, ref, "{\"bins\": {\"group/tie\": 1,}}", NULL);
    REFUSED(c, ref, "{\"bins\": {\"group\\u0000tie\": 1}}", NULL);
    REFUSED(c, ref, "{\"bins\": {\"group/tie\n\": 1}}", "control character");
    REFUSED(c, ref, "{\"bogus\": 1}", "unexpected key");
    REFUSED(c, ref, "{\"bins\": {\"group/tie\": 1", NULL);
    REFUSED(c, ref, "{\"bins", "unterminated");

    char *s;
    s = replace(good, "\"total\": ", "\"total\": 1");
    REFUSED(c, ref, s, "total");
    free(s);
    s = replace(good, "\"hit\": ", "\"hit\": 9");
    REFUSED(c, ref, s, "hit");
    free(s);
    s = replace(good, "\"group/tie\": 1", "\"group/tie\": 0");
    REFUSED(c, ref, s, "not among the holes");
    free(s);
    s = replace(good, "\"group/usage\": 0", "\"group/usage\": 3");
    REFUSED(c, ref, s, "nonzero count");
    free(s);
    s = replace(good, "\"group/usage\": 0,\n", "");
    REFUSED(c, ref, s, "bin group/usage missing");
    free(s);
    s = replace(good, "\"holes\": [", "\"holes\": [\n    \"group/usage\",");
    REFUSED(c, ref, s, "listed twice");
    free(s);
    s = replace(good, "\n}\n", "\n}\n{}");
    REFUSED(c, ref, s, "trailing");
    free(s);
    s = replace(good, "\"total\"", "\"bins\": {}, \"total\"");
    REFUSED(c, ref, s, "twice");
    free(s);
    /* a NUL byte inside the text */
    size_t n = strlen(good);
    char *nul = malloc(n + 1);
    assert_non_null(nul);
    memcpy(nul, good, n + 1);
    nul[n / 2] = '\0';
    expect_refused_(c, ref, nul, n, NULL, __LINE__);
    free(nul);
    /* every proper prefix of a good file (sampled) */
    for (size_t k = 0; k < n; k += 13)
        expect_refused_(c, ref, good, k, NULL, __LINE__);

    /* and the good file itself is accepted */
    char err[256];
    assert_true(read_json_text(c, good, n, err, sizeof err));
    EXPECT(c, "group/tie", 2);
    free(good);
    free(ref);
    cov_free(src);
    cov_free(c);
}

/* ---- vmxr cover usage ------------------------------------------------------ */

static int run_cmd(int argc, const char **argv)
{
    return cmd_cover(argc, (char **)argv);
}

static void test_cover_usage_errors_exit_2(void **state)
{
    (void)state;
    const char *none[] = { NULL };
    assert_int_equal(run_cmd(0, none), 2);
    const char *bad_opt[] = { "--bogus", "x.vec", NULL };
    assert_int_equal(run_cmd(2, bad_opt), 2);
    const char *bad_engine[] = { "--engine", "nope", "x.vec", NULL };
    assert_int_equal(run_cmd(3, bad_engine), 2);
    const char *no_engine[] = { "--engine", NULL };
    assert_int_equal(run_cmd(1, no_engine), 2);
    const char *bad_seed[] = { "--stall-seed", "x1", "x.vec", NULL };
    assert_int_equal(run_cmd(3, bad_seed), 2);
    const char *no_json[] = { "x.vec", "--json", NULL };
    assert_int_equal(run_cmd(2, no_json), 2);
    const char *merge_none[] = { "--merge", NULL };
    assert_int_equal(run_cmd(1, merge_none), 2);
    const char *merge_engine[] = { "--merge", "--engine", "txn", "a.json", NULL };
    assert_int_equal(run_cmd(4, merge_engine), 2);
    const char *missing[] = { "--engine", "txn", "/nonexistent/x.vec", NULL };
    assert_int_equal(run_cmd(3, missing), 2);
    const char *merge_missing[] = { "--merge", "/nonexistent/a.json", NULL };
    assert_int_equal(run_cmd(2, merge_missing), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bin_count_and_fresh_holes),
        cmocka_unit_test(test_group_tie),
        cmocka_unit_test(test_group_usage_and_pending),
        cmocka_unit_test(test_group_without_online_candidate_falls_home),
        cmocka_unit_test(test_pf_inversion_both_ways),
        cmocka_unit_test(test_ior_winner_and_shadow),
        cmocka_unit_test(test_ior_pmask_skip_straddle_wrap),
        cmocka_unit_test(test_every_error_once_and_full_stack),
        cmocka_unit_test(test_smi_pended_both_ways_and_injected_after_resume),
        cmocka_unit_test(test_double_injection_local_smi_then_nmi),
        cmocka_unit_test(test_injection_after_switching_launch),
        cmocka_unit_test(test_fallback_per_rule),
        cmocka_unit_test(test_apb_write_rules_and_lock_kinds),
        cmocka_unit_test(test_write_waits_behind_injection_port_level_only),
        cmocka_unit_test(test_timing_err_and_sw_usage_writes_and_bubble),
        cmocka_unit_test(test_merge_adds_counts),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_malformed_json_refused_without_change),
        cmocka_unit_test(test_cover_usage_errors_exit_2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
