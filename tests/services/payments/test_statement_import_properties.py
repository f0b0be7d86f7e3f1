"""Properties of the statement import (``services.payments.statements``) on a real SQLite
database: whatever the statements, their overlaps and their order, a line is stored once, a
payment is applied once, what is applied never exceeds the payment, and each case ends with
min(what it owed, what was paid for it) applied, the rest kept as surplus."""

from __future__ import annotations

import random
import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from recouvre.adapters.db.tables import bank_lines, invoices
from recouvre.adapters.importers.camt import read_camt
from recouvre.bootstrap import build, statement_import
from recouvre.domain.creditor_reference import creditor_reference
from recouvre.services.payments.statements import StatementFile
from recouvre.settings import Settings
from support.camt_files import Entry, Tx, camt053
from support.outbox_seed import FixedClock, seed_case

IBAN = "FR7630006000011234567890189"  # the seeded creditor's
OWED = Decimal("1434.56")  # 1 234,56 + 250,00 - 50,00 paid, per seeded case

payment = st.tuples(
    st.integers(0, 2),  # which case
    st.integers(1, 120_000),  # cents
    st.sampled_from(["rf", "case", "invoice"]),  # what the payer quotes
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payments=st.lists(payment, min_size=1, max_size=7),
    files=st.lists(st.sets(st.integers(0, 6)), min_size=1, max_size=3),
    order=st.randoms(use_true_random=False),
)
@example(  # the invoice a line quotes was settled by the lines before it
    payments=[(0, 3456, "rf"), (0, 120000, "rf"), (0, 1, "invoice")], files=[set()],
    order=random.Random(0),
)
def test_any_statements_in_any_order_apply_each_payment_once(
    tmp_path_factory: object, sqlite_template: Path, payments: list[tuple[int, int, str]],
    files: list[set[int]], order: object,
) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("pay")  # type: ignore[attr-defined]
    database = folder / "db.sqlite3"
    shutil.copy(sqlite_template, database)
    app = build(Settings(f"sqlite:///{database}", folder, None, "fr"), clock=FixedClock())
    try:
        seeded = [seed_case(app, siren=s) for s in ("542065479", "552100554", "300000163")]
        with app.engine.begin() as db:  # numbers long enough to be quoted (« F-1-1 » is not)
            db.execute(sa.update(invoices).values(number="FA-2026-" + invoices.c.number))
        entries = []
        for rank, (case, cents, quote) in enumerate(payments):
            s = seeded[case]
            tx = {
                "rf": Tx(creditor_ref=creditor_reference(s.reference)),
                "case": Tx(ustrd=(f"paiement dossier {s.reference}",)),
                "invoice": Tx(ustrd=(f"facture FA 2026 F-{s.case_id}-1",)),
            }[quote]
            entries.append(Entry(str(Decimal(cents) / 100), ref=f"BQ-{rank}", txs=[tx]))
        chosen = [sorted(i for i in f if i < len(entries)) for f in files]
        chosen.append(list(range(len(entries))))  # every line in at least one statement
        order.shuffle(chosen)  # type: ignore[attr-defined]
        for number, picked in enumerate(chosen):
            data = camt053([entries[i] for i in picked], opening=None, iban=IBAN)
            read = StatementFile(f"r{number}.xml", read_camt(data, f"r{number}.xml"))
            statement_import(app).run([read])
        with app.engine.connect() as db:
            lines = db.execute(sa.select(bank_lines)).all()
            paid = dict(
                db.execute(
                    sa.select(invoices.c.case_id, sa.func.sum(invoices.c.paid_cents)).group_by(
                        invoices.c.case_id
                    )
                ).all()
            )
    finally:
        app.dispose()
    assert sorted(x.line_key for x in lines) == sorted({x.line_key for x in lines})
    assert len(lines) == len(entries)
    for x in lines:
        assert x.applied_cents + x.surplus_cents == x.amount_cents
        assert 0 <= x.applied_cents <= x.amount_cents
    asked: dict[int, int] = defaultdict(int)
    for case, cents, _ in payments:
        asked[seeded[case].case_id] += cents
    applied: dict[int, int] = defaultdict(int)
    for x in lines:
        applied[x.case_id] += x.applied_cents
    for s in seeded:
        expected = min(int(OWED * 100), asked[s.case_id])
        assert applied[s.case_id] == expected
        assert paid[s.case_id] == 5_000 + expected  # the 50,00 € paid before


