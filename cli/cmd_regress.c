/* vmxr regress: its options, help text and exit statuses; the regression
 * itself is dv/regress.h's. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "gen.h"
#include "regress.h"

#define EXIT_USAGE 2

/* Defaults, measured on the 2-core reference machine (docs/regression.md):
 * DEFAULT_SEEDS x DEFAULT_COUNT items in cosim with RTL coverage on
 * (build/cov/vmxr, what `make run` runs) take about a minute at -j2. */
#define DEFAULT_SEEDS 5000u
#define DEFAULT_COUNT 2000u
#define QUICK_SEEDS 12u
#define DEFAULT_TIMEOUT 300u /* seconds per test */
#define MAX_JOBS 256u
/* A broken RTL fails nearly every test: after DEFAULT_MAX_FAIL failures no
 * more tests start (the buckets are known by then), so such a run ends in
 * seconds instead of running 5000 failing tests. */
#define DEFAULT_MAX_FAIL 50u
#define DEFAULT_WAVES 2u /* failures of each bucket with waveforms and streams */

static const char HELP[] =
    "usage: vmxr regress [-j N] [--seeds N] [--count N] [--seed-base B] [--mix NAME]\n"
    "                    [--shard i/n] [--junit FILE] [--cov-json FILE] [--out DIR]\n"
    "                    [--rtl-cov DIR] [--vectors DIR] [--no-directed] [--quick]\n"
    "                    [--keep-gen] [--timeout SECS] [--max-cycles N] [--list]\n"
    "                    [--max-fail N] [--fail-fast] [--waves-per-bucket K]\n"
    "       vmxr regress --merge [--out DIR] SHARD_DIR...\n"
    "\n"
    "Runs the regression: every directed vector, then N constrained-random\n"
    "streams (seeds B .. B+N-1, each gen_stream(seed, count, 4 CPUs, mix)),\n"
    "all in co-simulation (C model and RTL in lockstep) with random\n"
    "back-pressure: a random test's stall seed is its seed, a directed file's\n"
    "is B. Tests are spread over N worker processes. Prints a progress line,\n"
    "a table (test, engine, commands, cycles, result, time; only the failures\n"
    "when there are more than 60 tests), functional coverage, the failure\n"
    "buckets (failures with the same signature: kind, diverging ports and\n"
    "decisions, or the expectation) with each one's smallest reproducer, and\n"
    "the full report of the failures that got waveforms; then\n"
    "'regress: N passed, M failed'. DIR/index.html shows it all offline.\n"
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
    "  --max-cycles N   a test whose run would clock more than N cycles fails\n"
    "                   (default 100000000, as for vmxr run)\n"
    "  --max-fail N     start no more tests after N failures (default 50;\n"
    "                   0: no limit); the rest are reported NOT_RUN\n"
    "  --fail-fast      --max-fail 1\n"
    "  --waves-per-bucket K  waveforms, streams and full reports for the first\n"
    "                   K failures of each bucket (default 2), plus each\n"
    "                   bucket's smallest reproducer (with its explain output)\n"
    "  --list           print the selected tests (position, name, mix, stall\n"
    "                   seed, file) and exit\n"
    "  --merge DIR...   merge the outputs of shard runs into --out (default\n"
    "                   build/regress-merged): JUnit, results, functional and\n"
    "                   RTL coverage; fails if tests are missing\n"
    "  -h, --help       this text\n"
    "\n"
    "exit status: 0 every test passed, 1 some test failed (or, with --merge,\n"
    "is missing), 2 bad usage or environment.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr regress: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: vmxr regress --help\n");
    return EXIT_USAGE;
}

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

static int parse_args(int argc, char **argv, struct regress_opts *o, bool *merge)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    bool seeds_set = false, quick = false;
    *merge = false;
    *o = (struct regress_opts){ .jobs = ncpu > 0 ? (unsigned)(ncpu < (long)MAX_JOBS ? ncpu : (long)MAX_JOBS) : 1,
                         .seeds = DEFAULT_SEEDS,
                         .count = DEFAULT_COUNT,
                         .seed_base = 1,
                         .timeout = DEFAULT_TIMEOUT,
                         .mix = "all",
                         .shard_i = 1,
                         .shard_n = 1,
                         .max_fail = DEFAULT_MAX_FAIL,
                         .waves_per_bucket = DEFAULT_WAVES,
                         .argc = argc,
                         .argv = argv,
                         .vectors = "vectors/directed,vectors/firmware" };
    o->merge_dirs = calloc((size_t)argc + 1, sizeof *o->merge_dirs);
    if (!o->merge_dirs) {
        fputs("vmxr regress: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    bool opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        uint64_t n;
        int rc;
        if (opts_done || a[0] != '-' || !a[1]) {
            if (!*merge)
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
            seeds_set = true;
        } else if (cli_option(argc, argv, &i, "--count", &v)) {
            if ((rc = parse_u64("--count", v, 1, 10000000, &o->count)) >= 0)
                return rc;
        } else if (cli_option(argc, argv, &i, "--seed-base", &v)) {
            if ((rc = parse_u64("--seed-base", v, 0, UINT64_MAX, &o->seed_base)) >= 0)
                return rc;
        } else if (cli_option(argc, argv, &i, "--timeout", &v)) {
            if ((rc = parse_u64("--timeout", v, 1, 86400, &o->timeout)) >= 0)
                return rc;
        } else if (cli_option(argc, argv, &i, "--max-cycles", &v)) {
            if ((rc = parse_u64("--max-cycles", v, 1, UINT64_MAX, &o->max_cycles)) >= 0)
                return rc;
        } else if (cli_option(argc, argv, &i, "--mix", &v)) {
            if (!v || !*v)
                return usage_error("%s needs a value", "--mix");
            if (!regress_mix_known(v)) {
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
        } else if (cli_option(argc, argv, &i, "--max-fail", &v)) {
            if ((rc = parse_u64("--max-fail", v, 0, 10000000, &n)) >= 0)
                return rc;
            o->max_fail = (unsigned)n;
        } else if (!strcmp(a, "--fail-fast")) {
            o->max_fail = 1;
        } else if (cli_option(argc, argv, &i, "--waves-per-bucket", &v)) {
            if ((rc = parse_u64("--waves-per-bucket", v, 0, 1000, &n)) >= 0)
                return rc;
            o->waves_per_bucket = (unsigned)n;
        } else if (!strcmp(a, "--no-directed")) {
            o->no_directed = true;
        } else if (!strcmp(a, "--quick")) {
            quick = true;
        } else if (!strcmp(a, "--keep-gen")) {
            o->keep_gen = true;
        } else if (!strcmp(a, "--list")) {
            o->list = true;
        } else if (!strcmp(a, "--merge")) {
            *merge = true;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (quick && !seeds_set)
        o->seeds = QUICK_SEEDS;
    if (o->seeds && o->seed_base > UINT64_MAX - (o->seeds - 1))
        return usage_error("%s", "--seed-base + --seeds overflows 64 bits");
    if (*merge && o->nmerge == 0)
        return usage_error("%s", "--merge needs the shard output directories");
    if (!o->out)
        o->out = *merge ? "build/regress-merged" : "build/regress";
    return -1;
}

int cmd_regress(int argc, char **argv)
{
    struct regress_opts o;
    bool merge;
    int rc = parse_args(argc, argv, &o, &merge);
    if (rc < 0)
        rc = merge ? regress_merge(&o) : regress_run(&o);
    free(o.merge_dirs);
    return rc;
}
