/* The generator's VMXR-2 configuration: the memory-range (MEM_*) and
 * key-range (KEY_*) entries in the prologue, their mid-stream re-routes
 * and their locks. Only mixes for which mix_v2() holds reach this file.
 * Spans of both tables come in the shapes the I/O ranges come in (single,
 * nested in an earlier one, sharing an earlier one's first value, empty:
 * BASE > LIMIT), or familiar: the local APIC page, the 3-4 GiB hole, the
 * hypervisor CPUID leaves, the x2APIC MSRs, low hypercall numbers. dv/gen.c
 * states the rules every draw follows. */
#include <stdio.h>

#include "gen_int.h"

/* A span BASE..LIMIT of frames or keys, and for a key span the kinds it is
 * familiar for (0: any). */
struct span {
    uint32_t base, limit, kinds;
};

#define K_CPUID VMXR_KEY_CTRL_CPUID_MASK
#define K_VMCALL VMXR_KEY_CTRL_VMCALL_MASK
#define K_MSR (VMXR_KEY_CTRL_RDMSR_MASK | VMXR_KEY_CTRL_WRMSR_MASK)

/* guest frame numbers (gpa >> 12) */
static const struct span MEM_FAMILIAR[] = {
    { 0xFEE00, 0xFEE00, 0 },       /* local APIC */
    { 0xFEC00, 0xFEC00, 0 },       /* I/O APIC */
    { 0xFED00, 0xFED00, 0 },       /* HPET */
    { 0xA0, 0xBF, 0 },             /* legacy VGA */
    { 0xC0000, 0xFFFFF, 0 },       /* the 3-4 GiB MMIO hole */
    { 0xE0000, 0xEFFFF, 0 },       /* PCIe configuration space */
    { 0x100000, 0x1FFFFF, 0 },     /* 4-8 GiB */
    { 0x0, 0x9F, 0 },              /* low memory */
    { 0x0, 0x0, 0 },               /* frame 0 */
    { 0xFFFFFFFF, 0xFFFFFFFF, 0 }, /* the last frame below 2^44 */
    { 0xFFFFF000, 0xFFFFFFFF, 0 }, /* the top 16 MiB below 2^44 */
    { 0x0, 0xFFFFFFFF, 0 },        /* everything in reach */
};

static const struct span KEY_FAMILIAR[] = {
    { 0x40000000, 0x400000FF, K_CPUID },  /* hypervisor leaves */
    { 0x40000000, 0x40000001, K_CPUID },  /* vendor and interface leaves */
    { 0x0, 0x1F, K_CPUID },               /* basic leaves */
    { 0x80000000, 0x8000001F, K_CPUID },  /* extended leaves */
    { 0x800, 0x8FF, K_MSR },              /* x2APIC MSRs */
    { 0x830, 0x830, VMXR_KEY_CTRL_WRMSR_MASK }, /* x2APIC ICR, written */
    { 0x802, 0x803, VMXR_KEY_CTRL_RDMSR_MASK }, /* x2APIC ID and version, read */
    { 0x1B, 0x1B, K_MSR },                /* IA32_APIC_BASE */
    { 0xC0000080, 0xC0000084, K_MSR },    /* EFER, STAR, LSTAR, CSTAR, FMASK */
    { 0x40000000, 0x400000FF, K_MSR },    /* synthetic MSRs */
    { 0x0, 0x3F, K_VMCALL },              /* low hypercall numbers */
    { 0x10000, 0x100FF, K_VMCALL },       /* a service VMM's hypercalls */
    { 0x0, 0xFFFFFFFF, 0 },               /* every key */
};

#define NFAM(t) (sizeof t / sizeof t[0])

enum span_shape { SP_RANDOM = -1, SP_SINGLE, SP_NESTED, SP_SHARED, SP_EMPTY, SP_NSHAPES };

/* A span of the given shape (SP_RANDOM: any, familiar spans favoured);
 * prev (n spans) are spans to nest in or share a value with. */
