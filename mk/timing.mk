# Static timing against a standard-cell library (scripts/timing.sh,
# docs/synthesis.md "Timing in ns").
#
#   make timing         maps vmxr_top at NIOR 8 (TIMING_NIORS=) onto the OSU
#                       0.18 um cells of qflow-tech-osu018 with Yosys and times
#                       it with OpenSTA (ABC buffers high-fanout nets and sizes
#                       gates): the critical path in ns. About 3 to 7 min
#                       of CPU per NIOR (ABC's liberty mapping); not part of
#                       `make test`.
#
# It needs two optional Debian packages, which `make setup` does not ask for:
# scripts/setup.sh --timing installs them (as root) or prints the command.
# Results are kept in build/timing/ and re-run when the RTL changes.

TIMING_DIR   := build/timing
TIMING_NIORS := 8
TIMING_SH    := scripts/timing.sh
TIMING_ROWS  := $(TIMING_NIORS:%=$(TIMING_DIR)/nior-%.row)

.PHONY: timing timing-setup
help::
	@echo '  timing             critical path in ns: Yosys onto OSU 0.18 um cells, OpenSTA (optional packages)'

timing: $(TIMING_ROWS)
	@RTL_DIR=$(RTL_DIR) sh $(TIMING_SH) table $(TIMING_DIR) $(TIMING_NIORS)

timing-setup: | setup
	@sh scripts/setup.sh --timing

$(TIMING_DIR)/nior-%.row: $(RTL_DEPS) $(TIMING_SH) mk/timing.mk | timing-setup
	@echo "TIMING NIOR=$* (yosys + OpenSTA, logs $(TIMING_DIR)/nior-$*.log, .sta.log)"
	@RTL_DIR=$(RTL_DIR) sh $(TIMING_SH) run $* $(TIMING_DIR)
