#!/usr/bin/env python3
"""tcp_nodelay.py PID PORT: prints TCP_NODELAY (0 or 1) of the process's TCP socket whose
local or remote port is PORT.

There is no /proc view of that option, so each socket is borrowed with pidfd_getfd(2)
(root, Linux 5.6+) and asked directly."""
import ctypes
import os
import socket
import sys

SYS_PIDFD_GETFD = 438  # the same number on every architecture

pid, port = int(sys.argv[1]), int(sys.argv[2])
libc = ctypes.CDLL(None, use_errno=True)
pidfd = os.pidfd_open(pid)
for name in os.listdir(f"/proc/{pid}/fd"):
    if not os.readlink(f"/proc/{pid}/fd/{name}").startswith("socket:"):
        continue
    fd = libc.syscall(SYS_PIDFD_GETFD, pidfd, int(name), 0)
    if fd < 0:
        sys.exit(f"pidfd_getfd({pid}, {name}): {os.strerror(ctypes.get_errno())}")
    borrowed = socket.socket(fileno=fd)
    try:
        ends = (borrowed.getsockname()[1], borrowed.getpeername()[1])
    except (OSError, IndexError, TypeError):
        ends = ()
    if borrowed.family in (socket.AF_INET, socket.AF_INET6) and port in ends:
        print(borrowed.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) and 1)
        sys.exit(0)
sys.exit(f"process {pid} has no TCP socket on port {port}")
