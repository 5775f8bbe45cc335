/* VMXR-2 routing: spec sections 4.1-4.4, one function a step. */
#include "vmxr_model.h"

#define FIELD(word, REG, F) (((word) & VMXR_##REG##_##F##_MASK) >> VMXR_##REG##_##F##_LSB)

static const struct vmxr_route NO_RULE = { VMXR_RULE_NONE, 0, 0, 0 };

struct vmxr_cmd vmxr_cmd_mask(struct vmxr_cmd c)
{
    c.cpu &= (1u << VMXR_CPU_BITS) - 1;
    c.op &= (1u << VMXR_OP_WIDTH) - 1;
    c.reason &= (1u << VMXR_REASON_BITS) - 1;
    c.itype &= (1u << VMXR_ITYPE_BITS) - 1;
    c.vm &= (1u << VMXR_VM_BITS) - 1;
    return c;
}

unsigned vmxr_validate(const struct vmxr_cmd *c)
{
    if (c->reason > 64 || c->reason == 35 || c->reason == 38 || c->reason == 42)
        return VMXR_ERRC_BAD_REASON;
    if (c->reason == 30) {
        unsigned sz = c->qual & 7u;
        if (sz != 0 && sz != 1 && sz != 3)
            return VMXR_ERRC_BAD_IO_SIZE;
    }
    if (c->reason == 0 && c->itype == 2 && c->vector != 2)
        return VMXR_ERRC_BAD_NMI;
    return VMXR_ERRC_NONE;
}

unsigned vmxr_pclass(const struct vmxr_cfg *cfg, const struct vmxr_cmd *c)
{
    if (c->reason == 5 || c->reason == 6)
        return VMXR_PCLASS_SMI;
    if (c->reason == 0 && c->itype == 2)
        return VMXR_PCLASS_NMI;
    if (c->reason == 3 || c->reason == 4)
        return VMXR_PCLASS_INIT_SIPI;
    if (c->reason == 1 && c->vector >= FIELD(cfg->ipi_range, IPI_RANGE, LO) &&
        c->vector <= FIELD(cfg->ipi_range, IPI_RANGE, HI))
        return VMXR_PCLASS_IPI;
    return VMXR_PCLASS_NONE;
}

unsigned vmxr_profile(const struct vmxr_cfg *cfg, uint8_t ctx)
{
    unsigned id = vmxr_ctx_id(ctx);
    if (vmxr_ctx_is_vmm(ctx))
        return FIELD(cfg->vmm_profile[id & 7u], VMM_PROFILE, PROF);
    return id < VMXR_NVM ? FIELD(cfg->vm_profile[id], VM_PROFILE, PROF) : 0;
}

unsigned vmxr_blocked(const struct vmxr_cpu *cpu)
{
    unsigned blk = 0;
    for (unsigned i = 0; i < cpu->depth; i++)
        blk |= cpu->stack[i].blk;
    return blk;
}

uint64_t vmxr_ior_hits(const struct vmxr_cfg *cfg, uint32_t qual)
{
    uint32_t port = qual >> 16, size = (qual & 7u) + 1, in = (qual >> 3) & 1u;
    uint64_t hits = 0;
    if (port + size > 0x10000u) /* wraps past 0xFFFF: matches no entry */
        return 0;
    for (unsigned i = 0; i < VMXR_NIOR; i++) {
        uint32_t ctrl = cfg->ior_ctrl[i], range = cfg->ior_range[i];
        uint32_t base = FIELD(range, IOR_RANGE, BASE), limit = FIELD(range, IOR_RANGE, LIMIT);
        bool dir_en = in ? FIELD(ctrl, IOR_CTRL, IN_EN) : FIELD(ctrl, IOR_CTRL, OUT_EN);
        if (FIELD(ctrl, IOR_CTRL, V) && dir_en && base <= limit && port <= limit && port + size - 1 >= base)
            hits |= (uint64_t)1 << i;
    }
    return hits;
}

uint32_t vmxr_mem_hits(const struct vmxr_cfg *cfg, uint32_t qual, uint64_t gpa)
{
    uint32_t a = qual & 7u, f = (uint32_t)(gpa >> 12), hits = 0;
    if (a == 0 || (gpa >> 44) != 0)
        return 0;
    for (unsigned j = 0; j < VMXR_NMEM; j++) {
        uint32_t ctrl = cfg->mem_ctrl[j];
        uint32_t acc = (ctrl & (VMXR_MEM_CTRL_R_MASK | VMXR_MEM_CTRL_W_MASK | VMXR_MEM_CTRL_X_MASK)) >>
                       VMXR_MEM_CTRL_R_LSB;
        if (FIELD(ctrl, MEM_CTRL, V) && (a & ~acc) == 0 && cfg->mem_base[j] <= f && f <= cfg->mem_limit[j])
            hits |= 1u << j;
    }
    return hits;
}

