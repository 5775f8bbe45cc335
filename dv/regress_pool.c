/* The regression's parent side: the pool of worker processes, the
 * messages from them, progress, crashes and timeouts. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coverage.h"
#include "regress_int.h"

static int spawn(struct regress *rg, struct worker *w)
{
    int cmd[2], res[2];
    if (pipe(cmd) != 0)
        return -1;
    if (pipe(res) != 0) {
        close(cmd[0]);
        close(cmd[1]);
        return -1;
    }
    w->gen++;
    char *dat = rg->rtl_cov ? rg_fmt("%s/worker-%u-%u.dat", rg->dat_dir, w->slot, w->gen) : NULL;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(cmd[0]);
        close(cmd[1]);
        close(res[0]);
        close(res[1]);
        free(dat);
        return -1;
    }
    if (pid == 0) {
        close(cmd[1]);
        close(res[0]);
        for (unsigned k = 0; k < rg->nw; k++)
            if (&rg->w[k] != w && rg->w[k].pid > 0) {
                close(rg->w[k].cmd_fd);
                close(rg->w[k].res_fd);
            }
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1); /* the table is the parent's */
            close(null);
        }
        struct worker_ctx ctx = { .rg = rg,
                                  .in_fd = cmd[0],
                                  .out_fd = res[1],
                                  .crash_hook = getenv("VMXR_REGRESS_CRASH_TEST"),
                                  .dat_path = dat };
        rg_worker_main(&ctx);
        _exit(0);
    }
    free(dat);
    close(cmd[0]);
    close(res[1]);
    fcntl(cmd[1], F_SETFD, FD_CLOEXEC);
    fcntl(res[0], F_SETFD, FD_CLOEXEC);
    w->pid = pid;
    w->cmd_fd = cmd[1];
    w->res_fd = res[0];
    w->pos = -1;
    w->quit_sent = w->timed_out = false;
    return 0;
}

static void progress(struct regress *rg, bool final)
{
    double el = rg_now() - rg->t0;
    unsigned s = (unsigned)el;
    if (rg->tty) {
        /* at most 5 redraws a second, and at once when a test fails */
        if (!final && el - rg->last_tty < 0.2 && rg->failed == rg->shown_failed)
            return;
        rg->last_tty = el;
        rg->shown_failed = rg->failed;
        fprintf(stderr, "\r\033[K");
        if (!final)
            fprintf(stderr, "[%u/%u] %u failed, %02u:%02u", rg->done, rg->nsel, rg->failed, s / 60, s % 60);
    } else if (final || el - rg->last_plain >= 10.0) {
        fprintf(stderr, "regress: [%u/%u] %u failed, %02u:%02u\n", rg->done, rg->nsel, rg->failed, s / 60, s % 60);
        rg->last_plain = el;
    }
    fflush(stderr);
}

/* A failure's signature when the worker could not send one. */
static char *parent_sig(const struct result *r, int wstatus)
{
    if (r->st == ST_TIMEOUT)
        return rg_strdup("timeout");
    if (r->st == ST_CRASH)
        return WIFSIGNALED(wstatus) ? rg_fmt("crash: signal %d (%s)", WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)))
                                    : rg_strdup("crash: worker exited");
    return rg_sig_message("error", r->text);
}

static void record(struct regress *rg, unsigned pos, struct result *r)
{
    rg->res[pos] = *r;
    rg->res[pos].done = true;
    rg->res[pos].bucket = -1;
    rg->done++;
    if (r->st == ST_NOTRUN) {
        rg->notrun++;
        return;
    }
    if (r->st != ST_PASS) {
        rg->failed++;
        if (rg_bucket_add(rg, pos)) {
            /* one line per new bucket, whatever the stream */
            const struct bucket *b = &rg->bk[rg->res[pos].bucket];
            if (rg->tty)
                fprintf(stderr, "\r\033[K");
            fprintf(stderr, "regress: new failure bucket %u: %s (%s %s)\n", rg->nbk, b->sig,
                    rg_status_name[r->st], rg->tests[rg->sel[pos]].name);
            rg->shown_failed = (unsigned)-1; /* a tty redraws its progress line */
        }
        if (rg->o.max_fail && rg->failed == rg->o.max_fail && rg->next < rg->nsel) {
            if (rg->tty)
                fprintf(stderr, "\r\033[K");
            fprintf(stderr, "regress: %u failure%s (--max-fail %u): no more tests are started\n", rg->failed,
                    rg->failed == 1 ? "" : "s", rg->o.max_fail);
        }
    }
    progress(rg, false);
}

