"""The replay driver reads posts in batches without changing what happens when."""

from collections.abc import Iterator

import pytest

from replay._drive import _batches


def numbers(n: int, fail_at: int | None = None) -> Iterator[int]:
    for i in range(n):
        if i == fail_at:
            raise ValueError(i)
        yield i


def test_batches_cover_the_stream_in_order() -> None:
    """Full batches, then the rest; nothing lost or reordered."""
    assert list(_batches(numbers(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(_batches(numbers(0), 3)) == []


def test_posts_before_a_failure_come_out_first() -> None:
    """A bad record in strict mode raises only after the posts read before it were handed on."""
    batches = _batches(numbers(9, fail_at=4), 3)
    assert next(batches) == [0, 1, 2]
    assert next(batches) == [3]
    with pytest.raises(ValueError, match="4"):
        next(batches)
