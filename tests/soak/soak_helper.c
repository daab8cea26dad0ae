// Processes for the soak suites (tests/soak), built by soak_lib.sh. Modes:
//   soak_helper orphans N SECONDS     run as PID 1's child: makes N real orphans (a short-lived
//                                     parent forks a child and exits, so the kernel re-parents
//                                     the child, running or already a zombie, to PID 1), then
//                                     waits up to SECONDS until PID 1 has reaped them all.
//                                     Prints key=value figures; exits 0 when nothing is left.
//   soak_helper sink READY COUNTS     the child of the signal storm: counts every catchable
//                                     signal it gets; on SIGTERM writes "NUMBER COUNT" lines
//                                     to COUNTS and exits 0. Creates READY once its handlers
//                                     are in place.
//   soak_helper storm PID N SECONDS   sends N signals to PID, cycling through every catchable
//                                     signal but INT and TERM (shutdown) and glibc's internal
//                                     32 and 33; real-time ones alternately by kill and by
//                                     sigqueue. A full real-time queue (EAGAIN) is retried
//                                     until SECONDS have passed. Prints key=value figures.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// --- orphans

struct ProcessCounts {
    int processes; // every process in this PID namespace's /proc
    int zombies;
    int pid1_children;
};

static struct ProcessCounts count_processes(void) {
    struct ProcessCounts counts = {0, 0, 0};
    DIR* proc = opendir("/proc");
    struct dirent* entry;
    while (proc && (entry = readdir(proc))) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        char path[300], stat[512];
        snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
        int fd = open(path, O_RDONLY);
        if (fd < 0)
            continue;
        ssize_t length = read(fd, stat, sizeof stat - 1);
        close(fd);
        if (length <= 0)
            continue;
        stat[length] = 0;
        char* close_paren = strrchr(stat, ')');
        if (!close_paren)
            continue;
        char state = 0;
        int parent = 0;
        sscanf(close_paren + 2, "%c %d", &state, &parent);
        ++counts.processes;
        if (state == 'Z')
            ++counts.zombies;
        if (parent == 1)
            ++counts.pid1_children;
    }
    if (proc)
        closedir(proc);
    return counts;
}

static int count_fds(const char* pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/fd", pid);
    DIR* dir = opendir(path);
    int count = 0;
    struct dirent* entry;
    while (dir && (entry = readdir(dir))) {
        if (entry->d_name[0] != '.')
            ++count;
    }
    if (dir)
        closedir(dir);
    return count;
}

static long status_kb(const char* pid, const char* key) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%s/status", pid);
    FILE* file = fopen(path, "r");
    long value = -1;
    size_t key_length = strlen(key);
    while (file && fgets(line, sizeof line, file)) {
        if (strncmp(line, key, key_length) == 0 && line[key_length] == ':') {
            value = strtol(line + key_length + 1, NULL, 10);
        }
    }
    if (file)
        fclose(file);
    return value;
}

static double pid1_cpu_ms(void) {
    FILE* file = fopen("/proc/1/schedstat", "r");
    unsigned long long on_cpu_ns = 0;
    int found = file ? fscanf(file, "%llu", &on_cpu_ns) : 0;
    if (file)
        fclose(file);
    return found == 1 ? on_cpu_ns / 1e6 : -1;
}

// The grandchild exits at once: sometimes before its parent (it reaches PID 1 as a zombie),
// sometimes after (PID 1 gets a running child whose SIGCHLD comes later).
static int short_lived_parent(void* unused) {
    (void)unused;
    long child = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0); // a plain fork, no glibc state
    if (child == 0)
        syscall(SYS_exit, 0);
    syscall(SYS_exit, child < 0 ? 1 : 0);
    return 0;
}

// Until PID 1 sleeps in its signalfd read (start-up done) or 2 s have passed: figures taken
// earlier would include start-up state that goes away by itself.
static void wait_for_idle_pid1(void) {
    for (int tries = 0; tries < 200; ++tries) {
        char wchan[64] = {0};
        int fd = open("/proc/1/wchan", O_RDONLY);
        ssize_t length = fd >= 0 ? read(fd, wchan, sizeof wchan - 1) : -1;
        if (fd >= 0)
            close(fd);
        if (length > 0 && strstr(wchan, "signalfd"))
            return;
        usleep(10000);
    }
}

