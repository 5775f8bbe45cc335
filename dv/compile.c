/* vmxr compile: turns a VEC1 file into a stimulus/expectation file for the
 * Icarus testbench (cosim/icarus/vmxr_tb.v), which replays every cycle on
 * the RTL and compares every output port with the C model's.
 *
 * The file is run through the bus driver (run.c) on the C model wrapped in
 * a recording engine, which keeps the full input and output structs of
 * every clock cycle. The vector's expectations are checked as `vmxr run`
 * does; a vector that does not pass on the model is not compiled.
 *
 * ---- .stim format, version 1 (read with $readmemh) --------------------------
 *
 * Text; `//` starts a comment (to the end of the line). Every other token is
 * one $readmemh word of 320 bits, written as fixed-width hex fields joined
 * by `_` (which $readmemh ignores), most significant field first.
 *
 * Word 0, the header (first line of the file, nothing before it):
 *
 *     MMMMMMMM_VV_CC_NN_II_DD_NNNNNNNN
 *     magic 564d5853 ("VMXS"), format version 01, the build parameters
 *     NCPU, NVM, NIOR, DEPTH (2 hex digits each), the cycle count (8 hex
 *     digits, so it is bits [31:0] of the word).
 *
 * Words 1..count, one line per clock cycle (word c+1 is cycle c; cycle 0 is
 * the first reset cycle, as in run.h): 36 fields, each ceil(bits/4) hex
 * digits, masked to the port width, in this order (the port order of
 * model/vmxr_ports.h; field:bits):
 *
 *   inputs  (20)  rst_n:1 strap_smi_en:1 strap_smi_vmm:3 strap_smi_lock:1
 *                 psel:1 penable:1 pwrite:1 paddr:12 pwdata:32 pauser:3
 *                 cmd_valid:1 cmd_cpu:3 cmd_op:2 cmd_reason:7 cmd_itype:3
 *                 cmd_vector:8 cmd_vm:5 cmd_qual:32 cmd_errcode:32
 *                 dec_ready:1
 *   outputs (16)  pready:1 pslverr:1 prdata:32 cmd_ready:1 dec_valid:1
 *                 dec_cpu:3 dec_op:2 dec_outcome:3 dec_err:4 dec_from:5
 *                 dec_to:5 dec_rule:3 dec_idx:7 dec_reason:7 dec_qual:32
 *                 idle:1
 *
 * That is 46 + 34 = 80 hex digits (320 bits); idle is the last digit (bit
 * 0). The outputs are those of the model in that cycle, seen before the
 * rising edge (they may depend combinationally on that cycle's inputs).
 * They are meaningful only while rst_n is high: the testbench, like the C
 * co-simulation, does not compare cycles with rst_n low. The file holds
 * exactly count + 1 words, so $readmemh(file, mem, 0, count) reads it with
 * no warning. Comment lines after the header name the source vector, the
 * stall seed and the field order.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cmds.h"
#include "dv.h"
#include "vmxr_engine.h"
#include "vmxr_registry.h"

#define EXIT_FAIL 1
#define EXIT_USAGE 2

#define STIM_MAGIC 0x564D5853u /* "VMXS" */
#define STIM_VERSION 1u

static const char COMPILE_USAGE[] = "usage: vmxr compile FILE [-o OUT] [--stall-seed S]\n";

static const char COMPILE_HELP[] =
    "usage: vmxr compile FILE [-o OUT] [--stall-seed S]\n"
    "\n"
    "Runs the VEC1 file FILE on the C model through the bus driver, checks its\n"
    "expectations as 'vmxr run' does, and writes every clock cycle's inputs and\n"
    "model outputs as a stimulus/expectation file for the Icarus testbench\n"
    "(cosim/icarus/vmxr_tb.v, $readmemh format; the layout is documented at the\n"
    "top of dv/compile.c and of the testbench). A vector that does not pass\n"
    "on the model is not compiled.\n"
    "\n"
    "options:\n"
    "  -o OUT           write OUT (default build/icarus/STEM.stim, STEM being\n"
    "                   FILE's name without directory and extension)\n"
    "  --stall-seed S   randomize dec_ready and idle gaps reproducibly from S\n"
    "                   (decimal or 0x hex), as 'vmxr run --stall-seed'\n"
    "  -h, --help       this text\n"
    "\n"
    "exit status: 0 written, 1 the vector does not pass on the model (or the\n"
    "model broke the decision protocol), 2 bad usage, a malformed file, or OUT\n"
    "cannot be written.\n";

/* The fields of one cycle line, in file order: name, width in bits. */
#define STIM_IN_FIELDS(X)                                                                                            \
    X(rst_n, 1) X(strap_smi_en, 1) X(strap_smi_vmm, 3) X(strap_smi_lock, 1) X(psel, 1) X(penable, 1) X(pwrite, 1)   \
    X(paddr, 12) X(pwdata, 32) X(pauser, 3) X(cmd_valid, 1) X(cmd_cpu, 3) X(cmd_op, 2) X(cmd_reason, 7)               \
    X(cmd_itype, 3) X(cmd_vector, 8) X(cmd_vm, 5) X(cmd_qual, 32) X(cmd_errcode, 32) X(dec_ready, 1)
