"""Invariants of an expansion run rebuilt from its written results: a week of expansion-2030 (expansion-week).

Every built capacity within its bounds; the dispatch within the capacity built (output, storage power and
energy, branch flows, connection limits); the targets met; the objective rebuilt from its parts, the
dispatch's costs from the tables and the inputs plus the annuity of what was built, each candidate's annuity
rebuilt from the costs table by hand (crf by hand).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gezopt.pipeline import run
from gezopt.scenario import load_scenario, run_settings

REPOSITORY = Path(__file__).resolve().parents[1]
INPUTS = REPOSITORY / "inputs" / "zone"
HOURS = 72
TOLERANCE_MW = 1e-6


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    scenario = load_scenario(REPOSITORY / "scenarios" / "expansion-week.yaml")
    out = tmp_path_factory.mktemp("expansion") / "out"
    run(run_settings(scenario, hours=HOURS, out=out), scenario)
    return out


def table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv")


def test_every_capacity_is_within_its_bounds(written):
    capacities = table(written, "capacities")
    assert len(capacities) == len(pd.read_csv(INPUTS / "expansion_candidates.csv"))
    assert (capacities["built"] >= -TOLERANCE_MW).all()
    assert np.allclose(capacities["total"], capacities["existing"] + capacities["built"])
    assert (capacities["total"] >= capacities["minimum"] - TOLERANCE_MW).all()
    assert (capacities["total"] <= capacities["maximum"] + TOLERANCE_MW).all()
    assert capacities["built"].sum() > 0  # something is built: the checks below test a real expansion


def test_the_dispatch_stays_within_the_capacity_built(written):
    capacities = table(written, "capacities")
    total = {(row.asset_table, row.asset_id, row.capacity_unit): row.total for row in capacities.itertuples()}
    dispatch = table(written, "dispatch")
    for unit, rows in dispatch.groupby("unit"):
        if ("generators", unit, "MW") in total:
            assert (rows["p_mw"] <= rows["available_mw"] + TOLERANCE_MW).all(), unit
            assert (rows["available_mw"] <= total["generators", unit, "MW"] + TOLERANCE_MW).all(), unit
        if ("waste_plants", unit, "MW") in total:
            assert (rows["p_mw"] <= total["waste_plants", unit, "MW"] + TOLERANCE_MW).all(), unit
    storage = table(written, "storage")
    for unit, rows in storage.groupby("storage_id"):
        power = total.get(("storage", unit, "MW"))
        if power is not None:
            assert (rows[["charge_mw", "discharge_mw"]].to_numpy() <= power + TOLERANCE_MW).all(), unit
            assert (rows["energy_mwh"] <= total["storage", unit, "MWh"] + TOLERANCE_MW).all(), unit
    flows = table(written, "flows")
    assert (flows["loading"] <= 1.0 + 1e-9).all()  # over the total rating where a branch was extended
    for kind in ("lines", "transformers"):
        for (_, branch, _), rating in ((key, value) for key, value in total.items() if key[0] == kind):
            assert flows.loc[flows["branch_id"] == branch, "flow_mw"].abs().max() <= rating + TOLERANCE_MW, branch
    national = table(written, "national_grid")
    for (_, connection, _), limit in ((key, value) for key, value in total.items() if key[0] == "grid_connections"):
        rows = national[national["connection_id"] == connection]
        assert (rows[["import_mw", "export_mw"]].to_numpy() <= limit + TOLERANCE_MW).all(), connection


def test_the_targets_are_met(written):
    kpis = json.loads((written / "kpis.json").read_text())
    assert kpis["renewable_share"] >= 1.0 - 1e-9
    capacities = table(written, "capacities")
    generators = pd.read_csv(INPUTS / "generators.csv").set_index("generator_id")
    extended = set(capacities.loc[capacities["asset_table"] == "generators", "asset_id"])
    wind = capacities.loc[capacities["technology"] == "wind", "total"].sum()
    in_service = generators[(generators["carrier"] == "wind") & ~generators.index.isin(extended)
                            & (pd.to_datetime(generators["commissioned"]) <= pd.Timestamp("2028-01-16"))]
    assert wind + in_service["p_nom_mw"].sum() >= 400.0 - TOLERANCE_MW


def _dispatch_cost_azn(folder: Path) -> float:
    """Variable costs, trade and unserved energy over the horizon, from the written tables and the inputs."""
    marginal = pd.concat([pd.read_csv(INPUTS / f"{name}.csv", index_col=0)["marginal_cost_azn_per_mwh"]
                          for name in ("generators", "hydro_plants", "waste_plants")])
    dispatch = table(folder, "dispatch")
    cost = float((dispatch["p_mw"] * dispatch["unit"].map(marginal).fillna(0.0)).sum())
    heat_cost = pd.read_csv(INPUTS / "heat_units.csv", index_col=0)["marginal_cost_azn_per_mwh"]
    units = table(folder, "heat_units")
    cost += float((units["heat_mw_th"] * units["unit_id"].map(heat_cost).fillna(0.0)).sum())
    connections = pd.read_csv(INPUTS / "grid_connections.csv", index_col=0)
    profiles = pd.read_csv(INPUTS / "profiles.csv")
    national = table(folder, "national_grid")
    hour = pd.to_datetime(national["snapshot"]).dt.strftime("%m-%d %H:%M")
    factor = pd.Series(profiles["national_export_value"].to_numpy(),
                       index=pd.to_datetime(profiles["timestamp"]).dt.strftime("%m-%d %H:%M"))
    cost += float((national["import_mw"] * national["connection_id"].map(connections["import_price_azn_per_mwh"])).sum())
    cost -= float((national["export_mw"] * national["connection_id"].map(connections["export_price_azn_per_mwh"])
                   * hour.map(factor).to_numpy()).sum())
    unserved = (table(folder, "demand")["shed_mw"].sum() + table(folder, "ev")["unserved_mw"].sum()
                + table(folder, "heat")["shed_mw_th"].sum())
    return cost + 6800.0 * float(unserved)


def _annuity_azn_per_unit(row: pd.Series, costs: pd.DataFrame, rate: float, length_km: float) -> float:
    """A candidate's annuity and fixed O&M per unit over the horizon, by hand from its costs row."""
    by_technology = {("generators", "wind"): "WIND_ONSHORE", ("generators", "solar"): "SOLAR_UTILITY",
                     ("generators", "rooftop_solar"): "SOLAR_ROOFTOP", ("waste_plants", "waste"): "WASTE_CHP",
                     ("lines", "overhead_line"): "OVERHEAD_LINE", ("transformers", "transformer"): "TRANSFORMER",
                     ("grid_connections", "national_grid_connection"): "OVERHEAD_LINE"}
    key = "BATTERY_ENERGY" if row["capacity_unit"] == "MWh" else by_technology.get((row["asset_table"], row["technology"]),
                                                                                  "BATTERY_POWER")
    cost = costs.loc[key]
    lifetime = cost["lifetime_years"]
    crf = rate / (1 - (1 + rate) ** -lifetime)
    per_year = cost["investment_azn_per_capacity_unit"] * crf + cost["fixed_om_azn_per_capacity_unit_year"]
    return per_year * length_km * HOURS / 8760.0


