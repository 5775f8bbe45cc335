/* Runner: executes a parsed VEC1 file on an engine and checks the results.
 *
 * Engines (cosim/vmxr_registry.h): the transaction-level core takes each
 * item in turn; a port-level engine (cosim/vmxr_engine.h) is driven through
 * its ports by the bus driver in run.c: commands streamed back to back on
 * the valid/ready handshake, APB accesses in file order, a drain before
 * every rd and at the end; every other engine, and any engine with
 * opts->bus, one item at a time through its item-level bus. */
#ifndef VMXR_RUN_H
#define VMXR_RUN_H

#include <stdint.h>
#include <stdio.h>

#include "vec1.h"

/* What an engine did for one item. */
struct vec_result {
    unsigned ndec; /* decisions attributed to the item (command + injections) */
    struct vmxr_decision dec[VEC_MAX_OUTCOMES];
    bool slverr;    /* rd, wr */
    uint32_t value; /* rd */
    /* port-level engines: cycle of the command handshake or APB completion,
     * and of each decision's handshake (cycle 0 is the first reset cycle);
     * bus-driven runs (--bus, sc-*): the cycle the item was issued, and for
     * every decision the last cycle before the unit was idle again */
    uint64_t cycle;
    uint64_t dec_cycle[VEC_MAX_OUTCOMES];
    /* port-level engines: the first cycle each decision was presented
     * (dec_valid; earlier than dec_cycle under back-pressure), so EX chose
     * it in the cycle before; bus-driven runs: dec_cycle */
    uint64_t dec_shown[VEC_MAX_OUTCOMES];
    unsigned waits;   /* rd, wr: wait states (PREADY low in the access phase) */
    unsigned held;    /* commands: cycles presented without cmd_ready */
    bool in_flight;   /* rd, wr: some command was in the unit at completion;
                         commands: presented during an APB write's access */
    bool partial;     /* the run stopped (divergence, protocol, bounds) before
                         this result was final: not to be checked */
};

/* Cycles a traced port-level run goes on past a divergence by default. */
#define RUN_PAST_DIVERGENCE 10u

/* The cycle budget of a run when run_opts gives none: far above any
 * directed vector, firmware trace or random stream (those take at most a
 * few hundred thousand cycles), and bounding a run at a few minutes on the
 * slowest engine. */
#define RUN_MAX_CYCLES 100000000u

/* How the bus driver behaves (port-level engines only, but for the bounds,
 * which hold for bus-driven runs too). */
struct run_opts {
    bool stall;          /* randomize dec_ready and idle gaps ... */
    uint64_t stall_seed; /* ... reproducibly from this seed */
    const char *trace_path; /* if set, an FST of cycles [trace_from, trace_to]
                               (bus-driven runs: of the whole run) */
    uint64_t trace_from, trace_to;
    uint64_t past_divergence; /* with trace_path, port-level engines: after
                                 the first divergence keep stepping this many
                                 cycles (0: RUN_PAST_DIVERGENCE), at most to
                                 trace_to, so the trace shows what followed;
                                 the run still fails with that divergence,
                                 and results after it are not to be trusted */
    bool bus; /* drive the engine item by item through its vmxr_bus (as the
                 firmware platform does) instead of streaming commands */
    /* Bounds: a run fails ("FILE:LINE: ...", the item being run, and
     * run_stats.bounded set) once it would clock more than max_cycles
     * cycles (0: RUN_MAX_CYCLES; an idle item that would cross it fails
     * before it starts), or once CLOCK_MONOTONIC passes deadline_ns (0:
     * none), which is checked every few thousand cycles; timeout_s is only
     * what the message names. */
    uint64_t max_cycles;
    uint64_t deadline_ns;
    unsigned timeout_s;
    bool progress; /* port-level runs: rewrite one progress line on stderr
                      about once a second while a run takes long */
};

/* CLOCK_MONOTONIC in ns, for run_opts.deadline_ns. */
uint64_t run_now_ns(void);

