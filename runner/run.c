/* Runner: engines beneath, checks above; see run.h. */
#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmxr_bus.h"
#include "vmxr_engine.h"
#include "vmxr_port_cmd.h"
#include "vmxr_registry.h"
#include "vmxr_rng.h"

#define HANG_CYCLES 100000u
#define CLOCK_CHECK_CYCLES 4096u /* cycles between looks at the clock */
#define IDLE_CHUNK 65536u        /* idle cycles handed to an engine at once */

uint64_t run_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t max_cycles_of(const struct run_opts *o)
{
    return o && o->max_cycles ? o->max_cycles : RUN_MAX_CYCLES;
}

/* The message of a run stopped by its bounds. */
static void bound_text(const struct vec_file *f, unsigned line, const struct run_opts *o, bool timed_out,
                       uint64_t cycles, char *err, size_t errlen)
{
    if (timed_out)
        snprintf(err, errlen, "%s:%u: timed out after %u s at cycle %llu (--timeout)", f->path, line,
                 o ? o->timeout_s : 0, (unsigned long long)cycles);
    else
        snprintf(err, errlen, "%s:%u: the run exceeds its budget of %llu cycles at cycle %llu (--max-cycles)",
                 f->path, line, (unsigned long long)max_cycles_of(o), (unsigned long long)cycles);
}


/* ---- transaction-level ------------------------------------------------ */

static bool run_txn(const struct vec_file *f, struct vec_result *res, struct run_stats *st)
{
    struct vmxr_state *s = malloc(sizeof *s);
    if (!s)
        return false;
    vmxr_state_reset(s, &f->straps);
    for (unsigned i = 0; i < f->nitems; i++) {
        const struct vec_item *it = &f->items[i];
        struct vec_result *r = &res[i];
        switch (it->kind) {
        case VEC_WR: r->slverr = vmxr_apb_write(s, it->vmm, it->addr, it->value); break;
        case VEC_RD: r->value = vmxr_apb_read(s, it->addr, &r->slverr); break;
        case VEC_EV:
        case VEC_LAUNCH:
        case VEC_RESUME:
            r->ndec = vmxr_txn_command(s, &it->cmd, r->dec);
            st->commands++;
            break;
        default: break;
        }
    }
    free(s);
    return true;
}

/* ---- item-level buses (engines known only through vmxr_bus.h) ---------- */

/* One item at a time: each command completes (with its injections) before
 * the next item. A waveform (opts->trace_path) covers the whole run. */
static bool run_bus(const struct vec_file *f, const char *engine, const struct run_opts *opts,
                    struct vec_result *res, struct run_stats *st, char *err, size_t errlen, bool *diverged,
                    uint64_t *div_cycle)
{
    struct vmxr_bus *b = vmxr_bus_open(engine, &f->straps, err, errlen);
    if (!b)
        return false;
    if (opts && opts->stall)
        (void)vmxr_bus_stall(b, true, opts->stall_seed); /* engines without a clock have nothing to stall */
    if (opts && opts->trace_path && vmxr_bus_trace_open(b, opts->trace_path) != 0) {
        snprintf(err, errlen, "%s: cannot write a waveform with engine %s to %s", f->path, engine, opts->trace_path);
        vmxr_bus_close(b);
        return false;
    }
    const char *fail = NULL;
    bool bounded = false;
    uint64_t max = max_cycles_of(opts);
    for (unsigned i = 0; i < f->nitems && !fail && !bounded; i++) {
        const struct vec_item *it = &f->items[i];
        struct vec_result *r = &res[i];
        uint64_t before = vmxr_bus_cycles(b);
        if (it->kind == VEC_IDLE && (before > max || it->idle > max - before)) {
            bound_text(f, it->line, opts, false, before, err, errlen);
            bounded = true;
            break;
        }
        switch (it->kind) {
        case VEC_WR: r->slverr = vmxr_bus_write(b, it->vmm, it->addr, it->value); break;
        case VEC_RD: r->value = vmxr_bus_read(b, it->vmm, it->addr, &r->slverr); break;
        case VEC_EV:
        case VEC_LAUNCH:
        case VEC_RESUME:
            r->ndec = vmxr_bus_command(b, &it->cmd, r->dec);
            st->commands++;
            break;
        case VEC_IDLE: vmxr_bus_idle(b, it->idle); break;
        case VEC_STRAP: break;
        }
        uint64_t after = vmxr_bus_cycles(b);
        r->cycle = before;
        for (unsigned k = 0; k < r->ndec; k++)
            r->dec_shown[k] = r->dec_cycle[k] = after ? after - 1 : 0;
        if ((fail = vmxr_bus_failure(b)) != NULL) {
            snprintf(err, errlen, "%s:%u: %s", f->path, it->line, fail);
            if (div_cycle)
                *div_cycle = after ? after - 1 : 0;
        } else if (after > max || (opts && opts->deadline_ns && run_now_ns() >= opts->deadline_ns)) {
            bound_text(f, it->line, opts, after <= max, after, err, errlen);
            bounded = true;
        }
    }
    st->cycles += vmxr_bus_cycles(b);
    st->bounded = bounded;
    if (diverged)
        *diverged = fail != NULL;
    if (opts && opts->trace_path)
        vmxr_bus_trace_close(b);
    vmxr_bus_close(b);
    return fail == NULL && !bounded;
}

