// Measurement helper for bench/run (init benchmarks). Modes:
//   initbench roundtrip N INIT [INIT-ARGS...]  SIGUSR1 round trips through INIT as PID 1 of a
//                                             new PID namespace, then straight to the child;
//                                             prints "via_us=MEDIAN direct_us=MEDIAN" (microseconds)
//   initbench answer FIFO                     the child: reports its pid, answers each SIGUSR1
//   initbench orphans N                       run under an init as PID 1: makes N children of
//                                             PID 1 that exit at once; prints
//                                             "reap_ms=X pid1_cpu_ms=Y"
//   initbench term-child N READY-FILE         the child for the shutdown benchmark: leaves N
//                                             processes in new sessions, creates READY-FILE,
//                                             exits 0 at once on SIGTERM
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int compare_doubles(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

static double median(double* values, int count) {
    qsort(values, count, sizeof *values, compare_doubles);
    return values[count / 2];
}

static int answer_fd = -1;
static void on_usr1(int signal_number) {
    (void)signal_number;
    char byte = 1;
    if (write(answer_fd, &byte, 1) < 0) _exit(1);
}

static int answer(const char* fifo) {
    // The handler first: the first SIGUSR1 may follow the pid line at once.
    struct sigaction action = {0};
    action.sa_handler = on_usr1;
    sigaction(SIGUSR1, &action, NULL);
    answer_fd = open(fifo, O_WRONLY);
    char line[32];
    int length = snprintf(line, sizeof line, "%d\n", (int)getpid());
    if (write(answer_fd, line, length) != length) return 1;
    for (;;) pause();
}

// The host pid of the process whose parent is `parent` (the init under unshare).
static pid_t child_of(pid_t parent) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", parent, parent);
    for (int tries = 0; tries < 5000; ++tries) {
        FILE* file = fopen(path, "r");
        int pid = 0;
        if (file && fscanf(file, "%d", &pid) == 1 && pid > 0) {
            fclose(file);
            return pid;
        }
        if (file) fclose(file);
        usleep(1000);
    }
    return -1;
}

static double* time_round_trips(pid_t target, int fd, int count) {
    double* samples = calloc(count, sizeof *samples);
    char byte;
    for (int i = 0; i < count; ++i) {
        double start = now_us();
        kill(target, SIGUSR1);
        if (read(fd, &byte, 1) != 1) exit(1);
        samples[i] = now_us() - start;
    }
    return samples;
}

static int roundtrip(int count, char** init_argv, int init_argc, const char* self) {
    char fifo[] = "/tmp/initbench.XXXXXX";
    if (!mkdtemp(fifo)) return 1;
    char fifo_path[64];
    snprintf(fifo_path, sizeof fifo_path, "%s/fifo", fifo);
    mkfifo(fifo_path, 0600);
    pid_t unshare_pid = fork();
    if (unshare_pid == 0) {
        char** argv = calloc(init_argc + 8, sizeof *argv);
        int n = 0;
        argv[n++] = "unshare";
        argv[n++] = "--pid";
        argv[n++] = "--fork";
        for (int i = 0; i < init_argc; ++i) argv[n++] = init_argv[i];
        argv[n++] = (char*)self;
        argv[n++] = "answer";
        argv[n++] = fifo_path;
        execvp("unshare", argv);
        _exit(127);
    }
    int fd = open(fifo_path, O_RDONLY);
    char line[32] = {0};
    for (int i = 0; i < (int)sizeof line - 1; ++i) {
        if (read(fd, &line[i], 1) != 1 || line[i] == '\n') break;
    }
    pid_t init = child_of(unshare_pid);
    // The answering child: a descendant of init; find it by the pid namespace-free route.
    pid_t child = child_of(init);
    double* via = time_round_trips(init, fd, count);
    double* direct = time_round_trips(child, fd, count);
    printf("via_us=%.1f direct_us=%.1f\n", median(via, count), median(direct, count));
    kill(init, SIGKILL);
    waitpid(unshare_pid, NULL, 0);
    unlink(fifo_path);
    rmdir(fifo);
    return 0;
}

