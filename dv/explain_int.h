/* The explanation engine's shared pieces, for its two files only (not an
 * interface): dv/explain.c holds the checks, LAUNCH, RESUME, the
 * injections and explain_command; dv/explain_event.c the EVENT walk. */
#ifndef VMXR_EXPLAIN_INT_H
#define VMXR_EXPLAIN_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vec1.h"
#include "vmxr_model.h"

#define FIELD(word, REG, F) (((word) & VMXR_##REG##_##F##_MASK) >> VMXR_##REG##_##F##_LSB)

/* SDM names of exit reasons, interruption types and vectors < 32. */
extern const char *const explain_reason_names[VMXR_NREASON];
extern const char *const explain_itype_names[8];
extern const char *const explain_vector_names[32];

/* The explanation in progress. */
struct ex {
    FILE *out;
    const char *ind; /* prefix of every line of the routing walk */
    unsigned bad;    /* disagreements with the model found */
    char why[512];   /* the first one */
};

static inline void say(struct ex *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void say(struct ex *x, const char *fmt, ...)
{
    va_list ap;
    fputs(x->ind, x->out);
    va_start(ap, fmt);
    vfprintf(x->out, fmt, ap);
    va_end(ap);
    fputc('\n', x->out);
}

static inline void disagree(struct ex *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void disagree(struct ex *x, const char *fmt, ...)
{
    if (x->bad++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->why, sizeof x->why, fmt, ap);
        va_end(ap);
    }
}

static inline const char *name_of(const char *const *names, unsigned count, unsigned v)
{
    return v < count ? names[v] : "?";
}

static inline const char *reason_name(unsigned r)
{
    return r < VMXR_NREASON ? explain_reason_names[r] : "not an exit reason";
}

/* Small formatted strings returned by value (no static buffers). */
struct cbuf {
    char s[32];
};
struct sbuf {
    char s[64];
};
struct lbuf {
    char s[192];
};

static inline struct cbuf ctx_str(uint8_t ctx)
{
    struct cbuf b;
    vec_ctx_format(ctx, b.s, sizeof b.s);
    return b;
}

/* A set of platform classes (VMXR_BLK_* bits). */
static inline struct cbuf blk_str(unsigned bits)
{
    struct cbuf b;
    snprintf(b.s, sizeof b.s, "{%s%s%s}", (bits & VMXR_BLK_SMI) ? "SMI" : "",
             (bits & VMXR_BLK_SMI) && (bits & VMXR_BLK_NMI) ? ", " : "", (bits & VMXR_BLK_NMI) ? "NMI" : "");
    return b;
}

/* What the qual of key reason 10, 18, 31 or 32 holds ("the CPUID leaf,
 * EAX"; VMXR-2 section 4). */
const char *explain_key_meaning(unsigned reason);

/* Steps 5 (I/O ranges), 5a (memory ranges) and 5b (key ranges) for
 * profile p (dv/explain_range.c): every entry said with its verdict, each
 * checked against the model's hit vector. True with the route in *r when an
 * entry matches (5b with GRP: t = VMXR_T_NONE, r->grp the group). */
bool explain_ior(struct ex *x, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p,
                 struct vmxr_route *r);
bool explain_mem(struct ex *x, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p,
                 struct vmxr_route *r);
bool explain_key(struct ex *x, const struct vmxr_cfg *cfg, const struct vmxr_cmd *c, unsigned p,
                 struct vmxr_route *r);

/* Steps 1-8 and the transition of event c (masked, valid) on CPU c->cpu of
 * st, as the model would execute it now, said on x (disagreements with the
 * model's own functions recorded there). Fills outcome, err, from, to, rule
 * and idx of *claim. */
void explain_event(struct ex *x, const struct vmxr_state *st, const struct vmxr_cmd *c, struct vmxr_decision *claim);

#endif /* VMXR_EXPLAIN_INT_H */
