/* The regression's reports: the table, the failures with their rerun
 * commands, JUnit XML and results.tsv. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regress_int.h"
#include "out.h"

const char *const rg_status_name[] = { "PASS", "FAIL", "DIVERGE", "ERROR", "CRASH", "TIMEOUT", "NOT_RUN" };

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

void rg_rerun_lines(FILE *fp, const struct regress *rg, const struct test *t, const char *indent)
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
    rg_rerun_lines(m, rg, t, ind);
    if (r->why)
        fprintf(m, "%swhy:    %s\n", ind, r->why);
    if (r->explain)
        fprintf(m, "%sexplained: %s\n", ind, r->explain);
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

static void prop(FILE *fp, const char *name, const char *value)
{
    fprintf(fp, "    <property name=\"%s\" value=\"", name);
    xml_escape(fp, value);
    fprintf(fp, "\"/>\n");
}

/* JUnit: a failure's message is its bucket's signature (CI groups by it),
 * its report and rerun lines are the testcase's system-out; a test not run
 * because of --max-fail is <skipped/>. */
bool rg_write_junit(const struct regress *rg, const char *path)
{
    struct out ob; /* replaced atomically (runner/out.h) */
    char oerr[64];
    if (out_open(&ob, path, oerr, sizeof oerr) != 0)
        return false;
    FILE *fp = ob.fp;
    double total = 0;
    for (unsigned p = 0; p < rg->nsel; p++)
        total += rg->res[p].secs;
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(fp, "<testsuite name=\"vmxr-regress\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"%u\" "
                "time=\"%.3f\">\n",
            rg->nsel, rg->failed, rg->notrun, total);
    fprintf(fp, "  <properties>\n"
                "    <property name=\"shard\" value=\"%u/%u\"/>\n"
                "    <property name=\"seed-base\" value=\"%" PRIu64 "\"/>\n"
                "    <property name=\"seeds\" value=\"%" PRIu64 "\"/>\n"
                "    <property name=\"count\" value=\"%" PRIu64 "\"/>\n"
                "    <property name=\"max-fail\" value=\"%u\"/>\n",
            rg->o.shard_i, rg->o.shard_n, rg->o.seed_base, rg->o.seeds, rg->o.count, rg->o.max_fail);
    prop(fp, "mix", rg->o.mix);
    const struct prov *pv = rg->prov;
    if (pv) {
        prop(fp, "git-commit", pv->git_commit ? pv->git_commit : "none (not a git checkout)");
        prop(fp, "git-dirty", pv->git_dirty < 0 ? "unknown" : pv->git_dirty ? "yes" : "no");
        prop(fp, "params", pv->params);
        prop(fp, "verilator", pv->verilator);
        prop(fp, "compiler", pv->compiler);
        prop(fp, "command", pv->cmdline);
    }
    fprintf(fp, "  </properties>\n");
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
        if (r->st == ST_NOTRUN) {
            fprintf(fp, ">\n    <skipped message=\"");
            xml_escape(fp, r->text ? r->text : "not run");
            fprintf(fp, "\"/>\n  </testcase>\n");
            continue;
        }
        fprintf(fp, ">\n    <failure type=\"%s\" message=\"", rg_status_name[r->st]);
        xml_escape(fp, r->sig ? r->sig : rg_status_name[r->st]);
        fprintf(fp, "\">");
        if (r->bucket >= 0)
            fprintf(fp, "bucket %d of %u: %u failure%s with this signature", r->bucket + 1, rg->nbk,
                    rg->bk[r->bucket].count, rg->bk[r->bucket].count == 1 ? "" : "s");
        fprintf(fp, "</failure>\n    <system-out>");
        failure_text(fp, rg, t, r, true);
        fprintf(fp, "</system-out>\n  </testcase>\n");
    }
    fprintf(fp, "</testsuite>\n");
    return out_close(&ob, oerr, sizeof oerr) == 0;
}