/* ---- port-level bus driver -------------------------------------------- */

struct driver {
    const struct vec_file *f;
    struct vmxr_engine *e;
    struct vec_result *res;
    struct run_stats *st;
    struct vmxr_unit_in in;
    struct vmxr_unit_out out;
    unsigned *issued; /* command items in handshake order */
    unsigned nissued, answered;
    int last; /* item that received the last decision, -1 before any */
    char *err;
    size_t errlen;
    bool broken;
    bool diverged;
    uint64_t div_cycle;
    uint64_t stop_after; /* diverged, still tracing: the last cycle stepped */
    bool showing;        /* a decision is presented, not yet taken ... */
    uint64_t shown_since; /* ... since this cycle */
    const struct run_opts *opts;
    uint64_t rng;
    bool tracing;
    unsigned line;        /* the item being run (for the bounds' message) */
    uint64_t max_cycles;  /* the budget */
    uint64_t next_check;  /* the cycle count at which to look at the clock */
    uint64_t progress_ns; /* when the progress line was last written, 0 never */
    bool progress_shown;
};

/* the stall pattern is a pure function of the seed */
static uint64_t rnd(struct driver *d) { return vmxr_splitmix64(&d->rng); }

static void protocol_error(struct driver *d, unsigned line, const char *msg)
{
    if (!d->broken && !d->diverged) /* after a divergence the first failure stands */
        snprintf(d->err, d->errlen, "%s:%u: engine protocol at cycle %llu: %s", d->f->path, line,
                 (unsigned long long)d->st->cycles, msg);
    d->broken = true;
}

/* Attributes a decision leaving the unit to its command item. */
static void take_decision(struct driver *d)
{
    const struct vmxr_unit_out *o = &d->out;
    struct vmxr_decision dec = vmxr_ports_decision(o);
    unsigned item;
    if (dec.op == VMXR_OP_INJECT) {
        if (d->last < 0) {
            protocol_error(d, 0, "INJECT decision before any command");
            return;
        }
        item = (unsigned)d->last;
        const struct vec_item *it = &d->f->items[item];
        if (it->kind == VEC_EV || dec.cpu != it->cmd.cpu) {
            protocol_error(d, it->line, "INJECT decision does not follow a RESUME or LAUNCH on its CPU");
            return;
        }
    } else {
        if (d->answered == d->nissued) {
            protocol_error(d, 0, "decision with no command in flight");
            return;
        }
        item = d->issued[d->answered++];
        const struct vec_item *it = &d->f->items[item];
        if (dec.cpu != it->cmd.cpu || dec.op != it->cmd.op) {
            protocol_error(d, it->line, "decision's cpu or op does not match the command in order");
            return;
        }
    }
    struct vec_result *r = &d->res[item];
    if (r->ndec == VEC_MAX_OUTCOMES) {
        protocol_error(d, d->f->items[item].line, "more than three decisions for one command");
        return;
    }
    r->dec_cycle[r->ndec] = d->st->cycles - 1;
    r->dec_shown[r->ndec] = d->showing ? d->shown_since : d->st->cycles - 1;
    r->dec[r->ndec++] = dec;
    d->last = (int)item;
}

/* The divergence report: the engine's port detail, then every command in
 * flight with its line. */
