/* The Verilated RTL as a port-level engine rtl, and the lockstep
 * co-simulation of the C model against it, cosim: both get the same
 * inputs every cycle and every output port is compared every cycle. The
 * first divergence is kept (engine failure) with each differing port. The
 * cosim engine runs on an RTL instance of its own, or on the caller's
 * (vmxr_engine_cosim_open_on: RTL coverage over many runs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmxr_compare.h"
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

static uint64_t rtl_idle(struct vmxr_engine *e, const struct vmxr_unit_in *in, uint64_t n,
                         const struct vmxr_unit_out *expect, struct vmxr_unit_out *out)
{
    return vmxr_rtl_idle(((struct rtl_engine *)e)->rtl, in, n, expect, out);
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
    .step = rtl_step,
    .close = rtl_close,
    .trace_open = rtl_trace_open,
    .trace_close = rtl_trace_close,
    .idle = rtl_idle,
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
    bool own_rtl;  /* created here, destroyed on close; else the caller's */
    uint64_t cycle;
    char *failure; /* first divergence */
};

static void cosim_step(struct vmxr_engine *e, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    struct cosim_engine *c = (struct cosim_engine *)e;
    struct vmxr_unit_out m, r;
    unsigned route = c->model.dq_route; /* of the decision this cycle shows */
    vmxr_unit_step(&c->model, in, &m);
    vmxr_rtl_step(c->rtl, in, &r);
    if (!c->failure && in->rst_n && !vmxr_ports_same(&m, &r))
        c->failure = c->own_rtl ? vmxr_diverge_text(c->cycle, &m, &r, route) : vmxr_diverge_ports(c->cycle, &m, &r);
    c->cycle++;
    *out = m;
}

/* With the model quiescent its outputs hold still for the whole stretch:
 * the RTL runs it against them and stops at the first cycle it differs,
 * the cycle the lockstep compare would have stopped at. */
static uint64_t cosim_idle(struct vmxr_engine *e, const struct vmxr_unit_in *in, uint64_t n,
                           const struct vmxr_unit_out *expect, struct vmxr_unit_out *out)
{
    struct cosim_engine *c = (struct cosim_engine *)e;
    struct vmxr_unit_out m, r;
    if (c->failure || !vmxr_unit_quiescent(&c->model, in))
        return vmxr_engine_idle_steps(e, in, n, expect, out);
    vmxr_unit_eval(&c->model, in, &m);
    if (expect && !vmxr_ports_same(&m, expect))
        return vmxr_engine_idle_steps(e, in, 1, expect, out);
    unsigned route = c->model.dq_route;
    uint64_t k = vmxr_rtl_idle(c->rtl, in, n, &m, &r);
    c->cycle += k;
    if (!vmxr_ports_same(&m, &r)) {
        uint64_t at = c->cycle - 1;
        c->failure = c->own_rtl ? vmxr_diverge_text(at, &m, &r, route) : vmxr_diverge_ports(at, &m, &r);
    }
    *out = m;
    return k;
}

static const char *cosim_failure(struct vmxr_engine *e) { return ((struct cosim_engine *)e)->failure; }

static void cosim_close(struct vmxr_engine *e)
{
    struct cosim_engine *c = (struct cosim_engine *)e;
    if (c->own_rtl)
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
    .step = cosim_step,
    .close = cosim_close,
    .failure = cosim_failure,
    .trace_open = cosim_trace_open,
    .trace_close = cosim_trace_close,
    .idle = cosim_idle,
};

static struct cosim_engine *cosim_new(void)
{
    struct cosim_engine *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->base.ops = &COSIM_OPS;
    struct vmxr_straps s = { 0 };
    vmxr_unit_reset(&c->model, &s);
    return c;
}

struct vmxr_engine *vmxr_engine_cosim_open(void)
{
    struct cosim_engine *c = cosim_new();
    if (!c)
        return NULL;
    c->rtl = vmxr_rtl_create();
    c->own_rtl = true;
    if (!c->rtl) {
        free(c);
        return NULL;
    }
    return &c->base;
}

struct vmxr_engine *vmxr_engine_cosim_open_on(struct vmxr_rtl *rtl)
{
    struct cosim_engine *c = cosim_new();
    if (!c)
        return NULL;
    c->rtl = rtl;
    return &c->base;
}
