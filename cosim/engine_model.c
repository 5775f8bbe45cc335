/* The C cycle-accurate model as a port-level engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const struct vmxr_engine_ops MODEL_OPS = { "model", model_step, model_close };

static struct vmxr_engine *model_open(void)
{
    struct model_engine *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->base.ops = &MODEL_OPS;
    struct vmxr_straps s = { 0 };
    vmxr_unit_reset(&m->unit, &s);
    return &m->base;
}

const char *const vmxr_engine_names[] = { "model", NULL };

struct vmxr_engine *vmxr_engine_open(const char *name, char *err, size_t errlen)
{
    if (!strcmp(name, "model")) {
        struct vmxr_engine *e = model_open();
        if (!e)
            snprintf(err, errlen, "out of memory");
        return e;
    }
    snprintf(err, errlen, "unknown engine '%s'", name);
    return NULL;
}
