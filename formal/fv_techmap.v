// Yosys techmap for $shift and $shiftx as word-level barrel shifters.
(* techmap_celltype = "$shift" *)
module _fv_shift (A, B, Y);
    parameter A_SIGNED = 0;
    parameter B_SIGNED = 0;
    parameter A_WIDTH = 1;
    parameter B_WIDTH = 1;
    parameter Y_WIDTH = 1;
    input  wire [A_WIDTH-1:0] A;
    input  wire [B_WIDTH-1:0] B;
    output wire [Y_WIDTH-1:0] Y;
    localparam L  = A_WIDTH > Y_WIDTH ? A_WIDTH : Y_WIDTH;
    localparam NB = L > 1 ? $clog2(L) : 1;
    localparam NS = NB < B_WIDTH ? NB : B_WIDTH;
    genvar k;
    generate
        if (A_SIGNED) begin : keep
            wire _TECHMAP_FAIL_ = 1'b1;
        end else begin : map
            wire neg = B_SIGNED ? B[B_WIDTH-1] : 1'b0;
            wire [B_WIDTH-1:0] mag = neg ? -B : B;
            wire big;
            if (B_WIDTH > NS) begin : hi
                assign big = |mag[B_WIDTH-1:NS];
            end else begin : nohi
                assign big = 1'b0;
            end
            wire [L*(NS+1)-1:0] ls, rs;
            assign ls[L-1:0] = A;
            assign rs[L-1:0] = A;
            for (k = 0; k < NS; k = k + 1) begin : stage
                localparam S = 1 << k;
                if (S >= L) begin : out
                    assign ls[(k+1)*L +: L] = mag[k] ? {L{1'b0}} : ls[k*L +: L];
                    assign rs[(k+1)*L +: L] = mag[k] ? {L{1'b0}} : rs[k*L +: L];
                end else begin : in
                    assign ls[(k+1)*L +: L] = mag[k] ? {ls[k*L +: L-S], {S{1'b0}}} : ls[k*L +: L];
                    assign rs[(k+1)*L +: L] = mag[k] ? {{S{1'b0}}, rs[k*L+S +: L-S]} : rs[k*L +: L];
                end
            end
            wire [L-1:0] res = big ? {L{1'b0}} : neg ? ls[NS*L +: L] : rs[NS*L +: L];
            assign Y = res[Y_WIDTH-1:0];
        end
    endgenerate
endmodule

(* techmap_celltype = "$shiftx" *)
module _fv_shiftx (A, B, Y);
    parameter A_SIGNED = 0;
    parameter B_SIGNED = 0;
    parameter A_WIDTH = 1;
    parameter B_WIDTH = 1;
    parameter Y_WIDTH = 1;
    input  wire [A_WIDTH-1:0] A;
    input  wire [B_WIDTH-1:0] B;
    output wire [Y_WIDTH-1:0] Y;
    localparam L  = A_WIDTH + Y_WIDTH;
    localparam NB = L > 1 ? $clog2(L) : 1;
    localparam NS = NB < B_WIDTH ? NB : B_WIDTH;
    localparam TREE = Y_WIDTH * A_WIDTH < L * NS;   // a mux tree per output bit, or a barrel shifter
    genvar k;
    wire neg = B_SIGNED ? B[B_WIDTH-1] : 1'b0;
    wire big;
    wire [Y_WIDTH-1:0] win;
    generate
        if (B_WIDTH > NS) begin : hi
            assign big = |B[B_WIDTH-1:NS];
        end else begin : nohi
            assign big = 1'b0;
        end
        if (TREE) begin : tree
            localparam N = 1 << NS;
            wire [L-1:0] a = {{Y_WIDTH{1'b0}}, A};
            wire [N*Y_WIDTH*2-1:0] t;   // level i at [N*Y*2 - (N >> i)*Y*2 +: (N >> i)*Y]
            for (k = 0; k < N; k = k + 1) begin : leaf
                if (k < A_WIDTH) begin : in
                    assign t[k*Y_WIDTH +: Y_WIDTH] = a[k +: Y_WIDTH];
                end else begin : out
                    assign t[k*Y_WIDTH +: Y_WIDTH] = {Y_WIDTH{1'b0}};
                end
            end
            for (k = 0; k < NS; k = k + 1) begin : level
                localparam IN  = N*Y_WIDTH*2 - (N >> k)*Y_WIDTH*2;
                localparam OUT = N*Y_WIDTH*2 - (N >> (k+1))*Y_WIDTH*2;
                localparam M = N >> (k+1);
                genvar m;
                for (m = 0; m < M; m = m + 1) begin : node
                    assign t[OUT + m*Y_WIDTH +: Y_WIDTH] = B[k] ? t[IN + (2*m+1)*Y_WIDTH +: Y_WIDTH]
                                                                 : t[IN + 2*m*Y_WIDTH +: Y_WIDTH];
                end
            end
            assign win = t[N*Y_WIDTH*2 - 2*Y_WIDTH +: Y_WIDTH];
        end else begin : barrel
            wire [L*(NS+1)-1:0] rs;
            assign rs[L-1:0] = {{Y_WIDTH{1'b0}}, A};
            for (k = 0; k < NS; k = k + 1) begin : stage
                localparam S = 1 << k;
                if (S >= L) begin : out
                    assign rs[(k+1)*L +: L] = B[k] ? {L{1'b0}} : rs[k*L +: L];
                end else begin : in
                    assign rs[(k+1)*L +: L] = B[k] ? {{S{1'b0}}, rs[k*L+S +: L-S]} : rs[k*L +: L];
                end
            end
            assign win = rs[NS*L +: Y_WIDTH];
        end
    endgenerate
    // the window lies inside A, or the whole result is undefined
    localparam CW = (NS > $clog2(L + 1) ? NS : $clog2(L + 1)) + 1;   // holds B + Y_WIDTH and A_WIDTH
    localparam [CW-1:0] YW = Y_WIDTH;
    localparam [CW-1:0] AW = A_WIDTH;
    wire [CW-1:0] stop = {{(CW-NS){1'b0}}, B[NS-1:0]} + YW;
    wire fits = !neg && !big && stop <= AW;
    assign Y = fits ? win : {Y_WIDTH{1'bx}};
endmodule
