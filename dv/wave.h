/* FST waveforms of the RTL with GTKWave save files (dv/wave.c).
 *
 * Time in the FST (cosim/rtl_shim.cpp): cycle c is dumped with the clock low
 * at c * WAVE_TIME_PER_CYCLE and its rising edge at + WAVE_EDGE; a decision
 * whose handshake the driver records in cycle c is sampled at that edge.
 * GTKWave's value column shows at a marker the values of the last change at
 * or before it, so a marker on the rising edge of c shows what the edge
 * registered (the next decision); markers are therefore put at the start of
 * their cycle (wave_marker_time), where the column shows the cycle's own
 * values: the ones the edge at + WAVE_EDGE samples.
 *
 * Next to OUT.fst every function here writes OUT.gtkw, a GTKWave save file
 * (absolute paths) that opens the FST with the signals grouped (APB, command
 * in, RT, EX, DQ / decision out, per-CPU state, usage) and encodings shown by
 * name, and the translate filters it names, OUT.<kind>.txt (op, outcome,
 * rule, errc, pclass, ctx, reg), generated from the register source's name
 * tables. Directories in OUT are not created unless said. Messages in err
 * carry no command name.
 *
 * Every file is written through out_open (runner/out.h): a regular file is
 * replaced atomically, a device or symbolic link written through, never
 * unlinked; the FST is traced into a temporary file first. A function here
 * that fails to write one of its files returns WAVE_EWRITE with "PATH:
 * reason" in err (its other failures return -1). When OUT is a device,
 * FIFO or socket (-o /dev/null), no save file or filters are written (they
 * would be named after it) and the save file's path returned is "". */
#ifndef VMXR_WAVE_H
#define VMXR_WAVE_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

#define WAVE_TIME_PER_CYCLE 10u /* FST time units per clock cycle */
#define WAVE_EDGE 5u            /* rising edge within a cycle */
#define WAVE_MAX_NAMED 4u       /* named markers a view can carry */
#define WAVE_EWRITE (-2)        /* returned when an output file cannot be written */

/* What a save file shows beyond its window and primary marker. */
struct wave_view {
    const char *title;                       /* comment trace on top, or NULL */
    unsigned nnamed;                         /* 0..WAVE_MAX_NAMED */
    uint64_t named[WAVE_MAX_NAMED];          /* cycles of named markers A, B, ... */
    const char *named_label[WAVE_MAX_NAMED]; /* their names, or NULL */
    const char *note;                        /* second comment trace, or NULL */
    unsigned stage_rule;                     /* VMXR_RULE_* of the decision on
                                                show: a group with the signals
                                                of the stage that chose it
                                                (IOR: the RT's I/O compare;
                                                MEM, KEY: the compare at the
                                                handshake and RT's pick, KEY
                                                with EX's arbitration; GROUP:
                                                EX's arbitration; else EX's
                                                route); 0 none */
    unsigned stage_idx;                      /* the decision's index (IOR,
                                                MEM, KEY: the entry whose base
                                                and limit are shown) */
    const char *filters;                     /* the stem of translate filters
                                                written once by
                                                wave_write_filters, which the
                                                save file then refers to; NULL:
                                                written next to the FST */
};

/* The view vmxr wave --line gives command item it of the file at path,
 * text its line and r its result:
 * title "FILE:LINE: text" (FILE without directories), marker A on the
 * handshake, B and C on the decisions after the first, the stage group of
 * the first decision with a marker on its stage's cycle ("EX L<line>", and
 * for an IOR, MEM or KEY decision also "RT L<line>", the cycle after the
 * handshake).
 * The strings live in the struct. */
struct wave_command_view {
    struct wave_view v;
    char title[512];
    char note[512];
    char label[WAVE_MAX_NAMED][64];
};
void wave_command_view(const char *path, const struct vec_item *it, const char *text, const struct vec_result *r,
                       struct wave_command_view *cv);

/* The FST time of the rising edge of cycle. */
uint64_t wave_edge_time(uint64_t cycle);

/* The FST time where markers on cycle go: its start, where GTKWave's value
 * column shows the values the rising edge of cycle samples (a decision
 * handshaken in cycle with its own op, outcome, ...). */