static struct span span_gen(struct gen *g, const struct span *fam, unsigned nfam, const struct span *prev, unsigned n,
                            int shape)
{
    if (shape == SP_RANDOM) {
        unsigned kind = below(&g->rng, 10);
        if (kind < 4 || n == 0)
            return fam[below(&g->rng, nfam)];
        if (kind == 9) { /* anywhere, short or long */
            uint32_t b = rnd32(&g->rng), len = chance(&g->rng, 50) ? below(&g->rng, 8) : below(&g->rng, 0x10000);
            return (struct span){ b, b > UINT32_MAX - len ? UINT32_MAX : b + len, 0 };
        }
        shape = kind < 6 ? SP_NESTED : kind == 6 ? SP_SHARED : kind == 7 ? SP_SINGLE : SP_EMPTY;
    }
    /* the widest of a few earlier non-empty spans */
    struct span p = fam[0];
    bool found = false;
    for (unsigned t = 0; n && t < 3; t++) {
        struct span q = prev[below(&g->rng, n)];
        if (q.base <= q.limit && (!found || q.limit - q.base > p.limit - p.base)) {
            p = q;
            found = true;
        }
    }
    uint64_t w = (uint64_t)p.limit - p.base + 1;
    switch (shape) {
    case SP_NESTED: { /* inside an earlier one */
        uint32_t b = p.base + (uint32_t)((rnd32(&g->rng) * w) >> 32);
        uint64_t rest = (uint64_t)p.limit - b + 1;
        return (struct span){ b, b + (uint32_t)((rnd32(&g->rng) * rest) >> 32), p.kinds };
    }
    case SP_SHARED: { /* across an earlier one's first value */
        uint32_t b = p.base >= 3 ? p.base - 1 - below(&g->rng, 3) : 0;
        uint32_t up = below(&g->rng, 4);
        return (struct span){ b, p.base > UINT32_MAX - up ? UINT32_MAX : p.base + up, p.kinds };
    }
    case SP_SINGLE: { /* one value, often an earlier one's edge */
        uint32_t b = chance(&g->rng, 70) ? (chance(&g->rng, 50) ? p.base : p.limit) : rnd32(&g->rng);
        return (struct span){ b, b, p.kinds };
    }
    default: { /* empty: BASE > LIMIT, often one apart */
        uint32_t b = 1 + (rnd32(&g->rng) >> 1);
        return (struct span){ b, b - 1 - below(&g->rng, 16), 0 };
    }
    }
}

/* PMASK: all profiles, one, or any */
static uint32_t pmask_value(struct gen *g)
{
    unsigned pm = chance(&g->rng, 35) ? 0xF : below(&g->rng, 16);
    if (!pm && chance(&g->rng, 70))
        pm = 1u << below(&g->rng, 4);
    return pm;
}

/* a MEM_CTRL value (no lock): V, access kinds {X, W, R}, PMASK, VMM */
static uint32_t mem_ctrl_value(struct gen *g)
{
    static const unsigned ACC[] = { 7, 3, 1, 2, 4, 5, 6, 0 }; /* RWX, RW, R, W, X, RX, WX, none */
    static const unsigned ACCW[] = { 35, 20, 12, 10, 10, 5, 3, 5 };
    uint32_t v = chance(&g->rng, 90) ? VMXR_MEM_CTRL_V_MASK : 0;
    v |= (uint32_t)ACC[pick(&g->rng, ACCW, 8)] << VMXR_MEM_CTRL_R_LSB;
    v |= pmask_value(g) << VMXR_MEM_CTRL_PMASK_LSB;
    v |= (uint32_t)below(&g->rng, 8) << VMXR_MEM_CTRL_VMM_LSB;
    return v;
}

/* a KEY_CTRL value (no lock): V, the kinds (those the span is familiar
 * for, mostly), PMASK, a fixed VMM or GRP with a group in VMM[1:0] (VMM[2]
 * stored, unused) */
static uint32_t key_ctrl_value(struct gen *g, uint32_t kinds)
{
    uint32_t v = chance(&g->rng, 90) ? VMXR_KEY_CTRL_V_MASK : 0;
    if (!kinds || chance(&g->rng, 25)) {
        kinds = 0;
        unsigned nk = chance(&g->rng, 5) ? 0 : 1 + below(&g->rng, 4);
        for (unsigned t = 0; t < 16 && (unsigned)__builtin_popcount(kinds) < nk; t++)
            kinds |= KEY_KINDS[below(&g->rng, 4)];
    }
    v |= kinds;
    v |= pmask_value(g) << VMXR_KEY_CTRL_PMASK_LSB;
    v |= (uint32_t)below(&g->rng, 8) << VMXR_KEY_CTRL_VMM_LSB;
    if (chance(&g->rng, 35))
        v |= VMXR_KEY_CTRL_GRP_MASK;
    return v;
}

static bool mem_locked(const struct gen *g, unsigned j)
{
    return (g->st.cfg.mem_ctrl[j] & VMXR_MEM_CTRL_LOCK_MASK) != 0;
}

static bool key_locked(const struct gen *g, unsigned i)
{
    return (g->st.cfg.key_ctrl[i] & VMXR_KEY_CTRL_LOCK_MASK) != 0;
}

/* ---- the prologue ------------------------------------------------------- */

/* Entries of one table, base and limit before control: every shape at some
 * entry > 0. */