static void diverged(struct driver *d, const char *detail)
{
    size_t n = (size_t)snprintf(d->err, d->errlen, "%s: %s", d->f->path, detail);
    unsigned shown = 0;
    for (unsigned i = d->answered; i <= d->nissued && i < d->f->nitems && n < d->errlen; i++) {
        if (i == d->nissued && !d->in.cmd_valid)
            break;
        const struct vec_item *it = &d->f->items[d->issued[i]];
        n += (size_t)snprintf(d->err + n, d->errlen - n, "%s%s:%u: %.*s%s", shown ? "\n  " : "\n  in flight: ",
                              d->f->path, it->line, (int)it->text_len, d->f->lines[it->lineno_index],
                              i == d->nissued ? " (being presented)" : "");
        shown++;
    }
    if (!shown && n < d->errlen)
        snprintf(d->err + n, d->errlen - n, "\n  in flight: no command");
    d->diverged = true;
    /* a trace still being written goes on past the divergence */
    const struct run_opts *o = d->opts;
    uint64_t past = o && o->past_divergence ? o->past_divergence : RUN_PAST_DIVERGENCE;
    if (o && o->trace_path && o->trace_to > d->div_cycle) {
        d->stop_after = o->trace_to - d->div_cycle > past ? d->div_cycle + past : o->trace_to;
        return;
    }
    d->broken = true;
}

static void bounded(struct driver *d, bool timed_out)
{
    if (!d->broken && !d->diverged) { /* after a divergence the first failure stands */
        bound_text(d->f, d->line, d->opts, timed_out, d->st->cycles, d->err, d->errlen);
        d->st->bounded = true;
    }
    d->broken = true;
}

/* Every CLOCK_CHECK_CYCLES cycles: the deadline and the progress line. */
static void check_clock(struct driver *d)
{
    const struct run_opts *o = d->opts;
    d->next_check = d->st->cycles + CLOCK_CHECK_CYCLES;
    uint64_t now = run_now_ns();
    if (o->deadline_ns && now >= o->deadline_ns) {
        bounded(d, true);
        return;
    }
    if (o->progress && now - d->progress_ns >= 1000000000u) {
        if (!d->progress_ns) { /* the first look only starts the clock */
            d->progress_ns = now;
            return;
        }
        fprintf(stderr, "\r%s:%u: cycle %llu", d->f->path, d->line, (unsigned long long)d->st->cycles);
        fflush(stderr);
        d->progress_ns = now;
        d->progress_shown = true;
    }
}

static void after_cycles(struct driver *d);

static void cycle(struct driver *d)
{
    const struct run_opts *o = d->opts;
    if (d->st->cycles >= d->max_cycles) {
        bounded(d, false);
        return;
    }
    if (o && o->trace_path && !d->tracing && d->st->cycles == o->trace_from) {
        if (vmxr_engine_trace_open(d->e, o->trace_path) != 0) {
            snprintf(d->err, d->errlen, "%s: cannot write a waveform with engine %s to %s", d->f->path,
                     d->e->name, o->trace_path);
            d->broken = true;
            return;
        }
        d->tracing = true;
    }
    if (o && o->stall && d->in.rst_n)
        d->in.dec_ready = vmxr_stall_ready(&d->rng);
    vmxr_engine_step(d->e, &d->in, &d->out);
    d->st->cycles++;
    after_cycles(d);
}

/* The driver's part of a cycle just stepped (the last of a stretch). */
static void after_cycles(struct driver *d)
{
    const struct run_opts *o = d->opts;
    if (d->st->cycles >= d->next_check) {
        check_clock(d);
        if (d->broken)
            return;
    }
    if (d->tracing && d->st->cycles > o->trace_to) {
        vmxr_engine_trace_close(d->e);
        d->tracing = false;
    }
    if (d->diverged) { /* stepping on past a divergence for the trace */
        if (d->st->cycles - 1 >= d->stop_after)
            d->broken = true;
    } else {
        const char *f = vmxr_engine_failure(d->e);
        if (f && !d->broken) {
            d->div_cycle = d->st->cycles - 1;
            diverged(d, f);
            if (d->broken)
                return;
        }
    }
    if (d->out.dec_valid && !d->showing) {
        d->showing = true;
        d->shown_since = d->st->cycles - 1;
    }
    if (d->out.dec_valid && d->in.dec_ready) {
        take_decision(d);
        d->showing = false;
    }
}

