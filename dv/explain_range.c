/* The range-table steps of the EVENT walk: step 5 (I/O ranges: every
 * entry the access overlaps), step 5a (memory ranges: the access kinds A,
 * the frame F, every entry with its arithmetic) and step 5b (key ranges:
 * the key K, the kind bit, every entry). Each entry's verdict is checked
 * against the model's own hit vector (vmxr_ior_hits, vmxr_mem_hits,
 * vmxr_key_hits); the route chosen is checked by the caller against
 * vmxr_route_static. */
#include <stdbool.h>
#include <stdio.h>

#include "explain_int.h"

/* A "why not" list: reasons joined by "; ". */
struct why {
    char s[256];
    size_t n;
};

static void why_add(struct why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why_add(struct why *w, const char *fmt, ...)
{
    if (w->n >= sizeof w->s - 1)
        return;
    if (w->n)
        w->n += (size_t)snprintf(w->s + w->n, sizeof w->s - w->n, "; ");
    if (w->n >= sizeof w->s - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    w->n += (size_t)vsnprintf(w->s + w->n, sizeof w->s - w->n, fmt, ap);
    va_end(ap);
    if (w->n > sizeof w->s - 1)
        w->n = sizeof w->s - 1;
}

/* Entries at their reset value (V 0, BASE = LIMIT = 0), said on one line. */
struct resets {
    unsigned n;
    char list[256];
    size_t len;
};

static void resets_add(struct resets *r, unsigned i)
{
    r->n++;
    if (r->len < sizeof r->list - 8)
        r->len += (size_t)snprintf(r->list + r->len, sizeof r->list - r->len, "%s%u", r->len ? ", " : "", i);
}

static void resets_say(struct ex *x, const struct resets *r, const char *range)
{
    if (r->n)
        say(x, "  entr%s %s: reset value (%s, V 0): no match: V = 0", r->n == 1 ? "y" : "ies", r->list, range);
}

/* The verdict of entry i of a table scanned lowest index first; *winner is
 * the first match so far (-1: none) and becomes i at the first. */
static struct lbuf verdict(bool match, int *winner, unsigned i, const char *why)
{
    struct lbuf b;
    if (match && *winner < 0) {
        *winner = (int)i;
        snprintf(b.s, sizeof b.s, "matches -> wins (lowest matching index)");
    } else if (match) {
        snprintf(b.s, sizeof b.s, "matches, but entry %d has a lower index", *winner);
    } else {
        snprintf(b.s, sizeof b.s, "no match: %s", why);
    }
    return b;
}

/* A set of entries as "{0, 3}". */
static struct sbuf eset_str(uint32_t mask)
{
    struct sbuf b;
    size_t n = (size_t)snprintf(b.s, sizeof b.s, "{");
    for (unsigned i = 0; i < 32; i++)
        if ((mask >> i) & 1u)
            n += (size_t)snprintf(b.s + n, sizeof b.s - n, "%s%u", n > 1 ? ", " : "", i);
    snprintf(b.s + n, sizeof b.s - n, "}");
    return b;
}

/* Which entries' ranges hold the value what ("F", "K"), which of them match. */
static void say_overlap(struct ex *x, const char *what, uint32_t in_range, uint32_t matching)
{
    say(x, "  %s lies in the range of entries %s; of those, matching (V, kinds, PMASK bit p): %s", what,
        eset_str(in_range).s, eset_str(matching).s);
}

/* Whether BASE <= v <= LIMIT for the value named name ("F", "K"): the
 * comparison said in range, the reason added to w when it fails. */
static bool range_check(struct why *w, char range[64], const char *name, uint32_t v, uint32_t base, uint32_t limit)
{
    if (base > limit) {
        snprintf(range, 64, "BASE > LIMIT: empty, never matches");
        why_add(w, "empty range (BASE > LIMIT)");
    } else if (v < base) {
        snprintf(range, 64, "%s 0x%08X < BASE", name, v);
        why_add(w, "%s below BASE", name);
    } else if (v > limit) {
        snprintf(range, 64, "%s 0x%08X > LIMIT", name, v);
        why_add(w, "%s above LIMIT", name);
    } else {
        snprintf(range, 64, "BASE <= %s <= LIMIT", name);
        return true;
    }
    return false;
}

/* The model's hit bit of entry i against the explanation's. */
static void check_hit(struct ex *x, const char *table, unsigned i, bool hit, bool model_hit, const char *fn)
{
    if (hit != model_hit)
        disagree(x, "%s entry %u: the explanation says %s, %s says %s", table, i, hit ? "hit" : "no hit", fn,
                 model_hit ? "hit" : "no hit");
}

/* An entry at its reset value (reset) joins rs, its model hit checked
 * (none expected); true if it did. */
static bool reset_entry(struct ex *x, struct resets *rs, const char *table, unsigned i, bool reset, bool model_hit,
                        const char *fn)
{
    if (!reset)
        return false;
    resets_add(rs, i);
    check_hit(x, table, i, false, model_hit, fn);
    return true;
}

/* The end of a scan: no entry matched (false), or entry winner routes by
 * rule to the VMM field (vmm_mask, vmm_lsb) of its control word ctrl[winner]
 * (true, the route in *r). */
static bool conclude(struct ex *x, int winner, unsigned rule, const uint32_t *ctrl, uint32_t vmm_mask,
                     unsigned vmm_lsb, struct vmxr_route *r)
{
    if (winner < 0) {
        say(x, "  no entry matches: pass");
        return false;
    }
    unsigned w = (unsigned)winner;
    *r = (struct vmxr_route){ (uint8_t)rule, (uint8_t)((ctrl[w] & vmm_mask) >> vmm_lsb), (uint8_t)w, 0 };
    say(x, "  -> t = vmm %u, rule %s, index %u", r->t, vmxr_rule_names[rule], w);
    return true;
}

/* ---- step 5: I/O ranges ------------------------------------------------- */

bool explain_ior(struct ex *x, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p,
                 struct vmxr_route *r)
{
    uint32_t port = c->qual >> 16, size = (c->qual & 7u) + 1, in = (c->qual >> 3) & 1u;
    uint32_t last = port + size - 1;
    bool wrap = port + size > 0x10000u;
    uint64_t hits = vmxr_ior_hits(cfg, c->qual); /* the model's per-entry verdict, PMASK aside */
    say(x, "step 5 IOR: access 0x%04X..0x%04X (port 0x%04X, %u byte%s, %s); P + S = 0x%05X %s 0x10000: %s", port,
        last, port, size, size == 1 ? "" : "s", in ? "IN" : "OUT", port + size, wrap ? ">" : "<=",
        wrap ? "the access wraps past 0xFFFF, no entry matches" : "no wrap");
    int winner = -1;
    unsigned shown = 0;
    struct resets rs = { 0 };
    for (unsigned i = 0; i < VMXR_NIOR; i++) {
        uint32_t ctrl = cfg->ior_ctrl[i], range = cfg->ior_range[i];
        uint32_t base = FIELD(range, IOR_RANGE, BASE), limit = FIELD(range, IOR_RANGE, LIMIT);
        bool model_hit = (hits >> i) & 1u;
        bool overlaps = port <= limit && last >= base;
        if (!overlaps) {
            if (model_hit)
                disagree(x, "IOR entry %u: the model hits it, the explanation says its range does not overlap", i);
            continue;
        }
        if (reset_entry(x, &rs, "IOR", i, ctrl == 0 && range == 0, model_hit, "vmxr_ior_hits"))
            continue;
        unsigned v = FIELD(ctrl, IOR_CTRL, V), ien = FIELD(ctrl, IOR_CTRL, IN_EN), oen = FIELD(ctrl, IOR_CTRL, OUT_EN);
        unsigned pmask = FIELD(ctrl, IOR_CTRL, PMASK), vmm = FIELD(ctrl, IOR_CTRL, VMM);
        struct why w = { .n = 0 };
        w.s[0] = '\0';
        if (wrap)
            why_add(&w, "the access wraps");
        if (!v)
            why_add(&w, "V = 0");
        if (base > limit)
            why_add(&w, "empty range (BASE > LIMIT)");
        if (in && !ien)
            why_add(&w, "IN_EN = 0 for an IN access");
        if (!in && !oen)
            why_add(&w, "OUT_EN = 0 for an OUT access");
        check_hit(x, "IOR", i, w.n == 0, model_hit, "vmxr_ior_hits");
        if (!((pmask >> p) & 1u))
            why_add(&w, "PMASK 0x%X lacks profile %u", pmask, p);
        bool match = model_hit && ((pmask >> p) & 1u);
        say(x, "  entry %u: 0x%04X..0x%04X, V %u, IN_EN %u, OUT_EN %u, PMASK 0x%X, VMM %u: %s", i, base, limit, v,
            ien, oen, pmask, vmm, verdict(match, &winner, i, w.s).s);
        shown++;
    }
    resets_say(x, &rs, "0x0000..0x0000");
    if (!shown && !rs.n)
        say(x, "  no entry's range overlaps 0x%04X..0x%04X", port, last);
    return conclude(x, winner, VMXR_RULE_IOR, cfg->ior_ctrl, VMXR_IOR_CTRL_VMM_MASK, VMXR_IOR_CTRL_VMM_LSB, r);
}

/* ---- step 5a: memory ranges --------------------------------------------- */

/* The access kinds of an EPT violation's qual[2:0] (bit 0 read, 1 write,
 * 2 fetch), as "read, write"; "none" for 0. */
static struct sbuf kinds_str(unsigned a)
{
    static const char *const KIND[3] = { "read", "write", "fetch" };
    struct sbuf b;
    size_t n = 0;
    b.s[0] = '\0';
    for (unsigned k = 0; k < 3; k++)
        if ((a >> k) & 1u)
            n += (size_t)snprintf(b.s + n, sizeof b.s - n, "%s%s", n ? ", " : "", KIND[k]);
    if (!n)
        snprintf(b.s, sizeof b.s, "none");
    return b;
}

/* MEM_CTRL's enabled kinds ACC = {X, W, R}, aligned with A. */
static unsigned mem_acc(uint32_t ctrl)
{
    return FIELD(ctrl, MEM_CTRL, R) | FIELD(ctrl, MEM_CTRL, W) << 1 | FIELD(ctrl, MEM_CTRL, X) << 2;
}

bool explain_mem(struct ex *x, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p,
                 struct vmxr_route *r)
{
    unsigned a = c->qual & 7u;
    uint32_t f = (uint32_t)(c->gpa >> 12), high = (uint32_t)(c->gpa >> 44);
    uint32_t hits = vmxr_mem_hits(cfg, c->qual, c->gpa); /* the model's per-entry verdict, PMASK aside */
    say(x, "step 5a MEM: A = qual[2:0] = 0x%X (%s); gpa 0x%016llX: F = gpa[43:12] = 0x%08X, gpa[63:44] = 0x%05X", a,
        kinds_str(a).s, (unsigned long long)c->gpa, f, high);
    if (!a)
        say(x, "  A = 0: no access kind, no entry matches");
    if (high)
        say(x, "  gpa[63:44] = 0x%05X != 0: beyond the table's 44-bit reach, no entry matches", high);
    int winner = -1;
    uint32_t in_range = 0, matching = 0;
    struct resets rs = { 0 };
    for (unsigned j = 0; j < VMXR_NMEM; j++) {
        uint32_t ctrl = cfg->mem_ctrl[j], base = cfg->mem_base[j], limit = cfg->mem_limit[j];
        bool model_hit = (hits >> j) & 1u;
        if (reset_entry(x, &rs, "MEM", j, ctrl == 0 && base == 0 && limit == 0, model_hit, "vmxr_mem_hits"))
            continue;
        unsigned v = FIELD(ctrl, MEM_CTRL, V), acc = mem_acc(ctrl), pmask = FIELD(ctrl, MEM_CTRL, PMASK);
        unsigned vmm = FIELD(ctrl, MEM_CTRL, VMM), miss = a & ~acc & 7u;
        bool pbit = (pmask >> p) & 1u;
        char range[64];
        struct why w = { .n = 0 };
        w.s[0] = '\0';
        if (high)
            why_add(&w, "gpa[63:44] != 0");
        if (!a)
            why_add(&w, "A = 0");
        if (!v)
            why_add(&w, "V = 0");
        if (miss)
            why_add(&w, "%s not enabled", kinds_str(miss).s);
        if (range_check(&w, range, "F", f, base, limit))
            in_range |= 1u << j;
        check_hit(x, "MEM", j, w.n == 0, model_hit, "vmxr_mem_hits");
        if (!pbit)
            why_add(&w, "PMASK 0x%X lacks profile %u", pmask, p);
        bool match = model_hit && pbit;
        if (match)
            matching |= 1u << j;
        say(x, "  entry %u: 0x%08X..0x%08X, V %u, ACC {X W R} = 0x%X, PMASK 0x%X, VMM %u: A & ~ACC = 0x%X & ~0x%X = "
               "0x%X (%s); %s; PMASK bit %u = %u: %s",
            j, base, limit, v, acc, pmask, vmm, a, acc, miss, miss ? "some kind not enabled" : "every kind enabled",
            range, p, pbit, verdict(match, &winner, j, w.s).s);
    }
    resets_say(x, &rs, "0x00000000..0x00000000");
    say_overlap(x, "F", in_range, matching);
    return conclude(x, winner, VMXR_RULE_MEM, cfg->mem_ctrl, VMXR_MEM_CTRL_VMM_MASK, VMXR_MEM_CTRL_VMM_LSB, r);
}

/* ---- step 5b: key ranges ------------------------------------------------ */

/* The kind bits set in KEY_CTRL word ctrl, named by the exit reasons they
 * stand for (vmxr_key_kind), as "{CPUID, VMCALL}". */
static struct sbuf key_kinds_str(uint32_t ctrl)
{
    struct sbuf b;
    size_t n = (size_t)snprintf(b.s, sizeof b.s, "{");
    for (unsigned reason = 0; reason < VMXR_NREASON; reason++)
        if (ctrl & vmxr_key_kind(reason))
            n += (size_t)snprintf(b.s + n, sizeof b.s - n, "%s%s", n > 1 ? ", " : "", reason_name(reason));
    snprintf(b.s + n, sizeof b.s - n, "}");
    return b;
}

const char *explain_key_meaning(unsigned reason)
{
    switch (reason) {
    case 10: return "the leaf, EAX";
    case 18: return "the hypercall number, RAX[31:0]";
    default: return "the MSR index, ECX";
    }
}

bool explain_key(struct ex *x, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p,
                 struct vmxr_route *r)
{
    uint32_t k = c->qual, kind = vmxr_key_kind(c->reason);
    uint32_t hits = vmxr_key_hits(cfg, c->reason, c->qual); /* the model's per-entry verdict, PMASK aside */
    const char *kn = reason_name(c->reason);
    say(x, "step 5b KEY: K = qual = 0x%08X (%s); kind %s = KEY_CTRL bit %d", k, explain_key_meaning(c->reason), kn,
        __builtin_ctz(kind));
    int winner = -1;
    uint32_t in_range = 0, matching = 0;
    struct resets rs = { 0 };
    for (unsigned i = 0; i < VMXR_NKEY; i++) {
        uint32_t ctrl = cfg->key_ctrl[i], base = cfg->key_base[i], limit = cfg->key_limit[i];
        bool model_hit = (hits >> i) & 1u;
        if (reset_entry(x, &rs, "KEY", i, ctrl == 0 && base == 0 && limit == 0, model_hit, "vmxr_key_hits"))
            continue;
        unsigned v = FIELD(ctrl, KEY_CTRL, V), pmask = FIELD(ctrl, KEY_CTRL, PMASK), vmm = FIELD(ctrl, KEY_CTRL, VMM);
        unsigned grp = FIELD(ctrl, KEY_CTRL, GRP), kbit = (ctrl & kind) != 0;
        bool pbit = (pmask >> p) & 1u;
        char range[64];
        struct why w = { .n = 0 };
        w.s[0] = '\0';
        if (!v)
            why_add(&w, "V = 0");
        if (!kbit)
            why_add(&w, "%s not enabled", kn);
        if (range_check(&w, range, "K", k, base, limit))
            in_range |= 1u << i;
        check_hit(x, "KEY", i, w.n == 0, model_hit, "vmxr_key_hits");
        if (!pbit)
            why_add(&w, "PMASK 0x%X lacks profile %u", pmask, p);
        bool match = model_hit && pbit;
        if (match)
            matching |= 1u << i;
        say(x, "  entry %u: 0x%08X..0x%08X, V %u, kinds %s, GRP %u, PMASK 0x%X, VMM %u: %s bit %u; %s; PMASK bit %u = "
               "%u: %s",
            i, base, limit, v, key_kinds_str(ctrl).s, grp, pmask, vmm, kn, kbit, range, p, pbit,
            verdict(match, &winner, i, w.s).s);
    }
    resets_say(x, &rs, "0x00000000..0x00000000");
    say_overlap(x, "K", in_range, matching);
    if (winner < 0) {
        say(x, "  no entry matches: pass");
        return false;
    }
    unsigned i = (unsigned)winner;
    uint32_t ctrl = cfg->key_ctrl[i];
    unsigned vmm = FIELD(ctrl, KEY_CTRL, VMM);
    if (!FIELD(ctrl, KEY_CTRL, GRP)) {
        *r = (struct vmxr_route){ VMXR_RULE_KEY, (uint8_t)vmm, (uint8_t)i, 0 };
        say(x, "  -> GRP 0: t = VMM = vmm %u, rule KEY, index %u", vmm, i);
        return true;
    }
    *r = (struct vmxr_route){ VMXR_RULE_KEY, VMXR_T_NONE, (uint8_t)i, (uint8_t)(vmm & 3u) };
    if (vmm & 4u)
        say(x, "  -> GRP 1: group g = VMM[1:0] = %u (VMM %u: bit 2 ignored), arbitrated below; rule KEY, index %u",
            vmm & 3u, vmm, i);
    else
        say(x, "  -> GRP 1: group g = VMM[1:0] = %u, arbitrated below; rule KEY, index %u", vmm & 3u, i);
    say(x, "  (entry %u decides: no later entry and not step 6, whatever the arbitration gives)", i);
    return true;
}
