/* The regression's triage (regress_int.h): failure signatures, buckets,
 * and after the run the artifacts of the chosen failures (streams of random
 * tests, waveforms with one shared set of translate filters, explain
 * output of each bucket's smallest reproducer). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "gen.h"
#include "regress_int.h"
#include "out.h"
#include "cli.h"
#include "wave.h"

#define SIG_MAX 160u /* characters of a message signature */

/* ---- signatures ------------------------------------------------------------ */

unsigned rg_cmds_before(const struct vec_file *f, const struct vec_result *res, uint64_t cycle)
{
    unsigned n = 0;
    for (unsigned i = 0; i < f->nitems; i++)
        if (vec_is_command(f->items[i].kind) && (res[i].cycle || res[i].ndec) && res[i].cycle <= cycle)
            n++;
    return n;
}

static const char *outcome_name(unsigned o) { return o < VMXR_OUTCOME_COUNT ? vmxr_outcome_names[o] : "?"; }
static const char *rule_name(unsigned r) { return r < VMXR_RULE_COUNT ? vmxr_rule_names[r] : "?"; }
static const char *errc_name(unsigned e) { return e < VMXR_ERRC_COUNT ? vmxr_errc_names[e] : "?"; }

/* "DELIVER IOR", "ERROR BAD_VM", "LAUNCHED": an outcome without numbers. */
static void outcome_sig(const struct vec_outcome *o, char *buf, size_t n)
{
    if (o->outcome == VMXR_OUTCOME_ERROR)
        snprintf(buf, n, "%s %s", outcome_name(o->outcome), errc_name(o->err));
    else if (o->outcome == VMXR_OUTCOME_DELIVER || o->outcome == VMXR_OUTCOME_LOCAL)
        snprintf(buf, n, "%s %s", outcome_name(o->outcome), rule_name(o->rule));
    else
        snprintf(buf, n, "%s", outcome_name(o->outcome));
}

/* Digits replaced by N, control characters by spaces, at most SIG_MAX. */
static char *normalize(const char *s, size_t len)
{
    char *o = rg_calloc(len + 1, 1);
    size_t k = 0;
    for (size_t i = 0; i < len && k < SIG_MAX; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isdigit(c)) {
            if (!k || o[k - 1] != 'N')
                o[k++] = 'N';
            while (i + 1 < len && isxdigit((unsigned char)s[i + 1]))
                i++;
        } else {
            o[k++] = c < 0x20 || c >= 0x7f ? ' ' : (char)c;
        }
    }
    return o;
}

static char *sig_rdwr(const struct vec_item *it, const struct vec_result *r)
{
    char a[48];
    vec_addr_format(it->addr, a, sizeof a);
    char *reg = normalize(a, strlen(a)), *s;
    if (it->exp_err != r->slverr)
        s = rg_fmt("expect %s %s: slverr %u / %u", vec_kind_name(it->kind), reg, (unsigned)it->exp_err,
                   (unsigned)r->slverr);
    else
        s = rg_fmt("expect %s %s: value", vec_kind_name(it->kind), reg);
    free(reg);
    return s;
}

char *rg_sig_expect(const struct vec_file *f, const struct vec_result *res, unsigned *fail_cmds, unsigned *fail_item)
{
    unsigned cmds = 0;
    for (unsigned i = 0; i < f->nitems; i++) {
        const struct vec_item *it = &f->items[i];
        const struct vec_result *r = &res[i];
        cmds += vec_is_command(it->kind);
        if (!it->has_expect)
            continue;
        if (it->kind == VEC_RD || it->kind == VEC_WR) {
            bool held = it->kind == VEC_WR ? it->exp_err == r->slverr
                                           : (it->exp_err ? r->slverr : !r->slverr && r->value == it->exp_value);
            if (held)
                continue;
            *fail_cmds = cmds;
            *fail_item = i;
            return sig_rdwr(it, r);
        }
        const char *kind = vec_kind_name(it->kind);
        for (unsigned k = 0; k < it->nexp || k < r->ndec; k++) {
            if (k >= it->nexp || k >= r->ndec) {
                *fail_cmds = cmds;
            *fail_item = i;
                return rg_fmt("expect %s: decisions %u / %u", kind, it->nexp, r->ndec);
            }
            struct vec_outcome e = it->exp[k], g = vec_outcome_of(&r->dec[k]);
            if (vec_outcome_equal(&e, &g))
                continue;
            *fail_cmds = cmds;
            *fail_item = i;
            char es[64], gs[64];
            outcome_sig(&e, es, sizeof es);
            outcome_sig(&g, gs, sizeof gs);
            if (e.outcome != g.outcome)
                return rg_fmt("expect %s: outcome %s / %s", kind, es, gs);
            if (e.outcome == VMXR_OUTCOME_ERROR)
                return rg_fmt("expect %s: error %s / %s", kind, errc_name(e.err), errc_name(g.err));
            /* as a divergence's signature: the routing step where expected
             * and got part ways, the first rule in priority order */
            unsigned at = e.rule == VMXR_RULE_NONE   ? g.rule
                          : g.rule == VMXR_RULE_NONE ? e.rule
                          : e.rule < g.rule          ? e.rule
                                                     : g.rule;
            if (at != VMXR_RULE_NONE)
                return rg_fmt("expect %s: at rule %s", kind, rule_name(at));
            if (e.idx != g.idx)
                return rg_fmt("expect %s: %s index", kind, es);
            return rg_fmt("expect %s: %s target", kind, es);
        }
    }
    *fail_cmds = cmds;
    return rg_strdup("expect: ?");
}

