"""The open-invoice index built from what a statement's lines can match
(``services.payments.open_index``) matches each line as the index of every invoice does, and
its keys, computed over one joined text, are ``matching``'s keys element for element."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvre.adapters.db.tables import invoices
from recouvre.bootstrap import build
from recouvre.bootstrap.daily_run import plan_uow
from recouvre.domain.bank_statements import BankLine
from recouvre.domain.creditor_reference import _NOT_ALNUM, creditor_reference
from recouvre.services.payments.matching import CaseIndex, match_line, normalised, payer_key
from recouvre.services.payments.open_index import (
    Wanted,
    alnum_all,
    normalised_all,
    open_index,
    payer_keys_all,
)
from recouvre.settings import Settings
from support.outbox_seed import FixedClock, seed_case

IBAN = "FR7630006000011234567890189"
texts = st.text(alphabet=st.sampled_from(list("aAzZ0019 -./éÉßçSARLsasEURL\x00\n\u0301ﬁ,;")),
                max_size=12)  # fmt: skip


@settings(max_examples=400)
@given(st.lists(texts, max_size=6))
def test_the_keys_of_a_joined_text_are_each_texts_keys(values: list[str]) -> None:
    assert normalised_all(values) == [normalised(v) for v in values]
    assert payer_keys_all(values) == [payer_key(v) for v in values]
    assert alnum_all(values) == [_NOT_ALNUM.sub("", v).upper() for v in values]


def _line(kind: str, n: int, cents: int, seeded: list[object]) -> BankLine:
    s = seeded[n]
    reference, case_id = s.reference, s.case_id  # type: ignore[attr-defined]
    refs, text, name = {
        "rf": ((creditor_reference(reference),), "", ""),
        "case": ((), f"dossier {reference}", ""),
        "invoice": ((), f"facture FA-2026-F-{case_id}-2", ""),
        "name": ((), "VIREMENT", f"Debiteur {n} SARL"),
    }.get(kind, ((), "VIREMENT", ""))
    return BankLine(
        key=f"k{n}{kind}{cents}", value_on=date(2026, 12, 4), booked_on=None,
        amount=Decimal(cents) / 100, currency="EUR", credit=True, reversal=False,
        remittance=text, references=refs, payer_name=name, payer_iban="", bank_reference="",
        source_line=1,
    )  # fmt: skip


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(st.tuples(st.sampled_from(["rf", "case", "invoice", "name", "nothing"]),
                          st.integers(0, 5), st.sampled_from([12_345, 999, 143_456])),
                min_size=1, max_size=8))  # fmt: skip
def test_the_lines_match_on_it_as_on_every_invoice(
    tmp_path_factory: object, sqlite_template: Path, chosen: list[tuple[str, int, int]]
) -> None:
    folder = tmp_path_factory.mktemp("index")  # type: ignore[attr-defined]
    shutil.copy(sqlite_template, folder / "db.sqlite3")
    app = build(Settings(f"sqlite:///{folder / 'db.sqlite3'}", folder, None, "fr"),
                clock=FixedClock())  # fmt: skip
    try:
        sirens = ("542065479", "552100554", "300000163", "732829320", "403052111", "775670417")
        seeded = [seed_case(app, siren=s, name=f"Débiteur {n}") for n, s in enumerate(sirens)]
        with app.engine.begin() as db:
            db.execute(sa.update(invoices).values(number="FA-2026-" + invoices.c.number))
        lines = [_line(kind, n, cents, seeded) for kind, n, cents in chosen]
        wanted = Wanted()
        for line in lines:
            wanted.add(line)
        with plan_uow(app) as uow:
            holder = uow.bank_lines.holder(IBAN)
            assert holder is not None
            every = CaseIndex.of(uow.bank_lines.case_invoices(holder.creditor_ids))
            chosen_index = open_index(uow, holder.creditor_ids, IBAN, wanted)
        assert [match_line(x, chosen_index) for x in lines] == [match_line(x, every) for x in lines]
        assert len(chosen_index.invoices_of) <= len(every.invoices_of)
    finally:
        app.dispose()
