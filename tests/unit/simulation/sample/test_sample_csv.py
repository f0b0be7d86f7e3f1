"""The sample's CSV files: semicolon-separated, French dates and amounts, the import's headers."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from recouvre.domain.money import parse_amount
from recouvre.services.imports.rows import FIELD_LABELS, REQUIRED_FIELDS, Field
from recouvre.simulation.sample.csv_writer import (
    DISPUTED_HEADER,
    french_amount,
    french_date,
    write_portfolio,
)
from recouvre.simulation.sample.generator import generate

ON = date(2026, 11, 23)


def test_french_formats() -> None:
    assert french_amount(Decimal("1234.5")) == "1 234,50"
    assert french_amount(Decimal("0.07")) == "0,07"
    assert french_amount(Decimal("1234567.89")) == "1 234 567,89"
    assert parse_amount(french_amount(Decimal("98765.43"))) == Decimal("98765.43")
    assert french_date(date(2024, 3, 5)) == "05/03/2024"
    assert french_date(None) == ""


def test_files_hold_every_invoice_once_per_creditor(tmp_path: Path) -> None:
    portfolio = generate(ON, seed=11)
    written = write_portfolio(portfolio, tmp_path)
    assert written.creditors.is_file()
    total = 0
    for creditor_siren, path in written.invoices:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
        assert rows
        assert {FIELD_LABELS[f] for f in REQUIRED_FIELDS} <= set(rows[0])
        assert DISPUTED_HEADER in rows[0]
        assert {r[FIELD_LABELS[Field.CREDITOR]] for r in rows} == {creditor_siren}
        expected = portfolio.invoices_of(creditor_siren)
        assert [r[FIELD_LABELS[Field.INVOICE_NUMBER]] for r in rows] == [
            i.invoice.number for i in expected
        ]
        amounts = [parse_amount(r[FIELD_LABELS[Field.AMOUNT]]) for r in rows]
        assert amounts == [i.invoice.amount for i in expected]
        total += len(rows)
    assert total == len(portfolio.invoices)
    with written.creditors.open(encoding="utf-8", newline="") as handle:
        creditors = list(csv.DictReader(handle, delimiter=";"))
    assert sorted(c["via une agence"] for c in creditors) == ["non", "oui"]


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    a = write_portfolio(generate(ON, seed=5), tmp_path / "a")
    b = write_portfolio(generate(ON, seed=5), tmp_path / "b")
    for (_, pa), (_, pb) in zip(a.invoices, b.invoices, strict=True):
        assert pa.read_bytes() == pb.read_bytes()