/* The message of "FILE:LINE: MSG" or "FILE: MSG" (first line). */
char *rg_sig_message(const char *kind, const char *text)
{
    const char *s = text ? text : "";
    size_t len = strcspn(s, "\n");
    /* skip a leading "PATH:", "PATH:LINE:" or "PATH:LINE:COL:" (a path has
     * no spaces) */
    const char *colon = memchr(s, ':', len);
    if (colon && !memchr(s, ' ', (size_t)(colon - s)) && colon[1] == ' ') {
        len -= (size_t)(colon + 2 - s);
        s = colon + 2;
    } else if (colon && !memchr(s, ' ', (size_t)(colon - s)) && isdigit((unsigned char)colon[1])) {
        /* PATH:LINE: or PATH:LINE:COL: */
        const char *c2 = colon;
        for (int field = 0; field < 2 && c2[0] == ':' && isdigit((unsigned char)c2[1]); field++) {
            c2++;
            while (isdigit((unsigned char)*c2))
                c2++;
        }
        if (c2[0] == ':' && c2[1] == ' ') {
            len -= (size_t)(c2 + 2 - s);
            s = c2 + 2;
        }
    }
    char *n = normalize(s, len), *out = rg_fmt("%s: %s", kind, n);
    free(n);
    return out;
}

/* ---- buckets -------------------------------------------------------------- */

bool rg_bucket_add(struct regress *rg, unsigned p)
{
    struct result *r = &rg->res[p];
    if (!r->sig)
        r->sig = rg_strdup(rg_status_name[r->st]);
    for (unsigned b = 0; b < rg->nbk; b++) {
        struct bucket *k = &rg->bk[b];
        if (strcmp(k->sig, r->sig))
            continue;
        r->bucket = (int)b;
        k->count++;
        const struct result *best = &rg->res[k->repro];
        if (r->fail_cmds < best->fail_cmds || (r->fail_cmds == best->fail_cmds && p < k->repro))
            k->repro = p;
        if (p < k->first)
            k->first = p;
        return false;
    }
    struct bucket *t = realloc(rg->bk, (rg->nbk + 1) * sizeof *t);
    if (!t)
        rg_oom();
    rg->bk = t;
    rg->bk[rg->nbk] = (struct bucket){ .sig = rg_strdup(r->sig), .count = 1, .first = p, .repro = p };
    r->bucket = (int)rg->nbk++;
    return true;
}

/* ---- artifacts ---------------------------------------------------------------- */

static void notef(struct regress *rg, const char *what, const char *path, const char *why)
{
    char *n = rg_fmt("%s %s: %s", what, path, why);
    rg_note(rg, n);
    free(n);
}

/* The random test's stream in its file (the rerun command names it). */
static bool write_gen(struct regress *rg, const struct test *t)
{
    struct out ob;
    char err[4096 + 256] = "";
    bool ok = out_open(&ob, t->path, err, sizeof err) == 0;
    if (ok && gen_stream(ob.fp, t->seed, (unsigned)rg->o.count, GEN_NCPU, t->mix, err, sizeof err) != 0) {
        out_abort(&ob);
        ok = false;
    }
    ok = ok && out_close(&ob, err, sizeof err) == 0;
    if (!ok)
        notef(rg, "could not write", t->path, err[0] ? err : strerror(errno));
    return ok;
}

