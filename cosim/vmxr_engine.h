/* Port-level engines: anything that can be clocked one cycle at a time with
 * a struct vmxr_unit_in and answers a struct vmxr_unit_out. The runner's bus
 * driver works on this interface only, so the C model, the Verilated RTL and
 * the lockstep co-simulation of both are interchangeable beneath it.
 *
 * Ownership: vmxr_engine_open returns an engine the caller owns and releases
 * with vmxr_engine_close. Engines share no state with each other. */
#ifndef VMXR_ENGINE_H
#define VMXR_ENGINE_H

#include <stddef.h>

#include "vmxr_ports.h"

struct vmxr_engine;

struct vmxr_engine_ops {
    const char *name;
    /* One clock: out receives the outputs of this cycle, then the edge. */
    void (*step)(struct vmxr_engine *e, const struct vmxr_unit_in *in, struct vmxr_unit_out *out);
    void (*close)(struct vmxr_engine *e);
};

struct vmxr_engine {
    const struct vmxr_engine_ops *ops;
};

/* Port-level engine names this build knows, NULL-terminated. */
extern const char *const vmxr_engine_names[];

/* Opens engine name; NULL with a message in err if unknown or failing. */
struct vmxr_engine *vmxr_engine_open(const char *name, char *err, size_t errlen);

static inline void vmxr_engine_step(struct vmxr_engine *e, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    e->ops->step(e, in, out);
}

static inline void vmxr_engine_close(struct vmxr_engine *e)
{
    if (e)
        e->ops->close(e);
}

#endif /* VMXR_ENGINE_H */
