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

# Idle stretches: wall time of 10^7 idle cycles in one item on each
# port-level engine (the fast path of vmxr_engine_idle; before it, 11.5 s on
# rtl and about twice that on cosim).
.PHONY: bench-idle
help::
	@echo '  bench-idle         seconds for idle 10000000 on model, rtl and cosim'
bench-idle: $(B)/vmxr
	@mkdir -p $(B)/bench
	@printf 'vmxr-vectors 1\nidle 10000000\n' > $(B)/bench/idle.vec
	@for e in model rtl cosim; do \
	  t0=$$(date +%s.%N); $(B)/vmxr run -q --engine $$e $(B)/bench/idle.vec > /dev/null || exit 1; t1=$$(date +%s.%N); \
	  echo "$$t0 $$t1" | awk -v e=$$e '{ printf "idle 10000000 on %-5s %.3f s\n", e, $$2 - $$1 }'; done

bench: bench-idle
