"""The guard's rules, one small named function each.

Every rule looks at one contact about to go out, at the debtor's situation and at the policy,
at one moment ``at`` (the debtor's local time), and returns ``None`` (nothing to say), a
``Refusal`` (never send this) or a ``Deferral`` (not before ``until``, debtor's local time).
Legal grounds: C. conso L121-6 and L121-7 3° (repeated unwanted
solicitations, « menace d'action alors que cette action n'est pas légalement possible »),
C. pén. 222-16 (repeated malicious calls or messages), C. com. L441-10 and D441-5 (penalties
and the 40 € indemnity exist between professionals only), C. com. L622-21 (collective
proceedings stop individual actions). Caps and hours are good practice, not law.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from recouvre.compliance.facts import GuardContext, OutgoingContact
from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.parties import Channel, DebtorKind


@dataclass(frozen=True, slots=True)
class Refusal:
    rule: str
    message: str


@dataclass(frozen=True, slots=True)
class Deferral:
    rule: str
    message: str
    until: datetime  # debtor's local time


Finding = Refusal | Deferral
Rule = Callable[[OutgoingContact, GuardContext, ContactPolicy, datetime], Finding | None]


# --- the case and the debtor's requests -------------------------------------------------


def case_closed(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if ctx.case_closed:
        return Refusal("case_closed", "dossier clos : plus aucune action")
    return None


def time_barred(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if ctx.time_barred:
        return Refusal(
            "time_barred",
            "créance prescrite : plus aucune relance (C. civ. 2219 ; C. conso L121-6)",
        )
    return None


def prescription_unknown(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    """A prescription no legal row lets one compute is not « not time-barred »: the claim may
    be prescribed, so no contact claims it until a person has checked (C. civ. 2219 ; C. conso
    L121-6)."""
    if ctx.prescription_unknown and not ctx.time_barred:
        return Refusal(
            "prescription_unknown",
            f"prescription inconnue : {ctx.prescription_unknown} ; aucune relance, dossier "
            "envoyé en revue (ajoutez la ligne manquante aux données juridiques)",
        )
    return None


def collective_proceedings(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if ctx.collective_proceedings:
        return Refusal(
            "collective_proceedings",
            "procédure collective ouverte : poursuites individuelles arrêtées (C. com. L622-21)",
        )
    return None


def do_not_contact(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if ctx.do_not_contact:
        return Refusal("do_not_contact", "le débiteur a demandé à ne plus être contacté")
    return None


def single_channel(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if ctx.only_channel is not None and contact.channel is not ctx.only_channel:
        return Refusal(
            "single_channel",
            f"le débiteur a demandé à n'être contacté que par {ctx.only_channel.value}",
        )
    return None


def dispute_freeze(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if ctx.disputed:
        return Refusal("dispute_freeze", "contestation en cours : aucun contact avant décision")
    return None


def payment_plan_freeze(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if ctx.payment_plan:
        return Refusal("payment_plan_freeze", "échéancier en cours : aucune relance")
    return None


def promise_freeze(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if ctx.promise_until is not None and at.date() <= ctx.promise_until:
        until = datetime.combine(ctx.promise_until + timedelta(days=1), time(0, 0))
        return Deferral(
            "promise_freeze",
            f"promesse de paiement : pas de relance avant le {until.date().isoformat()}",
            until,
        )
    return None


# --- what the message announces ----------------------------------------------------------


def legal_action_on_time_barred_invoices(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    """Some invoices only are time-barred: a court action can no longer be brought for them, so
    a document announcing one over the whole claim would threaten what the law does not allow
    (C. conso L121-6). All of them: ``legal_action_possible`` says it."""
    if contact.announces_legal_action and ctx.time_barred_invoices and not ctx.time_barred:
        return Refusal(
            "legal_action_on_time_barred_invoices",
            "annonce d'une action en justice alors que des factures sont prescrites ("
            + ", ".join(ctx.time_barred_invoices)
            + ") : les retirer du dossier ou les clore avant cette étape (C. conso L121-6)",
        )
    return None


def legal_action_possible(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if contact.announces_legal_action and (ctx.time_barred or ctx.collective_proceedings):
        return Refusal(
            "legal_action_possible",
            "annonce d'une action en justice impossible (créance prescrite ou procédure "
            "collective) : pratique agressive (C. conso L121-6)",
        )
    return None


def indemnity_for_professionals_only(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if contact.announces_fixed_indemnity and ctx.debtor_kind is DebtorKind.CONSUMER:
        return Refusal(
            "indemnity_for_professionals_only",
            "l'indemnité forfaitaire de 40 € ne s'applique qu'entre professionnels "
            "(C. com. L441-10, D441-5)",
        )
    return None


def penalties_for_professionals_only(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if contact.announces_late_penalties and ctx.debtor_kind is DebtorKind.CONSUMER:
        return Refusal(
            "penalties_for_professionals_only",
            "les pénalités de retard de L441-10 ne s'appliquent qu'entre professionnels ; "
            "un consommateur ne doit que l'intérêt légal après mise en demeure",
        )
    return None


# --- when: windows and caps --------------------------------------------------------------


def _local(ctx: GuardContext, moment: datetime) -> datetime:
    return moment + ctx.local_offset


def channel_window(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    """Allowed days and hours of the channel, public holidays of the debtor's département."""
    assert contact.channel is not None
    window = policy.window(contact.channel)

    def open_day(day: datetime) -> bool:
        return day.weekday() in window.weekdays and (
            window.on_public_holidays or not ctx.is_holiday(day.date())
        )

    now = at.time()
    in_hours = window.start <= now and (window.end is None or now < window.end)
    if open_day(at) and in_hours:
        return None
    if open_day(at) and now < window.start:
        until = datetime.combine(at.date(), window.start)
    else:
        day = datetime.combine(at.date(), time(0, 0))
        for _ in range(400):
            day += timedelta(days=1)
            if open_day(day):
                break
        until = datetime.combine(day.date(), window.start)
    why = "jour férié" if ctx.is_holiday(at.date()) else "hors plage"
    return Deferral(
        "channel_window",
        f"{why} pour le canal {contact.channel.value} (autorisé : {window.describe()})",
        until,
    )


