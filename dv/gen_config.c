/* The generator's configuration items: the prologue VMM 0 writes before
 * the items (owners, profiles, #PF mask/match, EXC, TYPE in every mode, I/O
 * ranges of every shape, platform routes, groups, usage, VMM_EN and locks),
 * legal and refused mid-stream writes, entry locks and status reads (the
 * MEM and KEY tables of VMXR-2 are dv/gen_tables.c's). The
 * values are aimed with the shadow state (what is locked, which VMMs a
 * locked route keeps online); dv/gen.c states the rules every draw follows.
 */
#include <stdio.h>

#include "gen_int.h"

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

void gen_prologue(struct gen *g, bool strap_locked)
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
    spread_shapes(&g->rng, shape, nior, IOR_NSHAPES); /* IOR_RANDOM is -1 */
    for (unsigned i = 0; i < nior; i++) {
        ranges[i] = ior_range_gen(g, ranges, i, shape[i]);
        emit_wr(g, 0, VMXR_IOR_RANGE_ADDR(i), ranges[i], NULL);
        emit_wr(g, 0, VMXR_IOR_CTRL_ADDR(i), ior_ctrl_value(g), NULL);
    }
    if (mix_v2(g->mix))
        gen_prologue_tables(g);

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
    if (mix_v2(g->mix))
        gen_prologue_table_locks(g);
    emit_rd(g, 0, VMXR_ERR_ADDR);
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
    case W_MEM: return gen_wr_table(g, false);
    case W_KEY: return gen_wr_table(g, true);
    default: return false;
    }
}

void gen_do_wr_ok(struct gen *g)
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
    return 0x002; /* unaligned */
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
    switch (below(&g->rng, mix_v2(g->mix) ? 10 : 8)) {
    case 8: return VMXR_MEM_CTRL_ADDR(below(&g->rng, VMXR_NMEM));
    case 9: return VMXR_KEY_BASE_ADDR(below(&g->rng, VMXR_NKEY));
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

void gen_do_wr_bad(struct gen *g)
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
        unsigned cand[4 + VMXR_NIOR + 2 + VMXR_NMEM + VMXR_NKEY], n = 0;
        uint32_t vals[4 + VMXR_NIOR + 2 + VMXR_NMEM + VMXR_NKEY];
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
        n += gen_table_locked_writes(g, cand + n, vals + n);
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

/* Locks an entry; within a budget (three PLATs, half the I/O entries, half
 * the MEM and KEY entries, so re-routes stay possible in long streams) a new
 * one, beyond it one already locked (refused: LOCKED). */
void gen_do_lock(struct gen *g)
{
    unsigned nplat = 0, nior = 0;
    for (unsigned k = 0; k < 4; k++)
        nplat += plat_locked(g, k);
    for (unsigned i = 0; i < VMXR_NIOR; i++)
        nior += ior_locked(g, i);
    unsigned how = below(&g->rng, 100);
    bool v2 = mix_v2(g->mix);
    if (v2 && how >= 60) {
        gen_lock_table(g, how >= 80);
    } else if (v2 ? how < 25 : how < 40) {
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

void gen_do_rd(struct gen *g)
{
    unsigned vmm = chance(&g->rng, 70) ? 0 : below(&g->rng, 8), a;
    switch (below(&g->rng, mix_v2(g->mix) ? 23 : 20)) {
    case 20: a = VMXR_MEM_CTRL_ADDR(below(&g->rng, VMXR_NMEM)); break;
    case 21: a = VMXR_KEY_CTRL_ADDR(below(&g->rng, VMXR_NKEY)); break;
    case 22: a = VMXR_PARAMS2_ADDR; break;
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
