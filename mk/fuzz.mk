# Fuzzing with afl++ (tests/fuzz/, docs/testing.md): one harness a target,
# each a small program over the library's public entry points:
#   vec1      the VEC1 parser and runner (txn, and model with back-pressure),
#             checks, result spelling, functional coverage of the run
#   scenario  the scenario parser and the platform running the firmware on
#             txn and model: same transcript and trace on both, the trace
#             replays with every expectation holding
#   cover     the coverage JSON: read, merge, table, write and read back
# tests/fuzz/fuzz_main.c is their main: an afl++ persistent-mode loop when
# built with afl-clang-fast, a replay of the files it is given otherwise.
#
#   make fuzz           each target FUZZ_SECONDS under afl-fuzz (built with
#                       afl-clang-fast, ASan and UBSan, in build/fuzz/), from
#                       its corpus tests/fuzz/corpus/TARGET/; then adds to
#                       that corpus the queue entries that reach edges it
#                       does not (afl-cmin, afl-showmap) and every crash and
#                       hang (crash-*, hang-*), and prints what it added
#   make fuzz-replay    the committed corpus through the same harnesses built
#                       with SAN=1 (ASan, UBSan) against the SAN=1 library:
#                       a make test stage, a few seconds

FUZZ_TARGETS := vec1 scenario cover
FUZZ_CORPUS  := tests/fuzz/corpus
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= afl-clang-fast
FUZZ_SAN     ?= 1
FUZZ_BDIR    := build/fuzz/afl$(if $(FUZZ_SAN),-san)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
# afl++ (scripts/setup.sh): without these make fuzz names the missing
# packages and stops (tests/setup_check.sh points FUZZ_NEEDS elsewhere)
FUZZ_NEEDS   ?= /usr/bin/afl-fuzz /usr/bin/afl-clang-fast /usr/bin/afl-cmin /usr/bin/afl-showmap
FRAGMENT_NEEDS += $(if $(filter fuzz,$(MAKECMDGOALS)),$(FUZZ_NEEDS))

# What each harness links besides its own object and main (PLAT_OBJ and
# libfw.a: mk/platform.mk and mk/firmware.mk, read after this fragment).
FUZZ_LINK_vec1     = $(B)/libvmxr.a
FUZZ_LINK_cover    = $(B)/libvmxr.a
FUZZ_LINK_scenario = $(PLAT_OBJ) $(B)/libfw.a $(B)/libvmxr.a

# fuzz_T: afl-fuzz's persistent target (or, built with cc, the replay);
# plain/fuzz_T: one input a process, for afl-showmap, afl-cmin, afl-tmin.
FUZZ_LD = @mkdir -p $(@D) && echo "LD $@" && \
          $(CC) $(LDFLAGS) -o $@ $(filter-out %.a,$^) -Wl,--start-group $(filter %.a,$^) -Wl,--end-group
$(B)/fuzz/fuzz_%: $(B)/obj/tests/fuzz/fuzz_%.o $(B)/obj/tests/fuzz/fuzz_main.o $$(FUZZ_LINK_$$*)
	$(FUZZ_LD)
$(B)/fuzz/plain/fuzz_%: $(B)/obj/tests/fuzz/fuzz_%.o $(B)/obj/tests/fuzz/fuzz_main_plain.o $$(FUZZ_LINK_$$*)
	$(FUZZ_LD)

$(B)/obj/tests/fuzz/fuzz_main_plain.o: tests/fuzz/fuzz_main.c build/regs.ok
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DFUZZ_PLAIN -c -o $@ $<

.PHONY: fuzz fuzz-bins fuzz-replay
help::
	@echo '  fuzz               each fuzz target FUZZ_SECONDS (60) s under afl++, new finds into tests/fuzz/corpus/ (FUZZ_SAN= no ASan)'
	@echo '  fuzz-replay        the fuzz corpus under ASan and UBSan (SAN=1 build)'
TEST_STAGES += 92:fuzz-replay

fuzz-bins: $(FUZZ_BINS) $(FUZZ_TARGETS:%=$(B)/fuzz/plain/fuzz_%)

ifeq ($(SAN),)
fuzz-replay:
	@$(MAKE) --no-print-directory SAN=1 fuzz-replay
else
fuzz-replay: $(FUZZ_BINS)
	@set -e; for t in $(FUZZ_TARGETS); do log=$(B)/fuzz/replay-$$t.log; \
	  if timeout 120 $(B)/fuzz/fuzz_$$t $(FUZZ_CORPUS)/$$t/* > $$log; then tail -n 1 $$log; \
	  else echo "fuzz-replay: fuzz_$$t failed on $$(tail -n 1 $$log)"; exit 1; fi; done
endif

fuzz:
	@$(MAKE) --no-print-directory BDIR=$(FUZZ_BDIR) CC=$(FUZZ_CC) SAN=$(FUZZ_SAN) fuzz-bins
	@st=0; for t in $(FUZZ_TARGETS); do \
	  sh tests/fuzz/fuzz.sh $$t $(FUZZ_BDIR)/fuzz/fuzz_$$t $(FUZZ_BDIR)/fuzz/plain/fuzz_$$t $(FUZZ_CORPUS)/$$t \
	    build/fuzz/out/$$t $(FUZZ_SECONDS) || st=1; done; exit $$st
