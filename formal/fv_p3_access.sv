// P3 (docs/formal.md): an APB write by a requester other than VMM 0
// (PAUSER = v != 0) changes no configuration bit but those of SW_USAGE[v],
// which take the written value, and every other such write answers PSLVERR.
// (The refused write's ERR bit, ACCESS or DECODE, is the trace the
// architecture says it leaves.) Checker of fv_regs: the answer in the
// write's access cycle, the watched configuration bit in the cycle after.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module fv_p3_access (
    input wire        f_run,
    input wire        f_pv,
    input wire        apb_access,
    input wire        pwrite,
    input wire [11:0] paddr,
    input wire [2:0]  pauser,
    input wire        pslverr,
    input wire        p_access,   // the previous cycle's access
    input wire        p_pwrite,
    input wire [11:0] p_paddr,
    input wire [2:0]  p_pauser,
    input wire        in_own,     // the watched bit is in SW_USAGE[p_pauser]
    input wire        written,    // ... and the previous cycle's PWDATA bit for it
    input wire        bit_now,    // the watched bit
    input wire        kept        // ... did not change
);
`ifdef FORMAL
    // SW_USAGE[v], the one register requester v may write
    function automatic own_entry(input [11:0] a, input [2:0] v);
        own_entry = a == `VMXR_SW_USAGE_BASE + {7'd0, v, 2'b00};
    endfunction
    wire p_par = p_access && p_pwrite && p_pauser != 3'd0;   // a parallel VMM wrote
    always @* begin
        if (f_run && apb_access && pwrite && pauser != 3'd0)
            p3_answer: assert (pslverr == !own_entry(paddr, pauser));
        if (f_pv && p_par)
            p3_only_own_usage: assert (in_own && own_entry(p_paddr, p_pauser) ? bit_now == written : kept);
    end
`endif
endmodule

`default_nettype wire
