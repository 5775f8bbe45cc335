// The SystemC virtual platform behind the C API of cosim/vmxr_sc.h.
//
// Thin on purpose: the bus-functional driver's rules, the comparator and the
// divergence report are C (sc_driver.c); this file elaborates modules,
// moves values between signals and structs, and runs the kernel.
//
// Multiple elaboration: every platform owns a fresh sc_simcontext and makes
// it current (sc_curr_simcontext, sc_default_global_context) on every call,
// so a process can create and destroy platforms any number of times and
// hold several at once; tests/test_sc_api.c checks 50 create/destroy
// cycles under valgrind (make sc-valgrind). docs/systemc.md has the rest.
extern "C" {
#include "sc_driver.h"
#include "vmxr_compare.h"
#include "vmxr_model.h"
#include "vmxr_registry.h"
#include "vmxr_unit.h"
}
#include "vmxr_sc.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <new>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "Vvmxr_top_sc.h"
#include "gtkwave/fstapi.h"
#include "verilated.h"
#include "verilated_fst_sc.h"
#include "vmxr_sc_model.h"
#include "vmxr_sc_tlm.h"

using namespace sc_core;

// libsystemc's own main() calls sc_main; vmxr and the tests have their own
// main() and never call it, but the shared library needs the symbol.
int sc_main(int, char **)
{
    std::fprintf(stderr, "vmxr: the SystemC platform has no sc_main of its own\n");
    return 1;
}

namespace {

// The clock period, in the current context's resolution (1 ns). Never a
// static sc_time: one built before a context exists would create SystemC's
// default context with its 1 ps resolution and carry that scale along.
sc_time period() { return sc_time(VMXR_SC_PERIOD_NS, SC_NS); }

// A port-level FST (sc-model: the C model has no Verilated signals to
// trace). Every port of the top, 1 ns resolution, values changing at the
// rising edge as in the VerilatedFstSc traces of sc-rtl and sc-cosim.
struct port_fst {
    void *w = nullptr;
    fstHandle clk = 0;
#define VMXR_SC_FH(T, n, W) fstHandle n = 0;
    VMXR_SC_INPUTS(VMXR_SC_FH) VMXR_SC_OUTPUTS(VMXR_SC_FH)
#undef VMXR_SC_FH

