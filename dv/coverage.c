/* Functional coverage: named bins counted by replaying a vector
 * file on the transaction-level core, and their table; see coverage.h (the
 * JSON is in coverage_json.c, `vmxr cover` in cli/cmd_cover.c).
 *
 * Every fact is taken from the model's own functions, on the state the
 * command meets: before each command the replay asks vmxr_pclass,
 * vmxr_blocked, vmxr_profile, vmxr_route_static, vmxr_ior_hits, vmxr_usage
 * and vmxr_route_resolve what will happen (and what would have happened
 * otherwise: with pending_count 0, with a 1-byte access, with the lower I/O
 * entry absent), then executes the command with vmxr_txn_command. For a
 * LAUNCH or RESUME the same command is also stepped on a copy of the state
 * (vmxr_command_exec, vmxr_inject_next, vmxr_inject_step) so that each
 * injection is classified on the state it is routed from. Every claim the
 * replay makes about a route is checked against the route the model took;
 * a disagreement (or a decision outside the legal set below) is counted as
 * "internal" and printed by cov_print: it means this file or the model is
 * wrong, never the vectors.
 *
 * Bins (NIORB = min(NIOR, 16); counts are per decision unless said):
 *
 * outcome/OP/OUTCOME/RULE  the legal decision triples (34). An EVENT is
 *     DELIVER or LOCAL by any of the 9 rules that can choose a target
 *     (PLAT, EXC, IOR, MEM, KEY, TYPE, GROUP, HOME, FALLBACK), or PENDED / ERROR with
 *     rule NONE (architecture 2.10 and 6: PENDED reports no route). LAUNCH
 *     is LAUNCHED or ERROR, RESUME is RESUMED or ERROR, all rule NONE. An
 *     INJECT is DELIVER or LOCAL only (2.9: never pended, never overflows),
 *     by PLAT, TYPE, GROUP, HOME or FALLBACK: the synthetic SMI is reason 6
 *     and the NMI reason 0 with itype 2, so step 4 (itypes 3, 5, 6) and
 *     steps 5-5b (reasons 30, 48, 10, 18, 31, 32) never apply to it.
 *     Everything else is illegal: not a bin.
 * err/NAME  every command error code 1..10.
 * ior/winner/I  entry I won step 5 (the lowest hit whose PMASK has the
 *     profile), I < NIORB; ior/shadow  it won while a higher entry matched
 *     too; ior/pmask_skip  a lower entry hit the access but lacks the
 *     profile in PMASK; ior/wrap  the access wraps past 0xFFFF while an
 *     entry for the profile covers its first port (it would have matched);
 *     ior/straddle  the winning range holds only part of the access. Counted
 *     whenever step 5 runs, whatever the transition then does.
 * plat/CLASS/deliver|local  a decision (EVENT or INJECT) by PLAT for each
 *     class; plat/SMI|NMI/pended/blocked|full  PENDED by step 2, or on a
 *     full stack (only SMI and NMI can be pended).
 * pf/inverted/en1_off|en0_on, pf/kept/en1_on|en0_off  #PF (vector 14) at
 *     step 4: the mask/match mismatch inverted EN (1 -> 0, 0 -> 1) or kept it.
 * group/usage  a unique minimum chose; group/tie  several candidates shared
 *     the minimum (the lowest v won); group/pending  the winner would differ
 *     with every pending_count 0 (PEND_WEIGHT changed the choice);
 *     group/none  no online candidate: falls to HOME.
 * fallback/RULE  offline fallback of the VMM chosen by PLAT, EXC, IOR, MEM,
 *     KEY, TYPE or HOME. GROUP (and a KEY entry with GRP) never chooses an
 *     offline VMM (its candidates are GROUP & VMM_EN; with none it falls to
 *     HOME, counted as HOME): no bin.
 * mem/..., key/...  steps 5a and 5b: dv/coverage_v2.c lists them.
 * stack/cpuC/depthD  CPU C (< NCPU) left at depth D (0..DEPTH) by a command
 *     and its injections; stack/full/local  LOCAL with DEPTH entries (local
 *     is checked before overflow); stack/overflow/pended  an SMI or NMI
 *     latched on a full stack; stack/overflow/error  STACK_OVERFLOW.
 * inject/SMI|NMI/resume|launch  an injection after a RESUME or after a
 *     switching LAUNCH; inject/double  LOCAL SMI then NMI after one pop;
 *     inject/nmi_kept  an SMI injection delivered and blocked a latched NMI;
 *     inject/still_blocked  a pop left a latch blocked by a remaining entry.
 * apb/wr/ok|DECODE|ACCESS|LOCKED|BAD_VALUE  the write rule that decided;
 *     apb/lock/GLOBAL|PLAT|IOR_CTRL|IOR_RANGE|VMM_EN  what locked a LOCKED
 *     write (GLOBAL.LOCK for G registers and GLOBAL itself; PLAT[k].LOCK;
 *     IOR_CTRL[i].LOCK for the entry's control or its range; the VMM_EN rule
 *     of a locked platform route); apb/rd/ok|DECODE.
 * timing/...  port-level results only (res != NULL); docs/pipeline.md's
 *     hazard table, row by row where a vector can reach it:
 *     wr_wait/cfg|ERR|SW_USAGE  a write (to a writable configuration
 *       register, ERR, SW_USAGE) waited (waits > 0) while EX was busy;
 *     wr_wait/inject  a write right after a command that popped and
 *       injected (or right after one of the two commands that follow it,
 *       which wait in RT and EX behind the injection) waited through the
 *       injection;
 *     cmd_held/by_wr  a command presented during a write's access phase
 *       (held off by cmd_ready low; taken after the write);
 *     cmd_held/by_inject  the injection bubble: a command held off in the
 *       same position (without stalls it is the third command after the
 *       injecting one: the first is taken while the pop is in RT, the
 *       second while it executes);
 *     b2b/same_cpu  two commands on one CPU handshaken in consecutive cycles;
 *     b2b/group_after_deliver  a GROUP arbitration handshaken the cycle after
 *       a delivery to one of its candidates;
 *     err_clear_behind_error  an ERR write clearing CMD issued right behind
 *       a command that ended in ERROR, while it was in flight.
 *     Not bins: a write and a handshake at one edge, and any read with
 *     commands in flight (the driver drains before every read).
 */