/* An idle item: n cycles with nothing presented. Once the unit is idle
 * and its outputs hold still, the engine takes the cycles in stretches
 * (vmxr_engine_idle: cycle-exact, stopping at any output that moves); not
 * under stalls (dec_ready changes every cycle) or while a trace may open. */
static void idle(struct driver *d, uint64_t n)
{
    const struct run_opts *o = d->opts;
    if (d->st->cycles > d->max_cycles || n > d->max_cycles - d->st->cycles) {
        bounded(d, false);
        return;
    }
    bool can = !(o && (o->stall || o->trace_path));
    while (n && !d->broken) {
        if (!can || d->diverged || !d->in.rst_n || d->in.psel || d->in.cmd_valid || !d->out.idle ||
            d->out.dec_valid || d->showing) {
            cycle(d);
            n--;
            continue;
        }
        struct vmxr_unit_out expect = d->out;
        uint64_t k = vmxr_engine_idle(d->e, &d->in, n < IDLE_CHUNK ? n : IDLE_CHUNK, &expect, &d->out);
        d->st->cycles += k;
        n -= k;
        after_cycles(d);
    }
}

/* With stalls: 0-3 idle cycles before an item, one time in three. */
static void gap(struct driver *d)
{
    if (!d->opts || !d->opts->stall || rnd(d) % 3)
        return;
    for (unsigned n = (unsigned)(rnd(d) % 4); n > 0 && !d->broken; n--)
        cycle(d);
}

/* Steps until cond holds for the cycle just stepped. */
#define WAIT_UNTIL(d, cond, what, line)                                                                         \
    do {                                                                                                        \
        unsigned n_ = 0;                                                                                        \
        do {                                                                                                    \
            cycle(d);                                                                                           \
            if (++n_ == HANG_CYCLES) {                                                                          \
                protocol_error(d, line, "no progress in 100000 cycles waiting for " what);                      \
                break;                                                                                          \
            }                                                                                                   \
        } while (!(cond) && !(d)->broken);                                                                      \
    } while (0)

static void drain(struct driver *d, unsigned line)
{
    WAIT_UNTIL(d, d->out.idle && d->answered == d->nissued, "the unit to drain", line);
}

static void present(struct driver *d, unsigned idx)
{
    const struct vec_item *it = &d->f->items[idx];
    vmxr_ports_present(&d->in, &it->cmd);
}

/* An APB access. A command item that follows a write is presented during
 * the write's access phase already: the unit holds it off (cmd_ready low)
 * until the write has completed, which keeps file order. */
static void apb(struct driver *d, const struct vec_item *it, struct vec_result *r, int next_cmd)
{
    d->in.psel = true;
    d->in.penable = false;
    d->in.pwrite = it->kind == VEC_WR;
    d->in.paddr = it->addr;
    d->in.pwdata = it->kind == VEC_WR ? it->value : 0;
    d->in.pauser = it->vmm;
    cycle(d);
    d->in.penable = true;
    if (next_cmd >= 0 && d->in.pwrite) {
        present(d, (unsigned)next_cmd);
        d->res[next_cmd].in_flight = true;
    }
    unsigned n = 0;
    bool busy = false;
    WAIT_UNTIL(d, (busy |= !d->out.idle, d->out.pready || (++n, false)), "PREADY", it->line);
    r->waits = n;
    r->in_flight = busy;
    r->cycle = d->st->cycles - 1;
    r->slverr = d->out.pslverr;
    r->value = d->out.prdata;
    d->in.psel = d->in.penable = d->in.pwrite = false;
    d->in.paddr = 0;
    d->in.pwdata = 0;
    d->in.pauser = 0;
}

static void command(struct driver *d, unsigned idx)
{
    const struct vec_item *it = &d->f->items[idx];
    present(d, idx);
    /* the handshake is recorded before the cycle: its decision may be the
     * next cycle's at the earliest */
    d->issued[d->nissued] = idx;
    unsigned n = 0;
    WAIT_UNTIL(d, d->out.cmd_ready || (++n, false), "cmd_ready", it->line);
    d->res[idx].held = n;
    d->res[idx].cycle = d->st->cycles - 1;
    d->nissued++;
    d->in.cmd_valid = false;
    d->st->commands++;
}

