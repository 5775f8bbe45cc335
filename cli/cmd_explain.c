/* vmxr explain: options, help and usage errors; the explanation itself is
 * explain_command (dv/explain.h). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "explain.h"
#include "vec1.h"
#include "vmxr_registry.h"

#define EXIT_INTERNAL 1
#define EXIT_USAGE 2

static const char USAGE_LINE[] = "usage: vmxr explain [--engine txn] (--line N | --all) FILE\n";

static const char HELP[] =
    "usage: vmxr explain [--engine txn] (--line N | --all) FILE\n"
    "\n"
    "Explains why the command (ev, launch or resume) at line N of FILE went\n"
    "where it went, or with --all every command of FILE in order. Every item before line N is replayed from reset (with the\n"
    "file's straps) on the transaction-level core; the command is then walked\n"
    "through the rules of docs/architecture.md against that state:\n"
    "  - the command as parsed, and the CPU's context, stack, blocked and\n"
    "    pending sets before it;\n"
    "  - the checks (BAD_CPU, EVENT validation);\n"
    "  - EVENT: step 1 platform class, step 2 blocking, the profile, steps\n"
    "    3-8 (PLAT, EXC with the #PF mask/match arithmetic, every I/O entry\n"
    "    the access overlaps, for an EPT violation the access kinds, the\n"
    "    frame and every memory entry, for CPUID, VMCALL, RDMSR and WRMSR the\n"
    "    key and every key entry with a GRP entry's group usages, TYPE with\n"
    "    GROUP usages, home, offline fallback) and the transition (local,\n"
    "    overflow, push);\n"
    "  - LAUNCH/RESUME: each check in order and the pop;\n"
    "  - the SMI and NMI injections that follow a pop, routed the same way;\n"
    "then the command is executed and the actual decision(s) and the stack\n"
    "after are printed. The explanation is checked against the model's\n"
    "decision: a disagreement is reported as an internal error.\n"
    "\n"
    "options:\n"
    "  --line N      the line of FILE to explain\n"
    "  --all         explain every command of FILE, in file order, each as\n"
    "                --line would (blank line between two); FILE is replayed\n"
    "                once, so this costs one run of the file\n"
    "  --engine txn  the engine to reason on. Only txn is accepted: explain\n"
    "                always reasons on the transaction-level core (the\n"
    "                cycle-accurate unit makes the same decisions; compare\n"
    "                with 'vmxr run --engine model')\n"
    "  -h, --help    this text\n"
    "\n"
    "exit status: 0 explained, 1 internal error (the explanation disagrees\n"
    "with the model; with --all, at any command), 2 bad usage, a malformed\n"
    "file (FILE:LINE:COL: message), line N is not a command, or (--all) the\n"
    "file has no command.\n";

/* SDM basic exit reasons (Appendix C). */
static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr explain: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", USAGE_LINE);
    return EXIT_USAGE;
}

int cmd_explain(int argc, char **argv)
{
    const char *file = NULL;
    unsigned line = 0;
    bool have_line = false, all = false, opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!opts_done && a[0] == '-' && a[1] != '\0') {
            if (!strcmp(a, "--")) {
                opts_done = true;
            } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
                fputs(HELP, stdout);
                return 0;
            } else if (cli_option(argc, argv, &i, "--line", &v)) {
                uint64_t n;
                if (!v)
                    return usage_error("%s needs a line number", "--line");
                if (!cli_number(v, false, 100000000u, &n) || n == 0)
                    return usage_error("bad line number '%s' (expected 1, 2, ...)", v);
                line = (unsigned)n;
                have_line = true;
            } else if (!strcmp(a, "--all")) {
                all = true;
            } else if (cli_option(argc, argv, &i, "--engine", &v)) {
                if (!v)
                    return usage_error("%s needs a value", "--engine");
                const struct vmxr_engine_info *e = vmxr_engine_find(v);
                if (!e || !vmxr_engine_direct_txn(e))
                    return usage_error("engine '%s' not accepted: explain always reasons on the transaction-level "
                                       "core (--engine txn)",
                                       v);
            } else {
                return usage_error("unknown option '%s'", a);
            }
        } else if (file) {
            return usage_error("one vector file only (got '%s' as well)", a);
        } else {
            file = a;
        }
    }
    if (!file)
        return usage_error("%s", "no vector file given");
    if (have_line == all)
        return usage_error("%s", all ? "--line N and --all exclude each other" : "--line N or --all is required");

    char err[512];
    struct vec_reader *f = vec_open(file, err, sizeof err);
    if (!f) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }
    if (!all && line > vec_nlines(f)) {
        fprintf(stderr, "%s:%u: no such line (the file has %u)\n", vec_path(f), line, vec_nlines(f));
        vec_close(f);
        return EXIT_USAGE;
    }
    if (!all && !explain_has_command(f, line)) {
        fprintf(stderr, "%s:%u: not a command (ev, launch or resume)\n", vec_path(f), line);
        vec_close(f);
        return EXIT_USAGE;
    }

    char why[512];
    unsigned ncmd = 1, nbad;
    int rc = 0;
    switch (all ? explain_all(f, stdout, why, sizeof why, &ncmd, &nbad)
                : explain_command(f, line, stdout, why, sizeof why, &nbad)) {
    case EXPLAIN_AGREES: break;
    case EXPLAIN_DISAGREES:
        if (all)
            fprintf(stderr, "explain: internal error: explanation disagrees with the model at %u of %u commands\n  %s\n",
                    nbad, ncmd, why);
        else
            fprintf(stderr, "explain: internal error: explanation disagrees with the model\n  %s\n", why);
        if (!all && nbad > 1)
            fprintf(stderr, "  (and %u more disagreement%s)\n", nbad - 1, nbad == 2 ? "" : "s");
        rc = EXIT_INTERNAL;
        break;
    default:
        fprintf(stderr, "vmxr explain: %s\n", why);
        rc = EXIT_USAGE;
        break;
    }
    vec_close(f);
    return rc;
}
