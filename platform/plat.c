/* The host platform: guest vCPUs, platform event sources, the HAL the
 * firmware calls, the dispatch of every decision to the firmware, and the
 * transcript (docs/platform.md).
 *
 * Control flow. The platform owns the processors: it interleaves the CPUs
 * round-robin, one guest instruction per CPU per turn, turns the
 * instruction into the EVENT of the guest ABI (vmms.h) and issues it on the
 * bus. A decision that gives a VMM control calls fw_exit with a struct
 * vmxr_hal bound to (CPU, VMM) for the time of the call; the firmware's VM
 * entry (hal_resume / hal_launch) issues its command at once, and the
 * injections it causes are dispatched after the handler returns. Events
 * raised while a VMM runs (`during` in the scenario) are issued from inside
 * that VMM's first HAL call and dispatched recursively, so the C call stack
 * mirrors the unit's context stacks.
 *
 * A run stops (longjmp back to plat_run, the firmware's frames abandoned)
 * on a firmware bug, a runaway (step, command, HAL-call or nesting limit)
 * or a bus failure; the transcript says which. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "plat_int.h"
#include "platform.h"
#include "vec1.h"
#include "vmxr_hal.h"

#define MAX_NEST 32u                  /* handler frames in the recursion */
#define MAX_HAL_CALLS 20000000ull     /* per run */
#define CMDS_PER_STEP 64ull           /* commands allowed per guest instruction */
#define MAX_CONSOLE (1u << 20)

struct vmxr_hal {
    struct plat *p;
    unsigned cpu, vmm;
    struct vmxr_exit exit;
    bool local;       /* LOCAL outcome or boot: need not end with a VM entry */
    bool boot;
    bool entered;     /* a VM entry succeeded: no more HAL calls */
    const char *entry; /* which one */
    bool first_done;  /* the first HAL call has happened */
    unsigned nth;     /* this VMM's handler invocation number (0: boot) */
    unsigned ninj;
    struct vmxr_decision inj[VMXR_BUS_MAX_DEC];
};

/* ---- transcript -------------------------------------------------------- */

void plat_tline(struct plat *p, unsigned extra, const char *fmt, ...)
{
    for (unsigned i = 0; i < 2 * (p->depth + extra); i++)
        fputc(' ', p->tx);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(p->tx, fmt, ap);
    va_end(ap);
    fputc('\n', p->tx);
}

#define tline plat_tline

static void ctx_name(uint8_t ctx, char *buf, size_t n) { vec_ctx_format(ctx, buf, n); }

/* Stops the run: the reason goes to the transcript and to the result. */
static _Noreturn void stop(struct plat *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->why, sizeof p->why, fmt, ap);
    va_end(ap);
    fprintf(p->tx, "!! %s\n", p->why);
    p->stopped = true;
    longjmp(p->stop, 1);
}

/* ---- commands ---------------------------------------------------------- */

static unsigned issue(struct plat *p, const struct vmxr_cmd *c, const char *desc, struct vmxr_decision d[VMXR_BUS_MAX_DEC])
{
    if (p->commands >= p->max_commands)
        stop(p, "runaway: %llu commands for %llu guest instructions (limit %llu per instruction); firmware loop?",
             (unsigned long long)p->commands, (unsigned long long)p->now, CMDS_PER_STEP);
    char note[300], ctx[16] = "?";
    if (c->cpu < p->ncpu)
        ctx_name(p->cur[c->cpu], ctx, sizeof ctx);
    snprintf(note, sizeof note, "cpu%u %s: %s", c->cpu, ctx, desc);
    tap_note(p->bus, note);
    unsigned n = vmxr_bus_command(p->bus, c, d);
    p->commands++;
    const char *f = vmxr_bus_failure(p->bus);
    if (f || n == 0 || n > VMXR_BUS_MAX_DEC) {
        p->bus_failed = true;
        stop(p, "bus failure on '%s' (cpu%u): %s", desc, c->cpu, f ? f : n == 0 ? "no decision" : "too many decisions");
    }
    for (unsigned k = 0; k < n; k++) {
        if (d[k].cpu < p->ncpu)
            p->cur[d[k].cpu] = d[k].to;
        if (d[k].rule < VMXR_RULE_COUNT)
            p->rules[d[k].rule]++;
    }
    return n;
}

static void outcome_text(const struct vmxr_decision *d, char *buf, size_t n)
{
    struct vec_outcome o = vec_outcome_of(d);
    vec_outcome_format(&o, buf, n);
}