#include "coverage.h"
#include "coverage_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmxr_model.h"

#define FIELD(word, REG, F) (((word) & VMXR_##REG##_##F##_MASK) >> VMXR_##REG##_##F##_LSB)

/* ---- the bins ---------------------------------------------------------- */

#define NIORB (VMXR_NIOR < 16 ? VMXR_NIOR : 16)

/* The legal op x outcome x rule triples (see the comment at the top). */
static const struct {
    uint8_t op, outcome, rule;
} LEGAL[] = {
#define EVR(O)                                                                                                   \
    { VMXR_OP_EVENT, O, VMXR_RULE_PLAT }, { VMXR_OP_EVENT, O, VMXR_RULE_EXC }, { VMXR_OP_EVENT, O, VMXR_RULE_IOR }, \
        { VMXR_OP_EVENT, O, VMXR_RULE_MEM }, { VMXR_OP_EVENT, O, VMXR_RULE_KEY },                                \
        { VMXR_OP_EVENT, O, VMXR_RULE_TYPE }, { VMXR_OP_EVENT, O, VMXR_RULE_GROUP },                             \
        { VMXR_OP_EVENT, O, VMXR_RULE_HOME }, { VMXR_OP_EVENT, O, VMXR_RULE_FALLBACK }
#define INJ(O)                                                                                                   \
    { VMXR_OP_INJECT, O, VMXR_RULE_PLAT }, { VMXR_OP_INJECT, O, VMXR_RULE_TYPE },                                \
        { VMXR_OP_INJECT, O, VMXR_RULE_GROUP }, { VMXR_OP_INJECT, O, VMXR_RULE_HOME },                           \
        { VMXR_OP_INJECT, O, VMXR_RULE_FALLBACK }
    EVR(VMXR_OUTCOME_DELIVER),
    EVR(VMXR_OUTCOME_LOCAL),
    { VMXR_OP_EVENT, VMXR_OUTCOME_PENDED, VMXR_RULE_NONE },
    { VMXR_OP_EVENT, VMXR_OUTCOME_ERROR, VMXR_RULE_NONE },
    { VMXR_OP_LAUNCH, VMXR_OUTCOME_LAUNCHED, VMXR_RULE_NONE },
    { VMXR_OP_LAUNCH, VMXR_OUTCOME_ERROR, VMXR_RULE_NONE },
    { VMXR_OP_RESUME, VMXR_OUTCOME_RESUMED, VMXR_RULE_NONE },
    { VMXR_OP_RESUME, VMXR_OUTCOME_ERROR, VMXR_RULE_NONE },
    INJ(VMXR_OUTCOME_DELIVER),
    INJ(VMXR_OUTCOME_LOCAL),
#undef EVR
#undef INJ
};
#define N_OUT (sizeof LEGAL / sizeof LEGAL[0])
_Static_assert(N_OUT == 34, "9 + 9 + 2 EVENT, 2 LAUNCH, 2 RESUME, 5 + 5 INJECT");

static const char *const PLAT_NAMES[] = {
    "plat/SMI/deliver",       "plat/SMI/local",       "plat/SMI/pended/blocked", "plat/SMI/pended/full",
    "plat/NMI/deliver",       "plat/NMI/local",       "plat/NMI/pended/blocked", "plat/NMI/pended/full",
    "plat/INIT_SIPI/deliver", "plat/INIT_SIPI/local", "plat/IPI/deliver",        "plat/IPI/local",
};
/* first PLAT bin of class k; deliver +0, local +1, pended/blocked +2, pended/full +3 */
static const uint8_t PLAT_BASE[4] = { 0, 4, 8, 10 };

static const char *const IOR_NAMES[] = { "ior/shadow", "ior/pmask_skip", "ior/wrap", "ior/straddle" };
enum { IOR_SHADOW, IOR_PMASK_SKIP, IOR_WRAP, IOR_STRADDLE, N_IOR_X };

static const char *const PF_NAMES[] = { "pf/inverted/en1_off", "pf/inverted/en0_on", "pf/kept/en1_on",
                                        "pf/kept/en0_off" };
enum { PF_INV_EN1_OFF, PF_INV_EN0_ON, PF_KEPT_EN1_ON, PF_KEPT_EN0_OFF, N_PF };

static const char *const GROUP_NAMES[] = { "group/usage", "group/tie", "group/pending", "group/none" };
enum { GROUP_USAGE, GROUP_TIE, GROUP_PENDING, GROUP_NONE, N_GROUP };

/* fallback bins by the rule that chose the offline VMM */
static const uint8_t FB_RULES[] = { VMXR_RULE_PLAT, VMXR_RULE_EXC, VMXR_RULE_IOR, VMXR_RULE_MEM, VMXR_RULE_KEY,
                                    VMXR_RULE_TYPE, VMXR_RULE_HOME };
#define N_FB (sizeof FB_RULES / sizeof FB_RULES[0])

#define N_DEPTH (VMXR_NCPU * (VMXR_DEPTH + 1))
static const char *const FULL_NAMES[] = { "stack/full/local", "stack/overflow/pended", "stack/overflow/error" };
enum { FULL_LOCAL, FULL_PENDED, FULL_ERROR, N_FULL };

static const char *const INJ_NAMES[] = { "inject/SMI/resume", "inject/SMI/launch", "inject/NMI/resume",
                                         "inject/NMI/launch", "inject/double",     "inject/nmi_kept",
                                         "inject/still_blocked" };
