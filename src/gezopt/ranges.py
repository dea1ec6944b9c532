"""Consecutive whole numbers as runs: hours of the day, snapshot positions."""

from __future__ import annotations

from collections.abc import Iterable


def consecutive_runs(numbers: Iterable[int]) -> list[list[int]]:
    """The numbers in their order, split where one does not follow the previous by one: 1 2 3 7 8 -> [1 2 3] [7 8]."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs
