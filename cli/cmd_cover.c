/* vmxr cover: options, help and the per-file work (run, cover or merge)
 * of the functional coverage; the bins, replay, table and JSON are
 * dv/coverage.h's. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "out.h"
#include "coverage.h"
#include "run.h"
#include "vmxr_engine.h"
#include "vmxr_registry.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

static const char HELP[] =
    "usage: vmxr cover [--engine E] [--stall-seed S] [--json OUT] FILE...\n"
    "       vmxr cover --merge [--json OUT] JSON...\n"
    "\n"
    "Functional coverage. Each VEC1 FILE is replayed from reset on the\n"
    "transaction-level core, with the model's own routing functions asked\n"
    "before every command what it will do (and what it would do otherwise),\n"
    "and counted into named bins: decisions by op x outcome x rule (the legal\n"
    "set only), error codes, I/O range winners and shadowing, platform classes\n"
    "delivered, local and pended, #PF inversion, GROUP choices (usage, tie,\n"
    "pending), offline fallback per rule, stack depth per CPU and overflow,\n"
    "injections, APB write rules and lock kinds. The file is also run on\n"
    "engine E; a port-level engine adds the timing bins (writes waiting for\n"
    "EX, commands held off by a write or an injection, back-to-back hazards).\n"
    "Prints a table by bin family (hit/total and every bin's count), then\n"
    "'holes: N' and every bin never hit. Expectations in FILE are not checked\n"
    "(use vmxr run).\n"
    "\n"
    "options:\n"
    "  --engine E      txn, model (default) or another port-level engine of this\n"
    "                  build; txn gives no timing bins\n"
    "  --stall-seed S  port-level engines: random dec_ready and idle gaps from\n"
    "                  seed S (decimal or 0x hex), as for vmxr run\n"
    "  --max-cycles N  fail a file's run that would clock more than N cycles\n"
    "                  (default 100000000), as for vmxr run\n"
    "  --json OUT      also write the counts as JSON to OUT ('-': standard\n"
    "                  output, the table then goes to standard error):\n"
    "                  {\"bins\": {NAME: COUNT, ...}, \"total\": N, \"hit\": N,\n"
    "                  \"holes\": [NAME, ...]}\n"
    "  --merge         the arguments are JSON files written by --json (by a\n"
    "                  binary built with the same parameters); their counts\n"
    "                  are added\n"
    "  -h, --help      this text\n"
    "\n"
    "exit status: 0 coverage collected (holes are not an error); 1 an engine\n"
    "failed on some file (reported; its functional bins are still counted, its\n"
    "timing bins are not); 2 bad usage, a malformed FILE (FILE:LINE:COL:\n"
    "message) or JSON file (FILE:LINE:COL: message): every input is still read\n"
    "so that every error is reported, but no table is printed and OUT is not\n"
    "written; or OUT cannot be written.\n";

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr cover: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: vmxr cover --help\n");
    return EXIT_USAGE;
}

static void cover_item(void *ctx, unsigned n, const struct vec_item *it, const char *text, const struct vec_result *r)
{
    (void)n;
    (void)text;
    cov_file_item(ctx, it, r);
}

/* Runs and covers one vector file, streamed; returns 0, EXIT_FAILED or
 * EXIT_USAGE. */
static int cover_file(struct cov *cov, const char *path, const char *engine, const struct run_opts *ro)
{
    char err[1024];
    struct vec_reader *src = vec_open(path, err, sizeof err);
    if (!src) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }
    int rc = 0;
    bool port = !vmxr_engine_direct_txn(vmxr_engine_find(engine)); /* txn: the replay is the run */
    struct cov_file *cf = cov_file_begin(cov, vec_straps(src), port);
    bool ok = true;
    if (port) {
        struct run_stats st = { 0 };
        struct run_sink sink = { cover_item, cf };
        char big[8192];
        ok = run_stream(src, engine, ro, &sink, &st, big, sizeof big, NULL, NULL);
        if (!ok) {
            fprintf(stderr, "vmxr cover: %s: engine %s failed: %s (timing bins of this file not counted)\n", path,
                    engine, big);
            rc = EXIT_FAILED;
        }
    }
    /* the items the engine did not run (all of them on txn) */
    struct vec_item it;
    const char *text;
    int more;
    while ((more = vec_next(src, &it, &text, err, sizeof err)) == 1)
        cov_file_item(cf, &it, NULL);
    if (more < 0) {
        fprintf(stderr, "vmxr cover: %s\n", err);
        rc = EXIT_USAGE;
    }
    cov_file_end(cf, port && ok);
    vec_close(src);
    return rc;
}