static void print_decision(struct plat *p, unsigned extra, const struct vmxr_decision *d, const char *desc)
{
    char from[16], out[64];
    ctx_name(d->from, from, sizeof from);
    outcome_text(d, out, sizeof out);
    tline(p, extra, "cpu%u %s: %s -> %s", d->cpu, from, desc, out);
}

/* ---- handlers ---------------------------------------------------------- */

static void dispatch(struct plat *p, const struct vmxr_cmd *c, const struct vmxr_decision *d, const char *desc);

static struct vcpu *vcpu_of(struct plat *p, unsigned cpu, uint8_t ctx)
{
    if (vmxr_ctx_is_vmm(ctx) || vmxr_ctx_id(ctx) >= FW_MAX_VMS || cpu >= FW_MAX_CPUS)
        return NULL;
    return &p->vcpu[vmxr_ctx_id(ctx)][cpu];
}

static void inject_cmd(const struct vmxr_decision *d, struct vmxr_cmd *c)
{
    *c = (struct vmxr_cmd){ .cpu = d->cpu, .op = VMXR_OP_EVENT, .reason = d->reason, .qual = d->qual };
    if (d->reason == 0) { /* the injected NMI */
        c->itype = 2;
        c->vector = 2;
    }
}

/* Runs the firmware for a DELIVER or LOCAL decision d of command c. */
static void run_handler(struct plat *p, const struct vmxr_cmd *c, const struct vmxr_decision *d, const char *desc)
{
    bool local = d->outcome == VMXR_OUTCOME_LOCAL;
    unsigned cpu = d->cpu, vmm = vmxr_ctx_id(d->to) & 7u;
    if (p->depth >= MAX_NEST || p->nframes[cpu] >= MAX_CPU_FRAMES)
        stop(p, "runaway: handlers nested %u deep", p->depth);
    if (!vmxr_fw_vmm_of(p->fwd, vmm))
        stop(p, "firmware bug: the unit gave vmm %u control on cpu%u for '%s', but firmware '%s' has no vmm %u "
                "in its VMM table",
             vmm, cpu, desc, p->fwd->name, vmm);
    struct vmxr_hal h = { .p = p, .cpu = cpu, .vmm = vmm, .local = local };
    h.exit = (struct vmxr_exit){ .cpu = (uint8_t)cpu, .op = d->op, .outcome = d->outcome, .from = d->from,
                                 .rule = d->rule, .idx = d->idx, .reason = d->reason, .itype = c->itype,
                                 .vector = c->vector, .qual = d->qual, .errcode = c->errcode,
                                 .gpa = d->reason == 48 ? c->gpa : 0 };
    h.nth = ++p->invocations[vmm];
    if (d->reason < VMXR_NREASON)
        p->exits[vmm][d->reason]++;
    char cm[300];
    snprintf(cm, sizeof cm, "cpu%u vmm %u handles %s (handler #%u)", cpu, vmm, desc, h.nth);
    tap_comment(p->bus, cm);
    p->frames[cpu][p->nframes[cpu]++] = &h;
    p->depth++;
    p->fwd->exit(p->fw, &h);
    p->depth--;
    p->nframes[cpu]--;
    if (!local && !h.entered)
        stop(p, "firmware bug: vmm %u returned from its handler for '%s' (cpu%u, handler #%u) without a VM entry "
                "(hal_resume or hal_launch)",
             vmm, desc, cpu, h.nth);
    for (unsigned k = 0; k < h.ninj; k++) {
        struct vmxr_cmd ic;
        inject_cmd(&h.inj[k], &ic);
        dispatch(p, &ic, &h.inj[k], h.inj[k].reason == 0 ? "NMI (injected)" : "SMI (injected)");
    }
}

/* One decision: its transcript line, then the firmware. */
static void dispatch(struct plat *p, const struct vmxr_cmd *c, const struct vmxr_decision *d, const char *desc)
{
    print_decision(p, 0, d, desc);
    if (d->outcome == VMXR_OUTCOME_DELIVER || d->outcome == VMXR_OUTCOME_LOCAL)
        run_handler(p, c, d, desc);
}

/* Issues event c and dispatches its decision. */
static void event(struct plat *p, const struct vmxr_cmd *c, const char *desc)
{
    struct vmxr_decision d[VMXR_BUS_MAX_DEC];
    unsigned n = issue(p, c, desc, d);
    for (unsigned k = 0; k < n; k++)
        dispatch(p, c, &d[k], desc);
}

