/* vmxr gen: the constrained-random stimulus generator.
 *
 * gen_stream() writes one VEC1 stream without expectations: a header
 * comment, the header and a strap, a configuration prologue written by VMM 0
 * (not counted), then exactly `count` items drawn from a weighted mix.
 *
 * Determinism. The stream is a pure function of (seed, count, ncpu, mix)
 * and of the build parameters (NCPU, NVM, NIOR, DEPTH, printed in the
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
 * ranges configured now. The shadow only weights choices; illegal items are
 * generated on purpose in every mix.
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

#include "cli.h"
#include "cmds.h"
#include "dv.h"
#include "vec1.h"
#include "vmxr_model.h"
#include "vmxr_rng.h"

#define EXIT_USAGE 2

#define GEN_MAX_COUNT 10000000u
#define STATE_READ_PERIOD 12u

/* ---- mixes ----------------------------------------------------------------- */

/* Item kinds. */
enum gk {
    K_IO,     /* reason 30 at range edges, wrapping, random ports */
    K_EXC,    /* reason 0 exceptions: itype 3/5/6 and 4, vectors < 32 and >= 32 */
    K_PF,     /* #PF with the error code on either side of mask/match */
    K_SMI,    /* reasons 5, 6 */
    K_NMI,    /* reason 0, itype 2, vector 2 */
    K_INIT,   /* reasons 3, 4 */
    K_IPI,    /* reason 1 in and out of IPI_RANGE */
    K_OTHER,  /* other valid reasons (TYPE routes) */
    K_BADEV,  /* BAD_REASON, BAD_IO_SIZE, BAD_NMI */
    K_LAUNCH, /* boot, switch, wrong owner, from a VM, busy, bad vm */
    K_RESUME, /* pops, injections, EMPTY, NOT_IN_VMM */
    K_WR_OK,  /* legal mid-stream writes */
    K_WR_BAD, /* refused writes */
    K_LOCK,   /* PLAT / IOR entry locks */
    K_RD,     /* status reads */
    K_IDLE,   /* idle gaps */
    K_BADCPU, /* cpu >= NCPU */
    K_COUNT
};

/* Legal write kinds. */
enum wk { W_TYPE, W_EXC, W_PFEC, W_PLAT, W_IOR, W_OWNER, W_PROF, W_GROUP, W_SWUSAGE, W_VMMEN, W_WEIGHT, W_IPI,
          W_ERRCLR, W_COUNT };

struct mix {
    const char *name;
    const char *desc;
    unsigned w[K_COUNT];   /* item weights */
    unsigned ww[W_COUNT];  /* legal-write weights */
    unsigned dive;         /* % of resumes dropped on a diving CPU */
    unsigned unwind;       /* % of events dropped on an unwinding CPU */
    unsigned tries;        /* candidate events looked at while diving */
    unsigned hold;         /* up to this many commands at full depth */
    unsigned cruise;       /* up to this many unbiased commands between dives */
    unsigned blkboost;     /* SMI/NMI weight, in %, on a CPU with a blocked class */
    unsigned switchboost;  /* LAUNCH weight, in %, where a switch can succeed */
    unsigned sticky;       /* % of commands on the same CPU as the previous one */
    unsigned glock;        /* % of streams that set GLOBAL.LOCK late */
    unsigned bootdelay;    /* up to this many commands before a CPU's boot launch */
};

/*                                   IO EXC PF SMI NMI INIT IPI OTH BADEV LAU RES WOK WBAD LCK RD IDLE BCPU */
static const struct mix MIXES[] = {
    { "default", "everything, with regular nesting to DEPTH",
      { 12, 7, 5, 4, 4, 3, 4, 14, 3, 6, 20, 5, 3, 1, 4, 2, 1 },
      { 8, 4, 3, 3, 4, 2, 2, 2, 6, 3, 2, 2, 2 },
      75, 80, 6, 3, 10, 200, 300, 55, 20, 12 },
    { "io", "I/O heavy: range edges, wraps, sizes, IOR re-routes",
      { 50, 3, 2, 2, 2, 1, 2, 5, 4, 4, 17, 5, 2, 1, 3, 2, 1 },
      { 2, 1, 1, 1, 16, 2, 3, 1, 2, 2, 1, 1, 2 },
      60, 85, 4, 2, 16, 150, 200, 55, 15, 8 },
    { "platform", "SMI/NMI/INIT/IPI, blocking, pending, injection",
      { 5, 3, 2, 14, 14, 8, 10, 7, 2, 5, 22, 4, 2, 1, 4, 2, 1 },
      { 2, 1, 1, 8, 1, 1, 1, 1, 3, 6, 1, 6, 2 },
      70, 75, 6, 4, 8, 300, 250, 70, 20, 10 },
    { "config", "heavy mid-stream APB writes, refused writes, locks",
      { 8, 4, 4, 3, 3, 2, 3, 9, 2, 5, 14, 18, 12, 3, 8, 3, 1 },
      { 8, 5, 4, 4, 6, 4, 4, 4, 6, 6, 3, 3, 4 },
      65, 75, 4, 2, 12, 200, 250, 50, 50, 10 },
    { "stack", "deep nesting, overflow, unwinding, switching launches",
      { 5, 5, 3, 5, 5, 3, 3, 22, 1, 12, 22, 3, 1, 1, 3, 1, 1 },
      { 8, 3, 2, 2, 2, 3, 2, 2, 4, 2, 2, 1, 1 },
      92, 90, 10, 5, 3, 250, 500, 70, 15, 24 },
};
#define NMIXES (sizeof MIXES / sizeof MIXES[0])

const char *const gen_mix_names[] = { "default", "io", "platform", "config", "stack", NULL };

/* ---- random numbers -------------------------------------------------------- */

static uint64_t rnd(uint64_t *s) { return vmxr_splitmix64(s); }

