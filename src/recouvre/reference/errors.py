"""The reference package's exception tree, drawn once here.

    ReferenceDataError           a shipped or user-corrected data file cannot be loaded
    ├── LawFileError             (loader) the legal tables: a row without its date, source,
    │                            status or a readable value; overlapping or unknown keys
    ├── ScenarioLoadError        (scenario_loader) a scenario file: every error with its line
    ├── PolicyLoadError          (policy_loader) the contact policy file
    ├── CourtFileError           (court_loader) the court directory, shipped or the user's
    └── ConfigurationError       (configuration) the user's configuration folder cannot be
                                 read or written (installing a scenario or a policy)

The loaders read files, so they sit beside the adapters and raise their own root rather
than an ``AdapterError`` (the two packages do not import each other). The entry points catch
the root and print its message, French first.
"""

from __future__ import annotations


class ReferenceDataError(Exception):
    """A reference data file cannot be loaded; the message lists why, in French."""
