# Functional coverage: dv/coverage.c (bins counted by replaying vector
# files on the transaction-level core, timing bins from the port-level run,
# the table) and dv/coverage_json.c (the JSON), `vmxr cover` in
# cli/cmd_cover.c; tests/test_coverage.c and test_coverage_tables.c (cmocka, tiny in-memory streams
# with exact bin counts, merge, JSON round trip, malformed JSON, usage
# errors of cmd_cover) and tests/cover.sh (the directed set's table, JSON
# and holes; a merge of two halves equals the whole; usage errors).
#
#   make cover-tests          both tests on $(B)/vmxr (a few seconds)
#   make SAN=1 cover-tests    the same on the sanitized build
#   make cover-directed       the directed set's coverage table and holes,
#                             JSON in $(B)/cover/directed.json

.PHONY: cover-tests cover-directed
help::
	@echo '  cover-tests        functional coverage (test_coverage, tests/cover.sh)'
	@echo '  cover-directed     coverage table and holes of the directed set'
TEST_STAGES += 64:cover-tests

# test_coverage also calls cmd_cover, which is not in libvmxr.a.
$(B)/tests/test_coverage: $(B)/obj/tests/test_coverage.o $(B)/obj/tests/test_coverage_util.o $(B)/obj/cli/cmd_cover.o \
                         $(B)/libvmxr.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)
$(B)/tests/test_coverage_tables: $(B)/obj/tests/test_coverage_tables.o $(B)/obj/tests/test_coverage_util.o \
                                $(B)/obj/cli/cmd_cover.o $(B)/libvmxr.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)

cover-tests: $(B)/tests/test_coverage $(B)/tests/test_coverage_tables $(B)/vmxr
	$(B)/tests/test_coverage
	$(B)/tests/test_coverage_tables
	sh tests/cover.sh $(B)/vmxr

cover-directed: $(B)/vmxr
	@mkdir -p $(B)/cover
	$(B)/vmxr cover --json $(B)/cover/directed.json $(VECTORS)
