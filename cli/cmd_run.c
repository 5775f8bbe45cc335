/* vmxr run, annotate and params: vector files run on an engine with every
 * expectation checked, a vector file annotated with what an engine did, and
 * the build parameters. After a co-simulation divergence, run prints how to
 * rerun the case, explain it and see it, and writes a waveform around the
 * failing cycle (dv/wave.h); after failed expectations, the same hints for
 * the first of them. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "out.h"
#include "run.h"
#include "vmxr_bus.h"
#include "vmxr_engine.h"
#include "vmxr_registry.h"
#include "wave.h"

#define EXIT_MISMATCH 1
#define EXIT_USAGE 2

#define DIVERGE_BEFORE 40u /* cycles of a divergence waveform before the divergence */
#define DIVERGE_AFTER 10u  /* and after it (the run goes on for them) */

static const char RUN_HELP[] =
    "usage: vmxr run [--engine E] [-q] FILE...\n"
    "\n"
    "Runs each VEC1 file from reset and checks every expectation ('=> ...').\n"
    "A failed expectation prints 'FILE:LINE: expected X, got Y'; each file ends\n"
    "with a PASS/FAIL summary line and the run with 'vmxr: N passed, M failed'.\n"
    "\n"
    "options:\n"
    "  --engine E   txn    the transaction-level core, one item at a time\n"
    "               model  the cycle-accurate unit driven through its ports\n"
    "                      (default): commands streamed back to back, APB\n"
    "                      accesses in file order, a drain before every rd\n"
    "               rtl    the Verilated RTL driven the same way\n"
    "               cosim  the C model and the RTL in lockstep: same inputs,\n"
    "                      every output port compared every cycle; stops at\n"
    "                      the first divergence with a report and a rerun line\n"
    "               sc-tlm, sc-model, sc-rtl, sc-cosim  the SystemC platform\n"
    "                      (docs/systemc.md), in builds that carry it\n"
    "  --stall-seed S  port-level engines: randomize dec_ready (low one cycle\n"
    "               in four) and idle gaps before items, reproducibly from S\n"
    "               (decimal or 0x hex); the seed is printed on every result.\n"
    "               With --bus and on sc-model, sc-rtl, sc-cosim: dec_ready\n"
    "               only (items are issued one at a time anyway)\n"
    "  --bus        drive the engine one item at a time through its item-level\n"
    "               bus (cosim/vmxr_bus.h), as the firmware platform does:\n"
    "               each command completes before the next item\n"
    "  --timeline   port-level engines: print each command's handshake cycle\n"
    "               and decision cycles ('FILE:LINE: cycle H -> D1 D2'); with\n"
    "               --bus and on sc-*: the cycle each command was issued and\n"
    "               the cycle the unit was idle again\n"
    "  --max-cycles N  stop a file's run that would clock more than N cycles\n"
    "               (default 100000000; an idle item that would cross it stops\n"
    "               before it starts) with 'FILE:LINE: ...' naming the item\n"
    "  --timeout S  stop the run once S seconds of wall-clock time have passed\n"
    "               (port-level engines look every 4096 cycles, bus-driven runs\n"
    "               after every item) with 'FILE:LINE: timed out ...'\n"
    "  -q, --quiet  print only failures and the closing total\n"
    "  -h, --help   this text\n"
    "\n"
    "On a terminal (standard error), a port-level run that takes longer than a\n"
    "second shows the item and cycle it is at, once a second.\n"
    "\n"
    "exit status: 0 every expectation held in every file, 1 some did not or an\n"
    "engine broke the decision protocol, 2 bad usage, a malformed file\n"
    "(reported as FILE:LINE:COL: message; the other files still run) or a run\n"
    "stopped by --max-cycles or --timeout (the files after it do not run).\n";

