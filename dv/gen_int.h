/* The generator's shared pieces, for its two files only (not an
 * interface): dv/gen.c holds the mixes, the events, launches and resumes,
 * the item loop and gen_stream; dv/gen_config.c the configuration items.
 * Every draw comes from g->rng and follows the determinism rules at the
 * top of dv/gen.c; every item written is applied to the shadow g->st. */
#ifndef VMXR_GEN_INT_H
#define VMXR_GEN_INT_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vec1.h"
#include "vmxr_model.h"
#include "vmxr_rng.h"

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
    K_MEM,    /* reason 48 at memory-entry edges, access kinds 0..7, gpa past 2^44 */
    K_KEY,    /* reasons 10, 18, 31, 32 at key-entry edges and familiar keys */
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
          W_ERRCLR, W_MEM, W_KEY, W_COUNT };

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

/* A mix that drives the VMXR-2 tables: its prologue programs MEM_* and
 * KEY_*, and its locks, reads and refused writes reach them too. A mix
 * without MEM or KEY weights draws exactly what it drew under VMXR-1. */
static inline bool mix_v2(const struct mix *m)
{
    return m->w[K_MEM] + m->w[K_KEY] + m->ww[W_MEM] + m->ww[W_KEY] > 0;
}

/* ---- random numbers -------------------------------------------------------- */

static inline uint64_t rnd(uint64_t *s) { return vmxr_splitmix64(s); }

/* 0..n-1 (n >= 1) */
static inline unsigned below(uint64_t *s, unsigned n)
{
    return (unsigned)(((rnd(s) >> 32) * (uint64_t)n) >> 32);
}

/* true with probability pct % */
static inline bool chance(uint64_t *s, unsigned pct) { return below(s, 100) < pct; }

static inline uint32_t rnd32(uint64_t *s) { return (uint32_t)(rnd(s) >> 32); }

/* index picked with the given weights (total > 0) */
static inline unsigned pick(uint64_t *s, const unsigned *w, unsigned n)
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

/* Shapes for the entries 0..n-1 of a table: -1 (any shape) everywhere,
 * except that each shape 0..nshapes-1 is put at some entry > 0 (as far as
 * there are entries). */
static inline void spread_shapes(uint64_t *s, int *shape, unsigned n, int nshapes)
{
    for (unsigned i = 0; i < n; i++)
        shape[i] = -1;
    for (int sh = 0; sh < nshapes && (unsigned)sh + 1 < n; sh++) {
        unsigned i;
        do
            i = 1 + below(s, n - 1);
        while (shape[i] != -1);
        shape[i] = sh;
    }
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

/* ---- writing APB items (each also applied to the shadow) ------------------ */

static inline void emit_wr(struct gen *g, unsigned vmm, unsigned addr, uint32_t v, const char *comment)
{
    char a[48];
    vec_addr_format(addr, a, sizeof a);
    fprintf(g->out, "wr vmm=%u %s 0x%08" PRIX32 "%s%s\n", vmm, a, v, comment ? "  # " : "", comment ? comment : "");
    (void)vmxr_apb_write(&g->st, vmm, addr, v);
}

static inline void emit_rd(struct gen *g, unsigned vmm, unsigned addr)
{
    char a[48];
    bool slverr;
    vec_addr_format(addr, a, sizeof a);
    fprintf(g->out, "rd vmm=%u %s\n", vmm, a);
    (void)vmxr_apb_read(&g->st, addr, &slverr);
}

/* ---- the configuration items (dv/gen_config.c) ----------------------------- */

/* The prologue VMM 0 writes before the items (not counted); strap_locked:
 * the straps locked PLAT[0], which it leaves alone. */
void gen_prologue(struct gen *g, bool strap_locked);

/* One item each: a legal mid-stream write, a refused write (ACCESS,
 * DECODE, BAD_VALUE or LOCKED), an entry lock, a status read. */
void gen_do_wr_ok(struct gen *g);
void gen_do_wr_bad(struct gen *g);
void gen_do_lock(struct gen *g);
void gen_do_rd(struct gen *g);

/* ---- the VMXR-2 tables (dv/gen_tables.c) ------------------------------------ */

/* PARAMS2 and the MEM and KEY entries of every shape, in the prologue before
 * the locks; after VMM_EN, their locks (and now and then a GRP entry's
 * group with no member online). */
void gen_prologue_tables(struct gen *g);
void gen_prologue_table_locks(struct gen *g);

/* A legal write to an unlocked MEM (key: KEY) entry's BASE, LIMIT or CTRL;
 * false when every entry is locked. */
bool gen_wr_table(struct gen *g, bool key);

/* Locks a MEM (key: KEY) entry: a new one within half the table, beyond it
 * one already locked (refused: LOCKED). */
void gen_lock_table(struct gen *g, bool key);

/* The refused writes to locked MEM and KEY entries, one per locked entry
 * (BASE, LIMIT or CTRL), into cand (addresses) and vals; returns how many. */
unsigned gen_table_locked_writes(struct gen *g, unsigned *cand, uint32_t *vals);

/* The KEY_CTRL kind bits and the reasons they select, in the same order. */
static const uint32_t KEY_KINDS[4] = { VMXR_KEY_CTRL_CPUID_MASK, VMXR_KEY_CTRL_VMCALL_MASK, VMXR_KEY_CTRL_RDMSR_MASK,
                                       VMXR_KEY_CTRL_WRMSR_MASK };
static const uint8_t KEY_REASONS[4] = { 10, 18, 31, 32 };

#endif /* VMXR_GEN_INT_H */
