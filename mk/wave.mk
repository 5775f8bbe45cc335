# vmxr wave: FST waveforms of the RTL around one command, with a GTKWave save
# file and translate filters (runner/wave.c; tests/wave.sh).
#
# `vmxr wave`. The test needs gtkwave (fst2vcd) and xvfb-run, which
# scripts/setup.sh installs (`make setup`).

.PHONY: wave-tests
wave-tests: $(B)/vmxr
	sh tests/wave.sh $(B)/vmxr