/* 0..n-1 (n >= 1) */
static unsigned below(uint64_t *s, unsigned n)
{
    return (unsigned)(((rnd(s) >> 32) * (uint64_t)n) >> 32);
}

/* true with probability pct % */
static bool chance(uint64_t *s, unsigned pct) { return below(s, 100) < pct; }

static uint32_t rnd32(uint64_t *s) { return (uint32_t)(rnd(s) >> 32); }

/* index picked with the given weights (total > 0) */
static unsigned pick(uint64_t *s, const unsigned *w, unsigned n)
{
    unsigned long long total = 0;
    for (unsigned i = 0; i < n; i++)
        total += w[i];
    if (!total)
        return 0;
    unsigned long long r = (unsigned long long)(((rnd(s) >> 32) * total) >> 32);
    for (unsigned i = 0; i < n; i++) {
        if (r < w[i])
            return i;
        r -= w[i];
    }
    return n - 1;
}

/* ---- generator state ------------------------------------------------------- */

enum phase { PH_CRUISE, PH_DIVE, PH_HOLD, PH_UNWIND };

struct cpu_gen {
    enum phase phase;
    unsigned left;   /* commands left in CRUISE / HOLD, budget in DIVE */
    unsigned floor;  /* UNWIND down to this depth */
    unsigned boot;   /* commands before the boot launch is forced */
    bool booted;     /* some launch on this CPU succeeded */
};

struct gen {
    FILE *out;
    uint64_t rng;
    const struct mix *mix;
    unsigned ncpu;
    struct vmxr_state st;    /* shadow: the state the stream has put the unit in */
    struct vmxr_state trial; /* scratch for looking ahead */
    struct cpu_gen cpu[VMXR_NCPU];
    unsigned last_cpu;
    unsigned next_state_rd;
    unsigned long long glock_at; /* item index of GLOBAL.LOCK, or ~0 for none */
};

/* Exit reasons the TYPE table is configured for (and OTHER events favour). */
static const uint8_t TYPE_REASONS[] = { 0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15,
                                        18, 28, 29, 30, 31, 32, 48, 49, 52, 55, 64 };
#define NTYPE_REASONS (sizeof TYPE_REASONS / sizeof TYPE_REASONS[0])

static const uint16_t PORT_POOL[] = { 0x0000, 0x0020, 0x0021, 0x0060, 0x0064, 0x0070, 0x0071, 0x0080, 0x00A0,
                                      0x0170, 0x01F0, 0x02F8, 0x03F8, 0x03FD, 0x0CF8, 0x0CFC, 0xFFFC, 0xFFFF };
#define NPORT_POOL (sizeof PORT_POOL / sizeof PORT_POOL[0])

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

static void emit_wr(struct gen *g, unsigned vmm, unsigned addr, uint32_t v, const char *comment)
{
    char a[48];
    vec_addr_format(addr, a, sizeof a);
    fprintf(g->out, "wr vmm=%u %s 0x%08" PRIX32 "%s%s\n", vmm, a, v, comment ? "  # " : "", comment ? comment : "");
    (void)vmxr_apb_write(&g->st, vmm, addr, v);
}

static void emit_rd(struct gen *g, unsigned vmm, unsigned addr)
{
    char a[48];
    bool slverr;
    vec_addr_format(addr, a, sizeof a);
    fprintf(g->out, "rd vmm=%u %s\n", vmm, a);
    (void)vmxr_apb_read(&g->st, addr, &slverr);
}

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

/* ---- configuration helpers -------------------------------------------------- */

static uint32_t plat_reg(const struct gen *g, unsigned k) { return g->st.cfg.plat[k]; }
static bool plat_locked(const struct gen *g, unsigned k) { return (plat_reg(g, k) & VMXR_PLAT_LOCK_MASK) != 0; }
static bool ior_locked(const struct gen *g, unsigned i)
{
    return (g->st.cfg.ior_ctrl[i] & VMXR_IOR_CTRL_LOCK_MASK) != 0;
}
static bool glocked(const struct gen *g) { return (g->st.cfg.global & VMXR_GLOBAL_LOCK_MASK) != 0; }

/* VMMs a VMM_EN write may not take offline: targets of locked, enabled PLATs */
static unsigned protected_vmms(const struct gen *g)
{
    unsigned m = 0;
    for (unsigned k = 0; k < 4; k++) {
        uint32_t p = plat_reg(g, k);
        if ((p & VMXR_PLAT_LOCK_MASK) && (p & VMXR_PLAT_EN_MASK))
            m |= 1u << ((p & VMXR_PLAT_VMM_MASK) >> VMXR_PLAT_VMM_LSB);
    }
    return m;
}