bool rg_write_results(const struct regress *rg, const char *path)
{
    struct out ob; /* replaced atomically (runner/out.h) */
    char oerr[64];
    if (out_open(&ob, path, oerr, sizeof oerr) != 0)
        return false;
    FILE *fp = ob.fp;
    fprintf(fp,
            TSV_MAGIC "\n# total %u directed %u seeds %" PRIu64 " seed-base %" PRIu64 " count %" PRIu64
                      " mix %s shard %u/%u\n",
            rg->ntests, rg->ndirected, rg->o.seeds, rg->o.seed_base, rg->o.count, rg->o.mix, rg->o.shard_i,
            rg->o.shard_n);
    const struct prov *pv = rg->prov;
    if (pv)
        fprintf(fp, "# git %s dirty %s | params %s | verilator %s | compiler %s | command %s\n",
                pv->git_commit ? pv->git_commit : "none (not a git checkout)",
                pv->git_dirty < 0 ? "unknown" : pv->git_dirty ? "yes" : "no", pv->params, pv->verilator,
                pv->compiler, pv->cmdline);
    fprintf(fp, "# index\tclass\tname\tresult\tcommands\tcycles\ttime\tseed\tstall-seed\tmix\tfile\tsignature\n");
    for (unsigned p = 0; p < rg->nsel; p++) {
        const struct test *t = &rg->tests[rg->sel[p]];
        const struct result *r = &rg->res[p];
        fprintf(fp, "%u\t%s\t%s\t%s\t%u\t%" PRIu64 "\t%.3f\t%" PRIu64 "\t%" PRIu64 "\t%s\t%s\t%s\n", t->index,
                t->random ? "random" : "directed", t->stem, rg_status_name[r->st], r->commands, r->cycles, r->secs,
                t->seed, t->stall_seed, t->random ? t->mix : "-", t->path, r->sig ? r->sig : "-");
    }
    return out_close(&ob, oerr, sizeof oerr) == 0;
}

void rg_print_row(const char *name, const char *engine, const char *cmds, const char *cycles, const char *result,
                  const char *time)
{
    printf("%-44s %-6s %9s %10s %-8s %8s\n", name, engine, cmds, cycles, result, time);
}

void rg_print_result_row(const struct test *t, const struct result *r)
{
    char c[24], y[24], s[24];
    snprintf(c, sizeof c, "%u", r->commands);
    snprintf(y, sizeof y, "%" PRIu64, r->cycles);
    snprintf(s, sizeof s, "%.3fs", r->secs);
    rg_print_row(t->name, rg_cosim_name(), c, y, rg_status_name[r->st], s);
}

/* The buckets, then the full report of each failure chosen for artifacts
 * (the first of each bucket and its smallest reproducer at least). */
void rg_print_failures(const struct regress *rg)
{
    if (!rg->failed)
        return;
    printf("\nfailure buckets (%u; %u failure%s):\n", rg->nbk, rg->failed, rg->failed == 1 ? "" : "s");
    for (unsigned b = 0; b < rg->nbk; b++) {
        const struct bucket *k = &rg->bk[b];
        const struct test *first = &rg->tests[rg->sel[k->first]], *rep = &rg->tests[rg->sel[k->repro]];
        printf("  %u. %u x  %s\n", b + 1, k->count, k->sig);
        printf("     first: %s   smallest reproducer: %s (%u command%s to the failure)\n", first->name, rep->name,
               rg->res[k->repro].fail_cmds, rg->res[k->repro].fail_cmds == 1 ? "" : "s");
        rg_rerun_lines(stdout, rg, rep, "     ");
    }
    unsigned shown = 0;
    for (unsigned p = 0; p < rg->nsel; p++)
        shown += rg->res[p].art;
    printf("\nfailures (%u; the %u with waveforms and streams in full):\n", rg->failed, shown);
    for (unsigned p = 0; p < rg->nsel; p++) {
        const struct result *r = &rg->res[p];
        if (r->st == ST_PASS || r->st == ST_NOTRUN || !r->art)
            continue;
        const struct test *t = &rg->tests[rg->sel[p]];
        printf("\n%s %s", rg_status_name[r->st], t->name);
        if (t->random)
            printf(" (seed %" PRIu64 ", stall seed %" PRIu64 ", %" PRIu64 " items, mix %s)\n", t->seed,
                   t->stall_seed, rg->o.count, t->mix);
        else
            printf(" (stall seed %" PRIu64 ")\n", t->stall_seed);
        printf("  signature: %s (bucket %d)\n", r->sig ? r->sig : "-", r->bucket + 1);
        failure_text(stdout, rg, t, r, false);
    }
    if (shown < rg->failed)
        printf("\n(%u more failures: results.tsv and junit.xml list each with its signature; a random test's\n"
               " regen: line writes its stream)\n",
               rg->failed - shown);
    printf("\n");
}
