/* Fuzz targets (docs/testing.md): one program a target, tests/fuzz/fuzz_*.c,
 * each defining fuzz_one() on top of the library's public entry points;
 * fuzz_main.c is their main. Built with afl-clang-fast it is an afl++
 * persistent-mode target (make fuzz); built with cc (SAN=1) it replays the
 * files it is given, one after the other (make fuzz-replay). */
#ifndef VMXR_FUZZ_H
#define VMXR_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The target's name, for messages ("vec1"). */
extern const char fuzz_name[];

/* Feeds one input of len bytes (exactly: no terminating NUL) to the target;
 * whatever the target prints goes to sink. True when the input got past
 * the parser. Never fails on bad input: a bug is an abort() or a sanitizer
 * report. */
bool fuzz_one(const uint8_t *data, size_t len, FILE *sink);

/* A target's own check that failed: prints why and aborts, so that afl++
 * keeps the input as a crash. */
_Noreturn void fuzz_fail(const char *what);

#endif /* VMXR_FUZZ_H */
