# vmxr — reference model, RTL and co-simulation of the VMXR-1 routing unit.
#
#   make          build build/vmxr (default parameters)
#   make run      the default regression: `vmxr regress` with RTL coverage
#                 (docs/regression.md; installs missing Debian packages)
#   make test     every test (installs missing Debian packages)
#   make bench    benchmarks with figures
#   make regs     regenerate the files derived from regs/vmxr.regs
#   make help     every target and knob, one line each
#
# Build-time parameters: NCPU, NVM, NIOR, NMEM, NKEY, DEPTH (e.g. make NIOR=32). A
# non-default set builds into its own directory (build/p-...). VCOV=1
# Verilates the RTL with --coverage (mk/regress.mk builds it as build/cov).

NCPU  ?= 4
NVM   ?= 16
NIOR  ?= 16
NMEM  ?= 8
NKEY  ?= 8
DEPTH ?= 4

CC      ?= cc
OPT     ?= -O2
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -Werror
PARAMS  := -DVMXR_NCPU=$(NCPU) -DVMXR_NVM=$(NVM) -DVMXR_NIOR=$(NIOR) -DVMXR_NMEM=$(NMEM) -DVMXR_NKEY=$(NKEY) \
           -DVMXR_DEPTH=$(DEPTH)
SAN     ?=
VCOV    ?=

ifneq ($(BDIR),)
B := $(BDIR)
else ifeq ($(NCPU)-$(NVM)-$(NIOR)-$(NMEM)-$(NKEY)-$(DEPTH)$(SAN)$(VCOV),4-16-16-8-8-4)
B := build
else ifeq ($(NMEM)-$(NKEY),8-8)
B := build/p-$(NCPU)-$(NVM)-$(NIOR)-$(DEPTH)$(if $(SAN),-san)$(if $(VCOV),-cov)
else
B := build/p-$(NCPU)-$(NVM)-$(NIOR)-$(DEPTH)-m$(NMEM)-k$(NKEY)$(if $(SAN),-san)$(if $(VCOV),-cov)
endif
ifneq ($(SAN),)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

CFLAGS  := $(CSTD) $(WARN) $(OPT) -g $(PARAMS) $(SANFLAGS) -Imodel -Icosim -Irunner -Idv -Icli -Ifirmware -Ivmms -Iplatform -MMD -MP
LDFLAGS := $(SANFLAGS)