/* Drives f through e (owned by the caller: opened and closed outside). */
static bool run_ports(const struct vec_file *f, struct vmxr_engine *e, const struct run_opts *opts,
                      struct vec_result *res, struct run_stats *st, char *err, size_t errlen, bool *div,
                      uint64_t *div_cycle)
{
    struct driver d = { .f = f, .res = res, .st = st, .last = -1, .err = err, .errlen = errlen, .opts = opts };
    d.rng = opts ? opts->stall_seed : 0;
    d.max_cycles = max_cycles_of(opts);
    d.next_check = opts && (opts->deadline_ns || opts->progress) ? CLOCK_CHECK_CYCLES : UINT64_MAX;
    d.line = f->nitems ? f->items[0].line : 0;
    d.e = e;
    d.issued = calloc(f->nitems ? f->nitems : 1, sizeof *d.issued);
    if (!d.issued) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    d.in.rst_n = false;
    d.in.strap_smi_en = f->straps.smi_en;
    d.in.strap_smi_vmm = f->straps.smi_vmm;
    d.in.strap_smi_lock = f->straps.smi_lock;
    cycle(&d);
    cycle(&d);
    d.in.rst_n = true;
    d.in.dec_ready = true;
    for (unsigned i = 0; i < f->nitems && !d.broken; i++) {
        const struct vec_item *it = &f->items[i];
        bool next_is_cmd = i + 1 < f->nitems && vec_is_command(f->items[i + 1].kind);
        d.line = it->line;
        if (it->kind != VEC_STRAP && it->kind != VEC_IDLE && !d.in.cmd_valid)
            gap(&d);
        switch (it->kind) {
        case VEC_WR: apb(&d, it, &res[i], next_is_cmd ? (int)i + 1 : -1); break;
        case VEC_RD:
            drain(&d, it->line);
            apb(&d, it, &res[i], -1);
            break;
        case VEC_EV:
        case VEC_LAUNCH:
        case VEC_RESUME: command(&d, i); break;
        case VEC_IDLE: idle(&d, it->idle); break;
        case VEC_STRAP: break;
        }
    }
    if (!d.broken)
        drain(&d, f->nitems ? f->items[f->nitems - 1].line : 0);
    if (d.tracing)
        vmxr_engine_trace_close(d.e);
    if (d.progress_shown)
        fprintf(stderr, "\r\033[K");
    if (div)
        *div = d.diverged;
    if (div_cycle)
        *div_cycle = d.div_cycle;
    free(d.issued);
    return !d.broken && !d.diverged;
}

bool run_file(const struct vec_file *f, const char *engine, struct vec_result *res, struct run_stats *st, char *err,
              size_t errlen)
{
    return run_file_opts(f, engine, NULL, res, st, err, errlen, NULL, NULL);
}

bool run_file_opts(const struct vec_file *f, const char *engine, const struct run_opts *opts, struct vec_result *res,
                   struct run_stats *st, char *err, size_t errlen, bool *diverged, uint64_t *div_cycle)
{
    if (diverged)
        *diverged = false;
    memset(res, 0, sizeof *res * (f->nitems ? f->nitems : 1));
    const struct vmxr_engine_info *info = vmxr_engine_find(engine);
    if (!info) {
        snprintf(err, errlen, "unknown engine '%s'", engine);
        return false;
    }
    if (vmxr_engine_direct_txn(info)) {
        if (!run_txn(f, res, st)) {
            snprintf(err, errlen, "out of memory");
            return false;
        }
        return true;
    }
    if (vmxr_engine_item_level(info) || (opts && opts->bus))
        return run_bus(f, engine, opts, res, st, err, errlen, diverged, div_cycle);
    struct vmxr_engine *e = vmxr_engine_open(engine, err, errlen);
    if (!e)
        return false;
    bool ok = run_ports(f, e, opts, res, st, err, errlen, diverged, div_cycle);
    vmxr_engine_close(e);
    return ok;
}

bool run_file_engine(const struct vec_file *f, struct vmxr_engine *e, const struct run_opts *opts,
                     struct vec_result *res, struct run_stats *st, char *err, size_t errlen, bool *diverged,
                     uint64_t *div_cycle)
{
    if (diverged)
        *diverged = false;
    memset(res, 0, sizeof *res * (f->nitems ? f->nitems : 1));
    return run_ports(f, e, opts, res, st, err, errlen, diverged, div_cycle);
}

