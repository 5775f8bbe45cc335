// P5 (docs/formal.md): under any dec_ready, decisions leave in command
// order, none dropped, none duplicated: a command's decision is never shown
// without a command outstanding; at most MAXOUT commands are in flight; the
// tagged command's decision carries its cpu, op and reason; a decision held
// by back-pressure stays as it is until taken; an INJECT decision comes only
// right after a RESUMED or LAUNCHED one (or a first injection), two at most.
// Checker of fv_unit, on the decision port and its counter scoreboard.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module fv_p5_order #(
    parameter int MAXOUT = 3
) (
    input wire        clk,
    input wire        f_run,
    input wire [3:0]  f_out,      // commands accepted whose decision has not left
    input wire        t_dec,      // the tagged command's decision is shown
    input wire [2:0]  t_cpu,      // the tagged command's fields
    input wire [1:0]  t_op,
    input wire [6:0]  t_reason,
    input wire        dec_valid,
    input wire        dec_ready,
    input wire [2:0]  dec_cpu,
    input wire [1:0]  dec_op,
    input wire [2:0]  dec_outcome,
    input wire [3:0]  dec_err,
    input wire [4:0]  dec_from,
    input wire [4:0]  dec_to,
    input wire [3:0]  dec_rule,
    input wire [6:0]  dec_idx,
    input wire [6:0]  dec_reason,
    input wire [31:0] dec_qual
);
`ifdef FORMAL
    wire [71:0] dec_word = {dec_cpu, dec_op, dec_outcome, dec_err, dec_from, dec_to, dec_rule, dec_idx, dec_reason,
                            dec_qual};
    reg         p_stall = 1'b0;   // the previous cycle showed a decision that was not taken
    reg  [71:0] p_word  = 72'd0;
    reg         f_pop   = 1'b0;   // the last decision taken was RESUMED, LAUNCHED, or an injection after one
    reg  [1:0]  f_ninj  = 2'd0;   // injections taken since the last command's decision
    always @(posedge clk) begin
        p_stall <= f_run && dec_valid && !dec_ready;
        p_word  <= dec_word;
        if (f_run && dec_valid && dec_ready) begin
            if (dec_op == `VMXR_OP_INJECT) begin
                if (f_ninj != 2'd3) f_ninj <= f_ninj + 2'd1;
            end else begin
                f_pop  <= dec_outcome == `VMXR_OUTCOME_RESUMED || dec_outcome == `VMXR_OUTCOME_LAUNCHED;
                f_ninj <= 2'd0;
            end
        end
    end
    localparam logic [3:0] MAX = MAXOUT[3:0];
    wire [1:0] t_dop = t_op == `VMXR_OP_INJECT ? `VMXR_OP_EVENT : t_op;   // op 3 executes as EVENT
    always @* begin
        if (f_run && dec_valid && dec_op != `VMXR_OP_INJECT)
            p5_no_orphan_decision: assert (f_out != 4'd0);
        if (f_run)
            p5_bounded_in_flight: assert (f_out <= MAX);
        if (t_dec)
            p5_tagged_in_order: assert (dec_cpu == t_cpu && dec_op == t_dop &&
                                        dec_reason == (t_dop == `VMXR_OP_EVENT ? t_reason : 7'd0));
        if (p_stall)
            p5_held_until_taken: assert (dec_valid && dec_word == p_word);
        if (f_run && dec_valid && dec_op == `VMXR_OP_INJECT)
            p5_inject_after_pop: assert (f_pop && f_ninj < 2'd2);
    end
`endif
endmodule

`default_nettype wire
