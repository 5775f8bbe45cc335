/* The EVENT walk of the explanation: step 1 platform class, step 2
 * blocking, the profile, steps 3-8 (PLAT, EXC with the #PF mask/match
 * arithmetic, the I/O, memory and key range tables of steps 5, 5a and 5b in
 * explain_range.c, TYPE, the GROUP and KEY GRP arbitration by usage, home,
 * offline fallback) and the transition, each fact from the model's own
 * functions and each route checked against vmxr_route_static and
 * vmxr_route_resolve. */
#include <stdbool.h>
#include <stdio.h>

#include "explain_int.h"

static const char *const MODE_NAMES[4] = { "HOME", "FIXED", "GROUP", "reserved" };

/* A set of VMMs as "{1, 2, 3}". */
static struct cbuf vset_str(unsigned mask)
{
    struct cbuf b;
    size_t n = 0;
    b.s[n++] = '{';
    for (unsigned v = 0; v < VMXR_NVMM; v++)
        if ((mask >> v) & 1u)
            n += (size_t)snprintf(b.s + n, sizeof b.s - n, "%s%u", n > 1 ? ", " : "", v);
    snprintf(b.s + n, sizeof b.s - n, "}");
    return b;
}

static unsigned vmm_en_of(const struct vmxr_cfg *cfg) { return (cfg->vmm_en | VMXR_VMM_EN_ONES) & 0xFFu; }

/* ---- EVENT: steps 1-8 and the transition ------------------------------- */

static void why_class(struct ex *x, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned k)
{
    unsigned lo = FIELD(cfg->ipi_range, IPI_RANGE, LO), hi = FIELD(cfg->ipi_range, IPI_RANGE, HI);
    const char *kn = name_of(vmxr_pclass_names, VMXR_PCLASS_COUNT, k);
    switch (k) {
    case VMXR_PCLASS_SMI: say(x, "step 1 class: %s: reason %u (%s) is an SMI", kn, c->reason, reason_name(c->reason)); break;
    case VMXR_PCLASS_NMI: say(x, "step 1 class: %s: reason 0 with itype 2 (NMI)", kn); break;
    case VMXR_PCLASS_INIT_SIPI:
        say(x, "step 1 class: %s: reason %u (%s)", kn, c->reason, reason_name(c->reason));
        break;
    case VMXR_PCLASS_IPI:
        say(x, "step 1 class: %s: reason 1 with vector 0x%02X in IPI_RANGE LO 0x%02X .. HI 0x%02X", kn, c->vector,
            lo, hi);
        break;
    default:
        if (c->reason == 1 && lo > hi)
            say(x, "step 1 class: %s: reason 1, but IPI_RANGE LO 0x%02X > HI 0x%02X is empty (no IPIs recognised)",
                kn, lo, hi);
        else if (c->reason == 1)
            say(x, "step 1 class: %s: reason 1 with vector 0x%02X outside IPI_RANGE LO 0x%02X .. HI 0x%02X", kn,
                c->vector, lo, hi);
        else if (c->reason == 0)
            say(x, "step 1 class: %s: reason 0 with itype %u (%s) is not an NMI", kn, c->itype,
                explain_itype_names[c->itype & 7u]);
        else
            say(x, "step 1 class: %s: reason %u (%s) is not a platform event", kn, c->reason,
                reason_name(c->reason));
        break;
    }
}

static bool route_eq(struct vmxr_route a, struct vmxr_route b)
{
    return a.rule == b.rule && a.t == b.t && a.idx == b.idx && a.grp == b.grp;
}

static struct sbuf route_str(struct vmxr_route r)
{
    struct sbuf b;
    if (r.t == VMXR_T_NONE && r.rule == VMXR_RULE_KEY)
        snprintf(b.s, sizeof b.s, "%s %u, GRP group %u, t unresolved", name_of(vmxr_rule_names, VMXR_RULE_COUNT, r.rule),
                 r.idx, r.grp);
    else if (r.t == VMXR_T_NONE)
        snprintf(b.s, sizeof b.s, "%s %u, t unresolved", name_of(vmxr_rule_names, VMXR_RULE_COUNT, r.rule), r.idx);
    else
        snprintf(b.s, sizeof b.s, "%s %u -> vmm %u", name_of(vmxr_rule_names, VMXR_RULE_COUNT, r.rule), r.idx, r.t);
    return b;
}

