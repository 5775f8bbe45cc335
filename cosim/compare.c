/* The co-simulation comparator and its divergence report, shared by the C
 * co-simulation (engine_rtl.c) and the SystemC one (systemc/vmxr_sc.cpp). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmxr_compare.h"
#include "vmxr_model.h"

/* Hex digits of a port's value in the full report. */
#define HEXW(bits) (((bits) + 3) / 4)

bool vmxr_ports_same(const struct vmxr_unit_out *m, const struct vmxr_unit_out *r)
{
    bool same = true;
#define SAME(name, bits, type) same = same && m->name == r->name;
    VMXR_OUT_PORTS(SAME)
#undef SAME
    return same;
}

static const char *name(const char *const *names, unsigned count, unsigned v)
{
    return v < count ? names[v] : "?";
}

static void ctx_name(unsigned ctx, char *buf, size_t n)
{
    snprintf(buf, n, "%s %u", (ctx & VMXR_CTX_VMM) ? "vmm" : "vm", ctx & 0xFu);
}

static size_t decision_text(char *s, size_t cap, const char *who, const struct vmxr_unit_out *o)
{
    char from[16], to[16];
    ctx_name(o->dec_from, from, sizeof from);
    ctx_name(o->dec_to, to, sizeof to);
    int w = snprintf(s, cap,
                     "\n  %-5s dec_valid=%u: cpu %u %s %s%s%s from %s to %s rule %s %u reason %u qual 0x%08X", who,
                     (unsigned)o->dec_valid, (unsigned)o->dec_cpu, name(vmxr_op_names, VMXR_OP_COUNT, o->dec_op),
                     name(vmxr_outcome_names, VMXR_OUTCOME_COUNT, o->dec_outcome), o->dec_err ? " " : "",
                     o->dec_err ? name(vmxr_errc_names, VMXR_ERRC_COUNT, o->dec_err) : "", from, to,
                     name(vmxr_rule_names, VMXR_RULE_COUNT, o->dec_rule), (unsigned)o->dec_idx,
                     (unsigned)o->dec_reason, (unsigned)o->dec_qual);
    return w < 0 ? 0 : (size_t)w;
}

/* "OP OUTCOME RULE" (or "OP ERROR ERRC") of o's decision, "-" if none. */
static void decision_sig(const struct vmxr_unit_out *o, char *buf, size_t n)
{
    if (!o->dec_valid) {
        snprintf(buf, n, "-");
        return;
    }
    bool err = o->dec_outcome == VMXR_OUTCOME_ERROR;
    snprintf(buf, n, "%s %s %s", name(vmxr_op_names, VMXR_OP_COUNT, o->dec_op),
             name(vmxr_outcome_names, VMXR_OUTCOME_COUNT, o->dec_outcome),
             err ? name(vmxr_errc_names, VMXR_ERRC_COUNT, o->dec_err) : name(vmxr_rule_names, VMXR_RULE_COUNT, o->dec_rule));
}

/* The earlier of two rules in the architecture's priority order (the rule
 * encoding's order, PLAT first); NONE counts as no rule. */
static unsigned first_rule(unsigned a, unsigned b)
{
    if (a == VMXR_RULE_NONE)
        return b;
    if (b == VMXR_RULE_NONE)
        return a;
    return a < b ? a : b;
}

int vmxr_diverge_signature(const struct vmxr_unit_out *m, const struct vmxr_unit_out *r, unsigned model_route,
                           char *buf, size_t n)
{
    char ports[256] = "";
    size_t len = 0;
#define PORT(name, bits, type)                                                                                       \
    if ((uint64_t)m->name != (uint64_t)r->name && len < sizeof ports)                                                \
        len += (size_t)snprintf(ports + len, sizeof ports - len, "%s%s", len ? "," : "", #name);
    VMXR_OUT_PORTS(PORT)
#undef PORT
    if (!m->dec_valid && !r->dec_valid)
        return snprintf(buf, n, "diverge %s", ports);
    const struct vmxr_unit_out *o = m->dec_valid ? m : r;
    const char *op = name(vmxr_op_names, VMXR_OP_COUNT, o->dec_op);
    if (m->dec_valid != r->dec_valid)
        return snprintf(buf, n, "diverge %s decision on one side only (%s)", op, m->dec_valid ? "model" : "rtl");
    unsigned rule = first_rule(first_rule(m->dec_rule, r->dec_rule), model_route);
    if (rule != VMXR_RULE_NONE)
        return snprintf(buf, n, "diverge %s at rule %s", op, name(vmxr_rule_names, VMXR_RULE_COUNT, rule));
    if (m->dec_outcome != r->dec_outcome || m->dec_err != r->dec_err) {
        char dm[64], dr[64];
        decision_sig(m, dm, sizeof dm);
        decision_sig(r, dr, sizeof dr);
        return snprintf(buf, n, "diverge %s outcome: %s / %s", op, dm, dr);
    }
    return snprintf(buf, n, "diverge %s", ports);
}

char *vmxr_diverge_text(uint64_t cycle, const struct vmxr_unit_out *m, const struct vmxr_unit_out *r,
                        unsigned model_route)
{
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    len += (size_t)snprintf(s + len, cap - len, "model and RTL diverge at cycle %llu:", (unsigned long long)cycle);
#define DIFF(name, bits, type)                                                                                       \
    if ((uint64_t)m->name != (uint64_t)r->name && len < cap)                                                         \
        len += (size_t)snprintf(s + len, cap - len, "\n  %-12s model 0x%0*llX  rtl 0x%0*llX", #name, HEXW(bits),  \
                                (unsigned long long)m->name, HEXW(bits), (unsigned long long)r->name);
    VMXR_OUT_PORTS(DIFF)
#undef DIFF
    if (len < cap && (m->dec_valid || r->dec_valid)) {
        len += decision_text(s + len, cap - len, "model", m);
        if (len < cap)
            len += decision_text(s + len, cap - len, "rtl", r);
    }
    if (len < cap) {
        len += (size_t)snprintf(s + len, cap - len, "\n" VMXR_SIGNATURE_LINE);
        if (len < cap)
            vmxr_diverge_signature(m, r, model_route, s + len, cap - len);
    }
    return s;
}

char *vmxr_diverge_ports(uint64_t cycle, const struct vmxr_unit_out *m, const struct vmxr_unit_out *r)
{
    size_t cap = 1024, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    len += (size_t)snprintf(s, cap, "model and RTL diverge at cycle %llu:", (unsigned long long)cycle);
#define DIFF(name, bits, type)                                                                                       \
    if ((uint64_t)m->name != (uint64_t)r->name && len < cap)                                                         \
        len += (size_t)snprintf(s + len, cap - len, "\n  %-12s model 0x%llX  rtl 0x%llX", #name,                  \
                                (unsigned long long)m->name, (unsigned long long)r->name);
    VMXR_OUT_PORTS(DIFF)
#undef DIFF
    return s;
}
