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

.PHONY: fw-tests fw-goldens platform-tests
help::
	@echo '  fw-tests           every firmware scenario against its goldens, on model, rtl and cosim'
	@echo '  fw-goldens         rewrite vectors/firmware/ from the model engine (review the diff)'
	@echo '  platform-tests     the platform against a stand-in firmware'
TEST_STAGES += 45:fw-tests

platform-tests: $(B)/tests/test_platform
	$(B)/tests/test_platform

fw-tests: $(B)/vmxr $(B)/tests/test_platform
	$(B)/tests/test_platform
	sh tests/fw.sh $(B)/vmxr $(FW_GOLDEN) $(FW_SCENARIOS)
	@set -e; for s in $(FW_SCENARIOS); do \
	  $(B)/vmxr fw -q --engine cosim --stall-seed 3 --check-golden $(FW_GOLDEN) $$s; done

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
