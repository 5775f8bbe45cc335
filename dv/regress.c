/* vmxr regress: the regression runner (docs/regression.md).
 *
 * The test list is every directed vector (each .vec file of
 * vectors/directed, sorted by name) followed by N constrained-random
 * streams (gen_stream, seeds B .. B+N-1), in that fixed order; --shard i/n
 * keeps positions i-1, i-1+n, ... Every test runs in co-simulation (the C model and the Verilated RTL in
 * lockstep, every output port every cycle) with a stall seed: the seed for a
 * random test, B for a directed one.
 *
 * Parallelism: the parent forks -j N worker processes (the Verilated model
 * is per process) and hands them test positions one at a time over a pipe;
 * each worker runs the test in-process (run_file_opts + run_check) and
 * answers with one result message: status, commands, cycles, wall time, the
 * failure text, the waveform written on a divergence, and the test's
 * functional coverage (cov_write_json). A worker that dies (signal, exit)
 * or overruns --timeout fails the test it was running and is replaced.
 *
 * RTL coverage (--rtl-cov DIR, in a binary built with Verilator --coverage,
 * build/cov/vmxr): the cosim engine creates and destroys a Verilated model
 * per test, and Verilator keeps coverage counters per model, so a worker
 * instead keeps ONE RTL instance for its lifetime and runs every test on
 * the cosim engine over it (vmxr_engine_cosim_open_on: a fresh C model per
 * test, the bus driver resets the unit before each test). It writes that instance's coverage.dat when it exits; the parent
 * merges the files with verilator_coverage (lcov .info, genhtml). A test
 * that fails on that engine is run again on the real cosim engine, whose
 * report and waveform are the ones shown.
 *
 * No state outside the structs below: struct regress (the parent),
 * struct worker_ctx (a worker process). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "coverage.h"
#include "gen.h"
#include "run.h"
#include "vmxr_engine.h"
#include "vmxr_registry.h"
#include "vmxr_rtl.h"
#include "wave.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

/* Defaults, measured on the 2-core reference machine (docs/regression.md):
 * DEFAULT_SEEDS x DEFAULT_COUNT items in cosim with RTL coverage on
 * (build/cov/vmxr, what `make run` runs) take about a minute at -j2. */
#define DEFAULT_SEEDS 5000u
#define DEFAULT_COUNT 2000u
#define QUICK_SEEDS 12u
#define DEFAULT_TIMEOUT 300u /* seconds per test */
#define MAX_JOBS 256u
#define TABLE_MAX_ROWS 60u
#define GEN_NCPU (VMXR_NCPU < 4 ? (unsigned)VMXR_NCPU : 4u) /* the generator's CPUs */

#define STALL_NOTE "random: stall seed = seed; directed: stall seed = --seed-base"

static const char HELP[] =
    "usage: vmxr regress [-j N] [--seeds N] [--count N] [--seed-base B] [--mix NAME]\n"
    "                    [--shard i/n] [--junit FILE] [--cov-json FILE] [--out DIR]\n"
    "                    [--rtl-cov DIR] [--vectors DIR] [--no-directed] [--quick]\n"
    "                    [--keep-gen] [--timeout SECS] [--list]\n"
    "       vmxr regress --merge [--out DIR] SHARD_DIR...\n"
    "\n"
    "Runs the regression: every directed vector, then N constrained-random\n"
    "streams (seeds B .. B+N-1, each gen_stream(seed, count, 4 CPUs, mix)),\n"
    "all in co-simulation (C model and RTL in lockstep) with random\n"
    "back-pressure: a random test's stall seed is its seed, a directed file's\n"
    "is B. Tests are spread over N worker processes. Prints a progress line,\n"
    "a table (test, engine, commands, cycles, result, time; only the failures\n"
    "when there are more than 60 tests), functional coverage, and for every\n"
    "failure its report, a rerun command and the waveform; then\n"
    "'regress: N passed, M failed'.\n"
    "\n"
    "options:\n"
    "  -j N, --jobs N   worker processes (default: the online CPUs)\n"
    "  --seeds N        random tests (default 5000; with --quick 12)\n"
    "  --count N        items per random stream after its prologue (default 2000)\n"
    "  --seed-base B    first random seed, and the directed files' stall seed\n"
    "                   (default 1)\n"
    "  --mix NAME       generator mix, or 'all' (default): seed S uses mix\n"
    "                   number S modulo the number of mixes (vmxr gen --help)\n"
    "  --shard i/n      run only positions i-1, i-1+n, ... of the test list\n"
    "                   (1 <= i <= n): n machines run one regression\n"
    "  --out DIR        output directory (default build/regress): results.tsv,\n"
    "                   junit.xml, coverage.json, gen/, waves/\n"
    "  --junit FILE     JUnit XML (default DIR/junit.xml)\n"
    "  --cov-json FILE  functional coverage JSON (default DIR/coverage.json)\n"
    "  --rtl-cov DIR    RTL line/toggle coverage (needs a binary built with\n"
    "                   Verilator --coverage, build/cov/vmxr): DIR/rtl-coverage/\n"
    "                   gets coverage.dat, coverage.info and the genhtml report\n"
    "  --vectors DIRS   directed vectors from the comma-separated directories\n"
    "                   DIRS (default vectors/directed,vectors/firmware: the\n"
    "                   hand-derived vectors and the firmware golden traces);\n"
    "                   a test is named after its directory, e.g. firmware/boot4\n"
    "  --no-directed    random tests only\n"
    "  --quick          12 random seeds (for make test)\n"
    "  --keep-gen       keep every generated stream in DIR/gen/ (default: only\n"
    "                   those of failed tests)\n"
    "  --timeout SECS   a test running longer fails (default 300)\n"
    "  --list           print the selected tests (position, name, mix, stall\n"
    "                   seed, file) and exit\n"
    "  --merge DIR...   merge the outputs of shard runs into --out (default\n"
    "                   build/regress-merged): JUnit, results, functional and\n"
    "                   RTL coverage; fails if tests are missing\n"
    "  -h, --help       this text\n"
    "\n"
    "exit status: 0 every test passed, 1 some test failed (or, with --merge,\n"
    "is missing), 2 bad usage or environment.\n";

/* ---- small helpers ---------------------------------------------------- */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void oom(void)
{
    fputs("vmxr regress: out of memory\n", stderr);
    exit(EXIT_USAGE);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p)
        oom();
    return p;
}

/* malloc'd printf */
__attribute__((format(printf, 1, 2))) static char *xfmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom();
    char *s = malloc((size_t)n + 1);
    if (!s)
        oom();
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr regress: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: vmxr regress --help\n");
    return EXIT_USAGE;
}

/* mkdir -p; 0 or -1 with errno */
static int mkdir_p(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Removes DIR/PREFIX*SUFFIX (stale outputs of an earlier run). */
static void remove_matching(const char *dir, const char *prefix, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t pl = strlen(prefix), sl = strlen(suffix);
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n >= pl + sl && !strncmp(e->d_name, prefix, pl) && !strcmp(e->d_name + n - sl, suffix)) {
            char *p = xfmt("%s/%s", dir, e->d_name);
            unlink(p);
            free(p);
        }
    }
    closedir(d);
}

/* An executable named name on PATH? */
static bool on_path(const char *name)
{
    const char *path = getenv("PATH");
    if (!path)
        return false;
    char *copy = xstrdup(path);
    bool found = false;
    for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char *p = xfmt("%s/%s", *dir ? dir : ".", name);
        found = access(p, X_OK) == 0;
        free(p);
    }
    free(copy);
    return found;
}

/* Runs argv (no shell) with stdout and stderr to log (or /dev/null);
 * returns its exit status, 127 if it could not be started, -1 if killed. */
static int run_tool(char *const argv[], const char *log)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return 127;
    if (pid == 0) {
        int fd = open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* 1 read all n, 0 end of file before any byte, -1 error or short */
static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return got ? -1 : 0;
        got += (size_t)r;
    }
    return 1;
}

static char *slurp(FILE *fp, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *s = malloc(cap);
    if (!s)
        oom();
    for (size_t r; (r = fread(s + n, 1, cap - n - 1, fp)) > 0;) {
        n += r;
        if (cap - n < 2) {
            char *t = realloc(s, cap *= 2);
            if (!t)
                oom();
            s = t;
        }
    }
    s[n] = '\0';
    if (len)
        *len = n;
    return s;
}

/* ---- options and the test list ------------------------------------------ */

struct ropts {
    unsigned jobs;
    uint64_t seeds, count, seed_base, timeout;
    bool seeds_set;
    const char *mix; /* a gen_mix_names entry, or "all" */
    unsigned shard_i, shard_n;
    const char *out, *junit, *cov_json, *rtl_cov, *vectors;
    bool no_directed, quick, keep_gen, list, merge;
    int nmerge;
    char **merge_dirs;
};

