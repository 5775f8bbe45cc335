# vmxr gen: the constrained-random stimulus generator (dv/gen.c and
# dv/gen_config.c behind dv/gen.h; the command in cli/cmd_gen.c).
#
#   make gen-tests          tests/gen.sh on $(B)/vmxr: determinism, every mix
#                           on txn and cosim (with and without a stall seed),
#                           stacks reaching DEPTH on every CPU, coverage of
#                           every outcome, rule and error code, CLI errors
#                           (about 3 s)
#   make SAN=1 gen-tests    the same on the sanitized build
#
# Needs dv/gen.c and dv/gen_config.c in DV_SRC, cli/cmd_gen.c in CLI_SRC
# and `vmxr gen` dispatched to cmd_gen in cli/main.c.

.PHONY: gen-tests
help::
	@echo '  gen-tests          the constrained-random generator (tests/gen.sh)'
TEST_STAGES += 60:gen-tests

gen-tests: $(B)/vmxr
	sh tests/gen.sh $(B)/vmxr
