#pragma once

#include "supervisor/inherited_signals.hpp"
#include "supervisor/settings.hpp"

namespace supervisor {

// Everything supervise() needs and nothing more: start-up hands it over and frees the rest
// (command line, environment copy, plan) before PID 1 settles into its loop.
struct Job {
    Settings settings;
    Programs programs;
    InheritedSignals inherited;
};

// Runs the programs as their init: forwards signals, reaps zombies, stops everything when
// one program ends, and returns the exit code distcc-init should end with. Must be called
// after take_over_signals(); never throws once the programs run.
int supervise(const Settings& settings, const Programs& programs,
              const InheritedSignals& inherited);

} // namespace supervisor
