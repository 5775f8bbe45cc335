/* Item-level buses over the transaction-level core and over any port-level
 * engine (see vmxr_bus.h). The port-level one is a small bus-functional
 * driver: an APB transfer is a setup cycle and access cycles until PREADY;
 * a command is held valid until its handshake, then the unit is clocked
 * until it is idle again, collecting every decision on the way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmxr_bus.h"
#include "vmxr_engine.h"
#include "vmxr_port_cmd.h"
#include "vmxr_registry.h"
#include "vmxr_rng.h"

#define BUS_HANG_CYCLES 100000u

/* ---- txn --------------------------------------------------------------- */

struct txn_bus {
    struct vmxr_bus base;
    struct vmxr_state st;
};

static bool txn_write(struct vmxr_bus *b, unsigned vmm, unsigned addr, uint32_t data)
{
    return vmxr_apb_write(&((struct txn_bus *)b)->st, vmm & 7u, addr & 0xFFFu, data);
}

static uint32_t txn_read(struct vmxr_bus *b, unsigned vmm, unsigned addr, bool *slverr)
{
    (void)vmm;
    return vmxr_apb_read(&((struct txn_bus *)b)->st, addr & 0xFFFu, slverr);
}

static unsigned txn_command(struct vmxr_bus *b, const struct vmxr_cmd *c, struct vmxr_decision dec[VMXR_BUS_MAX_DEC])
{
    return vmxr_txn_command(&((struct txn_bus *)b)->st, c, dec);
}

static void txn_idle(struct vmxr_bus *b, unsigned cycles)
{
    (void)b;
    (void)cycles;
}

static uint64_t txn_cycles(struct vmxr_bus *b)
{
    (void)b;
    return 0;
}

static void txn_close(struct vmxr_bus *b) { free(b); }

static const struct vmxr_bus_ops TXN_OPS = {
    .write = txn_write, .read = txn_read, .command = txn_command,
    .idle = txn_idle, .cycles = txn_cycles, .close = txn_close,
};

struct vmxr_bus *vmxr_bus_txn_open(const struct vmxr_straps *straps)
{
    struct txn_bus *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    struct vmxr_straps none = { 0 };
    t->base.ops = &TXN_OPS;
    vmxr_state_reset(&t->st, straps ? straps : &none);
    return &t->base;
}

/* ---- port-level --------------------------------------------------------- */

struct port_bus {
    struct vmxr_bus base;
    struct vmxr_engine *e;
    struct vmxr_unit_in in;
    struct vmxr_unit_out out;
    uint64_t cycles;
    struct vmxr_decision dec[VMXR_BUS_MAX_DEC];
    unsigned ndec;
    bool overflow;
    bool stall;
    uint64_t rng;
    char failure[2048];
};


static void port_fail(struct port_bus *p, const char *what)
{
    if (!p->failure[0])
        snprintf(p->failure, sizeof p->failure, "engine %s at cycle %llu: %s", p->e->name,
                 (unsigned long long)p->cycles, what);
}

static void port_after(struct port_bus *p);

static void port_cycle(struct port_bus *p)
{
    if (p->stall && p->in.rst_n)
        p->in.dec_ready = vmxr_stall_ready(&p->rng);
    vmxr_engine_step(p->e, &p->in, &p->out);
    p->cycles++;
    port_after(p);
}

/* The bus's part of a cycle just clocked (the last of a stretch). */
static void port_after(struct port_bus *p)
{
    const char *f = vmxr_engine_failure(p->e);
    if (f && !p->failure[0])
        snprintf(p->failure, sizeof p->failure, "%s", f);
    if (p->out.dec_valid && p->in.dec_ready) {
        const struct vmxr_unit_out *o = &p->out;
        if (p->ndec == VMXR_BUS_MAX_DEC) {
            p->overflow = true;
            return;
        }
        p->dec[p->ndec++] = vmxr_ports_decision(o);
    }
}

enum port_wait { WAIT_PREADY, WAIT_CMD_READY, WAIT_IDLE };

/* Clocks until the awaited output is high after a cycle; false (and a
 * failure) on a hang or an engine failure. */
static bool port_until(struct port_bus *p, enum port_wait w)
{
    static const char *const WHAT[] = { "PREADY", "cmd_ready", "the unit to drain" };
    for (unsigned n = 0; n < BUS_HANG_CYCLES; n++) {
        port_cycle(p);
        if (p->failure[0])
            return false;
        bool up = w == WAIT_PREADY ? p->out.pready : w == WAIT_CMD_READY ? p->out.cmd_ready : p->out.idle;
        if (up)
            return true;
    }
    char msg[80];
    snprintf(msg, sizeof msg, "no progress in %u cycles waiting for %s", BUS_HANG_CYCLES, WHAT[w]);
    port_fail(p, msg);
    return false;
}

static bool port_apb(struct port_bus *p, bool write, unsigned vmm, unsigned addr, uint32_t data, uint32_t *rdata)
{
    if (p->failure[0]) {
        *rdata = 0;
        return true;
    }
    p->in.psel = true;
    p->in.penable = false;
    p->in.pwrite = write;
    p->in.paddr = (uint16_t)(addr & 0xFFFu);
    p->in.pwdata = write ? data : 0;
    p->in.pauser = (uint8_t)(vmm & 7u);
    port_cycle(p);
    p->in.penable = true;
    bool ok = port_until(p, WAIT_PREADY);
    bool slverr = !ok || p->out.pslverr || p->failure[0];
    *rdata = ok ? p->out.prdata : 0;
    p->in.psel = p->in.penable = p->in.pwrite = false;
    p->in.paddr = 0;
    p->in.pwdata = 0;
    p->in.pauser = 0;
    return slverr;
}

