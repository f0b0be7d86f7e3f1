"""The compliance guard for a whole page of the daily run: a cheap pre-check, the real guard
for the rest.

The pre-check allows, without calling ``compliance.guard.check``, the contacts for which no
rule can object (docs/daily-run.md, « Garde-fou en lot »): metropolitan debtor (no time
offset), no do-not-contact or single-channel request, a message that announces nothing a
consumer cannot be charged, no contact with that debtor in the last 30 days (nor another one
in this page), and the channel's window open at the run's moment on a day that is not a public
holiday of the debtor's département. Everything else (deferrals, refusals, caps) goes through
the scalar guard with the debtor's contacts, so the verdicts are the reference guard's.
Internal tasks are not contacts: only a closed case stops them (the run never sees one) or a
time-barred one. A case with a time-barred invoice (``services.daily_run.prescription``) always goes
through the scalar guard, with ``time_barred`` (all its open invoices) and
``time_barred_invoices`` set.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from recouvre.compliance.facts import ContactRecord, GuardContext, OutgoingContact
from recouvre.compliance.guard import Outcome, Verdict, check
from recouvre.compliance.policy import ContactPolicy
from recouvre.compliance.time_bar import TimeBar
from recouvre.domain.parties import CONTACT_CHANNELS, Channel, DebtorKind
from recouvre.law.calendar import is_overseas
from recouvre.scenarios.planner import PlannedAction
from recouvre.services.daily_run.plan_state import calendar_for, paris_naive
from recouvre.services.daily_run.ports import CaseRow, ContactRow

ALLOWED = Verdict(Outcome.ALLOWED)
THIRTY_DAYS = timedelta(days=30)
CHANNEL_CODES = {channel: i + 1 for i, channel in enumerate(CONTACT_CHANNELS)}


def contact_moment(row: ContactRow, fallback: datetime) -> datetime:
    """When a contact happened (sent) or will happen (queued: its ``not_before``)."""
    if row.sent_at:
        return paris_naive(row.sent_at)
    if row.not_before:
        return datetime.fromisoformat(row.not_before)
    return fallback


@dataclass(frozen=True, slots=True)
class GuardItem:
    row: CaseRow
    action: PlannedAction
    bar: TimeBar | None = None  # some open invoices time-barred, or not computable


def local_offset(row: CaseRow, moment: datetime) -> timedelta:
    """Debtor's local time minus Paris time; 0 in metropolitan France (overseas debtors are
    checked on their own clock: compliance/context.py)."""
    return departement_offset(row.departement, moment)


def departement_offset(departement: str | None, moment: datetime) -> timedelta:
    """Local time of ``departement`` minus Paris time at ``moment`` (naive Paris time)."""
    from zoneinfo import ZoneInfo

    zones = {
        "971": "America/Guadeloupe",
        "972": "America/Martinique",
        "973": "America/Cayenne",
        "974": "Indian/Reunion",
        "975": "America/Miquelon",
        "976": "Indian/Mayotte",
        "977": "America/St_Barthelemy",
        "978": "America/Marigot",
    }
    zone = zones.get(departement or "")
    if zone is None:
        return timedelta(0)
    paris = moment.replace(tzinfo=ZoneInfo("Europe/Paris"))
    there = paris.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    return there - moment


def guard_context(
    row: CaseRow,
    contacts: Sequence[ContactRecord],
    moment: datetime,
    bar: TimeBar | None = None,
) -> GuardContext:
    return GuardContext(
        debtor_kind=DebtorKind(row.debtor_kind),
        is_holiday=calendar_for(row.departement).is_holiday,
        do_not_contact=bool(row.do_not_contact),
        only_channel=Channel(row.only_channel) if row.only_channel else None,
        contacts=tuple(contacts),
        local_offset=local_offset(row, moment),
        time_barred=bar is not None and bar.all_barred,
        time_barred_invoices=() if bar is None else bar.barred,
        prescription_unknown="" if bar is None else bar.unknown_reason,
    )


def outgoing(action: PlannedAction) -> OutgoingContact:
    return OutgoingContact(
        case_id=action.case_id,
        channel=action.channel,
        label=action.step_id,
        announces_legal_action=action.announces_legal_action,
        announces_fixed_indemnity=action.announces_fixed_indemnity,
        announces_late_penalties=action.announces_late_penalties,
    )


def _window_open(policy: ContactPolicy, channel: Channel, moment: datetime, holiday: bool) -> bool:
    window = policy.window(channel)
    now = moment.time()
    return (
        moment.weekday() in window.weekdays
        and (window.on_public_holidays or not holiday)
        and window.start <= now
        and (window.end is None or now < window.end)
    )


def precheck(
    items: Sequence[GuardItem],
    recent: set[int],
    policy: ContactPolicy,
    moment: datetime,
) -> np.ndarray:
    """Rows the guard would allow without a doubt (see the module docstring)."""
    n = len(items)
    channel = np.array(
        [CHANNEL_CODES.get(i.action.channel, 0) if i.action.channel else 0 for i in items],
        dtype=np.int64,
    )
    debtor = np.array([i.row.debtor_id for i in items], dtype=np.int64)
    consumer_announce = np.array(
        [
            i.row.debtor_kind == DebtorKind.CONSUMER.value
            and (i.action.announces_fixed_indemnity or i.action.announces_late_penalties)
            for i in items
        ],
        dtype=np.bool_,
    )
    special = np.array(
        [
            bool(i.row.do_not_contact)
            or i.bar is not None
            or i.row.only_channel is not None
            or (i.row.departement is not None and is_overseas(i.row.departement))
            for i in items
        ],
        dtype=np.bool_,
    )
    departements = sorted({i.row.departement or "" for i in items})
    holiday_of = {d: calendar_for(d or None).is_holiday(moment.date()) for d in departements}
    holiday = np.array([holiday_of[i.row.departement or ""] for i in items], dtype=np.bool_)
    open_ = np.zeros(n, dtype=np.bool_)
    for ch, code in CHANNEL_CODES.items():
        rows = channel == code
        if not rows.any():
            continue
        open_[rows & holiday] = _window_open(policy, ch, moment, True)
        open_[rows & ~holiday] = _window_open(policy, ch, moment, False)
    counts = Counter(debtor[channel > 0].tolist())
    single = np.array([counts[d] <= 1 for d in debtor.tolist()], dtype=np.bool_)
    is_recent = np.isin(debtor, np.fromiter(recent, dtype=np.int64, count=len(recent)))
    return (channel > 0) & open_ & single & ~is_recent & ~special & ~consumer_announce


def guard_page(
    items: Sequence[GuardItem],
    contacts: Sequence[ContactRow],
    policy: ContactPolicy,
    moment: datetime,
) -> list[Verdict]:
    """One verdict per item, in order; a contact allowed or deferred counts for the next ones
    of the same debtor (caps across cases and creditors)."""
    by_debtor: dict[int, list[ContactRecord]] = {}
    for contact in contacts:
        channel = Channel(contact.channel).reaches
        if channel is None:
            continue
        at = contact_moment(contact, moment)
        by_debtor.setdefault(contact.debtor_id, []).append(ContactRecord(at, channel))
    recent = {
        debtor
        for debtor, records in by_debtor.items()
        if any(r.at > moment - THIRTY_DAYS for r in records)
    }
    fast = precheck(items, recent, policy, moment) if items else np.zeros(0, dtype=np.bool_)
    verdicts: list[Verdict] = []
    for index, item in enumerate(items):
        if (item.action.channel is None and item.bar is None) or fast[index]:
            verdicts.append(ALLOWED)
            if item.action.channel is not None:
                by_debtor.setdefault(item.row.debtor_id, []).append(
                    ContactRecord(moment, item.action.channel)
                )
            continue
        records = by_debtor.setdefault(item.row.debtor_id, [])
        verdict = check(
            outgoing(item.action),
            guard_context(item.row, records, moment, item.bar),
            policy,
            moment,
        )
        channel = item.action.channel
        if channel is not None and verdict.outcome is Outcome.ALLOWED:
            records.append(ContactRecord(moment, channel))
        elif (
            channel is not None
            and verdict.outcome is Outcome.DEFERRED
            and verdict.next_allowed is not None
        ):
            records.append(ContactRecord(verdict.next_allowed, channel))
        verdicts.append(verdict)
    return verdicts
