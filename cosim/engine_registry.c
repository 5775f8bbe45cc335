/* The port-level engines of this build, by name. Built without
 * VMXR_WITH_RTL for binaries that carry only the C model. */
#include <stdio.h>
#include <string.h>

#include "vmxr_engine.h"

static const struct {
    const char *name;
    struct vmxr_engine *(*open)(void);
} ENGINES[] = {
    { "model", vmxr_engine_model_open },
#ifdef VMXR_WITH_RTL
    { "rtl", vmxr_engine_rtl_open },
    { "cosim", vmxr_engine_cosim_open },
#endif
};

const char *const vmxr_engine_names[] = {
    "model",
#ifdef VMXR_WITH_RTL
    "rtl",
    "cosim",
#endif
    NULL,
};

struct vmxr_engine *vmxr_engine_open(const char *name, char *err, size_t errlen)
{
    for (size_t i = 0; i < sizeof ENGINES / sizeof ENGINES[0]; i++) {
        if (strcmp(ENGINES[i].name, name))
            continue;
        struct vmxr_engine *e = ENGINES[i].open();
        if (!e)
            snprintf(err, errlen, "engine '%s' could not be created", name);
        return e;
    }
    snprintf(err, errlen, "unknown engine '%s'", name);
    return NULL;
}
