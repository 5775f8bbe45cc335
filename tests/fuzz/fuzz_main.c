/* main of every fuzz target (tests/fuzz/fuzz.h).
 *
 *   fuzz_T FILE...   replays the files one after the other, each path on
 *                    standard output before it runs, then one line
 *                    "fuzz_T: N inputs, M past the parser"
 *   fuzz_T           one input from standard input; built with
 *                    afl-clang-fast (and without -DFUZZ_PLAIN): afl++'s
 *                    persistent shared-memory loop
 * What the target prints goes to /dev/null, or with FUZZ_VERBOSE set in the
 * environment to standard error. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define FUZZ_MAX_INPUT (1u << 20)

_Noreturn void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz_%s: %s\n", fuzz_name, what);
    abort();
}

/* Runs len bytes at src from a copy of exactly that size, so that a read
 * past the input is a read past an allocation (ASan): afl++'s shared
 * memory and the read buffer below are larger. */
static bool run_exact(const uint8_t *src, size_t len, FILE *sink)
{
    uint8_t *data = malloc(len ? len : 1);
    if (!data)
        fuzz_fail("out of memory");
    memcpy(data, src, len);
    bool past = fuzz_one(data, len, sink);
    free(data);
    return past;
}

/* Runs the file at path (NULL: standard input), read at one go so that the
 * edges taken here are the same for every input (afl-showmap -e). */
static bool one_file(const char *path, FILE *sink)
{
    const char *name = path ? path : "(standard input)";
    FILE *in = path ? fopen(path, "rb") : stdin;
    char *text = malloc(FUZZ_MAX_INPUT + 1);
    if (!in || !text) {
        fprintf(stderr, "fuzz_%s: %s: %s\n", fuzz_name, name, in ? "out of memory" : strerror(errno));
        exit(2);
    }
    size_t len = fread(text, 1, FUZZ_MAX_INPUT + 1, in);
    if (ferror(in) || len > FUZZ_MAX_INPUT) {
        fprintf(stderr, "fuzz_%s: %s: %s\n", fuzz_name, name, ferror(in) ? "cannot read" : "larger than 1 MiB");
        exit(2);
    }
    if (in != stdin)
        fclose(in);
    bool past = run_exact((const uint8_t *)text, len, sink);
    free(text);
    return past;
}

/* FUZZ_PLAIN: without afl++'s persistent loop and shared-memory input, one
 * input a process (afl-showmap, afl-cmin, afl-tmin). */
#if defined(__AFL_FUZZ_TESTCASE_LEN) && !defined(FUZZ_PLAIN)
#define FUZZ_PERSISTENT 1
#include <unistd.h> /* read(), in __AFL_FUZZ_TESTCASE_LEN */
__AFL_FUZZ_INIT();
#endif

int main(int argc, char **argv)
{
#ifdef FUZZ_PERSISTENT
    __AFL_INIT(); /* afl++'s (deferred) fork server starts here */
#endif
    FILE *sink = getenv("FUZZ_VERBOSE") ? stderr : fopen("/dev/null", "w");
    if (!sink)
        fuzz_fail("cannot open /dev/null");
    if (argc < 2) {
#ifdef FUZZ_PERSISTENT
        const uint8_t *buf = __AFL_FUZZ_TESTCASE_BUF;
        while (__AFL_LOOP(10000))
            (void)run_exact(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN, sink);
#else
        (void)one_file(NULL, sink);
#endif
    } else {
        unsigned past = 0;
        for (int i = 1; i < argc; i++) {
            printf("%s\n", argv[i]);
            fflush(stdout);
            past += one_file(argv[i], sink);
        }
        printf("fuzz_%s: %d inputs, %u past the parser\n", fuzz_name, argc - 1, past);
    }
    if (sink != stderr)
        fclose(sink);
    return 0;
}
