/* The item-level buses of this build, by name (vmxr_bus.h). Compiled plain
 * into libvmxr.a, and with -DVMXR_WITH_SYSTEMC for binaries that carry the
 * SystemC platform. The port-level names come from the engine registry. */
#include <stdio.h>
#include <string.h>

#include "vmxr_bus.h"
#include "vmxr_engine.h"

struct vmxr_bus *vmxr_bus_txn_open(const struct vmxr_straps *straps);
struct vmxr_bus *vmxr_bus_port_open(const char *engine, const struct vmxr_straps *straps, char *err, size_t errlen);

static const char *const SC_NAMES[] = {
#ifdef VMXR_WITH_SYSTEMC
    "sc-tlm", "sc-model", "sc-rtl", "sc-cosim",
#endif
    NULL,
};

static bool is_sc(const char *name)
{
    for (const char *const *n = SC_NAMES; *n; n++)
        if (!strcmp(*n, name))
            return true;
    return false;
}

const char *vmxr_bus_name(unsigned i)
{
    if (i == 0)
        return "txn";
    i--;
    for (const char *const *n = vmxr_engine_names; *n; n++, i--)
        if (i == 0)
            return *n;
    return i < sizeof SC_NAMES / sizeof SC_NAMES[0] ? SC_NAMES[i] : NULL;
}

bool vmxr_bus_known(const char *name)
{
    if (!strcmp(name, "txn") || is_sc(name))
        return true;
    for (const char *const *n = vmxr_engine_names; *n; n++)
        if (!strcmp(*n, name))
            return true;
    return false;
}

struct vmxr_bus *vmxr_bus_open(const char *name, const struct vmxr_straps *straps, char *err, size_t errlen)
{
    if (!strcmp(name, "txn")) {
        struct vmxr_bus *b = vmxr_bus_txn_open(straps);
        if (!b)
            snprintf(err, errlen, "out of memory");
        return b;
    }
#ifdef VMXR_WITH_SYSTEMC
    if (is_sc(name))
        return vmxr_bus_sc_open(name, straps, err, errlen);
#endif
    return vmxr_bus_port_open(name, straps, err, errlen);
}
