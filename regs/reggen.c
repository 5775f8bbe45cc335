/* reggen: generates every derived view of the VMXR-2 register map from the
 * single source regs/vmxr.regs.
 *
 *   reggen SRC h      C header            (model/vmxr_regs.h)
 *   reggen SRC c      C name/decode table (model/vmxr_regs_table.c)
 *   reggen SRC svh    Verilog include     (rtl/vmxr_regs.svh)
 *   reggen SRC md     register table      (docs/registers.md)
 *   reggen SRC gtkw ENUM  GTKWave translate filter for one enum
 *
 * Output goes to stdout. A malformed source gives "SRC:LINE:COL: message"
 * on stderr and exit status 2; nothing is written to stdout then. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 64
#define MAXREG 64
#define MAXFIELD 16
#define MAXDIM 2
#define MAXENUM 16
#define MAXVAL 16
#define MAXPARAM 16

struct field {
    char name[MAXN];
    int msb, lsb;
    char access[8];
    char reset[MAXN]; /* number or "param" */
    char doc[256];
};

struct dim {
    char count[MAXN]; /* number or parameter name */
    unsigned stride;
};

struct reg {
    char name[MAXN];
    unsigned addr;
    char access[8];
    int global_lock, own, strap;
    int ndim;
    struct dim dim[MAXDIM];
    char lock_reg[MAXN], lock_field[MAXN];
    unsigned ones;
    char res_field[MAXN];
    unsigned res_value;
    int nfield;
    struct field field[MAXFIELD];
    char doc[256];
};

struct value {
    char name[MAXN];
    unsigned code;
    char doc[256];
};

struct enumd {
    char name[MAXN];
    int width;
    int nval;
    struct value val[MAXVAL];
    char doc[256];
};

struct param {
    char name[MAXN];
    unsigned def;
    char doc[256];
};

struct src {
    const char *path;
    int nreg, nenum, nparam;
    struct reg reg[MAXREG];
    struct enumd en[MAXENUM];
    struct param param[MAXPARAM];
};

static const char *g_path; /* for diagnostics only; set once in main */

static void die_at(int line, int col, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d:%d: ", g_path, line, col);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

/* ---- tokenizer ---------------------------------------------------------- */

#define MAXTOK 16
struct tok {
    char text[256];
    int col;
    int quoted;
};

static int tokenize(char *line, int lineno, struct tok *t)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '\n' || *p == '#')
            break;
        if (n == MAXTOK)
            die_at(lineno, (int)(p - line) + 1, "too many tokens on a line");
        t[n].col = (int)(p - line) + 1;
        t[n].quoted = 0;
        size_t len = 0;
        if (*p == '"') {
            t[n].quoted = 1;
            p++;
            while (*p && *p != '"' && *p != '\n') {
                if (len + 1 >= sizeof t[n].text)
                    die_at(lineno, t[n].col, "string too long");
                t[n].text[len++] = *p++;
            }
            if (*p != '"')
                die_at(lineno, t[n].col, "unterminated string");
            p++;
        } else {
            while (*p && !isspace((unsigned char)*p) && *p != '#') {
                if (len + 1 >= sizeof t[n].text)
                    die_at(lineno, t[n].col, "token too long");
                t[n].text[len++] = *p++;
            }
        }
        t[n].text[len] = '\0';
        n++;
    }
    return n;
}

static unsigned parse_num(const struct tok *t, int lineno, unsigned max)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(t->text, &end, 0);
    if (t->quoted || !isdigit((unsigned char)t->text[0]) || *end || errno || v > max)
        die_at(lineno, t->col, "expected a number <= %u, got '%s'", max, t->text);
    return (unsigned)v;
}

