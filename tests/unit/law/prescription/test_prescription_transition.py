"""The 2008 reform's transitional rule (C. civ. 2222 al. 2, loi n° 2008-561 art. 26) on the
shipped rows: a commercial claim born before 19/06/2008 takes the former 10 years of C. com.
L110-4, the new 5 years running from 19/06/2008, the total never exceeding the former period.
Boundaries: 18/06/2008 (last day of the former law) and 19/06/2008 (first of the new one);
18/06/2003 / 19/06/2003 (where the former period stops being the shorter)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.cpc import Period, TimeUnit, add_period
from recouvre.law.parameters import MissingLegalData
from recouvre.law.prescription.computation import (
    PrescriptionLaw,
    PrescriptionResult,
    compute_prescription,
)
from recouvre.law.prescription.events import ClaimKind, EventKind, PrescriptionEvent
from recouvre.reference.loader import load_tables

TABLES = load_tables()
PARIS = HolidayCalendar.for_departement("75")
REFORM = date(2008, 6, 19)
ON = date(2026, 12, 7)


def prescription(
    kind: ClaimKind, start: date, events: tuple[PrescriptionEvent, ...] = ()
) -> PrescriptionResult:
    law = PrescriptionLaw.from_tables(kind, start, TABLES)
    return compute_prescription(kind, start, events, law=law, on=ON, calendar=PARIS, alerts=())


@pytest.mark.parametrize(
    ("start", "end", "period_years"),
    [
        (date(2005, 6, 30), date(2013, 6, 19), 10),  # the case of the report
        (date(2008, 6, 18), date(2013, 6, 19), 10),  # last day of the former law
        (date(2008, 6, 19), date(2013, 6, 19), 5),  # first day of the new law
        (date(2008, 6, 20), date(2013, 6, 20), 5),
        (date(2003, 6, 18), date(2013, 6, 18), 10),  # the former period ends first: kept
        (date(2003, 6, 19), date(2013, 6, 19), 10),
        (date(2003, 6, 20), date(2013, 6, 19), 10),
    ],
)
def test_commercial_claims_around_the_2008_reform(
    start: date, end: date, period_years: int
) -> None:
    result = prescription(ClaimKind.COMMERCIAL, start)
    assert result.legal_end == end
    assert result.period == Period(period_years, TimeUnit.YEARS)
    assert result.status.value == "acquise"
    reform_said = any("C. civ. 2222 al. 2" in line for line in result.explanation)
    assert reform_said is (start < REFORM)


def test_the_former_law_row_is_shown_as_unverified() -> None:
    result = prescription(ClaimKind.COMMERCIAL, date(2005, 6, 30))
    old = [row for row in result.rows if row.key == "prescription_commercial_years"]
    assert [row.effective_from for row in old] == [date(2000, 9, 21), REFORM]
    assert old[0].is_warning and "ancien C. com. L110-4" in old[0].source


def test_an_interruption_before_the_reform_restarts_the_former_period_then_the_reform_applies() -> (
    None
):
    # acknowledgement 01/03/2007: new 10 years -> 01/03/2017; reform: 19/06/2013 is earlier
    ack = PrescriptionEvent(EventKind.ACKNOWLEDGEMENT, date(2007, 3, 1))
    assert prescription(ClaimKind.COMMERCIAL, date(2005, 6, 30), (ack,)).legal_end == date(
        2013, 6, 19
    )
    # acknowledgement 01/03/2012 (after the reform): new 5 years -> 01/03/2017
    late = PrescriptionEvent(EventKind.ACKNOWLEDGEMENT, date(2012, 3, 1))
    assert prescription(ClaimKind.COMMERCIAL, date(2005, 6, 30), (late,)).legal_end == date(
        2017, 3, 1
    )


def test_a_claim_older_than_every_row_is_unknown_never_a_later_period() -> None:
    with pytest.raises(MissingLegalData):
        PrescriptionLaw.from_tables(ClaimKind.COMMERCIAL, date(2000, 9, 20), TABLES)


@given(st.dates(min_value=date(2000, 9, 21), max_value=date(2012, 12, 31)))
def test_the_end_never_exceeds_either_law(start: date) -> None:
    """C. civ. 2222 al. 2: the end is the earlier of the former period from the start and the
    new one from the reform; after the reform, the new period from the start."""
    result = prescription(ClaimKind.COMMERCIAL, start)
    assert result.legal_end is not None
    five, ten = Period(5, TimeUnit.YEARS), Period(10, TimeUnit.YEARS)
    if start < REFORM:
        assert result.legal_end == min(add_period(start, ten), add_period(REFORM, five))
    else:
        assert result.legal_end == add_period(start, five)
    assert result.legal_end <= add_period(start, ten)
    assert result.legal_end >= add_period(start, five)


@given(st.dates(min_value=date(2000, 9, 21), max_value=date(2012, 12, 30)))
def test_a_later_start_never_ends_earlier(start: date) -> None:
    later = date.fromordinal(start.toordinal() + 1)
    first = prescription(ClaimKind.COMMERCIAL, start).legal_end
    second = prescription(ClaimKind.COMMERCIAL, later).legal_end
    assert first is not None and second is not None and first <= second
