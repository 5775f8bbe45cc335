# vmxr-firmware.mk: build a VMM firmware for `vmxr fw --firmware` from the
# installed vmxr files only (docs/firmware-sdk.md). Installed as
# PREFIX/share/vmxr/vmxr-firmware.mk; find it with
#   include $(shell pkg-config --variable=fwmk vmxr)
#
# Set before including:
#   FW_NAME     the firmware's name: builds $(FW_OUT)/$(FW_NAME).so
#   FW_SRC      its C sources (freestanding: vmxr_hal.h, vmxr_fw.h, <stdint.h>,
#               <stddef.h>, <stdbool.h>; one of them defines the descriptor
#               with VMXR_FW_DEFINE)
#   FW_DRV=1    also link the routing driver (vmxr_drv.h), from its installed
#               source
#   FW_OUT      build directory (default build)
#   FW_CFLAGS   extra compiler flags
#
# Targets: $(FW_OUT)/$(FW_NAME).o (one relocatable object, checked by
# vmxr-fw-check: only hal_* undefined, no mutable static data) and
# $(FW_OUT)/$(FW_NAME).so (that object as a shared object, nothing else
# linked in: no libc, no start files).

VMXR_PKG_CONFIG ?= pkg-config
FW_OUT          ?= build
VMXR_FW_CC      := $(shell $(VMXR_PKG_CONFIG) --variable=fwcc vmxr)
VMXR_FW_CFLAGS  := $(shell $(VMXR_PKG_CONFIG) --variable=fwcflags vmxr)
VMXR_FW_CHECK   := $(shell $(VMXR_PKG_CONFIG) --variable=fwcheck vmxr)
VMXR_DRV_SRC    := $(shell $(VMXR_PKG_CONFIG) --variable=drvsrc vmxr)
ifeq ($(VMXR_FW_CFLAGS),)
$(error vmxr-firmware.mk: pkg-config finds no vmxr.pc (set PKG_CONFIG_PATH to PREFIX/lib/pkgconfig))
endif

FW_OBJS := $(FW_SRC:%.c=$(FW_OUT)/obj/%.o) $(if $(filter 1,$(FW_DRV)),$(FW_OUT)/obj/vmxr_drv.o)

$(FW_OUT)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(VMXR_FW_CC) $(VMXR_FW_CFLAGS) $(FW_CFLAGS) -MMD -MP -c -o $@ $<

$(FW_OUT)/obj/vmxr_drv.o: $(VMXR_DRV_SRC)
	@mkdir -p $(@D)
	$(VMXR_FW_CC) $(VMXR_FW_CFLAGS) -c -o $@ $<

$(FW_OUT)/$(FW_NAME).o: $(FW_OBJS)
	ld -r -o $@ $(FW_OBJS)
	@$(VMXR_FW_CHECK) $@ || { rm -f $@; exit 1; }

# -Bsymbolic: the firmware's references to its own functions stay its own.
$(FW_OUT)/$(FW_NAME).so: $(FW_OUT)/$(FW_NAME).o
	$(VMXR_FW_CC) -shared -nostdlib -Wl,-Bsymbolic -o $@ $<

-include $(FW_OBJS:.o=.d)
