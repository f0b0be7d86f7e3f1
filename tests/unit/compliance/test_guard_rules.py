"""The compliance guard, rule by rule (reference §7.3, §7.4), with the default policy.

Times are naive Europe/Paris local times. Reference week: Monday 30 March to Sunday 5 April
2026; Friday 3 April 2026 is Good Friday, a public holiday in Moselle (57) only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from recouvre.compliance.facts import ContactRecord, GuardContext, OutgoingContact
from recouvre.compliance.guard import Outcome, PolicyNeverAllows, Verdict, check
from recouvre.compliance.policy import ChannelWindow, ContactPolicy
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.law.calendar import HolidayCalendar

POLICY = ContactPolicy()
PARIS = HolidayCalendar.for_departement("75")
METZ = HolidayCalendar.for_departement("57")
COMPANY = GuardContext(DebtorKind.COMPANY, is_holiday=PARIS.is_holiday)
CALL = OutgoingContact(1, Channel.PHONE, "appel")
EMAIL = OutgoingContact(1, Channel.EMAIL, "relance")
LETTER = OutgoingContact(1, Channel.LETTER, "lettre")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def rules(verdict: Verdict) -> list[str]:
    return [r.rule for r in verdict.reasons]


def test_a_call_on_a_tuesday_morning_is_allowed() -> None:
    verdict = check(CALL, COMPANY, POLICY, at("2026-03-31T10:00"))
    assert verdict == Verdict(Outcome.ALLOWED)


@pytest.mark.parametrize(
    ("moment", "next_allowed"),
    [
        ("2026-03-31T08:59", "2026-03-31T09:00"),  # too early: same day at 9:00
        ("2026-03-31T20:00", "2026-04-01T09:00"),  # 20:00 is already too late
        ("2026-04-04T10:00", "2026-04-07T09:00"),  # Saturday -> Tuesday (Easter Monday 6 April)
        ("2026-04-05T10:00", "2026-04-07T09:00"),  # Sunday
    ],
)
def test_call_hours(moment: str, next_allowed: str) -> None:
    verdict = check(CALL, COMPANY, POLICY, at(moment))
    assert verdict.outcome is Outcome.DEFERRED
    assert verdict.next_allowed == at(next_allowed)
    assert rules(verdict) == ["channel_window"]


def test_good_friday_is_a_holiday_in_moselle_and_a_working_day_in_paris() -> None:
    moment = at("2026-04-03T10:00")
    assert check(CALL, COMPANY, POLICY, moment).outcome is Outcome.ALLOWED
    moselle = replace(COMPANY, is_holiday=METZ.is_holiday)
    verdict = check(CALL, moselle, POLICY, moment)
    assert verdict.outcome is Outcome.DEFERRED
    assert verdict.next_allowed == at("2026-04-07T09:00")  # Sat, Sun, Easter Monday
    assert "jour férié" in verdict.reasons[0].message


def test_26_december_in_moselle() -> None:
    moment = at("2025-12-26T11:00")  # a Friday
    assert check(EMAIL, COMPANY, POLICY, moment).outcome is Outcome.ALLOWED
    moselle = replace(COMPANY, is_holiday=METZ.is_holiday)
    assert check(EMAIL, moselle, POLICY, moment).next_allowed == at("2025-12-27T08:00")


def test_emails_not_at_night_and_not_on_sunday() -> None:
    assert check(EMAIL, COMPANY, POLICY, at("2026-04-04T10:00")).outcome is Outcome.ALLOWED
    night = check(EMAIL, COMPANY, POLICY, at("2026-03-31T22:30"))
    assert night.next_allowed == at("2026-04-01T08:00")
    sunday = check(EMAIL, COMPANY, POLICY, at("2026-04-05T10:00"))
    assert sunday.next_allowed == at("2026-04-07T08:00")  # Monday 6 is Easter Monday


def test_one_contact_a_day_across_channels() -> None:
    ctx = replace(COMPANY, contacts=(ContactRecord(at("2026-03-31T09:30"), Channel.EMAIL),))
    verdict = check(CALL, ctx, POLICY, at("2026-03-31T15:00"))
    assert verdict.outcome is Outcome.DEFERRED
    assert verdict.next_allowed == at("2026-04-01T09:00")
    assert rules(verdict) == ["daily_cap"]


def test_per_channel_daily_cap_when_the_overall_cap_is_higher() -> None:
    policy = replace(POLICY, max_contacts_per_day=3)
    ctx = replace(COMPANY, contacts=(ContactRecord(at("2026-03-31T09:30"), Channel.EMAIL),))
    assert check(CALL, ctx, policy, at("2026-03-31T15:00")).outcome is Outcome.ALLOWED
    verdict = check(EMAIL, ctx, policy, at("2026-03-31T15:00"))
    assert rules(verdict) == ["daily_channel_cap"]


def test_three_call_attempts_a_week() -> None:
    calls = tuple(
        ContactRecord(at(t), Channel.PHONE)
        for t in ("2026-03-30T10:00", "2026-03-31T11:00", "2026-04-01T12:00")
    )
    ctx = replace(COMPANY, contacts=calls)
    verdict = check(CALL, ctx, POLICY, at("2026-04-02T10:00"))
    assert rules(verdict) == ["weekly_call_cap"]
    # the first attempt leaves the rolling week on Monday 6 April 10:00 (Easter Monday):
    # then the call window says Tuesday 9:00
    assert verdict.next_allowed == at("2026-04-07T09:00")
    # an e-mail is not a call attempt
    assert check(EMAIL, ctx, POLICY, at("2026-04-02T10:00")).outcome is Outcome.ALLOWED


def test_eight_contacts_in_thirty_days() -> None:
    start = at("2026-03-02T10:00")
    contacts = tuple(ContactRecord(start + timedelta(days=3 * i), Channel.EMAIL) for i in range(8))
    ctx = replace(COMPANY, contacts=contacts)
    verdict = check(LETTER, ctx, POLICY, at("2026-03-26T10:00"))
    assert rules(verdict) == ["monthly_cap"]
    assert verdict.next_allowed == at("2026-04-01T10:00")  # 2 March + 30 days


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"case_closed": True}, "case_closed"),
        ({"time_barred": True}, "time_barred"),
        ({"collective_proceedings": True}, "collective_proceedings"),
        ({"do_not_contact": True}, "do_not_contact"),
        ({"only_channel": Channel.LETTER}, "single_channel"),
        ({"disputed": True}, "dispute_freeze"),
        ({"payment_plan": True}, "payment_plan_freeze"),
    ],
)
def test_standing_refusals(change: dict[str, object], rule: str) -> None:
    ctx = replace(COMPANY, **change)  # type: ignore[arg-type]
    verdict = check(EMAIL, ctx, POLICY, at("2026-03-31T10:00"))
    assert verdict.outcome is Outcome.REFUSED
    assert rules(verdict) == [rule]
    assert verdict.next_allowed is None


def test_single_channel_request_lets_that_channel_through() -> None:
    ctx = replace(COMPANY, only_channel=Channel.LETTER)
    assert check(LETTER, ctx, POLICY, at("2026-03-31T10:00")).outcome is Outcome.ALLOWED


def test_promise_defers_until_the_day_after() -> None:
    ctx = replace(COMPANY, promise_until=date(2026, 4, 1))
    verdict = check(EMAIL, ctx, POLICY, at("2026-03-31T10:00"))
    assert rules(verdict) == ["promise_freeze"]
    assert verdict.next_allowed == at("2026-04-02T08:00")


def test_no_threat_of_an_action_that_is_not_legally_possible() -> None:
    notice = OutgoingContact(1, Channel.LETTER, "mise en demeure", announces_legal_action=True)
    verdict = check(notice, replace(COMPANY, time_barred=True), POLICY, at("2026-03-31T10:00"))
    assert verdict.outcome is Outcome.REFUSED
    assert rules(verdict) == ["time_barred", "legal_action_possible"]
    assert "L121-6" in verdict.explain()
    assert check(notice, COMPANY, POLICY, at("2026-03-31T10:00")).outcome is Outcome.ALLOWED


def test_no_indemnity_or_penalties_announced_to_a_consumer() -> None:
    letter = OutgoingContact(
        1, Channel.LETTER, "relance", announces_fixed_indemnity=True, announces_late_penalties=True
    )
    consumer = replace(COMPANY, debtor_kind=DebtorKind.CONSUMER)
    verdict = check(letter, consumer, POLICY, at("2026-03-31T10:00"))
    assert rules(verdict) == [
        "indemnity_for_professionals_only",
        "penalties_for_professionals_only",
    ]
    assert check(letter, COMPANY, POLICY, at("2026-03-31T10:00")).outcome is Outcome.ALLOWED


def test_refusal_wins_over_deferral_and_internal_tasks_are_not_contacts() -> None:
    ctx = replace(COMPANY, disputed=True)
    assert check(CALL, ctx, POLICY, at("2026-04-05T23:00")).outcome is Outcome.REFUSED
    review = OutgoingContact(1, None, "revue interne")
    assert check(review, ctx, POLICY, at("2026-04-05T23:00")).outcome is Outcome.ALLOWED
    closed = replace(COMPANY, case_closed=True)
    assert check(review, closed, POLICY, at("2026-03-31T10:00")).outcome is Outcome.REFUSED


def test_overseas_debtor_hours_are_local() -> None:
    # Martinique (UTC-4) is 6 hours behind Paris in summer: 15:00 in Paris is 9:00 there.
    ctx = replace(COMPANY, local_offset=timedelta(hours=-6))
    assert check(CALL, ctx, POLICY, at("2026-06-02T15:00")).outcome is Outcome.ALLOWED
    verdict = check(CALL, ctx, POLICY, at("2026-06-02T10:00"))
    assert verdict.next_allowed == at("2026-06-02T15:00")  # 9:00 local, in Paris time


def test_aware_datetimes_and_closed_policies_are_refused_loudly() -> None:
    from datetime import UTC

    with pytest.raises(ValueError, match="sans fuseau"):
        check(CALL, COMPANY, POLICY, datetime(2026, 3, 31, 10, tzinfo=UTC))
    never = replace(POLICY, windows={Channel.PHONE: ChannelWindow(frozenset())})
    with pytest.raises(PolicyNeverAllows):
        check(CALL, COMPANY, never, at("2026-03-31T10:00"))
