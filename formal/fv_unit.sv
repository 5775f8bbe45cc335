// Formal harness of the whole unit (vmxr_top) for P1 (routing of a locked
// platform class), P4 (latency) and P5 (decision order); docs/formal.md.
//
// Every input port of the unit is a free input, any value in any cycle:
// straps, APB, commands (no hold rule assumed), dec_ready. The assumptions
// are a reset in the first cycle and, of the APB protocol, that an access
// phase follows a setup phase or a waiting access phase with the same
// address, out of reset (the register file decodes it in the setup phase). The checkers
// read only the ports.
//
// A tag follows one command, chosen by the solver (f_pick in the cycle of
// its handshake), to its decision: f_out counts the commands accepted whose
// decision has not left (INJECT decisions are not a command's), and at the
// tag f_ahead takes the number of them still ahead of it. The first
// non-INJECT decision shown once f_ahead has counted down to 0 is the tagged
// command's (t_dec); the INJECT decisions that follow it before the next
// command's decision are its injections (f_injph).
//
// RTL: vmxr.f
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module fv_unit #(
    parameter int NCPU  = `VMXR_DEFAULT_NCPU,
    parameter int NVM   = `VMXR_DEFAULT_NVM,
    parameter int NIOR  = `VMXR_DEFAULT_NIOR,
    parameter int NMEM  = `VMXR_DEFAULT_NMEM,
    parameter int NKEY  = `VMXR_DEFAULT_NKEY,
    parameter int DEPTH = `VMXR_DEFAULT_DEPTH,
    parameter int LAT    = 3,   // handshake to decision, cycles (docs/pipeline.md)
    parameter int MAXBUB = 4,   // bubbles (injections) a command may wait for: two per pop ahead
    parameter int MAXOUT = 3    // commands in flight at most: one in RT, one in EX, one decided in DQ
) (
    input  wire        clk,
    input  wire        rst_n,
    input  wire        strap_smi_en,
    input  wire [2:0]  strap_smi_vmm,
    input  wire        strap_smi_lock,
    input  wire        psel,
    input  wire        penable,
    input  wire        pwrite,
    input  wire [11:0] paddr,
    input  wire [31:0] pwdata,
    input  wire [2:0]  pauser,
    input  wire        cmd_valid,
    input  wire [2:0]  cmd_cpu,
    input  wire [1:0]  cmd_op,
    input  wire [6:0]  cmd_reason,
    input  wire [31:0] cmd_qual,
    input  wire [2:0]  cmd_itype,
    input  wire [7:0]  cmd_vector,
    input  wire [31:0] cmd_errcode,
    input  wire [4:0]  cmd_vm,
    input  wire [63:0] cmd_gpa,
    input  wire        dec_ready,
    input  wire        f_pick      // tag the command handshaken in this cycle
);
    wire        pready, pslverr, cmd_ready, dec_valid, idle;
    wire [31:0] prdata, dec_qual;
    wire [2:0]  dec_cpu, dec_outcome;
    wire [3:0]  dec_rule;
    wire [1:0]  dec_op;
    wire [3:0]  dec_err;
    wire [4:0]  dec_from, dec_to;
    wire [6:0]  dec_idx, dec_reason;

    // every port by name: the harness's inputs and the wires above
    vmxr_top #(.NCPU(NCPU), .NVM(NVM), .NIOR(NIOR), .NMEM(NMEM), .NKEY(NKEY), .DEPTH(DEPTH)) dut (.*);

