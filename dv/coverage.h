/* Functional coverage (dv/coverage.c, the VMXR-2 tables' bins in
 * dv/coverage_v2.c; the JSON in dv/coverage_json.c): named bins, counted
 * from the decisions and the architectural state a vector file produces.
 *
 * Collection replays the file on the transaction-level core (so every bin
 * sees the state routing used) and, when port-level results are given,
 * also counts the timing bins (APB writes landing while commands are in
 * flight, commands held off by a write, injection bubbles) from them.
 * A struct cov is plain data owned by the caller; bins are fixed at build
 * time, so two collections merge by adding counts. */
#ifndef VMXR_COVERAGE_H
#define VMXR_COVERAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "run.h"

struct cov;

struct cov *cov_new(void);
void cov_free(struct cov *c);

/* Adds the coverage of f; res (port-level results of running f, or NULL)
 * adds the timing bins. */
void cov_add_file(struct cov *c, const struct vec_file *f, const struct vec_result *res);

/* The same, streamed: cov_file_begin for a file with those straps (timing:
 * its items will come with port-level results), cov_file_item for each
 * item in file order (r its result, or NULL), cov_file_end (count_timing:
 * the run that gave the results succeeded, so its timing bins count) to
 * finish and free. The memory held is a few items, whatever the file's
 * length. cov_file_begin returns NULL (counted as a file lost) when out of
 * memory; the other two take NULL and do nothing. */
struct cov_file;
struct cov_file *cov_file_begin(struct cov *c, const struct vmxr_straps *straps, bool timing);
void cov_file_item(struct cov_file *cf, const struct vec_item *it, const struct vec_result *r);
void cov_file_end(struct cov_file *cf, bool count_timing);

void cov_merge(struct cov *into, const struct cov *from);

unsigned cov_bins(const struct cov *c);  /* bins in the model */
unsigned cov_holes(const struct cov *c); /* bins never hit */

/* Bin b (0 .. cov_bins - 1, in table order): its name (plain ASCII, shorter
 * than COV_NAME_MAX; "" past the last bin) and its count (0 past the last);
 * cov_add_count adds n to its count, saturating at UINT64_MAX (nothing past
 * the last). */
#define COV_NAME_MAX 48
const char *cov_bin_name(const struct cov *c, unsigned b);
uint64_t cov_count(const struct cov *c, unsigned b);
void cov_add_count(struct cov *c, unsigned b, uint64_t n);

/* Table: one line per bin group with hits/total, then every hole by name. */
void cov_print(const struct cov *c, FILE *out);

/* JSON: {"bins": {"NAME": COUNT, ...}, "total": N, "hit": N, "holes": [...]};
 * cov_read_json adds a file written by cov_write_json (merging shards).
 * Both return false on an I/O or format error. */
bool cov_write_json(const struct cov *c, FILE *out);
bool cov_read_json(struct cov *c, FILE *in, char *err, size_t errlen);

#endif /* VMXR_COVERAGE_H */
