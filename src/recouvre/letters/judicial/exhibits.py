"""The exhibits (pièces) produced with a judicial paper, and their numbered bordereau.

Why: CPC 1407 asks the requête for « le bordereau des documents justificatifs produits à
l'appui de la requête » and that it be « accompagnée de ces documents »; CPC 1411 has them
served with the order. Each exhibit is numbered once (1, 2, 3...) in a fixed order: the
invoices, the contract documents (signed order, accepted quote, delivery note, terms), the
reminders and the formal notice with their proof of receipt, the attachments given by the
user, and last the extract of the evidence journal whose digests let anyone check that the
documents produced are the ones sent (docs/architecture.md, « The evidence journal »).

An exhibit that recouvre renders itself carries its content as blocks; an attachment (a
scanned signed order, the terms) is a file the renderer stamps as it is. A document sent by
the outbox is produced as it was sent: a sheet with its proof of sending and receipt, then the
copy itself (the letter's pages, the email with its headers), checked against the digest the
journal holds. A call is produced as a dated call note. No document is produced twice.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import assert_never

from recouvre.domain.claims import Invoice
from recouvre.domain.events.labels import journal_label
from recouvre.domain.parties import Creditor, Debtor
from recouvre.letters.document import Block, Heading, Paragraph, Table
from recouvre.letters.formatting import eur, short_date


class ExhibitKind(enum.StrEnum):
    INVOICE = "invoice"
    CONTRACT = "contract"  # signed order, accepted quote, delivery note, terms (attachment)
    REMINDER = "reminder"
    CALL_NOTE = "call_note"
    FORMAL_NOTICE = "formal_notice"
    JOURNAL_EXTRACT = "journal_extract"
    ATTACHMENT = "attachment"

    @property
    def order(self) -> int:
        match self:
            case ExhibitKind.INVOICE:
                return 0
            case ExhibitKind.CONTRACT:
                return 1
            case ExhibitKind.REMINDER | ExhibitKind.CALL_NOTE:
                return 2
            case ExhibitKind.FORMAL_NOTICE:
                return 3
            case ExhibitKind.ATTACHMENT:
                return 4
            case ExhibitKind.JOURNAL_EXTRACT:
                return 5
            case _:
                assert_never(self)


@dataclass(frozen=True, slots=True)
class SentDocument:
    """A reminder or formal notice sent, as the journal recorded it."""

    kind: ExhibitKind  # REMINDER or FORMAL_NOTICE
    sent_on: date
    title: str
    sha256: str | None
    received_on: date | None = None  # first presentation of the registered letter
    tracking: str | None = None  # registered-mail number, Message-ID
    copy_pdf: bytes | None = None  # the letter as sent (its digest is ``sha256``)
    copy_lines: tuple[str, ...] = ()  # the email (headers, then text) or the SMS, as sent
    acknowledgement_pdf: bytes | None = None  # the scan of the signed avis de réception
    acknowledgement_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class CallNote:
    """A call an agent recorded: date, outcome (French), what was promised, who called."""

    on: date
    outcome: str
    detail: str
    agent: str


@dataclass(frozen=True, slots=True)
class JournalLine:
    """One entry of the case's evidence journal, as printed in the extract."""

    seq: int
    kind: str
    on: date
    recorded_at: str
    digest: str
    prev_digest: str
    document_sha256: str | None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the user produces (signed order, terms...): stamped as it is."""

    kind: ExhibitKind
    title: str


@dataclass(frozen=True, slots=True)
class ExhibitContent:
    """One numbered exhibit: its blocks when recouvre renders it, none for an attachment."""

    number: int
    kind: ExhibitKind
    title: str
    blocks: tuple[Block, ...] = ()
    enclosed: tuple[bytes, ...] = ()  # PDFs after the sheet: the letter as sent, its AR

    @property
    def is_attachment(self) -> bool:
        return not self.blocks

    @property
    def stamp(self) -> str:
        return f"Pièce n° {self.number}"


def _invoice_blocks(invoice: Invoice, creditor: Creditor, debtor: Debtor) -> tuple[Block, ...]:
    rows = (
        ("Numéro", invoice.number),
        ("Émetteur", f"{creditor.name} (SIREN {creditor.siren})"),
        ("Client", debtor.name + (f" (SIREN {debtor.siren})" if debtor.siren else "")),
        ("Date de facture", short_date(invoice.issue_date)),
        ("Date d'échéance", short_date(invoice.due_date)),
        ("Montant TTC", eur(invoice.amount)),
        ("Déjà réglé à la remise du dossier", eur(invoice.paid)),
        ("Reste dû", eur(invoice.outstanding)),
    )
    return (
        Heading(f"Facture n° {invoice.number}", 1),
        Paragraph(
            "Relevé de la facture tel qu'enregistré dans le dossier ; l'original est produit "
            "en annexe lorsqu'il est fourni.",
            small=True,
        ),
        Table(("Rubrique", "Valeur"), rows, (False, False)),
    )


def _sent_blocks(document: SentDocument) -> tuple[Block, ...]:
    rows = [("Envoyé le", short_date(document.sent_on))]
    if document.tracking:
        rows.append(("Référence d'envoi", document.tracking))
    rows.append(
        (
            "Preuve de réception",
            short_date(document.received_on)
            if document.received_on
            else (
                "avis de réception signé, joint"
                if document.acknowledgement_pdf is not None
                else "non connue (pas d'avis de réception enregistré)"
            ),
        )
    )
    rows.append(("Empreinte SHA-256 du document", document.sha256 or "non enregistrée"))
    if document.acknowledgement_pdf is not None:
        rows.append(
            (
                "Avis de réception signé",
                f"joint après la copie (SHA-256 {document.acknowledgement_sha256})",
            )
        )
    blocks: list[Block] = [
        Heading(document.title, 1),
        Table(("Rubrique", "Valeur"), tuple(rows), (False, False)),
        Paragraph(
            "L'empreinte permet de vérifier que le document produit est celui qui a été "
            "envoyé : elle figure dans l'extrait du journal de preuve."
            + (" La copie envoyée suit cette page." if document.copy_pdf else ""),
            small=True,
        ),
    ]
    if document.copy_lines:
        blocks.append(Heading("Copie du message tel qu'envoyé", 2))
        blocks.extend(Paragraph(line or " ", small=True) for line in document.copy_lines)
    elif not document.copy_pdf and document.sha256:
        blocks.append(
            Paragraph("Copie non conservée par recouvre : seule l'empreinte fait foi.", small=True)
        )
    return tuple(blocks)


def _call_blocks(note: CallNote) -> tuple[Block, ...]:
    rows = (
        ("Date de l'appel", short_date(note.on)),
        ("Issue", note.outcome),
        ("Détail", note.detail or "—"),
        ("Appel passé par", note.agent),
    )
    return (
        Heading(f"Note d'appel du {short_date(note.on)}", 1),
        Table(("Rubrique", "Valeur"), rows, (False, False)),
        Paragraph(
            "Note établie par l'agent au moment de l'appel et conservée au journal de preuve.",
            small=True,
        ),
    )


def _journal_blocks(lines: Sequence[JournalLine], reference: str) -> tuple[Block, ...]:
    rows: list[tuple[str, ...]] = []
    for line in lines:
        rows.append(
            (
                f"{journal_label(line.kind)} (enregistré {line.recorded_at})",
                str(line.seq),
                short_date(line.on),
                line.digest,
            )
        )
        if line.document_sha256:
            rows.append(("  document produit", "", "", line.document_sha256))
    return (
        Heading(f"Extrait du journal de preuve — dossier {reference}", 1),
        Paragraph(
            "Chaque entrée est chaînée à la précédente : son empreinte (SHA-256) couvre "
            "son contenu et l'empreinte de l'entrée précédente ; toute modification "
            "ultérieure romprait la chaîne. La ligne « document produit » donne l'empreinte "
            "du document envoyé ou produit.",
            small=True,
        ),
        Table(
            ("Fait", "N°", "Date", "Empreinte SHA-256"),
            tuple(rows),
            (False, True, False, False),
        ),
    )


def plan_exhibits(
    *,
    reference: str,
    creditor: Creditor,
    debtor: Debtor,
    invoices: Sequence[Invoice],
    sent: Sequence[SentDocument],
    attachments: Sequence[Attachment],
    journal: Sequence[JournalLine],
    calls: Sequence[CallNote] = (),
) -> tuple[ExhibitContent, ...]:
    """Number the exhibits in the fixed order (module docstring); a document sent twice
    with the same content (a retry) is produced once."""
    planned: list[tuple[int, str, ExhibitKind, tuple[Block, ...], tuple[bytes, ...]]] = []
    for invoice in sorted(invoices, key=lambda i: (i.issue_date, i.number)):
        planned.append(
            (
                ExhibitKind.INVOICE.order,
                f"Facture n° {invoice.number} du {short_date(invoice.issue_date)} "
                f"({eur(invoice.amount)})",
                ExhibitKind.INVOICE,
                _invoice_blocks(invoice, creditor, debtor),
                (),
            )
        )
    for attachment in attachments:
        kind = attachment.kind
        planned.append((kind.order, attachment.title, kind, (), ()))
    dated: list[tuple[date, int, str, ExhibitKind, tuple[Block, ...], tuple[bytes, ...]]] = []
    seen: set[str] = set()
    for document in sorted(sent, key=lambda d: d.sent_on):
        if document.sha256 is not None:
            if document.sha256 in seen:
                continue
            seen.add(document.sha256)
        proof = f", reçue le {short_date(document.received_on)}" if document.received_on else ""
        title = f"{document.title} du {short_date(document.sent_on)}{proof}"
        blocks = _sent_blocks(document)
        enclosed = tuple(x for x in (document.copy_pdf, document.acknowledgement_pdf) if x)
        dated.append((document.sent_on, 0, title, document.kind, blocks, enclosed))
    for note in calls:
        title = f"Note d'appel du {short_date(note.on)} ({note.outcome})"
        dated.append((note.on, 1, title, ExhibitKind.CALL_NOTE, _call_blocks(note), ()))
    dated.sort(key=lambda d: (d[0], d[1]))
    for _, _, title, kind, blocks, copy in dated:
        planned.append((kind.order, title, kind, blocks, copy))
    if journal:
        planned.append(
            (
                ExhibitKind.JOURNAL_EXTRACT.order,
                "Extrait du journal de preuve avec ses empreintes",
                ExhibitKind.JOURNAL_EXTRACT,
                _journal_blocks(journal, reference),
                (),
            )
        )
    planned.sort(key=lambda p: p[0])  # stable: order of insertion within a kind
    return tuple(
        ExhibitContent(number, kind, title, blocks, copy)
        for number, (_, title, kind, blocks, copy) in enumerate(planned, start=1)
    )


def bordereau(exhibits: Sequence[ExhibitContent]) -> Table:
    """The numbered list of the exhibits produced (bordereau de pièces, CPC 1407)."""
    return Table(
        header=("Pièce", "Désignation"),
        rows=tuple((f"n° {e.number}", e.title) for e in exhibits),
        numeric=(False, False),
        caption="Bordereau des pièces produites",
    )
