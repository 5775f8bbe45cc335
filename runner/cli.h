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
 * spare byte, not counted in *len, holds a NUL). False with
 * "PATH:0:0: message" in err when it cannot be opened or read, is too large
 * or memory runs out; the caller frees *buf after success. */
bool cli_slurp(const char *path, size_t max, char **buf, size_t *len, char *err, size_t errlen);

/* Formats a message into err (when err and errlen are set); returns -1, so
 * that a failing function can end with return cli_fail(err, errlen, ...). */
int cli_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* VMXR_CLI_H */
