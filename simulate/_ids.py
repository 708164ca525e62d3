"""Opaque, unique, deterministic identifiers.

Ids are built from a structured integer that is unique by construction (stream, hour or
incident, sequence) and then passed through a fixed bijection of 64-bit integers, so they look
like the large numeric ids of real platforms and do not leak whether a post is chatter or a
complaint (a detector must not be able to cheat on ids).
"""

import numpy as np

_MASK = (1 << 64) - 1
_MUL1 = 0xBF58476D1CE4E5B9
_MUL2 = 0x94D049BB133111EB

# Top bits of the structured integer: which generator made the id.
STREAM_CHATTER = 1
STREAM_INCIDENT = 2
STREAM_AUTHOR = 3
STREAM_EXTRA_AUTHOR = 4


def _mix(x: int) -> int:
    # splitmix64 finaliser: every step (xor-shift, odd multiply) is invertible, so the whole
    # map is a bijection and distinct inputs can never collide.
    x = (x ^ (x >> 30)) * _MUL1 & _MASK
    x = (x ^ (x >> 27)) * _MUL2 & _MASK
    return x ^ (x >> 31)


def structured(stream: int, major: int, minor: int) -> int:
    """Pack (stream, major, minor) into one integer; major < 2**34, minor < 2**24."""
    return (stream << 58) | (major << 24) | minor


def opaque(n: int) -> str:
    """Map a structured integer to its public id string (a 1–20 digit number)."""
    return str(_mix(n))


def opaque_many(stream: int, major: int, n: int) -> list[str]:
    """``opaque(structured(stream, major, j))`` for j in range(n), vectorised."""
    x = np.uint64((stream << 58) | (major << 24)) + np.arange(n, dtype=np.uint64)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(_MUL1)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(_MUL2)
    x = x ^ (x >> np.uint64(31))
    return [str(v) for v in x.tolist()]
