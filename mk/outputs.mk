# Output files of every writing command (runner/out.c behind runner/out.h):
# devices, FIFOs and links written through and never replaced, regular
# files replaced atomically, write errors reported with exit 2.
#
#   make output-tests           tests/outputs.sh on $(B)/vmxr (a few seconds)

.PHONY: output-tests
help::
	@echo '  output-tests       output files of every command: devices, links, write errors (tests/outputs.sh)'
TEST_STAGES += 57:output-tests

output-tests: $(B)/vmxr
	sh tests/outputs.sh $(B)/vmxr
