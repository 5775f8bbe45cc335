/* The constrained-random stimulus generator (dv/gen.h); `vmxr gen`
 * (cli/cmd_gen.c) and the regression call it.
 *
 * gen_stream() writes one VEC1 stream without expectations: a header
 * comment, the header and a strap, a configuration prologue written by VMM 0
 * (not counted), then exactly `count` items drawn from a weighted mix. This
 * file holds the mixes, the events, launches and resumes and the item loop;
 * gen_config.c the prologue, mid-stream writes, locks and status reads.
 *
 * Determinism. The stream is a pure function of (seed, count, ncpu, mix)
 * and of the build parameters (NCPU, NVM, NIOR, NMEM, NKEY, DEPTH, printed in the
 * header comment): one splitmix64 generator seeded from the seed drives
 * every choice, with integer arithmetic only; nothing reads the clock, the
 * environment, addresses or rand(). Draws are always sequenced: never two in
 * the arguments of one call or the operands of one operator (C leaves their
 * order unspecified, and compilers do differ), only across statements,
 * declarators, && || ?: and nested calls.
 *
 * Constraints. The generator steers with a shadow copy of the architectural
 * state: every item it writes is also applied to a struct vmxr_state by the
 * transaction-level core (the same calls `vmxr run --engine txn` makes), so
 * it knows each CPU's context, stack depth and blocked classes, the routes
 * and locks in force, and can aim: launches mostly where one can succeed,
 * resumes mostly where something can be popped, #PF error codes on a chosen
 * side of the running profile's mask/match, I/O accesses at the edges of the
 * ranges configured now, EPT violations and keys at the edges of the memory
 * and key entries configured now. The shadow only weights choices; illegal
 * items are generated on purpose in every mix.
 *
 * VMXR-2. The mixes with MEM or KEY weights (default, mem, key) also program
 * the memory and key tables in the prologue and re-route, lock and read
 * them mid-stream; the others (io, platform, config, stack) draw exactly
 * what they drew before the tables existed (see mix_v2).
 *
 * Stack depth. Each CPU cycles through phases: CRUISE (no bias), DIVE
 * (events favoured over resumes, and among a few candidate events the first
 * that the shadow says delivers is taken, until the stack holds DEPTH
 * entries), HOLD (a few more commands at full depth: overflows, LOCAL
 * events, pended SMIs/NMIs) and UNWIND (resumes favoured, with injections
 * and switching launches, down to depth 0 or 1). So every CPU regularly
 * nests DEPTH deep, overflows and unwinds.
 *
 * Observability. Every STATE_READ_PERIOD-th item is `rd vmm=0 CPU_STATE[c]`
 * for the next CPU in turn, so an annotation of the stream shows the depth
 * each CPU reached (tests/gen.sh checks it).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "gen_int.h"

#define STATE_READ_PERIOD 12u

/* ---- mixes ----------------------------------------------------------------- */

/*                                   IO EXC PF SMI NMI INIT IPI OTH MEM KEY BADEV LAU RES WOK WBAD LCK RD IDLE BCPU
 * legal writes:                     TYPE EXC PFEC PLAT IOR OWNER PROF GROUP SWUSAGE VMMEN WEIGHT IPI ERRCLR MEM KEY */
