"""Wiring of the commands that compute on the law alone (``recouvre statement``, ``deadline``,
``prescription``, ``law rates``): the legal tables and the readers of their input files. No
database is opened."""

from __future__ import annotations

from recouvre.adapters.clock import today
from recouvre.adapters.files.prescriptions import PrescriptionFileError, read_prescription_file
from recouvre.adapters.files.statements import StatementFileError, read_statement_file
from recouvre.law.parameters import LegalTables
from recouvre.reference.loader import LawFileError, load_tables
from recouvre.settings import Settings, load_settings

__all__ = [
    "LawFileError",
    "PrescriptionFileError",
    "StatementFileError",
    "legal_tables",
    "read_prescription_file",
    "read_statement_file",
    "today",
]


def legal_tables(settings: Settings | None = None) -> LegalTables:
    """The shipped legal rows plus the user's corrections file (``RECOUVRE_LAW_FILE``)."""
    return load_tables((settings or load_settings()).law_file)