static void write_wave(struct regress *rg, const struct test *t, struct result *r, struct vec_reader *f,
                       const char *filt_base)
{
    /* a divergence: around its cycle; a failed expectation: around the
     * failing command's decision (div_cycle holds it) */
    char *fst = r->st == ST_DIVERGE ? rg_fmt("%s/%s-diverge-C%" PRIu64 ".fst", rg->wave_dir, t->stem, r->div_cycle)
                                    : rg_fmt("%s/%s-L%u.fst", rg->wave_dir, t->stem, r->why_line);
    char gtkw[4096], werr[1024];
    struct run_opts ro = { .stall = true, .stall_seed = t->stall_seed };
    int rc;
    if (r->st == ST_DIVERGE) {
        rc = wave_write_divergence(f, rg_cosim_name(), &ro, r->div_cycle, 40, RUN_PAST_DIVERGENCE, filt_base, fst, gtkw,
                                   sizeof gtkw, NULL, werr, sizeof werr);
    } else {
        rc = !r->why_line ? cli_fail(werr, sizeof werr, "no command at line %u", r->why_line)
                          : wave_write_command(f, rg_cosim_name(), &ro, r->why_line, 40, filt_base, fst, gtkw,
                                               sizeof gtkw, werr, sizeof werr);
    }
    if (rc == 0) {
        r->wave = fst;
        r->gtkw = rg_strdup(gtkw);
    } else {
        r->wave = rg_fmt("(no waveform: %s)", werr);
        free(fst);
    }
}

static void write_explain(struct regress *rg, const struct test *t, struct result *r, struct vec_reader *f)
{
    char *dir = rg_fmt("%s/explain", rg->o.out);
    char *path = rg_fmt("%s/%s-line%u.txt", dir, t->stem, r->why_line);
    struct out ob;
    char oerr[64];
    FILE *fp = rg_mkdir_p(dir) == 0 && out_open(&ob, path, oerr, sizeof oerr) == 0 ? ob.fp : NULL;
    char why[512] = "";
    unsigned nbad = 0;
    bool ok = false;
    if (fp) {
        fprintf(fp, "vmxr explain %s --line %u\n\n", t->path, r->why_line);
        enum explain_status es = explain_command(f, r->why_line, fp, why, sizeof why, &nbad);
        if (es == EXPLAIN_DISAGREES)
            fprintf(fp, "\nthe account disagrees with the model (%u claim%s): %s\n", nbad, nbad == 1 ? "" : "s", why);
        else if (es == EXPLAIN_FAILED)
            fprintf(fp, "no account: %s\n", why);
        ok = out_close(&ob, oerr, sizeof oerr) == 0;
    }
    if (ok)
        r->explain = path;
    else {
        notef(rg, "could not write", path, strerror(errno));
        free(path);
    }
    free(dir);
}

void rg_triage(struct regress *rg)
{
    unsigned K = rg->o.waves_per_bucket, nart = 0;
    unsigned *taken = rg_calloc(rg->nbk ? rg->nbk : 1, sizeof *taken);
    /* the reproducers first (one per bucket), then the first K of each */
    for (unsigned b = 0; b < rg->nbk && nart < ARTIFACT_MAX; b++) {
        rg->res[rg->bk[b].repro].art = true;
        nart++;
    }
    for (unsigned p = 0; p < rg->nsel && nart < ARTIFACT_MAX; p++) {
        struct result *r = &rg->res[p];
        if (r->bucket < 0 || r->art || taken[r->bucket] >= K)
            continue;
        taken[r->bucket]++;
        r->art = true;
        nart++;
    }
    free(taken);
    if (nart == ARTIFACT_MAX) {
        char *n = rg_fmt("artifacts written for %u failures only (ARTIFACT_MAX)", ARTIFACT_MAX);
        rg_note(rg, n);
        free(n);
    }

    char *filt_base = rg_fmt("%s/names", rg->wave_dir);
    bool filters = false;
    for (unsigned p = 0; p < rg->nsel; p++) {
        struct result *r = &rg->res[p];
        const struct test *t = &rg->tests[rg->sel[p]];
        if (!r->art)
            continue;
        if (t->random && !write_gen(rg, t))
            continue;
        bool repro = r->bucket >= 0 && rg->bk[r->bucket].repro == p;
        if (r->st != ST_DIVERGE && !(r->st == ST_FAIL && r->why_line))
            continue;
        char err[512];
        struct vec_reader *f = vec_open(t->path, err, sizeof err);
        if (!f) {
            notef(rg, "no waveform or explanation for", t->name, err);
            continue;
        }
        if (r->st == ST_DIVERGE || r->st == ST_FAIL) {
            if (!filters) {
                char werr[512];
                if (wave_write_filters(filt_base, werr, sizeof werr) != 0)
                    notef(rg, "translate filters", filt_base, werr);
                filters = true;
            }
            write_wave(rg, t, r, f, filt_base);
        }
        if (repro && r->why_line)
            write_explain(rg, t, r, f);
        vec_close(f);
    }
    free(filt_base);
}