static const struct mix MIXES[] = {
    { "default", "everything, with regular nesting to DEPTH",
      { 12, 7, 5, 4, 4, 3, 4, 10, 6, 8, 3, 6, 20, 5, 3, 1, 4, 2, 1 },
      { 8, 4, 3, 3, 4, 2, 2, 2, 6, 3, 2, 2, 2, 3, 3 },
      75, 80, 6, 3, 10, 200, 300, 55, 20, 12 },
    { "io", "I/O heavy: range edges, wraps, sizes, IOR re-routes",
      { 50, 3, 2, 2, 2, 1, 2, 5, 0, 0, 4, 4, 17, 5, 2, 1, 3, 2, 1 },
      { 2, 1, 1, 1, 16, 2, 3, 1, 2, 2, 1, 1, 2, 0, 0 },
      60, 85, 4, 2, 16, 150, 200, 55, 15, 8 },
    { "platform", "SMI/NMI/INIT/IPI, blocking, pending, injection",
      { 5, 3, 2, 14, 14, 8, 10, 7, 0, 0, 2, 5, 22, 4, 2, 1, 4, 2, 1 },
      { 2, 1, 1, 8, 1, 1, 1, 1, 3, 6, 1, 6, 2, 0, 0 },
      70, 75, 6, 4, 8, 300, 250, 70, 20, 10 },
    { "config", "heavy mid-stream APB writes, refused writes, locks",
      { 8, 4, 4, 3, 3, 2, 3, 9, 0, 0, 2, 5, 14, 18, 12, 3, 8, 3, 1 },
      { 8, 5, 4, 4, 6, 4, 4, 4, 6, 6, 3, 3, 4, 0, 0 },
      65, 75, 4, 2, 12, 200, 250, 50, 50, 10 },
    { "stack", "deep nesting, overflow, unwinding, switching launches",
      { 5, 5, 3, 5, 5, 3, 3, 22, 0, 0, 1, 12, 22, 3, 1, 1, 3, 1, 1 },
      { 8, 3, 2, 2, 2, 3, 2, 2, 4, 2, 2, 1, 1, 0, 0 },
      92, 90, 10, 5, 3, 250, 500, 70, 15, 24 },
    { "mem", "EPT violations: memory-entry edges, access kinds, gpa past 2^44, MEM re-routes",
      { 4, 3, 2, 2, 2, 1, 2, 5, 40, 4, 2, 4, 17, 6, 3, 2, 3, 2, 1 },
      { 2, 1, 1, 1, 1, 1, 2, 1, 2, 4, 1, 1, 2, 16, 2 },
      65, 80, 6, 3, 12, 200, 250, 55, 20, 10 },
    { "key", "CPUID/VMCALL/RDMSR/WRMSR: key-entry edges, GRP arbitration, KEY re-routes",
      { 4, 3, 2, 2, 2, 1, 2, 5, 4, 40, 2, 4, 17, 6, 3, 2, 3, 2, 1 },
      { 2, 1, 1, 1, 1, 1, 2, 5, 8, 5, 3, 1, 2, 2, 16 },
      65, 80, 6, 3, 12, 200, 250, 55, 20, 10 },
};
#define NMIXES (sizeof MIXES / sizeof MIXES[0])

const char *const gen_mix_names[] = { "default", "io", "platform", "config", "stack", "mem", "key", NULL };

const char *gen_mix_desc(const char *name)
{
    for (size_t i = 0; i < NMIXES; i++)
        if (name && !strcmp(name, MIXES[i].name))
            return MIXES[i].desc;
    return NULL;
}

/* ---- exit reasons ---------------------------------------------------------- */

static bool bad_reason(unsigned r) { return r > 64 || r == 35 || r == 38 || r == 42; }

/* a valid reason that is no platform, exception, interrupt or I/O reason */
static unsigned other_reason(struct gen *g)
{
    if (chance(&g->rng, 75)) {
        for (;;) {
            unsigned r = TYPE_REASONS[below(&g->rng, NTYPE_REASONS)];
            if (r > 6 && r != 30)
                return r;
        }
    }
    for (;;) {
        unsigned r = 2 + below(&g->rng, 63);
        if (!bad_reason(r) && (r < 3 || r > 6) && r != 30)
            return r;
    }
}

/* ---- emitting items (each also applied to the shadow) ---------------------- */

/* An event as the generator builds it: the command plus how it is spelled. */
struct ev {
    struct vmxr_cmd cmd;
    bool io;     /* spell qual as port=/size=/dir= (plus qual= for other bits) */
    bool dirout; /* io: write dir=out explicitly */
};

static struct ev ev_new(unsigned cpu, unsigned reason)
{
    struct ev e;
    memset(&e, 0, sizeof e);
    e.cmd.cpu = (uint8_t)cpu;
    e.cmd.op = VMXR_OP_EVENT;
    e.cmd.reason = (uint8_t)reason;
    return e;
}

static void ev_format(const struct ev *e, char *buf, size_t n)
{
    const struct vmxr_cmd *c = &e->cmd;
    int k = snprintf(buf, n, "ev cpu=%u reason=%u", c->cpu, c->reason);
    size_t len = k > 0 ? (size_t)k : 0;
#define APPEND(...)                                                                                                  \
    do {                                                                                                             \
        if (len < n) {                                                                                               \
            int m_ = snprintf(buf + len, n - len, __VA_ARGS__);                                                      \
            if (m_ > 0)                                                                                              \
                len += (size_t)m_;                                                                                   \
        }                                                                                                            \
    } while (0)
    if (e->io) {
        uint32_t rest = c->qual & 0x0000FFF0u;
        if (rest)
            APPEND(" qual=0x%" PRIX32, rest);
        APPEND(" port=0x%04" PRIX32 " size=%" PRIu32, c->qual >> 16, (c->qual & 7u) + 1u);
        if (c->qual & 8u)
            APPEND(" dir=in");
        else if (e->dirout)
            APPEND(" dir=out");
    } else if (c->qual) {
        APPEND(" qual=0x%" PRIX32, c->qual);
    }
    if (c->itype || c->vector || c->reason <= 1)
        APPEND(" itype=%u vec=%u", c->itype, c->vector);
    if (c->errcode)
        APPEND(" ec=0x%" PRIX32, c->errcode);
    if (c->gpa)
        APPEND(" gpa=0x%" PRIX64, c->gpa);
#undef APPEND
}