struct test {
    unsigned index; /* position in the whole (unsharded) list */
    bool random;
    char *name;  /* "directed/<stem>" or "random/seed-<S>" */
    char *stem;  /* "<stem>" or "seed-<S>": file names, JUnit name */
    char *path;  /* the vector file (random: DIR/gen/seed-S.vec) */
    uint64_t seed, stall_seed;
    const char *mix;
};

enum status { ST_PASS, ST_FAIL, ST_DIVERGE, ST_ERROR, ST_CRASH, ST_TIMEOUT };
static const char *const STATUS_NAME[] = { "PASS", "FAIL", "DIVERGE", "ERROR", "CRASH", "TIMEOUT" };

struct result {
    bool done;
    enum status st;
    unsigned commands;
    uint64_t cycles, div_cycle;
    double secs;
    char *text; /* failure text */
    char *wave, *gtkw, *why;
};

/* Messages between parent and workers (same binary: raw structs). */
enum { MSG_RUN = 1, MSG_QUIT = 2, MSG_RESULT = 3, MSG_BYE = 4 };
struct msg_cmd {
    uint32_t kind, pos;
};
#define NBLOB 5 /* text, wave, gtkw, why, coverage JSON | BYE: dat path, note */
struct msg_res {
    uint32_t kind, pos;
    int32_t status;
    uint32_t commands;
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
    struct ropts o;
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
};

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool known_mix(const char *m)
{
    if (!strcmp(m, "all"))
        return true;
    for (const char *const *n = gen_mix_names; *n; n++)
        if (!strcmp(*n, m))
            return true;
    return false;
}

static const char *mix_of(const struct ropts *o, uint64_t seed)
{
    if (strcmp(o->mix, "all"))
        return o->mix;
    unsigned n = 0;
    while (gen_mix_names[n])
        n++;
    return gen_mix_names[seed % (n ? n : 1)];
}

/* Directed files of dir, sorted by name (strcmp: the same on every machine). */
static int list_directed(const char *dir, char ***out, unsigned *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    unsigned cap = 64;
    char **v = xcalloc(cap, sizeof *v);
    *n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".vec") || e->d_name[0] == '.')
            continue;
        if (*n == cap) {
            char **t = realloc(v, (cap *= 2) * sizeof *v);
            if (!t)
                oom();
            v = t;
        }
        v[(*n)++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(v, *n, sizeof *v, cmp_str);
    *out = v;
    return 0;
}

/* The directed files of every directory in the comma-separated list dirs,
 * each as "DIR/FILE", in list order and by name within a directory. */
static int list_all_directed(const char *dirs, char ***out, unsigned *n, char **bad)
{
    *out = NULL;
    *n = 0;
    for (const char *p = dirs; *p;) {
        size_t len = strcspn(p, ",");
        char *dir = xfmt("%.*s", (int)len, p);
        char **names;
        unsigned k;
        if (list_directed(dir, &names, &k) != 0) {
            *bad = dir;
            return -1;
        }
        char **t = realloc(*out, (*n + k + 1) * sizeof **out);
        if (!t)
            oom();
        *out = t;
        for (unsigned i = 0; i < k; i++) {
            (*out)[(*n)++] = xfmt("%s/%s", dir, names[i]);
            free(names[i]);
        }
        free(names);
        free(dir);
        p += len + (p[len] == ',');
    }
    return 0;
}

static int build_tests(struct regress *rg)
{
    const struct ropts *o = &rg->o;
    char **names = NULL;
    unsigned nd = 0;
    if (!o->no_directed) {
        char *bad = NULL;
        if (list_all_directed(o->vectors, &names, &nd, &bad) != 0) {
            fprintf(stderr,
                    "vmxr regress: cannot read the directed vectors in '%s': %s\n"
                    "  (run from the repository root, or give --vectors DIR or --no-directed)\n",
                    bad, strerror(errno));
            free(bad);
            for (unsigned i = 0; i < nd; i++)
                free(names[i]);
            free(names);
            return EXIT_USAGE;
        }
    }
    rg->ntests = nd + (unsigned)o->seeds;
    rg->ndirected = nd;
    rg->tests = xcalloc(rg->ntests, sizeof *rg->tests);
    for (unsigned i = 0; i < nd; i++) {
        struct test *t = &rg->tests[i];
        /* names[i] is DIR/FILE.vec: the test is "<last part of DIR>/FILE" */
        const char *file = strrchr(names[i], '/') + 1, *dir = file - 1;
        while (dir > names[i] && dir[-1] != '/')
            dir--;
        t->index = i;
        t->stem = xfmt("%.*s", (int)(strlen(file) - 4), file);
        t->name = xfmt("%.*s%s", (int)(file - dir), dir, t->stem);
        t->path = names[i];
        t->stall_seed = o->seed_base;
    }
    free(names);
    for (unsigned k = 0; k < o->seeds; k++) {
        struct test *t = &rg->tests[nd + k];
        t->index = nd + k;
        t->random = true;
        t->seed = t->stall_seed = o->seed_base + k;
        t->mix = mix_of(o, t->seed);
        t->stem = xfmt("seed-%" PRIu64, t->seed);
        t->name = xfmt("random/%s", t->stem);
        t->path = xfmt("%s/%s.vec", rg->gen_dir, t->stem);
    }
    rg->sel = xcalloc(rg->ntests, sizeof *rg->sel);
    for (unsigned i = o->shard_i - 1; i < rg->ntests; i += o->shard_n)
        rg->sel[rg->nsel++] = i;
    return -1;
}

static void free_tests(struct regress *rg)
{
    for (unsigned i = 0; i < rg->ntests; i++) {
        free(rg->tests[i].name);
        free(rg->tests[i].stem);
        free(rg->tests[i].path);
    }
    free(rg->tests);
    free(rg->sel);
}

/* The engine every test runs on: the port-level co-simulation (checked to
 * be in this build before any test starts). */
static const char *cosim_name(void) { return vmxr_engine_with(VMXR_ENG_MODEL | VMXR_ENG_RTL | VMXR_ENG_PORT)->name; }

/* ---- worker ------------------------------------------------------------- */

struct worker_ctx {
    const struct regress *rg;
    int in_fd, out_fd;
    struct vmxr_rtl *cov_rtl; /* --rtl-cov: the instance that accumulates */
    const char *crash_hook;   /* VMXR_REGRESS_CRASH_TEST */
    char *dat_path;
};

struct wres {
    struct msg_res m;
    char *blob[NBLOB];
};

/* Loads (directed) or generates (random) the test's vector file. */
static bool load_test(const struct worker_ctx *w, const struct test *t, struct vec_file *f, char *err, size_t errlen)
{
    if (!t->random)
        return vec_load(t->path, f, err, errlen);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) {
        snprintf(err, errlen, "out of memory");
        memset(f, 0, sizeof *f);
        return false;
    }
    char gerr[512] = "";
    int rc = gen_stream(mem, t->seed, (unsigned)w->rg->o.count, GEN_NCPU, t->mix, gerr, sizeof gerr);
    fclose(mem);
    bool ok = false;
    if (rc != 0) {
        snprintf(err, errlen, "gen_stream(seed %" PRIu64 ", count %" PRIu64 ", mix %s) failed: %s", t->seed,
                 w->rg->o.count, t->mix, gerr);
        memset(f, 0, sizeof *f);
    } else {
        ok = vec_parse(t->path, buf, len, f, err, errlen);
        if (w->rg->o.keep_gen) {
            FILE *fp = fopen(t->path, "w");
            if (fp) {
                fwrite(buf, 1, len, fp);
                fclose(fp);
            }
        }
    }
    free(buf);
    return ok;
}