enum { INJ_SMI_RESUME, INJ_SMI_LAUNCH, INJ_NMI_RESUME, INJ_NMI_LAUNCH, INJ_DOUBLE, INJ_NMI_KEPT, INJ_STILL_BLOCKED,
       N_INJ };

static const char *const APB_NAMES[] = {
    "apb/wr/ok",          "apb/wr/DECODE",   "apb/wr/ACCESS",        "apb/wr/LOCKED",
    "apb/wr/BAD_VALUE",   "apb/lock/GLOBAL", "apb/lock/PLAT",        "apb/lock/IOR_CTRL",
    "apb/lock/IOR_RANGE", "apb/lock/VMM_EN", "apb/rd/ok",            "apb/rd/DECODE",
};
enum { WR_OK, WR_DECODE, WR_ACCESS, WR_LOCKED, WR_BAD_VALUE, LOCK_GLOBAL, LOCK_PLAT, LOCK_IOR_CTRL, LOCK_IOR_RANGE,
       LOCK_VMM_EN, RD_OK, RD_DECODE, N_APB };

/* counter boundaries after a command or write: a pending_count[v] at PEND_MAX (a CPU in vmm v never
 * delivers to v again: at most every other entry of a stack), usage(v) clamped, 0xFF x PEND_MAX */
#define PEND_MAX (VMXR_NCPU * ((VMXR_DEPTH + 1) / 2))
static const char *const CNT_NAMES[] = { "counter/pending_max", "counter/usage_saturated",
                                         "counter/weight_x_pending_max" };
enum { CNT_PENDING_MAX, CNT_USAGE_SAT, CNT_PRODUCT_MAX, N_CNT };

static const char *const TIM_NAMES[] = {
    "timing/wr_wait/cfg",        "timing/wr_wait/ERR",   "timing/wr_wait/SW_USAGE",
    "timing/wr_wait/inject",     "timing/cmd_held/by_wr", "timing/cmd_held/by_inject",
    "timing/b2b/same_cpu",       "timing/b2b/group_after_deliver", "timing/err_clear_behind_error",
};
enum { TIM_WAIT_CFG, TIM_WAIT_ERR, TIM_WAIT_SW_USAGE, TIM_WAIT_INJECT, TIM_HELD_BY_WR, TIM_HELD_BY_INJECT,
       TIM_B2B_SAME_CPU, TIM_B2B_GROUP, TIM_ERR_CLEAR, N_TIM };

#define N_ERR (VMXR_ERRC_COUNT - 1)

enum {
    B_OUT = 0,
    B_ERR = B_OUT + (int)N_OUT,
    B_IOR_WIN = B_ERR + N_ERR,
    B_IOR_X = B_IOR_WIN + NIORB,
    B_PLAT = B_IOR_X + N_IOR_X,
    B_PF = B_PLAT + (int)(sizeof PLAT_NAMES / sizeof PLAT_NAMES[0]),
    B_GROUP = B_PF + N_PF,
    B_FB = B_GROUP + N_GROUP,
    B_DEPTH = B_FB + (int)N_FB,
    B_FULL = B_DEPTH + N_DEPTH,
    B_INJ = B_FULL + N_FULL,
    B_APB = B_INJ + N_INJ,
    B_CNT = B_APB + N_APB,
    B_TIM = B_CNT + N_CNT,
    B_V2 = B_TIM + N_TIM, /* dv/coverage_v2.c's */
    NBINS = B_V2 + COV2_NBINS
};

_Static_assert(sizeof IOR_NAMES / sizeof IOR_NAMES[0] == N_IOR_X, "IOR names");
_Static_assert(sizeof PF_NAMES / sizeof PF_NAMES[0] == N_PF, "PF names");
_Static_assert(sizeof GROUP_NAMES / sizeof GROUP_NAMES[0] == N_GROUP, "GROUP names");
_Static_assert(sizeof FULL_NAMES / sizeof FULL_NAMES[0] == N_FULL, "stack names");
_Static_assert(sizeof INJ_NAMES / sizeof INJ_NAMES[0] == N_INJ, "inject names");
_Static_assert(sizeof APB_NAMES / sizeof APB_NAMES[0] == N_APB, "APB names");
_Static_assert(sizeof CNT_NAMES / sizeof CNT_NAMES[0] == N_CNT, "counter names");
_Static_assert(sizeof TIM_NAMES / sizeof TIM_NAMES[0] == N_TIM, "timing names");


/* The name of bin b ("" past the last). */
static void bin_name(unsigned b, char *buf, size_t n)
{
    if (b < B_ERR) {
        snprintf(buf, n, "outcome/%s/%s/%s", vmxr_op_names[LEGAL[b].op], vmxr_outcome_names[LEGAL[b].outcome],
                 vmxr_rule_names[LEGAL[b].rule]);
    } else if (b < B_IOR_WIN) {
        snprintf(buf, n, "err/%s", vmxr_errc_names[b - B_ERR + 1]);
    } else if (b < B_IOR_X) {
        snprintf(buf, n, "ior/winner/%u", b - B_IOR_WIN);
    } else if (b < B_PLAT) {
        snprintf(buf, n, "%s", IOR_NAMES[b - B_IOR_X]);
    } else if (b < B_PF) {
        snprintf(buf, n, "%s", PLAT_NAMES[b - B_PLAT]);
    } else if (b < B_GROUP) {
        snprintf(buf, n, "%s", PF_NAMES[b - B_PF]);
    } else if (b < B_FB) {
        snprintf(buf, n, "%s", GROUP_NAMES[b - B_GROUP]);
    } else if (b < B_DEPTH) {
        snprintf(buf, n, "fallback/%s", vmxr_rule_names[FB_RULES[b - B_FB]]);
    } else if (b < B_FULL) {
        snprintf(buf, n, "stack/cpu%u/depth%u", (b - B_DEPTH) / (VMXR_DEPTH + 1), (b - B_DEPTH) % (VMXR_DEPTH + 1));
    } else if (b < B_INJ) {
        snprintf(buf, n, "%s", FULL_NAMES[b - B_FULL]);
    } else if (b < B_APB) {
        snprintf(buf, n, "%s", INJ_NAMES[b - B_INJ]);
    } else if (b < B_CNT) {
        snprintf(buf, n, "%s", APB_NAMES[b - B_APB]);
    } else if (b < B_TIM) {
        snprintf(buf, n, "%s", CNT_NAMES[b - B_CNT]);
    } else if (b < B_V2) {
        snprintf(buf, n, "%s", TIM_NAMES[b - B_TIM]);
    } else if (b < NBINS) {
        cov2_bin_name(b - B_V2, buf, n);
    } else if (n) {
        buf[0] = '\0';
    }
}