/* ---- checks ------------------------------------------------------------ */

void run_format_result(const struct vec_item *it, const struct vec_result *r, char *buf, size_t n)
{
    buf[0] = '\0';
    switch (it->kind) {
    case VEC_WR: snprintf(buf, n, "%s", r->slverr ? "err" : "ok"); break;
    case VEC_RD:
        if (r->slverr)
            snprintf(buf, n, "err");
        else
            snprintf(buf, n, "0x%08X", r->value);
        break;
    case VEC_EV:
    case VEC_LAUNCH:
    case VEC_RESUME: {
        size_t len = 0;
        if (r->ndec == 0)
            snprintf(buf, n, "nothing");
        for (unsigned k = 0; k < r->ndec && len < n; k++) {
            char o[64];
            struct vec_outcome oc = vec_outcome_of(&r->dec[k]);
            vec_outcome_format(&oc, o, sizeof o);
            int w = snprintf(buf + len, n - len, "%s%s", k ? " => " : "", o);
            if (w < 0)
                break;
            len += (size_t)w;
        }
        break;
    }
    default: break;
    }
}

static void format_expect(const struct vec_item *it, char *buf, size_t n)
{
    if (it->kind == VEC_WR) {
        snprintf(buf, n, "%s", it->exp_err ? "err" : "ok");
    } else if (it->kind == VEC_RD) {
        if (it->exp_err)
            snprintf(buf, n, "err");
        else
            snprintf(buf, n, "0x%08X", it->exp_value);
    } else {
        size_t len = 0;
        buf[0] = '\0';
        for (unsigned k = 0; k < it->nexp && len < n; k++) {
            char o[64];
            vec_outcome_format(&it->exp[k], o, sizeof o);
            int w = snprintf(buf + len, n - len, "%s%s", k ? " => " : "", o);
            if (w < 0)
                break;
            len += (size_t)w;
        }
    }
}

static bool holds(const struct vec_item *it, const struct vec_result *r)
{
    switch (it->kind) {
    case VEC_WR: return it->exp_err == r->slverr;
    case VEC_RD: return it->exp_err ? r->slverr : (!r->slverr && r->value == it->exp_value);
    default:
        if (it->nexp != r->ndec)
            return false;
        for (unsigned k = 0; k < it->nexp; k++) {
            struct vec_outcome o = vec_outcome_of(&r->dec[k]);
            if (!vec_outcome_equal(&it->exp[k], &o))
                return false;
        }
        return true;
    }
}

bool run_item_holds(const struct vec_item *it, const struct vec_result *r)
{
    return !it->has_expect || holds(it, r);
}

void run_check(const struct vec_file *f, const struct vec_result *res, struct run_stats *st, FILE *out)
{
    for (unsigned i = 0; i < f->nitems; i++) {
        const struct vec_item *it = &f->items[i];
        if (!it->has_expect)
            continue;
        st->checks++;
        if (holds(it, &res[i]))
            continue;
        st->failed++;
        char want[256], got[256], where[48] = "";
        format_expect(it, want, sizeof want);
        run_format_result(it, &res[i], got, sizeof got);
        if (it->kind == VEC_RD || it->kind == VEC_WR) {
            char a[32];
            vec_addr_format(it->addr, a, sizeof a);
            snprintf(where, sizeof where, " (%s vmm=%u %s)", vec_kind_name(it->kind), it->vmm, a);
        } else if (vec_is_command(it->kind)) {
            snprintf(where, sizeof where, " (%s cpu=%u)", vec_kind_name(it->kind), it->cmd.cpu);
        }
        fprintf(out, "%s:%u: expected %s, got %s%s\n", f->path, it->line, want, got, where);
    }
}

unsigned run_oldest_in_flight(const struct vec_file *f, const struct vec_result *res, uint64_t cycle)
{
    for (unsigned i = 0; i < f->nitems; i++) {
        const struct vec_item *it = &f->items[i];
        if (it->kind != VEC_EV && it->kind != VEC_LAUNCH && it->kind != VEC_RESUME)
            continue;
        if (res[i].cycle > cycle || (res[i].cycle == 0 && res[i].ndec == 0))
            return it->line; /* handshake not recorded: presented at the divergence */
        if (res[i].ndec == 0 || res[i].dec_cycle[res[i].ndec - 1] >= cycle)
            return it->line;
    }
    return 0;
}
