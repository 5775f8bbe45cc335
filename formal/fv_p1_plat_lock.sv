// P1, register part (docs/formal.md): PLAT[0] takes the straps at reset,
// and once PLAT[k].LOCK is 1 (by strap or by write) PLAT[k] never changes.
// Checker of fv_regs: the watched configuration bit (kept: unchanged since
// the previous cycle) when it is a bit of a PLAT entry.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module fv_p1_plat_lock (
    input wire         f_first,    // the first cycle after the reset: p_strap_* were sampled by it
    input wire         f_pv,       // out of reset in this cycle and the previous one
    input wire         p_strap_en,
    input wire [2:0]   p_strap_vmm,
    input wire         p_strap_lock,
    input wire [127:0] cfg_plat,   // PLAT[0..3]: EN, VMM, LOCK
    input wire         in_plat,    // the watched bit is a bit of some PLAT[k]
    input wire         p_locked,   // ... and PLAT[k].LOCK was set in the previous cycle
    input wire         kept        // the watched bit did not change
);
`ifdef FORMAL
    always @* begin
        if (f_first)
            p1_strap_reset: assert (cfg_plat == {96'd0, p_strap_lock, 24'd0, p_strap_vmm, 3'd0, p_strap_en});
        if (f_pv && in_plat && p_locked)
            p1_plat_locked_kept: assert (kept);
    end
`endif
endmodule

`default_nettype wire
