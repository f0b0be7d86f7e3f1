"""Hypothesis properties of prescription and procedural deadlines.

- a legal end is never before the start;
- a practical deadline is a working day and never after the legal end;
- adding an interruption never shortens prescription;
- a procedural deadline ends on a working day, never before its raw end, and a later trigger
  never gives an earlier deadline.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.cpc import Period, TimeUnit, procedural_deadline
from recouvre.law.prescription.computation import (
    PrescriptionLaw,
    PrescriptionResult,
    compute_prescription,
)
from recouvre.law.prescription.events import ClaimKind, Effect, EventKind, PrescriptionEvent
from recouvre.reference.loader import load_tables

TABLES = load_tables()
CALENDARS = {code: HolidayCalendar.for_departement(code) for code in ("75", "57", "974")}
FAR = date(2070, 1, 1)

starts = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
kinds = st.sampled_from(list(ClaimKind))
departements = st.sampled_from(sorted(CALENDARS))


@st.composite
def events_after(draw: st.DrawFn, start: date) -> PrescriptionEvent:
    kind = draw(st.sampled_from(list(EventKind)))
    on = start + timedelta(days=draw(st.integers(0, 15 * 366)))
    end: date | None = None
    closable = kind.effect is Effect.SUSPENSION or kind.lasts_until_end_of_proceedings
    if closable and draw(st.integers(0, 9)) > 0:  # mostly closed, sometimes still running
        end = on + timedelta(days=draw(st.integers(0, 800)))
    void = kind is EventKind.LEGAL_ACTION and draw(st.booleans())
    return PrescriptionEvent(kind, on, end, void)


def compute(
    kind: ClaimKind, start: date, events: list[PrescriptionEvent], departement: str
) -> PrescriptionResult:
    law = PrescriptionLaw.from_tables(kind, start, TABLES)
    return compute_prescription(
        kind, start, events, law=law, on=FAR, calendar=CALENDARS[departement]
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[ClaimKind, date, list[PrescriptionEvent], str]:
    kind = draw(kinds)
    start = draw(starts)
    events = draw(st.lists(events_after(start), max_size=6))
    return kind, start, events, draw(departements)


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_legal_end_never_before_start_and_practical_deadline_is_a_working_day(
    scenario: tuple[ClaimKind, date, list[PrescriptionEvent], str],
) -> None:
    kind, start, events, departement = scenario
    result = compute(kind, start, events, departement)
    if result.legal_end is None:
        assert result.practical_deadline is None
        return
    assert result.legal_end >= start
    assert result.practical_deadline is not None
    assert result.practical_deadline <= result.legal_end
    assert CALENDARS[departement].is_working_day(result.practical_deadline)
    assert (result.legal_end - result.practical_deadline).days < 7
    for alert in result.alerts:
        assert alert.on <= result.practical_deadline


INSTANT_INTERRUPTIONS = [
    EventKind.ACKNOWLEDGEMENT,
    EventKind.PARTIAL_PAYMENT,
    EventKind.PAYMENT_ORDER_SERVED,
    EventKind.ENFORCEMENT,
    EventKind.CONSERVATORY_MEASURE,
]


@settings(max_examples=300, deadline=None)
@given(scenarios(), st.sampled_from(INSTANT_INTERRUPTIONS), st.integers(0, 20 * 366))
def test_adding_an_interruption_never_shortens_prescription(
    scenario: tuple[ClaimKind, date, list[PrescriptionEvent], str],
    interruption: EventKind,
    offset: int,
) -> None:
    kind, start, events, departement = scenario
    before = compute(kind, start, events, departement)
    added = PrescriptionEvent(interruption, start + timedelta(days=offset))
    after = compute(kind, start, [*events, added], departement)
    if after.legal_end is None:
        return  # still running: not shorter than anything
    assert before.legal_end is not None, "an interruption cannot close an open prescription"
    assert after.legal_end >= before.legal_end


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(1, 12),
    st.sampled_from([TimeUnit.DAYS, TimeUnit.MONTHS]),
    departements,
)
def test_procedural_deadline_ends_on_a_working_day_and_is_monotonic(
    trigger: date, amount: int, unit: TimeUnit, departement: str
) -> None:
    calendar = CALENDARS[departement]
    period = Period(amount, unit)
    result = procedural_deadline(trigger, period, rule="Test", calendar=calendar)
    assert calendar.is_working_day(result.end)
    assert result.end >= result.raw_end > trigger
    day = result.raw_end
    while day < result.end:  # every skipped day was a non-working day
        assert not calendar.is_working_day(day)
        day += timedelta(days=1)
    later = procedural_deadline(trigger + timedelta(days=1), period, rule="Test", calendar=calendar)
    assert later.end >= result.end


@settings(max_examples=200, deadline=None)
@given(
    scenarios(),
    st.sampled_from(
        [EventKind.MEDIATION, EventKind.CONCILIATION, EventKind.SMALL_CLAIMS_AGREEMENT]
    ),
    st.integers(0, 20 * 366),
    st.integers(0, 800),
)
def test_adding_a_closed_suspension_never_shortens_prescription(
    scenario: tuple[ClaimKind, date, list[PrescriptionEvent], str],
    suspension: EventKind,
    offset: int,
    length: int,
) -> None:
    kind, start, events, departement = scenario
    before = compute(kind, start, events, departement)
    on = start + timedelta(days=offset)
    added = PrescriptionEvent(suspension, on, on + timedelta(days=length))
    after = compute(kind, start, [*events, added], departement)
    if after.legal_end is None:
        return
    assert before.legal_end is not None
    assert after.legal_end >= before.legal_end
