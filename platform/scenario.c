/* Scenario files (docs/platform.md): parser and checks. Line-oriented; every
 * error is "FILE:LINE:COL: message" and nothing malformed gets through. A
 * file is read a line at a time, and a program is kept as the records of
 * its statements (below), so a scenario takes memory in proportion to its
 * text, whatever its repeat counts. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "platform.h"
#include "scn_int.h"

#define MAX_OPS 200000u /* per program, after expansion */
#define MAX_PROGS 64u
#define MAX_EVENTS 256u
#define MAX_FILE (64u << 20) /* bytes of a scenario file */

/* A program's records, one a statement: a header byte, then the numbers it
 * announces as LEB128, in this order:
 *   bits 0-3  the kind (enum scn_op_kind), or REC_PRINT
 *   REC_COUNT a repeat count follows (else 1)
 *   REC_A     a follows (else 0); REC_PRINT: the text's length, then its bytes
 *   REC_B     b follows (else 0)
 *   REC_X     one more byte: IN/OUT the size (else 1); EXIT the form, then
 *             for SCN_EXIT_RAW the reason, itype and vector bytes, then
 *             the gpa
 * A print is OUT 0x3F8 of each byte of its text, the whole text count
 * times. */
#define REC_PRINT 15u
#define REC_COUNT 0x10u
#define REC_A 0x20u
#define REC_B 0x40u
#define REC_X 0x80u
#define REC_MAX (1 + 4 * 10 + 4) /* the longest record but a print's */

bool scn_fail(struct pctx *p, unsigned col, const char *fmt, ...)
{
    char msg[400], esc[4 * sizeof msg];
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* the input the message quotes, escaped: no byte of the file reaches a
     * terminal raw */
    cli_escape(esc, sizeof esc, msg, m < 0 ? 0 : (size_t)m < sizeof msg ? (size_t)m : sizeof msg - 1);
    snprintf(p->err, p->errlen, "%s:%u:%u: %s", p->path, p->line, col, esc);
    return false;
}

bool scn_tok_is(const struct tok *t, const char *w)
{
    return !t->str && t->len == strlen(w) && !memcmp(t->s, w, t->len);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Splits a line into tokens; '#' outside a string ends it. */
static bool tokenize(struct pctx *p, const char *line, size_t len, struct tok *t, unsigned *n)
{
    *n = 0;
    size_t i = 0;
    for (;;) {
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            i++;
        if (i >= len || line[i] == '#')
            return true;
        if (*n == MAX_TOKENS)
            return scn_fail(p, (unsigned)i + 1, "too many fields on a line (at most %d)", MAX_TOKENS);
        struct tok *k = &t[(*n)++];
        k->col = (unsigned)i + 1;
        k->str = false;
        if (line[i] == '"') {
            size_t o = 0;
            i++;
            for (;;) {
                if (i >= len)
                    return scn_fail(p, k->col, "unterminated string");
                char c = line[i];
                if (c == '"') {
                    i++;
                    break;
                }
                if ((unsigned char)c < 0x20 && c != '\t')
                    return scn_fail(p, (unsigned)i + 1, "control character in a string");
                if (c == '\\') {
                    if (i + 1 >= len)
                        return scn_fail(p, (unsigned)i + 1, "unterminated escape");
                    char e = line[i + 1];
                    i += 2;
                    switch (e) {
                    case 'n': c = '\n'; break;
                    case 'r': c = '\r'; break;
                    case 't': c = '\t'; break;
                    case '\\': c = '\\'; break;
                    case '"': c = '"'; break;
                    case 'x': {
                        int h1 = i < len ? hexval(line[i]) : -1, h2 = i + 1 < len ? hexval(line[i + 1]) : -1;
                        if (h1 < 0 || h2 < 0)
                            return scn_fail(p, (unsigned)i - 1, "'\\x' needs two hex digits");
                        c = (char)(h1 * 16 + h2);
                        i += 2;
                        break;
                    }
                    default: return scn_fail(p, (unsigned)i - 1, "unknown escape '\\%c' (\\n \\r \\t \\\\ \\\" \\xHH)", e);
                    }
                } else {
                    i++;
                }
                if (o + 1 >= sizeof k->buf)
                    return scn_fail(p, k->col, "string longer than %u bytes", MAX_TEXT - 1);
                k->buf[o++] = c;
            }
            k->buf[o] = '\0';
            k->s = k->buf;
            k->len = o;
            k->str = true;
            if (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '#')
                return scn_fail(p, (unsigned)i + 1, "expected a blank after the string");
        } else {
            size_t st = i;
            while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '#') {
                if (line[i] == '"')
                    return scn_fail(p, (unsigned)i + 1, "unexpected '\"' inside a word");
                i++;
            }
            k->s = line + st;
            k->len = i - st;
        }
    }
}