static const char ANNOTATE_HELP[] =
    "usage: vmxr annotate [--engine E] [-o OUT] FILE\n"
    "\n"
    "Prints FILE with every item's expectation replaced by what the engine\n"
    "did, in canonical spelling (so two annotations diff cleanly); comments\n"
    "and blank lines are kept. Use it to inspect behaviour, never to make\n"
    "golden vectors: golden expectations are derived from the spec by hand.\n"
    "\n"
    "options:\n"
    "  --engine E   txn or model (default model)\n"
    "  -o OUT       write to OUT instead of standard output\n"
    "  --max-cycles N  fail (exit 2) once the run would clock more than N\n"
    "               cycles (default 100000000)\n"
    "  -h, --help   this text\n";

static const char PARAMS_HELP[] =
    "usage: vmxr params [--engines]\n"
    "\n"
    "Prints the build parameters (NCPU, NVMM, NVM, NPROF, NIOR, NMEM, NKEY, NGRP, DEPTH);\n"
    "with --engines, the engines this build has instead, one name a line.\n";

static void engine_list(FILE *out)
{
    for (unsigned i = 0; vmxr_engine_at(i); i++)
        fprintf(out, "%s%s", i ? ", " : "", vmxr_engine_at(i)->name);
}

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: vmxr %s --help\n", cmd);
    return EXIT_USAGE;
}

struct opts {
    const char *engine;
    const char *out;
    bool quiet;
    bool stall;
    uint64_t stall_seed;
    bool timeline;
    bool bus;
    uint64_t max_cycles;
    uint64_t timeout_s;
    int nfiles;
    char **files;
};

/* Parses the options of a command; returns -1 on success, else an exit code. */
static int parse_opts(const char *cmd, const char *help, int argc, char **argv, struct opts *o, bool allow_out)
{
    bool allow_timeout = !allow_out; /* run, not annotate */
    o->engine = vmxr_engine_with(VMXR_ENG_MODEL | VMXR_ENG_PORT)->name;
    o->out = NULL;
    o->quiet = false;
    o->stall = false;
    o->stall_seed = 0;
    o->timeline = false;
    o->bus = false;
    o->max_cycles = 0;
    o->timeout_s = 0;
    o->nfiles = 0;
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    if (!o->files)
        return EXIT_USAGE;
    bool opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!opts_done && a[0] == '-' && a[1] != '\0') {
            if (!strcmp(a, "--")) {
                opts_done = true;
            } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
                fputs(help, stdout);
                return 0;
            } else if (cli_option(argc, argv, &i, "--engine", &v)) {
                if (!v)
                    return usage_error(cmd, "%s needs a value", "--engine");
                if (!vmxr_engine_find(v)) {
                    fprintf(stderr, "vmxr %s: unknown engine '%s' (this build has: ", cmd, v);
                    engine_list(stderr);
                    fprintf(stderr, ")\nusage: vmxr %s --help\n", cmd);
                    return EXIT_USAGE;
                }
                o->engine = v;
            } else if (cli_option(argc, argv, &i, "--stall-seed", &v)) {
                if (!v || !*v)
                    return usage_error(cmd, "%s needs a value", "--stall-seed");
                if (!cli_number(v, true, UINT64_MAX, &o->stall_seed))
                    return usage_error(cmd, "bad --stall-seed '%s' (a decimal or 0x number)", v);
                o->stall = true;
            } else if (cli_option(argc, argv, &i, "--max-cycles", &v)) {
                if (!v || !*v || !cli_number(v, false, UINT64_MAX, &o->max_cycles) || !o->max_cycles)
                    return usage_error(cmd, "bad --max-cycles '%s' (a number of cycles, at least 1)", v ? v : "");
            } else if (allow_timeout && cli_option(argc, argv, &i, "--timeout", &v)) {
                if (!v || !*v || !cli_number(v, false, 1000000, &o->timeout_s) || !o->timeout_s)
                    return usage_error(cmd, "bad --timeout '%s' (seconds, 1 to 1000000)", v ? v : "");
            } else if (!strcmp(a, "--bus")) {
                o->bus = true;
            } else if (!strcmp(a, "--timeline")) {
                o->timeline = true;
            } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
                o->quiet = true;
            } else if (allow_out && !strcmp(a, "-o")) {
                if (i + 1 >= argc)
                    return usage_error(cmd, "%s needs a file name", "-o");
                o->out = argv[++i];
            } else {
                return usage_error(cmd, "unknown option '%s'", a);
            }
        } else {
            o->files[o->nfiles++] = argv[i];
        }
    }
    return -1;
}

