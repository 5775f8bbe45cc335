/* Helpers shared by the coverage unit tests (tests/test_coverage.c,
 * tests/test_coverage_tables.c): tiny VEC1 streams built in memory are run
 * and their coverage counts read back through the JSON form. */
#ifndef VMXR_TEST_COVERAGE_H
#define VMXR_TEST_COVERAGE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "coverage.h"
#include "run.h"
#include "vec1.h"

#define H "vmxr-vectors 1\n"

/* The streams are written for the default parameters; a test whose stream
 * needs more CPUs, VMs, I/O entries or stack than a build has is skipped. */
#define NEED(ncpu, nvm, nior, depth)                                                                            \
    do {                                                                                                         \
        if (VMXR_NCPU < (ncpu) || VMXR_NVM < (nvm) || VMXR_NIOR < (nior) || VMXR_DEPTH < (depth))                \
            skip();                                                                                              \
    } while (0)

/* ---- helpers ---------------------------------------------------------- */

/* The JSON form of c, malloc'd. */
char *json_of(const struct cov *c);

/* The count of bin name in c; fails the test if there is no such bin. */
uint64_t count_(const struct cov *c, const char *name, int caller);
#define COUNT(c, name) count_((c), (name), __LINE__)
#define EXPECT(c, name, n) assert_int_equal(COUNT(c, name), (n))

bool has_bin(const struct cov *c, const char *name);

/* Coverage of text; engine NULL: replay only (no port-level results). */
struct cov *cover_(const char *text, const char *engine, int caller);
#define COVER(text) cover_((text), NULL, __LINE__)
#define COVER_ON(text, engine) cover_((text), (engine), __LINE__)

/* The cov_print text, malloc'd. */
char *table_of(const struct cov *c);

bool read_json_text(struct cov *c, const char *text, size_t len, char *err, size_t errlen);

#endif /* VMXR_TEST_COVERAGE_H */
