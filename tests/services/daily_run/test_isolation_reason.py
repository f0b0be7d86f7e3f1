"""The reason a person reads for a case the run set aside (``services.daily_run.isolation``)."""

from __future__ import annotations

from datetime import date

from recouvre.law.errors import LawError
from recouvre.services.daily_run.isolation import failure_reason
from recouvre.services.daily_run.ports import InvoiceLine


def _line(number: str, due: date) -> InvoiceLine:
    return InvoiceLine(7, number, date(2025, 1, 1), due, 10_000, 0)


def test_a_placeholder_due_date_is_named_with_its_invoice() -> None:
    reason = failure_reason(
        ValueError("year 10000 is out of range"),
        [_line("F-1", date(2026, 1, 31)), _line("F-2", date(9999, 12, 31))],
    )
    assert reason.startswith("tournée impossible pour ce dossier : calcul de date hors du ")
    assert "facture F-2 échue le 31/12/9999" in reason and "F-1" not in reason
    assert "date de remplacement d'un ERP" in reason


def test_a_project_error_keeps_its_french_message_and_no_date_is_blamed_wrongly() -> None:
    reason = failure_reason(LawError("aucun taux légal pour 1850"), [_line("A", date(1850, 3, 1))])
    assert "aucun taux légal pour 1850" in reason
    assert "facture A échue le 01/03/1850" in reason and "ERP" not in reason


def test_an_unexpected_error_is_named() -> None:
    reason = failure_reason(KeyError("pigeon"), [])
    assert reason == "tournée impossible pour ce dossier : erreur inattendue (KeyError : 'pigeon')"
