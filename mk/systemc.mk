# SystemC virtual platform of the unit (cosim/systemc/, cosim/vmxr_sc.h,
# docs/systemc.md): engines sc-tlm, sc-model, sc-rtl and sc-cosim, item-level
# buses that vmxr loads from the plugin $(B)/libvmxr-sc.so (make sc).
#
#   make sc-tests   the port list against the generated Vvmxr_top_sc.h
#                   (tests/sc_ports.sh); the C API tests (tests/test_sc_api.c,
#                   with 50 create/destroy cycles under valgrind); every
#                   directed vector on every SystemC engine through vmxr,
#                   at the cycles of the cosim bus (tests/sc_vectors.sh);
#                   every firmware scenario on every SystemC engine with the
#                   model engine's transcript (tests/sc_fw.sh); SystemC FSTs
#                   opened in GTKWave (tests/sc_wave.sh); a mutated RTL
#                   caught by sc-cosim (tests/sc_mutant.sh)
#   make bench-sc   cycles/s of sc-model, sc-rtl, sc-cosim and commands/s of
#                   sc-tlm beside model, rtl, cosim and txn (tests/bench_sc.c)
#
# vmxr itself links no SystemC: `make` builds it alone, so an RTL edit
# re-Verilates only the plain model. `make sc` (or SC=1 with any goal that
# builds `all`) adds the plugin; every SystemC test asks for it. The
# parameter-matrix, sanitizer and coverage builds never build it
# (libsystemc is not instrumented).
#
# Programs that link the platform statically (tests/test_sc_api.c,
# tests/bench_sc.c, the README's example) use one Verilator runtime: the
# SystemC RTL (--sc --prefix Vvmxr_top_sc, its own directory $(B)/vsc)
# links against the same $(VRUNTIME) as the plain RTL.
# In Verilator 5.006 VM_SC changes exactly one thing in the runtime: the
# body of VerilatedContext::timeprecision(), an inline function of
# verilated.h, gains a check of the model's precision against the current
# SystemC context's resolution. A VM_SC=1 runtime would define the same
# symbols as $(VRUNTIME) (two of them in one binary: the first one linked
# wins), and the VM_SC=1 copy aborts the plain rtl engine (its 1 ns
# precision against a default 1 ps SystemC context). So vl_plain.o, linked
# ahead of every archive, pins the plain copy of that function; every
# SystemC context of the platform runs at 1 ns anyway. VerilatedFstSc is
# header-only in this Verilator (verilated_fst_sc.cpp is an empty legacy
# file).

SC ?= 0

SC_VDIR     := $(B)/vsc
SC_LIBS     := $(shell pkg-config --libs systemc 2>/dev/null || echo -lsystemc)
SC_INC      := $(shell pkg-config --cflags systemc 2>/dev/null)
SC_VL_DEFS  := -DVM_COVERAGE=0 -DVM_SC=1 -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_TRACE_VCD=0
SC_CXXFLAGS := -std=gnu++17 -O2 -g -faligned-new -isystem $(VL_INC) -isystem $(VL_INC)/vltstd -isystem $(SC_VDIR) \
               $(SC_INC) $(SC_VL_DEFS) $(PARAMS) $(SANFLAGS) -Wall -Wextra -Werror -Imodel -Icosim -Icosim/systemc \
               -fPIC -MMD -MP
