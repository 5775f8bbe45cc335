/* The .stim writer (dv/compile.c, which documents the format): a VEC1 file
 * run on the C model through the bus driver with every clock cycle's ports
 * written written as the stimulus/expectation file the Icarus testbench
 * (cosim/icarus/vmxr_tb.v) replays on the RTL. */
#ifndef VMXR_COMPILE_H
#define VMXR_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"

/* The engine a .stim comes from (the C model, port level): the caller
 * runs src on it first (run_stream, with the same opts), to check its
 * expectations and count its cycles. */
const char *stim_engine(void);

/* Writes src (from its start) as a .stim file at path through out_open
 * (runner/out.h), run again on stim_engine() with opts (stall seed;
 * bounds), each cycle written as it is clocked: a regular file is replaced
 * atomically, so a failure leaves it as it was; a device is written
 * through, never replaced. cycles is the count of the first run (at most
 * 2^32 - 1), written in the header and checked against this run's. 0, or
 * -1 with "PATH: reason" in err. */
int stim_write(const char *path, struct vec_reader *src, const struct run_opts *opts, uint64_t cycles, char *err,
               size_t errlen);

#endif /* VMXR_COMPILE_H */