    bool open(const char *path)
    {
        w = fstWriterCreate(path, 1);
        if (!w)
            return false;
        fstWriterSetTimescale(w, -9);
        fstWriterSetScope(w, FST_ST_VCD_MODULE, "vmxr_top", nullptr);
        clk = fstWriterCreateVar(w, FST_VT_VCD_WIRE, FST_VD_INPUT, 1, "clk", 0);
#define VMXR_SC_V(T, n, W) n = var(FST_VD_INPUT, #n, W);
        VMXR_SC_INPUTS(VMXR_SC_V)
#undef VMXR_SC_V
#define VMXR_SC_V(T, n, W) n = var(FST_VD_OUTPUT, #n, W);
        VMXR_SC_OUTPUTS(VMXR_SC_V)
#undef VMXR_SC_V
        fstWriterSetUpscope(w);
        return true;
    }
    // name[W-1:0] as Verilator names vectors
    fstHandle var(fstVarDir dir, const char *name, unsigned width)
    {
        char s[64];
        if (width > 1)
            std::snprintf(s, sizeof s, "%s[%u:0]", name, width - 1);
        else
            std::snprintf(s, sizeof s, "%s", name);
        return fstWriterCreateVar(w, FST_VT_VCD_WIRE, dir, width, s, 0);
    }
    static void bits(char *s, uint64_t v, unsigned width)
    {
        for (unsigned i = 0; i < width; i++)
            s[i] = (v >> (width - 1 - i)) & 1u ? '1' : '0';
        s[width] = '\0';
    }
    void emit(fstHandle h, uint64_t v, unsigned width)
    {
        char s[72];
        bits(s, v, width);
        fstWriterEmitValueChange(w, h, s);
    }
    void close()
    {
        if (w)
            fstWriterClose(w);
        w = nullptr;
    }
};

// The pin-level top: clock, the input signals every DUT shares, one set of
// output signals per DUT, the driver process (with the comparator).
SC_MODULE(vmxr_pin_top)
{
    sc_clock clk;
    // written by the driver's edge and kick processes (never in one delta)
#define VMXR_SC_SIG(T, n, W) sc_signal<T, SC_MANY_WRITERS> n{ #n };
    VMXR_SC_INPUTS(VMXR_SC_SIG)
#undef VMXR_SC_SIG
    struct outs {
#define VMXR_SC_SIG(T, n, W) sc_signal<T> n;
        VMXR_SC_OUTPUTS(VMXR_SC_SIG)
#undef VMXR_SC_SIG
    };
    std::unique_ptr<outs> mo, ro;
    std::unique_ptr<VerilatedContext> vctx; // the SystemC RTL's own Verilator context
    std::unique_ptr<vmxr_model_sc> model;
    std::unique_ptr<Vvmxr_top_sc> rtl;
    struct scdrv drv;
    sc_event kick; // an item was queued: start it in the cycle in progress
    char *divergence = nullptr;
    port_fst pfst;

    vmxr_pin_top(sc_module_name n, bool with_model, bool with_rtl)
        : sc_module(n), clk("clk", period(), 0.5, period() / 2, true)
    {
        scdrv_init(&drv);
        if (with_model) {
            mo.reset(new outs);
            model.reset(new vmxr_model_sc("model"));
            bind(*model, *mo);
        }
        if (with_rtl) {
            // A Verilated SystemC model takes Verilated::threadContextp(),
            // which another engine may have left pointing at a context it
            // has since deleted: give it one of its own.
            vctx.reset(new VerilatedContext);
            vctx->traceEverOn(true);
            Verilated::threadContextp(vctx.get());
            ro.reset(new outs);
            rtl.reset(new Vvmxr_top_sc("rtl"));
            bind(*rtl, *ro);
        }
        SC_METHOD(edge);
        sensitive << clk.posedge_event();
        dont_initialize();
        SC_METHOD(kicked);
        sensitive << kick;
        dont_initialize();
    }
    SC_HAS_PROCESS(vmxr_pin_top);

    ~vmxr_pin_top() override
    {
        pfst.close();
        if (rtl) {
            rtl->final();
            rtl.reset();
            if (Verilated::threadContextp() == vctx.get())
                Verilated::threadContextp(Verilated::defaultContextp());
        }
        scdrv_free(&drv);
        free(divergence);
    }

private:
    template <class M> void bind(M & m, outs & o)
    {
        m.clk(clk);
#define VMXR_SC_B(T, n, W) m.n(n);
        VMXR_SC_INPUTS(VMXR_SC_B)
#undef VMXR_SC_B
#define VMXR_SC_B(T, n, W) m.n(o.n);
        VMXR_SC_OUTPUTS(VMXR_SC_B)
#undef VMXR_SC_B
    }

    static void sample(const outs &o, struct vmxr_unit_out &u)
    {
#define VMXR_SC_S(T, n, W) u.n = static_cast<decltype(u.n)>(o.n.read());
        VMXR_SC_OUTPUTS(VMXR_SC_S)
#undef VMXR_SC_S
    }

    // Rising edge: every signal still holds the cycle that ends.
    void edge()
    {
        struct vmxr_unit_out m, r;
        if (mo)
            sample(*mo, m);
        if (ro)
            sample(*ro, r);
        if (mo && ro && !divergence && rst_n.read() && !drv.reset_req && !vmxr_ports_same(&m, &r)) {
            divergence = vmxr_diverge_text(drv.cycle, &m, &r, VMXR_RULE_NONE); // the pin-level model's route is not sampled
            if (!divergence)
                divergence = strdup("model and RTL diverge");
        }
        if (pfst.w)
            trace_ports(mo ? m : r);
        scdrv_edge(&drv, mo ? &m : &r);
        drive();
        if (divergence || (drv.wait != SCDRV_WAIT_NONE && scdrv_wait_done(&drv)))
            sc_pause();
    }

    void kicked()
    {
        scdrv_kick(&drv);
        drive();
    }

  public:
    // The driver's inputs onto the signals (also at time 0, for the reset).
    void drive()
    {
        const struct vmxr_unit_in &in = drv.in;
#define VMXR_SC_D(T, n, W) n.write(static_cast<T>(in.n));
        VMXR_SC_INPUTS(VMXR_SC_D)
#undef VMXR_SC_D
    }

    // Port FST: the cycle that ends shows from its rising edge (now - 1 period).
    void trace_ports(const struct vmxr_unit_out &o)
    {
        uint64_t t = sc_time_stamp().value(); // ns
        fstWriterEmitTimeChange(pfst.w, t - period().value());
        pfst.emit(pfst.clk, 1, 1);
#define VMXR_SC_E(T, n, W) pfst.emit(pfst.n, static_cast<uint64_t>(n.read()), W);
        VMXR_SC_INPUTS(VMXR_SC_E)
#undef VMXR_SC_E
#define VMXR_SC_E(T, n, W) pfst.emit(pfst.n, static_cast<uint64_t>(o.n), W);
        VMXR_SC_OUTPUTS(VMXR_SC_E)
#undef VMXR_SC_E
        fstWriterEmitTimeChange(pfst.w, t - period().value() / 2);
        pfst.emit(pfst.clk, 0, 1);
    }
};

// The loosely-timed initiator: the C API calls its sockets directly
// (blocking transport from outside any process is legal: the target never
// waits). Local time runs ahead of sc_time_stamp() and is synchronized
// whenever it exceeds the global quantum.
SC_MODULE(vmxr_tlm_init)
{
    tlm_utils::simple_initiator_socket<vmxr_tlm_init> apb{ "apb" };
    tlm_utils::simple_initiator_socket<vmxr_tlm_init> cmd{ "cmd" };
    SC_CTOR(vmxr_tlm_init) {}
};

struct tlm_platform {
    vmxr_tlm_sc target{ "unit", period() };
    vmxr_tlm_init init{ "cpu" };
    sc_time local = SC_ZERO_TIME; // ahead of sc_time_stamp()
    sc_time reset_at = SC_ZERO_TIME;
    struct pending {
        sc_time at;
        struct vmxr_decision d;
    };
    std::deque<pending> decisions;
    std::string error; // a SystemC error while synchronizing

