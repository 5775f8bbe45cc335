/* vmxr regress --merge: joins the outputs of shard runs (results.tsv,
 * junit.xml, coverage.json, rtl-coverage/) into one regression's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "regress_int.h"
#include "out.h"

struct mrow {
    unsigned index;
    char *line;  /* the results.tsv row */
    char *junit; /* its <testcase> element */
    bool pass;
    bool not_run; /* NOT_RUN: a shard's --max-fail kept it from starting */
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

/* The <testcase> elements of a junit.xml written by rg_write_junit, in order. */
static char **junit_cases(const char *text, unsigned *n)
{
    unsigned cap = 64;
    char **v = rg_calloc(cap, sizeof *v);
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
                rg_oom();
            v = t;
        }
        v[(*n)++] = rg_fmt("%.*s", (int)(end - p), p);
        p = end;
    }
    return v;
}

static int merge_dir(struct merge *mg, const char *dir)
{
    char *tsv = rg_fmt("%s/results.tsv", dir), *jx = rg_fmt("%s/junit.xml", dir);
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
    text = rg_slurp(fp, NULL);
    jtext = rg_slurp(jf, NULL);
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
    char *head = rg_fmt("%.*s", (int)(shard - line), line);
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
                rg_oom();
            mg->rows = t;
        }
        mg->rows[mg->nrows++] =
            (struct mrow){ idx, rg_strdup(line), cases[k], !strcmp(result, "PASS"), !strcmp(result, "NOT_RUN") };
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