static int count_zombies(void) {
    int zombies = 0;
    DIR* proc = opendir("/proc");
    struct dirent* entry;
    while ((entry = readdir(proc))) {
        char path[300], stat[512];
        snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
        int fd = open(path, O_RDONLY);
        if (fd < 0) continue;
        ssize_t length = read(fd, stat, sizeof stat - 1);
        close(fd);
        if (length <= 0) continue;
        stat[length] = 0;
        char* close_paren = strrchr(stat, ')');
        if (close_paren && close_paren[2] == 'Z') ++zombies;
    }
    closedir(proc);
    return zombies;
}

// CPU time of PID 1 in milliseconds: schedstat counts nanoseconds on the CPU; /proc/1/stat
// (clock ticks of 10 ms) is the fallback where the kernel has no schedstat.
static double pid1_cpu_ms(void) {
    FILE* file = fopen("/proc/1/schedstat", "r");
    unsigned long long on_cpu_ns = 0;
    if (file) {
        int found = fscanf(file, "%llu", &on_cpu_ns);
        fclose(file);
        if (found == 1) return on_cpu_ns / 1e6;
    }
    file = fopen("/proc/1/stat", "r");
    char buffer[1024];
    size_t length = fread(buffer, 1, sizeof buffer - 1, file);
    fclose(file);
    buffer[length] = 0;
    char* rest = strrchr(buffer, ')') + 2;
    unsigned long utime = 0, stime = 0;
    // fields after the name: state(3) ... utime is field 14, stime 15
    sscanf(rest, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);
    return (utime + stime) * 1000.0 / sysconf(_SC_CLK_TCK);
}

static int exit_now(void* unused) {
    (void)unused;
    return 0;
}

// Each orphan is created with PID 1 as its parent (CLONE_PARENT) and exits at once: to the
// init it is an unknown child, as a re-parented orphan is. CLONE_VM | CLONE_VFORK: nothing
// is copied and we wait for its exit, so making 50,000 of them takes seconds, not minutes.
static int orphans(int count) {
    static char stack[64 * 1024] __attribute__((aligned(16)));
    double cpu_before = pid1_cpu_ms();
    for (int i = 0; i < count; ++i) {
        clone(exit_now, stack + sizeof stack, CLONE_VM | CLONE_VFORK | CLONE_PARENT | SIGCHLD, NULL);
    }
    double last = now_us();
    while (count_zombies() > 0) usleep(200);
    printf("reap_ms=%.2f pid1_cpu_ms=%.1f\n", (now_us() - last) / 1000.0,
           pid1_cpu_ms() - cpu_before);
    return 0;
}

static void exit_at_once(int signal_number) {
    (void)signal_number;
    _exit(0);
}

static int term_child(int leftovers, const char* ready_file) {
    for (int i = 0; i < leftovers; ++i) {
        if (fork() == 0) {
            setsid();
            signal(SIGTERM, SIG_DFL);
            for (;;) pause();
        }
    }
    struct sigaction action = {0};
    action.sa_handler = exit_at_once;
    sigaction(SIGTERM, &action, NULL);
    int fd = open(ready_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, "ready\n", 6) != 6) return 1;
    close(fd);
    for (;;) pause();
}

int main(int argc, char** argv) {
    if (argc >= 4 && strcmp(argv[1], "roundtrip") == 0) {
        char self[4096];
        ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
        self[length > 0 ? length : 0] = 0;
        return roundtrip(atoi(argv[2]), argv + 3, argc - 3, self);
    }
    if (argc == 3 && strcmp(argv[1], "answer") == 0) return answer(argv[2]);
    if (argc == 3 && strcmp(argv[1], "orphans") == 0) return orphans(atoi(argv[2]));
    if (argc == 4 && strcmp(argv[1], "term-child") == 0) return term_child(atoi(argv[2]), argv[3]);
    fprintf(stderr, "usage: initbench roundtrip N INIT... | answer FIFO | orphans N | "
                    "term-child N READY-FILE\n");
    return 2;
}
