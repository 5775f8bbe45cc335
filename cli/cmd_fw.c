/* vmxr fw: run a scenario's firmware on an engine (docs/platform.md). */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "out.h"
#include "platform.h"
#include "vmxr_registry.h"

#define EXIT_FAIL 1
#define EXIT_USAGE 2

static const char FW_HELP[] =
    "usage: vmxr fw SCENARIO [--engine E] [--firmware FW.so] [--stall-seed S] [--trace OUT.vec]\n"
    "               [-o TRANSCRIPT] [--check-golden DIR] [-q]\n"
    "\n"
    "Runs the VMM firmware (firmware/, vmms/) on the host platform against a\n"
    "routing unit: resets the unit with the scenario's straps, boots the main\n"
    "VMM on cpu0, then runs the scenario's guest programs round-robin over the\n"
    "CPUs (one instruction per CPU per turn), turning each instruction into\n"
    "the event of the guest ABI and handing every decision to the firmware.\n"
    "The transcript (one line per decision, the firmware's log lines under it,\n"
    "then the console output, handler counts per VMM and the final registers)\n"
    "is the same on every engine. docs/platform.md has the scenario format.\n"
    "\n"
    "options:\n"
    "  --engine E         txn, model (default), rtl, cosim, sc-* (any vmxr_bus engine)\n"
    "  --firmware FW.so   run this firmware (a shared object exporting the descriptor\n"
    "                     vmxr_firmware of vmxr_fw.h, ABI version 1) instead of the\n"
    "                     built-in reference firmware (docs/firmware-sdk.md)\n"
    "  --stall-seed S     clocked engines: random decision back-pressure (dec_ready\n"
    "                     low one cycle in four, reproducibly from S); the\n"
    "                     transcript and the trace must not change\n"
    "  --trace OUT.vec    write every APB access and command, with its result, as\n"
    "                     a VEC1 file that `vmxr run` replays on any engine\n"
    "  -o TRANSCRIPT      write the transcript there instead of standard output\n"
    "  --check-golden DIR compare the transcript and the trace with DIR/NAME.txt\n"
    "                     and DIR/NAME.vec (NAME: the scenario's base name); the\n"
    "                     first difference of each is printed\n"
    "  -q, --quiet        no closing summary on standard error\n"
    "  -h, --help         this text\n"
    "\n"
    "The scenario's expect statements are checked during and after the run;\n"
    "each failure is printed as SCENARIO:LINE: expected X, got Y.\n"
    "\n"
    "exit status: 0 the run completed (and matched the goldens, and every expect\n"
    "held), 1 a firmware bug, a runaway, a bus failure, a golden mismatch or a\n"
    "failed expect, 2 bad usage, a malformed scenario (reported as\n"
    "FILE:LINE:COL: message) or a firmware that cannot be loaded or has another\n"
    "ABI version.\n";

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr fw: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: vmxr fw SCENARIO [--engine E] [--firmware FW.so] [--stall-seed S] [--trace OUT.vec] "
                    "[-o TRANSCRIPT] [--check-golden DIR]\n");
    return EXIT_USAGE;
}

static bool write_all(const char *path, const char *buf, size_t len)
{
    char err[4096 + 256];
    if (out_write(path, buf, len, err, sizeof err) == 0)
        return true;
    fprintf(stderr, "vmxr fw: %s\n", err);
    return false;
}

/* Line-wise comparison; prints the first difference. */
static bool same(const char *what, const char *gpath, const char *got, size_t glen)
{
    size_t wlen;
    char *want, err[512];
    if (!cli_slurp(gpath, 64u << 20, &want, &wlen, err, sizeof err)) {
        printf("%s (no golden %s)\n", err, what);
        return false;
    }
    bool eq = wlen == glen && !memcmp(want, got, glen);
    if (!eq) {
        const char *a = want, *b = got, *ae = want + wlen, *be = got + glen;
        unsigned line = 1;
        for (;;) {
            const char *an = memchr(a, '\n', (size_t)(ae - a)), *bn = memchr(b, '\n', (size_t)(be - b));
            size_t al = an ? (size_t)(an - a) : (size_t)(ae - a), bl = bn ? (size_t)(bn - b) : (size_t)(be - b);
            bool aend = a >= ae, bend = b >= be;
            if (aend || bend || al != bl || memcmp(a, b, al)) {
                printf("%s:%u: %s differs\n", gpath, line, what);
                printf("  golden: %.*s\n", aend ? 11 : (int)(al > 300 ? 300 : al), aend ? "(end of file)" : a);
                printf("  got:    %.*s\n", bend ? 11 : (int)(bl > 300 ? 300 : bl), bend ? "(end of file)" : b);
                break;
            }
            a += al + 1;
            b += bl + 1;
            line++;
        }
    }
    free(want);
    return eq;
}

