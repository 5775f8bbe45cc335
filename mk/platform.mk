# The host platform that runs the VMM firmware on the unit (platform/,
# docs/platform.md): `vmxr fw`, the scenarios in vmms/scenarios/ and their
# golden traces and transcripts in vectors/firmware/.
#
#   make fw-tests      tests/test_platform (the platform against a stand-in
#                      firmware, tests/fw_mock.c) and tests/fw.sh: every
#                      scenario reproduces its goldens on the model engine,
#                      every golden trace passes `vmxr run --engine cosim`,
#                      every scenario gives the same transcript and trace
#                      live on the rtl engine, and the must-fail case (a
#                      tampered golden) fails as it should; and every
#                      scenario in cosim with random
#                      decision back-pressure (--stall-seed) still gives
#                      its goldens
#                      (malformed scenarios: tests/bad/*.scn, make bad-tests)
#   make fw-memory     tests/fw_memory.sh: the largest scenario the parser
#                      accepts (tests/fw_largest.sh), cut short, stays under
#                      its bound of peak resident memory with -o, --trace
#                      and --check-golden (make bench-fw: the figures)
#   make fw-goldens    rewrite vectors/firmware/ from the model engine, then
#                      show `git diff --stat vectors/firmware`: review the
#                      diff before committing it
#
# The platform objects go into vmxr (VMXR_EXTRA_OBJ) together with the
# firmware archive that mk/firmware.mk adds; until that fragment exists they
# are left out, so that vmxr still links.

PLAT_SRC := $(sort $(wildcard platform/*.c))
PLAT_OBJ := $(PLAT_SRC:%.c=$(B)/obj/%.o)

ifneq ($(wildcard mk/firmware.mk),)
VMXR_EXTRA_OBJ += $(PLAT_OBJ)
# `vmxr fw --firmware FW.so` loads a firmware with dlopen; its undefined
# hal_* symbols bind to the platform's, which vmxr exports (those only:
# the built-in reference firmware's symbols stay out of the dynamic table,
# so they cannot capture a loaded firmware's references to its own).
VMXR_EXTRA_LIBS += -ldl -Wl,--export-dynamic-symbol=hal_*
endif

FW_SCENARIOS := $(sort $(wildcard vmms/scenarios/*.scn))
FW_GOLDEN    := vectors/firmware

$(B)/tests/test_platform: $(B)/obj/tests/test_platform.o $(B)/obj/tests/fw_mock.o $(PLAT_OBJ) $(B)/libvmxr.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)

$(B)/tests/peak_rss: $(B)/obj/tests/peak_rss.o
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^

.PHONY: fw-tests fw-goldens platform-tests fw-memory bench-fw
help::
	@echo '  fw-tests           every firmware scenario against its goldens, on model, rtl and cosim'
	@echo '  fw-goldens         rewrite vectors/firmware/ from the model engine (review the diff)'
	@echo '  platform-tests     the platform against a stand-in firmware'
	@echo '  fw-memory          vmxr fw on the largest scenario stays under its memory bound (tests/fw_memory.sh)'
	@echo '  bench-fw           peak memory, time and output bytes of vmxr fw on the largest scenarios'
TEST_STAGES += 45:fw-tests 46:fw-memory

platform-tests: $(B)/tests/test_platform
	$(B)/tests/test_platform

fw-tests: $(B)/vmxr $(B)/tests/test_platform
	$(B)/tests/test_platform
	sh tests/fw.sh $(B)/vmxr $(FW_GOLDEN) $(FW_SCENARIOS)
	@set -e; for s in $(FW_SCENARIOS); do \
	  $(B)/vmxr fw -q --engine cosim --stall-seed 3 --check-golden $(FW_GOLDEN) $$s; done

# The memory bound (peak resident memory, tests/peak_rss.c) on the largest
# scenario, cut short; not under SAN=1 (the sanitizers' own memory).
fw-memory: $(B)/vmxr $(B)/tests/peak_rss
	sh tests/fw_memory.sh $(B)/vmxr $(B)/tests/peak_rss

# Figures (docs/platform.md, "Memory and time"): the largest scenarios of
# tests/fw_largest.sh run to their end on the model and rtl engines, the
# transcript and the trace counted on their way to wc -c (FIFOs).
bench-fw: $(B)/vmxr $(B)/tests/peak_rss
	@mkdir -p $(B)/bench
	@sh tests/fw_largest.sh work > $(B)/bench/largest.scn
	@sh tests/fw_largest.sh text > $(B)/bench/largest_text.scn
	@set -e; d=$(B)/bench; for r in "work model" "work rtl" "text model"; do set -- $$r; \
	  s=$$d/largest.scn; [ $$1 = work ] || s=$$d/largest_text.scn; \
	  rm -f $$d/tx.fifo $$d/tr.fifo; mkfifo $$d/tx.fifo $$d/tr.fifo; \
	  wc -c < $$d/tx.fifo > $$d/tx.n & wc -c < $$d/tr.fifo > $$d/tr.n & \
	  t0=$$(date +%s.%N); rc=0; \
	  $(B)/tests/peak_rss $$d/kb $(B)/vmxr fw --engine $$2 $$s -o $$d/tx.fifo --trace $$d/tr.fifo \
	    > /dev/null 2> $$d/fw.err || rc=$$?; t1=$$(date +%s.%N); wait; \
	  [ $$rc -le 1 ] || { cat $$d/fw.err; exit 1; }; \
	  steps=$$(sed -n 's/.*, \([0-9]*\) guest instructions,.*/\1/p' $$d/fw.err); \
	  echo "$$t0 $$t1 $$(cat $$d/kb) $$(cat $$d/tx.n) $$(cat $$d/tr.n) $$steps $$(wc -c < $$s)" | \
	    awk -v w=$$1 -v e=$$2 '{ printf "fw largest %-4s on %-5s %5.1f MiB peak, %6.1f s, %8d steps, scenario %6.1f MiB, transcript %7.1f MiB, trace %7.1f MiB\n", \
	      w, e, $$3 / 1024, $$2 - $$1, $$6, $$7 / 1048576, $$4 / 1048576, $$5 / 1048576 }'; \
	done; rm -f $$d/tx.fifo $$d/tr.fifo $$d/tx.n $$d/tr.n $$d/kb $$d/fw.err $$d/largest_text.scn

bench: bench-fw

fw-goldens: $(B)/vmxr
	@mkdir -p $(FW_GOLDEN)
	@set -e; for s in $(FW_SCENARIOS); do n=$$(basename $$s .scn); \
	  echo "vmxr fw $$s --engine model -> $(FW_GOLDEN)/$$n.vec $(FW_GOLDEN)/$$n.txt"; \
	  $(B)/vmxr fw $$s --engine model -q --trace $(FW_GOLDEN)/$$n.vec -o $(FW_GOLDEN)/$$n.txt || \
	    { echo "fw-goldens: $$s did not complete (see $(FW_GOLDEN)/$$n.txt); goldens not trustworthy"; exit 1; }; \
	done
	@git diff --stat -- $(FW_GOLDEN) || true
	@git status --short -- $(FW_GOLDEN) | grep '^??' || true
	@echo "fw-goldens: review the diff (git diff $(FW_GOLDEN)) before committing: every change must be explained by a firmware or platform change"
