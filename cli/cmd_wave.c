/* vmxr wave: an FST waveform of the RTL around one command of a vector file,
 * with a GTKWave save file that opens it with the signals grouped by stage,
 * encodings shown by name and a marker on the command's decision (the
 * waveform and save file: dv/wave.h).
 *
 * The run is done twice on the port-level engine: once to find the cycles
 * (the handshake and decision cycles the bus driver records), once with the
 * trace window. Both runs see the same stimulus and stall seed, so their
 * cycles are the same. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "run.h"
#include "vmxr_engine.h"
#include "vmxr_registry.h"
#include "wave.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

#define WAVE_DEFAULT_WINDOW 40u
#define WAVE_WHOLE_FILE 400u /* runs shorter than this are traced whole */

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *base_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static const char WAVE_HELP[] =
    "usage: vmxr wave FILE [--line N | --cycle C] [--window W] [--engine rtl|cosim]\n"
    "                 [--stall-seed S] [-o OUT.fst]\n"
    "\n"
    "Runs FILE on the RTL and writes an FST waveform around one command, a\n"
    "GTKWave save file next to it (OUT.gtkw: signals grouped APB, command in,\n"
    "RT, EX, DQ / decision out, per-CPU state, usage; op, outcome, rule, error\n"
    "code, platform class, contexts and register addresses by name; the primary\n"
    "marker at the start of the cycle whose rising edge takes the command's\n"
    "decision, where GTKWave's value column shows that decision; named marker\n"
    "A on its handshake, B and C on any injected decisions, 'EX' on the cycle\n"
    "EX chose it, 'RT' on the cycle RT routed it (an IOR, MEM or KEY\n"
    "decision); on top the signals of the stage that chose it: the I/O\n"
    "compare for IOR, the memory or key compare at the handshake and RT's\n"
    "pick for MEM and KEY (with EX's arbitration for a GRP key entry), the\n"
    "GROUP arbitration, else RT class and EX route), and the\n"
    "translate filter files it uses (OUT.<kind>.txt, generated from the\n"
    "register source's name tables). Prints the paths and a gtkwave command.\n"
    "\n"
    "FILE is run once to find the cycles, then again with the trace on.\n"
    "\n"
    "options:\n"
    "  --line N        the command (ev, launch or resume) on line N of FILE.\n"
    "                  Default: the first command whose expectation fails on\n"
    "                  the engine, else the first command; with cosim, the\n"
    "                  cycle where model and RTL diverge, if they do (then\n"
    "                  the run goes on 10 cycles past it, and the view is\n"
    "                  the one vmxr run writes for the command in flight)\n"
    "  --cycle C       centre on clock cycle C instead (cycle 0 is the first\n"
    "                  reset cycle; the numbering of run and divergence reports)\n"
    "  --window W      cycles traced before the handshake and after the last\n"
    "                  decision (or around C); default 40. A run shorter than\n"
    "                  400 cycles is traced whole\n"
    "  --engine E      rtl (default) or cosim (the C model and the RTL in\n"
    "                  lockstep; the waveform is the RTL's)\n"
    "  --stall-seed S  drive with random dec_ready back-pressure and idle gaps\n"
    "                  from seed S (as the runner's stall mode does)\n"
    "  --max-cycles N  fail once the run would clock more than N cycles\n"
    "                  (default 100000000, as for vmxr run)\n"
    "  -o OUT.fst      output; default build/waves/<file-stem>-L<line>.fst\n"
    "                  (-C<cycle> with --cycle); directories are created\n"
    "  -h, --help      this text\n"
    "\n"
    "exit status: 0 written, 1 the engine failed before the window, 2 bad usage,\n"
    "a malformed FILE (FILE:LINE:COL: message) or a line that is not a command.\n";

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmxr wave: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: vmxr wave FILE [--line N | --cycle C] [--window W] [--engine rtl|cosim] "
                    "[--stall-seed S] [-o OUT.fst]   (vmxr wave --help)\n");
    return EXIT_USAGE;
}

struct wave_args {
    const char *file, *out, *engine;
    bool have_line, have_cycle, have_seed;
    uint64_t line, cycle, window, seed, max_cycles;
};