static int run(const struct scenario *s, const struct vmxr_fw *fw, const char *engine, bool stall,
               uint64_t stall_seed, const char *trace, const char *out, const char *golden, bool quiet);

/* Loads a firmware .so: its descriptor, checked. NULL (and a message) when
 * it cannot be used; *handle is then closed. */
static const struct vmxr_fw *load_firmware(const char *path, void **handle)
{
    char buf[512];
    /* a name without a slash would be searched for in the library path */
    snprintf(buf, sizeof buf, "%s%s", strchr(path, '/') ? "" : "./", path);
    *handle = dlopen(buf, RTLD_NOW | RTLD_LOCAL);
    if (!*handle) {
        const char *e = dlerror();
        fprintf(stderr, "vmxr fw: cannot load firmware %s: %s\n", path, e ? e : "dlopen failed");
        return NULL;
    }
    const struct vmxr_fw *fw = dlsym(*handle, VMXR_FW_DESCRIPTOR_NAME);
    const char *why = fw ? vmxr_fw_check(fw, buf, sizeof buf) : "it defines no " VMXR_FW_DESCRIPTOR_NAME
                                                               " (the descriptor of vmxr_fw.h)";
    if (why) {
        fprintf(stderr, "vmxr fw: firmware %s refused: %s\n", path, why);
        dlclose(*handle);
        *handle = NULL;
        return NULL;
    }
    return fw;
}

int cmd_fw(int argc, char **argv)
{
    const char *engine = vmxr_engine_with(VMXR_ENG_MODEL | VMXR_ENG_PORT)->name, *trace = NULL, *out = NULL, *golden = NULL, *path = NULL;
    const char *fwpath = NULL;
    bool quiet = false, opts_done = false, stall = false;
    uint64_t stall_seed = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!opts_done && a[0] == '-' && a[1] != '\0') {
            if (!strcmp(a, "--")) {
                opts_done = true;
            } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
                fputs(FW_HELP, stdout);
                return 0;
            } else if (cli_option(argc, argv, &i, "--engine", &v)) {
                if (!v || !*v)
                    return usage("%s needs a value", "--engine");
                if (!vmxr_engine_find(v)) {
                    fprintf(stderr, "vmxr fw: unknown engine '%s' (this build has:", v);
                    for (unsigned k = 0; vmxr_engine_at(k); k++)
                        fprintf(stderr, " %s", vmxr_engine_at(k)->name);
                    fprintf(stderr, ")\n");
                    return usage("%s", "bad --engine");
                }
                engine = v;
            } else if (cli_option(argc, argv, &i, "--firmware", &v)) {
                if (!v || !*v)
                    return usage("%s needs a file name", "--firmware");
                fwpath = v;
            } else if (cli_option(argc, argv, &i, "--stall-seed", &v)) {
                if (!v || !*v)
                    return usage("%s needs a value", "--stall-seed");
                if (!cli_number(v, true, UINT64_MAX, &stall_seed))
                    return usage("bad --stall-seed '%s' (a decimal or 0x number)", v);
                stall = true;
            } else if (cli_option(argc, argv, &i, "--trace", &v)) {
                if (!v || !*v)
                    return usage("%s needs a file name", "--trace");
                trace = v;
            } else if (cli_option(argc, argv, &i, "--check-golden", &v)) {
                if (!v || !*v)
                    return usage("%s needs a directory", "--check-golden");
                golden = v;
            } else if (cli_option(argc, argv, &i, "-o", &v)) {
                if (!v || !*v)
                    return usage("%s needs a file name", "-o");
                out = v;
            } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
                quiet = true;
            } else {
                return usage("unknown option '%s'", a);
            }
        } else if (path) {
            return usage("more than one scenario ('%s')", a);
        } else {
            path = a;
        }
    }
    if (!path)
        return usage("%s", "no scenario given");

    struct scenario s;
    char err[1024];
    if (!scn_load(path, &s, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }
    void *fwlib = NULL;
    const struct vmxr_fw *fw = fwpath ? load_firmware(fwpath, &fwlib) : &VMXR_FW_DESCRIPTOR;
    if (!fw) {
        scn_free(&s);
        return EXIT_USAGE;
    }
    int rc = run(&s, fw, engine, stall, stall_seed, trace, out, golden, quiet);
    scn_free(&s);
    if (fwlib)
        dlclose(fwlib);
    return rc;
}

