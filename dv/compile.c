/* The .stim writer behind vmxr compile (contracts in compile.h): a VEC1 file
 * as a stimulus/expectation file for the Icarus testbench
 * (cosim/icarus/vmxr_tb.v), which replays every cycle on the RTL and
 * compares every output port with the C model's.
 *
 * The file is run twice through the bus driver (run.c) on the C model: once
 * to check it and count its cycles (the header comes first and holds the
 * count), then wrapped in a recording engine that writes each clock
 * cycle's full input and output structs as it goes, so that nothing is held
 * whatever the file's length. The model is deterministic: both runs clock
 * the same cycles (checked).
 *
 * ---- .stim format, version 2 (read with $readmemh) --------------------------
 *
 * Version 2 (VMXR-2) added NMEM and NKEY to the header, the input cmd_gpa
 * (64 bits) and a 4-bit dec_rule; version 1 files are refused.
 *
 * Text; `//` starts a comment (to the end of the line). Every other token is
 * one $readmemh word of 384 bits, written as fixed-width hex fields joined
 * by `_` (which $readmemh ignores), most significant field first.
 *
 * Word 0, the header (first line of the file, nothing before it):
 *
 *     MMMMMMMM_VV_CC_NN_II_EE_KK_DD_NNNNNNNN
 *     magic 564d5853 ("VMXS"), format version 02, the build parameters
 *     NCPU, NVM, NIOR, NMEM, NKEY, DEPTH (2 hex digits each), the cycle
 *     count (8 hex digits, so it is bits [31:0] of the word).
 *
 * Words 1..count, one line per clock cycle (word c+1 is cycle c; cycle 0 is
 * the first reset cycle, as in run.h): 37 fields, each ceil(bits/4) hex
 * digits, masked to the port width, in this order (the port order of
 * model/vmxr_ports.h; field:bits):
 *
 *   inputs  (21)  rst_n:1 strap_smi_en:1 strap_smi_vmm:3 strap_smi_lock:1
 *                 psel:1 penable:1 pwrite:1 paddr:12 pwdata:32 pauser:3
 *                 cmd_valid:1 cmd_cpu:3 cmd_op:2 cmd_reason:7 cmd_itype:3
 *                 cmd_vector:8 cmd_vm:5 cmd_qual:32 cmd_errcode:32
 *                 cmd_gpa:64 dec_ready:1
 *   outputs (16)  pready:1 pslverr:1 prdata:32 cmd_ready:1 dec_valid:1
 *                 dec_cpu:3 dec_op:2 dec_outcome:3 dec_err:4 dec_from:5
 *                 dec_to:5 dec_rule:4 dec_idx:7 dec_reason:7 dec_qual:32
 *                 idle:1
 *
 * That is 62 + 34 = 96 hex digits (384 bits); idle is the last digit (bit
 * 0). The outputs are those of the model in that cycle, seen before the
 * rising edge (they may depend combinationally on that cycle's inputs).
 * They are meaningful only while rst_n is high: the testbench, like the C
 * co-simulation, does not compare cycles with rst_n low. The file holds
 * exactly count + 1 words, so $readmemh(file, mem, 0, count) reads it with
 * no warning. Comment lines after the header name the source vector, the
 * stall seed and the field order.
 */
#include "compile.h"
#include "out.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vmxr_engine.h"
#include "vmxr_registry.h"

#define STIM_MAGIC 0x564D5853u /* "VMXS" */
#define STIM_VERSION 2u

/* The fields of one cycle line, in file order: the inputs (name, width in
 * bits), then the outputs, VMXR_OUT_PORTS of vmxr_ports.h. */
#define STIM_IN_FIELDS(X)                                                                                            \
    X(rst_n, 1) X(strap_smi_en, 1) X(strap_smi_vmm, 3) X(strap_smi_lock, 1) X(psel, 1) X(penable, 1) X(pwrite, 1)   \
    X(paddr, 12) X(pwdata, 32) X(pauser, 3) X(cmd_valid, 1) X(cmd_cpu, 3) X(cmd_op, 2) X(cmd_reason, 7)               \
    X(cmd_itype, 3) X(cmd_vector, 8) X(cmd_vm, 5) X(cmd_qual, 32) X(cmd_errcode, 32) X(cmd_gpa, 64)                 \
    X(dec_ready, 1)

/* ---- the recording engine ------------------------------------------------ */

static void put_field(FILE *o, bool first, uint64_t v, unsigned bits)
{
    uint64_t mask = bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1u;
    fprintf(o, "%s%0*" PRIx64, first ? "" : "_", (int)((bits + 3) / 4), v & mask);
}

