"""The pure domain model: parties, claims, payments, cases, events and the evidence journal.

Nothing here performs I/O or reads the clock; dates are passed in.
"""
