/* VMXR-2 cycle-accurate unit; see vmxr_unit.h and docs/pipeline.md. */
#include <string.h>

#include "vmxr_unit.h"

void vmxr_unit_reset(struct vmxr_unit *u, const struct vmxr_straps *straps)
{
    memset(u, 0, sizeof *u);
    vmxr_state_reset(&u->st, straps);
}

static struct vmxr_cmd in_cmd(const struct vmxr_unit_in *in)
{
    struct vmxr_cmd c = {
        .cpu = in->cmd_cpu,
        .op = in->cmd_op,
        .reason = in->cmd_reason,
        .itype = in->cmd_itype,
        .vector = in->cmd_vector,
        .vm = in->cmd_vm,
        .qual = in->cmd_qual,
        .errcode = in->cmd_errcode,
        .gpa = in->cmd_gpa,
    };
    return vmxr_cmd_mask(c);
}

/* Handshake and stall conditions of one cycle, from registers and inputs. */
struct ctl {
    bool ex_busy;     /* EX holds a command or an injection is due */
    bool dq_free;     /* DQ can take a decision at this edge */
    bool ex_fire_inj; /* EX performs an injection at this edge */
    bool ex_fire_cmd; /* EX executes its command at this edge */
    bool rt_fire;     /* the command in the RT register moves to EX at this edge */
    bool wr_access;   /* APB write in its access phase */
    bool pready, cmd_ready;
};

static struct ctl control(const struct vmxr_unit *u, const struct vmxr_unit_in *in)
{
    struct ctl k;
    k.ex_busy = u->ex_valid || u->inj_busy;
    k.dq_free = !u->dq_valid || in->dec_ready;
    k.ex_fire_inj = u->inj_busy && k.dq_free;
    k.ex_fire_cmd = u->ex_valid && !u->inj_busy && k.dq_free;
    k.rt_fire = u->rt_valid && (!u->ex_valid || k.ex_fire_cmd);
    k.wr_access = in->psel && in->penable && in->pwrite;
    /* A write waits until RT and EX are empty: every command handshaken
     * before it has executed, so none can observe it. No command is taken
     * while a write is in its access phase, so none is taken at its
     * completing edge. */
    k.pready = !(in->pwrite && (u->rt_valid || k.ex_busy));
    k.cmd_ready = (!u->rt_valid || k.rt_fire) && !k.wr_access && !u->usage_hold;
    return k;
}

static void outputs(const struct vmxr_unit *u, const struct vmxr_unit_in *in, const struct ctl *ctl,
                    struct vmxr_unit_out *out)
{
    struct ctl k = *ctl;
    out->pready = k.pready;
    out->cmd_ready = k.cmd_ready;
    out->prdata = 0;
    out->pslverr = false;
    if (in->psel && in->penable && k.pready) {
        unsigned addr = in->paddr & 0xFFFu;
        if (in->pwrite)
            out->pslverr = vmxr_apb_write_check(&u->st, in->pauser & 7u, addr, in->pwdata) != 0;
        else
            out->prdata = vmxr_apb_peek(&u->st, addr, &out->pslverr);
    }
    const struct vmxr_decision *d = &u->dq;
    out->dec_valid = u->dq_valid;
    out->dec_cpu = d->cpu;
    out->dec_op = d->op;
    out->dec_outcome = d->outcome;
    out->dec_err = d->err;
    out->dec_from = d->from;
    out->dec_to = d->to;
    out->dec_rule = d->rule;
    out->dec_idx = d->idx;
    out->dec_reason = d->reason;
    out->dec_qual = d->qual;
    out->idle = !u->rt_valid && !k.ex_busy && !u->dq_valid;
}

void vmxr_unit_eval(const struct vmxr_unit *u, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    struct ctl k = control(u, in);
    outputs(u, in, &k, out);
}

/* RT: checks, class and the static route for every profile. Reads only the
 * configuration registers. */
