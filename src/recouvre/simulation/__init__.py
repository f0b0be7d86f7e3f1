"""Simulation: the debtor-behaviour model, the day-by-day simulator and the sample portfolio."""
