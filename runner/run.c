/* Runner: engines beneath, checks above; see run.h. */
#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
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
static void bound_text(const char *path, unsigned line, const struct run_opts *o, bool timed_out, uint64_t cycles,
                       char *err, size_t errlen)
{
    if (timed_out)
        snprintf(err, errlen, "%s:%u: timed out after %u s at cycle %llu (--timeout)", path, line,
                 o ? o->timeout_s : 0, (unsigned long long)cycles);
    else
        snprintf(err, errlen, "%s:%u: the run exceeds its budget of %llu cycles at cycle %llu (--max-cycles)", path,
                 line, (unsigned long long)max_cycles_of(o), (unsigned long long)cycles);
}

static void give(const struct run_sink *k, unsigned n, const struct vec_item *it, const char *text,
                 const struct vec_result *r)
{
    if (k && k->item)
        k->item(k->ctx, n, it, text, r);
}

/* ---- transaction-level ------------------------------------------------ */

static bool run_txn(struct vec_reader *src, const struct run_sink *k, struct run_stats *st, char *err,
                    size_t errlen)
{
    struct vmxr_state *s = malloc(sizeof *s);
    if (!s)
        return cli_fail(err, errlen, "out of memory"), false;
    vmxr_state_reset(s, vec_straps(src));
    struct vec_item item;
    const char *text;
    int more;
    for (unsigned i = 0; (more = vec_next(src, &item, &text, err, errlen)) == 1; i++) {
        const struct vec_item *it = &item;
        struct vec_result res = { 0 }, *r = &res;
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
        give(k, i, it, text, r);
    }
    free(s);
    return more == 0;
}

/* ---- item-level buses (engines known only through vmxr_bus.h) ---------- */

/* One item at a time: each command completes (with its injections) before
 * the next item. A waveform (opts->trace_path) covers the whole run. */
