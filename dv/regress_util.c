/* The regression runner's memory, file, process and pipe helpers. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "regress_int.h"

double rg_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

_Noreturn void rg_oom(void)
{
    fputs("vmxr regress: out of memory\n", stderr);
    exit(EXIT_USAGE);
}

void *rg_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        rg_oom();
    return p;
}

char *rg_strdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p)
        rg_oom();
    return p;
}

char *rg_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        rg_oom();
    char *s = malloc((size_t)n + 1);
    if (!s)
        rg_oom();
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* mkdir -p; 0 or -1 with errno */
int rg_mkdir_p(const char *path)
{
    char *p = rg_strdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

bool rg_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool rg_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Removes DIR/PREFIX*SUFFIX (stale outputs of an earlier run). */
void rg_remove_matching(const char *dir, const char *prefix, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t pl = strlen(prefix), sl = strlen(suffix);
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n >= pl + sl && !strncmp(e->d_name, prefix, pl) && !strcmp(e->d_name + n - sl, suffix)) {
            char *p = rg_fmt("%s/%s", dir, e->d_name);
            struct stat st; /* regular files only: never a device or link */
            if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
                unlink(p);
            free(p);
        }
    }
    closedir(d);
}

/* An executable named name on PATH? */
bool rg_on_path(const char *name)
{
    const char *path = getenv("PATH");
    if (!path)
        return false;
    char *copy = rg_strdup(path);
    bool found = false;
    for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char *p = rg_fmt("%s/%s", *dir ? dir : ".", name);
        found = access(p, X_OK) == 0;
        free(p);
    }
    free(copy);
    return found;
}

/* Runs argv (no shell) with stdout and stderr to log (or /dev/null);
 * returns its exit status, 127 if it could not be started, -1 if killed. */
int rg_run_tool(char *const argv[], const char *log)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return 127;
    if (pid == 0) {
        int fd = open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool rg_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* 1 read all n, 0 end of file before any byte, -1 error or short */
int rg_read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return got ? -1 : 0;
        got += (size_t)r;
    }
    return 1;
}

char *rg_slurp(FILE *fp, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *s = malloc(cap);
    if (!s)
        rg_oom();
    for (size_t r; (r = fread(s + n, 1, cap - n - 1, fp)) > 0;) {
        n += r;
        if (cap - n < 2) {
            char *t = realloc(s, cap *= 2);
            if (!t)
                rg_oom();
            s = t;
        }
    }
    s[n] = '\0';
    if (len)
        *len = n;
    return s;
}