/* ---- platform events --------------------------------------------------- */

static void fire(struct plat *p, const struct scn_event *e, unsigned cpu, const char *src)
{
    struct vmxr_cmd c = { .cpu = (uint8_t)cpu, .op = VMXR_OP_EVENT };
    char desc[160];
    switch (e->kind) {
    case SCN_EV_SMI:
        c.reason = 6;
        snprintf(desc, sizeof desc, "SMI (%s)", src);
        break;
    case SCN_EV_NMI:
        c.itype = 2;
        c.vector = 2;
        snprintf(desc, sizeof desc, "NMI (%s)", src);
        break;
    case SCN_EV_MGMT_OFF:
    case SCN_EV_MGMT_ON:
        c.reason = 1;
        c.vector = (uint8_t)((e->kind == SCN_EV_MGMT_OFF ? 0x40 : 0x48) + e->arg);
        snprintf(desc, sizeof desc, "MGMT %s vmm %u (vector 0x%02X, %s)", e->kind == SCN_EV_MGMT_OFF ? "offline" : "online",
                 e->arg, c.vector, src);
        break;
    default:
        c.reason = 1;
        c.vector = e->arg;
        snprintf(desc, sizeof desc, "IPI 0x%02X (%s)", e->arg, src);
        break;
    }
    event(p, &c, desc);
}

static void fire_during(struct plat *p, struct vmxr_hal *h)
{
    for (unsigned i = 0; i < p->s->nevents; i++) {
        const struct scn_event *e = &p->s->events[i];
        if (!e->during || p->fired[i] || e->vmm != h->vmm || e->nth != h->nth)
            continue;
        p->fired[i] = true;
        char src[64];
        snprintf(src, sizeof src, "during vmm %u handler #%u", h->vmm, h->nth);
        fire(p, e, e->cpu >= 0 ? (unsigned)e->cpu : h->cpu, src);
    }
}

/* ---- the HAL ----------------------------------------------------------- */

static struct plat *enter(struct vmxr_hal *h, const char *fn)
{
    struct plat *p = h->p;
    if (++p->hal_calls > MAX_HAL_CALLS)
        stop(p, "runaway: more than %llu HAL calls (last: %s by vmm %u on cpu%u)", MAX_HAL_CALLS, fn, h->vmm, h->cpu);
    if (!h->entered && !h->first_done) {
        h->first_done = true;
        if (!h->boot)
            fire_during(p, h);
    }
    if (h->entered)
        stop(p, "firmware bug: vmm %u called %s on cpu%u after its VM entry (%s succeeded; the handler must return)",
             h->vmm, fn, h->cpu, h->entry);
    return p;
}

unsigned hal_cpu(struct vmxr_hal *h)
{
    enter(h, "hal_cpu");
    return h->cpu;
}

unsigned hal_vmm(struct vmxr_hal *h)
{
    enter(h, "hal_vmm");
    return h->vmm;
}

uint32_t hal_reg_read(struct vmxr_hal *h, unsigned addr)
{
    struct plat *p = enter(h, "hal_reg_read");
    if (addr > 0xFFFu)
        return 0; /* beyond the 12-bit APB window: unmapped (vmxr_hal.h) */
    bool err = false;
    uint32_t v = vmxr_bus_read(p->bus, h->vmm, addr, &err);
    return err ? 0 : v;
}

bool hal_reg_write(struct vmxr_hal *h, unsigned addr, uint32_t value)
{
    struct plat *p = enter(h, "hal_reg_write");
    if (addr > 0xFFFu)
        return true; /* no register there: refused, the unit is not touched */
    return vmxr_bus_write(p->bus, h->vmm, addr, value);
}

const struct vmxr_exit *hal_exit_info(struct vmxr_hal *h)
{
    enter(h, "hal_exit_info");
    return &h->exit;
}

uint64_t hal_guest_read(struct vmxr_hal *h, enum vmxr_gpr r)
{
    struct plat *p = enter(h, "hal_guest_read");
    struct vcpu *v = vcpu_of(p, h->cpu, h->exit.from);
    if (!v || (unsigned)r >= VMXR_GPR_COUNT)
        return 0;
    return v->r[r];
}

