"""HiPO's options, chosen by the LP it solves and the CPUs it has: how it orders its Newton system, which
system, and on how many threads.

HiPO (HiGHS's interior point) factorises a Newton system at every iteration,
after ordering it once to limit the fill.  Left to itself it analyses every
candidate and keeps the cheapest: AMD and METIS orderings (``choose``), and the
normal equations :math:`A \\Theta A^\\top` against the augmented system
:math:`\\begin{pmatrix} -\\Theta^{-1} & A^\\top \\\\ A & 0 \\end{pmatrix}`
(also ``choose``), paying for the analysis of each.  The zone's LPs tell
ahead which one it keeps (README, Speed):

- **Ordering** (:func:`hipo_ordering_for`): AMD's factor is as sparse as
  METIS's where few chains in time link the snapshots, and is analysed in
  seconds; METIS's has a fifth of AMD's flops with the benchmark's 18 smart
  fleets.  Where no chain links them, HiPO's AMD can fail: METIS.
- **Newton system** (:func:`hipo_system_for`): a column with :math:`L`
  entries puts a dense :math:`L \\times L` block into the normal equations,
  and only there; where no column is long, they are as sparse as A's rows'
  neighbourhoods and HiPO keeps them.  The augmented system it analyses
  besides, to find that out, has the rows *and* the columns (2 million on the
  benchmark's year): its METIS analysis took 20 of the benchmark's 23.5 s of
  analysis, its AMD analysis 2 of the default year's 2.7-3.5 s.  An LP with a long
  column (an expansion's capacity, in every hour's limit) is left to HiPO.
- **Threads** (:func:`hipo_threads_for`): HiGHS's default is half the
  machine's cores, one thread on two; HiPO's factorisations and solves run in
  parallel along its elimination tree, and on every CPU of the process the
  full year's solve took 0.88x the time of one thread's, the benchmark's
  0.87x.  A solve that shares the CPUs (a sweep's worker, a run whose
  benchmark is solved beside it) is given its share explicitly
  (``SolverSettings.threads``).
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy

from gezopt.config import HipoOrdering, HipoSystem, SolverSettings
from gezopt.cpus import available_cpus, use_threads

METIS_FROM_CHAINS_PER_SNAPSHOT = 24.0  # auto: HiPO orders by METIS from this many chains in time per snapshot, AMD below
NORMAL_EQUATIONS_UP_TO_COLUMN_ENTRIES = 32  # auto: the normal equations where no column has more entries than this


def hipo_ordering_for(ordering: HipoOrdering, chains_per_snapshot: float) -> HipoOrdering:
    """HiPO's ordering of the Newton system: ``auto`` is AMD below :data:`METIS_FROM_CHAINS_PER_SNAPSHOT` chains
    in time per snapshot (:func:`gezopt.ordering.chains_per_snapshot`) and METIS from there (README, Speed: on
    the full year AMD's factor is as sparse as METIS's and analysed in 2 s instead of 11-13; with the
    benchmark's 18 smart fleets METIS's factor has a fifth of AMD's flops).  An LP with no chain at all (no store,
    reservoir or river lag: nothing links two snapshots) is ordered by METIS too: its normal equations can have
    no entry off the diagonal, in a single bus or once presolve has taken the lines out, and HiPO's AMD then
    fails its analysis (HiGHS 1.15.1: "NE requested, failed analyse phase", a solve error)."""
    if ordering is HipoOrdering.AUTO:
        few_chains = 0.0 < chains_per_snapshot < METIS_FROM_CHAINS_PER_SNAPSHOT
        return HipoOrdering.AMD if few_chains else HipoOrdering.METIS
    return ordering


def hipo_system_for(system: HipoSystem, longest_column_entries: int) -> HipoSystem:
    """HiPO's Newton system: ``auto`` is the normal equations where no column of the LP has more than
    :data:`NORMAL_EQUATIONS_UP_TO_COLUMN_ENTRIES` entries (the zone's dispatch years: 5), and HiPO's own choice
    (``choose``) otherwise; an explicit one is kept."""
    if system is HipoSystem.AUTO:
        short_columns = longest_column_entries <= NORMAL_EQUATIONS_UP_TO_COLUMN_ENTRIES
        return HipoSystem.NORMAL_EQUATIONS if short_columns else HipoSystem.CHOOSE
    return system


def hipo_threads_for(threads: int | None, cpus: int) -> int:
    """HiPO's threads: the settings' number, or (``None``) every one of the ``cpus`` the process may run on."""
    return threads if threads is not None else cpus


@dataclass(frozen=True)
class HipoChoice:
    """The options a HiPO solve ran with (recorded in ``run.json``)."""

    ordering: HipoOrdering
    system: HipoSystem
    threads: int

    @classmethod
    def for_lp(cls, settings: SolverSettings, chains_per_snapshot: float, longest_column_entries: int) -> HipoChoice:
        """The settings' choices, ``auto`` ones made by the LP's chains in time and longest column and by the
        process's CPUs."""
        return cls(ordering=hipo_ordering_for(settings.hipo_ordering, chains_per_snapshot),
                   system=hipo_system_for(settings.hipo_system, longest_column_entries),
                   threads=hipo_threads_for(settings.threads, available_cpus()))

    def apply(self, highs: highspy.Highs) -> None:
        """Set all three on a HiGHS that will run HiPO."""
        highs.setOptionValue("hipo_ordering", self.ordering.value)
        highs.setOptionValue("hipo_system", self.system.value)
        use_threads(highs, self.threads)
