/* Unit tests of the functional coverage of the VMXR-2 tables
 * (dv/coverage_v2.c): tiny VEC1 streams hit exactly the memory and key bins
 * they are written for (edges, access kinds, reach, empty entries, locks,
 * GRP arbitration, fallback). Helpers: test_coverage.h. */
#include "test_coverage.h"

static void test_mem_edges_access_reach_empty_lock_fallback(void **state)
{
    (void)state;
    NEED(1, 2, 1, 1);
    struct cov *c = COVER_ON(H "wr vmm=0 OWNER[1] 1 => ok\n"
                               "wr vmm=0 MEM_BASE[0] 0x100 => ok\n"
                               "wr vmm=0 MEM_LIMIT[0] 0x1FF => ok\n"
                               "wr vmm=0 MEM_CTRL[0] 0x2F7 => ok\n" /* V, R, W; VMM 2 */
                               "wr vmm=0 MEM_LIMIT[1] 0xFFFFFFFF => ok\n"
                               "wr vmm=0 MEM_CTRL[1] 0x3FF => ok\n" /* everything, R W X; VMM 3 */
                               "wr vmm=0 MEM_BASE[2] 0x500 => ok\n"
                               "wr vmm=0 MEM_LIMIT[2] 0x4FF => ok\n" /* empty */
                               "wr vmm=0 MEM_CTRL[2] 0x4FF => ok\n"
                               "launch cpu=0 vm=1 => launched vm 1\n"
                               "ev cpu=0 reason=48 qual=1 gpa=0x100000 => deliver vmm 2 MEM 0\n" /* BASE */
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=48 qual=2 gpa=0xFF000 => deliver vmm 3 MEM 1\n" /* BASE-1 */
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=48 qual=4 gpa=0x1FF123 => deliver vmm 3 MEM 1\n" /* X: not 0's */
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=48 qual=3 gpa=0x200FFF => deliver vmm 3 MEM 1\n" /* LIMIT+1 */
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=48 qual=1 gpa=0x500000 => deliver vmm 3 MEM 1\n" /* empty's BASE */
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=48 qual=1 gpa=0x100000100000 => deliver vmm 1 HOME 1\n" /* 2^44 */
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=48 qual=0 gpa=0x100000 => deliver vmm 1 HOME 1\n" /* no kinds */
                               "resume cpu=0 => resumed vm 1\n"
                               "wr vmm=0 MEM_CTRL[0] 0x800002F7 => ok\n"
                               "wr vmm=0 MEM_BASE[0] 5 => err\n"
                               "wr vmm=0 MEM_CTRL[0] 0 => err\n"
                               "wr vmm=0 VMM_EN 0xF7 => ok\n" /* 3 offline */
                               "ev cpu=0 reason=48 qual=7 gpa=0xFFFFFFFFFFF => deliver vmm 0 FALLBACK 3\n",
                             "txn");
    EXPECT(c, "mem/edge/base", 1);
    EXPECT(c, "mem/edge/base_minus1", 1);
    EXPECT(c, "mem/edge/limit", 1); /* the top frame, entry 1's; 0x1FF with X: entry 0 does not fit */
    EXPECT(c, "mem/edge/limit_plus1", 1);
    EXPECT(c, "mem/acc_excluded", 1);
    EXPECT(c, "mem/empty", 1);
    EXPECT(c, "mem/gpa_high", 1);
    EXPECT(c, "mem/shadow", 1);
    EXPECT(c, "mem/top_frame", 1);
    EXPECT(c, "mem/pmask_skip", 0);
    EXPECT(c, "mem/winner/0", 1);
    EXPECT(c, "mem/winner/1", 5);
    EXPECT(c, "mem/access/0", 1);
    EXPECT(c, "mem/access/1", 3);
    EXPECT(c, "mem/access/7", 1);
    EXPECT(c, "mem/lock/range", 1);
    EXPECT(c, "mem/lock/ctrl", 1);
    EXPECT(c, "outcome/EVENT/DELIVER/MEM", 5);
    EXPECT(c, "fallback/MEM", 1);
    EXPECT(c, "apb/wr/LOCKED", 2);
    cov_free(c);
    /* a lower entry without the profile; LOCAL by MEM from the VMM it chose */
    c = COVER_ON(H "wr vmm=0 MEM_LIMIT[0] 0xFF => ok\n"
                   "wr vmm=0 MEM_CTRL[0] 0x20F => ok\n" /* PMASK 0: no profile */
                   "wr vmm=0 MEM_LIMIT[1] 0xFF => ok\n"
                   "wr vmm=0 MEM_CTRL[1] 0x3FF => ok\n"
                   "wr vmm=0 VMM_PROFILE[3] 1 => ok\n"
                   "launch cpu=0 vm=1 => launched vm 1\n"
                   "ev cpu=0 reason=48 qual=1 gpa=0x5000 => deliver vmm 3 MEM 1\n"
                   "ev cpu=0 reason=48 qual=1 gpa=0x5000 => local MEM 1\n",
                 "txn");
    EXPECT(c, "mem/pmask_skip", 2);
    EXPECT(c, "outcome/EVENT/LOCAL/MEM", 1);
    cov_free(c);
}

