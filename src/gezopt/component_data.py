"""A constructed Pyomo component's keys and data objects in index order, read at C speed.

Pyomo's ``keys()`` walks the index set (for a product of sets, the product
is formed tuple by tuple) and its ``values()`` looks each key up through a
Python closure: about 0.1 µs and 0.09 µs an element.  A component holds its
data objects in a dict (``_data``) filled as it is constructed; Pyomo
constructs every element of a dense Var, and every element of a Constraint
whose rule skips none, in index order, so that dict's order is the index's.
Where every element of the index is present (``len(_data)`` equals the
index's length) :func:`keys_and_data` reads the dict itself, about 20 times
faster; otherwise (a sparse component, a skipped row) it asks Pyomo.
``tests/test_component_data.py`` holds the two to the same answer on every
component of the default model.

A component may also fill that dict only when something first reads it
(:class:`FilledWhenRead`: a variable whose elements are held as lists, rows
made from arrays).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from pyomo.core.base.indexed_component import IndexedComponent


def keys_and_data(component: IndexedComponent) -> tuple[list[Hashable], list]:
    """The component's keys and data objects in index order (``list(keys())``, ``list(values())``)."""
    unkeyed = getattr(component, "unkeyed_elements", None)  # a variable held unkeyed (gezopt.model.variables)
    held = unkeyed() if unkeyed is not None else None
    if held is not None:
        return list(held[0]), list(held[1])
    data = component._data
    if component.is_indexed() and not component.is_reference() and len(data) == len(component.index_set()):
        return list(data), list(data.values())
    return list(component.keys()), list(component.values())


def data_objects(component: IndexedComponent) -> list:
    """The component's data objects in index order (``list(values())``)."""
    return keys_and_data(component)[1]


class FilledWhenRead:
    """A mixin for an indexed Pyomo component (before it in the bases) whose dict of elements by key, Pyomo's
    ``_data``, is filled from a source given to :meth:`_fill_when_read` (:meth:`_elements_from` makes the
    (key, element) pairs) the first time anything reads it: indexing, ``len``, ``in``, iteration, ``clone``,
    Pyomo's writers.  From then on it is Pyomo's dict as always; Pyomo's ``__init__`` and ``clear()`` set
    ``_data``, which drops a source not read yet."""

    @property
    def _data(self) -> dict:
        source = self.__dict__["_source"]
        if source is not None:
            self.__dict__["_source"] = None
            self.__dict__["_keyed"].update(self._elements_from(source))
        return self.__dict__["_keyed"]

    @_data.setter
    def _data(self, data: dict) -> None:
        self.__dict__["_keyed"] = data
        self.__dict__["_source"] = None

    def _fill_when_read(self, source: object) -> None:
        """Leave ``_data`` empty until it is first read, then fill it from ``source`` (not None)."""
        self.__dict__["_keyed"] = {}
        self.__dict__["_source"] = source

    def _unread_source(self) -> object | None:
        """The source ``_data`` is still to be filled from; None once it is read (or set)."""
        return self.__dict__["_source"]

    def _elements_from(self, source: object) -> Iterable[tuple[Hashable, object]]:
        """The (key, element) pairs, in index order, that ``source`` fills ``_data`` with."""
        raise NotImplementedError
