"""Ageing buckets: each boundary day, the vectorised path against the scalar rule, cents exact."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recouvre.services.cases.portfolio import (
    AgeingBucket,
    OpenAccount,
    OpenInvoiceColumns,
    ageing,
    bucket_indexes,
    bucket_of,
    days_late_on,
    showcase,
    summarise,
)

B = AgeingBucket

BOUNDARIES = [
    (-5, B.NOT_YET_DUE),
    (0, B.NOT_YET_DUE),
    (1, B.DAYS_1_30),
    (30, B.DAYS_1_30),
    (31, B.DAYS_31_60),
    (60, B.DAYS_31_60),
    (61, B.DAYS_61_90),
    (90, B.DAYS_61_90),
    (91, B.DAYS_91_180),
    (180, B.DAYS_91_180),
    (181, B.OVER_180),
    (4000, B.OVER_180),
]


@pytest.mark.parametrize(("days_late", "bucket"), BOUNDARIES)
def test_boundaries_scalar(days_late: int, bucket: AgeingBucket) -> None:
    assert bucket_of(days_late) is bucket


def test_boundaries_vectorised() -> None:
    days = np.array([d for d, _ in BOUNDARIES], dtype=np.int64)
    assert bucket_indexes(days).tolist() == [b.value for _, b in BOUNDARIES]


@given(st.lists(st.integers(min_value=-400, max_value=3000), max_size=200))
def test_vectorised_agrees_with_scalar(days: list[int]) -> None:
    column = np.array(days, dtype=np.int64)
    assert bucket_indexes(column).tolist() == [bucket_of(d).value for d in days]


def test_days_late_counts_calendar_days_from_the_due_date() -> None:
    on = date(2024, 3, 1)
    due = np.array(["2024-03-01", "2024-02-29", "2024-01-31", "2024-03-10"], dtype="datetime64[D]")
    assert days_late_on(due, on).tolist() == [0, 1, 30, -9]


def test_ageing_counts_and_totals_in_cents() -> None:
    days = np.array([0, 1, 30, 31, 181, 181, 181], dtype=np.int64)
    cents = np.array([100, 1, 2, 10_000_000_000_01, 5, 7, 3], dtype=np.int64)
    result = {t.bucket: (t.invoices, t.outstanding) for t in ageing(days, cents)}
    assert result == {
        B.NOT_YET_DUE: (1, Decimal("1.00")),
        B.DAYS_1_30: (2, Decimal("0.03")),
        B.DAYS_31_60: (1, Decimal("10000000000.01")),
        B.DAYS_61_90: (0, Decimal("0.00")),
        B.DAYS_91_180: (0, Decimal("0.00")),
        B.OVER_180: (3, Decimal("0.15")),
    }


@given(
    st.lists(st.tuples(st.integers(-100, 2000), st.integers(1, 10**12)), min_size=0, max_size=300)
)
def test_bucket_totals_sum_to_the_outstanding_total(rows: list[tuple[int, int]]) -> None:
    days = np.array([d for d, _ in rows], dtype=np.int64)
    cents = np.array([c for _, c in rows], dtype=np.int64)
    buckets = ageing(days, cents)
    assert sum(b.invoices for b in buckets) == len(rows)
    assert sum(b.outstanding for b in buckets) == Decimal(sum(c for _, c in rows)) / 100


def test_labels_are_french_and_distinct() -> None:
    labels = [b.label for b in AgeingBucket]
    assert labels[0] == "non échu" and labels[-1] == "plus de 180 jours"
    assert len(set(labels)) == len(labels)


def _account(name: str, kind: str, dep: str | None, cents: int, due: date) -> OpenAccount:
    return OpenAccount(None, "Créancier", name, kind, "Ville", dep, 1, cents, due)


class _Reader:
    def __init__(self, due: list[str], cents: list[int], accounts: list[OpenAccount]) -> None:
        self._columns = OpenInvoiceColumns(
            np.array(due, dtype="datetime64[D]"), np.array(cents, dtype=np.int64)
        )
        self._accounts = accounts

    def count_creditors(self) -> int:
        return 2

    def count_debtors(self) -> int:
        return 3

    def count_open_cases(self) -> int:
        return 4

    def open_invoice_columns(self) -> OpenInvoiceColumns:
        return self._columns

    def open_accounts(self, limit: int) -> list[OpenAccount]:
        return self._accounts[:limit]


def test_summary_on_a_given_date() -> None:
    on = date(2025, 6, 30)
    accounts = [
        _account("Grosse SAS", "company", "69", 900_00, on - timedelta(days=10)),
        _account("Vieille SARL", "company", "75", 500_00, on - timedelta(days=400)),
        _account("Jean Dupont", "consumer", "33", 300_00, on - timedelta(days=5)),
        _account("Metz SA", "company", "57", 200_00, on - timedelta(days=3)),
        _account("Péi SARL", "company", "974", 100_00, on - timedelta(days=1)),
        _account("Autre SAS", "company", "974", 50_00, on - timedelta(days=1)),
    ]
    reader = _Reader(["2025-06-30", "2025-06-29", "2024-01-01"], [1000, 2000, 3050], accounts)
    summary = summarise(reader, on)
    assert (summary.creditors, summary.debtors, summary.open_cases) == (2, 3, 4)
    assert summary.open_invoices == 3
    assert summary.outstanding == Decimal("60.50")
    assert [b.invoices for b in summary.buckets] == [1, 1, 0, 0, 0, 1]
    assert [(a.account.debtor_name, a.why) for a in summary.sample_accounts] == [
        ("Grosse SAS", "encours le plus élevé"),
        ("Vieille SARL", "retard le plus ancien"),
        ("Jean Dupont", "particulier"),
        ("Metz SA", "Alsace-Moselle"),
        ("Péi SARL", "outre-mer"),
    ]
    assert summary.sample_accounts[1].oldest_days_late == 400


def test_summary_of_an_empty_book() -> None:
    summary = summarise(_Reader([], [], []), date(2025, 1, 1))
    assert summary.open_invoices == 0 and summary.outstanding == Decimal("0.00")
    assert len(summary.buckets) == 6 and not summary.sample_accounts


def test_an_account_picked_for_two_reasons_says_both() -> None:
    on = date(2025, 6, 30)
    accounts = [
        _account("Strasbourg SAS", "company", "67", 900_00, on - timedelta(days=300)),
        _account("Autre SAS", "company", "75", 100_00, on - timedelta(days=3)),
    ]
    lines = showcase(accounts, on)
    assert [(a.account.debtor_name, a.why) for a in lines] == [
        ("Strasbourg SAS", "encours le plus élevé, retard le plus ancien, Alsace-Moselle"),
    ]
