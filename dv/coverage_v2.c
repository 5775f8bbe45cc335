/* Functional coverage of VMXR-2's memory-range (step 5a) and key-range
 * (step 5b) routes: the bins dv/coverage.c counts into its table beside the
 * VMXR-1 ones (coverage_int.h). Like the rest of the replay, every fact is
 * taken on the state the event meets and every claim about a route is
 * checked against the route the model took (a disagreement counts as
 * "internal"). The decisions themselves are coverage.c's bins:
 * outcome/EVENT/DELIVER|LOCAL/MEM|KEY, fallback/MEM|KEY.
 *
 * An entry "fits" an event when it is valid, its PMASK has the profile and
 * it takes the event's access kinds (MEM: A != 0 and A & ~ACC == 0) or kind
 * (KEY: the reason's kind bit); only the span then decides. X is the frame
 * gpa[43:12] or the key.
 *
 * mem/winner/J, key/winner/I  entry J (I) decided the event.
 * mem/access/A  a reason-48 event with access kinds A = qual[2:0], 0..7.
 * mem|key/edge/base_minus1|base|limit|limit_plus1  X is BASE-1, BASE,
 *     LIMIT or LIMIT+1 of a non-empty entry that fits (BASE-1 and LIMIT+1
 *     only where they exist in 32 bits; the model must agree: in at BASE
 *     and LIMIT, out one past them).
 * mem/gpa_high  gpa[63:44] != 0 while gpa[43:12] lies in an entry that
 *     fits: out of reach, no MEM route.
 * mem/acc_excluded, key/kind_excluded  X lies in a valid entry whose PMASK
 *     has the profile, but the access kinds (A != 0) or the kind do not fit.
 * mem|key/pmask_skip  a lower entry hit the event but lacks the profile;
 * mem|key/shadow  the winner won while a higher entry fitted and held X too;
 * mem|key/empty  X is BASE or LIMIT of an empty entry (BASE > LIMIT) that
 *     fits: never a hit.
 * mem/top_frame  a MEM route at frame 0xFFFFFFFF, the last below 2^44.
 * key/kind/CPUID|VMCALL|RDMSR|WRMSR  a KEY route of each kind.
 * key/grp/usage|tie|pending|none  a GRP entry decided: a unique smallest
 *     usage chose, several shared it (the lowest won), the choice differs
 *     with every pending_count 0, or no member was online (HOME);
 *     key/grp/none_fallback  no member online and the home VMM offline too
 *     (FALLBACK); key/grp/decides  no member online while a higher entry
 *     fitted too (the lowest entry decides: it is not consulted);
 *     key/grp/vmm2_set  the deciding GRP entry has VMM[2] set (stored, not
 *     used: the group is VMM[1:0]).
 * mem|key/lock/range|ctrl  a write refused with LOCKED by the entry's
 *     LOCK: to its BASE or LIMIT, or to its CTRL.
 */
#include "coverage_int.h"

#include <stdio.h>
#include <string.h>

#define FIELD(word, REG, F) (((word) & VMXR_##REG##_##F##_MASK) >> VMXR_##REG##_##F##_LSB)

static const char *const MEM_NAMES[] = {
    "mem/access/0",       "mem/access/1",    "mem/access/2",         "mem/access/3",
    "mem/access/4",       "mem/access/5",    "mem/access/6",         "mem/access/7",
    "mem/edge/base_minus1", "mem/edge/base", "mem/edge/limit",       "mem/edge/limit_plus1",
    "mem/gpa_high",       "mem/acc_excluded", "mem/pmask_skip",      "mem/shadow",
    "mem/empty",          "mem/top_frame",   "mem/lock/range",       "mem/lock/ctrl",
};
enum { MX_ACCESS = 0, MX_EDGE = 8, MX_GPA_HIGH = 12, MX_EXCLUDED, MX_PMASK_SKIP, MX_SHADOW, MX_EMPTY, MX_TOP,
       MX_LOCK_RANGE, MX_LOCK_CTRL, N_MX };

