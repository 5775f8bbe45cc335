/* vmxr: the command-line front end. Each subcommand (cli/cmds.h) parses its
 * own options and calls the libraries beneath: vectors -> runner/ ->
 * engines (cosim/) -> decisions -> checks; the tools in dv/; the firmware
 * platform in platform/. */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "out.h"

#define EXIT_USAGE 2

static const char USAGE[] = "usage: vmxr [--help] [--version] COMMAND [ARGS]\n";

/* The subcommands, in the order the help lists them. */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *what; /* help text; continuation lines indented to column 13 */
} COMMANDS[] = {
    { "run", cmd_run, "run VEC1 vector files on an engine and check every expectation" },
    { "annotate", cmd_annotate, "print a vector file with every expectation filled in by an engine" },
    { "compile", cmd_compile,
      "turn a vector file into a cycle-by-cycle stimulus/expectation file\n"
      "            for the Icarus testbench (cosim/icarus/vmxr_tb.v)" },
    { "explain", cmd_explain, "say why the command at a line went where it went, step by step" },
    { "wave", cmd_wave, "write an FST waveform and a GTKWave save file around a decision" },
    { "gen", cmd_gen, "write a constrained-random VEC1 stream from a seed" },
    { "cover", cmd_cover, "functional coverage of vector files, or merge coverage JSON" },
    { "regress", cmd_regress,
      "the regression: directed vectors and random seeds in cosim, in\n"
      "            parallel, with coverage, JUnit and rerun commands for failures" },
    { "fw", cmd_fw,
      "run the VMM firmware on the unit from a scenario: transcript,\n"
      "            trace, goldens" },
    { "params", cmd_params, "print the build parameters of this binary" },
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void help(void)
{
    fputs("vmxr - reference model and vector runner of the VMXR-2 VMX routing unit\n"
          "\n"
          "usage: vmxr COMMAND [OPTIONS] [FILE...]\n"
          "\n"
          "commands:\n",
          stdout);
    for (size_t i = 0; i < NCOMMANDS; i++)
        printf("  %-9s %s\n", COMMANDS[i].name, COMMANDS[i].what);
    fputs("\n"
          "options:\n"
          "  -h, --help     this text; 'vmxr COMMAND --help' explains a command\n"
          "  --version      print the version\n"
          "\n"
          "exit status: 0 all checks held, 1 some check failed, 2 bad usage or input\n",
          stdout);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        help();
        return out_stdout_close(NULL, 0);
    }
    if (!strcmp(cmd, "--version")) {
        printf("vmxr 0.2 (VMXR-2, VEC1)\n");
        return out_stdout_close(NULL, 0);
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(cmd, COMMANDS[i].name))
            return out_stdout_close(COMMANDS[i].name, COMMANDS[i].run(argc - 2, argv + 2));
    fprintf(stderr, "vmxr: unknown command '%s'\n%s", cmd, USAGE);
    return EXIT_USAGE;
}