/* Writes a command (spelled text) and applies it. */
static void emit_cmd_text(struct gen *g, const struct vmxr_cmd *c, const char *text)
{
    struct vmxr_decision d[3];
    fprintf(g->out, "%s\n", text);
    unsigned n = vmxr_txn_command(&g->st, c, d);
    if (n && d[0].outcome == VMXR_OUTCOME_LAUNCHED && c->cpu < VMXR_NCPU)
        g->cpu[c->cpu].booted = true;
}

static void emit_ev(struct gen *g, const struct ev *e)
{
    char buf[256];
    ev_format(e, buf, sizeof buf);
    emit_cmd_text(g, &e->cmd, buf);
}

static void emit_launch(struct gen *g, unsigned cpu, unsigned vm)
{
    char buf[64];
    struct vmxr_cmd c = { .cpu = (uint8_t)cpu, .op = VMXR_OP_LAUNCH, .vm = (uint8_t)vm };
    snprintf(buf, sizeof buf, "launch cpu=%u vm=%u", cpu, vm);
    emit_cmd_text(g, &c, buf);
}

static void emit_resume(struct gen *g, unsigned cpu)
{
    char buf[64];
    struct vmxr_cmd c = { .cpu = (uint8_t)cpu, .op = VMXR_OP_RESUME };
    snprintf(buf, sizeof buf, "resume cpu=%u", cpu);
    emit_cmd_text(g, &c, buf);
}

/* ---- events ------------------------------------------------------------------ */

static unsigned cur_profile(const struct gen *g, unsigned c) { return vmxr_profile(&g->st.cfg, g->st.cpu[c].cur); }

static struct ev gen_io(struct gen *g, unsigned c)
{
    struct ev e = ev_new(c, 30);
    static const unsigned SZW[3] = { 40, 25, 35 };
    static const unsigned SZ[3] = { 1, 2, 4 };
    unsigned size = SZ[pick(&g->rng, SZW, 3)], port;
    unsigned how = below(&g->rng, 100);
    if (how < 70) { /* an edge of a configured entry: BASE-1, BASE, LIMIT, LIMIT+1 */
        unsigned i = below(&g->rng, VMXR_NIOR);
        for (unsigned t = 0; t < 8 && !(g->st.cfg.ior_ctrl[i] & VMXR_IOR_CTRL_V_MASK); t++)
            i = below(&g->rng, VMXR_NIOR);
        uint32_t r = g->st.cfg.ior_range[i];
        unsigned base = r & 0xFFFF, limit = r >> 16, edge;
        switch (below(&g->rng, 4)) {
        case 0: edge = base - 1; break;
        case 1: edge = base; break;
        case 2: edge = limit; break;
        default: edge = limit + 1; break;
        }
        port = (edge - below(&g->rng, size)) & 0xFFFF; /* the access covers edge (straddling it) */
    } else if (how < 80) { /* at the top of the port space: wraps past 0xFFFF or ends at it */
        port = 0xFFFC + below(&g->rng, 4);
        size = chance(&g->rng, 50) ? 2 : 4;
    } else if (how < 90) {
        port = PORT_POOL[below(&g->rng, NPORT_POOL)];
    } else {
        port = rnd32(&g->rng) & 0xFFFF;
    }
    uint32_t q = (uint32_t)port << 16 | (uint32_t)(size - 1) | (chance(&g->rng, 50) ? 8u : 0u);
    if (chance(&g->rng, 10))
        q |= (rnd32(&g->rng) & 0x7u) << 4; /* string / rep / operand bits */
    e.cmd.qual = q;
    e.io = true;
    e.dirout = chance(&g->rng, 30);
    return e;
}

static struct ev gen_exc(struct gen *g, unsigned c)
{
    struct ev e = ev_new(c, 0);
    static const unsigned TW[] = { 0, 2, 0, 40, 15, 20, 20, 3 }; /* itype 0..7; no NMI here */
    e.cmd.itype = (uint8_t)pick(&g->rng, TW, 8);
    e.cmd.vector = (uint8_t)(chance(&g->rng, 80) ? below(&g->rng, 32) : 32 + below(&g->rng, 224));
    if (e.cmd.vector == 2 && e.cmd.itype == 2)
        e.cmd.itype = 3;
    if (chance(&g->rng, 40))
        e.cmd.errcode = chance(&g->rng, 80) ? below(&g->rng, 0x20) : rnd32(&g->rng);
    return e;
}

