# Mutation campaign (scripts/mutate.sh, docs/mutants.md): every realistic RTL
# bug of tests/mutants/*.mut is applied to a copy of rtl/, built into
# build/mutants/<name>/ and run on cosim (directed vectors, one stall seed,
# generated streams when `vmxr gen` exists); each must be caught.
#
#   make mutate                                   the whole campaign, 2 mutants at a time
#   make mutate MUTATE_ARGS="--only 03-ior-wrap-check-missing --keep"
#   sh scripts/mutate.sh --list                   the mutants and whether they still apply
#
# The mutant builds reuse this build's model/runner objects (LIB_OBJ) and the
# Verilator runtime; only the RTL, cli objects and the RTL engine are rebuilt per
# mutant. Exit status 1 when a mutant survives, is stale or does not build.
# Not part of `make test`.

MUTATE_ARGS ?=

.PHONY: mutate
help::
	@echo '  mutate             the RTL mutation campaign (MUTATE_ARGS=; sh scripts/mutate.sh --list)'
mutate: $(B)/vmxr
	@VMXR=$(B)/vmxr MAKE="$(MAKE)" \
	  MUTATE_MAKEVARS="NCPU=$(NCPU) NVM=$(NVM) NIOR=$(NIOR) NMEM=$(NMEM) NKEY=$(NKEY) DEPTH=$(DEPTH)" \
	  MUTATE_REUSE="$(if $(SAN),,$(B))" \
	  sh scripts/mutate.sh $(MUTATE_ARGS)
