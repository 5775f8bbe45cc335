/* VMXR-2 register file: reset, address decode and the APB access rules of
 * spec section 6, driven by the generated register table. */
#include <string.h>

#include "vmxr_model.h"

/* Storage word of a writable register, or NULL for a computed (RO) one. */
static uint32_t *slot(struct vmxr_cfg *cfg, enum vmxr_reg_id id, unsigned i, unsigned j)
{
    switch (id) {
    case VMXR_R_GLOBAL: return &cfg->global;
    case VMXR_R_ERR: return &cfg->err;
    case VMXR_R_VMM_EN: return &cfg->vmm_en;
    case VMXR_R_PEND_WEIGHT: return &cfg->pend_weight;
    case VMXR_R_IPI_RANGE: return &cfg->ipi_range;
    case VMXR_R_PLAT: return &cfg->plat[i];
    case VMXR_R_OWNER: return &cfg->owner[i];
    case VMXR_R_VM_PROFILE: return &cfg->vm_profile[i];
    case VMXR_R_VMM_PROFILE: return &cfg->vmm_profile[i];
    case VMXR_R_GROUP: return &cfg->group[i];
    case VMXR_R_SW_USAGE: return &cfg->sw_usage[i];
    case VMXR_R_PFEC_MASK: return &cfg->pfec_mask[i];
    case VMXR_R_PFEC_MATCH: return &cfg->pfec_match[i];
    case VMXR_R_EXC: return &cfg->exc[i][j];
    case VMXR_R_TYPE: return &cfg->type[i][j];
    case VMXR_R_IOR_RANGE: return &cfg->ior_range[i];
    case VMXR_R_IOR_CTRL: return &cfg->ior_ctrl[i];
    case VMXR_R_MEM_BASE: return &cfg->mem_base[i];
    case VMXR_R_MEM_LIMIT: return &cfg->mem_limit[i];
    case VMXR_R_MEM_CTRL: return &cfg->mem_ctrl[i];
    case VMXR_R_KEY_BASE: return &cfg->key_base[i];
    case VMXR_R_KEY_LIMIT: return &cfg->key_limit[i];
    case VMXR_R_KEY_CTRL: return &cfg->key_ctrl[i];
    default: return NULL;
    }
}

static const uint32_t *cslot(const struct vmxr_cfg *cfg, enum vmxr_reg_id id, unsigned i, unsigned j)
{
    return slot((struct vmxr_cfg *)cfg, id, i, j);
}

void vmxr_state_reset(struct vmxr_state *st, const struct vmxr_straps *straps)
{
    memset(st, 0, sizeof *st);
    for (unsigned id = 0; id < VMXR_R__COUNT; id++) {
        const struct vmxr_reg_desc *r = &vmxr_reg_table[id];
        for (unsigned i = 0; i < r->count; i++)
            for (unsigned j = 0; j < r->count2; j++) {
                uint32_t *w = slot(&st->cfg, (enum vmxr_reg_id)id, i, j);
                if (w)
                    *w = r->reset;
            }
    }
    st->cfg.plat[VMXR_PCLASS_SMI] = (straps->smi_en ? VMXR_PLAT_EN_MASK : 0) |
                                    (((uint32_t)straps->smi_vmm << VMXR_PLAT_VMM_LSB) & VMXR_PLAT_VMM_MASK) |
                                    (straps->smi_lock ? VMXR_PLAT_LOCK_MASK : 0);
    for (unsigned c = 0; c < VMXR_NCPU; c++)
        st->cpu[c].cur = vmxr_ctx_vmm(0);
}

bool vmxr_reg_decode(unsigned addr, enum vmxr_reg_id *id, unsigned *i, unsigned *j)
{
    if (addr & 3u || addr > 0xFFFu)
        return false;
    for (unsigned k = 0; k < VMXR_R__COUNT; k++) {
        const struct vmxr_reg_desc *r = &vmxr_reg_table[k];
        if (addr < r->base)
            continue;
        unsigned off = addr - r->base;
        unsigned ii = off / r->stride, rem = off % r->stride;
        unsigned jj = rem / r->stride2, rem2 = rem % r->stride2;
        if (ii >= r->count || jj >= r->count2 || rem2 != 0)
            continue;
        *id = (enum vmxr_reg_id)k;
        *i = ii;
        *j = jj;
        return true;
    }
    return false;
}

static uint32_t cpu_state_word(const struct vmxr_cpu *cpu)
{
    unsigned blk = vmxr_blocked(cpu);
    return ((uint32_t)cpu->cur << VMXR_CPU_STATE_CUR_LSB) | ((uint32_t)cpu->depth << VMXR_CPU_STATE_DEPTH_LSB) |
           ((blk & VMXR_BLK_SMI) ? VMXR_CPU_STATE_BLK_SMI_MASK : 0) |
           ((blk & VMXR_BLK_NMI) ? VMXR_CPU_STATE_BLK_NMI_MASK : 0) |
           ((cpu->pend & VMXR_BLK_SMI) ? VMXR_CPU_STATE_PND_SMI_MASK : 0) |
           ((cpu->pend & VMXR_BLK_NMI) ? VMXR_CPU_STATE_PND_NMI_MASK : 0);
}

