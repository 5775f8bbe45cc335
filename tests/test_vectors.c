/* Every directed vector on both engines: all expectations hold, and the two
 * engines give identical decisions and APB results, item for item.
 *   test_vectors FILE...   (one cmocka test per file) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

static void run_one(void **state)
{
    const char *path = *state;
    struct vec_file f;
    char err[512];
    if (!vec_load(path, &f, err, sizeof err))
        fail_msg("%s", err);
    struct vec_result *txn = calloc(f.nitems + 1, sizeof *txn);
    struct vec_result *model = calloc(f.nitems + 1, sizeof *model);
    assert_non_null(txn);
    assert_non_null(model);
    struct run_stats st_txn = { 0 }, st_model = { 0 };
    if (!run_file(&f, "txn", txn, &st_txn, err, sizeof err))
        fail_msg("txn: %s", err);
    if (!run_file(&f, "model", model, &st_model, err, sizeof err))
        fail_msg("model: %s", err);
    run_check(&f, txn, &st_txn, stderr);
    run_check(&f, model, &st_model, stderr);
    assert_true(st_txn.checks > 0);
    assert_int_equal(st_txn.failed, 0);
    assert_int_equal(st_model.failed, 0);
    for (unsigned i = 0; i < f.nitems; i++) {
        char a[256], b[256];
        run_format_result(&f.items[i], &txn[i], a, sizeof a);
        run_format_result(&f.items[i], &model[i], b, sizeof b);
        if (strcmp(a, b) || txn[i].ndec != model[i].ndec ||
            memcmp(txn[i].dec, model[i].dec, sizeof txn[i].dec[0] * txn[i].ndec))
            fail_msg("%s:%u: txn gives %s, model gives %s", path, f.items[i].line, a, b);
    }
    free(txn);
    free(model);
    vec_free(&f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_vectors FILE...\n");
        return 2;
    }
    struct CMUnitTest *tests = calloc((size_t)argc, sizeof *tests);
    if (!tests)
        return 2;
    for (int i = 1; i < argc; i++)
        tests[i - 1] = (struct CMUnitTest){ .name = argv[i], .test_func = run_one, .initial_state = argv[i] };
    int rc = _cmocka_run_group_tests("directed_vectors_txn_and_model", tests, (size_t)argc - 1, NULL, NULL);
    free(tests);
    return rc;
}