static bool port_write(struct vmxr_bus *b, unsigned vmm, unsigned addr, uint32_t data)
{
    uint32_t ignored;
    return port_apb((struct port_bus *)b, true, vmm, addr, data, &ignored);
}

static uint32_t port_read(struct vmxr_bus *b, unsigned vmm, unsigned addr, bool *slverr)
{
    uint32_t v;
    *slverr = port_apb((struct port_bus *)b, false, vmm, addr, 0, &v);
    return v;
}

static unsigned port_command(struct vmxr_bus *b, const struct vmxr_cmd *c, struct vmxr_decision dec[VMXR_BUS_MAX_DEC])
{
    struct port_bus *p = (struct port_bus *)b;
    if (p->failure[0])
        return 0;
    p->ndec = 0;
    p->overflow = false;
    vmxr_ports_present(&p->in, c);
    bool ok = port_until(p, WAIT_CMD_READY);
    p->in.cmd_valid = false;
    if (ok)
        port_until(p, WAIT_IDLE);
    struct vmxr_cmd m = vmxr_cmd_mask(*c); /* the unit sees the fields at their widths */
    uint8_t op = m.op == VMXR_OP_INJECT ? VMXR_OP_EVENT : m.op;
    if (p->overflow)
        port_fail(p, "more than three decisions for one command");
    else if (!p->failure[0] && (p->ndec == 0 || p->dec[0].op != op || p->dec[0].cpu != m.cpu))
        port_fail(p, "the decision does not match the command");
    for (unsigned i = 1; i < p->ndec && !p->failure[0]; i++)
        if (p->dec[i].op != VMXR_OP_INJECT || p->dec[i].cpu != m.cpu)
            port_fail(p, "a further decision is not an injection on the command's CPU");
    if (p->failure[0])
        return 0;
    for (unsigned i = 0; i < p->ndec; i++)
        dec[i] = p->dec[i];
    return p->ndec;
}

static void port_idle(struct vmxr_bus *b, unsigned cycles)
{
    struct port_bus *p = (struct port_bus *)b;
    uint64_t n = cycles;
    /* once the unit is idle with its outputs still, the engine takes the
     * cycles in one stretch (vmxr_engine_idle, cycle-exact); not under
     * stalls, where dec_ready changes every cycle */
    while (n && !p->failure[0]) {
        if (p->stall || !p->in.rst_n || p->in.psel || p->in.cmd_valid || !p->out.idle || p->out.dec_valid) {
            port_cycle(p);
            n--;
            continue;
        }
        struct vmxr_unit_out expect = p->out;
        uint64_t k = vmxr_engine_idle(p->e, &p->in, n, &expect, &p->out);
        p->cycles += k;
        n -= k;
        port_after(p);
    }
}

static uint64_t port_cycles(struct vmxr_bus *b) { return ((struct port_bus *)b)->cycles; }

static const char *port_failure(struct vmxr_bus *b)
{
    struct port_bus *p = (struct port_bus *)b;
    return p->failure[0] ? p->failure : NULL;
}

static void port_stall(struct vmxr_bus *b, bool on, uint64_t seed)
{
    struct port_bus *p = (struct port_bus *)b;
    p->stall = on;
    p->rng = seed;
    if (!on)
        p->in.dec_ready = p->in.rst_n;
}

static int port_trace_open(struct vmxr_bus *b, const char *path)
{
    return vmxr_engine_trace_open(((struct port_bus *)b)->e, path);
}

static void port_trace_close(struct vmxr_bus *b) { vmxr_engine_trace_close(((struct port_bus *)b)->e); }

static void port_close(struct vmxr_bus *b)
{
    struct port_bus *p = (struct port_bus *)b;
    vmxr_engine_close(p->e);
    free(p);
}

static const struct vmxr_bus_ops PORT_OPS = {
    .write = port_write, .read = port_read, .command = port_command,
    .idle = port_idle, .cycles = port_cycles, .failure = port_failure, .stall = port_stall,
    .trace_open = port_trace_open, .trace_close = port_trace_close, .close = port_close,
};

/* Takes e over, closing it on failure too. */
struct vmxr_bus *vmxr_bus_port_open(struct vmxr_engine *e, const struct vmxr_straps *straps, char *err,
                                    size_t errlen)
{
    struct port_bus *p = calloc(1, sizeof *p);
    if (!p) {
        vmxr_engine_close(e);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->e = e;
    p->base.ops = &PORT_OPS;
    if (straps) {
        p->in.strap_smi_en = straps->smi_en;
        p->in.strap_smi_vmm = straps->smi_vmm;
        p->in.strap_smi_lock = straps->smi_lock;
    }
    port_cycle(p);
    port_cycle(p);
    p->in.rst_n = true;
    p->in.dec_ready = true;
    if (p->failure[0]) {
        snprintf(err, errlen, "%s", p->failure);
        port_close(&p->base);
        return NULL;
    }
    return &p->base;
}
