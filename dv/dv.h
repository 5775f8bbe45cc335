/* The verification tools' library interface (dv/): what the CLI and the
 * other tools call. */
#ifndef VMXR_DV_H
#define VMXR_DV_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "run.h"

/* Writes an FST of cycles [from, to] of f run on engine (rtl or cosim)
 * with the driver options opts (stall seed; its trace fields are ignored),
 * plus a GTKWave save file next to it (fst_path with .gtkw) that opens with
 * the signals grouped, names instead of numbers, and a marker at cycle
 * marker. On success returns 0 and the save file's path in gtkw_out. */
int wave_write(const struct vec_file *f, const char *engine, const struct run_opts *opts, uint64_t from,
               uint64_t to, uint64_t marker, const char *fst_path, char *gtkw_out, size_t gtkw_len, char *err,
               size_t errlen);

/* For an FST written by another path (a bus-driven run, the SystemC
 * platform): the translate filters and a GTKWave save file next to it
 * (fst_path with .gtkw), the RTL found under root ("vmxr." for the
 * Verilated shim, "top.rtl." for the SystemC platform), opening on cycles
 * [from, to] with a marker at cycle marker. 0 and the save file's path in
 * gtkw_out, or -1 with a message in err. */
int wave_save_file(const char *fst_path, const char *root, uint64_t from, uint64_t to, uint64_t marker,
                   char *gtkw_out, size_t gtkw_len, char *err, size_t errlen);

#endif /* VMXR_DV_H */