void hal_guest_write(struct vmxr_hal *h, enum vmxr_gpr r, uint64_t value)
{
    struct plat *p = enter(h, "hal_guest_write");
    struct vcpu *v = vcpu_of(p, h->cpu, h->exit.from);
    if (v && (unsigned)r < VMXR_GPR_COUNT)
        v->r[r] = value;
}

/* After a successful VM entry by frame h: h and, when h handled a LOCAL
 * event, the frames below it on its CPU up to the delivery whose stack
 * entry the entry popped, are finished. */
static void mark_entered(struct plat *p, struct vmxr_hal *h, const char *what)
{
    h->entered = true;
    h->entry = what;
    if (!h->local || h->boot)
        return;
    unsigned cpu = h->cpu, i = p->nframes[cpu];
    while (i > 0 && p->frames[cpu][i - 1] != h)
        i--;
    while (i > 1) {
        struct vmxr_hal *o = p->frames[cpu][--i - 1];
        o->entered = true;
        o->entry = what;
        if (!o->local)
            break;
    }
}

static int vm_entry(struct vmxr_hal *h, const struct vmxr_cmd *c, const char *what, const char *desc)
{
    struct plat *p = h->p;
    struct vmxr_decision d[VMXR_BUS_MAX_DEC];
    unsigned n = issue(p, c, desc, d);
    print_decision(p, 0, &d[0], desc);
    if (d[0].outcome == VMXR_OUTCOME_ERROR)
        return d[0].err ? d[0].err : -1;
    mark_entered(p, h, what);
    for (unsigned k = 1; k < n; k++)
        h->inj[h->ninj++] = d[k];
    return 0;
}

int hal_resume(struct vmxr_hal *h)
{
    struct plat *p = enter(h, "hal_resume");
    (void)p;
    struct vmxr_cmd c = { .cpu = (uint8_t)h->cpu, .op = VMXR_OP_RESUME };
    return vm_entry(h, &c, "hal_resume", "RESUME");
}

int hal_launch(struct vmxr_hal *h, unsigned vm)
{
    enter(h, "hal_launch");
    if (vm >= 1u << VMXR_VM_BITS)
        return VMXR_ERRC_BAD_VM; /* not encodable in the command's vm field: nothing issued */
    struct vmxr_cmd c = { .cpu = (uint8_t)h->cpu, .op = VMXR_OP_LAUNCH, .vm = (uint8_t)vm };
    char desc[32];
    snprintf(desc, sizeof desc, "LAUNCH vm %u", vm);
    return vm_entry(h, &c, "hal_launch", desc);
}

uint64_t hal_now(struct vmxr_hal *h) { return enter(h, "hal_now")->now; }

void hal_log(struct vmxr_hal *h, const char *text)
{
    struct plat *p = enter(h, "hal_log");
    char buf[256];
    size_t o = 0;
    for (const char *s = text ? text : "(null)"; *s && o + 1 < sizeof buf; s++)
        buf[o++] = (*s >= 0x20 && *s < 0x7F) ? *s : '?';
    buf[o] = '\0';
    tline(p, 0, "vmm %u| %s", h->vmm, buf);
}

void hal_console_tx(struct vmxr_hal *h, uint8_t byte)
{
    struct plat *p = enter(h, "hal_console_tx");
    if (p->ncon >= MAX_CONSOLE) {
        p->console_full = true;
        return;
    }
    if (p->ncon == p->capcon) {
        size_t nc = p->capcon ? p->capcon * 2 : 256;
        unsigned char *n = realloc(p->console, nc);
        if (!n) {
            p->console_full = true;
            return;
        }
        p->console = n;
        p->capcon = nc;
    }
    p->console[p->ncon++] = byte;
}

/* ---- guests ------------------------------------------------------------ */

static const struct scn_program *prog_of(struct plat *p, unsigned cpu)
{
    if (vmxr_ctx_is_vmm(p->cur[cpu]))
        return NULL;
    return scn_program_for(p->s, vmxr_ctx_id(p->cur[cpu]), cpu);
}

static bool runnable(struct plat *p, unsigned cpu)
{
    if (vmxr_ctx_is_vmm(p->cur[cpu]) || vmxr_ctx_id(p->cur[cpu]) >= FW_MAX_VMS)
        return false;
    const struct scn_program *g = prog_of(p, cpu);
    return g && p->vcpu[vmxr_ctx_id(p->cur[cpu])][cpu].pc < g->nops;
}