/* After a co-simulation divergence: how to rerun exactly this case, with a
 * waveform around the failing cycle. */
static void report_divergence(struct vec_reader *src, const char *engine, const struct run_opts *ro, uint64_t cycle,
                              unsigned first_line)
{
    const char *path = vec_path(src);
    char seed[48] = "";
    if (ro->stall)
        snprintf(seed, sizeof seed, " --stall-seed %" PRIu64, ro->stall_seed);
    const struct vmxr_engine_info *info = vmxr_engine_find(engine);
    bool by_bus = ro->bus || vmxr_engine_item_level(info);
    printf("  rerun:  build/vmxr run%s --engine %s%s %s\n", ro->bus ? " --bus" : "", engine, seed, path);
    if (first_line)
        printf("  why:    build/vmxr explain %s --line %u\n", path, first_line);
    if (by_bus) {
        /* item-level runs: the engine's own waveform of the whole run */
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        char fst[512], err[2048];
        snprintf(fst, sizeof fst, "build/waves/%.*s-%s-diverge-C%" PRIu64 ".fst", (int)strcspn(base, "."), base,
                 engine, cycle);
        (void)mkdir("build", 0777);
        (void)mkdir("build/waves", 0777);
        struct run_opts wo = *ro;
        struct out fo; /* traced into a temporary file, renamed over fst */
        if (out_open_name(&fo, fst, err, sizeof err) != 0) {
            printf("  (no waveform: %s)\n", err);
            return;
        }
        wo.trace_path = fo.name;
        struct run_stats st = { 0 };
        bool div = false;
        if (vec_rewind(src, err, sizeof err))
            (void)run_stream(src, engine, &wo, NULL, &st, err, sizeof err, &div, NULL);
        if (!out_name_written(&fo)) {
            out_abort(&fo);
            printf("  (no waveform: engine %s writes none)\n", engine);
            return;
        }
        if (out_close(&fo, err, sizeof err) != 0) {
            printf("  (no waveform: %s)\n", err);
            return;
        }
        /* the RTL's scope: the Verilated shim's, or the SystemC platform's;
         * sc-model's FST holds its ports only, without a save file */
        const char *root = info->rtl_scope;
        char gtkw[4096];
        /* an item-level run stops at the divergence: the dump ends there,
         * and a view past its end makes GTKWave fall back to its start */
        if (root && wave_save_file(fst, root, cycle > 40 ? cycle - 40 : 0, cycle, cycle, gtkw, sizeof gtkw, err,
                                   sizeof err) == 0)
            printf("  wrote:  %s (the whole run, up to cycle %" PRIu64 ")\n          gtkwave %s\n", fst, cycle, gtkw);
        else
            printf("  wrote:  %s (the whole run, up to cycle %" PRIu64 ")\n          gtkwave %s\n", fst, cycle, fst);
        return;
    }
    /* the waveform of the failing window, written now, showing the command
     * in flight as vmxr wave --line does */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t stem = strcspn(base, ".");
    char fst[512], gtkw[600], err[1024];
    snprintf(fst, sizeof fst, "build/waves/%.*s-diverge-C%" PRIu64 ".fst", (int)stem, base, cycle);
    printf("  waves:  build/vmxr wave --engine %s%s --cycle %" PRIu64 " %s\n", engine, seed, cycle, path);
    if (wave_write_divergence(src, engine, ro, cycle, DIVERGE_BEFORE, DIVERGE_AFTER, NULL, fst, gtkw, sizeof gtkw,
                              NULL, err, sizeof err) == 0)
        printf("  wrote:  %s (cycles %" PRIu64 "..%" PRIu64 ", the run going on past the divergence)\n"
               "          gtkwave %s\n",
               fst, cycle > DIVERGE_BEFORE ? cycle - DIVERGE_BEFORE : 0, cycle + DIVERGE_AFTER, gtkw);
    else
        printf("  (no waveform: %s)\n", err);
}

