/* make bench-engines: cycles/s of the port-level engines (vmxr_engine.h) on
 * one generated command stream, the same stream and the same configuration
 * for every engine: the C cycle-accurate model ("model"), the Verilated RTL
 * ("rtl") and the lockstep co-simulation of both ("cosim").
 *
 * Every engine is driven only through its ports: reset with the straps,
 * the configuration as APB writes (setup, then access until PREADY), then a
 * streaming driver that keeps cmd_valid high and presents the next command
 * as soon as cmd_ready was high, with dec_ready always high. Only the
 * streaming phase is timed. Figures, not pass/fail: compare them as ratios
 * within one run. A hash of the decision stream is printed per engine (they
 * must agree); a cosim divergence is printed, not fatal.
 *
 * Usage: bench_engines [NCMD] [ENGINE...]   (default 2^21 commands, all
 * engines of this build). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_stream.h"
#include "vmxr_engine.h"
#include "vmxr_model.h"
#include "vmxr_registry.h"

#define NCMD_DEFAULT (1u << 21)
#define MIN_SECS 0.5
#define MAX_ROUNDS 5

struct result {
    const char *name;
    struct bench_port_run p;
    bool ok;
    unsigned rounds; /* timed rounds; the fastest is kept */
};

static bool run(const char *name, const struct apb_wr *cfg, unsigned ncfg, const struct vmxr_cmd *cmds, unsigned n,
                struct result *r)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    if (!bench_port_stream(name, cfg, ncfg, cmds, n, &r->p)) {
        fprintf(stderr, "bench_engines: %s\n", r->p.failure);
        return false;
    }
    r->ok = true;
    return true;
}

static const struct result *find(const struct result *rs, unsigned n, const char *name)
{
    for (unsigned i = 0; i < n; i++)
        if (rs[i].ok && !strcmp(rs[i].name, name))
            return &rs[i];
    return NULL;
}

/* One workload on every selected engine: the table and the ratios. */
static void bench_load(const char *const *names, struct vmxr_cmd *cmds, unsigned n, enum bench_load l)
{
    struct apb_wr cfg[BENCH_MAX_CONFIG];
    bench_stream(cmds, n, l);
    unsigned ncfg = bench_config(cfg, l);

    struct result rs[8];
    unsigned nr = 0;
    /* A fast engine is timed over several rounds (a fresh engine each
     * round, same stream) until MIN_SECS have been timed, at most
     * MAX_ROUNDS; the fastest round is reported. */
    for (unsigned i = 0; names[i] && nr < 8; i++) {
        struct result best, cur;
        memset(&best, 0, sizeof best);
        double total = 0;
        unsigned rounds = 0;
        while (rounds < MAX_ROUNDS && total < MIN_SECS && run(names[i], cfg, ncfg, cmds, n, &cur)) {
            if (!rounds || cur.p.secs < best.p.secs || (cur.p.failure[0] && !best.p.failure[0]))
                best = cur;
            total += cur.p.secs;
            rounds++;
        }
        if (rounds) {
            best.rounds = rounds;
            rs[nr++] = best;
        }
    }

    printf("bench-engines: %s workload, stream of %u commands, %u APB configuration writes, NIOR=%d NMEM=%d NKEY=%d "
           "NCPU=%d\n",
           bench_load_name[l], n, ncfg, VMXR_NIOR, VMXR_NMEM, VMXR_NKEY, VMXR_NCPU);
    printf("  %-6s %10s %9s %6s %11s %12s %9s  %s\n", "engine", "M cycles/s", "seconds", "rounds", "cycles",
           "decisions", "cmds/cyc", "decision hash");
    for (unsigned i = 0; i < nr; i++) {
        const struct bench_port_run *r = &rs[i].p;
        printf("  %-6s %10.3f %9.3f %6u %11llu %12llu %9.3f  %016llx%s\n", rs[i].name,
               (double)r->cycles / r->secs / 1e6, r->secs, rs[i].rounds, r->cycles, r->ndec,
               (double)n / (double)r->cycles, (unsigned long long)r->sum,
               r->pslverr ? "  (some configuration writes were refused)" : "");
        if (r->failure[0])
            printf("  %-6s DIVERGED: %s\n", "", r->failure);
    }
    const struct result *m = find(rs, nr, "model");
    for (unsigned i = 0; m && i < nr; i++) {
        if (&rs[i] == m)
            continue;
        double rate_m = (double)m->p.cycles / m->p.secs, rate_o = (double)rs[i].p.cycles / rs[i].p.secs;
        printf("  ratio  model/%-5s = %8.2f x%s\n", rs[i].name, rate_m / rate_o,
               rs[i].p.sum != m->p.sum ? "  (decision stream differs from the model's)" : "");
    }
    printf("  targets: model >= 10x rtl; cosim >= 3 M cycles/s (figures only, not checked)\n");
}

int main(int argc, char **argv)
{
    unsigned n = NCMD_DEFAULT;
    int first_engine = 1;
    if (argc > 1 && argv[1][0] >= '0' && argv[1][0] <= '9') {
        n = (unsigned)strtoul(argv[1], NULL, 0);
        first_engine = 2;
        if (n < VMXR_NCPU)
            n = VMXR_NCPU;
    }
    /* default: every port-level engine of the registry */
    const char *ports[16] = { 0 };
    unsigned np = 0;
    for (unsigned i = 0; vmxr_engine_at(i) && np < 15; i++)
        if (vmxr_engine_at(i)->caps & VMXR_ENG_PORT)
            ports[np++] = vmxr_engine_at(i)->name;
    const char *const *names = ports;
    const char **sel = NULL;
    if (argc > first_engine) {
        sel = calloc((size_t)(argc - first_engine + 1), sizeof *sel);
        if (!sel)
            return 1;
        for (int i = first_engine; i < argc; i++)
            sel[i - first_engine] = argv[i];
        names = sel;
    }

    struct vmxr_cmd *cmds = malloc(sizeof *cmds * n);
    if (!cmds)
        return 1;
    for (unsigned l = 0; l < BENCH_NLOADS; l++)
        bench_load(names, cmds, n, (enum bench_load)l);
    free(cmds);
    free(sel);
    return 0;
}
