/* RTL line and toggle coverage of the regression: the workers' Verilator
 * coverage files merged with verilator_coverage (coverage.dat, lcov
 * coverage.info), the summary line and the genhtml report. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "regress_int.h"
#include "vmxr_rtl.h"

struct rtl_pct {
    unsigned line_hit, line_total, toggle_hit, toggle_total;
};

/* Counts points of a Verilator coverage.dat: line = v_line and v_branch
 * points, toggle = v_toggle points; hit = count > 0. */
static bool dat_summary(const char *path, struct rtl_pct *p)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return false;
    memset(p, 0, sizeof *p);
    char *line = NULL;
    size_t cap = 0;
    bool any = false;
    while (getline(&line, &cap, fp) > 0) {
        if (line[0] != 'C' || line[1] != ' ')
            continue;
        char *q = strrchr(line, '\'');
        if (!q)
            continue;
        unsigned long long count = strtoull(q + 1, NULL, 10);
        char *page = strstr(line, "page\002v_");
        if (!page)
            continue;
        page += 7;
        any = true;
        if (!strncmp(page, "toggle/", 7)) {
            p->toggle_total++;
            p->toggle_hit += count > 0;
        } else if (!strncmp(page, "line/", 5) || !strncmp(page, "branch/", 7)) {
            p->line_total++;
            p->line_hit += count > 0;
        }
    }
    free(line);
    fclose(fp);
    return any;
}

static double pct(unsigned a, unsigned b) { return b ? 100.0 * a / b : 0.0; }

/* DIR/rtl-coverage/{coverage.dat, coverage.info, index.html}: from the
 * per-worker files (dats), or already merged (info_merged). Prints the
 * summary; false if nothing could be produced. */
bool rg_rtl_report(const char *rtl_dir, char **dats, unsigned ndats, bool info_merged)
{
    char *dat = rg_fmt("%s/coverage.dat", rtl_dir), *info = rg_fmt("%s/coverage.info", rtl_dir);
    char *log = rg_fmt("%s/tools.log", rtl_dir);
    bool ok = true;
    if (ndats) {
        char **argv = rg_calloc((size_t)ndats + 8, sizeof *argv);
        unsigned a = 0;
        argv[a++] = "verilator_coverage";
        if (!info_merged) {
            argv[a++] = "--write-info";
            argv[a++] = info;
        }
        argv[a++] = "--write";
        argv[a++] = dat;
        for (unsigned i = 0; i < ndats; i++)
            argv[a++] = dats[i];
        argv[a] = NULL;
        int rc = rg_run_tool(argv, log);
        free(argv);
        if (rc != 0) {
            printf("RTL coverage: verilator_coverage failed (exit %d), see %s\n", rc, log);
            ok = false;
        }
    }
    struct rtl_pct p;
    if (ok && dat_summary(dat, &p))
        printf("RTL coverage (Verilator, %u file%s merged): line %u/%u (%.1f%%), toggle %u/%u (%.1f%%)\n", ndats,
               ndats == 1 ? "" : "s", p.line_hit, p.line_total, pct(p.line_hit, p.line_total), p.toggle_hit,
               p.toggle_total, pct(p.toggle_hit, p.toggle_total));
    if (ok && rg_is_file(info)) {
        if (rg_on_path("genhtml")) {
            char *argv[] = { "genhtml", "-q", "--title", "vmxr RTL coverage", "-o", (char *)rtl_dir, info, NULL };
            int rc = rg_run_tool(argv, log);
            if (rc == 0)
                printf("RTL coverage report: %s/index.html (lcov: %s)\n", rtl_dir, info);
            else
                printf("RTL coverage: genhtml failed (exit %d, run from the repository root), see %s\n", rc, log);
        } else {
            printf("RTL coverage: no genhtml (Debian package lcov) for the HTML report; lcov data: %s\n", info);
        }
    }
    free(dat);
    free(info);
    free(log);
    return ok;
}

/* Can this binary write Verilator coverage? Asked in a child process, so
 * the parent never holds a Verilated model. */
bool rg_rtl_cov_supported(void)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        struct vmxr_rtl *r = vmxr_rtl_create();
        int rc = r ? vmxr_rtl_coverage_write(r, "/dev/null") : -1;
        vmxr_rtl_destroy(r);
        _exit(rc == 0 ? 0 : 3);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return false;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}
