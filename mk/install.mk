# Install: the vmxr program, its libraries, headers, pkg-config files, the
# man page and what an out-of-tree firmware build needs (docs/firmware-sdk.md).
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   install, the SystemC
#                 platform included (the plugin vmxr loads for sc-*, and the
#                 static libraries and vmxr-systemc.pc for one's own program)
#   make uninstall [PREFIX=...] [DESTDIR=]        remove exactly what install wrote
#   make install-tests   the reference firmware as a .so (vmxr fw --firmware)
#                 against every golden; tests/install.sh: install into a temporary DESTDIR,
#                 build examples/rtc-firmware/ from the installed files only,
#                 run it on model and rtl, a broken expect, the README's
#                 SystemC program via pkg-config, a wrong-ABI firmware;
#                 each check also shown failing against a deliberate break
#
# Layout under PREFIX:
#   bin/vmxr, bin/vmxr-fw-check
#   lib/libvmxr.a (model, engines, runner, dv), lib/libvmxr_platform.a,
#   lib/libvmxr_rtl.a (the Verilated RTL and its runtime), lib/vmxr/*.o
#   (objects that must be linked as objects: the rtl engine, the SystemC
#   bus, vl_plain), lib/libvmxr_sc.a + lib/libvmxr_sc_rtl.a (SystemC),
#   lib/vmxr/libvmxr-sc.so (the plugin bin/vmxr loads for the sc-* engines)
#   include/vmxr/*.h, lib/pkgconfig/vmxr.pc, vmxr-systemc.pc
#   share/vmxr/vmxr-firmware.mk, share/vmxr/src/vmxr_drv.c,
#   share/man/man1/vmxr.1, share/doc/vmxr/firmware-sdk.md

PREFIX  ?= /usr/local
DESTDIR ?=
I_ROOT  := $(DESTDIR)$(PREFIX)

INSTALL_HDRS := $(wildcard model/vmxr_*.h) $(wildcard cosim/vmxr_*.h) runner/vec1.h \
                firmware/vmxr_hal.h firmware/vmxr_fw.h firmware/vmxr_drv.h platform/platform.h
I_OBJS        = $(RTL_OBJ) $(SC_PLAIN) $(SC_BUS)
FW_FREE_FLAGS_PC := -std=c11 -Os -ffreestanding -nostdlib -fno-builtin -mno-red-zone -fno-stack-protector \
                    -fno-tree-loop-distribute-patterns -fPIC -Wall -Wextra $(PARAMS) -I$${includedir}

