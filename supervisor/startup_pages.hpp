#pragma once

namespace supervisor {

// Gives back the clean file-backed pages of our own executable that start-up touched
// (argument parsing, planning): the loop faults back the few it needs. Pages that were ever
// written (relocations) are left alone. Returns the kB released. Best effort.
long release_startup_pages();

} // namespace supervisor
