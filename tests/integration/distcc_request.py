#!/usr/bin/env python3
"""Sends one compile request in distcc's protocol (version 1: plain, preprocessed on the
client) with any argument list, as a client of its own would, where the distcc client keeps
some options at home (-fprofile-*, -Wa,-a..., @file). Prints the worker's stderr for the job;
exits 0 when an object came back, 1 when the compile failed, 2 when the worker gave no answer.

usage: distcc_request.py (--tcp HOST:PORT | --command PROGRAM ARGS...) --source FILE -- ARGV...
       (--command runs e.g. `ssh HOST distccd --inetd` and talks over its stdin and stdout)
"""
import socket
import subprocess
import sys


def token(name, value):
    return name.encode() + b"%08x" % value


def request(argv, source):
    parts = [token("DIST", 1), token("ARGC", len(argv))]
    for word in argv:
        data = word.encode()
        parts += [token("ARGV", len(data)), data]
    parts += [token("DOTI", len(source)), source]
    return b"".join(parts)


class Reply:
    def __init__(self, data):
        self.data, self.at = data, 0

    def token(self, name):
        head = self.data[self.at:self.at + 12]
        if len(head) < 12 or head[:4] != name.encode():
            raise EOFError(f"expected {name}, got {head!r}")
        self.at += 12
        return int(head[4:], 16)

    def bytes(self, name):
        length = self.token(name)
        value = self.data[self.at:self.at + length]
        self.at += length
        return value


def main(args):
    separator = args.index("--")
    options, argv = args[:separator], args[separator + 1:]
    source = open(options[options.index("--source") + 1], "rb").read()
    payload = request(argv, source)
    if options[0] == "--tcp":
        host, port = options[1].rsplit(":", 1)
        # No half-close: distccd takes the end of its input for a client that went away. A
        # worker that drops the request may reset the connection while it is being sent.
        chunks = []
        try:
            with socket.create_connection((host, int(port)), timeout=60) as connection:
                connection.sendall(payload)
                while chunk := connection.recv(65536):
                    chunks.append(chunk)
        except (ConnectionResetError, BrokenPipeError):
            pass
        data = b"".join(chunks)
    else:
        command = options[1:options.index("--source")]
        with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as session:
            try:
                session.stdin.write(payload)
                session.stdin.flush()
            except BrokenPipeError:
                pass
            data = session.stdout.read()
            try:
                session.stdin.close()
            except BrokenPipeError:
                pass
    reply = Reply(data)
    try:
        reply.token("DONE")
        status = reply.token("STAT")
        stderr = reply.bytes("SERR")
        reply.bytes("SOUT")
        sys.stdout.write(stderr.decode(errors="replace"))
        obj = reply.bytes("DOTO")
    except EOFError as error:
        print(f"no answer from the worker ({error})")
        return 2
    return 0 if status == 0 and obj else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