static struct ev gen_pf(struct gen *g, unsigned c)
{
    struct ev e = ev_new(c, 0);
    static const unsigned TW[] = { 0, 0, 0, 70, 10, 10, 10, 0 };
    e.cmd.itype = (uint8_t)pick(&g->rng, TW, 8);
    e.cmd.vector = 14;
    unsigned p = cur_profile(g, c);
    uint32_t m = g->st.cfg.pfec_mask[p], t = g->st.cfg.pfec_match[p];
    uint32_t ec = chance(&g->rng, 85) ? below(&g->rng, 0x20) : (rnd32(&g->rng) & 0x8000801Fu);
    unsigned side = below(&g->rng, 100);
    if (side < 45) { /* (ec & mask) == match where possible */
        ec = (ec & ~m) | (t & m);
    } else if (side < 90 && m) { /* (ec & mask) != match */
        uint32_t bits[32];
        unsigned nb = 0;
        for (unsigned b = 0; b < 32; b++)
            if ((m >> b) & 1u)
                bits[nb++] = 1u << b;
        ec = (ec & ~m) | ((t ^ bits[below(&g->rng, nb)]) & m);
    }
    e.cmd.errcode = ec;
    return e;
}

static struct ev gen_smi(struct gen *g, unsigned c)
{
    struct ev e = ev_new(c, chance(&g->rng, 50) ? 5 : 6);
    if (chance(&g->rng, 15))
        e.cmd.qual = rnd32(&g->rng) & 0xFFFF;
    return e;
}

static struct ev gen_nmi(struct gen *g, unsigned c)
{
    (void)g;
    struct ev e = ev_new(c, 0);
    e.cmd.itype = 2;
    e.cmd.vector = 2;
    return e;
}

static struct ev gen_init(struct gen *g, unsigned c)
{
    struct ev e = ev_new(c, chance(&g->rng, 50) ? 3 : 4);
    if (e.cmd.reason == 4 && chance(&g->rng, 60))
        e.cmd.qual = below(&g->rng, 0x100); /* SIPI vector */
    return e;
}

static struct ev gen_ipi(struct gen *g, unsigned c)
{
    struct ev e = ev_new(c, 1);
    uint32_t r = g->st.cfg.ipi_range;
    unsigned lo = r & 0xFF, hi = (r >> 8) & 0xFF;
    e.cmd.itype = chance(&g->rng, 90) ? 0 : (uint8_t)below(&g->rng, 8);
    bool empty = lo > hi;
    if (!empty && chance(&g->rng, 60)) {
        e.cmd.vector = (uint8_t)(lo + below(&g->rng, hi - lo + 1));
        return e;
    }
    unsigned v = 32 + below(&g->rng, 224);
    if (!empty && chance(&g->rng, 50)) { /* just outside an edge */
        if (lo > 0 && (hi == 0xFF || chance(&g->rng, 50)))
            v = lo - 1;
        else if (hi < 0xFF)
            v = hi + 1;
    }
    for (unsigned t = 0; t < 16 && !empty && v >= lo && v <= hi; t++)
        v = below(&g->rng, 256);
    e.cmd.vector = (uint8_t)v; /* may stay inside a range that covers nearly everything */
    return e;
}

static struct ev gen_other(struct gen *g, unsigned c)
{
    struct ev e = ev_new(c, other_reason(g));
    if (chance(&g->rng, 30))
        e.cmd.qual = chance(&g->rng, 70) ? rnd32(&g->rng) & 0xFFFF : rnd32(&g->rng);
    return e;
}

/* an edge of span base..limit: BASE-1, BASE, LIMIT or LIMIT+1 (modulo 2^32) */
static uint32_t edge_of(struct gen *g, uint32_t base, uint32_t limit)
{
    switch (below(&g->rng, 4)) {
    case 0: return base - 1;
    case 1: return base;
    case 2: return limit;
    default: return limit + 1;
    }
}

/* an entry of a table of n whose control has V, tried a few times */
static unsigned valid_entry(struct gen *g, const uint32_t *ctrl, unsigned n)
{
    unsigned i = below(&g->rng, n);
    for (unsigned t = 0; t < 8 && !(ctrl[i] & 1u); t++) /* V is bit 0 of MEM_CTRL and KEY_CTRL */
        i = below(&g->rng, n);
    return i;
}

/* Reason 48: gpa at the edges of a memory entry (frame BASE-1, BASE, LIMIT,
 * LIMIT+1), inside one, past the table's 2^44 reach, or familiar; access
 * kinds mostly a subset of the entry's ACC, else any of 0..7. */