struct cov {
    uint64_t n[NBINS];
    uint64_t internal;    /* replay claims the model contradicted, illegal decisions */
    uint64_t engine_diff; /* commands whose port-level decisions differ from the replay */
    uint64_t lost;        /* files not analysed (out of memory) */
    char name[NBINS][COV_NAME_MAX]; /* bin_name of each bin, made once */
};

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

static void hit(struct cov *c, unsigned b)
{
    if (b < NBINS)
        c->n[b] = sat_add(c->n[b], 1);
}

struct cov *cov_new(void)
{
    struct cov *c = calloc(1, sizeof *c);
    if (c)
        for (unsigned b = 0; b < NBINS; b++)
            bin_name(b, c->name[b], sizeof c->name[b]);
    return c;
}

void cov_free(struct cov *c) { free(c); }

void cov_merge(struct cov *into, const struct cov *from)
{
    for (unsigned b = 0; b < NBINS; b++)
        into->n[b] = sat_add(into->n[b], from->n[b]);
    into->internal = sat_add(into->internal, from->internal);
    into->engine_diff = sat_add(into->engine_diff, from->engine_diff);
    into->lost = sat_add(into->lost, from->lost);
}

unsigned cov_bins(const struct cov *c)
{
    (void)c;
    return NBINS;
}

unsigned cov_holes(const struct cov *c)
{
    unsigned h = 0;
    for (unsigned b = 0; b < NBINS; b++)
        h += c->n[b] == 0;
    return h;
}

const char *cov_bin_name(const struct cov *c, unsigned b) { return b < NBINS ? c->name[b] : ""; }

uint64_t cov_count(const struct cov *c, unsigned b) { return b < NBINS ? c->n[b] : 0; }

void cov_add_count(struct cov *c, unsigned b, uint64_t n)
{
    if (b < NBINS)
        c->n[b] = sat_add(c->n[b], n);
}

/* ---- replay ------------------------------------------------------------ */

static const struct vmxr_route NO_ROUTE = { VMXR_RULE_NONE, 0, 0, 0 };

/* What the timing pass needs to know about an item. */
struct ifact {
    bool cmd;
    uint8_t ndec;
    struct vmxr_decision dec[VEC_MAX_OUTCOMES];
    uint8_t gcand; /* GROUP arbitration of the command's own event: its candidates (0: none) */
    int8_t wkind;  /* wr: TIM_WAIT_CFG/ERR/SW_USAGE, or -1 (unmapped or read-only) */
    bool err_clear; /* wr: an accepted ERR write by VMM 0 that clears CMD */
};

struct replay {
    struct cov *c;
    struct vmxr_state *st;   /* the replay: vmxr_txn_command */
    struct vmxr_state *step; /* a LAUNCH/RESUME stepped again, for its injections */
    struct vmxr_state *zero; /* scratch: the state with every pending_count 0 */
};

static void internal(struct replay *rp) { rp->c->internal = sat_add(rp->c->internal, 1); }


static uint64_t profile_entries(const struct vmxr_cfg *cfg, uint64_t hits, unsigned p)
{
    uint64_t m = 0;
    for (uint64_t h = hits; h; h &= h - 1) {
        unsigned i = (unsigned)__builtin_ctzll(h);
        if ((FIELD(cfg->ior_ctrl[i], IOR_CTRL, PMASK) >> p) & 1u)
            m |= (uint64_t)1 << i;
    }
    return m;
}

/* Step 5 of an I/O event (valid: size 1, 2 or 4) from profile p. */
static void ior_facts(struct replay *rp, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p,
                      struct vmxr_route r)
{
    uint32_t port = c->qual >> 16, size = (c->qual & 7u) + 1;
    uint64_t hits = vmxr_ior_hits(cfg, c->qual);
    uint64_t mine = profile_entries(cfg, hits, p);
    int w = mine ? __builtin_ctzll(mine) : -1;
    if (w >= 0 ? (r.rule != VMXR_RULE_IOR || r.idx != w) : r.rule == VMXR_RULE_IOR)
        internal(rp);
    uint64_t below = w >= 0 ? (((uint64_t)1 << w) - 1) : ~(uint64_t)0;
    if (hits & ~mine & below)
        hit(rp->c, B_IOR_X + IOR_PMASK_SKIP);
    if (port + size > 0x10000u && profile_entries(cfg, vmxr_ior_hits(cfg, c->qual & ~7u), p))
        hit(rp->c, B_IOR_X + IOR_WRAP);
    if (w < 0)
        return;
    if (w < NIORB)
        hit(rp->c, B_IOR_WIN + (unsigned)w);
    if (mine & (mine - 1))
        hit(rp->c, B_IOR_X + IOR_SHADOW);
    uint32_t range = cfg->ior_range[w];
    if (port < FIELD(range, IOR_RANGE, BASE) || port + size - 1 > FIELD(range, IOR_RANGE, LIMIT))
        hit(rp->c, B_IOR_X + IOR_STRADDLE);
}