    tlm_platform()
    {
        init.apb.bind(target.apb);
        init.cmd.bind(target.cmd);
    }
    sc_time now() const { return sc_time_stamp() + local; }
    // false when the kernel threw (a SystemC error)
    bool advance(const sc_time &t)
    {
        local += t;
        if (local < tlm::tlm_global_quantum::instance().get())
            return true;
        sc_time l = local;
        local = SC_ZERO_TIME;
        try {
            sc_start(l);
        } catch (const std::exception &e) {
            error = e.what();
            return false;
        }
        return true;
    }
};

enum kind { K_TLM, K_MODEL, K_RTL, K_COSIM };

} // namespace

struct vmxr_sc {
    kind k;
    const char *name;
    sc_simcontext *ctx = nullptr;
    std::unique_ptr<vmxr_pin_top> pin;
    std::unique_ptr<tlm_platform> tlm;
    VerilatedFstSc *fst = nullptr;
    std::string failure; // hang or protocol (divergences live in the top)
};

extern "C" const char *vmxr_sc_engine_name(unsigned i)
{
    const vmxr_engine_info *e = vmxr_engine_sc_at(i);
    return e ? e->name : nullptr;
}

// The platform's kind, from what the registry says the engine is made of.
static kind kind_of(const vmxr_engine_info *e)
{
    bool m = e->caps & VMXR_ENG_MODEL, r = e->caps & VMXR_ENG_RTL;
    return m && r ? K_COSIM : r ? K_RTL : m ? K_MODEL : K_TLM;
}

// The context libsystemc creates when it is loaded: made current again when
// a platform is destroyed, so nothing of it is lost.
static sc_simcontext *load_time_curr, *load_time_default;
static bool load_time_saved;

static void activate(const vmxr_sc *p)
{
    sc_curr_simcontext = p->ctx;
    sc_default_global_context = p->ctx;
}

