/* make bench-sc: the SystemC platform's engines beside the plain ones, in
 * one run, on the workload of tests/bench_stream.c (the same configuration
 * and command stream as make bench-engines):
 *
 *   txn, sc-tlm            commands/s (sc-tlm through its TLM sockets);
 *   model, rtl, cosim      cycles/s, driven at the ports by a streaming
 *                          driver (commands back to back, dec_ready high);
 *   sc-model, sc-rtl, sc-cosim
 *                          cycles/s through the C API (vmxr_sc.h): commands
 *                          submitted in blocks of 4096, each block drained,
 *                          so the SystemC driver streams them back to back.
 *
 * Only the command stream is timed (after reset and configuration). Every
 * engine's decision stream is hashed; the hashes must agree. Figures, not
 * pass/fail: compare them as ratios within one run.
 *
 * Usage: bench_sc [NCMD]   (default 2^20 commands) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_stream.h"
#include "vmxr_port_cmd.h"
#include "vmxr_engine.h"
#include "vmxr_sc.h"

#define BLOCK 4096u

struct result {
    const char *name;
    double secs;
    unsigned long long cycles, ndec;
    uint64_t sum;
    bool pin; /* cycles are meaningful */
    char failure[256];
};

static inline uint64_t hash(uint64_t h, uint32_t v) { return (h ^ v) * 0x100000001B3ull; }

static void take(struct result *r, const struct vmxr_decision *d)
{
    r->ndec++;
    uint64_t h = r->sum;
    h = hash(h, (uint32_t)d->cpu | (uint32_t)d->op << 8 | (uint32_t)d->outcome << 16 | (uint32_t)d->err << 24);
    h = hash(h, (uint32_t)d->from | (uint32_t)d->to << 8 | (uint32_t)d->rule << 16 | (uint32_t)d->reason << 24);
    h = hash(h, (uint32_t)d->idx);
    r->sum = hash(h, d->qual);
}

static const struct vmxr_straps STRAPS = { .smi_en = true, .smi_vmm = 1, .smi_lock = true };

static void run_txn(const struct apb_wr *cfg, unsigned ncfg, const struct vmxr_cmd *cmds, unsigned n, struct result *r)
{
    struct vmxr_state *st = malloc(sizeof *st);
    if (!st)
        return;
    vmxr_state_reset(st, &STRAPS);
    for (unsigned i = 0; i < ncfg; i++)
        vmxr_apb_write(st, 0, cfg[i].addr, cfg[i].value);
    double t0 = bench_now();
    for (unsigned i = 0; i < n; i++) {
        struct vmxr_decision d[3];
        unsigned k = vmxr_txn_command(st, &cmds[i], d);
        for (unsigned j = 0; j < k; j++)
            take(r, &d[j]);
    }
    r->secs = bench_now() - t0;
    free(st);
}

static void run_port(const char *name, const struct apb_wr *cfg, unsigned ncfg, const struct vmxr_cmd *cmds,
                     unsigned n, struct result *r)
{
    char err[256];
    struct vmxr_engine *e = vmxr_engine_open(name, err, sizeof err);
    if (!e) {
        snprintf(r->failure, sizeof r->failure, "%s", err);
        return;
    }
    struct vmxr_unit_in in;
    struct vmxr_unit_out out;
    memset(&in, 0, sizeof in);
    in.strap_smi_en = STRAPS.smi_en;
    in.strap_smi_vmm = STRAPS.smi_vmm;
    in.strap_smi_lock = STRAPS.smi_lock;
    vmxr_engine_step(e, &in, &out);
    vmxr_engine_step(e, &in, &out);
    in.rst_n = in.dec_ready = true;
    for (unsigned i = 0; i < ncfg; i++) {
        in.psel = in.pwrite = true;
        in.penable = false;
        in.paddr = cfg[i].addr;
        in.pwdata = cfg[i].value;
        vmxr_engine_step(e, &in, &out);
        in.penable = true;
        for (unsigned g = 0; g < 1000; g++) {
            vmxr_engine_step(e, &in, &out);
            if (out.pready)
                break;
        }
        in.psel = in.penable = in.pwrite = false;
    }
    in.cmd_valid = true;
    double t0 = bench_now();
    for (unsigned i = 0; i < n;) {
        const struct vmxr_cmd *c = &cmds[i];
        vmxr_ports_present(&in, c);
        vmxr_engine_step(e, &in, &out);
        r->cycles++;
        if (out.dec_valid) {
            struct vmxr_decision d = vmxr_ports_decision(&out);
            take(r, &d);
        }
        i += out.cmd_ready;
    }
    in.cmd_valid = false;
    for (unsigned g = 0; g < 100; g++) {
        vmxr_engine_step(e, &in, &out);
        r->cycles++;
        if (out.dec_valid) {
            struct vmxr_decision d = vmxr_ports_decision(&out);
            take(r, &d);
        }
        if (out.idle)
            break;
    }
    r->secs = bench_now() - t0;
    r->pin = true;
    const char *f = vmxr_engine_failure(e);
    if (f)
        snprintf(r->failure, sizeof r->failure, "%s", f);
    vmxr_engine_close(e);
}