int regress_merge(const struct regress_opts *o)
{
    struct merge mg = { 0 };
    struct cov *cov = cov_new();
    int rc = -1;
    unsigned ninfo = 0, ndat = 0;
    char **infos = rg_calloc((size_t)o->nmerge, sizeof *infos), **dats = rg_calloc((size_t)o->nmerge, sizeof *dats);
    if (!cov)
        rg_oom();
    for (int i = 0; i < o->nmerge && rc < 0; i++) {
        const char *d = o->merge_dirs[i];
        if (!rg_is_dir(d)) {
            fprintf(stderr, "vmxr regress --merge: no directory '%s'\n", d);
            rc = EXIT_USAGE;
            break;
        }
        rc = merge_dir(&mg, d);
        if (rc >= 0)
            break;
        char *cj = rg_fmt("%s/coverage.json", d);
        FILE *fp = fopen(cj, "r");
        char err[256] = "";
        if (!fp || !cov_read_json(cov, fp, err, sizeof err)) {
            fprintf(stderr, "vmxr regress --merge: %s: %s\n", cj, fp ? err : strerror(errno));
            rc = EXIT_USAGE;
        }
        if (fp)
            fclose(fp);
        free(cj);
        char *info = rg_fmt("%s/rtl-coverage/coverage.info", d), *dat = rg_fmt("%s/rtl-coverage/coverage.dat", d);
        if (rg_is_file(info))
            infos[ninfo++] = info;
        else
            free(info);
        if (rg_is_file(dat))
            dats[ndat++] = dat;
        else
            free(dat);
    }
    unsigned passed = 0, failed = 0, not_run = 0, missing = 0, dup = 0;
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
        if (rg_mkdir_p(o->out) != 0) {
            fprintf(stderr, "vmxr regress --merge: cannot create %s: %s\n", o->out, strerror(errno));
            rc = EXIT_USAGE;
        }
    }
    if (rc < 0) {
        char *tsv = rg_fmt("%s/results.tsv", o->out), *jx = rg_fmt("%s/junit.xml", o->out);
        char *cj = o->cov_json ? rg_strdup(o->cov_json) : rg_fmt("%s/coverage.json", o->out);
        if (o->junit) {
            free(jx);
            jx = rg_strdup(o->junit);
        }
        struct out ot, oj, oc;
        char oerr[64];
        FILE *t = out_open(&ot, tsv, oerr, sizeof oerr) == 0 ? ot.fp : NULL;
        FILE *j = out_open(&oj, jx, oerr, sizeof oerr) == 0 ? oj.fp : NULL;
        FILE *c = out_open(&oc, cj, oerr, sizeof oerr) == 0 ? oc.fp : NULL;
        double secs = 0;
        for (unsigned i = 0; i < mg.nrows; i++) {
            const char *tm = mg.rows[i].junit ? strstr(mg.rows[i].junit, " time=\"") : NULL;
            if (tm)
                secs += strtod(tm + 7, NULL);
            passed += mg.rows[i].pass;
            not_run += mg.rows[i].not_run;
            failed += !mg.rows[i].pass && !mg.rows[i].not_run;
        }
        if (t) {
            fprintf(t, TSV_MAGIC "\n%s shard 1/1 (merged from %d)\n", mg.header, o->nmerge);
            fprintf(t, "# index\tclass\tname\tresult\tcommands\tcycles\ttime\tseed\tstall-seed\tmix\tfile\tsignature\n");
            for (unsigned i = 0; i < mg.nrows; i++)
                fprintf(t, "%s\n", mg.rows[i].line);
        }
        if (j) {
            fprintf(j, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"vmxr-regress\" tests=\"%u\" "
                       "failures=\"%u\" errors=\"0\" skipped=\"%u\" time=\"%.3f\">\n",
                    mg.nrows, failed, not_run, secs);
            for (unsigned i = 0; i < mg.nrows; i++)
                fprintf(j, "  %s\n", mg.rows[i].junit);
            fprintf(j, "</testsuite>\n");
        }
        bool wok = t && j && c && cov_write_json(cov, c);
        /* all three replaced only when all three were written */
        if (!wok) {
            if (t)
                out_abort(&ot);
            if (j)
                out_abort(&oj);
            if (c)
                out_abort(&oc);
        } else {
            wok = out_close(&ot, oerr, sizeof oerr) == 0;
            wok = out_close(&oj, oerr, sizeof oerr) == 0 && wok;
            wok = out_close(&oc, oerr, sizeof oerr) == 0 && wok;
        }
        printf("regress --merge: %d shard director%s, %u of %u tests\n", o->nmerge, o->nmerge == 1 ? "y" : "ies",
               mg.nrows, mg.total);
        if (failed) {
            printf("\n");
            rg_print_row("test", "engine", "commands", "cycles", "result", "time");
            for (unsigned i = 0; i < mg.nrows; i++) {
                if (mg.rows[i].pass || mg.rows[i].not_run)
                    continue;
                char cls[16], name[128], res[16], cmds[24], cyc[24], tm[24], seed[24], stall[24], mix[64], file[1024];
                if (sscanf(mg.rows[i].line, "%*u\t%15[^\t]\t%127[^\t]\t%15[^\t]\t%23[^\t]\t%23[^\t]\t%23[^\t]\t%23[^\t]"
                                            "\t%23[^\t]\t%63[^\t]\t%1023[^\t]",
                           cls, name, res, cmds, cyc, tm, seed, stall, mix, file) != 10)
                    continue;
                char *full = rg_fmt("%s/%s", cls, name), *tms = rg_fmt("%ss", tm);
                rg_print_row(full, rg_cosim_name(), cmds, cyc, res, tms);
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
            char *rdir = rg_fmt("%s/rtl-coverage", o->out);
            char *info = rg_fmt("%s/coverage.info", rdir);
            printf("\n");
            if (rg_mkdir_p(rdir) == 0) {
                bool info_ok = false;
                if (ninfo && rg_on_path("lcov")) {
                    char **argv = rg_calloc(2 * (size_t)ninfo + 5, sizeof *argv);
                    unsigned a = 0;
                    argv[a++] = "lcov";
                    argv[a++] = "-q";
                    for (unsigned i = 0; i < ninfo; i++) {
                        argv[a++] = "-a";
                        argv[a++] = infos[i];
                    }
                    argv[a++] = "-o";
                    argv[a++] = info;
                    char *log = rg_fmt("%s/tools.log", rdir);
                    info_ok = rg_run_tool(argv, log) == 0;
                    if (!info_ok)
                        printf("RTL coverage: lcov -a failed, see %s\n", log);
                    free(log);
                    free(argv);
                } else if (ninfo) {
                    printf("RTL coverage: no lcov (Debian package lcov) to merge the .info files\n");
                }
                rg_rtl_report(rdir, dats, ndat, info_ok);
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
        if (not_run)
            printf("regress: %u passed, %u failed, %u not run (--max-fail)\n", passed, failed + missing, not_run);
        else
            printf("regress: %u passed, %u failed\n", passed, failed + missing);
        rc = failed || missing || not_run ? EXIT_FAILED : wok ? 0 : EXIT_USAGE;
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
