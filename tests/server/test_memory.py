"""The server limits glibc's malloc arenas (see paperlens.memory)."""

import platform

import pytest

from paperlens import memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the limit is glibc's")
def test_the_arena_limit_is_accepted_by_glibc() -> None:
    assert memory.limit_arenas()
