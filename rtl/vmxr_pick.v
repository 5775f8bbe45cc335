// VMXR-2 per-profile pick of the RT stage for the memory and key tables
// (routing steps 5a and 5b): for each profile p, the lowest entry whose hit
// bit is set and whose PMASK has bit p, with that entry's payload (the
// target VMM, and GRP for a key entry). A balanced tree of two-way picks (the
// lower half wins when it has a hit), like vmxr_ior's: the depth grows with
// log2(N). Made only when en (zero otherwise, where RT does not read it).
`timescale 1ns / 1ns
`default_nettype none

module vmxr_pick #(
    parameter int N  = 8,   // entries, 4..16
    parameter int PW = 3    // payload bits per entry
) (
    input  wire            en,
    input  wire [N-1:0]    hits,
    input  wire [N*4-1:0]  pmask,        // entry e's PMASK at [e*4 +: 4]
    input  wire [N*PW-1:0] payload,
    output reg  [3:0]      found,        // per profile: some entry matched
    output reg  [4*4-1:0]  index,        // per profile: lowest matching entry
    output reg  [4*PW-1:0] pick          // per profile: its payload
);
    localparam int LG = $clog2(N);
    localparam int NP = 1 << LG;
    localparam int NW = 1 + 4 + PW;      // node {found, index, payload}
    reg [2*NP*NW-1:0] node;
    integer p, n;
    always @(*) begin
        found = 4'd0; index = '0; pick = '0; node = '0;
        if (en) for (p = 0; p < 4; p = p + 1) begin
            for (n = 2*NP - 1; n >= 1; n = n - 1)
                if (n >= NP + N)
                    node[n*NW +: NW] = '0;
                else if (n >= NP)
                    node[n*NW +: NW] = {hits[n - NP] && pmask[(n - NP)*4 + p], 4'(n - NP), payload[(n - NP)*PW +: PW]};
                else
                    node[n*NW +: NW] = node[2*n*NW + NW - 1] ? node[2*n*NW +: NW] : node[(2*n + 1)*NW +: NW];
            found[p]          = node[2*NW - 1];
            index[p*4 +: 4]   = node[NW + PW +: 4];
            pick[p*PW +: PW]  = node[NW +: PW];
        end
    end
endmodule

`default_nettype wire