uint64_t wave_marker_time(uint64_t cycle);

/* The functions below run the items of src from its start (rewinding it)
 * as often as they need.
 *
 * Writes an FST of cycles [from, to] of src run on engine (rtl or cosim)
 * with the driver options opts (stall seed; its trace fields are ignored),
 * plus a GTKWave save file next to it (fst_path with .gtkw) that opens with
 * the signals grouped, names instead of numbers, and a marker at cycle
 * marker (wave_marker_time); the directories of fst_path are created. A
 * co-simulation that diverges goes on for RUN_PAST_DIVERGENCE cycles (within
 * the window) so the cycles after the divergence are in the trace; the save
 * file opens inside the cycles the trace holds. On success returns 0,
 * the save file's path in gtkw_out and in err the run's own failure
 * (divergence, protocol) if it broke after the trace had started, else "".
 * Else -1 with a message in err, among them a run that ended before the
 * window. */
int wave_write(struct vec_reader *src, const char *engine, const struct run_opts *opts, uint64_t from,
               uint64_t to, uint64_t marker, const char *fst_path, char *gtkw_out, size_t gtkw_len, char *err,
               size_t errlen);

/* True for the engines wave_write traces: port level, with the RTL (the
 * registry's rtl and cosim). */
bool wave_engine(const char *name);

/* wave_write with v's title and named markers in the save file; v NULL is
 * wave_write. */
int wave_write_view(struct vec_reader *src, const char *engine, const struct run_opts *opts, uint64_t from,
                    uint64_t to, uint64_t marker, const struct wave_view *v, const char *fst_path, char *gtkw_out,
                    size_t gtkw_len, char *err, size_t errlen);

/* For an FST written by another path (a bus-driven run, the SystemC
 * platform): the translate filters and a GTKWave save file next to it
 * (fst_path with .gtkw), the RTL found under root ("vmxr." for the
 * Verilated shim, "top.rtl." for the SystemC platform), opening on cycles
 * [from, to] with a marker at cycle marker. 0 and the save file's path in
 * gtkw_out, or -1 with a message in err. */
int wave_save_file(const char *fst_path, const char *root, uint64_t from, uint64_t to, uint64_t marker,
                   char *gtkw_out, size_t gtkw_len, char *err, size_t errlen);

/* Writes the translate filters once, as BASE.<kind>.txt (directories of
 * base created), for many save files to share (wave_view.filters, or the
 * filters argument below). 0, or -1 with a message in err. */
int wave_write_filters(const char *base, char *err, size_t errlen);

/* The waveform of the command on line of src (a failed expectation, say)
 * as vmxr wave --line gives it: src is run once for the command's cycles, then again
 * traced from window cycles before its handshake to window cycles after
 * its last decision, the save file with wave_command_view's view and the
 * primary marker on its first decision; filters as wave_view.filters.
 * Returns as wave_write; -1 also when the run ends before the decision. */
int wave_write_command(struct vec_reader *src, const char *engine, const struct run_opts *opts, unsigned line,
                       uint64_t window, const char *filters, const char *fst_path, char *gtkw_out, size_t gtkw_len,
                       char *err, size_t errlen);

/* The waveform of a co-simulation divergence at cycle (the failing run of
 * src on engine with opts): cycles cycle - before .. cycle + after traced, the
 * run going on past the divergence for them (run_opts.past_divergence), and
 * the save file showing what vmxr wave --line shows for the command in
 * flight at the divergence (run_stats.oldest_line: title, handshake marker,
 * its stage group), the primary marker on cycle, a note comment with the
 * model's decision there; filters as wave_view.filters. Returns as
 * wave_write, and the command's line (0 if none was in flight; then the
 * view is wave_write's) in *line. */
int wave_write_divergence(struct vec_reader *src, const char *engine, const struct run_opts *opts, uint64_t cycle,
                          uint64_t before, uint64_t after, const char *filters, const char *fst_path, char *gtkw_out,
                          size_t gtkw_len, unsigned *line, char *err, size_t errlen);

#endif /* VMXR_WAVE_H */