reversible = st.tuples(
    st.integers(0, 2),  # which case
    st.integers(1, 20_000),  # cents: seven of them never exceed what a case owes
    st.sampled_from(["rf", "case", "invoice"]),
    st.booleans(),  # the bank takes it back
    st.booleans(),  # the reversal quotes the bank reference (else payer and reference)
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payments=st.lists(reversible, min_size=1, max_size=7),
    files=st.lists(st.sets(st.integers(0, 13)), min_size=1, max_size=3),
    order=st.randoms(use_true_random=False),
)
def test_reversals_in_any_order_leave_only_the_payments_kept(
    tmp_path_factory: object, sqlite_template: Path,
    payments: list[tuple[int, int, str, bool, bool]], files: list[set[int]], order: object,
) -> None:  # fmt: skip
    """Each reversal undoes its payment exactly once, whether its statement comes before or
    after the payment's, in the same file or another: each case ends with what the payments
    kept paid, no line applied twice."""
    folder = tmp_path_factory.mktemp("rev")  # type: ignore[attr-defined]
    database = folder / "db.sqlite3"
    shutil.copy(sqlite_template, database)
    app = build(Settings(f"sqlite:///{database}", folder, None, "fr"), clock=FixedClock())
    try:
        seeded = [seed_case(app, siren=s) for s in ("542065479", "552100554", "300000163")]
        with app.engine.begin() as db:
            db.execute(sa.update(invoices).values(number="FA-2026-" + invoices.c.number))
        entries = []
        for rank, (case, cents, quote, taken_back, by_ref) in enumerate(payments):
            s = seeded[case]
            text = {
                "rf": {"creditor_ref": creditor_reference(s.reference)},
                "case": {"ustrd": (f"paiement dossier {s.reference} n{rank}",)},
                "invoice": {"ustrd": (f"facture FA 2026 F-{s.case_id}-1 n{rank}",)},
            }[quote]
            payer = {"debtor": f"Payeur {rank}", "debtor_iban": f"FR76300060000112345678{rank:05d}"}
            amount = str(Decimal(cents) / 100)
            entries.append(Entry(amount, ref=f"BQ-{rank}",
                                 txs=[Tx(bank_ref=f"TX-{rank}", **payer, **text)]))  # type: ignore[arg-type]
            if taken_back:
                back = Tx(bank_ref=f"TX-{rank}", **payer) if by_ref else Tx(**payer, **text)  # type: ignore[arg-type]
                entries.append(Entry(amount, credit=False, reversal=True, ref=f"RV-{rank}",
                                     txs=[back]))  # fmt: skip
        chosen = [sorted(i for i in f if i < len(entries)) for f in files]
        chosen.append(list(range(len(entries))))
        order.shuffle(chosen)  # type: ignore[attr-defined]
        for picked in chosen:
            order.shuffle(picked)  # type: ignore[attr-defined]
        for number, picked in enumerate(chosen):
            data = camt053([entries[i] for i in picked], opening=None, iban=IBAN)
            read = StatementFile(f"r{number}.xml", read_camt(data, f"r{number}.xml"))
            statement_import(app).run([read])
        with app.engine.connect() as db:
            lines = db.execute(sa.select(bank_lines)).all()
            paid = dict(db.execute(sa.select(
                invoices.c.case_id, sa.func.sum(invoices.c.paid_cents)
            ).group_by(invoices.c.case_id)).all())  # fmt: skip
    finally:
        app.dispose()
    assert len(lines) == len(entries) == len({x.line_key for x in lines})
    by_key = {x.line_key.split("|")[1]: x for x in lines}
    kept: dict[int, int] = defaultdict(int)
    for rank, (case, cents, _, taken_back, _) in enumerate(payments):
        line = by_key[f"BQ-{rank}"]
        assert line.status == ("reversed" if taken_back else "applied"), line.reason
        assert line.applied_cents == cents  # never applied twice, never beyond the payment
        if taken_back:
            assert by_key[f"RV-{rank}"].status == "reversal", by_key[f"RV-{rank}"].reason
        else:
            kept[seeded[case].case_id] += cents
    for s in seeded:
        assert paid[s.case_id] == 5_000 + kept[s.case_id]
