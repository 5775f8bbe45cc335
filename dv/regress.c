/* vmxr regress: the regression runner (docs/regression.md; regress.h is
 * its interface, regress_int.h names its parts). This part prepares the
 * output directories, runs the selected tests and prints the summary. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coverage.h"
#include "gen.h"
#include "regress_int.h"
#include "out.h"
#include "vmxr_engine.h"
#include "vmxr_registry.h"

#define STALL_NOTE "random: stall seed = seed; directed: stall seed = --seed-base"

const char *rg_cosim_name(void) { return vmxr_engine_with(VMXR_ENG_MODEL | VMXR_ENG_RTL | VMXR_ENG_PORT)->name; }

static int run(struct regress *rg)
{
    const struct regress_opts *o = &rg->o;
    rg->gen_dir = rg_fmt("%s/gen", o->out);
    rg->wave_dir = rg_fmt("%s/waves", o->out);
    int rc = rg_build_tests(rg);
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
        rg->rtl_dir = rg_fmt("%s/rtl-coverage", o->rtl_cov);
        rg->dat_dir = rg_fmt("%s/dat", rg->rtl_dir);
        if (!rg_rtl_cov_supported()) {
            fprintf(stderr,
                    "vmxr regress: --rtl-cov: this binary was not built with Verilator coverage (its coverage "
                    "write is a no-op);\n  build and use build/cov/vmxr: make build/cov/vmxr (mk/regress.mk), "
                    "or make regress\n");
            return EXIT_USAGE;
        }
        if (!rg_on_path("verilator_coverage")) {
            fprintf(stderr, "vmxr regress: --rtl-cov needs verilator_coverage (Debian package verilator)\n");
            return EXIT_USAGE;
        }
        if (rg_mkdir_p(rg->dat_dir) != 0) {
            fprintf(stderr, "vmxr regress: cannot create %s: %s\n", rg->dat_dir, strerror(errno));
            return EXIT_USAGE;
        }
        rg_remove_matching(rg->dat_dir, "worker-", ".dat");
        rg->rtl_cov = true;
    }
    if (rg_mkdir_p(o->out) != 0 || rg_mkdir_p(rg->gen_dir) != 0) {
        fprintf(stderr, "vmxr regress: cannot create %s: %s\n", rg->gen_dir, strerror(errno));
        return EXIT_USAGE;
    }
    rg_remove_matching(rg->gen_dir, "seed-", ".vec");
    /* the artifacts of an earlier run in this directory */
    char *expl_dir = rg_fmt("%s/explain", o->out);
    rg_remove_matching(rg->wave_dir, "", ".fst");
    rg_remove_matching(rg->wave_dir, "", ".gtkw");
    rg_remove_matching(rg->wave_dir, "", ".txt");
    rg_remove_matching(expl_dir, "", ".txt");
    free(expl_dir);
    rg_prov_collect(rg);
    char *junit = o->junit ? rg_strdup(o->junit) : rg_fmt("%s/junit.xml", o->out);
    char *covj = o->cov_json ? rg_strdup(o->cov_json) : rg_fmt("%s/coverage.json", o->out);
    char *tsv = rg_fmt("%s/results.tsv", o->out);
    char *json = rg_fmt("%s/results.json", o->out), *html = rg_fmt("%s/index.html", o->out);
    rg->cov = cov_new();
    if (!rg->cov)
        rg_oom();
    rg->res = rg_calloc(rg->nsel, sizeof *rg->res);
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
    if (o->max_fail)
        printf("regress: stops starting tests after %u failure%s (--max-fail); artifacts for %u failure%s a bucket\n",
               o->max_fail, o->max_fail == 1 ? "" : "s", o->waves_per_bucket, o->waves_per_bucket == 1 ? "" : "s");
    fflush(stdout);

    struct sigaction ign = { .sa_handler = SIG_IGN }, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    rg->t0 = rg_now();
    rg_run_all(rg);
    double wall = rg_now() - rg->t0;
    sigaction(SIGPIPE, &old, NULL);
    rg_triage(rg);

    /* the table */
    printf("\n");
    rg_print_row("test", "engine", "commands", "cycles", "result", "time");
    bool all = rg->nsel <= TABLE_MAX_ROWS;
    uint64_t cycles = 0, commands = 0;
    double cpu = 0;
    unsigned rows = 0;
    for (unsigned p = 0; p < rg->nsel; p++) {
        const struct result *r = &rg->res[p];
        cycles += r->cycles;
        commands += r->commands;
        cpu += r->secs;
        if (all || (r->st != ST_PASS && r->st != ST_NOTRUN && rows < TABLE_MAX_ROWS)) {
            rg_print_result_row(&rg->tests[rg->sel[p]], r);
            rows++;
        }
    }
    if (!all)
        printf("(%u of %u tests listed: failures only, at most %u; every test is in %s)\n", rows, rg->nsel,
               TABLE_MAX_ROWS, tsv);
    if (rg->notrun)
        printf("%u test%s not run: --max-fail %u reached (NOT_RUN in %s, <skipped/> in the JUnit file)\n", rg->notrun,
               rg->notrun == 1 ? "" : "s", o->max_fail, tsv);
    unsigned ws = (unsigned)wall;
    printf("%u tests, %" PRIu64 " commands, %" PRIu64 " cycles in %02u:%02u (%.1f s of test time on %u worker%s)\n",
           rg->nsel, commands, cycles, ws / 60, ws % 60, cpu, nwk, nwk == 1 ? "" : "s");
    if (rg->crashes)
        printf("%u worker crash%s or timeout%s; %u replacement worker%s started\n", rg->crashes,
               rg->crashes == 1 ? "" : "es", rg->crashes == 1 ? "" : "s", rg->respawns, rg->respawns == 1 ? "" : "s");

    /* functional coverage */
    printf("\nfunctional coverage (passing tests):\n");
    cov_print(rg->cov, stdout);
    struct out cj;
    char cjerr[64];
    bool cj_ok = out_open(&cj, covj, cjerr, sizeof cjerr) == 0;
    if (cj_ok && !cov_write_json(rg->cov, cj.fp)) {
        out_abort(&cj);
        cj_ok = false;
    }
    cj_ok = cj_ok && out_close(&cj, cjerr, sizeof cjerr) == 0;

    /* RTL coverage */
    if (rg->rtl_cov) {
        printf("\n");
        if (rg->ndats)
            rg_rtl_report(rg->rtl_dir, rg->dats, rg->ndats, false);
        else
            printf("RTL coverage: no worker wrote a coverage file\n");
    }

    bool ok_files = rg_write_results(rg, tsv); /* all three written whatever the others did */
    ok_files = rg_write_json(rg, json, wall) && ok_files;
    ok_files = rg_write_index(rg, html, wall) && ok_files;
    bool ok_junit = rg_write_junit(rg, junit);
    printf("\nwrote: %s, %s, %s, %s, %s\n", junit, covj, tsv, json, html);
    if (!ok_junit || !cj_ok || !ok_files)
        printf("regress: could not write%s%s%s\n", ok_junit ? "" : " the JUnit file", cj_ok ? "" : " the coverage JSON",
               ok_files ? "" : " the results (results.tsv, results.json or index.html)");
    if (rg->notes)
        printf("notes:\n%s", rg->notes);
    rg_print_failures(rg);
    if (rg->notrun)
        printf("regress: %u passed, %u failed, %u not run (--max-fail %u)\n", rg->nsel - rg->failed - rg->notrun,
               rg->failed, rg->notrun, o->max_fail);
    else
        printf("regress: %u passed, %u failed\n", rg->nsel - rg->failed, rg->failed);
    fflush(stdout);
    free(junit);
    free(covj);
    free(tsv);
    free(json);
    free(html);
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
            free(rg->res[p].sig);
            free(rg->res[p].explain);
        }
    for (unsigned b = 0; b < rg->nbk; b++)
        free(rg->bk[b].sig);
    free(rg->bk);
    rg_prov_free(rg->prov);
    free(rg->res);
    rg_free_tests(rg);
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
}

int regress_run(const struct regress_opts *o)
{
    struct regress rg = { .o = *o };
    int rc = run(&rg);
    regress_free(&rg);
    return rc;
}
