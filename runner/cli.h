/* Command-line helpers shared by the vmxr subcommands. */
#ifndef VMXR_CLI_H
#define VMXR_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Unsigned decimal (or 0x hex if hex_ok) up to max, nothing else: no sign,
 * no blanks, no trailing characters. */
bool cli_number(const char *s, bool hex_ok, uint64_t max, uint64_t *out);

/* True if argv[*i] is option name given as "NAME VALUE" or "NAME=VALUE";
 * then *value is the value (NULL when "NAME" is the last argument) and *i
 * has moved past it. */
bool cli_option(int argc, char **argv, int *i, const char *name, const char **value);

/* Reads a whole file of at most max bytes into a malloc'ed buffer (one
 * spare byte, not counted in *len, holds a NUL). False with "PATH: cannot
 * open: REASON", "PATH: cannot read: REASON" (strerror), "PATH: file too
 * large" or "PATH: out of memory" in err; the caller frees *buf after
 * success. (FILE:LINE:COL is for parse errors only.) */
bool cli_slurp(const char *path, size_t max, char **buf, size_t *len, char *err, size_t errlen);

/* Formats a message into err (when err and errlen are set); returns -1, so
 * that a failing function can end with return cli_fail(err, errlen, ...). */
int cli_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Copies the n bytes at src into dst (dstlen bytes, always NUL-terminated
 * when dstlen > 0, cut short at a whole character when full) so that they
 * can be echoed in a message to a terminal: printable ASCII and well-formed
 * UTF-8 of U+00A0 and above pass unchanged; every other byte becomes \xNN
 * (upper-case hex): C0 controls (tab and newline included), DEL, C1
 * controls whether raw (0x80-0x9F) or UTF-8 encoded (U+0080-U+009F),
 * malformed or overlong UTF-8, surrogates. A backslash passes as is.
 * Returns dst. */
char *cli_escape(char *dst, size_t dstlen, const char *src, size_t n);

#endif /* VMXR_CLI_H */
