/* peak_rss: runs a command and reports its peak resident set size.
 *
 *   peak_rss OUT CMD [ARG...]
 *
 * Runs CMD with its standard streams as given, waits for it and writes its
 * peak RSS in KiB (getrusage's ru_maxrss of the child) to the file OUT, one
 * number and a newline. Exits with CMD's status (128 + N if a signal N ended
 * it); 127 if CMD cannot be run, 2 on bad usage. The memory tests
 * (tests/memory.sh, tests/fw_memory.sh) and make bench use it: the figure
 * of the command alone, not of a shell around it. */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: peak_rss OUT CMD [ARG...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "peak_rss: fork: %s\n", strerror(errno));
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "peak_rss: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "peak_rss: wait: %s\n", strerror(errno));
            return 2;
        }
    }
    FILE *o = fopen(argv[1], "w");
    if (!o || fprintf(o, "%ld\n", ru.ru_maxrss) < 0 || fclose(o) != 0) {
        fprintf(stderr, "peak_rss: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
