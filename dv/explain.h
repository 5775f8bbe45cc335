/* The explanation engine (dv/explain.c, dv/explain_event.c): why the
 * command at one line of a vector file (or at every one) went where it went, step by step
 * through the rules of docs/architecture.md, checked against the model. */
#ifndef VMXR_EXPLAIN_H
#define VMXR_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "vec1.h"

/* Whether line (1-based) of src holds a command: ev, launch or resume
 * (src is read from its start). */
bool explain_has_command(struct vec_reader *src, unsigned line);

enum explain_status {
    EXPLAIN_AGREES,    /* the account agrees with the model */
    EXPLAIN_DISAGREES, /* some claim of it does not: see why and *nbad */
    EXPLAIN_FAILED,    /* no account: no command at line, or out of memory */
};

/* Explains the command at line (1-based) of src on out: src is read from
 * its start, every item before it replayed from reset (with src's straps) on the transaction-level core;
 * the command as parsed and its CPU's state are printed, the command is
 * walked through the checks, the routing steps or the LAUNCH/RESUME checks
 * and the injections after a pop on that state, then executed, and the
 * actual decisions (against the file's expectations, if any) and the CPU's
 * state after are printed; out is flushed. Every claim of the walk is
 * compared with what the model decides and the state it leaves.
 * Returns EXPLAIN_AGREES; EXPLAIN_DISAGREES with the first disagreement in
 * why (whylen bytes) and their number in *nbad; or EXPLAIN_FAILED with the
 * reason in why and nothing written to out. */
enum explain_status explain_command(struct vec_reader *src, unsigned line, FILE *out, char *why, size_t whylen,
                                    unsigned *nbad);

/* Explains every command of src in file order, as explain_command would
 * one by one but replaying src once: each explanation on out (a blank line
 * between two), the state carried from one command to the next. *ncmd
 * takes the number of commands explained, *nbad the number whose account
 * disagrees with the model. Returns EXPLAIN_AGREES; EXPLAIN_DISAGREES with
 * the first disagreement in why, prefixed FILE:LINE; or EXPLAIN_FAILED
 * (why: a read error, or no command in src). */
enum explain_status explain_all(struct vec_reader *src, FILE *out, char *why, size_t whylen, unsigned *ncmd,
                                unsigned *nbad);

#endif /* VMXR_EXPLAIN_H */