static struct ev gen_mem(struct gen *g, unsigned c)
{
    static const uint32_t FRAMES[] = { 0xFEE00, 0xFEC00, 0xFED00, 0xB8, 0xA0, 0xE0000, 0xC0000, 0x0, 0xFFFFFFFF };
    struct ev e = ev_new(c, 48);
    const struct vmxr_cfg *cfg = &g->st.cfg;
    unsigned j = valid_entry(g, cfg->mem_ctrl, VMXR_NMEM), how = below(&g->rng, 100);
    uint32_t base = cfg->mem_base[j], limit = cfg->mem_limit[j], frame;
    if (how < 55)
        frame = edge_of(g, base, limit);
    else if (how < 75 && base <= limit)
        frame = base + (uint32_t)(((uint64_t)rnd32(&g->rng) * ((uint64_t)limit - base + 1)) >> 32);
    else if (how < 90)
        frame = FRAMES[below(&g->rng, sizeof FRAMES / sizeof FRAMES[0])];
    else
        frame = rnd32(&g->rng);
    uint64_t off = chance(&g->rng, 50) ? below(&g->rng, 0x1000) : (chance(&g->rng, 50) ? 0 : 0xFFF);
    e.cmd.gpa = (uint64_t)frame << 12 | off;
    if (chance(&g->rng, 10)) { /* beyond the 44-bit reach: one bit or many of 63:44 */
        uint64_t hi = chance(&g->rng, 50) ? 1u << below(&g->rng, 20) : 1 + below(&g->rng, 0xFFFFF);
        e.cmd.gpa |= hi << 44;
    }
    unsigned acc = (cfg->mem_ctrl[j] & (VMXR_MEM_CTRL_R_MASK | VMXR_MEM_CTRL_W_MASK | VMXR_MEM_CTRL_X_MASK)) >>
                   VMXR_MEM_CTRL_R_LSB;
    unsigned a = below(&g->rng, 8);
    if (acc && chance(&g->rng, 65)) {
        a &= acc;
        if (!a)
            a = acc & (0u - acc); /* its lowest kind */
    }
    e.cmd.qual = a;
    if (chance(&g->rng, 20))
        e.cmd.qual |= rnd32(&g->rng) & 0x1FF8u; /* EPT entry rights, GLA bits: carried, ignored */
    return e;
}

/* Reasons 10, 18, 31, 32: the key at the edges of a key entry (for a kind
 * the entry has, mostly), inside one, or a familiar key of the kind. */
static struct ev gen_key(struct gen *g, unsigned c)
{
    const struct vmxr_cfg *cfg = &g->st.cfg;
    unsigned i = valid_entry(g, cfg->key_ctrl, VMXR_NKEY), kd = below(&g->rng, 4);
    uint32_t ctrl = cfg->key_ctrl[i], base = cfg->key_base[i], limit = cfg->key_limit[i], key;
    if (!(ctrl & KEY_KINDS[kd]) && chance(&g->rng, 75))
        for (unsigned t = 0; t < 4 && !(ctrl & KEY_KINDS[kd]); t++)
            kd = (kd + 1) % 4;
    unsigned how = below(&g->rng, 100);
    if (how < 50) {
        key = edge_of(g, base, limit);
    } else if (how < 65 && base <= limit) {
        key = base + (uint32_t)(((uint64_t)rnd32(&g->rng) * ((uint64_t)limit - base + 1)) >> 32);
    } else if (how < 92) {
        switch (KEY_REASONS[kd]) {
        case 10: /* hypervisor leaves, basic and extended leaves */
            key = chance(&g->rng, 60) ? 0x40000000u + below(&g->rng, 0x10)
                                      : (chance(&g->rng, 50) ? 0 : 0x80000000u) + below(&g->rng, 0x20);
            break;
        case 18: /* hypercall numbers */
            key = chance(&g->rng, 70) ? below(&g->rng, 0x40) : 0x10000u + below(&g->rng, 0x100);
            break;
        default: { /* x2APIC MSRs, APIC_BASE, EFER and friends, synthetic MSRs */
            unsigned m = below(&g->rng, 10);
            key = m < 6 ? 0x800u + below(&g->rng, 0x100)
                : m == 6 ? 0x1Bu
                : m == 7 ? 0xC0000080u + below(&g->rng, 4)
                         : 0x40000000u + below(&g->rng, 0x100);
            break;
        }
        }
    } else {
        key = rnd32(&g->rng);
    }
    struct ev e = ev_new(c, KEY_REASONS[kd]);
    e.cmd.qual = key;
    return e;
}

