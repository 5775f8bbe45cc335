/* VEC1 vector files: parser, expectation model and canonical spelling.
 *
 * Two ways to read a file. A struct vec_reader streams it: its items one at
 * a time, in memory independent of the file's length (the runner, run.h,
 * takes its items from one). vec_load() reads a whole file into a struct
 * vec_file that owns every string and array it points to (vec_free releases
 * them), for tools that look at items out of order. On malformed input
 * both return failure with "FILE:LINE:COL: message" in err; they never
 * abort. */
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

/* Longest line a reader takes (bytes, newline excluded): longer is an error. */
#define VEC_MAX_LINE (1u << 20)
/* Largest file read whole: by vec_load, and by vec_open when the source
 * cannot be read twice (a FIFO, a terminal). */
#define VEC_MAX_BUFFERED (256u << 20)

/* A streaming reader. vec_open reads path once through and checks every
 * line (errors as vec_load gives them; a NUL anywhere is reported first),
 * recording the straps and the counts, then stands at the start: a file
 * that opens is well formed, and vec_next gives its items without error
 * unless the file changes meanwhile. A regular file is read in blocks; a
 * source that cannot be read twice is read into memory once (at most
 * VEC_MAX_BUFFERED bytes). NULL with the message in err on failure. */
struct vec_reader;
struct vec_reader *vec_open(const char *path, char *err, size_t errlen);
/* The same over len bytes of text (not copied: it outlives the reader);
 * path names it in messages. */
struct vec_reader *vec_open_mem(const char *path, const char *text, size_t len, char *err, size_t errlen);
/* A reader over a parsed file (which outlives the reader). */
struct vec_reader *vec_open_file(const struct vec_file *f, char *err, size_t errlen);
/* A second reader of src's source, at its start, without a second check;
 * src outlives it. */
struct vec_reader *vec_reopen(const struct vec_reader *src, char *err, size_t errlen);
/* Back to the start. False with "PATH: reason" in err. */
bool vec_rewind(struct vec_reader *r, char *err, size_t errlen);
/* The next item: 1 with *it and *text (the item's whole line, without its
 * newline and not NUL-terminated beyond it->text_len's use: valid until the
 * next call), 0 at the end, -1 with the message in err (a read error). */
int vec_next(struct vec_reader *r, struct vec_item *it, const char **text, char *err, size_t errlen);
/* The next line, item or not (for a tool that copies the file): 1 with
 * *text and *len (valid until the next call), 0 at the end, -1 with the
 * message in err. Not to be mixed with vec_next on one reader. */
int vec_next_line(struct vec_reader *r, const char **text, size_t *len, char *err, size_t errlen);
/* The number of the line last returned (0 before any). */
unsigned vec_line(const struct vec_reader *r);
const char *vec_path(const struct vec_reader *r);
const struct vmxr_straps *vec_straps(const struct vec_reader *r);
unsigned vec_nitems(const struct vec_reader *r); /* items of the file, straps included */
unsigned vec_nlines(const struct vec_reader *r);
void vec_close(struct vec_reader *r); /* NULL is allowed */

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