static void run_one(struct worker_ctx *w, unsigned pos, struct wres *out)
{
    const struct regress *rg = w->rg;
    const struct test *t = &rg->tests[rg->sel[pos]];
    memset(out, 0, sizeof *out);
    out->m.kind = MSG_RESULT;
    out->m.pos = pos;
    /* Test hook (tests/regress.sh): VMXR_REGRESS_CRASH_TEST=<name or stem>
     * makes the worker abort() on that test, to check that a crashing
     * worker fails its test and the regression goes on. */
    if (w->crash_hook && (!strcmp(w->crash_hook, t->name) || !strcmp(w->crash_hook, t->stem))) {
        struct rlimit no_core = { 0, 0 };
        setrlimit(RLIMIT_CORE, &no_core);
        abort();
    }
    double t0 = now_s();
    struct vec_file f;
    static const size_t ERRLEN = 16384;
    char *err = xcalloc(ERRLEN, 1);
    if (!load_test(w, t, &f, err, ERRLEN)) {
        out->m.status = ST_ERROR;
        out->blob[0] = err;
        vec_free(&f);
        out->m.secs = now_s() - t0;
        return;
    }
    struct vec_result *res = xcalloc(f.nitems, sizeof *res);
    struct run_stats st = { 0 };
    struct run_opts ro = { .stall = true, .stall_seed = t->stall_seed };
    bool diverged = false, ok;
    uint64_t div_cycle = 0;
    if (w->cov_rtl) {
        struct vmxr_engine *e = vmxr_engine_cosim_open_on(w->cov_rtl);
        if (e)
            e->name = cosim_name();
        else
            snprintf(err, ERRLEN, "engine '%s' could not be created", cosim_name());
        ok = e && run_file_engine(&f, e, &ro, res, &st, err, ERRLEN, &diverged, &div_cycle);
        vmxr_engine_close(e);
        if (!ok) {
            /* the report and waveform come from the real cosim engine */
            char *first = xstrdup(err);
            struct run_stats st2 = { 0 };
            bool ok2 = run_file_opts(&f, cosim_name(), &ro, res, &st2, err, ERRLEN, &diverged, &div_cycle);
            if (ok2) {
                snprintf(err, ERRLEN,
                         "%s\n  (on the worker's long-lived coverage RTL instance only: the same test passes on "
                         "a fresh cosim engine, so the RTL keeps state across reset, or an earlier test of this "
                         "worker matters)",
                         first);
                diverged = false;
            } else {
                st = st2;
            }
            free(first);
            ok = false;
        }
    } else {
        ok = run_file_opts(&f, cosim_name(), &ro, res, &st, err, ERRLEN, &diverged, &div_cycle);
    }
    out->m.commands = st.commands;
    out->m.cycles = st.cycles;
    if (ok) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        if (mem) {
            run_check(&f, res, &st, mem);
            fclose(mem);
        }
        if (st.failed) {
            out->m.status = ST_FAIL;
            out->blob[0] = xfmt("%s(%u of %u expectations failed)", buf ? buf : "", st.failed, st.checks);
        } else {
            out->m.status = ST_PASS;
            struct cov *c = cov_new();
            char *js = NULL;
            size_t jlen = 0;
            FILE *jm = c ? open_memstream(&js, &jlen) : NULL;
            if (jm) {
                cov_add_file(c, &f, res);
                bool wok = cov_write_json(c, jm);
                fclose(jm);
                if (wok)
                    out->blob[4] = js;
                else
                    free(js);
            }
            cov_free(c);
        }
        free(buf);
        free(err);
    } else if (diverged) {
        out->m.status = ST_DIVERGE;
        out->m.div_cycle = div_cycle;
        out->blob[0] = err;
        unsigned line = run_oldest_in_flight(&f, res, div_cycle);
        if (line)
            out->blob[3] = xfmt("build/vmxr explain %s --line %u", t->path, line);
        char *fst = xfmt("%s/%s-diverge-C%" PRIu64 ".fst", rg->wave_dir, t->stem, div_cycle);
        char gtkw[4096], werr[1024];
        uint64_t from = div_cycle > 40 ? div_cycle - 40 : 0;
        if (wave_write(&f, cosim_name(), &ro, from, div_cycle + 10, div_cycle, fst, gtkw, sizeof gtkw, werr,
                       sizeof werr) == 0) {
            out->blob[1] = fst;
            out->blob[2] = xstrdup(gtkw);
        } else {
            out->blob[1] = xfmt("(no waveform: %s)", werr);
            free(fst);
        }
    } else {
        out->m.status = ST_ERROR;
        out->blob[0] = err;
    }
    free(res);
    vec_free(&f);
    out->m.secs = now_s() - t0;
}

static bool send_res(int fd, struct wres *r)
{
    for (int i = 0; i < NBLOB; i++)
        r->m.blob_len[i] = r->blob[i] ? (uint32_t)strlen(r->blob[i]) : 0;
    bool ok = write_all(fd, &r->m, sizeof r->m);
    for (int i = 0; i < NBLOB && ok; i++)
        ok = write_all(fd, r->blob[i] ? r->blob[i] : "", r->m.blob_len[i]);
    for (int i = 0; i < NBLOB; i++)
        free(r->blob[i]);
    return ok;
}

static void worker_main(struct worker_ctx *w)
{
    struct wres r;
    if (w->rg->rtl_cov && !(w->cov_rtl = vmxr_rtl_create())) {
        memset(&r, 0, sizeof r);
        r.m.kind = MSG_BYE;
        r.blob[1] = xstrdup("cannot create the coverage RTL instance");
        send_res(w->out_fd, &r);
        _exit(3);
    }
    for (;;) {
        struct msg_cmd c;
        if (read_all(w->in_fd, &c, sizeof c) != 1 || c.kind != MSG_RUN || c.pos >= w->rg->nsel)
            break;
        run_one(w, c.pos, &r);
        if (!send_res(w->out_fd, &r))
            _exit(3);
    }
    memset(&r, 0, sizeof r);
    r.m.kind = MSG_BYE;
    if (w->cov_rtl) {
        if (vmxr_rtl_coverage_write(w->cov_rtl, w->dat_path) == 0)
            r.blob[0] = xstrdup(w->dat_path);
        else
            r.blob[1] = xfmt("could not write %s", w->dat_path);
        vmxr_rtl_destroy(w->cov_rtl);
    }
    send_res(w->out_fd, &r);
    _exit(0);
}

/* ---- parent: workers ------------------------------------------------------ */

static int spawn(struct regress *rg, struct worker *w)
{
    int cmd[2], res[2];
    if (pipe(cmd) != 0)
        return -1;
    if (pipe(res) != 0) {
        close(cmd[0]);
        close(cmd[1]);
        return -1;
    }
    w->gen++;
    char *dat = rg->rtl_cov ? xfmt("%s/worker-%u-%u.dat", rg->dat_dir, w->slot, w->gen) : NULL;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(cmd[0]);
        close(cmd[1]);
        close(res[0]);
        close(res[1]);
        free(dat);
        return -1;
    }
    if (pid == 0) {
        close(cmd[1]);
        close(res[0]);
        for (unsigned k = 0; k < rg->nw; k++)
            if (&rg->w[k] != w && rg->w[k].pid > 0) {
                close(rg->w[k].cmd_fd);
                close(rg->w[k].res_fd);
            }
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1); /* the table is the parent's */
            close(null);
        }
        struct worker_ctx ctx = { .rg = rg,
                                  .in_fd = cmd[0],
                                  .out_fd = res[1],
                                  .crash_hook = getenv("VMXR_REGRESS_CRASH_TEST"),
                                  .dat_path = dat };
        worker_main(&ctx);
        _exit(0);
    }
    free(dat);
    close(cmd[0]);
    close(res[1]);
    fcntl(cmd[1], F_SETFD, FD_CLOEXEC);
    fcntl(res[0], F_SETFD, FD_CLOEXEC);
    w->pid = pid;
    w->cmd_fd = cmd[1];
    w->res_fd = res[0];
    w->pos = -1;
    w->quit_sent = w->timed_out = false;
    return 0;
}

static void progress(struct regress *rg, bool final)
{
    double el = now_s() - rg->t0;
    unsigned s = (unsigned)el;
    if (rg->tty) {
        /* at most 5 redraws a second, and at once when a test fails */
        if (!final && el - rg->last_tty < 0.2 && rg->failed == rg->shown_failed)
            return;
        rg->last_tty = el;
        rg->shown_failed = rg->failed;
        fprintf(stderr, "\r\033[K");
        if (!final)
            fprintf(stderr, "[%u/%u] %u failed, %02u:%02u", rg->done, rg->nsel, rg->failed, s / 60, s % 60);
    } else if (final || el - rg->last_plain >= 10.0) {
        fprintf(stderr, "regress: [%u/%u] %u failed, %02u:%02u\n", rg->done, rg->nsel, rg->failed, s / 60, s % 60);
        rg->last_plain = el;
    }
    fflush(stderr);
}

static void record(struct regress *rg, unsigned pos, struct result *r)
{
    rg->res[pos] = *r;
    rg->res[pos].done = true;
    rg->done++;
    if (r->st != ST_PASS) {
        rg->failed++;
        if (!rg->tty) {
            const char *text = r->text ? r->text : "";
            fprintf(stderr, "regress: %s %s: %.*s\n", STATUS_NAME[r->st], rg->tests[rg->sel[pos]].name,
                    (int)strcspn(text, "\n"), text);
        }
    }
    progress(rg, false);
}

static void give_work(struct regress *rg, struct worker *w)
{
    struct msg_cmd c = { MSG_QUIT, 0 };
    if (rg->next < rg->nsel) {
        c.kind = MSG_RUN;
        c.pos = rg->next++;
        w->pos = (int)c.pos;
        w->started = now_s();
    } else {
        w->pos = -1;
        w->quit_sent = true;
    }
    if (!write_all(w->cmd_fd, &c, sizeof c) && c.kind == MSG_RUN) {
        /* the worker is gone: its end of file will fail the test */
    }
}

static void note(struct regress *rg, const char *text)
{
    char *n = xfmt("%s  %s\n", rg->notes ? rg->notes : "", text);
    free(rg->notes);
    rg->notes = n;
}

