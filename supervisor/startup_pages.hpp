#pragma once

namespace supervisor {

// Gives back the pages start-up touched (argument parsing, planning) that the loop does not
// need: the text and read-only data of our own executable (from its program headers; the
// loop faults back the few it needs), the dead stack below the caller's frame, and free heap
// memory. Pages that were ever written (relocations, data) are left alone. Returns the kB of
// address range released. Best effort.
long release_startup_pages();

} // namespace supervisor
