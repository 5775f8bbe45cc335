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
#include "vmxr_registry.h"
#include "vmxr_sc.h"

#define BLOCK 4096u

struct result {
    const char *name;
    double secs;
    unsigned long long cycles, ndec;
    uint64_t sum;
    bool pin; /* cycles are meaningful */
    char failure[512];
};

static void take(struct result *r, const struct vmxr_decision *d)
{
    r->ndec++;
    r->sum = bench_hash(r->sum, d);
}

static void run_txn(const struct apb_wr *cfg, unsigned ncfg, const struct vmxr_cmd *cmds, unsigned n, struct result *r)
{
    struct vmxr_state *st = malloc(sizeof *st);
    if (!st)
        return;
    vmxr_state_reset(st, &bench_straps);
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
    struct bench_port_run p;
    bool opened = bench_port_stream(name, cfg, ncfg, cmds, n, &p);
    snprintf(r->failure, sizeof r->failure, "%s", p.failure);
    if (!opened)
        return;
    r->secs = p.secs;
    r->cycles = p.cycles;
    r->ndec = p.ndec;
    r->sum = p.sum;
    r->pin = true;
}

static void run_sc(const struct vmxr_engine_info *info, const struct apb_wr *cfg, unsigned ncfg,
                   const struct vmxr_cmd *cmds, unsigned n, struct result *r)
{
    char err[256];
    struct vmxr_sc *p = vmxr_sc_create_strapped(info->name, &bench_straps, err, sizeof err);
    if (!p) {
        snprintf(r->failure, sizeof r->failure, "%s", err);
        return;
    }
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
    r->pin = vmxr_engine_clocked(info);
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
    bench_stream(cmds, n, BENCH_VMXR2);
    unsigned ncfg = bench_config(cfg, BENCH_VMXR2);
    /* each plain engine of the registry beside its SystemC twin (the same
     * make-up on the SystemC platform) */
    const struct vmxr_engine_info *eng[8];
    unsigned ne = 0;
    for (unsigned i = 0; vmxr_engine_at(i) && ne < 8; i++) {
        const struct vmxr_engine_info *e = vmxr_engine_at(i), *twin;
        if (e->caps & VMXR_ENG_SC)
            continue;
        for (unsigned k = 0; (twin = vmxr_engine_sc_at(k)); k++)
            if (twin->caps == ((e->caps & ~(unsigned)VMXR_ENG_PORT) | VMXR_ENG_SC) && ne < 7) {
                eng[ne++] = e;
                eng[ne++] = twin;
            }
    }
    if (ne != 8) {
        fprintf(stderr, "bench-sc: the registry has %u plain/SystemC engine pairs, not 4\n", ne / 2);
        return 1;
    }
    struct result rs[8];
    for (unsigned i = 0; i < 8; i++) {
        memset(&rs[i], 0, sizeof rs[i]);
        rs[i].name = eng[i]->name;
        rs[i].sum = BENCH_HASH_INIT;
        if (vmxr_engine_direct_txn(eng[i]))
            run_txn(cfg, ncfg, cmds, n, &rs[i]);
        else if (eng[i]->caps & VMXR_ENG_SC)
            run_sc(eng[i], cfg, ncfg, cmds, n, &rs[i]);
        else
            run_port(eng[i]->name, cfg, ncfg, cmds, n, &rs[i]);
    }
    printf("bench-sc: %s workload, stream of %u commands, %u APB configuration writes, NIOR=%d NMEM=%d NKEY=%d NCPU=%d, "
           "clock %u ns\n",
           bench_load_name[BENCH_VMXR2], n, ncfg, VMXR_NIOR, VMXR_NMEM, VMXR_NKEY, VMXR_NCPU, VMXR_SC_PERIOD_NS);
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
