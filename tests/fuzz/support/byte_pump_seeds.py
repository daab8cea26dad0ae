#!/usr/bin/env python3
# Writes the seeds of fuzz_byte_pump (tests/fuzz/corpus/byte_pump). Each input is encoded the
# way libFuzzer's FuzzedDataProvider reads it, in the order fuzz_byte_pump.cpp asks: integers
# from the end (big-endian, as few bytes as their range needs), strings from the front (a
# backslash doubles itself, a backslash followed by another byte ends the string).
# Usage: python3 tests/fuzz/support/byte_pump_seeds.py   (from the repository root)
import os

MAX_BYTES = 512 * 1024  # k_max_bytes


class Seed:
    def __init__(self):
        self.front = b""
        self.back = []

    def integral(self, low, high, value):
        span, size = high - low, 0
        while span >> (8 * size):
            size += 1
        self.back += list((value - low).to_bytes(size, "big")) if size else []

    def boolean(self, value):
        self.integral(0, 255, 1 if value else 0)

    def string(self, text):
        assert len(text) < 4096  # longer strings end without their terminator
        self.front += text.replace(b"\\", b"\\\\") + b"\\|"

    def data(self):
        return self.front + bytes(reversed(self.back))


def script(seed, chunks, ending=0, close_written=None, close_read=None, daemon=False,
           after_end=False, can_reset=False):
    """chunks: [(bytes, repeat)]; ending: 0 half-close, 1 close, 2 reset."""
    seed.integral(0, 8, len(chunks))
    total = 0
    for piece, repeat in chunks:
        seed.string(piece)
        seed.integral(1, 64, repeat)
        total += len(piece) * repeat
    seed.integral(0, 2 if can_reset else 1, ending)
    if ending:
        seed.integral(0, total, close_written)
        seed.boolean(close_read is not None)
        if close_read is not None:
            seed.integral(0, MAX_BYTES, close_read)
    if daemon:
        seed.boolean(after_end)


REQUEST = [(b"DIST00000001ARGC00000005ARGV00000003gccARGV00000002-cARGV00000006test.c"
            b"ARGV00000002-oARGV00000006test.o", 1),
           (b"DOTI00000020int main(){return 0;}\n", 1)]
ANSWER = [(b"DONE00000001STAT00000000SERR00000000SOUT00000000DOTO00000010", 1),
          (b"\x7fELF\x02\x01\x01\x00" * 2, 1)]
BIG = (bytes(range(256)) * 15 + bytes(range(255)), 64)  # 255 KiB in 64 writes


def make(name, client_on_socket, daemon_on_tcp, client, daemon):
    seed = Seed()
    seed.boolean(client_on_socket)
    seed.boolean(daemon_on_tcp)
    script(seed, **client)
    script(seed, daemon=True, can_reset=daemon_on_tcp, **daemon)
    with open(os.path.join("tests/fuzz/corpus/byte_pump", name), "wb") as out:
        out.write(seed.data())


make("distcc_job_pipes_unix.bin", False, False, dict(chunks=REQUEST),
     dict(chunks=ANSWER, after_end=True))
make("distcc_job_pipes_tcp.bin", False, True, dict(chunks=REQUEST),
     dict(chunks=ANSWER, after_end=True))
make("large_both_ways_tcp.bin", False, True, dict(chunks=[BIG]), dict(chunks=[BIG, BIG]))
make("socket_client_tcp.bin", True, True, dict(chunks=REQUEST),
     dict(chunks=ANSWER, after_end=True))
make("daemon_resets.bin", False, True, dict(chunks=[BIG]),
     dict(chunks=ANSWER, ending=2, close_written=30, close_read=1000))
make("daemon_closes_early.bin", True, False, dict(chunks=REQUEST),
     dict(chunks=ANSWER, ending=1, close_written=10))
make("client_goes_away.bin", False, True,
     dict(chunks=REQUEST, ending=1, close_written=50, close_read=20), dict(chunks=[BIG]))
make("nothing_sent.bin", False, False, dict(chunks=[]), dict(chunks=[]))
