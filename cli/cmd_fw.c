/* vmxr fw: run a scenario's firmware on an engine (docs/platform.md). */
#define _GNU_SOURCE /* fopencookie: an output compared with its golden as it is written */
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
    "                     vmxr_firmware of vmxr_fw.h, ABI version 2) instead of the\n"
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

/* A golden file compared, line by line, with an output as it is written:
 * only the current line (its first GLINE bytes) is kept, and the first
 * difference. */
#define GLINE 300

struct golden {
    const char *what; /* "transcript", "trace" */
    char path[4096];
    FILE *g;          /* the golden file; NULL when it could not be opened */
    char err[160];    /* why there is no golden to compare with */
    unsigned line;    /* the line being compared (1-based) */
    bool differs;     /* found on line `line` ... */
    bool done;        /* ... and both its lines read */
    bool want_end, got_end; /* which side had ended at that line's start */
    char want[GLINE], got[GLINE];
    size_t wl, gl;    /* the lines' bytes so far (at most GLINE kept) */
};

static void keep(char *buf, size_t *len, int c)
{
    if (*len < GLINE)
        buf[*len] = (char)c;
    ++*len;
}

/* The rest of the golden line after a difference. */
static void golden_rest(struct golden *g)
{
    int c;
    while ((c = getc(g->g)) != EOF && c != '\n')
        keep(g->want, &g->wl, c);
}

/* One byte of the output (c) or its end (c == EOF). */
static void golden_feed(struct golden *g, int c)
{
    if (!g->g || g->done)
        return;
    if (g->differs) { /* the rest of the output's line */
        if (c == EOF || c == '\n')
            g->done = true;
        else
            keep(g->got, &g->gl, c);
        return;
    }
    errno = 0;
    int w = getc(g->g);
    if (w == EOF && ferror(g->g)) {
        snprintf(g->err, sizeof g->err, "cannot read: %s", strerror(errno ? errno : EIO));
        fclose(g->g);
        g->g = NULL;
        return;
    }
    if (w == c) {
        if (c == EOF)
            g->done = true; /* the same */
        else if (c == '\n') {
            g->line++;
            g->wl = g->gl = 0;
        } else {
            keep(g->want, &g->wl, c);
            keep(g->got, &g->gl, c);
        }
        return;
    }
    g->differs = true;
    g->want_end = w == EOF && g->wl == 0;
    g->got_end = c == EOF && g->gl == 0;
    if (w != EOF && w != '\n') {
        keep(g->want, &g->wl, w);
        golden_rest(g);
    }
    golden_feed(g, c);
}

static ssize_t golden_write(void *cookie, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        golden_feed(cookie, (unsigned char)buf[i]);
    return (ssize_t)n;
}

/* Opens DIR/NAME.EXT as the golden of what (when it cannot be, the reason
 * is kept for golden_report). */
static void golden_open(struct golden *g, const char *what, const char *dir, const char *name, const char *ext)
{
    *g = (struct golden){ .what = what, .line = 1 };
    snprintf(g->path, sizeof g->path, "%s/%s.%s", dir, name, ext);
    g->g = fopen(g->path, "rb");
    if (!g->g)
        snprintf(g->err, sizeof g->err, "cannot open: %s", strerror(errno));
}

/* Prints the first difference (or why there is no golden); true when the
 * output was the golden file byte for byte. Closes the golden file. */
static bool golden_report(struct golden *g)
{
    golden_feed(g, EOF);
    if (g->g)
        fclose(g->g);
    g->g = NULL;
    if (g->err[0]) {
        printf("%s: %s (no golden %s)\n", g->path, g->err, g->what);
        return false;
    }
    if (!g->differs)
        return true;
    printf("%s:%u: %s differs\n", g->path, g->line, g->what);
    printf("  golden: %.*s\n", g->want_end ? 13 : (int)(g->wl < GLINE ? g->wl : GLINE),
           g->want_end ? "(end of file)" : g->want);
    printf("  got:    %.*s\n", g->got_end ? 13 : (int)(g->gl < GLINE ? g->gl : GLINE),
           g->got_end ? "(end of file)" : g->got);
    return false;
}

/* Where one output goes as the platform writes it: the file named (out.h:
 * a temporary file renamed at the end, or a device written through),
 * standard output, a golden comparison, or several of these. */
