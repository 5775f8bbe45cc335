/* The regression's test list and its sharding (regress.h has the order). */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "regress_int.h"

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

bool regress_mix_known(const char *m)
{
    if (!strcmp(m, "all"))
        return true;
    for (const char *const *n = gen_mix_names; *n; n++)
        if (!strcmp(*n, m))
            return true;
    return false;
}

static const char *mix_of(const struct regress_opts *o, uint64_t seed)
{
    if (strcmp(o->mix, "all"))
        return o->mix;
    unsigned n = 0;
    while (gen_mix_names[n])
        n++;
    return gen_mix_names[seed % (n ? n : 1)];
}

/* Directed files of dir, sorted by name (strcmp: the same on every machine). */
static int list_directed(const char *dir, char ***out, unsigned *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    unsigned cap = 64;
    char **v = rg_calloc(cap, sizeof *v);
    *n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".vec") || e->d_name[0] == '.')
            continue;
        if (*n == cap) {
            char **t = realloc(v, (cap *= 2) * sizeof *v);
            if (!t)
                rg_oom();
            v = t;
        }
        v[(*n)++] = rg_strdup(e->d_name);
    }
    closedir(d);
    qsort(v, *n, sizeof *v, cmp_str);
    *out = v;
    return 0;
}

/* The directed files of every directory in the comma-separated list dirs,
 * each as "DIR/FILE", in list order and by name within a directory. */
static int list_all_directed(const char *dirs, char ***out, unsigned *n, char **bad)
{
    *out = NULL;
    *n = 0;
    for (const char *p = dirs; *p;) {
        size_t len = strcspn(p, ",");
        char *dir = rg_fmt("%.*s", (int)len, p);
        char **names;
        unsigned k;
        if (list_directed(dir, &names, &k) != 0) {
            *bad = dir;
            return -1;
        }
        char **t = realloc(*out, (*n + k + 1) * sizeof **out);
        if (!t)
            rg_oom();
        *out = t;
        for (unsigned i = 0; i < k; i++) {
            (*out)[(*n)++] = rg_fmt("%s/%s", dir, names[i]);
            free(names[i]);
        }
        free(names);
        free(dir);
        p += len + (p[len] == ',');
    }
    return 0;
}

int rg_build_tests(struct regress *rg)
{
    const struct regress_opts *o = &rg->o;
    char **names = NULL;
    unsigned nd = 0;
    if (!o->no_directed) {
        char *bad = NULL;
        if (list_all_directed(o->vectors, &names, &nd, &bad) != 0) {
            fprintf(stderr,
                    "vmxr regress: cannot read the directed vectors in '%s': %s\n"
                    "  (run from the repository root, or give --vectors DIR or --no-directed)\n",
                    bad, strerror(errno));
            free(bad);
            for (unsigned i = 0; i < nd; i++)
                free(names[i]);
            free(names);
            return EXIT_USAGE;
        }
    }
    rg->ntests = nd + (unsigned)o->seeds;
    rg->ndirected = nd;
    rg->tests = rg_calloc(rg->ntests, sizeof *rg->tests);
    for (unsigned i = 0; i < nd; i++) {
        struct test *t = &rg->tests[i];
        /* names[i] is DIR/FILE.vec: the test is "<last part of DIR>/FILE" */
        const char *file = strrchr(names[i], '/') + 1, *dir = file - 1;
        while (dir > names[i] && dir[-1] != '/')
            dir--;
        t->index = i;
        t->stem = rg_fmt("%.*s", (int)(strlen(file) - 4), file);
        t->name = rg_fmt("%.*s%s", (int)(file - dir), dir, t->stem);
        t->path = names[i];
        t->stall_seed = o->seed_base;
    }
    free(names);
    for (unsigned k = 0; k < o->seeds; k++) {
        struct test *t = &rg->tests[nd + k];
        t->index = nd + k;
        t->random = true;
        t->seed = t->stall_seed = o->seed_base + k;
        t->mix = mix_of(o, t->seed);
        t->stem = rg_fmt("seed-%" PRIu64, t->seed);
        t->name = rg_fmt("random/%s", t->stem);
        t->path = rg_fmt("%s/%s.vec", rg->gen_dir, t->stem);
    }
    rg->sel = rg_calloc(rg->ntests, sizeof *rg->sel);
    for (unsigned i = o->shard_i - 1; i < rg->ntests; i += o->shard_n)
        rg->sel[rg->nsel++] = i;
    return -1;
}

void rg_free_tests(struct regress *rg)
{
    for (unsigned i = 0; i < rg->ntests; i++) {
        free(rg->tests[i].name);
        free(rg->tests[i].stem);
        free(rg->tests[i].path);
    }
    free(rg->tests);
    free(rg->sel);
}
