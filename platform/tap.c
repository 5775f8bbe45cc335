/* The VEC1 tap: a struct vmxr_bus that forwards every operation to another
 * bus and writes it, with its result, as a VEC1 item (spec section 7). The
 * file it writes replays with `vmxr run` on any engine. */
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "vec1.h"

struct tap {
    struct vmxr_bus bus; /* first: the tap is a bus */
    struct vmxr_bus *inner;
    FILE *out;
    char note[256];
};

static struct tap *tap_of(struct vmxr_bus *b) { return (struct tap *)(void *)b; }

static bool tap_write(struct vmxr_bus *b, unsigned vmm, unsigned addr, uint32_t data)
{
    struct tap *t = tap_of(b);
    bool err = vmxr_bus_write(t->inner, vmm, addr, data);
    char a[40];
    vec_addr_format(addr, a, sizeof a);
    fprintf(t->out, "wr vmm=%u %s 0x%08X => %s\n", vmm & 7u, a, data, err ? "err" : "ok");
    return err;
}

static uint32_t tap_read(struct vmxr_bus *b, unsigned vmm, unsigned addr, bool *slverr)
{
    struct tap *t = tap_of(b);
    bool err = false;
    uint32_t v = vmxr_bus_read(t->inner, vmm, addr, &err);
    char a[40];
    vec_addr_format(addr, a, sizeof a);
    if (err)
        fprintf(t->out, "rd vmm=%u %s => err\n", vmm & 7u, a);
    else
        fprintf(t->out, "rd vmm=%u %s => 0x%08X\n", vmm & 7u, a, v);
    if (slverr)
        *slverr = err;
    return v;
}

static unsigned tap_command(struct vmxr_bus *b, const struct vmxr_cmd *c, struct vmxr_decision dec[VMXR_BUS_MAX_DEC])
{
    struct tap *t = tap_of(b);
    unsigned n = vmxr_bus_command(t->inner, c, dec);
    switch (c->op) {
    case VMXR_OP_LAUNCH: fprintf(t->out, "launch cpu=%u vm=%u", c->cpu, c->vm); break;
    case VMXR_OP_RESUME: fprintf(t->out, "resume cpu=%u", c->cpu); break;
    default:
        fprintf(t->out, "ev cpu=%u reason=%u", c->cpu, c->reason);
        if (c->reason == 30 && ((c->qual & 7u) == 0 || (c->qual & 7u) == 1 || (c->qual & 7u) == 3) &&
            !(c->qual & 0xFFF0u))
            fprintf(t->out, " port=0x%X size=%u dir=%s", c->qual >> 16, (c->qual & 7u) + 1,
                    (c->qual & 8u) ? "in" : "out");
        else if (c->qual)
            fprintf(t->out, " qual=0x%X", c->qual);
        if (c->itype)
            fprintf(t->out, " itype=%u", c->itype);
        if (c->vector)
            fprintf(t->out, " vec=0x%X", c->vector);
        if (c->errcode)
            fprintf(t->out, " ec=0x%X", c->errcode);
        if (c->gpa)
            fprintf(t->out, " gpa=0x%llX", (unsigned long long)c->gpa);
        break;
    }
    for (unsigned k = 0; k < n && k < VMXR_BUS_MAX_DEC; k++) {
        struct vec_outcome o = vec_outcome_of(&dec[k]);
        char s[64];
        vec_outcome_format(&o, s, sizeof s);
        fprintf(t->out, " => %s", s);
    }
    if (t->note[0])
        fprintf(t->out, "  # %s", t->note);
    fputc('\n', t->out);
    t->note[0] = '\0';
    return n;
}

static void tap_idle(struct vmxr_bus *b, unsigned cycles)
{
    struct tap *t = tap_of(b);
    vmxr_bus_idle(t->inner, cycles);
    fprintf(t->out, "idle %u\n", cycles);
}

static uint64_t tap_cycles(struct vmxr_bus *b) { return vmxr_bus_cycles(tap_of(b)->inner); }

static const char *tap_failure(struct vmxr_bus *b) { return vmxr_bus_failure(tap_of(b)->inner); }

static int tap_trace_open(struct vmxr_bus *b, const char *path) { return vmxr_bus_trace_open(tap_of(b)->inner, path); }

static void tap_trace_close(struct vmxr_bus *b) { vmxr_bus_trace_close(tap_of(b)->inner); }

static void tap_close(struct vmxr_bus *b)
{
    struct tap *t = tap_of(b);
    vmxr_bus_close(t->inner);
    free(t);
}

static const struct vmxr_bus_ops TAP_OPS = {
    .write = tap_write,
    .read = tap_read,
    .command = tap_command,
    .idle = tap_idle,
    .cycles = tap_cycles,
    .failure = tap_failure,
    .trace_open = tap_trace_open,
    .trace_close = tap_trace_close,
    .close = tap_close,
};

struct vmxr_bus *tap_open(struct vmxr_bus *inner, const struct vmxr_straps *straps, FILE *out)
{
    struct tap *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->bus.ops = &TAP_OPS;
    t->inner = inner;
    t->out = out;
    struct vmxr_straps z = { 0 };
    if (!straps)
        straps = &z;
    fprintf(out, "vmxr-vectors 1\n");
    fprintf(out, "strap smi en=%u vmm=%u lock=%u\n", straps->smi_en ? 1u : 0u, straps->smi_vmm & 7u,
            straps->smi_lock ? 1u : 0u);
    return &t->bus;
}

static void clean_copy(char *dst, size_t n, const char *src)
{
    size_t o = 0;
    for (; *src && o + 1 < n; src++)
        dst[o++] = (*src == '\n' || *src == '\r') ? ' ' : *src;
    dst[o] = '\0';
}

void tap_note(struct vmxr_bus *tap, const char *text)
{
    if (tap->ops != &TAP_OPS)
        return;
    clean_copy(tap_of(tap)->note, sizeof tap_of(tap)->note, text);
}

void tap_comment(struct vmxr_bus *tap, const char *text)
{
    if (tap->ops != &TAP_OPS)
        return;
    char buf[256];
    clean_copy(buf, sizeof buf, text);
    fprintf(tap_of(tap)->out, "# %s\n", buf);
}