/* After failed expectations: the same hints as after a divergence, for the
 * first failed expectation of path (item it with result r: its line,
 * explain and a waveform of it). */
static void report_expectations(const char *path, const char *engine, const struct run_opts *ro,
                                const struct vec_item *it, const struct vec_result *r)
{
    char seed[48] = "";
    bool waves = wave_engine(engine) && !ro->bus;
    if (ro->stall)
        snprintf(seed, sizeof seed, " --stall-seed %" PRIu64, ro->stall_seed);
    printf("  rerun:  build/vmxr run%s --engine %s%s %s\n", ro->bus ? " --bus" : "", engine, seed, path);
    if (vec_is_command(it->kind)) {
        printf("  why:    build/vmxr explain %s --line %u\n", path, it->line);
        /* the RTL's waveform: of this engine's run if it has one, else the
         * rtl engine's (the same command, streamed the same way) */
        const struct vmxr_engine_info *rtl = vmxr_engine_with(VMXR_ENG_RTL | VMXR_ENG_PORT);
        printf("  waves:  build/vmxr wave --engine %s%s --line %u %s\n", waves || !rtl ? engine : rtl->name,
               waves ? seed : "", it->line, path);
    } else if (waves) {
        printf("  waves:  build/vmxr wave --engine %s%s --cycle %" PRIu64 " %s\n", engine, seed, r->cycle, path);
    }
}

/* vmxr run's view of each item as its result comes: the timeline line,
 * the expectation checked, the first failure kept for its hints. */
struct run_view {
    const char *path;
    bool timeline, by_bus;
    struct run_stats *st;
    bool failed;
    struct vec_item first_it;
    struct vec_result first_r;
};

static void run_item(void *ctx, unsigned n, const struct vec_item *it, const char *text, const struct vec_result *r)
{
    (void)n;
    (void)text;
    struct run_view *v = ctx;
    if (v->timeline && vec_is_command(it->kind) && !r->partial) {
        if (v->by_bus) { /* the bus knows when an item began and when the unit was idle again */
            printf("%s:%u: issued at cycle %" PRIu64 ", unit idle again at cycle %" PRIu64 "\n", v->path, it->line,
                   r->cycle, r->ndec ? r->dec_cycle[0] + 1 : r->cycle);
        } else {
            printf("%s:%u: cycle %" PRIu64 " ->", v->path, it->line, r->cycle);
            for (unsigned j = 0; j < r->ndec; j++)
                printf(" %" PRIu64, r->dec_cycle[j]);
            printf("\n");
        }
    }
    if (!run_check_item(v->path, it, r, v->st, stdout) && !v->failed) {
        v->failed = true;
        v->first_it = *it;
        v->first_r = *r;
    }
}

