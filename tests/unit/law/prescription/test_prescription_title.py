"""An enforceable title is prescribed by ten years (CPCE L111-4), not by the claim's period.

From the day the title can be executed its execution runs for the legal row
``prescription_enforceable_title_years`` (10 years), whether the claim was commercial
(5 years, C. com. L110-4) or a consumer's (2 years, C. conso L218-2); an enforcement measure
after it starts ten new years (C. civ. 2231, 2244); without a title, the claim's own period.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.cpc import Period, TimeUnit, add_period
from recouvre.law.parameters import LegalTables, MissingLegalData
from recouvre.law.prescription.computation import (
    PrescriptionLaw,
    PrescriptionResult,
    PrescriptionStatus,
    compute_prescription,
)
from recouvre.law.prescription.events import ClaimKind, Effect, EventKind, PrescriptionEvent
from recouvre.reference.loader import load_tables

TABLES = load_tables()
PARIS = HolidayCalendar.for_departement("75")
TEN_YEARS = Period(10, TimeUnit.YEARS)


def run(
    kind: ClaimKind,
    start: date,
    *events: PrescriptionEvent,
    on: date = date(2060, 1, 1),
    tables: LegalTables = TABLES,
) -> PrescriptionResult:
    law = PrescriptionLaw.from_tables(kind, start, tables)
    return compute_prescription(kind, start, events, law=law, on=on, calendar=PARIS)


def title(on: date) -> PrescriptionEvent:
    return PrescriptionEvent(EventKind.ENFORCEABLE_TITLE, on)


@pytest.mark.parametrize(
    ("kind", "start", "title_on", "legal_end"),
    [
        # commercial claim, 5 years: the order declared enforceable on 01/12/2026 -> 2036
        (ClaimKind.COMMERCIAL, date(2021, 6, 30), date(2026, 12, 1), date(2036, 12, 1)),
        (ClaimKind.COMMERCIAL, date(2024, 3, 15), date(2025, 1, 20), date(2035, 1, 20)),
        # consumer claim, 2 years: a judgment served on 10/03/2026 -> 2036, not 2028
        (ClaimKind.CONSUMER, date(2025, 4, 15), date(2026, 3, 10), date(2036, 3, 10)),
        (ClaimKind.CONSUMER, date(2024, 2, 29), date(2024, 2, 29), date(2034, 2, 28)),
        (ClaimKind.CIVIL, date(2022, 9, 1), date(2023, 5, 2), date(2033, 5, 2)),
        # without a title: the claim's own period
        (ClaimKind.COMMERCIAL, date(2021, 6, 30), None, date(2026, 6, 30)),
        (ClaimKind.CONSUMER, date(2025, 4, 15), None, date(2027, 4, 15)),
    ],
)
def test_a_title_runs_ten_years_from_its_date(
    kind: ClaimKind, start: date, title_on: date | None, legal_end: date
) -> None:
    events = () if title_on is None else (title(title_on),)
    result = run(kind, start, *events, on=start)
    if title_on is not None:  # the title is not known yet on the starting date
        assert result.legal_end == add_period(start, result.period)
        result = run(kind, start, *events, on=title_on)
        assert result.period == TEN_YEARS
        assert "CPCE L111-4" in "\n".join(result.explanation)
        assert any(row.key == "prescription_enforceable_title_years" for row in result.rows)
    assert result.legal_end == legal_end


def test_the_boundary_is_the_last_day_of_the_tenth_year() -> None:
    events = (title(date(2026, 12, 1)),)
    last = run(ClaimKind.CONSUMER, date(2025, 1, 10), *events, on=date(2036, 12, 1))
    assert last.legal_end == date(2036, 12, 1)  # a Monday
    assert last.status is PrescriptionStatus.RUNNING
    after = run(ClaimKind.CONSUMER, date(2025, 1, 10), *events, on=date(2036, 12, 2))
    assert after.status is PrescriptionStatus.ACQUIRED
    before = run(ClaimKind.CONSUMER, date(2025, 1, 10), *events, on=date(2036, 11, 30))
    assert before.status is PrescriptionStatus.RUNNING


def test_an_enforcement_measure_after_the_title_starts_ten_new_years() -> None:
    result = run(
        ClaimKind.COMMERCIAL,
        date(2021, 6, 30),
        title(date(2026, 12, 1)),
        PrescriptionEvent(EventKind.ENFORCEMENT, date(2030, 5, 6)),
        PrescriptionEvent(EventKind.PARTIAL_PAYMENT, date(2031, 2, 3)),
    )
    assert result.legal_end == date(2041, 2, 3)


def test_a_title_ends_a_pending_instance_and_stands_after_the_claims_end() -> None:
    pending = run(
        ClaimKind.COMMERCIAL,
        date(2019, 1, 10),
        PrescriptionEvent(EventKind.LEGAL_ACTION, date(2023, 6, 1)),
        title(date(2025, 2, 3)),
    )
    assert pending.legal_end == date(2035, 2, 3)
    # The claim ended on 10/01/2024; the debtor did not raise it before the judge (C. civ. 2247).
    late = run(ClaimKind.CONSUMER, date(2022, 1, 10), title(date(2024, 9, 2)))
    assert late.legal_end == date(2034, 9, 2)
    assert "C. civ. 2247" in "\n".join(late.explanation)


def test_the_long_stop_of_2232_does_not_cap_a_title() -> None:
    # Born 2009-01-10: 20-year cap 2029-01-10; a title of 2026 runs to 2036 anyway.
    result = run(
        ClaimKind.COMMERCIAL,
        date(2009, 1, 10),
        PrescriptionEvent(EventKind.ACKNOWLEDGEMENT, date(2013, 12, 20)),
        PrescriptionEvent(EventKind.ACKNOWLEDGEMENT, date(2018, 12, 1)),
        PrescriptionEvent(EventKind.ACKNOWLEDGEMENT, date(2023, 11, 2)),
        title(date(2026, 4, 7)),
    )
    assert result.legal_end == date(2036, 4, 7)


def test_the_period_is_a_legal_row_and_a_missing_row_is_named() -> None:
    rows = [row for row in TABLES if row.key != "prescription_enforceable_title_years"]
    longer = [
        *rows,
        *(
            type(row)(row.key, row.effective_from, row.until, row.value + 2, row.unit,
                      row.source, row.status, row.note)
            for row in TABLES
            if row.key == "prescription_enforceable_title_years"
        ),
    ]  # fmt: skip
    twelve = run(ClaimKind.COMMERCIAL, date(2021, 6, 30), title(date(2026, 12, 1)),
                 tables=LegalTables(longer))  # fmt: skip
    assert twelve.legal_end == date(2038, 12, 1)
    with pytest.raises(MissingLegalData, match="prescription_enforceable_title_years"):
        run(ClaimKind.COMMERCIAL, date(2021, 6, 30), title(date(2026, 12, 1)),
            tables=LegalTables(rows))  # fmt: skip


OTHER_EVENTS = [kind for kind in EventKind if kind is not EventKind.ENFORCEABLE_TITLE]


@st.composite
def titled_claims(draw: st.DrawFn) -> tuple[ClaimKind, date, date, list[PrescriptionEvent]]:
    kind = draw(st.sampled_from([ClaimKind.COMMERCIAL, ClaimKind.CONSUMER, ClaimKind.CIVIL]))
    start = draw(st.dates(min_value=date(2009, 1, 1), max_value=date(2030, 12, 31)))
    title_on = start + timedelta(days=draw(st.integers(0, 12 * 366)))
    events: list[PrescriptionEvent] = []
    for _ in range(draw(st.integers(0, 5))):
        event_kind = draw(st.sampled_from(OTHER_EVENTS))
        on = start + timedelta(days=draw(st.integers(0, 20 * 366)))
        end = None
        suspends = event_kind.effect is Effect.SUSPENSION
        if (suspends or event_kind.lasts_until_end_of_proceedings) and draw(st.booleans()):
            end = on + timedelta(days=draw(st.integers(0, 800)))
        events.append(PrescriptionEvent(event_kind, on, end))
    return kind, start, title_on, events


@settings(max_examples=300, deadline=None)
@given(titled_claims())
def test_with_a_title_the_end_is_never_before_ten_years_and_never_the_claims_period(
    claim: tuple[ClaimKind, date, date, list[PrescriptionEvent]],
) -> None:
    kind, start, title_on, events = claim
    result = run(kind, start, *events, title(title_on), on=date(2070, 1, 1))
    assert result.period == TEN_YEARS  # never the 2 or 5 years of the claim
    if result.legal_end is not None:  # None: an instance opened after the title still runs
        assert result.legal_end >= add_period(title_on, TEN_YEARS)
