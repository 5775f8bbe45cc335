# Engine benchmark: cycles/s of the port-level engines model, rtl and cosim on
# one generated command stream (tests/bench_engines.c). Figures, not pass/fail.
#
#   make bench-engines                    all engines, 2^21 commands
#   make bench-engines BENCH_ARGS="200000 rtl"   a shorter run of some engines
#
# Linked exactly like $(B)/vmxr: engine_rtl.o,
# rtl_shim.o, libvmxr.a, the Verilated archive and runtime, $(RTL_LIBS).
# `make bench` runs it too (after tests/bench_model.c's txn/model figures).
# Not part of `make test`.

BENCH_ENGINES := $(B)/bench/bench_engines
BENCH_ARGS    ?=

$(BENCH_ENGINES): $(B)/obj/tests/bench_engines.o $(B)/obj/tests/bench_stream.o $(RTL_OBJ) $(B)/libvmxr.a $(VDIR)/Vvmxr_top__ALL.a $(VRUNTIME)
	@mkdir -p $(@D)
	g++ $(LDFLAGS) -o $@ $^ $(RTL_LIBS)

.PHONY: bench-engines
help::
	@echo '  bench-engines      cycles/s of model, rtl and cosim (BENCH_ARGS=)'
bench-engines: $(BENCH_ENGINES)
	$(BENCH_ENGINES) $(BENCH_ARGS)

# `make bench` = bench_model (its own recipe) and the engine figures.
bench: bench-engines
