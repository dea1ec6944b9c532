"""What the zone's exports do beyond it: the national emissions they displace and the certificates they carry.

With :math:`x_t` the exports at snapshot :math:`t` (MW, all connections), :math:`w_t` its hours and
:math:`\\varepsilon` the parameter ``export_displaced_co2_t_per_mwh`` (the national generation a MWh of
exports displaces):

.. math::

    \\text{displaced} = \\varepsilon \\sum_t w_t x_t \\;\\; \\text{t CO}_2, \\qquad
    \\text{certificates} = \\sum_t w_t \\, x_t \\, \\frac{G^{cert}_t}{G_t} \\;\\; \\text{MWh}

A certificate stands for one MWh of renewable electricity exported: each snapshot's exports carry the
share of that snapshot's local generation :math:`G_t` that is certificate-eligible :math:`G^{cert}_t`
(renewables other than waste, :data:`gezopt.carriers.CERTIFICATE_CARRIERS`); 0 where nothing is generated
locally.  Both stand beside the zone's own emissions; a displaced tonne is the national grid's saving,
and a certificate sold with the exports passes its claim to the buyer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gezopt.carriers import CERTIFICATE_CARRIERS
from gezopt.data import ZoneData


def export_benefits(zone: ZoneData, tables: dict[str, pd.DataFrame], weights: np.ndarray) -> dict[str, float | None]:
    """``export_displaced_emissions_t`` (None without the parameter) and ``export_certificates_mwh``."""
    snapshots = zone.snapshots
    national = tables["national_grid"]
    exports_mw = national.groupby("snapshot")["export_mw"].sum().reindex(snapshots, fill_value=0.0).to_numpy()
    dispatch = tables["dispatch"]
    generation_mw = dispatch.groupby("snapshot")["p_mw"].sum().reindex(snapshots, fill_value=0.0).to_numpy()
    eligible = dispatch[dispatch["carrier"].isin(CERTIFICATE_CARRIERS)]
    eligible_mw = eligible.groupby("snapshot")["p_mw"].sum().reindex(snapshots, fill_value=0.0).to_numpy()
    share = np.divide(eligible_mw, generation_mw, out=np.zeros(len(snapshots)), where=generation_mw > 0)
    exports_mwh = float((exports_mw * weights).sum())
    intensity = zone.parameters.get("export_displaced_co2_t_per_mwh")
    return {
        "export_displaced_emissions_t": None if intensity is None else float(intensity) * exports_mwh,
        "export_certificates_mwh": float((exports_mw * share * weights).sum()),
    }