MODEL_SRC  := model/vmxr_regs_table.c model/vmxr_regfile.c model/vmxr_route.c model/vmxr_txn.c model/vmxr_unit.c
ENGINE_SRC := cosim/engine_model.c cosim/registry.c cosim/bus.c cosim/compare.c
RUNNER_SRC := $(sort $(wildcard runner/*.c))
DV_SRC     := $(sort $(wildcard dv/*.c))
CLI_SRC    := $(sort $(wildcard cli/*.c))
LIB_SRC    := $(MODEL_SRC) $(ENGINE_SRC) $(RUNNER_SRC) $(DV_SRC)
LIB_OBJ    := $(LIB_SRC:%.c=$(B)/obj/%.o)

TESTS      := test_regfile_rules test_regfile_fields test_route_classify test_route_target test_route_mem_key test_route_stack test_unit test_vec1 test_cli test_compare test_vectors
TEST_BINS  := $(TESTS:%=$(B)/tests/%)

# Files generated from regs/vmxr.regs and committed; `make regs` rewrites them.
REGGEN   := build/reggen
REGS_SRC := regs/vmxr.regs
GEN_FILES := model/vmxr_regs.h model/vmxr_regs_table.c rtl/vmxr_regs.svh docs/registers.md

VECTORS  := $(sort $(wildcard vectors/directed/*.vec))
SETUP    := sh scripts/setup.sh

.PHONY: all run test bench regs regs-check setup clean vectors unit-tests sanitize valgrind params-matrix cli-tests bad-tests lint
.DELETE_ON_ERROR:

all: $(B)/vmxr

# ---- register source -------------------------------------------------------

$(REGGEN): regs/reggen.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

# Fails (and says what to do) when a committed generated file is stale.
build/regs.ok: $(REGS_SRC) $(REGGEN) $(GEN_FILES) tests/regs_drift.sh
	@sh tests/regs_drift.sh $(REGGEN) $(REGS_SRC) .
	@touch $@

regs: $(REGGEN)
	$(REGGEN) $(REGS_SRC) h > model/vmxr_regs.h
	$(REGGEN) $(REGS_SRC) c > model/vmxr_regs_table.c
	$(REGGEN) $(REGS_SRC) svh > rtl/vmxr_regs.svh
	$(REGGEN) $(REGS_SRC) md > docs/registers.md

regs-check: build/regs.ok

# ---- model, runner, CLI -----------------------------------------------------

$(B)/obj/%.o: %.c build/regs.ok
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libvmxr.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# ---- RTL: Verilator ----------------------------------------------------------

VERILATOR ?= verilator
VL_INC    := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null || echo /usr/share/verilator)/include
RTL_DIR   ?= rtl
# The file list: $(RTL_DIR)/vmxr.f (rtl/vmxr.f for an RTL copy without one),
# names relative to its directory, // comments.
RTL_F     := $(firstword $(wildcard $(RTL_DIR)/vmxr.f) rtl/vmxr.f)
RTL_V     := $(addprefix $(RTL_DIR)/,$(shell sed -e 's|//.*||' $(RTL_F)))
RTL_DEPS  := $(RTL_V) $(RTL_DIR)/vmxr_regs.svh $(RTL_F)
VDIR      := $(B)/vrtl
VGEN      := -GNCPU=$(NCPU) -GNVM=$(NVM) -GNIOR=$(NIOR) -GNMEM=$(NMEM) -GNKEY=$(NKEY) -GDEPTH=$(DEPTH)
VL_COV    := $(if $(VCOV),--coverage)
VL_DEFS   := -DVM_COVERAGE=$(if $(VCOV),1,0) -DVM_SC=0 -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_TRACE_VCD=0
CXXFLAGS  := -std=gnu++17 -O2 -g -faligned-new -isystem $(VL_INC) -isystem $(VL_INC)/vltstd $(VL_DEFS) $(SANFLAGS)
VRDIR     := build/vruntime$(if $(SAN),-san)$(if $(VCOV),-cov)
VRUNTIME  := $(VRDIR)/libverilated.a
RTL_LIBS  := -lz -pthread -latomic
# The Verilated models compile with this many jobs (Verilator's --build -j).
VL_JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
# RTL_LINT=warn: Verilator's lint findings in an RTL edit are printed as
# warnings instead of stopping the build, for trying an experimental edit;
# `make test` and `make lint` stay strict whatever it says.
RTL_LINT  ?= strict
VL_LINT   := $(if $(filter warn,$(RTL_LINT)),-Wno-fatal)

$(VDIR)/Vvmxr_top__ALL.a: $(RTL_DEPS) build/regs.ok
	@rm -rf $(VDIR) && mkdir -p $(VDIR)
	@echo "VERILATE $(VGEN) -> $(VDIR)"
	@$(VERILATOR) --cc -Wall --trace-fst $(VL_COV) --top-module vmxr_top -I$(RTL_DIR) $(VGEN) --Mdir $(VDIR) \
	  -MAKEFLAGS "OPT_FAST=-O2" $(if $(SANFLAGS),-CFLAGS "$(SANFLAGS) -fno-sanitize=alignment") --build -j $(VL_JOBS) $(VL_LINT) $(RTL_V) \
	  > $(VDIR).log 2>&1 || { cat $(VDIR).log; exit 1; }
	@test -f $@ || { echo "verilator built no $@"; cat $(VDIR).log; exit 1; }
	@! grep -q '^%Warning' $(VDIR).log || { grep -A3 '^%Warning' $(VDIR).log; echo "RTL_LINT=warn: lint findings above"; }

# The Verilator runtime does not depend on the RTL or its parameters: built once,
# position-independent (the SystemC plugin links it too).
# Under SAN=1, Verilator's code is built with AddressSanitizer but without
# the UBSan checks its FST tracing trips by design on every traced run: the
# runtime's bundled FST writer (gtkwave/fstapi.c: unaligned stores, shifts
# of negative values) without UBSan, the Verilated model (verilated_trace.h:
# unaligned loads) without the alignment check. Our code keeps every check.
$(VRDIR)/%.o: $(VL_INC)/%.cpp
	@mkdir -p $(@D)
	g++ $(CXXFLAGS) -fPIC $(if $(SAN),-fno-sanitize=undefined) -Wno-unused-parameter -c -o $@ $<

$(VRUNTIME): $(VRDIR)/verilated.o $(VRDIR)/verilated_threads.o $(VRDIR)/verilated_fst_c.o \
             $(if $(VCOV),$(VRDIR)/verilated_cov.o)
	@rm -f $@
	ar rcs $@ $^

$(B)/obj/cosim/rtl_shim.o: cosim/rtl_shim.cpp cosim/vmxr_rtl.h model/vmxr_ports.h $(VDIR)/Vvmxr_top__ALL.a
	@mkdir -p $(@D)
	g++ $(CXXFLAGS) -Wall -Wextra -Werror -isystem $(VDIR) -Imodel -Icosim -c -o $@ $<

# Linking these objects makes the rtl and cosim engines available: the
# registry (cosim/registry.c) refers to their constructors weakly.
RTL_OBJ := $(B)/obj/cosim/engine_rtl.o $(B)/obj/cosim/rtl_shim.o

# Fragments (mk/*.mk) add what they link into vmxr: VMXR_EXTRA_OBJ (objects
# and archives, as prerequisites) and VMXR_EXTRA_LIBS (-l flags). Archives are
# linked as one group, so they may refer to each other in any order.
VMXR_EXTRA_OBJ  :=
VMXR_EXTRA_LIBS :=
.SECONDEXPANSION:
$(B)/vmxr: $(CLI_SRC:%.c=$(B)/obj/%.o) $(RTL_OBJ) $$(VMXR_EXTRA_OBJ) $(B)/libvmxr.a $(VDIR)/Vvmxr_top__ALL.a $(VRUNTIME)
	g++ $(LDFLAGS) -o $@ $(filter-out %.a,$^) -Wl,--start-group $(filter %.a,$^) -Wl,--end-group \
	  $(RTL_LIBS) $(VMXR_EXTRA_LIBS)

# ---- tests ------------------------------------------------------------------

CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

$(B)/tests/%: $(B)/obj/tests/%.o $(B)/libvmxr.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)

setup:
	@$(SETUP)

unit-tests: $(TEST_BINS)
	@set -e; for t in $(filter-out %/test_vectors,$(TEST_BINS)); do echo "== $$t"; $$t; done
	$(B)/tests/test_vectors $(VECTORS)

STALL_SEEDS ?= 1 2 3

# Every directed vector that holds at this build's DEPTH (VECTORS_AT_DEPTH:
# all of them at the default 4) on every engine; the port-level ones also
# through the item-level bus (as the firmware platform drives them) and with
# random back-pressure and gaps.
vectors: $(B)/vmxr
	$(B)/vmxr run -q --engine txn $(VECTORS_AT_DEPTH)
	$(B)/vmxr run -q --engine model $(VECTORS_AT_DEPTH)
	$(B)/vmxr run -q --engine rtl $(VECTORS_AT_DEPTH)
	$(B)/vmxr run -q --engine cosim $(VECTORS_AT_DEPTH)
	$(B)/vmxr run -q --bus --engine model $(VECTORS_AT_DEPTH)
	$(B)/vmxr run -q --bus --engine cosim $(VECTORS_AT_DEPTH)
	$(B)/vmxr run -q --bus --engine cosim --stall-seed 2 $(VECTORS_AT_DEPTH)
	@set -e; for s in $(STALL_SEEDS); do \
	  $(B)/vmxr run -q --engine model --stall-seed $$s $(VECTORS_AT_DEPTH); \
	  $(B)/vmxr run -q --engine cosim --stall-seed $$s $(VECTORS_AT_DEPTH); done

cli-tests: $(B)/vmxr
	sh tests/cli.sh $(B)/vmxr

# Malformed input, one case a file: tests/bad/NAME.vec or .scn and the exact
# stderr expected of `vmxr run` or `vmxr fw`, tests/bad/NAME.out (tests/bad.sh).
bad-tests: $(B)/vmxr
	sh tests/bad.sh $(B)/vmxr

cosim-mutant: $(B)/vmxr
	sh tests/cosim_mutant.sh $(B)/vmxr "$(MAKE)"
	sh tests/wave_diverge.sh $(B)/vmxr build/mutant-tie/vmxr

lint:
	@sh tests/rtl_filelist.sh $(RTL_DIR)
	@set -e; for n in 8 16 32 64; do for m in 4 8 16; do \
	  $(VERILATOR) --lint-only -Wall -I$(RTL_DIR) -GNIOR=$$n -GNMEM=$$m -GNKEY=$$m $(RTL_V); \
	  echo "verilator --lint-only -Wall NIOR=$$n NMEM=NKEY=$$m: clean"; done; done
	iverilog -g2012 -Wall -Wno-timescale -I$(RTL_DIR) -o /dev/null $(RTL_V)
	@echo "iverilog -g2012 -Wall: clean"

# The parameter matrix: points NIOR-NCPU-DEPTH-NMEM-NKEY (MATRIX_POINTS), one
# build each, that together give every NIOR the architecture names (8, 32 and
# 64 beside the default 16), every NCPU of 1, 2 and 4, both stack depths 2
# and 7 (4 is the default) and NMEM and NKEY 4 and 16 (8 is the default). At a point with four CPUs every directed vector
# that holds at its DEPTH runs on every engine (`make vectors`; with fewer CPUs the commands to the missing CPUs end in
# BAD_CPU); at every point but the default depth's, MATRIX_SEEDS random
# streams run in cosim (`make cosim-random`).
MATRIX_SEEDS  ?= 150
MATRIX_POINTS ?= 8-4-2-4-16 32-4-7-16-4 64-4-4-16-16 16-1-2-4-4 16-2-7-8-8
params-matrix:
	@set -e; for p in $(MATRIX_POINTS); do set -- $$(echo $$p | tr - ' '); n=$$1 c=$$2 d=$$3 m=$$4 k=$$5; \
	  echo "params-matrix: NIOR=$$n NCPU=$$c DEPTH=$$d NMEM=$$m NKEY=$$k"; \
	  if [ $$c = 4 ]; then $(MAKE) --no-print-directory SC=0 NIOR=$$n NCPU=$$c DEPTH=$$d NMEM=$$m NKEY=$$k \
	    STALL_SEEDS=1 vectors; fi; \
	  if [ $$d != 4 ]; then $(MAKE) --no-print-directory SC=0 NIOR=$$n NCPU=$$c DEPTH=$$d NMEM=$$m NKEY=$$k \
	    RANDOM_SEEDS=$(MATRIX_SEEDS) cosim-random; fi; done

# The directed vectors that need the default DEPTH 4: stack_overflow_depth
# fills a stack to exactly four entries and overflows it (fails at DEPTH 2
# and 7); group_least_usage pushes a third entry on CPU 1 (fails at DEPTH
# 2). Every other one holds at any DEPTH from 2 (found by running every
# vector at DEPTH 2 and 7 on txn, model and cosim: only these failed).
VECTORS_DEPTH4    := $(addprefix vectors/directed/,group_least_usage.vec stack_overflow_depth.vec)
VECTORS_ANY_DEPTH := $(filter-out $(VECTORS_DEPTH4),$(VECTORS))
# The directed vectors that need the default NMEM = NKEY = 8: PARAMS2's value and
# the first unmapped entry of each table (every other one uses entries 0..3).
VECTORS_TABLES8   := $(addprefix vectors/directed/,mem_key_params2_table_ends.vec mem_key_last_entries_high_frames.vec)
VECTORS_DEPTH7    := $(sort $(wildcard vectors/directed-depth7/*.vec))
# the directed vectors that hold at this build's DEPTH, NMEM and NKEY
VECTORS_AT_DEPTH   = $(filter-out $(if $(filter 8-8,$(NMEM)-$(NKEY)),,$(VECTORS_TABLES8)),\
                     $(if $(filter 4,$(DEPTH)),$(VECTORS),$(VECTORS_ANY_DEPTH) $(if $(filter 7,$(DEPTH)),$(VECTORS_DEPTH7))))

RANDOM_SEEDS ?= 300
.PHONY: cosim-random
cosim-random: $(B)/vmxr
	$(B)/vmxr regress --no-directed --seeds $(RANDOM_SEEDS) -j 2 --out $(B)/cosim-random > $(B)/cosim-random.log 2>&1 || \
	  { tail -n 30 $(B)/cosim-random.log; exit 1; }
	@tail -n 1 $(B)/cosim-random.log

# The bounds of a run (--max-cycles, --timeout), the idle fast path, and a
# mutant RTL whose output moves in the middle of an idle stretch.
.PHONY: bounds-tests
bounds-tests: $(B)/vmxr
	sh tests/mutant_idle.sh "$(MAKE)"
	sh tests/bounds.sh $(B)/vmxr build/mutant-idle/vmxr

# (output-tests, 170 file-system cases, pass under SAN=1 too: `make SAN=1
# output-tests`; left out here for the time make test may take.)
sanitize:
	$(MAKE) --no-print-directory SAN=1 STALL_SEEDS=1 unit-tests vectors cli-tests bad-tests explain-tests cover-tests \
	  regress-tests firmware-tests fw-tests

valgrind: $(B)/vmxr
	valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=all --suppressions=tests/valgrind.supp \
	  $(B)/vmxr run -q --engine model --stall-seed 9 $(VECTORS)
	valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=all --suppressions=tests/valgrind.supp \
	  $(B)/vmxr run -q --engine txn $(VECTORS)
	@set -e; for s in $(FW_SCENARIOS); do echo "valgrind: vmxr fw $$s"; \
	  valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=all --suppressions=tests/valgrind.supp \
	    $(B)/vmxr fw -q --engine model --check-golden $(FW_GOLDEN) $$s > /dev/null; done

test: setup
	@$(MAKE) --no-print-directory RTL_LINT=strict test-body

# The stages of `make test`, each SLOT:TARGET with a two-digit SLOT: they run
# in the order of their slots. This Makefile lists its own; every fragment
# (mk/*.mk) appends its own (TEST_STAGES += 64:cover-tests). The slots keep
# dependent stages in order (cosim-mutant builds the binary regress-tests
# uses) and the slowest (params-matrix, sanitize, valgrind) last. Fragment
# slots: 30-32 firmware, 45-46 platform, 50 systemc, 57 outputs, 58 memory, 60 gen,
# 62 explain, 64 cover, 66 wave, 72-74 regress, 76 icarus, 78 formal, 92 fuzz (the
# corpus replay).
# `make test-stages` prints the order.
TEST_STAGES := 10:lint 20:unit-tests 40:vectors 55:cli-tests 56:bad-tests 57:bounds-tests 70:cosim-mutant \
               80:params-matrix 90:sanitize 95:valgrind
# Stages that build into their own directories and read nothing the others
# build: tests/stages.sh runs them alongside the others (two cores), their
# output in build/test-logs/.
TEST_ALONGSIDE := params-matrix valgrind
TEST_ORDER   = $(foreach s,$(sort $(TEST_STAGES)),$(if $(filter 2,$(words $(subst :, ,$s))),$(word 2,$(subst :, ,$s)),\
               $(error TEST_STAGES: '$s' is not SLOT:TARGET)))

.PHONY: test-body test-stages cosim-mutant
test-stages:
	@echo $(TEST_ORDER)

test-body: all
	sh tests/regs_drift_selftest.sh $(REGGEN) $(REGS_SRC)
	sh tests/setup_check.sh "$(MAKE)"
	@sh tests/stages.sh "$(MAKE)" "$(filter-out $(TEST_ALONGSIDE),$(TEST_ORDER))" "$(filter $(TEST_ALONGSIDE),$(TEST_ORDER))"

# ---- main job ---------------------------------------------------------------

run: setup
	@$(MAKE) --no-print-directory regress

# ---- benchmarks -------------------------------------------------------------

$(B)/bench/bench_model: $(B)/obj/tests/bench_model.o $(B)/obj/tests/bench_stream.o $(B)/libvmxr.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^

bench: $(B)/bench/bench_model
	$(B)/bench/bench_model

clean:
	rm -rf build

# `make help`: one line per target and knob. help:: is a double-colon rule:
# this part, then each fragment's (mk/*.mk, its own targets), then the knobs.
.PHONY: help
help::
	@echo 'make [TARGET...] [KNOB=VALUE...]   (targets of the Makefile, then of each mk/*.mk fragment)'
	@echo '  all (default)      build $(B)/vmxr; names the missing Debian packages if any'
	@echo '  run                install missing packages, then the regression (make regress)'
	@echo '  test               install missing packages, then every stage of make test-stages'
	@echo '  test-stages        print the stages make test runs, in order'
	@echo '  setup              install the missing Debian packages (scripts/setup.sh)'
	@echo '  lint               RTL file list check, verilator --lint-only -Wall (NIOR 8-64), iverilog -Wall'
	@echo '  unit-tests         the cmocka unit tests and test_vectors on the directed vectors'
	@echo '  vectors            every directed vector that holds at DEPTH on every engine, with and without stalls'
	@echo '  cli-tests          the vmxr command line (tests/cli.sh)'
	@echo '  bad-tests          malformed inputs against their golden messages (tests/bad/, tests/bad.sh)'
	@echo '  cosim-mutant       a mutated RTL must diverge in cosim (tests/cosim_mutant.sh), its waveforms'
	@echo '                     open in GTKWave on the failing decision (tests/wave_diverge.sh)'
	@echo '  params-matrix      the directed vectors and random streams at NIOR-NCPU-DEPTH points (MATRIX_POINTS)'
	@echo '  cosim-random       RANDOM_SEEDS (300) random seeds in cosim'
	@echo '  bounds-tests       --max-cycles, --timeout, the idle fast path, a mutant diverging mid-idle'
	@echo '  sanitize           the C tests again with SAN=1'
	@echo '  valgrind           vectors and firmware scenarios under valgrind'
	@echo '  bench              benchmarks with figures (not pass/fail)'
	@echo '  regs               regenerate the files derived from regs/vmxr.regs'
	@echo '  regs-check         fail if a committed generated file is stale'
	@echo '  clean              remove build/'

# Feature fragments (each owns its targets and says what `make test` runs).
include $(sort $(wildcard mk/*.mk))

# ---- missing packages -------------------------------------------------------
# Without the Verilator runtime sources, zlib or (SC=1) the SystemC headers a
# build would stop at "No rule to make target .../verilated.o" or a missing
# header. When one of these files is missing (file tests only, no process
# otherwise), scripts/setup.sh --check names the missing Debian packages and
# the one command that installs them, and make stops. The goals that install
# them (setup, run, test) or build nothing skip the check.
# FRAGMENT_NEEDS: files a fragment's goals need, which it adds only when
# one of them is asked for (mk/fuzz.mk: afl++ for make fuzz).
BUILD_NEEDS    := $(VL_INC)/verilated.cpp /usr/include/zlib.h \
                  $(if $(or $(filter 1,$(SC)),$(filter sc sc-% bench-sc,$(MAKECMDGOALS))),/usr/include/systemc.h) \
                  $(FRAGMENT_NEEDS)
NO_CHECK_GOALS := setup run test clean help test-stages
ifneq ($(filter-out $(wildcard $(BUILD_NEEDS)),$(BUILD_NEEDS)),)
ifneq ($(filter-out $(NO_CHECK_GOALS),$(or $(MAKECMDGOALS),all)),)
ifneq ($(shell $(SETUP) --check >&2 && echo ok),ok)
$(error missing Debian packages (above): install them, then run make again)
endif
endif
endif

help::
	@echo 'Knobs:'
	@echo '  NIOR=N             IO-range entries, 8, 16 (default), 32 or 64; a non-default set builds into build/p-...'
	@echo '  NMEM=N, NKEY=N     memory-range and key-range entries, 4..16 (default 8)'
	@echo '  NCPU=N             CPUs (default 4)'
	@echo '  NVM=N              VMs (default 16)'
	@echo '  DEPTH=N            context stack depth per CPU (default 4)'
	@echo '  SC=1               make also builds the SystemC plugin (libvmxr-sc.so: the sc-* engines; make sc alone)'
	@echo '  RTL_LINT=warn      Verilator lint findings in the RTL warn instead of stopping the build (make test stays strict)'
	@echo '  VL_JOBS=N          jobs for compiling a Verilated model (default: the number of cores)'
	@echo '  VCOV=1             Verilate the RTL with --coverage (own build directory)'
	@echo '  SAN=1              build with AddressSanitizer and UBSan (own build directory)'
	@echo '  BDIR=DIR           build into DIR instead of build/ or build/p-...'
	@echo '  RTL_DIR=DIR        use the RTL in DIR (its vmxr.f, else rtl/vmxr.f) instead of rtl/'
	@echo '  -jN                run N jobs at once (make -j2 on 2 cores)'

-include $(shell find build -name '*.d' 2>/dev/null)