static uint32_t io_qual(unsigned port, unsigned size, bool in)
{
    return (uint32_t)port << 16 | (uint32_t)(size - 1) | (in ? 8u : 0u);
}

static const char *io_suffix(unsigned size) { return size == 4 ? "L" : size == 2 ? "W" : ""; }

static void exit_desc(const struct scn_op *op, char *desc, size_t n)
{
    switch (op->form) {
    case SCN_EXIT_EPT:
        snprintf(desc, n, "EPT violation 0x%llX access %s%s%s", (unsigned long long)op->gpa, op->a & 1u ? "r" : "",
                 op->a & 2u ? "w" : "", op->a & 4u ? "x" : "");
        break;
    case SCN_EXIT_MMIO_RD:
        snprintf(desc, n, "MMIO read 0x%llX/%u", (unsigned long long)op->gpa, (unsigned)(op->a >> 28));
        break;
    case SCN_EXIT_MMIO_WR:
        snprintf(desc, n, "MMIO write 0x%llX/%u 0x%llX", (unsigned long long)op->gpa, (unsigned)(op->a >> 28),
                 (unsigned long long)op->b);
        break;
    case SCN_EXIT_GP: snprintf(desc, n, "#GP ec=0x%llX", (unsigned long long)op->b); break;
    case SCN_EXIT_UD: snprintf(desc, n, "#UD"); break;
    default:
    {
        int l = snprintf(desc, n, "EXIT reason %u qual 0x%llX itype %u vec 0x%02X ec 0x%llX", op->reason,
                         (unsigned long long)op->a, op->itype, op->vector, (unsigned long long)op->b);
        if (op->gpa && l > 0 && (size_t)l < n)
            snprintf(desc + l, n - (size_t)l, " gpa 0x%llX", (unsigned long long)op->gpa);
        break;
    }
    }
}

