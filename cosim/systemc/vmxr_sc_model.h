// vmxr_model_sc: the C cycle-accurate unit (model/vmxr_unit.h) as a
// pin-accurate SC_MODULE with the ports of the Verilated vmxr_top
// (same names, same types, same declaration order as Vvmxr_top_sc.h).
//
//   edge  at clk.pos(): vmxr_unit_step() on the inputs as they stood
//         before the edge (the state update);
//   comb  on any input change and after an edge: vmxr_unit_eval(), which
//         drives every output (cmd_ready and pready depend combinationally
//         on inputs, as in the RTL).
#ifndef VMXR_SC_MODEL_H
#define VMXR_SC_MODEL_H

#include <systemc>

#include "vmxr_sc_ports.h"

extern "C" {
#include "vmxr_unit.h"
}

SC_MODULE(vmxr_model_sc)
{
    sc_core::sc_in<bool> clk{ "clk" };
#define VMXR_SC_IN(T, n, W) sc_core::sc_in<T> n{ #n };
#define VMXR_SC_OUT(T, n, W) sc_core::sc_out<T> n{ #n };
    VMXR_SC_PORTS(VMXR_SC_IN, VMXR_SC_OUT)
#undef VMXR_SC_IN
#undef VMXR_SC_OUT

    struct vmxr_unit unit;

    SC_CTOR(vmxr_model_sc)
    {
        struct vmxr_straps s = {};
        vmxr_unit_reset(&unit, &s);
        SC_METHOD(edge);
        sensitive << clk.pos();
        dont_initialize();
        SC_METHOD(comb);
#define VMXR_SC_SENS(T, n, W) sensitive << n;
        VMXR_SC_INPUTS(VMXR_SC_SENS)
#undef VMXR_SC_SENS
        sensitive << stepped;
    }

private:
    sc_core::sc_event stepped;

    void inputs(struct vmxr_unit_in &in) const
    {
#define VMXR_SC_RD(T, n, W) in.n = static_cast<decltype(in.n)>(n.read());
        VMXR_SC_INPUTS(VMXR_SC_RD)
#undef VMXR_SC_RD
    }

    void edge()
    {
        struct vmxr_unit_in in;
        struct vmxr_unit_out out;
        inputs(in);
        vmxr_unit_step(&unit, &in, &out);
        stepped.notify(sc_core::SC_ZERO_TIME);
    }

    void comb()
    {
        struct vmxr_unit_in in;
        struct vmxr_unit_out out;
        inputs(in);
        vmxr_unit_eval(&unit, &in, &out);
#define VMXR_SC_WR(T, n, W) n.write(static_cast<T>(out.n));
        VMXR_SC_OUTPUTS(VMXR_SC_WR)
#undef VMXR_SC_WR
    }
};

#endif // VMXR_SC_MODEL_H
