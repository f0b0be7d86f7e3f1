"""Debtors: their contact details and what they asked about contacts.

Why. A debtor who says « ne me contactez plus », « uniquement par courrier » or « in English,
please » must be obeyed from the moment a person records it: insisting after a refusal is a
« sollicitation répétée et non souhaitée » (C. conso L121-7 3°, L121-6; C. pén. 222-16 for
repeated messages), and the guard's defaults stop every contact on a written request to use one
channel only (good practice, not law). Correcting a wrong email, phone or address is the
debtor's right to rectification (RGPD art. 16).

What ``Debtors.set`` does, in ONE transaction:

1. validate every change (emails with the import's rule, phones split and trimmed as the import
   does, the postal code giving the département through ``domain.parties.departement_of``) and
   report every problem at once, in French, naming the option: nothing is written unless all
   are valid;
2. save the debtor and journal ``debtor_preferences_changed`` / ``debtor_details_changed`` with
   the old and new values and the reason, on the stream of every OPEN case of the debtor (the
   request is evidence for each of those files), or on the global stream when there is none;
3. let each open, already planned case react through the case-event use case
   (``services.cases.case_events.CaseEvents``, the path a dispute or a ``ContactFailed`` takes): an
   action waiting in the outbox (awaiting approval, queued, deferred) whose channel the request
   now excludes, or whose recipient (email, phone, address) was changed, is WITHDRAWN with the
   reason (``StepWithdrawn`` in the case's journal): it will be planned again with fresh details
   if the debtor can still be reached that way; and the scenario is chosen again for the new
   channels (letters instead of emails...).

The sender keeps a last line of defence (``services.outbox.dispatch``): a queued action of a debtor
flagged do-not-contact, or on a channel the debtor refused, fails instead of going out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.events.parties import DebtorDetailsChanged, DebtorPreferencesChanged
from recouvre.domain.identifiers import validate_siren
from recouvre.domain.parties import Channel, ContactPreferences, Debtor
from recouvre.services.cases.case_events import CaseEvents, EventOutcome
from recouvre.services.daily_run.ports import PlanUnitOfWork
from recouvre.services.daily_run.run import RunSettings
from recouvre.services.parties.debtor_changes import (
    DebtorChanges,
    apply_changes,
    email_key,
    phone_key,
)
from recouvre.services.parties.party_changes import InvalidChanges, UnknownParty
from recouvre.services.parties.profiles import address_json
from recouvre.services.ports import Clock, joined

CHANNEL_LABELS: Mapping[Channel, str] = {
    Channel.EMAIL: "courriel",
    Channel.LETTER: "courrier",
    Channel.SMS: "SMS",
    Channel.PHONE: "téléphone",
}
_CASE_REFERENCE = re.compile(r"D-\d{4}-\d+", re.IGNORECASE)


# --- read models ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PendingAction:
    """An action of the debtor's case waiting in the outbox, with the recipient it snapshots."""

    id: int
    step_id: str
    channel: str
    status: str
    due_on: date
    recipient: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OpenCase:
    case_id: int
    reference: str
    creditor_name: str
    creditor_siren: str
    phase: str
    attitude: str
    outstanding_cents: int
    next_action_on: date | None
    planned: bool  # the daily run has a plan for it (``case_plans``)
    pending: tuple[PendingAction, ...] = ()

    def as_json(self) -> dict[str, Any]:
        whole, cents = divmod(self.outstanding_cents, 100)
        return {
            "case_id": self.case_id,
            "reference": self.reference,
            "creditor": {"name": self.creditor_name, "siren": self.creditor_siren},
            "phase": self.phase,
            "attitude": self.attitude,
            "outstanding": f"{whole}.{cents:02d}",
            "next_action_on": None
            if self.next_action_on is None
            else self.next_action_on.isoformat(),
            "pending_actions": [
                {
                    "id": a.id,
                    "step_id": a.step_id,
                    "channel": a.channel,
                    "status": a.status,
                    "due_on": a.due_on.isoformat(),
                }
                for a in self.pending
            ],
        }


@dataclass(frozen=True, slots=True)
class DebtorListing:
    debtor: Debtor
    open_cases: int