static void prologue_table(struct gen *g, bool key)
{
    unsigned n = key ? VMXR_NKEY : VMXR_NMEM;
    struct span sp[16];
    int shape[16];
    spread_shapes(&g->rng, shape, n, SP_NSHAPES); /* SP_RANDOM is -1 */
    for (unsigned i = 0; i < n; i++) {
        if (key) {
            sp[i] = span_gen(g, KEY_FAMILIAR, NFAM(KEY_FAMILIAR), sp, i, shape[i]);
            emit_wr(g, 0, VMXR_KEY_BASE_ADDR(i), sp[i].base, NULL);
            emit_wr(g, 0, VMXR_KEY_LIMIT_ADDR(i), sp[i].limit, NULL);
            emit_wr(g, 0, VMXR_KEY_CTRL_ADDR(i), key_ctrl_value(g, sp[i].kinds), NULL);
        } else {
            sp[i] = span_gen(g, MEM_FAMILIAR, NFAM(MEM_FAMILIAR), sp, i, shape[i]);
            emit_wr(g, 0, VMXR_MEM_BASE_ADDR(i), sp[i].base, NULL);
            emit_wr(g, 0, VMXR_MEM_LIMIT_ADDR(i), sp[i].limit, NULL);
            emit_wr(g, 0, VMXR_MEM_CTRL_ADDR(i), mem_ctrl_value(g), NULL);
        }
    }
}
_Static_assert(VMXR_NMEM <= 16 && VMXR_NKEY <= 16, "prologue_table's arrays");

void gen_prologue_tables(struct gen *g)
{
    emit_rd(g, 0, VMXR_PARAMS2_ADDR);
    prologue_table(g, false);
    prologue_table(g, true);
}

/* The group a GRP entry names (the first one; a random group if none). */
static unsigned grp_group(struct gen *g)
{
    unsigned grp = below(&g->rng, VMXR_NGRP);
    for (unsigned i = 0; i < VMXR_NKEY; i++)
        if (g->st.cfg.key_ctrl[i] & VMXR_KEY_CTRL_GRP_MASK)
            return (g->st.cfg.key_ctrl[i] >> VMXR_KEY_CTRL_VMM_LSB) & 3u;
    return grp;
}

/* A GRP entry's group made of offline VMMs only: its events fall to HOME,
 * and from there to VMM 0 if the home VMM is offline too. False when every
 * VMM is online. */
static bool group_offline(struct gen *g)
{
    unsigned off = ~g->st.cfg.vmm_en & 0xFEu;
    if (!off)
        return false;
    emit_wr(g, 0, VMXR_GROUP_ADDR(grp_group(g)), off, "no member online");
    if (chance(&g->rng, 50)) { /* and a VM's owner among them: HOME falls back */
        unsigned v[8], n = 0;
        for (unsigned i = 1; i < 8; i++)
            if ((off >> i) & 1u)
                v[n++] = i;
        unsigned vm = below(&g->rng, VMXR_NVM);
        emit_wr(g, 0, VMXR_OWNER_ADDR(vm), v[below(&g->rng, n)], "owner offline");
    }
    return true;
}

/* Two members of a GRP entry's group given the same SW_USAGE (by VMM 0): a
 * tie, unless pending deliveries part them. False for a group of one. */
static bool group_tie(struct gen *g)
{
    unsigned m = g->st.cfg.group[grp_group(g)] & 0xFFu, v[8], n = 0;
    for (unsigned i = 0; i < 8; i++)
        if ((m >> i) & 1u)
            v[n++] = i;
    if (n < 2)
        return false;
    unsigned a = v[below(&g->rng, n)], b = v[below(&g->rng, n)];
    if (a == b)
        b = v[(a == v[0]) ? 1 : 0];
    emit_wr(g, 0, VMXR_SW_USAGE_ADDR(a), g->st.cfg.sw_usage[b] & 0xFFFFu, "tie");
    return true;
}

void gen_prologue_table_locks(struct gen *g)
{
    if (chance(&g->rng, 50))
        group_offline(g);
    unsigned nlock = below(&g->rng, 3);
    for (unsigned n = 0; n < nlock; n++) {
        unsigned j = below(&g->rng, VMXR_NMEM);
        if (!mem_locked(g, j))
            emit_wr(g, 0, VMXR_MEM_CTRL_ADDR(j), g->st.cfg.mem_ctrl[j] | VMXR_MEM_CTRL_LOCK_MASK, "lock");
    }
    nlock = below(&g->rng, 3);
    for (unsigned n = 0; n < nlock; n++) {
        unsigned i = below(&g->rng, VMXR_NKEY);
        if (!key_locked(g, i))
            emit_wr(g, 0, VMXR_KEY_CTRL_ADDR(i), g->st.cfg.key_ctrl[i] | VMXR_KEY_CTRL_LOCK_MASK, "lock");
    }
}

