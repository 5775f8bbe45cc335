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
    /* One clock: out receives the outputs of this cycle, then the edge. */
    void (*step)(struct vmxr_engine *e, const struct vmxr_unit_in *in, struct vmxr_unit_out *out);
    void (*close)(struct vmxr_engine *e);
    /* Optional. After a step: NULL, or why the engine's result cannot be
     * trusted from that cycle on (a co-simulation divergence), with the
     * per-port detail. Stays set once set. */
    const char *(*failure)(struct vmxr_engine *e);
    /* Optional. Opens an FST waveform of the cycles stepped from now on;
     * 0 on success. */
    int (*trace_open)(struct vmxr_engine *e, const char *path);
    void (*trace_close)(struct vmxr_engine *e);
    /* Optional; see vmxr_engine_idle, which calls it with n >= 1 and rst_n
     * high. An engine may skip the work of cycles it can prove change
     * nothing (its state a fixed point under the held inputs, no trace
     * open), never the cycles themselves: what it returns, out and failure
     * are exactly what n calls of step would have given. */
    uint64_t (*idle)(struct vmxr_engine *e, const struct vmxr_unit_in *in, uint64_t n,
                     const struct vmxr_unit_out *expect, struct vmxr_unit_out *out);
};

struct vmxr_engine {
    const struct vmxr_engine_ops *ops;
    const char *name; /* the registry's name (vmxr_registry.h); set by
                         vmxr_engine_open, by a wrapper from what it wraps */
};

/* Opens the port-level engine name (cosim/registry.c); NULL with a message
 * in err if it is unknown, not port level, not in this build, or failing. */
struct vmxr_engine *vmxr_engine_open(const char *name, char *err, size_t errlen);

/* Constructors of the engines (engine_model.c, engine_rtl.c); the registry
 * calls them. */
struct vmxr_engine *vmxr_engine_model_open(void);
struct vmxr_engine *vmxr_engine_rtl_open(void);
struct vmxr_engine *vmxr_engine_cosim_open(void);

/* The cosim engine on rtl, an RTL instance (vmxr_rtl.h) that the caller
 * owns and that outlives the engine's close, with a fresh C model: for RTL
 * coverage, whose Verilator counters belong to the instance, one instance
 * can gather many runs (the bus driver holds reset at the start of every
 * run, which resets the instance as a new one starts). Its failure text is
 * the short report, vmxr_diverge_ports (vmxr_compare.h). Its name is
 * NULL until the caller sets it (vmxr_engine_open names the engines it
 * opens). NULL when memory runs out. */
struct vmxr_rtl;
struct vmxr_engine *vmxr_engine_cosim_open_on(struct vmxr_rtl *rtl);

static inline void vmxr_engine_step(struct vmxr_engine *e, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    e->ops->step(e, in, out);
}

static inline const char *vmxr_engine_failure(struct vmxr_engine *e)
{
    return e->ops->failure ? e->ops->failure(e) : NULL;
}

static inline int vmxr_engine_trace_open(struct vmxr_engine *e, const char *path)
{
    return e->ops->trace_open ? e->ops->trace_open(e, path) : -1;
}

static inline void vmxr_engine_trace_close(struct vmxr_engine *e)
{
    if (e->ops->trace_close)
        e->ops->trace_close(e);
}

/* Clocks up to n (>= 1) cycles with the inputs in held (rst_n high), as
 * that many calls of vmxr_engine_step would, and stops after the first
 * cycle whose outputs differ from *expect or after which failure is set
 * (expect NULL: only the latter). out gets the outputs of the last cycle
 * clocked; returns how many cycles were clocked. Engines with an idle op
 * (the model, rtl and cosim engines) take the cycles in which nothing can
 * change without evaluating each; the others are stepped cycle by cycle. */
uint64_t vmxr_engine_idle(struct vmxr_engine *e, const struct vmxr_unit_in *in, uint64_t n,
                          const struct vmxr_unit_out *expect, struct vmxr_unit_out *out);

/* What vmxr_engine_idle does for an engine without an idle op: every
 * cycle stepped and compared (engines fall back on it). */
uint64_t vmxr_engine_idle_steps(struct vmxr_engine *e, const struct vmxr_unit_in *in, uint64_t n,
                                const struct vmxr_unit_out *expect, struct vmxr_unit_out *out);

static inline void vmxr_engine_close(struct vmxr_engine *e)
{
    if (e)
        e->ops->close(e);
}

#endif /* VMXR_ENGINE_H */