/* Step 4 for vector 14 (#PF) from profile p. */
static void pf_facts(struct replay *rp, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p,
                     struct vmxr_route r)
{
    unsigned e = (cfg->exc[p][14 / 8] >> (4 * (14 % 8))) & 0xFu;
    bool en = (e & 8u) != 0;
    bool mismatch = (c->errcode & cfg->pfec_mask[p]) != cfg->pfec_match[p];
    bool enable = en != mismatch;
    if (enable != (r.rule == VMXR_RULE_EXC) || (enable && (r.idx != 14 || r.t != (e & 7u))))
        internal(rp);
    hit(rp->c, B_PF + (mismatch ? (en ? PF_INV_EN1_OFF : PF_INV_EN0_ON) : (en ? PF_KEPT_EN1_ON : PF_KEPT_EN0_OFF)));
}

/* Step 6 GROUP arbitration of route r from context s. Returns the online
 * candidates (0: none). */
static unsigned group_facts(struct replay *rp, const struct vmxr_state *st, uint8_t s, struct vmxr_route r)
{
    struct cov_arb a;
    struct vmxr_route got = cov_group_arb(st, rp->zero, s, r, &a);
    if (!a.cand) {
        hit(rp->c, B_GROUP + GROUP_NONE);
        if (got.rule == VMXR_RULE_GROUP)
            internal(rp);
        return 0;
    }
    if (got.rule != VMXR_RULE_GROUP || got.t != a.best)
        internal(rp);
    hit(rp->c, B_GROUP + (a.tie ? GROUP_TIE : GROUP_USAGE));
    if (a.pending)
        hit(rp->c, B_GROUP + GROUP_PENDING);
    return a.cand;
}

/* The facts of routing event c (masked, valid) of class k on its CPU in st,
 * before it executes. Returns the static route for the current profile
 * (what the model uses); *blocked when step 2 pends it; *gcand the GROUP
 * candidates when GROUP arbitrates. */
static struct vmxr_route route_facts(struct replay *rp, const struct vmxr_state *st, const struct vmxr_cmd *c,
                                     unsigned k, bool *blocked, unsigned *gcand)
{
    const struct vmxr_cpu *cpu = &st->cpu[c->cpu];
    unsigned kbit = k == VMXR_PCLASS_SMI ? VMXR_BLK_SMI : k == VMXR_PCLASS_NMI ? VMXR_BLK_NMI : 0;
    *blocked = kbit && (vmxr_blocked(cpu) & kbit);
    *gcand = 0;
    if (*blocked)
        return NO_ROUTE;
    unsigned p = vmxr_profile(&st->cfg, cpu->cur);
    struct vmxr_route r = vmxr_route_static(&st->cfg, c, k, p);
    if (k == VMXR_PCLASS_NONE && c->reason == 0 && (c->itype == 3 || c->itype == 5 || c->itype == 6) &&
        c->vector == 14)
        pf_facts(rp, &st->cfg, c, p, r);
    if (c->reason == 30)
        ior_facts(rp, &st->cfg, c, p, r);
    if (r.rule == VMXR_RULE_GROUP)
        *gcand = group_facts(rp, st, cpu->cur, r);
    struct cov2_sink k2 = { &rp->c->n[B_V2], &rp->c->internal };
    if (c->reason == 48 || vmxr_key_kind(c->reason))
        *gcand |= cov2_route_facts(&k2, st, rp->zero, c, p, cpu->cur, r);
    return r;
}

static bool dec_equal(const struct vmxr_decision *a, const struct vmxr_decision *b)
{
    return a->cpu == b->cpu && a->op == b->op && a->outcome == b->outcome && a->err == b->err &&
           a->from == b->from && a->to == b->to && a->rule == b->rule && a->idx == b->idx &&
           a->reason == b->reason && a->qual == b->qual;
}

static void outcome_bin(struct replay *rp, const struct vmxr_decision *d)
{
    for (unsigned i = 0; i < N_OUT; i++)
        if (LEGAL[i].op == d->op && LEGAL[i].outcome == d->outcome && LEGAL[i].rule == d->rule) {
            hit(rp->c, B_OUT + i);
            return;
        }
    internal(rp); /* a decision the architecture does not allow */
}

/* The rule that chose the VMM an offline fallback replaced, from the static
 * route r (a GROUP route, or a KEY route by a GRP entry, falls back only via
 * HOME). */
static void fallback_bin(struct replay *rp, struct vmxr_route r)
{
    bool grp = r.rule == VMXR_RULE_GROUP || (r.rule == VMXR_RULE_KEY && r.t == VMXR_T_NONE);
    unsigned rule = grp ? VMXR_RULE_HOME : r.rule;
    for (unsigned i = 0; i < N_FB; i++)
        if (FB_RULES[i] == rule) {
            hit(rp->c, B_FB + i);
            return;
        }
    internal(rp);
}

/* The counter bins of the state as it is now. */
static void counter_facts(struct replay *rp)
{
    const struct vmxr_state *st = rp->st;
    uint32_t weight = st->cfg.pend_weight & 0xFFu;
    for (unsigned v = 0; v < VMXR_NVMM; v++) {
        uint32_t pend = st->pending_count[v];
        if (pend == PEND_MAX)
            hit(rp->c, B_CNT + CNT_PENDING_MAX);
        if (pend == PEND_MAX && weight == 0xFFu)
            hit(rp->c, B_CNT + CNT_PRODUCT_MAX);
        if (pend * weight + (st->cfg.sw_usage[v] & 0xFFFFu) > 0xFFFFu)
            hit(rp->c, B_CNT + CNT_USAGE_SAT);
    }
}