/* Executes the next instruction of the guest running on cpu. */
static void step(struct plat *p, unsigned cpu)
{
    uint8_t ctx = p->cur[cpu];
    unsigned vm = vmxr_ctx_id(ctx);
    struct vcpu *v = &p->vcpu[vm][cpu];
    struct scn_op insn;
    if (!scn_next(prog_of(p, cpu), &v->at, &insn))
        stop(p, "internal: vm %u on cpu%u ran past its program", vm, cpu);
    const struct scn_op *op = &insn;
    v->pc++;
    v->used = true;
    p->now++;
    struct vmxr_cmd c = { .cpu = (uint8_t)cpu, .op = VMXR_OP_EVENT };
    char desc[160];
    uint64_t *r = v->r;
    switch (op->kind) {
    case SCN_OUT:
        c.reason = 30;
        c.qual = io_qual((unsigned)op->a, op->size, false);
        r[VMXR_GPR_RAX] = op->b;
        if (op->size == 1 && op->b >= 0x20 && op->b < 0x7F && op->b != '\'')
            snprintf(desc, sizeof desc, "OUT 0x%llX '%c'", (unsigned long long)op->a, (char)op->b);
        else
            snprintf(desc, sizeof desc, "OUT%s 0x%llX 0x%llX", io_suffix(op->size), (unsigned long long)op->a,
                     (unsigned long long)op->b);
        break;
    case SCN_IN:
        c.reason = 30;
        c.qual = io_qual((unsigned)op->a, op->size, true);
        snprintf(desc, sizeof desc, "IN%s 0x%llX", io_suffix(op->size), (unsigned long long)op->a);
        break;
    case SCN_APM:
        c.reason = 5;
        c.qual = io_qual(0xB2, 1, false);
        r[VMXR_GPR_RAX] = op->b;
        snprintf(desc, sizeof desc, "SMI (APM: OUT 0xB2 0x%02llX)", (unsigned long long)op->b);
        break;
    case SCN_CPUID:
        c.reason = 10;
        c.qual = (uint32_t)op->a; /* VMXR-2: the leaf routes (KEY) */
        r[VMXR_GPR_RAX] = op->a;
        r[VMXR_GPR_RCX] = op->b;
        if (op->b)
            snprintf(desc, sizeof desc, "CPUID 0x%llX 0x%llX", (unsigned long long)op->a, (unsigned long long)op->b);
        else
            snprintf(desc, sizeof desc, "CPUID 0x%llX", (unsigned long long)op->a);
        break;
    case SCN_HLT:
        c.reason = 12;
        snprintf(desc, sizeof desc, "HLT");
        break;
    case SCN_VMCALL:
        c.reason = 18;
        c.qual = (uint32_t)op->a; /* VMXR-2: the hypercall number, RAX[31:0] */
        r[VMXR_GPR_RAX] = op->a;
        r[VMXR_GPR_RBX] = op->b;
        snprintf(desc, sizeof desc, "VMCALL %llu 0x%llX", (unsigned long long)op->a, (unsigned long long)op->b);
        break;
    case SCN_MOVCR:
        c.reason = 28;
        c.qual = (uint32_t)(op->a & 15u); /* access type 0: MOV to CR, from RAX */
        r[VMXR_GPR_RAX] = op->b;
        snprintf(desc, sizeof desc, "MOV CR%llu <- 0x%llX", (unsigned long long)op->a, (unsigned long long)op->b);
        break;
    case SCN_READCR:
        c.reason = 28;
        c.qual = (uint32_t)(op->a & 15u) | 1u << 4; /* access type 1: MOV from CR, into RAX */
        snprintf(desc, sizeof desc, "MOV RAX <- CR%llu", (unsigned long long)op->a);
        break;
    case SCN_RDMSR:
        c.reason = 31;
        c.qual = (uint32_t)op->a; /* VMXR-2: the MSR index, ECX */
        r[VMXR_GPR_RCX] = op->a;
        snprintf(desc, sizeof desc, "RDMSR 0x%llX", (unsigned long long)op->a);
        break;
    case SCN_WRMSR:
        c.reason = 32;
        c.qual = (uint32_t)op->a;
        r[VMXR_GPR_RCX] = op->a;
        r[VMXR_GPR_RAX] = op->b & 0xFFFFFFFFu;
        r[VMXR_GPR_RDX] = op->b >> 32;
        snprintf(desc, sizeof desc, "WRMSR 0x%llX 0x%llX", (unsigned long long)op->a, (unsigned long long)op->b);
        break;
    case SCN_PF:
        c.reason = 0;
        c.itype = 3;
        c.vector = 14;
        c.qual = (uint32_t)op->a;
        c.errcode = (uint32_t)op->b;
        snprintf(desc, sizeof desc, "#PF 0x%llX ec=0x%llX", (unsigned long long)op->a, (unsigned long long)op->b);
        break;
    case SCN_EXIT:
        c.reason = op->reason;
        c.itype = op->itype;
        c.vector = op->vector;
        c.qual = (uint32_t)op->a;
        c.gpa = op->gpa;
        if (op->form == SCN_EXIT_MMIO_WR)
            r[VMXR_GPR_RAX] = op->b; /* the value stored */
        else if (op->form != SCN_EXIT_MMIO_RD)
            c.errcode = (uint32_t)op->b;
        exit_desc(op, desc, sizeof desc);
        break;
    case SCN_SIPI: {
        /* no exit for the sender: INIT, then SIPI, on the target CPU */
        struct vmxr_cmd ci = { .cpu = (uint8_t)op->a, .op = VMXR_OP_EVENT, .reason = 3 };
        snprintf(desc, sizeof desc, "INIT (sent by cpu%u vm %u)", cpu, vm);
        event(p, &ci, desc);
        struct vmxr_cmd cs = { .cpu = (uint8_t)op->a, .op = VMXR_OP_EVENT, .reason = 4, .qual = (uint32_t)op->b };
        snprintf(desc, sizeof desc, "SIPI 0x%02llX (sent by cpu%u vm %u)", (unsigned long long)op->b, cpu, vm);
        event(p, &cs, desc);
        return;
    }
    case SCN_IPI: {
        struct vmxr_cmd ci = { .cpu = (uint8_t)op->a, .op = VMXR_OP_EVENT, .reason = 1, .vector = (uint8_t)op->b };
        snprintf(desc, sizeof desc, "IPI 0x%02llX (sent by cpu%u vm %u)", (unsigned long long)op->b, cpu, vm);
        event(p, &ci, desc);
        return;
    }
    default: stop(p, "internal: unknown instruction kind %u", op->kind);
    }
    struct vmxr_decision d[VMXR_BUS_MAX_DEC];
    unsigned n = issue(p, &c, desc, d);
    for (unsigned k = 0; k < n; k++)
        dispatch(p, &c, &d[k], desc);
    if (d[0].outcome != VMXR_OUTCOME_DELIVER && d[0].outcome != VMXR_OUTCOME_LOCAL)
        return;
    /* what the firmware made of the instruction */
    switch (op->kind) {
    case SCN_IN: {
        uint64_t m = op->size == 4 ? 0xFFFFFFFFu : op->size == 2 ? 0xFFFFu : 0xFFu;
        tline(p, 1, "= RAX 0x%llX", (unsigned long long)(r[VMXR_GPR_RAX] & m));
        break;
    }
    case SCN_CPUID:
        tline(p, 1, "= RAX 0x%llX RBX 0x%llX RCX 0x%llX RDX 0x%llX", (unsigned long long)r[VMXR_GPR_RAX],
              (unsigned long long)r[VMXR_GPR_RBX], (unsigned long long)r[VMXR_GPR_RCX],
              (unsigned long long)r[VMXR_GPR_RDX]);
        break;
    case SCN_RDMSR:
        tline(p, 1, "= RDX:RAX 0x%llX:0x%llX", (unsigned long long)r[VMXR_GPR_RDX],
              (unsigned long long)r[VMXR_GPR_RAX]);
        break;
    case SCN_READCR:
    case SCN_VMCALL: tline(p, 1, "= RAX 0x%llX", (unsigned long long)r[VMXR_GPR_RAX]); break;
    case SCN_EXIT:
        if (op->form == SCN_EXIT_MMIO_RD)
            tline(p, 1, "= RAX 0x%llX", (unsigned long long)r[VMXR_GPR_RAX]);
        break;
    default: break;
    }
}

