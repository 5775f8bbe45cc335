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
#include "vmxr_port_cmd.h"
#include "vmxr_engine.h"
#include "vmxr_model.h"

#define NCMD_DEFAULT (1u << 21)
#define MIN_SECS 0.5
#define MAX_ROUNDS 5

struct result {
    const char *name;
    double secs;               /* streaming phase only */
    unsigned long long cycles; /* streaming phase, including the drain */
    unsigned long long ndec, pslverr;
    uint64_t sum;              /* hash of every decision */
    char failure[512];         /* cosim divergence (start of the report), or "" */
    bool ok;
    unsigned rounds;           /* timed rounds; the fastest is kept */
};

/* A cheap running hash of the decision stream (multiply-xor per word), so
 * the driver costs little next to even the fastest engine. */
static inline uint64_t hash(uint64_t h, uint32_t v) { return (h ^ v) * 0x100000001B3ull; }

static inline void take(struct result *r, const struct vmxr_unit_out *o)
{
    if (!o->dec_valid)
        return;
    r->ndec++;
    uint64_t h = r->sum;
    h = hash(h, (uint32_t)o->dec_cpu | (uint32_t)o->dec_op << 8 | (uint32_t)o->dec_outcome << 16 |
                    (uint32_t)o->dec_err << 24);
    h = hash(h, (uint32_t)o->dec_from | (uint32_t)o->dec_to << 8 | (uint32_t)o->dec_rule << 16 |
                    (uint32_t)o->dec_reason << 24);
    h = hash(h, (uint32_t)o->dec_idx);
    r->sum = hash(h, o->dec_qual);
}

static bool run(const char *name, const struct apb_wr *cfg, unsigned ncfg, const struct vmxr_cmd *cmds, unsigned n,
                struct result *r)
{
    char err[256];
    memset(r, 0, sizeof *r);
    r->name = name;
    r->sum = 0xCBF29CE484222325ull;
    struct vmxr_engine *e = vmxr_engine_open(name, err, sizeof err);
    if (!e) {
        fprintf(stderr, "bench_engines: %s\n", err);
        return false;
    }
    struct vmxr_unit_in in;
    struct vmxr_unit_out out;
    memset(&in, 0, sizeof in);
    /* reset: SMIs strapped to VMM 1, locked (as tests/bench_model.c) */
    in.strap_smi_en = true;
    in.strap_smi_vmm = 1;
    in.strap_smi_lock = true;
    vmxr_engine_step(e, &in, &out);
    vmxr_engine_step(e, &in, &out);
    in.rst_n = true;
    in.dec_ready = true;

    /* configuration through the APB port */
    for (unsigned i = 0; i < ncfg; i++) {
        in.psel = true;
        in.penable = false;
        in.pwrite = true;
        in.paddr = cfg[i].addr;
        in.pwdata = cfg[i].value;
        in.pauser = 0;
        vmxr_engine_step(e, &in, &out);
        in.penable = true;
        unsigned guard = 0;
        do
            vmxr_engine_step(e, &in, &out);
        while (!out.pready && ++guard < 1000);
        r->pslverr += out.pslverr;
        in.psel = in.penable = in.pwrite = false;
        in.paddr = 0;
        in.pwdata = 0;
    }

    /* the timed stream: commands back to back, dec_ready high */
    in.cmd_valid = true;
    unsigned long long cycles = 0;
    double t0 = bench_now();
    for (unsigned i = 0; i < n;) {
        const struct vmxr_cmd *c = &cmds[i];
        vmxr_ports_present(&in, c);
        vmxr_engine_step(e, &in, &out);
        cycles++;
        take(r, &out);
        i += out.cmd_ready;
    }
    in.cmd_valid = false;
    for (unsigned guard = 0; guard < 100; guard++) {
        vmxr_engine_step(e, &in, &out);
        cycles++;
        take(r, &out);
        if (out.idle)
            break;
    }
    r->secs = bench_now() - t0;
    r->cycles = cycles;
    const char *f = vmxr_engine_failure(e);
    if (f)
        snprintf(r->failure, sizeof r->failure, "%s", f);
    vmxr_engine_close(e);
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
    const char *const *names = vmxr_engine_names;
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
    struct apb_wr cfg[BENCH_MAX_CONFIG];
    if (!cmds)
        return 1;
    bench_stream(cmds, n);
    unsigned ncfg = bench_config(cfg);

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
            if (!rounds || cur.secs < best.secs || (cur.failure[0] && !best.failure[0]))
                best = cur;
            total += cur.secs;
            rounds++;
        }
        if (rounds) {
            best.rounds = rounds;
            rs[nr++] = best;
        }
    }

    printf("bench-engines: stream of %u commands, %u APB configuration writes, NIOR=%d NCPU=%d\n", n, ncfg,
           VMXR_NIOR, VMXR_NCPU);
    printf("  %-6s %10s %9s %6s %11s %12s %9s  %s\n", "engine", "M cycles/s", "seconds", "rounds", "cycles",
           "decisions", "cmds/cyc", "decision hash");
    for (unsigned i = 0; i < nr; i++) {
        const struct result *r = &rs[i];
        printf("  %-6s %10.3f %9.3f %6u %11llu %12llu %9.3f  %016llx%s\n", r->name,
               (double)r->cycles / r->secs / 1e6, r->secs, r->rounds, r->cycles, r->ndec,
               (double)n / (double)r->cycles, (unsigned long long)r->sum,
               r->pslverr ? "  (some configuration writes were refused)" : "");
        if (r->failure[0])
            printf("  %-6s DIVERGED: %s\n", "", r->failure);
    }
    const struct result *m = find(rs, nr, "model");
    for (unsigned i = 0; m && i < nr; i++) {
        if (&rs[i] == m)
            continue;
        double rate_m = (double)m->cycles / m->secs, rate_o = (double)rs[i].cycles / rs[i].secs;
        printf("  ratio  model/%-5s = %8.2f x%s\n", rs[i].name, rate_m / rate_o,
               rs[i].sum != m->sum ? "  (decision stream differs from the model's)" : "");
    }
    printf("  targets: model >= 10x rtl; cosim >= 3 M cycles/s (figures only, not checked)\n");
    free(cmds);
    free(sel);
    return 0;
}