uint32_t vmxr_key_kind(unsigned reason)
{
    switch (reason) {
    case 10: return VMXR_KEY_CTRL_CPUID_MASK;
    case 18: return VMXR_KEY_CTRL_VMCALL_MASK;
    case 31: return VMXR_KEY_CTRL_RDMSR_MASK;
    case 32: return VMXR_KEY_CTRL_WRMSR_MASK;
    default: return 0;
    }
}

uint32_t vmxr_key_hits(const struct vmxr_cfg *cfg, unsigned reason, uint32_t qual)
{
    uint32_t kind = vmxr_key_kind(reason), hits = 0;
    for (unsigned i = 0; i < VMXR_NKEY && kind; i++) {
        uint32_t ctrl = cfg->key_ctrl[i];
        if (FIELD(ctrl, KEY_CTRL, V) && (ctrl & kind) && cfg->key_base[i] <= qual && qual <= cfg->key_limit[i])
            hits |= 1u << i;
    }
    return hits;
}

struct vmxr_hits vmxr_route_hits(const struct vmxr_cfg *cfg, const struct vmxr_cmd *c)
{
    struct vmxr_hits h = { 0, 0, 0 };
    if (c->reason == 30)
        h.ior = vmxr_ior_hits(cfg, c->qual);
    else if (c->reason == 48)
        h.mem = vmxr_mem_hits(cfg, c->qual, c->gpa);
    else
        h.key = vmxr_key_hits(cfg, c->reason, c->qual);
    return h;
}

/* Step 4 for profile p: the exception entry's effective enable. */
static bool exc_route(const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p, struct vmxr_route *r)
{
    unsigned v = c->vector;
    unsigned e = (cfg->exc[p][v / 8] >> (4 * (v % 8))) & 0xFu;
    bool en = (e & 8u) != 0;
    if (v == 14)
        en ^= (c->errcode & cfg->pfec_mask[p]) != cfg->pfec_match[p];
    if (!en)
        return false;
    *r = (struct vmxr_route){ VMXR_RULE_EXC, (uint8_t)(e & 7u), (uint8_t)v, 0 };
    return true;
}

bool vmxr_route_plat(const struct vmxr_cfg *cfg, unsigned k, struct vmxr_route *r)
{
    if (k == VMXR_PCLASS_NONE || !FIELD(cfg->plat[k], PLAT, EN))
        return false;
    *r = (struct vmxr_route){ VMXR_RULE_PLAT, (uint8_t)FIELD(cfg->plat[k], PLAT, VMM), (uint8_t)k, 0 };
    return true;
}

