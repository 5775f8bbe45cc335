/* The regression runner (docs/regression.md): what `vmxr regress`
 * (cli/cmd_regress.c, which parses the options) calls.
 *
 * The test list is every directed vector (each .vec file of the --vectors
 * directories, by directory in list order and by name within one),
 * followed by o->seeds constrained-random streams (gen_stream, seeds
 * seed_base .. seed_base+seeds-1), in that fixed order; shard i/n keeps
 * positions i-1, i-1+n, ... Every test runs in co-simulation with a stall
 * seed: the seed for a random test, seed_base for a directed one.
 *
 * Every failing test gets a signature, the same for the same bug (its
 * kind and, for a divergence, the differing ports and both decisions; for
 * an expectation, the item kind and what was expected and got); failures
 * with one signature form a bucket. After o->max_fail failures no more
 * tests are started (the rest are reported "not run"). Waveforms, save
 * files, generated streams and explain output are written only for the
 * first o->waves_per_bucket failures of each bucket and each bucket's
 * smallest reproducer (the failure with the fewest commands before it).
 *
 * Both entry points print their report on standard output (progress, one
 * line per new bucket and --max-fail on standard error) and return the
 * exit status of
 * `vmxr regress`: 0 every test passed, 1 some test failed (or, merging,
 * is missing), 2 bad usage or environment. Out of memory ends the process
 * with status 2 and "vmxr regress: out of memory". */
#ifndef VMXR_REGRESS_H
#define VMXR_REGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct regress_opts {
    unsigned jobs;                    /* worker processes, >= 1 */
    uint64_t seeds, count, seed_base; /* seed_base + seeds - 1 fits 64 bits */
    uint64_t timeout;                 /* seconds per test, >= 1 */
    uint64_t max_cycles;              /* cycle budget of each test's run (run_opts; 0: the default) */
    const char *mix;                  /* a gen_mix_names entry, or "all" */
    unsigned shard_i, shard_n;        /* 1 <= shard_i <= shard_n */
    const char *out;                  /* output directory (never NULL) */
    const char *junit, *cov_json;     /* NULL: in out */
    const char *rtl_cov;              /* NULL: no RTL coverage */
    const char *vectors;              /* comma-separated directories */
    bool no_directed, keep_gen, list;
    unsigned max_fail;         /* stop starting tests after this many failures; 0: no limit */
    unsigned waves_per_bucket; /* artifacts for the first K failures of each bucket */
    int argc;                  /* the command's arguments (after "vmxr regress"), */
    char **argv;               /* for the reports' command line */
    int nmerge;        /* regress_merge: the shard directories */
    char **merge_dirs;
};

/* True for "all" and every gen_mix_names entry. */
bool regress_mix_known(const char *name);

/* Runs the regression of o (or, with o->list, prints its selected tests:
 * position, name, mix, stall seed, file). */
int regress_run(const struct regress_opts *o);

/* Joins the outputs of the shard runs in o->merge_dirs into o->out (and
 * o->junit, o->cov_json when set). */
int regress_merge(const struct regress_opts *o);

#endif /* VMXR_REGRESS_H */
