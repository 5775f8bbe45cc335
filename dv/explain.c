/* vmxr explain: why the command at one line of a vector file went where it
 * went.
 *
 * The file is replayed up to the line on the transaction-level core; the
 * command is then walked through the rules of docs/architecture.md (checks,
 * steps 1-8 and the transition for an EVENT, the checks and the pop for
 * LAUNCH and RESUME, the injections that follow a pop) on that state, using
 * the model's own functions for every fact they provide (class, profile,
 * blocked set, I/O hits, usage, static route, resolution). Every outcome the
 * walk claims is finally compared with what vmxr_txn_command decides; a
 * disagreement is an internal error (exit 1), which guards the explanation
 * against drifting from the model. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "dv.h"
#include "vec1.h"
#include "vmxr_model.h"
#include "vmxr_registry.h"

#define EXIT_INTERNAL 1
#define EXIT_USAGE 2

#define FIELD(word, REG, F) (((word) & VMXR_##REG##_##F##_MASK) >> VMXR_##REG##_##F##_LSB)

static const char USAGE_LINE[] = "usage: vmxr explain [--engine txn] --line N FILE\n";

static const char HELP[] =
    "usage: vmxr explain [--engine txn] --line N FILE\n"
    "\n"
    "Explains why the command (ev, launch or resume) at line N of FILE went\n"
    "where it went. Every item before line N is replayed from reset (with the\n"
    "file's straps) on the transaction-level core; the command is then walked\n"
    "through the rules of docs/architecture.md against that state:\n"
    "  - the command as parsed, and the CPU's context, stack, blocked and\n"
    "    pending sets before it;\n"
    "  - the checks (BAD_CPU, EVENT validation);\n"
    "  - EVENT: step 1 platform class, step 2 blocking, the profile, steps\n"
    "    3-8 (PLAT, EXC with the #PF mask/match arithmetic, every I/O entry\n"
    "    the access overlaps, TYPE with GROUP usages, home, offline fallback)\n"
    "    and the transition (local, overflow, push);\n"
    "  - LAUNCH/RESUME: each check in order and the pop;\n"
    "  - the SMI and NMI injections that follow a pop, routed the same way;\n"
    "then the command is executed and the actual decision(s) and the stack\n"
    "after are printed. The explanation is checked against the model's\n"
    "decision: a disagreement is reported as an internal error.\n"
    "\n"
    "options:\n"
    "  --line N      the line of FILE to explain (required)\n"
    "  --engine txn  the engine to reason on. Only txn is accepted: explain\n"
    "                always reasons on the transaction-level core (the\n"
    "                cycle-accurate unit makes the same decisions; compare\n"
    "                with 'vmxr run --engine model')\n"
    "  -h, --help    this text\n"
    "\n"
    "exit status: 0 explained, 1 internal error (the explanation disagrees\n"
    "with the model), 2 bad usage, a malformed file (FILE:LINE:COL: message)\n"
    "or line N is not a command.\n";

/* SDM basic exit reasons (Appendix C). */
static const char *const REASON_NAMES[VMXR_NREASON] = {
    "exception or NMI", "external interrupt", "triple fault", "INIT", "SIPI", "I/O SMI", "other SMI",
    "interrupt window", "NMI window", "task switch", "CPUID", "GETSEC", "HLT", "INVD", "INVLPG", "RDPMC",
    "RDTSC", "RSM", "VMCALL", "VMCLEAR", "VMLAUNCH", "VMPTRLD", "VMPTRST", "VMREAD", "VMRESUME", "VMWRITE",
    "VMXOFF", "VMXON", "control-register access", "MOV DR", "I/O instruction", "RDMSR", "WRMSR",
    "VM-entry failure (guest state)", "VM-entry failure (MSR loading)", "unused", "MWAIT", "monitor trap flag",
    "unused", "MONITOR", "PAUSE", "VM-entry failure (machine check)", "unused", "TPR below threshold",
    "APIC access", "virtualized EOI", "GDTR/IDTR access", "LDTR/TR access", "EPT violation",
    "EPT misconfiguration", "INVEPT", "RDTSCP", "VMX-preemption timer", "INVVPID", "WBINVD", "XSETBV",
    "APIC write", "RDRAND", "INVPCID", "VMFUNC", "ENCLS", "RDSEED", "page-modification log full", "XSAVES",
    "XRSTORS",
};

static const char *const ITYPE_NAMES[8] = {
    "external interrupt", "reserved", "NMI", "hardware exception", "software interrupt",
    "privileged software exception", "software exception", "other event",
};

static const char *const VECTOR_NAMES[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "coprocessor segment overrun", "#TS", "#NP",
    "#SS", "#GP", "#PF", "reserved", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "reserved", "reserved",
    "reserved", "reserved", "reserved", "reserved", "reserved", "reserved", "reserved", "reserved",
};

static const char *const MODE_NAMES[4] = { "HOME", "FIXED", "GROUP", "reserved" };

/* The explanation in progress. */
struct ex {
    FILE *out;
    const char *ind; /* prefix of every line of the routing walk */
    unsigned bad;    /* disagreements with the model found */
    char why[512];   /* the first one */
};

static void say(struct ex *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct ex *x, const char *fmt, ...)
{
    va_list ap;
    fputs(x->ind, x->out);
    va_start(ap, fmt);
    vfprintf(x->out, fmt, ap);
    va_end(ap);
    fputc('\n', x->out);
}

static void disagree(struct ex *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void disagree(struct ex *x, const char *fmt, ...)
{
    if (x->bad++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->why, sizeof x->why, fmt, ap);
        va_end(ap);
    }
}