/* -1 parsed, else an exit status. */
static int parse_args(int argc, char **argv, struct wave_args *a)
{
    *a = (struct wave_args){ .engine = vmxr_engine_with(VMXR_ENG_RTL | VMXR_ENG_PORT)->name, .window = WAVE_DEFAULT_WINDOW };
    bool opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (opts_done || arg[0] != '-' || arg[1] == '\0') {
            if (a->file)
                return usage("more than one vector file ('%s')", arg);
            a->file = arg;
            continue;
        }
        if (!strcmp(arg, "--")) {
            opts_done = true;
            continue;
        }
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            fputs(WAVE_HELP, stdout);
            return 0;
        }
        static const char *const VALUED[] = { "--line", "--cycle", "--window", "--engine", "--stall-seed", "-o",
                                                "--max-cycles" };
        const char *val = NULL;
        size_t which = N(VALUED);
        for (size_t k = 0; k < N(VALUED); k++) {
            size_t n = strlen(VALUED[k]);
            if (!strncmp(arg, VALUED[k], n) && (arg[n] == '\0' || (arg[n] == '=' && VALUED[k][1] == '-'))) {
                which = k;
                val = arg[n] == '=' ? arg + n + 1 : NULL;
                break;
            }
        }
        if (which == N(VALUED))
            return usage("unknown option '%s'", arg);
        if (!val) {
            if (i + 1 >= argc)
                return usage("%s needs a value", VALUED[which]);
            val = argv[++i];
        }
        switch (which) {
        case 0:
            if (!cli_number(val, false, UINT32_MAX, &a->line) || a->line == 0)
                return usage("--line needs a line number (1, 2, ...), not '%s'", val);
            a->have_line = true;
            break;
        case 1:
            if (!cli_number(val, false, UINT64_MAX / (2 * WAVE_TIME_PER_CYCLE), &a->cycle))
                return usage("--cycle needs a cycle number, not '%s'", val);
            a->have_cycle = true;
            break;
        case 2:
            if (!cli_number(val, false, 1000000, &a->window))
                return usage("--window needs a number of cycles (0 to 1000000), not '%s'", val);
            break;
        case 3:
            if (!wave_engine(val))
                return usage("--engine must be rtl or cosim (the engines with a waveform), not '%s'", val);
            a->engine = val;
            break;
        case 4:
            if (!cli_number(val, true, UINT64_MAX, &a->seed))
                return usage("--stall-seed needs a number, not '%s'", val);
            a->have_seed = true;
            break;
        case 6:
            if (!cli_number(val, false, UINT64_MAX, &a->max_cycles) || a->max_cycles == 0)
                return usage("--max-cycles needs a number of cycles (at least 1), not '%s'", val);
            break;
        default:
            if (!val[0])
                return usage("%s", "-o needs a file name");
            a->out = val;
            break;
        }
    }
    if (!a->file)
        return usage("%s", "no vector file given");
    if (a->have_line && a->have_cycle)
        return usage("%s", "give --line or --cycle, not both");
    return -1;
}

/* s as one shell word: as is if it needs no quoting, else in single quotes. */
static void put_shell_word(FILE *out, const char *s)
{
    bool plain = s[0] != '\0';
    for (const char *c = s; *c && plain; c++)
        plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                strchr("/._-+,:@%=", *c) != NULL;
    if (plain) {
        fputs(s, out);
        return;
    }
    fputc('\'', out);
    for (const char *c = s; *c; c++)
        if (*c == '\'')
            fputs("'\\''", out);
        else
            fputc(*c, out);
    fputc('\'', out);
}

/* "build/waves/<stem>-<tag>.fst" */
static bool default_out(char *buf, size_t n, const char *file, char tag, uint64_t num)
{
    const char *b = base_of(file);
    size_t len = strlen(b);
    const char *dot = strrchr(b, '.');
    if (dot && dot != b)
        len = (size_t)(dot - b);
    int w = snprintf(buf, n, "build/waves/%.*s-%c%llu.fst", (int)len, b, tag, (unsigned long long)num);
    return w > 0 && (size_t)w < n;
}

