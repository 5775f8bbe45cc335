/* vmxr gen: options, help and usage errors of the constrained-random
 * generator; the stream itself is gen_stream (dv/gen.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "gen.h"
#include "out.h"
#include "vmxr_model.h"

#define EXIT_USAGE 2

static const char GEN_USAGE[] = "usage: vmxr gen --seed S --count N [--ncpu C] [--mix NAME] [-o FILE]\n";

static void gen_help(FILE *o)
{
    fputs("usage: vmxr gen --seed S --count N [--ncpu C] [--mix NAME] [-o FILE]\n"
          "\n"
          "Writes a constrained-random VEC1 stream without expectations: a header\n"
          "comment, 'vmxr-vectors 1', a strap, a configuration prologue written by\n"
          "VMM 0 (owners, profiles, #PF mask/match, EXC, TYPE in every mode, I/O\n"
          "ranges, platform routes, groups, usage, VMM_EN, locks; in the default,\n"
          "mem and key mixes also the memory and key ranges), then N items of\n"
          "the mix: events of every kind (EPT violations with gpa= at memory-entry\n"
          "edges, CPUID/VMCALL/RDMSR/WRMSR keys at key-entry edges in those\n"
          "mixes), launches, resumes, legal and refused APB\n"
          "writes, locks, reads and idle gaps. Every 12th item reads CPU_STATE of the\n"
          "next CPU in turn. Run it on any engine; with no expectations, 'vmxr run\n"
          "--engine cosim' checks the model against the RTL on every port.\n"
          "The same options give the same bytes on every machine (for the same\n"
          "build parameters, which the header comment names).\n"
          "\n"
          "options:\n"
          "  --seed S     the random seed (decimal or 0x hex, 64 bits); required\n"
          "  --count N    items after the prologue, 1..10000000; required\n",
          o);
    fprintf(o, "  --ncpu C     commands use CPUs 0..C-1, C in 1..%d (default %d), plus rare\n"
               "               commands to CPUs >= NCPU (BAD_CPU)\n",
            VMXR_NCPU, VMXR_NCPU);
    fputs("  --mix NAME   the weighting of the items (default 'default'):\n", o);
    for (const char *const *n = gen_mix_names; *n; n++)
        fprintf(o, "                 %-9s %s\n", *n, gen_mix_desc(*n));
    fputs("  -o FILE      write FILE instead of standard output\n"
          "  -h, --help   this text\n"
          "\n"
          "exit status: 0 written, 2 bad usage (a missing or bad option, count 0 or\n"
          "above 10000000, an unknown mix) or FILE cannot be written.\n",
          o);
}

static int gen_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr gen: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", GEN_USAGE);
    return EXIT_USAGE;
}

int cmd_gen(int argc, char **argv)
{
    const char *seed_s = NULL, *count_s = NULL, *ncpu_s = NULL, *mix = NULL, *out_path = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        const char **slot = NULL;
        const char *name = NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            gen_help(stdout);
            return 0;
        }
        if (cli_option(argc, argv, &i, "--seed", &v))
            slot = &seed_s, name = "--seed";
        else if (cli_option(argc, argv, &i, "--count", &v))
            slot = &count_s, name = "--count";
        else if (cli_option(argc, argv, &i, "--ncpu", &v))
            slot = &ncpu_s, name = "--ncpu";
        else if (cli_option(argc, argv, &i, "--mix", &v))
            slot = &mix, name = "--mix";
        else if (cli_option(argc, argv, &i, "-o", &v))
            slot = &out_path, name = "-o";
        else if (a[0] == '-')
            return gen_usage_error("unknown option '%s'", a);
        else
            return gen_usage_error("unexpected argument '%s'", a);
        if (!v || !*v)
            return gen_usage_error("%s needs a value", name);
        if (*slot)
            return gen_usage_error("%s given twice", name);
        *slot = v;
    }
    if (!seed_s)
        return gen_usage_error("%s is required", "--seed");
    if (!count_s)
        return gen_usage_error("%s is required", "--count");
    uint64_t seed, count, ncpu = VMXR_NCPU;
    if (!cli_number(seed_s, true, UINT64_MAX, &seed))
        return gen_usage_error("bad --seed '%s' (a decimal or 0x number)", seed_s);
    if (!cli_number(count_s, true, UINT64_MAX, &count) || count < 1 || count > GEN_MAX_COUNT)
        return gen_usage_error("bad --count '%s' (1 to 10000000)", count_s);
    /* range checked here: cli_number's max does not hold for one digit above a max below 9 */
    if (ncpu_s && (!cli_number(ncpu_s, false, UINT64_MAX, &ncpu) || ncpu < 1 || ncpu > VMXR_NCPU)) {
        fprintf(stderr, "vmxr gen: bad --ncpu '%s' (1 to %d)\n%s", ncpu_s, VMXR_NCPU, GEN_USAGE);
        return EXIT_USAGE;
    }
    if (mix) {
        bool known = false;
        for (const char *const *n = gen_mix_names; *n; n++)
            known |= !strcmp(*n, mix);
        if (!known) {
            fprintf(stderr, "vmxr gen: unknown mix '%s' (mixes:", mix);
            for (const char *const *n = gen_mix_names; *n; n++)
                fprintf(stderr, " %s", *n);
            fprintf(stderr, ")\n%s", GEN_USAGE);
            return EXIT_USAGE;
        }
    }
    struct out o = { .fp = stdout };
    char err[512];
    if (out_path && out_open(&o, out_path, err, sizeof err) != 0) {
        fprintf(stderr, "vmxr gen: %s\n", err);
        return EXIT_USAGE;
    }
    int rc = gen_stream(o.fp, seed, (unsigned)count, (unsigned)ncpu, mix ? mix : gen_mix_names[0], err, sizeof err);
    if (rc != 0) {
        /* the temporary file only: an existing OUT stays as it was; a
         * standard output that failed is reported by main */
        if (out_path) {
            fprintf(stderr, "vmxr gen: %s: %s\n", out_path, err);
            out_abort(&o);
        } else if (!ferror(stdout)) {
            fprintf(stderr, "vmxr gen: %s\n", err);
        }
        return EXIT_USAGE;
    }
    if (out_path && out_close(&o, err, sizeof err) != 0) {
        fprintf(stderr, "vmxr gen: %s\n", err);
        return EXIT_USAGE;
    }
    return 0;
}
