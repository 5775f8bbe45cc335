/* The coverage JSON (see coverage.h): cov_write_json and its strict
 * reader cov_read_json, which adds a file's counts only when the whole file
 * is well formed and consistent with this build's bins. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"

/* ---- JSON output -------------------------------------------------------- */

bool cov_write_json(const struct cov *c, FILE *out)
{
    unsigned nbins = cov_bins(c), holes = cov_holes(c);
    fprintf(out, "{\n  \"bins\": {\n");
    for (unsigned b = 0; b < nbins; b++) /* names are plain ASCII: no escapes needed */
        fprintf(out, "    \"%s\": %" PRIu64 "%s\n", cov_bin_name(c, b), cov_count(c, b), b + 1 < nbins ? "," : "");
    fprintf(out, "  },\n  \"total\": %u,\n  \"hit\": %u,\n  \"holes\": [", nbins, nbins - holes);
    unsigned k = 0;
    for (unsigned b = 0; b < nbins; b++)
        if (!cov_count(c, b))
            fprintf(out, "%s\n    \"%s\"", k++ ? "," : "", cov_bin_name(c, b));
    fprintf(out, "%s]\n}\n", k ? "\n  " : "");
    fflush(out);
    return !ferror(out);
}
/* ---- JSON input --------------------------------------------------------- */

/* The bin called name, or -1. */
static int bin_find(const struct cov *c, const char *name)
{
    for (unsigned b = 0; b < cov_bins(c); b++)
        if (!strcmp(cov_bin_name(c, b), name))
            return (int)b;
    return -1;
}

#define JSON_MAX (16u << 20) /* bytes: far above any file cov_write_json writes */

struct jp {
    const char *s;
    size_t n, pos;
    char *err;
    size_t errlen;
    bool failed;
};