/* What the first run keeps: the command on --line, or else the first
 * command whose expectation fails and the first command. */
struct pick {
    unsigned line; /* --line, 0 none */
    bool have_line, have_failed, have_first, line_not_cmd;
    struct vec_item line_it, failed_it, first_it;
    struct vec_result line_r, failed_r, first_r;
    char line_text[512], failed_text[512], first_text[512];
};

static void pick_item(void *ctx, unsigned n, const struct vec_item *it, const char *text, const struct vec_result *r)
{
    (void)n;
    struct pick *p = ctx;
    if (p->line && it->line == p->line) {
        p->have_line = vec_is_command(it->kind);
        p->line_not_cmd = !p->have_line;
        p->line_it = *it;
        p->line_r = *r;
        snprintf(p->line_text, sizeof p->line_text, "%s", text);
    }
    if (!vec_is_command(it->kind))
        return;
    if (!p->have_first) {
        p->have_first = true;
        p->first_it = *it;
        p->first_r = *r;
        snprintf(p->first_text, sizeof p->first_text, "%s", text);
    }
    if (!p->have_failed && !r->partial && !run_item_holds(it, r)) {
        p->have_failed = true;
        p->failed_it = *it;
        p->failed_r = *r;
        snprintf(p->failed_text, sizeof p->failed_text, "%s", text);
    }
}