static int run(const struct scenario *s, const struct vmxr_fw *fw, const char *engine, bool stall,
               uint64_t stall_seed, const char *trace, const char *out, const char *golden, bool quiet)
{
    char err[1024];
    struct vmxr_bus *bus = vmxr_bus_open(engine, &s->straps, err, sizeof err);
    if (!bus) {
        fprintf(stderr, "vmxr fw: cannot open engine %s: %s\n", engine, err);
        return EXIT_FAIL;
    }
    if (stall)
        (void)vmxr_bus_stall(bus, true, stall_seed); /* txn and sc-tlm have no clock to stall */
    char *tbuf = NULL, *xbuf = NULL;
    size_t tlen = 0, xlen = 0;
    FILE *tf = NULL, *xf = open_memstream(&xbuf, &xlen);
    if (trace || golden)
        tf = open_memstream(&tbuf, &tlen);
    struct vmxr_bus *tap = tf ? tap_open(bus, &s->straps, tf) : bus;
    if (!xf || ((trace || golden) && (!tf || !tap))) {
        fprintf(stderr, "vmxr fw: out of memory\n");
        if (tap && tap != bus)
            vmxr_bus_close(tap);
        else
            vmxr_bus_close(bus);
        if (xf)
            fclose(xf);
        if (tf)
            fclose(tf);
        free(xbuf);
        free(tbuf);
        return EXIT_FAIL;
    }
    struct plat_result r;
    plat_run(s, fw, tap, xf, &r);
    vmxr_bus_close(tap);
    fclose(xf);
    if (tf)
        fclose(tf);

    int rc = r.ok ? 0 : EXIT_FAIL;
    if (out) {
        if (!write_all(out, xbuf, xlen))
            rc = EXIT_USAGE;
    } else if (!golden) {
        fwrite(xbuf, 1, xlen, stdout);
        fflush(stdout);
    }
    if (trace && !write_all(trace, tbuf, tlen))
        rc = EXIT_USAGE;
    if (!r.ok)
        fprintf(stderr, "vmxr fw: %s: %s\n", s->name, r.why);
    if (r.failures)
        fputs(r.failures, stderr);
    if (r.failed && rc == 0)
        rc = EXIT_FAIL;
    if (golden) {
        char g[4096];
        snprintf(g, sizeof g, "%s/%s.txt", golden, s->name);
        bool ok1 = same("transcript", g, xbuf, xlen);
        snprintf(g, sizeof g, "%s/%s.vec", golden, s->name);
        bool ok2 = same("trace", g, tbuf, tlen);
        printf("%s %s: transcript %s, trace %s (engine %s, golden %s)\n", ok1 && ok2 ? "PASS" : "FAIL", s->name,
               ok1 ? "matches" : "DIFFERS", ok2 ? "matches" : "DIFFERS", engine, golden);
        if (!(ok1 && ok2) && rc == 0)
            rc = EXIT_FAIL;
    }
    if (!quiet)
        fprintf(stderr, "vmxr fw: %s: %s, %llu guest instructions, %llu commands, %llu cycles (engine %s%s%s)\n",
                s->name, r.ok ? "completed" : "STOPPED", (unsigned long long)r.steps, (unsigned long long)r.commands,
                (unsigned long long)r.cycles, engine, fw == &VMXR_FW_DESCRIPTOR ? "" : ", firmware ",
                fw == &VMXR_FW_DESCRIPTOR ? "" : fw->name);
    if (!quiet && r.expects)
        fprintf(stderr, "vmxr fw: %s: expects: %u checked, %u failed\n", s->name, r.expects, r.failed);
    free(r.failures);
    free(xbuf);
    free(tbuf);
    return rc;
}
