/* The scenario parser's shared pieces (scenario.c: the format; scn_expect.c:
 * expect statements and the `exit` family of guest instructions). Private
 * to platform/. Every scn_* helper that returns bool returns false after
 * writing "FILE:LINE:COL: message" into the context's err. */
#ifndef VMXR_SCN_INT_H
#define VMXR_SCN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform.h"

#define MAX_TOKENS 24
#define MAX_TEXT 512u

struct tok {
    const char *s; /* raw text (for strings: the decoded text in buf) */
    size_t len;
    unsigned col;
    bool str;
    char buf[MAX_TEXT];
};

struct pctx {
    const char *path;
    unsigned line;
    char *err;
    size_t errlen;
};

bool scn_fail(struct pctx *p, unsigned col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool scn_tok_is(const struct tok *t, const char *w);
bool scn_parse_num(struct pctx *p, const char *s, size_t len, unsigned col, uint64_t max, const char *what,
                   uint64_t *out);
bool scn_tok_num(struct pctx *p, const struct tok *t, uint64_t max, const char *what, uint64_t *out);
/* key=N */
bool scn_tok_kv(struct pctx *p, const struct tok *t, const char *key, uint64_t max, uint64_t *out);
bool scn_is_kv(const struct tok *t, const char *key);
/* between lo and hi tokens, else "expected 'usage'" */
bool scn_want_n(struct pctx *p, const struct tok *t, unsigned n, unsigned lo, unsigned hi, const char *usage);

/* `exit ...`, `ept ...`, `gp [ec=E]`, `ud` (t[0] the mnemonic) into op;
 * false with an error, or *matched false when t[0] is none of them. */
bool scn_parse_exit_op(struct pctx *p, const struct tok *t, unsigned n, struct scn_op *op, bool *matched);

/* The reason, itype and vector that op->form (EPT, GP, UD) stands for;
 * SCN_EXIT_RAW keeps its own. */
void scn_exit_form(struct scn_op *op);

/* `expect ...` (t[0] is "expect"): in program prog (index; the expect is
 * checked after the program's first at instructions) or, prog < 0, at the
 * end of the run. Appends to s->expects. */
bool scn_parse_expect(struct pctx *p, const struct tok *t, unsigned n, struct scenario *s, int prog, unsigned at);

#endif /* VMXR_SCN_INT_H */