#define STIM_OUT_FIELDS(X)                                                                                           \
    X(pready, 1) X(pslverr, 1) X(prdata, 32) X(cmd_ready, 1) X(dec_valid, 1) X(dec_cpu, 3) X(dec_op, 2)             \
    X(dec_outcome, 3) X(dec_err, 4) X(dec_from, 5) X(dec_to, 5) X(dec_rule, 3) X(dec_idx, 7) X(dec_reason, 7)      \
    X(dec_qual, 32) X(idle, 1)

/* ---- the recording engine ------------------------------------------------ */

struct rec_cycle {
    struct vmxr_unit_in in;
    struct vmxr_unit_out out;
};

struct rec_engine {
    struct vmxr_engine base;
    struct vmxr_engine *inner; /* the C model */
    struct rec_cycle *cyc;
    size_t n, cap;
    bool oom; /* a cycle could not be recorded: the recording is incomplete */
};

static void rec_step(struct vmxr_engine *e, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    struct rec_engine *r = (struct rec_engine *)e;
    vmxr_engine_step(r->inner, in, out);
    if (r->oom)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024;
        struct rec_cycle *c = cap > r->cap ? realloc(r->cyc, cap * sizeof *c) : NULL;
        if (!c) {
            r->oom = true;
            return;
        }
        r->cyc = c;
        r->cap = cap;
    }
    r->cyc[r->n].in = *in;
    r->cyc[r->n].out = *out;
    r->n++;
}

/* Stops the driver (as a failure) if the recording is incomplete. */
static const char *rec_failure(struct vmxr_engine *e)
{
    return ((struct rec_engine *)e)->oom ? "out of memory recording the cycles" : NULL;
}

static void rec_close(struct vmxr_engine *e)
{
    struct rec_engine *r = (struct rec_engine *)e;
    if (!r)
        return;
    vmxr_engine_close(r->inner);
    free(r->cyc);
    free(r);
}

static const struct vmxr_engine_ops REC_OPS = {
    .step = rec_step,
    .close = rec_close,
    .failure = rec_failure,
};

static struct rec_engine *rec_open(void)
{
    struct rec_engine *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->base.ops = &REC_OPS;
    char err[128];
    r->inner = vmxr_engine_open(vmxr_engine_with(VMXR_ENG_MODEL | VMXR_ENG_PORT)->name, err, sizeof err);
    if (!r->inner) {
        free(r);
        return NULL;
    }
    r->base.name = r->inner->name;
    return r;
}

/* ---- writing the .stim ------------------------------------------------------ */

static void put_field(FILE *o, bool first, uint32_t v, unsigned bits)
{
    uint32_t mask = bits >= 32 ? 0xFFFFFFFFu : (1u << bits) - 1u;
    fprintf(o, "%s%0*" PRIx32, first ? "" : "_", (int)((bits + 3) / 4), v & mask);
}

static void write_stim(FILE *o, const struct vec_file *f, const struct run_opts *ro, const struct rec_engine *r)
{
    fprintf(o, "%08x_%02x_%02x_%02x_%02x_%02x_%08" PRIx32
               " // vmxr stim %u: magic, version, NCPU, NVM, NIOR, DEPTH, cycles\n",
            STIM_MAGIC, STIM_VERSION, (unsigned)VMXR_NCPU, (unsigned)VMXR_NVM, (unsigned)VMXR_NIOR,
            (unsigned)VMXR_DEPTH, (uint32_t)r->n, STIM_VERSION);
    fprintf(o, "// source %s", f->path);
    if (ro->stall)
        fprintf(o, ", stall seed %" PRIu64, ro->stall_seed);
    else
        fprintf(o, ", no stalls");
    fprintf(o, "; %zu cycles (cycle 0 is the first reset cycle); format: dv/compile.c\n", r->n);
    fprintf(o, "// in: ");
#define NAME(name, bits) fprintf(o, " %s:%u", #name, (unsigned)(bits));
    STIM_IN_FIELDS(NAME)
    fprintf(o, "\n// out:");
    STIM_OUT_FIELDS(NAME)
#undef NAME
    fprintf(o, "\n");
    for (size_t c = 0; c < r->n; c++) {
        const struct vmxr_unit_in *in = &r->cyc[c].in;
        const struct vmxr_unit_out *out = &r->cyc[c].out;
        bool first = true;
#define PUT_IN(name, bits)                                                                                           \
    put_field(o, first, (uint32_t)in->name, bits);                                                                   \
    first = false;
#define PUT_OUT(name, bits) put_field(o, false, (uint32_t)out->name, bits);
        STIM_IN_FIELDS(PUT_IN)
        STIM_OUT_FIELDS(PUT_OUT)
#undef PUT_IN
#undef PUT_OUT
        fputc('\n', o);
    }
}

