"""The rows the SQLite benchmarks start from, written straight into the tables before any
timer: one creditor, ``count`` company debtors and one case each (rows generated as they are
written: a million rows held in a list would count in the benchmark's peak memory)."""

from __future__ import annotations

import sqlite3


def seed_cases(db: sqlite3.Connection, count: int, *, phase: str, iban: str | None = None) -> None:
    """Creditor 1 (Menuiserie Durand, 732829320), debtors and cases 1..``count``."""
    db.execute(
        "INSERT INTO creditors (id, name, siren, iban) VALUES (1, 'Menuiserie Durand', "
        "'732829320', ?)",
        (iban,),
    )
    db.executemany(
        "INSERT INTO debtors (id, key, kind, name) VALUES (?, ?, 'company', ?)",
        ((i, f"siren:{i:09d}", f"Débiteur {i}") for i in range(1, count + 1)),
    )
    db.executemany(
        "INSERT INTO cases (id, creditor_id, debtor_id, reference, phase, attitude, opened_on)"
        " VALUES (?, 1, ?, ?, ?, 'unknown', '2026-09-01')",
        ((i, i, f"D-2026-{i:06d}", phase) for i in range(1, count + 1)),
    )
