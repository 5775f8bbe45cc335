# The VMM firmware (firmware/, vmms/; docs/firmware-vmms.md).
#
#   make firmware         the freestanding image $(B)/freestanding/vmxr_fw.o (one
#                         relocatable object, ld -r) and the proof that it
#                         needs nothing but the hal_* functions of
#                         firmware/vmxr_hal.h and holds no mutable data
#   make firmware-mustfail  the proof refuses a libc call and mutable data
#   make firmware-tests   cmocka tests of the driver, the devices and every
#                         VMM on the transaction-level core (tests/test_fw_*)
#   $(B)/libfw.a          the same sources built for the host; linked into
#                         $(B)/vmxr for the platform

FW_SRC := $(sort $(wildcard firmware/*.c vmms/*.c))

# ---- freestanding image ----------------------------------------------------

FW_FREE_CFLAGS := -std=c11 $(WARN) -Os -ffreestanding -nostdlib -fno-builtin -mno-red-zone \
                  -fno-stack-protector -fno-tree-loop-distribute-patterns -fPIC \
                  $(PARAMS) -Imodel -Ifirmware -Ivmms -MMD -MP
FW_FREE_OBJ := $(FW_SRC:%.c=$(B)/freestanding/obj/%.o)
FW_IMAGE    := $(B)/freestanding/vmxr_fw.o
FW_HAL_H    := firmware/vmxr_hal.h

$(B)/freestanding/obj/%.o: %.c build/regs.ok
	@mkdir -p $(@D)
	$(CC) $(FW_FREE_CFLAGS) -c -o $@ $<

# One relocatable object; then the proof, scripts/vmxr-fw-check (installed
# as bin/vmxr-fw-check for out-of-tree firmware: one source of truth):
#  - every undefined symbol is a hal_* function declared in vmxr_hal.h (the
#    list is taken from the header's prototypes, not kept by hand);
#  - no writable data or bss (the state lives in struct fw_system only).
# -fPIC: the same objects link into a firmware .so (vmxr fw --firmware).
FW_CHECK := scripts/vmxr-fw-check

$(FW_IMAGE): $(FW_FREE_OBJ) $(FW_HAL_H) $(FW_CHECK)
	ld -r -o $@ $(FW_FREE_OBJ)
	@sh $(FW_CHECK) --hal $(FW_HAL_H) $@ || { rm -f $@; exit 1; }

.PHONY: firmware firmware-tests firmware-mustfail
help::
	@echo '  firmware           the freestanding firmware image and its proof (hal_* only, no mutable data)'
	@echo '  firmware-mustfail  the proof refuses a libc call and mutable data'
	@echo '  firmware-tests     cmocka tests of the driver, devices and VMMs'
TEST_STAGES += 30:firmware 31:firmware-mustfail 32:firmware-tests
firmware: $(FW_IMAGE)

# The proof must be able to fail: a libc call and mutable static data added
# to the sources are each refused (tests/firmware_mustfail.sh).
firmware-mustfail:
	sh tests/firmware_mustfail.sh "$(MAKE)"

# ---- host archive (the platform links it) -----------------------------------

FW_HOST_OBJ := $(FW_SRC:%.c=$(B)/obj/%.o)

$(B)/libfw.a: $(FW_HOST_OBJ)
	@rm -f $@
	ar rcs $@ $^

VMXR_EXTRA_OBJ += $(B)/libfw.a

# ---- tests -------------------------------------------------------------------

FW_TESTS     := test_fw_drv test_fw_dev test_fw_vmms
FW_TEST_BINS := $(FW_TESTS:%=$(B)/tests/%)

$(B)/tests/test_fw_%: $(B)/obj/tests/test_fw_%.o $(B)/obj/tests/fw_test_hal.o $(B)/libfw.a $(B)/libvmxr.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)

# Each binary's exit status is its number of failed tests.
firmware-tests: $(FW_TEST_BINS) $(FW_IMAGE)
	@fail=0; for t in $(FW_TEST_BINS); do echo "== $$t"; $$t || fail=$$((fail + $$?)); done; \
	echo "firmware-tests: $$fail failed"; [ $$fail -eq 0 ]
