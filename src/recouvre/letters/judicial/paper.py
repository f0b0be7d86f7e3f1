"""A judicial paper as structured blocks, and the facts every paper is written from.

Why: a paper filed with a court or sent to an officer must carry the identities of the
parties (CPC 57, 1407: for a legal person its form, name, registered office and the body that
represents it), the precise amount with the statement of its elements (CPC 1407), the basis of
the claim and the list of the documents produced. ``PaperFacts`` holds what the services
established (statement, parties, court); each builder in ``requests`` returns a ``Paper``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recouvre.domain.claims import Invoice
from recouvre.domain.legal_identity import LegalIdentity
from recouvre.domain.parties import Creditor, Debtor, DebtorKind
from recouvre.law.statement.computation import Statement
from recouvre.letters.document import Block, Heading, Paragraph, Table
from recouvre.letters.formatting import eur, rate, short_date


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper to file: its title, the court or officer addressed, its blocks."""

    kind: str  # payment_order_request | small_claims_request | lawyer_file | ...
    title: str
    addressee: str
    issued_on: date
    reference: str
    blocks: tuple[Block, ...]

    def text(self) -> str:
        """Every word of the paper, for checks and searches."""
        parts = [self.title, self.addressee]
        for block in self.blocks:
            match block:
                case Heading() | Paragraph():
                    parts.append(block.text)
                case Table():
                    parts.extend(block.header)
                    parts.extend(cell for row in block.rows for cell in row)
                    parts.extend(cell for total in block.totals for cell in total)
                case _:
                    pass
        return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class PaperFacts:
    """What a paper is written from (all established by the caller, on ``on``)."""

    on: date
    case_reference: str
    creditor: Creditor
    debtor: Debtor
    invoices: tuple[Invoice, ...]
    statement: Statement
    court: str
    court_place: str
    basis: str  # fondement de la créance, in French
    signatory: str = ""
    creditor_legal: LegalIdentity | None = None  # forme, RCS, capital, représentant

    @property
    def representative(self) -> str:
        legal = self.creditor_legal
        return legal.representative if legal and legal.representative else "son représentant légal"


def address_text(lines: tuple[str, ...], postal_code: str, city: str, country: str) -> str:
    place = " ".join(x for x in (postal_code, city) if x)
    where = [*lines, place] + ([country] if country and country != "FR" else [])
    return ", ".join(x for x in where if x)


def creditor_identity(facts: PaperFacts) -> str:
    c = facts.creditor
    a = c.address
    legal = facts.creditor_legal
    form = legal.legal_form if legal else "société"
    if legal and legal.share_capital is not None:
        form += f" au capital de {eur(legal.share_capital)}"
    registry = (
        f"immatriculée au registre du commerce et des sociétés de {legal.rcs_city} sous le "
        f"SIREN {c.siren}"
        if legal and legal.rcs_city
        else f"immatriculée sous le SIREN {c.siren}"
    )
    parts = [
        f"{c.name}, {form}",
        registry,
        f"dont le siège est {address_text(a.lines, a.postal_code, a.city, a.country)}",
        f"agissant poursuites et diligences de {facts.representative}",
    ]
    return ", ".join(p for p in parts if p)


def debtor_identity(debtor: Debtor) -> str:
    a = debtor.address
    where = address_text(a.lines, a.postal_code, a.city, a.country)
    if debtor.kind is DebtorKind.COMPANY:
        siren = f", SIREN {debtor.siren}" if debtor.siren else ""
        return (
            f"{debtor.name}{siren}, dont le siège est {where}, "
            "prise en la personne de son représentant légal"
        )
    return f"{debtor.name}, demeurant {where}"


def parties_blocks(facts: PaperFacts, creditor_title: str, debtor_title: str) -> list[Block]:
    return [
        Heading(creditor_title, 2),
        Paragraph(creditor_identity(facts)),
        Heading(debtor_title, 2),
        Paragraph(debtor_identity(facts.debtor)),
    ]


def statement_table(statement: Statement, caption: str) -> Table:
    """The décompte: per invoice, principal still due, interest, indemnity, costs, total."""
    rows = []
    for line in statement.invoices:
        rows.append(
            (
                f"Facture {line.number} du {short_date(line.issue_date)}, "
                f"échue le {short_date(line.due_date)}",
                eur(line.principal_outstanding),
                eur(line.interest_outstanding),
                eur(line.indemnity_outstanding),
                eur(line.costs_outstanding),
                eur(line.total_due),
            )
        )
    t = statement.totals
    return Table(
        header=("Élément", "Principal", "Intérêts", "Indemnité", "Frais", "Total"),
        rows=tuple(rows),
        numeric=(False, True, True, True, True, True),
        totals=((f"Total dû au {short_date(statement.on)}", eur(t.total_due)),),
        caption=caption,
    )


def interest_lines(statement: Statement) -> list[str]:
    """One sentence per interest slice: period, days, rate, basis and amount."""
    lines = []
    for line in statement.invoices:
        for s in line.slices:
            lines.append(
                f"Facture {line.number} : du {short_date(s.first)} au {short_date(s.last)}, "
                f"{s.days} jours à {rate(s.rate)} l'an sur {eur(s.basis)} = {eur(s.amount)} "
                f"({s.kind.label_fr})"
            )
    return lines