int cmd_run(int argc, char **argv)
{
    struct opts o;
    int rc = parse_opts("run", RUN_HELP, argc, argv, &o, false);
    if (rc >= 0) {
        free(o.files);
        return rc;
    }
    if (o.nfiles == 0) {
        free(o.files);
        return usage_error("run", "%s", "no vector file given");
    }
    unsigned passed = 0, failed = 0, malformed = 0;
    struct run_stats total = { 0 };
    uint64_t deadline = o.timeout_s ? run_now_ns() + o.timeout_s * 1000000000u : 0;
    bool stopped = false;
    const struct vmxr_engine_info *info = vmxr_engine_find(o.engine);
    for (int i = 0; i < o.nfiles && !stopped; i++) {
        char err[512];
        struct vec_reader *src = vec_open(o.files[i], err, sizeof err);
        if (!src) {
            fprintf(stderr, "%s\n", err);
            malformed++;
            failed++;
            continue;
        }
        struct run_stats st = { 0 };
        struct run_opts ro = { .stall = o.stall,
                               .stall_seed = o.stall_seed,
                               .bus = o.bus,
                               .max_cycles = o.max_cycles,
                               .deadline_ns = deadline,
                               .timeout_s = (unsigned)o.timeout_s,
                               .progress = isatty(2) };
        struct run_view v = { .path = vec_path(src),
                              .timeline = o.timeline && !vmxr_engine_direct_txn(info),
                              .by_bus = o.bus || vmxr_engine_item_level(info),
                              .st = &st };
        struct run_sink sink = { run_item, &v };
        bool diverged = false;
        uint64_t div_cycle = 0;
        char big[8192];
        bool ok = run_stream(src, o.engine, &ro, &sink, &st, big, sizeof big, &diverged, &div_cycle);
        if (!ok && st.bounded) {
            fprintf(stderr, "%s\n", big);
            stopped = true;
            failed++;
        } else if (!ok) {
            fprintf(stdout, "%s\n", big);
            if (diverged)
                report_divergence(src, o.engine, &ro, div_cycle, st.oldest_line);
            failed++;
        } else {
            if (st.failed)
                report_expectations(v.path, o.engine, &ro, &v.first_it, &v.first_r);
            if (st.failed)
                failed++;
            else
                passed++;
        }
        if (!o.quiet || !ok || st.failed) {
            char seed[48] = "";
            if (o.stall)
                snprintf(seed, sizeof seed, ", stall seed %" PRIu64, o.stall_seed);
            printf("%s %s: %u items, %u commands, %u checks, %u failed, %llu cycles (engine %s%s)\n",
                   ok && !st.failed ? "PASS" : "FAIL", v.path, vec_nitems(src), st.commands, st.checks, st.failed,
                   (unsigned long long)st.cycles, o.engine, seed);
        }
        total.checks += st.checks;
        total.failed += st.failed;
        total.cycles += st.cycles;
        total.commands += st.commands;
        vec_close(src);
    }
    if (!o.quiet)
        printf("total: %u commands, %u checks, %u failed, %llu cycles\n", total.commands, total.checks, total.failed,
               (unsigned long long)total.cycles);
    printf("vmxr: %u passed, %u failed\n", passed, failed);
    free(o.files);
    fflush(stdout);
    if (malformed || stopped)
        return EXIT_USAGE;
    return failed ? EXIT_MISMATCH : 0;
}

/* vmxr annotate's copy of the file: every line up to an item's, as is,
 * then the item's with its result; the lines come from a second reader of
 * the same file, so nothing is held but the current line. */
struct annotate {
    struct vec_reader *lines;
    FILE *out;
    bool broken; /* the second reader failed: the message in err */
    char err[512];
};

/* Copies lines up to (not including) line; 0 copies them all. */
static void copy_lines(struct annotate *a, unsigned line)
{
    const char *t;
    size_t len;
    while (!a->broken && (line == 0 || vec_line(a->lines) + 1 < line)) {
        int rc = vec_next_line(a->lines, &t, &len, a->err, sizeof a->err);
        if (rc < 0)
            a->broken = true;
        if (rc != 1)
            return;
        fprintf(a->out, "%.*s\n", (int)len, t);
    }
}

