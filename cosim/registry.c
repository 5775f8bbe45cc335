/* The engine registry (vmxr_registry.h): the one table of engines, and the
 * constructors behind the port-level and item-level interfaces.
 *
 * The SystemC engines come either linked into the program (bus_sc.o, as in
 * the SystemC API tests) or from the SystemC platform built as a plugin,
 * libvmxr-sc.so (mk/systemc.mk), found next to the program, in
 * ../lib/vmxr/ from it (an installed tree), or at $VMXR_SC_PLUGIN. The
 * plugin is self-contained (its own model, Verilator runtime and SystemC
 * RTL): a program that never opens an sc-* engine never loads it, and an
 * RTL edit rebuilds it only when it is asked for. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmxr_bus.h"
#include "vmxr_compare.h"
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

typedef struct vmxr_bus *sc_open_fn(const struct vmxr_engine_info *, const struct vmxr_straps *, char *, size_t);

/* The plugin's path into buf (the first candidate that exists), or false. */
static bool sc_plugin_path(char *buf, size_t n)
{
    const char *env = getenv("VMXR_SC_PLUGIN");
    if (env && *env) {
        snprintf(buf, n, "%s", env);
        return access(buf, R_OK) == 0;
    }
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return false;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    static const char *const rel[] = { "/libvmxr-sc.so", "/../lib/vmxr/libvmxr-sc.so" };
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++)
        if ((size_t)snprintf(buf, n, "%s%s", exe, rel[i]) < n && access(buf, R_OK) == 0)
            return true;
    return false;
}

/* The SystemC buses' constructor: linked in, or loaded from the plugin. */
static sc_open_fn *sc_open(char *err, size_t errlen)
{
    if (vmxr_bus_sc_open)
        return vmxr_bus_sc_open;
    char path[PATH_MAX + 64];
    if (!sc_plugin_path(path, sizeof path)) {
        snprintf(err, errlen, "the SystemC platform is not built (make sc builds libvmxr-sc.so next to vmxr)");
        return NULL;
    }
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(err, errlen, "cannot load the SystemC platform: %s", dlerror());
        return NULL;
    }
    sc_open_fn *f;
    *(void **)&f = dlsym(h, "vmxr_bus_sc_open");
    if (!f)
        snprintf(err, errlen, "%s: no vmxr_bus_sc_open (not a vmxr SystemC plugin)", path);
    return f;
}

static bool available(const struct row *r)
{
    if (r->sc) {
        char path[PATH_MAX + 64];
        return vmxr_bus_sc_open != NULL || sc_plugin_path(path, sizeof path);
    }
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
    if (row_of(info)->sc) {
        sc_open_fn *open = sc_open(err, errlen);
        return open ? open(info, straps, err, errlen) : NULL;
    }
    if (vmxr_engine_direct_txn(info)) {
        struct vmxr_bus *b = vmxr_bus_txn_open(straps);
        if (!b)
            snprintf(err, errlen, "out of memory");
        return b;
    }
    struct vmxr_engine *e = vmxr_engine_open(name, err, errlen);
    return e ? vmxr_bus_port_open(e, straps, err, errlen) : NULL;
}

uint64_t vmxr_engine_idle_steps(struct vmxr_engine *e, const struct vmxr_unit_in *in, uint64_t n,
                                const struct vmxr_unit_out *expect, struct vmxr_unit_out *out)
{
    uint64_t k = 0;
    while (k < n) {
        vmxr_engine_step(e, in, out);
        k++;
        if ((expect && !vmxr_ports_same(out, expect)) || vmxr_engine_failure(e))
            break;
    }
    return k;
}

uint64_t vmxr_engine_idle(struct vmxr_engine *e, const struct vmxr_unit_in *in, uint64_t n,
                          const struct vmxr_unit_out *expect, struct vmxr_unit_out *out)
{
    if (e->ops->idle)
        return e->ops->idle(e, in, n, expect, out);
    return vmxr_engine_idle_steps(e, in, n, expect, out);
}