uint32_t vmxr_apb_read(struct vmxr_state *st, unsigned addr, bool *slverr)
{
    uint32_t v = vmxr_apb_peek(st, addr, slverr);
    if (*slverr)
        st->cfg.err |= VMXR_ERR_DECODE_MASK;
    return v;
}

uint32_t vmxr_apb_peek(const struct vmxr_state *st, unsigned addr, bool *slverr)
{
    enum vmxr_reg_id id;
    unsigned i, j;
    *slverr = false;
    if (!vmxr_reg_decode(addr, &id, &i, &j)) {
        *slverr = true;
        return 0;
    }
    switch (id) {
    case VMXR_R_ID:
    case VMXR_R_PARAMS:
    case VMXR_R_PARAMS2: return vmxr_reg_table[id].reset;
    case VMXR_R_USAGE:
        return ((uint32_t)vmxr_usage(st, i) << VMXR_USAGE_USAGE_LSB) |
               ((uint32_t)st->pending_count[i] << VMXR_USAGE_PENDING_LSB);
    case VMXR_R_CPU_STATE: return cpu_state_word(&st->cpu[i]);
    case VMXR_R_DELIVERED: return st->delivered[i];
    case VMXR_R_CMD_COUNT: return st->cmd_count;
    case VMXR_R_ERR_COUNT: return st->err_count;
    default: {
        const struct vmxr_reg_desc *r = &vmxr_reg_table[id];
        return (*cslot(&st->cfg, id, i, j) & r->rmask) | r->ones;
    }
    }
}

/* The lock rule (write rule 3) for register id at indices i, j, with the
 * value that would be written. */
static bool locked(const struct vmxr_cfg *cfg, enum vmxr_reg_id id, unsigned i, unsigned j, uint32_t next)
{
    const struct vmxr_reg_desc *r = &vmxr_reg_table[id];
    if ((r->flags & VMXR_RF_G) && (cfg->global & VMXR_GLOBAL_LOCK_MASK))
        return true;
    if (r->lock_reg >= 0 && (*cslot(cfg, (enum vmxr_reg_id)r->lock_reg, i, j) & r->lock_mask))
        return true;
    if (id == VMXR_R_VMM_EN) {
        /* A locked, enabled platform route keeps its VMM online: refused
         * when the write would turn that VMM's bit from 1 to 0. */
        for (unsigned k = 0; k < 4; k++) {
            uint32_t p = cfg->plat[k];
            unsigned v = (p & VMXR_PLAT_VMM_MASK) >> VMXR_PLAT_VMM_LSB;
            if ((p & VMXR_PLAT_EN_MASK) && (p & VMXR_PLAT_LOCK_MASK) && (cfg->vmm_en & ~next & (1u << v)))
                return true;
        }
    }
    return false;
}

/* The word a write of data makes of old, by field access type. */
static uint32_t merge(const struct vmxr_reg_desc *r, uint32_t old, uint32_t data)
{
    uint32_t rw = r->wmask & ~r->w1s & ~r->w1c;
    uint32_t next = (old & ~rw) | (data & rw);
    next |= data & r->w1s;
    next &= ~(data & r->w1c);
    return (next & r->rmask) | r->ones;
}

uint32_t vmxr_apb_write_check(const struct vmxr_state *st, unsigned pauser, unsigned addr, uint32_t data)
{
    enum vmxr_reg_id id;
    unsigned i, j;
    pauser &= 7u;
    if (!vmxr_reg_decode(addr, &id, &i, &j) || (vmxr_reg_table[id].flags & VMXR_RF_RO))
        return VMXR_ERR_DECODE_MASK;
    const struct vmxr_reg_desc *r = &vmxr_reg_table[id];
    if (pauser != 0 && !((r->flags & VMXR_RF_OWN) && i == pauser))
        return VMXR_ERR_ACCESS_MASK;
    uint32_t next = merge(r, *cslot(&st->cfg, id, i, j), data);
    if (locked(&st->cfg, id, i, j, next))
        return VMXR_ERR_LOCKED_MASK;
    if (r->reserved_mask && (data & r->reserved_mask) == r->reserved_value)
        return VMXR_ERR_BAD_VALUE_MASK;
    return 0;
}

bool vmxr_apb_write(struct vmxr_state *st, unsigned pauser, unsigned addr, uint32_t data)
{
    uint32_t fail = vmxr_apb_write_check(st, pauser, addr, data);
    if (fail) {
        st->cfg.err |= fail;
        return true;
    }
    enum vmxr_reg_id id;
    unsigned i, j;
    vmxr_reg_decode(addr, &id, &i, &j);
    uint32_t *w = slot(&st->cfg, id, i, j);
    *w = merge(&vmxr_reg_table[id], *w, data);
    return false;
}