// sc_start, with a SystemC error (an exception) turned into the
// platform's failure instead of leaving through the C API.
static bool kernel(vmxr_sc *p, const sc_time &t)
{
    try {
        sc_start(t);
        return true;
    } catch (const std::exception &e) {
        if (p->failure.empty())
            p->failure = std::string(p->name) + ": SystemC: " + e.what();
        return false;
    }
}

// Runs the pin-level platform until the driver reports w done. A hang is
// max_cycles without progress (no handshake, decision or APB completion),
// so a long queue may take as long as it needs; WAIT_CYCLE runs exactly.
static bool run_until(vmxr_sc *p, scdrv_wait w, uint64_t arg, uint64_t max_cycles, const char *what)
{
    scdrv &d = p->pin->drv;
    p->pin->kick.notify(SC_ZERO_TIME);
    d.wait = w;
    d.wait_arg = arg;
    for (;;) {
        if (scdrv_wait_done(&d) || p->pin->divergence)
            break;
        if (!kernel(p, static_cast<double>(max_cycles) * period()))
            break;
        if (w == SCDRV_WAIT_CYCLE || d.cycle - d.progress >= max_cycles)
            break;
    }
    bool ok = scdrv_wait_done(&d) && !d.failure && !p->pin->divergence && p->failure.empty();
    d.wait = SCDRV_WAIT_NONE;
    if (!ok && !d.failure && !p->pin->divergence && p->failure.empty())
        p->failure = "no progress in " + std::to_string(max_cycles) + " cycles waiting for " + what + " (cycle " +
                     std::to_string(d.cycle) + ")";
    return ok;
}

extern "C" const char *vmxr_sc_failure(const struct vmxr_sc *p)
{
    if (p->pin && p->pin->divergence)
        return p->pin->divergence;
    if (p->pin && p->pin->drv.failure)
        return p->pin->drv.failure;
    if (p->tlm && !p->tlm->error.empty())
        return p->tlm->error.c_str();
    return p->failure.empty() ? nullptr : p->failure.c_str();
}

extern "C" struct vmxr_sc *vmxr_sc_create(const char *name, char *err, size_t errlen)
{
    return vmxr_sc_create_strapped(name, nullptr, err, errlen);
}

extern "C" struct vmxr_sc *vmxr_sc_create_strapped(const char *name, const struct vmxr_straps *straps, char *err,
                                                   size_t errlen)
{
    const vmxr_engine_info *info = vmxr_engine_sc(name);
    if (!info) {
        std::string all;
        for (unsigned i = 0; vmxr_engine_sc_at(i); i++)
            all += std::string(i ? ", " : "") + vmxr_engine_sc_at(i)->name;
        std::snprintf(err, errlen, "unknown SystemC engine '%s' (%s)", name ? name : "", all.c_str());
        return nullptr;
    }
    const char *canon = info->name;
    kind k = kind_of(info);
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    // sc-tlm has no process: its elaboration run moves no clock, as intended
    sc_report_handler::set_actions(SC_ID_NO_SC_START_ACTIVITY_, SC_DO_NOTHING);
    if (!load_time_saved) {
        load_time_curr = sc_curr_simcontext;
        load_time_default = sc_default_global_context;
        load_time_saved = true;
    }
    vmxr_sc *p = new (std::nothrow) vmxr_sc;
    if (!p) {
        std::snprintf(err, errlen, "out of memory");
        return nullptr;
    }
    p->k = k;
    p->name = canon;
    try {
        p->ctx = new sc_simcontext;
        activate(p);
        sc_set_time_resolution(1, SC_NS);
        if (k == K_TLM) {
            tlm::tlm_global_quantum::instance().set(100 * period());
            p->tlm.reset(new tlm_platform);
        } else {
            p->pin.reset(new vmxr_pin_top("top", k != K_RTL, k != K_MODEL));
        }
        sc_start(SC_ZERO_TIME);
    } catch (const std::exception &e) {
        std::snprintf(err, errlen, "%s: elaboration failed: %s", canon, e.what());
        vmxr_sc_destroy(p);
        return nullptr;
    }
    if (p->tlm) {
        vmxr_sc_reset(p, straps);
        return p;
    }
    activate(p);
    scdrv_reset_now(&p->pin->drv, straps); /* in reset from time 0 */
    p->pin->drive();
    run_until(p, SCDRV_WAIT_RESET, 0, 16, "the reset");
    return p;
}