bool scn_parse_num(struct pctx *p, const char *s, size_t len, unsigned col, uint64_t max, const char *what,
                      uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;
    unsigned base = 10;
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i == len)
        return scn_fail(p, col, "expected %s, got '%.*s'", what, (int)len, s);
    for (; i < len; i++) {
        int d = base == 16 ? hexval(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
        if (d < 0)
            return scn_fail(p, col, "expected %s (decimal or 0x hex), got '%.*s'", what, (int)len, s);
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            return scn_fail(p, col, "%s '%.*s' is out of range", what, (int)len, s);
        v = v * base + (uint64_t)d;
    }
    if (v > max)
        return scn_fail(p, col, "%s %.*s is out of range (at most %llu)", what, (int)len, s, (unsigned long long)max);
    *out = v;
    return true;
}

bool scn_tok_num(struct pctx *p, const struct tok *t, uint64_t max, const char *what, uint64_t *out)
{
    if (t->str)
        return scn_fail(p, t->col, "expected %s, got a string", what);
    return scn_parse_num(p, t->s, t->len, t->col, max, what, out);
}

/* key=value with a number value. */
bool scn_tok_kv(struct pctx *p, const struct tok *t, const char *key, uint64_t max, uint64_t *out)
{
    size_t kl = strlen(key);
    if (t->str || t->len <= kl || memcmp(t->s, key, kl) || t->s[kl] != '=')
        return scn_fail(p, t->col, "expected '%s=N', got '%.*s'", key, (int)t->len, t->s);
    return scn_parse_num(p, t->s + kl + 1, t->len - kl - 1, t->col + (unsigned)kl + 1, max, key, out);
}

bool scn_is_kv(const struct tok *t, const char *key)
{
    size_t kl = strlen(key);
    return !t->str && t->len > kl && !memcmp(t->s, key, kl) && t->s[kl] == '=';
}

bool scn_want_n(struct pctx *p, const struct tok *t, unsigned n, unsigned lo, unsigned hi, const char *usage)
{
    if (n < lo)
        return scn_fail(p, t[0].col, "expected '%s'", usage);
    if (n > hi)
        return scn_fail(p, t[hi].col, "unexpected '%.*s' (expected '%s')", (int)t[hi].len, t[hi].s, usage);
    return true;
}

static size_t put_num(unsigned char *b, uint64_t v)
{
    size_t n = 0;
    do {
        b[n++] = (unsigned char)((v & 0x7Fu) | (v > 0x7Fu ? 0x80u : 0u));
        v >>= 7;
    } while (v);
    return n;
}

static uint64_t get_num(const unsigned char **r)
{
    uint64_t v = 0;
    unsigned sh = 0;
    unsigned char b;
    do {
        b = *(*r)++;
        if (sh < 64)
            v |= (uint64_t)(b & 0x7Fu) << sh;
        sh += 7;
    } while (b & 0x80u);
    return v;
}

/* Appends a record of ops instructions (head the record's header, then n
 * bytes of it, then tail bytes of text) to g. */
static bool put_rec(struct pctx *p, unsigned col, struct scn_program *g, uint64_t ops, const unsigned char *rec,
                    size_t n, const char *tail, size_t tn)
{
    if (ops == 0)
        return true;
    if (ops > MAX_OPS - g->nops)
        return scn_fail(p, col, "program of vm %u has more than %u instructions", g->vm, MAX_OPS);
    if (g->cap - g->len < n + tn) {
        size_t nc = g->cap ? g->cap : 64;
        while (nc - g->len < n + tn)
            nc *= 2;
        unsigned char *c = realloc(g->code, nc);
        if (!c)
            return scn_fail(p, col, "out of memory");
        g->code = c;
        g->cap = nc;
    }
    memcpy(g->code + g->len, rec, n);
    if (tn)
        memcpy(g->code + g->len + n, tail, tn);
    g->len += n + tn;
    g->nops += (unsigned)ops;
    return true;
}

/* op, count times. */
static bool push_op(struct pctx *p, unsigned col, struct scn_program *g, const struct scn_op *op, uint64_t count)
{
    unsigned char rec[REC_MAX];
    size_t n = 1;
    rec[0] = op->kind;
    if (count != 1) {
        rec[0] |= REC_COUNT;
        n += put_num(rec + n, count);
    }
    if (op->a) {
        rec[0] |= REC_A;
        n += put_num(rec + n, op->a);
    }
    if (op->b) {
        rec[0] |= REC_B;
        n += put_num(rec + n, op->b);
    }
    if (op->kind == SCN_EXIT) {
        rec[0] |= REC_X;
        rec[n++] = op->form;
        if (op->form == SCN_EXIT_RAW) {
            rec[n++] = op->reason;
            rec[n++] = op->itype;
            rec[n++] = op->vector;
        }
        n += put_num(rec + n, op->gpa);
    } else if (op->size != 1) {
        rec[0] |= REC_X;
        rec[n++] = op->size;
    }
    return put_rec(p, col, g, count, rec, n, NULL, 0);
}

