/* The Verilated RTL as a port-level engine ("rtl"), and the lockstep
 * co-simulation of the C model against it ("cosim"): both get the same
 * inputs every cycle and every output port is compared every cycle. The
 * first divergence is kept (engine failure) with each differing port. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmxr_engine.h"
#include "vmxr_rtl.h"
#include "vmxr_unit.h"

struct rtl_engine {
    struct vmxr_engine base;
    struct vmxr_rtl *rtl;
};

static void rtl_step(struct vmxr_engine *e, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    vmxr_rtl_step(((struct rtl_engine *)e)->rtl, in, out);
}

static void rtl_close(struct vmxr_engine *e)
{
    vmxr_rtl_destroy(((struct rtl_engine *)e)->rtl);
    free(e);
}

static int rtl_trace_open(struct vmxr_engine *e, const char *path)
{
    return vmxr_rtl_trace_open(((struct rtl_engine *)e)->rtl, path);
}

static void rtl_trace_close(struct vmxr_engine *e) { vmxr_rtl_trace_close(((struct rtl_engine *)e)->rtl); }

static const struct vmxr_engine_ops RTL_OPS = {
    .name = "rtl",
    .step = rtl_step,
    .close = rtl_close,
    .trace_open = rtl_trace_open,
    .trace_close = rtl_trace_close,
};

struct vmxr_engine *vmxr_engine_rtl_open(void)
{
    struct rtl_engine *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->base.ops = &RTL_OPS;
    r->rtl = vmxr_rtl_create();
    if (!r->rtl) {
        free(r);
        return NULL;
    }
    return &r->base;
}

/* ---- cosim ---------------------------------------------------------------- */

struct cosim_engine {
    struct vmxr_engine base;
    struct vmxr_unit model;
    struct vmxr_rtl *rtl;
    uint64_t cycle;
    char *failure; /* first divergence */
};

/* Every output port, for comparison and for the report. */
#define PORTS(X)                                                                                                     \
    X(pready, 1) X(pslverr, 1) X(prdata, 8) X(cmd_ready, 1) X(dec_valid, 1) X(dec_cpu, 1) X(dec_op, 1)              \
    X(dec_outcome, 1) X(dec_err, 1) X(dec_from, 2) X(dec_to, 2) X(dec_rule, 1) X(dec_idx, 2) X(dec_reason, 2)        \
    X(dec_qual, 8) X(idle, 1)

static const char *name(const char *const *names, unsigned count, unsigned v)
{
    return v < count ? names[v] : "?";
}

static void ctx_name(unsigned ctx, char *buf, size_t n)
{
    snprintf(buf, n, "%s %u", (ctx & VMXR_CTX_VMM) ? "vmm" : "vm", ctx & 0xFu);
}

/* One side's decision port values, decoded. */
static size_t decision_text(char *s, size_t cap, const char *who, const struct vmxr_unit_out *o)
{
    char from[16], to[16];
    ctx_name(o->dec_from, from, sizeof from);
    ctx_name(o->dec_to, to, sizeof to);
    int w = snprintf(s, cap,
                     "\n  %-5s dec_valid=%u: cpu %u %s %s%s%s from %s to %s rule %s %u reason %u qual 0x%08X", who,
                     (unsigned)o->dec_valid, (unsigned)o->dec_cpu, name(vmxr_op_names, VMXR_OP_COUNT, o->dec_op),
                     name(vmxr_outcome_names, VMXR_OUTCOME_COUNT, o->dec_outcome), o->dec_err ? " " : "",
                     o->dec_err ? name(vmxr_errc_names, VMXR_ERRC_COUNT, o->dec_err) : "", from, to,
                     name(vmxr_rule_names, VMXR_RULE_COUNT, o->dec_rule), (unsigned)o->dec_idx,
                     (unsigned)o->dec_reason, (unsigned)o->dec_qual);
    return w < 0 ? 0 : (size_t)w;
}

static void report(struct cosim_engine *c, const struct vmxr_unit_out *m, const struct vmxr_unit_out *r)
{
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    if (!s)
        return;
    len += (size_t)snprintf(s + len, cap - len, "model and RTL diverge at cycle %llu:",
                            (unsigned long long)c->cycle);
#define DIFF(name, hexw)                                                                                             \
    if ((uint64_t)m->name != (uint64_t)r->name && len < cap)                                                         \
        len += (size_t)snprintf(s + len, cap - len, "\n  %-12s model 0x%0*llX  rtl 0x%0*llX", #name, hexw,        \
                                (unsigned long long)m->name, hexw, (unsigned long long)r->name);
    PORTS(DIFF)
#undef DIFF
    if (len < cap && (m->dec_valid || r->dec_valid)) {
        len += decision_text(s + len, cap - len, "model", m);
        if (len < cap)
            len += decision_text(s + len, cap - len, "rtl", r);
    }
    c->failure = s;
}

static void cosim_step(struct vmxr_engine *e, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    struct cosim_engine *c = (struct cosim_engine *)e;
    struct vmxr_unit_out m, r;
    vmxr_unit_step(&c->model, in, &m);
    vmxr_rtl_step(c->rtl, in, &r);
    bool same = true;
#define SAME(name, hexw) same = same && m.name == r.name;
    PORTS(SAME)
#undef SAME
    if (!same && !c->failure && in->rst_n)
        report(c, &m, &r);
    c->cycle++;
    *out = m;
}

static const char *cosim_failure(struct vmxr_engine *e) { return ((struct cosim_engine *)e)->failure; }

static void cosim_close(struct vmxr_engine *e)
{
    struct cosim_engine *c = (struct cosim_engine *)e;
    vmxr_rtl_destroy(c->rtl);
    free(c->failure);
    free(c);
}

static int cosim_trace_open(struct vmxr_engine *e, const char *path)
{
    return vmxr_rtl_trace_open(((struct cosim_engine *)e)->rtl, path);
}

static void cosim_trace_close(struct vmxr_engine *e) { vmxr_rtl_trace_close(((struct cosim_engine *)e)->rtl); }

static const struct vmxr_engine_ops COSIM_OPS = {
    .name = "cosim",
    .step = cosim_step,
    .close = cosim_close,
    .failure = cosim_failure,
    .trace_open = cosim_trace_open,
    .trace_close = cosim_trace_close,
};

struct vmxr_engine *vmxr_engine_cosim_open(void)
{
    struct cosim_engine *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->base.ops = &COSIM_OPS;
    struct vmxr_straps s = { 0 };
    vmxr_unit_reset(&c->model, &s);
    c->rtl = vmxr_rtl_create();
    if (!c->rtl) {
        free(c);
        return NULL;
    }
    return &c->base;
}
