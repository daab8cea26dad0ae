#pragma once

namespace supervisor {

// Whether this process has a child, running or a zombie not yet reaped. As PID 1 or a child
// subreaper every process left in our world is a child or the descendant of one, so with no
// child there is nothing left to find.
bool has_children();

// Sends a signal to every process of our own world except ourselves: the whole PID namespace
// when we are its PID 1, otherwise only our descendants. Returns how many were signalled
// (for PID 1: 1 when kill(-1) found any, 0 otherwise).
int signal_leftover_processes(int signal_number, bool is_pid1);

} // namespace supervisor