`ifdef FORMAL
    wire unused_ports = &{1'b0, idle, prdata};   // no property reads them
    // ---- the environment: one reset, in the first cycle ------------------------------
    reg f_run = 1'b0;   // out of reset
    always @(posedge clk) f_run <= 1'b1;
    always @* assume (rst_n == f_run);
    // the part of the APB protocol the register file relies on (it decodes
    // the address in the setup phase): an access phase follows the setup
    // phase or a waiting access phase of the same address
    // out of reset (reset ends a transfer)
    reg        p_run = 1'b0, p_psel = 1'b0, p_penable = 1'b0, p_pready = 1'b0;
    reg [11:0] p_paddr;
    always @(posedge clk) begin
        p_run <= f_run; p_psel <= psel; p_penable <= penable; p_pready <= pready; p_paddr <= paddr;
    end
    always @* if (psel && penable) assume (p_run && p_psel && (!p_penable || !p_pready) && paddr == p_paddr);

    // ---- the tag ----------------------------------------------------------------------------
    wire       cmd_fire = cmd_valid && cmd_ready;
    wire       dec_cmd  = dec_valid && dec_op != `VMXR_OP_INJECT;   // a command's decision is shown
    wire       dec_left = dec_cmd && dec_ready;                     // ... and taken
    reg  [3:0] f_out    = 4'd0;
    reg        f_tagged = 1'b0, f_done = 1'b0, f_injph = 1'b0;
    reg  [3:0] f_ahead  = 4'd0;
    reg  [2:0] t_cpu    = 3'd0;
    reg  [1:0] t_op     = 2'd0;
    reg  [6:0] t_reason = 7'd0;
    wire       tag_now  = f_run && cmd_fire && f_pick && !f_tagged;
    wire       t_dec    = f_tagged && !f_done && f_ahead == 4'd0 && dec_cmd;   // the tagged command's decision
    always @(posedge clk) begin
        if (f_run) begin
            f_out <= f_out + {3'd0, cmd_fire} - {3'd0, dec_left};
            if (tag_now) begin
                f_tagged <= 1'b1;
                f_ahead  <= f_out - {3'd0, dec_left};
                t_cpu    <= cmd_cpu;
                t_op     <= cmd_op;
                t_reason <= cmd_reason;
            end else if (f_tagged && !f_done && dec_left) begin
                if (f_ahead == 4'd0) f_done <= 1'b1;
                else f_ahead <= f_ahead - 4'd1;
            end
            if (t_dec && dec_ready) f_injph <= 1'b1;
            else if (dec_cmd) f_injph <= 1'b0;
        end
    end

    fv_p1_route #(.NCPU(NCPU)) u_p1 (
        .clk(clk), .rst_n(rst_n), .f_run(f_run),
        .strap_smi_en(strap_smi_en), .strap_smi_vmm(strap_smi_vmm), .strap_smi_lock(strap_smi_lock),
        .psel(psel), .penable(penable), .pwrite(pwrite), .paddr(paddr), .pwdata(pwdata), .pready(pready),
        .pslverr(pslverr),
        .tag_now(tag_now), .cmd_cpu(cmd_cpu), .cmd_op(cmd_op), .cmd_reason(cmd_reason), .cmd_itype(cmd_itype),
        .cmd_vector(cmd_vector),
        .t_dec(t_dec), .f_injph(f_injph), .dec_valid(dec_valid), .dec_op(dec_op), .dec_outcome(dec_outcome),
        .dec_to(dec_to), .dec_rule(dec_rule), .dec_idx(dec_idx), .dec_reason(dec_reason)
    );
    fv_p4_latency #(.LAT(LAT), .MAXBUB(MAXBUB)) u_p4 (
        .clk(clk), .f_run(f_run), .tag_now(tag_now), .f_tagged(f_tagged), .f_done(f_done), .t_dec(t_dec),
        .dec_valid(dec_valid), .dec_ready(dec_ready), .dec_op(dec_op)
    );
    fv_p5_order #(.MAXOUT(MAXOUT)) u_p5 (
        .clk(clk), .f_run(f_run), .f_out(f_out), .t_dec(t_dec), .t_cpu(t_cpu), .t_op(t_op), .t_reason(t_reason),
        .dec_valid(dec_valid), .dec_ready(dec_ready), .dec_cpu(dec_cpu), .dec_op(dec_op),
        .dec_outcome(dec_outcome), .dec_err(dec_err), .dec_from(dec_from), .dec_to(dec_to), .dec_rule(dec_rule),
        .dec_idx(dec_idx), .dec_reason(dec_reason), .dec_qual(dec_qual)
    );
`endif
endmodule

`default_nettype wire
