"""The dataset as one typed object, and the choice of year and horizon.

``load_zone(directory)`` reads every table and the time series, runs the
cross-table checks and returns a :class:`ZoneData`, or raises one
:class:`~gezopt.errors.InputError` with every problem found.

``scale_to_year(zone, year)`` scales every end use (loads, heated floor area,
hot water, heat pumps, boilers and tanks, EV fleets and their chargers, street
lamps) by the year's ``demand_scale``.  It runs before a scenario's changes,
so an override always means what it says (``vehicles: 100`` is 100 vehicles
in any year).

``select_horizon(zone, year, start, hours)`` fixes the snapshots of a run:
the profiles' reference year is relabelled to the scenario year (so a run of
2024 uses the same typical weather as 2025), and only objects in service at
some snapshot of the horizon are kept.  Units commissioned inside the horizon
are available from their commissioning hour on (see :meth:`ZoneData.in_service`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from gezopt.data import checks
from gezopt.data.reader import TIMESTAMP_FORMAT, read_profiles, read_table
from gezopt.data.specs import PROFILES_FILE, TABLES, TABLES_BY_NAME
from gezopt.errors import InputError, Problem, quoted

# Units kept only where in service during the horizon. Hydro plants all stay: a plant not yet built
# still lies on its river and passes the water on (it only cannot turbine).
UNIT_TABLES = ("generators", "waste_plants", "storage")
GRID_TABLES = ("buses", "lines", "transformers", "grid_connections")
LOCAL_UTC_OFFSET_HOURS = 4  # snapshots are UTC; Baku time is UTC+4 all year (no daylight saving since 2016)


@dataclass(frozen=True)
class ZoneData:
    """Every input table of one dataset, typed and checked.

    Tables are DataFrames indexed by their id (column ``_line`` keeps the line
    of the CSV for error messages).  ``snapshots`` and ``snapshot_hours`` are
    the whole profile year until :func:`select_horizon` narrows them.
    """

    directory: Path
    buses: pd.DataFrame
    lines: pd.DataFrame
    transformers: pd.DataFrame
    generators: pd.DataFrame
    pv_plants: pd.DataFrame
    hydro_plants: pd.DataFrame
    river_links: pd.DataFrame
    irrigation: pd.DataFrame
    reservoirs: pd.DataFrame
    reservoir_curves: pd.DataFrame
    hydro_targets: pd.DataFrame
    waste_plants: pd.DataFrame
    storage: pd.DataFrame
    grid_connections: pd.DataFrame
    loads: pd.DataFrame
    ev_fleets: pd.DataFrame
    heat_buses: pd.DataFrame
    floor_area_owners: pd.DataFrame
    heat_units: pd.DataFrame
    thermal_storage: pd.DataFrame
    street_lighting: pd.DataFrame
    demand_growth: pd.DataFrame
    costs: pd.DataFrame
    expansion_candidates: pd.DataFrame
    parameters: dict[str, float]
    sources: pd.DataFrame
    profiles: pd.DataFrame
    year: int | None = None
    snapshots: pd.DatetimeIndex = field(default_factory=lambda: pd.DatetimeIndex([]))
    snapshot_hours: np.ndarray = field(default_factory=lambda: np.zeros(0))
    expansion_enabled: bool = False  # the LP builds expansion_candidates only when a scenario enables them

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def digest(self) -> str:
        """SHA-256 of the content (every table with its index and columns, the parameters, the time series,
        the year and snapshots), not of the folder it came from: two runs whose zones are equal share it."""
        content = hashlib.sha256()
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if isinstance(value, pd.DataFrame):
                content.update(repr((item.name, list(value.columns), value.dtypes.astype(str).tolist())).encode())
                content.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
            elif isinstance(value, pd.DatetimeIndex | np.ndarray):
                content.update(np.asarray(value).tobytes())
            elif item.name != "directory":
                content.update(repr((item.name, value)).encode())
        return content.hexdigest()

    def file(self, table_name: str) -> str:
        """The path of a table's CSV, as used in error messages."""
        return str(self.directory / TABLES_BY_NAME[table_name].file_name)

    def profile_matrix(self, names: pd.Series) -> np.ndarray:
        """Time series for each object, shape (snapshots, objects); an empty name gives ones."""
        columns = [
            self.profiles[name].to_numpy() if isinstance(name, str) and name else np.ones(len(self.profiles))
            for name in names
        ]
        if not columns:
            return np.zeros((len(self.profiles), 0))
        return np.column_stack(columns)

    def in_service(self, frame: pd.DataFrame) -> np.ndarray:
        """Boolean (snapshots, objects): commissioned <= t < decommissioned."""
        stamps = self.snapshots.to_numpy()[:, None]
        mask = frame["commissioned"].to_numpy()[None, :] <= stamps
        if "decommissioned" in frame:
            end = frame["decommissioned"].to_numpy()[None, :]
            mask &= pd.isna(end) | (stamps < end)
        return mask


