#pragma once

#include <set>

namespace supervisor {

// How the supervised programs ended, as far as the exit code is concerned.
struct Outcome {
    int first_exit_wait_status = 0;        // waitpid() status of the program that ended first
    bool first_exit_was_companion = false; // a companion ended before the main program
    bool terminated_by_sigterm = false;    // the shutdown began with a SIGTERM sent to us
};

// Maps a waitpid() status to a shell-style code: the exit code, or 128 + N for signal N.
int exit_code_from_wait_status(int wait_status);

// The exit code distcc-init ends with: 143 after a SIGTERM-initiated shutdown, otherwise
// the first program's code (a companion that "succeeds" still counts as a failure: 1);
// finally tini's -e remapping turns any listed code into 0.
int final_exit_code(const Outcome& outcome, const std::set<int>& codes_remapped_to_zero);

} // namespace supervisor
