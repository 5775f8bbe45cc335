/* The verification tools' library interface (dv/): what the CLI and the
 * other tools call. */
#ifndef VMXR_DV_H
#define VMXR_DV_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "run.h"

/* The constrained-random generator (dv/gen.c): writes one VEC1 stream
 * without expectations to out. The stream is a pure function of (seed,
 * count, ncpu, mix) on every machine. count is the number of items after
 * the configuration prologue; ncpu 1..VMXR_NCPU; mix one of gen_mix_names.
 * Returns 0, or -1 with a message in err. */
int gen_stream(FILE *out, uint64_t seed, unsigned count, unsigned ncpu, const char *mix, char *err, size_t errlen);
extern const char *const gen_mix_names[]; /* NULL-terminated; [0] is the default */

#endif /* VMXR_DV_H */