/* The group arbitration of step 6 GROUP (group r->idx) and of a step 5b
 * KEY entry with GRP (group r->grp): the least-used online candidate, or
 * step 7 when none is online. */
static void explain_group(struct ex *x, const struct vmxr_state *st, struct vmxr_route *r)
{
    const struct vmxr_cfg *cfg = &st->cfg;
    const char *rn = name_of(vmxr_rule_names, VMXR_RULE_COUNT, r->rule);
    unsigned g = r->rule == VMXR_RULE_KEY ? r->grp : r->idx;
    unsigned members = FIELD(cfg->group[g], GROUP, MEMBERS), en = vmm_en_of(cfg);
    unsigned cand = members & en;
    if (r->rule == VMXR_RULE_KEY)
        say(x, "step 5b KEY GRP arbitration: key entry %u, group g = %u", r->idx, g);
    say(x, "  GROUP[%u] = 0x%02X %s & VMM_EN 0x%02X = candidates %s%s%s", g, members, vset_str(members).s, en,
        vset_str(cand).s, members & ~en ? ", offline: " : "", members & ~en ? vset_str(members & ~en).s : "");
    if (!cand) {
        say(x, "  no online candidate -> step 7 (home): the decision's rule is HOME, not %s", rn);
        *r = (struct vmxr_route){ VMXR_RULE_HOME, VMXR_T_NONE, 0, 0 };
        if (vmxr_group_pick(st, g) != VMXR_T_NONE)
            disagree(x, "group %u: the explanation finds no candidate, vmxr_group_pick vmm %u", g,
                     vmxr_group_pick(st, g));
        return;
    }
    unsigned weight = FIELD(cfg->pend_weight, PEND_WEIGHT, WEIGHT);
    unsigned best = VMXR_T_NONE, best_u = 0, usage[VMXR_NVMM] = { 0 };
    for (unsigned v = 0; v < VMXR_NVMM; v++) {
        if (!((cand >> v) & 1u))
            continue;
        unsigned pc = st->pending_count[v], sw = FIELD(cfg->sw_usage[v], SW_USAGE, USAGE);
        uint32_t raw = (uint32_t)pc * weight + sw;
        unsigned u = vmxr_usage(st, v);
        usage[v] = u;
        if ((raw > 0xFFFFu ? 0xFFFFu : raw) != u)
            disagree(x, "usage(%u): the explanation computes %u, vmxr_usage says %u", v, raw, u);
        if (raw > 0xFFFFu)
            say(x, "  usage(%u) = pending_count %u * PEND_WEIGHT %u + SW_USAGE %u = %u, saturated to %u (0xFFFF)", v,
                pc, weight, sw, raw, u);
        else
            say(x, "  usage(%u) = pending_count %u * PEND_WEIGHT %u + SW_USAGE %u = %u", v, pc, weight, sw, u);
        if (best == VMXR_T_NONE || u < best_u) {
            best = v;
            best_u = u;
        }
    }
    unsigned ties = 0;
    for (unsigned v = 0; v < VMXR_NVMM; v++)
        if (((cand >> v) & 1u) && usage[v] == best_u)
            ties |= 1u << v;
    r->t = (uint8_t)best;
    r->grp = 0;
    if (best != vmxr_group_pick(st, g))
        disagree(x, "group %u: the explanation picks vmm %u, vmxr_group_pick vmm %u", g, best, vmxr_group_pick(st, g));
    if (ties & (ties - 1))
        say(x, "  lowest usage %u shared by %s: tie -> lowest v wins: vmm %u -> t = vmm %u, rule %s, index %u",
            best_u, vset_str(ties).s, best, best, rn, r->idx);
    else
        say(x, "  lowest usage %u: vmm %u -> t = vmm %u, rule %s, index %u", best_u, best, best, rn, r->idx);
}

