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
"""

from __future__ import annotations

from collections.abc import Hashable

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
