/* The SystemC platform's engines as item-level buses (cosim/vmxr_bus.h),
 * over the C API of cosim/vmxr_sc.h.
 *
 * command(): submit, then drain (pin-level: until nothing is queued or
 * presented, the unit's idle port is high and every handshaken command has
 * had its decision; sc-tlm: until every decision's annotated time has
 * passed), then take what came out: the command's decision and the
 * injections it caused, 1 to 3 in order. Anything else (none, more than
 * three, or an op or CPU that does not match the command) is a protocol
 * failure, sticky like a divergence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmxr_bus.h"
#include "vmxr_registry.h"
#include "vmxr_sc.h"

struct sc_bus {
    struct vmxr_bus base;
    struct vmxr_sc *p;
    char *failure; /* the bus's own protocol failure */
};

static struct sc_bus *B(struct vmxr_bus *b) { return (struct sc_bus *)b; }

static const char *sc_failure(struct vmxr_bus *b)
{
    const char *f = vmxr_sc_failure(B(b)->p);
    return f ? f : B(b)->failure;
}

static void bus_fail(struct sc_bus *s, const struct vmxr_cmd *c, const char *what)
{
    if (s->failure)
        return;
    size_t n = strlen(what) + 128;
    s->failure = malloc(n);
    if (s->failure)
        snprintf(s->failure, n, "%s bus at cycle %llu: %s (command cpu %u op %u)", vmxr_sc_name(s->p),
                 (unsigned long long)vmxr_sc_cycles(s->p), what, (unsigned)c->cpu, (unsigned)c->op);
}

static bool sc_write(struct vmxr_bus *b, unsigned vmm, unsigned addr, uint32_t data)
{
    if (sc_failure(b))
        return true;
    return vmxr_sc_apb_write(B(b)->p, vmm, addr & 0xFFFu, data);
}

static uint32_t sc_read(struct vmxr_bus *b, unsigned vmm, unsigned addr, bool *slverr)
{
    if (sc_failure(b)) {
        if (slverr)
            *slverr = true;
        return 0;
    }
    return vmxr_sc_apb_read(B(b)->p, vmm, addr & 0xFFFu, slverr);
}

static unsigned sc_command(struct vmxr_bus *b, const struct vmxr_cmd *c, struct vmxr_decision dec[VMXR_BUS_MAX_DEC])
{
    struct sc_bus *s = B(b);
    if (sc_failure(b))
        return 0;
    if (!vmxr_sc_submit(s->p, c) || !vmxr_sc_drain(s->p))
        return 0;
    unsigned n = 0;
    struct vmxr_decision d;
    while (vmxr_sc_take(s->p, &d)) {
        if (n == VMXR_BUS_MAX_DEC) {
            bus_fail(s, c, "more than three decisions for one command");
            return 0;
        }
        dec[n++] = d;
    }
    struct vmxr_cmd m = vmxr_cmd_mask(*c);
    if (!n)
        bus_fail(s, c, "no decision");
    else if (dec[0].op != (m.op == VMXR_OP_INJECT ? VMXR_OP_EVENT : m.op) || dec[0].cpu != m.cpu)
        bus_fail(s, c, "the decision's cpu or op does not match the command");
    for (unsigned i = 1; i < n && !s->failure; i++)
        if (dec[i].op != VMXR_OP_INJECT || dec[i].cpu != m.cpu)
            bus_fail(s, c, "a further decision is not an injection on the command's CPU");
    return s->failure ? 0 : n;
}

static void sc_idle(struct vmxr_bus *b, unsigned cycles) { vmxr_sc_run(B(b)->p, cycles); }

static uint64_t sc_cycles(struct vmxr_bus *b) { return vmxr_sc_cycles(B(b)->p); }

static void sc_stall(struct vmxr_bus *b, bool on, uint64_t seed) { vmxr_sc_stall(B(b)->p, on, seed); }

static int sc_trace_open(struct vmxr_bus *b, const char *path) { return vmxr_sc_trace_open(B(b)->p, path); }

static void sc_trace_close(struct vmxr_bus *b) { vmxr_sc_trace_close(B(b)->p); }

static void sc_close(struct vmxr_bus *b)
{
    vmxr_sc_destroy(B(b)->p);
    free(B(b)->failure);
    free(b);
}

#define OPS(n, STALL)                                                                                                \
    static const struct vmxr_bus_ops n = {                                                                           \
        .stall = STALL,                                                                                              \
        .write = sc_write,                                                                                           \
        .read = sc_read,                                                                                             \
        .command = sc_command,                                                                                       \
        .idle = sc_idle,                                                                                             \
        .cycles = sc_cycles,                                                                                         \
        .failure = sc_failure,                                                                                       \
        .trace_open = sc_trace_open,                                                                                 \
        .trace_close = sc_trace_close,                                                                               \
        .close = sc_close,                                                                                           \
    };
OPS(OPS_CLOCKED, sc_stall)
OPS(OPS_UNCLOCKED, NULL) /* sc-tlm: no clock to stall */

struct vmxr_bus *vmxr_bus_sc_open(const struct vmxr_engine_info *info, const struct vmxr_straps *straps, char *err,
                                  size_t errlen)
{
    struct sc_bus *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->base.ops = vmxr_engine_clocked(info) ? &OPS_CLOCKED : &OPS_UNCLOCKED;
    s->p = vmxr_sc_create_strapped(info->name, straps, err, errlen);
    if (!s->p) {
        free(s);
        return NULL;
    }
    return &s->base;
}