static const char *const KEY_NAMES[] = {
    "key/kind/CPUID",      "key/kind/VMCALL",   "key/kind/RDMSR",  "key/kind/WRMSR",
    "key/edge/base_minus1", "key/edge/base",    "key/edge/limit",  "key/edge/limit_plus1",
    "key/kind_excluded",   "key/pmask_skip",    "key/shadow",      "key/empty",
    "key/grp/usage",       "key/grp/tie",       "key/grp/pending", "key/grp/none",
    "key/grp/none_fallback", "key/grp/decides", "key/grp/vmm2_set", "key/lock/range",
    "key/lock/ctrl",
};
enum { KX_KIND = 0, KX_EDGE = 4, KX_EXCLUDED = 8, KX_PMASK_SKIP, KX_SHADOW, KX_EMPTY, KX_GRP_USAGE, KX_GRP_TIE,
       KX_GRP_PENDING, KX_GRP_NONE, KX_GRP_NONE_FB, KX_GRP_DECIDES, KX_GRP_VMM2, KX_LOCK_RANGE, KX_LOCK_CTRL, N_KX };

_Static_assert(sizeof MEM_NAMES / sizeof MEM_NAMES[0] == N_MX, "MEM names");
_Static_assert(sizeof KEY_NAMES / sizeof KEY_NAMES[0] == N_KX, "KEY names");
_Static_assert(N_MX + N_KX == COV2_NFIXED, "COV2_NFIXED");

/* bins in table order: mem/winner, the other mem bins, key/winner, the other key bins */
enum { B2_MEM_WIN = 0, B2_MEM_X = VMXR_NMEM, B2_KEY_WIN = B2_MEM_X + N_MX, B2_KEY_X = B2_KEY_WIN + VMXR_NKEY };
_Static_assert(B2_KEY_X + N_KX == COV2_NBINS, "COV2_NBINS");

void cov2_bin_name(unsigned b, char *buf, size_t n)
{
    if (b < B2_MEM_X)
        snprintf(buf, n, "mem/winner/%u", b - B2_MEM_WIN);
    else if (b < B2_KEY_WIN)
        snprintf(buf, n, "%s", MEM_NAMES[b - B2_MEM_X]);
    else if (b < B2_KEY_X)
        snprintf(buf, n, "key/winner/%u", b - B2_KEY_WIN);
    else if (b < COV2_NBINS)
        snprintf(buf, n, "%s", KEY_NAMES[b - B2_KEY_X]);
    else if (n)
        buf[0] = '\0';
}

static void hit2(const struct cov2_sink *k, unsigned b)
{
    if (b < COV2_NBINS && k->n[b] != UINT64_MAX)
        k->n[b]++;
}

static void internal2(const struct cov2_sink *k)
{
    if (*k->internal != UINT64_MAX)
        (*k->internal)++;
}

/* ---- group arbitration ------------------------------------------------- */

struct vmxr_route cov_group_arb(const struct vmxr_state *st, struct vmxr_state *zero, uint8_t s,
                                struct vmxr_route r, struct cov_arb *a)
{
    const struct vmxr_cfg *cfg = &st->cfg;
    unsigned g = r.rule == VMXR_RULE_KEY ? r.grp : r.idx;
    a->cand = FIELD(cfg->group[g & 3u], GROUP, MEMBERS) & (cfg->vmm_en | VMXR_VMM_EN_ONES) & 0xFFu;
    a->best = VMXR_T_NONE;
    a->tie = a->pending = false;
    struct vmxr_route got = vmxr_route_resolve(st, s, r);
    if (!a->cand)
        return got;
    unsigned best = VMXR_T_NONE, best_u = 0, nbest = 0;
    for (unsigned v = 0; v < VMXR_NVMM; v++) {
        if (!((a->cand >> v) & 1u))
            continue;
        unsigned u = vmxr_usage(st, v);
        if (best == VMXR_T_NONE || u < best_u) {
            best = v;
            best_u = u;
            nbest = 1;
        } else if (u == best_u) {
            nbest++;
        }
    }
    a->best = best;
    a->tie = nbest > 1;
    /* the same arbitration with no delivery pending anywhere */
    *zero = *st;
    memset(zero->pending_count, 0, sizeof zero->pending_count);
    a->pending = vmxr_route_resolve(zero, s, r).t != got.t;
    return got;
}

/* ---- steps 5a and 5b ---------------------------------------------------- */

/* One table as the facts below see it. */
struct table {
    const uint32_t *base, *limit;
    uint32_t fits, valid_pm; /* entries that fit the event / are valid with the profile in PMASK */
    unsigned n;
    unsigned win, x;        /* first winner bin, first of the table's other bins */
    unsigned edge, excluded, pmask_skip, shadow, empty;
};

