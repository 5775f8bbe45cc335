# Yosys synthesis of the RTL (scripts/synth.sh, docs/synthesis.md).
#
#   make synth          synthesize vmxr_top at NIOR 8, 16, 32 and 64 (synth -flatten,
#                       abc -lut 6, ltp -noff) and print cells, flip-flops, LUT6 count,
#                       LUT6 depth and latency. 2.5 to 5 minutes per NIOR; the runs are
#                       independent, so `make -j2 synth` runs two at a time (about 7.5
#                       minutes in all on 2 cores). Results are kept in build/synth/ and
#                       only re-run when the RTL changes (`make -B synth` forces them);
#                       `make synth SYNTH_NIORS=16` runs one.
#   make synth-smoke    the fast check that Yosys accepts the RTL (NIOR=8: coarse synth,
#                       check -assert, no latches), about 10 s.
#
# Both honour RTL_DIR. Neither is part of `make test`.

SYNTH_DIR   := build/synth
SYNTH_NIORS := 8 16 32 64
SYNTH_SH    := scripts/synth.sh
SYNTH_ROWS  := $(SYNTH_NIORS:%=$(SYNTH_DIR)/nior-%.row)

.PHONY: synth synth-smoke
help::
	@echo '  synth              Yosys synthesis at NIOR 8-64 (SYNTH_NIORS=; minutes per NIOR)'
	@echo '  synth-smoke        Yosys accepts the RTL (NIOR=8, about 10 s)'

synth: $(SYNTH_ROWS)
	@RTL_DIR=$(RTL_DIR) sh $(SYNTH_SH) table $(SYNTH_DIR) $(SYNTH_NIORS)

$(SYNTH_DIR)/nior-%.row: $(RTL_DEPS) $(SYNTH_SH) mk/synth.mk | setup
	@echo "SYNTH NIOR=$* (yosys, log $(SYNTH_DIR)/nior-$*.log)"
	@RTL_DIR=$(RTL_DIR) sh $(SYNTH_SH) run $* $(SYNTH_DIR)

synth-smoke: | setup
	@RTL_DIR=$(RTL_DIR) sh $(SYNTH_SH) smoke 8 $(SYNTH_DIR)
