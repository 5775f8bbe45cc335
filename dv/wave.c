/* vmxr wave: an FST waveform of the RTL around one command of a vector file,
 * with a GTKWave save file that opens it with the signals grouped by stage,
 * encodings shown by name and a marker on the command's decision.
 *
 * The run is done twice on the port-level engine: once to find the cycles
 * (the handshake and decision cycles the bus driver records), once with the
 * trace window. Both runs see the same stimulus and stall seed, so their
 * cycles are the same.
 *
 * Time in the FST (cosim/rtl_shim.cpp): cycle c is dumped with the clock low
 * at c * WAVE_TIME_PER_CYCLE and its rising edge at + WAVE_EDGE; a decision
 * whose handshake the driver records in cycle c is sampled at that edge.
 *
 * Translate filters ("<value as GTKWave displays it> <name>" per line) are
 * generated at run time from the name tables generated from regs/vmxr.regs
 * (vmxr_op_names, ...), from vec_ctx_format() and vec_addr_format(), so no
 * encoding is spelled out here. */
#include "cli.h"
#include "cmds.h"
#include "dv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmxr_engine.h"
#include "vmxr_registry.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

#define WAVE_TIME_PER_CYCLE 10u /* FST time units per clock cycle */
#define WAVE_EDGE 5u            /* rising edge within a cycle */
#define WAVE_DEFAULT_WINDOW 40u
#define WAVE_WHOLE_FILE 400u /* runs shorter than this are traced whole */
#define WAVE_VIEW_CYCLES 16u /* cycles the save file opens with */
#define WAVE_VIEW_BEFORE 10u /* of which before the marker */
#define WAVE_PIXELS 880.0    /* approximate width of GTKWave's wave pane */
#define WAVE_MAX_NAMED 4u

/* Hierarchy of the Verilated model in the FST: the shim's instance name,
 * then the top module. */
#define TOP "vmxr.vmxr_top"
#define EX TOP ".u_ex"
#define RT TOP ".u_rt"

#define CTX_BITS 5u
_Static_assert(VMXR_CTX_VMM == 1u << (CTX_BITS - 1), "context encoding: bit 4 = VMM");
#define PADDR_BITS 12u

/* GTKWave trace flags (save-file '@' lines). */
#define TR_HEX 0x2u
#define TR_DEC 0x4u
#define TR_BIN 0x8u
#define TR_RJUSTIFY 0x20u
#define TR_BLANK 0x200u
#define TR_COLLAPSED 0x1000u
#define TR_FTRANSLATED 0x2000u
#define TR_CLOSED 0x400000u
#define TR_GRP_BEGIN 0x800000u
#define TR_GRP_END 0x1000000u

enum fmt { HEX, DEC, BIN };

/* Translate filters; index + 1 is the filter number in the save file. */
enum filt { F_NONE = -1, F_OP, F_OUTCOME, F_RULE, F_ERRC, F_PCLASS, F_CTX, F_REG, NFILT };

static const char *const FILT_SUFFIX[NFILT] = { "op", "outcome", "rule", "errc", "pclass", "ctx", "reg" };

/* ---- small helpers ------------------------------------------------------- */

