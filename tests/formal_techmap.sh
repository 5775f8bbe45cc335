#!/bin/sh
# formal/fv_techmap.v, the word-level shifters the formal flow maps $shift
# and $shiftx to (scripts/formal.sh), against the semantics of those Yosys
# cells, in Icarus: every shift amount of each width set, with random data.
#   $shift:  Y = B < 0 (signed B) ? A << -B : A >> B, zero fill, exactly;
#   $shiftx: Y = A[B +: Y_WIDTH], x outside A; the map may answer x for the
#            whole window when part of it lies outside A (never a value
#            where the cell has x), elsewhere exactly the cell's bits.
#   formal_techmap.sh        (from the repository root)
set -u
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0

# one set: KIND A_WIDTH B_WIDTH Y_WIDTH B_SIGNED
run() {
    kind=$1 aw=$2 bw=$3 yw=$4 bs=$5
    n=$((n + 1))
    if [ "$kind" = shift ]; then mod=_fv_shift; else mod=_fv_shiftx; fi
    cat > "$tmp/tb.v" <<EOF
module tb;
    localparam AW = $aw, BW = $bw, YW = $yw, BS = $bs;
    localparam L = AW > YW ? AW : YW;
    reg  [AW-1:0] a;
    reg  [BW-1:0] b;
    wire [YW-1:0] y;
    $mod #(.A_SIGNED(0), .B_SIGNED(BS), .A_WIDTH(AW), .B_WIDTH(BW), .Y_WIDTH(YW)) dut (.A(a), .B(b), .Y(y));
    integer off, j, r, bad, idx;
    reg [YW-1:0] want;
    reg [L-1:0]  w;
    initial begin
        bad = 0;
        for (r = 0; r < 3; r = r + 1)
            for (off = 0; off < (1 << BW); off = off + 1) begin
                for (j = 0; j < AW; j = j + 32) a[j +: 32] = \$random;
                if (r == 1) a = {AW{1'b1}};
                b = off;
                #1;
                idx = (BS && b[BW-1]) ? off - (1 << BW) : off;   // the amount as the cell reads it
                if ("$kind" == "shift") begin
                    w = a;
                    if (idx < 0) w = (-idx >= L) ? {L{1'b0}} : w << (-idx);
                    else w = (idx >= L) ? {L{1'b0}} : w >> idx;
                    want = w[YW-1:0];
                    if (y !== want) begin
                        if (bad < 5) \$display("  shift A%0d B%0d Y%0d S%0d: B=%0d: %b, expected %b", AW, BW, YW, BS, idx, y, want);
                        bad = bad + 1;
                    end
                end else begin
                    for (j = 0; j < YW; j = j + 1)
                        want[j] = (idx + j >= 0 && idx + j < AW) ? a[idx + j] : 1'bx;
                    for (j = 0; j < YW; j = j + 1)
                        if (!(y[j] === 1'bx || (want[j] !== 1'bx && y[j] === want[j]))) begin
                            if (bad < 5) \$display("  shiftx A%0d B%0d Y%0d S%0d: B=%0d bit %0d: %b, expected %b", AW, BW, YW, BS, idx, j, y[j], want[j]);
                            bad = bad + 1;
                        end
                    // a window wholly inside A gets exact bits
                    if (idx >= 0 && idx + YW <= AW && y !== want) begin
                        if (bad < 5) \$display("  shiftx A%0d B%0d Y%0d S%0d: B=%0d: %b, expected %b", AW, BW, YW, BS, idx, y, want);
                        bad = bad + 1;
                    end
                end
            end
        if (bad) \$display("FAIL %0d", bad); else \$display("PASS");
        \$finish;
    end
endmodule
EOF
    if ! iverilog -g2012 -o "$tmp/sim" "$tmp/tb.v" formal/fv_techmap.v > "$tmp/cc.log" 2>&1; then
        echo "FAIL formal_techmap: $kind A$aw B$bw Y$yw S$bs does not compile:"; sed "s/^/  /" "$tmp/cc.log" | head -n 6
        fail=1; return
    fi
    vvp -n "$tmp/sim" > "$tmp/run.log" 2>&1
    if grep -q '^PASS' "$tmp/run.log"; then :; else
        echo "FAIL formal_techmap: $kind A$aw B$bw Y$yw S$bs:"; sed 's/^/  /' "$tmp/run.log" | head -n 8
        fail=1
    fi
}

# both mappings of $shiftx (mux tree, barrel), signed and unsigned amounts,
# windows that run off either end, Y wider than A, one-bit amounts
run shiftx 32 5 1 0
run shiftx 32 3 1 0
run shiftx 32 8 2 1
run shiftx 48 8 3 1
run shiftx 128 10 16 0
run shiftx 80 7 5 1
run shiftx 5 3 2 1
run shiftx 4 1 8 0
run shift 5 13 40 1
run shift 32 9 128 1
run shift 3 6 20 1
run shift 8 4 8 0
run shift 20 4 12 0
run shift 2 1 4 1
[ "$fail" = 0 ] && echo "formal_techmap: the $n width sets of \$shift and \$shiftx match the cells' semantics"
exit $fail
