/* Subcommands of vmxr, one file each; main.c dispatches. Each returns the
 * process exit status (0 ok, 1 check failed, 2 bad usage or input) and
 * prints its own --help. */
#ifndef VMXR_CMDS_H
#define VMXR_CMDS_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

int cmd_wave(int argc, char **argv);    /* runner/wave.c */
int cmd_explain(int argc, char **argv); /* runner/explain.c */
int cmd_compile(int argc, char **argv); /* runner/compile.c */

/* Writes an FST of cycles [from, to] of f run on engine (rtl or cosim)
 * with the driver options opts (stall seed; its trace fields are ignored),
 * plus a GTKWave save file next to it (fst_path with .gtkw) that opens with
 * the signals grouped, names instead of numbers, and a marker at cycle
 * marker. On success returns 0 and the save file's path in gtkw_out. */
int wave_write(const struct vec_file *f, const char *engine, const struct run_opts *opts, uint64_t from,
               uint64_t to, uint64_t marker, const char *fst_path, char *gtkw_out, size_t gtkw_len, char *err,
               size_t errlen);

#endif /* VMXR_CMDS_H */
