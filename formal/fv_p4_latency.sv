// P4 (docs/formal.md): with dec_ready high from a command's handshake (cycle
// T) to its decision: the decision is not shown before T + LAT; from T + LAT
// on every cycle shows a decision (a command's ahead of it, an injection or
// its own), never a gap; each INJECT decision shown in between delays it by
// one cycle at most: it is shown by T + LAT + n, n the INJECT decisions shown
// since T; and n <= MAXBUB = 4 (at most two injections after the pop of each
// of the two commands that can be ahead of it, in RT and EX). Checker of
// fv_unit: the tagged command, the decision port.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module fv_p4_latency #(
    parameter int LAT    = 3,
    parameter int MAXBUB = 4   // injections a command may wait for (two after each pop ahead of it)
) (
    input wire       clk,
    input wire       f_run,
    input wire       tag_now,
    input wire       f_tagged,
    input wire       f_done,
    input wire       t_dec,       // the tagged command's decision is shown
    input wire       dec_valid,
    input wire       dec_ready,
    input wire [1:0] dec_op
);
`ifdef FORMAL
    localparam logic [3:0] L = LAT[3:0], NB = MAXBUB[3:0];
    reg [3:0] f_age = 4'd0;   // cycles since the tagged handshake (saturates at 15)
    reg [3:0] f_ninj = 4'd0;  // INJECT decisions shown since then, before this cycle
    reg       f_rdy = 1'b0;   // dec_ready was high in every one of them
    always @(posedge clk) begin
        if (tag_now) begin
            f_age  <= 4'd1;
            f_ninj <= 4'd0;
            f_rdy  <= dec_ready;
        end else if (f_tagged && !f_done) begin
            if (f_age != 4'd15) f_age <= f_age + 4'd1;
            if (dec_valid && dec_op == `VMXR_OP_INJECT && f_ninj != 4'd15) f_ninj <= f_ninj + 4'd1;
            f_rdy <= f_rdy && dec_ready;
        end
    end
    wire on = f_run && f_tagged && !f_done && f_rdy && dec_ready;
    always @* begin
        if (on && f_age < L)
            p4_not_early: assert (!t_dec);
        if (on && f_age >= L)
            p4_no_gap: assert (dec_valid);
        if (on)
            p4_injection_costs_one: assert (f_age <= L + f_ninj);
        if (on)
            p4_bubbles_bounded: assert (f_ninj <= NB);
    end
`endif
endmodule

`default_nettype wire