extern "C" const char *vmxr_sc_name(const struct vmxr_sc *p) { return p->name; }

extern "C" void vmxr_sc_reset(struct vmxr_sc *p, const struct vmxr_straps *straps)
{
    activate(p);
    if (p->tlm) {
        tlm_platform &t = *p->tlm;
        struct vmxr_straps s = {};
        t.target.reset(straps ? straps : &s);
        t.decisions.clear();
        t.reset_at = t.now();
        t.advance(2 * period());
        return;
    }
    scdrv_reset(&p->pin->drv, straps);
    run_until(p, SCDRV_WAIT_RESET, 0, 16, "the reset");
}

/* One APB transfer on the TLM model's register socket; true for PSLVERR. */
static bool tlm_apb(struct vmxr_sc *p, tlm::tlm_command cmd, unsigned vmm, unsigned addr, uint32_t *data)
{
    tlm::tlm_generic_payload t;
    vmxr_apb_ext x;
    x.pauser = vmm;
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(reinterpret_cast<unsigned char *>(data));
    t.set_data_length(4);
    t.set_streaming_width(4);
    t.set_extension(&x);
    sc_time delay = SC_ZERO_TIME;
    p->tlm->init.apb->b_transport(t, delay);
    t.clear_extension(&x);
    p->tlm->advance(delay);
    return t.get_response_status() != tlm::TLM_OK_RESPONSE;
}

extern "C" bool vmxr_sc_apb_write(struct vmxr_sc *p, unsigned vmm, unsigned addr, uint32_t data)
{
    if (vmxr_sc_failure(p))
        return true;
    activate(p);
    if (p->tlm)
        return tlm_apb(p, tlm::TLM_WRITE_COMMAND, vmm, addr, &data);
    scdrv_item it = {};
    it.kind = SCDRV_WR;
    it.vmm = vmm;
    it.addr = addr;
    it.data = data;
    if (!scdrv_push(&p->pin->drv, &it))
        return true;
    if (!run_until(p, SCDRV_WAIT_ITEM, p->pin->drv.next_id, VMXR_SC_HANG_CYCLES, "PREADY"))
        return true;
    return p->pin->drv.done_slverr;
}

extern "C" uint32_t vmxr_sc_apb_read(struct vmxr_sc *p, unsigned vmm, unsigned addr, bool *slverr)
{
    bool dummy;
    if (!slverr)
        slverr = &dummy;
    *slverr = true;
    if (vmxr_sc_failure(p))
        return 0;
    activate(p);
    if (p->tlm) {
        uint32_t v = 0;
        *slverr = tlm_apb(p, tlm::TLM_READ_COMMAND, vmm, addr, &v);
        return v;
    }
    scdrv_item it = {};
    it.kind = SCDRV_RD;
    it.vmm = vmm;
    it.addr = addr;
    if (!scdrv_push(&p->pin->drv, &it))
        return 0;
    if (!run_until(p, SCDRV_WAIT_ITEM, p->pin->drv.next_id, VMXR_SC_HANG_CYCLES, "PREADY"))
        return 0;
    *slverr = p->pin->drv.done_slverr;
    return p->pin->drv.done_rdata;
}

extern "C" bool vmxr_sc_submit(struct vmxr_sc *p, const struct vmxr_cmd *c)
{
    if (vmxr_sc_failure(p))
        return false;
    activate(p);
    if (p->tlm) {
        tlm_platform &tp = *p->tlm;
        struct vmxr_cmd cmd = *c;
        tlm::tlm_generic_payload t;
        vmxr_cmd_ext x;
        t.set_command(tlm::TLM_WRITE_COMMAND);
        t.set_address(0);
        t.set_data_ptr(reinterpret_cast<unsigned char *>(&cmd));
        t.set_data_length(sizeof cmd);
        t.set_streaming_width(sizeof cmd);
        t.set_extension(&x);
        sc_time delay = SC_ZERO_TIME;
        sc_time start = tp.now();
        tp.init.cmd->b_transport(t, delay);
        t.clear_extension(&x);
        if (t.get_response_status() != tlm::TLM_OK_RESPONSE) {
            p->failure = "sc-tlm: the command socket refused a command";
            return false;
        }
        // decision i is taken at the end of its valid cycle
        for (unsigned i = 0; i < x.ndec; i++)
            tp.decisions.push_back({ start + x.valid_after[i] + period(), x.dec[i] });
        tp.advance(delay);
        return true;
    }
    scdrv_item it = {};
    it.kind = SCDRV_CMD;
    it.cmd = *c;
    if (!scdrv_push(&p->pin->drv, &it))
        return false;
    p->pin->kick.notify(SC_ZERO_TIME);
    return true;
}

