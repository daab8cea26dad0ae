#include "relay/byte_pump.hpp"

#include <chrono>
#include <csignal>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <future>
#include <numeric>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

std::vector<char> pattern(std::size_t size, int seed) {
    std::vector<char> data(size);
    for (std::size_t i = 0; i < size; ++i) {
        data[i] = static_cast<char>((i * 131 + static_cast<std::size_t>(seed)) % 251);
    }
    return data;
}

void write_all_then_close(int fd, const std::vector<char>& data, bool shutdown_only) {
    std::size_t done = 0;
    while (done < data.size()) {
        auto count = write(fd, data.data() + done, data.size() - done);
        if (count <= 0) {
            break;
        }
        done += static_cast<std::size_t>(count);
    }
    if (shutdown_only) {
        shutdown(fd, SHUT_WR);
    } else {
        close(fd);
    }
}

std::vector<char> read_all(int fd) {
    std::vector<char> data;
    char buffer[65536];
    ssize_t count = 0;
    while ((count = read(fd, buffer, sizeof buffer)) > 0) {
        data.insert(data.end(), buffer, buffer + count);
    }
    return data;
}

} // namespace

TEST_CASE("relay::pump moves large transfers both ways at once, with half-close") {
    int input[2], output[2], sockets[2];
    REQUIRE(pipe(input) == 0);
    REQUIRE(pipe(output) == 0);
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sockets) == 0);
    auto upstream = pattern(3 << 20, 1);
    auto downstream = pattern(5 << 20, 2);
    std::vector<char> received_by_daemon, received_by_client;

    std::thread client_writer([&] { write_all_then_close(input[1], upstream, false); });
    std::thread client_reader([&] { received_by_client = read_all(output[0]); });
    // The daemon answers only after the request ended (like distccd), then closes.
    std::thread daemon([&] {
        received_by_daemon = read_all(sockets[1]);
        write_all_then_close(sockets[1], downstream, false);
    });
    auto result = relay::pump(input[0], output[1], sockets[0]);
    client_writer.join();
    daemon.join();
    client_reader.join();
    CHECK(result.error_number == 0);
    CHECK(result.bytes_to_socket == upstream.size());
    CHECK(result.bytes_from_socket == downstream.size());
    CHECK(received_by_daemon == upstream);
    CHECK(received_by_client == downstream);
    close(input[0]);
    close(sockets[0]);
    close(output[0]);
}

TEST_CASE("relay::pump ends when the daemon goes away mid-transfer") {
    signal(SIGPIPE, SIG_IGN); // as run_session does: splice() into a closed socket raises it
    int input[2], output[2], sockets[2];
    REQUIRE(pipe(input) == 0);
    REQUIRE(pipe(output) == 0);
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sockets) == 0);
    close(sockets[1]);
    std::thread client_writer([&] { write_all_then_close(input[1], pattern(1 << 20, 3), false); });
    std::thread client_reader([&] { read_all(output[0]); });
    auto result = relay::pump(input[0], output[1], sockets[0]);
    close(input[0]); // lets the writer finish if the relay stopped reading
    client_writer.join();
    client_reader.join();
    CHECK(result.bytes_to_socket < (1u << 20));
    close(sockets[0]);
    close(output[0]);
}

TEST_CASE("relay::pump ends when the daemon hangs up, though the client keeps its side open") {
    // distccd given a bad request reads a little, answers nothing and closes; `distccd
    // --inetd` would exit there, and the SSH session with it, so the relay must end too.
    signal(SIGPIPE, SIG_IGN);
    int input[2], output[2], sockets[2];
    REQUIRE(pipe(input) == 0);
    REQUIRE(pipe(output) == 0);
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sockets) == 0);
    auto garbage = pattern(100, 4);
    REQUIRE(write(input[1], garbage.data(), garbage.size()) == 100);
    std::thread daemon([&] {
        char buffer[16];
        [[maybe_unused]] auto count = read(sockets[1], buffer, sizeof buffer);
        close(sockets[1]);
    });
    auto relayed = std::async(std::launch::async,
                              [&] { return relay::pump(input[0], output[1], sockets[0]); });
    bool ended = relayed.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
    close(input[1]); // the client's side, open until now: frees a relay that did not end
    relayed.wait();
    daemon.join();
    CHECK(ended);
    close(input[0]);
    close(sockets[0]);
    close(output[0]);
}

TEST_CASE("relay::pump copies through its buffer where the kernel refuses splice()") {
    // `ssh -n` gives the session /dev/null, which cannot be spliced from; a file opened for
    // appending cannot be spliced into, so the answer goes pipe -> buffer -> file.
    int input = open("/dev/null", O_RDONLY | O_CLOEXEC);
    REQUIRE(input >= 0);
    char path[] = "/tmp/test_byte_pump.XXXXXX";
    int created = mkstemp(path);
    REQUIRE(created >= 0);
    close(created);
    int output = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    REQUIRE(output >= 0);
    int sockets[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sockets) == 0);
    auto answer = pattern(200000, 5);
    std::vector<char> received_by_daemon;
    std::thread daemon([&] {
        received_by_daemon = read_all(sockets[1]); // ends at the relay's half-close
        write_all_then_close(sockets[1], answer, false);
    });
    auto result = relay::pump(input, output, sockets[0]); // closes `output` at the end
    daemon.join();
    int written = open(path, O_RDONLY | O_CLOEXEC);
    REQUIRE(written >= 0);
    auto received_by_client = read_all(written);
    close(written);
    unlink(path);
    CHECK(result.error_number == 0);
    CHECK(result.bytes_to_socket == 0);
    CHECK(result.bytes_from_socket == answer.size());
    CHECK(received_by_daemon.empty());
    CHECK(received_by_client == answer);
    close(input);
    close(sockets[0]);
}
