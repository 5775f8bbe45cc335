/* Fuzz target vec1: the VEC1 parser (vec_parse) and the runner (run_file_opts)
 * on the transaction-level core and, streamed through its ports with random
 * back-pressure, the cycle-accurate model; then the checks, the result
 * spelling and the functional coverage of what ran. A run is bounded by
 * FUZZ_MAX_CYCLES (the runner's own bound). */
#include <stdlib.h>

#include "coverage.h"
#include "fuzz.h"
#include "run.h"
#include "vmxr_registry.h"

#define FUZZ_MAX_CYCLES 100000u

const char fuzz_name[] = "vec1";

/* Runs f on the engine with caps; its results (f->nitems of them, freed by
 * the caller) when the run completed, else NULL. */
static struct vec_result *run_on(const struct vec_file *f, unsigned caps, const struct run_opts *o, FILE *sink)
{
    struct vec_result *res = calloc(f->nitems ? f->nitems : 1, sizeof *res);
    if (!res)
        fuzz_fail("out of memory");
    struct run_stats st = { 0 };
    char err[2048];
    if (!run_file_opts(f, vmxr_engine_with(caps)->name, o, res, &st, err, sizeof err, NULL, NULL)) {
        fprintf(sink, "%s\n", err);
        free(res);
        return NULL;
    }
    run_check(f, res, &st, sink);
    char buf[256];
    for (unsigned i = 0; i < f->nitems; i++) {
        run_format_result(&f->items[i], &res[i], buf, sizeof buf);
        fprintf(sink, "%u: %s\n", f->items[i].line, buf);
    }
    return res;
}

bool fuzz_one(const uint8_t *data, size_t len, FILE *sink)
{
    struct vec_file f;
    char err[1024];
    bool parsed = vec_parse("fuzz.vec", (const char *)data, len, &f, err, sizeof err);
    if (parsed) {
        struct run_opts o = { .max_cycles = FUZZ_MAX_CYCLES };
        free(run_on(&f, VMXR_ENG_TXN, &o, sink));
        o.stall = true; /* a fixed seed: the path an input takes depends on it alone */
        o.stall_seed = 1;
        struct vec_result *res = run_on(&f, VMXR_ENG_MODEL | VMXR_ENG_PORT, &o, sink);
        struct cov *c = cov_new();
        if (!c)
            fuzz_fail("out of memory");
        cov_add_file(c, &f, res);
        cov_print(c, sink);
        cov_free(c);
        free(res);
    } else {
        fprintf(sink, "%s\n", err);
    }
    vec_free(&f);
    return parsed;
}
