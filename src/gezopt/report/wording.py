"""Numbers and names in the report's sentences: lists of names, money, shares, tonnes, and the spread of a
figure over scenarios (the same everywhere, or from the lowest to the highest, naming who has each)."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def name_list(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def azn(value: float) -> str:
    """``2,892,970 AZN``."""
    return f"{round(value) + 0:,.0f} AZN"


def percent(ratio: float) -> str:
    """A ratio as a percentage with one decimal: ``22.0 %``."""
    return f"{100.0 * ratio + 0.0:.1f} %"


def tonnes(value: float) -> str:
    """``487.9 t CO2``."""
    return f"{round(value, 1) + 0.0:,.1f} t CO2"


def number_list(values: Sequence[float], unit: str) -> str:
    """Band edges as prose: ``100, 200 and 500 kWh``."""
    return name_list([f"{value:,.0f}" for value in values]) + f" {unit}"


def amount_range(values: Sequence[float], shown: Callable[[float], str]) -> str:
    """``0.37 to 16.63`` (lowest to highest), or one value when they print the same."""
    low, high = shown(min(values)), shown(max(values))
    return low if low == high else f"{low} to {high}"


def grouped(named: Sequence[tuple[str, float]], shown: Callable[[float], str]) -> list[tuple[str, list[str]]]:
    """The values as printed, lowest first, each with the names that have it (ties at the printed precision
    are one group, in the scenarios' order)."""
    groups: dict[str, list[str]] = {}
    values: dict[str, float] = {}
    for name, value in named:
        text = shown(value)
        groups.setdefault(text, []).append(name)
        values.setdefault(text, value)
    return [(text, groups[text]) for text in sorted(groups, key=values.__getitem__)]


def spread(named: Sequence[tuple[str, float]], shown: Callable[[float], str], verbs: tuple[str, str] = ("", "")
           ) -> str:
    """A figure over scenarios: ``X (a)`` for one, ``X in every scenario`` when they print the same, else
    ``from X (a) to Y (b and c)``; ``verbs`` (for one value, for a range: ``("is", "ranges")``) go before."""
    groups = grouped(named, shown)
    one, many = (verb + " " if verb else "" for verb in verbs)
    if len(named) == 1:
        return f"{one}{groups[0][0]} ({named[0][0]})"
    if len(groups) == 1:
        return f"{one}{groups[0][0]} in {'both scenarios' if len(named) == 2 else 'every scenario'}"
    (low, low_names), (high, high_names) = groups[0], groups[-1]
    return f"{many}from {low} ({name_list(low_names)}) to {high} ({name_list(high_names)})"
