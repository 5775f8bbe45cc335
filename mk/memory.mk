# Memory independent of input length (runner/vec1.h's streaming reader, the
# runner's window of items, run.h): peak RSS of every streaming command on a
# short and a long generated stream, and of a file as long as vmxr gen
# writes. tests/peak_rss.c measures a command alone (wait4's ru_maxrss).
#
#   make memory-tests     tests/memory.sh: each long run within 4 MiB of the
#                         short one and under 64 MiB (about 40 s)
#   make bench-memory     peak RSS and wall time of vmxr run on 10^7 generated
#                         items on every engine of the build (minutes)

PEAK_RSS := $(B)/tests/peak_rss

.PHONY: memory-tests bench-memory
help::
	@echo '  memory-tests       peak RSS of streamed commands independent of input length (tests/memory.sh)'
	@echo '  bench-memory       peak RSS and time of vmxr run on 10^7 generated items, every engine'
TEST_STAGES += 58:memory-tests

memory-tests: $(B)/vmxr $(PEAK_RSS)
	sh tests/memory.sh $(B)/vmxr $(PEAK_RSS)

bench-memory: $(B)/vmxr $(PEAK_RSS)
	@mkdir -p $(B)/bench
	@$(B)/vmxr gen --seed 1 --count 10000000 -o $(B)/bench/ten-million.vec
	@for e in $$($(B)/vmxr params --engines); do \
	  t0=$$(date +%s.%N); $(PEAK_RSS) $(B)/bench/rss $(B)/vmxr run -q --engine $$e $(B)/bench/ten-million.vec > /dev/null || exit 1; \
	  t1=$$(date +%s.%N); echo "$$t0 $$t1 $$(cat $(B)/bench/rss)" | \
	  awk -v e=$$e '{ printf "run 10^7 items on %-8s %7.1f s  peak RSS %6.1f MiB\n", e, $$2 - $$1, $$3 / 1024 }'; done
	@rm -f $(B)/bench/ten-million.vec

bench: bench-memory