def load_zone(directory: str | Path) -> ZoneData:
    """Read and check a dataset folder; raise InputError listing every problem."""
    directory = Path(directory)
    problems: list[Problem] = []
    if not directory.is_dir():
        raise InputError([Problem(str(directory), None, None, "dataset folder does not exist")])
    tables = {spec.name: read_table(directory, spec, problems) for spec in TABLES}
    profiles = read_profiles(directory / PROFILES_FILE, problems)
    parameters = checks.parameters_from_table(tables["parameters"], str(directory / "parameters.csv"), problems)
    checks.check_dataset(directory, tables, profiles, problems)
    if problems:
        raise InputError(problems)
    demand_growth = tables.pop("demand_growth").set_index("year", drop=False)
    tables.pop("parameters")
    snapshots = pd.DatetimeIndex(profiles.index)
    return ZoneData(
        directory=directory, demand_growth=demand_growth, parameters=parameters, profiles=profiles,
        snapshots=snapshots, snapshot_hours=np.ones(len(snapshots)), **tables,
    )


def _year_problems(zone: ZoneData, year: int) -> list[Problem]:
    """A scenario year the demand-growth table has no row for."""
    if year in zone.demand_growth.index:
        return []
    years = sorted(int(y) for y in zone.demand_growth.index)
    covered = f"{years[0]}-{years[-1]}" if years else "no year"
    return [Problem(zone.file("demand_growth"), None, "year",
                    f"has no row for the scenario year {year}; the table covers {covered}")]


def scale_to_year(zone: ZoneData, year: int) -> ZoneData:
    """Every end use at the year's ``demand_scale`` (resettlement): a named step before the scenario's changes.

    Loads, buildings with their heat pumps, boilers and tanks, EVs and chargers and lamps grow with the
    zone; a waste plant's heat recovery is the plant's, not the buildings'.
    """
    problems = _year_problems(zone, year)
    if problems:
        raise InputError(problems)
    scale = float(zone.demand_growth.loc[year, "demand_scale"])
    return dataclasses.replace(
        zone, year=year,
        loads=zone.loads.assign(annual_energy_mwh=zone.loads["annual_energy_mwh"] * scale),
        heat_buses=zone.heat_buses.assign(floor_area_m2=zone.heat_buses["floor_area_m2"] * scale,
                                          hot_water_mwh_per_year=zone.heat_buses["hot_water_mwh_per_year"] * scale),
        ev_fleets=zone.ev_fleets.assign(vehicles=zone.ev_fleets["vehicles"] * scale,
                                        chargers=zone.ev_fleets["chargers"] * scale),
        heat_units=zone.heat_units.assign(p_nom_mw_th=zone.heat_units["p_nom_mw_th"]
                                          * np.where(zone.heat_units["kind"] == "waste_heat", 1.0, scale)),
        thermal_storage=zone.thermal_storage.assign(e_nom_mwh_th=zone.thermal_storage["e_nom_mwh_th"] * scale,
                                                    p_nom_mw_th=zone.thermal_storage["p_nom_mw_th"] * scale),
        street_lighting=zone.street_lighting.assign(lamps=zone.street_lighting["lamps"] * scale),
    )


COMMAND_LINE = "command line"  # where a problem of a command-line option is located (column: the option)