/* build/icarus/STEM.stim for FILE; false if it does not fit. */
static bool default_out(const char *file, char *buf, size_t n)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    int w = snprintf(buf, n, "build/icarus/%.*s.stim", (int)len, base);
    return w > 0 && (size_t)w < n;
}

static bool make_dir(const char *path)
{
    return mkdir(path, 0777) == 0 || errno == EEXIST;
}

/* Writes OUT through OUT.tmp and a rename, so a failure leaves no partial
 * file under the final name. */
static int write_out(const char *path, const struct vec_file *f, const struct run_opts *ro,
                     const struct rec_engine *r)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 5);
    if (!tmp) {
        fprintf(stderr, "vmxr compile: out of memory\n");
        return EXIT_USAGE;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    FILE *o = fopen(tmp, "w");
    if (!o) {
        fprintf(stderr, "vmxr compile: cannot write %s: %s\n", path, strerror(errno));
        free(tmp);
        return EXIT_USAGE;
    }
    write_stim(o, f, ro, r);
    int bad = ferror(o);
    bad |= fclose(o);
    if (bad || rename(tmp, path) != 0) {
        fprintf(stderr, "vmxr compile: cannot write %s: %s\n", path, strerror(errno ? errno : EIO));
        remove(tmp);
        free(tmp);
        return EXIT_USAGE;
    }
    free(tmp);
    return 0;
}

/* ---- the command ---------------------------------------------------------------- */

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr compile: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", COMPILE_USAGE);
    return EXIT_USAGE;
}

int cmd_compile(int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    struct run_opts ro = { 0 };
    bool opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!opts_done && a[0] == '-' && a[1] != '\0') {
            if (!strcmp(a, "--")) {
                opts_done = true;
            } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
                fputs(COMPILE_HELP, stdout);
                return 0;
            } else if (!strcmp(a, "-o")) {
                if (i + 1 >= argc || !argv[i + 1][0])
                    return usage("%s needs a file name", "-o");
                out = argv[++i];
            } else if (cli_option(argc, argv, &i, "--stall-seed", &v)) {
                if (!v || !*v)
                    return usage("%s needs a value", "--stall-seed");
                if (!cli_number(v, true, UINT64_MAX, &ro.stall_seed))
                    return usage("bad --stall-seed '%s' (a decimal or 0x number)", v);
                ro.stall = true;
            } else {
                return usage("unknown option '%s'", a);
            }
        } else if (file) {
            return usage("more than one vector file ('%s')", a);
        } else {
            file = a;
        }
    }
    if (!file)
        return usage("%s", "no vector file given");

    char defpath[4096];
    if (!out) {
        if (!default_out(file, defpath, sizeof defpath))
            return usage("file name too long: '%s'", file);
        out = defpath;
    }

    struct vec_file f;
    char err[8192];
    if (!vec_load(file, &f, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        vec_free(&f);
        return EXIT_USAGE;
    }
    struct vec_result *res = calloc(f.nitems ? f.nitems : 1, sizeof *res);
    struct rec_engine *rec = res ? rec_open() : NULL;
    if (!rec) {
        fprintf(stderr, "vmxr compile: out of memory\n");
        free(res);
        vec_free(&f);
        return EXIT_FAIL;
    }
    struct run_stats st = { 0 };
    int rc = 0;
    if (!run_file_engine(&f, &rec->base, &ro, res, &st, err, sizeof err, NULL, NULL)) {
        fprintf(stderr, "%s\nvmxr compile: %s not compiled\n", err, f.path);
        rc = EXIT_FAIL;
    } else {
        run_check(&f, res, &st, stderr);
        if (st.failed) {
            fprintf(stderr,
                    "vmxr compile: %s does not pass on the model (%u of %u expectations failed); not compiled\n",
                    f.path, st.failed, st.checks);
            rc = EXIT_FAIL;
        } else if (rec->n > 0xFFFFFFFFu) {
            fprintf(stderr, "vmxr compile: %s: too many cycles for the format\n", f.path);
            rc = EXIT_FAIL;
        }
    }
    if (rc == 0 && out == defpath && (!make_dir("build") || !make_dir("build/icarus"))) {
        fprintf(stderr, "vmxr compile: cannot create build/icarus: %s\n", strerror(errno));
        rc = EXIT_USAGE;
    }
    if (rc == 0)
        rc = write_out(out, &f, &ro, rec);
    if (rc == 0) {
        unsigned ndec = 0;
        for (unsigned i = 0; i < f.nitems; i++)
            ndec += res[i].ndec;
        printf("compiled %s: %zu cycles, %u commands, %u decisions, %u checks%s -> %s\n", f.path, rec->n,
               st.commands, ndec, st.checks, ro.stall ? " (stalls)" : "", out);
    }
    rec_close(&rec->base);
    free(res);
    vec_free(&f);
    return rc;
}
