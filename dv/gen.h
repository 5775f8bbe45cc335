/* The constrained-random generator (dv/gen.c, dv/gen_config.c): VEC1
 * streams without expectations, for `vmxr gen` and the regression. */
#ifndef VMXR_GEN_H
#define VMXR_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GEN_MAX_COUNT 10000000u /* the largest count gen_stream accepts */

/* Writes one VEC1 stream without expectations to out. The stream is a pure
 * function of (seed, count, ncpu, mix) on every machine (for the same build
 * parameters, which its header comment names). count is the number of
 * items after the configuration prologue, 1..GEN_MAX_COUNT; ncpu
 * 1..VMXR_NCPU; mix one of gen_mix_names (NULL: the default). Returns 0, or
 * -1 with a message in err. */
int gen_stream(FILE *out, uint64_t seed, unsigned count, unsigned ncpu, const char *mix, char *err, size_t errlen);
extern const char *const gen_mix_names[]; /* NULL-terminated; [0] is the default */

/* The one-line description of the mix called name, or NULL for none. */
const char *gen_mix_desc(const char *name);

#endif /* VMXR_GEN_H */
