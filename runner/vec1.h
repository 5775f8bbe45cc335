/* VEC1 vector files: parser, expectation model and canonical spelling.
 *
 * vec_load() reads a whole file into a struct vec_file that owns every
 * string and array it points to (vec_free releases them). On malformed input
 * it returns false with "FILE:LINE:COL: message" in err; it never aborts. */
#ifndef VMXR_VEC1_H
#define VMXR_VEC1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmxr_model.h"

enum vec_kind { VEC_STRAP, VEC_WR, VEC_RD, VEC_EV, VEC_LAUNCH, VEC_RESUME, VEC_IDLE };

/* An expected (or observed) outcome in comparable form. Which fields count
 * depends on the outcome: to for deliver/launched/resumed, rule and idx for
 * deliver/local, err for error. */
struct vec_outcome {
    uint8_t outcome; /* enum vmxr_outcome */
    uint8_t to;      /* context */
    uint8_t rule, idx, err;
};

#define VEC_MAX_OUTCOMES 3

struct vec_item {
    enum vec_kind kind;
    unsigned line;   /* 1-based line number */
    unsigned lineno_index; /* index into vec_file.lines */
    size_t text_len; /* length of the item text before any "=>" or "#", trimmed */
    struct vmxr_cmd cmd;       /* ev, launch, resume */
    uint8_t vmm;               /* wr, rd: PAUSER */
    uint16_t addr;             /* wr, rd */
    uint32_t value;            /* wr: data */
    uint32_t idle;             /* idle: cycles */
    bool has_expect;
    unsigned nexp;             /* command outcomes expected */
    struct vec_outcome exp[VEC_MAX_OUTCOMES];
    bool exp_err;              /* rd/wr: PSLVERR expected */
    uint32_t exp_value;        /* rd: value expected when !exp_err */
};

struct vec_file {
    char *path;
    char **lines; /* every line of the file, without its newline */
    unsigned nlines;
    struct vec_item *items;
    unsigned nitems;
    struct vmxr_straps straps;
    int *item_of_line; /* per line: index of its item, or -1 */
};

bool vec_load(const char *path, struct vec_file *f, char *err, size_t errlen);

/* Parses from memory (path is used for messages only). */
bool vec_parse(const char *path, const char *text, size_t len, struct vec_file *f, char *err, size_t errlen);

void vec_free(struct vec_file *f);

/* Comparable form of a decision. */
struct vec_outcome vec_outcome_of(const struct vmxr_decision *d);

bool vec_outcome_equal(const struct vec_outcome *a, const struct vec_outcome *b);

/* Canonical spelling, e.g. "deliver vmm 1 IOR 2". */
void vec_outcome_format(const struct vec_outcome *o, char *buf, size_t n);

/* "vm 3" or "vmm 1". */
void vec_ctx_format(uint8_t ctx, char *buf, size_t n);

/* Name of a register address, e.g. "TYPE[1][30]", or "0x01C" if unmapped. */
void vec_addr_format(unsigned addr, char *buf, size_t n);

const char *vec_kind_name(enum vec_kind k);

/* ev, launch and resume: the items that are commands. */
static inline bool vec_is_command(enum vec_kind k) { return k == VEC_EV || k == VEC_LAUNCH || k == VEC_RESUME; }

#endif /* VMXR_VEC1_H */