static void jerr(struct jp *p, const char *fmt, const char *arg) __attribute__((format(printf, 2, 0)));
static void jerr(struct jp *p, const char *fmt, const char *arg)
{
    if (p->failed)
        return;
    p->failed = true;
    unsigned line = 1, col = 1;
    for (size_t i = 0; i < p->pos && i < p->n; i++) {
        if (p->s[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    char msg[256];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    snprintf(p->err, p->errlen, "%u:%u: %s", line, col, msg);
}

static void skip_ws(struct jp *p)
{
    while (p->pos < p->n && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
                             p->s[p->pos] == '\r'))
        p->pos++;
}

/* Consumes ch after blanks; false (with a message naming what) if absent. */
static bool expect(struct jp *p, char ch, const char *what)
{
    skip_ws(p);
    if (p->pos < p->n && p->s[p->pos] == ch) {
        p->pos++;
        return true;
    }
    jerr(p, p->pos < p->n ? "expected %s" : "expected %s, found the end of the input", what);
    return false;
}

static bool peek_is(struct jp *p, char ch)
{
    skip_ws(p);
    return p->pos < p->n && p->s[p->pos] == ch;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* A JSON string into buf (NUL-terminated; longer strings are an error: no
 * bin or key is that long). */
static bool jstring(struct jp *p, char *buf, size_t n)
{
    if (!expect(p, '"', "a string"))
        return false;
    size_t len = 0;
    for (;;) {
        if (p->pos >= p->n) {
            jerr(p, "unterminated string", NULL);
            return false;
        }
        unsigned char ch = (unsigned char)p->s[p->pos];
        if (ch == '"') {
            p->pos++;
            break;
        }
        if (ch < 0x20) {
            jerr(p, "control character in a string", NULL);
            return false;
        }
        if (ch == '\\') {
            if (p->pos + 1 >= p->n) {
                jerr(p, "unterminated string", NULL);
                return false;
            }
            char e = p->s[p->pos + 1];
            p->pos += 2;
            switch (e) {
            case '"': ch = '"'; break;
            case '\\': ch = '\\'; break;
            case '/': ch = '/'; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'n': ch = '\n'; break;
            case 'r': ch = '\r'; break;
            case 't': ch = '\t'; break;
            case 'u': {
                unsigned v = 0;
                for (unsigned d = 0; d < 4; d++) {
                    int h = p->pos < p->n ? hexval(p->s[p->pos]) : -1;
                    if (h < 0) {
                        jerr(p, "bad \\u escape", NULL);
                        return false;
                    }
                    v = v * 16 + (unsigned)h;
                    p->pos++;
                }
                if (v == 0 || v > 0x7F) {
                    jerr(p, "\\u escape outside printable ASCII (no name uses one)", NULL);
                    return false;
                }
                ch = (unsigned char)v;
                break;
            }
            default: p->pos -= 1; jerr(p, "bad escape in a string", NULL); return false;
            }
        } else {
            p->pos++;
        }
        if (len + 1 >= n) {
            jerr(p, "string too long", NULL);
            return false;
        }
        buf[len++] = (char)ch;
    }
    buf[len] = '\0';
    return true;
}

/* A non-negative integer (no sign, fraction or exponent) that fits 64 bits. */
static bool jcount(struct jp *p, uint64_t *out)
{
    skip_ws(p);
    size_t start = p->pos;
    uint64_t v = 0;
    while (p->pos < p->n && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
        unsigned d = (unsigned)(p->s[p->pos] - '0');
        if (v > (UINT64_MAX - d) / 10) {
            jerr(p, "count too large", NULL);
            return false;
        }
        v = v * 10 + d;
        p->pos++;
    }
    if (p->pos == start) {
        jerr(p, "expected a non-negative integer", NULL);
        return false;
    }
    if (p->pos - start > 1 && p->s[start] == '0') {
        p->pos = start;
        jerr(p, "leading zero in a number", NULL);
        return false;
    }
    if (p->pos < p->n && (p->s[p->pos] == '.' || p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        jerr(p, "expected a non-negative integer", NULL);
        return false;
    }
    *out = v;
    return true;
}

/* Reads a JSON string naming a bin of c and marks it in mark[]; an unknown
 * or repeated name is an error reported at the name. Returns the bin or -1. */
static int read_bin_name(struct jp *p, const struct cov *c, bool *mark, const char *unknown_fmt,
                         const char *twice_fmt)
{
    char name[COV_NAME_MAX + 16];
    skip_ws(p);
    size_t npos = p->pos;
    if (!jstring(p, name, sizeof name))
        return -1;
    int b = bin_find(c, name);
    if (b < 0 || mark[b]) {
        p->pos = npos;
        jerr(p, b < 0 ? unknown_fmt : twice_fmt, name);
        return -1;
    }
    mark[b] = true;
    return b;
}

bool cov_read_json(struct cov *c, FILE *in, char *err, size_t errlen)
{
    char dummy[1];
    if (!err || !errlen) {
        err = dummy;
        errlen = sizeof dummy;
    }
    err[0] = '\0';
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= JSON_MAX) {
                snprintf(err, errlen, "larger than %u bytes: not a coverage file", JSON_MAX);
                free(buf);
                return false;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                snprintf(err, errlen, "out of memory");
                free(buf);
                return false;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, in);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(in)) {
        snprintf(err, errlen, "read error: %s", strerror(errno));
        free(buf);
        return false;
    }

    struct jp p = { .s = buf, .n = n, .err = err, .errlen = errlen };
    const unsigned nbins = cov_bins(c);
    uint64_t *cnt = calloc(nbins, sizeof *cnt);
    bool *seen = calloc(nbins, sizeof *seen), *hole = calloc(nbins, sizeof *hole);
    bool have_bins = false, have_total = false, have_hit = false, have_holes = false;
    uint64_t total = 0, hitn = 0;
    char key[COV_NAME_MAX + 16];
    if (!cnt || !seen || !hole) {
        snprintf(err, errlen, "out of memory");
        p.failed = true;
        goto done;
    }
    if (n == 0) {
        jerr(&p, "empty input: not a coverage file", NULL);
        goto done;
    }
    if (!expect(&p, '{', "'{' (a coverage file is a JSON object)"))
        goto done;
    if (peek_is(&p, '}')) {
        jerr(&p, "empty object: no \"bins\"", NULL);
        goto done;
    }
    do {
        size_t kpos;
        skip_ws(&p);
        kpos = p.pos;
        if (!jstring(&p, key, sizeof key) || !expect(&p, ':', "':'"))
            goto done;
        bool dup = false;
        if (!strcmp(key, "bins")) {
            dup = have_bins;
            have_bins = true;
            if (!dup) {
                if (!expect(&p, '{', "'{' after \"bins\""))
                    goto done;
                if (!peek_is(&p, '}'))
                    do {
                        int b = read_bin_name(&p, c, seen, "bin %s unknown to this build", "bin %s given twice");
                        if (b < 0 || !expect(&p, ':', "':'") || !jcount(&p, &cnt[b]))
                            goto done;
                    } while (peek_is(&p, ',') && expect(&p, ',', "','"));
                if (!expect(&p, '}', "',' or '}' in \"bins\""))
                    goto done;
            }
        } else if (!strcmp(key, "total") || !strcmp(key, "hit")) {
            bool t = key[0] == 't';
            dup = t ? have_total : have_hit;
            if (t)
                have_total = true;
            else
                have_hit = true;
            if (!dup && !jcount(&p, t ? &total : &hitn))
                goto done;
        } else if (!strcmp(key, "holes")) {
            dup = have_holes;
            have_holes = true;
            if (!dup) {
                if (!expect(&p, '[', "'[' after \"holes\""))
                    goto done;
                if (!peek_is(&p, ']'))
                    do {
                        if (read_bin_name(&p, c, hole, "hole %s: bin unknown to this build", "hole %s listed twice") < 0)
                            goto done;
                    } while (peek_is(&p, ',') && expect(&p, ',', "','"));
                if (!expect(&p, ']', "',' or ']' in \"holes\""))
                    goto done;
            }
        } else {
            p.pos = kpos;
            jerr(&p, "unexpected key \"%s\" (a coverage file has bins, total, hit and holes)", key);
            goto done;
        }
        if (dup) {
            p.pos = kpos;
            jerr(&p, "key \"%s\" given twice", key);
            goto done;
        }
    } while (peek_is(&p, ',') && expect(&p, ',', "','"));
    if (!expect(&p, '}', "',' or '}'"))
        goto done;
    skip_ws(&p);
    if (p.pos < p.n) {
        jerr(&p, "trailing characters after the object", NULL);
        goto done;
    }
    /* consistency with this build and within the file */
    p.pos = p.n;
    if (!have_bins || !have_total || !have_hit || !have_holes) {
        jerr(&p, "missing \"%s\"", !have_bins ? "bins" : !have_total ? "total" : !have_hit ? "hit" : "holes");
        goto done;
    }
    if (total != nbins) {
        char m[128];
        snprintf(m, sizeof m, "total %" PRIu64 " is not this build's %u bins (other build parameters?)", total,
                 nbins);
        jerr(&p, "%s", m);
        goto done;
    }
    unsigned nz = 0;
    for (unsigned b = 0; b < nbins; b++) {
        const char *name = cov_bin_name(c, b);
        if (!seen[b]) {
            jerr(&p, "bin %s missing", name);
            goto done;
        }
        if (hole[b] != (cnt[b] == 0)) {
            jerr(&p, hole[b] ? "hole %s has a nonzero count" : "bin %s has count 0 but is not among the holes", name);
            goto done;
        }
        nz += cnt[b] != 0;
    }
    if (hitn != nz) {
        char m[128];
        snprintf(m, sizeof m, "hit %" PRIu64 " but %u bins have nonzero counts", hitn, nz);
        jerr(&p, "%s", m);
        goto done;
    }
    for (unsigned b = 0; b < nbins; b++)
        cov_add_count(c, b, cnt[b]);
done:
    free(hole);
    free(seen);
    free(cnt);
    free(buf);
    return !p.failed;
}
