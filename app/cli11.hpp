#pragma once

// CLI11, without the standard streams' start-up cost.
//
// CLI11 includes <iostream> for App::exit(), Timer and its deprecated-option warnings, none
// of which distcc-init calls: help and errors come back as strings. With libstdc++ before
// GCC 13, every translation unit that includes <iostream> constructs the eight standard
// streams and the classic locale's facets at start-up; in PID 1 that is 8 kB of private
// memory written for nothing (two pages, with cmake/LeanBuild.cmake's sorted sections). So
// <iostream> is marked as already included, and the four stream objects CLI11 names are
// declared exactly as <iostream> declares them.
//
// Nothing may then use those streams: they are never constructed. A use would link their
// definitions into the binary, and an <iostream> included elsewhere would bring
// std::ios_base::Init back; tests/integration/suite_supervisor.sh fails on either.
//
// With another standard library, or libstdc++ 13 and later (which constructs the streams in
// the library itself), this header is a plain #include <CLI/CLI.hpp>.
#include <version>

#if defined(__GLIBCXX__) && defined(_GLIBCXX_RELEASE) && _GLIBCXX_RELEASE < 13 &&                  \
    !defined(_GLIBCXX_IOSTREAM)
#define _GLIBCXX_IOSTREAM 1 // NOLINT(bugprone-reserved-identifier): libstdc++'s include guard
#include <istream>
#include <ostream>
namespace std { // NOLINT(cert-dcl58-cpp): the very declarations <iostream> makes
extern istream cin;
extern ostream cout;
extern ostream cerr;
extern ostream clog;
} // namespace std
#endif

#include <CLI/CLI.hpp>
