r"""Solar yields: each solar plant's modelled capacity factor beside the published one (pv_plants.csv).

The modelled factor of plant :math:`g` is the mean of its availability profile over the profile year,
:math:`\bar a_g = \frac{1}{T}\sum_t a_{g,t}` (available AC output per MW of inverter capacity, before any
curtailment by the dispatch).  The published factor is its published annual energy over a year at its AC
rating, :math:`E^{pub}_g / (8.76\,P_g)` (GWh, MW), and the ratio :math:`\bar a_g / (E^{pub}_g / 8.76 P_g)`.
No solve is needed: the profiles are data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gezopt.data import ZoneData

HOURS_PER_YEAR = 8760.0


def solar_yields(zone: ZoneData) -> pd.DataFrame:
    """One row per plant of pv_plants.csv: its configuration, modelled and published capacity factors, ratio."""
    plants = zone.pv_plants
    generators = zone.generators.loc[plants["generator_id"]]
    modelled = [float(zone.profiles[name].mean()) for name in generators["availability_profile"]]
    published = (plants["published_energy_gwh_per_year"].to_numpy(dtype=float) * 1e3
                 / (generators["p_nom_mw"].to_numpy(dtype=float) * HOURS_PER_YEAR))
    table = pd.DataFrame({
        "generator_id": plants["generator_id"].to_numpy(),
        "p_nom_mw": generators["p_nom_mw"].to_numpy(),
        "dc_ac_ratio": plants["dc_ac_ratio"].to_numpy(),
        "mounting": plants["mounting"].to_numpy(),
        "availability_profile": generators["availability_profile"].to_numpy(),
        "modelled_capacity_factor": modelled,
        "published_capacity_factor": published,
    })
    table["ratio"] = table["modelled_capacity_factor"] / table["published_capacity_factor"]
    return table


def format_solar_yields(table: pd.DataFrame) -> str:
    """The solar yields as aligned text; a plant without a published figure shows a dash."""
    header = (f"{'solar plant':<16} {'MW AC':>6} {'DC/AC':>5} {'mounting':<11} {'modelled CF':>11} "
              f"{'published CF':>12} {'ratio':>6}")
    lines = [header, "-" * len(header)]
    for _, row in table.iterrows():
        published = row["published_capacity_factor"]
        has_figure = bool(np.isfinite(published))
        lines.append(
            f"{row['generator_id']:<16} {row['p_nom_mw']:>6g} {row['dc_ac_ratio']:>5.2f} {row['mounting']:<11} "
            f"{row['modelled_capacity_factor']:>11.1%} {format(published, '.1%') if has_figure else '-':>12} "
            f"{format(row['ratio'], '.3f') if has_figure else '-':>6}")
    return "\n".join(lines)