def select_horizon(zone: ZoneData, year: int, start: str | None, hours: int | None,
                   scenario_label: str = "scenario", resolution_hours: int = 1,
                   command_line: Collection[str] = ()) -> ZoneData:
    """Snapshots of one run: ``hours`` hourly steps from ``start`` in the scenario year.

    ``start`` is ``MM-DD HH:MM`` (in the scenario year) or a full timestamp
    ``YYYY-MM-DD HH:MM`` that must lie in the scenario year; ``None`` means the
    first hour of the profiles.  ``hours`` ``None`` means to the end of the
    profiles.  Problems with ``start`` or ``hours`` are reported at the option
    (``--start``, ``--hours``) for those named in ``command_line``, otherwise at
    the scenario's key (``horizon.start``, ``horizon.hours``) in ``scenario_label``.
    With ``resolution_hours`` n > 1, each snapshot averages n consecutive hours
    and weighs n hours (the last one what is left).
    """
    problems: list[Problem] = []

    def setting_problem(name: str, message: str) -> Problem:
        if name in command_line:
            return Problem(COMMAND_LINE, None, f"--{name}", message)
        return Problem(scenario_label, None, f"horizon.{name}", message)

    reference_year = int(zone.profiles.index[0].year)
    problems.extend(_year_problems(zone, year))
    relabelled = _relabel_year(zone.profiles.index, reference_year, year)
    first = relabelled[0]
    if start is not None:
        message = start_problem(start, year)
        if message is not None:
            raise InputError([*problems, setting_problem("start", message)])
        first = parse_start(start, year)
        if first.year != year:
            problems.append(setting_problem("start", f"{first:%Y-%m-%d %H:%M} is not in the scenario year {year}"))
    positions = np.flatnonzero(relabelled >= first)
    available = len(positions)
    wanted = available if hours is None else hours
    end = f"the profiles end at {relabelled[-1]:%Y-%m-%d %H:%M}"
    if hours is not None and hours < 1:
        problems.append(setting_problem("hours", f"{hours} is not a positive number of hours"))
    elif available == 0:
        problems.append(setting_problem("start", f"{first:%Y-%m-%d %H:%M} is after the end of the time series: {end}"))
    elif wanted > available:
        problems.append(setting_problem("hours", (
            f"{wanted} hours from {first:%Y-%m-%d %H:%M} run past the end of the time series: {end}, "
            f"at most {available} hours from {first:%Y-%m-%d %H:%M}")))
    if problems:
        raise InputError(problems)

    chosen = positions[:wanted]
    block = np.arange(len(chosen)) // resolution_hours
    snapshots = pd.DatetimeIndex(relabelled[chosen][::resolution_hours], name="snapshot")
    profiles = zone.profiles.iloc[chosen].groupby(block).mean().set_axis(snapshots)
    profiles.attrs = zone.profiles.attrs
    snapshot_hours = np.bincount(block).astype(float)
    narrowed = dataclasses.replace(zone, year=year, snapshots=snapshots, snapshot_hours=snapshot_hours,
                                   profiles=profiles)
    in_horizon = {
        name: _in_service_during(narrowed.table(name), snapshots) for name in UNIT_TABLES + GRID_TABLES
    }
    return dataclasses.replace(narrowed, **in_horizon)


def parse_start(start: str, year: int) -> pd.Timestamp | None:
    """``MM-DD HH:MM`` in ``year``, or a full timestamp; ``None`` if neither parses (see :func:`start_problem`)."""
    text = str(start).strip()
    candidates = [f"{year}-{text}", text] if len(text.split("-")) == 2 else [text]
    for candidate in candidates:
        try:
            stamp = pd.Timestamp(candidate)
        except (ValueError, OverflowError):
            continue
        if not pd.isna(stamp):
            return stamp
    return None


def start_problem(start: str, year: int) -> str | None:
    """What is wrong with a start timestamp as written, or None: it must parse, without a time-zone offset."""
    stamp = parse_start(start, year)
    if stamp is None:
        return f"{quoted(start)} is not a timestamp; expected MM-DD HH:MM or YYYY-MM-DD HH:MM"
    if stamp.tzinfo is not None:
        return (f"{quoted(start)} has a time-zone offset; snapshots are in UTC: give MM-DD HH:MM or "
                "YYYY-MM-DD HH:MM without one")
    return None


def _relabel_year(index: pd.DatetimeIndex, reference_year: int, year: int) -> pd.DatetimeIndex:
    """Move timestamps to the scenario year, month/day/hour kept (29 Feb dropped where absent)."""
    if year == reference_year:
        return pd.DatetimeIndex(index)
    text = index.strftime(f"{year}-%m-%d %H:%M")
    return pd.DatetimeIndex(pd.to_datetime(text, format=TIMESTAMP_FORMAT, errors="coerce"))


def _in_service_during(frame: pd.DataFrame, snapshots: pd.DatetimeIndex) -> pd.DataFrame:
    keep = frame["commissioned"] <= snapshots[-1]
    if "decommissioned" in frame:
        keep &= frame["decommissioned"].isna() | (frame["decommissioned"] > snapshots[0])
    return frame[keep]