/* ---- the run ----------------------------------------------------------- */

static int cmp_at(const void *a, const void *b)
{
    const struct scn_event *x = *(const struct scn_event *const *)a, *y = *(const struct scn_event *const *)b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* The main loop; returns only through the normal end (stops longjmp). */
static void run_body(struct plat *p, const struct scn_event **timed, unsigned ntimed, unsigned *ti)
{
    const struct scenario *s = p->s;
    /* boot */
    {
        struct vmxr_hal h = { .p = p, .cpu = 0, .vmm = 0, .local = true, .boot = true };
        h.exit = (struct vmxr_exit){ .cpu = 0, .op = VMXR_OP_EVENT, .outcome = VMXR_OUTCOME_LOCAL,
                                     .from = vmxr_ctx_vmm(0) };
        tline(p, 0, "cpu0 vmm 0: boot (fw_boot)"); /* the reference's entry name: the goldens say so */
        tap_comment(p->bus, "cpu0 vmm 0: boot (fw_boot)");
        p->frames[0][p->nframes[0]++] = &h;
        p->depth++;
        p->fwd->boot(p->fw, &h);
        p->depth--;
        p->nframes[0]--;
        if (!h.entered && s->cfg.cpu_nvms[0] > 0)
            stop(p, "firmware bug: boot returned without launching a VM on cpu0 (the scenario schedules %u)",
                 s->cfg.cpu_nvms[0]);
        for (unsigned k = 0; k < h.ninj; k++) {
            struct vmxr_cmd ic;
            inject_cmd(&h.inj[k], &ic);
            dispatch(p, &ic, &h.inj[k], h.inj[k].reason == 0 ? "NMI (injected)" : "SMI (injected)");
        }
    }
    for (;;) {
        bool any = false;
        for (unsigned c = 0; c < p->ncpu; c++) {
            while (*ti < ntimed && timed[*ti]->at <= p->now) {
                const struct scn_event *e = timed[(*ti)++];
                char src[48];
                snprintf(src, sizeof src, "timer, step %llu", (unsigned long long)e->at);
                fire(p, e, e->cpu >= 0 ? (unsigned)e->cpu : 0, src);
            }
            if (runnable(p, c)) {
                if (p->now >= s->limit)
                    stop(p, "step limit: %llu guest instructions retired (scenario 'limit %llu'); runaway scenario?",
                         (unsigned long long)p->now, (unsigned long long)s->limit);
                p->parked_noted[c] = 0xFF;
                unsigned vm = vmxr_ctx_id(p->cur[c]);
                const struct scn_program *g = prog_of(p, c);
                unsigned gi = (unsigned)(g - s->progs);
                if (p->vcpu[vm][c].pc == 0)
                    plat_expect_point(p, gi, vm, c, 0);
                step(p, c);
                plat_expect_point(p, gi, vm, c, p->vcpu[vm][c].pc);
                any = true;
            } else if (!vmxr_ctx_is_vmm(p->cur[c]) && p->parked_noted[c] != p->cur[c]) {
                p->parked_noted[c] = p->cur[c];
                tline(p, 0, "cpu%u vm %u: no more instructions; cpu%u parks", c, vmxr_ctx_id(p->cur[c]), c);
            }
        }
        if (any)
            continue;
        if (*ti < ntimed) {
            /* every CPU is parked or in a VMM: the timer runs on */
            const struct scn_event *e = timed[(*ti)++];
            char src[48];
            snprintf(src, sizeof src, "timer, step %llu", (unsigned long long)e->at);
            fire(p, e, e->cpu >= 0 ? (unsigned)e->cpu : 0, src);
            continue;
        }
        break;
    }
}

void plat_run(const struct scenario *s, const struct vmxr_fw *fwd, struct vmxr_bus *bus, FILE *tx,
              struct plat_result *r)
{
    memset(r, 0, sizeof *r);
    char fwerr[300];
    if (vmxr_fw_check(fwd, fwerr, sizeof fwerr)) {
        snprintf(r->why, sizeof r->why, "%s", fwerr);
        return;
    }
    struct plat *p = calloc(1, sizeof *p);
    const struct scn_event **timed = calloc(s->nevents + 1, sizeof *timed);
    bool *fired = calloc(s->nevents + 1, sizeof *fired);
    unsigned *xchecked = calloc(s->nexpects + 1, sizeof *xchecked);
    unsigned *xorder = calloc(s->nexpects + s->nprogs + 2, sizeof *xorder);
    size_t fwsize = fwd->system_size();
    void *fw = calloc(1, fwsize ? fwsize : 1);
    if (!p || !timed || !fired || !fw || !xchecked || !xorder) {
        snprintf(r->why, sizeof r->why, "out of memory");
        free(xchecked);
        free(xorder);
        free(p);
        free(timed);
        free(fired);
        free(fw);
        return;
    }
    p->s = s;
    p->bus = bus;
    p->tx = tx;
    p->fw = fw;
    p->fwd = fwd;
    p->xchecked = xchecked;
    p->xorder = xorder;
    p->xstart = xorder + s->nexpects + 1;
    p->fired = fired;
    p->ncpu = s->cfg.ncpu;
    p->max_commands = (s->limit + 16) * CMDS_PER_STEP;
    for (unsigned c = 0; c < FW_MAX_CPUS; c++) {
        p->cur[c] = vmxr_ctx_vmm(0);
        p->parked_noted[c] = 0xFF;
    }
    unsigned ntimed = 0, ti = 0;
    for (unsigned i = 0; i < s->nevents; i++)
        if (!s->events[i].during)
            timed[ntimed++] = &s->events[i];
    qsort(timed, ntimed, sizeof *timed, cmp_at);
    plat_expect_order(p);

    fprintf(tx, "vmxr fw transcript: scenario %s\n", s->name);
    fprintf(tx, "straps: smi en=%u vmm=%u lock=%u; cpus %u; lock %s; limit %llu\n", s->straps.smi_en ? 1u : 0u,
            s->straps.smi_vmm & 7u, s->straps.smi_lock ? 1u : 0u, s->cfg.ncpu, s->cfg.lock ? "on" : "off",
            (unsigned long long)s->limit);
    for (unsigned c = 0; c < s->cfg.ncpu; c++) {
        fprintf(tx, "cpu%u runs", c);
        if (!s->cfg.cpu_nvms[c])
            fprintf(tx, " no VM");
        for (unsigned k = 0; k < s->cfg.cpu_nvms[c]; k++)
            fprintf(tx, "%s vm %u", k ? "," : "", s->cfg.cpu_vms[c][k]);
        fputc('\n', tx);
    }
    fprintf(tx, "== run\n");
    fwd->system_init(fw, &s->cfg);
    if (setjmp(p->stop) == 0)
        run_body(p, timed, ntimed, &ti);
    /* the stop path also lands here, with p->stopped set */
    plat_summary(p);
    plat_expect_end(p);
    r->ok = !p->stopped;
    r->expects = p->nexp;
    r->failed = p->nfail;
    r->failures = p->fails;
    r->steps = p->now;
    r->commands = p->commands;
    r->cycles = vmxr_bus_cycles(bus);
    snprintf(r->why, sizeof r->why, "%s", p->why);
    free(p->console);
    free(p->xchecked);
    free(p->xorder);
    free(p);
    free(timed);
    free(fired);
    free(fw);
}
