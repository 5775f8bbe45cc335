// P1, routing part (docs/formal.md): while PLAT[k] is enabled and locked
// and its VMM is online, an event of class k is never routed elsewhere:
// when its decision is DELIVER or LOCAL, it names rule PLAT, index k and
// the context vmm PLAT[k].VMM. This holds for the tagged command (its class
// from its fields) and for the SMI and NMI injections that follow it. A
// write to a locked PLAT answers PSLVERR. Checker of fv_unit, on ports
// only: PLAT, VMM_EN and IPI_RANGE are followed from the straps and the
// accepted APB writes, and the route is judged with the configuration of
// the tagged command's handshake, which is what the unit routes it (and
// its injections) with (docs/pipeline.md: writes wait while EX is busy).
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module fv_p1_route #(
    parameter int NCPU = 4
) (
    input wire        clk,
    input wire        rst_n,
    input wire        f_run,
    input wire        strap_smi_en,
    input wire [2:0]  strap_smi_vmm,
    input wire        strap_smi_lock,
    input wire        psel,
    input wire        penable,
    input wire        pwrite,
    input wire [11:0] paddr,
    input wire [31:0] pwdata,
    input wire        pready,
    input wire        pslverr,
    input wire        tag_now,      // the command handshaken now is the tagged one
    input wire [2:0]  cmd_cpu,
    input wire [1:0]  cmd_op,
    input wire [6:0]  cmd_reason,
    input wire [2:0]  cmd_itype,
    input wire [7:0]  cmd_vector,
    input wire        t_dec,        // the tagged command's decision is shown
    input wire        f_injph,      // an INJECT decision now is one of its injections
    input wire        dec_valid,
    input wire [1:0]  dec_op,
    input wire [2:0]  dec_outcome,
    input wire [4:0]  dec_to,
    input wire [3:0]  dec_rule,
    input wire [6:0]  dec_idx,
    input wire [6:0]  dec_reason
);
`ifdef FORMAL
    // ---- PLAT, VMM_EN and IPI_RANGE as the ports set them -------------------------
    reg [3:0]  s_en, s_lock;
    reg [11:0] s_vmm;
    reg [7:1]  s_vmm_en;
    reg [15:0] s_ipi;
    wire       wr_done = psel && penable && pready && pwrite;   // a write completes
    wire       wr_plat = paddr[11:4] == 8'h02 && paddr[1:0] == 2'b00;
    wire [1:0] wk      = paddr[3:2];
    always @(posedge clk) begin
        if (!rst_n) begin
            s_en <= {3'd0, strap_smi_en}; s_lock <= {3'd0, strap_smi_lock}; s_vmm <= {9'd0, strap_smi_vmm};
            s_vmm_en <= 7'h7F; s_ipi <= 16'h00FF;
        end else if (wr_done && !pslverr) begin
            if (wr_plat && !s_lock[wk]) begin
                s_en[wk] <= pwdata[`VMXR_PLAT_EN_LSB];
                s_vmm[wk*3 +: 3] <= pwdata[`VMXR_PLAT_VMM_LSB +: 3];
                s_lock[wk] <= pwdata[`VMXR_PLAT_LOCK_LSB];
            end
            if (paddr == `VMXR_VMM_EN_ADDR) s_vmm_en <= pwdata[7:1];
            if (paddr == `VMXR_IPI_RANGE_ADDR) s_ipi <= pwdata[15:0];
        end
    end

    // ---- the tagged command's class and the routes then in force ----------------------------
    reg  [2:0]  t_k = `VMXR_PCLASS_NONE;   // its platform class (NONE: not an EVENT, or no class)
    reg  [3:0]  sn_pinned = 4'd0;          // class k: PLAT[k] enabled, locked, its VMM online
    reg  [11:0] sn_vmm = 12'd0;
    localparam logic [2:0] NCPU3 = NCPU[2:0];
    wire        unused_pwdata = &{1'b0, pwdata[30:16]};   // no field of the registers followed
    wire        is_event = cmd_op == `VMXR_OP_EVENT || cmd_op == `VMXR_OP_INJECT;
    reg  [2:0]  cls;
    integer k;
    always @* begin
        if (!is_event || cmd_cpu >= NCPU3) cls = `VMXR_PCLASS_NONE;
        else if (cmd_reason == 7'd5 || cmd_reason == 7'd6) cls = `VMXR_PCLASS_SMI;
        else if (cmd_reason == 7'd0 && cmd_itype == 3'd2) cls = `VMXR_PCLASS_NMI;
        else if (cmd_reason == 7'd3 || cmd_reason == 7'd4) cls = `VMXR_PCLASS_INIT_SIPI;
        else if (cmd_reason == 7'd1 && cmd_vector >= s_ipi[7:0] && cmd_vector <= s_ipi[15:8]) cls = `VMXR_PCLASS_IPI;
        else cls = `VMXR_PCLASS_NONE;
    end
    always @(posedge clk) begin
        if (tag_now) begin
            t_k    <= cls;
            sn_vmm <= s_vmm;
            for (k = 0; k < 4; k = k + 1)
                sn_pinned[k] <= s_en[k] && s_lock[k] && (s_vmm[k*3 +: 3] == 3'd0 || s_vmm_en[s_vmm[k*3 +: 3]]);
        end
    end

    // the decision shown belongs to class k of a pinned route: it is PENDED, an
    // error, or routed by that route
    function automatic routed_ok(input [1:0] kk);
        routed_ok = !(dec_outcome == `VMXR_OUTCOME_DELIVER || dec_outcome == `VMXR_OUTCOME_LOCAL) ||
                    (dec_rule == `VMXR_RULE_PLAT && dec_idx == {5'd0, kk} && dec_to == {2'b10, sn_vmm[kk*3 +: 3]});
    endfunction
    wire [1:0] inj_k = dec_reason == 7'd6 ? 2'd0 : 2'd1;   // an injection: SMI (reason 6) or NMI
    always @* begin
        if (f_run && wr_done && wr_plat && s_lock[wk])
            p1_locked_write_refused: assert (pslverr);
        if (t_dec && !t_k[2] && sn_pinned[t_k[1:0]])
            p1_event_routed_by_plat: assert (routed_ok(t_k[1:0]));
        if (f_injph && dec_valid && dec_op == `VMXR_OP_INJECT && sn_pinned[inj_k])
            p1_injection_routed_by_plat: assert (routed_ok(inj_k));
    end
`endif
endmodule

`default_nettype wire
