/* The regression runner's parts (dv/regress*.c), for one another only:
 *
 *   regress.c          regress_run: directories, the run, the summary
 *   regress_tests.c    the test list and sharding
 *   regress_pool.c     the parent: worker processes, messages, progress
 *   regress_worker.c   a worker process: runs tests, answers with results
 *   regress_report.c   the table, failure reports, JUnit XML, results.tsv
 *   regress_triage.c   signatures, buckets, the artifacts of the chosen failures
 *   regress_index.c    provenance, results.json, index.html
 *   regress_rtlcov.c   RTL coverage: merge with verilator_coverage, genhtml
 *   regress_merge.c    regress_merge: joins shard outputs
 *   regress_util.c     memory, files, processes, pipes
 *
 * Parallelism: the parent forks up to o.jobs worker processes (the
 * Verilated model is per process) and hands them selected positions one at
 * a time over a pipe (struct msg_cmd); each worker runs the test in-process
 * and answers with one struct msg_res followed by its blobs: status,
 * commands, cycles, wall time, the failure text and signature, the explain
 * line of a divergence, and the test's functional coverage
 * (cov_write_json). The parent files each failure in its signature's
 * bucket as it arrives, stops handing out tests after o.max_fail failures,
 * and after the run writes waveforms (one shared set of translate filters),
 * streams and explain output for the failures chosen (rg_triage). A
 * worker that dies (signal, exit) or overruns o.timeout fails the test it
 * was running and is replaced.
 *
 * RTL coverage (o.rtl_cov, in a binary built with Verilator --coverage):
 * Verilator keeps coverage counters per model, so a worker keeps ONE RTL
 * instance for its lifetime and runs every test on the cosim engine over
 * it (vmxr_engine_cosim_open_on), writing that instance's coverage.dat
 * when it exits (its MSG_BYE names the file); the parent merges the files
 * (regress_rtlcov.c). A test that fails there is run again on a new cosim
 * engine, whose report and waveform are the ones shown.
 *
 * No state outside struct regress (the parent) and struct worker_ctx (a
 * worker process). The rg_ allocation helpers never return NULL: out of
 * memory ends the process (exit 2). */
#ifndef VMXR_REGRESS_INT_H
#define VMXR_REGRESS_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "regress.h"
#include "run.h"
#include "vmxr_model.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

#define TABLE_MAX_ROWS 60u /* more tests: the table lists the failures only */
#define GEN_NCPU (VMXR_NCPU < 4 ? (unsigned)VMXR_NCPU : 4u) /* the generator's CPUs */
#define TSV_MAGIC "# vmxr-regress-results 1"                   /* results.tsv's first line */

struct test {
    unsigned index; /* position in the whole (unsharded) list */
    bool random;
    char *name; /* "directed/<stem>" or "random/seed-<S>" */
    char *stem; /* "<stem>" or "seed-<S>": file names, JUnit name */
    char *path; /* the vector file (random: DIR/gen/seed-S.vec) */
    uint64_t seed, stall_seed;
    const char *mix;
};

enum status { ST_PASS, ST_FAIL, ST_DIVERGE, ST_ERROR, ST_CRASH, ST_TIMEOUT, ST_NOTRUN };
extern const char *const rg_status_name[]; /* by enum status */

struct result {
    bool done;
    enum status st;
    unsigned commands;
    uint64_t cycles, div_cycle;
    double secs;
    char *text; /* failure text */
    char *wave, *gtkw, *why;
    char *sig;          /* failure signature (rg_triage's buckets) */
    unsigned fail_cmds; /* commands up to the failure (smallest reproducer) */
    unsigned why_line;  /* the vector line `vmxr explain` should explain, or 0 */
    int bucket;         /* index in rg->bk, -1 for PASS and NOT_RUN */
    bool art;           /* chosen for artifacts (waves, stream, full report) */
    char *explain;      /* explain output file (the bucket's reproducer) */
};

/* Failures with one signature. */
struct bucket {
    char *sig;
    unsigned count;
    unsigned first, repro; /* selected positions: first failure, smallest reproducer */
};

/* Messages between parent and workers (same binary: raw structs). */
enum { MSG_RUN = 1, MSG_QUIT = 2, MSG_RESULT = 3, MSG_BYE = 4 };
struct msg_cmd {
    uint32_t kind, pos;
};
#define NBLOB 5 /* text, signature, (unused), why, coverage JSON | BYE: dat path, note */
struct msg_res {
    uint32_t kind, pos;
    int32_t status;
    uint32_t commands, fail_cmds, why_line;
    uint64_t cycles, div_cycle;
    double secs;
    uint32_t blob_len[NBLOB];
};

struct worker {
    pid_t pid;
    int cmd_fd, res_fd; /* parent's ends */
    int pos;            /* selected position running, -1 idle */
    double started;
    unsigned slot, gen;
    bool quit_sent, timed_out;
};

struct regress {
    struct regress_opts o;
    struct test *tests;
    unsigned ntests, ndirected;
    unsigned *sel; /* selected positions -> test index */
    unsigned nsel;
    struct result *res; /* per selected position */
    struct worker *w;
    unsigned nw;
    struct cov *cov;
    bool rtl_cov;
    char *gen_dir, *wave_dir, *dat_dir, *rtl_dir;
    char **dats;
    unsigned ndats;
    unsigned next, done, failed, crashes, respawns;
    double t0, last_plain, last_tty;
    unsigned shown_failed;
    bool tty;
    char *notes; /* worker notes for the summary */
    struct bucket *bk; /* in order of first appearance */
    unsigned nbk, notrun;
    bool stopped; /* --max-fail reached */
    struct prov *prov;
};

