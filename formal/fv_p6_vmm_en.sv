// P6 (docs/formal.md): VMM_EN never clears the bit of a VMM that a locked,
// enabled PLAT entry targets (a bit already 0 may stay 0). Checker of
// fv_regs, on the PLAT and VMM_EN configuration buses of the previous cycle
// and VMM_EN now.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module fv_p6_vmm_en (
    input wire         f_pv,
    input wire [127:0] p_plat,
    input wire [7:0]   p_vmm_en,
    input wire [7:0]   cfg_vmm_en
);
`ifdef FORMAL
    // the VMM_EN bits that a locked, enabled route held in the previous cycle
    reg [7:0] guarded;
    integer k;
    always @* begin
        guarded = 8'd0;
        for (k = 0; k < 4; k = k + 1)
            if (p_plat[k*32 + `VMXR_PLAT_EN_LSB] && p_plat[k*32 + `VMXR_PLAT_LOCK_LSB])
                guarded[p_plat[k*32 + `VMXR_PLAT_VMM_LSB +: 3]] = 1'b1;
    end
    always @* begin
        if (f_pv)
            p6_guarded_vmm_kept: assert ((p_vmm_en & guarded & ~cfg_vmm_en) == 8'd0);
    end
`endif
endmodule

`default_nettype wire
