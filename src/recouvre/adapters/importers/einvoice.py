"""E-invoices (EN 16931): a Factur-X / ZUGFeRD 2 PDF, a CII or a UBL 2.1 XML file, read into one
``EInvoice`` with the factur-x library (Akretion), or refused whole with its errors in French.

Safety first: every XML is screened with defusedxml (``xml_screen``: no DTD, no entity, no
external reference) BEFORE anything parses it, the XML embedded in a PDF included. For that
reason the PDF's attachments are listed here with pypdf (what ``facturx.get_xml_from_pdf`` does
inside, but that function parses each attachment with lxml's default parser before any
screening); the screened tree then goes to ``facturx.get_flavor``, ``get_level`` and
``parse_ubl_cii_xml``, always with ``check_xsd=False`` (a real invoice slightly off the schema is
still read for what it says) and ``check_schematron=False`` (the schematron check needs a Saxon
server and would otherwise be skipped silently).

ZUGFeRD 1.0 (``urn:ferd:CrossIndustryDocument:invoice:1p0``) is refused with a message: the
library does not read it, and its successor, ZUGFeRD 2 / Factur-X, is what French invoices use.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from recouvre.adapters.importers.limits import mib
from recouvre.adapters.importers.xml_screen import XmlRefused, screened_tree
from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import validate_siren
from recouvre.services.imports.einvoice_documents import (
    CREDIT_NOTE_TYPES,
    TERM_LABELS,
    DocumentKind,
    EInvoice,
    EInvoiceFile,
    Term,
    Where,
    term_column,
)
from recouvre.services.imports.rows import ImportIssue

MAX_EINVOICE_BYTES = 64 << 20
# Names of the embedded invoice, in the order they are looked for (Factur-X, ZUGFeRD 2.x,
# XRechnung), then any other XML attachment.
EMBEDDED_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml")
READ_FLAVORS = frozenset({"factur-x", "ubl-2.1-invoice", "ubl-2.1-creditnote"})

# Where each term sits, per syntax: a path of local element names from the root ("//": at
# any depth). Only used to give the line of an element in an error message.
_CII_PATHS: Mapping[Term, str] = {
    Term.NUMBER: "ExchangedDocument/ID",
    Term.ISSUE_DATE: "ExchangedDocument/IssueDateTime",
    Term.TYPE: "ExchangedDocument/TypeCode",
    Term.CURRENCY: "//ApplicableHeaderTradeSettlement/InvoiceCurrencyCode",
    Term.DUE_DATE: "//SpecifiedTradePaymentTerms/DueDateDateTime",
    Term.PRECEDING_INVOICE: "//InvoiceReferencedDocument/IssuerAssignedID",
    Term.BUYER: "//ApplicableHeaderTradeAgreement/BuyerTradeParty",
    Term.SELLER: "//ApplicableHeaderTradeAgreement/SellerTradeParty",
    Term.PAYMENT_REFERENCE: "//ApplicableHeaderTradeSettlement/PaymentReference",
    Term.GRAND_TOTAL: "//SpecifiedTradeSettlementHeaderMonetarySummation/GrandTotalAmount",
    Term.PREPAID: "//SpecifiedTradeSettlementHeaderMonetarySummation/TotalPrepaidAmount",
    Term.DUE_PAYABLE: "//SpecifiedTradeSettlementHeaderMonetarySummation/DuePayableAmount",
}
_UBL_PATHS: Mapping[Term, str] = {
    Term.NUMBER: "ID",
    Term.ISSUE_DATE: "IssueDate",
    Term.TYPE: "InvoiceTypeCode|CreditNoteTypeCode",
    Term.CURRENCY: "DocumentCurrencyCode",
    Term.DUE_DATE: "DueDate|PaymentMeans/PaymentDueDate",
    Term.PRECEDING_INVOICE: "BillingReference/InvoiceDocumentReference/ID",
    Term.BUYER: "AccountingCustomerParty",
    Term.SELLER: "AccountingSupplierParty",
    Term.PAYMENT_REFERENCE: "PaymentMeans/PaymentID",
    Term.GRAND_TOTAL: "LegalMonetaryTotal/TaxInclusiveAmount",
    Term.PREPAID: "LegalMonetaryTotal/PrepaidAmount",
    Term.DUE_PAYABLE: "LegalMonetaryTotal/PayableAmount",
}
_ZERO = Decimal(0)
_NOT_AN_INVOICE = (
    "ce document XML n'est pas une facture CII (Factur-X, ZUGFeRD 2, XRechnung) ni UBL"
)
_ZUGFERD_1 = (
    "facture ZUGFeRD 1.0 non lue (format remplacé par ZUGFeRD 2 / Factur-X) : demandez au "
    "fournisseur la même facture en Factur-X ou importez-la en CSV"
)
_TIMESTAMP = re.compile(r"\d{4}-?\d{2}-?\d{2}([ T]\d{2}:?\d{2}(:?\d{2})?)?")


class _Refused(Exception):
    """Internal: the file is refused with these issues."""

    def __init__(self, *issues: ImportIssue) -> None:
        super().__init__(issues)
        self.issues = issues


def open_einvoice(path: Path, name: str | None = None) -> EInvoiceFile:
    """Read the file at ``path`` (a PDF or an XML file, told apart by its first bytes)."""
    shown = name or path.name
    size = path.stat().st_size
    if size > MAX_EINVOICE_BYTES:
        issue = ImportIssue(
            None, None, f"fichier trop gros ({mib(size)}, {mib(MAX_EINVOICE_BYTES)} au plus)"
        )
        return EInvoiceFile(shown, "", None, (issue,))
    return read_einvoice(path.read_bytes(), shown)


def read_einvoice(data: bytes, name: str) -> EInvoiceFile:
    """The e-invoice in ``data``, or the errors that refuse the file."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        root = screened_tree(_embedded_xml(data) if data.lstrip()[:5] == b"%PDF-" else data)
        document = _document(root)
    except XmlRefused as error:
        return EInvoiceFile(name, sha256, None, (ImportIssue(None, None, str(error)),))
    except _Refused as refused:
        return EInvoiceFile(name, sha256, None, refused.issues)
    return EInvoiceFile(name, sha256, document)


