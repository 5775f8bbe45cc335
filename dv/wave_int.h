/* The GTKWave side of vmxr wave (dv/wave.c): translate filters and save
 * files, for wave.c only. A save file names the FST, groups the signals
 * (APB, command in, RT with the memory and key picks, EX, DQ, per-CPU state
 * and usage, the stage that decided a decision), shows names instead of numbers through the
 * translate filters and opens on a view around a marker (wave.h's
 * struct wave_view). */
#ifndef VMXR_WAVE_INT_H
#define VMXR_WAVE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "wave.h"

/* Translate filters; index + 1 is the filter number in the save file. */
enum filt { F_NONE = -1, F_OP, F_OUTCOME, F_RULE, F_ERRC, F_PCLASS, F_CTX, F_REG, NFILT };

/* Each filter's file is STEM.<suffix>.txt. */
extern const char *const wave_filt_suffix[NFILT];

/* Writes translate filter which to path: 0, WAVE_EWRITE when the file
 * cannot be written (message in err). */
int wave_filter_write(enum filt which, const char *path, char *err, size_t errlen);

/* Writes the save file path for the FST abs_fst (the save file itself at
 * abs_gtkw; both absolute), referring to the filters filt[] (absolute),
 * with the RTL under root, the view [from, to] around marker and v's
 * title, markers and stage group (v may be NULL). 0, or WAVE_EWRITE with
 * a message in err. */
int wave_gtkw_write(const char *path, const char *abs_fst, const char *abs_gtkw, const char filt[NFILT][4096],
                    const char *root, uint64_t from, uint64_t to, uint64_t marker, const struct wave_view *v,
                    char *err, size_t errlen);

#endif /* VMXR_WAVE_INT_H */