int cmd_wave(int argc, char **argv)
{
    struct wave_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;

    char err[4096];
    struct vec_reader *src = vec_open(a.file, err, sizeof err);
    if (!src) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }
    struct pick *p = calloc(1, sizeof *p);
    if (!p) {
        fprintf(stderr, "vmxr wave: out of memory\n");
        vec_close(src);
        return EXIT_FAILED;
    }
    if (a.have_line) {
        /* the line must hold a command: known from the file, before any run */
        struct vec_item it;
        const char *t;
        int k;
        while ((k = vec_next(src, &it, &t, err, sizeof err)) == 1 && it.line < a.line)
            ;
        if (k != 1 || it.line != a.line || !vec_is_command(it.kind) || !vec_rewind(src, err, sizeof err)) {
            fprintf(stderr, "%s:%llu: not a command (ev, launch or resume)\n", a.file, (unsigned long long)a.line);
            free(p);
            vec_close(src);
            return EXIT_USAGE;
        }
        p->line = (unsigned)a.line;
    }

    struct run_opts opts = { .stall = a.have_seed, .stall_seed = a.seed, .max_cycles = a.max_cycles };
    struct run_stats st = { 0 };
    struct run_sink sink = { pick_item, p };
    bool diverged = false;
    uint64_t div_cycle = 0;
    bool ok = run_stream(src, a.engine, &opts, &sink, &st, err, sizeof err, &diverged, &div_cycle);
    rc = EXIT_FAILED;
    if (!ok)
        fprintf(stderr, "%s\n", err);
    if (!ok && !diverged && st.cycles == 0)
        goto out;
    uint64_t last = st.cycles ? st.cycles - 1 : 0; /* last cycle the run reached */
    const char *why = "";

    /* what to show: the command's item, result and text */
    const struct vec_item *it = p->have_line ? &p->line_it : NULL;
    const struct vec_result *r = p->have_line ? &p->line_r : NULL;
    const char *text = p->line_text;
    if (a.have_line && !it) {
        fprintf(stderr, "%s:%llu: the run ended before this command\n", a.file, (unsigned long long)a.line);
        goto out;
    }
    if (!a.have_line && !a.have_cycle) {
        if (diverged) {
            a.have_cycle = true;
            a.cycle = div_cycle;
            why = " (where model and RTL diverge)";
        } else if (p->have_failed) {
            it = &p->failed_it, r = &p->failed_r, text = p->failed_text;
            why = " (first failed expectation)";
        } else if (p->have_first) {
            it = &p->first_it, r = &p->first_r, text = p->first_text;
            why = " (first command)";
        } else {
            fprintf(stderr, "%s: no command (ev, launch or resume) to show; use --cycle\n", a.file);
            rc = EXIT_USAGE;
            goto out;
        }
    }

    uint64_t from, to, marker;
    struct wave_command_view cv;
    memset(&cv, 0, sizeof cv);
    char out[4096];
    if (a.have_cycle) {
        if (a.cycle > last) {
            fprintf(stderr, "%s: cycle %llu is past the end of the run (%llu cycles)\n", a.file,
                    (unsigned long long)a.cycle, (unsigned long long)st.cycles);
            rc = EXIT_USAGE;
            goto out;
        }
        marker = a.cycle;
        from = a.cycle > a.window ? a.cycle - a.window : 0;
        to = a.cycle + a.window;
        snprintf(cv.title, sizeof cv.title, "%s cycle %llu%s", base_of(a.file), (unsigned long long)a.cycle, why);
        cv.v.title = cv.title;
        if (!default_out(out, sizeof out, a.file, 'C', a.cycle)) {
            fprintf(stderr, "vmxr wave: output path too long\n");
            goto out;
        }
    } else {
        if (r->ndec == 0) {
            fprintf(stderr, "%s:%u: the run ended before this command's decision\n", a.file, it->line);
            goto out;
        }
        marker = r->dec_cycle[0];
        from = r->cycle > a.window ? r->cycle - a.window : 0;
        to = r->dec_cycle[r->ndec - 1] + a.window;
        wave_command_view(a.file, it, text, r, &cv);
        if (!default_out(out, sizeof out, a.file, 'L', it->line)) {
            fprintf(stderr, "vmxr wave: output path too long\n");
            goto out;
        }
    }
    /* a traced co-simulation goes on past its divergence (run.h) */
    uint64_t trace_last = diverged ? div_cycle + RUN_PAST_DIVERGENCE : last;
    if (st.cycles < WAVE_WHOLE_FILE) {
        from = 0;
        to = trace_last;
    }
    if (to > trace_last)
        to = trace_last;

    const char *fst = a.out ? a.out : out;
    char gtkw[4096];
    unsigned div_line = 0;
    if (diverged && a.have_cycle && a.cycle == div_cycle) {
        /* the divergence: the view of the command in flight, as vmxr run
         * writes it, the run going on past the divergence */
        struct run_opts dopts = opts;
        dopts.past_divergence = RUN_PAST_DIVERGENCE;
        rc = wave_write_divergence(src, a.engine, &dopts, div_cycle, div_cycle - from, to - div_cycle, NULL, fst, gtkw,
                                   sizeof gtkw, &div_line, err, sizeof err);
    } else {
        rc = wave_write_view(src, a.engine, &opts, from, to, marker, &cv.v, fst, gtkw, sizeof gtkw, err, sizeof err);
    }
    if (rc != 0) {
        fprintf(stderr, "%s%s\n", rc == WAVE_EWRITE ? "vmxr wave: " : "", err);
        rc = rc == WAVE_EWRITE ? EXIT_USAGE : EXIT_FAILED;
        goto out;
    }
    if (!a.have_cycle) {
        printf("%s:%u%s: %.*s\n", a.file, it->line, why, (int)it->text_len, text);
        printf("  handshake cycle %llu, decision cycle", (unsigned long long)r->cycle);
        for (unsigned k = 0; k < r->ndec; k++)
            printf("%s %llu", k ? "," : "", (unsigned long long)r->dec_cycle[k]);
        printf("; marker at t=%llu\n", (unsigned long long)wave_marker_time(marker));
    } else {
        printf("%s: cycle %llu%s; marker at t=%llu\n", a.file, (unsigned long long)a.cycle, why,
               (unsigned long long)wave_marker_time(marker));
        if (div_line)
            printf("  in flight at the divergence: %s:%u\n", a.file, div_line);
    }
    printf("  traced cycles %llu..%llu (engine %s%s)\n", (unsigned long long)from, (unsigned long long)to, a.engine,
           a.have_seed ? ", stalls" : "");
    if (gtkw[0]) {
        printf("%s\n%s\n", fst, gtkw);
        printf("open with: gtkwave ");
        put_shell_word(stdout, gtkw);
        putchar('\n');
    } else { /* a device: no save file */
        printf("%s\n", fst);
    }
    rc = 0;
out:
    free(p);
    vec_close(src);
    return rc;
}
