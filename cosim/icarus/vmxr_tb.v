// vmxr_tb: replays a .stim file written by `vmxr compile` on the RTL
// (rtl/vmxr_top.v) under Icarus Verilog and compares every output port with
// the C model's outputs recorded in the same cycle.
//
//   iverilog -g2012 -Wall -Wno-timescale -Irtl -s vmxr_tb -o tb.vvp \
//            cosim/icarus/vmxr_tb.v $(sed 's|//.*||; s|^.|rtl/&|' rtl/vmxr.f)
//   vvp -n tb.vvp +stim=build/icarus/NAME.stim
//
// Build parameters: NCPU, NVM, NIOR, NMEM, NKEY, DEPTH (default: those of
// rtl/vmxr_regs.svh; override with -Pvmxr_tb.NIOR=32 ...) must equal the
// ones in the .stim header, i.e. those of the vmxr binary that compiled it.
// MAX_CYCLES bounds the cycles one file may hold.
//
// ---- .stim format, version 2 (dv/compile.c has the same description) ----
// Text for $readmemh: `//` comments; every other token is one 384-bit word
// written as fixed-width hex fields joined by `_`, most significant first.
//   word 0 (first line): MMMMMMMM_VV_CC_NN_II_EE_KK_DD_NNNNNNNN = magic
//     564d5853 ("VMXS"), version 02, NCPU, NVM, NIOR, NMEM, NKEY, DEPTH,
//     cycle count (bits 31:0).
//   word c+1: cycle c (cycle 0 = the first reset cycle). 37 fields of
//     ceil(bits/4) hex digits each, in this order (field:bits):
//     inputs  rst_n:1 strap_smi_en:1 strap_smi_vmm:3 strap_smi_lock:1 psel:1
//             penable:1 pwrite:1 paddr:12 pwdata:32 pauser:3 cmd_valid:1
//             cmd_cpu:3 cmd_op:2 cmd_reason:7 cmd_itype:3 cmd_vector:8
//             cmd_vm:5 cmd_qual:32 cmd_errcode:32 cmd_gpa:64 dec_ready:1
//     outputs pready:1 pslverr:1 prdata:32 cmd_ready:1 dec_valid:1 dec_cpu:3
//             dec_op:2 dec_outcome:3 dec_err:4 dec_from:5 dec_to:5 dec_rule:4
//             dec_idx:7 dec_reason:7 dec_qual:32 idle:1
//     i.e. 96 hex digits; idle is the last one (bit 0 of the word).
//   The outputs are the model's in that cycle, before the rising edge.
//
// Per cycle: with clk low the inputs are driven, then (1 ns later, the
// combinational outputs settled) every output port is compared with the
// recorded one using !== (an X or Z is a mismatch), then the rising edge.
// Cycles with rst_n low are driven but not compared (Icarus starts every
// register at X; the C co-simulation skips them too).
//
// Result, on standard output:
//   PASS <cycles> cycles, <n> decisions checked         (then $finish: exit 0)
//   MISMATCH cycle C port P: expected X got Y           (one line per port
//     differing in the first failing cycle, then the decision fields of
//     both sides as numbers, then $fatal: non-zero exit)
//   FAIL <reason>                                       (bad file; $fatal)
// A decision is checked when the model shows dec_valid and dec_ready is
// high in a compared cycle (a decision handshake).
`timescale 1ns / 1ps
`default_nettype none
`include "vmxr_regs.svh"

module vmxr_tb #(
    parameter int NCPU       = `VMXR_DEFAULT_NCPU,
    parameter int NVM        = `VMXR_DEFAULT_NVM,
    parameter int NIOR       = `VMXR_DEFAULT_NIOR,
    parameter int NMEM       = `VMXR_DEFAULT_NMEM,
    parameter int NKEY       = `VMXR_DEFAULT_NKEY,
    parameter int DEPTH      = `VMXR_DEFAULT_DEPTH,
    parameter int MAX_CYCLES = 65536
);
    localparam int W = 384;            // bits per .stim word
    localparam [31:0] MAGIC = 32'h564D5853;
    localparam [7:0]  VERSION = 8'h02;

    // Bit offset of each field in a cycle word: the last field (idle) at
    // bit 0, each field taking 4*ceil(bits/4) bits.
    localparam int O_IDLE           = 0;
    localparam int O_DEC_QUAL       = O_IDLE + 4;
    localparam int O_DEC_REASON     = O_DEC_QUAL + 32;
    localparam int O_DEC_IDX        = O_DEC_REASON + 8;
    localparam int O_DEC_RULE       = O_DEC_IDX + 8;
    localparam int O_DEC_TO         = O_DEC_RULE + 4;
    localparam int O_DEC_FROM       = O_DEC_TO + 8;
    localparam int O_DEC_ERR        = O_DEC_FROM + 8;
    localparam int O_DEC_OUTCOME    = O_DEC_ERR + 4;
    localparam int O_DEC_OP         = O_DEC_OUTCOME + 4;
    localparam int O_DEC_CPU        = O_DEC_OP + 4;
    localparam int O_DEC_VALID      = O_DEC_CPU + 4;
    localparam int O_CMD_READY      = O_DEC_VALID + 4;
    localparam int O_PRDATA         = O_CMD_READY + 4;
    localparam int O_PSLVERR        = O_PRDATA + 32;
    localparam int O_PREADY         = O_PSLVERR + 4;
    localparam int O_DEC_READY      = O_PREADY + 4;
    localparam int O_CMD_GPA        = O_DEC_READY + 4;
    localparam int O_CMD_ERRCODE    = O_CMD_GPA + 64;
    localparam int O_CMD_QUAL       = O_CMD_ERRCODE + 32;
    localparam int O_CMD_VM         = O_CMD_QUAL + 32;
    localparam int O_CMD_VECTOR     = O_CMD_VM + 8;
    localparam int O_CMD_ITYPE      = O_CMD_VECTOR + 8;
    localparam int O_CMD_REASON     = O_CMD_ITYPE + 4;
    localparam int O_CMD_OP         = O_CMD_REASON + 8;
    localparam int O_CMD_CPU        = O_CMD_OP + 4;
    localparam int O_CMD_VALID      = O_CMD_CPU + 4;
    localparam int O_PAUSER         = O_CMD_VALID + 4;
    localparam int O_PWDATA         = O_PAUSER + 4;
    localparam int O_PADDR          = O_PWDATA + 32;
    localparam int O_PWRITE         = O_PADDR + 12;
    localparam int O_PENABLE        = O_PWRITE + 4;
    localparam int O_PSEL           = O_PENABLE + 4;
    localparam int O_STRAP_SMI_LOCK = O_PSEL + 4;
    localparam int O_STRAP_SMI_VMM  = O_STRAP_SMI_LOCK + 4;
    localparam int O_STRAP_SMI_EN   = O_STRAP_SMI_VMM + 4;
    localparam int O_RST_N          = O_STRAP_SMI_EN + 4;
    localparam int O_END            = O_RST_N + 4;

    // ---- DUT -----------------------------------------------------------------------
    reg         clk;
    reg         rst_n, strap_smi_en, strap_smi_lock;
    reg  [2:0]  strap_smi_vmm;
    reg         psel, penable, pwrite;
    reg  [11:0] paddr;
    reg  [31:0] pwdata;
    reg  [2:0]  pauser;
    reg         cmd_valid;
    reg  [2:0]  cmd_cpu, cmd_itype;
    reg  [1:0]  cmd_op;
    reg  [6:0]  cmd_reason;
    reg  [7:0]  cmd_vector;
    reg  [4:0]  cmd_vm;
    reg  [31:0] cmd_qual, cmd_errcode;
    reg  [63:0] cmd_gpa;
    reg         dec_ready;
    wire        pready, pslverr, cmd_ready, dec_valid, idle;
    wire [31:0] prdata, dec_qual;
    wire [2:0]  dec_cpu, dec_outcome;
    wire [1:0]  dec_op;
    wire [3:0]  dec_err, dec_rule;
    wire [4:0]  dec_from, dec_to;
    wire [6:0]  dec_idx, dec_reason;

    vmxr_top #(.NCPU(NCPU), .NVM(NVM), .NIOR(NIOR), .NMEM(NMEM), .NKEY(NKEY), .DEPTH(DEPTH)) dut (
        .clk(clk), .rst_n(rst_n),
        .strap_smi_en(strap_smi_en), .strap_smi_vmm(strap_smi_vmm), .strap_smi_lock(strap_smi_lock),
        .psel(psel), .penable(penable), .pwrite(pwrite), .paddr(paddr), .pwdata(pwdata), .pauser(pauser),
        .pready(pready), .prdata(prdata), .pslverr(pslverr),
        .cmd_valid(cmd_valid), .cmd_ready(cmd_ready), .cmd_cpu(cmd_cpu), .cmd_op(cmd_op),
        .cmd_reason(cmd_reason), .cmd_qual(cmd_qual), .cmd_itype(cmd_itype), .cmd_vector(cmd_vector),
        .cmd_errcode(cmd_errcode), .cmd_vm(cmd_vm), .cmd_gpa(cmd_gpa),
        .dec_valid(dec_valid), .dec_ready(dec_ready), .dec_cpu(dec_cpu), .dec_op(dec_op),
        .dec_outcome(dec_outcome), .dec_err(dec_err), .dec_from(dec_from), .dec_to(dec_to),
        .dec_rule(dec_rule), .dec_idx(dec_idx), .dec_reason(dec_reason), .dec_qual(dec_qual),
        .idle(idle)
    );

    // ---- stimulus / expectation -------------------------------------------------------
    reg [W-1:0] mem [0:MAX_CYCLES];
    reg [119:0] hdr;                   // the header word's defined bits
    reg [W-1:0] w;
    string      stim;
    integer     fd, nread, ncycles, c, ndec, nbad;

    // The got and expected value of every output port, 32 bits each.
    function automatic [31:0] got_port(input integer p);
        case (p)
            0:  got_port = {31'd0, pready};
            1:  got_port = {31'd0, pslverr};
            2:  got_port = prdata;
            3:  got_port = {31'd0, cmd_ready};
            4:  got_port = {31'd0, dec_valid};
            5:  got_port = {29'd0, dec_cpu};
            6:  got_port = {30'd0, dec_op};
            7:  got_port = {29'd0, dec_outcome};
            8:  got_port = {28'd0, dec_err};
            9:  got_port = {27'd0, dec_from};
            10: got_port = {27'd0, dec_to};
            11: got_port = {28'd0, dec_rule};
            12: got_port = {25'd0, dec_idx};
            13: got_port = {25'd0, dec_reason};
            14: got_port = dec_qual;
            default: got_port = {31'd0, idle};
        endcase
    endfunction

    function automatic [31:0] exp_port(input [W-1:0] x, input integer p);
        case (p)
            0:  exp_port = {31'd0, x[O_PREADY]};
            1:  exp_port = {31'd0, x[O_PSLVERR]};
            2:  exp_port = x[O_PRDATA +: 32];
            3:  exp_port = {31'd0, x[O_CMD_READY]};
            4:  exp_port = {31'd0, x[O_DEC_VALID]};
            5:  exp_port = {29'd0, x[O_DEC_CPU +: 3]};
            6:  exp_port = {30'd0, x[O_DEC_OP +: 2]};
            7:  exp_port = {29'd0, x[O_DEC_OUTCOME +: 3]};
            8:  exp_port = {28'd0, x[O_DEC_ERR +: 4]};
            9:  exp_port = {27'd0, x[O_DEC_FROM +: 5]};
            10: exp_port = {27'd0, x[O_DEC_TO +: 5]};
            11: exp_port = {28'd0, x[O_DEC_RULE +: 4]};
            12: exp_port = {25'd0, x[O_DEC_IDX +: 7]};
            13: exp_port = {25'd0, x[O_DEC_REASON +: 7]};
            14: exp_port = x[O_DEC_QUAL +: 32];
            default: exp_port = {31'd0, x[O_IDLE]};
        endcase
    endfunction

    function automatic string port_name(input integer p);
        case (p)
            0:  port_name = "pready";
            1:  port_name = "pslverr";
            2:  port_name = "prdata";
            3:  port_name = "cmd_ready";
            4:  port_name = "dec_valid";
            5:  port_name = "dec_cpu";
            6:  port_name = "dec_op";
            7:  port_name = "dec_outcome";
            8:  port_name = "dec_err";
            9:  port_name = "dec_from";
            10: port_name = "dec_to";
            11: port_name = "dec_rule";
            12: port_name = "dec_idx";
            13: port_name = "dec_reason";
            14: port_name = "dec_qual";
            default: port_name = "idle";
        endcase
    endfunction

    localparam int NPORTS = 16;

    task automatic drive(input [W-1:0] x);
        rst_n          = x[O_RST_N];
        strap_smi_en   = x[O_STRAP_SMI_EN];
        strap_smi_vmm  = x[O_STRAP_SMI_VMM +: 3];
        strap_smi_lock = x[O_STRAP_SMI_LOCK];
        psel           = x[O_PSEL];
        penable        = x[O_PENABLE];
        pwrite         = x[O_PWRITE];
        paddr          = x[O_PADDR +: 12];
        pwdata         = x[O_PWDATA +: 32];
        pauser         = x[O_PAUSER +: 3];
        cmd_valid      = x[O_CMD_VALID];
        cmd_cpu        = x[O_CMD_CPU +: 3];
        cmd_op         = x[O_CMD_OP +: 2];
        cmd_reason     = x[O_CMD_REASON +: 7];
        cmd_itype      = x[O_CMD_ITYPE +: 3];
        cmd_vector     = x[O_CMD_VECTOR +: 8];
        cmd_vm         = x[O_CMD_VM +: 5];
        cmd_qual       = x[O_CMD_QUAL +: 32];
        cmd_errcode    = x[O_CMD_ERRCODE +: 32];
        cmd_gpa        = x[O_CMD_GPA +: 64];
        dec_ready      = x[O_DEC_READY];
    endtask

    task automatic fail(input string why);
        $display("FAIL %s", why);
        $fatal(1, "vmxr_tb: %s", why);
    endtask

    initial begin
        clk = 1'b0;
        ndec = 0;
        if (O_END != W)
            fail("the field offsets do not add up to the word width");
        if (!$value$plusargs("stim=%s", stim))
            fail("no +stim=FILE given");
        fd = $fopen(stim, "r");
        if (fd == 0)
            fail({"cannot open ", stim});
        nread = $fscanf(fd, "%h", hdr);
        $fclose(fd);
        // header: magic [119:88], version [87:80], NCPU [79:72], NVM [71:64],
        // NIOR [63:56], NMEM [55:48], NKEY [47:40], DEPTH [39:32], cycles [31:0]
        if (nread != 1 || ^hdr[119:0] === 1'bx)
            fail({stim, ": no header word on the first line"});
        if (hdr[119:88] != MAGIC || hdr[87:80] != VERSION)
            fail($sformatf("%s: not a version %0d .stim (header %h)", stim, VERSION, hdr[119:0]));
        if (hdr[79:72] != NCPU[7:0] || hdr[71:64] != NVM[7:0] || hdr[63:56] != NIOR[7:0]
            || hdr[55:48] != NMEM[7:0] || hdr[47:40] != NKEY[7:0] || hdr[39:32] != DEPTH[7:0])
            fail($sformatf({"%s: compiled for NCPU=%0d NVM=%0d NIOR=%0d NMEM=%0d NKEY=%0d DEPTH=%0d,",
                            " testbench has %0d %0d %0d %0d %0d %0d"},
                           stim, hdr[79:72], hdr[71:64], hdr[63:56], hdr[55:48], hdr[47:40], hdr[39:32],
                           NCPU, NVM, NIOR, NMEM, NKEY, DEPTH));
        if (hdr[31:0] == 0 || hdr[31:0] > MAX_CYCLES)
            fail($sformatf("%s: %0d cycles (1..MAX_CYCLES=%0d)", stim, hdr[31:0], MAX_CYCLES));
        ncycles = int'(hdr[31:0]);
        $readmemh(stim, mem, 0, ncycles);
        if (^mem[ncycles][O_END-1:0] === 1'bx)
            fail($sformatf("%s: fewer than the %0d cycle lines the header announces", stim, ncycles));

        for (c = 0; c < ncycles; c = c + 1) begin
            w = mem[c + 1];
            drive(w);
            #1;
            if (rst_n) begin
                nbad = 0;
                for (integer p = 0; p < NPORTS; p = p + 1)
                    if (got_port(p) !== exp_port(w, p)) begin
                        $display("MISMATCH cycle %0d port %s: expected 0x%0h got 0x%0h", c, port_name(p),
                                 exp_port(w, p), got_port(p));
                        nbad = nbad + 1;
                    end
                if (nbad != 0) begin
                    $display({"  expected: dec_valid=%0d cpu=%0d op=%0d outcome=%0d err=%0d from=%0d to=%0d",
                              " rule=%0d idx=%0d reason=%0d qual=0x%h"},
                             w[O_DEC_VALID], w[O_DEC_CPU +: 3], w[O_DEC_OP +: 2], w[O_DEC_OUTCOME +: 3],
                             w[O_DEC_ERR +: 4], w[O_DEC_FROM +: 5], w[O_DEC_TO +: 5], w[O_DEC_RULE +: 4],
                             w[O_DEC_IDX +: 7], w[O_DEC_REASON +: 7], w[O_DEC_QUAL +: 32]);
                    $display({"  got:      dec_valid=%0d cpu=%0d op=%0d outcome=%0d err=%0d from=%0d to=%0d",
                              " rule=%0d idx=%0d reason=%0d qual=0x%h"},
                             dec_valid, dec_cpu, dec_op, dec_outcome, dec_err, dec_from, dec_to, dec_rule,
                             dec_idx, dec_reason, dec_qual);
                    $display("  stim %s, %0d decisions matched before", stim, ndec);
                    $fatal(1, "vmxr_tb: RTL differs from the model at cycle %0d", c);
                end
                if (w[O_DEC_VALID] && w[O_DEC_READY])
                    ndec = ndec + 1;
            end
            #4 clk = 1'b1;
            #5 clk = 1'b0;
        end
        $display("PASS %0d cycles, %0d decisions checked", ncycles, ndec);
        $finish;
    end
endmodule

`default_nettype wire
