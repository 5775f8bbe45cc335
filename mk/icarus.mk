# Icarus Verilog, the second simulator: every directed vector is compiled by
# `vmxr compile` (cli/cmd_compile.c; the writer and the format: dv/compile.c)
# into a per-cycle stimulus/expectation file (.stim: the model's inputs and
# outputs of every clock cycle) and replayed on the RTL by
# cosim/icarus/vmxr_tb.v, which compares every output port every cycle; each
# vector twice (no stalls, --stall-seed 7), plus a must-fail case. Output
# files go to $(B)/icarus/.

.PHONY: icarus-tests
help::
	@echo '  icarus-tests       every directed vector on the RTL under Icarus Verilog'
TEST_STAGES += 76:icarus-tests

icarus-tests: $(B)/vmxr
	RTL_DIR=$(RTL_DIR) sh tests/icarus.sh $(B)/vmxr
