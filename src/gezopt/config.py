"""Typed settings of a run: what to model and how to solve it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class SolverMethod(str, Enum):
    """The HiGHS algorithm of a solve; ``auto`` picks by the size of the horizon (:func:`gezopt.solve.method_for`)."""

    AUTO = "auto"
    SIMPLEX = "simplex"  # dual simplex
    HIPO = "hipo"  # HiGHS's HiPO interior point (package highspy-extras), with crossover
    IPM = "ipm"  # HiGHS's IPX interior point, with crossover
    CHOOSE = "choose"  # HiGHS's own choice


class HipoOrdering(str, Enum):
    """How HiPO orders its Newton system; ``auto`` by the LP's chains in time (:func:`gezopt.hipo_choice.hipo_ordering_for`)."""

    AUTO = "auto"
    AMD = "amd"  # approximate minimum degree: analysed in seconds
    METIS = "metis"  # nested dissection: a sparser factor where many chains link the hours
    CHOOSE = "choose"  # HiGHS's own: computes both and keeps one (the time of both)


class HipoSystem(str, Enum):
    """Which Newton system HiPO factorises; ``auto`` by the LP's longest column (:func:`gezopt.hipo_choice.hipo_system_for`)."""

    AUTO = "auto"
    NORMAL_EQUATIONS = "normaleq"  # A Θ Aᵀ: as sparse as A's rows where no column is long
    AUGMENTED = "augmented"  # the augmented system [[-Θ⁻¹, Aᵀ], [A, 0]]
    CHOOSE = "choose"  # HiGHS's own: analyses both and keeps one (the time of both)


class GridModel(str, Enum):
    """How power flows on the grid."""

    DC = "dc"  # linearised DC power flow: Kirchhoff's voltage law on a cycle basis
    TRANSPORT = "transport"  # flows limited by ratings only


class ChargingMode(str, Enum):
    """How an EV fleet charges (``ev_fleets.csv`` ``charging_mode``; a scenario or the consumer response may change it)."""

    UNCONTROLLED = "uncontrolled"  # at full power from arrival until full
    SMART = "smart"  # scheduled by the LP
    V2G = "v2g"  # scheduled, and may discharge a share of its charging power back to the grid


@dataclass(frozen=True)
class PolicyTargets:
    """Policy targets, each an optional constraint of the LP (:mod:`gezopt.model.targets`); None: no constraint."""

    co2_cap_t_per_year: float | None = None
    minimum_renewable_share: float | None = None
    minimum_self_sufficiency: float | None = None
    maximum_import_share: float | None = None
    minimum_capacity_mw: tuple[tuple[str, float], ...] = ()  # (technology, MW)

    @property
    def active(self) -> bool:
        """Whether any energy target is set (the build then collects the energies they measure)."""
        return any(value is not None for value in (self.co2_cap_t_per_year, self.minimum_renewable_share,
                                                   self.minimum_self_sufficiency, self.maximum_import_share))


@dataclass(frozen=True)
class ModelSettings:
    """Choices that change the linear program."""

    grid_model: GridModel = GridModel.DC
    targets: PolicyTargets = PolicyTargets()


@dataclass(frozen=True)
class SolverSettings:
    """HiGHS options: time limit, threads, algorithm and tolerance."""

    time_limit_s: float | None = None
    threads: int | None = None
    method: SolverMethod = SolverMethod.AUTO
    primal_feasibility_tolerance: float = 1e-7
    crossover: bool = True  # interior point ends on a vertex (exact duals, the tie-break's optimum); off: faster
    hipo_ordering: HipoOrdering = HipoOrdering.AUTO  # HiPO's ordering (gezopt.hipo_choice.hipo_ordering_for)
    hipo_system: HipoSystem = HipoSystem.AUTO  # HiPO's Newton system (gezopt.hipo_choice.hipo_system_for)
    tie_break: bool = True  # the deterministic tie-break of gezopt.tie_break (off only to measure it)
    snapshot_order: bool = True  # hand HiGHS the LP sorted by snapshot (gezopt.ordering); off only to measure it
    hold_slacks: bool = True  # penalised slacks at zero until their reduced costs say otherwise (gezopt.held_slacks)


@dataclass(frozen=True)
class RunSettings:
    """A resolved run: dataset, year, horizon, model and solver settings, output folder."""

    name: str
    inputs: Path
    year: int
    start: str | None
    hours: int | None
    out: Path
    model: ModelSettings
    solver: SolverSettings
    resolution_hours: int = 1
    command_line: tuple[str, ...] = ()  # horizon settings given as options ("start", "hours"): errors name the option
    diagnose: bool = False  # explain an infeasible run at any horizon; report the penalised slacks of an optimal one