/* Where a run comes from (regress_index.c): the reports carry it. */
struct prov {
    char *git_commit; /* NULL: not in a git checkout (or no git) */
    int git_dirty;    /* 1 uncommitted changes to tracked files, 0 none, -1 unknown */
    char *params, *verilator, *compiler, *cmdline;
};

/* A worker process's state. */
struct worker_ctx {
    const struct regress *rg;
    int in_fd, out_fd;
    struct vmxr_rtl *cov_rtl; /* rtl_cov: the instance that accumulates */
    const char *crash_hook;   /* VMXR_REGRESS_CRASH_TEST */
    char *dat_path;
};

/* ---- regress.c ---- */

/* The engine every test runs on: the port-level co-simulation (regress_run
 * checks that this build has it before any test starts). */
const char *rg_cosim_name(void);

/* ---- regress_tests.c ---- */

/* Fills rg->tests (ntests, ndirected) and the selection (sel, nsel) from
 * rg->o; random tests' files are in rg->gen_dir. -1 on success, else the
 * exit status (after a message). */
int rg_build_tests(struct regress *rg);
void rg_free_tests(struct regress *rg);

/* ---- regress_pool.c ---- */

/* Runs the selected tests in worker processes; every position gets a
 * result (rg->res), failures count in rg->failed, coverage is added to
 * rg->cov, the workers' coverage files land in rg->dats. */
void rg_run_all(struct regress *rg);
/* Appends a line to the summary's notes. */
void rg_note(struct regress *rg, const char *text);

/* ---- regress_worker.c ---- */

/* The worker process's loop: MSG_RUN in, one result out each, until
 * MSG_QUIT or end of file; then MSG_BYE. Never returns. */
_Noreturn void rg_worker_main(struct worker_ctx *w);

/* ---- regress_triage.c ---- */

#define ARTIFACT_MAX 200u /* tests with artifacts in one run, whatever the buckets */

/* A worker's signature of a failed expectation: the first failing item of
 * f ("expect ev: at rule IOR"); *fail_cmds the commands up to it and
 * *fail_item its index (left as it was when no item failed). */
char *rg_sig_expect(const struct vec_file *f, const struct vec_result *res, unsigned *fail_cmds, unsigned *fail_item);
/* The commands of f whose handshake was at or before cycle. */
unsigned rg_cmds_before(const struct vec_file *f, const struct vec_result *res, uint64_t cycle);
/* "malformed: MSG" or "error: MSG" for a message FILE:LINE: MSG or FILE: MSG,
 * numbers replaced by N (the same for the same cause in any test). */
char *rg_sig_message(const char *kind, const char *text);
/* Files result p (a failure) in its bucket; true if the bucket is new. */
bool rg_bucket_add(struct regress *rg, unsigned p);
/* After the run: chooses the failures that get artifacts and writes them
 * (streams of random tests, waveforms, explain output); problems go to
 * the notes. */
void rg_triage(struct regress *rg);

/* ---- regress_index.c ---- */

/* Asks git, verilator and the build for rg->prov. */
void rg_prov_collect(struct regress *rg);
void rg_prov_free(struct prov *p);
/* The output file's path relative to o.out when it lies inside it, else
 * NULL (for links). */
const char *rg_rel(const struct regress *rg, const char *path);
/* results.json and index.html in o.out; false if one cannot be written. */
bool rg_write_json(const struct regress *rg, const char *path, double wall);
bool rg_write_index(const struct regress *rg, const char *path, double wall);

/* ---- regress_report.c ---- */

void rg_print_row(const char *name, const char *engine, const char *cmds, const char *cycles, const char *result,
                  const char *time);
void rg_print_result_row(const struct test *t, const struct result *r);
/* The rerun (and, random, regen) commands of t, each line after indent. */
void rg_rerun_lines(FILE *fp, const struct regress *rg, const struct test *t, const char *indent);
/* "failures (N):" and each failure's report, rerun lines and waveform. */
void rg_print_failures(const struct regress *rg);
/* The selected tests' results; false if path cannot be written. */
bool rg_write_junit(const struct regress *rg, const char *path);
bool rg_write_results(const struct regress *rg, const char *path);

/* ---- regress_rtlcov.c ---- */

/* rtl_dir/{coverage.dat, coverage.info, index.html}: from the per-worker
 * files dats, or already merged (info_merged). Prints the summary; false
 * if nothing could be produced. */
bool rg_rtl_report(const char *rtl_dir, char **dats, unsigned ndats, bool info_merged);
/* Can this binary write Verilator coverage? Asked in a child process. */
bool rg_rtl_cov_supported(void);

/* ---- regress_util.c ---- */

double rg_now(void); /* monotonic seconds */
_Noreturn void rg_oom(void);
void *rg_calloc(size_t n, size_t size);
char *rg_strdup(const char *s); /* NULL: "" */
__attribute__((format(printf, 1, 2))) char *rg_fmt(const char *fmt, ...);
int rg_mkdir_p(const char *path); /* 0, or -1 with errno */
bool rg_is_dir(const char *path);
bool rg_is_file(const char *path);
/* Removes DIR/PREFIX*SUFFIX. */
void rg_remove_matching(const char *dir, const char *prefix, const char *suffix);
bool rg_on_path(const char *name);
/* Runs argv (no shell) with stdout and stderr to log (or /dev/null):
 * its exit status, 127 if it could not be started, -1 if killed. */
int rg_run_tool(char *const argv[], const char *log);
bool rg_write_all(int fd, const void *buf, size_t n);
/* 1 read all n, 0 end of file before any byte, -1 error or short */
int rg_read_all(int fd, void *buf, size_t n);
/* The rest of fp, NUL-terminated; its length in *len if len. */
char *rg_slurp(FILE *fp, size_t *len);

#endif /* VMXR_REGRESS_INT_H */
