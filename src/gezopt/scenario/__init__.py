"""Scenarios: a validated YAML language of declarative changes to a dataset.

``load_scenario`` reads a file through its ``extends`` chain and validates it
(:mod:`.schema`); ``apply_scenario`` returns the changed dataset (pure);
``run_settings`` turns a scenario plus command-line values into RunSettings.
"""

from gezopt.scenario.apply import apply_scenario
from gezopt.scenario.loading import Scenario, list_scenarios, load_scenario, run_settings
from gezopt.scenario.schema import json_schema

__all__ = ["Scenario", "apply_scenario", "json_schema", "list_scenarios", "load_scenario", "run_settings"]