static void annotate_item(void *ctx, unsigned n, const struct vec_item *it, const char *text,
                          const struct vec_result *r)
{
    (void)n;
    (void)text;
    struct annotate *a = ctx;
    copy_lines(a, it->line);
    const char *line;
    size_t len;
    if (a->broken)
        return;
    int rc = vec_next_line(a->lines, &line, &len, a->err, sizeof a->err);
    if (rc != 1 || vec_line(a->lines) != it->line) {
        if (rc >= 0)
            snprintf(a->err, sizeof a->err, "%s:%u: the file changed while being read", vec_path(a->lines), it->line);
        a->broken = true;
        return;
    }
    const char *hash = memchr(line, '#', len);
    char result[256];
    run_format_result(it, r, result, sizeof result);
    fprintf(a->out, "%.*s", (int)it->text_len, line);
    if (result[0])
        fprintf(a->out, " => %s", result);
    if (hash)
        fprintf(a->out, "  %.*s", (int)(len - (size_t)(hash - line)), hash);
    fputc('\n', a->out);
}

int cmd_annotate(int argc, char **argv)
{
    struct opts o;
    int rc = parse_opts("annotate", ANNOTATE_HELP, argc, argv, &o, true);
    if (rc >= 0) {
        free(o.files);
        return rc;
    }
    if (o.nfiles != 1) {
        free(o.files);
        return usage_error("annotate", "%s", "needs exactly one vector file");
    }
    char err[512];
    const char *path = o.files[0];
    free(o.files);
    struct vec_reader *src = vec_open(path, err, sizeof err);
    if (!src) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }
    struct annotate a = { .lines = vec_reopen(src, err, sizeof err) };
    if (!a.lines) {
        fprintf(stderr, "vmxr annotate: %s\n", err);
        vec_close(src);
        return EXIT_USAGE;
    }
    struct out ob = { .fp = stdout };
    if (o.out && out_open(&ob, o.out, err, sizeof err) != 0) {
        fprintf(stderr, "vmxr annotate: %s\n", err);
        vec_close(a.lines);
        vec_close(src);
        return EXIT_USAGE;
    }
    a.out = ob.fp;
    struct run_stats st = { 0 };
    struct run_opts ro = { .max_cycles = o.max_cycles };
    struct run_sink sink = { annotate_item, &a };
    rc = 0;
    if (!run_stream(src, o.engine, &ro, &sink, &st, err, sizeof err, NULL, NULL)) {
        /* the output so far is not kept: a file stays as it was */
        fprintf(stderr, "%s\n", err);
        rc = st.bounded ? EXIT_USAGE : EXIT_MISMATCH;
    } else {
        copy_lines(&a, 0);
        if (a.broken) {
            fprintf(stderr, "vmxr annotate: %s\n", a.err);
            rc = EXIT_USAGE;
        }
    }
    /* standard output is checked by main */
    if (o.out && rc != 0) {
        out_abort(&ob);
    } else if (o.out && out_close(&ob, err, sizeof err) != 0) {
        fprintf(stderr, "vmxr annotate: %s\n", err);
        rc = EXIT_USAGE;
    }
    vec_close(a.lines);
    vec_close(src);
    return rc;
}

int cmd_params(int argc, char **argv)
{
    if (argc > 0 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
        fputs(PARAMS_HELP, stdout);
        return 0;
    }
    if (argc == 1 && !strcmp(argv[0], "--engines")) {
        for (unsigned i = 0; vmxr_engine_at(i); i++)
            printf("%s\n", vmxr_engine_at(i)->name);
        return 0;
    }
    if (argc > 0)
        return usage_error("params", "unexpected argument '%s'", argv[0]);
    printf("NCPU=%d NVMM=%d NVM=%d NPROF=%d NIOR=%d NMEM=%d NKEY=%d NGRP=%d DEPTH=%d\n", VMXR_NCPU, VMXR_NVMM, VMXR_NVM,
           VMXR_NPROF, VMXR_NIOR, VMXR_NMEM, VMXR_NKEY, VMXR_NGRP, VMXR_DEPTH);
    return 0;
}