static int orphans(long count, int seconds) {
    static char stack[64 * 1024] __attribute__((aligned(16)));
    wait_for_idle_pid1();
    int fds_before = count_fds("1");
    long rss_before = status_kb("1", "VmRSS"), anon_before = status_kb("1", "RssAnon");
    double cpu_before = pid1_cpu_ms();
    double started = now_ms();
    long failed = 0;
    for (long i = 0; i < count; ++i) {
        // CLONE_VM | CLONE_VFORK: the parent costs nothing to make and we resume once it
        // has exited, so the orphan is PID 1's by then.
        pid_t parent =
            clone(short_lived_parent, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
        int status = 0;
        if (parent < 0 || waitpid(parent, &status, 0) != parent || status != 0)
            ++failed;
    }
    double created = now_ms();
    struct ProcessCounts counts = count_processes();
    while ((counts.zombies > 0 || counts.pid1_children > 1) && now_ms() - created < seconds * 1e3) {
        usleep(1000);
        counts = count_processes();
    }
    double settled = now_ms();
    printf("orphans=%ld failed_forks=%ld create_ms=%.0f settle_ms=%.1f pid1_cpu_ms=%.0f "
           "zombies_left=%d pid1_children=%d processes=%d pid1_fds_before=%d pid1_fds_after=%d "
           "pid1_rss_kb_before=%ld pid1_rss_kb_after=%ld pid1_anon_kb_before=%ld "
           "pid1_anon_kb_after=%ld\n",
           count, failed, created - started, settled - created, pid1_cpu_ms() - cpu_before,
           counts.zombies, counts.pid1_children, counts.processes, fds_before, count_fds("1"),
           rss_before, status_kb("1", "VmRSS"), anon_before, status_kb("1", "RssAnon"));
    fflush(stdout);
    // This helper is PID 1's one child and the namespace holds only the two of us.
    return counts.zombies == 0 && counts.pid1_children == 1 && counts.processes == 2 && failed == 0
               ? 0
               : 1;
}

// --- signals

static int catchable(int signal_number) {
    return signal_number != SIGKILL && signal_number != SIGSTOP && signal_number != 32 &&
           signal_number != 33;
}

static volatile sig_atomic_t received[_NSIG]; // SIGRTMAX is not a constant in glibc
static volatile sig_atomic_t terminated;

static void count_signal(int signal_number) {
    if (signal_number == SIGTERM)
        terminated = 1;
    else
        received[signal_number] = received[signal_number] + 1;
}

static int sink(const char* ready_file, const char* counts_file) {
    struct sigaction action = {0};
    action.sa_handler = count_signal;
    action.sa_flags = SA_RESTART;
    sigfillset(&action.sa_mask);
    for (int number = 1; number <= SIGRTMAX; ++number) {
        if (catchable(number))
            sigaction(number, &action, NULL);
    }
    sigset_t term, waiting;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, &waiting);
    sigdelset(&waiting, SIGTERM);
    int fd = open(ready_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, "ready\n", 6) != 6)
        return 2;
    close(fd);
    while (!terminated)
        sigsuspend(&waiting);
    FILE* out = fopen(counts_file, "w");
    if (!out)
        return 2;
    for (int number = 1; number <= SIGRTMAX; ++number) {
        if (catchable(number) && number != SIGTERM)
            fprintf(out, "%d %d\n", number, received[number]);
    }
    fclose(out);
    return 0;
}

static int storm(pid_t target, long count, int seconds) {
    int kinds[_NSIG], kind_count = 0;
    for (int number = 1; number <= SIGRTMAX; ++number) {
        if (catchable(number) && number != SIGINT && number != SIGTERM)
            kinds[kind_count++] = number;
    }
    double started = now_ms(), deadline = started + seconds * 1e3;
    long sent = 0, realtime = 0, retries = 0, errors = 0;
    while (sent < count && now_ms() < deadline) {
        int number = kinds[sent % kind_count];
        int result;
        if (number >= SIGRTMIN && (sent / kind_count) % 2 == 1) {
            // A queued signal whose value looks like distcc-init's own re-queued SIGSEGV.
            union sigval value = {.sival_int = SIGSEGV};
            result = sigqueue(target, number, value);
        } else {
            result = kill(target, number);
        }
        if (result == 0) {
            ++sent;
            if (number >= SIGRTMIN)
                ++realtime;
        } else if (errno == EAGAIN) {
            ++retries;
            sched_yield();
        } else {
            ++errors;
            ++sent; // not retried: the target is gone or refuses
            if (errno == ESRCH)
                break;
        }
    }
    printf("sent=%ld realtime=%ld kinds=%d eagain_retries=%ld errors=%ld storm_ms=%.0f\n", sent,
           realtime, kind_count, retries, errors, now_ms() - started);
    return sent == count && errors == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
    if (argc == 4 && strcmp(argv[1], "orphans") == 0)
        return orphans(atol(argv[2]), atoi(argv[3]));
    if (argc == 4 && strcmp(argv[1], "sink") == 0)
        return sink(argv[2], argv[3]);
    if (argc == 5 && strcmp(argv[1], "storm") == 0) {
        return storm((pid_t)atol(argv[2]), atol(argv[3]), atoi(argv[4]));
    }
    fprintf(stderr, "usage: soak_helper orphans N SECONDS | sink READY COUNTS | "
                    "storm PID N SECONDS\n");
    return 2;
}