def daily_cap(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    today = [c for c in ctx.contacts if _local(ctx, c.at).date() == at.date()]
    if len(today) >= policy.max_contacts_per_day:
        return Deferral(
            "daily_cap",
            f"déjà {len(today)} contact(s) aujourd'hui (maximum {policy.max_contacts_per_day} "
            "par jour, tous canaux)",
            datetime.combine(at.date() + timedelta(days=1), time(0, 0)),
        )
    return None


def daily_channel_cap(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    today = [
        c
        for c in ctx.contacts
        if c.channel is contact.channel and _local(ctx, c.at).date() == at.date()
    ]
    if len(today) >= policy.max_contacts_per_day_per_channel:
        return Deferral(
            "daily_channel_cap",
            f"déjà {len(today)} contact(s) par {contact.channel} aujourd'hui",
            datetime.combine(at.date() + timedelta(days=1), time(0, 0)),
        )
    return None


def _rolling_cap(
    ctx: GuardContext,
    at: datetime,
    span: timedelta,
    cap: int,
    channel: Channel | None,
) -> datetime | None:
    """When the count in the rolling window (at - span, at] drops below ``cap``, if it is
    reached now."""
    times = sorted(
        local
        for c in ctx.contacts
        if (channel is None or c.channel is channel)
        and at - span < (local := _local(ctx, c.at)) <= at
    )
    if len(times) < cap:
        return None
    return times[len(times) - cap] + span


def weekly_call_cap(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    if contact.channel is not Channel.PHONE:
        return None
    until = _rolling_cap(ctx, at, timedelta(days=7), policy.max_calls_per_week, Channel.PHONE)
    if until is None:
        return None
    return Deferral(
        "weekly_call_cap",
        f"déjà {policy.max_calls_per_week} tentatives d'appel sur 7 jours glissants "
        "(appels répétés : C. pén. 222-16)",
        until,
    )


def monthly_cap(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, at: datetime
) -> Finding | None:
    until = _rolling_cap(ctx, at, timedelta(days=30), policy.max_contacts_per_30_days, None)
    if until is None:
        return None
    return Deferral(
        "monthly_cap",
        f"déjà {policy.max_contacts_per_30_days} contacts sur 30 jours glissants "
        "(sollicitations répétées : C. conso L121-7)",
        until,
    )


# Explicit tables: the order is the order of the reasons shown to the credit manager.
# A time-barred case gets no internal step either (a judicial review is pointless): the run
# proposes its closure instead (docs/daily-run.md, « Prescription »).
INTERNAL_RULES: tuple[Rule, ...] = (case_closed, time_barred)
STANDING_RULES: tuple[Rule, ...] = (
    case_closed,
    time_barred,
    prescription_unknown,
    collective_proceedings,
    do_not_contact,
    single_channel,
    dispute_freeze,
    payment_plan_freeze,
    legal_action_possible,
    legal_action_on_time_barred_invoices,
    indemnity_for_professionals_only,
    penalties_for_professionals_only,
)
TIMING_RULES: tuple[Rule, ...] = (
    promise_freeze,
    channel_window,
    daily_cap,
    daily_channel_cap,
    weekly_call_cap,
    monthly_cap,
)
