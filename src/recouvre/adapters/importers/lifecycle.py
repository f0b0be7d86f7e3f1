"""E-invoicing lifecycle statuses in CDAR messages (UN/CEFACT CrossDomainAcknowledgementAndResponse,
the French reform's « flux 6 », profile ``urn.cpro.gouv.fr:1p0:CDV``).

The file is screened with defusedxml first (``xml_screen``: no DTD, no entity), then read by
element names whatever the namespace version. One status per referenced document
(``AcknowledgementDocument/ReferenceReferencedDocument``, several in a « MULTI » message):

* the invoice number is its ``IssuerAssignedID`` (MDT-87, the invoice's BT-1);
* the status code is ``ProcessConditionCode`` (MDT-105: 200 Déposée ... 213 Rejetée);
* the status date is the status's own ``IssueDateTime`` (MDT-78), else the message's (MDT-8);
  ``DateTimeString`` in format 204 (``AAAAMMJJHHMMSS``), 203 (``AAAAMMJJHHMM``) or 102
  (``AAAAMMJJ``): the platform's local (Paris) time, of which the date is kept;
* the SIREN is the referenced document's issuer (``IssuerTradeParty/GlobalID``, scheme 0002);
* the reason is ``ReasonCode`` / ``Reason`` under the referenced document; the amounts of a 206
  are ``SpecifiedDocumentCharacteristic`` entries whose ``TypeCode`` is ``MAP`` (approved) or
  ``MNA`` (not approved), ``ValueAmount`` the amount (an assumption from public samples: check
  against the specification of your platform, docs/einvoicing.md).

A file is read whole or refused whole: every problem is listed with its element's line
(``StatusFileError``), nothing is applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeAlias

from lxml import etree

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.importers.xml_screen import parse_screened
from recouvre.domain.einvoicing import CODES, LifecycleStatus

ROOT = "CrossDomainAcknowledgementAndResponse"
SIREN_SCHEME = "0002"
APPROVED_TYPES = frozenset({"MAP"})
DISPUTED_TYPES = frozenset({"MNA"})
_DATE_FORMATS = {"102": 8, "203": 12, "204": 14}

Element: TypeAlias = etree._Element


@dataclass(frozen=True, slots=True)
class StatusIssue:
    where: str  # « ligne 12 », « entrée 3 », or empty for the whole file
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where + ', ' if self.where else ''}{self.field} : {self.problem}"


class StatusFileError(AdapterError):
    """A lifecycle status file refused whole, with every problem found."""

    def __init__(self, name: str, issues: list[StatusIssue]) -> None:
        self.name = name
        self.issues = issues
        listed = "\n".join(f"  {issue}" for issue in issues[:50])
        more = f"\n  … et {len(issues) - 50} autres" if len(issues) > 50 else ""
        super().__init__(
            f"fichier de statuts refusé : {len(issues)} erreur(s) dans {name}, "
            f"rien n'a été enregistré.\n{listed}{more}"
        )


def status_code(text: str) -> int | None:
    """A status code (200 to 213) from its digits, possibly followed by its label."""
    digits = text.strip()[:3]
    if len(digits) == 3 and digits.isdigit() and int(digits) in CODES:
        return int(digits)
    return None


def amount_of(text: str) -> Decimal | None:
    """A non-negative amount in euros with at most two decimals (comma or point)."""
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        return None
    return value


def _child(element: Element | None, *path: str) -> Element | None:
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if c.tag == name), None)
    return element


def _text(element: Element | None) -> str:
    return "" if element is None else (element.text or "").strip()


@dataclass(slots=True)
class _Cdar:
    name: str
    issues: list[StatusIssue]

    def problem(self, element: Element | None, field: str, problem: str) -> None:
        where = f"ligne {element.sourceline}" if element is not None else ""
        self.issues.append(StatusIssue(where, field, problem))

    def day(self, holder: Element | None, field: str) -> date | None:
        stamp = _child(holder, "DateTimeString")
        if stamp is None:
            return None
        text, length = _text(stamp), _DATE_FORMATS.get(stamp.get("format", "102"))
        if length is None or len(text) != length or not text.isdigit():
            self.problem(stamp, field, f"date « {text} » illisible (formats 102, 203, 204)")
            return None
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        except ValueError:
            self.problem(stamp, field, f"date « {text} » impossible")
            return None

    def amounts(self, ref: Element) -> tuple[Decimal | None, Decimal | None]:
        approved: Decimal | None = None
        disputed: Decimal | None = None
        for item in ref.iter("SpecifiedDocumentCharacteristic"):
            kind, raw = _text(_child(item, "TypeCode")), _child(item, "ValueAmount")
            if raw is None or kind not in APPROVED_TYPES | DISPUTED_TYPES:
                continue
            value = amount_of(_text(raw))
            if value is None:
                self.problem(raw, "ValueAmount", f"montant « {_text(raw)} » illisible")
            elif kind in APPROVED_TYPES:
                approved = value
            else:
                disputed = value
        return approved, disputed

    def status(
        self, ref: Element, fallback: date | None, message_id: str
    ) -> LifecycleStatus | None:
        number = _text(_child(ref, "IssuerAssignedID"))
        if not number:
            self.problem(ref, "IssuerAssignedID", "numéro de facture absent")
        code_element = _child(ref, "ProcessConditionCode")
        code = status_code(_text(code_element))
        if code is None:
            unknown = f"code de statut « {_text(code_element)} » inconnu (200 à 213)"
            where = code_element if code_element is not None else ref
            self.problem(where, "ProcessConditionCode", unknown)
        own = _child(ref.getparent(), "IssueDateTime")
        on = self.day(own, "IssueDateTime") if own is not None else fallback
        if on is None and own is None:
            self.problem(ref, "IssueDateTime", "date du statut absente")
        party = _child(ref, "IssuerTradeParty", "GlobalID")
        by_siren = party is not None and party.get("schemeID") == SIREN_SCHEME
        siren = _text(party) if by_siren else None
        codes = [_text(e) for e in ref.iter("ReasonCode")]
        texts = [_text(e) for e in ref.iter("Reason")]
        reason = " ; ".join(x for x in (*codes, *texts) if x)
        approved, disputed = self.amounts(ref)
        if not number or code is None or on is None:
            return None
        return LifecycleStatus(number, siren or None, code, on, self.name, ref.sourceline or 0,
                               approved, disputed, reason, message_id,
                               f"ligne {ref.sourceline}")  # fmt: skip


def read_cdar(data: bytes, name: str) -> list[LifecycleStatus]:
    """Every status of a CDAR message, or ``StatusFileError`` naming each problem."""
    root, _ = parse_screened(data)
    reader = _Cdar(name, [])
    if root.tag != ROOT:
        raise StatusFileError(name, [StatusIssue(
            f"ligne {root.sourceline}", root.tag, f"message CDAR attendu (élément {ROOT})"
        )])  # fmt: skip
    document = _child(root, "ExchangedDocument")
    message_id = _text(_child(document, "ID"))
    fallback = reader.day(_child(document, "IssueDateTime"), "IssueDateTime")
    statuses: list[LifecycleStatus] = []
    for acknowledgement in root.iter("AcknowledgementDocument"):
        for ref in acknowledgement:
            if ref.tag == "ReferenceReferencedDocument":
                found = reader.status(ref, fallback, message_id)
                if found is not None:
                    statuses.append(found)
    if not statuses and not reader.issues:
        reader.problem(root, ROOT, "aucun statut de facture (ReferenceReferencedDocument)")
    if reader.issues:
        raise StatusFileError(name, reader.issues)
    return statuses
