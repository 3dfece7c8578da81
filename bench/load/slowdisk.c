/* A slower disk for benchmarks: every fsync/fdatasync waits RADHUS_FSYNC_DELAY_US microseconds
 * first, then syncs for real. Loaded with LD_PRELOAD by bench/load/run and scripts/with-postgres
 * when RADHUS_FSYNC_DELAY_US is set, to measure group commit on the kind of disk where a durable
 * commit costs milliseconds (a cloud volume, a spinning disk), not the ≈0.25 ms of the CI VM.
 * It only adds waiting; nothing is skipped, so durability is unchanged. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static void slow(void) {
    static long us = -1;
    if (us < 0) {
        const char *e = getenv("RADHUS_FSYNC_DELAY_US");
        us = e ? atol(e) : 0;
    }
    if (us > 0) {
        struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
        nanosleep(&ts, NULL);
    }
}

int fsync(int fd) {
    static int (*real)(int) = NULL;
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    slow();
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int) = NULL;
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    slow();
    return real(fd);
}
