"""The data documentation generated from the table specs (``gezopt validate --describe``)."""

from __future__ import annotations

from gezopt.data.specs import TABLES, Column, TableSpec


def _bounds(column: Column) -> str:
    if column.minimum is None and column.maximum is None:
        return ""
    low = "" if column.minimum is None else f"{column.minimum:g} {'<' if column.minimum_excluded else '<='} "
    high = "" if column.maximum is None else f" <= {column.maximum:g}"
    return f"{low}x{high}"


def _row(column: Column) -> str:
    need = "required" if column.required else f"default {column.default!r}" if column.default is not None else "optional"
    reference = f" (an id of {column.references})" if column.references else ""
    profile = (f" (names a {column.profile.name} series of profiles.csv, "
               f"{column.profile.minimum:g}..{column.profile.maximum:g})" if column.profile else "")
    return (f"| `{column.name}` | {column.dtype} | {column.unit or '-'} | {need} | {_bounds(column)} | "
            f"{column.description}{reference}{profile} |")


def describe_table(spec: TableSpec) -> str:
    """One table's columns as Markdown: name, type, unit, required or default, bounds, meaning."""
    header = ["| column | type | unit | required | bounds | meaning |", "|---|---|---|---|---|---|"]
    need = "required" if spec.required else "optional"
    return "\n".join([f"## {spec.file_name} ({need})", "", spec.description, "", *header,
                      *(_row(column) for column in spec.columns)])


def describe_tables() -> str:
    """Every input table of a dataset, from the specs the reader and the checks use."""
    return "\n\n".join(describe_table(spec) for spec in TABLES) + "\n"