/* A worker's result pipe is readable: one message, or its end. */
static void handle(struct regress *rg, struct worker *w)
{
    struct msg_res m;
    int rc = read_all(w->res_fd, &m, sizeof m);
    char *blob[NBLOB] = { 0 };
    bool ok = rc == 1 && (m.kind == MSG_RESULT || m.kind == MSG_BYE);
    for (int i = 0; i < NBLOB && ok; i++) {
        if (m.blob_len[i] > (64u << 20)) {
            ok = false;
            break;
        }
        blob[i] = xcalloc((size_t)m.blob_len[i] + 1, 1);
        ok = m.blob_len[i] == 0 || read_all(w->res_fd, blob[i], m.blob_len[i]) == 1;
    }
    if (ok && m.kind == MSG_RESULT && w->pos == (int)m.pos) {
        struct result r = { .st = (enum status)m.status,
                            .commands = m.commands,
                            .cycles = m.cycles,
                            .div_cycle = m.div_cycle,
                            .secs = m.secs };
        if ((unsigned)m.status > ST_TIMEOUT)
            r.st = ST_ERROR;
        r.text = blob[0][0] ? blob[0] : NULL;
        r.wave = blob[1][0] ? blob[1] : NULL;
        r.gtkw = blob[2][0] ? blob[2] : NULL;
        r.why = blob[3][0] ? blob[3] : NULL;
        for (int i = 0; i < 4; i++)
            if (!blob[i][0])
                free(blob[i]);
        if (blob[4][0]) {
            FILE *in = fmemopen(blob[4], m.blob_len[4], "r");
            char err[256];
            if (!in || !cov_read_json(rg->cov, in, err, sizeof err)) {
                char *t = xfmt("functional coverage of %s not merged: %s", rg->tests[rg->sel[m.pos]].name,
                               in ? err : "fmemopen failed");
                note(rg, t);
                free(t);
            }
            if (in)
                fclose(in);
        }
        free(blob[4]);
        unsigned pos = m.pos;
        record(rg, pos, &r);
        give_work(rg, w);
        return;
    }
    if (ok && m.kind == MSG_BYE) {
        if (blob[0][0]) {
            char **d = realloc(rg->dats, (rg->ndats + 1) * sizeof *d);
            if (!d)
                oom();
            rg->dats = d;
            rg->dats[rg->ndats++] = blob[0];
            blob[0] = NULL;
        }
        if (blob[1][0]) {
            char *t = xfmt("worker %u: %s", w->slot, blob[1]);
            note(rg, t);
            free(t);
        }
        for (int i = 0; i < NBLOB; i++)
            free(blob[i]);
        return; /* its end of file follows */
    }
    for (int i = 0; i < NBLOB; i++)
        free(blob[i]);
    /* end of file or garbage: the worker is gone (or is made to go) */
    pid_t pid = w->pid;
    if (rc != 0)
        kill(pid, SIGKILL);
    close(w->res_fd);
    close(w->cmd_fd);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
    if (w->pos >= 0) {
        unsigned pos = (unsigned)w->pos;
        struct result r = { .st = w->timed_out ? ST_TIMEOUT : ST_CRASH, .secs = now_s() - w->started };
        if (w->timed_out)
            r.text = xfmt("timed out after %" PRIu64 " s (worker process %d killed)", rg->o.timeout, (int)pid);
        else if (WIFSIGNALED(st))
            r.text = xfmt("worker process crashed: killed by signal %d (%s)%s", WTERMSIG(st), strsignal(WTERMSIG(st)),
                          rg->rtl_cov ? "; its RTL coverage is lost" : "");
        else
            r.text = xfmt("worker process exited with status %d during the test", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        rg->crashes++;
        w->pos = -1;
        record(rg, pos, &r);
        if (rg->next < rg->nsel) {
            if (spawn(rg, w) == 0) {
                rg->respawns++;
                give_work(rg, w);
            } else {
                note(rg, "could not start a replacement worker");
            }
        }
    } else if (!w->quit_sent || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        char *t = xfmt("worker %u ended unexpectedly (status 0x%x)", w->slot, (unsigned)st);
        note(rg, t);
        free(t);
    }
}

/* Runs the selected tests; every position gets a result. */
static void run_all(struct regress *rg)
{
    unsigned nw = rg->o.jobs < rg->nsel ? rg->o.jobs : rg->nsel;
    rg->w = xcalloc(nw ? nw : 1, sizeof *rg->w);
    rg->nw = nw;
    for (unsigned k = 0; k < nw; k++) {
        rg->w[k].slot = k;
        if (spawn(rg, &rg->w[k]) != 0) {
            fprintf(stderr, "vmxr regress: cannot start worker %u: %s\n", k, strerror(errno));
            rg->w[k].pid = 0;
            continue;
        }
        give_work(rg, &rg->w[k]);
    }
    struct pollfd *pf = xcalloc(nw ? nw : 1, sizeof *pf);
    unsigned *who = xcalloc(nw ? nw : 1, sizeof *who);
    for (;;) {
        unsigned n = 0;
        for (unsigned k = 0; k < nw; k++)
            if (rg->w[k].pid > 0) {
                pf[n] = (struct pollfd){ .fd = rg->w[k].res_fd, .events = POLLIN };
                who[n++] = k;
            }
        if (n == 0)
            break;
        int pr = poll(pf, n, 1000);
        if (pr < 0 && errno != EINTR)
            break;
        for (unsigned i = 0; i < n && pr > 0; i++)
            if (pf[i].revents)
                handle(rg, &rg->w[who[i]]);
        double t = now_s();
        for (unsigned k = 0; k < nw; k++) {
            struct worker *w = &rg->w[k];
            if (w->pid > 0 && w->pos >= 0 && !w->timed_out && t - w->started > (double)rg->o.timeout) {
                w->timed_out = true;
                kill(w->pid, SIGKILL);
            }
        }
        if (rg->tty)
            progress(rg, false);
    }
    free(pf);
    free(who);
    /* positions never run (no worker could be started) */
    for (unsigned p = 0; p < rg->nsel; p++)
        if (!rg->res[p].done) {
            struct result r = { .st = ST_ERROR, .text = xstrdup("not run: no worker process") };
            record(rg, p, &r);
        }
    progress(rg, true);
}

/* ---- outputs -------------------------------------------------------------- */

static void xml_escape(FILE *fp, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&apos;", fp); break;
        default:
            if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p >= 0x7F)
                fputc('?', fp);
            else
                fputc(*p, fp);
        }
    }
}

static void rerun_lines(FILE *fp, const struct regress *rg, const struct test *t, const char *indent)
{
    if (t->random) {
        char ncpu[24] = "";
        if (GEN_NCPU != 4)
            snprintf(ncpu, sizeof ncpu, " --ncpu %u", GEN_NCPU);
        fprintf(fp, "%sregen:  build/vmxr gen --seed %" PRIu64 " --count %" PRIu64 "%s --mix %s -o %s\n", indent,
                t->seed, rg->o.count, ncpu, t->mix, t->path);
    }
    fprintf(fp, "%srerun:  build/vmxr run --engine cosim --stall-seed %" PRIu64 " %s\n", indent, t->stall_seed,
            t->path);
}

