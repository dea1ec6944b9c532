"""``gezopt sweep``: many cases of one base scenario, each run as its own scenario, as tasks on Dask distributed.

``definition`` reads a sweep file or options into a checked :class:`~gezopt.sweep.definition.SweepDefinition`;
``cases`` loads each case as a scenario with its inputs hash; ``tasks`` is what a Dask worker runs for a
case; ``cluster`` connects to a local cluster or a user's scheduler and gathers results as they finish;
``folder`` writes each case's results folder and reuses those with the same inputs hash; ``table``,
``plots`` and ``summary`` write the table and plots across cases; ``runner`` sequences it all.

Nothing here is imported by ``gezopt``'s other commands: Dask is imported only when a sweep runs.
"""