/* print TEXT, count times. */
static bool push_print(struct pctx *p, unsigned col, struct scn_program *g, const char *text, size_t len, uint64_t count)
{
    unsigned char rec[REC_MAX];
    size_t n = 1;
    rec[0] = REC_PRINT;
    if (count != 1) {
        rec[0] |= REC_COUNT;
        n += put_num(rec + n, count);
    }
    n += put_num(rec + n, len);
    return put_rec(p, col, g, count * len, rec, n, text, len);
}

bool scn_next(const struct scn_program *g, struct scn_cursor *c, struct scn_op *op)
{
    if (c->off >= g->len)
        return false;
    const unsigned char *r = g->code + c->off;
    unsigned h = *r++;
    uint64_t count = h & REC_COUNT ? get_num(&r) : 1, ops = count;
    *op = (struct scn_op){ .kind = (uint8_t)(h & 15u), .size = 1 };
    if ((h & 15u) == REC_PRINT) {
        uint64_t len = get_num(&r);
        op->kind = SCN_OUT;
        op->a = 0x3F8;
        op->b = r[c->k % len];
        r += len;
        ops = count * len;
    } else {
        if (h & REC_A)
            op->a = get_num(&r);
        if (h & REC_B)
            op->b = get_num(&r);
        if ((h & REC_X) && op->kind == SCN_EXIT) {
            op->form = *r++;
            if (op->form == SCN_EXIT_RAW) {
                op->reason = r[0];
                op->itype = r[1];
                op->vector = r[2];
                r += 3;
            }
            op->gpa = get_num(&r);
            scn_exit_form(op);
        } else if (h & REC_X) {
            op->size = *r++;
        }
    }
    if (++c->k >= ops) {
        c->off = (size_t)(r - g->code);
        c->k = 0;
    }
    return true;
}

/* One guest instruction (t[0] is its mnemonic), count times. The line of
 * the first sipi or ipi to CPU c goes to target_line[c] (if still 0). */
