// Thin shim: the Verilated vmxr_top behind the extern "C" API of vmxr_rtl.h.
#include "vmxr_rtl.h"

#include <cstring>
#include <memory>
#include <new>

#include "Vvmxr_top.h"
#include "Vvmxr_top___024root.h"
#include "verilated.h"
#if VM_TRACE_FST
#include "verilated_fst_c.h"
#endif

struct vmxr_rtl {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vvmxr_top> top;
#if VM_TRACE_FST
    std::unique_ptr<VerilatedFstC> fst;
#endif
    uint64_t cycles = 0;
    std::unique_ptr<unsigned char[]> snap; // vmxr_rtl_idle: the state a cycle began with
};

extern "C" struct vmxr_rtl *vmxr_rtl_create(void)
{
    vmxr_rtl *r = new (std::nothrow) vmxr_rtl;
    if (!r)
        return nullptr;
    r->ctx.reset(new VerilatedContext);
#if VM_TRACE_FST
    r->ctx->traceEverOn(true);
#endif
    r->top.reset(new Vvmxr_top{r->ctx.get(), "vmxr"});
    r->top->clk = 0;
    r->top->eval();
    return r;
}

static void drive(Vvmxr_top *t, const vmxr_unit_in *in)
{
    t->rst_n = in->rst_n;
    t->strap_smi_en = in->strap_smi_en;
    t->strap_smi_vmm = in->strap_smi_vmm & 7u;
    t->strap_smi_lock = in->strap_smi_lock;
    t->psel = in->psel;
    t->penable = in->penable;
    t->pwrite = in->pwrite;
    t->paddr = in->paddr & 0xFFFu;
    t->pwdata = in->pwdata;
    t->pauser = in->pauser & 7u;
    t->cmd_valid = in->cmd_valid;
    t->cmd_cpu = in->cmd_cpu & 7u;
    t->cmd_op = in->cmd_op & 3u;
    t->cmd_reason = in->cmd_reason & 0x7Fu;
    t->cmd_qual = in->cmd_qual;
    t->cmd_itype = in->cmd_itype & 7u;
    t->cmd_vector = in->cmd_vector;
    t->cmd_errcode = in->cmd_errcode;
    t->cmd_vm = in->cmd_vm & 0x1Fu;
    t->cmd_gpa = in->cmd_gpa;
    t->dec_ready = in->dec_ready;
}

static void sample(const Vvmxr_top *t, vmxr_unit_out *out)
{
#define SAMPLE(name, bits, type) out->name = t->name;
    VMXR_OUT_PORTS(SAMPLE)
#undef SAMPLE
}

extern "C" void vmxr_rtl_step(struct vmxr_rtl *r, const struct vmxr_unit_in *in, struct vmxr_unit_out *out)
{
    Vvmxr_top *t = r->top.get();
    drive(t, in);
    t->clk = 0;
    t->eval();
#if VM_TRACE_FST
    if (r->fst)
        r->fst->dump(r->cycles * 10);
#endif
    sample(t, out);
    t->clk = 1;
    t->eval();
#if VM_TRACE_FST
    if (r->fst)
        r->fst->dump(r->cycles * 10 + 5);
#endif
    r->cycles++;
    r->ctx->timeInc(10);
}

static bool same_out(const vmxr_unit_out *a, const vmxr_unit_out *b)
{
#define SAME(name, bits, type) \
    if (a->name != b->name)    \
        return false;
    VMXR_OUT_PORTS(SAME)
#undef SAME
    return true;
}

extern "C" uint64_t vmxr_rtl_idle(struct vmxr_rtl *r, const struct vmxr_unit_in *in, uint64_t n,
                                  const struct vmxr_unit_out *expect, struct vmxr_unit_out *out)
{
    // The next state is a function of the root's members and the inputs
    // only (the RTL reads no time and no plusargs), so a cycle that leaves
    // the root byte for byte as it was, inputs included, repeats forever.
    const void *root = r->top->rootp;
    const size_t size = sizeof *r->top->rootp;
    bool skip = !VM_COVERAGE;
#if VM_TRACE_FST
    if (r->fst)
        skip = false;
#endif
    if (skip && !r->snap)
        r->snap.reset(new (std::nothrow) unsigned char[size]);
    if (!r->snap)
        skip = false;
    uint64_t k = 0;
    while (k < n) {
        if (skip)
            std::memcpy(r->snap.get(), root, size);
        vmxr_rtl_step(r, in, out);
        k++;
        if (expect && !same_out(out, expect))
            break;
        if (skip && k < n && std::memcmp(r->snap.get(), root, size) == 0) {
            r->cycles += n - k;
            r->ctx->timeInc(10 * (n - k));
            k = n;
        }
    }
    return k;
}

extern "C" uint64_t vmxr_rtl_cycles(const struct vmxr_rtl *r) { return r->cycles; }

extern "C" int vmxr_rtl_trace_open(struct vmxr_rtl *r, const char *path)
{
#if VM_TRACE_FST
    if (r->fst)
        return -1;
    r->fst.reset(new VerilatedFstC);
    r->top->trace(r->fst.get(), 99);
    r->fst->open(path);
    return r->fst->isOpen() ? 0 : -1;
#else
    (void)r;
    (void)path;
    return -1;
#endif
}

extern "C" void vmxr_rtl_trace_close(struct vmxr_rtl *r)
{
#if VM_TRACE_FST
    if (r->fst) {
        r->fst->close();
        r->fst.reset();
    }
#else
    (void)r;
#endif
}

extern "C" int vmxr_rtl_coverage_write(struct vmxr_rtl *r, const char *path)
{
#if VM_COVERAGE
    r->ctx->coveragep()->write(path);
    return 0;
#else
    (void)r;
    (void)path;
    return -1;
#endif
}

extern "C" void vmxr_rtl_destroy(struct vmxr_rtl *r)
{
    if (!r)
        return;
    vmxr_rtl_trace_close(r);
    r->top->final();
    delete r;
}
