/* The regression's provenance (git, build parameters, tool versions, the
 * command line) and the reports that carry it for CI and people:
 * results.json and a static index.html (no server, no external assets). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "regress_int.h"
#include "out.h"

#if defined(__clang__)
#define CC_VERSION "clang " __clang_version__
#elif defined(__GNUC__)
#define CC_VERSION "gcc " __VERSION__
#else
#define CC_VERSION "unknown C compiler"
#endif

/* The first line of a shell command's output, or NULL. */
static char *first_line(const char *cmd)
{
    fflush(stdout);
    fflush(stderr);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    char buf[512];
    char *s = fgets(buf, sizeof buf, p) ? rg_fmt("%.*s", (int)strcspn(buf, "\r\n"), buf) : NULL;
    while (fgets(buf, sizeof buf, p))
        ;
    int st = pclose(p);
    if (st != 0 || (s && !s[0])) {
        free(s);
        return NULL;
    }
    return s;
}

void rg_prov_collect(struct regress *rg)
{
    struct prov *p = rg_calloc(1, sizeof *p);
    p->git_commit = first_line("git rev-parse HEAD 2>/dev/null");
    p->git_dirty = -1;
    if (p->git_commit) {
        char *d = first_line("if s=$(git status --porcelain --untracked-files=no 2>/dev/null); then "
                             "if [ -n \"$s\" ]; then echo dirty; else echo clean; fi; fi");
        if (d)
            p->git_dirty = !strcmp(d, "dirty");
        free(d);
    }
    p->params = rg_fmt("NCPU=%d NVMM=%d NVM=%d NPROF=%d NIOR=%d NGRP=%d DEPTH=%d", VMXR_NCPU, VMXR_NVMM, VMXR_NVM,
                       VMXR_NPROF, VMXR_NIOR, VMXR_NGRP, VMXR_DEPTH);
    char *v = first_line("verilator --version 2>/dev/null");
    p->verilator = v ? rg_fmt("%s (on PATH at run time)", v) : rg_strdup("unknown (no verilator on PATH)");
    free(v);
    p->compiler = rg_strdup(CC_VERSION " (built with)");
    char *cl = rg_strdup("vmxr regress");
    for (int i = 0; i < rg->o.argc; i++) {
        const char *a = rg->o.argv[i];
        char *n = strpbrk(a, " \t'\"") || !*a ? rg_fmt("%s '%s'", cl, a) : rg_fmt("%s %s", cl, a);
        free(cl);
        cl = n;
    }
    p->cmdline = cl;
    rg->prov = p;
}

void rg_prov_free(struct prov *p)
{
    if (!p)
        return;
    free(p->git_commit);
    free(p->params);
    free(p->verilator);
    free(p->compiler);
    free(p->cmdline);
    free(p);
}

const char *rg_rel(const struct regress *rg, const char *path)
{
    size_t n = strlen(rg->o.out);
    if (!path || strncmp(path, rg->o.out, n) || path[n] != '/')
        return NULL;
    return path + n + 1;
}

/* ---- results.json ---------------------------------------------------------- */

static void js(FILE *fp, const char *s)
{
    if (!s) {
        fputs("null", fp);
        return;
    }
    fputc('"', fp);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(fp, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(fp, "\\u%04x", *c);
        else
            fputc(*c, fp);
    }
    fputc('"', fp);
}

static char *rerun_text(const struct regress *rg, const struct test *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        rg_oom();
    rg_rerun_lines(m, rg, t, "");
    fclose(m);
    return buf;
}

