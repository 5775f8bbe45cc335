/* VMXR-2 routing driver (see vmxr_drv.h). Freestanding. */
#include "vmxr_drv.h"

/* Field helpers over the generated NAME_LSB / NAME_MASK macros. */
#define FLD_PUT(name, v) ((((uint32_t)(v)) << name##_LSB) & name##_MASK)
#define FLD_GET(name, r) ((unsigned)(((uint32_t)(r) & name##_MASK) >> name##_LSB))
#define FLD_MAX(name) ((unsigned)(name##_MASK >> name##_LSB))

const char *vmxr_drv_err_name(enum vmxr_drv_err e)
{
    switch (e) {
    case VMXR_DRV_OK: return "ok";
    case VMXR_DRV_EREFUSED: return "refused";
    case VMXR_DRV_EARG: return "bad-arg";
    case VMXR_DRV_ENODEV: return "no-dev";
    }
    return "?";
}

static enum vmxr_drv_err wr(struct vmxr_hal *h, unsigned addr, uint32_t v)
{
    return hal_reg_write(h, addr, v) ? VMXR_DRV_EREFUSED : VMXR_DRV_OK;
}

static uint32_t rd(struct vmxr_hal *h, unsigned addr) { return hal_reg_read(h, addr); }

enum vmxr_drv_err vmxr_drv_reg_write(struct vmxr_hal *h, unsigned addr, uint32_t value) { return wr(h, addr, value); }

uint32_t vmxr_drv_reg_read(struct vmxr_hal *h, unsigned addr) { return rd(h, addr); }

enum vmxr_drv_err vmxr_drv_probe(struct vmxr_hal *h, struct vmxr_drv_params *p)
{
    if (rd(h, VMXR_ID_ADDR) != VMXR_ID_RESET)
        return VMXR_DRV_ENODEV;
    uint32_t r = rd(h, VMXR_PARAMS_ADDR);
    if (p) {
        p->nior = FLD_GET(VMXR_PARAMS_NIOR, r);
        p->nvm = FLD_GET(VMXR_PARAMS_NVM, r);
        p->ncpu = FLD_GET(VMXR_PARAMS_NCPU, r);
        p->nvmm = FLD_GET(VMXR_PARAMS_NVMM, r);
        p->nprof = FLD_GET(VMXR_PARAMS_NPROF, r);
        p->depth = FLD_GET(VMXR_PARAMS_DEPTH, r);
    }
    uint32_t r2 = rd(h, VMXR_PARAMS2_ADDR);
    if (p) {
        p->nmem = FLD_GET(VMXR_PARAMS2_NMEM, r2);
        p->nkey = FLD_GET(VMXR_PARAMS2_NKEY, r2);
        p->version = FLD_GET(VMXR_PARAMS2_VERSION, r2);
    }
    return r == VMXR_PARAMS_RESET && r2 == VMXR_PARAMS2_RESET ? VMXR_DRV_OK : VMXR_DRV_ENODEV;
}

/* ---- TYPE ------------------------------------------------------------------ */

enum vmxr_drv_err vmxr_drv_type_set(struct vmxr_hal *h, unsigned prof, unsigned reason, enum vmxr_drv_mode mode,
                                    unsigned vmm)
{
    if (prof >= VMXR_TYPE_COUNT || reason >= VMXR_TYPE_COUNT2 || vmm > FLD_MAX(VMXR_TYPE_VMM))
        return VMXR_DRV_EARG;
    if (mode != VMXR_DRV_MODE_HOME && mode != VMXR_DRV_MODE_FIXED && mode != VMXR_DRV_MODE_GROUP)
        return VMXR_DRV_EARG;
    if (mode == VMXR_DRV_MODE_GROUP && vmm >= VMXR_GROUP_COUNT)
        return VMXR_DRV_EARG;
    if (mode == VMXR_DRV_MODE_HOME && vmm != 0)
        return VMXR_DRV_EARG;
    return wr(h, VMXR_TYPE_ADDR(prof, reason), FLD_PUT(VMXR_TYPE_MODE, mode) | FLD_PUT(VMXR_TYPE_VMM, vmm));
}

