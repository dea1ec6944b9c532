"""The costs table: what each asset of the zone costs to build and keep, by technology or by asset.

A row prices the assets of one table (``asset_table``) of one technology,
or one asset (``asset_id``), per unit of one of their capacities
(``capacity_unit``).  Which technology an asset is, and which capacities it
has, is fixed per table in :mod:`gezopt.data.assets`.
"""

from __future__ import annotations

from gezopt.data.specs.shared_columns import object_id_column
from gezopt.data.specs.types import Column, TableSpec

OWNERS = ("system", "consumers")  # who pays: the zone's tariffs, or the owner of the equipment directly

COSTS = TableSpec(
    "costs",
    "Investment, fixed and variable O&M and lifetime of the zone's assets, per technology or per asset "
    "(a row naming an asset replaces its technology's rows for that asset).",
    (
        object_id_column("cost_id", "cost entry"),
        Column("asset_table", "str", "-", "table of the assets priced: generators, hydro_plants, waste_plants, "
               "storage, heat_units, thermal_storage, lines, transformers, buses or ev_fleets"),
        Column("technology", "str", "-", "technology of the assets priced (see gezopt.data.assets)"),
        Column("asset_id", "str", "-", "one asset of asset_table (empty: every asset of the technology)",
               required=False, default=None),
        Column("capacity_unit", "str", "-", "what the costs are per: MW, MW_th, MWh, MWh_th, MVA, MW km, "
               "charger or each (one per asset)"),
        Column("owner", "str", "-", "who pays: system (recovered by tariffs) or consumers (owners pay directly)",
               required=False, default="system"),
        Column("investment_azn_per_capacity_unit", "float", "AZN/unit", "overnight investment per capacity unit",
               minimum=0.0),
        Column("fixed_om_azn_per_capacity_unit_year", "float", "AZN/(unit yr)",
               "fixed operation and maintenance per capacity unit and year", minimum=0.0, required=False,
               default=0.0),
        Column("variable_om_azn_per_mwh", "float", "AZN/MWh", "variable O&M per MWh of output (the dispatch reads "
               "each unit's marginal_cost_azn_per_mwh)", minimum=0.0, required=False, default=0.0),
        Column("lifetime_years", "float", "yr", "economic lifetime of the annuity", minimum=0.0,
               minimum_excluded=True, maximum=200.0),
    ),
    required=False,
)