static void replay_command(struct replay *rp, const struct vec_item *it, struct ifact *fx)
{
    struct vmxr_state *st = rp->st;
    struct vmxr_cmd c = vmxr_cmd_mask(it->cmd);
    unsigned err = vmxr_command_check(&c);
    bool event = c.op == VMXR_OP_EVENT || c.op == VMXR_OP_INJECT;
    struct vmxr_route route[VEC_MAX_OUTCOMES] = { NO_ROUTE, NO_ROUTE, NO_ROUTE };
    unsigned k = VMXR_PCLASS_NONE, gcand = 0, pre_depth = 0;
    bool blocked = false;

    if (!err && event) {
        k = vmxr_pclass(&st->cfg, &c);
        pre_depth = st->cpu[c.cpu].depth;
        route[0] = route_facts(rp, st, &c, k, &blocked, &gcand);
    }

    /* a LAUNCH or RESUME stepped on a copy: the state each injection meets */
    struct vmxr_decision stepd[VEC_MAX_OUTCOMES];
    unsigned nstep = 0;
    bool stepped = !err && !event, still_blocked = false;
    if (stepped) {
        *rp->step = *st;
        struct vmxr_state *t = rp->step;
        bool popped = vmxr_command_exec(t, &c, 0, VMXR_PCLASS_NONE, NO_ROUTE, &stepd[nstep++]);
        if (popped) {
            const struct vmxr_cpu *cpu = &t->cpu[c.cpu];
            still_blocked = (cpu->pend & vmxr_blocked(cpu)) != 0;
            for (unsigned j = 0; j < 2 && nstep < VEC_MAX_OUTCOMES; j++) {
                unsigned kk = vmxr_inject_next(t, c.cpu);
                if (kk == VMXR_PCLASS_NONE)
                    break;
                struct vmxr_cmd e = vmxr_inject_cmd(c.cpu, kk);
                bool b;
                unsigned g;
                route[nstep] = route_facts(rp, t, &e, kk, &b, &g);
                if (b)
                    internal(rp); /* an injection is never blocked */
                vmxr_inject_step(t, c.cpu, &stepd[nstep++]);
                if (kk != VMXR_PCLASS_SMI)
                    break;
            }
        }
    }

    struct vmxr_decision out[VEC_MAX_OUTCOMES];
    unsigned n = vmxr_txn_command(st, &it->cmd, out);
    if (n == 0 || n > VEC_MAX_OUTCOMES) {
        internal(rp);
        return;
    }
    if (stepped) {
        bool same = n == nstep;
        for (unsigned j = 0; same && j < n; j++)
            same = dec_equal(&out[j], &stepd[j]);
        if (!same)
            internal(rp);
    }

    bool smi_delivered = false;
    for (unsigned j = 0; j < n; j++) {
        const struct vmxr_decision *d = &out[j];
        outcome_bin(rp, d);
        if (d->outcome == VMXR_OUTCOME_ERROR) {
            if (d->err >= 1 && d->err <= N_ERR)
                hit(rp->c, B_ERR + d->err - 1u);
            else
                internal(rp);
            if (d->err == VMXR_ERRC_STACK_OVERFLOW)
                hit(rp->c, B_FULL + FULL_ERROR);
        }
        if (d->rule == VMXR_RULE_PLAT && d->idx < 4 &&
            (d->outcome == VMXR_OUTCOME_DELIVER || d->outcome == VMXR_OUTCOME_LOCAL))
            hit(rp->c, B_PLAT + PLAT_BASE[d->idx] + (d->outcome == VMXR_OUTCOME_LOCAL));
        if (d->outcome == VMXR_OUTCOME_PENDED) {
            if (j != 0 || (k != VMXR_PCLASS_SMI && k != VMXR_PCLASS_NMI)) {
                internal(rp);
            } else {
                hit(rp->c, B_PLAT + PLAT_BASE[k] + (blocked ? 2u : 3u));
                if (!blocked)
                    hit(rp->c, B_FULL + FULL_PENDED);
            }
        }
        if (d->rule == VMXR_RULE_FALLBACK)
            fallback_bin(rp, route[j]);
        if (j == 0 && event && d->outcome == VMXR_OUTCOME_LOCAL && pre_depth == VMXR_DEPTH)
            hit(rp->c, B_FULL + FULL_LOCAL);
        if (d->op == VMXR_OP_INJECT) {
            bool smi = d->reason == 6;
            bool resume = c.op == VMXR_OP_RESUME;
            hit(rp->c, B_INJ + (smi ? (resume ? INJ_SMI_RESUME : INJ_SMI_LAUNCH)
                                    : (resume ? INJ_NMI_RESUME : INJ_NMI_LAUNCH)));
            if (smi && d->outcome == VMXR_OUTCOME_DELIVER)
                smi_delivered = true;
        }
    }
    if (n == 3) {
        if (out[1].outcome == VMXR_OUTCOME_LOCAL && out[1].reason == 6 && out[2].reason == 0)
            hit(rp->c, B_INJ + INJ_DOUBLE);
        else
            internal(rp);
    }
    if (!err) {
        const struct vmxr_cpu *cpu = &st->cpu[c.cpu];
        if (smi_delivered && (cpu->pend & VMXR_BLK_NMI))
            hit(rp->c, B_INJ + INJ_NMI_KEPT);
        if (still_blocked)
            hit(rp->c, B_INJ + INJ_STILL_BLOCKED);
    }
    if (c.cpu < VMXR_NCPU && st->cpu[c.cpu].depth <= VMXR_DEPTH)
        hit(rp->c, B_DEPTH + c.cpu * (VMXR_DEPTH + 1u) + st->cpu[c.cpu].depth);
    counter_facts(rp);

    if (fx) {
        fx->cmd = true;
        fx->ndec = (uint8_t)n;
        memcpy(fx->dec, out, n * sizeof out[0]);
        fx->gcand = (uint8_t)gcand;
    }
}