@dataclass(frozen=True, slots=True)
class DebtorProfile:
    debtor: Debtor
    open_cases: tuple[OpenCase, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {**debtor_json(self.debtor), "open_cases": [c.as_json() for c in self.open_cases]}


@dataclass(frozen=True, slots=True)
class DebtorUpdate:
    """What ``set`` did: the debtor after, the journaled changes, the cases' reactions."""

    profile: DebtorProfile
    preferences: dict[str, Any]
    details: dict[str, Any]
    reactions: tuple[EventOutcome, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.preferences or self.details)

    def as_json(self) -> dict[str, Any]:
        return {
            "debtor": self.profile.as_json(),
            "changes": {"preferences": self.preferences, "details": self.details},
            "cases": [r.as_json() for r in self.reactions],
        }


def preferences_json(preferences: ContactPreferences) -> dict[str, Any]:
    return {
        "do_not_contact": preferences.do_not_contact,
        "only_channel": None
        if preferences.only_channel is None
        else preferences.only_channel.value,
        "language": preferences.language,
    }


def details_json(debtor: Debtor) -> dict[str, Any]:
    return {
        "emails": list(debtor.emails),
        "phones": list(debtor.phones),
        "address": {**address_json(debtor.address), "departement": debtor.address.departement},
    }


def debtor_json(debtor: Debtor) -> dict[str, Any]:
    return {
        "id": debtor.id,
        "kind": debtor.kind.value,
        "name": debtor.name,
        "siren": debtor.siren,
        "siret": debtor.siret,
        **details_json(debtor),
        "preferences": preferences_json(debtor.preferences),
        "channels": sorted(c.value for c in debtor.channels()),
    }


# --- ports ------------------------------------------------------------------------------------


class DebtorStore(Protocol):
    def search(self, text: str | None, limit: int) -> list[DebtorListing]:
        """Debtors whose name, SIREN, email, phone, postal code or city contains ``text``
        (case-insensitive), by name; every debtor when ``text`` is ``None``."""
        ...

    def by_id(self, debtor_id: int) -> Debtor | None: ...

    def by_siren(self, siren: str) -> Debtor | None: ...

    def by_case_reference(self, reference: str) -> Debtor | None: ...

    def open_cases(self, debtor_id: int) -> list[OpenCase]:
        """The debtor's open cases by reference, with their actions waiting in the outbox."""
        ...

    def save(self, debtor: Debtor) -> None:
        """Write the debtor's contact details and preferences (not its key, kind or name)."""
        ...


class DebtorUnitOfWork(PlanUnitOfWork, Protocol):
    @property
    def debtor_store(self) -> DebtorStore: ...


# --- use cases --------------------------------------------------------------------------------


class Debtors:
    """Debtor use cases (``recouvre debtor list/show/set``)."""

    def __init__(
        self,
        uow: Callable[[], DebtorUnitOfWork],
        clock: Clock,
        run_settings: Callable[[], RunSettings],
    ) -> None:
        self.uow = uow
        self.clock = clock
        self.run_settings = run_settings

    def search(self, text: str | None = None, limit: int = 200) -> list[DebtorListing]:
        with self.uow() as uow:
            return uow.debtor_store.search((text or "").strip() or None, limit)

    def show(self, key: str) -> DebtorProfile:
        with self.uow() as uow:
            debtor = _resolve(uow.debtor_store, key)
            assert debtor.id is not None
            return DebtorProfile(debtor, tuple(uow.debtor_store.open_cases(debtor.id)))

    def set(self, key: str, changes: DebtorChanges) -> DebtorUpdate:
        """Apply ``changes`` (all or nothing), journal them on every open case and withdraw
        what the outbox holds that the debtor no longer accepts."""
        if changes.empty:
            raise InvalidChanges(["aucune modification demandée (voir « recouvre debtor set "
                                  "--help »)"])  # fmt: skip
        on = self.clock.today()
        with self.uow() as uow:
            store = uow.debtor_store
            before = _resolve(store, key)
            assert before.id is not None
            problems: list[str] = []
            after = apply_changes(before, changes, problems)
            if problems:
                raise InvalidChanges(problems)
            preferences = _diff(preferences_json(before.preferences),
                                preferences_json(after.preferences))  # fmt: skip
            details = _diff(details_json(before), details_json(after))
            cases = store.open_cases(before.id)
            if not (preferences or details):
                return DebtorUpdate(DebtorProfile(before, tuple(cases)), {}, {})
            reason = changes.reason.strip()
            store.save(after)
            kinds = ((DebtorPreferencesChanged, preferences), (DebtorDetailsChanged, details))
            for kind, diff in kinds:
                if not diff:
                    continue
                owners: list[int | None] = [c.case_id for c in cases]
                for case_id in owners or [None]:
                    event = kind(case_id, on, before.id, before.name, before.siren, diff, reason)
                    uow.journal.record(event)
            reactions = self._react(uow, before, after, cases, on, reason)
            profile = DebtorProfile(after, tuple(store.open_cases(before.id)))
            uow.commit()
        return DebtorUpdate(profile, preferences, details, tuple(reactions))

    def _react(
        self,
        uow: DebtorUnitOfWork,
        before: Debtor,
        after: Debtor,
        cases: Sequence[OpenCase],
        on: date,
        reason: str,
    ) -> list[EventOutcome]:
        """Each planned open case reacts through ``CaseEvents`` on this transaction."""
        channels_changed = before.channels() != after.channels()
        plans: CaseEvents | None = None
        outcomes: list[EventOutcome] = []
        for case in cases:
            stale = [a for a in case.pending if unwanted(a, before, after)]
            if not case.planned or not (stale or channels_changed):
                continue
            if plans is None:
                plans = CaseEvents(lambda: joined(uow), self.run_settings(), self.clock)
            why = request_reason(before, after, reason)
            outcomes.append(plans.contact_request(str(case.case_id), on, why, withdraw=bool(stale)))
        return outcomes


def request_reason(before: Debtor, after: Debtor, reason: str) -> str:
    """The French reason the withdrawn steps carry (shown in ``case show`` and the journal)."""
    p, q = before.preferences, after.preferences
    if q.do_not_contact and not p.do_not_contact:
        what = "le débiteur a demandé à ne plus être contacté"
    elif q.only_channel is not None and q.only_channel != p.only_channel:
        what = f"le débiteur a demandé à n'être contacté que par {CHANNEL_LABELS[q.only_channel]}"
    else:
        what = "coordonnées ou préférences de contact du débiteur modifiées"
    return f"{what} ({reason})" if reason else what


def unwanted(action: PendingAction, before: Debtor, after: Debtor) -> bool:
    """Whether ``action`` must not go out as it stands: its channel is no longer open to the
    debtor, or the recipient it snapshots (email, phone, address) was changed."""
    channel = Channel(action.channel).reaches
    if channel is None:
        return False
    if channel not in after.channels():
        return True
    recipient = action.recipient
    match channel:
        case Channel.EMAIL:
            email = recipient.get("email")
            return bool(email) and email_key(str(email)) not in {email_key(e) for e in after.emails}
        case Channel.SMS | Channel.PHONE:
            phone = recipient.get("phone")
            return bool(phone) and phone_key(str(phone)) not in {phone_key(p) for p in after.phones}
        case Channel.LETTER:
            if "postal_code" not in recipient:
                return False
            a = after.address
            snapshot = (
                tuple(recipient.get("address_lines") or ()),
                recipient.get("postal_code") or "",
                recipient.get("city") or "",
                recipient.get("country") or "FR",
            )
            return snapshot != (a.lines, a.postal_code, a.city, a.country)
    return False  # pragma: no cover  (every Channel is matched above)


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """``{field: [old, new]}`` for the top-level fields that changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _resolve(store: DebtorStore, key: str) -> Debtor:
    """A debtor by id, SIREN (or SIRET: its SIREN) or the reference of one of its cases."""
    text = key.strip()
    compact = text.replace(" ", "")
    debtor: Debtor | None
    if _CASE_REFERENCE.fullmatch(text):
        debtor = store.by_case_reference(text.upper())
        what = f"aucun dossier de référence {text.upper()}"
    elif compact.isdigit() and len(compact) in (9, 14):
        try:
            siren = validate_siren(compact[:9])
        except InvalidIdentifier as error:
            raise InvalidChanges([f"DÉBITEUR : {error}"]) from None
        debtor = store.by_siren(siren)
        what = f"aucun débiteur de SIREN {siren}"
    elif compact.isdigit():
        debtor = store.by_id(int(compact))
        what = f"aucun débiteur d'identifiant {compact}"
    else:
        raise UnknownParty(
            f"débiteur « {key} » : donnez son identifiant, son SIREN ou la référence d'un de "
            "ses dossiers (D-2026-000123) ; « recouvre debtor list --search » le retrouve"
        )
    if debtor is None:
        raise UnknownParty(what)
    return debtor
