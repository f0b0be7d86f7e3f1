"""The set-based apply of a long statement (``services.payments.bulk_apply``, from
``BULK_FROM`` new lines) ends in the very state the scalar path (each payment through
``CaseEvents.payment`` at once) gives: a generated statement of a few dozen lines over two
dozen cases (payments in full, partial, beyond what is owed, several lines for one case,
lines matching nothing, a case whose fees a formal notice claimed, cases with a step waiting)
is imported once each way into two copies of one database, and every row compared: invoices
paid, payments with their parts, cases closed, plans, actions cancelled or withdrawn, bank
lines with their outcomes, journal entries (kinds per case, and entry for entry), the journal
verified on both."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvre.adapters.db.tables import (
    action_withdrawals,
    actions,
    bank_lines,
    case_plans,
    cases,
    invoices,
    journal_entries,
    payments,
)
from recouvre.adapters.importers.camt import read_camt
from recouvre.bootstrap import build, statement_import
from recouvre.domain.creditor_reference import creditor_reference
from recouvre.services.payments.statements import StatementFile
from recouvre.settings import Settings
from support.camt_files import Entry, Tx, camt053
from support.outbox_seed import FixedClock, Seeded, add_action, seed_case

IBAN = "FR7630006000011234567890189"  # the seeded creditor's
CASES = 24
OWED = 143_456  # cents per seeded case: 1 234,56 + 250,00 - 50,00 paid
FEES_CLAIMED = 3  # the case a formal notice claiming the fees was sent to (the scalar path)

line = st.tuples(
    st.integers(0, CASES - 1),  # which case
    st.sampled_from(["full", "first", "partial", "over", "any"]),
    st.integers(1, 150_000),  # cents, for partial and any
    st.sampled_from(["rf", "case", "invoice", "name", "nothing"]),
)


def _siren(n: int) -> str:
    """A valid SIREN (Luhn) for debtor ``n``."""
    base = f"{300_000_00 + n:08d}"
    for last in range(10):
        digits = [int(c) for c in base + str(last)]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
                    for i, d in enumerate(digits))  # fmt: skip
        if total % 10 == 0:
            return base + str(last)
    raise AssertionError(base)


@pytest.fixture(scope="module")
def seeded_database(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> tuple[Path, list[Seeded]]:
    """Two dozen cases; every third with a reminder waiting in the outbox; one whose fees a
    sent formal notice claimed."""
    folder = tmp_path_factory.mktemp("bulk-seed")
    database = folder / "seed.sqlite3"
    shutil.copy(sqlite_template, database)
    app = build(Settings(f"sqlite:///{database}", folder, None, "fr"), clock=FixedClock())
    try:
        seeded = [seed_case(app, siren=_siren(n), name=f"Débiteur {n}") for n in range(CASES)]
        with app.engine.begin() as db:  # numbers long enough to be quoted (« F-1-1 » is not)
            db.execute(sa.update(invoices).values(number="FA-2026-" + invoices.c.number))
        for n, case in enumerate(seeded):
            if n % 3 == 0:
                add_action(app.engine, case, "email")
        notice = add_action(app.engine, seeded[FEES_CLAIMED], "registered_letter",
                            status="sent")  # fmt: skip
        with app.engine.begin() as db:
            db.execute(sa.update(actions).where(actions.c.id == notice).values(
                sent_at="2026-10-01T09:00:00+00:00",
                payload=json.dumps({"fees_claimed": True}),
            ))  # fmt: skip
    finally:
        app.dispose()
    return database, seeded


def _entry(seeded: list[Seeded], n: int, chosen: tuple[int, str, int, str]) -> Entry:
    case, amount, cents, kind = chosen
    s = seeded[case]
    tx = {
        "rf": Tx(creditor_ref=creditor_reference(s.reference)),
        "case": Tx(ustrd=(f"paiement dossier {s.reference}",)),
        "invoice": Tx(ustrd=(f"facture FA 2026 F-{s.case_id}-1",)),
        "name": Tx(ustrd=("VIREMENT",), debtor=f"DEBITEUR {case}"),
    }.get(kind, Tx(ustrd=("VIREMENT",), debtor="Inconnu"))
    paid = {"full": OWED, "first": 123_456, "over": OWED + 5_000}.get(amount, cents)
    return Entry(str(Decimal(paid) / 100), ref=f"BQ-{n}", txs=[tx])


def _state(app: object) -> dict[str, list[dict[str, object]]]:
    engine: sa.Engine = app.engine  # type: ignore[attr-defined]
    tables = (bank_lines, invoices, cases, case_plans, payments, actions, action_withdrawals,
              journal_entries)  # fmt: skip
    with engine.connect() as db:
        rows = {
            t.name: [dict(r._mapping) for r in db.execute(sa.select(t).order_by(*t.primary_key))]
            for t in tables
        }
        kinds: dict[str, list[str]] = defaultdict(list)
        for stream, kind in db.execute(
            sa.select(journal_entries.c.stream, journal_entries.c.kind).order_by(
                journal_entries.c.stream, journal_entries.c.seq
            )
        ):
            kinds[stream].append(kind)
    rows["kinds"] = [{"stream": s, "kinds": k} for s, k in sorted(kinds.items())]
    return rows


def _imported(
    folder: Path, database: Path, seeded: list[Seeded], chosen: list[tuple[int, str, int, str]],
    bulk_from: int,
) -> dict[str, list[dict[str, object]]]:  # fmt: skip
    copy = folder / f"db-{bulk_from}.sqlite3"
    shutil.copy(database, copy)
    app = build(Settings(f"sqlite:///{copy}", folder, None, "fr"), clock=FixedClock())
    try:
        data = camt053([_entry(seeded, n, c) for n, c in enumerate(chosen)], opening=None,
                       iban=IBAN)  # fmt: skip
        importer = statement_import(app)
        importer.bulk_from = bulk_from
        importer.run([StatementFile("r.xml", read_camt(data, "r.xml"))])
        assert app.verify_journal().ok
        return _state(app)
    finally:
        app.dispose()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=st.lists(line, min_size=10, max_size=40))
def test_the_bulk_apply_ends_where_the_scalar_path_does(
    tmp_path_factory: pytest.TempPathFactory,
    seeded_database: tuple[Path, list[Seeded]],
    chosen: list[tuple[int, str, int, str]],
) -> None:
    database, seeded = seeded_database
    folder = tmp_path_factory.mktemp("bulk")
    scalar = _imported(folder, database, seeded, chosen, bulk_from=10**9)
    bulk = _imported(folder, database, seeded, chosen, bulk_from=0)
    for name, rows in scalar.items():
        assert bulk[name] == rows, name


def test_a_statement_settling_cases_closes_them_and_cancels_their_waiting_steps(
    tmp_path: Path, seeded_database: tuple[Path, list[Seeded]]
) -> None:
    """What the property compares is there: on the bulk path, cases paid in full are closed,
    their waiting reminder cancelled, a partial payment withdraws the waiting step (to be
    planned again), every payment keeps its parts, the fees-claimed case took the scalar
    path, and the journal verifies."""
    database, seeded = seeded_database
    chosen = [(0, "full", 0, "rf"), (3, "partial", 10_000, "case"), (6, "partial", 5_000, "rf"),
              (6, "full", 0, "invoice"), (9, "any", 777, "nothing")]  # fmt: skip
    state = _imported(tmp_path, database, seeded, chosen, bulk_from=0)
    phase = {row["id"]: (row["phase"], row["closure"]) for row in state["cases"]}
    assert phase[seeded[0].case_id] == ("closed", "paid")
    assert phase[seeded[6].case_id] == ("closed", "paid")
    assert phase[seeded[9].case_id][0] != "closed"
    waiting = {row["case_id"]: row for row in state["actions"] if row["step_id"] == "email-1"}
    assert waiting[seeded[0].case_id]["status"] == "cancelled"
    assert waiting[seeded[6].case_id]["status"] == "cancelled"
    assert waiting[seeded[9].case_id]["status"] == "queued"
    assert [row["action_id"] for row in state["action_withdrawals"]] == [
        waiting[seeded[3].case_id]["id"], waiting[seeded[6].case_id]["id"]
    ]  # fmt: skip
    paid = [(row["case_id"], row["amount_cents"], row["parts"]) for row in state["payments"]]
    assert (seeded[6].case_id, 5_000, f'[["FA-2026-F-{seeded[6].case_id}-1",5000,0,0]]') in paid
    assert all(parts for _, _, parts in paid)
    assert [row["status"] for row in state["bank_lines"]] == [
        "applied", "applied", "applied", "applied", "unmatched"
    ]  # fmt: skip


def test_the_bulk_path_runs_on_each_backend(db_url: str, tmp_path: Path) -> None:
    """The set-based reads and writes (driver-level index parts, executemany per table) on
    SQLite and PostgreSQL: two cases paid in full and one in part, in one batch."""
    app = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock())
    try:
        seeded = [seed_case(app, siren=_siren(n), name=f"Débiteur {n}") for n in range(3)]
        with app.engine.begin() as db:
            db.execute(sa.update(invoices).values(number="FA-2026-" + invoices.c.number))
        chosen = [(0, "full", 0, "rf"), (1, "full", 0, "name"), (2, "partial", 7_000, "invoice")]
        data = camt053([_entry(seeded, n, c) for n, c in enumerate(chosen)], opening=None,
                       iban=IBAN)  # fmt: skip
        importer = statement_import(app)
        importer.bulk_from = 0
        report = importer.run([StatementFile("r.xml", read_camt(data, "r.xml"))])
        assert app.verify_journal().ok
        with app.engine.connect() as db:
            phases = dict(db.execute(sa.select(cases.c.id, cases.c.phase)).all())
            parts = db.execute(sa.select(payments.c.parts).order_by(payments.c.id)).scalars()
            parts = list(parts)
    finally:
        app.dispose()
    assert report.applied == 3
    assert sorted(report.closed_cases) == sorted([seeded[0].reference, seeded[1].reference])
    assert [phases[s.case_id] for s in seeded] == ["closed", "closed", "amicable"]
    assert parts[-1] == f'[["FA-2026-F-{seeded[2].case_id}-1",7000,0,0]]'