bool rg_write_json(const struct regress *rg, const char *path, double wall)
{
    struct out ob; /* replaced atomically (runner/out.h) */
    char oerr[64];
    if (out_open(&ob, path, oerr, sizeof oerr) != 0)
        return false;
    FILE *fp = ob.fp;
    const struct prov *pv = rg->prov;
    const struct regress_opts *o = &rg->o;
    fprintf(fp, "{\n  \"format\": \"vmxr-regress-results 1\",\n  \"git\": {\"commit\": ");
    js(fp, pv->git_commit);
    fprintf(fp, ", \"dirty\": %s, \"note\": ", pv->git_dirty < 0 ? "null" : pv->git_dirty ? "true" : "false");
    js(fp, pv->git_commit ? "git rev-parse HEAD, git status in the working directory at run time"
                          : "not a git checkout (or no git): commit unknown");
    fprintf(fp, "},\n  \"params\": ");
    js(fp, pv->params);
    fprintf(fp, ",\n  \"verilator\": ");
    js(fp, pv->verilator);
    fprintf(fp, ",\n  \"compiler\": ");
    js(fp, pv->compiler);
    fprintf(fp, ",\n  \"command\": ");
    js(fp, pv->cmdline);
    fprintf(fp, ",\n  \"options\": {\"seeds\": %" PRIu64 ", \"seed_base\": %" PRIu64 ", \"count\": %" PRIu64
                ", \"mix\": ",
            o->seeds, o->seed_base, o->count);
    js(fp, o->mix);
    fprintf(fp, ", \"shard\": \"%u/%u\", \"jobs\": %u, \"max_fail\": %u, \"waves_per_bucket\": %u},\n", o->shard_i,
            o->shard_n, o->jobs, o->max_fail, o->waves_per_bucket);
    fprintf(fp, "  \"totals\": {\"tests\": %u, \"selected\": %u, \"passed\": %u, \"failed\": %u, \"not_run\": %u, "
                "\"stopped_by_max_fail\": %s, \"wall_s\": %.3f},\n",
            rg->ntests, rg->nsel, rg->nsel - rg->failed - rg->notrun, rg->failed, rg->notrun,
            rg->stopped ? "true" : "false", wall);
    fprintf(fp, "  \"buckets\": [");
    for (unsigned b = 0; b < rg->nbk; b++) {
        const struct bucket *k = &rg->bk[b];
        const struct result *r = &rg->res[k->repro];
        const struct test *rep = &rg->tests[rg->sel[k->repro]];
        fprintf(fp, "%s\n    {\"signature\": ", b ? "," : "");
        js(fp, k->sig);
        fprintf(fp, ", \"count\": %u, \"first\": ", k->count);
        js(fp, rg->tests[rg->sel[k->first]].name);
        fprintf(fp, ", \"reproducer\": ");
        js(fp, rep->name);
        fprintf(fp, ", \"reproducer_commands\": %u, \"rerun\": ", r->fail_cmds);
        char *rr = rerun_text(rg, rep);
        js(fp, rr);
        free(rr);
        fprintf(fp, ", \"explain\": ");
        js(fp, r->explain);
        fprintf(fp, ", \"waves\": [");
        bool any = false;
        for (unsigned p = 0; p < rg->nsel; p++)
            if (rg->res[p].bucket == (int)b && rg->res[p].gtkw) {
                fprintf(fp, "%s", any ? ", " : "");
                js(fp, rg->res[p].wave);
                any = true;
            }
        fprintf(fp, "]}");
    }
    fprintf(fp, "%s],\n  \"failures\": [", rg->nbk ? "\n  " : "");
    bool any = false;
    for (unsigned p = 0; p < rg->nsel; p++) {
        const struct result *r = &rg->res[p];
        if (r->bucket < 0)
            continue;
        fprintf(fp, "%s\n    {\"test\": ", any ? "," : "");
        js(fp, rg->tests[rg->sel[p]].name);
        fprintf(fp, ", \"result\": \"%s\", \"bucket\": %d}", rg_status_name[r->st], r->bucket + 1);
        any = true;
    }
    fprintf(fp, "%s]\n}\n", any ? "\n  " : "");
    return out_close(&ob, oerr, sizeof oerr) == 0;
}

/* ---- index.html ------------------------------------------------------------ */

static void he(FILE *fp, const char *s)
{
    for (const char *c = s ? s : ""; *c; c++) {
        switch (*c) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default: fputc(*c, fp);
        }
    }
}

/* A link to path if it lies in the output directory (relative), else its
 * name as text. */
static void link(FILE *fp, const struct regress *rg, const char *path, const char *label)
{
    const char *rel = rg_rel(rg, path);
    if (rel) {
        fputs("<a href=\"", fp);
        he(fp, rel);
        fputs("\">", fp);
        he(fp, label ? label : rel);
        fputs("</a>", fp);
    } else {
        he(fp, path);
    }
}

static const char CSS[] = "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
                          "td,th{border:1px solid #bbb;padding:3px 8px;text-align:left;vertical-align:top}"
                          "th{background:#eee}code,pre{font-size:90%}.bad{color:#b00}.ok{color:#070}";

