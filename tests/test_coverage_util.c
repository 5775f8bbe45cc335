/* The helpers of tests/test_coverage.h. */
#include "test_coverage.h"

char *json_of(const struct cov *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    assert_true(cov_write_json(c, m));
    assert_int_equal(fclose(m), 0);
    return buf;
}

uint64_t count_(const struct cov *c, const char *name, int caller)
{
    char *j = json_of(c), key[96];
    snprintf(key, sizeof key, "\n    \"%s\": ", name);
    const char *at = strstr(j, key);
    bool found = at != NULL;
    uint64_t v = found ? strtoull(at + strlen(key), NULL, 10) : 0;
    free(j);
    if (!found)
        fail_msg("test line %d: no bin %s", caller, name);
    return v;
}

bool has_bin(const struct cov *c, const char *name)
{
    char *j = json_of(c), key[96];
    snprintf(key, sizeof key, "\n    \"%s\": ", name);
    bool found = strstr(j, key) != NULL;
    free(j);
    return found;
}

struct cov *cover_(const char *text, const char *engine, int caller)
{
    struct vec_file f;
    char err[512];
    if (!vec_parse("t.vec", text, strlen(text), &f, err, sizeof err)) {
        vec_free(&f);
        fail_msg("test line %d: %s", caller, err);
    }
    struct cov *c = cov_new();
    assert_non_null(c);
    struct vec_result *res = NULL;
    if (engine) {
        res = calloc(f.nitems + 1, sizeof *res);
        assert_non_null(res);
        struct run_stats st = { 0 };
        if (!run_file_opts(&f, engine, NULL, res, &st, err, sizeof err, NULL, NULL))
            fail_msg("test line %d: engine %s: %s", caller, engine, err);
        run_check(&f, res, &st, stderr);
        if (st.failed)
            fail_msg("test line %d: %u expectations failed on %s", caller, st.failed, engine);
        if (!strcmp(engine, "txn")) { /* txn results carry no timing */
            free(res);
            res = NULL;
        }
    }
    cov_add_file(c, &f, res);
    free(res);
    vec_free(&f);
    return c;
}

char *table_of(const struct cov *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    cov_print(c, m);
    assert_int_equal(fclose(m), 0);
    return buf;
}

bool read_json_text(struct cov *c, const char *text, size_t len, char *err, size_t errlen)
{
    /* fmemopen needs a nonzero size: an empty input is an empty file */
    FILE *in = len ? fmemopen((void *)text, len, "r") : fopen("/dev/null", "r");
    assert_non_null(in);
    bool ok = cov_read_json(c, in, err, errlen);
    fclose(in);
    return ok;
}