/* ---- mid-stream --------------------------------------------------------- */

bool gen_wr_table(struct gen *g, bool key)
{
    unsigned n = key ? VMXR_NKEY : VMXR_NMEM, i0 = below(&g->rng, n);
    if (key) { /* now and then a GRP entry's group aimed at: no member online, a tie */
        unsigned aim = below(&g->rng, 100);
        if ((aim < 10 && group_offline(g)) || (aim >= 10 && aim < 25 && group_tie(g)))
            return true;
    }
    for (unsigned t = 0; t < n; t++) {
        unsigned i = (i0 + t) % n;
        if (key ? key_locked(g, i) : mem_locked(g, i))
            continue;
        unsigned what = below(&g->rng, 100);
        if (what < 45) {
            if (key)
                emit_wr(g, 0, VMXR_KEY_CTRL_ADDR(i), key_ctrl_value(g, 0), NULL);
            else
                emit_wr(g, 0, VMXR_MEM_CTRL_ADDR(i), mem_ctrl_value(g), NULL);
            return true;
        }
        struct span others[16];
        unsigned m = 0;
        for (unsigned j = 0; j < n; j++)
            if (j != i)
                others[m++] = key ? (struct span){ g->st.cfg.key_base[j], g->st.cfg.key_limit[j], 0 }
                                  : (struct span){ g->st.cfg.mem_base[j], g->st.cfg.mem_limit[j], 0 };
        struct span s = key ? span_gen(g, KEY_FAMILIAR, NFAM(KEY_FAMILIAR), others, m, SP_RANDOM)
                            : span_gen(g, MEM_FAMILIAR, NFAM(MEM_FAMILIAR), others, m, SP_RANDOM);
        bool limit = what >= 75; /* one of the two: the entry may turn empty for a while */
        unsigned a = key ? (limit ? VMXR_KEY_LIMIT_ADDR(i) : VMXR_KEY_BASE_ADDR(i))
                         : (limit ? VMXR_MEM_LIMIT_ADDR(i) : VMXR_MEM_BASE_ADDR(i));
        emit_wr(g, 0, a, limit ? s.limit : s.base, NULL);
        return true;
    }
    return false;
}

/* The refused writes to locked MEM/KEY entries, into cand/vals (room for
 * 3 * (NMEM + NKEY)); returns how many. */
unsigned gen_table_locked_writes(struct gen *g, unsigned *cand, uint32_t *vals)
{
    unsigned n = 0;
    for (unsigned j = 0; j < VMXR_NMEM; j++)
        if (mem_locked(g, j)) {
            unsigned r = below(&g->rng, 3);
            vals[n] = r == 2 ? mem_ctrl_value(g) : rnd32(&g->rng);
            cand[n++] = r == 0 ? VMXR_MEM_BASE_ADDR(j) : r == 1 ? VMXR_MEM_LIMIT_ADDR(j) : VMXR_MEM_CTRL_ADDR(j);
        }
    for (unsigned i = 0; i < VMXR_NKEY; i++)
        if (key_locked(g, i)) {
            unsigned r = below(&g->rng, 3);
            vals[n] = r == 2 ? key_ctrl_value(g, 0) : rnd32(&g->rng);
            cand[n++] = r == 0 ? VMXR_KEY_BASE_ADDR(i) : r == 1 ? VMXR_KEY_LIMIT_ADDR(i) : VMXR_KEY_CTRL_ADDR(i);
        }
    return n;
}

void gen_lock_table(struct gen *g, bool key)
{
    unsigned n = key ? VMXR_NKEY : VMXR_NMEM, nl = 0;
    for (unsigned i = 0; i < n; i++)
        nl += key ? key_locked(g, i) : mem_locked(g, i);
    unsigned i = below(&g->rng, n);
    bool fresh = nl < (n + 1) / 2;
    for (unsigned t = 0; t < n && (key ? key_locked(g, i) : mem_locked(g, i)) == fresh; t++)
        i = (i + 1) % n;
    if (key)
        emit_wr(g, 0, VMXR_KEY_CTRL_ADDR(i), g->st.cfg.key_ctrl[i] | VMXR_KEY_CTRL_LOCK_MASK, "lock");
    else
        emit_wr(g, 0, VMXR_MEM_CTRL_ADDR(i), g->st.cfg.mem_ctrl[i] | VMXR_MEM_CTRL_LOCK_MASK, "lock");
}