static struct ev gen_badev(struct gen *g, unsigned c)
{
    unsigned how = below(&g->rng, 100);
    if (how < 30) {
        static const uint8_t B[] = { 35, 38, 42 };
        return ev_new(c, B[below(&g->rng, 3)]);
    }
    if (how < 55) {
        struct ev e = ev_new(c, 65 + below(&g->rng, 63));
        if (chance(&g->rng, 30))
            e.cmd.qual = rnd32(&g->rng);
        return e;
    }
    if (how < 80) { /* illegal I/O size: 3, 5, 6, 7 or 8 bytes */
        static const uint8_t S[] = { 3, 5, 6, 7, 8 };
        struct ev e = ev_new(c, 30);
        unsigned size = S[below(&g->rng, 5)];
        e.cmd.qual = (rnd32(&g->rng) & 0xFFFF0000u) | (uint32_t)(size - 1);
        e.cmd.qual |= chance(&g->rng, 50) ? 8u : 0u;
        e.io = true;
        return e;
    }
    struct ev e = ev_new(c, 0); /* BAD_NMI */
    e.cmd.itype = 2;
    do
        e.cmd.vector = (uint8_t)below(&g->rng, 256);
    while (e.cmd.vector == 2);
    return e;
}

static struct ev gen_event(struct gen *g, enum gk k, unsigned c)
{
    switch (k) {
    case K_IO: return gen_io(g, c);
    case K_EXC: return gen_exc(g, c);
    case K_PF: return gen_pf(g, c);
    case K_SMI: return gen_smi(g, c);
    case K_NMI: return gen_nmi(g, c);
    case K_INIT: return gen_init(g, c);
    case K_IPI: return gen_ipi(g, c);
    case K_MEM: return gen_mem(g, c);
    case K_KEY: return gen_key(g, c);
    case K_BADEV: return gen_badev(g, c);
    default: return gen_other(g, c);
    }
}

static bool is_event(enum gk k) { return k <= K_BADEV; }

/* An event on CPU c; while diving, the first of a few candidates that would
 * be delivered (the shadow tells), else the last one. */
static void do_event(struct gen *g, enum gk k, unsigned c)
{
    struct ev e = gen_event(g, k, c);
    if (g->cpu[c].phase == PH_DIVE && k != K_BADEV) {
        static const enum gk ROUTABLE[] = { K_IO, K_EXC, K_PF, K_SMI, K_NMI, K_INIT, K_IPI, K_OTHER, K_MEM, K_KEY };
        enum gk mine[sizeof ROUTABLE / sizeof ROUTABLE[0]];
        unsigned nmine = 0;
        for (unsigned i = 0; i < sizeof ROUTABLE / sizeof ROUTABLE[0]; i++)
            if (g->mix->w[ROUTABLE[i]])
                mine[nmine++] = ROUTABLE[i];
        for (unsigned t = 0;; t++) {
            struct vmxr_decision d[3];
            g->trial = g->st;
            vmxr_txn_command(&g->trial, &e.cmd, d);
            if (d[0].outcome == VMXR_OUTCOME_DELIVER || t + 1 >= g->mix->tries || !nmine)
                break;
            enum gk kk = t < g->mix->tries / 2 ? k : mine[below(&g->rng, nmine)];
            e = gen_event(g, kk, c);
        }
    }
    emit_ev(g, &e);
}

/* ---- launches and resumes -------------------------------------------------- */

static bool switch_possible(const struct vmxr_cpu *cp)
{
    return vmxr_ctx_is_vmm(cp->cur) &&
           (cp->depth == 0 || (cp->depth == 1 && !vmxr_ctx_is_vmm(cp->stack[0].ctx)));
}

/* a VM that VMM v may launch (owned) or may not (!owned); VMM 0 may launch
 * any VM, so for it both give any VM */
static unsigned vm_for(struct gen *g, unsigned v, bool owned)
{
    unsigned cand[VMXR_NVM], n = 0;
    for (unsigned i = 0; i < VMXR_NVM; i++)
        if (v == 0 || ((g->st.cfg.owner[i] & VMXR_OWNER_VMM_MASK) == v) == owned)
            cand[n++] = i;
    return n ? cand[below(&g->rng, n)] : below(&g->rng, VMXR_NVM);
}

static void do_launch(struct gen *g, unsigned c)
{
    const struct vmxr_cpu *cp = &g->st.cpu[c];
    unsigned vm;
    if (switch_possible(cp)) {
        unsigned v = vmxr_ctx_id(cp->cur), how = below(&g->rng, 100);
        if (how < 72)
            vm = vm_for(g, v, true); /* VMM 0: any VM; else an owned one */
        else if (how < 86)
            vm = vm_for(g, v, false); /* wrong owner (VMM 0 is never wrong) */
        else if (how < 93)
            vm = VMXR_NVM + below(&g->rng, 32 - VMXR_NVM);
        else
            vm = below(&g->rng, VMXR_NVM);
    } else {
        vm = chance(&g->rng, 90) ? below(&g->rng, VMXR_NVM) : VMXR_NVM + below(&g->rng, 32 - VMXR_NVM);
    }
    emit_launch(g, c, vm);
}

