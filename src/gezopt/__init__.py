"""gezopt: energy-system optimisation model of Azerbaijan's Green Energy Zone."""

__version__ = "0.1.0"
