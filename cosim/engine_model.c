/* The C cycle-accurate model as a port-level engine. */
#include <stdlib.h>
#include <string.h>

#include "vmxr_compare.h"
#include "vmxr_engine.h"
#include "vmxr_unit.h"

struct model_engine {
    struct vmxr_engine base;
    struct vmxr_unit unit;
};

static void model_step(struct vmxr_engine *e, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    vmxr_unit_step(&((struct model_engine *)e)->unit, in, out);
}

static void model_close(struct vmxr_engine *e) { free(e); }

/* Quiescent, every cycle of the stretch is the first one again. */
static uint64_t model_idle(struct vmxr_engine *e, const struct vmxr_unit_in *in, uint64_t n,
                           const struct vmxr_unit_out *expect, struct vmxr_unit_out *out)
{
    struct vmxr_unit *u = &((struct model_engine *)e)->unit;
    if (!vmxr_unit_quiescent(u, in))
        return vmxr_engine_idle_steps(e, in, n, expect, out);
    vmxr_unit_eval(u, in, out);
    return expect && !vmxr_ports_same(out, expect) ? 1 : n;
}

static const struct vmxr_engine_ops MODEL_OPS = { .step = model_step, .close = model_close, .idle = model_idle };

struct vmxr_engine *vmxr_engine_model_open(void)
{
    struct model_engine *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->base.ops = &MODEL_OPS;
    struct vmxr_straps s = { 0 };
    vmxr_unit_reset(&m->unit, &s);
    return &m->base;
}