struct vmxr_route vmxr_route_static_hits(const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned k,
                                         unsigned p, const struct vmxr_hits *hits)
{
    struct vmxr_route r;
    /* 3. platform route */
    if (vmxr_route_plat(cfg, k, &r))
        return r;
    /* 4. exception route (itype 3, 5, 6; vector < 32) */
    if (c->reason == 0 && (c->itype == 3 || c->itype == 5 || c->itype == 6) && c->vector < 32) {
        if (exc_route(cfg, c, p, &r))
            return r;
    }
    /* 5. I/O range route: lowest matching entry used by profile p */
    if (c->reason == 30) {
        for (uint64_t m = hits->ior; m; m &= m - 1) {
            unsigned i = (unsigned)__builtin_ctzll(m);
            if ((FIELD(cfg->ior_ctrl[i], IOR_CTRL, PMASK) >> p) & 1u)
                return (struct vmxr_route){ VMXR_RULE_IOR, (uint8_t)FIELD(cfg->ior_ctrl[i], IOR_CTRL, VMM),
                                            (uint8_t)i, 0 };
        }
    }
    /* 5a. memory range route: lowest matching entry used by profile p */
    for (uint32_t m = hits->mem; m; m &= m - 1) {
        unsigned j = (unsigned)__builtin_ctz(m);
        if ((FIELD(cfg->mem_ctrl[j], MEM_CTRL, PMASK) >> p) & 1u)
            return (struct vmxr_route){ VMXR_RULE_MEM, (uint8_t)FIELD(cfg->mem_ctrl[j], MEM_CTRL, VMM), (uint8_t)j,
                                        0 };
    }
    /* 5b. key range route: the lowest matching entry decides, GRP or not */
    for (uint32_t m = hits->key; m; m &= m - 1) {
        unsigned i = (unsigned)__builtin_ctz(m);
        uint32_t ctrl = cfg->key_ctrl[i];
        if (!((FIELD(ctrl, KEY_CTRL, PMASK) >> p) & 1u))
            continue;
        if (FIELD(ctrl, KEY_CTRL, GRP))
            return (struct vmxr_route){ VMXR_RULE_KEY, VMXR_T_NONE, (uint8_t)i,
                                        (uint8_t)(FIELD(ctrl, KEY_CTRL, VMM) & 3u) };
        return (struct vmxr_route){ VMXR_RULE_KEY, (uint8_t)FIELD(ctrl, KEY_CTRL, VMM), (uint8_t)i, 0 };
    }
    /* 6. event-type route (a reason past 64 was refused by validation) */
    if (c->reason >= VMXR_NREASON)
        return (struct vmxr_route){ VMXR_RULE_HOME, VMXR_T_NONE, 0, 0 };
    uint32_t ty = cfg->type[p][c->reason];
    switch (FIELD(ty, TYPE, MODE)) {
    case 1: return (struct vmxr_route){ VMXR_RULE_TYPE, (uint8_t)FIELD(ty, TYPE, VMM), c->reason, 0 };
    case 2: return (struct vmxr_route){ VMXR_RULE_GROUP, VMXR_T_NONE, (uint8_t)(FIELD(ty, TYPE, VMM) & 3u), 0 };
    default: /* 0 HOME; 3 is refused on write (BAD_VALUE) and never stored */
        return (struct vmxr_route){ VMXR_RULE_HOME, VMXR_T_NONE, 0, 0 };
    }
}

struct vmxr_route vmxr_route_static(const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned k,
                                    unsigned p)
{
    if (c->op != VMXR_OP_EVENT && c->op != VMXR_OP_INJECT)
        return NO_RULE;
    struct vmxr_hits h = vmxr_route_hits(cfg, c);
    return vmxr_route_static_hits(cfg, c, k, p, &h);
}

unsigned vmxr_usage(const struct vmxr_state *st, unsigned v)
{
    uint32_t u = (uint32_t)st->pending_count[v] * FIELD(st->cfg.pend_weight, PEND_WEIGHT, WEIGHT) +
                 FIELD(st->cfg.sw_usage[v], SW_USAGE, USAGE);
    return u > 0xFFFFu ? 0xFFFFu : u;
}

unsigned vmxr_group_pick(const struct vmxr_state *st, unsigned g)
{
    const struct vmxr_cfg *cfg = &st->cfg;
    unsigned cand = FIELD(cfg->group[g & 3u], GROUP, MEMBERS) & (cfg->vmm_en | VMXR_VMM_EN_ONES);
    unsigned best = VMXR_T_NONE, best_usage = 0;
    for (unsigned v = 0; v < VMXR_NVMM; v++) {
        if (!((cand >> v) & 1u))
            continue;
        unsigned u = vmxr_usage(st, v);
        if (best == VMXR_T_NONE || u < best_usage) {
            best = v;
            best_usage = u;
        }
    }
    return best;
}

struct vmxr_route vmxr_route_resolve(const struct vmxr_state *st, uint8_t s, struct vmxr_route r)
{
    const struct vmxr_cfg *cfg = &st->cfg;
    bool grp = r.rule == VMXR_RULE_KEY && r.t == VMXR_T_NONE;
    if (r.rule == VMXR_RULE_GROUP || grp) {
        unsigned best = vmxr_group_pick(st, grp ? r.grp : r.idx);
        if (best == VMXR_T_NONE)
            r = (struct vmxr_route){ VMXR_RULE_HOME, VMXR_T_NONE, 0, 0 };
        else
            r = (struct vmxr_route){ r.rule, (uint8_t)best, r.idx, 0 };
    }
    /* 7. home */
    if (r.rule == VMXR_RULE_HOME) {
        unsigned id = vmxr_ctx_id(s);
        if (vmxr_ctx_is_vmm(s))
            r = (struct vmxr_route){ VMXR_RULE_HOME, (uint8_t)id, (uint8_t)id, 0 };
        else
            r = (struct vmxr_route){ VMXR_RULE_HOME, (uint8_t)FIELD(cfg->owner[id], OWNER, VMM), (uint8_t)id, 0 };
    }
    /* 8. offline fallback */
    if (r.t != 0 && !(((cfg->vmm_en | VMXR_VMM_EN_ONES) >> r.t) & 1u))
        r = (struct vmxr_route){ VMXR_RULE_FALLBACK, 0, r.t, 0 };
    return r;
}