def _embedded_xml(data: bytes) -> bytes:
    """The invoice XML attached to a Factur-X PDF (PDF/A-3, AFRelationship Data or Source)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        attachments = {a.name: a.content for a in PdfReader(io.BytesIO(data)).attachment_list}
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise _Refused(ImportIssue(None, None, f"PDF illisible : {error}")) from None
    by_name = {n.lower(): n for n in attachments}
    wanted = [by_name[n] for n in EMBEDDED_NAMES if n in by_name]
    wanted += [n for n in attachments if n.lower().endswith(".xml") and n not in wanted]
    for attachment in wanted:
        content = attachments[attachment]
        if content:
            return bytes(content)
    raise _Refused(
        ImportIssue(
            None,
            None,
            "PDF sans facture électronique : aucun fichier XML joint (factur-x.xml attendu "
            "dans un PDF Factur-X) ; un PDF simple ne se lit pas, importez la facture en CSV",
        )
    )


def _document(root: etree._Element) -> EInvoice:
    """The business terms of a screened CII or UBL tree."""
    import facturx

    try:
        flavor = facturx.get_flavor(root)
    except Exception:  # the library raises a bare Exception for an unknown root
        raise _Refused(_root_issue(root, _NOT_AN_INVOICE)) from None
    if flavor == "zugferd":
        raise _Refused(_root_issue(root, _ZUGFERD_1))
    if flavor not in READ_FLAVORS:
        raise _Refused(_root_issue(root, f"document « {flavor} » : ce n'est pas une facture"))
    try:
        level = facturx.get_level(root, flavor)
        terms = facturx.parse_ubl_cii_xml(
            root, flavor=flavor, level=level, check_xsd=False, check_schematron=False
        )
    except Exception as error:  # the library raises bare Exceptions (bad date, unknown level)
        raise _Refused(_root_issue(root, f"facture illisible par factur-x : {error}")) from None
    paths = _CII_PATHS if flavor == "factur-x" else _UBL_PATHS
    places = {term: _where(root, term, path) for term, path in paths.items()}
    return _EInvoiceBuilder(terms, flavor, places).build()


def _root_issue(root: etree._Element, message: str) -> ImportIssue:
    return ImportIssue(root.sourceline, etree.QName(root).localname, message)


def _where(root: etree._Element, term: Term, path: str) -> Where:
    """The element of ``term`` (its first occurrence) and its line; the name alone if absent."""
    for alternative in path.split("|"):
        steps = "/".join(f"*[local-name()='{s}']" for s in alternative.lstrip("/").split("/"))
        found = root.xpath(("/*//" if alternative.startswith("//") else "/*/") + steps)
        if isinstance(found, list) and found and isinstance(found[0], etree._Element):
            return Where(etree.QName(found[0]).localname, found[0].sourceline)
    return Where(path.split("|")[0].rpartition("/")[2], None)


class _EInvoiceBuilder:
    """Turns factur-x's dictionary of business terms into an ``EInvoice``, listing every
    missing or wrong term with its element's line."""

    def __init__(self, terms: dict[str, Any], flavor: str, places: dict[Term, Where]) -> None:
        self.terms = terms
        self.flavor = flavor
        self.places = places
        self.issues: list[ImportIssue] = []
        self.notices: list[str] = []

    def _err(self, term: Term, message: str) -> None:
        where = self.places.get(term, Where(term.value, None))
        self.issues.append(ImportIssue(where.line, term_column(term, where), message))

    def _text(self, term: Term) -> str | None:
        value = self.terms.get(term.value)
        return value.strip() or None if isinstance(value, str) else None

    def _date(self, term: Term) -> date | None:
        value = self.terms.get(term.value)
        return value if isinstance(value, date) else None

    def _amount(self, term: Term) -> Decimal | None:
        value = self.terms.get(term.value)
        if value is None or value == "":
            return None
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            self._err(term, f"montant illisible : « {value} »")
            return None

    def build(self) -> EInvoice:
        number = self._text(Term.NUMBER)
        issued = self._date(Term.ISSUE_DATE)
        type_code = self._text(Term.TYPE) or "380"
        for term, value in ((Term.NUMBER, number), (Term.ISSUE_DATE, issued)):
            if value is None:
                self._err(term, "valeur obligatoire manquante")
        total = self._amount(Term.GRAND_TOTAL)
        prepaid = self._amount(Term.PREPAID) or _ZERO
        payable = self._amount(Term.DUE_PAYABLE)
        if payable is None:
            payable = None if total is None else total - prepaid
        if payable is None:
            self._err(Term.DUE_PAYABLE, "montant à payer absent (ni BT-115 ni BT-112)")
        credit = type_code in CREDIT_NOTE_TYPES or self.flavor == "ubl-2.1-creditnote"
        if payable is not None and payable < 0 and not credit:
            credit = True  # a negative amount to pay: the seller owes; it credits the buyer
            payable, prepaid = -payable, _ZERO
            total = None if total is None else abs(total)
        buyer = self.terms.get(Term.BUYER.value) or {}
        seller = self.terms.get(Term.SELLER.value) or {}
        buyer_name = str(buyer.get("name") or "").strip()
        if not buyer_name and not credit:
            self._err(Term.BUYER, "nom de l'acheteur (BT-44) absent")
        if self.issues:
            raise _Refused(*self.issues)
        assert number is not None and issued is not None and payable is not None
        return EInvoice(
            kind=DocumentKind.CREDIT_NOTE if credit else DocumentKind.INVOICE,
            flavor=self.flavor,
            number=number,
            type_code=type_code,
            issue_date=issued,
            due_date=self._date(Term.DUE_DATE),
            delivery_date=self._date(Term.DELIVERY_DATE),
            currency=(self._text(Term.CURRENCY) or "EUR").upper(),
            grand_total=payable + prepaid if total is None else total,
            prepaid=prepaid,
            due_payable=payable,
            seller_siren=self._siren(seller, Term.SELLER),
            buyer_name=buyer_name,
            buyer_siren=self._siren(buyer, Term.BUYER),
            buyer_address="\n".join(
                str(buyer[k]).strip() for k in ("addr_l1", "addr_l2", "addr_l3") if buyer.get(k)
            ),
            buyer_postal_code=str(buyer.get("postcode") or "").strip(),
            buyer_city=str(buyer.get("city") or "").strip(),
            buyer_country=str(buyer.get("country_code") or "FR").strip().upper(),
            payment_reference=self._payment_reference(),
            preceding_invoice=self._preceding(),
            places=self.places,
            notices=tuple(self.notices),
        )

    def _preceding(self) -> str | None:
        """BT-25: the invoice a credit note corrects (the first one named)."""
        for reference in self.terms.get("BG-3") or ():
            number = str(reference.get(Term.PRECEDING_INVOICE.value) or "").strip()
            if number:
                return number
        return None

    def _siren(self, party: dict[str, Any], term: Term) -> str | None:
        """The party's SIREN: its legal registration (BT-30/BT-47, scheme 0002 SIREN or 0009
        SIRET), an identifier of those schemes (BT-29/BT-46), else its French VAT number
        (FR + 2-character key + SIREN). A number with a wrong key is left out, and said."""
        candidates: list[str] = []
        legal = str(party.get("legal_identifier") or "").replace(" ", "")
        if legal and party.get("legal_identifier_schemeid") in ("0002", "0009", None):
            candidates.append(legal)
        identifiers = party.get("identifiers") or {}
        candidates += [str(identifiers[s]).replace(" ", "") for s in ("0002", "0009")
                       if identifiers.get(s)]  # fmt: skip
        vat = str(party.get("vat_identifier") or "").replace(" ", "").upper()
        if vat.startswith("FR") and len(vat) == 13:
            candidates.append(vat[4:])
        for candidate in dict.fromkeys(c[:9] if len(c) == 14 else c for c in candidates):
            if candidate.isdigit() and len(candidate) in (9, 14):
                try:
                    return validate_siren(candidate[:9])
                except InvalidIdentifier as error:
                    where = self.places.get(term, Where(term.value, None))
                    line = f"ligne {where.line}, " if where.line is not None else ""
                    self.notices.append(f"{line}{TERM_LABELS[term]} : {error}, ignoré")
        return None

    def _payment_reference(self) -> str | None:
        """BT-83, unless it is a date or a timestamp (some UBL exports put the issue date
        there): such a text names no payment and would match any transfer of that day."""
        reference = self._text(Term.PAYMENT_REFERENCE)
        if reference is not None and _TIMESTAMP.fullmatch(reference):
            self.notices.append(
                f"référence de paiement (BT-83) « {reference} » ignorée : c'est une date"
            )
            return None
        return reference
