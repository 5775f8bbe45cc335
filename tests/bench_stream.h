/* The benchmark workload shared by bench_model.c, bench_engines.c and
 * bench_sc.c: one routing configuration (as APB writes by VMM 0) and one
 * long command stream, the same for every engine so figures compare as
 * ratios; and the one way a port-level engine is driven with it. */
#ifndef VMXR_BENCH_STREAM_H
#define VMXR_BENCH_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "vmxr_model.h"

struct apb_wr {
    uint16_t addr;
    uint32_t value;
};

#define BENCH_MAX_CONFIG (8 + 2 * VMXR_NIOR + 3 * VMXR_NMEM + 3 * VMXR_NKEY + VMXR_NVM)

/* The configuration writes; returns how many (at most BENCH_MAX_CONFIG). */
unsigned bench_config(struct apb_wr *w);

/* n commands: launches start every CPU, then events alternate with resumes
 * on each CPU; a fixed seed, so every run and engine sees the same stream.
 * EPT violations fall on the memory entries of bench_config (and around
 * them, some beyond the table's 44-bit reach); a part of the CPUID, VMCALL,
 * RDMSR and WRMSR events carry keys in and around its key entries. */
void bench_stream(struct vmxr_cmd *cmds, unsigned n);

/* Monotonic seconds. */
double bench_now(void);

/* The straps of every benchmark run: SMIs to VMM 1, locked. */
extern const struct vmxr_straps bench_straps;

/* A cheap running hash of a decision stream (multiply-xor per word), so the
 * driver costs little next to even the fastest engine; start from
 * BENCH_HASH_INIT. Equal streams give equal hashes on every engine. */
#define BENCH_HASH_INIT 0xCBF29CE484222325ull
uint64_t bench_hash(uint64_t h, const struct vmxr_decision *d);

/* One port-level run: reset with bench_straps, the configuration through
 * the APB port (untimed), then the commands back to back with dec_ready
 * high and the drain (timed). */
struct bench_port_run {
    double secs;               /* streaming phase only */
    unsigned long long cycles; /* streaming phase, including the drain */
    unsigned long long ndec, pslverr;
    uint64_t sum;              /* bench_hash of every decision */
    char failure[512];         /* cosim divergence (start of the report), or "" */
};

/* False (message in r->failure) when the engine cannot be opened. */
bool bench_port_stream(const char *engine, const struct apb_wr *cfg, unsigned ncfg, const struct vmxr_cmd *cmds,
                       unsigned n, struct bench_port_run *r);

#endif /* VMXR_BENCH_STREAM_H */
