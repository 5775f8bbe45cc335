# vmxr wave: FST waveforms of the RTL around one command, with a GTKWave save
# file and translate filters (the command cli/cmd_wave.c, the waveform and
# save-file library dv/wave.c; tests/wave.sh).
#
# The test needs gtkwave (fst2vcd) and xvfb-run, which scripts/setup.sh
# installs.

.PHONY: wave-tests
help::
	@echo '  wave-tests         vmxr wave, FST and GTKWave save files (tests/wave.sh)'
TEST_STAGES += 66:wave-tests
wave-tests: $(B)/vmxr
	sh tests/wave.sh $(B)/vmxr
