"""The zone's costs: each asset's annuity from the costs table, and the full cost of a run.

- :mod:`.annuities`: :func:`~.annuities.asset_costs` prices every asset in service
  during the horizon (:class:`~.annuities.AssetCosts`);
- :mod:`.full_cost`: :func:`~.full_cost.full_cost` puts the annuities beside the
  dispatch's costs (:class:`~.full_cost.FullCost`).
"""

from gezopt.costs.annuities import (
           AssetCost,
           AssetCosts,
           Owner,
           UnpricedAsset,
           asset_costs,
           capital_recovery_factor,
)
from gezopt.costs.full_cost import FullCost, full_cost

__all__ = ["AssetCost", "AssetCosts", "FullCost", "Owner", "UnpricedAsset", "asset_costs", "capital_recovery_factor",
           "full_cost"]