static void failure_text(FILE *fp, const struct regress *rg, const struct test *t, const struct result *r,
                         bool xml)
{
    const char *ind = xml ? "" : "  ";
    if (r->text) {
        if (xml) {
            xml_escape(fp, r->text);
            fputc('\n', fp);
        } else {
            for (const char *s = r->text; *s;) {
                size_t n = strcspn(s, "\n");
                fprintf(fp, "  | %.*s\n", (int)n, s);
                s += n + (s[n] == '\n');
            }
        }
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return;
    rerun_lines(m, rg, t, ind);
    if (r->why)
        fprintf(m, "%swhy:    %s\n", ind, r->why);
    if (r->wave && r->gtkw)
        fprintf(m, "%swaves:  %s\n%s        gtkwave %s\n", ind, r->wave, ind, r->gtkw);
    else if (r->wave)
        fprintf(m, "%swaves:  %s\n", ind, r->wave);
    fclose(m);
    if (xml)
        xml_escape(fp, buf);
    else
        fputs(buf, fp);
    free(buf);
}

static bool write_junit(const struct regress *rg, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return false;
    double total = 0;
    for (unsigned p = 0; p < rg->nsel; p++)
        total += rg->res[p].secs;
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(fp, "<testsuite name=\"vmxr-regress\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"0\" "
                "time=\"%.3f\">\n",
            rg->nsel, rg->failed, total);
    fprintf(fp, "  <properties>\n"
                "    <property name=\"shard\" value=\"%u/%u\"/>\n"
                "    <property name=\"seed-base\" value=\"%" PRIu64 "\"/>\n"
                "    <property name=\"seeds\" value=\"%" PRIu64 "\"/>\n"
                "    <property name=\"count\" value=\"%" PRIu64 "\"/>\n"
                "    <property name=\"mix\" value=\"",
            rg->o.shard_i, rg->o.shard_n, rg->o.seed_base, rg->o.seeds, rg->o.count);
    xml_escape(fp, rg->o.mix);
    fprintf(fp, "\"/>\n  </properties>\n");
    for (unsigned p = 0; p < rg->nsel; p++) {
        const struct test *t = &rg->tests[rg->sel[p]];
        const struct result *r = &rg->res[p];
        fprintf(fp, "  <testcase classname=\"%s\" name=\"", t->random ? "random" : "directed");
        xml_escape(fp, t->stem);
        fprintf(fp, "\" file=\"");
        xml_escape(fp, t->path);
        fprintf(fp, "\" time=\"%.3f\"", r->secs);
        if (r->st == ST_PASS) {
            fprintf(fp, "/>\n");
            continue;
        }
        const char *text = r->text ? r->text : STATUS_NAME[r->st];
        fprintf(fp, ">\n    <failure type=\"%s\" message=\"", STATUS_NAME[r->st]);
        char *first = xfmt("%.*s", (int)strcspn(text, "\n"), text);
        xml_escape(fp, first);
        free(first);
        fprintf(fp, "\">");
        failure_text(fp, rg, t, r, true);
        fprintf(fp, "</failure>\n  </testcase>\n");
    }
    fprintf(fp, "</testsuite>\n");
    bool ok = !ferror(fp);
    return fclose(fp) == 0 && ok;
}

#define TSV_MAGIC "# vmxr-regress-results 1"

static bool write_results(const struct regress *rg, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return false;
    fprintf(fp,
            TSV_MAGIC "\n# total %u directed %u seeds %" PRIu64 " seed-base %" PRIu64 " count %" PRIu64
                      " mix %s shard %u/%u\n",
            rg->ntests, rg->ndirected, rg->o.seeds, rg->o.seed_base, rg->o.count, rg->o.mix, rg->o.shard_i,
            rg->o.shard_n);
    fprintf(fp, "# index\tclass\tname\tresult\tcommands\tcycles\ttime\tseed\tstall-seed\tmix\tfile\n");
    for (unsigned p = 0; p < rg->nsel; p++) {
        const struct test *t = &rg->tests[rg->sel[p]];
        const struct result *r = &rg->res[p];
        fprintf(fp, "%u\t%s\t%s\t%s\t%u\t%" PRIu64 "\t%.3f\t%" PRIu64 "\t%" PRIu64 "\t%s\t%s\n", t->index,
                t->random ? "random" : "directed", t->stem, STATUS_NAME[r->st], r->commands, r->cycles, r->secs,
                t->seed, t->stall_seed, t->random ? t->mix : "-", t->path);
    }
    bool ok = !ferror(fp);
    return fclose(fp) == 0 && ok;
}

static void print_row(const char *name, const char *engine, const char *cmds, const char *cycles, const char *result,
                      const char *time)
{
    printf("%-44s %-6s %9s %10s %-8s %8s\n", name, engine, cmds, cycles, result, time);
}

static void print_result_row(const struct test *t, const struct result *r)
{
    char c[24], y[24], s[24];
    snprintf(c, sizeof c, "%u", r->commands);
    snprintf(y, sizeof y, "%" PRIu64, r->cycles);
    snprintf(s, sizeof s, "%.3fs", r->secs);
    print_row(t->name, cosim_name(), c, y, STATUS_NAME[r->st], s);
}

/* ---- RTL coverage: merge, report ------------------------------------------ */

struct rtl_pct {
    unsigned line_hit, line_total, toggle_hit, toggle_total;
};

/* Counts points of a Verilator coverage.dat: line = v_line and v_branch
 * points, toggle = v_toggle points; hit = count > 0. */
static bool dat_summary(const char *path, struct rtl_pct *p)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return false;
    memset(p, 0, sizeof *p);
    char *line = NULL;
    size_t cap = 0;
    bool any = false;
    while (getline(&line, &cap, fp) > 0) {
        if (line[0] != 'C' || line[1] != ' ')
            continue;
        char *q = strrchr(line, '\'');
        if (!q)
            continue;
        unsigned long long count = strtoull(q + 1, NULL, 10);
        char *page = strstr(line, "page\002v_");
        if (!page)
            continue;
        page += 7;
        any = true;
        if (!strncmp(page, "toggle/", 7)) {
            p->toggle_total++;
            p->toggle_hit += count > 0;
        } else if (!strncmp(page, "line/", 5) || !strncmp(page, "branch/", 7)) {
            p->line_total++;
            p->line_hit += count > 0;
        }
    }
    free(line);
    fclose(fp);
    return any;
}

static double pct(unsigned a, unsigned b) { return b ? 100.0 * a / b : 0.0; }

/* DIR/rtl-coverage/{coverage.dat, coverage.info, index.html}: from the
 * per-worker files (dats), or already merged (info_merged). Prints the
 * summary; false if nothing could be produced. */
static bool rtl_report(const char *rtl_dir, char **dats, unsigned ndats, bool info_merged)
{
    char *dat = xfmt("%s/coverage.dat", rtl_dir), *info = xfmt("%s/coverage.info", rtl_dir);
    char *log = xfmt("%s/tools.log", rtl_dir);
    bool ok = true;
    if (ndats) {
        char **argv = xcalloc((size_t)ndats + 8, sizeof *argv);
        unsigned a = 0;
        argv[a++] = "verilator_coverage";
        if (!info_merged) {
            argv[a++] = "--write-info";
            argv[a++] = info;
        }
        argv[a++] = "--write";
        argv[a++] = dat;
        for (unsigned i = 0; i < ndats; i++)
            argv[a++] = dats[i];
        argv[a] = NULL;
        int rc = run_tool(argv, log);
        free(argv);
        if (rc != 0) {
            printf("RTL coverage: verilator_coverage failed (exit %d), see %s\n", rc, log);
            ok = false;
        }
    }
    struct rtl_pct p;
    if (ok && dat_summary(dat, &p))
        printf("RTL coverage (Verilator, %u file%s merged): line %u/%u (%.1f%%), toggle %u/%u (%.1f%%)\n", ndats,
               ndats == 1 ? "" : "s", p.line_hit, p.line_total, pct(p.line_hit, p.line_total), p.toggle_hit,
               p.toggle_total, pct(p.toggle_hit, p.toggle_total));
    if (ok && is_file(info)) {
        if (on_path("genhtml")) {
            char *argv[] = { "genhtml", "-q", "--title", "vmxr RTL coverage", "-o", (char *)rtl_dir, info, NULL };
            int rc = run_tool(argv, log);
            if (rc == 0)
                printf("RTL coverage report: %s/index.html (lcov: %s)\n", rtl_dir, info);
            else
                printf("RTL coverage: genhtml failed (exit %d, run from the repository root), see %s\n", rc, log);
        } else {
            printf("RTL coverage: no genhtml (Debian package lcov) for the HTML report; lcov data: %s\n", info);
        }
    }
    free(dat);
    free(info);
    free(log);
    return ok;
}

/* Can this binary write Verilator coverage? Asked in a child process, so
 * the parent never holds a Verilated model. */
static bool rtl_cov_supported(void)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        struct vmxr_rtl *r = vmxr_rtl_create();
        int rc = r ? vmxr_rtl_coverage_write(r, "/dev/null") : -1;
        vmxr_rtl_destroy(r);
        _exit(rc == 0 ? 0 : 3);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return false;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* ---- options -------------------------------------------------------------- */

static int parse_u64(const char *opt, const char *v, uint64_t min, uint64_t max, uint64_t *out)
{
    if (!v || !*v)
        return usage_error("%s needs a value", opt);
    if (!cli_number(v, true, max, out) || *out < min) {
        fprintf(stderr, "vmxr regress: bad %s '%s' (a number from %" PRIu64 " to %" PRIu64 ")\n", opt, v, min, max);
        fprintf(stderr, "usage: vmxr regress --help\n");
        return EXIT_USAGE;
    }
    return -1;
}

