/* The engine registry (vmxr_registry.h): the one table of engines, and the
 * constructors behind the port-level and item-level interfaces. */
#include <stdio.h>
#include <string.h>

#include "vmxr_bus.h"
#include "vmxr_engine.h"
#include "vmxr_registry.h"

/* Linked only into programs that carry the RTL or the SystemC platform. */
struct vmxr_engine *vmxr_engine_rtl_open(void) __attribute__((weak));
struct vmxr_engine *vmxr_engine_cosim_open(void) __attribute__((weak));
#pragma weak vmxr_bus_sc_open

enum { T = VMXR_ENG_TXN, M = VMXR_ENG_MODEL, R = VMXR_ENG_RTL, P = VMXR_ENG_PORT, S = VMXR_ENG_SC };

static const struct row {
    struct vmxr_engine_info info;
    struct vmxr_engine *(*open_port)(void); /* port-level engines */
    bool sc;                                /* item-level bus by vmxr_bus_sc_open */
} ENGINES[] = {
    { { "txn", T, NULL }, NULL, false },
    { { "model", M | P, NULL }, vmxr_engine_model_open, false },
    { { "rtl", R | P, "vmxr." }, vmxr_engine_rtl_open, false },
    { { "cosim", M | R | P, "vmxr." }, vmxr_engine_cosim_open, false },
    { { "sc-tlm", T | S, NULL }, NULL, true },
    { { "sc-model", M | S, NULL }, NULL, true },
    { { "sc-rtl", R | S, "top.rtl." }, NULL, true },
    { { "sc-cosim", M | R | S, "top.rtl." }, NULL, true },
};
#define NENGINES (sizeof ENGINES / sizeof ENGINES[0])

static bool available(const struct row *r)
{
    if (r->sc)
        return vmxr_bus_sc_open != NULL;
    return !(r->info.caps & VMXR_ENG_PORT) || r->open_port != NULL;
}

static const struct row *row_of(const struct vmxr_engine_info *e) { return (const struct row *)e; }

const struct vmxr_engine_info *vmxr_engine_find(const char *name)
{
    for (size_t i = 0; name && i < NENGINES; i++)
        if (!strcmp(ENGINES[i].info.name, name))
            return available(&ENGINES[i]) ? &ENGINES[i].info : NULL;
    return NULL;
}

const struct vmxr_engine_info *vmxr_engine_at(unsigned i)
{
    for (size_t k = 0; k < NENGINES; k++)
        if (available(&ENGINES[k]) && i-- == 0)
            return &ENGINES[k].info;
    return NULL;
}

const struct vmxr_engine_info *vmxr_engine_with(unsigned caps)
{
    for (size_t k = 0; k < NENGINES; k++)
        if (ENGINES[k].info.caps == caps && available(&ENGINES[k]))
            return &ENGINES[k].info;
    return NULL;
}

const struct vmxr_engine_info *vmxr_engine_sc(const char *name)
{
    for (size_t i = 0; name && i < NENGINES; i++)
        if (ENGINES[i].sc && !strcmp(ENGINES[i].info.name, name))
            return &ENGINES[i].info;
    return NULL;
}

const struct vmxr_engine_info *vmxr_engine_sc_at(unsigned i)
{
    for (size_t k = 0; k < NENGINES; k++)
        if (ENGINES[k].sc && i-- == 0)
            return &ENGINES[k].info;
    return NULL;
}

struct vmxr_engine *vmxr_engine_open(const char *name, char *err, size_t errlen)
{
    const struct vmxr_engine_info *info = vmxr_engine_find(name);
    if (!info || !row_of(info)->open_port) {
        snprintf(err, errlen, "unknown engine '%s'", name);
        return NULL;
    }
    struct vmxr_engine *e = row_of(info)->open_port();
    if (!e)
        snprintf(err, errlen, "engine '%s' could not be created", name);
    else
        e->name = info->name;
    return e;
}

struct vmxr_bus *vmxr_bus_open(const char *name, const struct vmxr_straps *straps, char *err, size_t errlen)
{
    const struct vmxr_engine_info *info = vmxr_engine_find(name);
    if (!info) {
        snprintf(err, errlen, "unknown engine '%s'", name);
        return NULL;
    }
    if (row_of(info)->sc)
        return vmxr_bus_sc_open(info, straps, err, errlen);
    if (vmxr_engine_direct_txn(info)) {
        struct vmxr_bus *b = vmxr_bus_txn_open(straps);
        if (!b)
            snprintf(err, errlen, "out of memory");
        return b;
    }
    struct vmxr_engine *e = vmxr_engine_open(name, err, errlen);
    return e ? vmxr_bus_port_open(e, straps, err, errlen) : NULL;
}
