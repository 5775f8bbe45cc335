/* Output files that never destroy what they are pointed at; see out.h. */
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* What a path names, for writing. */
enum kind { K_NEW, K_REGULAR, K_THROUGH, K_REFUSED };

static enum kind classify(const char *path, unsigned *mode, char *err, size_t errlen)
{
    struct stat st;
    if (!path || !path[0]) {
        cli_fail(err, errlen, "(empty file name): no such file");
        return K_REFUSED;
    }
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT) {
            cli_fail(err, errlen, "%s: %s", path, strerror(errno));
            return K_REFUSED;
        }
        mode_t m = umask(0);
        umask(m);
        *mode = 0666u & ~(unsigned)m;
        return K_NEW;
    }
    if (S_ISDIR(st.st_mode)) {
        cli_fail(err, errlen, "%s: is a directory", path);
        return K_REFUSED;
    }
    if (S_ISREG(st.st_mode)) {
        *mode = (unsigned)st.st_mode & 07777u;
        return K_REGULAR;
    }
    if (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_fail(err, errlen, "%s: is a directory", path);
        return K_REFUSED;
    }
    return K_THROUGH; /* device, FIFO, socket, symbolic link */
}

/* A new empty temporary file "DIR/.BASE.XXXXXX" (dir NULL: PATH's own
 * directory) or "DIR/vmxr.XXXXXX"; its malloc'ed name, or NULL with a
 * message about path. *fd is its descriptor. */
static char *make_temp(const char *path, const char *dir, int *fd, char *err, size_t errlen)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!dir && !base[0]) {
        cli_fail(err, errlen, "%s: is a directory", path);
        return NULL;
    }
    size_t dlen = dir ? strlen(dir) : slash ? (size_t)(slash - path) + 1 : 0;
    size_t n = dlen + strlen(base) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        cli_fail(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    if (dir)
        snprintf(tmp, n, "%s/vmxr.XXXXXX", dir);
    else
        snprintf(tmp, n, "%.*s.%s.XXXXXX", (int)dlen, path, base);
    *fd = mkstemp(tmp);
    if (*fd < 0) {
        cli_fail(err, errlen, "%s: %s", path, strerror(errno));
        free(tmp);
        return NULL;
    }
    return tmp;
}

static int start(struct out *o, const char *path, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->path = strdup(path ? path : "");
    if (!o->path)
        return cli_fail(err, errlen, "%s: out of memory", path ? path : "");
    return 0;
}

int out_open(struct out *o, const char *path, char *err, size_t errlen)
{
    if (start(o, path, err, errlen) != 0)
        return -1;
    enum kind k = classify(path, &o->mode, err, errlen);
    if (k == K_REFUSED) {
        out_abort(o);
        return -1;
    }
    if (k == K_THROUGH) {
        o->through = true;
        o->fp = fopen(path, "w");
        if (!o->fp) {
            cli_fail(err, errlen, "%s: %s", path, strerror(errno));
            out_abort(o);
            return -1;
        }
        return 0;
    }
    int fd;
    o->name = make_temp(path, NULL, &fd, err, errlen);
    if (!o->name) {
        out_abort(o);
        return -1;
    }
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        cli_fail(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        out_abort(o);
        return -1;
    }
    return 0;
}

int out_open_name(struct out *o, const char *path, char *err, size_t errlen)
{
    if (start(o, path, err, errlen) != 0)
        return -1;
    o->by_name = true;
    enum kind k = classify(path, &o->mode, err, errlen);
    if (k == K_REFUSED) {
        out_abort(o);
        return -1;
    }
    o->through = k == K_THROUGH;
    const char *tdir = getenv("TMPDIR");
    int fd;
    o->name = make_temp(path, o->through ? (tdir && tdir[0] ? tdir : "/tmp") : NULL, &fd, err, errlen);
    if (!o->name) {
        out_abort(o);
        return -1;
    }
    close(fd);
    return 0;
}

