"""``--set KEY=VALUE``: one-off changes to a scenario by key path, validated like the file.

An assignment is a one-line child scenario: ``--set horizon.hours=48`` is
what ``horizon: {hours: 48}`` in a file extending the scenario would be.  It
is applied to the document resolved through the ``extends`` chain, before
validation, so the schema and every later check see it as they see a file's
value.  A segment that is a whole number addresses an element of an existing
list (``tariffs.classes.residential.time_of_use.1.azn_per_kwh``); a mapping
given as the value merges with the one it replaces, like a child's.

A problem found at a key the command line set, or below one it created, is
reported at the option (``command line:-:--set horizon.hours: ...``), not in
the scenario file, wherever it is found (schema, scenario changes, horizon).
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gezopt.errors import InputError, Problem, quoted

COMMAND_LINE = "command line"  # the file label of problems in options


@dataclass(frozen=True)
class Assignment:
    """One ``--set KEY=VALUE`` as typed: the dotted key path and the value's text (parsed as YAML on loading)."""

    key: str
    text: str

    @property
    def segments(self) -> list[str]:
        return self.key.split(".")

    def __str__(self) -> str:
        return f"{self.key}={self.text}"


def key_path_problem(key: str) -> str | None:
    """Why ``key`` is not a key path (names joined by dots), or None."""
    if any(not segment for segment in key.split(".")):
        return f"{quoted(key)} has an empty segment; a key path is names joined by dots"
    return None


def parse_assignment(text: str) -> Assignment:
    """``KEY=VALUE`` split at its first ``=``; a :class:`ValueError` saying what is expected otherwise."""
    key, separator, value = text.partition("=")
    key = key.strip()
    if not separator or not key:
        raise ValueError(f"{quoted(text)} is not KEY=VALUE (e.g. horizon.hours=48)")
    if (problem := key_path_problem(key)) is not None:
        raise ValueError(problem)
    return Assignment(key=key, text=value.strip())


def option_label(key: str) -> str:
    """The column of a problem in a ``--set`` value."""
    return f"--set {key}"


def merge_documents(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Child keys over parent keys; mappings merge recursively, anything else is replaced."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_documents(merged[key], value)
        else:
            merged[key] = value
    return merged


def assign(document: dict[str, Any], assignment: Assignment, value: Any) -> tuple[dict[str, Any], str]:
    """The document with ``value`` at the assignment's key path, and the shortest key path the document did not
    have before (the whole key where it had every part): problems at or below it are the command line's.

    A missing or non-mapping step becomes a mapping, as a child file's mapping replaces a parent's scalar;
    a :class:`ValueError` for a list index that is not one.
    """
    result = copy.deepcopy(document)
    node: Any = result
    segments = assignment.segments
    created: str | None = None
    for depth, segment in enumerate(segments):
        path = ".".join(segments[: depth + 1])
        last = depth == len(segments) - 1
        if isinstance(node, list):
            if not segment.isdigit() or int(segment) >= len(node):
                raise ValueError(f"{'.'.join(segments[:depth]) or 'the document'} is a list of {len(node)}; "
                                 f"{quoted(segment)} is not one of its positions (0-{len(node) - 1})")
            key: Any = int(segment)
        else:
            key = segment
            if key not in node and created is None:
                created = path
        if last:
            existing = node[key] if isinstance(node, list) or key in node else None
            node[key] = merge_documents(existing, value) if isinstance(existing, dict) and isinstance(value, dict) else value
        else:
            child = node[key] if isinstance(node, list) or key in node else None
            if not isinstance(child, (dict, list)):
                child = node[key] = {}
            node = child
    return result, created or assignment.key


def within(key: str, prefix: str) -> bool:
    """Whether key path ``key`` is ``prefix`` or lies below it."""
    return key == prefix or key.startswith(prefix + ".")


def located_problems(problems: list[Problem], scenario_label: str, command_line_keys: tuple[str, ...]) -> list[Problem]:
    """The problems, those of the scenario file at or below a key the command line set put at the option."""
    return [
        Problem(COMMAND_LINE, None, option_label(problem.column), problem.message)
        if problem.file == scenario_label and problem.column is not None
        and any(within(problem.column, key) for key in command_line_keys)
        else problem
        for problem in problems
    ]


@contextlib.contextmanager
def command_line_located(scenario_label: str, command_line_keys: tuple[str, ...]) -> Iterator[None]:
    """Re-raise an :class:`InputError` with the problems of ``--set`` values put at the option."""
    try:
        yield
    except InputError as error:
        if not command_line_keys:
            raise
        raise InputError(located_problems(error.problems, scenario_label, command_line_keys)) from None