static int parse_args(int argc, char **argv, struct ropts *o)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    *o = (struct ropts){ .jobs = ncpu > 0 ? (unsigned)(ncpu < (long)MAX_JOBS ? ncpu : (long)MAX_JOBS) : 1,
                         .seeds = DEFAULT_SEEDS,
                         .count = DEFAULT_COUNT,
                         .seed_base = 1,
                         .timeout = DEFAULT_TIMEOUT,
                         .mix = "all",
                         .shard_i = 1,
                         .shard_n = 1,
                         .vectors = "vectors/directed,vectors/firmware" };
    o->merge_dirs = xcalloc((size_t)argc + 1, sizeof *o->merge_dirs);
    bool opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        uint64_t n;
        int rc;
        if (opts_done || a[0] != '-' || !a[1]) {
            if (!o->merge)
                return usage_error("unexpected argument '%s' (directed vectors: --vectors DIR)", a);
            o->merge_dirs[o->nmerge++] = argv[i];
        } else if (!strcmp(a, "--")) {
            opts_done = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(HELP, stdout);
            return 0;
        } else if (cli_option(argc, argv, &i, "-j", &v) || cli_option(argc, argv, &i, "--jobs", &v)) {
            if ((rc = parse_u64("-j", v, 1, MAX_JOBS, &n)) >= 0)
                return rc;
            o->jobs = (unsigned)n;
        } else if (!strncmp(a, "-j", 2) && a[2] != '-') {
            if ((rc = parse_u64("-j", a + 2, 1, MAX_JOBS, &n)) >= 0)
                return rc;
            o->jobs = (unsigned)n;
        } else if (cli_option(argc, argv, &i, "--seeds", &v)) {
            if ((rc = parse_u64("--seeds", v, 0, 10000000, &o->seeds)) >= 0)
                return rc;
            o->seeds_set = true;
        } else if (cli_option(argc, argv, &i, "--count", &v)) {
            if ((rc = parse_u64("--count", v, 1, 10000000, &o->count)) >= 0)
                return rc;
        } else if (cli_option(argc, argv, &i, "--seed-base", &v)) {
            if ((rc = parse_u64("--seed-base", v, 0, UINT64_MAX, &o->seed_base)) >= 0)
                return rc;
        } else if (cli_option(argc, argv, &i, "--timeout", &v)) {
            if ((rc = parse_u64("--timeout", v, 1, 86400, &o->timeout)) >= 0)
                return rc;
        } else if (cli_option(argc, argv, &i, "--mix", &v)) {
            if (!v || !*v)
                return usage_error("%s needs a value", "--mix");
            if (!known_mix(v)) {
                fprintf(stderr, "vmxr regress: unknown mix '%s' (mixes:", v);
                for (const char *const *m = gen_mix_names; *m; m++)
                    fprintf(stderr, " %s", *m);
                fprintf(stderr, ", or all)\nusage: vmxr regress --help\n");
                return EXIT_USAGE;
            }
            o->mix = v;
        } else if (cli_option(argc, argv, &i, "--shard", &v)) {
            const char *slash = v ? strchr(v, '/') : NULL;
            uint64_t si, sn;
            char head[32];
            if (!slash || (size_t)(slash - v) >= sizeof head)
                return usage_error("bad --shard '%s' (i/n with 1 <= i <= n, e.g. 2/8)", v ? v : "");
            snprintf(head, sizeof head, "%.*s", (int)(slash - v), v);
            if (!cli_number(head, false, 1000000, &si) || !cli_number(slash + 1, false, 1000000, &sn) || si < 1 ||
                si > sn)
                return usage_error("bad --shard '%s' (i/n with 1 <= i <= n, e.g. 2/8)", v);
            o->shard_i = (unsigned)si;
            o->shard_n = (unsigned)sn;
        } else if (cli_option(argc, argv, &i, "--junit", &v)) {
            if (!v || !*v)
                return usage_error("%s needs a file name", "--junit");
            o->junit = v;
        } else if (cli_option(argc, argv, &i, "--cov-json", &v)) {
            if (!v || !*v)
                return usage_error("%s needs a file name", "--cov-json");
            o->cov_json = v;
        } else if (cli_option(argc, argv, &i, "--out", &v)) {
            if (!v || !*v)
                return usage_error("%s needs a directory", "--out");
            o->out = v;
        } else if (cli_option(argc, argv, &i, "--rtl-cov", &v)) {
            if (!v || !*v)
                return usage_error("%s needs a directory", "--rtl-cov");
            o->rtl_cov = v;
        } else if (cli_option(argc, argv, &i, "--vectors", &v)) {
            if (!v || !*v)
                return usage_error("%s needs a directory", "--vectors");
            o->vectors = v;
        } else if (!strcmp(a, "--no-directed")) {
            o->no_directed = true;
        } else if (!strcmp(a, "--quick")) {
            o->quick = true;
        } else if (!strcmp(a, "--keep-gen")) {
            o->keep_gen = true;
        } else if (!strcmp(a, "--list")) {
            o->list = true;
        } else if (!strcmp(a, "--merge")) {
            o->merge = true;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (o->quick && !o->seeds_set)
        o->seeds = QUICK_SEEDS;
    if (o->seeds && o->seed_base > UINT64_MAX - (o->seeds - 1))
        return usage_error("%s", "--seed-base + --seeds overflows 64 bits");
    if (o->merge && o->nmerge == 0)
        return usage_error("%s", "--merge needs the shard output directories");
    if (!o->out)
        o->out = o->merge ? "build/regress-merged" : "build/regress";
    return -1;
}

/* ---- the regression ----------------------------------------------------- */

static void print_failures(const struct regress *rg)
{
    if (!rg->failed)
        return;
    printf("\nfailures (%u):\n", rg->failed);
    for (unsigned p = 0; p < rg->nsel; p++) {
        const struct result *r = &rg->res[p];
        if (r->st == ST_PASS)
            continue;
        const struct test *t = &rg->tests[rg->sel[p]];
        printf("\n%s %s", STATUS_NAME[r->st], t->name);
        if (t->random)
            printf(" (seed %" PRIu64 ", stall seed %" PRIu64 ", %" PRIu64 " items, mix %s)\n", t->seed,
                   t->stall_seed, rg->o.count, t->mix);
        else
            printf(" (stall seed %" PRIu64 ")\n", t->stall_seed);
        failure_text(stdout, rg, t, r, false);
    }
    printf("\n");
}

/* Writes the generated file of every failed random test (the generator is
 * a pure function of its arguments), so the rerun command names a file. */
static void write_failed_gen(struct regress *rg)
{
    for (unsigned p = 0; p < rg->nsel; p++) {
        const struct test *t = &rg->tests[rg->sel[p]];
        if (!t->random || rg->res[p].st == ST_PASS)
            continue;
        FILE *fp = fopen(t->path, "w");
        char err[256];
        if (!fp || gen_stream(fp, t->seed, (unsigned)rg->o.count, GEN_NCPU, t->mix, err, sizeof err) != 0) {
            char *n = xfmt("could not write %s", t->path);
            note(rg, n);
            free(n);
        }
        if (fp)
            fclose(fp);
    }
}

