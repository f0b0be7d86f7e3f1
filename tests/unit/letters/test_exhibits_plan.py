"""The numbered exhibits: calls as dated notes among the reminders, a document sent twice
with the same content produced once, the formal notice after them."""

from __future__ import annotations

from datetime import date

from recouvre.domain.parties import Creditor, Debtor, DebtorKind
from recouvre.letters.judicial.exhibits import (
    CallNote,
    ExhibitKind,
    JournalLine,
    SentDocument,
    plan_exhibits,
)

CREDITOR = Creditor(1, "Menuiserie Durand", "732829320")
DEBTOR = Debtor(1, DebtorKind.COMPANY, "Boulangerie Schmitt", siren="542065479")


def _plan(sent: list[SentDocument], calls: list[CallNote]) -> list[tuple[int, str, str]]:
    exhibits = plan_exhibits(
        reference="D-1",
        creditor=CREDITOR,
        debtor=DEBTOR,
        invoices=[],
        sent=sent,
        attachments=[],
        journal=[JournalLine(1, "action_sent", date(2026, 3, 2), "t", "a" * 64, "0" * 64, None)],
        calls=calls,
    )
    return [(e.number, e.kind.value, e.title) for e in exhibits]


def test_calls_sit_among_the_reminders_by_date_and_a_retry_is_produced_once() -> None:
    reminder = SentDocument(ExhibitKind.REMINDER, date(2026, 3, 2), "Relance (courriel)", "1" * 64)
    again = SentDocument(ExhibitKind.REMINDER, date(2026, 3, 3), "Relance (courriel)", "1" * 64)
    notice = SentDocument(
        ExhibitKind.FORMAL_NOTICE, date(2026, 3, 20), "Mise en demeure", "2" * 64, copy_pdf=b"%PDF"
    )
    call = CallNote(date(2026, 3, 9), "promesse de paiement", "500,00 € au 20/03/2026", "cli:ana")
    planned = _plan([notice, reminder, again], [call])
    assert [(n, k) for n, k, _ in planned] == [
        (1, "reminder"),
        (2, "call_note"),
        (3, "formal_notice"),
        (4, "journal_extract"),
    ]
    assert planned[1][2] == "Note d'appel du 09/03/2026 (promesse de paiement)"


def test_the_call_note_and_the_french_journal_read_as_words() -> None:
    call = CallNote(date(2026, 3, 9), "débiteur joint", "", "cli:ana")
    exhibits = plan_exhibits(
        reference="D-1",
        creditor=CREDITOR,
        debtor=DEBTOR,
        invoices=[],
        sent=[],
        attachments=[],
        journal=[JournalLine(1, "contact_deferred", date(2026, 3, 2), "t", "a" * 64, "", None)],
        calls=[call],
    )
    note, journal = exhibits
    assert note.enclosed == () and not note.is_attachment
    text = repr(note.blocks)
    assert "Note d'appel du 09/03/2026" in text and "cli:ana" in text
    assert "Contact différé par le garde-fou" in repr(journal.blocks)
    assert "contact_deferred" not in repr(journal.blocks)
