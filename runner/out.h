/* Output files that never destroy what they are pointed at.
 *
 * Every file vmxr writes (-o, --json, --trace, .stim, save files and
 * filters, the regression's files) goes through here. What happens depends
 * on what the path names when it is opened (lstat):
 *
 *   nothing, or a regular file   written atomically: a temporary file
 *                                ".NAME.XXXXXX" in the same directory,
 *                                renamed over PATH by out_close only when
 *                                every write, the flush and the close
 *                                succeeded (and PATH is still a regular
 *                                file or absent); on failure the temporary
 *                                file is removed and PATH is left as it was.
 *                                A new file gets mode 0666 & ~umask, a
 *                                replaced one keeps its permission bits (not
 *                                its owner, nor its hard links).
 *   a character or block device, written through in place (opened, never
 *   a FIFO, a socket                 unlinked, renamed over or truncated
 *                                beyond what open(O_TRUNC) does): -o
 *                                /dev/null, /dev/stdout, /dev/full.
 *   a symbolic link              written through to whatever it names (the
 *                                link itself is never replaced; a regular
 *                                file behind it is rewritten in place, not
 *                                atomically); so -o /dev/stdout works when
 *                                standard output is a file.
 *   a directory                  refused: "PATH: is a directory".
 *
 * Nothing but a temporary file this module created is ever unlinked or
 * renamed. Errors are "PATH: reason" (strerror) in err; the caller adds
 * "vmxr CMD: " and exits 2. A process killed between out_open and
 * out_close leaves its ".NAME.XXXXXX" behind (PATH is untouched). */
#ifndef VMXR_OUT_H
#define VMXR_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct out {
    FILE *fp;   /* out_open: write here until out_close or out_abort */
    char *name; /* out_open_name: the file to write by name (always a
                 * temporary file, empty when opened), then out_close */
    bool sync;  /* set before out_close: fsync the file before the rename */
    /* private */
    char *path;    /* the target */
    bool through;  /* write through to path instead of renaming over it */
    bool by_name;  /* opened by out_open_name */
    unsigned mode; /* permission bits for the renamed file */
};

/* Opens PATH for writing as described above; o->fp is the stream. 0, or -1
 * with "PATH: reason" in err (nothing created then). */
int out_open(struct out *o, const char *path, char *err, size_t errlen);

/* For writers that take a file name (the FST tracers): o->name is a new
 * empty temporary file to write by name, in PATH's directory (renamed over
 * PATH by out_close), or in $TMPDIR (or /tmp) when PATH is written through
 * (copied to PATH by out_close, then removed). 0, or -1 with a message. */
int out_open_name(struct out *o, const char *path, char *err, size_t errlen);

/* Finishes: checks the stream's error flag, flushes, closes, then renames
 * the temporary file over PATH (or copies it through). 0, or -1 with
 * "PATH: reason" in err, the temporary file removed and PATH untouched
 * (written-through targets may hold part of the output). Releases o
 * either way. */
int out_close(struct out *o, char *err, size_t errlen);

/* Abandons the output: closes, removes the temporary file (never PATH),
 * releases o. Safe on a zeroed struct and after out_close. */
void out_abort(struct out *o);

/* The whole of buf to PATH: out_open + fwrite + out_close. */
int out_write(const char *path, const void *buf, size_t len, char *err, size_t errlen);

/* True if the temporary file of out_open_name holds at least one byte. */
bool out_name_written(const struct out *o);

/* At the end of a command: flushes and closes standard output. rc when
 * that worked and no earlier write to it failed; else prints "vmxr CMD:
 * standard output: REASON" (strerror, or "write error" when an earlier
 * flush failed and its errno is gone) and returns 2 (or rc when it is
 * greater). A closed standard output (>&-) nothing was written to is no
 * error. Call once, last; cmd NULL prints "vmxr: ...". */
int out_stdout_close(const char *cmd, int rc);

#endif /* VMXR_OUT_H */