struct sink {
    FILE *fp;          /* the platform writes here (NULL: nowhere) */
    struct out o;      /* the named file, if any */
    const char *path;
    FILE *to;          /* the named file or standard output, if any */
    struct golden *g;  /* the comparison, if any */
};

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
    struct sink *k = cookie;
    if (k->to)
        (void)fwrite(buf, 1, n, k->to); /* an error stays in k->to's flag, reported at the end */
    if (k->g)
        (void)golden_write(k->g, buf, n);
    return (ssize_t)n;
}

/* Opens an output: to path (NULL: standard output if to_stdout), compared
 * with g (NULL: not). 0, or 2 after a message (nothing created then). */
static int sink_open(struct sink *k, const char *path, bool to_stdout, struct golden *g)
{
    char err[4096 + 256];
    *k = (struct sink){ .path = path, .g = g };
    if (path) {
        if (out_open(&k->o, path, err, sizeof err) != 0) {
            fprintf(stderr, "vmxr fw: %s\n", err);
            return EXIT_USAGE;
        }
        k->to = k->o.fp;
    } else if (to_stdout) {
        k->to = stdout;
    }
    if (!g) {
        k->fp = k->to;
        return 0;
    }
    k->fp = fopencookie(k, "w", (cookie_io_functions_t){ .write = sink_write });
    if (!k->fp) {
        fprintf(stderr, "vmxr fw: out of memory\n");
        if (path)
            out_abort(&k->o);
        return EXIT_USAGE;
    }
    return 0;
}

/* Finishes an output: 0, or 2 after a message when writing the named file
 * failed (the file is then left as it was). */
static int sink_close(struct sink *k)
{
    char err[4096 + 256];
    if (k->fp && k->fp != k->to)
        fclose(k->fp); /* the rest to the file and the comparison */
    k->fp = NULL;
    if (k->path) {
        if (out_close(&k->o, err, sizeof err) != 0) {
            fprintf(stderr, "vmxr fw: %s\n", err);
            return EXIT_USAGE;
        }
    } else if (k->to == stdout) {
        fflush(stdout); /* an error: out_stdout_close at the end */
    }
    return 0;
}

/* Abandons an output before the run: nothing written stays. */
static void sink_abort(struct sink *k)
{
    if (k->fp && k->fp != k->to)
        fclose(k->fp);
    if (k->path)
        out_abort(&k->o);
    *k = (struct sink){ 0 };
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
    /* transcript and trace go out as they are written: nothing of either is
     * kept, whatever the length of the run */
    struct golden gx, gt;
    if (golden) {
        golden_open(&gx, "transcript", golden, s->name, "txt");
        golden_open(&gt, "trace", golden, s->name, "vec");
    }
    struct sink xs, ts = { 0 };
    int rc = sink_open(&xs, out, !golden, golden ? &gx : NULL);
    if (rc == 0 && (trace || golden) && (rc = sink_open(&ts, trace, false, golden ? &gt : NULL)) != 0)
        sink_abort(&xs);
    struct vmxr_bus *tap = rc == 0 && ts.fp ? tap_open(bus, &s->straps, ts.fp) : bus;
    if (rc != 0 || !tap) {
        if (!tap) {
            fprintf(stderr, "vmxr fw: out of memory\n");
            sink_abort(&xs);
            sink_abort(&ts);
            tap = bus;
        }
        vmxr_bus_close(tap);
        if (golden && gx.g)
            fclose(gx.g);
        if (golden && gt.g)
            fclose(gt.g);
        return rc ? rc : EXIT_FAIL;
    }
    struct plat_result r;
    plat_run(s, fw, tap, xs.fp, &r);
    vmxr_bus_close(tap);

    rc = r.ok ? 0 : EXIT_FAIL;
    if (sink_close(&xs) != 0)
        rc = EXIT_USAGE;
    if (sink_close(&ts) != 0)
        rc = EXIT_USAGE;
    if (!r.ok)
        fprintf(stderr, "vmxr fw: %s: %s\n", s->name, r.why);
    if (r.failures)
        fputs(r.failures, stderr);
    if (r.failed && rc == 0)
        rc = EXIT_FAIL;
    if (golden) {
        bool ok1 = golden_report(&gx), ok2 = golden_report(&gt);
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
    return rc;
}