static int regress_run(struct regress *rg)
{
    const struct ropts *o = &rg->o;
    rg->gen_dir = xfmt("%s/gen", o->out);
    rg->wave_dir = xfmt("%s/waves", o->out);
    int rc = build_tests(rg);
    if (rc >= 0)
        return rc;
    if (rg->ntests == 0) {
        fprintf(stderr, "vmxr regress: no tests (no directed vectors and --seeds 0)\n");
        return EXIT_USAGE;
    }
    if (o->list) {
        for (unsigned p = 0; p < rg->nsel; p++) {
            const struct test *t = &rg->tests[rg->sel[p]];
            printf("%u\t%s\t%s\t%" PRIu64 "\t%s\n", t->index, t->name, t->random ? t->mix : "-", t->stall_seed,
                   t->path);
        }
        return 0;
    }
    if (!vmxr_engine_with(VMXR_ENG_MODEL | VMXR_ENG_RTL | VMXR_ENG_PORT)) {
        fprintf(stderr, "vmxr regress: this binary has no cosim engine (built without the RTL)\n");
        return EXIT_USAGE;
    }
    if (o->rtl_cov) {
        rg->rtl_dir = xfmt("%s/rtl-coverage", o->rtl_cov);
        rg->dat_dir = xfmt("%s/dat", rg->rtl_dir);
        if (!rtl_cov_supported()) {
            fprintf(stderr,
                    "vmxr regress: --rtl-cov: this binary was not built with Verilator coverage (its coverage "
                    "write is a no-op);\n  build and use build/cov/vmxr: make build/cov/vmxr (mk/regress.mk), "
                    "or make regress\n");
            return EXIT_USAGE;
        }
        if (!on_path("verilator_coverage")) {
            fprintf(stderr, "vmxr regress: --rtl-cov needs verilator_coverage (Debian package verilator)\n");
            return EXIT_USAGE;
        }
        if (mkdir_p(rg->dat_dir) != 0) {
            fprintf(stderr, "vmxr regress: cannot create %s: %s\n", rg->dat_dir, strerror(errno));
            return EXIT_USAGE;
        }
        remove_matching(rg->dat_dir, "worker-", ".dat");
        rg->rtl_cov = true;
    }
    if (mkdir_p(o->out) != 0 || mkdir_p(rg->gen_dir) != 0) {
        fprintf(stderr, "vmxr regress: cannot create %s: %s\n", rg->gen_dir, strerror(errno));
        return EXIT_USAGE;
    }
    remove_matching(rg->gen_dir, "seed-", ".vec");
    char *junit = o->junit ? xstrdup(o->junit) : xfmt("%s/junit.xml", o->out);
    char *covj = o->cov_json ? xstrdup(o->cov_json) : xfmt("%s/coverage.json", o->out);
    char *tsv = xfmt("%s/results.tsv", o->out);
    rg->cov = cov_new();
    if (!rg->cov)
        oom();
    rg->res = xcalloc(rg->nsel, sizeof *rg->res);
    rg->tty = isatty(2);

    unsigned nwk = o->jobs < rg->nsel ? o->jobs : rg->nsel;
    printf("regress: %u tests: %u directed (%s) + %" PRIu64 " random", rg->ntests, rg->ndirected,
           o->no_directed ? "--no-directed" : o->vectors, o->seeds);
    if (o->seeds)
        printf(" (seeds %" PRIu64 "..%" PRIu64 ", %" PRIu64 " items, mix %s)", o->seed_base,
               o->seed_base + o->seeds - 1, o->count, o->mix);
    printf("\nregress: shard %u/%u: %u tests here on %u worker%s, engine cosim%s\n", o->shard_i, o->shard_n, rg->nsel,
           nwk, nwk == 1 ? "" : "s", rg->rtl_cov ? " with RTL coverage" : "");
    printf("regress: stall seeds: " STALL_NOTE "; output in %s\n", o->out);
    fflush(stdout);

    struct sigaction ign = { .sa_handler = SIG_IGN }, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    rg->t0 = now_s();
    run_all(rg);
    double wall = now_s() - rg->t0;
    sigaction(SIGPIPE, &old, NULL);
    write_failed_gen(rg);

    /* the table */
    printf("\n");
    print_row("test", "engine", "commands", "cycles", "result", "time");
    bool all = rg->nsel <= TABLE_MAX_ROWS;
    uint64_t cycles = 0, commands = 0;
    double cpu = 0;
    for (unsigned p = 0; p < rg->nsel; p++) {
        const struct result *r = &rg->res[p];
        cycles += r->cycles;
        commands += r->commands;
        cpu += r->secs;
        if (all || r->st != ST_PASS)
            print_result_row(&rg->tests[rg->sel[p]], r);
    }
    if (!all)
        printf("(%u passing tests not listed; every test is in %s)\n", rg->nsel - rg->failed, tsv);
    unsigned ws = (unsigned)wall;
    printf("%u tests, %" PRIu64 " commands, %" PRIu64 " cycles in %02u:%02u (%.1f s of test time on %u worker%s)\n",
           rg->nsel, commands, cycles, ws / 60, ws % 60, cpu, nwk, nwk == 1 ? "" : "s");
    if (rg->crashes)
        printf("%u worker crash%s or timeout%s; %u replacement worker%s started\n", rg->crashes,
               rg->crashes == 1 ? "" : "es", rg->crashes == 1 ? "" : "s", rg->respawns, rg->respawns == 1 ? "" : "s");

    /* functional coverage */
    printf("\nfunctional coverage (passing tests):\n");
    cov_print(rg->cov, stdout);
    FILE *cj = fopen(covj, "w");
    bool cj_ok = cj && cov_write_json(rg->cov, cj);
    if (cj && fclose(cj) != 0)
        cj_ok = false;

    /* RTL coverage */
    if (rg->rtl_cov) {
        printf("\n");
        if (rg->ndats)
            rtl_report(rg->rtl_dir, rg->dats, rg->ndats, false);
        else
            printf("RTL coverage: no worker wrote a coverage file\n");
    }

    bool ok_files = write_results(rg, tsv);
    bool ok_junit = write_junit(rg, junit);
    printf("\nwrote: %s, %s, %s\n", junit, covj, tsv);
    if (!ok_junit || !cj_ok || !ok_files)
        printf("regress: could not write%s%s%s\n", ok_junit ? "" : " the JUnit file", cj_ok ? "" : " the coverage JSON",
               ok_files ? "" : " the results");
    if (rg->notes)
        printf("notes:\n%s", rg->notes);
    print_failures(rg);
    printf("regress: %u passed, %u failed\n", rg->nsel - rg->failed, rg->failed);
    fflush(stdout);
    free(junit);
    free(covj);
    free(tsv);
    if (!ok_junit || !cj_ok || !ok_files)
        return rg->failed ? EXIT_FAILED : EXIT_USAGE;
    return rg->failed ? EXIT_FAILED : 0;
}

static void regress_free(struct regress *rg)
{
    if (rg->res)
        for (unsigned p = 0; p < rg->nsel; p++) {
            free(rg->res[p].text);
            free(rg->res[p].wave);
            free(rg->res[p].gtkw);
            free(rg->res[p].why);
        }
    free(rg->res);
    free_tests(rg);
    free(rg->w);
    cov_free(rg->cov);
    for (unsigned i = 0; i < rg->ndats; i++)
        free(rg->dats[i]);
    free(rg->dats);
    free(rg->gen_dir);
    free(rg->wave_dir);
    free(rg->dat_dir);
    free(rg->rtl_dir);
    free(rg->notes);
    free(rg->o.merge_dirs);
}

/* ---- --merge ---------------------------------------------------------------- */

struct mrow {
    unsigned index;
    char *line;  /* the results.tsv row */
    char *junit; /* its <testcase> element */
    bool pass;
};

struct merge {
    struct mrow *rows;
    unsigned nrows, cap;
    char *header; /* "# total ..." without the shard part */
    unsigned total;
};

