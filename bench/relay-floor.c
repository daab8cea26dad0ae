// Measurement helper for bench/run (the SSH job breakdown): the floors under distcc-relay,
// built static as the relay is and started the same way.
//   relay-floor        does nothing: the cost of starting any process on this machine
//   relay-floor PORT   a relay that relays nothing: connects to 127.0.0.1:PORT, half-closes
//                      at once, waits for the daemon to hang up. Its time over the first is
//                      the loopback daemon's part of a session (accept, read EOF, close).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2)
        return 0;
    struct sockaddr_in daemon = {.sin_family = AF_INET,
                                 .sin_port = htons((unsigned short)atoi(argv[1])),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&daemon, sizeof daemon) != 0)
        return 1;
    shutdown(fd, SHUT_WR);
    char answer[4096];
    while (read(fd, answer, sizeof answer) > 0) {
    }
    return 0;
}