static const char *name_of(const char *const *names, unsigned count, unsigned v)
{
    return v < count ? names[v] : "?";
}

static const char *reason_name(unsigned r) { return r < VMXR_NREASON ? REASON_NAMES[r] : "not an exit reason"; }

/* Small formatted strings returned by value (no static buffers). */
struct cbuf {
    char s[32];
};
struct sbuf {
    char s[64];
};
struct lbuf {
    char s[192];
};

static struct cbuf ctx_str(uint8_t ctx)
{
    struct cbuf b;
    vec_ctx_format(ctx, b.s, sizeof b.s);
    return b;
}

/* A set of platform classes (VMXR_BLK_* bits). */
static struct cbuf blk_str(unsigned bits)
{
    struct cbuf b;
    snprintf(b.s, sizeof b.s, "{%s%s%s}", (bits & VMXR_BLK_SMI) ? "SMI" : "",
             (bits & VMXR_BLK_SMI) && (bits & VMXR_BLK_NMI) ? ", " : "", (bits & VMXR_BLK_NMI) ? "NMI" : "");
    return b;
}

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

static struct sbuf outcome_str(const struct vmxr_decision *d)
{
    struct sbuf b;
    struct vec_outcome o = vec_outcome_of(d);
    vec_outcome_format(&o, b.s, sizeof b.s);
    return b;
}

static unsigned vmm_en_of(const struct vmxr_cfg *cfg) { return (cfg->vmm_en | VMXR_VMM_EN_ONES) & 0xFFu; }

static void print_cpu(FILE *o, const char *when, const struct vmxr_state *st, unsigned c)
{
    if (c >= VMXR_NCPU) {
        fprintf(o, "cpu %u %s: no such CPU (NCPU %d): no context, stack or latches\n", c, when, VMXR_NCPU);
        return;
    }
    const struct vmxr_cpu *cpu = &st->cpu[c];
    fprintf(o, "cpu %u %s: cur %s, stack depth %u of DEPTH %d%s, blocked %s, pend %s\n", c, when,
            ctx_str(cpu->cur).s, cpu->depth, VMXR_DEPTH, cpu->depth ? " (bottom first)" : " (empty)",
            blk_str(vmxr_blocked(cpu)).s, blk_str(cpu->pend).s);
    for (unsigned i = 0; i < cpu->depth && i < VMXR_DEPTH; i++) {
        const struct vmxr_frame *f = &cpu->stack[i];
        fprintf(o, "  stack[%u]: ctx %s, to vmm %u, blk %s%s\n", i, ctx_str(f->ctx).s, f->to, blk_str(f->blk).s,
                i + 1 == cpu->depth ? "   <- top" : "");
    }
}

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
                ITYPE_NAMES[c->itype & 7u]);
        else
            say(x, "step 1 class: %s: reason %u (%s) is not a platform event", kn, c->reason,
                reason_name(c->reason));
        break;
    }
}

static bool route_eq(struct vmxr_route a, struct vmxr_route b)
{
    return a.rule == b.rule && a.t == b.t && a.idx == b.idx;
}

static struct sbuf route_str(struct vmxr_route r)
{
    struct sbuf b;
    if (r.t == VMXR_T_NONE)
        snprintf(b.s, sizeof b.s, "%s %u, t unresolved", name_of(vmxr_rule_names, VMXR_RULE_COUNT, r.rule), r.idx);
    else
        snprintf(b.s, sizeof b.s, "%s %u -> vmm %u", name_of(vmxr_rule_names, VMXR_RULE_COUNT, r.rule), r.idx, r.t);
    return b;
}

/* Step 5: every entry the access overlaps. Returns true and sets *r when an
 * entry matches. */
static bool explain_ior(struct ex *x, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p,
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
    unsigned shown = 0, pristine = 0;
    char pristine_list[256] = "";
    size_t pl = 0;
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
        if (ctrl == 0 && range == 0) { /* reset value: V 0, 0x0000..0x0000 */
            pristine++;
            if (pl < sizeof pristine_list - 8)
                pl += (size_t)snprintf(pristine_list + pl, sizeof pristine_list - pl, "%s%u", pl ? ", " : "", i);
            if (model_hit)
                disagree(x, "IOR entry %u: the model hits it, the explanation says V = 0", i);
            continue;
        }
        unsigned v = FIELD(ctrl, IOR_CTRL, V), ien = FIELD(ctrl, IOR_CTRL, IN_EN), oen = FIELD(ctrl, IOR_CTRL, OUT_EN);
        unsigned pmask = FIELD(ctrl, IOR_CTRL, PMASK), vmm = FIELD(ctrl, IOR_CTRL, VMM);
        char why[256] = "";
        size_t wl = 0;
#define WHY(...) (wl += (size_t)snprintf(why + wl, wl < sizeof why ? sizeof why - wl : 0, __VA_ARGS__))
        if (wrap)
            WHY("%sthe access wraps", wl ? "; " : "");
        if (!v)
            WHY("%sV = 0", wl ? "; " : "");
        if (base > limit)
            WHY("%sempty range (BASE > LIMIT)", wl ? "; " : "");
        if (in && !ien)
            WHY("%sIN_EN = 0 for an IN access", wl ? "; " : "");
        if (!in && !oen)
            WHY("%sOUT_EN = 0 for an OUT access", wl ? "; " : "");
        bool hit = wl == 0;
        if (hit != model_hit)
            disagree(x, "IOR entry %u: the explanation says %s, vmxr_ior_hits says %s", i, hit ? "hit" : "no hit",
                     model_hit ? "hit" : "no hit");
        if (!((pmask >> p) & 1u))
            WHY("%sPMASK 0x%X lacks profile %u", wl ? "; " : "", pmask, p);
#undef WHY
        bool match = model_hit && ((pmask >> p) & 1u);
        char verdict[320];
        if (match && winner < 0) {
            winner = (int)i;
            snprintf(verdict, sizeof verdict, "matches -> wins (lowest matching index)");
        } else if (match) {
            snprintf(verdict, sizeof verdict, "matches, but entry %d has a lower index", winner);
        } else {
            snprintf(verdict, sizeof verdict, "no match: %s", why);
        }
        say(x, "  entry %u: 0x%04X..0x%04X, V %u, IN_EN %u, OUT_EN %u, PMASK 0x%X, VMM %u: %s", i, base, limit, v,
            ien, oen, pmask, vmm, verdict);
        shown++;
    }
    if (pristine)
        say(x, "  entr%s %s: reset value (0x0000..0x0000, V 0): no match: V = 0", pristine == 1 ? "y" : "ies",
            pristine_list);
    if (!shown && !pristine)
        say(x, "  no entry's range overlaps 0x%04X..0x%04X", port, last);
    if (winner < 0) {
        say(x, "  no entry matches: pass");
        return false;
    }
    unsigned w = (unsigned)winner;
    *r = (struct vmxr_route){ VMXR_RULE_IOR, (uint8_t)FIELD(cfg->ior_ctrl[w], IOR_CTRL, VMM), (uint8_t)w };
    say(x, "  -> t = vmm %u, rule IOR, index %u", r->t, w);
    return true;
}