/* What locks a write that the write rules refuse with LOCKED. */
static void lock_kind(struct replay *rp, unsigned addr)
{
    const struct vmxr_cfg *cfg = &rp->st->cfg;
    enum vmxr_reg_id id;
    unsigned i, j;
    if (!vmxr_reg_decode(addr, &id, &i, &j)) {
        internal(rp);
        return;
    }
    const struct vmxr_reg_desc *r = &vmxr_reg_table[id];
    if ((r->flags & VMXR_RF_G) && (cfg->global & VMXR_GLOBAL_LOCK_MASK)) {
        hit(rp->c, B_APB + LOCK_GLOBAL);
        return;
    }
    if (r->lock_reg == VMXR_R_GLOBAL && (cfg->global & r->lock_mask)) {
        hit(rp->c, B_APB + LOCK_GLOBAL);
        return;
    }
    if (r->lock_reg == VMXR_R_PLAT && i < 4 && (cfg->plat[i] & r->lock_mask)) {
        hit(rp->c, B_APB + LOCK_PLAT);
        return;
    }
    if (r->lock_reg == VMXR_R_IOR_CTRL && i < VMXR_NIOR && (cfg->ior_ctrl[i] & r->lock_mask)) {
        hit(rp->c, B_APB + (id == VMXR_R_IOR_RANGE ? LOCK_IOR_RANGE : LOCK_IOR_CTRL));
        return;
    }
    if (id == VMXR_R_VMM_EN) {
        hit(rp->c, B_APB + LOCK_VMM_EN);
        return;
    }
    struct cov2_sink k2 = { &rp->c->n[B_V2], &rp->c->internal };
    if (!cov2_lock_kind(&k2, cfg, id, i))
        internal(rp);
}

static void replay_write(struct replay *rp, const struct vec_item *it, struct ifact *fx)
{
    struct vmxr_state *st = rp->st;
    uint32_t fail = vmxr_apb_write_check(st, it->vmm, it->addr, it->value);
    switch (fail) {
    case 0: hit(rp->c, B_APB + WR_OK); break;
    case VMXR_ERR_DECODE_MASK: hit(rp->c, B_APB + WR_DECODE); break;
    case VMXR_ERR_ACCESS_MASK: hit(rp->c, B_APB + WR_ACCESS); break;
    case VMXR_ERR_BAD_VALUE_MASK: hit(rp->c, B_APB + WR_BAD_VALUE); break;
    case VMXR_ERR_LOCKED_MASK:
        hit(rp->c, B_APB + WR_LOCKED);
        lock_kind(rp, it->addr);
        break;
    default: internal(rp); break;
    }
    if (fx) {
        enum vmxr_reg_id id = VMXR_R__COUNT;
        unsigned i, j;
        bool mapped = vmxr_reg_decode(it->addr, &id, &i, &j) && !(vmxr_reg_table[id].flags & VMXR_RF_RO);
        fx->wkind = -1;
        if (mapped)
            fx->wkind = id == VMXR_R_ERR ? TIM_WAIT_ERR : id == VMXR_R_SW_USAGE ? TIM_WAIT_SW_USAGE : TIM_WAIT_CFG;
        fx->err_clear = mapped && fail == 0 && id == VMXR_R_ERR && (it->value & VMXR_ERR_CMD_MASK);
    }
    if (vmxr_apb_write(st, it->vmm, it->addr, it->value) != (fail != 0))
        internal(rp);
    counter_facts(rp);
}

/* One file being covered (cov_file_begin .. cov_file_end): the replay,
 * and what the timing bins of the next item need of the items before it.
 * Timing counts wait in tim until the file is done: a file whose engine
 * run failed counts none. */
struct cov_file {
    struct cov *c;
    struct replay rp;
    bool timing;
    unsigned i;           /* items so far */
    struct ifact fx1, fx2, fx3; /* the facts of the three items before this one, the nearest first */
    bool prev_cmd;        /* a command came before: */
    struct vec_item prev_it;
    uint64_t prev_cycle;
    struct ifact prev_fx;
    uint64_t tim[N_TIM];
    uint64_t engine_diff;
};

static void tim_hit(struct cov_file *cf, unsigned k) { cf->tim[k] = sat_add(cf->tim[k], 1); }

/* The timing bins of item i (it, its facts x) from its port-level result r. */
static void timing(struct cov_file *cf, const struct vec_item *it, const struct vec_result *r, const struct ifact *x)
{
    unsigned i = cf->i;
    const struct ifact *before = i > 0 && cf->fx1.cmd ? &cf->fx1 : NULL;
    /* an injection is due in EX when this item is presented: the command
     * just before injected, or one of the two before that did and the
     * commands between (taken in the next cycles) wait in RT and EX behind it */
    bool after_inject = before && (before->ndec > 1 || (i > 1 && cf->fx2.cmd && cf->fx2.ndec > 1) ||
                                   (i > 2 && cf->fx2.cmd && cf->fx3.cmd && cf->fx3.ndec > 1));
    if (it->kind == VEC_WR) {
        if (r->waits > 0 && x->wkind >= 0)
            tim_hit(cf, (unsigned)x->wkind);
        if (r->waits > 0 && after_inject)
            tim_hit(cf, TIM_WAIT_INJECT);
        if (x->err_clear && it->vmm == 0 && r->in_flight && before && before->dec[0].outcome == VMXR_OUTCOME_ERROR)
            tim_hit(cf, TIM_ERR_CLEAR);
        return;
    }
    if (!vec_is_command(it->kind))
        return;
    bool same = r->ndec == x->ndec;
    for (unsigned j = 0; same && j < r->ndec; j++)
        same = dec_equal(&r->dec[j], &x->dec[j]);
    if (!same)
        cf->engine_diff = sat_add(cf->engine_diff, 1);
    if (r->in_flight)
        tim_hit(cf, TIM_HELD_BY_WR);
    else if (r->held > 0 && after_inject)
        tim_hit(cf, TIM_HELD_BY_INJECT);
    if (cf->prev_cmd && r->cycle == cf->prev_cycle + 1) {
        const struct vec_item *p = &cf->prev_it;
        const struct vmxr_decision *pd = &cf->prev_fx.dec[0];
        if (p->cmd.cpu == it->cmd.cpu && it->cmd.cpu < VMXR_NCPU)
            tim_hit(cf, TIM_B2B_SAME_CPU);
        if (x->gcand && cf->prev_fx.ndec && pd->outcome == VMXR_OUTCOME_DELIVER &&
            ((x->gcand >> vmxr_ctx_id(pd->to)) & 1u))
            tim_hit(cf, TIM_B2B_GROUP);
    }
}

