/* VEC1 parser and canonical spelling; see vec1.h and docs/architecture.md. */
#include "vec1.h"

#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_TOKENS 32

struct token {
    const char *s; /* not NUL-terminated */
    size_t len;
    unsigned col; /* 1-based */
};

struct pctx {
    const char *path;
    unsigned line;
    char *err;
    size_t errlen;
};

/* "PATH:LINE:COL: message"; the input the message quotes is escaped
 * (cli_escape), so that no byte of the file reaches a terminal raw. */
static bool fail(struct pctx *p, unsigned col, const char *fmt, ...)
{
    int n = snprintf(p->err, p->errlen, "%s:%u:%u: ", p->path, p->line, col);
    if (n >= 0 && (size_t)n < p->errlen) {
        char msg[1024];
        va_list ap;
        va_start(ap, fmt);
        int m = vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        size_t ml = m < 0 ? 0 : (size_t)m < sizeof msg ? (size_t)m : sizeof msg - 1;
        cli_escape(p->err + n, p->errlen - (size_t)n, msg, ml);
    }
    return false;
}

static bool tok_is(const struct token *t, const char *s)
{
    return t->len == strlen(s) && memcmp(t->s, s, t->len) == 0;
}

/* Splits s[0..len) at blanks. */
static unsigned tokenize(const char *line, size_t from, size_t to, struct token *t, unsigned max, bool *overflow)
{
    unsigned n = 0;
    size_t i = from;
    *overflow = false;
    while (i < to) {
        while (i < to && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            i++;
        if (i >= to)
            break;
        size_t st = i;
        while (i < to && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            i++;
        if (n == max) {
            *overflow = true;
            return n;
        }
        t[n++] = (struct token){ line + st, i - st, (unsigned)st + 1 };
    }
    return n;
}

/* Decimal or 0x hex, at most max. */
static bool parse_num(struct pctx *p, const char *s, size_t len, unsigned col, uint64_t max, uint64_t *out,
                      const char *what)
{
    uint64_t v = 0;
    size_t i = 0;
    unsigned base = 10;
    if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i == len)
        return fail(p, col, "expected a number for %s, got '%.*s'", what, (int)len, s);
    for (; i < len; i++) {
        int d;
        char ch = s[i];
        if (ch >= '0' && ch <= '9')
            d = ch - '0';
        else if (base == 16 && ch >= 'a' && ch <= 'f')
            d = ch - 'a' + 10;
        else if (base == 16 && ch >= 'A' && ch <= 'F')
            d = ch - 'A' + 10;
        else
            return fail(p, col, "expected a number for %s, got '%.*s'", what, (int)len, s);
        if ((uint64_t)d > max || v > (max - (uint64_t)d) / base)
            return fail(p, col, "%s %.*s out of range (at most %llu)", what, (int)len, s, (unsigned long long)max);
        v = v * base + (unsigned)d;
    }
    *out = v;
    return true;
}

static bool tok_num(struct pctx *p, const struct token *t, uint64_t max, uint64_t *out, const char *what)
{
    return parse_num(p, t->s, t->len, t->col, max, out, what);
}

/* key=value fields of an item. */
struct kv {
    const char *key;
    uint64_t max;
    bool required;
    bool seen;
    uint64_t v;
    unsigned col;
};

static bool parse_kv(struct pctx *p, const struct token *t, unsigned n, struct kv *kv, unsigned nkv,
                     const char *item)
{
    for (unsigned i = 0; i < n; i++) {
        const char *eq = memchr(t[i].s, '=', t[i].len);
        if (!eq)
            return fail(p, t[i].col, "expected key=value in '%s', got '%.*s'", item, (int)t[i].len, t[i].s);
        size_t klen = (size_t)(eq - t[i].s);
        struct kv *f = NULL;
        for (unsigned k = 0; k < nkv; k++)
            if (strlen(kv[k].key) == klen && !memcmp(kv[k].key, t[i].s, klen))
                f = &kv[k];
        if (!f)
            return fail(p, t[i].col, "unknown field '%.*s' in '%s'", (int)klen, t[i].s, item);
        if (f->seen)
            return fail(p, t[i].col, "field '%s' given twice", f->key);
        f->seen = true;
        f->col = t[i].col;
        const char *val = eq + 1;
        size_t vlen = t[i].len - klen - 1;
        if (!strcmp(f->key, "dir")) {
            if (vlen == 2 && !memcmp(val, "in", 2))
                f->v = 1;
            else if (vlen == 3 && !memcmp(val, "out", 3))
                f->v = 0;
            else
                return fail(p, t[i].col + (unsigned)klen + 1, "dir must be in or out, got '%.*s'", (int)vlen, val);
            continue;
        }
        if (!parse_num(p, val, vlen, t[i].col + (unsigned)klen + 1, f->max, &f->v, f->key))
            return false;
    }
    for (unsigned k = 0; k < nkv; k++)
        if (kv[k].required && !kv[k].seen)
            return fail(p, n ? t[n - 1].col + (unsigned)t[n - 1].len : 1, "'%s' needs %s=", item, kv[k].key);
    return true;
}

static int lookup_name(const char *const *names, unsigned count, const struct token *t, unsigned from)
{
    for (unsigned i = from; i < count; i++)
        if (tok_is(t, names[i]))
            return (int)i;
    return -1;
}

/* ADDR: a number or NAME, NAME[i] or NAME[i][j]. */
static bool parse_addr(struct pctx *p, const struct token *t, uint16_t *addr)
{
    if (isdigit((unsigned char)t->s[0])) {
        uint64_t v;
        if (!tok_num(p, t, 0xFFF, &v, "address"))
            return false;
        *addr = (uint16_t)v;
        return true;
    }
    size_t nl = 0;
    while (nl < t->len && t->s[nl] != '[')
        nl++;
    const struct vmxr_reg_desc *r = NULL;
    for (unsigned i = 0; i < VMXR_R__COUNT; i++)
        if (strlen(vmxr_reg_table[i].name) == nl && !memcmp(vmxr_reg_table[i].name, t->s, nl))
            r = &vmxr_reg_table[i];
    if (!r)
        return fail(p, t->col, "unknown register '%.*s'", (int)nl, t->s);
    uint64_t idx[2] = { 0, 0 };
    unsigned nidx = 0;
    size_t i = nl;
    while (i < t->len) {
        if (t->s[i] != '[')
            return fail(p, t->col + (unsigned)i, "expected '[' in register name");
        size_t st = ++i;
        while (i < t->len && t->s[i] != ']')
            i++;
        if (i == t->len)
            return fail(p, t->col + (unsigned)st - 1, "missing ']'");
        if (nidx == 2)
            return fail(p, t->col + (unsigned)st - 1, "too many indices for %s", r->name);
        uint64_t lim = nidx == 0 ? r->count : r->count2;
        if (!parse_num(p, t->s + st, i - st, t->col + (unsigned)st, 0xFFFF, &idx[nidx], "index"))
            return false;
        if (nidx < r->ndim && idx[nidx] >= lim)
            return fail(p, t->col + (unsigned)st, "index %llu out of range for %s (at most %llu)",
                        (unsigned long long)idx[nidx], r->name, (unsigned long long)lim - 1);
        nidx++;
        i++;
    }
    if (nidx != r->ndim)
        return fail(p, t->col, "%s takes %u index%s, got %u", r->name, r->ndim, r->ndim == 1 ? "" : "es", nidx);
    *addr = (uint16_t)(r->base + r->stride * idx[0] * (r->ndim >= 1) + r->stride2 * idx[1] * (r->ndim == 2));
    return true;
}

/* One "=> ..." outcome of a command. */
static bool parse_outcome(struct pctx *p, const struct token *t, unsigned n, unsigned col, struct vec_outcome *o)
{
    uint64_t v;
    *o = (struct vec_outcome){ 0 };
    if (n == 0)
        return fail(p, col, "expected an outcome after '=>'");
    if (tok_is(&t[0], "deliver")) {
        if (n != 5 || !tok_is(&t[1], "vmm"))
            return fail(p, t[0].col, "expected 'deliver vmm T RULE IDX'");
        if (!tok_num(p, &t[2], VMXR_NVMM - 1, &v, "VMM"))
            return false;
        o->outcome = VMXR_OUTCOME_DELIVER;
        o->to = vmxr_ctx_vmm((unsigned)v);
        int r = lookup_name(vmxr_rule_names, VMXR_RULE_COUNT, &t[3], 1);
        if (r < 0)
            return fail(p, t[3].col, "unknown rule '%.*s'", (int)t[3].len, t[3].s);
        o->rule = (uint8_t)r;
        if (!tok_num(p, &t[4], 127, &v, "rule index"))
            return false;
        o->idx = (uint8_t)v;
    } else if (tok_is(&t[0], "local")) {
        if (n != 3)
            return fail(p, t[0].col, "expected 'local RULE IDX'");
        o->outcome = VMXR_OUTCOME_LOCAL;
        int r = lookup_name(vmxr_rule_names, VMXR_RULE_COUNT, &t[1], 1);
        if (r < 0)
            return fail(p, t[1].col, "unknown rule '%.*s'", (int)t[1].len, t[1].s);
        o->rule = (uint8_t)r;
        if (!tok_num(p, &t[2], 127, &v, "rule index"))
            return false;
        o->idx = (uint8_t)v;
    } else if (tok_is(&t[0], "pended")) {
        if (n != 1)
            return fail(p, t[1].col, "unexpected '%.*s' after 'pended'", (int)t[1].len, t[1].s);
        o->outcome = VMXR_OUTCOME_PENDED;
    } else if (tok_is(&t[0], "launched")) {
        if (n != 3 || !tok_is(&t[1], "vm"))
            return fail(p, t[0].col, "expected 'launched vm N'");
        if (!tok_num(p, &t[2], 15, &v, "VM"))
            return false;
        o->outcome = VMXR_OUTCOME_LAUNCHED;
        o->to = vmxr_ctx_vm((unsigned)v);
    } else if (tok_is(&t[0], "resumed")) {
        if (n != 3 || !(tok_is(&t[1], "vm") || tok_is(&t[1], "vmm")))
            return fail(p, t[0].col, "expected 'resumed vm N' or 'resumed vmm N'");
        bool vmm = tok_is(&t[1], "vmm");
        if (!tok_num(p, &t[2], vmm ? VMXR_NVMM - 1 : 15, &v, vmm ? "VMM" : "VM"))
            return false;
        o->outcome = VMXR_OUTCOME_RESUMED;
        o->to = vmm ? vmxr_ctx_vmm((unsigned)v) : vmxr_ctx_vm((unsigned)v);
    } else if (tok_is(&t[0], "error")) {
        if (n != 2)
            return fail(p, t[0].col, "expected 'error NAME'");
        int e = lookup_name(vmxr_errc_names, VMXR_ERRC_COUNT, &t[1], 1);
        if (e < 0)
            return fail(p, t[1].col, "unknown error '%.*s'", (int)t[1].len, t[1].s);
        o->outcome = VMXR_OUTCOME_ERROR;
        o->err = (uint8_t)e;
    } else {
        return fail(p, t[0].col, "unknown outcome '%.*s'", (int)t[0].len, t[0].s);
    }
    return true;
}

static const char *const KIND_NAMES[] = { "strap", "wr", "rd", "ev", "launch", "resume", "idle" };

const char *vec_kind_name(enum vec_kind k) { return KIND_NAMES[k]; }

/* Parses one non-blank line into *it. *is_header set for the header. */
static bool parse_line(struct pctx *p, const char *line, size_t len, struct vec_item *it, bool *is_header)
{
    struct token t[MAX_TOKENS];
    bool ovf;
    size_t end = len;
    const char *hash = memchr(line, '#', len);
    if (hash)
        end = (size_t)(hash - line);
    /* find "=>" separators */
    size_t seg_from[VEC_MAX_OUTCOMES + 2], seg_to[VEC_MAX_OUTCOMES + 2];
    unsigned nseg = 0;
    size_t st = 0;
    for (size_t i = 0; i + 1 < end + 1; i++) {
        if (i + 1 < end && line[i] == '=' && line[i + 1] == '>') {
            if (nseg == VEC_MAX_OUTCOMES + 1)
                return fail(p, (unsigned)i + 1, "too many '=>' outcomes (at most %d)", VEC_MAX_OUTCOMES);
            seg_from[nseg] = st;
            seg_to[nseg++] = i;
            st = i + 2;
            i++;
        }
    }
    seg_from[nseg] = st;
    seg_to[nseg++] = end;

    unsigned n = tokenize(line, seg_from[0], seg_to[0], t, MAX_TOKENS, &ovf);
    if (ovf)
        return fail(p, t[MAX_TOKENS - 1].col, "too many fields");
    if (n == 0)
        return fail(p, (unsigned)seg_from[0] + 1, "expected an item before '=>'");
    it->text_len = seg_to[0];
    while (it->text_len > 0 && (line[it->text_len - 1] == ' ' || line[it->text_len - 1] == '\t' ||
                                line[it->text_len - 1] == '\r'))
        it->text_len--;
    *is_header = false;
    if (tok_is(&t[0], "vmxr-vectors")) {
        uint64_t v;
        if (n != 2)
            return fail(p, t[0].col, "expected 'vmxr-vectors 1'");
        if (!tok_num(p, &t[1], 0xFFFF, &v, "version"))
            return false;
        if (v != 1)
            return fail(p, t[1].col, "unsupported VEC version %llu (this reads version 1)", (unsigned long long)v);
        if (nseg > 1)
            return fail(p, (unsigned)seg_to[0] + 1, "the header takes no outcome");
        *is_header = true;
        return true;
    }
    const char *item = NULL;
    if (tok_is(&t[0], "strap")) {
        it->kind = VEC_STRAP;
        if (n < 2 || !tok_is(&t[1], "smi"))
            return fail(p, n < 2 ? t[0].col + 5 : t[1].col, "expected 'strap smi en=E vmm=V lock=L'");
        struct kv kv[] = { { "en", 1, false, false, 0, 0 }, { "vmm", 7, false, false, 0, 0 },
                           { "lock", 1, false, false, 0, 0 } };
        if (!parse_kv(p, t + 2, n - 2, kv, 3, "strap smi"))
            return false;
        it->cmd.cpu = 0;
        it->value = (uint32_t)(kv[0].v | kv[1].v << 4 | kv[2].v << 31);
    } else if (tok_is(&t[0], "wr") || tok_is(&t[0], "rd")) {
        bool wr = tok_is(&t[0], "wr");
        it->kind = wr ? VEC_WR : VEC_RD;
        item = wr ? "wr" : "rd";
        unsigned want = wr ? 4 : 3;
        if (n != want)
            return fail(p, t[0].col, wr ? "expected 'wr vmm=V ADDR VALUE'" : "expected 'rd vmm=V ADDR'");
        struct kv kv[] = { { "vmm", 7, true, false, 0, 0 } };
        if (!parse_kv(p, &t[1], 1, kv, 1, item))
            return false;
        it->vmm = (uint8_t)kv[0].v;
        if (!parse_addr(p, &t[2], &it->addr))
            return false;
        if (wr) {
            uint64_t v;
            if (!tok_num(p, &t[3], 0xFFFFFFFFu, &v, "value"))
                return false;
            it->value = (uint32_t)v;
        }
    } else if (tok_is(&t[0], "ev")) {
        it->kind = VEC_EV;
        struct kv kv[] = {
            { "cpu", 7, true, false, 0, 0 },       { "reason", 127, true, false, 0, 0 },
            { "qual", 0xFFFFFFFFu, false, false, 0, 0 }, { "port", 0xFFFF, false, false, 0, 0 },
            { "size", 8, false, false, 0, 0 },     { "dir", 1, false, false, 0, 0 },
            { "itype", 7, false, false, 0, 0 },    { "vec", 255, false, false, 0, 0 },
            { "ec", 0xFFFFFFFFu, false, false, 0, 0 }, { "gpa", UINT64_MAX, false, false, 0, 0 },
        };
        if (!parse_kv(p, t + 1, n - 1, kv, 10, "ev"))
            return false;
        if (kv[4].seen && kv[4].v == 0)
            return fail(p, kv[4].col, "size must be 1 to 8 bytes");
        uint32_t q = (uint32_t)kv[2].v;
        if (kv[3].seen)
            q = (q & 0x0000FFFFu) | (uint32_t)kv[3].v << 16;
        if (kv[4].seen)
            q = (q & ~7u) | (uint32_t)(kv[4].v - 1);
        if (kv[5].seen)
            q = (q & ~8u) | (uint32_t)kv[5].v << 3;
        it->cmd = (struct vmxr_cmd){ .cpu = (uint8_t)kv[0].v, .op = VMXR_OP_EVENT, .reason = (uint8_t)kv[1].v,
                                     .itype = (uint8_t)kv[6].v, .vector = (uint8_t)kv[7].v, .qual = q,
                                     .errcode = (uint32_t)kv[8].v, .gpa = kv[9].v };
    } else if (tok_is(&t[0], "launch")) {
        it->kind = VEC_LAUNCH;
        struct kv kv[] = { { "cpu", 7, true, false, 0, 0 }, { "vm", 31, true, false, 0, 0 } };
        if (!parse_kv(p, t + 1, n - 1, kv, 2, "launch"))
            return false;
        it->cmd = (struct vmxr_cmd){ .cpu = (uint8_t)kv[0].v, .op = VMXR_OP_LAUNCH, .vm = (uint8_t)kv[1].v };
    } else if (tok_is(&t[0], "resume")) {
        it->kind = VEC_RESUME;
        struct kv kv[] = { { "cpu", 7, true, false, 0, 0 } };
        if (!parse_kv(p, t + 1, n - 1, kv, 1, "resume"))
            return false;
        it->cmd = (struct vmxr_cmd){ .cpu = (uint8_t)kv[0].v, .op = VMXR_OP_RESUME };
    } else if (tok_is(&t[0], "idle")) {
        it->kind = VEC_IDLE;
        uint64_t v;
        if (n != 2)
            return fail(p, t[0].col, "expected 'idle N'");
        if (!tok_num(p, &t[1], 1000000000u, &v, "idle cycles"))
            return false;
        it->idle = (uint32_t)v;
    } else {
        return fail(p, t[0].col, "unknown item '%.*s'", (int)t[0].len, t[0].s);
    }

    /* expectations */
    if (nseg == 1)
        return true;
    unsigned ecol = (unsigned)seg_to[0] + 1;
    if (it->kind == VEC_STRAP || it->kind == VEC_IDLE)
        return fail(p, ecol, "'%s' takes no expectation", vec_kind_name(it->kind));
    it->has_expect = true;
    if (it->kind == VEC_WR || it->kind == VEC_RD) {
        if (nseg != 2)
            return fail(p, (unsigned)seg_to[1] + 1, "'%s' takes one expectation", item);
        n = tokenize(line, seg_from[1], seg_to[1], t, MAX_TOKENS, &ovf);
        if (n != 1)
            return fail(p, n ? t[1].col : (unsigned)seg_from[1] + 1,
                        it->kind == VEC_WR ? "expected 'ok' or 'err'" : "expected a value or 'err'");
        if (tok_is(&t[0], "err")) {
            it->exp_err = true;
        } else if (it->kind == VEC_WR) {
            if (!tok_is(&t[0], "ok"))
                return fail(p, t[0].col, "expected 'ok' or 'err', got '%.*s'", (int)t[0].len, t[0].s);
        } else {
            uint64_t v;
            if (!tok_num(p, &t[0], 0xFFFFFFFFu, &v, "read value"))
                return false;
            it->exp_value = (uint32_t)v;
        }
        return true;
    }
    unsigned maxo = it->kind == VEC_EV ? 1 : VEC_MAX_OUTCOMES;
    if (nseg - 1 > maxo)
        return fail(p, (unsigned)seg_to[maxo] + 1, "'%s' has at most %u outcome%s", vec_kind_name(it->kind), maxo,
                    maxo == 1 ? "" : "s");
    for (unsigned s = 1; s < nseg; s++) {
        n = tokenize(line, seg_from[s], seg_to[s], t, MAX_TOKENS, &ovf);
        if (ovf)
            return fail(p, t[MAX_TOKENS - 1].col, "too many words in an outcome");
        if (!parse_outcome(p, t, n, (unsigned)seg_from[s] + 1, &it->exp[it->nexp++]))
            return false;
    }
    return true;
}

/* ---- the reader ---------------------------------------------------------- */

struct vec_reader {
    char *path;
    /* the source: a stream (fp, reopened by path to rewind), text in memory
     * (mem, owned when own_mem) or a parsed file (file) */
    FILE *fp;
    const char *mem;
    size_t memlen;
    bool own_mem;
    const struct vec_file *file;
    size_t pos;       /* mem: offset of the next line; file: next line index */
    unsigned line;    /* number of the line last returned */
    bool eof;
    char *blk;        /* fp: read buffer ... */
    size_t blen, bpos; /* ... its fill and read position */
    char *lbuf;       /* fp: the line being returned */
    size_t lcap;
    /* what the check on opening found */
    struct vmxr_straps straps;
    unsigned nitems, nlines;
    bool checked;     /* past the check */
    struct vstate { bool header, other, strapped; } vs; /* vec_next's checks */
};

#define BLOCK_BYTES 65536u

/* The next line (without its newline) in *text, *len: 1, or 0 at the end,
 * or -1 ("PATH: cannot read: reason", "PATH:LINE:1: line too long"). A
 * final newline ends the last line; an empty source has one empty line. */
static int read_line(struct vec_reader *r, const char **text, size_t *len, char *err, size_t errlen)
{
    if (r->eof)
        return 0;
    if (r->file) {
        if (r->pos >= r->file->nlines) {
            r->eof = true;
            return 0;
        }
        *text = r->file->lines[r->pos];
        *len = strlen(*text);
        r->pos++;
        r->line++;
        return 1;
    }
    if (!r->fp) {
        if (r->pos > r->memlen || (r->pos == r->memlen && r->line > 0)) {
            r->eof = true;
            return 0;
        }
        const char *s = r->mem + r->pos, *nl = memchr(s, '\n', r->memlen - r->pos);
        size_t l = nl ? (size_t)(nl - s) : r->memlen - r->pos;
        *text = s;
        *len = l;
        r->pos += l + 1; /* past the end when the source ends without a newline */
        r->line++;
        return 1;
    }
    size_t l = 0;
    bool any = false;
    for (;;) {
        if (r->bpos == r->blen) {
            errno = 0;
            r->blen = fread(r->blk, 1, BLOCK_BYTES, r->fp);
            r->bpos = 0;
            if (r->blen == 0) {
                if (ferror(r->fp))
                    return cli_fail(err, errlen, "%s: cannot read: %s", r->path, strerror(errno ? errno : EIO));
                if (!any && r->line > 0) { /* after a final newline */
                    r->eof = true;
                    return 0;
                }
                r->eof = true;
                break;
            }
        }
        any = true;
        const char *s = r->blk + r->bpos, *nl = memchr(s, '\n', r->blen - r->bpos);
        size_t n = nl ? (size_t)(nl - s) : r->blen - r->bpos;
        if (l + n + 1 > VEC_MAX_LINE)
            return cli_fail(err, errlen, "%s:%u:1: line too long (more than %u bytes)", r->path, r->line + 1,
                            VEC_MAX_LINE);
        if (l + n + 1 > r->lcap) {
            size_t cap = r->lcap ? r->lcap : 256;
            while (cap < l + n + 1)
                cap *= 2;
            char *b = realloc(r->lbuf, cap);
            if (!b)
                return cli_fail(err, errlen, "%s: out of memory", r->path);
            r->lbuf = b;
            r->lcap = cap;
        }
        memcpy(r->lbuf + l, s, n);
        l += n;
        r->bpos += n + (nl != NULL);
        if (nl)
            break;
    }
    if (!r->lbuf) { /* an empty source: one empty line */
        r->lbuf = malloc(1);
        if (!r->lbuf)
            return cli_fail(err, errlen, "%s: out of memory", r->path);
        r->lcap = 1;
    }
    r->lbuf[l] = '\0';
    *text = r->lbuf;
    *len = l;
    r->line++;
    return 1;
}

/* Parses line number ln (text, len) into *it: 1 an item, 0 nothing (blank,
 * comment, header), -1 an error in err. */
static int parse_text(const char *path, unsigned ln, const char *line, size_t l, struct vstate *vs,
                      struct vmxr_straps *straps, struct vec_item *it, char *err, size_t errlen)
{
    struct pctx p = { path, ln, err, errlen };
    for (size_t i = 0; i < l; i++)
        if (line[i] == '\0')
            return fail(&p, (unsigned)i + 1, "control character (NUL) in vector file"), -1;
    for (size_t i = 0; i < l; i++)
        if ((unsigned char)line[i] < 0x20 && line[i] != '\t' && line[i] != '\r')
            return fail(&p, (unsigned)i + 1, "control character in vector file"), -1;
    size_t i = 0;
    while (i < l && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    if (i == l || line[i] == '#')
        return 0;
    bool is_header;
    *it = (struct vec_item){ .line = ln, .lineno_index = ln - 1 };
    if (!parse_line(&p, line, l, it, &is_header))
        return -1;
    if (is_header) {
        if (vs->header)
            return fail(&p, (unsigned)i + 1, "second header"), -1;
        vs->header = true;
        return 0;
    }
    if (!vs->header)
        return fail(&p, (unsigned)i + 1, "expected the header 'vmxr-vectors 1' first"), -1;
    if (it->kind == VEC_STRAP) {
        if (vs->other)
            return fail(&p, (unsigned)i + 1, "'strap' must come before every other item"), -1;
        if (vs->strapped)
            return fail(&p, (unsigned)i + 1, "second 'strap'"), -1;
        vs->strapped = true;
        straps->smi_en = it->value & 1u;
        straps->smi_vmm = (uint8_t)((it->value >> 4) & 7u);
        straps->smi_lock = (it->value >> 31) & 1u;
    } else {
        vs->other = true;
    }
    return 1;
}

static bool rewind_source(struct vec_reader *r, char *err, size_t errlen)
{
    r->pos = 0;
    r->line = 0;
    r->eof = false;
    r->vs = (struct vstate){ 0 };
    r->blen = r->bpos = 0;
    if (r->fp && fseek(r->fp, 0, SEEK_SET) != 0)
        return cli_fail(err, errlen, "%s: cannot read: %s", r->path, strerror(errno)), false;
    if (r->fp)
        clearerr(r->fp);
    return true;
}

/* The check on opening: every line once through, then back to the start.
 * A NUL anywhere is reported before any other error (as the first error of
 * a file read whole would be). */
static bool check_all(struct vec_reader *r, char *err, size_t errlen)
{
    struct vstate vs = { 0 };
    char first[1024] = "";
    const char *text;
    size_t len;
    int rc;
    while ((rc = read_line(r, &text, &len, err, errlen)) == 1) {
        r->nlines = r->line;
        if (first[0]) { /* past an error: only a NUL still counts */
            if (memchr(text, '\0', len)) {
                struct vec_item it;
                (void)parse_text(r->path, r->line, text, len, &vs, &r->straps, &it, err, errlen);
                return false;
            }
            continue;
        }
        struct vec_item it;
        int k = parse_text(r->path, r->line, text, len, &vs, &r->straps, &it, first, sizeof first);
        if (k < 0 && memchr(text, '\0', len)) {
            snprintf(err, errlen, "%s", first);
            return false;
        }
        r->nitems += k > 0;
    }
    if (rc < 0)
        return false;
    if (first[0]) {
        snprintf(err, errlen, "%s", first);
        return false;
    }
    if (!vs.header) {
        struct pctx p = { r->path, r->nlines ? r->nlines : 1, err, errlen };
        return fail(&p, 1, "no header 'vmxr-vectors 1' in file");
    }
    r->checked = true;
    return rewind_source(r, err, errlen);
}

static struct vec_reader *reader_new(const char *path, char *err, size_t errlen)
{
    struct vec_reader *r = calloc(1, sizeof *r);
    if (r)
        r->path = strdup(path);
    if (!r || !r->path) {
        free(r);
        cli_fail(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    return r;
}

struct vec_reader *vec_open(const char *path, char *err, size_t errlen)
{
    struct vec_reader *r = reader_new(path, err, errlen);
    if (!r)
        return NULL;
    r->fp = fopen(path, "rb");
    if (!r->fp) {
        cli_fail(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        vec_close(r);
        return NULL;
    }
    struct stat sb;
    if (fstat(fileno(r->fp), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        /* not a regular file (a FIFO, a terminal, /dev/stdin): it cannot be
         * read twice, so it is read into memory once, up to a bound */
        fclose(r->fp);
        r->fp = NULL;
        char *buf;
        size_t len;
        if (!cli_slurp(path, VEC_MAX_BUFFERED, &buf, &len, err, errlen)) {
            vec_close(r);
            return NULL;
        }
        r->mem = buf;
        r->memlen = len;
        r->own_mem = true;
    } else {
        r->blk = malloc(BLOCK_BYTES);
        if (!r->blk) {
            cli_fail(err, errlen, "%s: out of memory", path);
            vec_close(r);
            return NULL;
        }
    }
    if (!check_all(r, err, errlen)) {
        vec_close(r);
        return NULL;
    }
    return r;
}

struct vec_reader *vec_open_mem(const char *path, const char *text, size_t len, char *err, size_t errlen)
{
    struct vec_reader *r = reader_new(path, err, errlen);
    if (!r)
        return NULL;
    r->mem = text;
    r->memlen = len;
    if (!check_all(r, err, errlen)) {
        vec_close(r);
        return NULL;
    }
    return r;
}

struct vec_reader *vec_open_file(const struct vec_file *f, char *err, size_t errlen)
{
    struct vec_reader *r = reader_new(f->path, err, errlen);
    if (!r)
        return NULL;
    r->file = f;
    r->straps = f->straps;
    r->nitems = f->nitems;
    r->nlines = f->nlines;
    r->checked = true;
    return r;
}

struct vec_reader *vec_reopen(const struct vec_reader *src, char *err, size_t errlen)
{
    if (src->file)
        return vec_open_file(src->file, err, errlen);
    struct vec_reader *r = reader_new(src->path, err, errlen);
    if (!r)
        return NULL;
    r->straps = src->straps;
    r->nitems = src->nitems;
    r->nlines = src->nlines;
    r->checked = true;
    if (!src->fp) {
        r->mem = src->mem; /* shared: src outlives r */
        r->memlen = src->memlen;
        return r;
    }
    r->fp = fopen(src->path, "rb");
    r->blk = r->fp ? malloc(BLOCK_BYTES) : NULL;
    if (!r->blk) {
        cli_fail(err, errlen, "%s: cannot open: %s", src->path, r->fp ? "out of memory" : strerror(errno));
        vec_close(r);
        return NULL;
    }
    return r;
}

bool vec_rewind(struct vec_reader *r, char *err, size_t errlen) { return rewind_source(r, err, errlen); }

const char *vec_path(const struct vec_reader *r) { return r->path; }
const struct vmxr_straps *vec_straps(const struct vec_reader *r) { return &r->straps; }
unsigned vec_nitems(const struct vec_reader *r) { return r->nitems; }
unsigned vec_nlines(const struct vec_reader *r) { return r->nlines; }

int vec_next(struct vec_reader *r, struct vec_item *it, const char **text, char *err, size_t errlen)
{
    if (r->file) {
        if (r->pos >= r->file->nitems)
            return 0;
        *it = r->file->items[r->pos++];
        *text = r->file->lines[it->lineno_index];
        return 1;
    }
    const char *t;
    size_t len;
    int rc;
    struct vmxr_straps straps;
    while ((rc = read_line(r, &t, &len, err, errlen)) == 1) {
        int k = parse_text(r->path, r->line, t, len, &r->vs, &straps, it, err, errlen);
        if (k < 0) {
            /* the file changed since the check: its lines are not what they were */
            return -1;
        }
        if (k > 0) {
            *text = t;
            return 1;
        }
    }
    return rc;
}

int vec_next_line(struct vec_reader *r, const char **text, size_t *len, char *err, size_t errlen)
{
    return read_line(r, text, len, err, errlen);
}

unsigned vec_line(const struct vec_reader *r) { return r->line; }

void vec_close(struct vec_reader *r)
{
    if (!r)
        return;
    if (r->fp)
        fclose(r->fp);
    if (r->own_mem)
        free((char *)r->mem);
    free(r->blk);
    free(r->lbuf);
    free(r->path);
    free(r);
}

/* ---- whole files --------------------------------------------------------- */

bool vec_parse(const char *path, const char *text, size_t len, struct vec_file *f, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    if (errlen)
        err[0] = '\0';
    struct pctx p = { path, 1, err, errlen };
    struct vec_reader *r = vec_open_mem(path, text, len, err, errlen);
    if (!r)
        return false;
    f->path = strdup(path);
    unsigned nl = r->nlines ? r->nlines : 1;
    f->lines = calloc(nl, sizeof *f->lines);
    f->item_of_line = calloc(nl, sizeof *f->item_of_line);
    f->items = calloc(r->nitems ? r->nitems : 1, sizeof *f->items);
    bool ok = f->path && f->lines && f->item_of_line && f->items;
    const char *t;
    size_t l;
    while (ok && f->nlines < nl && read_line(r, &t, &l, err, errlen) == 1) {
        char *s = malloc(l + 1);
        if (!(ok = s != NULL))
            break;
        memcpy(s, t, l);
        s[l] = '\0';
        f->item_of_line[f->nlines] = -1;
        f->lines[f->nlines++] = s;
    }
    f->straps = r->straps;
    ok = ok && rewind_source(r, err, errlen);
    struct vec_item it;
    int k = 0;
    while (ok && f->nitems < r->nitems && (k = vec_next(r, &it, &t, err, errlen)) == 1) {
        f->item_of_line[it.lineno_index] = (int)f->nitems;
        f->items[f->nitems++] = it;
    }
    ok = ok && k >= 0;
    vec_close(r);
    if (!ok && !err[0])
        return fail(&p, 1, "out of memory");
    return ok;
}

bool vec_load(const char *path, struct vec_file *f, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    char *buf;
    size_t len;
    if (!cli_slurp(path, VEC_MAX_BUFFERED, &buf, &len, err, errlen))
        return false;
    bool ok = vec_parse(path, buf, len, f, err, errlen);
    free(buf);
    return ok;
}

void vec_free(struct vec_file *f)
{
    for (unsigned i = 0; i < f->nlines; i++)
        free(f->lines[i]);
    free(f->lines);
    free(f->items);
    free(f->item_of_line);
    free(f->path);
    memset(f, 0, sizeof *f);
}

struct vec_outcome vec_outcome_of(const struct vmxr_decision *d)
{
    struct vec_outcome o = { .outcome = d->outcome };
    switch (d->outcome) {
    case VMXR_OUTCOME_DELIVER:
        o.to = d->to;
        o.rule = d->rule;
        o.idx = d->idx;
        break;
    case VMXR_OUTCOME_LOCAL:
        o.rule = d->rule;
        o.idx = d->idx;
        break;
    case VMXR_OUTCOME_LAUNCHED:
    case VMXR_OUTCOME_RESUMED: o.to = d->to; break;
    case VMXR_OUTCOME_ERROR: o.err = d->err; break;
    default: break;
    }
    return o;
}

bool vec_outcome_equal(const struct vec_outcome *a, const struct vec_outcome *b)
{
    return a->outcome == b->outcome && a->to == b->to && a->rule == b->rule && a->idx == b->idx && a->err == b->err;
}

void vec_ctx_format(uint8_t ctx, char *buf, size_t n)
{
    snprintf(buf, n, "%s %u", vmxr_ctx_is_vmm(ctx) ? "vmm" : "vm", vmxr_ctx_id(ctx));
}

static const char *name_or(const char *const *names, unsigned count, unsigned v)
{
    return v < count ? names[v] : "?";
}

void vec_outcome_format(const struct vec_outcome *o, char *buf, size_t n)
{
    char ctx[16];
    vec_ctx_format(o->to, ctx, sizeof ctx);
    const char *rule = name_or(vmxr_rule_names, VMXR_RULE_COUNT, o->rule);
    switch (o->outcome) {
    case VMXR_OUTCOME_DELIVER: snprintf(buf, n, "deliver %s %s %u", ctx, rule, o->idx); break;
    case VMXR_OUTCOME_LOCAL: snprintf(buf, n, "local %s %u", rule, o->idx); break;
    case VMXR_OUTCOME_PENDED: snprintf(buf, n, "pended"); break;
    case VMXR_OUTCOME_LAUNCHED: snprintf(buf, n, "launched %s", ctx); break;
    case VMXR_OUTCOME_RESUMED: snprintf(buf, n, "resumed %s", ctx); break;
    case VMXR_OUTCOME_ERROR: snprintf(buf, n, "error %s", name_or(vmxr_errc_names, VMXR_ERRC_COUNT, o->err)); break;
    default: snprintf(buf, n, "outcome-%u", o->outcome); break;
    }
}

void vec_addr_format(unsigned addr, char *buf, size_t n)
{
    enum vmxr_reg_id id;
    unsigned i, j;
    if (!vmxr_reg_decode(addr, &id, &i, &j)) {
        snprintf(buf, n, "0x%03X", addr);
        return;
    }
    const struct vmxr_reg_desc *r = &vmxr_reg_table[id];
    if (r->ndim == 0)
        snprintf(buf, n, "%s", r->name);
    else if (r->ndim == 1)
        snprintf(buf, n, "%s[%u]", r->name, i);
    else
        snprintf(buf, n, "%s[%u][%u]", r->name, i, j);
}