enum vmxr_drv_err vmxr_drv_type_get(struct vmxr_hal *h, unsigned prof, unsigned reason, struct vmxr_drv_type *out)
{
    if (prof >= VMXR_TYPE_COUNT || reason >= VMXR_TYPE_COUNT2 || !out)
        return VMXR_DRV_EARG;
    uint32_t r = rd(h, VMXR_TYPE_ADDR(prof, reason));
    out->mode = (enum vmxr_drv_mode)FLD_GET(VMXR_TYPE_MODE, r);
    out->vmm = FLD_GET(VMXR_TYPE_VMM, r);
    return VMXR_DRV_OK;
}

/* ---- EXC, PFEC ----------------------------------------------------------- */

/* Nibble j of an EXC word: [3] EN, [2:0] VMM (the V0 field's layout). */
#define EXC_NIB_BITS VMXR_EXC_V0_WIDTH
#define EXC_NIB_EN 0x8u
#define EXC_NIB_VMM 0x7u

enum vmxr_drv_err vmxr_drv_exc_set(struct vmxr_hal *h, unsigned prof, unsigned vector, bool en, unsigned vmm)
{
    if (prof >= VMXR_EXC_COUNT || vector >= VMXR_DRV_NEXC || vmm > EXC_NIB_VMM)
        return VMXR_DRV_EARG;
    unsigned addr = VMXR_EXC_ADDR(prof, vector / 8u);
    unsigned sh = (vector % 8u) * EXC_NIB_BITS;
    uint32_t w = rd(h, addr);
    w &= ~(VMXR_EXC_V0_MASK << sh);
    w |= ((en ? EXC_NIB_EN : 0u) | vmm) << sh;
    return wr(h, addr, w);
}

