/* Checking a scenario's expect statements during and after a run
 * (contract in plat_int.h; the syntax is docs/platform.md's). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "plat_int.h"
#include "vec1.h"

/* Records a failure line "SCENARIO:LINE: expected X, got Y". */
static void failure(struct plat *p, const struct scn_expect *x, const char *fmt, ...)
{
    char got[400], line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(got, sizeof got, fmt, ap);
    va_end(ap);
    int n = snprintf(line, sizeof line, "%s:%u: expected %s, got %s\n", p->s->path, x->line, x->what, got);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    if (p->nfails + len + 1 > p->capfails) {
        size_t nc = (p->capfails ? p->capfails * 2 : 1024) + len;
        char *b = realloc(p->fails, nc);
        if (!b)
            return;
        p->fails = b;
        p->capfails = nc;
    }
    memcpy(p->fails + p->nfails, line, len);
    p->nfails += len;
    p->fails[p->nfails] = '\0';
}

static bool console_has(const struct plat *p, const char *text, bool whole_line)
{
    size_t tl = strlen(text);
    if (!whole_line) {
        if (tl == 0)
            return true;
        for (size_t i = 0; i + tl <= p->ncon; i++)
            if (!memcmp(p->console + i, text, tl))
                return true;
        return false;
    }
    size_t st = 0;
    while (st <= p->ncon) {
        size_t e = st;
        while (e < p->ncon && p->console[e] != '\n')
            e++;
        size_t l = e - st;
        if (l > 0 && p->console[st + l - 1] == '\r')
            l--;
        if (l == tl && !memcmp(p->console + st, text, tl) && (e < p->ncon || l > 0))
            return true;
        st = e + 1;
    }
    return false;
}

/* Checks one expect; v is the vCPU for a GPR expect (NULL: none ran). */
static bool check(struct plat *p, const struct scn_expect *x, const struct vcpu *v, const char *vdesc)
{
    uint64_t got = 0;
    switch (x->kind) {
    case SCN_X_GPR:
        if (!v) {
            failure(p, x, "nothing (%s never ran)", vdesc);
            return false;
        }
        got = v->r[x->gpr];
        if (got != x->value) {
            failure(p, x, "0x%llX (%s)", (unsigned long long)got, vdesc);
            return false;
        }
        return true;
    case SCN_X_CONSOLE:
    case SCN_X_CONSOLE_LINE:
        if (console_has(p, x->text, x->kind == SCN_X_CONSOLE_LINE))
            return true;
        failure(p, x, "no such %s in %zu bytes of console output", x->kind == SCN_X_CONSOLE ? "text" : "line", p->ncon);
        return false;
    case SCN_X_HANDLED:
        if (x->reason >= 0) {
            got = p->exits[x->vmm][x->reason];
        } else {
            for (unsigned r = 0; r < VMXR_NREASON; r++)
                got += p->exits[x->vmm][r];
        }
        break;
    case SCN_X_DECISIONS: got = p->rules[x->rule]; break;
    case SCN_X_COMPLETED: got = p->stopped ? 0 : 1; break;
    case SCN_X_REG: {
        if (p->bus_failed) {
            failure(p, x, "nothing (the bus failed)");
            return false;
        }
        char note[160];
        snprintf(note, sizeof note, "expect on line %u reads the register as vmm 0", x->line);
        tap_comment(p->bus, note);
        bool err = false;
        got = vmxr_bus_read(p->bus, 0, x->addr, &err);
        if (err) {
            failure(p, x, "an error response");
            return false;
        }
        break;
    }
    default: return false;
    }
    if (got == x->value)
        return true;
    if (x->kind == SCN_X_COMPLETED)
        failure(p, x, "a run that stopped early (%s)", p->why);
    else if (x->kind == SCN_X_REG)
        failure(p, x, "0x%llX", (unsigned long long)got);
    else
        failure(p, x, "%llu", (unsigned long long)got);
    return false;
}

static void tally(struct plat *p, unsigned i, bool ok, const char *where)
{
    const struct scn_expect *x = &p->s->expects[i];
    p->nexp++;
    p->xchecked[i]++;
    if (!ok)
        p->nfail++;
    if (where)
        plat_tline(p, 1, "expect %s (line %u, %s): %s", x->what, x->line, where, ok ? "ok" : "FAILED");
    else
        fprintf(p->tx, "line %u: %s: %s\n", x->line, x->what, ok ? "ok" : "FAILED");
}

void plat_expect_order(struct plat *p)
{
    unsigned k = 0;
    for (unsigned g = 0; g < p->s->nprogs; g++) {
        p->xstart[g] = k;
        for (unsigned i = 0; i < p->s->nexpects; i++)
            if (p->s->expects[i].prog == (int)g)
                p->xorder[k++] = i;
    }
    p->xstart[p->s->nprogs] = k;
}

void plat_expect_point(struct plat *p, unsigned prog, unsigned vm, unsigned cpu, unsigned at)
{
    struct vcpu *v = &p->vcpu[vm][cpu];
    for (unsigned k = p->xstart[prog] + v->xnext; k < p->xstart[prog + 1]; k = p->xstart[prog] + ++v->xnext) {
        unsigned i = p->xorder[k];
        const struct scn_expect *x = &p->s->expects[i];
        if (x->at > at)
            break;
        if (x->at < at)
            continue; /* not reached this way (a vCPU passes every place in order) */
        char d[48];
        snprintf(d, sizeof d, "vm %u cpu%u", vm, cpu);
        tally(p, i, check(p, x, v, d), d);
    }
}

void plat_expect_end(struct plat *p)
{
    if (p->s->nexpects == 0)
        return;
    fprintf(p->tx, "== expects at the end\n");
    for (unsigned i = 0; i < p->s->nexpects; i++) {
        const struct scn_expect *x = &p->s->expects[i];
        if (x->prog >= 0) {
            if (p->xchecked[i] == 0) {
                const struct scn_program *g = &p->s->progs[x->prog];
                failure(p, x, "nothing: no vCPU running vm %u's program (line %u) got there", g->vm, g->line);
                p->nexp++;
                p->nfail++;
                fprintf(p->tx, "line %u: %s: not reached\n", x->line, x->what);
            }
            continue;
        }
        const struct vcpu *v = NULL;
        char d[48] = "";
        if (x->kind == SCN_X_GPR) {
            unsigned vm = (unsigned)x->vm;
            snprintf(d, sizeof d, "vm %u%s", vm, x->cpu >= 0 ? "" : " on any cpu");
            for (unsigned c = 0; c < FW_MAX_CPUS && !v; c++)
                if ((x->cpu < 0 || (unsigned)x->cpu == c) && p->vcpu[vm][c].used) {
                    v = &p->vcpu[vm][c];
                    snprintf(d, sizeof d, "vm %u cpu%u", vm, c);
                }
            if (!v && x->cpu >= 0)
                snprintf(d, sizeof d, "vm %u cpu%d", vm, x->cpu);
        }
        tally(p, i, check(p, x, v, d), NULL);
    }
    fprintf(p->tx, "== expects: %u checked, %u failed\n", p->nexp, p->nfail);
}