void explain_event(struct ex *x, const struct vmxr_state *st, const struct vmxr_cmd *c, struct vmxr_decision *claim)
{
    const struct vmxr_cfg *cfg = &st->cfg;
    const unsigned cn = c->cpu;
    const struct vmxr_cpu *cpu = &st->cpu[cn];
    const uint8_t s = cpu->cur;
    claim->from = claim->to = s;
    claim->rule = VMXR_RULE_NONE;
    claim->idx = 0;
    claim->err = 0;

    /* step 1 */
    unsigned k = vmxr_pclass(cfg, c);
    why_class(x, cfg, c, k);
    const char *kn = name_of(vmxr_pclass_names, VMXR_PCLASS_COUNT, k);

    /* step 2 */
    unsigned kbit = k == VMXR_PCLASS_SMI ? VMXR_BLK_SMI : k == VMXR_PCLASS_NMI ? VMXR_BLK_NMI : 0;
    unsigned blocked = vmxr_blocked(cpu);
    if (!kbit) {
        say(x, "step 2 blocked: n/a: class %s (only SMI and NMI are blocked)", kn);
    } else if (blocked & kbit) {
        say(x, "step 2 blocked: YES: blocked[%u] = %s has %s -> pend[%u] %s set (was %u), outcome PENDED", cn,
            blk_str(blocked).s, kn, cn, kn, (cpu->pend & kbit) ? 1u : 0u);
        say(x, "  (this depends on the class only, not on PLAT[%u]; steps 3-8 and the transition are skipped)", k);
        claim->outcome = VMXR_OUTCOME_PENDED;
        return;
    } else {
        say(x, "step 2 blocked: no: blocked[%u] = %s does not have %s", cn, blk_str(blocked).s, kn);
    }

    /* the profile of the current context */
    unsigned p = vmxr_profile(cfg, s);
    unsigned sid = vmxr_ctx_id(s);
    if (vmxr_ctx_is_vmm(s))
        say(x, "profile: p = %u, from VMM_PROFILE[%u] = 0x%08X (current context vmm %u)", p, sid & 7u,
            cfg->vmm_profile[sid & 7u], sid);
    else
        say(x, "profile: p = %u, from VM_PROFILE[%u] = 0x%08X (current context vm %u)", p, sid,
            sid < VMXR_NVM ? cfg->vm_profile[sid] : 0u, sid);

    struct vmxr_route r = { VMXR_RULE_HOME, VMXR_T_NONE, 0, 0 }; /* steps 3-6 chose nothing (yet) */
    const char *chosen = NULL;                                /* the step that chose */

    /* step 3 */
    if (k == VMXR_PCLASS_NONE) {
        say(x, "step 3 PLAT: n/a: no platform class");
    } else {
        uint32_t w = cfg->plat[k];
        struct vmxr_route pr;
        bool en = vmxr_route_plat(cfg, k, &pr);
        if (en) {
            r = pr;
            chosen = "3";
            say(x, "step 3 PLAT: PLAT[%u] (%s) = 0x%08X: EN 1, VMM %u, LOCK %u -> t = vmm %u, rule PLAT, index %u", k,
                kn, w, (unsigned)FIELD(w, PLAT, VMM), (unsigned)FIELD(w, PLAT, LOCK), pr.t, k);
        } else {
            say(x, "step 3 PLAT: PLAT[%u] (%s) = 0x%08X: EN 0: pass", k, kn, w);
        }
    }

    /* step 4 */
    bool exc_itype = c->itype == 3 || c->itype == 5 || c->itype == 6;
    if (chosen) {
        say(x, "step 4 EXC: not reached (step %s chose)", chosen);
    } else if (c->reason != 0) {
        say(x, "step 4 EXC: n/a: reason %u is not 0", c->reason);
    } else if (!exc_itype) {
        say(x, "step 4 EXC: n/a: itype %u (%s) does not use EXC (only itypes 3, 5 and 6 do)", c->itype,
            explain_itype_names[c->itype & 7u]);
    } else if (c->vector >= 32) {
        say(x, "step 4 EXC: n/a: vector %u >= 32", c->vector);
    } else {
        unsigned v = c->vector, word = v / 8, nib = v % 8;
        uint32_t w = cfg->exc[p][word];
        unsigned e = (w >> (4 * nib)) & 0xFu;
        unsigned en = (e >> 3) & 1u;
        say(x, "step 4 EXC: vector %u (%s) is nibble %u of EXC[%u][%u] = 0x%08X: nibble 0x%X = EN %u, VMM %u", v,
            explain_vector_names[v], nib, p, word, w, e, en, e & 7u);
        unsigned enable = en;
        if (v == 14) {
            uint32_t masked = c->errcode & cfg->pfec_mask[p], match = cfg->pfec_match[p];
            bool ne = masked != match;
            enable = en ^ (ne ? 1u : 0u);
            say(x, "  #PF: errcode & PFEC_MASK[%u] = 0x%08X (0x%08X & 0x%08X), PFEC_MATCH[%u] = 0x%08X, %s -> EN %s (%u -> %u)",
                p, masked, c->errcode, cfg->pfec_mask[p], p, match, ne ? "not equal" : "equal",
                ne ? "inverted" : "kept", en, enable);
        }
        if (enable) {
            r = (struct vmxr_route){ VMXR_RULE_EXC, (uint8_t)(e & 7u), (uint8_t)v, 0 };
            chosen = "4";
            say(x, "  enable 1 -> t = vmm %u, rule EXC, index %u%s", r.t, v,
                en ? "" : " (an EN 0 entry turned on by the #PF inversion)");
        } else {
            say(x, "  enable 0: pass");
        }
    }

    /* step 5 */
    if (chosen)
        say(x, "step 5 IOR: not reached (step %s chose)", chosen);
    else if (c->reason != 30)
        say(x, "step 5 IOR: n/a: reason %u is not 30 (I/O instruction)", c->reason);
    else if (explain_ior(x, cfg, c, p, &r))
        chosen = "5";

    /* step 5a */
    if (chosen)
        say(x, "step 5a MEM: not reached (step %s chose)", chosen);
    else if (c->reason != 48)
        say(x, "step 5a MEM: n/a: reason %u is not 48 (EPT violation)", c->reason);
    else if (explain_mem(x, cfg, c, p, &r))
        chosen = "5a";

    /* step 5b */
    if (chosen)
        say(x, "step 5b KEY: not reached (step %s chose)", chosen);
    else if (!vmxr_key_kind(c->reason))
        say(x, "step 5b KEY: n/a: reason %u is not 10, 18, 31 or 32 (CPUID, VMCALL, RDMSR, WRMSR)", c->reason);
    else if (explain_key(x, cfg, c, p, &r))
        chosen = "5b";

    /* step 6 */
    if (chosen) {
        say(x, "step 6 TYPE: not reached (step %s chose)", chosen);
    } else {
        uint32_t ty = cfg->type[p][c->reason < VMXR_NREASON ? c->reason : 0];
        unsigned mode = FIELD(ty, TYPE, MODE), tv = FIELD(ty, TYPE, VMM);
        if (mode == 1) {
            r = (struct vmxr_route){ VMXR_RULE_TYPE, (uint8_t)tv, c->reason, 0 };
            chosen = "6";
            say(x, "step 6 TYPE: TYPE[%u][%u] = 0x%08X: MODE 1 (%s), VMM %u -> t = vmm %u, rule TYPE, index %u", p,
                c->reason, ty, MODE_NAMES[1], tv, tv, c->reason);
        } else if (mode == 2) {
            r = (struct vmxr_route){ VMXR_RULE_GROUP, VMXR_T_NONE, (uint8_t)(tv & 3u), 0 };
            chosen = "6";
            if (tv & 4u)
                say(x, "step 6 TYPE: TYPE[%u][%u] = 0x%08X: MODE 2 (%s), group g = VMM[1:0] = %u (VMM %u: bit 2 ignored)",
                    p, c->reason, ty, MODE_NAMES[2], tv & 3u, tv);
            else
                say(x, "step 6 TYPE: TYPE[%u][%u] = 0x%08X: MODE 2 (%s), group g = VMM[1:0] = %u", p, c->reason, ty,
                    MODE_NAMES[2], tv & 3u);
        } else {
            say(x, "step 6 TYPE: TYPE[%u][%u] = 0x%08X: MODE %u (%s): pass to step 7", p, c->reason, ty, mode,
                MODE_NAMES[mode]);
        }
    }

    /* steps 3-6 against the model's own static route */
    struct vmxr_route ms = vmxr_route_static(cfg, c, k, p);
    if (!route_eq(ms, r))
        disagree(x, "steps 3-6: the explanation chose %s, vmxr_route_static %s", route_str(r).s, route_str(ms).s);

    if (r.rule == VMXR_RULE_GROUP || (r.rule == VMXR_RULE_KEY && r.t == VMXR_T_NONE))
        explain_group(x, st, &r);

    /* step 7 */
    if (r.t != VMXR_T_NONE) {
        say(x, "step 7 HOME: not needed (t = vmm %u chosen by %s)", r.t, vmxr_rule_names[r.rule]);
    } else if (vmxr_ctx_is_vmm(s)) {
        r = (struct vmxr_route){ VMXR_RULE_HOME, (uint8_t)sid, (uint8_t)sid, 0 };
        say(x, "step 7 HOME: s = vmm %u is its own home -> t = vmm %u, rule HOME, index %u", sid, sid, sid);
    } else {
        unsigned owner = sid < VMXR_NVM ? FIELD(cfg->owner[sid], OWNER, VMM) : 0u;
        r = (struct vmxr_route){ VMXR_RULE_HOME, (uint8_t)owner, (uint8_t)sid, 0 };
        say(x, "step 7 HOME: s = vm %u, OWNER[%u] = %u -> t = vmm %u, rule HOME, index %u", sid, sid, owner, owner,
            sid);
    }

    /* step 8 */
    unsigned en = vmm_en_of(cfg);
    if (r.t == 0) {
        say(x, "step 8 offline: t = vmm 0, always online");
    } else if ((en >> r.t) & 1u) {
        say(x, "step 8 offline: vmm %u is online (VMM_EN 0x%02X bit %u = 1)", r.t, en, r.t);
    } else {
        say(x, "step 8 offline: vmm %u is OFFLINE (VMM_EN 0x%02X bit %u = 0) -> FALLBACK: t = vmm 0, index %u (the "
               "VMM %s chose)",
            r.t, en, r.t, r.t, vmxr_rule_names[r.rule]);
        r = (struct vmxr_route){ VMXR_RULE_FALLBACK, 0, r.t, 0 };
    }

    struct vmxr_route mr = vmxr_route_resolve(st, s, ms);
    if (!route_eq(mr, r))
        disagree(x, "steps 6-8: the explanation resolved %s, vmxr_route_resolve %s", route_str(r).s,
                 route_str(mr).s);
    say(x, "route: %s", route_str(r).s);

    /* transition */
    uint8_t t = vmxr_ctx_vmm(r.t);
    say(x, "transition:");
    if (s == t) {
        say(x, "  LOCAL: s = %s is vmm t: outcome LOCAL, no state change", ctx_str(s).s);
        claim->outcome = VMXR_OUTCOME_LOCAL;
        claim->rule = r.rule;
        claim->idx = r.idx;
        return;
    }
    say(x, "  LOCAL: no (s = %s, t = vmm %u)", ctx_str(s).s, r.t);
    if (cpu->depth >= VMXR_DEPTH) {
        if (kbit) {
            say(x, "  overflow: depth %u = DEPTH %d, stack full: an %s is latched: pend[%u] %s set, outcome PENDED", cpu->depth,
                VMXR_DEPTH, kn, cn, kn);
            say(x, "  (reported with rule NONE: the event is routed afresh when injected after a later pop)");
            claim->outcome = VMXR_OUTCOME_PENDED;
        } else {
            say(x, "  overflow: depth %u = DEPTH %d, stack full, not SMI/NMI -> error STACK_OVERFLOW, no state change "
                   "(ERR.CMD set, ERR.CODE 4)",
                cpu->depth, VMXR_DEPTH);
            claim->outcome = VMXR_OUTCOME_ERROR;
            claim->err = VMXR_ERRC_STACK_OVERFLOW;
        }
        return;
    }
    say(x, "  overflow: no (depth %u < DEPTH %d)", cpu->depth, VMXR_DEPTH);
    unsigned blk = k == VMXR_PCLASS_SMI ? (VMXR_BLK_SMI | VMXR_BLK_NMI) : k == VMXR_PCLASS_NMI ? VMXR_BLK_NMI : 0u;
    say(x, "  deliver: push stack[%u] = {ctx %s, to vmm %u, blk %s}%s; cur = vmm %u; pending_count[%u] %u -> %u, "
           "DELIVERED[%u] +1",
        cpu->depth, ctx_str(s).s, r.t, blk_str(blk).s,
        k == VMXR_PCLASS_SMI ? " (an SMI blocks SMI and NMI)" : k == VMXR_PCLASS_NMI ? " (an NMI blocks NMI)" : "",
        r.t, r.t, st->pending_count[r.t], st->pending_count[r.t] + 1u, r.t);
    claim->outcome = VMXR_OUTCOME_DELIVER;
    claim->to = t;
    claim->rule = r.rule;
    claim->idx = r.idx;
}
