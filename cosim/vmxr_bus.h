/* Item-level access to a unit: what a bus master sees. APB reads and writes
 * as a VMM, and commands that complete with their decisions.
 *
 * The firmware platform (platform/) and the runner's SystemC engines work on
 * this interface only. Beneath it sit:
 *   txn                             the transaction-level core;
 *   model, rtl, cosim               a port-level engine (vmxr_engine.h)
 *                                   behind a bus driver (cosim/bus.c);
 *   sc-tlm, sc-model, sc-rtl, sc-cosim
 *                                   the SystemC platform (cosim/systemc/),
 *                                   in builds that link it.
 * The registry (vmxr_registry.h) knows which.
 *
 * Contract:
 *  - Operations complete in call order. A write or read returns when its
 *    APB transfer has completed; command() returns when the command's
 *    decision and every injection it causes have left the unit (1 to 3
 *    decisions, in order). So a read reflects every earlier command.
 *  - Every argument value is legal: addr is the 12-bit APB address and
 *    vmm the 3-bit PAUSER (higher bits are ignored, as by the ports), and
 *    a command's fields are taken at their architectural widths.
 *  - open() resets the unit with the given straps; the caller owns the bus
 *    and releases it with vmxr_bus_close.
 *  - failure() is sticky: once set, no result of this bus can be trusted
 *    (a co-simulation divergence, a broken handshake protocol); the text
 *    names the cycle and the ports. Operations after a failure return
 *    without effect (reads 0, writes PSLVERR, commands 0 decisions).
 */
#ifndef VMXR_BUS_H
#define VMXR_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmxr_model.h"

#define VMXR_BUS_MAX_DEC 3

struct vmxr_bus;

struct vmxr_bus_ops {
    /* APB write by VMM vmm (PAUSER); true when the unit answered PSLVERR. */
    bool (*write)(struct vmxr_bus *b, unsigned vmm, unsigned addr, uint32_t data);
    /* APB read by VMM vmm; *slverr as answered. */
    uint32_t (*read)(struct vmxr_bus *b, unsigned vmm, unsigned addr, bool *slverr);
    /* One command; returns the number of decisions written to dec. */
    unsigned (*command)(struct vmxr_bus *b, const struct vmxr_cmd *c, struct vmxr_decision dec[VMXR_BUS_MAX_DEC]);
    /* cycles clock cycles with nothing presented (no effect on txn). */
    void (*idle)(struct vmxr_bus *b, unsigned cycles);
    /* Clock cycles since reset (0 for engines without a clock). */
    uint64_t (*cycles)(struct vmxr_bus *b);
    /* Optional: NULL, or why results cannot be trusted (sticky). */
    const char *(*failure)(struct vmxr_bus *b);
    /* Optional: random decision back-pressure from now on (dec_ready low
     * one cycle in four, reproducibly from seed); clocked engines only. */
    void (*stall)(struct vmxr_bus *b, bool on, uint64_t seed);
    /* Optional: FST waveform of the cycles from now on; 0 on success. */
    int (*trace_open)(struct vmxr_bus *b, const char *path);
    void (*trace_close)(struct vmxr_bus *b);
    void (*close)(struct vmxr_bus *b);
};

struct vmxr_bus {
    const struct vmxr_bus_ops *ops;
};

/* Opens engine name (any engine of the registry, vmxr_registry.h, that
 * this build has) reset with straps (NULL: all zero). NULL with a message in
 * err when the name is unknown or the engine cannot be created. */
struct vmxr_bus *vmxr_bus_open(const char *name, const struct vmxr_straps *straps, char *err, size_t errlen);

static inline bool vmxr_bus_write(struct vmxr_bus *b, unsigned vmm, unsigned addr, uint32_t data)
{
    return b->ops->write(b, vmm, addr, data);
}

static inline uint32_t vmxr_bus_read(struct vmxr_bus *b, unsigned vmm, unsigned addr, bool *slverr)
{
    return b->ops->read(b, vmm, addr, slverr);
}

static inline unsigned vmxr_bus_command(struct vmxr_bus *b, const struct vmxr_cmd *c,
                                        struct vmxr_decision dec[VMXR_BUS_MAX_DEC])
{
    return b->ops->command(b, c, dec);
}

static inline void vmxr_bus_idle(struct vmxr_bus *b, unsigned cycles) { b->ops->idle(b, cycles); }

static inline uint64_t vmxr_bus_cycles(struct vmxr_bus *b) { return b->ops->cycles(b); }

static inline const char *vmxr_bus_failure(struct vmxr_bus *b)
{
    return b->ops->failure ? b->ops->failure(b) : NULL;
}

/* False when the engine has no clock to stall (txn, sc-tlm). */
static inline bool vmxr_bus_stall(struct vmxr_bus *b, bool on, uint64_t seed)
{
    if (!b->ops->stall)
        return false;
    b->ops->stall(b, on, seed);
    return true;
}

static inline int vmxr_bus_trace_open(struct vmxr_bus *b, const char *path)
{
    return b->ops->trace_open ? b->ops->trace_open(b, path) : -1;
}

static inline void vmxr_bus_trace_close(struct vmxr_bus *b)
{
    if (b->ops->trace_close)
        b->ops->trace_close(b);
}

static inline void vmxr_bus_close(struct vmxr_bus *b)
{
    if (b)
        b->ops->close(b);
}

#endif /* VMXR_BUS_H */