enum vmxr_drv_err vmxr_drv_exc_get(struct vmxr_hal *h, unsigned prof, unsigned vector, struct vmxr_drv_exc *out)
{
    if (prof >= VMXR_EXC_COUNT || vector >= VMXR_DRV_NEXC || !out)
        return VMXR_DRV_EARG;
    uint32_t nib = (rd(h, VMXR_EXC_ADDR(prof, vector / 8u)) >> ((vector % 8u) * EXC_NIB_BITS)) & VMXR_EXC_V0_MASK;
    out->en = (nib & EXC_NIB_EN) != 0;
    out->vmm = nib & EXC_NIB_VMM;
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_pfec_set(struct vmxr_hal *h, unsigned prof, uint32_t mask, uint32_t match)
{
    if (prof >= VMXR_PFEC_MASK_COUNT)
        return VMXR_DRV_EARG;
    enum vmxr_drv_err e = wr(h, VMXR_PFEC_MASK_ADDR(prof), mask);
    if (e != VMXR_DRV_OK)
        return e;
    return wr(h, VMXR_PFEC_MATCH_ADDR(prof), match);
}

enum vmxr_drv_err vmxr_drv_pfec_get(struct vmxr_hal *h, unsigned prof, uint32_t *mask, uint32_t *match)
{
    if (prof >= VMXR_PFEC_MASK_COUNT || !mask || !match)
        return VMXR_DRV_EARG;
    *mask = rd(h, VMXR_PFEC_MASK_ADDR(prof));
    *match = rd(h, VMXR_PFEC_MATCH_ADDR(prof));
    return VMXR_DRV_OK;
}

/* ---- IOR ----------------------------------------------------------------- */

enum vmxr_drv_err vmxr_drv_ior_set(struct vmxr_hal *h, unsigned i, const struct vmxr_drv_ior *e)
{
    if (i >= VMXR_IOR_RANGE_COUNT || !e || e->pmask > FLD_MAX(VMXR_IOR_CTRL_PMASK) ||
        e->vmm > FLD_MAX(VMXR_IOR_CTRL_VMM))
        return VMXR_DRV_EARG;
    uint32_t range = FLD_PUT(VMXR_IOR_RANGE_BASE, e->base) | FLD_PUT(VMXR_IOR_RANGE_LIMIT, e->limit);
    uint32_t ctrl = FLD_PUT(VMXR_IOR_CTRL_V, e->valid) | FLD_PUT(VMXR_IOR_CTRL_IN_EN, e->in_en) |
                    FLD_PUT(VMXR_IOR_CTRL_OUT_EN, e->out_en) | FLD_PUT(VMXR_IOR_CTRL_PMASK, e->pmask) |
                    FLD_PUT(VMXR_IOR_CTRL_VMM, e->vmm) | FLD_PUT(VMXR_IOR_CTRL_LOCK, e->lock);
    enum vmxr_drv_err r = wr(h, VMXR_IOR_RANGE_ADDR(i), range);
    if (r != VMXR_DRV_OK)
        return r;
    return wr(h, VMXR_IOR_CTRL_ADDR(i), ctrl);
}

enum vmxr_drv_err vmxr_drv_ior_get(struct vmxr_hal *h, unsigned i, struct vmxr_drv_ior *out)
{
    if (i >= VMXR_IOR_RANGE_COUNT || !out)
        return VMXR_DRV_EARG;
    uint32_t range = rd(h, VMXR_IOR_RANGE_ADDR(i));
    uint32_t ctrl = rd(h, VMXR_IOR_CTRL_ADDR(i));
    out->base = (uint16_t)FLD_GET(VMXR_IOR_RANGE_BASE, range);
    out->limit = (uint16_t)FLD_GET(VMXR_IOR_RANGE_LIMIT, range);
    out->valid = FLD_GET(VMXR_IOR_CTRL_V, ctrl) != 0;
    out->in_en = FLD_GET(VMXR_IOR_CTRL_IN_EN, ctrl) != 0;
    out->out_en = FLD_GET(VMXR_IOR_CTRL_OUT_EN, ctrl) != 0;
    out->pmask = FLD_GET(VMXR_IOR_CTRL_PMASK, ctrl);
    out->vmm = FLD_GET(VMXR_IOR_CTRL_VMM, ctrl);
    out->lock = FLD_GET(VMXR_IOR_CTRL_LOCK, ctrl) != 0;
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_ior_disable(struct vmxr_hal *h, unsigned i)
{
    if (i >= VMXR_IOR_CTRL_COUNT)
        return VMXR_DRV_EARG;
    uint32_t ctrl = rd(h, VMXR_IOR_CTRL_ADDR(i)) & ~VMXR_IOR_CTRL_V_MASK;
    return wr(h, VMXR_IOR_CTRL_ADDR(i), ctrl & ~VMXR_IOR_CTRL_LOCK_MASK);
}

/* ---- MEM ----------------------------------------------------------------- */

/* Writes the range registers, then the control word (the IOR order). */
static enum vmxr_drv_err range_set(struct vmxr_hal *h, unsigned base_addr, uint32_t base, unsigned limit_addr,
                                   uint32_t limit, unsigned ctrl_addr, uint32_t ctrl)
{
    enum vmxr_drv_err r = wr(h, base_addr, base);
    if (r == VMXR_DRV_OK)
        r = wr(h, limit_addr, limit);
    if (r != VMXR_DRV_OK)
        return r;
    return wr(h, ctrl_addr, ctrl);
}

enum vmxr_drv_err vmxr_drv_mem_set(struct vmxr_hal *h, unsigned j, const struct vmxr_drv_mem *e)
{
    if (j >= VMXR_MEM_CTRL_COUNT || !e || e->pmask > FLD_MAX(VMXR_MEM_CTRL_PMASK) ||
        e->vmm > FLD_MAX(VMXR_MEM_CTRL_VMM))
        return VMXR_DRV_EARG;
    uint32_t ctrl = FLD_PUT(VMXR_MEM_CTRL_V, e->valid) | FLD_PUT(VMXR_MEM_CTRL_R, e->r) |
                    FLD_PUT(VMXR_MEM_CTRL_W, e->w) | FLD_PUT(VMXR_MEM_CTRL_X, e->x) |
                    FLD_PUT(VMXR_MEM_CTRL_PMASK, e->pmask) | FLD_PUT(VMXR_MEM_CTRL_VMM, e->vmm) |
                    FLD_PUT(VMXR_MEM_CTRL_LOCK, e->lock);
    return range_set(h, VMXR_MEM_BASE_ADDR(j), FLD_PUT(VMXR_MEM_BASE_BASE, e->base), VMXR_MEM_LIMIT_ADDR(j),
                     FLD_PUT(VMXR_MEM_LIMIT_LIMIT, e->limit), VMXR_MEM_CTRL_ADDR(j), ctrl);
}

enum vmxr_drv_err vmxr_drv_mem_get(struct vmxr_hal *h, unsigned j, struct vmxr_drv_mem *out)
{
    if (j >= VMXR_MEM_CTRL_COUNT || !out)
        return VMXR_DRV_EARG;
    uint32_t ctrl = rd(h, VMXR_MEM_CTRL_ADDR(j));
    out->base = FLD_GET(VMXR_MEM_BASE_BASE, rd(h, VMXR_MEM_BASE_ADDR(j)));
    out->limit = FLD_GET(VMXR_MEM_LIMIT_LIMIT, rd(h, VMXR_MEM_LIMIT_ADDR(j)));
    out->valid = FLD_GET(VMXR_MEM_CTRL_V, ctrl) != 0;
    out->r = FLD_GET(VMXR_MEM_CTRL_R, ctrl) != 0;
    out->w = FLD_GET(VMXR_MEM_CTRL_W, ctrl) != 0;
    out->x = FLD_GET(VMXR_MEM_CTRL_X, ctrl) != 0;
    out->pmask = FLD_GET(VMXR_MEM_CTRL_PMASK, ctrl);
    out->vmm = FLD_GET(VMXR_MEM_CTRL_VMM, ctrl);
    out->lock = FLD_GET(VMXR_MEM_CTRL_LOCK, ctrl) != 0;
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_mem_disable(struct vmxr_hal *h, unsigned j)
{
    if (j >= VMXR_MEM_CTRL_COUNT)
        return VMXR_DRV_EARG;
    uint32_t ctrl = rd(h, VMXR_MEM_CTRL_ADDR(j)) & ~VMXR_MEM_CTRL_V_MASK;
    return wr(h, VMXR_MEM_CTRL_ADDR(j), ctrl & ~VMXR_MEM_CTRL_LOCK_MASK);
}

/* ---- KEY ----------------------------------------------------------------- */

enum vmxr_drv_err vmxr_drv_key_set(struct vmxr_hal *h, unsigned i, const struct vmxr_drv_key *e)
{
    if (i >= VMXR_KEY_CTRL_COUNT || !e || e->pmask > FLD_MAX(VMXR_KEY_CTRL_PMASK) ||
        e->vmm > FLD_MAX(VMXR_KEY_CTRL_VMM) || (e->grp && e->vmm >= VMXR_GROUP_COUNT) ||
        (e->kinds & ~VMXR_DRV_KEY_ALL))
        return VMXR_DRV_EARG;
    uint32_t ctrl = FLD_PUT(VMXR_KEY_CTRL_V, e->valid) | FLD_PUT(VMXR_KEY_CTRL_PMASK, e->pmask) |
                    FLD_PUT(VMXR_KEY_CTRL_VMM, e->vmm) | FLD_PUT(VMXR_KEY_CTRL_GRP, e->grp) |
                    FLD_PUT(VMXR_KEY_CTRL_CPUID, (e->kinds & VMXR_DRV_KEY_CPUID) != 0) |
                    FLD_PUT(VMXR_KEY_CTRL_VMCALL, (e->kinds & VMXR_DRV_KEY_VMCALL) != 0) |
                    FLD_PUT(VMXR_KEY_CTRL_RDMSR, (e->kinds & VMXR_DRV_KEY_RDMSR) != 0) |
                    FLD_PUT(VMXR_KEY_CTRL_WRMSR, (e->kinds & VMXR_DRV_KEY_WRMSR) != 0) |
                    FLD_PUT(VMXR_KEY_CTRL_LOCK, e->lock);
    return range_set(h, VMXR_KEY_BASE_ADDR(i), FLD_PUT(VMXR_KEY_BASE_BASE, e->base), VMXR_KEY_LIMIT_ADDR(i),
                     FLD_PUT(VMXR_KEY_LIMIT_LIMIT, e->limit), VMXR_KEY_CTRL_ADDR(i), ctrl);
}

enum vmxr_drv_err vmxr_drv_key_get(struct vmxr_hal *h, unsigned i, struct vmxr_drv_key *out)
{
    if (i >= VMXR_KEY_CTRL_COUNT || !out)
        return VMXR_DRV_EARG;
    uint32_t ctrl = rd(h, VMXR_KEY_CTRL_ADDR(i));
    out->base = FLD_GET(VMXR_KEY_BASE_BASE, rd(h, VMXR_KEY_BASE_ADDR(i)));
    out->limit = FLD_GET(VMXR_KEY_LIMIT_LIMIT, rd(h, VMXR_KEY_LIMIT_ADDR(i)));
    out->valid = FLD_GET(VMXR_KEY_CTRL_V, ctrl) != 0;
    out->kinds = (FLD_GET(VMXR_KEY_CTRL_CPUID, ctrl) ? VMXR_DRV_KEY_CPUID : 0u) |
                 (FLD_GET(VMXR_KEY_CTRL_VMCALL, ctrl) ? VMXR_DRV_KEY_VMCALL : 0u) |
                 (FLD_GET(VMXR_KEY_CTRL_RDMSR, ctrl) ? VMXR_DRV_KEY_RDMSR : 0u) |
                 (FLD_GET(VMXR_KEY_CTRL_WRMSR, ctrl) ? VMXR_DRV_KEY_WRMSR : 0u);
    out->pmask = FLD_GET(VMXR_KEY_CTRL_PMASK, ctrl);
    out->grp = FLD_GET(VMXR_KEY_CTRL_GRP, ctrl) != 0;
    out->vmm = FLD_GET(VMXR_KEY_CTRL_VMM, ctrl);
    out->lock = FLD_GET(VMXR_KEY_CTRL_LOCK, ctrl) != 0;
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_key_disable(struct vmxr_hal *h, unsigned i)
{
    if (i >= VMXR_KEY_CTRL_COUNT)
        return VMXR_DRV_EARG;
    uint32_t ctrl = rd(h, VMXR_KEY_CTRL_ADDR(i)) & ~VMXR_KEY_CTRL_V_MASK;
    return wr(h, VMXR_KEY_CTRL_ADDR(i), ctrl & ~VMXR_KEY_CTRL_LOCK_MASK);
}

/* ---- PLAT ---------------------------------------------------------------- */

enum vmxr_drv_err vmxr_drv_plat_set(struct vmxr_hal *h, enum vmxr_pclass k, bool en, unsigned vmm, bool lock)
{
    if ((unsigned)k >= VMXR_PLAT_COUNT || vmm > FLD_MAX(VMXR_PLAT_VMM))
        return VMXR_DRV_EARG;
    return wr(h, VMXR_PLAT_ADDR(k),
              FLD_PUT(VMXR_PLAT_EN, en) | FLD_PUT(VMXR_PLAT_VMM, vmm) | FLD_PUT(VMXR_PLAT_LOCK, lock));
}

enum vmxr_drv_err vmxr_drv_plat_get(struct vmxr_hal *h, enum vmxr_pclass k, struct vmxr_drv_plat *out)
{
    if ((unsigned)k >= VMXR_PLAT_COUNT || !out)
        return VMXR_DRV_EARG;
    uint32_t r = rd(h, VMXR_PLAT_ADDR(k));
    out->en = FLD_GET(VMXR_PLAT_EN, r) != 0;
    out->vmm = FLD_GET(VMXR_PLAT_VMM, r);
    out->lock = FLD_GET(VMXR_PLAT_LOCK, r) != 0;
    return VMXR_DRV_OK;
}

/* ---- owners, profiles, groups --------------------------------------------- */

enum vmxr_drv_err vmxr_drv_owner_set(struct vmxr_hal *h, unsigned vm, unsigned vmm)
{
    if (vm >= VMXR_OWNER_COUNT || vmm > FLD_MAX(VMXR_OWNER_VMM))
        return VMXR_DRV_EARG;
    return wr(h, VMXR_OWNER_ADDR(vm), FLD_PUT(VMXR_OWNER_VMM, vmm));
}

enum vmxr_drv_err vmxr_drv_owner_get(struct vmxr_hal *h, unsigned vm, unsigned *vmm)
{
    if (vm >= VMXR_OWNER_COUNT || !vmm)
        return VMXR_DRV_EARG;
    *vmm = FLD_GET(VMXR_OWNER_VMM, rd(h, VMXR_OWNER_ADDR(vm)));
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_vm_profile_set(struct vmxr_hal *h, unsigned vm, unsigned prof)
{
    if (vm >= VMXR_VM_PROFILE_COUNT || prof > FLD_MAX(VMXR_VM_PROFILE_PROF))
        return VMXR_DRV_EARG;
    return wr(h, VMXR_VM_PROFILE_ADDR(vm), FLD_PUT(VMXR_VM_PROFILE_PROF, prof));
}

enum vmxr_drv_err vmxr_drv_vm_profile_get(struct vmxr_hal *h, unsigned vm, unsigned *prof)
{
    if (vm >= VMXR_VM_PROFILE_COUNT || !prof)
        return VMXR_DRV_EARG;
    *prof = FLD_GET(VMXR_VM_PROFILE_PROF, rd(h, VMXR_VM_PROFILE_ADDR(vm)));
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_vmm_profile_set(struct vmxr_hal *h, unsigned vmm, unsigned prof)
{
    if (vmm >= VMXR_VMM_PROFILE_COUNT || prof > FLD_MAX(VMXR_VMM_PROFILE_PROF))
        return VMXR_DRV_EARG;
    return wr(h, VMXR_VMM_PROFILE_ADDR(vmm), FLD_PUT(VMXR_VMM_PROFILE_PROF, prof));
}

enum vmxr_drv_err vmxr_drv_vmm_profile_get(struct vmxr_hal *h, unsigned vmm, unsigned *prof)
{
    if (vmm >= VMXR_VMM_PROFILE_COUNT || !prof)
        return VMXR_DRV_EARG;
    *prof = FLD_GET(VMXR_VMM_PROFILE_PROF, rd(h, VMXR_VMM_PROFILE_ADDR(vmm)));
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_group_set(struct vmxr_hal *h, unsigned g, unsigned members)
{
    if (g >= VMXR_GROUP_COUNT || members > FLD_MAX(VMXR_GROUP_MEMBERS))
        return VMXR_DRV_EARG;
    return wr(h, VMXR_GROUP_ADDR(g), FLD_PUT(VMXR_GROUP_MEMBERS, members));
}

enum vmxr_drv_err vmxr_drv_group_get(struct vmxr_hal *h, unsigned g, unsigned *members)
{
    if (g >= VMXR_GROUP_COUNT || !members)
        return VMXR_DRV_EARG;
    *members = FLD_GET(VMXR_GROUP_MEMBERS, rd(h, VMXR_GROUP_ADDR(g)));
    return VMXR_DRV_OK;
}

/* ---- VMM_EN, PEND_WEIGHT, IPI_RANGE, usage ------------------------------- */

enum vmxr_drv_err vmxr_drv_vmm_online(struct vmxr_hal *h, unsigned v, bool online)
{
    if (v == 0 || v >= VMXR_NVMM)
        return VMXR_DRV_EARG;
    uint32_t en = rd(h, VMXR_VMM_EN_ADDR) & VMXR_VMM_EN_EN_MASK;
    if (online)
        en |= 1u << v;
    else
        en &= ~(1u << v);
    return wr(h, VMXR_VMM_EN_ADDR, en);
}

enum vmxr_drv_err vmxr_drv_vmm_en_get(struct vmxr_hal *h, unsigned *mask)
{
    if (!mask)
        return VMXR_DRV_EARG;
    *mask = FLD_GET(VMXR_VMM_EN_EN, rd(h, VMXR_VMM_EN_ADDR));
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_pend_weight_set(struct vmxr_hal *h, unsigned weight)
{
    if (weight > FLD_MAX(VMXR_PEND_WEIGHT_WEIGHT))
        return VMXR_DRV_EARG;
    return wr(h, VMXR_PEND_WEIGHT_ADDR, FLD_PUT(VMXR_PEND_WEIGHT_WEIGHT, weight));
}

enum vmxr_drv_err vmxr_drv_pend_weight_get(struct vmxr_hal *h, unsigned *weight)
{
    if (!weight)
        return VMXR_DRV_EARG;
    *weight = FLD_GET(VMXR_PEND_WEIGHT_WEIGHT, rd(h, VMXR_PEND_WEIGHT_ADDR));
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_ipi_range_set(struct vmxr_hal *h, unsigned lo, unsigned hi)
{
    if (lo > FLD_MAX(VMXR_IPI_RANGE_LO) || hi > FLD_MAX(VMXR_IPI_RANGE_HI))
        return VMXR_DRV_EARG;
    return wr(h, VMXR_IPI_RANGE_ADDR, FLD_PUT(VMXR_IPI_RANGE_LO, lo) | FLD_PUT(VMXR_IPI_RANGE_HI, hi));
}

enum vmxr_drv_err vmxr_drv_ipi_range_get(struct vmxr_hal *h, unsigned *lo, unsigned *hi)
{
    if (!lo || !hi)
        return VMXR_DRV_EARG;
    uint32_t r = rd(h, VMXR_IPI_RANGE_ADDR);
    *lo = FLD_GET(VMXR_IPI_RANGE_LO, r);
    *hi = FLD_GET(VMXR_IPI_RANGE_HI, r);
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_sw_usage_set(struct vmxr_hal *h, unsigned v, unsigned units)
{
    if (v >= VMXR_SW_USAGE_COUNT || units > FLD_MAX(VMXR_SW_USAGE_USAGE))
        return VMXR_DRV_EARG;
    return wr(h, VMXR_SW_USAGE_ADDR(v), FLD_PUT(VMXR_SW_USAGE_USAGE, units));
}

enum vmxr_drv_err vmxr_drv_sw_usage_get(struct vmxr_hal *h, unsigned v, unsigned *units)
{
    if (v >= VMXR_SW_USAGE_COUNT || !units)
        return VMXR_DRV_EARG;
    *units = FLD_GET(VMXR_SW_USAGE_USAGE, rd(h, VMXR_SW_USAGE_ADDR(v)));
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_usage_get(struct vmxr_hal *h, unsigned v, struct vmxr_drv_usage *out)
{
    if (v >= VMXR_USAGE_COUNT || !out)
        return VMXR_DRV_EARG;
    uint32_t r = rd(h, VMXR_USAGE_ADDR(v));
    out->usage = FLD_GET(VMXR_USAGE_USAGE, r);
    out->pending = FLD_GET(VMXR_USAGE_PENDING, r);
    return VMXR_DRV_OK;
}

/* ---- CPU_STATE, ERR, counters, GLOBAL ----------------------------------- */

enum vmxr_drv_err vmxr_drv_cpu_state_get(struct vmxr_hal *h, unsigned c, struct vmxr_drv_cpu_state *out)
{
    if (c >= VMXR_CPU_STATE_COUNT || !out)
        return VMXR_DRV_EARG;
    uint32_t r = rd(h, VMXR_CPU_STATE_ADDR(c));
    out->cur = FLD_GET(VMXR_CPU_STATE_CUR, r);
    out->in_vmm = (out->cur & 0x10u) != 0;
    out->id = out->cur & 0xFu;
    out->depth = FLD_GET(VMXR_CPU_STATE_DEPTH, r);
    out->blk_smi = FLD_GET(VMXR_CPU_STATE_BLK_SMI, r) != 0;
    out->blk_nmi = FLD_GET(VMXR_CPU_STATE_BLK_NMI, r) != 0;
    out->pend_smi = FLD_GET(VMXR_CPU_STATE_PND_SMI, r) != 0;
    out->pend_nmi = FLD_GET(VMXR_CPU_STATE_PND_NMI, r) != 0;
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_err_get(struct vmxr_hal *h, struct vmxr_drv_errs *out)
{
    if (!out)
        return VMXR_DRV_EARG;
    uint32_t r = rd(h, VMXR_ERR_ADDR);
    out->raw = r;
    out->access = FLD_GET(VMXR_ERR_ACCESS, r) != 0;
    out->locked = FLD_GET(VMXR_ERR_LOCKED, r) != 0;
    out->bad_value = FLD_GET(VMXR_ERR_BAD_VALUE, r) != 0;
    out->decode = FLD_GET(VMXR_ERR_DECODE, r) != 0;
    out->cmd = FLD_GET(VMXR_ERR_CMD, r) != 0;
    out->code = FLD_GET(VMXR_ERR_CODE, r);
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_err_clear(struct vmxr_hal *h, uint32_t bits)
{
    if (bits & ~VMXR_ERR_W1C)
        return VMXR_DRV_EARG;
    return wr(h, VMXR_ERR_ADDR, bits);
}

enum vmxr_drv_err vmxr_drv_delivered_get(struct vmxr_hal *h, unsigned v, uint32_t *n)
{
    if (v >= VMXR_DELIVERED_COUNT || !n)
        return VMXR_DRV_EARG;
    *n = rd(h, VMXR_DELIVERED_ADDR(v));
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_cmd_count_get(struct vmxr_hal *h, uint32_t *n)
{
    if (!n)
        return VMXR_DRV_EARG;
    *n = rd(h, VMXR_CMD_COUNT_ADDR);
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_err_count_get(struct vmxr_hal *h, uint32_t *n)
{
    if (!n)
        return VMXR_DRV_EARG;
    *n = rd(h, VMXR_ERR_COUNT_ADDR);
    return VMXR_DRV_OK;
}

enum vmxr_drv_err vmxr_drv_global_lock(struct vmxr_hal *h)
{
    return wr(h, VMXR_GLOBAL_ADDR, VMXR_GLOBAL_LOCK_MASK);
}

enum vmxr_drv_err vmxr_drv_global_locked(struct vmxr_hal *h, bool *locked)
{
    if (!locked)
        return VMXR_DRV_EARG;
    *locked = FLD_GET(VMXR_GLOBAL_LOCK, rd(h, VMXR_GLOBAL_ADDR)) != 0;
    return VMXR_DRV_OK;
}
