#pragma once

namespace supervisor {

// Sends a signal to every process of our own world except ourselves: the whole PID namespace
// when we are its PID 1, otherwise only our descendants. Returns how many were signalled
// (for PID 1: 1 when kill(-1) found any, 0 otherwise).
int signal_leftover_processes(int signal_number, bool is_pid1);

} // namespace supervisor
