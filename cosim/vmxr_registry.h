/* The engine registry: every engine vmxr knows, its name and what it is,
 * written once (cosim/registry.c). Everything else asks here instead of
 * comparing names: which engines this build has, which of them run the RTL,
 * have a clock, sit behind the port-level interface, or are the SystemC
 * platform.
 *
 * An engine is known to every build; it is available when its constructor
 * is linked into the program (the RTL engines with cosim/engine_rtl.o, the
 * SystemC ones with cosim/systemc/bus_sc.o). Only available engines are
 * found, listed and opened, in the registry's order: txn, model, rtl, cosim,
 * sc-tlm, sc-model, sc-rtl, sc-cosim. */
#ifndef VMXR_REGISTRY_H
#define VMXR_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

/* What an engine is made of. */
enum {
    VMXR_ENG_TXN = 1u << 0,   /* the transaction-level core (no clock) */
    VMXR_ENG_MODEL = 1u << 1, /* the C cycle-accurate model */
    VMXR_ENG_RTL = 1u << 2,   /* the Verilated RTL */
    VMXR_ENG_PORT = 1u << 3,  /* a port-level engine (vmxr_engine.h): the
                                 runner streams commands through its ports */
    VMXR_ENG_SC = 1u << 4,    /* on the SystemC platform (item level only) */
};

struct vmxr_engine_info {
    const char *name;
    unsigned caps;
    /* the RTL's scope in this engine's FST waveform ("vmxr." for the
     * Verilated shim, "top.rtl." for the SystemC platform), or NULL */
    const char *rtl_scope;
};

/* The available engine called name, or NULL. */
const struct vmxr_engine_info *vmxr_engine_find(const char *name);

/* The i-th available engine in registry order, or NULL past the last. */
const struct vmxr_engine_info *vmxr_engine_at(unsigned i);

/* The first available engine whose caps are exactly caps, or NULL: the
 * default engine of a tool is asked for by what it must be. */
const struct vmxr_engine_info *vmxr_engine_with(unsigned caps);

/* The SystemC engine called name, whether or not this program links the
 * item-level bus over it (the SystemC platform's own C API names its
 * engines through this); NULL for any other name. */
const struct vmxr_engine_info *vmxr_engine_sc(const char *name);
/* The i-th SystemC engine in registry order, or NULL past the last. */
const struct vmxr_engine_info *vmxr_engine_sc_at(unsigned i);

/* The constructors behind the registry, for cosim/registry.c only: the
 * item-level buses over the transaction-level core, over a port-level
 * engine (taking e over) and over the SystemC platform. */
struct vmxr_bus;
struct vmxr_engine;
struct vmxr_straps;
struct vmxr_bus *vmxr_bus_txn_open(const struct vmxr_straps *straps);
struct vmxr_bus *vmxr_bus_port_open(struct vmxr_engine *e, const struct vmxr_straps *straps, char *err,
                                    size_t errlen);
struct vmxr_bus *vmxr_bus_sc_open(const struct vmxr_engine_info *info, const struct vmxr_straps *straps, char *err,
                                  size_t errlen);

/* Has a clock: cycles, stall seeds, timelines. */
static inline bool vmxr_engine_clocked(const struct vmxr_engine_info *e)
{
    return (e->caps & (VMXR_ENG_MODEL | VMXR_ENG_RTL)) != 0;
}

/* Compares the C model and the RTL every cycle. */
static inline bool vmxr_engine_compares(const struct vmxr_engine_info *e)
{
    return (e->caps & (VMXR_ENG_MODEL | VMXR_ENG_RTL)) == (VMXR_ENG_MODEL | VMXR_ENG_RTL);
}

/* Applies items to the transaction-level core in this process (txn; not
 * sc-tlm, which reaches it through SystemC). */
static inline bool vmxr_engine_direct_txn(const struct vmxr_engine_info *e)
{
    return (e->caps & (VMXR_ENG_TXN | VMXR_ENG_SC)) == VMXR_ENG_TXN;
}

/* Driven one item at a time through its item-level bus whatever the
 * runner's options: everything that is not a port-level engine. */
static inline bool vmxr_engine_item_level(const struct vmxr_engine_info *e)
{
    return (e->caps & VMXR_ENG_PORT) == 0;
}

#endif /* VMXR_REGISTRY_H */
