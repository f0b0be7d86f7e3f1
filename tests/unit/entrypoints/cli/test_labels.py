"""Every value of every enum a person reads has its French word, and dates read 07/12/2026."""

from __future__ import annotations

import enum
from datetime import date

import pytest

from recouvre.domain.cases import Attitude, Closure, Phase
from recouvre.domain.claims import InvoiceStatus
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.entrypoints.cli import labels
from recouvre.law.routes.rules import Route
from recouvre.scenarios.state import PlanStatus
from recouvre.services.judicial.records import ProcedureStatus
from recouvre.services.outbox.model import ActionStatus


@pytest.mark.parametrize(
    ("table", "kind"),
    [
        (labels.PHASES, Phase),
        (labels.ATTITUDES, Attitude),
        (labels.CLOSURES, Closure),
        (labels.DEBTOR_KINDS, DebtorKind),
        (labels.CHANNELS, Channel),
        (labels.ACTION_STATUSES, ActionStatus),
        (labels.INVOICE_STATUSES, InvoiceStatus),
        (labels.PROCEDURE_STATUSES, ProcedureStatus),
        (labels.PLAN_STATUSES, PlanStatus),
        (labels.ROUTES, Route),
    ],
)
def test_every_value_has_a_french_word(table: dict[str, str], kind: type[enum.Enum]) -> None:
    for member in kind:
        said = labels.word(table, member)
        assert said and said != member.value, member


def test_words_and_dates_read_as_french() -> None:
    assert labels.word(labels.PHASES, "amicable") == "amiable"
    assert labels.word(labels.CHANNELS, Channel.REGISTERED_LETTER) == "lettre recommandée"
    assert labels.word(labels.PHASES, "a_newer_phase") == "a_newer_phase"
    assert labels.fr_date(date(2026, 12, 7)) == "07/12/2026"
    assert labels.fr_date("2026-11-24T08:00:00") == "24/11/2026 à 08:00"
    assert labels.fr_date(None) == ""


def test_a_journal_payload_reads_as_words_without_internal_keys() -> None:
    detail = labels.event_detail(
        {
            "channel": "email",
            "due_on": "2025-12-07",
            "from_scenario": None,
            "idempotency_key": "case:56:step:x:attempt:1",
            "scenario_assigned": True,
            "status": "queued",
            "claimed": "31101.23",
            "route": "payment_order",
        }
    )
    assert detail == (
        "canal : courriel ; échéance : 07/12/2025 ; statut : en file d'envoi ; "
        "procédure : injonction de payer ; montant réclamé : 31\u202f101,23\u00a0€"
    )