static bool parse_op(struct pctx *p, const struct tok *t, unsigned n, struct scn_program *g, uint64_t count,
                     unsigned ncpu_max, unsigned target_line[FW_MAX_CPUS])
{
    struct scn_op op = { .size = 1 };
    uint64_t v;
    bool matched = false;
    if (!scn_parse_exit_op(p, t, n, &op, &matched))
        return false;
    if (matched)
        return push_op(p, t[0].col, g, &op, count);
    if (scn_tok_is(&t[0], "print")) {
        if (!scn_want_n(p, t, n, 2, 2, "print \"TEXT\""))
            return false;
        if (!t[1].str)
            return scn_fail(p, t[1].col, "print takes a \"string\"");
        return push_print(p, t[1].col, g, t[1].s, t[1].len, count);
    }
    for (unsigned i = 1; i < n; i++)
        if (t[i].str)
            return scn_fail(p, t[i].col, "unexpected string (only print takes one)");
    if (scn_tok_is(&t[0], "out")) {
        if (!scn_want_n(p, t, n, 3, 4, "out PORT VALUE [SIZE]") || !scn_tok_num(p, &t[1], 0xFFFF, "a port", &op.a))
            return false;
        if (n == 4) {
            if (!scn_tok_num(p, &t[3], 4, "a size", &v))
                return false;
            if (v != 1 && v != 2 && v != 4)
                return scn_fail(p, t[3].col, "size must be 1, 2 or 4 bytes");
            op.size = (uint8_t)v;
        }
        uint64_t max = op.size == 4 ? 0xFFFFFFFFu : op.size == 2 ? 0xFFFFu : 0xFFu;
        if (!scn_tok_num(p, &t[2], max, "a value", &op.b))
            return false;
        op.kind = op.a == 0xB2 && op.size == 1 ? SCN_APM : SCN_OUT;
    } else if (scn_tok_is(&t[0], "in")) {
        if (!scn_want_n(p, t, n, 2, 3, "in PORT [SIZE]") || !scn_tok_num(p, &t[1], 0xFFFF, "a port", &op.a))
            return false;
        if (n == 3) {
            if (!scn_tok_num(p, &t[2], 4, "a size", &v))
                return false;
            if (v != 1 && v != 2 && v != 4)
                return scn_fail(p, t[2].col, "size must be 1, 2 or 4 bytes");
            op.size = (uint8_t)v;
        }
        op.kind = SCN_IN;
    } else if (scn_tok_is(&t[0], "apm")) {
        if (!scn_want_n(p, t, n, 2, 2, "apm VALUE") || !scn_tok_num(p, &t[1], 0xFF, "a command byte", &op.b))
            return false;
        op.kind = SCN_APM;
        op.a = 0xB2;
    } else if (scn_tok_is(&t[0], "cpuid")) {
        if (!scn_want_n(p, t, n, 2, 3, "cpuid LEAF [SUBLEAF]") || !scn_tok_num(p, &t[1], 0xFFFFFFFFu, "a leaf", &op.a))
            return false;
        if (n == 3 && !scn_tok_num(p, &t[2], 0xFFFFFFFFu, "a subleaf", &op.b))
            return false;
        op.kind = SCN_CPUID;
    } else if (scn_tok_is(&t[0], "hlt")) {
        if (!scn_want_n(p, t, n, 1, 1, "hlt"))
            return false;
        op.kind = SCN_HLT;
    } else if (scn_tok_is(&t[0], "vmcall")) {
        if (!scn_want_n(p, t, n, 3, 3, "vmcall NR ARG") || !scn_tok_num(p, &t[1], UINT64_MAX, "a hypercall number", &op.a) ||
            !scn_tok_num(p, &t[2], UINT64_MAX, "an argument", &op.b))
            return false;
        op.kind = SCN_VMCALL;
    } else if (scn_tok_is(&t[0], "mov-cr") || scn_tok_is(&t[0], "read-cr")) {
        bool wr = scn_tok_is(&t[0], "mov-cr");
        if (!scn_want_n(p, t, n, wr ? 3 : 2, wr ? 3 : 2, wr ? "mov-cr CR VALUE" : "read-cr CR") ||
            !scn_tok_num(p, &t[1], 15, "a control register number", &op.a))
            return false;
        if (wr && !scn_tok_num(p, &t[2], UINT64_MAX, "a value", &op.b))
            return false;
        op.kind = wr ? SCN_MOVCR : SCN_READCR;
    } else if (scn_tok_is(&t[0], "rdmsr")) {
        if (!scn_want_n(p, t, n, 2, 2, "rdmsr MSR") || !scn_tok_num(p, &t[1], 0xFFFFFFFFu, "an MSR number", &op.a))
            return false;
        op.kind = SCN_RDMSR;
    } else if (scn_tok_is(&t[0], "wrmsr")) {
        if (!scn_want_n(p, t, n, 3, 3, "wrmsr MSR VALUE") || !scn_tok_num(p, &t[1], 0xFFFFFFFFu, "an MSR number", &op.a) ||
            !scn_tok_num(p, &t[2], UINT64_MAX, "a value", &op.b))
            return false;
        op.kind = SCN_WRMSR;
    } else if (scn_tok_is(&t[0], "pf")) {
        if (!scn_want_n(p, t, n, 3, 3, "pf ADDR EC") || !scn_tok_num(p, &t[1], 0xFFFFFFFFu, "an address", &op.a) ||
            !scn_tok_num(p, &t[2], 0xFFFFFFFFu, "an error code", &op.b))
            return false;
        op.kind = SCN_PF;
    } else if (scn_tok_is(&t[0], "sipi") || scn_tok_is(&t[0], "ipi")) {
        bool sipi = scn_tok_is(&t[0], "sipi");
        if (!scn_want_n(p, t, n, 3, 3, sipi ? "sipi CPU VECTOR" : "ipi CPU VECTOR") ||
            !scn_tok_num(p, &t[1], ncpu_max - 1, "a CPU", &op.a) || !scn_tok_num(p, &t[2], 0xFF, "a vector", &op.b))
            return false;
        op.kind = sipi ? SCN_SIPI : SCN_IPI;
        if (count && !target_line[op.a])
            target_line[op.a] = p->line;
    } else {
        return scn_fail(p, t[0].col, "unknown instruction '%.*s'", (int)t[0].len, t[0].s);
    }
    return push_op(p, t[0].col, g, &op, count);
}

/* EVENT [cpu=C] from t[0]. */
static bool parse_event(struct pctx *p, const struct tok *t, unsigned n, struct scn_event *e, unsigned ncpu_max)
{
    static const char USAGE[] = "smi | nmi | ipi vec=N | mgmt offline|online vmm=V, then [cpu=C]";
    uint64_t v;
    if (n == 0)
        return scn_fail(p, t[-1].col + (unsigned)t[-1].len + 1, "expected an event (%s)", USAGE);
    e->cpu = -1;
    if (n >= 1 && scn_is_kv(&t[n - 1], "cpu")) {
        if (!scn_tok_kv(p, &t[n - 1], "cpu", ncpu_max - 1, &v))
            return false;
        e->cpu = (int)v;
        n--;
    }
    if (n == 0)
        return scn_fail(p, t[0].col, "expected an event (%s)", USAGE);
    if (scn_tok_is(&t[0], "smi") || scn_tok_is(&t[0], "nmi")) {
        e->kind = scn_tok_is(&t[0], "smi") ? SCN_EV_SMI : SCN_EV_NMI;
        if (n > 1)
            return scn_fail(p, t[1].col, "unexpected '%.*s' after the event", (int)t[1].len, t[1].s);
    } else if (scn_tok_is(&t[0], "ipi")) {
        if (n != 2)
            return scn_fail(p, t[0].col, "expected 'ipi vec=N [cpu=C]'");
        if (!scn_tok_kv(p, &t[1], "vec", 0xFF, &v))
            return false;
        e->kind = SCN_EV_IPI;
        e->arg = (uint8_t)v;
    } else if (scn_tok_is(&t[0], "mgmt")) {
        if (n != 3 || !(scn_tok_is(&t[1], "offline") || scn_tok_is(&t[1], "online")))
            return scn_fail(p, n > 1 ? t[1].col : t[0].col, "expected 'mgmt offline|online vmm=V [cpu=C]'");
        if (!scn_tok_kv(p, &t[2], "vmm", 7, &v))
            return false;
        e->kind = scn_tok_is(&t[1], "offline") ? SCN_EV_MGMT_OFF : SCN_EV_MGMT_ON;
        e->arg = (uint8_t)v;
    } else {
        return scn_fail(p, t[0].col, "unknown event '%.*s' (%s)", (int)t[0].len, t[0].s, USAGE);
    }
    return true;
}

