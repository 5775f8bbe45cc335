/* The benchmark workload shared by bench_model.c and bench_engines.c: one
 * routing configuration (as APB writes by VMM 0) and one long command
 * stream, the same for every engine so figures compare as ratios. */
#ifndef VMXR_BENCH_STREAM_H
#define VMXR_BENCH_STREAM_H

#include <stdint.h>

#include "vmxr_model.h"

struct apb_wr {
    uint16_t addr;
    uint32_t value;
};

#define BENCH_MAX_CONFIG (8 + 2 * VMXR_NIOR + VMXR_NVM)

/* The configuration writes; returns how many (at most BENCH_MAX_CONFIG). */
unsigned bench_config(struct apb_wr *w);

/* n commands: launches start every CPU, then events alternate with resumes
 * on each CPU; a fixed seed, so every run and engine sees the same stream. */
void bench_stream(struct vmxr_cmd *cmds, unsigned n);

/* Monotonic seconds. */
double bench_now(void);

#endif /* VMXR_BENCH_STREAM_H */
