"""The French words of every enum value a person reads in the command line's text output.

One place, so that ``case show``, ``cases list``, ``outbox list``, ``run``… say « phase
amiable », « débiteur professionnel », « en file d'envoi », never ``amicable``, ``company`` or
``queued``. ``--json`` keeps the stable raw values; only the human output goes through here
(the journal's kinds have their own table, ``domain.events.labels``). An unknown value (a newer
database) shows as itself rather than failing.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from recouvre.domain.cases import Attitude, Closure, Phase
from recouvre.domain.claims import InvoiceStatus
from recouvre.domain.events.labels import journal_label
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.law.routes.rules import Route
from recouvre.letters.formatting import eur
from recouvre.scenarios.state import PlanStatus
from recouvre.services.judicial.records import ProcedureStatus
from recouvre.services.operations.ports import RunOutcome
from recouvre.services.outbox.model import ActionStatus

PHASES: dict[str, str] = {
    Phase.AMICABLE: "amiable",
    Phase.FORMAL_NOTICE: "mise en demeure",
    Phase.PRE_LITIGATION: "précontentieux",
    Phase.JUDICIAL: "judiciaire",
    Phase.COLLECTIVE_PROCEEDINGS: "procédure collective",
    Phase.CLOSED: "clos",
}
ATTITUDES: dict[str, str] = {attitude: attitude.label_fr for attitude in Attitude}
CLOSURES: dict[str, str] = {
    Closure.PAID: "soldé par paiement",
    Closure.SETTLED: "accord transactionnel",
    Closure.WRITTEN_OFF: "passé en perte",
    Closure.TIME_BARRED: "prescrit",
    Closure.WITHDRAWN: "retiré par le créancier",
}
DEBTOR_KINDS: dict[str, str] = {
    DebtorKind.COMPANY: "professionnel",
    DebtorKind.CONSUMER: "particulier",
}
CHANNELS: dict[str, str] = {
    Channel.EMAIL: "courriel",
    Channel.LETTER: "lettre simple",
    Channel.SMS: "SMS",
    Channel.PHONE: "appel",
    Channel.REGISTERED_LETTER: "lettre recommandée",
    Channel.INTERNAL: "tâche interne",
}
ACTION_STATUSES: dict[str, str] = {
    ActionStatus.AWAITING_APPROVAL: "à valider",
    ActionStatus.QUEUED: "en file d'envoi",
    ActionStatus.SENDING: "envoi en cours",
    ActionStatus.SENT: "envoyée",
    ActionStatus.FAILED: "en échec",
    ActionStatus.QUARANTINED: "en quarantaine",
    ActionStatus.CANCELLED: "annulée",
    ActionStatus.DEFERRED: "reportée",
}
# How a daily run ended (services.operations.ports.RunOutcome), in recouvre status.
RUN_OUTCOMES: dict[str, str] = {
    RunOutcome.RUNNING: "en cours d'exécution",
    RunOutcome.DONE: "terminée",
    RunOutcome.SET_ASIDE: "terminée, dossiers mis en revue",
    RunOutcome.FAILED: "en échec",
    RunOutcome.INTERRUPTED: "interrompue",
}
INVOICE_STATUSES: dict[str, str] = {
    InvoiceStatus.OPEN: "impayée",
    InvoiceStatus.PAID: "payée",
    InvoiceStatus.CANCELLED: "annulée",
}
PROCEDURE_STATUSES: dict[str, str] = {
    ProcedureStatus.OPEN: "en cours",
    ProcedureStatus.CLOSED: "close",
    ProcedureStatus.FROZEN: "suspendue",
}
PLAN_STATUSES: dict[str, str] = {
    PlanStatus.ACTIVE: "en cours",
    PlanStatus.PAUSED: "en pause",
    PlanStatus.PAYMENT_PLAN: "échéancier",
    PlanStatus.FROZEN: "gelé (contestation)",
    PlanStatus.STOPPED: "arrêté (procédure collective)",
    PlanStatus.CLOSED: "clos",
}
ROUTES: dict[str, str] = {route.value: route.label_fr for route in Route}

# What the payload keys of a journal entry mean, for a case's history; keys absent from this
# table are internal (idempotency keys, flags) and stay in ``--json`` and the journal only.
PAYLOAD_KEYS: dict[str, str] = {
    "action_id": "action",
    "channel": "canal",
    "due_on": "échéance",
    "not_before": "pas avant",
    "status": "statut",
    "from_status": "ancien statut",
    "to_status": "nouveau statut",
    "from_phase": "de la phase",
    "to_phase": "à la phase",
    "from_attitude": "ancienne attitude",
    "to_attitude": "nouvelle attitude",
    "attitude": "attitude",
    "scenario_id": "scénario",
    "step_id": "étape",
    "reason": "motif",
    "assignment_reason": "motif",
    "route": "procédure",
    "procedure_id": "procédure n°",
    "court": "juridiction",
    "claimed": "montant réclamé",
    "amount": "montant",
    "received_on": "reçu le",
    "promised_on": "promis le",
    "invoice": "facture",
    "number": "facture",
    "reference": "référence",
    "closure": "clôture",
    "outcome": "issue",
    "event": "événement",
    "note": "note",
    "count": "nombre",
    "file": "fichier",
}
_VOCABULARIES: dict[str, dict[str, str]] = {
    "channel": CHANNELS,
    "status": ACTION_STATUSES,
    "from_status": ACTION_STATUSES,
    "to_status": ACTION_STATUSES,
    "from_phase": PHASES,
    "to_phase": PHASES,
    "attitude": ATTITUDES,
    "from_attitude": ATTITUDES,
    "to_attitude": ATTITUDES,
    "route": ROUTES,
    "closure": CLOSURES,
}
_AMOUNT_KEYS = frozenset({"claimed", "amount"})


def word(table: dict[str, str], value: enum.Enum | str | None) -> str:
    """The French word of ``value`` in ``table`` (``""`` for none, the value itself if new)."""
    if value is None:
        return ""
    raw = value.value if isinstance(value, enum.Enum) else value
    return table.get(str(raw), str(raw))


def fr_date(value: date | datetime | str | None) -> str:
    """``2026-12-07`` -> ``07/12/2026`` (an instant also shows its time as stored)."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            parsed: date = (
                datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
            )
        except ValueError:
            return value
        return fr_date(parsed)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y à %H:%M")
    return value.strftime("%d/%m/%Y")


def _value(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list | tuple):
        return ", ".join(_value(key, v) for v in value)
    if key in _VOCABULARIES:
        return word(_VOCABULARIES[key], str(value))
    if key in _AMOUNT_KEYS:
        try:
            return eur(Decimal(str(value)))
        except ArithmeticError:
            return str(value)
    if key.endswith("_on") or key == "not_before":
        return fr_date(str(value))
    return str(value)


def event_detail(payload: dict[str, object]) -> str:
    """A journal entry's payload in words: « canal : courriel ; échéance : 07/12/2025 »."""
    parts = []
    for key, label in PAYLOAD_KEYS.items():
        value = payload.get(key)
        if value is None or value == "" or value == []:
            continue
        parts.append(f"{label} : {_value(key, value)}")
    return " ; ".join(parts)


def event_kind(kind: str) -> str:
    """The French name of a journal entry's kind (``domain.events.labels``)."""
    return journal_label(kind)
