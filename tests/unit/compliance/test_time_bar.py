"""Which open invoices are time-barred for the guard (reference §6), and what the guard does.

Worked examples first (consumer 2 years from the due date or the completion date, L218-2;
professional 5 years, L110-4; an acknowledgement restarts a full period, C. civ. 2240, 2231),
then the screening property the daily run relies on: an invoice starting on or after
``screening_cutoff`` is never time-barred, whatever the evidence.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.compliance.facts import GuardContext, OutgoingContact
from recouvre.compliance.guard import Outcome, check
from recouvre.compliance.policy import ContactPolicy
from recouvre.compliance.time_bar import OpenInvoice, screening_cutoff, time_bar
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.law.calendar import HolidayCalendar
from recouvre.law.prescription.events import ClaimKind, EventKind, PrescriptionEvent
from recouvre.reference.loader import load_tables

TABLES = load_tables()
PARIS = HolidayCalendar.for_departement("75")
ON = date(2026, 3, 2)


def bar(invoices: list[OpenInvoice], kind: DebtorKind, evidence=(), on: date = ON):  # type: ignore[no-untyped-def]
    return time_bar(invoices, kind, list(evidence), tables=TABLES, on=on, calendar=PARIS)


def test_a_consumer_claim_is_time_barred_two_years_after_the_due_date() -> None:
    result = bar([OpenInvoice("FC-1", date(2024, 2, 20))], DebtorKind.CONSUMER)
    assert result.kind is ClaimKind.CONSUMER
    assert result.barred == ("FC-1",) and result.all_barred
    assert any("L218-2" in line for line in result.explanation)


def test_the_last_day_of_the_period_is_not_yet_time_barred() -> None:
    # Due 2024-03-02: the 2 years end at the end of 2026-03-02 (C. civ. 2229).
    assert bar([OpenInvoice("FC-1", date(2024, 3, 2))], DebtorKind.CONSUMER).barred == ()
    assert bar([OpenInvoice("FC-1", date(2024, 3, 1))], DebtorKind.CONSUMER).barred == ("FC-1",)


def test_a_consumer_claim_runs_from_the_completion_of_the_work_when_known() -> None:
    invoice = OpenInvoice("FC-2", date(2024, 6, 30), completed_on=date(2024, 1, 15))
    assert bar([invoice], DebtorKind.CONSUMER).barred == ("FC-2",)
    # Between professionals the due date counts (C. civ. 2233), and 5 years.
    assert bar([invoice], DebtorKind.COMPANY).barred == ()


def test_a_promise_two_years_ago_keeps_a_professional_claim_alive() -> None:
    old = OpenInvoice("F-1", date(2020, 11, 30))
    assert bar([old], DebtorKind.COMPANY).barred == ("F-1",)
    promise = PrescriptionEvent(EventKind.ACKNOWLEDGEMENT, date(2024, 3, 1))
    assert bar([old], DebtorKind.COMPANY, [promise]).barred == ()


def test_an_acknowledgement_after_the_end_does_not_revive_the_claim() -> None:
    late = PrescriptionEvent(EventKind.ACKNOWLEDGEMENT, date(2026, 1, 10))
    result = bar([OpenInvoice("FC-1", date(2023, 6, 1))], DebtorKind.CONSUMER, [late])
    assert result.barred == ("FC-1",)


def test_only_some_invoices_barred() -> None:
    result = bar(
        [OpenInvoice("FC-1", date(2023, 6, 1)), OpenInvoice("FC-2", date(2025, 12, 1))],
        DebtorKind.CONSUMER,
    )
    assert result.barred == ("FC-1",)
    assert result.some_barred and not result.all_barred


def test_the_cutoff_comes_from_the_shortest_period_of_the_rows_plus_the_margin() -> None:
    # Consumer 2 years is the shortest: 2024-03-02, plus six months, plus one day (excluded).
    assert screening_cutoff(TABLES, ON) == date(2024, 9, 3)


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(date(2015, 1, 1), date(2026, 3, 2)),
    completed=st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2026, 3, 2))),
    kind=st.sampled_from([DebtorKind.CONSUMER, DebtorKind.COMPANY]),
    evidence=st.lists(
        st.tuples(
            st.sampled_from(
                [EventKind.ACKNOWLEDGEMENT, EventKind.PARTIAL_PAYMENT, EventKind.FORMAL_NOTICE]
            ),
            st.dates(date(2015, 1, 1), date(2026, 3, 2)),
        ),
        max_size=3,
    ),
)
def test_an_invoice_starting_after_the_cutoff_is_never_time_barred(
    start: date,
    completed: date | None,
    kind: DebtorKind,
    evidence: list[tuple[EventKind, date]],
) -> None:
    cutoff = screening_cutoff(TABLES, ON)
    assert cutoff is not None
    invoice = OpenInvoice("F", start, completed)
    events = [PrescriptionEvent(k, d) for k, d in evidence]
    exact = bar([invoice], kind, events)
    screened = time_bar(
        [invoice], kind, events, tables=TABLES, on=ON, calendar=PARIS, cutoff=cutoff
    )
    assert screened == exact  # the cutoff never hides a time-barred invoice
    if exact.barred:
        assert min(start, completed or start) < cutoff


# --- the guard -----------------------------------------------------------------------------

NOTICE = OutgoingContact(1, Channel.LETTER, "mise_en_demeure", announces_legal_action=True)
REMINDER = OutgoingContact(1, Channel.LETTER, "relance")
REVIEW = OutgoingContact(1, None, "examen_judiciaire")
TUESDAY = datetime.fromisoformat("2026-03-03T10:00")


def test_a_partly_time_barred_case_gets_reminders_but_no_announce_of_court_action() -> None:
    ctx = GuardContext(DebtorKind.CONSUMER, is_holiday=PARIS.is_holiday,
                       time_barred_invoices=("FC-1",))  # fmt: skip
    assert check(REMINDER, ctx, ContactPolicy(), TUESDAY).outcome is Outcome.ALLOWED
    verdict = check(NOTICE, ctx, ContactPolicy(), TUESDAY)
    assert verdict.outcome is Outcome.REFUSED
    assert [r.rule for r in verdict.reasons] == ["legal_action_on_time_barred_invoices"]
    assert "FC-1" in verdict.explain()


def test_a_fully_time_barred_case_gets_nothing_not_even_an_internal_review() -> None:
    ctx = GuardContext(DebtorKind.CONSUMER, time_barred=True, time_barred_invoices=("FC-1",))
    for contact in (REMINDER, NOTICE, REVIEW):
        verdict = check(contact, ctx, ContactPolicy(), TUESDAY)
        assert verdict.outcome is Outcome.REFUSED
        assert verdict.reasons[0].rule == "time_barred"
    rules = [r.rule for r in check(NOTICE, ctx, ContactPolicy(), TUESDAY).reasons]
    assert rules == ["time_barred", "legal_action_possible"]  # no double reason
    assert check(REVIEW, GuardContext(DebtorKind.CONSUMER), ContactPolicy(), TUESDAY).outcome is (
        Outcome.ALLOWED
    )


def test_the_margin_is_a_parameter() -> None:
    from recouvre.law.deadlines.cpc import Period, TimeUnit

    no_margin = screening_cutoff(TABLES, ON, Period(0, TimeUnit.DAYS))
    assert no_margin == date(2024, 3, 2) + timedelta(days=1)
