/* Fuzz target cover: the coverage database's JSON (cov_read_json, as
 * `vmxr cover --merge` reads it), the merge, the table and the JSON
 * writer. The input is read twice and merged; the merged database, written
 * and read back, must give the same counts. */
#include <stdlib.h>

#include "coverage.h"
#include "fuzz.h"

const char fuzz_name[] = "cover";

static struct cov *read_json(const void *data, size_t len, char *err, size_t errlen)
{
    struct cov *c = cov_new();
    FILE *in = len ? fmemopen((void *)data, len, "r") : fopen("/dev/null", "r");
    if (!c || !in)
        fuzz_fail("out of memory");
    bool ok = cov_read_json(c, in, err, errlen);
    fclose(in);
    if (!ok) {
        cov_free(c);
        return NULL;
    }
    return c;
}

bool fuzz_one(const uint8_t *data, size_t len, FILE *sink)
{
    char err[1024];
    struct cov *a = read_json(data, len, err, sizeof err);
    if (!a) {
        fprintf(sink, "%s\n", err);
        return false;
    }
    struct cov *b = read_json(data, len, err, sizeof err);
    if (!b)
        fuzz_fail("the second read of the same input failed");
    cov_merge(a, b);
    cov_print(a, sink);
    char *js = NULL;
    size_t jslen = 0;
    FILE *out = open_memstream(&js, &jslen);
    if (!out || !cov_write_json(a, out))
        fuzz_fail("cov_write_json failed");
    fclose(out);
    struct cov *c = read_json(js, jslen, err, sizeof err);
    if (!c) {
        fprintf(stderr, "%s\n", err);
        fuzz_fail("the JSON written does not read back");
    }
    for (unsigned i = 0; i < cov_bins(a); i++)
        if (cov_count(a, i) != cov_count(c, i))
            fuzz_fail("the JSON written reads back with other counts");
    free(js);
    cov_free(a);
    cov_free(b);
    cov_free(c);
    return true;
}