extern "C" bool vmxr_sc_take(struct vmxr_sc *p, struct vmxr_decision *d)
{
    if (vmxr_sc_failure(p))
        return false;
    activate(p); /* sc-tlm compares with its own context's time */
    if (p->tlm) {
        auto &q = p->tlm->decisions;
        if (q.empty() || q.front().at > p->tlm->now())
            return false;
        *d = q.front().d;
        q.pop_front();
        return true;
    }
    return scdrv_take(&p->pin->drv, d);
}

extern "C" void vmxr_sc_run(struct vmxr_sc *p, uint64_t cycles)
{
    if (vmxr_sc_failure(p) || !cycles)
        return;
    activate(p);
    if (p->tlm) {
        p->tlm->advance(static_cast<double>(cycles) * period());
        return;
    }
    run_until(p, SCDRV_WAIT_CYCLE, p->pin->drv.cycle + cycles, cycles + 1, "the clock");
}

extern "C" bool vmxr_sc_drain(struct vmxr_sc *p)
{
    if (vmxr_sc_failure(p))
        return false;
    activate(p);
    if (p->tlm) {
        tlm_platform &t = *p->tlm;
        if (!t.decisions.empty() && t.decisions.back().at > t.now())
            t.advance(t.decisions.back().at - t.now());
        return true;
    }
    return run_until(p, SCDRV_WAIT_QUIET, 0, VMXR_SC_HANG_CYCLES, "the unit to drain");
}

extern "C" uint64_t vmxr_sc_cycles(const struct vmxr_sc *p)
{
    if (p->tlm) {
        activate(p);
        return static_cast<uint64_t>((p->tlm->now() - p->tlm->reset_at) / period());
    }
    return p->pin->drv.cycle;
}

extern "C" void vmxr_sc_stall(struct vmxr_sc *p, bool on, uint64_t seed)
{
    if (p->pin)
        scdrv_stall(&p->pin->drv, on, seed);
}

extern "C" int vmxr_sc_trace_open(struct vmxr_sc *p, const char *path)
{
    if (!p->pin || p->fst || p->pin->pfst.w)
        return -1;
    activate(p);
    if (!p->pin->rtl)
        return p->pin->pfst.open(path) ? 0 : -1;
    p->fst = new VerilatedFstSc;
    p->pin->rtl->trace(p->fst, 99);
    p->fst->open(path);
    if (!p->fst->isOpen()) {
        vmxr_sc_trace_close(p);
        return -1;
    }
    return 0;
}

extern "C" void vmxr_sc_trace_close(struct vmxr_sc *p)
{
    if (!p->pin)
        return;
    activate(p);
    p->pin->pfst.close();
    if (p->fst) {
        p->fst->close();
        // VerilatedFstSc registers itself with the kernel and does not
        // unregister: do it (C-style cast: sc_trace_file is a private base).
        sc_get_curr_simcontext()->remove_trace_file((sc_trace_file *)p->fst);
        delete p->fst;
        p->fst = nullptr;
    }
}

extern "C" void vmxr_sc_destroy(struct vmxr_sc *p)
{
    if (!p)
        return;
    if (p->ctx) {
        activate(p);
        vmxr_sc_trace_close(p);
        p->pin.reset();
        p->tlm.reset();
        delete p->ctx;
    }
    sc_curr_simcontext = load_time_curr;
    sc_default_global_context = load_time_default;
    delete p;
}
