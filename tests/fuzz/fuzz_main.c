/* main of every fuzz target (tests/fuzz/fuzz.h).
 *
 *   fuzz_T FILE...   replays the files one after the other, each path on
 *                    standard output before it runs, then one line
 *                    "fuzz_T: N inputs, M past the parser"
 *   fuzz_T           one input from standard input; built with
 *                    afl-clang-fast: afl++'s persistent shared-memory loop
 * What the target prints goes to /dev/null, or with FUZZ_VERBOSE set in the
 * environment to standard error. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fuzz.h"

#define FUZZ_MAX_INPUT (1u << 20)

_Noreturn void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz_%s: %s\n", fuzz_name, what);
    abort();
}

/* Runs the file at path; an exact-size copy, so that a read past the end
 * is a read past the allocation. */
static bool one_file(const char *path, FILE *sink)
{
    char *text, err[1024];
    size_t len;
    if (!cli_slurp(path, FUZZ_MAX_INPUT, &text, &len, err, sizeof err)) {
        fprintf(stderr, "fuzz_%s: %s\n", fuzz_name, err);
        exit(2);
    }
    uint8_t *data = malloc(len ? len : 1);
    if (!data)
        fuzz_fail("out of memory");
    memcpy(data, text, len);
    free(text);
    bool past = fuzz_one(data, len, sink);
    free(data);
    return past;
}

#ifdef __AFL_FUZZ_TESTCASE_LEN
#include <unistd.h> /* read(), in __AFL_FUZZ_TESTCASE_LEN */
__AFL_FUZZ_INIT();
#endif

int main(int argc, char **argv)
{
    FILE *sink = getenv("FUZZ_VERBOSE") ? stderr : fopen("/dev/null", "w");
    if (!sink)
        fuzz_fail("cannot open /dev/null");
    if (argc < 2) {
#ifdef __AFL_FUZZ_TESTCASE_LEN
        __AFL_INIT();
        const uint8_t *buf = __AFL_FUZZ_TESTCASE_BUF;
        while (__AFL_LOOP(10000))
            (void)fuzz_one(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN, sink);
#else
        (void)one_file("/dev/stdin", sink);
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
