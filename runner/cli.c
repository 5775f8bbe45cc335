/* Command-line helpers; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cli_number(const char *s, bool hex_ok, uint64_t max, uint64_t *out)
{
    unsigned base = 10;
    if (hex_ok && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            return false;
        if (d > max || v > (max - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

bool cli_option(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return false;
    if (a[n] == '=') {
        *value = a + n + 1;
        return true;
    }
    if (a[n] != '\0')
        return false;
    *value = *i + 1 < argc ? argv[++*i] : NULL;
    return true;
}

bool cli_slurp(const char *path, size_t max, char **out, size_t *outlen, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    const char *why = NULL;
    while (buf && !why) {
        errno = 0;
        len += fread(buf + len, 1, cap - 1 - len, fp);
        if (ferror(fp)) {
            snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno ? errno : EIO));
            why = err;
        }
        else if (len < cap - 1)
            break;
        else if (cap > max)
            why = "file too large";
        else {
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                free(buf);
            buf = nb;
            cap *= 2;
        }
    }
    fclose(fp);
    if (!buf || why) {
        free(buf);
        if (why != err)
            snprintf(err, errlen, "%s: %s", path, why ? why : "out of memory");
        return false;
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return true;
}

int cli_fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Length of the well-formed UTF-8 character at s (n bytes left) of U+00A0
 * or above, else 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c == 0xC2) {
        len = 2;
        lo = 0xA0; /* C2 80..C2 9F are the C1 controls */
    } else if (c >= 0xC3 && c <= 0xDF) {
        len = 2;
    } else if (c == 0xE0) {
        len = 3;
        lo = 0xA0;
    } else if (c == 0xED) {
        len = 3;
        hi = 0x9F; /* no surrogates */
    } else if (c >= 0xE1 && c <= 0xEF) {
        len = 3;
    } else if (c == 0xF0) {
        len = 4;
        lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
        len = 4;
    } else if (c == 0xF4) {
        len = 4;
        hi = 0x8F;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

char *cli_escape(char *dst, size_t dstlen, const char *src, size_t n)
{
    if (!dstlen)
        return dst;
    const unsigned char *s = (const unsigned char *)src;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = s[i] >= 0x20 && s[i] < 0x7F ? 1 : s[i] >= 0x80 ? utf8_len(s + i, n - i) : 0;
        if (k) {
            if (o + k >= dstlen)
                break;
            memcpy(dst + o, s + i, k);
            o += k;
            i += k;
        } else {
            if (o + 4 >= dstlen)
                break;
            snprintf(dst + o, 5, "\\x%02X", s[i]);
            o += 4;
            i++;
        }
    }
    dst[o] = '\0';
    return dst;
}
