"""The 40 € indemnity (C. com. L441-10 II, D441-5) and supplementary costs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.law.indemnity import fixed_indemnity, supplementary_compensation
from recouvre.law.parameters import MissingLegalData
from recouvre.law.statement.explain import NoticeCode
from recouvre.reference.loader import load_tables

TABLES = load_tables()
DUE = date(2024, 3, 15)
LATE = date(2024, 3, 16)


def test_a_professional_paying_late_owes_40_euros() -> None:
    result = fixed_indemnity(
        invoice="F1",
        professional_parties=True,
        due_date=DUE,
        late_on=LATE,
        collective_opened_on=None,
        tables=TABLES,
    )
    assert result.amount == Decimal("40.00") and result.row is not None and result.notice is None


@pytest.mark.parametrize(("professional", "late_on"), [(False, LATE), (True, None)])
def test_nothing_for_a_consumer_or_an_invoice_never_late(
    professional: bool, late_on: date | None
) -> None:
    result = fixed_indemnity(
        invoice="F1",
        professional_parties=professional,
        due_date=DUE,
        late_on=late_on,
        collective_opened_on=None,
        tables=TABLES,
    )
    assert result.amount == 0 and result.notice is None


@pytest.mark.parametrize(
    ("opened", "owed"),
    [(date(2024, 3, 15), "0"), (date(2024, 1, 10), "0"), (date(2024, 3, 16), "40.00")],
)
def test_collective_proceedings_forbid_it_only_when_opened_by_the_due_date(
    opened: date, owed: str
) -> None:
    result = fixed_indemnity(
        invoice="F1",
        professional_parties=True,
        due_date=DUE,
        late_on=LATE,
        collective_opened_on=opened,
        tables=TABLES,
    )
    assert result.amount == Decimal(owed)
    assert (result.notice is not None) == (owed == "0")
    if result.notice is not None:
        assert result.notice.code is NoticeCode.INDEMNITY_FORBIDDEN


def test_not_before_2013() -> None:
    with pytest.raises(MissingLegalData, match="fixed_indemnity"):
        fixed_indemnity(
            invoice="F1",
            professional_parties=True,
            due_date=date(2012, 11, 30),
            late_on=date(2012, 12, 1),
            collective_opened_on=None,
            tables=TABLES,
        )


@pytest.mark.parametrize(("costs", "extra"), [("150.00", "110.00"), ("40.00", "0"), ("25.00", "0")])
def test_supplementary_compensation_is_what_exceeds_the_indemnity(costs: str, extra: str) -> None:
    assert supplementary_compensation(Decimal(costs), Decimal("40.00")) == Decimal(extra)