static int merge_file(struct cov *cov, const char *path)
{
    FILE *in = fopen(path, "r");
    if (!in) {
        fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    char err[512];
    bool ok = cov_read_json(cov, in, err, sizeof err);
    fclose(in);
    if (!ok) {
        fprintf(stderr, "%s:%s\n", path, err);
        return EXIT_USAGE;
    }
    return 0;
}

int cmd_cover(int argc, char **argv)
{
    const char *engine = vmxr_engine_with(VMXR_ENG_MODEL | VMXR_ENG_PORT)->name, *json = NULL;
    bool merge = false, engine_set = false;
    struct run_opts ro = { 0 };
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    if (!files) {
        fprintf(stderr, "vmxr cover: out of memory\n");
        return EXIT_USAGE;
    }
    bool opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        if (opts_done || a[0] != '-' || a[1] == '\0') {
            files[nfiles++] = argv[i];
        } else if (!strcmp(a, "--")) {
            opts_done = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(HELP, stdout);
            free(files);
            return 0;
        } else if (cli_option(argc, argv, &i, "--engine", &v)) {
            if (!v || !*v) {
                free(files);
                return usage("%s needs a value", "--engine");
            }
            if (!vmxr_engine_find(v)) {
                fprintf(stderr, "vmxr cover: unknown engine '%s' (this build has: ", v);
                const struct vmxr_engine_info *e;
                for (unsigned k = 0, n = 0; (e = vmxr_engine_at(k)); k++)
                    if (vmxr_engine_direct_txn(e) || (e->caps & VMXR_ENG_PORT))
                        fprintf(stderr, "%s%s", n++ ? ", " : "", e->name);
                fprintf(stderr, ")\nusage: vmxr cover --help\n");
                free(files);
                return EXIT_USAGE;
            }
            engine = v;
            engine_set = true;
        } else if (cli_option(argc, argv, &i, "--stall-seed", &v)) {
            if (!v || !*v) {
                free(files);
                return usage("%s needs a value", "--stall-seed");
            }
            if (!cli_number(v, true, UINT64_MAX, &ro.stall_seed)) {
                free(files);
                return usage("bad --stall-seed '%s' (a decimal or 0x number)", v);
            }
            ro.stall = true;
        } else if (cli_option(argc, argv, &i, "--max-cycles", &v)) {
            if (!v || !*v || !cli_number(v, false, UINT64_MAX, &ro.max_cycles) || !ro.max_cycles) {
                free(files);
                return usage("bad --max-cycles '%s' (a number of cycles, at least 1)", v ? v : "");
            }
        } else if (cli_option(argc, argv, &i, "--json", &v)) {
            if (!v || !*v) {
                free(files);
                return usage("%s needs a file name", "--json");
            }
            json = v;
        } else if (!strcmp(a, "--merge")) {
            merge = true;
        } else {
            free(files);
            return usage("unknown option '%s'", a);
        }
    }
    if (merge && (engine_set || ro.stall)) {
        free(files);
        return usage("%s", "--merge reads JSON files: --engine and --stall-seed do not apply");
    }
    if (nfiles == 0) {
        free(files);
        return usage("%s", merge ? "--merge needs JSON files" : "no vector file given");
    }
    struct cov *cov = cov_new();
    if (!cov) {
        free(files);
        fprintf(stderr, "vmxr cover: out of memory\n");
        return EXIT_USAGE;
    }
    int rc = 0;
    for (int i = 0; i < nfiles; i++) {
        int r = merge ? merge_file(cov, files[i]) : cover_file(cov, files[i], engine, &ro);
        if (r > rc)
            rc = r;
    }
    if (rc == EXIT_USAGE) { /* every bad input has been reported */
        fprintf(stderr, "vmxr cover: malformed input: no table%s\n", json ? ", no JSON written" : "");
        cov_free(cov);
        free(files);
        return rc;
    }
    bool json_stdout = json && !strcmp(json, "-");
    FILE *table = json_stdout ? stderr : stdout;
    if (merge)
        fprintf(table, "merged %d coverage file%s\n", nfiles, nfiles == 1 ? "" : "s");
    else
        fprintf(table, "covered %d vector file%s on engine %s%s\n", nfiles, nfiles == 1 ? "" : "s", engine,
                vmxr_engine_direct_txn(vmxr_engine_find(engine)) ? " (no timing bins)" : "");
    cov_print(cov, table);
    if (json) {
        /* standard output is checked by main */
        char err[4096 + 256];
        struct out o = { .fp = stdout };
        if (!json_stdout && out_open(&o, json, err, sizeof err) != 0) {
            fprintf(stderr, "vmxr cover: %s\n", err);
            rc = EXIT_USAGE;
        } else if (!cov_write_json(cov, o.fp) && !json_stdout) {
            fprintf(stderr, "vmxr cover: %s: %s\n", json, strerror(errno ? errno : EIO));
            out_abort(&o);
            rc = EXIT_USAGE;
        } else if (!json_stdout && out_close(&o, err, sizeof err) != 0) {
            fprintf(stderr, "vmxr cover: %s\n", err);
            rc = EXIT_USAGE;
        }
    }
    fflush(stdout);
    cov_free(cov);
    free(files);
    return rc;
}