# (mk/platform.mk and mk/systemc.mk come after this fragment: their
# variables are expanded in a second pass, .SECONDEXPANSION in the Makefile)
$(B)/libvmxr_platform.a: $$(PLAT_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The manifest: every file install writes, relative to PREFIX (uninstall reads it).
I_LIBS_PRIVATE := -lz -pthread -latomic -lstdc++ -lm -ldl
I_MANIFEST = bin/vmxr bin/vmxr-fw-check lib/libvmxr.a lib/libvmxr_platform.a lib/libvmxr_rtl.a \
             lib/libvmxr_verilated.a $(addprefix lib/vmxr/,$(notdir $(I_OBJS))) \
             $(addprefix include/vmxr/,$(notdir $(INSTALL_HDRS))) lib/pkgconfig/vmxr.pc \
             share/vmxr/vmxr-firmware.mk share/vmxr/src/vmxr_drv.c share/man/man1/vmxr.1 \
             share/doc/vmxr/firmware-sdk.md \
             lib/libvmxr_sc.a lib/libvmxr_sc_rtl.a lib/pkgconfig/vmxr-systemc.pc lib/vmxr/libvmxr-sc.so

.PHONY: install uninstall install-tests
help::
	@echo '  install            install vmxr, libraries, headers, pkg-config, man page (PREFIX=/usr/local DESTDIR=)'
	@echo '  uninstall          remove what install wrote (same PREFIX and DESTDIR)'
	@echo '  install-tests      install into a temporary DESTDIR and build and run examples/rtc-firmware from it'
TEST_STAGES += 47:install-tests

install: $(B)/vmxr $(B)/libvmxr.a $(B)/libvmxr_platform.a $(VDIR)/Vvmxr_top__ALL.a $(VRUNTIME) $$(I_OBJS) \
         $$(SC_LIB) $$(SC_VDIR)/Vvmxr_top_sc__ALL.a $$(SC_PLUGIN)
	@set -e; r="$(I_ROOT)"; \
	mkdir -p "$$r/bin" "$$r/lib/vmxr" "$$r/lib/pkgconfig" "$$r/include/vmxr" "$$r/share/vmxr/src" \
	  "$$r/share/man/man1" "$$r/share/doc/vmxr"; \
	install -m 755 $(B)/vmxr "$$r/bin/vmxr"; \
	install -m 755 scripts/vmxr-fw-check "$$r/bin/vmxr-fw-check"; \
	install -m 644 $(B)/libvmxr.a "$$r/lib/libvmxr.a"; \
	install -m 644 $(B)/libvmxr_platform.a "$$r/lib/libvmxr_platform.a"; \
	install -m 644 $(VDIR)/Vvmxr_top__ALL.a "$$r/lib/libvmxr_rtl.a"; \
	install -m 644 $(VRUNTIME) "$$r/lib/libvmxr_verilated.a"; \
	for o in $(I_OBJS); do install -m 644 $$o "$$r/lib/vmxr/"; done; \
	install -m 644 $(INSTALL_HDRS) "$$r/include/vmxr/"; \
	install -m 644 firmware/vmxr-firmware.mk "$$r/share/vmxr/vmxr-firmware.mk"; \
	install -m 644 firmware/vmxr_drv.c "$$r/share/vmxr/src/vmxr_drv.c"; \
	install -m 644 docs/man/vmxr.1 "$$r/share/man/man1/vmxr.1"; \
	install -m 644 docs/firmware-sdk.md "$$r/share/doc/vmxr/firmware-sdk.md"; \
	{ echo 'prefix=$(PREFIX)'; echo 'exec_prefix=$${prefix}'; echo 'bindir=$${prefix}/bin'; \
	  echo 'libdir=$${prefix}/lib'; echo 'includedir=$${prefix}/include/vmxr'; echo 'datadir=$${prefix}/share/vmxr'; \
	  echo 'fwcc=$(CC)'; echo 'fwcflags=$(FW_FREE_FLAGS_PC)'; echo 'fwcheck=$${bindir}/vmxr-fw-check'; \
	  echo 'fwmk=$${datadir}/vmxr-firmware.mk'; echo 'drvsrc=$${datadir}/src/vmxr_drv.c'; echo; \
	  echo 'Name: vmxr'; echo 'Description: VMXR-1 routing unit: model, engines, runner, firmware platform'; \
	  echo 'Version: 1.0'; echo 'Cflags: -I$${includedir} $(PARAMS)'; \
	  echo 'Libs: $(foreach o,$(RTL_OBJ),$${libdir}/vmxr/$(notdir $o)) -L$${libdir} -Wl,--start-group -lvmxr_platform -lvmxr -lvmxr_rtl -lvmxr_verilated -Wl,--end-group $(I_LIBS_PRIVATE)'; \
	} > "$$r/lib/pkgconfig/vmxr.pc"; \
	install -m 755 $(SC_PLUGIN) "$$r/lib/vmxr/libvmxr-sc.so"; \
	if true; then \
	  install -m 644 $(SC_LIB) "$$r/lib/libvmxr_sc.a"; \
	  install -m 644 $(SC_VDIR)/Vvmxr_top_sc__ALL.a "$$r/lib/libvmxr_sc_rtl.a"; \
	  { echo 'prefix=$(PREFIX)'; echo 'libdir=$${prefix}/lib'; echo 'includedir=$${prefix}/include/vmxr'; echo; \
	    echo 'Name: vmxr-systemc'; echo 'Description: VMXR-1 SystemC platform and its C API (vmxr_sc.h)'; \
	    echo 'Version: 1.0'; echo 'Requires.private: systemc'; echo 'Cflags: -I$${includedir} $(PARAMS)'; \
	    echo 'Libs: $${libdir}/vmxr/$(notdir $(SC_PLAIN)) $${libdir}/vmxr/$(notdir $(SC_BUS)) $(foreach o,$(RTL_OBJ),$${libdir}/vmxr/$(notdir $o)) -L$${libdir} -Wl,--start-group -lvmxr_sc -lvmxr_sc_rtl -lvmxr -lvmxr_rtl -lvmxr_verilated -Wl,--end-group $(SC_LIBS) $(I_LIBS_PRIVATE)'; \
	  } > "$$r/lib/pkgconfig/vmxr-systemc.pc"; \
	fi; \
	echo "install: $(words $(I_MANIFEST)) files under $$r"

uninstall:
	@r="$(I_ROOT)"; n=0; for f in $(I_MANIFEST); do \
	  if [ -e "$$r/$$f" ]; then rm -f "$$r/$$f"; n=$$((n + 1)); fi; done; \
	for d in lib/vmxr include/vmxr share/vmxr/src share/vmxr share/doc/vmxr; do rmdir "$$r/$$d" 2>/dev/null || true; done; \
	echo "uninstall: $$n files removed under $$r"

# The reference firmware's freestanding image as a .so, loaded by
# `vmxr fw --firmware`, must reproduce every golden: the dlopen route and the
# built-in firmware are one and the same.
$(B)/freestanding/vmxr_fw.so: $(FW_IMAGE)
	$(CC) -shared -nostdlib -Wl,-Bsymbolic -o $@ $<

install-tests: $(B)/vmxr $(B)/freestanding/vmxr_fw.so
	@set -e; for s in $(FW_SCENARIOS); do \
	  $(B)/vmxr fw -q --firmware $(B)/freestanding/vmxr_fw.so --engine model --check-golden $(FW_GOLDEN) $$s; done
	sh tests/install.sh "$(MAKE)" $(B)
