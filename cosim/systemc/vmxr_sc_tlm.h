// vmxr_tlm_sc: a TLM-2.0 loosely-timed model of the unit over the
// transaction-level core (vmxr_state, vmxr_apb_read/vmxr_apb_write,
// vmxr_txn_command). Blocking transport only; the target never waits.
//
// apb socket: address = register byte address (0..0xFFF), 4 data bytes
//   (host order), TLM_READ_COMMAND or TLM_WRITE_COMMAND. The requesting VMM
//   (PAUSER) travels in a vmxr_apb_ext (absent: VMM 0). PSLVERR is answered
//   as TLM_GENERIC_ERROR_RESPONSE and in vmxr_apb_ext::slverr (a refused
//   read still returns its data, 0). An address above 0xFFF answers
//   TLM_ADDRESS_ERROR_RESPONSE, a length other than 4
//   TLM_BURST_ERROR_RESPONSE; neither touches the unit.
//   Delay: +2 clock periods (setup and access phase, zero wait states).
// cmd socket: TLM_WRITE_COMMAND whose data is one struct vmxr_cmd; the
//   decisions (1 to 3: the command's, then its injections) come back in a
//   vmxr_cmd_ext, which is required (without it: TLM_GENERIC_ERROR_RESPONSE,
//   nothing executed). Delay: +(1 + injections) clock periods, the
//   pipeline's occupancy (one command per cycle, one bubble per
//   injection); decision i is valid (VMXR_LATENCY + i) periods after the
//   start of the transaction (vmxr_cmd_ext::valid_after), docs/pipeline.md's
//   latency.
#ifndef VMXR_SC_TLM_H
#define VMXR_SC_TLM_H

#include <cstring>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

extern "C" {
#include "vmxr_model.h"
}

struct vmxr_apb_ext : tlm::tlm_extension<vmxr_apb_ext> {
    unsigned pauser = 0; // requesting VMM, 3 bits
    bool slverr = false; // answered PSLVERR
    tlm::tlm_extension_base *clone() const override { return new vmxr_apb_ext(*this); }
    void copy_from(const tlm::tlm_extension_base &e) override { *this = static_cast<const vmxr_apb_ext &>(e); }
};

struct vmxr_cmd_ext : tlm::tlm_extension<vmxr_cmd_ext> {
    unsigned ndec = 0;
    struct vmxr_decision dec[3] = {};
    sc_core::sc_time valid_after[3]; // from the transaction's start
    tlm::tlm_extension_base *clone() const override { return new vmxr_cmd_ext(*this); }
    void copy_from(const tlm::tlm_extension_base &e) override { *this = static_cast<const vmxr_cmd_ext &>(e); }
};

SC_MODULE(vmxr_tlm_sc)
{
    tlm_utils::simple_target_socket<vmxr_tlm_sc> apb{ "apb" };
    tlm_utils::simple_target_socket<vmxr_tlm_sc> cmd{ "cmd" };

    struct vmxr_state st;
    sc_core::sc_time period;

    vmxr_tlm_sc(sc_core::sc_module_name n, sc_core::sc_time clock_period)
        : sc_core::sc_module(n), period(clock_period)
    {
        struct vmxr_straps s = {};
        vmxr_state_reset(&st, &s);
        apb.register_b_transport(this, &vmxr_tlm_sc::apb_transport);
        cmd.register_b_transport(this, &vmxr_tlm_sc::cmd_transport);
    }

    void reset(const struct vmxr_straps *s) { vmxr_state_reset(&st, s); }

private:
    void apb_transport(tlm::tlm_generic_payload & t, sc_core::sc_time & delay)
    {
        if (t.get_address() > 0xFFFu) {
            t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (t.get_data_length() != 4 || !t.get_data_ptr()) {
            t.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
            return;
        }
        vmxr_apb_ext *x = nullptr;
        t.get_extension(x);
        unsigned addr = static_cast<unsigned>(t.get_address());
        bool err = false;
        if (t.is_write()) {
            uint32_t v;
            std::memcpy(&v, t.get_data_ptr(), 4);
            err = vmxr_apb_write(&st, x ? x->pauser & 7u : 0u, addr, v);
        } else if (t.is_read()) {
            uint32_t v = vmxr_apb_read(&st, addr, &err);
            std::memcpy(t.get_data_ptr(), &v, 4);
        } else {
            t.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
            return;
        }
        if (x)
            x->slverr = err;
        t.set_response_status(err ? tlm::TLM_GENERIC_ERROR_RESPONSE : tlm::TLM_OK_RESPONSE);
        delay += 2 * period;
    }

    void cmd_transport(tlm::tlm_generic_payload & t, sc_core::sc_time & delay)
    {
        vmxr_cmd_ext *x = nullptr;
        t.get_extension(x);
        if (!t.is_write() || t.get_data_length() != sizeof(struct vmxr_cmd) || !t.get_data_ptr()) {
            t.set_response_status(t.is_write() ? tlm::TLM_BURST_ERROR_RESPONSE : tlm::TLM_COMMAND_ERROR_RESPONSE);
            return;
        }
        if (!x) {
            t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
        }
        struct vmxr_cmd c;
        std::memcpy(&c, t.get_data_ptr(), sizeof c);
        x->ndec = vmxr_txn_command(&st, &c, x->dec);
        for (unsigned i = 0; i < x->ndec; i++)
            x->valid_after[i] = (VMXR_LATENCY + i) * period;
        t.set_response_status(tlm::TLM_OK_RESPONSE);
        delay += (1 + (x->ndec - 1)) * period;
    }
};

#endif // VMXR_SC_TLM_H