static void fill(struct vmxr_decision *d, unsigned outcome, unsigned err, uint8_t from, uint8_t to,
                 struct vmxr_route r)
{
    d->outcome = (uint8_t)outcome;
    d->err = (uint8_t)err;
    d->from = from;
    d->to = to;
    d->rule = r.rule;
    d->idx = r.idx;
}

void vmxr_event_exec(struct vmxr_state *st, unsigned c, unsigned k, struct vmxr_route r,
                     struct vmxr_decision *d)
{
    struct vmxr_cpu *cpu = &st->cpu[c];
    uint8_t s = cpu->cur;
    unsigned kbit = k < VMXR_PCLASS_INIT_SIPI ? 1u << k : 0; /* SMI or NMI */

    /* 2. blocked SMI/NMI: latch pending */
    if (kbit && (vmxr_blocked(cpu) & kbit)) {
        cpu->pend |= (uint8_t)kbit;
        fill(d, VMXR_OUTCOME_PENDED, 0, s, s, NO_RULE);
        return;
    }
    r = vmxr_route_resolve(st, s, r);
    /* transition */
    if (s == vmxr_ctx_vmm(r.t)) {
        fill(d, VMXR_OUTCOME_LOCAL, 0, s, s, r);
        return;
    }
    if (cpu->depth == VMXR_DEPTH) {
        if (kbit) {
            cpu->pend |= (uint8_t)kbit;
            fill(d, VMXR_OUTCOME_PENDED, 0, s, s, NO_RULE);
        } else {
            fill(d, VMXR_OUTCOME_ERROR, VMXR_ERRC_STACK_OVERFLOW, s, s, NO_RULE);
        }
        return;
    }
    uint8_t blk = k == VMXR_PCLASS_SMI ? (uint8_t)(VMXR_BLK_SMI | VMXR_BLK_NMI)
                : k == VMXR_PCLASS_NMI ? (uint8_t)VMXR_BLK_NMI
                                       : 0;
    cpu->stack[cpu->depth++] = (struct vmxr_frame){ s, r.t, blk };
    cpu->cur = vmxr_ctx_vmm(r.t);
    st->pending_count[r.t]++;
    st->delivered[r.t]++;
    fill(d, VMXR_OUTCOME_DELIVER, 0, s, cpu->cur, r);
}

/* Pops the top entry of CPU c (RESUME, or a switching LAUNCH). */
static uint8_t pop(struct vmxr_state *st, struct vmxr_cpu *cpu)
{
    struct vmxr_frame f = cpu->stack[--cpu->depth];
    st->pending_count[f.to]--;
    return f.ctx;
}

bool vmxr_launch_exec(struct vmxr_state *st, const struct vmxr_cmd *c, struct vmxr_decision *d)
{
    struct vmxr_cpu *cpu = &st->cpu[c->cpu];
    uint8_t s = cpu->cur;
    unsigned err = VMXR_ERRC_NONE;
    if (!vmxr_ctx_is_vmm(s))
        err = VMXR_ERRC_NOT_IN_VMM;
    else if (c->vm >= VMXR_NVM)
        err = VMXR_ERRC_BAD_VM;
    else if (!(cpu->depth == 0 || (cpu->depth == 1 && !vmxr_ctx_is_vmm(cpu->stack[0].ctx))))
        err = VMXR_ERRC_BUSY;
    else if (vmxr_ctx_id(s) != 0 && vmxr_ctx_id(s) != FIELD(st->cfg.owner[c->vm], OWNER, VMM))
        err = VMXR_ERRC_NOT_OWNER;
    if (err) {
        fill(d, VMXR_OUTCOME_ERROR, err, s, s, NO_RULE);
        return false;
    }
    bool popped = cpu->depth == 1;
    if (popped)
        pop(st, cpu);
    cpu->cur = vmxr_ctx_vm(c->vm);
    fill(d, VMXR_OUTCOME_LAUNCHED, 0, s, cpu->cur, NO_RULE);
    return popped;
}

