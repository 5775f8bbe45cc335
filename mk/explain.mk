# `vmxr explain`: why a command went where it went (the engine in
# dv/explain.c and dv/explain_event.c behind dv/explain.h; the command in
# cli/cmd_explain.c).
#
#   make explain-tests          tests/explain.sh on $(B)/vmxr (about 1 s)
#   make SAN=1 explain-tests    the same on the sanitized build

.PHONY: explain-tests
help::
	@echo '  explain-tests      vmxr explain (tests/explain.sh)'
TEST_STAGES += 62:explain-tests

explain-tests: $(B)/vmxr
	sh tests/explain.sh $(B)/vmxr