/* One cycle line. */
static void put_cycle(FILE *o, const struct vmxr_unit_in *in, const struct vmxr_unit_out *out)
{
    bool first = true;
#define PUT_IN(name, bits)                                                                                           \
    put_field(o, first, (uint64_t)in->name, bits);                                                                   \
    first = false;
#define PUT_OUT(name, bits, type) put_field(o, false, (uint64_t)out->name, bits);
    STIM_IN_FIELDS(PUT_IN)
    VMXR_OUT_PORTS(PUT_OUT)
#undef PUT_IN
#undef PUT_OUT
    fputc('\n', o);
}

struct stim_rec {
    struct vmxr_engine base;
    struct vmxr_engine *inner; /* the C model */
    FILE *o;                   /* where each cycle goes */
    uint64_t n;                /* cycles written */
};

static void rec_step(struct vmxr_engine *e, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    struct stim_rec *r = (struct stim_rec *)e;
    vmxr_engine_step(r->inner, in, out);
    put_cycle(r->o, in, out);
    r->n++;
}

static void rec_close(struct vmxr_engine *e)
{
    struct stim_rec *r = (struct stim_rec *)e;
    if (!r)
        return;
    vmxr_engine_close(r->inner);
    free(r);
}

static const struct vmxr_engine_ops REC_OPS = {
    .step = rec_step,
    .close = rec_close,
};

static struct stim_rec *rec_open(FILE *o)
{
    struct stim_rec *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->base.ops = &REC_OPS;
    r->o = o;
    char err[128];
    r->inner = vmxr_engine_open(vmxr_engine_with(VMXR_ENG_MODEL | VMXR_ENG_PORT)->name, err, sizeof err);
    if (!r->inner) {
        free(r);
        return NULL;
    }
    r->base.name = r->inner->name;
    return r;
}

const char *stim_engine(void) { return vmxr_engine_with(VMXR_ENG_MODEL | VMXR_ENG_PORT)->name; }

/* ---- writing the .stim ------------------------------------------------------ */

static void write_header(FILE *o, const char *path, const struct run_opts *ro, uint64_t cycles)
{
    fprintf(o, "%08x_%02x_%02x_%02x_%02x_%02x_%02x_%02x_%08" PRIx32
               " // vmxr stim %u: magic, version, NCPU, NVM, NIOR, NMEM, NKEY, DEPTH, cycles\n",
            STIM_MAGIC, STIM_VERSION, (unsigned)VMXR_NCPU, (unsigned)VMXR_NVM, (unsigned)VMXR_NIOR,
            (unsigned)VMXR_NMEM, (unsigned)VMXR_NKEY, (unsigned)VMXR_DEPTH, (uint32_t)cycles, STIM_VERSION);
    fprintf(o, "// source %s", path);
    if (ro->stall)
        fprintf(o, ", stall seed %" PRIu64, ro->stall_seed);
    else
        fprintf(o, ", no stalls");
    fprintf(o, "; %" PRIu64 " cycles (cycle 0 is the first reset cycle); format: dv/compile.c\n", cycles);
    fprintf(o, "// in: ");
#define NAME(name, bits) fprintf(o, " %s:%u", #name, (unsigned)(bits));
#define OUT_NAME(name, bits, type) NAME(name, bits)
    STIM_IN_FIELDS(NAME)
    fprintf(o, "\n// out:");
    VMXR_OUT_PORTS(OUT_NAME)
#undef OUT_NAME
#undef NAME
    fprintf(o, "\n");
}

int stim_write(const char *path, struct vec_reader *src, const struct run_opts *ro, uint64_t cycles, char *err,
               size_t errlen)
{
    struct out o;
    if (!vec_rewind(src, err, errlen))
        return -1;
    if (out_open(&o, path, err, errlen) != 0)
        return -1;
    struct stim_rec *r = rec_open(o.fp);
    if (!r) {
        out_abort(&o);
        return cli_fail(err, errlen, "out of memory");
    }
    write_header(o.fp, vec_path(src), ro, cycles);
    struct run_stats st = { 0 };
    char runerr[1024];
    bool ok = run_stream_engine(src, &r->base, ro, NULL, &st, runerr, sizeof runerr, NULL, NULL);
    uint64_t n = r->n;
    rec_close(&r->base);
    if (!ok || n != cycles) {
        out_abort(&o);
        if (ok)
            snprintf(runerr, sizeof runerr, "the model clocked %" PRIu64 " cycles, not %" PRIu64, n, cycles);
        return cli_fail(err, errlen, "%s: internal error: the second run differs: %s", vec_path(src), runerr);
    }
    return out_close(&o, err, errlen);
}
