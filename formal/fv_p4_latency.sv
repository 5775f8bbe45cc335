// P4 (docs/formal.md): with dec_ready high from a command's handshake (cycle
// T) to its decision, the decision is shown at T + LAT + n, where n is the
// number of INJECT decisions shown in between: from T + LAT on, every cycle
// shows a decision, an injection or the command's own, never a gap or
// another command's; and n <= MAXBUB = 2 (at most two injections after
// one pop). Checker of fv_unit: the tagged command, the decision port.
`timescale 1ns / 1ns
`default_nettype none
`include "vmxr_regs.svh"

module fv_p4_latency #(
    parameter int LAT    = 3,
    parameter int MAXBUB = 2   // injections a command may wait for (two after one pop)
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
    localparam logic [2:0] L = LAT[2:0], LMAX = 3'(LAT + MAXBUB);
    reg [2:0] f_age = 3'd0;   // cycles since the tagged handshake (saturates at 7)
    reg       f_rdy = 1'b0;   // dec_ready was high in every one of them
    always @(posedge clk) begin
        if (tag_now) begin
            f_age <= 3'd1;
            f_rdy <= dec_ready;
        end else if (f_tagged && !f_done) begin
            if (f_age != 3'd7) f_age <= f_age + 3'd1;
            f_rdy <= f_rdy && dec_ready;
        end
    end
    wire on = f_run && f_tagged && !f_done && f_rdy && dec_ready;
    always @* begin
        if (on && f_age < L)
            p4_not_early: assert (!t_dec);
        if (on && f_age >= L)
            p4_no_gap: assert (dec_valid && (t_dec || dec_op == `VMXR_OP_INJECT));
        if (on)
            p4_bubbles_bounded: assert (f_age <= LMAX);
    end
`endif
endmodule

`default_nettype wire