static void check_ident(const struct tok *t, int lineno)
{
    const char *s = t->text;
    if (t->quoted || !(isupper((unsigned char)s[0]) || s[0] == '_'))
        die_at(lineno, t->col, "expected an upper-case name, got '%s'", s);
    for (; *s; s++)
        if (!(isupper((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
            die_at(lineno, t->col, "bad character in name '%s'", t->text);
    if (strlen(t->text) >= MAXN)
        die_at(lineno, t->col, "name too long");
}

static void copy_doc(char *dst, const struct tok *t, int lineno)
{
    if (!t->quoted)
        die_at(lineno, t->col, "expected a quoted description");
    snprintf(dst, 256, "%s", t->text);
}

/* Copies a token into a fixed-size name buffer; a token that does not fit
 * was already refused by check_ident or is an access keyword (<= 4 chars). */
static void copy_name(char *dst, size_t n, const struct tok *t, int lineno)
{
    size_t len = strlen(t->text);
    if (len >= n)
        die_at(lineno, t->col, "'%s' is too long", t->text);
    memcpy(dst, t->text, len + 1);
}

static const struct param *find_param(const struct src *s, const char *name)
{
    for (int i = 0; i < s->nparam; i++)
        if (!strcmp(s->param[i].name, name))
            return &s->param[i];
    return NULL;
}

static const struct reg *find_reg(const struct src *s, const char *name)
{
    for (int i = 0; i < s->nreg; i++)
        if (!strcmp(s->reg[i].name, name))
            return &s->reg[i];
    return NULL;
}

static const struct field *find_field(const struct reg *r, const char *name)
{
    for (int i = 0; i < r->nfield; i++)
        if (!strcmp(r->field[i].name, name))
            return &r->field[i];
    return NULL;
}

static int is_access(const char *a, int for_field)
{
    if (!strcmp(a, "RO") || !strcmp(a, "RW"))
        return 1;
    return for_field && (!strcmp(a, "W1S") || !strcmp(a, "RW1C"));
}

static void parse(struct src *s, FILE *f)
{
    char line[1024];
    int lineno = 0;
    struct tok t[MAXTOK];
    struct reg *cur = NULL;
    struct enumd *cen = NULL;

    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f))
            die_at(lineno, 1, "line too long");
        int n = tokenize(line, lineno, t);
        if (n == 0)
            continue;
        const char *kw = t[0].text;
        if (!strcmp(kw, "param")) {
            if (n != 4)
                die_at(lineno, t[0].col, "usage: param NAME DEFAULT \"doc\"");
            if (s->nparam == MAXPARAM)
                die_at(lineno, 1, "too many params");
            struct param *p = &s->param[s->nparam++];
            check_ident(&t[1], lineno);
            copy_name(p->name, MAXN, &t[1], lineno);
            p->def = parse_num(&t[2], lineno, 255);
            copy_doc(p->doc, &t[3], lineno);
        } else if (!strcmp(kw, "reg")) {
            if (n < 5)
                die_at(lineno, t[0].col, "usage: reg NAME ADDR ACCESS [attr...] \"doc\"");
            if (s->nreg == MAXREG)
                die_at(lineno, 1, "too many registers");
            check_ident(&t[1], lineno);
            if (find_reg(s, t[1].text))
                die_at(lineno, t[1].col, "register '%s' defined twice", t[1].text);
            cur = &s->reg[s->nreg++];
            cen = NULL;
            memset(cur, 0, sizeof *cur);
            cur->strap = -1;
            copy_name(cur->name, MAXN, &t[1], lineno);
            cur->addr = parse_num(&t[2], lineno, 0xFFC);
            if (cur->addr & 3)
                die_at(lineno, t[2].col, "register address must be 4-byte aligned");
            if (!is_access(t[3].text, 0))
                die_at(lineno, t[3].col, "register access must be RO or RW");
            copy_name(cur->access, sizeof cur->access, &t[3], lineno);
            for (int i = 4; i < n - 1; i++) {
                const char *a = t[i].text;
                if (!strcmp(a, "G")) {
                    cur->global_lock = 1;
                } else if (!strcmp(a, "own")) {
                    cur->own = 1;
                } else if (!strncmp(a, "dim=", 4)) {
                    if (cur->ndim == MAXDIM)
                        die_at(lineno, t[i].col, "at most %d dimensions", MAXDIM);
                    struct dim *d = &cur->dim[cur->ndim++];
                    const char *colon = strchr(a + 4, ':');
                    if (!colon || colon == a + 4 || (size_t)(colon - (a + 4)) >= MAXN)
                        die_at(lineno, t[i].col, "usage: dim=COUNT:STRIDE");
                    snprintf(d->count, MAXN, "%.*s", (int)(colon - (a + 4)), a + 4);
                    if (!isdigit((unsigned char)d->count[0]) && !find_param(s, d->count))
                        die_at(lineno, t[i].col, "unknown parameter '%s'", d->count);
                    struct tok st = { .col = t[i].col, .quoted = 0 };
                    snprintf(st.text, sizeof st.text, "%s", colon + 1);
                    d->stride = parse_num(&st, lineno, 0x1000);
                    if (d->stride == 0 || d->stride & 3)
                        die_at(lineno, t[i].col, "stride must be a non-zero multiple of 4");
                } else if (!strncmp(a, "lock=", 5)) {
                    const char *dot = strchr(a + 5, '.');
                    if (!dot || (size_t)(dot - (a + 5)) >= MAXN || strlen(dot + 1) >= MAXN)
                        die_at(lineno, t[i].col, "usage: lock=REG.FIELD");
                    snprintf(cur->lock_reg, MAXN, "%.*s", (int)(dot - (a + 5)), a + 5);
                    snprintf(cur->lock_field, MAXN, "%s", dot + 1);
                    if (!strcmp(cur->lock_reg, "self"))
                        memcpy(cur->lock_reg, cur->name, MAXN);
                } else if (!strncmp(a, "ones=", 5)) {
                    struct tok st = { .col = t[i].col };
                    snprintf(st.text, sizeof st.text, "%s", a + 5);
                    cur->ones = parse_num(&st, lineno, 0xFFFFFFFFu);
                } else if (!strncmp(a, "reserved=", 9)) {
                    const char *colon = strchr(a + 9, ':');
                    if (!colon || (size_t)(colon - (a + 9)) >= MAXN)
                        die_at(lineno, t[i].col, "usage: reserved=FIELD:VALUE");
                    snprintf(cur->res_field, MAXN, "%.*s", (int)(colon - (a + 9)), a + 9);
                    struct tok st = { .col = t[i].col };
                    snprintf(st.text, sizeof st.text, "%s", colon + 1);
                    cur->res_value = parse_num(&st, lineno, 0xFFFFFFFFu);
                } else if (!strncmp(a, "strap=", 6)) {
                    struct tok st = { .col = t[i].col };
                    snprintf(st.text, sizeof st.text, "%s", a + 6);
                    cur->strap = (int)parse_num(&st, lineno, 255);
                } else {
                    die_at(lineno, t[i].col, "unknown register attribute '%s'", a);
                }
            }
            copy_doc(cur->doc, &t[n - 1], lineno);
        } else if (!strcmp(kw, "field")) {
            if (!cur)
                die_at(lineno, t[0].col, "field outside a register");
            if (n != 6)
                die_at(lineno, t[0].col, "usage: field NAME MSB:LSB ACCESS RESET \"doc\"");
            if (cur->nfield == MAXFIELD)
                die_at(lineno, 1, "too many fields");
            check_ident(&t[1], lineno);
            if (find_field(cur, t[1].text))
                die_at(lineno, t[1].col, "field '%s' defined twice", t[1].text);
            struct field *fd = &cur->field[cur->nfield++];
            copy_name(fd->name, MAXN, &t[1], lineno);
            if (sscanf(t[2].text, "%d:%d", &fd->msb, &fd->lsb) != 2 || fd->msb > 31 || fd->lsb < 0 ||
                fd->msb < fd->lsb)
                die_at(lineno, t[2].col, "expected MSB:LSB within 31:0");
            for (int i = 0; i < cur->nfield - 1; i++) {
                const struct field *o = &cur->field[i];
                if (fd->lsb <= o->msb && fd->msb >= o->lsb)
                    die_at(lineno, t[2].col, "field overlaps field '%s'", o->name);
            }
            if (!is_access(t[3].text, 1))
                die_at(lineno, t[3].col, "field access must be RO, RW, W1S or RW1C");
            copy_name(fd->access, sizeof fd->access, &t[3], lineno);
            if (strcmp(t[4].text, "param")) {
                unsigned v = parse_num(&t[4], lineno, 0xFFFFFFFFu);
                unsigned w = (unsigned)(fd->msb - fd->lsb + 1);
                if (w < 32 && v >> w)
                    die_at(lineno, t[4].col, "reset value does not fit the field");
            } else if (!find_param(s, fd->name)) {
                die_at(lineno, t[4].col, "reset 'param' needs a parameter named '%s'", fd->name);
            }
            copy_name(fd->reset, MAXN, &t[4], lineno);
            copy_doc(fd->doc, &t[5], lineno);
        } else if (!strcmp(kw, "enum")) {
            if (n != 4)
                die_at(lineno, t[0].col, "usage: enum NAME WIDTH \"doc\"");
            if (s->nenum == MAXENUM)
                die_at(lineno, 1, "too many enums");
            cen = &s->en[s->nenum++];
            cur = NULL;
            memset(cen, 0, sizeof *cen);
            check_ident(&t[1], lineno);
            copy_name(cen->name, MAXN, &t[1], lineno);
            cen->width = (int)parse_num(&t[2], lineno, 8);
            copy_doc(cen->doc, &t[3], lineno);
        } else if (!strcmp(kw, "value")) {
            if (!cen)
                die_at(lineno, t[0].col, "value outside an enum");
            if (n != 4)
                die_at(lineno, t[0].col, "usage: value NAME CODE \"doc\"");
            if (cen->nval == MAXVAL)
                die_at(lineno, 1, "too many values");
            struct value *v = &cen->val[cen->nval];
            check_ident(&t[1], lineno);
            copy_name(v->name, MAXN, &t[1], lineno);
            v->code = parse_num(&t[2], lineno, (1u << cen->width) - 1);
            if (v->code != (unsigned)cen->nval)
                die_at(lineno, t[2].col, "values must be numbered 0, 1, 2, ... in order");
            copy_doc(v->doc, &t[3], lineno);
            cen->nval++;
        } else {
            die_at(lineno, t[0].col, "unknown item '%s'", kw);
        }
    }
    /* cross checks */
    for (int i = 0; i < s->nreg; i++) {
        const struct reg *r = &s->reg[i];
        if (r->nfield == 0)
            die_at(lineno, 1, "register '%s' has no fields", r->name);
        if (r->lock_reg[0]) {
            const struct reg *lr = find_reg(s, r->lock_reg);
            if (!lr || !find_field(lr, r->lock_field))
                die_at(lineno, 1, "register '%s': lock names no field %s.%s", r->name, r->lock_reg,
                       r->lock_field);
        }
        if (r->res_field[0] && !find_field(r, r->res_field))
            die_at(lineno, 1, "register '%s': reserved names no field '%s'", r->name, r->res_field);
    }
}

/* ---- derived values ----------------------------------------------------- */

static unsigned fmask(const struct field *f)
{
    unsigned w = (unsigned)(f->msb - f->lsb + 1);
    return (w == 32 ? 0xFFFFFFFFu : ((1u << w) - 1)) << f->lsb;
}

static unsigned mask_of(const struct reg *r, const char *access)
{
    unsigned m = 0;
    for (int i = 0; i < r->nfield; i++)
        if (!access || !strcmp(r->field[i].access, access))
            m |= fmask(&r->field[i]);
    return m;
}

static unsigned wmask(const struct reg *r)
{
    return (mask_of(r, "RW") | mask_of(r, "W1S") | mask_of(r, "RW1C")) & ~r->ones;
}

static int has_param_reset(const struct reg *r)
{
    for (int i = 0; i < r->nfield; i++)
        if (!strcmp(r->field[i].reset, "param"))
            return 1;
    return 0;
}

static unsigned reset_num(const struct reg *r)
{
    unsigned v = 0;
    for (int i = 0; i < r->nfield; i++)
        if (strcmp(r->field[i].reset, "param"))
            v |= (unsigned)strtoul(r->field[i].reset, NULL, 0) << r->field[i].lsb;
    return v | r->ones;
}

static const char *dim_count_c(const struct dim *d, char *buf, size_t n)
{
    if (isdigit((unsigned char)d->count[0]))
        snprintf(buf, n, "%su", d->count);
    else
        snprintf(buf, n, "VMXR_%s", d->count);
    return buf;
}

static unsigned dim_count_default(const struct src *s, const struct dim *d)
{
    if (isdigit((unsigned char)d->count[0]))
        return (unsigned)strtoul(d->count, NULL, 0);
    return find_param(s, d->count)->def;
}

static const char *GEN_NOTE = "Generated by regs/reggen from regs/vmxr.regs. Do not edit: edit the source and run `make regs`.";

/* ---- C header ----------------------------------------------------------- */

static void gen_h(const struct src *s)
{
    char b[MAXN + 8];
    printf("/* %s */\n", GEN_NOTE);
    printf("#ifndef VMXR_REGS_H\n#define VMXR_REGS_H\n\n#include <stdint.h>\n\n");
    printf("/* Build-time parameters: override with -DVMXR_<NAME>=value. */\n");
    for (int i = 0; i < s->nparam; i++) {
        const struct param *p = &s->param[i];
        printf("#ifndef VMXR_%s\n#define VMXR_%s %u /* %s */\n#endif\n", p->name, p->name, p->def, p->doc);
    }
    printf("\n/* Register map. For arrays: _BASE, _COUNT[2], _STRIDE[2] and _ADDR(i[, j]).\n"
           " * Field macros: _LSB, _WIDTH, _MASK (in place). Register masks: _RMASK (readable\n"
           " * bits), _WMASK (writable), _W1S, _W1C, _ONES (read 1, ignore writes), _RESET. */\n");
    for (int i = 0; i < s->nreg; i++) {
        const struct reg *r = &s->reg[i];
        printf("\n/* %s: %s (%s%s) */\n", r->name, r->doc, r->access, r->global_lock ? ", G" : "");
        if (r->ndim == 0) {
            printf("#define VMXR_%s_ADDR 0x%03Xu\n", r->name, r->addr);
        } else {
            printf("#define VMXR_%s_BASE 0x%03Xu\n", r->name, r->addr);
            printf("#define VMXR_%s_COUNT %s\n", r->name, dim_count_c(&r->dim[0], b, sizeof b));
            printf("#define VMXR_%s_STRIDE 0x%Xu\n", r->name, r->dim[0].stride);
            if (r->ndim == 2) {
                printf("#define VMXR_%s_COUNT2 %s\n", r->name, dim_count_c(&r->dim[1], b, sizeof b));
                printf("#define VMXR_%s_STRIDE2 0x%Xu\n", r->name, r->dim[1].stride);
                printf("#define VMXR_%s_ADDR(i, j) (VMXR_%s_BASE + VMXR_%s_STRIDE * (unsigned)(i) + "
                       "VMXR_%s_STRIDE2 * (unsigned)(j))\n",
                       r->name, r->name, r->name, r->name);
            } else {
                printf("#define VMXR_%s_ADDR(i) (VMXR_%s_BASE + VMXR_%s_STRIDE * (unsigned)(i))\n", r->name,
                       r->name, r->name);
            }
        }
        printf("#define VMXR_%s_RMASK 0x%08Xu\n", r->name, mask_of(r, NULL));
        printf("#define VMXR_%s_WMASK 0x%08Xu\n", r->name, wmask(r));
        printf("#define VMXR_%s_W1S 0x%08Xu\n", r->name, mask_of(r, "W1S"));
        printf("#define VMXR_%s_W1C 0x%08Xu\n", r->name, mask_of(r, "RW1C"));
        printf("#define VMXR_%s_ONES 0x%08Xu\n", r->name, r->ones);
        if (has_param_reset(r)) {
            printf("#define VMXR_%s_RESET (0x%08Xu", r->name, reset_num(r));
            for (int k = 0; k < r->nfield; k++)
                if (!strcmp(r->field[k].reset, "param"))
                    printf(" | ((uint32_t)VMXR_%s << %d)", r->field[k].name, r->field[k].lsb);
            printf(")\n");
        } else {
            printf("#define VMXR_%s_RESET 0x%08Xu\n", r->name, reset_num(r));
        }
        for (int k = 0; k < r->nfield; k++) {
            const struct field *f = &r->field[k];
            printf("#define VMXR_%s_%s_LSB %d\n", r->name, f->name, f->lsb);
            printf("#define VMXR_%s_%s_WIDTH %d\n", r->name, f->name, f->msb - f->lsb + 1);
            printf("#define VMXR_%s_%s_MASK 0x%08Xu\n", r->name, f->name, fmask(f));
        }
    }
    printf("\n/* Register identifiers, in source order (index into vmxr_reg_table). */\nenum vmxr_reg_id {\n");
    for (int i = 0; i < s->nreg; i++)
        printf("    VMXR_R_%s,\n", s->reg[i].name);
    printf("    VMXR_R__COUNT\n};\n");
    printf("\n/* Register attributes (vmxr_reg_desc.flags). */\n"
           "#define VMXR_RF_RO 0x1u     /* read-only: a write is DECODE */\n"
           "#define VMXR_RF_G 0x2u      /* locked by GLOBAL.LOCK */\n"
           "#define VMXR_RF_OWN 0x4u    /* VMM v may write entry v */\n"
           "#define VMXR_RF_STRAP 0x8u  /* entry strap_index resets from the straps */\n");
    printf("\nstruct vmxr_reg_desc {\n"
           "    const char *name;\n"
           "    uint16_t base;\n"
           "    uint16_t count, stride;   /* outer dimension; count 1 for a scalar */\n"
           "    uint16_t count2, stride2; /* inner dimension; count2 1 if none */\n"
           "    uint8_t ndim;\n"
           "    uint8_t flags;\n"
           "    int8_t lock_reg;          /* register holding the lock bit, -1 if none */\n"
           "    uint8_t strap_index;\n"
           "    uint32_t lock_mask;       /* the lock bit in lock_reg (same indices) */\n"
           "    uint32_t rmask, wmask, w1s, w1c, ones, reset;\n"
           "    uint32_t reserved_mask, reserved_value; /* field value refused with BAD_VALUE */\n"
           "};\n"
           "extern const struct vmxr_reg_desc vmxr_reg_table[VMXR_R__COUNT];\n");

    printf("\n/* Encodings used on the ports, in decisions and in VEC1. */\n");
    for (int i = 0; i < s->nenum; i++) {
        const struct enumd *e = &s->en[i];
        char lower[MAXN];
        size_t k;
        for (k = 0; e->name[k]; k++)
            lower[k] = (char)tolower((unsigned char)e->name[k]);
        lower[k] = 0;
        printf("\n/* %s (%d bits) */\nenum vmxr_%s {\n", e->doc, e->width, lower);
        for (int j = 0; j < e->nval; j++)
            printf("    VMXR_%s_%s = %u, /* %s */\n", e->name, e->val[j].name, e->val[j].code, e->val[j].doc);
        printf("};\n#define VMXR_%s_COUNT %d\n#define VMXR_%s_WIDTH %d\n", e->name, e->nval, e->name, e->width);
        printf("extern const char *const vmxr_%s_names[VMXR_%s_COUNT];\n", lower, e->name);
    }
    printf("\n#endif /* VMXR_REGS_H */\n");
}

/* ---- C table ------------------------------------------------------------ */

static void gen_c(const struct src *s)
{
    char b[MAXN + 8];
    printf("/* %s */\n#include \"vmxr_regs.h\"\n\n", GEN_NOTE);
    printf("const struct vmxr_reg_desc vmxr_reg_table[VMXR_R__COUNT] = {\n");
    for (int i = 0; i < s->nreg; i++) {
        const struct reg *r = &s->reg[i];
        unsigned flags = 0;
        char fl[128] = "0";
        if (!strcmp(r->access, "RO"))
            flags |= 1;
        if (r->global_lock)
            flags |= 2;
        if (r->own)
            flags |= 4;
        if (r->strap >= 0)
            flags |= 8;
        if (flags) {
            fl[0] = 0;
            const char *nm[] = { "VMXR_RF_RO", "VMXR_RF_G", "VMXR_RF_OWN", "VMXR_RF_STRAP" };
            for (int k = 0; k < 4; k++)
                if (flags & (1u << k))
                    snprintf(fl + strlen(fl), sizeof fl - strlen(fl), "%s%s", fl[0] ? " | " : "", nm[k]);
        }
        int lock_idx = -1;
        unsigned lock_mask = 0;
        if (r->lock_reg[0]) {
            const struct reg *lr = find_reg(s, r->lock_reg);
            lock_idx = (int)(lr - s->reg);
            lock_mask = fmask(find_field(lr, r->lock_field));
        }
        unsigned res_mask = 0, res_val = 0;
        if (r->res_field[0]) {
            const struct field *f = find_field(r, r->res_field);
            res_mask = fmask(f);
            res_val = r->res_value << f->lsb;
        }
        printf("    [VMXR_R_%s] = {\n", r->name);
        printf("        .name = \"%s\",\n        .base = 0x%03X,\n", r->name, r->addr);
        if (r->ndim >= 1)
            printf("        .count = %s,\n        .stride = 0x%X,\n", dim_count_c(&r->dim[0], b, sizeof b),
                   r->dim[0].stride);
        else
            printf("        .count = 1,\n        .stride = 4,\n");
        if (r->ndim == 2)
            printf("        .count2 = %s,\n        .stride2 = 0x%X,\n", dim_count_c(&r->dim[1], b, sizeof b),
                   r->dim[1].stride);
        else
            printf("        .count2 = 1,\n        .stride2 = 4,\n");
        printf("        .ndim = %d,\n        .flags = %s,\n", r->ndim, fl);
        if (lock_idx >= 0)
            printf("        .lock_reg = VMXR_R_%s,\n", s->reg[lock_idx].name);
        else
            printf("        .lock_reg = -1,\n");
        printf("        .strap_index = %d,\n", r->strap >= 0 ? r->strap : 0);
        printf("        .lock_mask = 0x%08Xu,\n", lock_mask);
        printf("        .rmask = VMXR_%s_RMASK,\n        .wmask = VMXR_%s_WMASK,\n", r->name, r->name);
        printf("        .w1s = VMXR_%s_W1S,\n        .w1c = VMXR_%s_W1C,\n", r->name, r->name);
        printf("        .ones = VMXR_%s_ONES,\n        .reset = VMXR_%s_RESET,\n", r->name, r->name);
        printf("        .reserved_mask = 0x%08Xu,\n        .reserved_value = 0x%08Xu,\n    },\n", res_mask, res_val);
    }
    printf("};\n");
    for (int i = 0; i < s->nenum; i++) {
        const struct enumd *e = &s->en[i];
        char lower[MAXN];
        size_t k;
        for (k = 0; e->name[k]; k++)
            lower[k] = (char)tolower((unsigned char)e->name[k]);
        lower[k] = 0;
        printf("\nconst char *const vmxr_%s_names[VMXR_%s_COUNT] = {", lower, e->name);
        for (int j = 0; j < e->nval; j++)
            printf("%s\"%s\"", j ? ", " : "", e->val[j].name);
        printf("};\n");
    }
}

/* ---- Verilog include ---------------------------------------------------- */

static void gen_svh(const struct src *s)
{
    printf("// %s\n`ifndef VMXR_REGS_SVH\n`define VMXR_REGS_SVH\n\n", GEN_NOTE);
    printf("// Parameter defaults (the RTL top carries them as module parameters).\n");
    for (int i = 0; i < s->nparam; i++)
        printf("`define VMXR_DEFAULT_%s %u\n", s->param[i].name, s->param[i].def);
    printf("\n// Register map: _ADDR for scalars, _BASE/_STRIDE[2] for arrays; field _LSB/_MSB;\n"
           "// register _WMASK/_W1S/_W1C/_ONES/_RESET (parameter-dependent fields excluded).\n");
    for (int i = 0; i < s->nreg; i++) {
        const struct reg *r = &s->reg[i];
        printf("\n// %s: %s\n", r->name, r->doc);
        if (r->ndim == 0) {
            printf("`define VMXR_%s_ADDR 12'h%03X\n", r->name, r->addr);
        } else {
            printf("`define VMXR_%s_BASE 12'h%03X\n", r->name, r->addr);
            printf("`define VMXR_%s_STRIDE 12'h%03X\n", r->name, r->dim[0].stride);
            if (!isdigit((unsigned char)r->dim[0].count[0]))
                printf("// count: parameter %s\n", r->dim[0].count);
            else
                printf("`define VMXR_%s_COUNT %s\n", r->name, r->dim[0].count);
            if (r->ndim == 2) {
                printf("`define VMXR_%s_STRIDE2 12'h%03X\n", r->name, r->dim[1].stride);
                printf("`define VMXR_%s_COUNT2 %u\n", r->name, dim_count_default(s, &r->dim[1]));
            }
        }
        printf("`define VMXR_%s_WMASK 32'h%08X\n", r->name, wmask(r));
        printf("`define VMXR_%s_W1S 32'h%08X\n", r->name, mask_of(r, "W1S"));
        printf("`define VMXR_%s_W1C 32'h%08X\n", r->name, mask_of(r, "RW1C"));
        printf("`define VMXR_%s_ONES 32'h%08X\n", r->name, r->ones);
        printf("`define VMXR_%s_RESET 32'h%08X\n", r->name, reset_num(r));
        for (int k = 0; k < r->nfield; k++) {
            const struct field *f = &r->field[k];
            printf("`define VMXR_%s_%s_LSB %d\n`define VMXR_%s_%s_MSB %d\n", r->name, f->name, f->lsb, r->name,
                   f->name, f->msb);
        }
    }
    printf("\n// Encodings.\n");
    for (int i = 0; i < s->nenum; i++) {
        const struct enumd *e = &s->en[i];
        printf("`define VMXR_%s_WIDTH %d\n", e->name, e->width);
        for (int j = 0; j < e->nval; j++)
            printf("`define VMXR_%s_%s %d'd%u\n", e->name, e->val[j].name, e->width, e->val[j].code);
    }
    printf("\n`endif // VMXR_REGS_SVH\n");
}

/* ---- docs table --------------------------------------------------------- */

static void gen_md(const struct src *s)
{
    printf("<!-- %s -->\n# VMXR-2 register map\n\n", GEN_NOTE);
    printf("32-bit registers on the APB slave, 12-bit byte addresses. Access: RO read-only "
           "(a write answers PSLVERR, ERR.DECODE); RW read/write. Field access W1S: write 1 to set, "
           "cleared only by reset; RW1C: write 1 to clear. **G**: refused (LOCKED) while GLOBAL.LOCK is "
           "set. Lock: the bit whose setting refuses every later write to the register. Counts in "
           "parameter names are build-time (defaults: ");
    for (int i = 0; i < s->nparam; i++)
        printf("%s%s %u", i ? ", " : "", s->param[i].name, s->param[i].def);
    printf(").\n\n");
    printf("| address | register | access | G | lock | reset | fields |\n|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < s->nreg; i++) {
        const struct reg *r = &s->reg[i];
        char addr[64];
        if (r->ndim == 0)
            snprintf(addr, sizeof addr, "0x%03X", r->addr);
        else if (r->ndim == 1)
            snprintf(addr, sizeof addr, "0x%03X + 0x%X·i (i < %s)", r->addr, r->dim[0].stride, r->dim[0].count);
        else
            snprintf(addr, sizeof addr, "0x%03X + 0x%X·i + 0x%X·j (i < %s, j < %s)", r->addr, r->dim[0].stride,
                     r->dim[1].stride, r->dim[0].count, r->dim[1].count);
        char lock[2 * MAXN + 2] = "";
        if (r->lock_reg[0])
            snprintf(lock, sizeof lock, "%s.%s", r->lock_reg, r->lock_field);
        char reset[64];
        if (has_param_reset(r))
            snprintf(reset, sizeof reset, "parameters");
        else
            snprintf(reset, sizeof reset, "0x%08X", reset_num(r));
        if (r->strap >= 0)
            snprintf(reset + strlen(reset), sizeof reset - strlen(reset), "; [%d] from straps", r->strap);
        printf("| %s | %s%s | %s%s | %s | %s | %s | ", addr, r->name, r->ndim == 2 ? "[i][j]" : r->ndim ? "[i]" : "",
               r->access, r->own ? " (own entry: any VMM)" : "", r->global_lock ? "G" : "", lock, reset);
        for (int k = 0; k < r->nfield; k++) {
            const struct field *f = &r->field[k];
            if (f->msb == f->lsb)
                printf("%s[%d] %s %s: %s", k ? "<br>" : "", f->lsb, f->name, f->access, f->doc);
            else
                printf("%s[%d:%d] %s %s: %s", k ? "<br>" : "", f->msb, f->lsb, f->name, f->access, f->doc);
        }
        if (r->ones)
            printf("<br>bits 0x%X read 1, writes ignored", r->ones);
        if (r->res_field[0])
            printf("<br>%s = %u is reserved: BAD_VALUE", r->res_field, r->res_value);
        printf(" — %s |\n", r->doc);
    }
    printf("\n## Encodings\n");
    for (int i = 0; i < s->nenum; i++) {
        const struct enumd *e = &s->en[i];
        printf("\n### %s (%d bits): %s\n\n| code | name | meaning |\n|---|---|---|\n", e->name, e->width, e->doc);
        for (int j = 0; j < e->nval; j++)
            printf("| %u | %s | %s |\n", e->val[j].code, e->val[j].name, e->val[j].doc);
    }
}

/* ---- GTKWave translate filter ------------------------------------------- */

static void gen_gtkw(const struct src *s, const char *name)
{
    for (int i = 0; i < s->nenum; i++) {
        const struct enumd *e = &s->en[i];
        if (strcmp(e->name, name))
            continue;
        for (int j = 0; j < e->nval; j++)
            printf("%X %s\n", e->val[j].code, e->val[j].name);
        return;
    }
    fprintf(stderr, "reggen: no enum '%s'\n", name);
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[2], "gtkw") == 0 ? argc != 4 : argc != 3)) {
        fprintf(stderr, "usage: reggen SRC h|c|svh|md|gtkw ENUM\n");
        return 2;
    }
    g_path = argv[1];
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    static struct src s;
    s.path = argv[1];
    parse(&s, f);
    fclose(f);
    if (!strcmp(argv[2], "h"))
        gen_h(&s);
    else if (!strcmp(argv[2], "c"))
        gen_c(&s);
    else if (!strcmp(argv[2], "svh"))
        gen_svh(&s);
    else if (!strcmp(argv[2], "md"))
        gen_md(&s);
    else if (!strcmp(argv[2], "gtkw"))
        gen_gtkw(&s, argv[3]);
    else {
        fprintf(stderr, "usage: reggen SRC h|c|svh|md|gtkw ENUM\n");
        return 2;
    }
    return ferror(stdout) ? 1 : 0;
}
