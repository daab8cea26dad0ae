#pragma once

#include <stdexcept>
#include <string>

namespace util {

// A request distcc-init turns down before it starts anything: one line for the user (what
// was wrong and what is expected, never a secret) and the exit code. Thrown where the
// problem is found, caught once in main().
class Refusal : public std::runtime_error {
  public:
    Refusal(int exit_code, const std::string& message)
        : std::runtime_error(message), m_exit_code(exit_code) {}
    int exit_code() const noexcept { return m_exit_code; }

  private:
    int m_exit_code;
};

} // namespace util
