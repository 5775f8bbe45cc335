/* FST waveforms of the RTL with GTKWave save files (contracts in wave.h):
 * the traced runs, the views of a command and of a divergence, and where
 * the files go. The filters and save files themselves: wave_gtkw.c. */
#include "wave.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "out.h"
#include "vmxr_engine.h"
#include "vmxr_registry.h"
#include "wave_int.h"

/* ---- small helpers ------------------------------------------------------- */

/* Copies s into buf; false if it does not fit. */
static bool copy(char *buf, size_t n, const char *s)
{
    size_t len = strlen(s);
    if (len >= n)
        return false;
    memcpy(buf, s, len + 1);
    return true;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* A path that fits on one save-file line, quoted or not. */
static bool path_ok(const char *p)
{
    if (!p[0])
        return false;
    for (const char *c = p; *c; c++)
        if (*c == '\n' || *c == '\r' || *c == '"')
            return false;
    return true;
}

/* mkdir -p of the directory part of path. */
static int make_parent(const char *path, char *err, size_t errlen)
{
    char dir[4096];
    if (!copy(dir, sizeof dir, path))
        return cli_fail(err, errlen, "%s: path too long", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            return cli_fail(err, errlen, "cannot create directory %s: %s", dir, strerror(errno));
        *p = '/';
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return cli_fail(err, errlen, "cannot create directory %s: %s", dir, strerror(errno));
    return 0;
}

/* log2 without libm: integer part by halving, fraction bit by bit. */

uint64_t wave_edge_time(uint64_t cycle) { return cycle * WAVE_TIME_PER_CYCLE; }

uint64_t wave_marker_time(uint64_t cycle) { return cycle * WAVE_TIME_PER_CYCLE; }

/* ---- the core ------------------------------------------------------------- */

bool wave_engine(const char *name)
{
    const struct vmxr_engine_info *e = vmxr_engine_find(name);
    return e && (e->caps & (VMXR_ENG_RTL | VMXR_ENG_PORT)) == (VMXR_ENG_RTL | VMXR_ENG_PORT);
}

/* The absolute form of path (the working directory prepended to a relative
 * one, leading "./" dropped); false if it does not fit. */
static bool abs_path(const char *path, char *buf, size_t n)
{
    if (path[0] == '/')
        return copy(buf, n, path);
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return false;
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (path[0] == '/')
            path++;
    }
    int w = snprintf(buf, n, "%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "", path);
    return w > 0 && (size_t)w < n;
}

/* The translate filters (BASE.<kind>.txt) and the save file gtkw for the
 * FST at fst_path, whose RTL sits under root ("vmxr." for the Verilated
 * shim, "top.rtl." for the SystemC platform). */
static int save_file(const char *fst_path, const char *base, const char *gtkw, const char *root, uint64_t from,
                     uint64_t to, uint64_t marker, const struct wave_view *v, char *err, size_t errlen)
{
    char abs_fst[4096], abs_gtkw[4096], abs_base[4096], filt[NFILT][4096];
    const char *fbase = v && v->filters ? v->filters : base; /* shared, or next to the FST */
    bool fits = abs_path(fst_path, abs_fst, sizeof abs_fst) && abs_path(gtkw, abs_gtkw, sizeof abs_gtkw) &&
                abs_path(fbase, abs_base, sizeof abs_base);
    for (int i = 0; i < NFILT && fits; i++)
        fits = (size_t)snprintf(filt[i], sizeof filt[i], "%s.%s.txt", abs_base, wave_filt_suffix[i]) < sizeof filt[i];
    if (!fits || !path_ok(abs_fst))
        return cli_fail(err, errlen, "%s: path too long or unusable", fst_path);
    char fpath[4096];
    for (int i = 0; i < NFILT && !(v && v->filters); i++) {
        /* the filter written relative to fst_path, referenced absolute */
        if ((size_t)snprintf(fpath, sizeof fpath, "%s.%s.txt", base, wave_filt_suffix[i]) >= sizeof fpath)
            return cli_fail(err, errlen, "%s: path too long", fst_path);
        int w = wave_filter_write((enum filt)i, fpath, err, errlen);
        if (w != 0)
            return w;
    }
    return wave_gtkw_write(gtkw, abs_fst, abs_gtkw, (const char(*)[4096])filt, root, from, to, marker, v, err, errlen);
}

/* True if path names a device, FIFO or socket (written through, see
 * runner/out.h): no save file or filters are written next to it. */
static bool special_file(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode);
}

/* What a traced run keeps: the item on line want (0: the oldest command in
 * flight at the run's divergence, run_stats.oldest_line). */
struct keep {
    const struct run_stats *st;
    unsigned want;
    bool found;
    struct vec_item it;
    struct vec_result r;
    char text[512];
};

static void keep_item(void *ctx, unsigned n, const struct vec_item *it, const char *text, const struct vec_result *r)
{
    (void)n;
    struct keep *k = ctx;
    unsigned want = k->want ? k->want : k->st->oldest_line;
    if (k->found || !want || it->line != want)
        return;
    k->found = true;
    k->it = *it;
    k->r = *r;
    snprintf(k->text, sizeof k->text, "%s", text);
}

/* Runs src from its start on engine, giving the results to sink (NULL:
 * none). False with the message in err (src unreadable, or the run's own
 * failure). */
static bool rerun(struct vec_reader *src, const char *engine, const struct run_opts *o, const struct run_sink *sink,
                  struct run_stats *st, char *err, size_t errlen, bool *diverged, uint64_t *div_cycle)
{
    if (!vec_rewind(src, err, errlen))
        return false;
    return run_stream(src, engine, o, sink, st, err, errlen, diverged, div_cycle);
}

/* Runs src on engine with the trace of cycles [from, to] into fst_path;
 * *base and gtkw get the save file's stem and path. On success 0, the
 * results given to k (NULL: none), the last cycle the trace holds in *last
 * and the run's own failure in runerr ("" if none). */
static int traced_run(struct vec_reader *src, const char *engine, const struct run_opts *opts, uint64_t from,
                      uint64_t to, const char *fst_path, char base[4096], char gtkw[4096], char *gtkw_out,
                      size_t gtkw_len, struct keep *k, uint64_t *last, char *runerr, size_t runerrlen, char *err,
                      size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    runerr[0] = '\0';
    if (!src || !engine || !fst_path || !gtkw_out || !gtkw_len)
        return cli_fail(err, errlen, "wave: missing argument");
    if (!wave_engine(engine))
        return cli_fail(err, errlen, "wave: engine %s has no waveform (use rtl or cosim)", engine);
    if (from > to)
        return cli_fail(err, errlen, "wave: empty cycle window");
    if (!path_ok(fst_path))
        return cli_fail(err, errlen, "wave: unusable output path '%s'", fst_path);

    /* OUT.gtkw next to OUT.fst; filters OUT.<kind>.txt */
    if (!copy(base, 4096, fst_path))
        return cli_fail(err, errlen, "%s: path too long", fst_path);
    if (ends_with(base, ".fst"))
        base[strlen(base) - 4] = '\0';
    if (!base[0] || ends_with(base, "/"))
        return cli_fail(err, errlen, "wave: unusable output path '%s'", fst_path);
    if ((size_t)snprintf(gtkw, 4096, "%s.gtkw", base) >= 4096)
        return cli_fail(err, errlen, "%s: path too long", fst_path);
    if (!copy(gtkw_out, gtkw_len, gtkw))
        return cli_fail(err, errlen, "%s: path too long", gtkw);
    if (make_parent(fst_path, err, errlen) != 0)
        return -1;
    /* the tracer writes a temporary file, renamed over (or copied to)
     * fst_path once it is complete: fst_path is never unlinked */
    struct out fo;
    if (out_open_name(&fo, fst_path, err, errlen) != 0)
        return WAVE_EWRITE;

    struct run_opts o = { 0 };
    if (opts)
        o = *opts;
    o.trace_path = fo.name;
    o.trace_from = from;
    o.trace_to = to;
    struct run_stats st = { 0 };
    if (k)
        k->st = &st;
    struct run_sink sink = { keep_item, k };
    bool diverged = false;
    uint64_t div_cycle = 0;
    bool ok = rerun(src, engine, &o, k ? &sink : NULL, &st, runerr, runerrlen, &diverged, &div_cycle);
    if (k)
        k->st = NULL;
    if (!out_name_written(&fo)) {
        out_abort(&fo);
        if (!ok)
            return cli_fail(err, errlen, "%s", runerr);
        return cli_fail(err, errlen, "wave: no waveform written: the run ended after %llu cycles, before the window",
                        (unsigned long long)st.cycles);
    }
    if (out_close(&fo, err, errlen) != 0)
        return WAVE_EWRITE;
    if (ok)
        runerr[0] = '\0';
    *last = st.cycles ? st.cycles - 1 : 0;
    if (*last > to)
        *last = to;
    return 0;
}

/* The opening view inside the cycles the trace holds, [from, last]. */
static void clamp_window(uint64_t from, uint64_t *to, uint64_t last)
{
    if (*to > last)
        *to = last > from ? last : from;
}

int wave_write_view(struct vec_reader *src, const char *engine, const struct run_opts *opts, uint64_t from,
                    uint64_t to, uint64_t marker, const struct wave_view *v, const char *fst_path, char *gtkw_out,
                    size_t gtkw_len, char *err, size_t errlen)
{
    char base[4096], gtkw[4096], runerr[2048];
    uint64_t last = 0;
    int rc = traced_run(src, engine, opts, from, to, fst_path, base, gtkw, gtkw_out, gtkw_len, NULL, &last, runerr,
                        sizeof runerr, err, errlen);
    if (rc != 0)
        return rc;
    clamp_window(from, &to, last);
    if (special_file(fst_path)) { /* no save file named after a device */
        if (gtkw_out && gtkw_len)
            gtkw_out[0] = '\0';
    } else if ((rc = save_file(fst_path, base, gtkw, "vmxr.", from, to, marker, v, err, errlen)) != 0) {
        return rc;
    }
    if (runerr[0] && err && errlen)
        snprintf(err, errlen, "%s", runerr);
    return 0;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Named marker "EX L<line>" on the cycle EX chose the decision first
 * presented in cycle shown, if the view has a stage group and room. */
static void command_ex_marker(struct wave_command_view *cv, unsigned line, uint64_t shown)
{
    struct wave_view *v = &cv->v;
    if (!v->stage_rule || !shown || v->nnamed >= WAVE_MAX_NAMED)
        return;
    v->named[v->nnamed] = shown - 1;
    snprintf(cv->label[v->nnamed], sizeof cv->label[0], "EX L%u", line);
    v->named_label[v->nnamed] = cv->label[v->nnamed];
    v->nnamed++;
}

void wave_command_view(const char *path, const struct vec_item *it, const char *text, const struct vec_result *r,
                       struct wave_command_view *cv)
{
    memset(cv, 0, sizeof *cv);
    struct wave_view *v = &cv->v;
    v->named[v->nnamed] = r->cycle;
    snprintf(cv->label[v->nnamed], sizeof cv->label[0], "handshake L%u", it->line);
    v->named_label[v->nnamed] = cv->label[v->nnamed];
    v->nnamed++;
    for (unsigned k = 1; k < r->ndec && v->nnamed < WAVE_MAX_NAMED; k++) {
        v->named[v->nnamed] = r->dec_cycle[k];
        snprintf(cv->label[v->nnamed], sizeof cv->label[0], "decision %u", k + 1);
        v->named_label[v->nnamed] = cv->label[v->nnamed];
        v->nnamed++;
    }
    snprintf(cv->title, sizeof cv->title, "%s:%u: %.*s", base_name(path), it->line, (int)it->text_len, text);
    v->title = cv->title;
    if (r->ndec) {
        v->stage_rule = r->dec[0].rule;
        v->stage_idx = r->dec[0].idx;
        command_ex_marker(cv, it->line, r->dec_shown[0]);
        bool rt_pick = v->stage_rule == VMXR_RULE_IOR || v->stage_rule == VMXR_RULE_MEM ||
                       v->stage_rule == VMXR_RULE_KEY;
        if (rt_pick && v->nnamed < WAVE_MAX_NAMED) {
            /* RT's I/O compare, or its pick of the memory or key hits made
             * at the handshake: the cycle after the handshake */
            v->named[v->nnamed] = r->cycle + 1;
            snprintf(cv->label[v->nnamed], sizeof cv->label[0], "RT L%u", it->line);
            v->named_label[v->nnamed] = cv->label[v->nnamed];
            v->nnamed++;
        }
    }
}

int wave_write_divergence(struct vec_reader *src, const char *engine, const struct run_opts *opts, uint64_t cycle,
                          uint64_t before, uint64_t after, const char *filters, const char *fst_path, char *gtkw_out,
                          size_t gtkw_len, unsigned *line, char *err, size_t errlen)
{
    if (line)
        *line = 0;
    uint64_t from = cycle > before ? cycle - before : 0, to = cycle + after;
    struct run_opts o = { 0 };
    if (opts)
        o = *opts;
    if (!o.past_divergence)
        o.past_divergence = after;
    char base[4096], gtkw[4096], runerr[2048];
    uint64_t last = 0;
    struct keep *k = calloc(1, sizeof *k);
    if (!k)
        return cli_fail(err, errlen, "out of memory");
    int rc = traced_run(src, engine, &o, from, to, fst_path, base, gtkw, gtkw_out, gtkw_len, k, &last, runerr,
                        sizeof runerr, err, errlen);
    if (rc != 0) {
        free(k);
        return rc;
    }
    clamp_window(from, &to, last);

    struct wave_command_view cv;
    struct wave_view plain = { .filters = filters };
    const struct wave_view *v = &plain;
    if (k->found) {
        unsigned ln = k->it.line;
        const struct vec_result *r = &k->r;
        wave_command_view(vec_path(src), &k->it, k->text, r, &cv);
        /* named markers on the command's decisions other than the one at
         * the divergence: the first decision too, if it left elsewhere */
        if (r->ndec && r->dec_cycle[0] != cycle && cv.v.nnamed < WAVE_MAX_NAMED) {
            unsigned n = cv.v.nnamed;
            cv.v.named[n] = r->dec_cycle[0];
            snprintf(cv.label[n], sizeof cv.label[0], "decision 1");
            cv.v.named_label[n] = cv.label[n];
            cv.v.nnamed++;
        }
        /* the model's decision at the divergence (the driver follows the
         * model), else that there was none */
        int j = -1;
        for (unsigned i = 0; i < r->ndec; i++)
            if (r->dec_cycle[i] == cycle)
                j = (int)i;
        char dec[128] = "no decision of this command";
        if (j > 0) { /* not the first decision: its stage, its EX cycle */
            cv.v.stage_rule = r->dec[j].rule;
            cv.v.stage_idx = r->dec[j].idx;
            for (unsigned i = 0; i < cv.v.nnamed; i++)
                if (!strncmp(cv.label[i], "EX ", 3))
                    cv.v.named[i] = r->dec_shown[j] ? r->dec_shown[j] - 1 : 0;
            if (!cv.v.nnamed || strncmp(cv.label[cv.v.nnamed - 1], "EX ", 3))
                command_ex_marker(&cv, ln, r->dec_shown[j]);
        }
        if (j >= 0) {
            struct vec_outcome oc = vec_outcome_of(&r->dec[j]);
            vec_outcome_format(&oc, dec, sizeof dec);
        }
        /* short: a long comment widens GTKWave's signal pane */
        snprintf(cv.note, sizeof cv.note, "diverges C%llu; model: %s", (unsigned long long)cycle, dec);
        cv.v.note = cv.note;
        cv.v.filters = filters;
        v = &cv.v;
        if (line)
            *line = ln;
    }
    free(k);
    if (special_file(fst_path)) { /* no save file named after a device */
        if (gtkw_out && gtkw_len)
            gtkw_out[0] = '\0';
    } else if ((rc = save_file(fst_path, base, gtkw, "vmxr.", from, to, cycle, v, err, errlen)) != 0) {
        return rc;
    }
    if (runerr[0] && err && errlen)
        snprintf(err, errlen, "%s", runerr);
    return 0;
}

int wave_save_file(const char *fst_path, const char *root, uint64_t from, uint64_t to, uint64_t marker,
                   char *gtkw_out, size_t gtkw_len, char *err, size_t errlen)
{
    char base[4096], gtkw[4096];
    if (!copy(base, sizeof base, fst_path))
        return cli_fail(err, errlen, "%s: path too long", fst_path);
    if (ends_with(base, ".fst"))
        base[strlen(base) - 4] = '\0';
    if (!base[0] || ends_with(base, "/") || !path_ok(fst_path))
        return cli_fail(err, errlen, "wave: unusable output path '%s'", fst_path);
    if ((size_t)snprintf(gtkw, sizeof gtkw, "%s.gtkw", base) >= sizeof gtkw || !copy(gtkw_out, gtkw_len, gtkw))
        return cli_fail(err, errlen, "%s: path too long", fst_path);
    if (from > to)
        return cli_fail(err, errlen, "wave: empty cycle window");
    return save_file(fst_path, base, gtkw, root, from, to, marker, NULL, err, errlen);
}

int wave_write(struct vec_reader *src, const char *engine, const struct run_opts *opts, uint64_t from,
               uint64_t to, uint64_t marker, const char *fst_path, char *gtkw_out, size_t gtkw_len, char *err,
               size_t errlen)
{
    return wave_write_view(src, engine, opts, from, to, marker, NULL, fst_path, gtkw_out, gtkw_len, err, errlen);
}


/* ---- shared translate filters (many waveforms, one set of filters) ------- */

int wave_write_filters(const char *base, char *err, size_t errlen)
{
    char fpath[4096];
    if ((size_t)snprintf(fpath, sizeof fpath, "%s.x", base) >= sizeof fpath)
        return cli_fail(err, errlen, "%s: path too long", base);
    if (make_parent(fpath, err, errlen) != 0)
        return -1;
    for (int i = 0; i < NFILT; i++) {
        if ((size_t)snprintf(fpath, sizeof fpath, "%s.%s.txt", base, wave_filt_suffix[i]) >= sizeof fpath)
            return cli_fail(err, errlen, "%s: path too long", base);
        int w = wave_filter_write((enum filt)i, fpath, err, errlen);
        if (w != 0)
            return w;
    }
    return 0;
}

int wave_write_command(struct vec_reader *src, const char *engine, const struct run_opts *opts, unsigned line,
                       uint64_t window, const char *filters, const char *fst_path, char *gtkw_out, size_t gtkw_len,
                       char *err, size_t errlen)
{
    struct keep *k = calloc(1, sizeof *k);
    if (!k)
        return cli_fail(err, errlen, "out of memory");
    k->want = line;
    struct run_opts o = { 0 };
    if (opts)
        o = *opts;
    o.trace_path = NULL;
    struct run_stats st = { 0 };
    k->st = &st;
    struct run_sink sink = { keep_item, k };
    char runerr[2048];
    bool diverged = false;
    (void)rerun(src, engine, &o, &sink, &st, runerr, sizeof runerr, &diverged, NULL);
    int rc;
    if (!k->found || !vec_is_command(k->it.kind)) {
        rc = cli_fail(err, errlen, "wave: not a command");
    } else if (k->r.ndec == 0) {
        rc = cli_fail(err, errlen, "%s:%u: the run ended before this command's decision", vec_path(src), line);
    } else {
        const struct vec_result *r = &k->r;
        struct wave_command_view cv;
        wave_command_view(vec_path(src), &k->it, k->text, r, &cv);
        cv.v.filters = filters;
        uint64_t from = r->cycle > window ? r->cycle - window : 0, to = r->dec_cycle[r->ndec - 1] + window;
        rc = wave_write_view(src, engine, &o, from, to, r->dec_cycle[0], &cv.v, fst_path, gtkw_out, gtkw_len, err,
                             errlen);
    }
    free(k);
    return rc;
}
