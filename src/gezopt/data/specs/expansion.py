"""The expansion candidates: which assets the LP may build, from what to what, at what cost.

A row makes one capacity of one asset extendable (:mod:`gezopt.expansion`): a
generator's, waste plant's or storage unit's power (MW), a storage unit's energy
(MWh, sized apart from its power), a line's or transformer's rating (MW) or a
national-grid connection's import and export limit (MW).  The asset is a row of
its own table: an existing asset is extended from its current size, a new site is
a row of 0 MW.  Minimum and maximum are the asset's total capacity, in the
candidate's capacity unit.  A scenario uses the candidates only with
``expansion: {enabled: true}``.
"""

from __future__ import annotations

from gezopt.data.specs.shared_columns import object_id_column
from gezopt.data.specs.types import Column, TableSpec

EXPANSION_TABLES = ("generators", "waste_plants", "storage", "lines", "transformers", "grid_connections")
CAPACITY_UNITS = ("MW", "MWh")  # MWh: a storage unit's energy

EXPANSION_CANDIDATES = TableSpec(
    "expansion_candidates",
    "Capacities the LP may build (capacity expansion): per candidate the asset, its minimum and maximum "
    "total capacity and, where the costs table's rows for the asset do not apply, the costs row that prices it.",
    (
        object_id_column("candidate_id", "expansion candidate"),
        Column("asset_table", "str", "-", "table of the asset: " + ", ".join(EXPANSION_TABLES)),
        Column("asset_id", "str", "-", "the asset (a row of asset_table; a new site is a row of 0 MW)"),
        Column("capacity_unit", "str", "-", "the capacity built: MW (power, rating, connection limit) or MWh "
               "(a storage unit's energy)", required=False, default="MW"),
        Column("minimum_capacity", "float", "capacity_unit", "least total capacity (empty: the asset's current size)",
               minimum=0.0, required=False, default=None),
        Column("maximum_capacity", "float", "capacity_unit", "largest total capacity: the site's potential",
               minimum=0.0),
        Column("cost_id", "str", "-", "costs row pricing the capacity built (empty: the asset's own rows per "
               "capacity unit, else its technology's)", required=False, default=None, references="costs"),
        Column("length_km", "float", "km", "length priced by a per-MW-km cost (a national-grid connection's "
               "reinforcement; a line uses its own length)", minimum=0.0, required=False, default=None),
        Column("enabled", "bool", "-", "whether the candidate is used when expansion is enabled",
               required=False, default=True),
    ),
    required=False,
)