bool vmxr_resume_exec(struct vmxr_state *st, const struct vmxr_cmd *c, struct vmxr_decision *d)
{
    struct vmxr_cpu *cpu = &st->cpu[c->cpu];
    uint8_t s = cpu->cur;
    unsigned err = VMXR_ERRC_NONE;
    if (!vmxr_ctx_is_vmm(s))
        err = VMXR_ERRC_NOT_IN_VMM;
    else if (cpu->depth == 0)
        err = VMXR_ERRC_EMPTY;
    if (err) {
        fill(d, VMXR_OUTCOME_ERROR, err, s, s, NO_RULE);
        return false;
    }
    cpu->cur = pop(st, cpu);
    fill(d, VMXR_OUTCOME_RESUMED, 0, s, cpu->cur, NO_RULE);
    return true;
}

unsigned vmxr_inject_next(const struct vmxr_state *st, unsigned c)
{
    const struct vmxr_cpu *cpu = &st->cpu[c];
    unsigned ready = cpu->pend & ~vmxr_blocked(cpu);
    if (ready & VMXR_BLK_SMI)
        return VMXR_PCLASS_SMI;
    if (ready & VMXR_BLK_NMI)
        return VMXR_PCLASS_NMI;
    return VMXR_PCLASS_NONE;
}

bool vmxr_command_exec(struct vmxr_state *st, const struct vmxr_cmd *c, unsigned err, unsigned k,
                       struct vmxr_route r, struct vmxr_decision *d)
{
    *d = (struct vmxr_decision){ .cpu = c->cpu, .op = c->op == VMXR_OP_INJECT ? VMXR_OP_EVENT : c->op };
    if (d->op == VMXR_OP_EVENT) {
        d->reason = c->reason;
        d->qual = c->qual;
    }
    bool popped = false;
    if (err) {
        uint8_t s = err == VMXR_ERRC_BAD_CPU ? 0 : st->cpu[c->cpu].cur;
        fill(d, VMXR_OUTCOME_ERROR, err, s, s, NO_RULE);
    } else if (d->op == VMXR_OP_EVENT) {
        vmxr_event_exec(st, c->cpu, k, r, d);
    } else if (d->op == VMXR_OP_LAUNCH) {
        popped = vmxr_launch_exec(st, c, d);
    } else {
        popped = vmxr_resume_exec(st, c, d);
    }
    vmxr_count_command(st, d);
    return popped;
}

unsigned vmxr_command_check(const struct vmxr_cmd *c)
{
    if (c->cpu >= VMXR_NCPU)
        return VMXR_ERRC_BAD_CPU;
    if (c->op == VMXR_OP_EVENT || c->op == VMXR_OP_INJECT)
        return vmxr_validate(c);
    return VMXR_ERRC_NONE;
}

struct vmxr_cmd vmxr_inject_cmd(unsigned c, unsigned k)
{
    struct vmxr_cmd e = { .cpu = (uint8_t)c, .op = VMXR_OP_INJECT };
    if (k == VMXR_PCLASS_SMI) {
        e.reason = 6;
    } else {
        e.reason = 0;
        e.itype = 2;
        e.vector = 2;
    }
    return e;
}

unsigned vmxr_inject_step(struct vmxr_state *st, unsigned c, struct vmxr_decision *d)
{
    unsigned k = vmxr_inject_next(st, c);
    if (k == VMXR_PCLASS_NONE)
        return k;
    struct vmxr_cmd e = vmxr_inject_cmd(c, k);
    struct vmxr_route r = vmxr_route_static(&st->cfg, &e, k, vmxr_profile(&st->cfg, st->cpu[c].cur));
    st->cpu[c].pend &= (uint8_t)~(1u << k);
    *d = (struct vmxr_decision){ .cpu = (uint8_t)c, .op = VMXR_OP_INJECT, .reason = e.reason };
    vmxr_event_exec(st, c, k, r, d);
    return k;
}

void vmxr_count_command(struct vmxr_state *st, const struct vmxr_decision *d)
{
    st->cmd_count++;
    if (d->outcome == VMXR_OUTCOME_ERROR) {
        st->err_count++;
        st->cfg.err = (st->cfg.err & ~VMXR_ERR_CODE_MASK) | VMXR_ERR_CMD_MASK |
                      (((uint32_t)d->err << VMXR_ERR_CODE_LSB) & VMXR_ERR_CODE_MASK);
    }
}