static void test_key_kinds_edges_grp(void **state)
{
    (void)state;
    NEED(1, 2, 1, 1);
    struct cov *c = COVER_ON(H "wr vmm=0 OWNER[1] 2 => ok\n"
                               "wr vmm=0 GROUP[1] 0x0C => ok\n"
                               "wr vmm=0 KEY_BASE[0] 0x40000000 => ok\n"
                               "wr vmm=0 KEY_LIMIT[0] 0x400000FF => ok\n"
                               "wr vmm=0 KEY_CTRL[0] 0x000105F1 => ok\n" /* CPUID, VMM 5 */
                               "wr vmm=0 KEY_BASE[1] 0x800 => ok\n"
                               "wr vmm=0 KEY_LIMIT[1] 0x8FF => ok\n"
                               "wr vmm=0 KEY_CTRL[1] 0x000C0DF1 => ok\n" /* MSRs, GRP, VMM 5: group 1 */
                               "wr vmm=0 KEY_LIMIT[2] 0xFFFFFFFF => ok\n"
                               "wr vmm=0 KEY_CTRL[2] 0x000F06F1 => ok\n" /* every kind, VMM 6 */
                               "launch cpu=0 vm=1 => launched vm 1\n"
                               "ev cpu=0 reason=10 qual=0x40000000 => deliver vmm 5 KEY 0\n"
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=10 qual=0x400000FF => deliver vmm 5 KEY 0\n"
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=10 qual=0x3FFFFFFF => deliver vmm 6 KEY 2\n"
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=10 qual=0x40000100 => deliver vmm 6 KEY 2\n"
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=18 qual=0x40000005 => deliver vmm 6 KEY 2\n"
                               "resume cpu=0 => resumed vm 1\n"
                               "ev cpu=0 reason=31 qual=0x802 => deliver vmm 2 KEY 1\n" /* tie */
                               "resume cpu=0 => resumed vm 1\n"
                               "wr vmm=2 SW_USAGE[2] 5 => ok\n"
                               "ev cpu=0 reason=32 qual=0x830 => deliver vmm 3 KEY 1\n" /* usage */
                               "resume cpu=0 => resumed vm 1\n"
                               "wr vmm=0 VMM_EN 0xF3 => ok\n" /* 2 and 3 offline */
                               "ev cpu=0 reason=31 qual=0x802 => deliver vmm 0 FALLBACK 2\n"
                               "wr vmm=0 KEY_CTRL[0] 0x800105F1 => ok\n"
                               "wr vmm=0 KEY_LIMIT[0] 0 => err\n"
                               "wr vmm=0 KEY_CTRL[0] 0 => err\n",
                             "txn");
    EXPECT(c, "key/kind/CPUID", 4);
    EXPECT(c, "key/kind/VMCALL", 1);
    EXPECT(c, "key/kind/RDMSR", 2);
    EXPECT(c, "key/kind/WRMSR", 1);
    EXPECT(c, "key/edge/base", 1);
    EXPECT(c, "key/edge/limit", 1);
    EXPECT(c, "key/edge/base_minus1", 1);
    EXPECT(c, "key/edge/limit_plus1", 1);
    EXPECT(c, "key/kind_excluded", 1);
    EXPECT(c, "key/shadow", 5);
    EXPECT(c, "key/winner/0", 2);
    EXPECT(c, "key/winner/1", 3);
    EXPECT(c, "key/winner/2", 3);
    EXPECT(c, "key/grp/tie", 1);
    EXPECT(c, "key/grp/usage", 1);
    EXPECT(c, "key/grp/pending", 0);
    EXPECT(c, "key/grp/none", 1);
    EXPECT(c, "key/grp/none_fallback", 1);
    EXPECT(c, "key/grp/decides", 1);
    EXPECT(c, "key/grp/vmm2_set", 3);
    EXPECT(c, "key/lock/range", 1);
    EXPECT(c, "key/lock/ctrl", 1);
    EXPECT(c, "outcome/EVENT/DELIVER/KEY", 7);
    EXPECT(c, "fallback/HOME", 1); /* GRP with no member online falls back via HOME */
    EXPECT(c, "fallback/KEY", 0);
    EXPECT(c, "group/none", 0); /* the event-type GROUP bins are step 6's */
    char *t = table_of(c);
    assert_null(strstr(t, "internal:"));
    free(t);
    cov_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mem_edges_access_reach_empty_lock_fallback),
        cmocka_unit_test(test_key_kinds_edges_grp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