struct run_stats {
    uint64_t cycles;   /* clock cycles, reset included (0 for txn) */
    unsigned commands; /* command items */
    unsigned checks;   /* expectations checked */
    unsigned failed;   /* expectations that did not hold */
    bool bounded;      /* the run stopped at its cycle budget or deadline */
    unsigned oldest_line; /* after a divergence: the line of the oldest command
                             then in flight (as run_oldest_in_flight finds it;
                             bus-driven runs: the item being run), else 0 */
};

/* Where a run's results go: item() is called once for every item of the
 * source, in file order, as soon as the item's result is final (a command:
 * its decision and every injection after it have left the unit; any other
 * item: once run), with n its index among the items (straps included) and
 * text its line (the item's own text: it->text_len bytes, NUL-terminated).
 * A run that stops early still gives the items it had read, with what they
 * had, and never the rest. */
struct run_sink {
    void (*item)(void *ctx, unsigned n, const struct vec_item *it, const char *text, const struct vec_result *r);
    void *ctx;
};

/* Runs src's items on engine (from src's current position; the straps
 * come from the check on opening), giving each result to sink: the memory
 * it holds is a few items, whatever the length of the file. False (message
 * in err) when the engine cannot be opened, hangs, or breaks the decision
 * protocol, or src cannot be read; *diverged and *div_cycle as
 * run_file_opts. */
bool run_stream(struct vec_reader *src, const char *engine, const struct run_opts *opts, const struct run_sink *sink,
                struct run_stats *st, char *err, size_t errlen, bool *diverged, uint64_t *div_cycle);

/* The same on a port-level engine the caller has opened, as
 * run_file_engine. */
struct vmxr_engine;
bool run_stream_engine(struct vec_reader *src, struct vmxr_engine *e, const struct run_opts *opts,
                       const struct run_sink *sink, struct run_stats *st, char *err, size_t errlen, bool *diverged,
                       uint64_t *div_cycle);

/* Runs f on engine; res has f->nitems entries. False (message in err) when
 * the engine cannot be opened, hangs, or breaks the decision protocol. */
bool run_file(const struct vec_file *f, const char *engine, struct vec_result *res, struct run_stats *st, char *err,
              size_t errlen);

/* The same with driver options (opts may be NULL). *diverged is set when
 * the failure is a co-simulation divergence; *div_cycle is its cycle. */
bool run_file_opts(const struct vec_file *f, const char *engine, const struct run_opts *opts, struct vec_result *res,
                   struct run_stats *st, char *err, size_t errlen, bool *diverged, uint64_t *div_cycle);

/* The same on an engine the caller has opened (and closes afterwards), e.g.
 * a wrapper that records every cycle's ports; e must be a port-level
 * engine fresh from its open function. */
bool run_file_engine(const struct vec_file *f, struct vmxr_engine *e, const struct run_opts *opts,
                     struct vec_result *res, struct run_stats *st, char *err, size_t errlen, bool *diverged,
                     uint64_t *div_cycle);

/* Checks every expectation of f against res, printing one line per failed
 * expectation to out ("FILE:LINE: expected ..., got ..."). Updates
 * st->checks and st->failed. */
void run_check(const struct vec_file *f, const struct vec_result *res, struct run_stats *st, FILE *out);

/* Checks one item's expectation (if it has one and r is not partial),
 * printing a failure to out as run_check does. Updates st->checks and
 * st->failed; true when the item holds. */
bool run_check_item(const char *path, const struct vec_item *it, const struct vec_result *r, struct run_stats *st,
                    FILE *out);

/* Did item get what it expected (true for an item without expectation)? */
bool run_item_holds(const struct vec_item *it, const struct vec_result *r);

/* The line of the oldest command whose decision had not left by cycle (the
 * one a divergence at that cycle most likely concerns), or 0. */
unsigned run_oldest_in_flight(const struct vec_file *f, const struct vec_result *res, uint64_t cycle);

/* Canonical spelling of an item's results ("deliver vmm 1 IOR 2 => ...",
 * "0x0000ABCD", "ok", "err"); empty for strap and idle. */
void run_format_result(const struct vec_item *it, const struct vec_result *r, char *buf, size_t n);

#endif /* VMXR_RUN_H */
