"""The zone's assets as the costs table sees them: each table's technologies and capacities.

===================  =====================================================  ==============================
table                technology of an asset                                 capacity units (column)
===================  =====================================================  ==============================
generators           its carrier (solar, rooftop_solar, wind, ...)          MW (p_nom_mw)
hydro_plants         reservoir_hydro (a row of reservoirs) or run_of_river  MW (p_nom_mw)
waste_plants         waste                                                  MW (p_nom_mw)
storage              home_battery (with a consumer_class) or battery        MW (p_nom_mw), MWh (e_nom_mwh)
heat_units           its kind (heat_pump, boiler, waste_heat)               MW_th (p_nom_mw_th)
thermal_storage      hot_water_tank                                         MWh_th, MW_th
lines                overhead_line                                          MW km (rating x circuits x km)
transformers         transformer                                            MVA (s_nom_mva)
buses                substation                                             -
ev_fleets            ev_charger_ac (chargers up to 22 kW) or ev_charger_dc  charger (chargers)
===================  =====================================================  ==============================

Every table also has ``each``: one per asset (a substation, a plant's published total).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

EACH = "each"
AC_CHARGER_MAX_KW = 22.0  # IEC 61851 mode 3: AC chargers deliver at most 22 kW; above it a charger is DC

Tables = Mapping[str, pd.DataFrame]


def _constant(technology: str) -> Callable[[pd.DataFrame, Tables], pd.Series]:
    return lambda frame, tables: pd.Series(technology, index=frame.index, dtype=object)


def _column(name: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda frame: frame[name].astype(float)


def _hydro_technology(frame: pd.DataFrame, tables: Tables) -> pd.Series:
    reservoirs = list(tables["reservoirs"]["plant_id"])  # as gezopt.rivers reads them
    return pd.Series(np.where(frame.index.isin(reservoirs), "reservoir_hydro", "run_of_river"),
                     index=frame.index, dtype=object)


def _storage_technology(frame: pd.DataFrame, tables: Tables) -> pd.Series:
    owned = frame["consumer_class"].notna() & (frame["consumer_class"] != "")
    return pd.Series(np.where(owned, "home_battery", "battery"), index=frame.index, dtype=object)


def _charger_technology(frame: pd.DataFrame, tables: Tables) -> pd.Series:
    return pd.Series(np.where(frame["charger_kw"] <= AC_CHARGER_MAX_KW, "ev_charger_ac", "ev_charger_dc"),
                     index=frame.index, dtype=object)


@dataclass(frozen=True)
class AssetKind:
    """How the costs table reads one table: its technologies and capacities per unit (see the module table)."""

    table: str
    technologies: tuple[str, ...]  # known technologies; generators also take any carrier of their table
    technology_of: Callable[[pd.DataFrame, Tables], pd.Series]
    capacities: Mapping[str, Callable[[pd.DataFrame], pd.Series]]

    @property
    def capacity_units(self) -> tuple[str, ...]:
        """The capacity units a cost of this table may be per, ``each`` last."""
        return (*self.capacities, EACH)

    def capacity(self, unit: str, frame: pd.DataFrame) -> pd.Series:
        """Each asset's capacity in ``unit`` (1 for ``each``)."""
        if unit == EACH:
            return pd.Series(1.0, index=frame.index)
        return self.capacities[unit](frame)


ASSET_KINDS: dict[str, AssetKind] = {kind.table: kind for kind in (
    AssetKind("generators", ("solar", "rooftop_solar", "wind"), lambda frame, tables: frame["carrier"].astype(object),
              {"MW": _column("p_nom_mw")}),
    AssetKind("hydro_plants", ("reservoir_hydro", "run_of_river"), _hydro_technology, {"MW": _column("p_nom_mw")}),
    AssetKind("waste_plants", ("waste",), _constant("waste"), {"MW": _column("p_nom_mw")}),
    AssetKind("storage", ("battery", "home_battery"), _storage_technology,
              {"MW": _column("p_nom_mw"), "MWh": _column("e_nom_mwh")}),
    AssetKind("heat_units", ("heat_pump", "boiler", "waste_heat"), lambda frame, tables: frame["kind"].astype(object),
              {"MW_th": _column("p_nom_mw_th")}),
    AssetKind("thermal_storage", ("hot_water_tank",), _constant("hot_water_tank"),
              {"MWh_th": _column("e_nom_mwh_th"), "MW_th": _column("p_nom_mw_th")}),
    AssetKind("lines", ("overhead_line",), _constant("overhead_line"),
              {"MW km": lambda frame: frame["s_nom_mva_per_circuit"] * frame["circuits"] * frame["length_km"]}),
    AssetKind("transformers", ("transformer",), _constant("transformer"), {"MVA": _column("s_nom_mva")}),
    AssetKind("buses", ("substation",), _constant("substation"), {}),
    AssetKind("ev_fleets", ("ev_charger_ac", "ev_charger_dc"), _charger_technology, {"charger": _column("chargers")}),
)}


def known_technologies(kind: AssetKind, frame: pd.DataFrame, tables: Tables) -> tuple[str, ...]:
    """The technologies a cost of this table may name: the known ones and any its assets have."""
    present = [t for t in kind.technology_of(frame, tables).unique() if isinstance(t, str) and t not in kind.technologies]
    return (*kind.technologies, *sorted(present))
