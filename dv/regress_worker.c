/* A worker process of the regression: runs the tests the parent sends and
 * answers with their results (regress_int.h has the messages). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "coverage.h"
#include "gen.h"
#include "regress_int.h"
#include "out.h"
#include "run.h"
#include "vmxr_engine.h"
#include "vmxr_rtl.h"
#include "vmxr_compare.h"

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
            char oerr[64]; /* as before, a file that cannot be kept is no failure */
            (void)out_write(t->path, buf, len, oerr, sizeof oerr);
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
    double t0 = rg_now();
    struct vec_file f;
    static const size_t ERRLEN = 16384;
    char *err = rg_calloc(ERRLEN, 1);
    if (!load_test(w, t, &f, err, ERRLEN)) {
        out->m.status = ST_ERROR;
        out->blob[0] = err;
        out->blob[1] = rg_sig_message(t->random ? "error" : "malformed", err);
        vec_free(&f);
        out->m.secs = rg_now() - t0;
        return;
    }
    struct vec_result *res = rg_calloc(f.nitems, sizeof *res);
    struct run_stats st = { 0 };
    struct run_opts ro = { .stall = true, .stall_seed = t->stall_seed, .max_cycles = rg->o.max_cycles };
    bool diverged = false, ok;
    uint64_t div_cycle = 0;
    if (w->cov_rtl) {
        struct vmxr_engine *e = vmxr_engine_cosim_open_on(w->cov_rtl);
        if (e)
            e->name = rg_cosim_name();
        else
            snprintf(err, ERRLEN, "engine '%s' could not be created", rg_cosim_name());
        ok = e && run_file_engine(&f, e, &ro, res, &st, err, ERRLEN, &diverged, &div_cycle);
        vmxr_engine_close(e);
        if (!ok) {
            /* the report and waveform come from the real cosim engine */
            char *first = rg_strdup(err);
            struct run_stats st2 = { 0 };
            bool ok2 = run_file_opts(&f, rg_cosim_name(), &ro, res, &st2, err, ERRLEN, &diverged, &div_cycle);
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
        ok = run_file_opts(&f, rg_cosim_name(), &ro, res, &st, err, ERRLEN, &diverged, &div_cycle);
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
            out->blob[0] = rg_fmt("%s(%u of %u expectations failed)", buf ? buf : "", st.failed, st.checks);
            unsigned item = f.nitems;
            out->blob[1] = rg_sig_expect(&f, res, &out->m.fail_cmds, &item);
            /* a failed command gets the hints a divergence gets: why (explain
             * of its line) and a waveform around its decision */
            if (item < f.nitems && vec_is_command(f.items[item].kind)) {
                const struct vec_result *fr = &res[item];
                out->m.why_line = f.items[item].line;
                out->m.div_cycle = fr->ndec ? fr->dec_cycle[0] : fr->cycle;
                out->blob[3] = rg_fmt("build/vmxr explain %s --line %u", t->path, f.items[item].line);
            }
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
        out->m.fail_cmds = rg_cmds_before(&f, res, div_cycle);
        out->blob[0] = err;
        /* the report's signature line (vmxr_diverge_text) */
        const char *sl = strstr(err, "\n" VMXR_SIGNATURE_LINE);
        if (sl) {
            sl += 1 + strlen(VMXR_SIGNATURE_LINE);
            out->blob[1] = rg_fmt("%.*s", (int)strcspn(sl, "\n"), sl);
        } else {
            out->blob[1] = rg_sig_message("diverge", err);
        }
        unsigned line = run_oldest_in_flight(&f, res, div_cycle);
        if (line) {
            out->m.why_line = line;
            out->blob[3] = rg_fmt("build/vmxr explain %s --line %u", t->path, line);
        }
    } else {
        out->m.status = ST_ERROR;
        out->m.fail_cmds = st.commands;
        out->blob[0] = err;
        out->blob[1] = rg_sig_message("error", err);
    }
    free(res);
    vec_free(&f);
    out->m.secs = rg_now() - t0;
}

static bool send_res(int fd, struct wres *r)
{
    for (int i = 0; i < NBLOB; i++)
        r->m.blob_len[i] = r->blob[i] ? (uint32_t)strlen(r->blob[i]) : 0;
    bool ok = rg_write_all(fd, &r->m, sizeof r->m);
    for (int i = 0; i < NBLOB && ok; i++)
        ok = rg_write_all(fd, r->blob[i] ? r->blob[i] : "", r->m.blob_len[i]);
    for (int i = 0; i < NBLOB; i++)
        free(r->blob[i]);
    return ok;
}

_Noreturn void rg_worker_main(struct worker_ctx *w)
{
    struct wres r;
    if (w->rg->rtl_cov && !(w->cov_rtl = vmxr_rtl_create())) {
        memset(&r, 0, sizeof r);
        r.m.kind = MSG_BYE;
        r.blob[1] = rg_strdup("cannot create the coverage RTL instance");
        send_res(w->out_fd, &r);
        _exit(3);
    }
    for (;;) {
        struct msg_cmd c;
        if (rg_read_all(w->in_fd, &c, sizeof c) != 1 || c.kind != MSG_RUN || c.pos >= w->rg->nsel)
            break;
        run_one(w, c.pos, &r);
        if (!send_res(w->out_fd, &r))
            _exit(3);
    }
    memset(&r, 0, sizeof r);
    r.m.kind = MSG_BYE;
    if (w->cov_rtl) {
        if (vmxr_rtl_coverage_write(w->cov_rtl, w->dat_path) == 0)
            r.blob[0] = rg_strdup(w->dat_path);
        else
            r.blob[1] = rg_fmt("could not write %s", w->dat_path);
        vmxr_rtl_destroy(w->cov_rtl);
    }
    send_res(w->out_fd, &r);
    _exit(0);
}