static int cmp_row(const void *a, const void *b)
{
    const struct mrow *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The <testcase> elements of a junit.xml written by write_junit, in order. */
static char **junit_cases(const char *text, unsigned *n)
{
    unsigned cap = 64;
    char **v = xcalloc(cap, sizeof *v);
    *n = 0;
    for (const char *p = strstr(text, "\n  <testcase "); p; p = strstr(p, "\n  <testcase ")) {
        p += 3;
        const char *gt = strchr(p, '>');
        if (!gt)
            break;
        const char *end = gt[-1] == '/' ? gt + 1 : strstr(gt, "</testcase>");
        if (!end)
            break;
        if (gt[-1] != '/')
            end += strlen("</testcase>");
        if (*n == cap) {
            char **t = realloc(v, (cap *= 2) * sizeof *v);
            if (!t)
                oom();
            v = t;
        }
        v[(*n)++] = xfmt("%.*s", (int)(end - p), p);
        p = end;
    }
    return v;
}

static int merge_dir(struct merge *mg, const char *dir)
{
    char *tsv = xfmt("%s/results.tsv", dir), *jx = xfmt("%s/junit.xml", dir);
    FILE *fp = fopen(tsv, "r");
    FILE *jf = fopen(jx, "r");
    int rc = -1;
    char *text = NULL, *jtext = NULL;
    char **cases = NULL;
    unsigned ncases = 0;
    if (!fp || !jf) {
        fprintf(stderr, "vmxr regress --merge: cannot read %s: %s\n", fp ? jx : tsv, strerror(errno));
        rc = EXIT_USAGE;
        goto out;
    }
    text = slurp(fp, NULL);
    jtext = slurp(jf, NULL);
    cases = junit_cases(jtext, &ncases);
    char *save = NULL;
    char *line = strtok_r(text, "\n", &save);
    if (!line || strcmp(line, TSV_MAGIC)) {
        fprintf(stderr, "vmxr regress --merge: %s is not a vmxr regress results file\n", tsv);
        rc = EXIT_USAGE;
        goto out;
    }
    line = strtok_r(NULL, "\n", &save);
    char *shard = line ? strstr(line, " shard ") : NULL;
    unsigned total = 0;
    if (!shard || sscanf(line, "# total %u", &total) != 1) {
        fprintf(stderr, "vmxr regress --merge: %s: no '# total ... shard i/n' line\n", tsv);
        rc = EXIT_USAGE;
        goto out;
    }
    char *head = xfmt("%.*s", (int)(shard - line), line);
    if (!mg->header) {
        mg->header = head;
        mg->total = total;
    } else if (strcmp(mg->header, head)) {
        fprintf(stderr, "vmxr regress --merge: %s is from another regression:\n  %s\n  %s\n", dir, head, mg->header);
        free(head);
        rc = EXIT_USAGE;
        goto out;
    } else {
        free(head);
    }
    unsigned k = 0;
    while ((line = strtok_r(NULL, "\n", &save))) {
        if (line[0] == '#')
            continue;
        unsigned idx;
        char result[16];
        if (sscanf(line, "%u\t%*s\t%*s\t%15s", &idx, result) != 2 || idx >= mg->total) {
            fprintf(stderr, "vmxr regress --merge: %s: bad row '%s'\n", tsv, line);
            rc = EXIT_USAGE;
            goto out;
        }
        if (k >= ncases) {
            fprintf(stderr, "vmxr regress --merge: %s has fewer test cases than %s\n", jx, tsv);
            rc = EXIT_USAGE;
            goto out;
        }
        if (mg->nrows == mg->cap) {
            mg->cap = mg->cap ? mg->cap * 2 : 256;
            struct mrow *t = realloc(mg->rows, mg->cap * sizeof *t);
            if (!t)
                oom();
            mg->rows = t;
        }
        mg->rows[mg->nrows++] = (struct mrow){ idx, xstrdup(line), cases[k], !strcmp(result, "PASS") };
        cases[k++] = NULL;
    }
    if (k != ncases) {
        fprintf(stderr, "vmxr regress --merge: %s and %s do not list the same tests\n", jx, tsv);
        rc = EXIT_USAGE;
    }
out:
    for (unsigned i = 0; i < ncases; i++)
        free(cases[i]);
    free(cases);
    free(text);
    free(jtext);
    if (fp)
        fclose(fp);
    if (jf)
        fclose(jf);
    free(tsv);
    free(jx);
    return rc;
}

static int regress_merge(const struct ropts *o)
{
    struct merge mg = { 0 };
    struct cov *cov = cov_new();
    int rc = -1;
    unsigned ninfo = 0, ndat = 0;
    char **infos = xcalloc((size_t)o->nmerge, sizeof *infos), **dats = xcalloc((size_t)o->nmerge, sizeof *dats);
    if (!cov)
        oom();
    for (int i = 0; i < o->nmerge && rc < 0; i++) {
        const char *d = o->merge_dirs[i];
        if (!is_dir(d)) {
            fprintf(stderr, "vmxr regress --merge: no directory '%s'\n", d);
            rc = EXIT_USAGE;
            break;
        }
        rc = merge_dir(&mg, d);
        if (rc >= 0)
            break;
        char *cj = xfmt("%s/coverage.json", d);
        FILE *fp = fopen(cj, "r");
        char err[256] = "";
        if (!fp || !cov_read_json(cov, fp, err, sizeof err)) {
            fprintf(stderr, "vmxr regress --merge: %s: %s\n", cj, fp ? err : strerror(errno));
            rc = EXIT_USAGE;
        }
        if (fp)
            fclose(fp);
        free(cj);
        char *info = xfmt("%s/rtl-coverage/coverage.info", d), *dat = xfmt("%s/rtl-coverage/coverage.dat", d);
        if (is_file(info))
            infos[ninfo++] = info;
        else
            free(info);
        if (is_file(dat))
            dats[ndat++] = dat;
        else
            free(dat);
    }
    unsigned passed = 0, failed = 0, missing = 0, dup = 0;
    if (rc < 0) {
        qsort(mg.rows, mg.nrows, sizeof *mg.rows, cmp_row);
        for (unsigned i = 0; i + 1 < mg.nrows; i++)
            dup += mg.rows[i].index == mg.rows[i + 1].index;
        if (dup) {
            fprintf(stderr, "vmxr regress --merge: %u test%s appear in more than one shard (a shard given twice?)\n",
                    dup, dup == 1 ? "" : "s");
            rc = EXIT_USAGE;
        }
    }
    if (rc < 0) {
        missing = mg.total - mg.nrows;
        if (mkdir_p(o->out) != 0) {
            fprintf(stderr, "vmxr regress --merge: cannot create %s: %s\n", o->out, strerror(errno));
            rc = EXIT_USAGE;
        }
    }
    if (rc < 0) {
        char *tsv = xfmt("%s/results.tsv", o->out), *jx = xfmt("%s/junit.xml", o->out);
        char *cj = o->cov_json ? xstrdup(o->cov_json) : xfmt("%s/coverage.json", o->out);
        if (o->junit) {
            free(jx);
            jx = xstrdup(o->junit);
        }
        FILE *t = fopen(tsv, "w"), *j = fopen(jx, "w"), *c = fopen(cj, "w");
        double secs = 0;
        for (unsigned i = 0; i < mg.nrows; i++) {
            const char *tm = mg.rows[i].junit ? strstr(mg.rows[i].junit, " time=\"") : NULL;
            if (tm)
                secs += strtod(tm + 7, NULL);
            passed += mg.rows[i].pass;
            failed += !mg.rows[i].pass;
        }
        if (t) {
            fprintf(t, TSV_MAGIC "\n%s shard 1/1 (merged from %d)\n", mg.header, o->nmerge);
            fprintf(t, "# index\tclass\tname\tresult\tcommands\tcycles\ttime\tseed\tstall-seed\tmix\tfile\n");
            for (unsigned i = 0; i < mg.nrows; i++)
                fprintf(t, "%s\n", mg.rows[i].line);
        }
        if (j) {
            fprintf(j, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"vmxr-regress\" tests=\"%u\" "
                       "failures=\"%u\" errors=\"0\" skipped=\"0\" time=\"%.3f\">\n",
                    mg.nrows, failed, secs);
            for (unsigned i = 0; i < mg.nrows; i++)
                fprintf(j, "  %s\n", mg.rows[i].junit);
            fprintf(j, "</testsuite>\n");
        }
        bool wok = t && j && c && cov_write_json(cov, c) && !ferror(t) && !ferror(j);
        wok &= (!t || fclose(t) == 0) & (!j || fclose(j) == 0) & (!c || fclose(c) == 0);
        printf("regress --merge: %d shard director%s, %u of %u tests\n", o->nmerge, o->nmerge == 1 ? "y" : "ies",
               mg.nrows, mg.total);
        if (failed) {
            printf("\n");
            print_row("test", "engine", "commands", "cycles", "result", "time");
            for (unsigned i = 0; i < mg.nrows; i++) {
                if (mg.rows[i].pass)
                    continue;
                char cls[16], name[128], res[16], cmds[24], cyc[24], tm[24], seed[24], stall[24], mix[64], file[1024];
                if (sscanf(mg.rows[i].line, "%*u\t%15[^\t]\t%127[^\t]\t%15[^\t]\t%23[^\t]\t%23[^\t]\t%23[^\t]\t%23[^\t]"
                                            "\t%23[^\t]\t%63[^\t]\t%1023[^\t]",
                           cls, name, res, cmds, cyc, tm, seed, stall, mix, file) != 10)
                    continue;
                char *full = xfmt("%s/%s", cls, name), *tms = xfmt("%ss", tm);
                print_row(full, cosim_name(), cmds, cyc, res, tms);
                const char *cnt = strstr(mg.header, " count ");
                unsigned long long count = 0;
                if (!strcmp(cls, "random") && cnt && sscanf(cnt, " count %llu", &count) == 1)
                    printf("    regen:  build/vmxr gen --seed %s --count %llu%s --mix %s -o %s\n", seed, count,
                           GEN_NCPU != 4 ? " --ncpu (this build's NCPU)" : "", mix, file);
                printf("    rerun:  build/vmxr run --engine cosim --stall-seed %s %s\n", stall, file);
                free(full);
                free(tms);
            }
            printf("(reports: the <failure> elements of %s)\n", jx);
        }
        printf("\nfunctional coverage (passing tests):\n");
        cov_print(cov, stdout);
        if (ninfo || ndat) {
            char *rdir = xfmt("%s/rtl-coverage", o->out);
            char *info = xfmt("%s/coverage.info", rdir);
            printf("\n");
            if (mkdir_p(rdir) == 0) {
                bool info_ok = false;
                if (ninfo && on_path("lcov")) {
                    char **argv = xcalloc(2 * (size_t)ninfo + 5, sizeof *argv);
                    unsigned a = 0;
                    argv[a++] = "lcov";
                    argv[a++] = "-q";
                    for (unsigned i = 0; i < ninfo; i++) {
                        argv[a++] = "-a";
                        argv[a++] = infos[i];
                    }
                    argv[a++] = "-o";
                    argv[a++] = info;
                    char *log = xfmt("%s/tools.log", rdir);
                    info_ok = run_tool(argv, log) == 0;
                    if (!info_ok)
                        printf("RTL coverage: lcov -a failed, see %s\n", log);
                    free(log);
                    free(argv);
                } else if (ninfo) {
                    printf("RTL coverage: no lcov (Debian package lcov) to merge the .info files\n");
                }
                rtl_report(rdir, dats, ndat, info_ok);
            }
            free(rdir);
            free(info);
        }
        printf("\nwrote: %s, %s, %s\n", jx, cj, tsv);
        if (!wok)
            printf("regress --merge: could not write every output file\n");
        if (missing)
            printf("regress --merge: %u test%s of the regression missing (a shard not merged, or failed to run)\n",
                   missing, missing == 1 ? "" : "s");
        printf("regress: %u passed, %u failed\n", passed, failed + missing);
        rc = failed || missing ? EXIT_FAILED : wok ? 0 : EXIT_USAGE;
        free(tsv);
        free(jx);
        free(cj);
    }
    for (unsigned i = 0; i < mg.nrows; i++) {
        free(mg.rows[i].line);
        free(mg.rows[i].junit);
    }
    free(mg.rows);
    free(mg.header);
    for (unsigned i = 0; i < ninfo; i++)
        free(infos[i]);
    for (unsigned i = 0; i < ndat; i++)
        free(dats[i]);
    free(infos);
    free(dats);
    cov_free(cov);
    return rc;
}

int cmd_regress(int argc, char **argv)
{
    struct regress rg = { 0 };
    int rc = parse_args(argc, argv, &rg.o);
    if (rc < 0)
        rc = rg.o.merge ? regress_merge(&rg.o) : regress_run(&rg);
    regress_free(&rg);
    return rc;
}