static void rt_stage(const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, struct vmxr_unit *u)
{
    u->ex_cmd = *c;
    u->ex_err = (uint8_t)vmxr_command_check(c);
    u->ex_k = (uint8_t)vmxr_pclass(cfg, c);
    if ((c->op != VMXR_OP_EVENT && c->op != VMXR_OP_INJECT) || u->ex_err)
        return; /* ex_route is not used by LAUNCH, RESUME or a refused event */
    struct vmxr_route plat;
    if (vmxr_route_plat(cfg, u->ex_k, &plat)) { /* step 3 needs no profile */
        for (unsigned p = 0; p < VMXR_NPROF; p++)
            u->ex_route[p] = plat;
        return;
    }
    struct vmxr_hits hits = vmxr_route_hits(cfg, c);
    for (unsigned p = 0; p < VMXR_NPROF; p++)
        u->ex_route[p] = vmxr_route_static_hits(cfg, c, u->ex_k, p, &hits);
}

/* EX: the command in the EX register, against the live per-CPU state. */
static void ex_command(struct vmxr_unit *u)
{
    const struct vmxr_cmd *c = &u->ex_cmd;
    struct vmxr_route r = { VMXR_RULE_NONE, 0, 0, 0 };
    if (!u->ex_err)
        r = u->ex_route[vmxr_profile(&u->st.cfg, u->st.cpu[c->cpu].cur)];
    bool popped = vmxr_command_exec(&u->st, c, u->ex_err, u->ex_k, r, &u->dq);
    u->dq_route = c->op == VMXR_OP_EVENT ? r.rule : VMXR_RULE_NONE;
    u->inj_busy = popped && vmxr_inject_next(&u->st, c->cpu) != VMXR_PCLASS_NONE;
    u->inj_cpu = c->cpu;
}

/* EX: one injection; an SMI injection may leave an NMI injection due. */
static void ex_inject(struct vmxr_unit *u)
{
    unsigned k = vmxr_inject_step(&u->st, u->inj_cpu, &u->dq);
    u->dq_route = VMXR_RULE_NONE;
    u->inj_busy = k == VMXR_PCLASS_SMI && vmxr_inject_next(&u->st, u->inj_cpu) != VMXR_PCLASS_NONE;
}

void vmxr_unit_step(struct vmxr_unit *u, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    struct ctl k = control(u, in);
    outputs(u, in, &k, out);
    if (!in->rst_n) {
        struct vmxr_straps s = { in->strap_smi_en, (uint8_t)(in->strap_smi_vmm & 7u), in->strap_smi_lock };
        vmxr_unit_reset(u, &s);
        return;
    }
    bool cmd_fire = in->cmd_valid && k.cmd_ready;
    bool apb_fire = in->psel && in->penable && k.pready;

    /* EX -> DQ */
    if (k.ex_fire_inj) {
        ex_inject(u);
        u->dq_valid = true;
    } else if (k.ex_fire_cmd) {
        ex_command(u);
        u->dq_valid = true;
    } else if (u->dq_valid && in->dec_ready) {
        u->dq_valid = false;
    }
    /* APB completion (never together with an EX execution for a write) */
    u->usage_hold = apb_fire && in->pwrite && (in->paddr & 0xFFFu) == VMXR_PEND_WEIGHT_ADDR;
    if (apb_fire) {
        unsigned addr = in->paddr & 0xFFFu;
        bool err;
        if (in->pwrite)
            vmxr_apb_write(&u->st, in->pauser & 7u, addr, in->pwdata);
        else
            vmxr_apb_read(&u->st, addr, &err);
    }
    /* RT -> EX. RT reads only configuration, which EX never changes and a
     * write changes only with RT empty. */
    if (k.rt_fire) {
        rt_stage(&u->st.cfg, &u->rt_cmd, u);
        u->ex_valid = true;
    } else if (k.ex_fire_cmd) {
        u->ex_valid = false;
    }
    /* handshake -> RT */
    if (cmd_fire) {
        u->rt_cmd = in_cmd(in);
        u->rt_valid = true;
    } else if (k.rt_fire) {
        u->rt_valid = false;
    }
}

bool vmxr_unit_quiescent(const struct vmxr_unit *u, const struct vmxr_unit_in *in)
{
    /* vmxr_unit_step changes state only through reset, an RT or EX move, an
     * injection, a DQ handshake, an APB completion or a command handshake */
    return in->rst_n && !in->psel && !in->cmd_valid && !u->rt_valid && !u->ex_valid && !u->inj_busy &&
           !u->dq_valid && !u->usage_hold;
}