static unsigned popcount8(unsigned m)
{
    unsigned n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

/* a GROUP mask with 2 to 4 members */
static uint32_t group_mask(struct gen *g)
{
    unsigned want = 2 + below(&g->rng, 3), m = 0;
    while (popcount8(m) < want)
        m |= 1u << below(&g->rng, 8);
    return m;
}

/* a TYPE entry: mode 0 HOME, 1 FIXED, 2 GROUP */
static uint32_t type_value(struct gen *g, unsigned mode)
{
    unsigned v = mode == 2 ? below(&g->rng, 4) : below(&g->rng, 8);
    if (mode == 0 && chance(&g->rng, 30))
        v = below(&g->rng, 8); /* VMM bits are stored but unused in HOME mode */
    return (uint32_t)(mode << 4 | v);
}

static unsigned type_mode(struct gen *g)
{
    static const unsigned w[3] = { 30, 45, 25 };
    return pick(&g->rng, w, 3);
}

/* TYPE[p][reason] of a random profile p */
static unsigned type_addr(struct gen *g, unsigned reason)
{
    unsigned p = below(&g->rng, VMXR_NPROF);
    return VMXR_TYPE_ADDR(p, reason);
}

/* an EXC word: eight nibbles {EN, VMM} */
static uint32_t exc_word(struct gen *g)
{
    uint32_t w = 0;
    for (unsigned n = 0; n < 8; n++) {
        uint32_t en = chance(&g->rng, 50) ? 8u : 0u;
        w |= (en | below(&g->rng, 8)) << (4 * n);
    }
    return w;
}

/* a #PF mask/match pair; two_sided: a nonzero mask, so that error codes
 * can fall on either side (else also mask 0: never or always flipped) */
static void pfec_pair(struct gen *g, uint32_t *mask, uint32_t *match, bool two_sided)
{
    switch (two_sided ? 0 : below(&g->rng, 3)) {
    case 1: *mask = 0; *match = 0; return;                        /* never flips */
    case 2: *mask = 0; *match = 1u << below(&g->rng, 5); return;  /* always flips */
    default: break;
    }
    switch (below(&g->rng, 4)) {
    case 0: *mask = 0x1; *match = 0x1; break; /* present faults */
    case 1: *mask = 0x8000u | (rnd32(&g->rng) & 0x1F); *match = *mask & rnd32(&g->rng); break;
    default: /* a few of P, W/R, U/S, RSVD, I/D */
        do
            *mask = rnd32(&g->rng) & 0x1Fu;
        while (!*mask);
        *match = *mask & rnd32(&g->rng);
        break;
    }
}

/* PEND_WEIGHT: small, sometimes large enough to saturate usage() */
static uint32_t pend_weight(struct gen *g)
{
    return chance(&g->rng, 10) ? 0xF0u + below(&g->rng, 16) : below(&g->rng, 9);
}

/* SW_USAGE: small (ties and near ties), sometimes close to 0xFFFF */
static uint32_t sw_usage(struct gen *g)
{
    return chance(&g->rng, 8) ? 0xFF00u + below(&g->rng, 0x100) : below(&g->rng, 32);
}

static uint32_t ipi_range_value(struct gen *g)
{
    unsigned lo = 0xE0 + below(&g->rng, 24), hi = lo + below(&g->rng, 16);
    if (hi > 0xFF)
        hi = 0xFF;
    if (chance(&g->rng, 8)) /* empty: HI < LO */
        hi = lo - 1 - below(&g->rng, 8);
    return (uint32_t)(lo | hi << 8);
}

/* an IOR_CTRL value (no lock) */
static uint32_t ior_ctrl_value(struct gen *g)
{
    uint32_t v = chance(&g->rng, 90) ? VMXR_IOR_CTRL_V_MASK : 0;
    unsigned en = below(&g->rng, 10);
    if (en < 4)
        v |= VMXR_IOR_CTRL_IN_EN_MASK | VMXR_IOR_CTRL_OUT_EN_MASK;
    else if (en < 6)
        v |= VMXR_IOR_CTRL_IN_EN_MASK;
    else if (en < 9)
        v |= VMXR_IOR_CTRL_OUT_EN_MASK;
    unsigned pm = chance(&g->rng, 35) ? 0xF : below(&g->rng, 16);
    if (!pm && chance(&g->rng, 70))
        pm = 1u << below(&g->rng, 4);
    v |= (uint32_t)pm << VMXR_IOR_CTRL_PMASK_LSB;
    v |= (uint32_t)below(&g->rng, 8) << VMXR_IOR_CTRL_VMM_LSB;
    return v;
}

static uint32_t range_value(unsigned base, unsigned limit)
{
    return (uint32_t)((base & 0xFFFF) | (limit & 0xFFFF) << 16);
}

/* Shapes of I/O ranges. */
enum ior_shape { IOR_RANDOM = -1, IOR_SINGLE, IOR_NESTED, IOR_SHARED, IOR_EMPTY, IOR_NSHAPES };

/* an I/O range of the given shape (IOR_RANDOM: any, familiar ranges
 * favoured); prev (n entries) are ranges to nest in or share ports with */
static uint32_t ior_range_gen(struct gen *g, const uint32_t *prev, unsigned n, int shape)
{
    static const uint16_t R[][2] = { { 0x3F8, 0x3FF }, { 0x2F8, 0x2FF }, { 0x60, 0x60 }, { 0x64, 0x64 },
                                     { 0x60, 0x64 },   { 0x70, 0x71 },   { 0x80, 0x80 }, { 0xCF8, 0xCFF },
                                     { 0xCFC, 0xCFF }, { 0x20, 0x21 },   { 0xA0, 0xA1 }, { 0x1F0, 0x1F7 },
                                     { 0x0, 0xFFFF },  { 0xFFF0, 0xFFFF }, { 0xFFFF, 0xFFFF }, { 0x0, 0xF },
                                     { 0x400, 0x4FF } };
    if (shape == IOR_RANDOM) {
        unsigned kind = below(&g->rng, 10);
        if (kind < 4 || n == 0) { /* a familiar range */
            unsigned i = below(&g->rng, sizeof R / sizeof R[0]);
            return range_value(R[i][0], R[i][1]);
        }
        if (kind == 9) { /* anywhere */
            unsigned b = rnd32(&g->rng) & 0xFFFF;
            unsigned len = chance(&g->rng, 50) ? below(&g->rng, 8) : below(&g->rng, 0x200);
            return range_value(b, b + len > 0xFFFF ? 0xFFFF : b + len);
        }
        shape = kind < 6 ? IOR_NESTED : kind == 6 ? IOR_SHARED : kind == 7 ? IOR_SINGLE : IOR_EMPTY;
    }
    /* the widest of a few earlier non-empty ranges (or the UART ports) */
    unsigned pb = 0x3F8, pl = 0x3FF;
    bool found = false;
    for (unsigned t = 0; n && t < 3; t++) {
        uint32_t p = prev[below(&g->rng, n)];
        unsigned b = p & 0xFFFF, l = p >> 16;
        if (b <= l && (!found || l - b > pl - pb)) {
            pb = b;
            pl = l;
            found = true;
        }
    }
    switch (shape) {
    case IOR_NESTED: { /* inside an earlier one */
        unsigned b = pb + below(&g->rng, pl - pb + 1);
        return range_value(b, b + below(&g->rng, pl - b + 1));
    }
    case IOR_SHARED: { /* across an earlier one's first port */
        unsigned b = pb >= 3 ? pb - 1 - below(&g->rng, 3) : 0;
        unsigned l = pb + below(&g->rng, 4);
        return range_value(b, l > 0xFFFF ? 0xFFFF : l);
    }
    case IOR_SINGLE: { /* one port, often an earlier one's edge */
        unsigned b = PORT_POOL[below(&g->rng, NPORT_POOL)];
        if (chance(&g->rng, 70))
            b = chance(&g->rng, 50) ? pb : pl;
        return range_value(b, b);
    }
    default: { /* empty: BASE > LIMIT */
        unsigned b = 0x100 + below(&g->rng, 0xFE00);
        return range_value(b, b - 1 - below(&g->rng, 16));
    }
    }
}

/* ---- the configuration prologue ----------------------------------------- */

static void prologue(struct gen *g, bool strap_locked)
{
    fprintf(g->out, "\n# configuration prologue (VMM 0)\n");
    emit_rd(g, 0, VMXR_ID_ADDR);
    emit_rd(g, 0, VMXR_PARAMS_ADDR);

    /* owners: mostly parallel VMMs, some VMM 0 */
    for (unsigned n = 0; n < VMXR_NVM; n++)
        emit_wr(g, 0, VMXR_OWNER_ADDR(n), chance(&g->rng, 20) ? 0 : 1 + below(&g->rng, 7), NULL);

    /* profiles: every profile in use by VMs and by VMMs */
    unsigned off = below(&g->rng, 4);
    for (unsigned n = 0; n < VMXR_NVM; n++)
        emit_wr(g, 0, VMXR_VM_PROFILE_ADDR(n), n < 4 ? (n + off) % 4 : below(&g->rng, 4), NULL);
    off = below(&g->rng, 4);
    for (unsigned v = 0; v < VMXR_NVMM; v++)
        emit_wr(g, 0, VMXR_VMM_PROFILE_ADDR(v), v < 4 ? (v + off) % 4 : below(&g->rng, 4), NULL);

    /* per profile: #PF mask/match, EXC words, TYPE entries */
    for (unsigned p = 0; p < VMXR_NPROF; p++) {
        uint32_t mask, match;
        pfec_pair(g, &mask, &match, true);
        emit_wr(g, 0, VMXR_PFEC_MASK_ADDR(p), mask, NULL);
        emit_wr(g, 0, VMXR_PFEC_MATCH_ADDR(p), match, NULL);
        for (unsigned w = 0; w < 4; w++)
            if (w == 1 || chance(&g->rng, 80)) /* word 1 holds vector 14 */
                emit_wr(g, 0, VMXR_EXC_ADDR(p, w), exc_word(g), NULL);
        unsigned mode[NTYPE_REASONS];
        bool seen[3] = { false, false, false };
        for (unsigned r = 0; r < NTYPE_REASONS; r++) {
            mode[r] = type_mode(g);
            seen[mode[r]] = true;
        }
        for (unsigned m = 0; m < 3; m++)
            if (!seen[m]) /* every mode in every profile */
                mode[below(&g->rng, NTYPE_REASONS)] = m;
        for (unsigned r = 0; r < NTYPE_REASONS; r++)
            if (mode[r] != 0 || chance(&g->rng, 50))
                emit_wr(g, 0, VMXR_TYPE_ADDR(p, TYPE_REASONS[r]), type_value(g, mode[r]), NULL);
    }

    /* I/O ranges, range before control: every shape at some entry > 0 */
    uint32_t ranges[VMXR_NIOR];
    int shape[VMXR_NIOR];
    unsigned nior = VMXR_NIOR <= 20 ? VMXR_NIOR : 16 + below(&g->rng, 5);
    for (unsigned i = 0; i < nior; i++)
        shape[i] = IOR_RANDOM;
    for (int sh = 0; sh < IOR_NSHAPES && (unsigned)sh + 1 < nior; sh++) {
        unsigned i;
        do
            i = 1 + below(&g->rng, nior - 1);
        while (shape[i] != IOR_RANDOM);
        shape[i] = sh;
    }
    for (unsigned i = 0; i < nior; i++) {
        ranges[i] = ior_range_gen(g, ranges, i, shape[i]);
        emit_wr(g, 0, VMXR_IOR_RANGE_ADDR(i), ranges[i], NULL);
        emit_wr(g, 0, VMXR_IOR_CTRL_ADDR(i), ior_ctrl_value(g), NULL);
    }

    /* platform routes */
    for (unsigned k = strap_locked ? 1 : 0; k < 4; k++) {
        uint32_t v = chance(&g->rng, 85) ? VMXR_PLAT_EN_MASK : 0;
        v |= (uint32_t)(chance(&g->rng, 90) ? 1 + below(&g->rng, 7) : 0) << VMXR_PLAT_VMM_LSB;
        emit_wr(g, 0, VMXR_PLAT_ADDR(k), v, NULL);
    }
    emit_wr(g, 0, VMXR_IPI_RANGE_ADDR, ipi_range_value(g), NULL);

    /* groups, usage, weight */
    for (unsigned gi = 0; gi < VMXR_NGRP; gi++)
        emit_wr(g, 0, VMXR_GROUP_ADDR(gi), group_mask(g), NULL);
    for (unsigned v = 0; v < VMXR_NVMM; v++)
        if (chance(&g->rng, 70))
            emit_wr(g, 0, VMXR_SW_USAGE_ADDR(v), sw_usage(g), NULL);
    emit_wr(g, 0, VMXR_PEND_WEIGHT_ADDR, pend_weight(g), NULL);

    /* locks chosen now, written last; VMM_EN keeps their VMMs online */
    bool lock_plat[4] = { false, false, false, false };
    unsigned keep = strap_locked ? protected_vmms(g) : 0;
    lock_plat[1 + below(&g->rng, 3)] = true; /* some route is always locked */
    for (unsigned k = strap_locked ? 1 : 0; k < 4; k++) { /* the straps may have locked PLAT[0] */
        if (!lock_plat[k])
            lock_plat[k] = chance(&g->rng, 30);
        if (lock_plat[k] && (plat_reg(g, k) & VMXR_PLAT_EN_MASK))
            keep |= 1u << ((plat_reg(g, k) & VMXR_PLAT_VMM_MASK) >> VMXR_PLAT_VMM_LSB);
    }
    uint32_t en = 0xFF;
    unsigned noff = 1 + below(&g->rng, 2);
    for (unsigned tries = 0; noff && tries < 32; tries++) {
        unsigned v = 1 + below(&g->rng, 7);
        if ((keep >> v) & 1u || !((en >> v) & 1u))
            continue;
        en &= ~(1u << v);
        noff--;
    }
    emit_wr(g, 0, VMXR_VMM_EN_ADDR, en, NULL);
    for (unsigned k = 0; k < 4; k++)
        if (lock_plat[k])
            emit_wr(g, 0, VMXR_PLAT_ADDR(k), plat_reg(g, k) | VMXR_PLAT_LOCK_MASK, "lock");
    unsigned nlock = below(&g->rng, 3);
    for (unsigned n = 0; n < nlock; n++) {
        unsigned i = below(&g->rng, nior);
        if (!ior_locked(g, i))
            emit_wr(g, 0, VMXR_IOR_CTRL_ADDR(i), g->st.cfg.ior_ctrl[i] | VMXR_IOR_CTRL_LOCK_MASK, "lock");
    }
    emit_rd(g, 0, VMXR_ERR_ADDR);
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
        static const enum gk ROUTABLE[] = { K_IO, K_EXC, K_PF, K_SMI, K_NMI, K_INIT, K_IPI, K_OTHER };
        for (unsigned t = 0;; t++) {
            struct vmxr_decision d[3];
            g->trial = g->st;
            vmxr_txn_command(&g->trial, &e.cmd, d);
            if (d[0].outcome == VMXR_OUTCOME_DELIVER || t + 1 >= g->mix->tries)
                break;
            enum gk kk = t < g->mix->tries / 2 ? k : ROUTABLE[below(&g->rng, 8)];
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

/* ---- writes ------------------------------------------------------------------ */

static bool do_wr_ok_kind(struct gen *g, enum wk k)
{
    switch (k) {
    case W_TYPE: {
        unsigned p = below(&g->rng, VMXR_NPROF);
        unsigned r = chance(&g->rng, 80) ? TYPE_REASONS[below(&g->rng, NTYPE_REASONS)] : below(&g->rng, 65);
        emit_wr(g, 0, VMXR_TYPE_ADDR(p, r), type_value(g, type_mode(g)), NULL);
        return true;
    }
    case W_EXC: {
        unsigned p = below(&g->rng, VMXR_NPROF), w = below(&g->rng, 4);
        uint32_t v = g->st.cfg.exc[p][w];
        if (chance(&g->rng, 50)) {
            v = exc_word(g);
        } else {
            uint32_t flip = 1 + below(&g->rng, 15);
            v ^= flip << (4 * below(&g->rng, 8));
        }
        emit_wr(g, 0, VMXR_EXC_ADDR(p, w), v, NULL);
        return true;
    }
    case W_PFEC: {
        uint32_t mask, match;
        unsigned p = below(&g->rng, VMXR_NPROF);
        pfec_pair(g, &mask, &match, chance(&g->rng, 80));
        if (chance(&g->rng, 50))
            emit_wr(g, 0, VMXR_PFEC_MASK_ADDR(p), mask, NULL);
        else
            emit_wr(g, 0, VMXR_PFEC_MATCH_ADDR(p), match, NULL);
        return true;
    }
    case W_PLAT: {
        unsigned k0 = below(&g->rng, 4);
        for (unsigned n = 0; n < 4; n++) {
            unsigned k = (k0 + n) % 4;
            if (plat_locked(g, k))
                continue;
            uint32_t v = chance(&g->rng, 85) ? VMXR_PLAT_EN_MASK : 0;
            v |= (uint32_t)below(&g->rng, 8) << VMXR_PLAT_VMM_LSB;
            emit_wr(g, 0, VMXR_PLAT_ADDR(k), v, "re-route");
            return true;
        }
        return false;
    }
    case W_IOR: {
        unsigned i0 = below(&g->rng, VMXR_NIOR);
        for (unsigned n = 0; n < VMXR_NIOR; n++) {
            unsigned i = (i0 + n) % VMXR_NIOR;
            if (ior_locked(g, i))
                continue;
            if (chance(&g->rng, 55)) {
                emit_wr(g, 0, VMXR_IOR_CTRL_ADDR(i), ior_ctrl_value(g), NULL);
            } else {
                uint32_t others[VMXR_NIOR];
                unsigned m = 0;
                for (unsigned j = 0; j < VMXR_NIOR; j++)
                    if (j != i && g->st.cfg.ior_range[j])
                        others[m++] = g->st.cfg.ior_range[j];
                emit_wr(g, 0, VMXR_IOR_RANGE_ADDR(i), ior_range_gen(g, others, m, IOR_RANDOM), NULL);
            }
            return true;
        }
        return false;
    }
    case W_OWNER: {
        unsigned n = below(&g->rng, VMXR_NVM);
        emit_wr(g, 0, VMXR_OWNER_ADDR(n), below(&g->rng, 8), NULL);
        return true;
    }
    case W_PROF: {
        bool vm = chance(&g->rng, 50);
        unsigned a = vm ? VMXR_VM_PROFILE_ADDR(below(&g->rng, VMXR_NVM))
                        : VMXR_VMM_PROFILE_ADDR(below(&g->rng, VMXR_NVMM));
        emit_wr(g, 0, a, below(&g->rng, 4), NULL);
        return true;
    }
    case W_GROUP: {
        unsigned gi = below(&g->rng, VMXR_NGRP);
        emit_wr(g, 0, VMXR_GROUP_ADDR(gi), group_mask(g), NULL);
        return true;
    }
    case W_SWUSAGE: { /* by its own VMM */
        unsigned v = below(&g->rng, VMXR_NVMM);
        emit_wr(g, v, VMXR_SW_USAGE_ADDR(v), sw_usage(g), NULL);
        return true;
    }
    case W_VMMEN: {
        uint32_t en = g->st.cfg.vmm_en & 0xFF;
        unsigned prot = protected_vmms(g), v = 1 + below(&g->rng, 7);
        if ((en >> v) & 1u) {
            if ((prot >> v) & 1u || popcount8(~en & 0xFEu) >= 3)
                return false; /* keep it online */
            en &= ~(1u << v);
        } else {
            en |= 1u << v;
        }
        emit_wr(g, 0, VMXR_VMM_EN_ADDR, en, NULL);
        return true;
    }
    case W_WEIGHT:
        emit_wr(g, 0, VMXR_PEND_WEIGHT_ADDR, pend_weight(g), NULL);
        return true;
    case W_IPI:
        emit_wr(g, 0, VMXR_IPI_RANGE_ADDR, ipi_range_value(g), NULL);
        return true;
    case W_ERRCLR:
        emit_wr(g, 0, VMXR_ERR_ADDR, chance(&g->rng, 70) ? 0x1Fu : (rnd32(&g->rng) & 0xFFFu), NULL);
        return true;
    default: return false;
    }
}

static void do_wr_ok(struct gen *g)
{
    for (unsigned t = 0; t < 8; t++)
        if (do_wr_ok_kind(g, (enum wk)pick(&g->rng, g->mix->ww, W_COUNT)))
            return;
    do_wr_ok_kind(g, W_SWUSAGE); /* always possible */
}

/* an unmapped or unaligned byte address */
static unsigned unmapped_addr(struct gen *g)
{
    enum vmxr_reg_id id;
    unsigned i, j;
    for (unsigned t = 0; t < 64; t++) {
        unsigned a = below(&g->rng, 0x1000);
        if (chance(&g->rng, 70))
            a &= ~3u;
        if (!vmxr_reg_decode(a, &id, &i, &j))
            return a;
    }
    return 0x01C;
}

static unsigned ro_addr(struct gen *g)
{
    switch (below(&g->rng, 7)) {
    case 0: return VMXR_ID_ADDR;
    case 1: return VMXR_PARAMS_ADDR;
    case 2: return VMXR_USAGE_ADDR(below(&g->rng, VMXR_NVMM));
    case 3: return VMXR_CPU_STATE_ADDR(below(&g->rng, VMXR_NCPU));
    case 4: return VMXR_DELIVERED_ADDR(below(&g->rng, VMXR_NVMM));
    case 5: return VMXR_CMD_COUNT_ADDR;
    default: return VMXR_ERR_COUNT_ADDR;
    }
}

/* a writable register other than SW_USAGE */
static unsigned config_addr(struct gen *g)
{
    switch (below(&g->rng, 8)) {
    case 0: return type_addr(g, below(&g->rng, 65));
    case 1: return VMXR_VMM_EN_ADDR;
    case 2: return VMXR_PLAT_ADDR(below(&g->rng, 4));
    case 3: return VMXR_OWNER_ADDR(below(&g->rng, VMXR_NVM));
    case 4: return VMXR_IOR_CTRL_ADDR(below(&g->rng, VMXR_NIOR));
    case 5: return VMXR_ERR_ADDR;
    case 6: return VMXR_GLOBAL_ADDR;
    default: {
        unsigned p = below(&g->rng, VMXR_NPROF);
        return VMXR_EXC_ADDR(p, below(&g->rng, 4));
    }
    }
}

static void do_wr_bad(struct gen *g)
{
    unsigned how = below(&g->rng, 100);
    if (how < 25) { /* ACCESS: a parallel VMM writes what is not its own SW_USAGE */
        unsigned v = 1 + below(&g->rng, 7);
        unsigned a = chance(&g->rng, 40) ? VMXR_SW_USAGE_ADDR((v + 1 + below(&g->rng, 7)) % VMXR_NVMM) : config_addr(g);
        emit_wr(g, v, a, rnd32(&g->rng) & 0xFFFF, NULL);
    } else if (how < 40) { /* DECODE: unmapped or unaligned */
        unsigned vmm = chance(&g->rng, 80) ? 0 : below(&g->rng, 8), a = unmapped_addr(g);
        emit_wr(g, vmm, a, rnd32(&g->rng), NULL);
    } else if (how < 55) { /* DECODE: read-only register */
        unsigned vmm = chance(&g->rng, 80) ? 0 : below(&g->rng, 8), a = ro_addr(g);
        emit_wr(g, vmm, a, rnd32(&g->rng), NULL);
    } else if (how < 70) { /* BAD_VALUE: TYPE MODE = 3 */
        unsigned a = type_addr(g, TYPE_REASONS[below(&g->rng, NTYPE_REASONS)]);
        emit_wr(g, 0, a, 0x30u | below(&g->rng, 8), NULL);
    } else { /* LOCKED: a locked entry, a protected VMM, a G register after GLOBAL.LOCK */
        unsigned cand[4 + VMXR_NIOR + 2], n = 0;
        uint32_t vals[4 + VMXR_NIOR + 2];
        for (unsigned k = 0; k < 4; k++)
            if (plat_locked(g, k)) {
                vals[n] = rnd32(&g->rng) & 0x71u;
                vals[n] |= chance(&g->rng, 50) ? VMXR_PLAT_LOCK_MASK : 0;
                cand[n++] = VMXR_PLAT_ADDR(k);
            }
        for (unsigned i = 0; i < VMXR_NIOR; i++)
            if (ior_locked(g, i)) {
                bool range = chance(&g->rng, 50);
                vals[n] = range ? rnd32(&g->rng) : ior_ctrl_value(g);
                cand[n++] = range ? VMXR_IOR_RANGE_ADDR(i) : VMXR_IOR_CTRL_ADDR(i);
            }
        unsigned prot = protected_vmms(g) & (g->st.cfg.vmm_en & 0xFEu);
        if (prot) {
            unsigned v = 1;
            while (!((prot >> v) & 1u))
                v++;
            vals[n] = (g->st.cfg.vmm_en & 0xFF) & ~(1u << v);
            cand[n++] = VMXR_VMM_EN_ADDR;
        }
        if (glocked(g)) {
            vals[n] = type_value(g, type_mode(g));
            cand[n++] = type_addr(g, TYPE_REASONS[below(&g->rng, NTYPE_REASONS)]);
        }
        if (!n) { /* nothing locked yet: a parallel VMM's write instead */
            emit_wr(g, 1 + below(&g->rng, 7), VMXR_TYPE_ADDR(0, 10), 0x11, NULL);
            return;
        }
        unsigned i = below(&g->rng, n);
        emit_wr(g, 0, cand[i], vals[i], NULL);
    }
}

/* Locks an entry; within a budget (three PLATs, half the I/O entries, so
 * re-routes stay possible in long streams) a new one, beyond it one already
 * locked (refused: LOCKED). */
static void do_lock(struct gen *g)
{
    unsigned nplat = 0, nior = 0;
    for (unsigned k = 0; k < 4; k++)
        nplat += plat_locked(g, k);
    for (unsigned i = 0; i < VMXR_NIOR; i++)
        nior += ior_locked(g, i);
    if (chance(&g->rng, 40)) {
        unsigned k = below(&g->rng, 4);
        bool fresh = nplat < 3;
        for (unsigned n = 0; n < 4 && plat_locked(g, k) == fresh; n++)
            k = (k + 1) % 4;
        emit_wr(g, 0, VMXR_PLAT_ADDR(k), plat_reg(g, k) | VMXR_PLAT_LOCK_MASK, "lock");
    } else {
        unsigned i = below(&g->rng, VMXR_NIOR);
        bool fresh = nior < (VMXR_NIOR + 1) / 2;
        for (unsigned n = 0; n < VMXR_NIOR && ior_locked(g, i) == fresh; n++)
            i = (i + 1) % VMXR_NIOR;
        emit_wr(g, 0, VMXR_IOR_CTRL_ADDR(i), g->st.cfg.ior_ctrl[i] | VMXR_IOR_CTRL_LOCK_MASK, "lock");
    }
}

static void do_rd(struct gen *g)
{
    unsigned vmm = chance(&g->rng, 70) ? 0 : below(&g->rng, 8), a;
    switch (below(&g->rng, 20)) {
    case 0: case 1: case 2: a = VMXR_USAGE_ADDR(below(&g->rng, VMXR_NVMM)); break;
    case 3: case 4: case 5: a = VMXR_CPU_STATE_ADDR(below(&g->rng, g->ncpu)); break;
    case 6: case 7: a = VMXR_DELIVERED_ADDR(below(&g->rng, VMXR_NVMM)); break;
    case 8: case 9: a = VMXR_CMD_COUNT_ADDR; break;
    case 10: case 11: a = VMXR_ERR_COUNT_ADDR; break;
    case 12: case 13: case 14: a = VMXR_ERR_ADDR; break;
    case 15: a = VMXR_PLAT_ADDR(below(&g->rng, 4)); break;
    case 16: a = VMXR_VMM_EN_ADDR; break;
    case 17: a = VMXR_IOR_CTRL_ADDR(below(&g->rng, VMXR_NIOR)); break;
    case 18: a = VMXR_GLOBAL_ADDR; break;
    default: a = unmapped_addr(g); break; /* PSLVERR, ERR.DECODE */
    }
    emit_rd(g, vmm, a);
}

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
    case K_WR_OK: do_wr_ok(g); break;
    case K_WR_BAD: do_wr_bad(g); break;
    case K_LOCK: do_lock(g); break;
    case K_RD: do_rd(g); break;
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
    fprintf(out, "# constrained-random stream without expectations (generator: vmxr gen, dv/gen.c); build\n");
    fprintf(out, "# parameters NCPU=%d NVM=%d NIOR=%d DEPTH=%d; mix %s: %s\n", VMXR_NCPU, VMXR_NVM, VMXR_NIOR,
            VMXR_DEPTH, m->name, m->desc);
    fprintf(out, "vmxr-vectors 1\n");
    fprintf(out, "strap smi en=%d vmm=%u lock=%d\n", straps.smi_en, sv, straps.smi_lock);
    vmxr_state_reset(&g->st, &straps);

    prologue(g, straps.smi_lock);

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
    if (fflush(out) != 0 || ferror(out)) {
        snprintf(err, errlen, "write error: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* ---- vmxr gen ----------------------------------------------------------------- */

static const char GEN_USAGE[] = "usage: vmxr gen --seed S --count N [--ncpu C] [--mix NAME] [-o FILE]\n";

static void gen_help(FILE *o)
{
    fputs("usage: vmxr gen --seed S --count N [--ncpu C] [--mix NAME] [-o FILE]\n"
          "\n"
          "Writes a constrained-random VEC1 stream without expectations: a header\n"
          "comment, 'vmxr-vectors 1', a strap, a configuration prologue written by\n"
          "VMM 0 (owners, profiles, #PF mask/match, EXC, TYPE in every mode, I/O\n"
          "ranges, platform routes, groups, usage, VMM_EN, locks), then N items of\n"
          "the mix: events of every kind, launches, resumes, legal and refused APB\n"
          "writes, locks, reads and idle gaps. Every 12th item reads CPU_STATE of the\n"
          "next CPU in turn. Run it on any engine; with no expectations, 'vmxr run\n"
          "--engine cosim' checks the model against the RTL on every port.\n"
          "The same options give the same bytes on every machine (for the same\n"
          "build parameters, which the header comment names).\n"
          "\n"
          "options:\n"
          "  --seed S     the random seed (decimal or 0x hex, 64 bits); required\n"
          "  --count N    items after the prologue, 1..10000000; required\n",
          o);
    fprintf(o, "  --ncpu C     commands use CPUs 0..C-1, C in 1..%d (default %d), plus rare\n"
               "               commands to CPUs >= NCPU (BAD_CPU)\n",
            VMXR_NCPU, VMXR_NCPU);
    fputs("  --mix NAME   the weighting of the items (default 'default'):\n", o);
    for (size_t i = 0; i < NMIXES; i++)
        fprintf(o, "                 %-9s %s\n", MIXES[i].name, MIXES[i].desc);
    fputs("  -o FILE      write FILE instead of standard output\n"
          "  -h, --help   this text\n"
          "\n"
          "exit status: 0 written, 2 bad usage (a missing or bad option, count 0 or\n"
          "above 10000000, an unknown mix) or FILE cannot be written.\n",
          o);
}

static int gen_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr gen: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", GEN_USAGE);
    return EXIT_USAGE;
}

int cmd_gen(int argc, char **argv)
{
    const char *seed_s = NULL, *count_s = NULL, *ncpu_s = NULL, *mix = NULL, *out_path = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        const char **slot = NULL;
        const char *name = NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            gen_help(stdout);
            return 0;
        }
        if (cli_option(argc, argv, &i, "--seed", &v))
            slot = &seed_s, name = "--seed";
        else if (cli_option(argc, argv, &i, "--count", &v))
            slot = &count_s, name = "--count";
        else if (cli_option(argc, argv, &i, "--ncpu", &v))
            slot = &ncpu_s, name = "--ncpu";
        else if (cli_option(argc, argv, &i, "--mix", &v))
            slot = &mix, name = "--mix";
        else if (cli_option(argc, argv, &i, "-o", &v))
            slot = &out_path, name = "-o";
        else if (a[0] == '-')
            return gen_usage_error("unknown option '%s'", a);
        else
            return gen_usage_error("unexpected argument '%s'", a);
        if (!v || !*v)
            return gen_usage_error("%s needs a value", name);
        if (*slot)
            return gen_usage_error("%s given twice", name);
        *slot = v;
    }
    if (!seed_s)
        return gen_usage_error("%s is required", "--seed");
    if (!count_s)
        return gen_usage_error("%s is required", "--count");
    uint64_t seed, count, ncpu = VMXR_NCPU;
    if (!cli_number(seed_s, true, UINT64_MAX, &seed))
        return gen_usage_error("bad --seed '%s' (a decimal or 0x number)", seed_s);
    if (!cli_number(count_s, true, UINT64_MAX, &count) || count < 1 || count > GEN_MAX_COUNT)
        return gen_usage_error("bad --count '%s' (1 to 10000000)", count_s);
    /* range checked here: cli_number's max does not hold for one digit above a max below 9 */
    if (ncpu_s && (!cli_number(ncpu_s, false, UINT64_MAX, &ncpu) || ncpu < 1 || ncpu > VMXR_NCPU)) {
        fprintf(stderr, "vmxr gen: bad --ncpu '%s' (1 to %d)\n%s", ncpu_s, VMXR_NCPU, GEN_USAGE);
        return EXIT_USAGE;
    }
    if (mix) {
        bool known = false;
        for (const char *const *n = gen_mix_names; *n; n++)
            known |= !strcmp(*n, mix);
        if (!known) {
            fprintf(stderr, "vmxr gen: unknown mix '%s' (mixes:", mix);
            for (const char *const *n = gen_mix_names; *n; n++)
                fprintf(stderr, " %s", *n);
            fprintf(stderr, ")\n%s", GEN_USAGE);
            return EXIT_USAGE;
        }
    }
    FILE *out = stdout;
    if (out_path && !(out = fopen(out_path, "w"))) {
        fprintf(stderr, "vmxr gen: cannot write '%s': %s\n", out_path, strerror(errno));
        return EXIT_USAGE;
    }
    char err[256];
    int rc = gen_stream(out, seed, (unsigned)count, (unsigned)ncpu, mix ? mix : gen_mix_names[0], err, sizeof err);
    if (out != stdout && fclose(out) != 0 && rc == 0) {
        snprintf(err, sizeof err, "write error: %s", strerror(errno));
        rc = -1;
    }
    if (rc != 0) {
        fprintf(stderr, "vmxr gen: %s%s%s\n", out_path ? out_path : "", out_path ? ": " : "", err);
        if (out_path)
            remove(out_path);
        return EXIT_USAGE;
    }
    return 0;
}