static void run_sc(const char *name, const struct apb_wr *cfg, unsigned ncfg, const struct vmxr_cmd *cmds, unsigned n,
                   struct result *r)
{
    char err[256];
    struct vmxr_sc *p = vmxr_sc_create(name, err, sizeof err);
    if (!p) {
        snprintf(r->failure, sizeof r->failure, "%s", err);
        return;
    }
    vmxr_sc_reset(p, &STRAPS);
    for (unsigned i = 0; i < ncfg; i++)
        vmxr_sc_apb_write(p, 0, cfg[i].addr, cfg[i].value);
    uint64_t c0 = vmxr_sc_cycles(p);
    double t0 = bench_now();
    struct vmxr_decision d;
    for (unsigned i = 0; i < n;) {
        unsigned end = i + BLOCK < n ? i + BLOCK : n;
        for (; i < end; i++)
            vmxr_sc_submit(p, &cmds[i]);
        vmxr_sc_drain(p);
        while (vmxr_sc_take(p, &d))
            take(r, &d);
    }
    r->secs = bench_now() - t0;
    r->cycles = vmxr_sc_cycles(p) - c0;
    r->pin = strcmp(name, "sc-tlm") != 0;
    const char *f = vmxr_sc_failure(p);
    if (f)
        snprintf(r->failure, sizeof r->failure, "%s", f);
    vmxr_sc_destroy(p);
}

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 1u << 20;
    if (n < VMXR_NCPU)
        n = VMXR_NCPU;
    struct vmxr_cmd *cmds = malloc(sizeof *cmds * n);
    struct apb_wr cfg[BENCH_MAX_CONFIG];
    if (!cmds)
        return 1;
    bench_stream(cmds, n);
    unsigned ncfg = bench_config(cfg);
    static const char *const names[] = { "txn", "sc-tlm", "model", "sc-model", "rtl", "sc-rtl", "cosim", "sc-cosim" };
    struct result rs[8];
    for (unsigned i = 0; i < 8; i++) {
        memset(&rs[i], 0, sizeof rs[i]);
        rs[i].name = names[i];
        rs[i].sum = 0xCBF29CE484222325ull;
        if (!strcmp(names[i], "txn"))
            run_txn(cfg, ncfg, cmds, n, &rs[i]);
        else if (!strncmp(names[i], "sc-", 3))
            run_sc(names[i], cfg, ncfg, cmds, n, &rs[i]);
        else
            run_port(names[i], cfg, ncfg, cmds, n, &rs[i]);
    }
    printf("bench-sc: stream of %u commands, %u APB configuration writes, NIOR=%d NCPU=%d, clock %u ns\n", n, ncfg,
           VMXR_NIOR, VMXR_NCPU, VMXR_SC_PERIOD_NS);
    printf("  %-9s %11s %11s %9s %11s %10s  %s\n", "engine", "M cycles/s", "M cmds/s", "seconds", "cycles",
           "decisions", "decision hash");
    for (unsigned i = 0; i < 8; i++) {
        const struct result *r = &rs[i];
        char cyc[32] = "-", rate[32] = "-";
        if (r->pin) {
            snprintf(cyc, sizeof cyc, "%llu", r->cycles);
            snprintf(rate, sizeof rate, "%.3f", (double)r->cycles / r->secs / 1e6);
        } else if (r->cycles) {
            snprintf(cyc, sizeof cyc, "(%llu)", r->cycles);
        }
        printf("  %-9s %11s %11.3f %9.3f %11s %10llu  %016llx%s\n", r->name, rate, (double)n / r->secs / 1e6, r->secs,
               cyc, r->ndec, (unsigned long long)r->sum, r->sum != rs[0].sum ? "  (differs from txn)" : "");
        if (r->failure[0])
            printf("  %-9s FAILED: %.200s\n", "", r->failure);
    }
    for (unsigned i = 1; i < 8; i += 2)
        printf("  ratio  %-6s / %-9s = %6.2f x\n", rs[i - 1].name, rs[i].name, rs[i].secs / rs[i - 1].secs > 0
                                                                                   ? rs[i].secs / rs[i - 1].secs
                                                                                   : 0.0);
    printf("  (sc-tlm cycles in parentheses are its annotated time; figures only, not checked)\n");
    free(cmds);
    return 0;
}
