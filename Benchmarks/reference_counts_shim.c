// Stands in for the Swift runtime's retain and release entry points (through LD_PRELOAD),
// counting each call by its caller's address and the object's type, then calling the
// runtime's own. reference_counts.py builds it, runs a workload with it, and names the
// addresses. Counting starts once the shim is loaded and is written, at exit, to the file
// GRADLAB_REFERENCE_COUNTS names: one line per (kind, caller, type), the addresses given as
// a loaded file and an offset into it.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define SLOTS 65536

static void *callers[SLOTS];
static void *types[SLOTS];
static char kinds[SLOTS];
static unsigned long counts[SLOTS];
static int counting = 0;

static void *(*runtime_retain)(void *);
static void (*runtime_release)(void *);
static void *(*runtime_retain_n)(void *, uint32_t);
static void (*runtime_release_n)(void *, uint32_t);

// One thread at a time is assumed (the workloads count on the main thread); a slot table
// full to the last slot stops counting rather than overwrite.
static void note(void *object, void *caller, char kind, unsigned long n) {
    if (!object || !counting) return;
    void *type = *(void **)object;
    uintptr_t start = (((uintptr_t)caller * 31u) ^ (uintptr_t)type) % SLOTS;
    for (uintptr_t probe = 0; probe < SLOTS; probe++) {
        uintptr_t slot = (start + probe) % SLOTS;
        if (callers[slot] == caller && types[slot] == type && kinds[slot] == kind) {
            counts[slot] += n;
            return;
        }
        if (!callers[slot]) {
            callers[slot] = caller;
            types[slot] = type;
            kinds[slot] = kind;
            counts[slot] = n;
            return;
        }
    }
}

void *swift_retain(void *object) {
    if (!runtime_retain) runtime_retain = dlsym(RTLD_NEXT, "swift_retain");
    note(object, __builtin_return_address(0), 'R', 1);
    return runtime_retain(object);
}

void swift_release(void *object) {
    if (!runtime_release) runtime_release = dlsym(RTLD_NEXT, "swift_release");
    note(object, __builtin_return_address(0), 'L', 1);
    runtime_release(object);
}

void *swift_retain_n(void *object, uint32_t n) {
    if (!runtime_retain_n) runtime_retain_n = dlsym(RTLD_NEXT, "swift_retain_n");
    note(object, __builtin_return_address(0), 'R', n);
    return runtime_retain_n(object, n);
}

void swift_release_n(void *object, uint32_t n) {
    if (!runtime_release_n) runtime_release_n = dlsym(RTLD_NEXT, "swift_release_n");
    note(object, __builtin_return_address(0), 'L', n);
    runtime_release_n(object, n);
}

__attribute__((constructor)) static void start(void) { counting = getenv("GRADLAB_REFERENCE_COUNTS") != NULL; }

__attribute__((destructor)) static void report(void) {
    const char *path = getenv("GRADLAB_REFERENCE_COUNTS");
    counting = 0;
    if (!path) return;
    FILE *out = fopen(path, "w");
    if (!out) return;
    for (int slot = 0; slot < SLOTS; slot++) {
        if (!callers[slot]) continue;
        Dl_info caller, type;
        if (!dladdr(callers[slot], &caller) || !dladdr(types[slot], &type)) continue;
        fprintf(out, "%c %lu %s %lx %s %lx\n", kinds[slot], counts[slot], caller.dli_fname,
                (unsigned long)((char *)callers[slot] - (char *)caller.dli_fbase), type.dli_fname,
                (unsigned long)((char *)types[slot] - (char *)type.dli_fbase));
    }
    fclose(out);
}
