/* The explanation engine (explain.h): why the command at one line of a
 * vector file went where it went.
 *
 * The file is replayed up to the line on the transaction-level core; the
 * command is then walked through the rules of docs/architecture.md (checks,
 * steps 1-8 and the transition for an EVENT, the checks and the pop for
 * LAUNCH and RESUME, the injections that follow a pop) on that state, using
 * the model's own functions for every fact they provide (class, profile,
 * blocked set, I/O hits, usage, static route, resolution). Every outcome the
 * walk claims is finally compared with what vmxr_txn_command decides; a
 * disagreement is reported to the caller, which guards the explanation
 * against drifting from the model. The EVENT walk is in explain_event.c,
 * `vmxr explain` in cli/cmd_explain.c. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "explain_int.h"

/* SDM basic exit reasons (Appendix C). */
const char *const explain_reason_names[VMXR_NREASON] = {
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

const char *const explain_itype_names[8] = {
    "external interrupt", "reserved", "NMI", "hardware exception", "software interrupt",
    "privileged software exception", "software exception", "other event",
};

const char *const explain_vector_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "coprocessor segment overrun", "#TS", "#NP",
    "#SS", "#GP", "#PF", "reserved", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "reserved", "reserved",
    "reserved", "reserved", "reserved", "reserved", "reserved", "reserved", "reserved", "reserved",
};

static struct sbuf outcome_str(const struct vmxr_decision *d)
{
    struct sbuf b;
    struct vec_outcome o = vec_outcome_of(d);
    vec_outcome_format(&o, b.s, sizeof b.s);
    return b;
}

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
    } else if (c->reason == 48) {
        fprintf(o, "  qual    0x%08X: access kinds A = bits 2:0 = 0x%X (read %u, write %u, fetch %u)\n", c->qual,
                c->qual & 7u, c->qual & 1u, (c->qual >> 1) & 1u, (c->qual >> 2) & 1u);
        fprintf(o, "  gpa     0x%016llX: frame F = bits 43:12 = 0x%08X, bits 63:44 = 0x%05X\n",
                (unsigned long long)c->gpa, (unsigned)(uint32_t)(c->gpa >> 12), (unsigned)(c->gpa >> 44));
    } else if (vmxr_key_kind(c->reason)) {
        fprintf(o, "  qual    0x%08X: the key K of the %s (%s)\n", c->qual, reason_name(c->reason),
                explain_key_meaning(c->reason));
    } else {
        fprintf(o, "  qual    0x%08X\n", c->qual);
    }
    if (c->reason != 48 && c->gpa)
        fprintf(o, "  gpa     0x%016llX: not used by reason %u\n", (unsigned long long)c->gpa, c->reason);
    if (c->reason != 0 && c->reason != 1) {
        fprintf(o, "  itype %u, vector %u, errcode 0x%08X: not used by reason %u\n", c->itype, c->vector, c->errcode,
                c->reason);
        return;
    }
    fprintf(o, "  itype   %u (%s)\n", c->itype, explain_itype_names[c->itype & 7u]);
    if (c->vector < 32 && c->reason == 0)
        fprintf(o, "  vector  %u (0x%02X, %s)\n", c->vector, c->vector, explain_vector_names[c->vector]);
    else
        fprintf(o, "  vector  %u (0x%02X)\n", c->vector, c->vector);
    fprintf(o, "  errcode 0x%08X\n", c->errcode);
}
/* Applies one item that is not explained to st on the transaction-level
 * core, counting it: counts[0] items, [1] wr, [2] rd, [3] commands. */
static void apply_item(struct vmxr_state *st, const struct vec_item *p, unsigned counts[4])
{
    struct vmxr_decision d[3];
    bool slverr;
    switch (p->kind) {
    case VEC_WR: vmxr_apb_write(st, p->vmm, p->addr, p->value); counts[1]++; break;
    case VEC_RD: vmxr_apb_read(st, p->addr, &slverr); counts[2]++; break;
    case VEC_EV:
    case VEC_LAUNCH:
    case VEC_RESUME: vmxr_txn_command(st, &p->cmd, d); counts[3]++; break;
    default: break;
    }
    counts[0]++;
}

/* Replays src's items before line on st (reset first); the item on line
 * in *it and its text in text (textlen bytes). False when line holds no
 * command (with the reason in why). */
static bool replay_to(struct vec_reader *src, unsigned line, struct vmxr_state *st, struct vec_item *it, char *text,
                      size_t textlen, unsigned counts[4], char *why, size_t whylen)
{
    if (!vec_rewind(src, why, whylen))
        return false;
    vmxr_state_reset(st, vec_straps(src));
    const char *t;
    int rc;
    while ((rc = vec_next(src, it, &t, why, whylen)) == 1 && it->line < line)
        apply_item(st, it, counts);
    if (rc < 0)
        return false;
    if (rc == 0 || it->line != line || !vec_is_command(it->kind)) {
        snprintf(why, whylen, "%s:%u: not a command (ev, launch or resume)", vec_path(src), line);
        return false;
    }
    snprintf(text, textlen, "%s", t);
    return true;
}

bool explain_has_command(struct vec_reader *src, unsigned line)
{
    struct vec_item it;
    const char *t;
    char err[256];
    if (!vec_rewind(src, err, sizeof err))
        return false;
    while (vec_next(src, &it, &t, err, sizeof err) == 1 && it.line <= line)
        if (it.line == line)
            return vec_is_command(it.kind);
    return false;
}