static void give_work(struct regress *rg, struct worker *w)
{
    struct msg_cmd c = { MSG_QUIT, 0 };
    if (rg->o.max_fail && rg->failed >= rg->o.max_fail && rg->next < rg->nsel)
        rg->stopped = true;
    if (rg->next < rg->nsel && !rg->stopped) {
        c.kind = MSG_RUN;
        c.pos = rg->next++;
        w->pos = (int)c.pos;
        w->started = rg_now();
    } else {
        w->pos = -1;
        w->quit_sent = true;
    }
    if (!rg_write_all(w->cmd_fd, &c, sizeof c) && c.kind == MSG_RUN) {
        /* the worker is gone: its end of file will fail the test */
    }
}

void rg_note(struct regress *rg, const char *text)
{
    char *n = rg_fmt("%s  %s\n", rg->notes ? rg->notes : "", text);
    free(rg->notes);
    rg->notes = n;
}

/* A worker's result pipe is readable: one message, or its end. */
static void handle(struct regress *rg, struct worker *w)
{
    struct msg_res m;
    int rc = rg_read_all(w->res_fd, &m, sizeof m);
    char *blob[NBLOB] = { 0 };
    bool ok = rc == 1 && (m.kind == MSG_RESULT || m.kind == MSG_BYE);
    for (int i = 0; i < NBLOB && ok; i++) {
        if (m.blob_len[i] > (64u << 20)) {
            ok = false;
            break;
        }
        blob[i] = rg_calloc((size_t)m.blob_len[i] + 1, 1);
        ok = m.blob_len[i] == 0 || rg_read_all(w->res_fd, blob[i], m.blob_len[i]) == 1;
    }
    if (ok && m.kind == MSG_RESULT && w->pos == (int)m.pos) {
        struct result r = { .st = (enum status)m.status,
                            .commands = m.commands,
                            .fail_cmds = m.fail_cmds,
                            .why_line = m.why_line,
                            .cycles = m.cycles,
                            .div_cycle = m.div_cycle,
                            .secs = m.secs };
        if ((unsigned)m.status > ST_TIMEOUT)
            r.st = ST_ERROR;
        if (r.st == ST_NOTRUN)
            r.st = ST_ERROR;
        r.text = blob[0][0] ? blob[0] : NULL;
        r.sig = blob[1][0] ? blob[1] : NULL;
        r.why = blob[3][0] ? blob[3] : NULL;
        if (r.st != ST_PASS && !r.sig)
            r.sig = parent_sig(&r, 0);
        for (int i = 0; i < 4; i++)
            if (!blob[i][0])
                free(blob[i]);
        if (blob[4][0]) {
            FILE *in = fmemopen(blob[4], m.blob_len[4], "r");
            char err[256];
            if (!in || !cov_read_json(rg->cov, in, err, sizeof err)) {
                char *t = rg_fmt("functional coverage of %s not merged: %s", rg->tests[rg->sel[m.pos]].name,
                               in ? err : "fmemopen failed");
                rg_note(rg, t);
                free(t);
            }
            if (in)
                fclose(in);
        }
        free(blob[4]);
        unsigned pos = m.pos;
        record(rg, pos, &r);
        give_work(rg, w);
        return;
    }
    if (ok && m.kind == MSG_BYE) {
        if (blob[0][0]) {
            char **d = realloc(rg->dats, (rg->ndats + 1) * sizeof *d);
            if (!d)
                rg_oom();
            rg->dats = d;
            rg->dats[rg->ndats++] = blob[0];
            blob[0] = NULL;
        }
        if (blob[1][0]) {
            char *t = rg_fmt("worker %u: %s", w->slot, blob[1]);
            rg_note(rg, t);
            free(t);
        }
        for (int i = 0; i < NBLOB; i++)
            free(blob[i]);
        return; /* its end of file follows */
    }
    for (int i = 0; i < NBLOB; i++)
        free(blob[i]);
    /* end of file or garbage: the worker is gone (or is made to go) */
    pid_t pid = w->pid;
    if (rc != 0)
        kill(pid, SIGKILL);
    close(w->res_fd);
    close(w->cmd_fd);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
    if (w->pos >= 0) {
        unsigned pos = (unsigned)w->pos;
        struct result r = { .st = w->timed_out ? ST_TIMEOUT : ST_CRASH, .secs = rg_now() - w->started };
        if (w->timed_out)
            r.text = rg_fmt("timed out after %" PRIu64 " s (worker process %d killed)", rg->o.timeout, (int)pid);
        else if (WIFSIGNALED(st))
            r.text = rg_fmt("worker process crashed: killed by signal %d (%s)%s", WTERMSIG(st), strsignal(WTERMSIG(st)),
                          rg->rtl_cov ? "; its RTL coverage is lost" : "");
        else
            r.text = rg_fmt("worker process exited with status %d during the test", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        r.sig = parent_sig(&r, st);
        rg->crashes++;
        w->pos = -1;
        record(rg, pos, &r);
        if (rg->next < rg->nsel && !rg->stopped && !(rg->o.max_fail && rg->failed >= rg->o.max_fail)) {
            if (spawn(rg, w) == 0) {
                rg->respawns++;
                give_work(rg, w);
            } else {
                rg_note(rg, "could not start a replacement worker");
            }
        }
    } else if (!w->quit_sent || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        char *t = rg_fmt("worker %u ended unexpectedly (status 0x%x)", w->slot, (unsigned)st);
        rg_note(rg, t);
        free(t);
    }
}

/* Runs the selected tests; every position gets a result. */
void rg_run_all(struct regress *rg)
{
    unsigned nw = rg->o.jobs < rg->nsel ? rg->o.jobs : rg->nsel;
    rg->w = rg_calloc(nw ? nw : 1, sizeof *rg->w);
    rg->nw = nw;
    for (unsigned k = 0; k < nw; k++) {
        rg->w[k].slot = k;
        if (spawn(rg, &rg->w[k]) != 0) {
            fprintf(stderr, "vmxr regress: cannot start worker %u: %s\n", k, strerror(errno));
            rg->w[k].pid = 0;
            continue;
        }
        give_work(rg, &rg->w[k]);
    }
    struct pollfd *pf = rg_calloc(nw ? nw : 1, sizeof *pf);
    unsigned *who = rg_calloc(nw ? nw : 1, sizeof *who);
    for (;;) {
        unsigned n = 0;
        for (unsigned k = 0; k < nw; k++)
            if (rg->w[k].pid > 0) {
                pf[n] = (struct pollfd){ .fd = rg->w[k].res_fd, .events = POLLIN };
                who[n++] = k;
            }
        if (n == 0)
            break;
        int pr = poll(pf, n, 1000);
        if (pr < 0 && errno != EINTR)
            break;
        for (unsigned i = 0; i < n && pr > 0; i++)
            if (pf[i].revents)
                handle(rg, &rg->w[who[i]]);
        double t = rg_now();
        for (unsigned k = 0; k < nw; k++) {
            struct worker *w = &rg->w[k];
            if (w->pid > 0 && w->pos >= 0 && !w->timed_out && t - w->started > (double)rg->o.timeout) {
                w->timed_out = true;
                kill(w->pid, SIGKILL);
            }
        }
        if (rg->tty)
            progress(rg, false);
    }
    free(pf);
    free(who);
    /* positions never run: --max-fail reached, or no worker could be started */
    bool limit = rg->o.max_fail && rg->failed >= rg->o.max_fail;
    for (unsigned p = 0; p < rg->nsel; p++)
        if (!rg->res[p].done) {
            struct result r = { .st = ST_ERROR, .text = rg_strdup("not run: no worker process") };
            if (limit) {
                free(r.text);
                r = (struct result){ .st = ST_NOTRUN, .text = rg_fmt("not run: --max-fail %u reached", rg->o.max_fail) };
            }
            record(rg, p, &r);
        }
    rg->stopped = limit && rg->notrun;
    progress(rg, true);
}