/* Step 6 GROUP arbitration: the least-used candidate. */
static void explain_group(struct ex *x, const struct vmxr_state *st, struct vmxr_route *r)
{
    const struct vmxr_cfg *cfg = &st->cfg;
    unsigned g = r->idx, members = FIELD(cfg->group[g], GROUP, MEMBERS), en = vmm_en_of(cfg);
    unsigned cand = members & en;
    say(x, "  GROUP[%u] = 0x%02X %s & VMM_EN 0x%02X = candidates %s%s%s", g, members, vset_str(members).s, en,
        vset_str(cand).s, members & ~en ? ", offline: " : "", members & ~en ? vset_str(members & ~en).s : "");
    if (!cand) {
        say(x, "  no candidate -> step 7");
        *r = (struct vmxr_route){ VMXR_RULE_HOME, VMXR_T_NONE, 0 };
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
    if (ties & (ties - 1))
        say(x, "  lowest usage %u shared by %s: tie -> lowest v wins: vmm %u -> t = vmm %u, rule GROUP, index %u",
            best_u, vset_str(ties).s, best, best, g);
    else
        say(x, "  lowest usage %u: vmm %u -> t = vmm %u, rule GROUP, index %u", best_u, best, best, g);
}

/* Steps 1-8 and the transition of event c (masked, valid) on CPU c->cpu of
 * st, as the model would execute it now. Fills outcome, err, from, to, rule
 * and idx of *claim. */
static void explain_event(struct ex *x, const struct vmxr_state *st, const struct vmxr_cmd *c,
                          struct vmxr_decision *claim)
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

    struct vmxr_route r = { VMXR_RULE_HOME, VMXR_T_NONE, 0 }; /* steps 3-6 chose nothing (yet) */
    unsigned chosen = 0;                                      /* the step that chose */

    /* step 3 */
    if (k == VMXR_PCLASS_NONE) {
        say(x, "step 3 PLAT: n/a: no platform class");
    } else {
        uint32_t w = cfg->plat[k];
        struct vmxr_route pr;
        bool en = vmxr_route_plat(cfg, k, &pr);
        if (en) {
            r = pr;
            chosen = 3;
            say(x, "step 3 PLAT: PLAT[%u] (%s) = 0x%08X: EN 1, VMM %u, LOCK %u -> t = vmm %u, rule PLAT, index %u", k,
                kn, w, (unsigned)FIELD(w, PLAT, VMM), (unsigned)FIELD(w, PLAT, LOCK), pr.t, k);
        } else {
            say(x, "step 3 PLAT: PLAT[%u] (%s) = 0x%08X: EN 0: pass", k, kn, w);
        }
    }

    /* step 4 */
    bool exc_itype = c->itype == 3 || c->itype == 5 || c->itype == 6;
    if (chosen) {
        say(x, "step 4 EXC: not reached (step %u chose)", chosen);
    } else if (c->reason != 0) {
        say(x, "step 4 EXC: n/a: reason %u is not 0", c->reason);
    } else if (!exc_itype) {
        say(x, "step 4 EXC: n/a: itype %u (%s) does not use EXC (only itypes 3, 5 and 6 do)", c->itype,
            ITYPE_NAMES[c->itype & 7u]);
    } else if (c->vector >= 32) {
        say(x, "step 4 EXC: n/a: vector %u >= 32", c->vector);
    } else {
        unsigned v = c->vector, word = v / 8, nib = v % 8;
        uint32_t w = cfg->exc[p][word];
        unsigned e = (w >> (4 * nib)) & 0xFu;
        unsigned en = (e >> 3) & 1u;
        say(x, "step 4 EXC: vector %u (%s) is nibble %u of EXC[%u][%u] = 0x%08X: nibble 0x%X = EN %u, VMM %u", v,
            VECTOR_NAMES[v], nib, p, word, w, e, en, e & 7u);
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
            r = (struct vmxr_route){ VMXR_RULE_EXC, (uint8_t)(e & 7u), (uint8_t)v };
            chosen = 4;
            say(x, "  enable 1 -> t = vmm %u, rule EXC, index %u%s", r.t, v,
                en ? "" : " (an EN 0 entry turned on by the #PF inversion)");
        } else {
            say(x, "  enable 0: pass");
        }
    }

    /* step 5 */
    if (chosen)
        say(x, "step 5 IOR: not reached (step %u chose)", chosen);
    else if (c->reason != 30)
        say(x, "step 5 IOR: n/a: reason %u is not 30 (I/O instruction)", c->reason);
    else if (explain_ior(x, cfg, c, p, &r))
        chosen = 5;

    /* step 6 */
    if (chosen) {
        say(x, "step 6 TYPE: not reached (step %u chose)", chosen);
    } else {
        uint32_t ty = cfg->type[p][c->reason < VMXR_NREASON ? c->reason : 0];
        unsigned mode = FIELD(ty, TYPE, MODE), tv = FIELD(ty, TYPE, VMM);
        if (mode == 1) {
            r = (struct vmxr_route){ VMXR_RULE_TYPE, (uint8_t)tv, c->reason };
            chosen = 6;
            say(x, "step 6 TYPE: TYPE[%u][%u] = 0x%08X: MODE 1 (%s), VMM %u -> t = vmm %u, rule TYPE, index %u", p,
                c->reason, ty, MODE_NAMES[1], tv, tv, c->reason);
        } else if (mode == 2) {
            r = (struct vmxr_route){ VMXR_RULE_GROUP, VMXR_T_NONE, (uint8_t)(tv & 3u) };
            chosen = 6;
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

    if (r.rule == VMXR_RULE_GROUP)
        explain_group(x, st, &r);

    /* step 7 */
    if (r.t != VMXR_T_NONE) {
        say(x, "step 7 HOME: not needed (t = vmm %u chosen by %s)", r.t, vmxr_rule_names[r.rule]);
    } else if (vmxr_ctx_is_vmm(s)) {
        r = (struct vmxr_route){ VMXR_RULE_HOME, (uint8_t)sid, (uint8_t)sid };
        say(x, "step 7 HOME: s = vmm %u is its own home -> t = vmm %u, rule HOME, index %u", sid, sid, sid);
    } else {
        unsigned owner = sid < VMXR_NVM ? FIELD(cfg->owner[sid], OWNER, VMM) : 0u;
        r = (struct vmxr_route){ VMXR_RULE_HOME, (uint8_t)owner, (uint8_t)sid };
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
        r = (struct vmxr_route){ VMXR_RULE_FALLBACK, 0, r.t };
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

/* ---- checks, LAUNCH, RESUME --------------------------------------------- */

/* BAD_CPU and EVENT validation. Returns the error code claimed (0: none). */
static unsigned explain_checks(struct ex *x, const struct vmxr_cmd *c)
{
    x->ind = "";
    say(x, "checks:");
    if (c->cpu >= VMXR_NCPU) {
        say(x, "  cpu %u >= NCPU %d -> error BAD_CPU: nothing else is looked at or changed", c->cpu, VMXR_NCPU);
        return VMXR_ERRC_BAD_CPU;
    }
    say(x, "  cpu %u < NCPU %d: ok", c->cpu, VMXR_NCPU);
    if (c->op != VMXR_OP_EVENT && c->op != VMXR_OP_INJECT) {
        say(x, "  validation: n/a (%s is not an EVENT)", vmxr_op_names[c->op & 3u]);
        return 0;
    }
    if (c->reason > 64 || c->reason == 35 || c->reason == 38 || c->reason == 42) {
        say(x, "  validation 1: reason %u is > 64 or one of 35, 38, 42 -> error BAD_REASON", c->reason);
        return VMXR_ERRC_BAD_REASON;
    }
    say(x, "  validation 1: reason %u (%s) is an exit reason: ok", c->reason, reason_name(c->reason));
    unsigned sz = c->qual & 7u;
    if (c->reason != 30) {
        say(x, "  validation 2: I/O size: n/a (reason is not 30)");
    } else if (sz != 0 && sz != 1 && sz != 3) {
        say(x, "  validation 2: qual[2:0] = %u (%u bytes) is not 0, 1 or 3 -> error BAD_IO_SIZE", sz, sz + 1);
        return VMXR_ERRC_BAD_IO_SIZE;
    } else {
        say(x, "  validation 2: qual[2:0] = %u (%u byte%s): ok", sz, sz + 1, sz ? "s" : "");
    }
    if (c->reason == 0 && c->itype == 2 && c->vector != 2) {
        say(x, "  validation 3: an NMI (reason 0, itype 2) with vector %u != 2 -> error BAD_NMI", c->vector);
        return VMXR_ERRC_BAD_NMI;
    }
    if (c->reason == 0 && c->itype == 2)
        say(x, "  validation 3: NMI with vector 2: ok");
    else
        say(x, "  validation 3: NMI vector: n/a (not reason 0 with itype 2)");
    return 0;
}

static void check_line(struct ex *x, unsigned n, bool ok, const char *what, const char *fail_name)
{
    if (ok)
        say(x, "  %u. %s: ok", n, what);
    else
        say(x, "  %u. %s: FAIL -> error %s", n, what, fail_name);
}

/* LAUNCH checks and pop; fills *claim and returns whether it pops. */
static bool explain_launch(struct ex *x, const struct vmxr_state *st, const struct vmxr_cmd *c,
                           struct vmxr_decision *claim)
{
    const struct vmxr_cpu *cpu = &st->cpu[c->cpu];
    const uint8_t s = cpu->cur;
    const unsigned sid = vmxr_ctx_id(s);
    char what[200];
    x->ind = "";
    say(x, "LAUNCH (architecture 2.7), checks in order:");
    claim->from = claim->to = s;
    unsigned err = 0, n = 1;

    snprintf(what, sizeof what, "cur %s is %s", ctx_str(s).s, vmxr_ctx_is_vmm(s) ? "a VMM" : "a VM");
    check_line(x, n++, vmxr_ctx_is_vmm(s), what, "NOT_IN_VMM");
    if (!vmxr_ctx_is_vmm(s))
        err = VMXR_ERRC_NOT_IN_VMM;

    if (!err) {
        snprintf(what, sizeof what, "vm %u %s NVM %d", c->vm, c->vm < VMXR_NVM ? "<" : ">=", VMXR_NVM);
        check_line(x, n++, c->vm < VMXR_NVM, what, "BAD_VM");
        if (c->vm >= VMXR_NVM)
            err = VMXR_ERRC_BAD_VM;
    }
    bool one_vm = cpu->depth == 1 && !vmxr_ctx_is_vmm(cpu->stack[0].ctx);
    if (!err) {
        if (cpu->depth == 0)
            snprintf(what, sizeof what, "stack empty (a boot launch)");
        else if (one_vm)
            snprintf(what, sizeof what, "stack holds one entry and its ctx %s is a VM (a switch)",
                     ctx_str(cpu->stack[0].ctx).s);
        else if (cpu->depth == 1)
            snprintf(what, sizeof what, "stack holds one entry, but its ctx %s is a VMM",
                     ctx_str(cpu->stack[0].ctx).s);
        else
            snprintf(what, sizeof what, "stack holds %u entries (neither empty nor one VM entry)", cpu->depth);
        bool ok = cpu->depth == 0 || one_vm;
        check_line(x, n++, ok, what, "BUSY");
        if (!ok)
            err = VMXR_ERRC_BUSY;
    }
    if (!err) {
        unsigned owner = FIELD(st->cfg.owner[c->vm], OWNER, VMM);
        bool ok = sid == 0 || sid == owner;
        if (sid == 0)
            snprintf(what, sizeof what, "cur is vmm 0, which may launch any VM");
        else
            snprintf(what, sizeof what, "cur vmm %u %s OWNER[%u] = %u", sid, ok ? "is" : "is neither 0 nor",
                     c->vm, owner);
        check_line(x, n++, ok, what, "NOT_OWNER");
        if (!ok)
            err = VMXR_ERRC_NOT_OWNER;
    }
    if (err) {
        if (n <= 4)
            say(x, "  (the later checks are not made)");
        say(x, "  no state change (ERR.CMD set, ERR.CODE %u, ERR_COUNT +1)", err);
        claim->outcome = VMXR_OUTCOME_ERROR;
        claim->err = (uint8_t)err;
        return false;
    }
    bool popped = cpu->depth == 1;
    if (popped) {
        const struct vmxr_frame *f = &cpu->stack[0];
        say(x, "  switch: pop stack[0] = {ctx %s, to vmm %u, blk %s} exactly as by RESUME: pending_count[%u] %u -> %u "
               "(the popped ctx is not resumed)",
            ctx_str(f->ctx).s, f->to, blk_str(f->blk).s, f->to, st->pending_count[f->to & 7u],
            st->pending_count[f->to & 7u] - 1u);
    }
    say(x, "  cur = vm %u: outcome LAUNCHED", c->vm);
    claim->outcome = VMXR_OUTCOME_LAUNCHED;
    claim->to = vmxr_ctx_vm(c->vm);
    return popped;
}

static bool explain_resume(struct ex *x, const struct vmxr_state *st, const struct vmxr_cmd *c,
                           struct vmxr_decision *claim)
{
    const struct vmxr_cpu *cpu = &st->cpu[c->cpu];
    const uint8_t s = cpu->cur;
    char what[200];
    x->ind = "";
    say(x, "RESUME (architecture 2.8), checks in order:");
    claim->from = claim->to = s;
    snprintf(what, sizeof what, "cur %s is %s", ctx_str(s).s, vmxr_ctx_is_vmm(s) ? "a VMM" : "a VM");
    check_line(x, 1, vmxr_ctx_is_vmm(s), what, "NOT_IN_VMM");
    unsigned err = 0;
    if (!vmxr_ctx_is_vmm(s)) {
        err = VMXR_ERRC_NOT_IN_VMM;
        say(x, "  (the later checks are not made)");
    } else {
        snprintf(what, sizeof what, "stack depth %u %s", cpu->depth, cpu->depth ? "> 0" : "= 0 (empty)");
        check_line(x, 2, cpu->depth > 0, what, "EMPTY");
        if (!cpu->depth)
            err = VMXR_ERRC_EMPTY;
    }
    if (err) {
        say(x, "  no state change (ERR.CMD set, ERR.CODE %u, ERR_COUNT +1)", err);
        claim->outcome = VMXR_OUTCOME_ERROR;
        claim->err = (uint8_t)err;
        return false;
    }
    const struct vmxr_frame *f = &cpu->stack[cpu->depth - 1];
    struct vmxr_cpu rest = *cpu;
    rest.depth--;
    say(x, "  pop stack[%u] = {ctx %s, to vmm %u, blk %s}: pending_count[%u] %u -> %u; cur = %s", cpu->depth - 1,
        ctx_str(f->ctx).s, f->to, blk_str(f->blk).s, f->to, st->pending_count[f->to & 7u],
        st->pending_count[f->to & 7u] - 1u, ctx_str(f->ctx).s);
    say(x, "  blocked[%u] recomputed from the %u remaining entr%s: %s (was %s); outcome RESUMED", c->cpu, rest.depth,
        rest.depth == 1 ? "y" : "ies", blk_str(vmxr_blocked(&rest)).s, blk_str(vmxr_blocked(cpu)).s);
    claim->outcome = VMXR_OUTCOME_RESUMED;
    claim->to = f->ctx;
    return true;
}

/* Section 2.9 on sim, the state right after the pop; advances sim through
 * each injection with the model. Returns the number of claims added. */
static unsigned explain_injections(struct ex *x, struct vmxr_state *sim, unsigned c, struct vmxr_decision *claims)
{
    const struct vmxr_cpu *cpu = &sim->cpu[c];
    x->ind = "";
    say(x, "injections (architecture 2.9): after the pop cpu %u runs %s; pend %s, blocked %s; SMI first, then NMI", c,
        ctx_str(cpu->cur).s, blk_str(cpu->pend).s, blk_str(vmxr_blocked(cpu)).s);
    unsigned n = 0;
    for (unsigned k = VMXR_PCLASS_SMI; k <= VMXR_PCLASS_NMI; k++) {
        const char *kn = vmxr_pclass_names[k];
        unsigned bit = 1u << k, blocked = vmxr_blocked(cpu);
        x->ind = "  ";
        if (!(cpu->pend & bit)) {
            say(x, "%s: not latched (pend[%u] %s = 0): nothing to inject", kn, c, kn);
            continue;
        }
        if (n && !(blocked & bit) && (cpu->pend & bit))
            say(x, "(the SMI injection was LOCAL: it pushed nothing, so nothing new blocks the NMI)");
        if (blocked & bit) {
            say(x, "%s: latched, but blocked[%u] = %s has %s%s: stays latched", kn, c, blk_str(blocked).s, kn,
                n ? " (the delivery just made blocks it)" : "");
            continue;
        }
        struct vmxr_cmd e = vmxr_inject_cmd(c, k);
        say(x, "%s: latched and not blocked (blocked[%u] = %s) -> pend[%u] %s cleared; inject reason %u (%s)%s, qual 0, "
               "routed from %s:",
            kn, c, blk_str(blocked).s, c, kn, e.reason, reason_name(e.reason),
            k == VMXR_PCLASS_NMI ? ", itype 2, vector 2, errcode 0" : "", ctx_str(cpu->cur).s);
        struct vmxr_decision *cl = &claims[n];
        *cl = (struct vmxr_decision){ .cpu = (uint8_t)c, .op = VMXR_OP_INJECT, .reason = e.reason };
        x->ind = "    ";
        explain_event(x, sim, &e, cl);
        say(x, "explained: INJECT %s", outcome_str(cl).s);
        n++;
        struct vmxr_decision d;
        unsigned mk = vmxr_inject_step(sim, c, &d);
        if (mk != k)
            disagree(x, "injection: the explanation injects %s, vmxr_inject_step %s", kn,
                     name_of(vmxr_pclass_names, VMXR_PCLASS_COUNT, mk));
    }
    return n;
}

/* ---- driver --------------------------------------------------------------- */

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr explain: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", USAGE_LINE);
    return EXIT_USAGE;
}

static bool dec_equal(const struct vmxr_decision *a, const struct vmxr_decision *b)
{
    return a->cpu == b->cpu && a->op == b->op && a->outcome == b->outcome && a->err == b->err && a->from == b->from &&
           a->to == b->to && a->rule == b->rule && a->idx == b->idx && a->reason == b->reason && a->qual == b->qual;
}

static struct lbuf dec_full(const struct vmxr_decision *d)
{
    struct lbuf b;
    snprintf(b.s, sizeof b.s, "%s %s (from %s", name_of(vmxr_op_names, VMXR_OP_COUNT, d->op), outcome_str(d).s,
             ctx_str(d->from).s);
    size_t n = strlen(b.s);
    snprintf(b.s + n, sizeof b.s - n, " to %s)", ctx_str(d->to).s);
    return b;
}

static bool cpu_equal(const struct vmxr_cpu *a, const struct vmxr_cpu *b)
{
    if (a->cur != b->cur || a->depth != b->depth || a->pend != b->pend)
        return false;
    for (unsigned i = 0; i < a->depth && i < VMXR_DEPTH; i++)
        if (a->stack[i].ctx != b->stack[i].ctx || a->stack[i].to != b->stack[i].to ||
            a->stack[i].blk != b->stack[i].blk)
            return false;
    return true;
}

static void print_command(FILE *o, const struct vmxr_cmd *c)
{
    fprintf(o, "command as parsed: %s on cpu %u\n", vmxr_op_names[c->op & 3u], c->cpu);
    if (c->op == VMXR_OP_LAUNCH) {
        fprintf(o, "  vm      %u\n", c->vm);
        return;
    }
    if (c->op == VMXR_OP_RESUME)
        return;
    fprintf(o, "  reason  %u (%s)\n", c->reason, reason_name(c->reason));
    if (c->reason == 30) {
        unsigned sz = c->qual & 7u;
        fprintf(o, "  qual    0x%08X: port 0x%04X (bits 31:16), size %u byte%s (bits 2:0 = %u%s), dir %s (bit 3)\n",
                c->qual, c->qual >> 16, sz + 1, sz ? "s" : "", sz, sz == 0 || sz == 1 || sz == 3 ? "" : ", not 1/2/4",
                (c->qual >> 3) & 1u ? "IN" : "OUT");
    } else {
        fprintf(o, "  qual    0x%08X\n", c->qual);
    }
    if (c->reason != 0 && c->reason != 1) {
        fprintf(o, "  itype %u, vector %u, errcode 0x%08X: not used by reason %u\n", c->itype, c->vector, c->errcode,
                c->reason);
        return;
    }
    fprintf(o, "  itype   %u (%s)\n", c->itype, ITYPE_NAMES[c->itype & 7u]);
    if (c->vector < 32 && c->reason == 0)
        fprintf(o, "  vector  %u (0x%02X, %s)\n", c->vector, c->vector, VECTOR_NAMES[c->vector]);
    else
        fprintf(o, "  vector  %u (0x%02X)\n", c->vector, c->vector);
    fprintf(o, "  errcode 0x%08X\n", c->errcode);
}

int cmd_explain(int argc, char **argv)
{
    const char *file = NULL;
    unsigned line = 0;
    bool have_line = false, opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!opts_done && a[0] == '-' && a[1] != '\0') {
            if (!strcmp(a, "--")) {
                opts_done = true;
            } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
                fputs(HELP, stdout);
                return 0;
            } else if (cli_option(argc, argv, &i, "--line", &v)) {
                uint64_t n;
                if (!v)
                    return usage_error("%s needs a line number", "--line");
                if (!cli_number(v, false, 100000000u, &n) || n == 0)
                    return usage_error("bad line number '%s' (expected 1, 2, ...)", v);
                line = (unsigned)n;
                have_line = true;
            } else if (cli_option(argc, argv, &i, "--engine", &v)) {
                if (!v)
                    return usage_error("%s needs a value", "--engine");
                const struct vmxr_engine_info *e = vmxr_engine_find(v);
                if (!e || !vmxr_engine_direct_txn(e))
                    return usage_error("engine '%s' not accepted: explain always reasons on the transaction-level "
                                       "core (--engine txn)",
                                       v);
            } else {
                return usage_error("unknown option '%s'", a);
            }
        } else if (file) {
            return usage_error("one vector file only (got '%s' as well)", a);
        } else {
            file = a;
        }
    }
    if (!file)
        return usage_error("%s", "no vector file given");
    if (!have_line)
        return usage_error("%s", "--line N is required");

    struct vec_file f;
    char err[512];
    if (!vec_load(file, &f, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        vec_free(&f);
        return EXIT_USAGE;
    }
    if (line > f.nlines) {
        fprintf(stderr, "%s:%u: no such line (the file has %u)\n", f.path, line, f.nlines);
        vec_free(&f);
        return EXIT_USAGE;
    }
    int idx = f.item_of_line[line - 1];
    const struct vec_item *it = idx >= 0 ? &f.items[idx] : NULL;
    if (!it || (it->kind != VEC_EV && it->kind != VEC_LAUNCH && it->kind != VEC_RESUME)) {
        fprintf(stderr, "%s:%u: not a command (ev, launch or resume)\n", f.path, line);
        vec_free(&f);
        return EXIT_USAGE;
    }

    struct vmxr_state *st = malloc(sizeof *st), *sim = malloc(sizeof *sim);
    if (!st || !sim) {
        fprintf(stderr, "vmxr explain: out of memory\n");
        free(st);
        free(sim);
        vec_free(&f);
        return EXIT_USAGE;
    }

    /* replay every item before the line */
    vmxr_state_reset(st, &f.straps);
    unsigned nwr = 0, nrd = 0, ncmd = 0;
    for (int i = 0; i < idx; i++) {
        const struct vec_item *p = &f.items[i];
        struct vmxr_decision d[3];
        bool slverr;
        switch (p->kind) {
        case VEC_WR: vmxr_apb_write(st, p->vmm, p->addr, p->value); nwr++; break;
        case VEC_RD: vmxr_apb_read(st, p->addr, &slverr); nrd++; break;
        case VEC_EV:
        case VEC_LAUNCH:
        case VEC_RESUME: vmxr_txn_command(st, &p->cmd, d); ncmd++; break;
        default: break;
        }
    }

    FILE *o = stdout;
    struct ex x = { .out = o, .ind = "" };
    const char *text = f.lines[line - 1];
    while (*text == ' ' || *text == '\t')
        text++;
    printf("explain %s:%u on the transaction-level core\n", f.path, line);
    printf("  %s\n", text);
    printf("replayed %d item%s before it from reset: %u wr, %u rd, %u commands; straps: smi en=%u vmm=%u lock=%u\n",
           idx, idx == 1 ? "" : "s", nwr, nrd, ncmd, f.straps.smi_en, f.straps.smi_vmm, f.straps.smi_lock);
    printf("\n");

    struct vmxr_cmd c = vmxr_cmd_mask(it->cmd);
    print_command(o, &c);
    print_cpu(o, "before", st, c.cpu);

    /* the explanation: claims[0] for the command, then one per injection */
    struct vmxr_decision claims[3];
    unsigned nclaims = 1;
    bool is_event = c.op == VMXR_OP_EVENT || c.op == VMXR_OP_INJECT;
    claims[0] = (struct vmxr_decision){ .cpu = c.cpu, .op = is_event ? VMXR_OP_EVENT : c.op };
    if (is_event) {
        claims[0].reason = c.reason;
        claims[0].qual = c.qual;
    }
    *sim = *st;
    unsigned cerr = explain_checks(&x, &c);
    unsigned merr = vmxr_command_check(&c);
    if (cerr != merr)
        disagree(&x, "checks: the explanation finds %s, vmxr_command_check %s",
                 name_of(vmxr_errc_names, VMXR_ERRC_COUNT, cerr), name_of(vmxr_errc_names, VMXR_ERRC_COUNT, merr));
    bool claim_pop = false;
    if (cerr) {
        uint8_t s = cerr == VMXR_ERRC_BAD_CPU ? 0 : st->cpu[c.cpu].cur;
        claims[0].outcome = VMXR_OUTCOME_ERROR;
        claims[0].err = (uint8_t)cerr;
        claims[0].from = claims[0].to = s;
        x.ind = "  ";
        if (cerr == VMXR_ERRC_BAD_CPU)
            say(&x, "no state change (ERR.CMD set, ERR.CODE %u, ERR_COUNT +1); the decision reports from = to = 0", cerr);
        else
            say(&x, "no state change (ERR.CMD set, ERR.CODE %u, ERR_COUNT +1)", cerr);
    } else if (is_event) {
        x.ind = "";
        say(&x, "EVENT routing (architecture 2.5, 2.6) from %s:", ctx_str(st->cpu[c.cpu].cur).s);
        x.ind = "  ";
        explain_event(&x, st, &c, &claims[0]);
    } else if (c.op == VMXR_OP_LAUNCH) {
        claim_pop = explain_launch(&x, st, &c, &claims[0]);
    } else {
        claim_pop = explain_resume(&x, st, &c, &claims[0]);
    }
    x.ind = "  ";
    say(&x, "explained: %s %s", vmxr_op_names[claims[0].op & 3u], outcome_str(&claims[0]).s);

    /* advance sim through the command with the model, then the injections */
    unsigned mk = VMXR_PCLASS_NONE;
    struct vmxr_route mr = { VMXR_RULE_NONE, 0, 0 };
    if (!merr && is_event) {
        mk = vmxr_pclass(&sim->cfg, &c);
        mr = vmxr_route_static(&sim->cfg, &c, mk, vmxr_profile(&sim->cfg, sim->cpu[c.cpu].cur));
    }
    struct vmxr_decision sd;
    bool popped = vmxr_command_exec(sim, &c, merr, mk, mr, &sd);
    if (popped != claim_pop)
        disagree(&x, "pop: the explanation says %s, the model %s", claim_pop ? "popped" : "no pop",
                 popped ? "popped" : "no pop");
    printf("\n");
    if (popped) {
        nclaims += explain_injections(&x, sim, c.cpu, claims + 1);
    } else {
        x.ind = "";
        if (c.cpu < VMXR_NCPU && sim->cpu[c.cpu].pend)
            say(&x, "injections: none: nothing was popped (pend %s stays latched until a pop)",
                blk_str(sim->cpu[c.cpu].pend).s);
        else
            say(&x, "injections: none: nothing was popped");
    }

    /* the model's decision */
    struct vmxr_decision dec[3];
    unsigned nd = vmxr_txn_command(st, &it->cmd, dec);
    printf("\nactual decision%s (vmxr_txn_command):\n", nd == 1 ? "" : "s");
    for (unsigned i = 0; i < nd; i++)
        printf("  %s\n", dec_full(&dec[i]).s);
    if (it->has_expect) {
        bool same = it->nexp == nd;
        char buf[256];
        size_t bl = 0;
        buf[0] = '\0';
        for (unsigned i = 0; i < it->nexp && i < VEC_MAX_OUTCOMES; i++) {
            char ob[64];
            vec_outcome_format(&it->exp[i], ob, sizeof ob);
            bl += (size_t)snprintf(buf + bl, sizeof buf - bl, "%s%s", i ? " => " : "", ob);
            if (i < nd) {
                struct vec_outcome a = vec_outcome_of(&dec[i]);
                same = same && vec_outcome_equal(&a, &it->exp[i]);
            }
        }
        printf("  the file expects: %s (%s)\n", buf, same ? "matches" : "DIFFERS from the model");
    }
    printf("\n");
    print_cpu(o, "after", st, c.cpu);

    /* the self-check */
    if (nd != nclaims) {
        disagree(&x, "the explanation claims %u decision%s, the model made %u", nclaims, nclaims == 1 ? "" : "s",
                 nd);
    } else {
        for (unsigned i = 0; i < nd; i++)
            if (!dec_equal(&claims[i], &dec[i]))
                disagree(&x, "decision %u: explained %s, model %s", i + 1, dec_full(&claims[i]).s,
                         dec_full(&dec[i]).s);
    }
    for (unsigned i = 0; i < VMXR_NCPU; i++)
        if (!cpu_equal(&sim->cpu[i], &st->cpu[i]))
            disagree(&x, "cpu %u: the explanation's replay of the model's steps leaves a different state", i);
    if (memcmp(sim->pending_count, st->pending_count, sizeof st->pending_count) ||
        memcmp(sim->delivered, st->delivered, sizeof st->delivered) || sim->cmd_count != st->cmd_count ||
        sim->err_count != st->err_count || sim->cfg.err != st->cfg.err)
        disagree(&x, "counters: the explanation's replay of the model's steps leaves different counters");

    fflush(stdout);
    int rc = 0;
    if (x.bad) {
        fprintf(stderr, "explain: internal error: explanation disagrees with the model\n  %s\n", x.why);
        if (x.bad > 1)
            fprintf(stderr, "  (and %u more disagreement%s)\n", x.bad - 1, x.bad == 2 ? "" : "s");
        rc = EXIT_INTERNAL;
    }
    free(st);
    free(sim);
    vec_free(&f);
    return rc;
}
