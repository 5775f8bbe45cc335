/* Fuzz target scenario: the scenario parser (scn_parse) and the platform
 * (plat_run) running the built-in firmware on the transaction-level core
 * and on the cycle-accurate model, each through the VEC1 tap, at most
 * FUZZ_MAX_STEPS guest instructions. What docs/platform.md promises is
 * checked: the transcript and the trace are byte-identical on both
 * engines, and the trace parses and replays on the transaction-level core
 * with every expectation holding. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "platform.h"
#include "run.h"
#include "vmxr_registry.h"

#define FUZZ_MAX_STEPS 2000u

const char fuzz_name[] = "scenario";

struct output {
    char *tx, *trace; /* transcript, VEC1 trace */
    size_t txlen, tracelen;
};

static void run_on(const struct scenario *s, unsigned caps, struct output *o)
{
    char err[1024];
    FILE *tx = open_memstream(&o->tx, &o->txlen), *tf = open_memstream(&o->trace, &o->tracelen);
    struct vmxr_bus *bus = vmxr_bus_open(vmxr_engine_with(caps)->name, &s->straps, err, sizeof err);
    struct vmxr_bus *tap = bus && tf ? tap_open(bus, &s->straps, tf) : NULL;
    if (!tx || !tap)
        fuzz_fail(bus ? "out of memory" : err);
    struct plat_result r;
    plat_run(s, &VMXR_FW_DESCRIPTOR, tap, tx, &r);
    free(r.failures);
    vmxr_bus_close(tap);
    fclose(tx);
    fclose(tf);
}

/* The trace is an ordinary vector file whose every expectation holds. */
static void replay(const struct output *o, FILE *sink)
{
    struct vec_file f;
    char err[2048];
    if (!vec_parse("trace.vec", o->trace, o->tracelen, &f, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        fuzz_fail("the trace does not parse");
    }
    struct vec_result *res = calloc(f.nitems ? f.nitems : 1, sizeof *res);
    struct run_stats st = { 0 };
    if (!res)
        fuzz_fail("out of memory");
    if (!run_file(&f, vmxr_engine_with(VMXR_ENG_TXN)->name, res, &st, err, sizeof err))
        fuzz_fail(err);
    run_check(&f, res, &st, sink);
    if (st.failed)
        fuzz_fail("the trace does not replay");
    free(res);
    vec_free(&f);
}

bool fuzz_one(const uint8_t *data, size_t len, FILE *sink)
{
    struct scenario s;
    char err[1024];
    bool parsed = scn_parse("fuzz.scn", (const char *)data, len, &s, err, sizeof err);
    if (parsed) {
        if (s.limit > FUZZ_MAX_STEPS)
            s.limit = FUZZ_MAX_STEPS;
        struct output txn = { 0 }, model = { 0 };
        run_on(&s, VMXR_ENG_TXN, &txn);
        run_on(&s, VMXR_ENG_MODEL | VMXR_ENG_PORT, &model);
        if (txn.txlen != model.txlen || memcmp(txn.tx, model.tx, txn.txlen))
            fuzz_fail("the transcripts on txn and model differ");
        if (txn.tracelen != model.tracelen || memcmp(txn.trace, model.trace, txn.tracelen))
            fuzz_fail("the traces on txn and model differ");
        replay(&txn, sink);
        fwrite(txn.tx, 1, txn.txlen, sink);
        free(txn.tx);
        free(txn.trace);
        free(model.tx);
        free(model.trace);
    } else {
        fprintf(sink, "%s\n", err);
    }
    scn_free(&s);
    return parsed;
}