/* Writes the message to err; returns -1. */
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Copies s into buf; false if it does not fit. */
static bool copy(char *buf, size_t n, const char *s)
{
    size_t len = strlen(s);
    if (len >= n)
        return false;
    memcpy(buf, s, len + 1);
    return true;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* A path that fits on one save-file line, quoted or not. */
static bool path_ok(const char *p)
{
    if (!p[0])
        return false;
    for (const char *c = p; *c; c++)
        if (*c == '\n' || *c == '\r' || *c == '"')
            return false;
    return true;
}

/* mkdir -p of the directory part of path. */
static int make_parent(const char *path, char *err, size_t errlen)
{
    char dir[4096];
    if (!copy(dir, sizeof dir, path))
        return fail(err, errlen, "%s: path too long", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            return fail(err, errlen, "cannot create directory %s: %s", dir, strerror(errno));
        *p = '/';
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return fail(err, errlen, "cannot create directory %s: %s", dir, strerror(errno));
    return 0;
}

/* log2 without libm: integer part by halving, fraction bit by bit. */
static double log2_of(double x)
{
    if (!(x > 0))
        return 0;
    double y = 0;
    while (x >= 2) {
        x /= 2;
        y += 1;
    }
    while (x < 1) {
        x *= 2;
        y -= 1;
    }
    double bit = 0.5;
    for (int i = 0; i < 24; i++, bit /= 2) {
        x *= x;
        if (x >= 2) {
            x /= 2;
            y += bit;
        }
    }
    return y;
}

static uint64_t edge_time(uint64_t cycle) { return cycle * WAVE_TIME_PER_CYCLE + WAVE_EDGE; }

/* ---- translate filters ------------------------------------------------- */

/* One line per value: the value as GTKWave shows it in hex (width bits,
 * zero-padded, upper case), then the name. */
static int write_table_filter(const char *path, const char *table, const char *const *names, unsigned count,
                              unsigned width, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return fail(err, errlen, "cannot write %s: %s", path, strerror(errno));
    unsigned digits = (width + 3) / 4;
    fprintf(fp, "# GTKWave translate filter: %s (generated by vmxr wave from regs/vmxr.regs)\n", table);
    for (unsigned v = 0; v < count && v < (1u << width); v++)
        if (names[v] && names[v][0])
            fprintf(fp, "%0*X %s\n", (int)digits, v, names[v]);
    int bad = ferror(fp);
    bad |= fclose(fp);
    return bad ? fail(err, errlen, "cannot write %s", path) : 0;
}

static int write_ctx_filter(const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return fail(err, errlen, "cannot write %s: %s", path, strerror(errno));
    fprintf(fp, "# GTKWave translate filter: contexts, bit 4 = VMM (generated by vmxr wave)\n");
    for (unsigned v = 0; v < 1u << CTX_BITS; v++) {
        char name[32];
        vec_ctx_format((uint8_t)v, name, sizeof name);
        fprintf(fp, "%0*X %s\n", (int)((CTX_BITS + 3) / 4), v, name);
    }
    int bad = ferror(fp);
    bad |= fclose(fp);
    return bad ? fail(err, errlen, "cannot write %s", path) : 0;
}

static int write_reg_filter(const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return fail(err, errlen, "cannot write %s: %s", path, strerror(errno));
    fprintf(fp, "# GTKWave translate filter: register addresses (generated by vmxr wave from regs/vmxr.regs)\n");
    for (unsigned a = 0; a < 1u << PADDR_BITS; a++) {
        char name[48];
        vec_addr_format(a, name, sizeof name);
        if (strncmp(name, "0x", 2) != 0) /* mapped */
            fprintf(fp, "%0*X %s\n", (int)((PADDR_BITS + 3) / 4), a, name);
    }
    int bad = ferror(fp);
    bad |= fclose(fp);
    return bad ? fail(err, errlen, "cannot write %s", path) : 0;
}

static int write_filter(enum filt which, const char *path, char *err, size_t errlen)
{
    switch (which) {
    case F_OP: return write_table_filter(path, "op", vmxr_op_names, VMXR_OP_COUNT, VMXR_OP_WIDTH, err, errlen);
    case F_OUTCOME:
        return write_table_filter(path, "outcome", vmxr_outcome_names, VMXR_OUTCOME_COUNT, VMXR_OUTCOME_WIDTH, err,
                                  errlen);
    case F_RULE:
        return write_table_filter(path, "rule", vmxr_rule_names, VMXR_RULE_COUNT, VMXR_RULE_WIDTH, err, errlen);
    case F_ERRC:
        return write_table_filter(path, "errc", vmxr_errc_names, VMXR_ERRC_COUNT, VMXR_ERRC_WIDTH, err, errlen);
    case F_PCLASS:
        return write_table_filter(path, "pclass", vmxr_pclass_names, VMXR_PCLASS_COUNT, VMXR_PCLASS_WIDTH, err,
                                  errlen);
    case F_CTX: return write_ctx_filter(path, err, errlen);
    case F_REG: return write_reg_filter(path, err, errlen);
    default: return 0;
    }
}

/* ---- save file ---------------------------------------------------------- */

struct gtkw {
    FILE *fp;
    const char (*filt)[4096]; /* absolute paths of the filter files */
    const char *root;         /* the FST's scope above vmxr_top, with its dot */
};

/* A signal path of the tables (written under TOP) in this FST's hierarchy. */
static void put_path(struct gtkw *g, const char *path)
{
    static const char SHIM[] = "vmxr.";
    if (!strncmp(path, SHIM, sizeof SHIM - 1))
        fprintf(g->fp, "%s%s", g->root, path + sizeof SHIM - 1);
    else
        fputs(path, g->fp);
}

static unsigned fmt_flags(enum fmt f)
{
    return TR_RJUSTIFY | (f == HEX ? TR_HEX : f == DEC ? TR_DEC : TR_BIN);
}

static void trace_flags(struct gtkw *g, unsigned width, enum fmt f, enum filt filt)
{
    if (filt != F_NONE) {
        fprintf(g->fp, "@%x\n^%d %s\n", TR_RJUSTIFY | TR_HEX | TR_FTRANSLATED, (int)filt + 1, g->filt[filt]);
        return;
    }
    fprintf(g->fp, "@%x\n", width == 1 ? TR_RJUSTIFY | TR_BIN : fmt_flags(f));
}

static void group_begin(struct gtkw *g, const char *name, bool closed)
{
    fprintf(g->fp, "@%x\n-%s\n", TR_GRP_BEGIN | TR_BLANK | (closed ? TR_CLOSED : 0u), name);
}

static void group_end(struct gtkw *g, const char *name, bool closed)
{
    fprintf(g->fp, "@%x\n-%s\n", TR_GRP_END | TR_BLANK | (closed ? TR_CLOSED | TR_COLLAPSED : 0u), name);
}

/* A whole signal; path without its bit range, width as declared. */
static void sig(struct gtkw *g, const char *path, unsigned width, enum fmt f, enum filt filt)
{
    trace_flags(g, width, f, filt);
    put_path(g, path);
    if (width == 1)
        fputc('\n', g->fp);
    else
        fprintf(g->fp, "[%u:0]\n", width - 1);
}

/* Bits [msb:lsb] of a packed vector path[total-1:0], shown as alias: a
 * GTKWave bit vector of "(i)path[total-1:0]" bits, i counted from the MSB. */
static void slice(struct gtkw *g, const char *alias, const char *path, unsigned total, unsigned msb, unsigned lsb,
                  enum fmt f, enum filt filt)
{
    trace_flags(g, msb - lsb + 1, f, filt);
    if (msb == lsb) { /* one bit: an aliased bit trace, drawn as a wire */
        fprintf(g->fp, "+{%s} (%u)", alias, total - 1 - msb);
        put_path(g, path);
        fprintf(g->fp, "[%u:0]\n", total - 1);
        return;
    }
    fprintf(g->fp, "#{%s}", alias);
    for (unsigned b = msb + 1; b-- > lsb;) {
        fprintf(g->fp, " (%u)", total - 1 - b);
        put_path(g, path);
        fprintf(g->fp, "[%u:0]", total - 1);
    }
    fputc('\n', g->fp);
}

struct plain {
    const char *path;
    unsigned width;
    enum fmt fmt;
    enum filt filt;
};

static void plains(struct gtkw *g, const struct plain *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sig(g, p[i].path, p[i].width, p[i].fmt, p[i].filt);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct plain APB_SIGS[] = {
    { TOP ".psel", 1, BIN, F_NONE },      { TOP ".penable", 1, BIN, F_NONE }, { TOP ".pwrite", 1, BIN, F_NONE },
    { TOP ".paddr", 12, HEX, F_REG },     { TOP ".pwdata", 32, HEX, F_NONE },
    { TOP ".pauser", 3, DEC, F_NONE },    { TOP ".pready", 1, BIN, F_NONE },  { TOP ".prdata", 32, HEX, F_NONE },
    { TOP ".pslverr", 1, BIN, F_NONE },
};

static const struct plain CMD_SIGS[] = {
    { TOP ".cmd_valid", 1, BIN, F_NONE },  { TOP ".cmd_ready", 1, BIN, F_NONE },  { TOP ".cmd_fire", 1, BIN, F_NONE },
    { TOP ".cmd_cpu", 3, DEC, F_NONE },    { TOP ".cmd_op", 2, HEX, F_OP },       { TOP ".cmd_reason", 7, DEC, F_NONE },
    { TOP ".cmd_qual", 32, HEX, F_NONE },  { TOP ".cmd_itype", 3, DEC, F_NONE },  { TOP ".cmd_vector", 8, DEC, F_NONE },
    { TOP ".cmd_errcode", 32, HEX, F_NONE }, { TOP ".cmd_vm", 5, DEC, F_NONE },
};

static const struct plain RT_SIGS[] = {
    { TOP ".rt_err", 4, HEX, F_ERRC },
    { TOP ".rt_k", 3, HEX, F_PCLASS },
    { RT ".is_exc", 1, BIN, F_NONE },
    { RT ".ior_found", 4, BIN, F_NONE },
};

static const struct plain EX_SIGS[] = {
    { TOP ".ex_valid", 1, BIN, F_NONE },  { TOP ".inj_busy", 1, BIN, F_NONE },  { TOP ".ex_fire_cmd", 1, BIN, F_NONE },
    { TOP ".ex_fire_inj", 1, BIN, F_NONE }, { TOP ".dq_free", 1, BIN, F_NONE }, { EX ".ex_cpu", 3, DEC, F_NONE },
    { EX ".ex_op", 2, HEX, F_OP },        { EX ".ex_err", 4, HEX, F_ERRC },     { EX ".ex_k", 3, HEX, F_PCLASS },
    { EX ".s", 5, HEX, F_CTX },           { EX ".prof", 2, DEC, F_NONE },       { EX ".rule", 3, HEX, F_RULE },
    { EX ".t", 3, DEC, F_NONE },          { EX ".idx", 7, DEC, F_NONE },        { EX ".cand", 8, BIN, F_NONE },
    { EX ".found", 1, BIN, F_NONE },      { EX ".o_outcome", 3, HEX, F_OUTCOME },
    { EX ".o_err", 4, HEX, F_ERRC },      { EX ".o_to", 5, HEX, F_CTX },        { EX ".do_push", 1, BIN, F_NONE },
    { EX ".do_pop", 1, BIN, F_NONE },     { EX ".pend_set", 2, BIN, F_NONE },   { EX ".pend_clr", 2, BIN, F_NONE },
    { EX ".inj_next", 1, BIN, F_NONE },   { EX ".inj_cpu", 2, DEC, F_NONE },
};

static const struct plain DQ_SIGS[] = {
    { TOP ".dec_valid", 1, BIN, F_NONE },     { TOP ".dec_ready", 1, BIN, F_NONE },
    { TOP ".dec_cpu", 3, DEC, F_NONE },       { TOP ".dec_op", 2, HEX, F_OP },
    { TOP ".dec_outcome", 3, HEX, F_OUTCOME }, { TOP ".dec_to", 5, HEX, F_CTX },
    { TOP ".dec_rule", 3, HEX, F_RULE },      { TOP ".dec_idx", 7, DEC, F_NONE },
    { TOP ".dec_err", 4, HEX, F_ERRC },       { TOP ".dec_from", 5, HEX, F_CTX },
    { TOP ".dec_reason", 7, DEC, F_NONE },    { TOP ".dec_qual", 32, HEX, F_NONE },
    { TOP ".idle", 1, BIN, F_NONE },
};

/* rt_route / ex_route: per profile p {rule[2:0], t[2:0], idx[6:0]} at [p*13 +: 13] */
static void routes(struct gtkw *g, const char *name, const char *path)
{
    for (unsigned p = 0; p < VMXR_NPROF; p++) {
        char alias[64];
        unsigned b = p * 13;
        snprintf(alias, sizeof alias, "%s_p%u_rule", name, p);
        slice(g, alias, path, VMXR_NPROF * 13, b + 12, b + 10, HEX, F_RULE);
        snprintf(alias, sizeof alias, "%s_p%u_t", name, p);
        slice(g, alias, path, VMXR_NPROF * 13, b + 9, b + 7, DEC, F_NONE);
        snprintf(alias, sizeof alias, "%s_p%u_idx", name, p);
        slice(g, alias, path, VMXR_NPROF * 13, b + 6, b, DEC, F_NONE);
    }
}

static void per_cpu(struct gtkw *g)
{
    char a[64];
    for (unsigned c = 0; c < VMXR_NCPU; c++) {
        snprintf(a, sizeof a, "cpu%u_cur", c);
        slice(g, a, EX ".cur", VMXR_NCPU * 5, c * 5 + 4, c * 5, HEX, F_CTX);
        snprintf(a, sizeof a, "cpu%u_depth", c);
        slice(g, a, EX ".depth", VMXR_NCPU * 3, c * 3 + 2, c * 3, DEC, F_NONE);
        /* bit 0 SMI, bit 1 NMI (CPU_STATE[16..19]) */
        snprintf(a, sizeof a, "cpu%u_blk_smi", c);
        slice(g, a, EX ".blocked", VMXR_NCPU * 2, c * 2, c * 2, BIN, F_NONE);
        snprintf(a, sizeof a, "cpu%u_blk_nmi", c);
        slice(g, a, EX ".blocked", VMXR_NCPU * 2, c * 2 + 1, c * 2 + 1, BIN, F_NONE);
        snprintf(a, sizeof a, "cpu%u_pend_smi", c);
        slice(g, a, EX ".pend", VMXR_NCPU * 2, c * 2, c * 2, BIN, F_NONE);
        snprintf(a, sizeof a, "cpu%u_pend_nmi", c);
        slice(g, a, EX ".pend", VMXR_NCPU * 2, c * 2 + 1, c * 2 + 1, BIN, F_NONE);
    }
    group_begin(g, "stacks", true);
    for (unsigned c = 0; c < VMXR_NCPU; c++)
        for (unsigned d = 0; d < VMXR_DEPTH; d++) {
            unsigned e = c * VMXR_DEPTH + d;
            snprintf(a, sizeof a, "cpu%u_stk%u", c, d);
            slice(g, a, EX ".stk_ctx", VMXR_NCPU * VMXR_DEPTH * 5, e * 5 + 4, e * 5, HEX, F_CTX);
        }
    group_end(g, "stacks", true);
}

static void usage_group(struct gtkw *g)
{
    char a[64];
    for (unsigned v = 0; v < VMXR_NVMM; v++) {
        snprintf(a, sizeof a, "vmm%u_usage", v);
        slice(g, a, EX ".usage", VMXR_NVMM * 16, v * 16 + 15, v * 16, HEX, F_NONE);
        snprintf(a, sizeof a, "vmm%u_pending", v);
        slice(g, a, EX ".pending_count", VMXR_NVMM * 8, v * 8 + 7, v * 8, DEC, F_NONE);
    }
    sig(g, TOP ".cmd_count", 32, DEC, F_NONE);
    sig(g, TOP ".err_count", 32, DEC, F_NONE);
}

/* Extra things cmd_wave shows beyond wave_write's contract. */
struct view {
    const char *title; /* comment trace on top, or NULL */
    unsigned nnamed;
    uint64_t named[WAVE_MAX_NAMED]; /* cycles of named markers A, B, ... */
    const char *named_label[WAVE_MAX_NAMED];
};

/* Printable one-line text for a comment trace or marker name. */
static void clean_text(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++)
        dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ? ' ' : src[i];
    dst[i] = '\0';
}

static int write_gtkw(const char *path, const char *abs_fst, const char *abs_gtkw, const char filt[NFILT][4096],
                      const char *root, uint64_t from, uint64_t to, uint64_t marker, const struct view *v, char *err,
                      size_t errlen)
{
    struct gtkw g = { .fp = fopen(path, "w"), .filt = filt, .root = root };
    if (!g.fp)
        return fail(err, errlen, "cannot write %s: %s", path, strerror(errno));

    /* the opening view: the whole window if short, else WAVE_VIEW_CYCLES
     * around the marker, inside the window */
    uint64_t vstart = from, vlen = to - from + 1;
    if (vlen > WAVE_VIEW_CYCLES) {
        vlen = WAVE_VIEW_CYCLES;
        vstart = marker > from + WAVE_VIEW_BEFORE ? marker - WAVE_VIEW_BEFORE : from;
        if (vstart + vlen > to + 1)
            vstart = to + 1 - vlen;
    }
    /* GTKWave: pixels per time unit = 200 * 2^zoom */
    double zoom = log2_of(WAVE_PIXELS / (200.0 * (double)(vlen * WAVE_TIME_PER_CYCLE)));

    FILE *fp = g.fp;
    fprintf(fp, "[*] vmxr wave: GTKWave save file, generated (absolute paths); not for version control\n");
    fprintf(fp, "[*] trace of cycles %llu..%llu, %u time units a cycle, rising edge at +%u\n",
            (unsigned long long)from, (unsigned long long)to, WAVE_TIME_PER_CYCLE, WAVE_EDGE);
    fprintf(fp, "[dumpfile] \"%s\"\n[savefile] \"%s\"\n", abs_fst, abs_gtkw);
    fprintf(fp, "[timestart] %llu\n[size] 1400 800\n[pos] -1 -1\n",
            (unsigned long long)(vstart * WAVE_TIME_PER_CYCLE));
    fprintf(fp, "*%f %llu", zoom, (unsigned long long)edge_time(marker));
    for (unsigned i = 0; i < 26; i++) {
        if (v && i < v->nnamed)
            fprintf(fp, " %llu", (unsigned long long)edge_time(v->named[i]));
        else
            fprintf(fp, " -1");
    }
    fputc('\n', fp);
    for (unsigned i = 0; v && i < v->nnamed; i++) {
        char label[64];
        clean_text(label, sizeof label, v->named_label[i] ? v->named_label[i] : "");
        fprintf(fp, "[markername] %c%s\n", 'A' + i, label);
    }
    fprintf(fp, "[sst_width] 70\n[signals_width] 400\n[sst_expanded] 0\n[sst_vpaned_height] 160\n");

    if (v && v->title) {
        char t[256];
        clean_text(t, sizeof t, v->title);
        fprintf(fp, "@%x\n-%s\n", TR_BLANK, t);
    }
    sig(&g, TOP ".clk", 1, BIN, F_NONE);
    sig(&g, TOP ".rst_n", 1, BIN, F_NONE);

    group_begin(&g, "APB", false);
    plains(&g, APB_SIGS, N(APB_SIGS));
    group_end(&g, "APB", false);

    group_begin(&g, "command in", false);
    plains(&g, CMD_SIGS, N(CMD_SIGS));
    group_end(&g, "command in", false);

    group_begin(&g, "RT", false);
    plains(&g, RT_SIGS, N(RT_SIGS));
    group_begin(&g, "rt_route", false);
    routes(&g, "rt_route", TOP ".rt_route");
    group_end(&g, "rt_route", false);
    group_end(&g, "RT", false);

    group_begin(&g, "EX", false);
    plains(&g, EX_SIGS, N(EX_SIGS));
    group_begin(&g, "ex_route", true);
    routes(&g, "ex_route", EX ".ex_route");
    group_end(&g, "ex_route", true);
    group_end(&g, "EX", false);

    group_begin(&g, "DQ / decision out", false);
    plains(&g, DQ_SIGS, N(DQ_SIGS));
    group_end(&g, "DQ / decision out", false);

    group_begin(&g, "per-CPU state", false);
    per_cpu(&g);
    group_end(&g, "per-CPU state", false);

    group_begin(&g, "usage", false);
    usage_group(&g);
    group_end(&g, "usage", false);

    fprintf(fp, "[pattern_trace] 1\n[pattern_trace] 0\n");
    int bad = ferror(fp);
    bad |= fclose(fp);
    return bad ? fail(err, errlen, "cannot write %s", path) : 0;
}

/* ---- the core ------------------------------------------------------------- */

/* The engines whose waveform this writes: port level, with the RTL. */
static bool wave_engine(const char *name)
{
    const struct vmxr_engine_info *e = vmxr_engine_find(name);
    return e && (e->caps & (VMXR_ENG_RTL | VMXR_ENG_PORT)) == (VMXR_ENG_RTL | VMXR_ENG_PORT);
}

/* The absolute form of path (the working directory prepended to a relative
 * one, leading "./" dropped); false if it does not fit. */
static bool abs_path(const char *path, char *buf, size_t n)
{
    if (path[0] == '/')
        return copy(buf, n, path);
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return false;
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (path[0] == '/')
            path++;
    }
    int w = snprintf(buf, n, "%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "", path);
    return w > 0 && (size_t)w < n;
}

static const char *base_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The translate filters (BASE.<kind>.txt) and the save file gtkw for the
 * FST at fst_path, whose RTL sits under root ("vmxr." for the Verilated
 * shim, "top.rtl." for the SystemC platform). */
static int save_file(const char *fst_path, const char *base, const char *gtkw, const char *root, uint64_t from,
                     uint64_t to, uint64_t marker, const struct view *v, char *err, size_t errlen)
{
    char abs_fst[4096], abs_gtkw[4096], abs_base[4096], filt[NFILT][4096];
    bool fits = abs_path(fst_path, abs_fst, sizeof abs_fst) && abs_path(gtkw, abs_gtkw, sizeof abs_gtkw) &&
                abs_path(base, abs_base, sizeof abs_base);
    for (int i = 0; i < NFILT && fits; i++)
        fits = (size_t)snprintf(filt[i], sizeof filt[i], "%s.%s.txt", abs_base, FILT_SUFFIX[i]) < sizeof filt[i];
    if (!fits || !path_ok(abs_fst))
        return fail(err, errlen, "%s: path too long or unusable", fst_path);
    char fpath[4096];
    for (int i = 0; i < NFILT; i++) {
        /* the filter written relative to fst_path, referenced absolute */
        if ((size_t)snprintf(fpath, sizeof fpath, "%s.%s.txt", base, FILT_SUFFIX[i]) >= sizeof fpath)
            return fail(err, errlen, "%s: path too long", fst_path);
        if (write_filter((enum filt)i, fpath, err, errlen) != 0)
            return -1;
    }
    if (write_gtkw(gtkw, abs_fst, abs_gtkw, (const char(*)[4096])filt, root, from, to, marker, v, err, errlen) != 0)
        return -1;
    return 0;
}

/* f run on engine with the trace window, then the save file and filters.
 * On success err holds the run's own failure (divergence, protocol) if it
 * broke after the trace had started, else "". */
static int write_view(const struct vec_file *f, const char *engine, const struct run_opts *opts, uint64_t from,
                      uint64_t to, uint64_t marker, const struct view *v, const char *fst_path, char *gtkw_out,
                      size_t gtkw_len, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!f || !engine || !fst_path || !gtkw_out || !gtkw_len)
        return fail(err, errlen, "wave: missing argument");
    if (!wave_engine(engine))
        return fail(err, errlen, "wave: engine %s has no waveform (use rtl or cosim)", engine);
    if (from > to)
        return fail(err, errlen, "wave: empty cycle window");
    if (!path_ok(fst_path))
        return fail(err, errlen, "wave: unusable output path '%s'", fst_path);

    /* OUT.gtkw next to OUT.fst; filters OUT.<kind>.txt */
    char base[4096], gtkw[4096];
    if (!copy(base, sizeof base, fst_path))
        return fail(err, errlen, "%s: path too long", fst_path);
    if (ends_with(base, ".fst"))
        base[strlen(base) - 4] = '\0';
    if (!base[0] || ends_with(base, "/"))
        return fail(err, errlen, "wave: unusable output path '%s'", fst_path);
    if ((size_t)snprintf(gtkw, sizeof gtkw, "%s.gtkw", base) >= sizeof gtkw)
        return fail(err, errlen, "%s: path too long", fst_path);
    if (!copy(gtkw_out, gtkw_len, gtkw))
        return fail(err, errlen, "%s: path too long", gtkw);
    if (make_parent(fst_path, err, errlen) != 0)
        return -1;
    if (unlink(fst_path) != 0 && errno != ENOENT)
        return fail(err, errlen, "cannot replace %s: %s", fst_path, strerror(errno));

    struct run_opts o = { 0 };
    if (opts)
        o = *opts;
    o.trace_path = fst_path;
    o.trace_from = from;
    o.trace_to = to;
    struct vec_result *res = calloc(f->nitems ? f->nitems : 1, sizeof *res);
    if (!res)
        return fail(err, errlen, "out of memory");
    struct run_stats st = { 0 };
    char runerr[2048] = "";
    bool diverged = false;
    uint64_t div_cycle = 0;
    bool ok = run_file_opts(f, engine, &o, res, &st, runerr, sizeof runerr, &diverged, &div_cycle);
    free(res);
    struct stat sb;
    if (stat(fst_path, &sb) != 0) {
        if (!ok)
            return fail(err, errlen, "%s", runerr);
        return fail(err, errlen, "wave: no waveform written: the run ended after %llu cycles, before the window",
                    (unsigned long long)st.cycles);
    }

    if (save_file(fst_path, base, gtkw, "vmxr.", from, to, marker, v, err, errlen) != 0)
        return -1;
    if (!ok && err && errlen)
        snprintf(err, errlen, "%s", runerr);
    return 0;
}

int wave_save_file(const char *fst_path, const char *root, uint64_t from, uint64_t to, uint64_t marker,
                   char *gtkw_out, size_t gtkw_len, char *err, size_t errlen)
{
    char base[4096], gtkw[4096];
    if (!copy(base, sizeof base, fst_path))
        return fail(err, errlen, "%s: path too long", fst_path);
    if (ends_with(base, ".fst"))
        base[strlen(base) - 4] = '\0';
    if (!base[0] || ends_with(base, "/") || !path_ok(fst_path))
        return fail(err, errlen, "wave: unusable output path '%s'", fst_path);
    if ((size_t)snprintf(gtkw, sizeof gtkw, "%s.gtkw", base) >= sizeof gtkw || !copy(gtkw_out, gtkw_len, gtkw))
        return fail(err, errlen, "%s: path too long", fst_path);
    if (from > to)
        return fail(err, errlen, "wave: empty cycle window");
    return save_file(fst_path, base, gtkw, root, from, to, marker, NULL, err, errlen);
}

int wave_write(const struct vec_file *f, const char *engine, const struct run_opts *opts, uint64_t from,
               uint64_t to, uint64_t marker, const char *fst_path, char *gtkw_out, size_t gtkw_len, char *err,
               size_t errlen)
{
    return write_view(f, engine, opts, from, to, marker, NULL, fst_path, gtkw_out, gtkw_len, err, errlen);
}

/* ---- vmxr wave ------------------------------------------------------------ */

static const char WAVE_HELP[] =
    "usage: vmxr wave FILE [--line N | --cycle C] [--window W] [--engine rtl|cosim]\n"
    "                 [--stall-seed S] [-o OUT.fst]\n"
    "\n"
    "Runs FILE on the RTL and writes an FST waveform around one command, a\n"
    "GTKWave save file next to it (OUT.gtkw: signals grouped APB, command in,\n"
    "RT, EX, DQ / decision out, per-CPU state, usage; op, outcome, rule, error\n"
    "code, platform class, contexts and register addresses by name; the primary\n"
    "marker on the rising edge where the command's decision is taken, named\n"
    "marker A on its handshake, B and C on any injected decisions), and the\n"
    "translate filter files it uses (OUT.<kind>.txt, generated from the\n"
    "register source's name tables). Prints the paths and a gtkwave command.\n"
    "\n"
    "FILE is run once to find the cycles, then again with the trace on.\n"
    "\n"
    "options:\n"
    "  --line N        the command (ev, launch or resume) on line N of FILE.\n"
    "                  Default: the first command whose expectation fails on\n"
    "                  the engine, else the first command; with cosim, the\n"
    "                  cycle where model and RTL diverge, if they do\n"
    "  --cycle C       centre on clock cycle C instead (cycle 0 is the first\n"
    "                  reset cycle; the numbering of run and divergence reports)\n"
    "  --window W      cycles traced before the handshake and after the last\n"
    "                  decision (or around C); default 40. A run shorter than\n"
    "                  400 cycles is traced whole\n"
    "  --engine E      rtl (default) or cosim (the C model and the RTL in\n"
    "                  lockstep; the waveform is the RTL's)\n"
    "  --stall-seed S  drive with random dec_ready back-pressure and idle gaps\n"
    "                  from seed S (as the runner's stall mode does)\n"
    "  -o OUT.fst      output; default build/waves/<file-stem>-L<line>.fst\n"
    "                  (-C<cycle> with --cycle); directories are created\n"
    "  -h, --help      this text\n"
    "\n"
    "exit status: 0 written, 1 the engine failed before the window, 2 bad usage,\n"
    "a malformed FILE (FILE:LINE:COL: message) or a line that is not a command.\n";

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr wave: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: vmxr wave FILE [--line N | --cycle C] [--window W] [--engine rtl|cosim] "
                    "[--stall-seed S] [-o OUT.fst]   (vmxr wave --help)\n");
    return EXIT_USAGE;
}



