/* vmxr: the command-line front end. vectors -> runner -> engine -> checks. */
#include <stdio.h>
#include <string.h>

#include "cmds.h"

#define EXIT_USAGE 2

static const char USAGE[] = "usage: vmxr [--help] [--version] COMMAND [ARGS]\n";

static const char HELP[] =
    "vmxr - reference model and vector runner of the VMXR-1 VMX routing unit\n"
    "\n"
    "usage: vmxr COMMAND [OPTIONS] [FILE...]\n"
    "\n"
    "commands:\n"
    "  run       run VEC1 vector files on an engine and check every expectation\n"
    "  annotate  print a vector file with every expectation filled in by an engine\n"
    "  compile   turn a vector file into a cycle-by-cycle stimulus/expectation file\n"
    "            for the Icarus testbench (cosim/icarus/vmxr_tb.v)\n"
    "  explain   say why the command at a line went where it went, step by step\n"
    "  wave      write an FST waveform and a GTKWave save file around a decision\n"
    "  gen       write a constrained-random VEC1 stream from a seed\n"
    "  cover     functional coverage of vector files, or merge coverage JSON\n"
    "  regress   the regression: directed vectors and random seeds in cosim, in\n"
    "            parallel, with coverage, JUnit and rerun commands for failures\n"
    "  fw        run the VMM firmware on the unit from a scenario: transcript,\n"
    "            trace, goldens\n"
    "  params    print the build parameters of this binary\n"
    "\n"
    "options:\n"
    "  -h, --help     this text; 'vmxr COMMAND --help' explains a command\n"
    "  --version      print the version\n"
    "\n"
    "exit status: 0 all checks held, 1 some check failed, 2 bad usage or input\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(HELP, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("vmxr 0.1 (VMXR-1, VEC1)\n");
        return 0;
    }
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 2, argv + 2);
    if (!strcmp(cmd, "annotate"))
        return cmd_annotate(argc - 2, argv + 2);
    if (!strcmp(cmd, "gen"))
        return cmd_gen(argc - 2, argv + 2);
    if (!strcmp(cmd, "cover"))
        return cmd_cover(argc - 2, argv + 2);
    if (!strcmp(cmd, "regress"))
        return cmd_regress(argc - 2, argv + 2);
    if (!strcmp(cmd, "wave"))
        return cmd_wave(argc - 2, argv + 2);
    if (!strcmp(cmd, "explain"))
        return cmd_explain(argc - 2, argv + 2);
    if (!strcmp(cmd, "fw"))
        return cmd_fw(argc - 2, argv + 2);
    if (!strcmp(cmd, "compile"))
        return cmd_compile(argc - 2, argv + 2);
    if (!strcmp(cmd, "params"))
        return cmd_params(argc - 2, argv + 2);
    fprintf(stderr, "vmxr: unknown command '%s'\n%s", cmd, USAGE);
    return EXIT_USAGE;
}
