/* The subcommands of vmxr; cli/main.c dispatches to them. Each parses its
 * own options, prints its own --help and returns the process exit status:
 * 0 ok, 1 a check failed, 2 bad usage or a malformed input. The work itself
 * is done by the libraries beneath (runner/, dv/, platform/). */
#ifndef VMXR_CMDS_H
#define VMXR_CMDS_H

int cmd_run(int argc, char **argv);
int cmd_annotate(int argc, char **argv);
int cmd_params(int argc, char **argv);
int cmd_wave(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_compile(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_cover(int argc, char **argv);
int cmd_regress(int argc, char **argv);
int cmd_fw(int argc, char **argv);

#endif /* VMXR_CMDS_H */