/* Did command item it get what it expected? */
static bool holds(const struct vec_item *it, const struct vec_result *r)
{
    if (!it->has_expect)
        return true;
    if (it->nexp != r->ndec)
        return false;
    for (unsigned k = 0; k < r->ndec; k++) {
        struct vec_outcome o = vec_outcome_of(&r->dec[k]);
        if (!vec_outcome_equal(&it->exp[k], &o))
            return false;
    }
    return true;
}

struct wave_args {
    const char *file, *out, *engine;
    bool have_line, have_cycle, have_seed;
    uint64_t line, cycle, window, seed;
};

/* -1 parsed, else an exit status. */
static int parse_args(int argc, char **argv, struct wave_args *a)
{
    *a = (struct wave_args){ .engine = vmxr_engine_with(VMXR_ENG_RTL | VMXR_ENG_PORT)->name, .window = WAVE_DEFAULT_WINDOW };
    bool opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (opts_done || arg[0] != '-' || arg[1] == '\0') {
            if (a->file)
                return usage("more than one vector file ('%s')", arg);
            a->file = arg;
            continue;
        }
        if (!strcmp(arg, "--")) {
            opts_done = true;
            continue;
        }
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            fputs(WAVE_HELP, stdout);
            return 0;
        }
        static const char *const VALUED[] = { "--line", "--cycle", "--window", "--engine", "--stall-seed", "-o" };
        const char *val = NULL;
        size_t which = N(VALUED);
        for (size_t k = 0; k < N(VALUED); k++) {
            size_t n = strlen(VALUED[k]);
            if (!strncmp(arg, VALUED[k], n) && (arg[n] == '\0' || (arg[n] == '=' && VALUED[k][1] == '-'))) {
                which = k;
                val = arg[n] == '=' ? arg + n + 1 : NULL;
                break;
            }
        }
        if (which == N(VALUED))
            return usage("unknown option '%s'", arg);
        if (!val) {
            if (i + 1 >= argc)
                return usage("%s needs a value", VALUED[which]);
            val = argv[++i];
        }
        switch (which) {
        case 0:
            if (!cli_number(val, false, UINT32_MAX, &a->line) || a->line == 0)
                return usage("--line needs a line number (1, 2, ...), not '%s'", val);
            a->have_line = true;
            break;
        case 1:
            if (!cli_number(val, false, UINT64_MAX / (2 * WAVE_TIME_PER_CYCLE), &a->cycle))
                return usage("--cycle needs a cycle number, not '%s'", val);
            a->have_cycle = true;
            break;
        case 2:
            if (!cli_number(val, false, 1000000, &a->window))
                return usage("--window needs a number of cycles (0 to 1000000), not '%s'", val);
            break;
        case 3:
            if (!wave_engine(val))
                return usage("--engine must be rtl or cosim (the engines with a waveform), not '%s'", val);
            a->engine = val;
            break;
        case 4:
            if (!cli_number(val, true, UINT64_MAX, &a->seed))
                return usage("--stall-seed needs a number, not '%s'", val);
            a->have_seed = true;
            break;
        default:
            if (!val[0])
                return usage("%s", "-o needs a file name");
            a->out = val;
            break;
        }
    }
    if (!a->file)
        return usage("%s", "no vector file given");
    if (a->have_line && a->have_cycle)
        return usage("%s", "give --line or --cycle, not both");
    return -1;
}

