"""The horizon a run solves, as the console header of ``gezopt solve`` states it."""

from __future__ import annotations

from gezopt.config import RunSettings


def horizon_text(settings: RunSettings, set_keys: tuple[str, ...] = ()) -> str:
    """The horizon a run will solve, as set by the scenario and the options (not the scenario's description);
    ``set_keys`` are the key paths given by ``--set``."""
    start = settings.start or "the start of the profiles"
    hours = f"{settings.hours} h" if settings.hours is not None else "to the end of the profiles"
    options = ", ".join([*(f"--{name}" for name in settings.command_line),
                         *(f"--set {key}" for key in set_keys if key == "horizon" or key.startswith("horizon."))])
    return (f"horizon {hours} from {start}" + (f" at {settings.resolution_hours} h" if settings.resolution_hours > 1 else "")
            + (f" (set by {options}, not the description)" if options else ""))
