"""Properties of the guard: a deferral's next moment is really allowed, and nothing earlier is."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.compliance.facts import ContactRecord, GuardContext, OutgoingContact
from recouvre.compliance.guard import Outcome, check
from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.parties import CONTACT_CHANNELS, DebtorKind
from recouvre.law.calendar import HolidayCalendar

POLICY = ContactPolicy()
HOLIDAYS = {code: HolidayCalendar.for_departement(code).is_holiday for code in ("75", "57", "974")}
START = datetime.fromisoformat("2026-03-01T00:00")
moments = st.integers(0, 60 * 24 * 60).map(lambda m: START + timedelta(minutes=m))


@st.composite
def situations(draw: st.DrawFn) -> tuple[OutgoingContact, GuardContext, datetime]:
    on = draw(moments)
    contacts = tuple(
        ContactRecord(on - timedelta(minutes=draw(st.integers(1, 40 * 24 * 60))), channel)
        for channel in draw(st.lists(st.sampled_from(CONTACT_CHANNELS), max_size=12))
    )
    ctx = GuardContext(
        DebtorKind.COMPANY,
        is_holiday=HOLIDAYS[draw(st.sampled_from(sorted(HOLIDAYS)))],
        contacts=contacts,
        local_offset=timedelta(hours=draw(st.sampled_from([0, -3, 3]))),
    )
    return OutgoingContact(1, draw(st.sampled_from(CONTACT_CHANNELS))), ctx, on


@settings(max_examples=300, deadline=None)
@given(situations())
def test_the_next_allowed_moment_is_allowed_and_is_the_first_one(
    case: tuple[OutgoingContact, GuardContext, datetime],
) -> None:
    contact, ctx, on = case
    verdict = check(contact, ctx, POLICY, on)
    assert verdict.outcome is not Outcome.REFUSED
    if verdict.outcome is Outcome.ALLOWED:
        assert verdict.next_allowed is None
        return
    assert verdict.next_allowed is not None and verdict.next_allowed > on
    assert check(contact, ctx, POLICY, verdict.next_allowed).outcome is Outcome.ALLOWED
    one_minute_before = verdict.next_allowed - timedelta(minutes=1)
    assert check(contact, ctx, POLICY, one_minute_before).outcome is Outcome.DEFERRED
