/* VEC1 parser and canonical spelling; see vec1.h and docs/architecture.md. */
#include "vec1.h"

#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 32
#define MAX_FILE_BYTES (64u << 20)

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
        v = v * base + (unsigned)d;
        if (v > max)
            return fail(p, col, "%s %.*s out of range (at most %llu)", what, (int)len, s, (unsigned long long)max);
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
            { "ec", 0xFFFFFFFFu, false, false, 0, 0 },
        };
        if (!parse_kv(p, t + 1, n - 1, kv, 9, "ev"))
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
                                     .errcode = (uint32_t)kv[8].v };
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

bool vec_parse(const char *path, const char *text, size_t len, struct vec_file *f, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    struct pctx p = { path, 0, err, errlen };
    f->path = strdup(path);
    if (!f->path)
        return fail(&p, 1, "out of memory");
    /* split lines */
    unsigned cap = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            cap++;
    cap++;
    f->lines = calloc(cap, sizeof *f->lines);
    f->item_of_line = calloc(cap, sizeof *f->item_of_line);
    f->items = calloc(cap, sizeof *f->items);
    if (!f->lines || !f->item_of_line || !f->items)
        return fail(&p, 1, "out of memory");
    size_t st = 0;
    unsigned lineno = 1;
    for (size_t i = 0; i < len; i++) { /* a NUL would end a line early: refuse it */
        if (text[i] == '\n') {
            lineno++;
            st = i + 1;
        } else if (text[i] == '\0') {
            p.line = lineno;
            return fail(&p, (unsigned)(i - st) + 1, "control character (NUL) in vector file");
        }
    }
    st = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            if (i == len && st == len && len > 0)
                break; /* final newline */
            size_t l = i - st;
            char *s = malloc(l + 1);
            if (!s)
                return fail(&p, 1, "out of memory");
            memcpy(s, text + st, l);
            s[l] = '\0';
            f->item_of_line[f->nlines] = -1;
            f->lines[f->nlines++] = s;
            st = i + 1;
        }
    }
    bool header = false, other = false, strapped = false;
    for (unsigned ln = 0; ln < f->nlines; ln++) {
        const char *line = f->lines[ln];
        size_t l = strlen(line);
        p.line = ln + 1;
        for (size_t i = 0; i < l; i++)
            if (line[i] == '\0' || ((unsigned char)line[i] < 0x20 && line[i] != '\t' && line[i] != '\r'))
                return fail(&p, (unsigned)i + 1, "control character in vector file");
        size_t i = 0;
        while (i < l && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            i++;
        if (i == l || line[i] == '#')
            continue;
        struct vec_item it = { 0 };
        bool is_header;
        it.line = ln + 1;
        it.lineno_index = ln;
        if (!parse_line(&p, line, l, &it, &is_header))
            return false;
        if (is_header) {
            if (header)
                return fail(&p, (unsigned)i + 1, "second header");
            header = true;
            continue;
        }
        if (!header)
            return fail(&p, (unsigned)i + 1, "expected the header 'vmxr-vectors 1' first");
        if (it.kind == VEC_STRAP) {
            if (other)
                return fail(&p, (unsigned)i + 1, "'strap' must come before every other item");
            if (strapped)
                return fail(&p, (unsigned)i + 1, "second 'strap'");
            strapped = true;
            f->straps.smi_en = it.value & 1u;
            f->straps.smi_vmm = (uint8_t)((it.value >> 4) & 7u);
            f->straps.smi_lock = (it.value >> 31) & 1u;
        } else {
            other = true;
        }
        f->item_of_line[ln] = (int)f->nitems;
        f->items[f->nitems++] = it;
    }
    if (!header) {
        p.line = f->nlines ? f->nlines : 1;
        return fail(&p, 1, "no header 'vmxr-vectors 1' in file");
    }
    return true;
}

bool vec_load(const char *path, struct vec_file *f, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    char *buf;
    size_t len;
    if (!cli_slurp(path, MAX_FILE_BYTES, &buf, &len, err, errlen))
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