void scn_free(struct scenario *s)
{
    for (unsigned i = 0; i < s->nprogs; i++)
        free(s->progs[i].code);
    free(s->progs);
    free(s->events);
    for (unsigned i = 0; i < s->nexpects; i++)
        free(s->expects[i].text);
    free(s->expects);
    free(s->path);
    memset(s, 0, sizeof *s);
}

const struct scn_program *scn_program_for(const struct scenario *s, unsigned vm, unsigned cpu)
{
    const struct scn_program *any = NULL;
    for (unsigned i = 0; i < s->nprogs; i++) {
        if (s->progs[i].vm != vm)
            continue;
        if (s->progs[i].cpu == (int)cpu)
            return &s->progs[i];
        if (s->progs[i].cpu < 0)
            any = &s->progs[i];
    }
    return any;
}

static void set_name(struct scenario *s, const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t l = strcspn(b, ".");
    if (l >= sizeof s->name)
        l = sizeof s->name - 1;
    memcpy(s->name, b, l);
    s->name[l] = '\0';
}

/* Where the lines come from: a text in memory (f NULL), or a file read a
 * line at a time. */
struct src {
    const char *text;
    size_t len, pos;
    bool started;
    FILE *f;
    char *buf; /* the file's current line */
    size_t cap, total;
};

/* The next line, without its newline, in *line and *ll: 1; 0 after the
 * last; -1 with "FILE: reason" in p->err (a read error, a file larger than
 * MAX_FILE bytes). An empty text is one empty line. */
static int next_line(struct pctx *p, struct src *in, const char **line, size_t *ll)
{
    if (!in->f) {
        if (in->pos > in->len || (in->pos == in->len && in->started))
            return 0;
        in->started = true;
        const char *nl = memchr(in->text + in->pos, '\n', in->len - in->pos);
        *line = in->text + in->pos;
        *ll = nl ? (size_t)(nl - *line) : in->len - in->pos;
        in->pos += *ll + 1;
        return 1;
    }
    size_t n = 0;
    int c;
    errno = 0;
    while ((c = getc_unlocked(in->f)) != EOF) {
        if (++in->total > MAX_FILE) { /* a stream without end (/dev/zero) too */
            snprintf(p->err, p->errlen, "%s: file too large", p->path);
            return -1;
        }
        if (c == '\n')
            break;
        if (n == in->cap) {
            size_t nc = in->cap ? in->cap * 2 : 256;
            char *b = realloc(in->buf, nc);
            if (!b) {
                snprintf(p->err, p->errlen, "%s: out of memory", p->path);
                return -1;
            }
            in->buf = b;
            in->cap = nc;
        }
        in->buf[n++] = (char)c;
    }
    if (c == EOF && ferror(in->f)) {
        snprintf(p->err, p->errlen, "%s: cannot read: %s", p->path, strerror(errno ? errno : EIO));
        return -1;
    }
    if (c == EOF && n == 0)
        return 0;
    *line = in->buf ? in->buf : "";
    *ll = n;
    return 1;
}