struct cov_file *cov_file_begin(struct cov *c, const struct vmxr_straps *straps, bool timing_bins)
{
    struct cov_file *cf = calloc(1, sizeof *cf);
    if (cf) {
        cf->rp.c = c;
        cf->rp.st = malloc(sizeof *cf->rp.st);
        cf->rp.step = malloc(sizeof *cf->rp.step);
        cf->rp.zero = malloc(sizeof *cf->rp.zero);
    }
    if (!cf || !cf->rp.st || !cf->rp.step || !cf->rp.zero) {
        c->lost = sat_add(c->lost, 1);
        if (cf) {
            free(cf->rp.st);
            free(cf->rp.step);
            free(cf->rp.zero);
        }
        free(cf);
        return NULL;
    }
    cf->c = c;
    cf->timing = timing_bins;
    vmxr_state_reset(cf->rp.st, straps);
    return cf;
}

void cov_file_item(struct cov_file *cf, const struct vec_item *it, const struct vec_result *r)
{
    if (!cf)
        return;
    struct replay *rp = &cf->rp;
    struct ifact x = { 0 };
    switch (it->kind) {
    case VEC_WR: replay_write(rp, it, &x); break;
    case VEC_RD: {
        bool slverr;
        vmxr_apb_read(rp->st, it->addr, &slverr);
        hit(cf->c, B_APB + (slverr ? RD_DECODE : RD_OK));
        break;
    }
    case VEC_EV:
    case VEC_LAUNCH:
    case VEC_RESUME: replay_command(rp, it, &x); break;
    default: break;
    }
    if (cf->timing && r)
        timing(cf, it, r, &x);
    else
        cf->timing = false; /* an item without its result: no timing bins for the file */
    if (vec_is_command(it->kind)) {
        cf->prev_cmd = true;
        cf->prev_it = *it;
        cf->prev_cycle = r ? r->cycle : 0;
        cf->prev_fx = x;
    }
    cf->fx3 = cf->fx2;
    cf->fx2 = cf->fx1;
    cf->fx1 = x;
    cf->i++;
}

void cov_file_end(struct cov_file *cf, bool count_timing)
{
    if (!cf)
        return;
    if (count_timing && cf->timing) {
        for (unsigned k = 0; k < N_TIM; k++)
            cf->c->n[B_TIM + k] = sat_add(cf->c->n[B_TIM + k], cf->tim[k]);
        cf->c->engine_diff = sat_add(cf->c->engine_diff, cf->engine_diff);
    }
    free(cf->rp.zero);
    free(cf->rp.step);
    free(cf->rp.st);
    free(cf);
}

void cov_add_file(struct cov *c, const struct vec_file *f, const struct vec_result *res)
{
    struct cov_file *cf = cov_file_begin(c, &f->straps, res != NULL);
    for (unsigned i = 0; cf && i < f->nitems; i++)
        cov_file_item(cf, &f->items[i], res ? &res[i] : NULL);
    cov_file_end(cf, res != NULL);
}

/* ---- reports ----------------------------------------------------------- */

void cov_print(const struct cov *c, FILE *out)
{
    unsigned total = NBINS, holes = cov_holes(c);
    fprintf(out, "coverage: %u/%u bins hit (%.1f%%), %u holes\n", total - holes, total,
            100.0 * (total - holes) / total, holes);
    unsigned b = 0;
    while (b < NBINS) {
        const char *fam = c->name[b];
        size_t fl = strcspn(fam, "/");
        unsigned end = b, fhit = 0;
        for (; end < NBINS && !strncmp(c->name[end], fam, fl) && c->name[end][fl] == '/'; end++)
            fhit += c->n[end] != 0;
        fprintf(out, "%-10.*s %3u/%u", (int)fl, fam, fhit, end - b);
        size_t col = 99; /* force a new line before the first entry */
        for (; b < end; b++) {
            char cell[80];
            int w = snprintf(cell, sizeof cell, "%s=%" PRIu64, c->name[b] + fl + 1, c->n[b]);
            if (w < 0)
                continue;
            if (col + 2 + (size_t)w > 100) {
                fprintf(out, "\n    ");
                col = 4;
            } else {
                fprintf(out, "  ");
                col += 2;
            }
            fputs(cell, out);
            col += (size_t)w;
        }
        fputc('\n', out);
    }
    fprintf(out, "holes: %u\n", holes);
    for (unsigned h = 0; h < NBINS; h++)
        if (!c->n[h])
            fprintf(out, "  %s\n", c->name[h]);
    if (c->internal)
        fprintf(out, "internal: %" PRIu64 " replay claims contradicted by the model (a bug in coverage.c or the model)\n",
                c->internal);
    if (c->engine_diff)
        fprintf(out, "warning: %" PRIu64 " commands decided differently by the engine than by the replay\n",
                c->engine_diff);
    if (c->lost)
        fprintf(out, "warning: %" PRIu64 " files not analysed (out of memory)\n", c->lost);
}
