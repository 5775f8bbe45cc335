/* The .stim writer (dv/compile.c, which documents the format): a VEC1 file
 * run on the C model through the bus driver with every clock cycle's ports
 * recorded, written as the stimulus/expectation file the Icarus testbench
 * (cosim/icarus/vmxr_tb.v) replays on the RTL. */
#ifndef VMXR_COMPILE_H
#define VMXR_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"

struct stim_rec; /* the recorded cycles of one run */

/* Runs f on the C model through the bus driver with opts (stall seed;
 * trace fields as run_file_engine takes them), recording every clock
 * cycle's inputs and outputs; res (f->nitems entries) and st are filled as
 * run_file_engine fills them. Returns the recording, to be freed with
 * stim_free, or NULL when out of memory (nothing has run). *ran is false,
 * with the driver's message in err, when the run failed: the model broke
 * the decision protocol or a cycle could not be recorded. Expectations are
 * not checked (run_check does that). */
struct stim_rec *stim_record(const struct vec_file *f, const struct run_opts *opts, struct vec_result *res,
                             struct run_stats *st, bool *ran, char *err, size_t errlen);

/* The number of cycles recorded, reset included. */
size_t stim_cycles(const struct stim_rec *r);

/* Writes r as a .stim file at path through out_open (runner/out.h): a
 * regular file is replaced atomically, so a failure leaves it as it was; a
 * device is written through, never replaced. f and opts, as given to
 * stim_record, name the source and the stall seed in its comments. The
 * caller checks first that stim_cycles(r) fits in 32 bits. 0, or -1 with
 * "PATH: reason" in err. */
int stim_write(const char *path, const struct vec_file *f, const struct run_opts *opts, const struct stim_rec *r,
               char *err, size_t errlen);

/* Frees r; NULL is allowed. */
void stim_free(struct stim_rec *r);

#endif /* VMXR_COMPILE_H */
