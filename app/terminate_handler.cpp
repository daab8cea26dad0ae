// std::terminate's default message, without libstdc++'s demangler.
//
// libstdc++'s default terminate handler, __gnu_cxx::__verbose_terminate_handler, names the
// type of the exception in flight through __cxa_demangle, and so links the whole demangler
// (47 kB, more than 2 % of distcc-init) into every static binary for a message that only a bug
// prints. Defined here, in an object file of the executable, the linker takes this one and
// never pulls libstdc++'s (vterminate.o) nor the demangler. An executable that links
// libstdc++ dynamically, or a future libstdc++ that stops referencing the name, simply keeps
// the stock handler. This one says what the exception said, then aborts as the stock one does.

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace __gnu_cxx { // NOLINT(cert-dcl58-cpp): the name libstdc++ documents for this handler

[[gnu::used]] void __verbose_terminate_handler() {
    static bool already_terminating = false;
    if (!already_terminating) {
        already_terminating = true;
        if (auto in_flight = std::current_exception()) {
            try {
                std::rethrow_exception(in_flight);
            } catch (const std::exception& error) {
                std::fprintf(stderr, "terminate called after an exception: %s\n", error.what());
            } catch (...) {
                std::fputs("terminate called after an exception of unknown type\n", stderr);
            }
        } else {
            std::fputs("terminate called without an active exception\n", stderr);
        }
    }
    std::abort();
}

} // namespace __gnu_cxx