/* s as one shell word: as is if it needs no quoting, else in single quotes. */
static void put_shell_word(FILE *out, const char *s)
{
    bool plain = s[0] != '\0';
    for (const char *c = s; *c && plain; c++)
        plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                strchr("/._-+,:@%=", *c) != NULL;
    if (plain) {
        fputs(s, out);
        return;
    }
    fputc('\'', out);
    for (const char *c = s; *c; c++)
        if (*c == '\'')
            fputs("'\\''", out);
        else
            fputc(*c, out);
    fputc('\'', out);
}

/* "build/waves/<stem>-<tag>.fst" */
static bool default_out(char *buf, size_t n, const char *file, char tag, uint64_t num)
{
    const char *b = base_of(file);
    size_t len = strlen(b);
    const char *dot = strrchr(b, '.');
    if (dot && dot != b)
        len = (size_t)(dot - b);
    int w = snprintf(buf, n, "build/waves/%.*s-%c%llu.fst", (int)len, b, tag, (unsigned long long)num);
    return w > 0 && (size_t)w < n;
}

int cmd_wave(int argc, char **argv)
{
    struct wave_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;

    struct vec_file f;
    char err[4096];
    if (!vec_load(a.file, &f, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        vec_free(&f);
        return EXIT_USAGE;
    }
    int item = -1;
    if (a.have_line) {
        if (a.line <= f.nlines)
            item = f.item_of_line[a.line - 1];
        if (item < 0 || !vec_is_command(f.items[item].kind)) {
            fprintf(stderr, "%s:%llu: not a command (ev, launch or resume)\n", a.file, (unsigned long long)a.line);
            vec_free(&f);
            return EXIT_USAGE;
        }
    }

    struct vec_result *res = calloc(f.nitems ? f.nitems : 1, sizeof *res);
    if (!res) {
        fprintf(stderr, "vmxr wave: out of memory\n");
        vec_free(&f);
        return EXIT_FAILED;
    }
    struct run_opts opts = { .stall = a.have_seed, .stall_seed = a.seed };
    struct run_stats st = { 0 };
    bool diverged = false;
    uint64_t div_cycle = 0;
    bool ok = run_file_opts(&f, a.engine, &opts, res, &st, err, sizeof err, &diverged, &div_cycle);
    rc = EXIT_FAILED;
    if (!ok)
        fprintf(stderr, "%s\n", err);
    if (!ok && !diverged && st.cycles == 0)
        goto out;
    uint64_t last = st.cycles ? st.cycles - 1 : 0; /* last cycle the run reached */
    const char *why = "";

    /* what to show */
    if (!a.have_line && !a.have_cycle) {
        if (diverged) {
            a.have_cycle = true;
            a.cycle = div_cycle;
            why = " (where model and RTL diverge)";
        } else {
            int first = -1, failed = -1;
            for (unsigned i = 0; i < f.nitems && failed < 0; i++) {
                if (!vec_is_command(f.items[i].kind))
                    continue;
                if (first < 0)
                    first = (int)i;
                if (!holds(&f.items[i], &res[i]))
                    failed = (int)i;
            }
            item = failed >= 0 ? failed : first;
            why = failed >= 0 ? " (first failed expectation)" : " (first command)";
            if (item < 0) {
                fprintf(stderr, "%s: no command (ev, launch or resume) to show; use --cycle\n", a.file);
                rc = EXIT_USAGE;
                goto out;
            }
        }
    }

    uint64_t from, to, marker;
    struct view v = { 0 };
    char title[512], out[4096], hs_label[64];
    if (a.have_cycle) {
        if (a.cycle > last) {
            fprintf(stderr, "%s: cycle %llu is past the end of the run (%llu cycles)\n", a.file,
                    (unsigned long long)a.cycle, (unsigned long long)st.cycles);
            rc = EXIT_USAGE;
            goto out;
        }
        marker = a.cycle;
        from = a.cycle > a.window ? a.cycle - a.window : 0;
        to = a.cycle + a.window;
        snprintf(title, sizeof title, "%s cycle %llu%s", base_of(a.file), (unsigned long long)a.cycle, why);
        if (!default_out(out, sizeof out, a.file, 'C', a.cycle)) {
            fprintf(stderr, "vmxr wave: output path too long\n");
            goto out;
        }
    } else {
        const struct vec_item *it = &f.items[item];
        const struct vec_result *r = &res[item];
        if (r->ndec == 0) {
            fprintf(stderr, "%s:%u: the run ended before this command's decision\n", a.file, it->line);
            goto out;
        }
        marker = r->dec_cycle[0];
        from = r->cycle > a.window ? r->cycle - a.window : 0;
        to = r->dec_cycle[r->ndec - 1] + a.window;
        v.named[v.nnamed] = r->cycle;
        snprintf(hs_label, sizeof hs_label, "handshake L%u", it->line);
        v.named_label[v.nnamed++] = hs_label;
        static const char *const MORE[] = { "decision 2", "decision 3" };
        for (unsigned k = 1; k < r->ndec && v.nnamed < WAVE_MAX_NAMED && k - 1 < N(MORE); k++) {
            v.named[v.nnamed] = r->dec_cycle[k];
            v.named_label[v.nnamed++] = MORE[k - 1];
        }
        snprintf(title, sizeof title, "%s:%u: %.*s", base_of(a.file), it->line, (int)it->text_len,
                 f.lines[it->lineno_index]);
        if (!default_out(out, sizeof out, a.file, 'L', it->line)) {
            fprintf(stderr, "vmxr wave: output path too long\n");
            goto out;
        }
    }
    if (st.cycles < WAVE_WHOLE_FILE) {
        from = 0;
        to = last;
    }
    if (to > last)
        to = last;
    v.title = title;

    const char *fst = a.out ? a.out : out;
    char gtkw[4096];
    if (write_view(&f, a.engine, &opts, from, to, marker, &v, fst, gtkw, sizeof gtkw, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    if (!a.have_cycle) {
        const struct vec_item *it = &f.items[item];
        const struct vec_result *r = &res[item];
        printf("%s:%u%s: %.*s\n", a.file, it->line, why, (int)it->text_len, f.lines[it->lineno_index]);
        printf("  handshake cycle %llu, decision cycle", (unsigned long long)r->cycle);
        for (unsigned k = 0; k < r->ndec; k++)
            printf("%s %llu", k ? "," : "", (unsigned long long)r->dec_cycle[k]);
        printf("; marker at t=%llu\n", (unsigned long long)edge_time(marker));
    } else {
        printf("%s: cycle %llu%s; marker at t=%llu\n", a.file, (unsigned long long)a.cycle, why,
               (unsigned long long)edge_time(marker));
    }
    printf("  traced cycles %llu..%llu (engine %s%s)\n", (unsigned long long)from, (unsigned long long)to, a.engine,
           a.have_seed ? ", stalls" : "");
    printf("%s\n%s\n", fst, gtkw);
    printf("open with: gtkwave ");
    put_shell_word(stdout, gtkw);
    putchar('\n');
    rc = 0;
out:
    free(res);
    vec_free(&f);
    return rc;
}