/* ---- commands to absent CPUs, idle gaps ------------------------------------ */

static void do_badcpu(struct gen *g)
{
    unsigned c = VMXR_NCPU + below(&g->rng, 8 - VMXR_NCPU);
    switch (below(&g->rng, 3)) {
    case 0: {
        struct ev e = gen_other(g, c);
        emit_ev(g, &e);
        break;
    }
    case 1: emit_launch(g, c, below(&g->rng, VMXR_NVM)); break;
    default: emit_resume(g, c); break;
    }
}

/* an idle gap: mostly short, sometimes long enough to drain the unit */
static void do_idle(struct gen *g)
{
    fprintf(g->out, "idle %u\n", chance(&g->rng, 85) ? 1 + below(&g->rng, 8) : 9 + below(&g->rng, 120));
}

/* ---- the item loop ------------------------------------------------------------ */

static void phase_after(struct gen *g, unsigned c)
{
    struct cpu_gen *k = &g->cpu[c];
    unsigned d = g->st.cpu[c].depth;
    switch (k->phase) {
    case PH_CRUISE:
        if (k->left)
            k->left--;
        if (!k->left) {
            k->phase = PH_DIVE;
            k->left = 12 + 4 * VMXR_DEPTH;
        }
        break;
    case PH_DIVE:
        if (d >= VMXR_DEPTH) {
            k->phase = PH_HOLD;
            k->left = 1 + below(&g->rng, g->mix->hold);
        } else if (k->left && --k->left == 0) { /* cannot get deeper now */
            k->phase = PH_UNWIND;
            k->floor = below(&g->rng, 2);
        }
        break;
    case PH_HOLD:
        if (k->left)
            k->left--;
        if (!k->left) {
            k->phase = PH_UNWIND;
            k->floor = below(&g->rng, 2);
        }
        break;
    case PH_UNWIND:
        if (d <= k->floor) {
            k->phase = PH_CRUISE;
            k->left = 1 + below(&g->rng, g->mix->cruise + 1);
        }
        break;
    }
}

static unsigned scale(unsigned w, unsigned pct) { return (unsigned)((unsigned long long)w * pct / 100u); }

/* item weights for a command on CPU c */
static void weights_for(const struct gen *g, unsigned c, unsigned *w)
{
    const struct mix *m = g->mix;
    const struct vmxr_cpu *cp = &g->st.cpu[c];
    const struct cpu_gen *k = &g->cpu[c];
    for (unsigned i = 0; i < K_COUNT; i++)
        w[i] = m->w[i] * 100; /* room for the percentages below */
    unsigned blk = vmxr_blocked(cp);
    for (unsigned i = 0; i <= K_BADEV; i++) {
        if (k->phase == PH_UNWIND)
            w[i] = scale(w[i], 100 - m->unwind);
        if (blk && (i == K_SMI || i == K_NMI))
            w[i] = scale(w[i], m->blkboost);
    }
    if (k->phase == PH_DIVE)
        w[K_RESUME] = scale(w[K_RESUME], 100 - m->dive);
    if (cp->depth == 0 && (k->booted || !vmxr_ctx_is_vmm(cp->cur)))
        w[K_RESUME] = scale(w[K_RESUME], 12); /* NOT_IN_VMM, now and then */
    if (!vmxr_ctx_is_vmm(cp->cur))
        w[K_LAUNCH] = scale(w[K_LAUNCH], 15); /* NOT_IN_VMM */
    else if (cp->depth == 1 && switch_possible(cp))
        w[K_LAUNCH] = scale(w[K_LAUNCH], k->phase == PH_UNWIND ? m->switchboost : 100);
    else if (cp->depth > 0)
        w[K_LAUNCH] = scale(w[K_LAUNCH], 20); /* BUSY */
}

static void one_item(struct gen *g, unsigned long long idx)
{
    if (idx == g->glock_at) {
        emit_wr(g, 0, VMXR_GLOBAL_ADDR, VMXR_GLOBAL_LOCK_MASK, "GLOBAL.LOCK, late in the stream");
        return;
    }
    if (idx % STATE_READ_PERIOD == STATE_READ_PERIOD - 1) {
        emit_rd(g, 0, VMXR_CPU_STATE_ADDR(g->next_state_rd));
        g->next_state_rd = (g->next_state_rd + 1) % g->ncpu;
        return;
    }
    unsigned c = chance(&g->rng, g->mix->sticky) ? g->last_cpu : below(&g->rng, g->ncpu);
    unsigned w[K_COUNT];
    weights_for(g, c, w);
    enum gk k = (enum gk)pick(&g->rng, w, K_COUNT);
    bool cmd = is_event(k) || k == K_LAUNCH || k == K_RESUME;
    struct cpu_gen *cg = &g->cpu[c];
    if (cmd && !cg->booted) { /* boot: after a few commands from VMM 0, unwind and launch */
        if (cg->boot)
            cg->boot--;
        else
            k = g->st.cpu[c].depth ? K_RESUME : K_LAUNCH;
    }
    switch (k) {
    case K_LAUNCH: do_launch(g, c); break;
    case K_RESUME: emit_resume(g, c); break;
    case K_WR_OK: gen_do_wr_ok(g); break;
    case K_WR_BAD: gen_do_wr_bad(g); break;
    case K_LOCK: gen_do_lock(g); break;
    case K_RD: gen_do_rd(g); break;
    case K_IDLE: do_idle(g); break;
    case K_BADCPU: do_badcpu(g); break;
    default: do_event(g, k, c); break;
    }
    if (cmd) {
        g->last_cpu = c;
        phase_after(g, c);
    }
}