SC_HDRS     := $(wildcard cosim/systemc/*.h) cosim/vmxr_sc.h
SC_LIB      := $(B)/libvmxr_sc.a
SC_LIB_OBJ  := $(B)/obj/cosim/systemc/vmxr_sc.o $(B)/obj/cosim/systemc/sc_driver.o $(B)/obj/cosim/systemc/bus_sc.o
SC_PLAIN    := $(B)/obj/cosim/systemc/vl_plain.o
# bus_sc.o linked as an object makes the sc-* engines available to the
# registry (which refers to their constructor weakly); the C API alone
# needs only the archive.
SC_BUS      := $(B)/obj/cosim/systemc/bus_sc.o
SC_LINK     := $(SC_PLAIN) $(SC_BUS) $(SC_LIB) $(SC_VDIR)/Vvmxr_top_sc__ALL.a
SC_PLUGIN   := $(B)/libvmxr-sc.so

$(SC_VDIR)/Vvmxr_top_sc__ALL.a: $(RTL_DEPS) build/regs.ok mk/systemc.mk
	@rm -rf $(SC_VDIR) && mkdir -p $(SC_VDIR)
	@echo "VERILATE --sc $(VGEN) -> $(SC_VDIR)"
	@$(VERILATOR) --sc -Wall --trace-fst --prefix Vvmxr_top_sc --top-module vmxr_top -I$(RTL_DIR) $(VGEN) \
	  --Mdir $(SC_VDIR) -MAKEFLAGS "OPT_FAST=-O2" -CFLAGS "-fPIC $(SANFLAGS)" --build -j $(VL_JOBS) $(VL_LINT) \
	  $(RTL_V) > $(SC_VDIR).log 2>&1 || { cat $(SC_VDIR).log; exit 1; }
	@test -f $@ || { echo "verilator built no $@"; cat $(SC_VDIR).log; exit 1; }

$(B)/obj/cosim/systemc/vmxr_sc.o: cosim/systemc/vmxr_sc.cpp $(SC_HDRS) $(SC_VDIR)/Vvmxr_top_sc__ALL.a build/regs.ok \
                                  mk/systemc.mk
	@mkdir -p $(@D)
	g++ $(SC_CXXFLAGS) -c -o $@ $<

$(SC_PLAIN): cosim/systemc/vl_plain.cpp
	@mkdir -p $(@D)
	g++ $(CXXFLAGS) -Wall -Wextra -Werror -c -o $@ $<

# The C parts of the platform, position-independent: they go into the
# plugin as well as into libvmxr_sc.a.
$(B)/obj/cosim/systemc/%.o: cosim/systemc/%.c build/regs.ok mk/systemc.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC -c -o $@ $<

$(SC_LIB): $(SC_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# ---- the plugin vmxr loads for the sc-* engines ------------------------------
#
# libvmxr-sc.so is self-contained: the platform, the SystemC RTL, position-
# independent copies of the model, comparator and registry, and its own copy
# of the Verilator runtime (the one archive, built -fPIC; in the plugin only
# the SystemC RTL uses it, and every context of the platform runs at 1 ns),
# bound to itself (-Bsymbolic) and exporting only the C API and the
# registry's constructor. vmxr finds it next to itself (cosim/registry.c). Built by
# `make sc`, by every SystemC test and by `make SC=1`; an RTL edit followed by
# plain `make` rebuilds only the plain Verilated model and vmxr.

SC_PIC_SRC  := $(MODEL_SRC) $(ENGINE_SRC)
SC_PIC_OBJ  := $(SC_PIC_SRC:%.c=$(B)/pic/%.o)
SC_VRUNTIME := $(VRUNTIME)

$(B)/pic/%.o: %.c build/regs.ok
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC -c -o $@ $<

$(SC_PLUGIN): $(SC_LIB_OBJ) $(SC_PIC_OBJ) $(SC_VDIR)/Vvmxr_top_sc__ALL.a $(SC_VRUNTIME) cosim/systemc/plugin.map
	g++ -shared $(LDFLAGS) -o $@ -Wl,-Bsymbolic -Wl,--no-undefined -Wl,--version-script=cosim/systemc/plugin.map \
	  $(SC_LIB_OBJ) $(SC_PIC_OBJ) $(SC_VDIR)/Vvmxr_top_sc__ALL.a $(SC_VRUNTIME) $(SC_LIBS) $(RTL_LIBS)

.PHONY: sc
sc: $(SC_PLUGIN)
help::
	@echo '  sc                 the SystemC platform plugin (libvmxr-sc.so next to vmxr: the sc-* engines)'

ifeq ($(SC),1)
all: $(SC_PLUGIN)
endif

# ---- tests --------------------------------------------------------------------

SC_TEST    := $(B)/tests/test_sc_api

$(SC_TEST): $(B)/obj/tests/test_sc_api.o $(RTL_OBJ) $(SC_LINK) $(B)/libvmxr.a \
            $(VDIR)/Vvmxr_top__ALL.a $(VRUNTIME)
	@mkdir -p $(@D)
	g++ $(LDFLAGS) -o $@ $(filter-out %.a,$^) -Wl,--start-group $(filter %.a,$^) -Wl,--end-group \
	  $(SC_LIBS) $(CMOCKA_LIBS) $(RTL_LIBS)

.PHONY: sc-tests sc-api-tests sc-vectors sc-fw sc-valgrind sc-wave sc-mutant bench-sc
help::
	@echo '  sc-tests           the SystemC platform: ports, C API, vectors, firmware, valgrind, waves, mutant, README example'
	@echo '  bench-sc           SystemC engine figures'
TEST_STAGES += 50:sc-tests

sc-api-tests: $(SC_TEST)
	sh tests/sc_ports.sh $(SC_VDIR)
	$(SC_TEST) $(VECTORS)

# Every directed vector on every SystemC engine, through vmxr's item-level
# bus; the pin-level ones start every item at the cycle the cosim bus does.
sc-vectors: $(B)/vmxr $(SC_PLUGIN)
	sh tests/sc_vectors.sh $(B)/vmxr $(VECTORS)
	$(B)/vmxr run -q --bus --engine sc-cosim --stall-seed 3 $(VECTORS)

# 50 create/destroy cycles of every engine, one API case, and vmxr running
# every directed vector on sc-cosim (a platform per file), under valgrind.
sc-valgrind: $(SC_TEST) $(B)/vmxr $(SC_PLUGIN)
	valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=all \
	  --suppressions=tests/valgrind.supp --suppressions=tests/sc_valgrind.supp \
	  $(SC_TEST) --only create_destroy_cycles --only apb_and_commands
	valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=all \
	  --suppressions=tests/valgrind.supp --suppressions=tests/sc_valgrind.supp \
	  $(B)/vmxr run -q --bus --engine sc-cosim $(VECTORS)

sc-wave: $(SC_TEST)
	sh tests/sc_wave.sh $(SC_TEST)

# The firmware scenarios on every SystemC bus: the model engine's transcripts.
sc-fw: $(B)/vmxr $(SC_PLUGIN)
	sh tests/sc_fw.sh $(B)/vmxr

# A mutated RTL must diverge in sc-cosim with the C co-simulation's report.
sc-mutant:
	sh tests/sc_mutant.sh "$(MAKE)"

# The C program in README.md (after the readme-c-example marker), built
# exactly as printed and run: it must print the decisions the README says.
SC_README := $(B)/tests/readme_example

$(SC_README).c: README.md
	@mkdir -p $(@D)
	awk '/<!-- readme-c-example -->/ { f = 1; next } f && /^```c/ { g = 1; next } g && /^```/ { exit } g' $< > $@
	@test -s $@ || { echo "README.md: no C example after <!-- readme-c-example -->"; rm -f $@; exit 1; }

$(SC_README): $(SC_README).c $(RTL_OBJ) $(SC_LINK) $(B)/libvmxr.a \
              $(VDIR)/Vvmxr_top__ALL.a $(VRUNTIME)
	$(CC) $(CFLAGS) -c -o $@.o $<
	g++ $(LDFLAGS) -o $@ $@.o $(filter-out %.a %.c,$^) -Wl,--start-group $(filter %.a,$^) -Wl,--end-group \
	  $(SC_LIBS) $(RTL_LIBS)

.PHONY: sc-readme
sc-readme: $(SC_README)
	$(SC_README) > $(SC_README).out
	@cat $(SC_README).out
	@grep -qx 'LAUNCH LAUNCHED to 0x01 rule NONE' $(SC_README).out && \
	  grep -qx 'EVENT DELIVER to 0x13 rule HOME' $(SC_README).out || \
	  { echo "sc-readme: the README's example does not print what the README says"; exit 1; }
	@echo "sc-readme: the README's C example builds, runs and prints what the README says"

sc-tests: sc-api-tests sc-vectors sc-fw sc-valgrind sc-wave sc-mutant sc-readme

# ---- benchmark ----------------------------------------------------------------

$(B)/bench/bench_sc: $(B)/obj/tests/bench_sc.o $(B)/obj/tests/bench_stream.o $(RTL_OBJ) $(SC_LINK) $(B)/libvmxr.a \
                     $(VDIR)/Vvmxr_top__ALL.a $(VRUNTIME)
	@mkdir -p $(@D)
	g++ $(LDFLAGS) -o $@ $(filter-out %.a,$^) -Wl,--start-group $(filter %.a,$^) -Wl,--end-group \
	  $(SC_LIBS) $(RTL_LIBS)

bench-sc: $(B)/bench/bench_sc
	$(B)/bench/bench_sc $(BENCH_SC_ARGS)

bench: bench-sc
