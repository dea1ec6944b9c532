"""Carriers (technologies) by what they are, shared by the results and the tariffs."""

from __future__ import annotations

RENEWABLE_CARRIERS = ("solar", "rooftop_solar", "wind", "run_of_river", "reservoir_hydro", "waste")
# certificates are for renewable output other than waste (only part of municipal waste is biogenic)
CERTIFICATE_CARRIERS = tuple(carrier for carrier in RENEWABLE_CARRIERS if carrier != "waste")
