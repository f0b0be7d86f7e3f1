"""The hours rule at the moment of sending: windows, holidays and caps checked again.

Why: the daily run's guard (``services.daily_run.guard``) decides on the run's nominal moment
(09:00 Paris time by default), not on the instant a message leaves. A run started at 22:30
would otherwise send at 22:33 a reminder that the contact policy allows only from 08:00 to
20:00, and a send delayed past midnight would land on a day that already has its contact.
Repeated unwanted solicitations at unreasonable hours are the aggressive practice of C. conso
L121-6 and L121-7 3° (and, for messages, C. pén. 222-16); the windows and caps themselves are
the contact policy's good practice (``compliance.policy``).

So the sender asks the same compliance guard (``compliance.guard.check``, its timing rules
only: the standing rules were the run's, and the sender's own last line of defence stays
``recipients.check_contact_allowed``) at the instant it is about to call the provider:

* the channel's window, in the debtor's local time (overseas offset), and the public holidays
  of the debtor's département;
* the caps over the contacts **already sent** to that debtor (every case and creditor) —
  except for a document the debtor asked for (payload ``answers_debtor``: the agreement of the
  payment plan the debtor proposed on the phone an hour ago), which is an answer, not a
  solicitation; its hours still apply.

Worked example: an email claimed on Friday 27 November 2026 at 22:30 Paris time is not sent;
it goes back to ``queued`` with ``not_before = 2026-11-28T08:00:00`` (Saturday, the email
window opens at 08:00) and a ``contact_deferred`` journal entry with the reason; on a Sunday
the same email waits until Monday 08:00.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from recouvre.compliance.facts import ContactRecord, GuardContext, OutgoingContact
from recouvre.compliance.guard import Verdict, check
from recouvre.compliance.policy import ContactPolicy
from recouvre.services.daily_run.guard import departement_offset
from recouvre.services.daily_run.plan_state import calendar_for
from recouvre.services.outbox.model import CaseFacts, OutboxAction

PARIS = ZoneInfo("Europe/Paris")


def paris_local(instant: datetime) -> datetime:
    """A timezone-aware instant as the guard reads it: naive Europe/Paris time."""
    return instant.astimezone(PARIS).replace(tzinfo=None)


def verdict_at_send(
    action: OutboxAction,
    facts: CaseFacts,
    sent: Sequence[ContactRecord],
    policy: ContactPolicy,
    instant: datetime,
) -> Verdict:
    """May ``action`` leave at ``instant`` (timezone-aware)? ``sent`` are the contacts already
    sent to the debtor (naive Paris time). Only timing rules can object: the context carries
    the debtor's kind, holidays, time offset and contacts, nothing that refuses."""
    moment = paris_local(instant)
    if action.payload.get("answers_debtor") is True:
        sent = ()
    departement = facts.debtor.address.departement
    context = GuardContext(
        debtor_kind=facts.debtor.kind,
        is_holiday=calendar_for(departement).is_holiday,
        contacts=tuple(sent),
        local_offset=departement_offset(departement, moment),
    )
    contact = OutgoingContact(action.case_id, action.channel.reaches, action.step_id)
    return check(contact, context, policy, moment)