static bool parse_all(struct pctx *p, struct src *in, struct scenario *s)
{
    const unsigned ncpu_max = VMXR_NCPU < FW_MAX_CPUS ? VMXR_NCPU : FW_MAX_CPUS;
    const unsigned nvm_max = VMXR_NVM < FW_MAX_VMS ? VMXR_NVM : FW_MAX_VMS;
    bool header = false, have_cpus = false, have_strap = false, have_lock = false, have_limit = false;
    bool have_sched[FW_MAX_CPUS] = { false }, have_owner[FW_MAX_VMS] = { false };
    unsigned sched_line[FW_MAX_CPUS] = { 0 }, sched_col[FW_MAX_CPUS] = { 0 };
    unsigned target_line[MAX_PROGS][FW_MAX_CPUS] = { { 0 } }; /* per program: its first sipi/ipi to CPU c */
    struct scn_program *prog = NULL; /* open program block */
    struct tok *t = malloc(MAX_TOKENS * sizeof *t);
    if (!t)
        return scn_fail(p, 1, "out of memory");
    bool ok = false;
    p->line = 0;
    s->limit = 100000;
    s->cfg.ncpu = 1;
    for (;;) {
        const char *line;
        size_t ll;
        int got = next_line(p, in, &line, &ll);
        if (got < 0)
            goto out;
        if (got == 0)
            break;
        p->line++;
        if (memchr(line, '\0', ll)) {
            scn_fail(p, (unsigned)((const char *)memchr(line, '\0', ll) - line) + 1, "NUL byte in the file");
            goto out;
        }
        unsigned n;
        if (!tokenize(p, line, ll, t, &n))
            goto out;
        if (n == 0)
            continue;
        if (!header) {
            uint64_t v;
            if (!scn_tok_is(&t[0], "vmxr-scenario")) {
                scn_fail(p, t[0].col, "expected the header 'vmxr-scenario 1'");
                goto out;
            }
            if (!scn_want_n(p, t, n, 2, 2, "vmxr-scenario 1") || !scn_tok_num(p, &t[1], 0xFFFF, "a version", &v))
                goto out;
            if (v != 1) {
                scn_fail(p, t[1].col, "unsupported scenario version %llu (this reads version 1)", (unsigned long long)v);
                goto out;
            }
            header = true;
            continue;
        }
        if (prog) {
            if (scn_tok_is(&t[0], "end")) {
                if (!scn_want_n(p, t, n, 1, 1, "end"))
                    goto out;
                if (prog->len < prog->cap) { /* no slack kept */
                    unsigned char *c = realloc(prog->code, prog->len ? prog->len : 1);
                    if (c) {
                        prog->code = c;
                        prog->cap = prog->len ? prog->len : 1;
                    }
                }
                prog = NULL;
                continue;
            }
            if (scn_tok_is(&t[0], "expect")) {
                if (!scn_parse_expect(p, t, n, s, (int)(prog - s->progs), prog->nops))
                    goto out;
                continue;
            }
            uint64_t count = 1;
            unsigned k = 0;
            if (scn_tok_is(&t[0], "repeat")) {
                if (n < 3) {
                    scn_fail(p, t[0].col, "expected 'repeat N INSTRUCTION ...'");
                    goto out;
                }
                if (!scn_tok_num(p, &t[1], MAX_OPS, "a repeat count", &count))
                    goto out;
                k = 2;
            }
            if (!parse_op(p, t + k, n - k, prog, count, ncpu_max, target_line[prog - s->progs]))
                goto out;
            continue;
        }
        uint64_t v, w;
        if (scn_tok_is(&t[0], "vmxr-scenario")) {
            scn_fail(p, t[0].col, "a second header");
            goto out;
        } else if (scn_tok_is(&t[0], "strap")) {
            if (have_strap) {
                scn_fail(p, t[0].col, "a second strap line");
                goto out;
            }
            if (!scn_want_n(p, t, n, 5, 5, "strap smi en=E vmm=V lock=L"))
                goto out;
            if (!scn_tok_is(&t[1], "smi")) {
                scn_fail(p, t[1].col, "expected 'strap smi en=E vmm=V lock=L'");
                goto out;
            }
            uint64_t en, vmm, lock;
            if (!scn_tok_kv(p, &t[2], "en", 1, &en) || !scn_tok_kv(p, &t[3], "vmm", 7, &vmm) ||
                !scn_tok_kv(p, &t[4], "lock", 1, &lock))
                goto out;
            s->straps = (struct vmxr_straps){ .smi_en = en != 0, .smi_vmm = (uint8_t)vmm, .smi_lock = lock != 0 };
            have_strap = true;
        } else if (scn_tok_is(&t[0], "cpus")) {
            if (have_cpus) {
                scn_fail(p, t[0].col, "a second 'cpus' line");
                goto out;
            }
            if (!scn_want_n(p, t, n, 2, 2, "cpus N") || !scn_tok_num(p, &t[1], 255, "a CPU count", &v))
                goto out;
            if (v < 1 || v > ncpu_max) {
                scn_fail(p, t[1].col, "cpus must be 1 to %u (this build: NCPU=%d)", ncpu_max, VMXR_NCPU);
                goto out;
            }
            s->cfg.ncpu = (uint8_t)v;
            have_cpus = true;
        } else if (scn_tok_is(&t[0], "schedule")) {
            if (!scn_want_n(p, t, n, 3, 3, "schedule cpu=C vms=N[,N...]") || !scn_tok_kv(p, &t[1], "cpu", ncpu_max - 1, &v))
                goto out;
            if (have_sched[v]) {
                scn_fail(p, t[1].col, "cpu %llu is scheduled twice (first on line %u)", (unsigned long long)v,
                     sched_line[v]);
                goto out;
            }
            if (!scn_is_kv(&t[2], "vms")) {
                scn_fail(p, t[2].col, "expected 'vms=N[,N...]'");
                goto out;
            }
            unsigned c = (unsigned)v, nv = 0;
            const char *q = t[2].s + 4, *end = t[2].s + t[2].len;
            while (q <= end) {
                const char *comma = memchr(q, ',', (size_t)(end - q));
                const char *e = comma ? comma : end;
                unsigned col = t[2].col + (unsigned)(q - t[2].s);
                if (nv == FW_MAX_VMS) {
                    scn_fail(p, col, "more than %u VMs on one CPU", FW_MAX_VMS);
                    goto out;
                }
                if (!scn_parse_num(p, q, (size_t)(e - q), col, nvm_max - 1, "a VM", &w))
                    goto out;
                s->cfg.cpu_vms[c][nv++] = (uint8_t)w;
                q = e + 1;
                if (!comma)
                    break;
            }
            s->cfg.cpu_nvms[c] = (uint8_t)nv;
            have_sched[c] = true;
            sched_line[c] = p->line;
            sched_col[c] = t[1].col;
        } else if (scn_tok_is(&t[0], "owner")) {
            if (!scn_want_n(p, t, n, 3, 3, "owner vm=N vmm=V") || !scn_tok_kv(p, &t[1], "vm", nvm_max - 1, &v) ||
                !scn_tok_kv(p, &t[2], "vmm", 7, &w))
                goto out;
            if (have_owner[v]) {
                scn_fail(p, t[1].col, "vm %llu has a second owner line", (unsigned long long)v);
                goto out;
            }
            have_owner[v] = true;
            s->cfg.vm_owner[v] = (uint8_t)w;
        } else if (scn_tok_is(&t[0], "lock")) {
            if (have_lock) {
                scn_fail(p, t[0].col, "a second 'lock' line");
                goto out;
            }
            if (!scn_want_n(p, t, n, 2, 2, "lock on|off"))
                goto out;
            if (scn_tok_is(&t[1], "on") || scn_tok_is(&t[1], "1"))
                s->cfg.lock = true;
            else if (scn_tok_is(&t[1], "off") || scn_tok_is(&t[1], "0"))
                s->cfg.lock = false;
            else {
                scn_fail(p, t[1].col, "expected 'on' or 'off'");
                goto out;
            }
            have_lock = true;
        } else if (scn_tok_is(&t[0], "limit")) {
            if (have_limit) {
                scn_fail(p, t[0].col, "a second 'limit' line");
                goto out;
            }
            if (!scn_want_n(p, t, n, 2, 2, "limit STEPS") || !scn_tok_num(p, &t[1], 100000000u, "a step limit", &v))
                goto out;
            if (v == 0) {
                scn_fail(p, t[1].col, "the step limit must be at least 1");
                goto out;
            }
            s->limit = v;
            have_limit = true;
        } else if (scn_tok_is(&t[0], "program")) {
            if (!scn_want_n(p, t, n, 2, 3, "program vm=N [cpu=C]") || !scn_tok_kv(p, &t[1], "vm", nvm_max - 1, &v))
                goto out;
            int cpu = -1;
            if (n == 3) {
                if (!scn_tok_kv(p, &t[2], "cpu", ncpu_max - 1, &w))
                    goto out;
                cpu = (int)w;
            }
            for (unsigned i = 0; i < s->nprogs; i++)
                if (s->progs[i].vm == v && s->progs[i].cpu == cpu) {
                    scn_fail(p, t[0].col, "a second program for vm %llu%s (first on line %u)", (unsigned long long)v,
                         cpu < 0 ? "" : " on this cpu", s->progs[i].line);
                    goto out;
                }
            if (s->nprogs == MAX_PROGS) {
                scn_fail(p, t[0].col, "more than %u programs", MAX_PROGS);
                goto out;
            }
            struct scn_program *np = realloc(s->progs, (s->nprogs + 1) * sizeof *np);
            if (!np) {
                scn_fail(p, t[0].col, "out of memory");
                goto out;
            }
            s->progs = np;
            prog = &s->progs[s->nprogs++];
            *prog = (struct scn_program){ .vm = (unsigned)v, .cpu = cpu, .line = p->line };
        } else if (scn_tok_is(&t[0], "at") || scn_tok_is(&t[0], "during")) {
            struct scn_event e = { .line = p->line };
            unsigned k;
            if (scn_tok_is(&t[0], "at")) {
                if (n < 2 || !scn_tok_num(p, &t[1], UINT64_MAX, "a step", &e.at)) {
                    if (n < 2)
                        scn_fail(p, t[0].col, "expected 'at STEP EVENT [cpu=C]'");
                    goto out;
                }
                k = 2;
            } else {
                if (n < 3) {
                    scn_fail(p, t[0].col, "expected 'during vmm=V nth=N EVENT [cpu=C]'");
                    goto out;
                }
                if (!scn_tok_kv(p, &t[1], "vmm", 7, &v) || !scn_tok_kv(p, &t[2], "nth", UINT32_MAX, &w))
                    goto out;
                if (w == 0) {
                    scn_fail(p, t[2].col, "nth counts from 1");
                    goto out;
                }
                e.during = true;
                e.vmm = (unsigned)v;
                e.nth = (unsigned)w;
                k = 3;
            }
            if (!parse_event(p, t + k, n - k, &e, ncpu_max))
                goto out;
            if (s->nevents == MAX_EVENTS) {
                scn_fail(p, t[0].col, "more than %u events", MAX_EVENTS);
                goto out;
            }
            struct scn_event *ne = realloc(s->events, (s->nevents + 1) * sizeof *ne);
            if (!ne) {
                scn_fail(p, t[0].col, "out of memory");
                goto out;
            }
            s->events = ne;
            s->events[s->nevents++] = e;
        } else if (scn_tok_is(&t[0], "expect")) {
            if (!scn_parse_expect(p, t, n, s, -1, 0))
                goto out;
        } else if (scn_tok_is(&t[0], "end")) {
            scn_fail(p, t[0].col, "'end' without 'program'");
            goto out;
        } else {
            scn_fail(p, t[0].col, "unknown statement '%.*s'", (int)t[0].len, t[0].s);
            goto out;
        }
    }
    if (!header) {
        p->line = 1;
        scn_fail(p, 1, "empty file: expected the header 'vmxr-scenario 1'");
        goto out;
    }
    if (prog) {
        unsigned l = prog->line;
        p->line = l;
        scn_fail(p, 1, "program vm=%u has no 'end'", prog->vm);
        goto out;
    }
    /* no schedule at all: cpu0 runs vm 0 */
    bool any_sched = false;
    for (unsigned c = 0; c < FW_MAX_CPUS; c++)
        any_sched |= have_sched[c];
    if (!any_sched) {
        s->cfg.cpu_nvms[0] = 1;
        s->cfg.cpu_vms[0][0] = 0;
    }
    /* cross-checks against the CPU count */
    for (unsigned c = s->cfg.ncpu; c < FW_MAX_CPUS; c++)
        if (have_sched[c]) {
            p->line = sched_line[c];
            scn_fail(p, sched_col[c], "cpu %u is scheduled but the scenario has %u cpu%s", c, s->cfg.ncpu,
                 s->cfg.ncpu == 1 ? "" : "s");
            goto out;
        }
    for (unsigned i = 0; i < s->nprogs; i++) {
        const struct scn_program *g = &s->progs[i];
        if (g->cpu >= (int)s->cfg.ncpu) {
            p->line = g->line;
            scn_fail(p, 1, "program for cpu %d but the scenario has %u cpus", g->cpu, s->cfg.ncpu);
            goto out;
        }
        /* the program's first sipi or ipi to a CPU it does not have */
        unsigned bad = FW_MAX_CPUS;
        for (unsigned c = s->cfg.ncpu; c < FW_MAX_CPUS; c++)
            if (target_line[i][c] && (bad == FW_MAX_CPUS || target_line[i][c] < target_line[i][bad]))
                bad = c;
        if (bad < FW_MAX_CPUS) {
            p->line = target_line[i][bad];
            scn_fail(p, 1, "target cpu %u but the scenario has %u cpus", bad, s->cfg.ncpu);
            goto out;
        }
    }
    for (unsigned i = 0; i < s->nevents; i++)
        if (s->events[i].cpu >= (int)s->cfg.ncpu) {
            p->line = s->events[i].line;
            scn_fail(p, 1, "event on cpu %d but the scenario has %u cpus", s->events[i].cpu, s->cfg.ncpu);
            goto out;
        }
    ok = true;
out:
    free(t);
    return ok;
}

/* Parses in into s and names it after path; on failure s is emptied. */
static bool parse(const char *path, struct src *in, struct scenario *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    struct pctx p = { .path = path, .err = err, .errlen = errlen };
    if (!parse_all(&p, in, s)) {
        scn_free(s);
        return false;
    }
    s->path = strdup(path);
    if (!s->path) {
        snprintf(err, errlen, "%s:1:1: out of memory", path);
        scn_free(s);
        return false;
    }
    set_name(s, path);
    return true;
}

bool scn_parse(const char *path, const char *text, size_t len, struct scenario *s, char *err, size_t errlen)
{
    struct src in = { .text = text, .len = len };
    return parse(path, &in, s, err, errlen);
}

bool scn_load(const char *path, struct scenario *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    struct src in = { .f = fopen(path, "rb") };
    if (!in.f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    struct stat st; /* a regular file too large is refused before a line of it is read */
    bool ok = false;
    if (fstat(fileno(in.f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > (off_t)MAX_FILE)
        snprintf(err, errlen, "%s: file too large", path);
    else
        ok = parse(path, &in, s, err, errlen);
    free(in.buf);
    fclose(in.f);
    return ok;
}