bool rg_write_index(const struct regress *rg, const char *path, double wall)
{
    struct out ob; /* replaced atomically (runner/out.h) */
    char oerr[64];
    if (out_open(&ob, path, oerr, sizeof oerr) != 0)
        return false;
    FILE *fp = ob.fp;
    const struct prov *pv = rg->prov;
    unsigned passed = rg->nsel - rg->failed - rg->notrun;
    fprintf(fp, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>vmxr regress</title>"
                "<style>%s</style></head><body>\n<h1>vmxr regress</h1>\n",
            CSS);
    fprintf(fp, "<p class=\"%s\"><b>%u passed, %u failed, %u not run</b> of %u tests in %.1f s%s</p>\n",
            rg->failed ? "bad" : "ok", passed, rg->failed, rg->notrun, rg->nsel, wall,
            rg->stopped ? " (stopped by --max-fail)" : "");
    fprintf(fp, "<p>git ");
    he(fp, pv->git_commit ? pv->git_commit : "none (not a git checkout)");
    fprintf(fp, "%s; ", pv->git_dirty > 0 ? " (dirty)" : "");
    he(fp, pv->params);
    fprintf(fp, "; ");
    he(fp, pv->verilator);
    fprintf(fp, "; ");
    he(fp, pv->compiler);
    fprintf(fp, "<br><code>");
    he(fp, pv->cmdline);
    fprintf(fp, "</code></p>\n");

    fprintf(fp, "<h2>Failure buckets (%u)</h2>\n", rg->nbk);
    if (rg->nbk) {
        fprintf(fp, "<table><tr><th>#</th><th>signature</th><th>count</th><th>first test</th>"
                    "<th>smallest reproducer</th><th>explain</th><th>waves</th></tr>\n");
        for (unsigned b = 0; b < rg->nbk; b++) {
            const struct bucket *k = &rg->bk[b];
            const struct result *r = &rg->res[k->repro];
            const struct test *rep = &rg->tests[rg->sel[k->repro]];
            fprintf(fp, "<tr><td>%u</td><td><code>", b + 1);
            he(fp, k->sig);
            fprintf(fp, "</code></td><td>%u</td><td>", k->count);
            he(fp, rg->tests[rg->sel[k->first]].name);
            fprintf(fp, "</td><td>");
            he(fp, rep->name);
            fprintf(fp, " (%u commands)<pre>", r->fail_cmds);
            char *rr = rerun_text(rg, rep);
            he(fp, rr);
            free(rr);
            fprintf(fp, "</pre></td><td>");
            if (r->explain)
                link(fp, rg, r->explain, "explain");
            fprintf(fp, "</td><td>");
            for (unsigned p = 0; p < rg->nsel; p++) {
                const struct result *w = &rg->res[p];
                if (w->bucket != (int)b || !w->gtkw)
                    continue;
                he(fp, rg->tests[rg->sel[p]].stem);
                fputs(": ", fp);
                link(fp, rg, w->wave, "fst");
                fputs(" ", fp);
                link(fp, rg, w->gtkw, "gtkw");
                fputs("<br>", fp);
            }
            fprintf(fp, "</td></tr>\n");
        }
        fprintf(fp, "</table>\n");
    }

    uint64_t cycles = 0, commands = 0;
    double cpu = 0;
    for (unsigned p = 0; p < rg->nsel; p++) {
        cycles += rg->res[p].cycles;
        commands += rg->res[p].commands;
        cpu += rg->res[p].secs;
    }
    fprintf(fp, "<h2>Per engine</h2>\n<table><tr><th>engine</th><th>tests</th><th>passed</th><th>failed</th>"
                "<th>not run</th><th>commands</th><th>cycles</th><th>test time</th></tr>\n");
    fprintf(fp, "<tr><td>");
    he(fp, rg_cosim_name());
    fprintf(fp, "%s</td><td>%u</td><td>%u</td><td>%u</td><td>%u</td><td>%" PRIu64 "</td><td>%" PRIu64
                "</td><td>%.1f s</td></tr>\n</table>\n",
            rg->rtl_cov ? " (RTL coverage)" : "", rg->nsel, passed, rg->failed, rg->notrun, commands, cycles, cpu);

    unsigned holes = cov_holes(rg->cov), bins = cov_bins(rg->cov);
    fprintf(fp, "<h2>Functional coverage (passing tests): %u of %u bins</h2>\n", bins - holes, bins);
    if (holes) {
        fprintf(fp, "<p>holes:</p><ul>\n");
        for (unsigned b = 0; b < bins; b++)
            if (!cov_count(rg->cov, b)) {
                fprintf(fp, "<li><code>");
                he(fp, cov_bin_name(rg->cov, b));
                fprintf(fp, "</code></li>\n");
            }
        fprintf(fp, "</ul>\n");
    }
    fprintf(fp, "<h2>Files</h2>\n<ul>\n<li><a href=\"results.tsv\">results.tsv</a></li>\n"
                "<li><a href=\"results.json\">results.json</a></li>\n");
    if (!rg->o.junit)
        fprintf(fp, "<li><a href=\"junit.xml\">junit.xml</a></li>\n");
    if (!rg->o.cov_json)
        fprintf(fp, "<li><a href=\"coverage.json\">coverage.json</a></li>\n");
    if (rg->rtl_cov) {
        char *lc = rg_fmt("%s/index.html", rg->rtl_dir);
        if (rg_is_file(lc)) {
            fprintf(fp, "<li>RTL coverage (lcov): ");
            link(fp, rg, lc, "rtl-coverage/index.html");
            fprintf(fp, "</li>\n");
        } else {
            fprintf(fp, "<li>RTL coverage: no lcov report (genhtml missing?)</li>\n");
        }
        free(lc);
    }
    fprintf(fp, "</ul>\n</body></html>\n");
    return out_close(&ob, oerr, sizeof oerr) == 0;
}
