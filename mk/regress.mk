# The regression (`vmxr regress`: options in cli/cmd_regress.c, the runner
# in dv/regress*.c, docs/regression.md): every directed vector and the
# constrained-random seeds in co-simulation, in parallel worker processes,
# with JUnit XML, functional coverage and RTL line/toggle coverage (the
# cosim engine on each worker's long-lived RTL instance).
#
#   make regress         build $(COV_B)/vmxr (the RTL Verilated with --coverage)
#                        and run `vmxr regress` with the defaults and RTL
#                        coverage into $(REGRESS_OUT)/ (about a minute on 2
#                        cores); fails if any test fails. `make run` runs it.
#   make regress-quick   the quick regression on $(B)/vmxr: directed vectors and
#                        12 seeds, no RTL coverage (a few seconds)
#   make regress-tests   tests/regress.sh: the runner itself (JUnit, sharding
#                        and --merge, failure and crash reports, usage errors)
#   make regress REGRESS_ARGS="--seeds 200 -j 1"    extra `vmxr regress` options
#
# The coverage binary is the ordinary build with VCOV=1 in its own build
# directory: verilator --coverage, -DVM_COVERAGE=1 for the shim and the
# Verilator runtime, verilated_cov.o in the runtime (build/vruntime-cov).
# Built by a sub-make so that B, VDIR, VRUNTIME and CXXFLAGS are computed
# for it. It runs about 5x slower than $(B)/vmxr; both give the same results.

COV_B        := $(if $(filter build,$(B)),build/cov,$(B)/cov)
REGRESS_OUT  ?= build/regress
REGRESS_ARGS ?=

.PHONY: regress regress-quick regress-tests cov-vmxr
help::
	@echo '  regress            the regression with RTL coverage (REGRESS_ARGS= for more options)'
	@echo '  regress-quick      directed vectors and 12 seeds, no RTL coverage'
	@echo '  regress-tests      the regression runner itself (tests/regress.sh)'
TEST_STAGES += 72:regress-quick 74:regress-tests

cov-vmxr:
	@$(MAKE) --no-print-directory BDIR=$(COV_B) VCOV=1 $(COV_B)/vmxr

# $(B)/vmxr first (the rerun commands name it), then the coverage build: one
# after the other, as both sub-builds share build/regs.ok and build/reggen.
regress: $(B)/vmxr
	@$(MAKE) --no-print-directory BDIR=$(COV_B) VCOV=1 $(COV_B)/vmxr
	$(COV_B)/vmxr regress --out $(REGRESS_OUT) --rtl-cov $(REGRESS_OUT) $(REGRESS_ARGS)

regress-quick: $(B)/vmxr
	$(B)/vmxr regress --quick --out $(B)/regress-quick

# The divergence check uses the mutant RTL binary of `make cosim-mutant` when
# it exists (make test builds it first); otherwise it is skipped.
regress-tests: $(B)/vmxr
	VMXR_MUTANT="$(wildcard build/mutant-tie/vmxr)" sh tests/regress.sh $(B)/vmxr