static bool run_bus(struct vec_reader *src, const char *engine, const struct run_opts *opts,
                    const struct run_sink *k, struct run_stats *st, char *err, size_t errlen, bool *diverged,
                    uint64_t *div_cycle)
{
    const char *path = vec_path(src);
    struct vmxr_bus *b = vmxr_bus_open(engine, vec_straps(src), err, errlen);
    if (!b)
        return false;
    if (opts && opts->stall)
        (void)vmxr_bus_stall(b, true, opts->stall_seed); /* engines without a clock have nothing to stall */
    if (opts && opts->trace_path && vmxr_bus_trace_open(b, opts->trace_path) != 0) {
        snprintf(err, errlen, "%s: cannot write a waveform with engine %s to %s", path, engine, opts->trace_path);
        vmxr_bus_close(b);
        return false;
    }
    const char *fail = NULL;
    bool bounded = false;
    uint64_t max = max_cycles_of(opts);
    struct vec_item item;
    const char *text;
    int more = 1;
    for (unsigned i = 0; !fail && !bounded && (more = vec_next(src, &item, &text, err, errlen)) == 1; i++) {
        const struct vec_item *it = &item;
        struct vec_result res = { 0 }, *r = &res;
        uint64_t before = vmxr_bus_cycles(b);
        if (it->kind == VEC_IDLE && (before > max || it->idle > max - before)) {
            bound_text(path, it->line, opts, false, before, err, errlen);
            bounded = true;
            give(k, i, it, text, r);
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
        for (unsigned j = 0; j < r->ndec; j++)
            r->dec_shown[j] = r->dec_cycle[j] = after ? after - 1 : 0;
        if ((fail = vmxr_bus_failure(b)) != NULL) {
            snprintf(err, errlen, "%s:%u: %s", path, it->line, fail);
            st->oldest_line = it->line;
            r->partial = true;
            if (div_cycle)
                *div_cycle = after ? after - 1 : 0;
        } else if (after > max || (opts && opts->deadline_ns && run_now_ns() >= opts->deadline_ns)) {
            bound_text(path, it->line, opts, after <= max, after, err, errlen);
            bounded = true;
        }
        give(k, i, it, text, r);
    }
    st->cycles += vmxr_bus_cycles(b);
    st->bounded = bounded;
    if (diverged)
        *diverged = fail != NULL;
    if (opts && opts->trace_path)
        vmxr_bus_trace_close(b);
    vmxr_bus_close(b);
    return fail == NULL && !bounded && more >= 0;
}

/* ---- port-level bus driver -------------------------------------------- */

/* An item of the window: read, maybe run, its result not yet given. */
struct slot {
    struct vec_item it;
    struct vec_result r;
    char *text; /* the item's text (it.text_len bytes, NUL-terminated) */
    size_t tcap;
    bool done;     /* run (a command: handshaken) */
    bool issued;   /* a command handshaken ... */
    bool answered; /* ... and its decision taken */
};

/* The items between the oldest whose result is not yet given (head) and
 * the last read (tail - 1), as sequence numbers (item indices); slot seq
 * is at seq & (cap - 1). It holds the commands in flight and one item read
 * ahead: a few items whatever the file's length. */
struct window {
    struct slot *s;
    size_t cap; /* a power of two */
    uint64_t head, tail;
};

struct driver {
    struct vec_reader *src;
    const char *path;
    const struct run_sink *sink;
    struct window w;
    bool at_end; /* the source has no more items */
    struct vmxr_engine *e;
    struct run_stats *st;
    struct vmxr_unit_in in;
    struct vmxr_unit_out out;
    unsigned nissued, answered;
    uint64_t ans_seq;    /* every command before it is answered */
    uint64_t presenting; /* the command presented (while in.cmd_valid) */
    int64_t last;        /* item that received the last decision, -1 before any */
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

static struct slot *slot(struct driver *d, uint64_t seq) { return &d->w.s[seq & (d->w.cap - 1)]; }

/* Room for one more item: the window doubles when full. */
static bool grow(struct driver *d)
{
    struct window *w = &d->w;
    if (w->cap && w->tail - w->head < w->cap)
        return true;
    size_t cap = w->cap ? w->cap * 2 : 16;
    struct slot *s = calloc(cap, sizeof *s);
    if (!s)
        return false;
    for (size_t i = 0; i < w->cap; i++) { /* the held slots move; the text buffers of the rest are freed */
        uint64_t seq = w->head + i;
        struct slot *o = &w->s[(w->head + i) & (w->cap - 1)];
        if (seq < w->tail)
            s[seq & (cap - 1)] = *o;
        else
            free(o->text);
    }
    free(w->s);
    w->s = s;
    w->cap = cap;
    return true;
}

/* Reads the next item into the window; false at the end or on an error
 * (then the run is broken with the message). */
static bool pull(struct driver *d)
{
    if (d->at_end)
        return false;
    struct vec_item it;
    const char *text;
    int rc = vec_next(d->src, &it, &text, d->err, d->errlen);
    if (rc == 1 && !grow(d)) {
        snprintf(d->err, d->errlen, "out of memory");
        rc = -1;
    }
    if (rc != 1) {
        d->at_end = true;
        if (rc < 0)
            d->broken = true;
        return false;
    }
    struct slot *sl = slot(d, d->w.tail);
    if (it.text_len + 1 > sl->tcap) {
        char *t = realloc(sl->text, it.text_len + 1);
        if (!t) {
            snprintf(d->err, d->errlen, "out of memory");
            d->at_end = d->broken = true;
            return false;
        }
        sl->text = t;
        sl->tcap = it.text_len + 1;
    }
    memcpy(sl->text, text, it.text_len);
    sl->text[it.text_len] = '\0';
    sl->it = it;
    sl->r = (struct vec_result){ 0 };
    sl->done = sl->issued = sl->answered = false;
    d->w.tail++;
    return true;
}

/* Nothing more can come for the commands handshaken so far: every decision
 * has left and the unit is idle (no injection due). */
static bool quiet(const struct driver *d)
{
    return d->out.idle && d->answered == d->nissued && !d->in.cmd_valid && !d->showing;
}

/* Gives the sink every item at the head whose result is final (all of them
 * when flush: the run is over). */
static void emit(struct driver *d, bool flush)
{
    while (d->w.head < d->w.tail) {
        struct slot *sl = slot(d, d->w.head);
        bool final = sl->done && !(vec_is_command(sl->it.kind) &&
                                   (!sl->answered || ((int64_t)d->w.head == d->last && !quiet(d))));
        if (!final && !flush)
            break;
        sl->r.partial = !final || d->diverged;
        give(d->sink, (unsigned)d->w.head, &sl->it, sl->text, &sl->r);
        d->w.head++;
    }
}

/* the stall pattern is a pure function of the seed */
static uint64_t rnd(struct driver *d) { return vmxr_splitmix64(&d->rng); }

static void protocol_error(struct driver *d, unsigned line, const char *msg)
{
    if (!d->broken && !d->diverged) /* after a divergence the first failure stands */
        snprintf(d->err, d->errlen, "%s:%u: engine protocol at cycle %llu: %s", d->path, line,
                 (unsigned long long)d->st->cycles, msg);
    d->broken = true;
}

/* The oldest command handshaken and not answered, or NULL. */
static struct slot *oldest_unanswered(struct driver *d, uint64_t *seq)
{
    if (d->answered == d->nissued)
        return NULL;
    if (d->ans_seq < d->w.head)
        d->ans_seq = d->w.head;
    for (; d->ans_seq < d->w.tail; d->ans_seq++) {
        struct slot *sl = slot(d, d->ans_seq);
        if (sl->issued && !sl->answered) {
            *seq = d->ans_seq;
            return sl;
        }
    }
    return NULL;
}

/* Attributes a decision leaving the unit to its command item. */
static void take_decision(struct driver *d)
{
    const struct vmxr_unit_out *o = &d->out;
    struct vmxr_decision dec = vmxr_ports_decision(o);
    uint64_t seq;
    struct slot *sl;
    if (dec.op == VMXR_OP_INJECT) {
        if (d->last < 0 || (uint64_t)d->last < d->w.head) {
            protocol_error(d, 0, "INJECT decision before any command");
            return;
        }
        seq = (uint64_t)d->last;
        sl = slot(d, seq);
        if (sl->it.kind == VEC_EV || dec.cpu != sl->it.cmd.cpu) {
            protocol_error(d, sl->it.line, "INJECT decision does not follow a RESUME or LAUNCH on its CPU");
            return;
        }
    } else {
        sl = oldest_unanswered(d, &seq);
        if (!sl) {
            protocol_error(d, 0, "decision with no command in flight");
            return;
        }
        sl->answered = true;
        d->answered++;
        if (dec.cpu != sl->it.cmd.cpu || dec.op != sl->it.cmd.op) {
            protocol_error(d, sl->it.line, "decision's cpu or op does not match the command in order");
            return;
        }
    }
    struct vec_result *r = &sl->r;
    if (r->ndec == VEC_MAX_OUTCOMES) {
        protocol_error(d, sl->it.line, "more than three decisions for one command");
        return;
    }
    r->dec_cycle[r->ndec] = d->st->cycles - 1;
    r->dec_shown[r->ndec] = d->showing ? d->shown_since : d->st->cycles - 1;
    r->dec[r->ndec++] = dec;
    d->last = (int64_t)seq;
}

/* The divergence report: the engine's port detail, then every command in
 * flight with its line. */
static void diverged(struct driver *d, const char *detail)
{
    size_t n = (size_t)snprintf(d->err, d->errlen, "%s: %s", d->path, detail);
    unsigned shown = 0;
    for (uint64_t q = d->w.head; q < d->w.tail && n < d->errlen; q++) {
        struct slot *sl = slot(d, q);
        bool presented = d->in.cmd_valid && q == d->presenting && !sl->issued;
        if (!(sl->issued && !sl->answered) && !presented)
            continue;
        n += (size_t)snprintf(d->err + n, d->errlen - n, "%s%s:%u: %s%s", shown ? "\n  " : "\n  in flight: ", d->path,
                              sl->it.line, sl->text, presented ? " (being presented)" : "");
        shown++;
    }
    if (!shown && n < d->errlen)
        snprintf(d->err + n, d->errlen - n, "\n  in flight: no command");
    /* the oldest command whose decisions had not all left before the
     * divergence (the one it most likely concerns) */
    for (uint64_t q = d->w.head; q < d->w.tail && !d->st->oldest_line; q++) {
        const struct slot *sl = slot(d, q);
        const struct vec_result *r = &sl->r;
        if (vec_is_command(sl->it.kind) &&
            (!sl->issued || r->ndec == 0 || r->dec_cycle[r->ndec - 1] >= d->div_cycle))
            d->st->oldest_line = sl->it.line;
    }
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
        bound_text(d->path, d->line, d->opts, timed_out, d->st->cycles, d->err, d->errlen);
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
        fprintf(stderr, "\r%s:%u: cycle %llu", d->path, d->line, (unsigned long long)d->st->cycles);
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
            snprintf(d->err, d->errlen, "%s: cannot write a waveform with engine %s to %s", d->path, d->e->name,
                     o->trace_path);
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

/* An APB access. A command item that follows a write is presented during
 * the write's access phase already: the unit holds it off (cmd_ready low)
 * until the write has completed, which keeps file order. */
static void apb(struct driver *d, uint64_t seq, bool next_cmd)
{
    struct slot *sl = slot(d, seq);
    const struct vec_item *it = &sl->it;
    struct vec_result *r = &sl->r;
    d->in.psel = true;
    d->in.penable = false;
    d->in.pwrite = it->kind == VEC_WR;
    d->in.paddr = it->addr;
    d->in.pwdata = it->kind == VEC_WR ? it->value : 0;
    d->in.pauser = it->vmm;
    cycle(d);
    d->in.penable = true;
    if (next_cmd && d->in.pwrite) {
        struct slot *nx = slot(d, seq + 1);
        vmxr_ports_present(&d->in, &nx->it.cmd);
        d->presenting = seq + 1;
        nx->r.in_flight = true;
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

static void command(struct driver *d, uint64_t seq)
{
    struct slot *sl = slot(d, seq);
    vmxr_ports_present(&d->in, &sl->it.cmd);
    d->presenting = seq;
    unsigned n = 0;
    WAIT_UNTIL(d, d->out.cmd_ready || (++n, false), "cmd_ready", sl->it.line);
    sl->r.held = n;
    sl->r.cycle = d->st->cycles - 1;
    /* the handshake took effect in the cycle just stepped: its decision
     * may be the next cycle's at the earliest */
    sl->issued = true;
    d->nissued++;
    d->in.cmd_valid = false;
    d->st->commands++;
}

/* Drives src's items through e (owned by the caller: opened and closed
 * outside), giving each result to sink. */
static bool run_ports(struct vec_reader *src, struct vmxr_engine *e, const struct run_opts *opts,
                      const struct run_sink *sink, struct run_stats *st, char *err, size_t errlen, bool *div,
                      uint64_t *div_cycle)
{
    struct driver d = { .src = src, .path = vec_path(src), .sink = sink, .st = st, .last = -1, .err = err,
                        .errlen = errlen, .opts = opts };
    d.rng = opts ? opts->stall_seed : 0;
    d.max_cycles = max_cycles_of(opts);
    d.next_check = opts && (opts->deadline_ns || opts->progress) ? CLOCK_CHECK_CYCLES : UINT64_MAX;
    d.e = e;
    const struct vmxr_straps *sp = vec_straps(src);
    d.in.rst_n = false;
    d.in.strap_smi_en = sp->smi_en;
    d.in.strap_smi_vmm = sp->smi_vmm;
    d.in.strap_smi_lock = sp->smi_lock;
    (void)pull(&d);
    d.line = d.w.tail ? slot(&d, 0)->it.line : 0;
    cycle(&d);
    cycle(&d);
    d.in.rst_n = true;
    d.in.dec_ready = true;
    unsigned last_line = d.line;
    for (uint64_t q = 0; q < d.w.tail && !d.broken; q++) {
        if (q + 1 == d.w.tail)
            (void)pull(&d); /* one item ahead: a write presents the command after it */
        if (d.broken)
            break;
        struct slot *sl = slot(&d, q);
        const struct vec_item *it = &sl->it;
        bool next_is_cmd = q + 1 < d.w.tail && vec_is_command(slot(&d, q + 1)->it.kind);
        d.line = last_line = it->line;
        if (it->kind != VEC_STRAP && it->kind != VEC_IDLE && !d.in.cmd_valid)
            gap(&d);
        switch (it->kind) {
        case VEC_WR: apb(&d, q, next_is_cmd); break;
        case VEC_RD:
            drain(&d, it->line);
            apb(&d, q, false);
            break;
        case VEC_EV:
        case VEC_LAUNCH:
        case VEC_RESUME: command(&d, q); break;
        case VEC_IDLE: idle(&d, it->idle); break;
        case VEC_STRAP: break;
        }
        slot(&d, q)->done = true;
        emit(&d, false);
    }
    if (!d.broken)
        drain(&d, last_line);
    emit(&d, true);
    if (d.tracing)
        vmxr_engine_trace_close(d.e);
    if (d.progress_shown)
        fprintf(stderr, "\r\033[K");
    if (div)
        *div = d.diverged;
    if (div_cycle)
        *div_cycle = d.div_cycle;
    for (size_t i = 0; i < d.w.cap; i++)
        free(d.w.s[i].text);
    free(d.w.s);
    return !d.broken && !d.diverged;
}

bool run_stream(struct vec_reader *src, const char *engine, const struct run_opts *opts, const struct run_sink *sink,
                struct run_stats *st, char *err, size_t errlen, bool *diverged, uint64_t *div_cycle)
{
    if (diverged)
        *diverged = false;
    const struct vmxr_engine_info *info = vmxr_engine_find(engine);
    if (!info) {
        snprintf(err, errlen, "unknown engine '%s'", engine);
        return false;
    }
    if (vmxr_engine_direct_txn(info))
        return run_txn(src, sink, st, err, errlen);
    if (vmxr_engine_item_level(info) || (opts && opts->bus))
        return run_bus(src, engine, opts, sink, st, err, errlen, diverged, div_cycle);
    struct vmxr_engine *e = vmxr_engine_open(engine, err, errlen);
    if (!e)
        return false;
    bool ok = run_ports(src, e, opts, sink, st, err, errlen, diverged, div_cycle);
    vmxr_engine_close(e);
    return ok;
}

bool run_stream_engine(struct vec_reader *src, struct vmxr_engine *e, const struct run_opts *opts,
                       const struct run_sink *sink, struct run_stats *st, char *err, size_t errlen, bool *diverged,
                       uint64_t *div_cycle)
{
    if (diverged)
        *diverged = false;
    return run_ports(src, e, opts, sink, st, err, errlen, diverged, div_cycle);
}

/* ---- whole files: the results in an array ------------------------------- */

static void to_array(void *ctx, unsigned n, const struct vec_item *it, const char *text, const struct vec_result *r)
{
    (void)it;
    (void)text;
    ((struct vec_result *)ctx)[n] = *r;
}

bool run_file(const struct vec_file *f, const char *engine, struct vec_result *res, struct run_stats *st, char *err,
              size_t errlen)
{
    return run_file_opts(f, engine, NULL, res, st, err, errlen, NULL, NULL);
}

/* Runs f's items on engine (by name) or on e (opened by the caller),
 * their results into res. */
static bool run_array(const struct vec_file *f, const char *engine, struct vmxr_engine *e,
                      const struct run_opts *opts, struct vec_result *res, struct run_stats *st, char *err,
                      size_t errlen, bool *diverged, uint64_t *div_cycle)
{
    if (diverged)
        *diverged = false;
    memset(res, 0, sizeof *res * (f->nitems ? f->nitems : 1));
    struct vec_reader *src = vec_open_file(f, err, errlen);
    if (!src)
        return false;
    struct run_sink k = { to_array, res };
    bool ok = e ? run_ports(src, e, opts, &k, st, err, errlen, diverged, div_cycle)
                : run_stream(src, engine, opts, &k, st, err, errlen, diverged, div_cycle);
    vec_close(src);
    return ok;
}

bool run_file_opts(const struct vec_file *f, const char *engine, const struct run_opts *opts, struct vec_result *res,
                   struct run_stats *st, char *err, size_t errlen, bool *diverged, uint64_t *div_cycle)
{
    return run_array(f, engine, NULL, opts, res, st, err, errlen, diverged, div_cycle);
}

bool run_file_engine(const struct vec_file *f, struct vmxr_engine *e, const struct run_opts *opts,
                     struct vec_result *res, struct run_stats *st, char *err, size_t errlen, bool *diverged,
                     uint64_t *div_cycle)
{
    return run_array(f, NULL, e, opts, res, st, err, errlen, diverged, div_cycle);
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

bool run_check_item(const char *path, const struct vec_item *it, const struct vec_result *r, struct run_stats *st,
                    FILE *out)
{
    if (!it->has_expect || r->partial)
        return true;
    st->checks++;
    if (holds(it, r))
        return true;
    st->failed++;
    char want[256], got[256], where[48] = "";
    format_expect(it, want, sizeof want);
    run_format_result(it, r, got, sizeof got);
    if (it->kind == VEC_RD || it->kind == VEC_WR) {
        char a[32];
        vec_addr_format(it->addr, a, sizeof a);
        snprintf(where, sizeof where, " (%s vmm=%u %s)", vec_kind_name(it->kind), it->vmm, a);
    } else if (vec_is_command(it->kind)) {
        snprintf(where, sizeof where, " (%s cpu=%u)", vec_kind_name(it->kind), it->cmd.cpu);
    }
    fprintf(out, "%s:%u: expected %s, got %s%s\n", path, it->line, want, got, where);
    return false;
}

void run_check(const struct vec_file *f, const struct vec_result *res, struct run_stats *st, FILE *out)
{
    for (unsigned i = 0; i < f->nitems; i++)
        (void)run_check_item(f->path, &f->items[i], &res[i], st, out);
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