/* The facts both tables share for key x; hits is the model's hit vector.
 * Returns the winner (-1 for none). */
static int table_facts(const struct cov2_sink *k, const struct table *t, uint32_t x, uint32_t hits,
                       struct vmxr_route r, unsigned rule)
{
    uint32_t inr = 0, mine;
    for (unsigned j = 0; j < t->n; j++) {
        uint32_t b = t->base[j], l = t->limit[j];
        if (b <= x && x <= l)
            inr |= 1u << j;
        if (!((t->fits >> j) & 1u))
            continue;
        if (b <= l) {
            if (x == b)
                hit2(k, t->x + t->edge + 1);
            if (x == l)
                hit2(k, t->x + t->edge + 2);
            if (b > 0 && x == b - 1)
                hit2(k, t->x + t->edge + 0);
            if (l < UINT32_MAX && x == l + 1)
                hit2(k, t->x + t->edge + 3);
        } else if (x == b || x == l) {
            hit2(k, t->x + t->empty);
        }
    }
    if ((inr & t->fits) != (hits & t->valid_pm))
        internal2(k); /* the model's hits disagree with the spans */
    if (inr & t->valid_pm & ~t->fits)
        hit2(k, t->x + t->excluded);
    mine = hits & t->valid_pm;
    int w = mine ? __builtin_ctz(mine) : -1;
    if (w >= 0 ? (r.rule != rule || r.idx != w) : r.rule == rule)
        internal2(k);
    uint32_t below = w >= 0 ? (1u << w) - 1u : ~0u;
    if (hits & ~mine & below)
        hit2(k, t->x + t->pmask_skip);
    if (w < 0)
        return -1;
    hit2(k, t->win + (unsigned)w);
    if (mine & (mine - 1))
        hit2(k, t->x + t->shadow);
    return w;
}

static void mem_facts(const struct cov2_sink *k, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p,
                      struct vmxr_route r)
{
    unsigned a = c->qual & 7u;
    uint32_t f = (uint32_t)(c->gpa >> 12);
    bool reach = (c->gpa >> 44) == 0;
    hit2(k, B2_MEM_X + MX_ACCESS + a);
    struct table t = { cfg->mem_base, cfg->mem_limit, 0, 0, VMXR_NMEM, B2_MEM_WIN, B2_MEM_X,
                       MX_EDGE, MX_EXCLUDED, MX_PMASK_SKIP, MX_SHADOW, MX_EMPTY };
    for (unsigned j = 0; j < VMXR_NMEM; j++) {
        uint32_t ctrl = cfg->mem_ctrl[j];
        unsigned acc = (ctrl & (VMXR_MEM_CTRL_R_MASK | VMXR_MEM_CTRL_W_MASK | VMXR_MEM_CTRL_X_MASK)) >>
                       VMXR_MEM_CTRL_R_LSB;
        if (!FIELD(ctrl, MEM_CTRL, V) || !((FIELD(ctrl, MEM_CTRL, PMASK) >> p) & 1u))
            continue;
        t.valid_pm |= 1u << j;
        if (a && !(a & ~acc))
            t.fits |= 1u << j;
    }
    uint32_t hits = vmxr_mem_hits(cfg, c->qual, c->gpa);
    if (!reach) {
        bool would = false;
        for (unsigned j = 0; j < VMXR_NMEM; j++)
            would |= ((t.fits >> j) & 1u) && cfg->mem_base[j] <= f && f <= cfg->mem_limit[j];
        if (would)
            hit2(k, B2_MEM_X + MX_GPA_HIGH);
        if (hits || r.rule == VMXR_RULE_MEM)
            internal2(k);
        return;
    }
    if (!a) /* no kinds: no entry fits, none may hit */
        t.valid_pm = t.fits = 0;
    if (table_facts(k, &t, f, hits, r, VMXR_RULE_MEM) >= 0 && f == UINT32_MAX)
        hit2(k, B2_MEM_X + MX_TOP);
}