def test_the_objective_is_rebuilt_from_its_parts(written):
    kpis = json.loads((written / "kpis.json").read_text())
    capacities = table(written, "capacities")
    costs = pd.read_csv(INPUTS / "costs.csv", index_col=0)
    lines = pd.read_csv(INPUTS / "lines.csv", index_col=0)["length_km"]
    candidates = pd.read_csv(INPUTS / "expansion_candidates.csv", index_col=0)
    for row in capacities.itertuples():
        length = (lines[row.asset_id] if row.asset_table == "lines" else
                  candidates.at[row.candidate_id, "length_km"] if row.asset_table == "grid_connections" else 1.0)
        by_hand = _annuity_azn_per_unit(pd.Series(row._asdict()), costs, 0.07, length)
        assert row.annualised_cost_azn_per_unit == pytest.approx(by_hand, rel=1e-9), row.candidate_id
    investment = float((capacities["built"] * capacities["annualised_cost_azn_per_unit"]).sum())
    assert kpis["investment_annuity_azn"] == pytest.approx(investment, rel=1e-9)
    assert kpis["system_cost_azn"] == pytest.approx(_dispatch_cost_azn(written) + investment, abs=0.05)
    # the capacity built is in the zone's full cost: its annuities are rows of asset_costs marked built
    asset_costs = table(written, "asset_costs")
    built = asset_costs[asset_costs["built"].astype(bool)]
    assert float((built["capital_azn"] + built["fixed_om_azn"]).sum()) == pytest.approx(investment, rel=1e-9)
    system = asset_costs[asset_costs["owner"] == "system"]
    assert kpis["annualised_capital_cost_azn"] == pytest.approx(float(system["capital_azn"].sum()), rel=1e-9)
    assert kpis["net_cost_azn"] == pytest.approx(
        kpis["system_cost_azn"] - investment + float(system["capital_azn"].sum() + system["fixed_om_azn"].sum())
        - kpis["lost_load_cost_azn"], rel=1e-9)