bool out_name_written(const struct out *o)
{
    struct stat st;
    return o->name && stat(o->name, &st) == 0 && st.st_size > 0;
}

/* Copies the file from to the stream to; 0 or an errno value. */
static int copy_to(const char *from, FILE *to)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return errno;
    char buf[65536];
    size_t n;
    int e = 0;
    while (!e && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            e = errno ? errno : EIO;
    if (!e && ferror(in))
        e = errno ? errno : EIO;
    fclose(in);
    return e;
}

/* Flushes and closes fp (fsync first when sync); 0 or an errno value. */
static int finish(FILE *fp, bool sync)
{
    int e = 0;
    errno = 0;
    bool bad = ferror(fp) != 0;
    if (fflush(fp) != 0)
        e = errno ? errno : EIO;
    if (!e && sync && fsync(fileno(fp)) != 0 && errno != EINVAL && errno != EROFS)
        e = errno;
    errno = 0;
    if (fclose(fp) != 0 && !e)
        e = errno ? errno : EIO;
    if (bad && !e)
        e = EIO;
    return e;
}

int out_close(struct out *o, char *err, size_t errlen)
{
    int e = 0;
    if (o->by_name && o->through) { /* copy the temporary file through */
        FILE *to = fopen(o->path, "w");
        if (!to)
            e = errno;
        else {
            e = copy_to(o->name, to);
            int e2 = finish(to, o->sync);
            if (!e)
                e = e2;
        }
    } else if (o->by_name) {
        if (chmod(o->name, (mode_t)o->mode) != 0)
            e = errno;
        if (!e && o->sync) {
            int fd = open(o->name, O_RDONLY);
            if (fd < 0 || fsync(fd) != 0)
                e = errno;
            if (fd >= 0)
                close(fd);
        }
    } else {
        FILE *fp = o->fp;
        o->fp = NULL;
        if (!o->through && fchmod(fileno(fp), (mode_t)o->mode) != 0)
            e = errno;
        int e2 = finish(fp, o->sync);
        if (!e)
            e = e2;
    }
    if (!e && !o->through) {
        struct stat st; /* the target may have changed since out_open */
        if (lstat(o->path, &st) == 0 && !S_ISREG(st.st_mode))
            e = S_ISDIR(st.st_mode) ? EISDIR : EEXIST;
        else if (rename(o->name, o->path) != 0)
            e = errno;
        else {
            free(o->name);
            o->name = NULL;
        }
    }
    if (e)
        cli_fail(err, errlen, "%s: %s", o->path, e == EEXIST ? "no longer a regular file; not replaced" : strerror(e));
    out_abort(o);
    return e ? -1 : 0;
}

void out_abort(struct out *o)
{
    if (o->fp)
        fclose(o->fp);
    if (o->name)
        unlink(o->name); /* always our temporary file */
    free(o->name);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int out_write(const char *path, const void *buf, size_t len, char *err, size_t errlen)
{
    struct out o;
    if (out_open(&o, path, err, errlen) != 0)
        return -1;
    if (len && fwrite(buf, 1, len, o.fp) != len) {
        int e = errno ? errno : EIO;
        cli_fail(err, errlen, "%s: %s", path, strerror(e));
        out_abort(&o);
        return -1;
    }
    return out_close(&o, err, errlen);
}

int out_stdout_close(const char *cmd, int rc)
{
    int e = 0;
    errno = 0;
    bool bad = ferror(stdout) != 0;
    if (fflush(stdout) != 0)
        e = errno ? errno : EIO;
    errno = 0;
    /* a closed standard output (>&-) that nothing was written to is fine */
    if (fclose(stdout) != 0 && !e && errno != EBADF)
        e = errno ? errno : EIO;
    if (!e && !bad)
        return rc;
    /* an earlier flush that failed (the command's own) took its errno along */
    fprintf(stderr, "vmxr%s%s: standard output: %s\n", cmd ? " " : "", cmd ? cmd : "",
            e ? strerror(e) : "write error");
    return rc > 2 ? rc : 2;
}