static unsigned key_facts(const struct cov2_sink *k, const struct vmxr_state *st, struct vmxr_state *zero,
                          const struct vmxr_cmd *c, unsigned p, uint8_t s, struct vmxr_route r)
{
    const struct vmxr_cfg *cfg = &st->cfg;
    uint32_t kind = vmxr_key_kind(c->reason);
    struct table t = { cfg->key_base, cfg->key_limit, 0, 0, VMXR_NKEY, B2_KEY_WIN, B2_KEY_X,
                       KX_EDGE, KX_EXCLUDED, KX_PMASK_SKIP, KX_SHADOW, KX_EMPTY };
    for (unsigned i = 0; i < VMXR_NKEY; i++) {
        uint32_t ctrl = cfg->key_ctrl[i];
        if (!FIELD(ctrl, KEY_CTRL, V) || !((FIELD(ctrl, KEY_CTRL, PMASK) >> p) & 1u))
            continue;
        t.valid_pm |= 1u << i;
        if (ctrl & kind)
            t.fits |= 1u << i;
    }
    int w = table_facts(k, &t, c->qual, vmxr_key_hits(cfg, c->reason, c->qual), r, VMXR_RULE_KEY);
    if (w < 0)
        return 0;
    for (unsigned b = 0; b < 4; b++)
        if (kind == (VMXR_KEY_CTRL_CPUID_MASK << b))
            hit2(k, B2_KEY_X + KX_KIND + b);
    uint32_t ctrl = cfg->key_ctrl[w];
    if (!FIELD(ctrl, KEY_CTRL, GRP)) {
        if (r.t != FIELD(ctrl, KEY_CTRL, VMM))
            internal2(k);
        return 0;
    }
    if (r.t != VMXR_T_NONE || r.grp != (FIELD(ctrl, KEY_CTRL, VMM) & 3u))
        internal2(k);
    if (FIELD(ctrl, KEY_CTRL, VMM) & 4u)
        hit2(k, B2_KEY_X + KX_GRP_VMM2);
    struct cov_arb a;
    struct vmxr_route got = cov_group_arb(st, zero, s, r, &a);
    if (!a.cand) {
        hit2(k, B2_KEY_X + KX_GRP_NONE);
        if (got.rule == VMXR_RULE_FALLBACK)
            hit2(k, B2_KEY_X + KX_GRP_NONE_FB);
        else if (got.rule != VMXR_RULE_HOME)
            internal2(k);
        uint32_t inr = 0;
        for (unsigned i = 0; i < VMXR_NKEY; i++)
            if (cfg->key_base[i] <= c->qual && c->qual <= cfg->key_limit[i])
                inr |= 1u << i;
        if (inr & t.fits & ~(1u << w))
            hit2(k, B2_KEY_X + KX_GRP_DECIDES);
        return 0;
    }
    if (got.rule != VMXR_RULE_KEY || got.t != a.best)
        internal2(k);
    hit2(k, B2_KEY_X + (a.tie ? KX_GRP_TIE : KX_GRP_USAGE));
    if (a.pending)
        hit2(k, B2_KEY_X + KX_GRP_PENDING);
    return a.cand;
}

unsigned cov2_route_facts(const struct cov2_sink *k, const struct vmxr_state *st, struct vmxr_state *zero,
                          const struct vmxr_cmd *c, unsigned p, uint8_t s, struct vmxr_route r)
{
    /* steps 3 and 4 never take these reasons (no platform class, reason 0
     * only): the static route is 5a's or 5b's, or the event type's */
    if (c->reason == 48) {
        mem_facts(k, &st->cfg, c, p, r);
        return 0;
    }
    return vmxr_key_kind(c->reason) ? key_facts(k, st, zero, c, p, s, r) : 0;
}

bool cov2_lock_kind(const struct cov2_sink *k, const struct vmxr_cfg *cfg, unsigned id, unsigned i)
{
    switch (id) {
    case VMXR_R_MEM_BASE:
    case VMXR_R_MEM_LIMIT:
    case VMXR_R_MEM_CTRL:
        if (i >= VMXR_NMEM || !(cfg->mem_ctrl[i] & VMXR_MEM_CTRL_LOCK_MASK))
            return false;
        hit2(k, B2_MEM_X + (id == VMXR_R_MEM_CTRL ? MX_LOCK_CTRL : MX_LOCK_RANGE));
        return true;
    case VMXR_R_KEY_BASE:
    case VMXR_R_KEY_LIMIT:
    case VMXR_R_KEY_CTRL:
        if (i >= VMXR_NKEY || !(cfg->key_ctrl[i] & VMXR_KEY_CTRL_LOCK_MASK))
            return false;
        hit2(k, B2_KEY_X + (id == VMXR_R_KEY_CTRL ? KX_LOCK_CTRL : KX_LOCK_RANGE));
        return true;
    default: return false;
    }
}
