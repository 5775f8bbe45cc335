/* vmxr compile: turns a VEC1 file into a stimulus/expectation file for the
 * Icarus testbench (the writer and its format: dv/compile.h, dv/compile.c).
 * The vector's expectations are checked as `vmxr run` does; a vector that
 * does not pass on the model is not compiled. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cmds.h"
#include "compile.h"
#include "run.h"

#define EXIT_FAIL 1
#define EXIT_USAGE 2

static const char COMPILE_USAGE[] = "usage: vmxr compile FILE [-o OUT] [--stall-seed S]\n";

static const char COMPILE_HELP[] =
    "usage: vmxr compile FILE [-o OUT] [--stall-seed S]\n"
    "\n"
    "Runs the VEC1 file FILE on the C model through the bus driver, checks its\n"
    "expectations as 'vmxr run' does, and writes every clock cycle's inputs and\n"
    "model outputs as a stimulus/expectation file for the Icarus testbench\n"
    "(cosim/icarus/vmxr_tb.v, $readmemh format; the layout is documented at the\n"
    "top of dv/compile.c and of the testbench). A vector that does not pass\n"
    "on the model is not compiled.\n"
    "\n"
    "options:\n"
    "  -o OUT           write OUT (default build/icarus/STEM.stim, STEM being\n"
    "                   FILE's name without directory and extension)\n"
    "  --stall-seed S   randomize dec_ready and idle gaps reproducibly from S\n"
    "                   (decimal or 0x hex), as 'vmxr run --stall-seed'\n"
    "  --max-cycles N   fail once the run would clock more than N cycles\n"
    "                   (default 100000000), as 'vmxr run --max-cycles'\n"
    "  -h, --help       this text\n"
    "\n"
    "exit status: 0 written, 1 the vector does not pass on the model (or the\n"
    "model broke the decision protocol), 2 bad usage, a malformed file, or OUT\n"
    "cannot be written.\n";

/* build/icarus/STEM.stim for FILE; false if it does not fit. */
static bool default_out(const char *file, char *buf, size_t n)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    int w = snprintf(buf, n, "build/icarus/%.*s.stim", (int)len, base);
    return w > 0 && (size_t)w < n;
}

static bool make_dir(const char *path)
{
    return mkdir(path, 0777) == 0 || errno == EEXIST;
}

/* The first run's view of each item: its expectation checked (failures
 * on standard error), its decisions counted. */
struct check_view {
    const char *path;
    struct run_stats st;
    unsigned ndec;
};

static void check_item(void *ctx, unsigned n, const struct vec_item *it, const char *text, const struct vec_result *r)
{
    (void)n;
    (void)text;
    struct check_view *v = ctx;
    (void)run_check_item(v->path, it, r, &v->st, stderr);
    v->ndec += r->ndec;
}

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr compile: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", COMPILE_USAGE);
    return EXIT_USAGE;
}

int cmd_compile(int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    struct run_opts ro = { 0 };
    bool opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!opts_done && a[0] == '-' && a[1] != '\0') {
            if (!strcmp(a, "--")) {
                opts_done = true;
            } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
                fputs(COMPILE_HELP, stdout);
                return 0;
            } else if (!strcmp(a, "-o")) {
                if (i + 1 >= argc || !argv[i + 1][0])
                    return usage("%s needs a file name", "-o");
                out = argv[++i];
            } else if (cli_option(argc, argv, &i, "--stall-seed", &v)) {
                if (!v || !*v)
                    return usage("%s needs a value", "--stall-seed");
                if (!cli_number(v, true, UINT64_MAX, &ro.stall_seed))
                    return usage("bad --stall-seed '%s' (a decimal or 0x number)", v);
                ro.stall = true;
            } else if (cli_option(argc, argv, &i, "--max-cycles", &v)) {
                if (!v || !*v || !cli_number(v, false, UINT64_MAX, &ro.max_cycles) || !ro.max_cycles)
                    return usage("bad --max-cycles '%s' (a number of cycles, at least 1)", v ? v : "");
            } else {
                return usage("unknown option '%s'", a);
            }
        } else if (file) {
            return usage("more than one vector file ('%s')", a);
        } else {
            file = a;
        }
    }
    if (!file)
        return usage("%s", "no vector file given");

    char defpath[4096];
    if (!out) {
        if (!default_out(file, defpath, sizeof defpath))
            return usage("file name too long: '%s'", file);
        out = defpath;
    }

    char err[8192];
    struct vec_reader *src = vec_open(file, err, sizeof err);
    if (!src) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }
    /* the first run: checks and the cycle count */
    struct check_view v = { .path = vec_path(src) };
    struct run_sink sink = { check_item, &v };
    bool ran = run_stream(src, stim_engine(), &ro, &sink, &v.st, err, sizeof err, NULL, NULL);
    int rc = 0;
    if (!ran) {
        fprintf(stderr, "%s\nvmxr compile: %s not compiled\n", err, v.path);
        rc = v.st.bounded ? EXIT_USAGE : EXIT_FAIL; /* stopped by --max-cycles: as vmxr run */
    } else if (v.st.failed) {
        fprintf(stderr, "vmxr compile: %s does not pass on the model (%u of %u expectations failed); not compiled\n",
                v.path, v.st.failed, v.st.checks);
        rc = EXIT_FAIL;
    } else if (v.st.cycles > 0xFFFFFFFFu) {
        fprintf(stderr, "vmxr compile: %s: too many cycles for the format\n", v.path);
        rc = EXIT_FAIL;
    }
    if (rc == 0 && out == defpath && (!make_dir("build") || !make_dir("build/icarus"))) {
        fprintf(stderr, "vmxr compile: cannot create build/icarus: %s\n", strerror(errno));
        rc = EXIT_USAGE;
    }
    if (rc == 0 && stim_write(out, src, &ro, v.st.cycles, err, sizeof err) != 0) {
        fprintf(stderr, "vmxr compile: %s\n", err);
        rc = EXIT_USAGE;
    }
    if (rc == 0)
        printf("compiled %s: %llu cycles, %u commands, %u decisions, %u checks%s -> %s\n", v.path,
               (unsigned long long)v.st.cycles, v.st.commands, v.ndec, v.st.checks, ro.stall ? " (stalls)" : "", out);
    vec_close(src);
    return rc;
}