/* Explains the command *it (its text linetext) on st, the state after the
 * counts[0] items before it; executes it on st (sim is scratch). As
 * explain_command from its replay on. */
static enum explain_status explain_here(struct vec_reader *src, struct vmxr_state *st, struct vmxr_state *sim,
                                        const struct vec_item *it, const char *linetext, const unsigned counts[4],
                                        FILE *out, char *why, size_t whylen, unsigned *nbad)
{
    unsigned idx = counts[0], nwr = counts[1], nrd = counts[2], ncmd = counts[3];
    const struct vmxr_straps *straps = vec_straps(src);

    FILE *o = out;
    struct ex x = { .out = o, .ind = "" };
    const char *text = linetext;
    while (*text == ' ' || *text == '\t')
        text++;
    fprintf(out, "explain %s:%u on the transaction-level core\n", vec_path(src), it->line);
    fprintf(out, "  %s\n", text);
    fprintf(out, "replayed %u item%s before it from reset: %u wr, %u rd, %u commands; straps: smi en=%u vmm=%u lock=%u\n",
           idx, idx == 1 ? "" : "s", nwr, nrd, ncmd, straps->smi_en, straps->smi_vmm, straps->smi_lock);
    fprintf(out, "\n");

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
    struct vmxr_route mr = { VMXR_RULE_NONE, 0, 0, 0 };
    if (!merr && is_event) {
        mk = vmxr_pclass(&sim->cfg, &c);
        mr = vmxr_route_static(&sim->cfg, &c, mk, vmxr_profile(&sim->cfg, sim->cpu[c.cpu].cur));
    }
    struct vmxr_decision sd;
    bool popped = vmxr_command_exec(sim, &c, merr, mk, mr, &sd);
    if (popped != claim_pop)
        disagree(&x, "pop: the explanation says %s, the model %s", claim_pop ? "popped" : "no pop",
                 popped ? "popped" : "no pop");
    fprintf(out, "\n");
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
    fprintf(out, "\nactual decision%s (vmxr_txn_command):\n", nd == 1 ? "" : "s");
    for (unsigned i = 0; i < nd; i++)
        fprintf(out, "  %s\n", dec_full(&dec[i]).s);
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
        fprintf(out, "  the file expects: %s (%s)\n", buf, same ? "matches" : "DIFFERS from the model");
    }
    fprintf(out, "\n");
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

    fflush(out);
    if (x.bad) {
        snprintf(why, whylen, "%s", x.why);
        *nbad = x.bad;
        return EXPLAIN_DISAGREES;
    }
    return EXPLAIN_AGREES;
}

enum explain_status explain_command(struct vec_reader *src, unsigned line, FILE *out, char *why, size_t whylen,
                                    unsigned *nbad)
{
    *nbad = 0;
    struct vmxr_state *st = malloc(sizeof *st), *sim = malloc(sizeof *sim);
    char *linetext = malloc(VEC_MAX_LINE + 1);
    if (!st || !sim || !linetext) {
        snprintf(why, whylen, "out of memory");
        free(st);
        free(sim);
        free(linetext);
        return EXPLAIN_FAILED;
    }
    /* replay every item before the line */
    struct vec_item item;
    unsigned counts[4] = { 0 }; /* items, wr, rd, commands */
    enum explain_status rc = EXPLAIN_FAILED;
    if (replay_to(src, line, st, &item, linetext, VEC_MAX_LINE + 1, counts, why, whylen))
        rc = explain_here(src, st, sim, &item, linetext, counts, out, why, whylen, nbad);
    free(st);
    free(sim);
    free(linetext);
    return rc;
}

enum explain_status explain_all(struct vec_reader *src, FILE *out, char *why, size_t whylen, unsigned *ncmd,
                                unsigned *nbad)
{
    *ncmd = *nbad = 0;
    struct vmxr_state *st = malloc(sizeof *st), *sim = malloc(sizeof *sim);
    if (!st || !sim) {
        snprintf(why, whylen, "out of memory");
        free(st);
        free(sim);
        return EXPLAIN_FAILED;
    }
    enum explain_status rc = EXPLAIN_AGREES;
    if (!vec_rewind(src, why, whylen)) {
        rc = EXPLAIN_FAILED;
    } else {
        vmxr_state_reset(st, vec_straps(src));
        struct vec_item item;
        unsigned counts[4] = { 0 };
        const char *t;
        int r;
        while ((r = vec_next(src, &item, &t, why, whylen)) == 1) {
            if (!vec_is_command(item.kind)) {
                apply_item(st, &item, counts);
                continue;
            }
            char w[512];
            unsigned nb = 0;
            if (*ncmd)
                fputc('\n', out);
            if (explain_here(src, st, sim, &item, t, counts, out, w, sizeof w, &nb) != EXPLAIN_AGREES) {
                if (!*nbad)
                    snprintf(why, whylen, "%s:%u: %s", vec_path(src), item.line, w);
                ++*nbad;
                rc = EXPLAIN_DISAGREES;
            }
            counts[0]++;
            counts[3]++;
            ++*ncmd;
        }
        if (r < 0)
            rc = EXPLAIN_FAILED;
        else if (*ncmd == 0) {
            snprintf(why, whylen, "%s: no command (ev, launch or resume) to explain", vec_path(src));
            rc = EXPLAIN_FAILED;
        }
    }
    free(st);
    free(sim);
    return rc;
}
