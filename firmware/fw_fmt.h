/* A tiny freestanding text formatter for hal_log lines.
 *
 * No <stdarg.h>: arguments travel as an array of struct fw_arg, built by the
 * FW_U/FW_I/FW_S/FW_C macros and counted by FW_FMT/FW_LOG.
 *
 * Conversions: %u (unsigned decimal), %d (signed decimal), %x / %X (hex),
 * %c (character), %s (string, "(null)" for NULL), %% (a percent sign).
 * Flags and width: "0" pads numbers with zeros, "-" left-justifies, a
 * decimal width pads to that many characters. A conversion without an
 * argument prints "?"; surplus arguments are ignored. Output is truncated to
 * cap - 1 characters and always NUL-terminated (cap > 0).
 */
#ifndef FW_FMT_H
#define FW_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "vmxr_hal.h"

struct fw_arg {
    uint64_t u;
    const char *s;
};

#define FW_U(x) ((struct fw_arg){.u = (uint64_t)(x), .s = NULL})
#define FW_I(x) ((struct fw_arg){.u = (uint64_t)(int64_t)(x), .s = NULL})
#define FW_C(x) ((struct fw_arg){.u = (uint64_t)(uint8_t)(x), .s = NULL})
#define FW_S(x) ((struct fw_arg){.u = 0, .s = (x)})

/* Formats into buf; returns the number of characters written (without the
 * NUL). */
size_t fw_fmt_args(char *buf, size_t cap, const char *fmt, const struct fw_arg *args, size_t nargs);

/* Formats a line of at most FW_LOG_MAX - 1 characters and hands it to
 * hal_log. */
#define FW_LOG_MAX 160u
void fw_log_args(struct vmxr_hal *h, const char *fmt, const struct fw_arg *args, size_t nargs);

#define FW_ARGV(...) ((const struct fw_arg[]){__VA_ARGS__})
#define FW_ARGC(...) (sizeof(FW_ARGV(__VA_ARGS__)) / sizeof(struct fw_arg))

/* FW_FMT(buf, cap, fmt, args...) and FW_LOG(h, fmt, args...): at least one
 * argument; use hal_log directly for fixed text. */
#define FW_FMT(buf, cap, fmt, ...) fw_fmt_args((buf), (cap), (fmt), FW_ARGV(__VA_ARGS__), FW_ARGC(__VA_ARGS__))
#define FW_LOG(h, fmt, ...) fw_log_args((h), (fmt), FW_ARGV(__VA_ARGS__), FW_ARGC(__VA_ARGS__))

#endif /* FW_FMT_H */
