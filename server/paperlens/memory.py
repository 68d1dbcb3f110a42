"""The server process's malloc arenas, limited to two.

glibc gives each thread that allocates under contention an arena of its own (up to 8 per core),
and memory freed in one is not reused by another. The server's threads (event loop, worker,
corpus product) each free many megabytes of refit temporaries: with 200,000 papers and 1,000
users' models the resident set (with the fitting process) measured 1,049 MB with glibc's
default and 861 MB with MALLOC_ARENA_MAX=2; a page that fits a model took 269 and 250 ms p50.
"""

import ctypes
import ctypes.util

# mallopt's parameter number for the arena limit (glibc's malloc.h).
M_ARENA_MAX = -8
ARENAS = 2


def limit_arenas() -> bool:
    """Limit the arenas of threads started from now on; False where libc is not glibc."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, ARENAS))