int gen_stream(FILE *out, uint64_t seed, unsigned count, unsigned ncpu, const char *mix, char *err, size_t errlen)
{
    const struct mix *m = NULL;
    for (size_t i = 0; i < NMIXES; i++)
        if (!mix || !strcmp(mix, MIXES[i].name)) {
            m = &MIXES[i];
            break;
        }
    if (!out) {
        snprintf(err, errlen, "no output stream");
        return -1;
    }
    if (!m) {
        snprintf(err, errlen, "unknown mix '%s'", mix);
        return -1;
    }
    if (count < 1 || count > GEN_MAX_COUNT) {
        snprintf(err, errlen, "count %u out of range (1..%u)", count, GEN_MAX_COUNT);
        return -1;
    }
    if (ncpu < 1 || ncpu > VMXR_NCPU) {
        snprintf(err, errlen, "ncpu %u out of range (1..%u)", ncpu, (unsigned)VMXR_NCPU);
        return -1;
    }
    struct gen *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    g->out = out;
    g->mix = m;
    g->ncpu = ncpu;
    g->rng = seed ^ 0x564D5852A5A5C3E1u; /* "VMXR" */
    (void)rnd(&g->rng);

    /* straps: SMI hard-wired to a platform VMM most of the time */
    unsigned sv = 1 + below(&g->rng, 7), shape = below(&g->rng, 100);
    struct vmxr_straps straps = { .smi_en = shape < 90, .smi_vmm = (uint8_t)sv, .smi_lock = shape < 70 || shape >= 95 };
    fprintf(out, "# vmxr gen --seed %" PRIu64 " --count %u --ncpu %u --mix %s\n", seed, count, ncpu, m->name);
    /* these bytes are pinned by tests/gen.sh's checksums: the path is the generator's former one */
    fprintf(out, "# constrained-random stream without expectations (generator: vmxr gen, runner/gen.c); build\n");
    fprintf(out, "# parameters NCPU=%d NVM=%d NIOR=%d NMEM=%d NKEY=%d DEPTH=%d; mix %s: %s\n", VMXR_NCPU, VMXR_NVM,
            VMXR_NIOR, VMXR_NMEM, VMXR_NKEY, VMXR_DEPTH, m->name, m->desc);
    fprintf(out, "vmxr-vectors 1\n");
    fprintf(out, "strap smi en=%d vmm=%u lock=%d\n", straps.smi_en, sv, straps.smi_lock);
    vmxr_state_reset(&g->st, &straps);

    gen_prologue(g, straps.smi_lock);

    for (unsigned c = 0; c < VMXR_NCPU; c++) {
        g->cpu[c].phase = PH_CRUISE;
        g->cpu[c].left = 1 + below(&g->rng, m->cruise + 1);
        g->cpu[c].boot = chance(&g->rng, 50) ? 0 : 1 + below(&g->rng, m->bootdelay);
    }
    /* one CPU boots late: it works from VMM 0 (EMPTY resumes, VMM-based
     * stacks) for up to a third of its share of the items */
    unsigned share = count / (3 * ncpu) + 1;
    unsigned late = below(&g->rng, ncpu);
    g->cpu[late].boot += below(&g->rng, share < 2000 ? share : 2000);
    g->last_cpu = 0;
    g->glock_at = ~0ull;
    if (count >= 8 && chance(&g->rng, m->glock)) {
        unsigned tail = count / 8 ? count / 8 : 1;
        g->glock_at = count - 1 - below(&g->rng, tail);
    }

    fprintf(out, "\n# %u items, mix %s\n", count, m->name);
    for (unsigned long long i = 0; i < count; i++)
        one_item(g, i);
    free(g);
    errno = 0;
    if (fflush(out) != 0 || ferror(out)) {
        snprintf(err, errlen, "%s", strerror(errno ? errno : EIO));
        return -1;
    }
    return 0;
}
