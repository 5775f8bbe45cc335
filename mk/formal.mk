# Formal proofs of the unit's properties P1-P6 (scripts/formal.sh, the jobs
# in formal/jobs, docs/formal.md): Yosys builds an AIGER model of a harness
# of formal/ with the RTL, ABC proves each assertion (IC3/PDR or k-induction,
# unbounded), and each property must fail against a deliberate RTL bug (a
# mutant of tests/mutants/) with a counterexample replayed into a VCD of
# the RTL's own names (build/formal/cex/JOB/ASSERTION.vcd).
#
#   make formal         every job: P1-P6 at NIOR 8, 16 and 64, the must-fail
#                       runs (about an hour on 2 cores; FORMAL_ARGS="--only JOB")
#   make formal-quick   the jobs marked quick: the register-file proofs (P1's
#                       locks, P2, P3, P6), P4 and P5 at the default parameters
#                       and one must-fail run, about 3.5 CPU minutes with the models;
#                       a make test stage, alongside the others (it builds only
#                       into build/formal/)
#
# Both first check the techmap the flow uses against Yosys's cell semantics
# (tests/formal_techmap.sh) and lint the harnesses (Verilator -Wall). They
# honour RTL_DIR.

FORMAL_ARGS ?=

.PHONY: formal formal-quick
help::
	@echo '  formal             the formal proofs of P1-P6 and their must-fail runs (FORMAL_ARGS=; docs/formal.md)'
	@echo '  formal-quick       the quick part of make formal (register-file proofs, P4/P5 at the defaults, one must-fail run)'
TEST_STAGES += 78:formal-quick
TEST_ALONGSIDE += formal-quick

formal: | setup
	sh tests/formal_techmap.sh
	RTL_DIR=$(RTL_DIR) sh scripts/formal.sh $(FORMAL_ARGS)

formal-quick:
	sh tests/formal_techmap.sh
	RTL_DIR=$(RTL_DIR) sh scripts/formal.sh --quick
