/* Freestanding text formatter (see fw_fmt.h). */
#include "fw_fmt.h"

#include <stdbool.h>

struct out {
    char *buf;
    size_t cap, n;
};

static void put(struct out *o, char c)
{
    if (o->n + 1 < o->cap)
        o->buf[o->n++] = c;
}

static void put_field(struct out *o, const char *s, size_t len, unsigned width, bool left, char pad)
{
    size_t fill = width > len ? width - len : 0;
    if (!left)
        for (size_t i = 0; i < fill; i++)
            put(o, pad);
    for (size_t i = 0; i < len; i++)
        put(o, s[i]);
    if (left)
        for (size_t i = 0; i < fill; i++)
            put(o, ' ');
}

/* Digits of v in base (10 or 16), most significant first, into d[24]. */
static size_t digits(char d[24], uint64_t v, unsigned base, bool upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = set[v % base];
        v /= base;
    } while (v != 0);
    for (size_t i = 0; i < n; i++)
        d[i] = tmp[n - 1 - i];
    return n;
}

size_t fw_fmt_args(char *buf, size_t cap, const char *fmt, const struct fw_arg *args, size_t nargs)
{
    struct out o = {buf, cap, 0};
    size_t ai = 0;
    if (cap == 0)
        return 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        p++;
        bool left = false;
        char pad = ' ';
        for (;; p++) {
            if (*p == '-')
                left = true;
            else if (*p == '0')
                pad = '0';
            else
                break;
        }
        unsigned width = 0;
        while (*p >= '0' && *p <= '9')
            width = width * 10u + (unsigned)(*p++ - '0');
        while (*p == 'l')
            p++;
        if (*p == '\0')
            break;
        if (*p == '%') {
            put(&o, '%');
            continue;
        }
        if (ai >= nargs) {
            put(&o, '?');
            continue;
        }
        const struct fw_arg *a = &args[ai++];
        char d[24];
        size_t n;
        switch (*p) {
        case 'u':
            n = digits(d, a->u, 10, false);
            put_field(&o, d, n, width, left, left ? ' ' : pad);
            break;
        case 'x':
        case 'X':
            n = digits(d, a->u, 16, *p == 'X');
            put_field(&o, d, n, width, left, left ? ' ' : pad);
            break;
        case 'd': {
            int64_t v = (int64_t)a->u;
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            n = digits(d, mag, 10, false);
            if (v < 0) {
                if (pad == '0' && !left) {
                    put(&o, '-');
                    put_field(&o, d, n, width > 0 ? width - 1 : 0, false, '0');
                } else {
                    char s[25];
                    s[0] = '-';
                    for (size_t i = 0; i < n; i++)
                        s[i + 1] = d[i];
                    put_field(&o, s, n + 1, width, left, ' ');
                }
            } else {
                put_field(&o, d, n, width, left, left ? ' ' : pad);
            }
            break;
        }
        case 'c': {
            char c = (char)a->u;
            put_field(&o, &c, 1, width, left, ' ');
            break;
        }
        case 's': {
            const char *s = a->s ? a->s : "(null)";
            size_t len = 0;
            while (s[len])
                len++;
            put_field(&o, s, len, width, left, ' ');
            break;
        }
        default:
            put(&o, '%');
            put(&o, *p);
            break;
        }
    }
    o.buf[o.n] = '\0';
    return o.n;
}

void fw_log_args(struct vmxr_hal *h, const char *fmt, const struct fw_arg *args, size_t nargs)
{
    char line[FW_LOG_MAX];
    fw_fmt_args(line, sizeof line, fmt, args, nargs);
    hal_log(h, line);
}
