"""Read the input file of ``recouvre statement FILE`` (YAML or JSON) into law inputs.

The format is documented with examples in docs/statement-format.md (field names in French,
like the other input files)::

    creancier: {type: entreprise, nom: "Atelier Durand SARL"}   # entreprise | particulier
    debiteur: {type: entreprise, nom: "Bâtiment Martin SAS"}    # entreprise | consommateur
    options: {base: act/365, taux: semestriel, point_de_depart_interets: reception,
              ordre_imputation: [accessoires, interets, principal], clause_inferieure: plancher}
    factures:
      - {numero: F-2024-031, date: 2024-02-15, echeance: 2024-03-15, montant: "12345.67",
         taux_contractuel: "12.00", taux: fixe, deja_paye: "0.00"}
    paiements:
      - {date: 2025-02-10, montant: "12345.67", facture: F-2024-031, reference: VIR-123}
    evenements:
      - {type: mise-en-demeure, envoi: 2025-05-16, reception: 2025-05-20}
      - {type: jugement, date: 2025-09-01, montant: "2480.00", signification: 2025-09-15,
         capitalisation: false}
      - {type: procedure-collective, date: 2025-10-01}
      - {type: reconnaissance, date: 2025-06-01}
      - {type: clause-capitalisation, date: 2025-01-01}
    frais:
      - {date: 2025-04-01, montant: "150.00", facture: F-2024-031, libelle: "agence",
         execution: false}

Every problem is reported at once, in French, with the file, the line (YAML) and the field
path (``factures[2].echeance``). Amounts are strings or integers (a YAML float such as
``12.3`` is accepted through its decimal text, never as a binary float). The file is held to
the limits of ``recouvre.input_limits`` (UTF-8, no aliases, no duplicate keys, dates from 1900
to 2199, amounts up to the storage ceiling).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any, TypeVar

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.files.located import (
    FieldPath,
    LocatedReader,
    choice,
    flag,
    line_map,
    load_document,
    parse_date,
    read_text,
)
from recouvre.domain.claims import Invoice
from recouvre.domain.errors import InvariantViolation
from recouvre.domain.money import parse_amount
from recouvre.domain.parties import DebtorKind
from recouvre.domain.payments import Payment
from recouvre.input_limits import MAX_INTEGER_DIGITS, check_amount
from recouvre.law.imputation import Component
from recouvre.law.interest import BelowFloorPolicy, RateAnchor
from recouvre.law.periods import DayCount
from recouvre.law.statement.computation import (
    ClaimFacts,
    ClaimInvoice,
    Cost,
    CreditorKind,
    FormalNotice,
    InterestStart,
    Judgment,
    StatementOptions,
)

T = TypeVar("T")

CREDITOR_KINDS = {"entreprise": CreditorKind.COMPANY, "particulier": CreditorKind.INDIVIDUAL}
DEBTOR_KINDS = {"entreprise": DebtorKind.COMPANY, "consommateur": DebtorKind.CONSUMER}
ANCHORS = {"semestriel": RateAnchor.PER_HALF_YEAR, "fixe": RateAnchor.FIXED_AT_DUE_DATE}
DAY_COUNTS = {"act/365": DayCount.ACT_365, "act/act": DayCount.ACT_ACT}
STARTS = {"reception": InterestStart.RECEIPT, "envoi": InterestStart.SENDING}
FLOOR_POLICIES = {"plancher": BelowFloorPolicy.FLOOR, "contrat": BelowFloorPolicy.CONTRACT}
COMPONENTS = {
    "accessoires": Component.ACCESSORIES,
    "interets": Component.INTEREST,
    "principal": Component.PRINCIPAL,
}
EVENT_FIELDS: dict[str, set[str]] = {
    "mise-en-demeure": {"type", "envoi", "reception"},
    "jugement": {"type", "date", "montant", "signification", "capitalisation"},
    "procedure-collective": {"type", "date"},
    "reconnaissance": {"type", "date", "note"},
    "clause-capitalisation": {"type", "date"},
}
TOP_FIELDS = {"creancier", "debiteur", "options", "factures", "paiements", "evenements", "frais"}
INVOICE_FIELDS = {"numero", "date", "echeance", "montant", "deja_paye", "taux_contractuel", "taux"}
OPTION_FIELDS = {
    "base",
    "taux",
    "point_de_depart_interets",
    "ordre_imputation",
    "clause_inferieure",
}


class StatementFileError(AdapterError):
    """The file could not be read; ``errors`` lists every problem (file, line, field)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(errors))


@dataclass(frozen=True, slots=True)
class StatementRequest:
    """What the file describes, ready for ``recouvre.law.statement.computation.statement``."""

    creditor_name: str
    debtor_name: str
    facts: ClaimFacts
    invoices: tuple[ClaimInvoice, ...]
    payments: tuple[Payment, ...]
    costs: tuple[Cost, ...]
    options: StatementOptions


def parse_money(value: Any) -> Decimal:
    """An amount up to the storage ceiling (``MAX_AMOUNT``); ``ValueError`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise ValueError(f"montant illisible « {value} »")
    with localcontext(prec=MAX_INTEGER_DIGITS + 4):  # 10^26,00 still parses, then is refused
        amount = parse_amount(str(value))
    return check_amount(amount)


def parse_rate(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise ValueError(f"taux illisible « {value} »")
    text = str(value).replace(",", ".").replace("%", "").strip()
    try:
        rate = Decimal(text)
    except ArithmeticError:
        raise ValueError(f"taux illisible « {value} »") from None
    if not rate.is_finite() or rate < 0 or rate >= 100:
        raise ValueError(f"taux hors bornes « {value} » : pourcentage entre 0 et 100 attendu")
    return rate


def _text(value: Any) -> str:
    return str(value).strip()


def _number(value: Any) -> str:
    number = str(value).strip()
    if not number:
        raise ValueError("numéro vide")
    return number


def _order(r: LocatedReader, table: dict[str, Any], path: FieldPath) -> tuple[Component, ...]:
    default = StatementOptions().order
    raw = table.get("ordre_imputation")
    if raw is None:
        return default
    parse = choice(COMPONENTS)
    try:
        if not isinstance(raw, list):
            raise ValueError("liste attendue")
        order = tuple(parse(x) for x in raw)
        if sorted(order) != sorted(Component):
            raise ValueError("chaque composante (accessoires, interets, principal) une fois")
    except ValueError as exc:
        r.error((*path, "ordre_imputation"), str(exc))
        return default
    return order


def _options(r: LocatedReader, data: dict[str, Any]) -> StatementOptions:
    raw = data.get("options")
    if raw is None:
        return StatementOptions()
    path: FieldPath = ("options",)
    table = r.table(raw, path)
    if table is None:
        return StatementOptions()
    r.check_fields(table, path, OPTION_FIELDS)
    default = StatementOptions()
    return StatementOptions(
        day_count=r.get(table, path, "base", choice(DAY_COUNTS), False) or default.day_count,
        anchor=r.get(table, path, "taux", choice(ANCHORS), False) or default.anchor,
        below_floor=r.get(table, path, "clause_inferieure", choice(FLOOR_POLICIES), False)
        or default.below_floor,
        interest_start=r.get(table, path, "point_de_depart_interets", choice(STARTS), False)
        or default.interest_start,
        order=_order(r, table, path),
    )


def _party(
    r: LocatedReader, data: dict[str, Any], key: str, kinds: dict[str, T], names: dict[str, str]
) -> T | None:
    if key not in data:
        r.error((key,), "champ obligatoire absent")
        return None
    table = r.table(data[key], (key,))
    if table is None:
        return None
    r.check_fields(table, (key,), {"type", "nom", "siren"})
    names[key] = str(table.get("nom") or "")
    return r.get(table, (key,), "type", choice(kinds))


def _invoice(
    r: LocatedReader, path: FieldPath, item: dict[str, Any], numbers: set[str]
) -> ClaimInvoice | None:
    r.check_fields(item, path, INVOICE_FIELDS)
    number = r.get(item, path, "numero", _number)
    issued = r.get(item, path, "date", parse_date)
    due = r.get(item, path, "echeance", parse_date)
    amount = r.get(item, path, "montant", parse_money)
    paid = r.get(item, path, "deja_paye", parse_money, False)
    rate = r.get(item, path, "taux_contractuel", parse_rate, False)
    anchor = r.get(item, path, "taux", choice(ANCHORS), False)
    if number is not None and number in numbers:
        r.error((*path, "numero"), f"numéro de facture en double « {number} »")
    if number is None or issued is None or due is None or amount is None:
        return None
    numbers.add(number)
    principal_paid = paid if paid is not None else Decimal("0.00")
    try:
        invoice = Invoice(
            None, None, None, number, issued, due, amount, principal_paid, contractual_rate=rate
        )
    except InvariantViolation as exc:
        r.error(path, str(exc))
        return None
    return ClaimInvoice(invoice, anchor)


def _invoices(
    r: LocatedReader, data: dict[str, Any], numbers: set[str]
) -> tuple[ClaimInvoice, ...]:
    if "factures" not in data:
        r.error(("factures",), "champ obligatoire absent")
    read = (_invoice(r, path, item, numbers) for path, item in r.items(data, "factures"))
    return tuple(invoice for invoice in read if invoice is not None)


def _payments(r: LocatedReader, data: dict[str, Any], numbers: set[str]) -> tuple[Payment, ...]:
    payments: list[Payment] = []
    for path, item in r.items(data, "paiements"):
        r.check_fields(item, path, {"date", "montant", "facture", "reference"})
        day = r.get(item, path, "date", parse_date)
        amount = r.get(item, path, "montant", parse_money)
        designated = r.get(item, path, "facture", _text, False)
        if designated is not None and numbers and designated not in numbers:
            r.error((*path, "facture"), f"facture inconnue « {designated} »")
        if day is None or amount is None:
            continue
        if amount <= 0:
            r.error((*path, "montant"), "paiement nul ou négatif")
            continue
        reference = item.get("reference")
        text = str(reference) if reference is not None else None
        payments.append(Payment(None, None, day, amount, designated, text))
    return tuple(payments)


def _facts(
    r: LocatedReader, data: dict[str, Any], creditor: CreditorKind, debtor: DebtorKind
) -> ClaimFacts:
    notice: FormalNotice | None = None
    judgment: Judgment | None = None
    collective: date | None = None
    clause_from: date | None = None
    for path, item in r.items(data, "evenements"):
        kind = r.get(item, path, "type", choice({k: k for k in EVENT_FIELDS}))
        if kind is None:
            continue
        r.check_fields(item, path, EVENT_FIELDS[kind])
        if kind == "mise-en-demeure":
            sent = r.get(item, path, "envoi", parse_date, False)
            received = r.get(item, path, "reception", parse_date, False)
            if sent is None and received is None:
                r.error(path, "indiquez la date d'envoi et/ou de réception")
            notice = FormalNotice(sent, received)
        elif kind == "jugement":
            pronounced = r.get(item, path, "date", parse_date)
            amount = r.get(item, path, "montant", parse_money, False)
            served = r.get(item, path, "signification", parse_date, False)
            capitalise = r.get(item, path, "capitalisation", flag, False) or False
            if pronounced is not None:
                judgment = Judgment(pronounced, amount, served, capitalise)
        elif kind == "procedure-collective":
            collective = r.get(item, path, "date", parse_date)
        elif kind == "clause-capitalisation":
            clause_from = r.get(item, path, "date", parse_date)
        else:  # reconnaissance: no effect on the amounts (prescription only)
            r.get(item, path, "date", parse_date)
    return ClaimFacts(creditor, debtor, notice, judgment, collective, clause_from)


def _costs(r: LocatedReader, data: dict[str, Any], numbers: set[str]) -> tuple[Cost, ...]:
    costs: list[Cost] = []
    for path, item in r.items(data, "frais"):
        r.check_fields(item, path, {"date", "montant", "facture", "libelle", "execution"})
        day = r.get(item, path, "date", parse_date)
        amount = r.get(item, path, "montant", parse_money)
        target = r.get(item, path, "facture", _text)
        enforcement = r.get(item, path, "execution", flag, False) or False
        if target is not None and target not in numbers:
            r.error((*path, "facture"), f"facture inconnue « {target} »")
            continue
        if day is None or amount is None or target is None:
            continue
        costs.append(Cost(day, amount, target, str(item.get("libelle") or ""), enforcement))
    return tuple(costs)


def parse_statement_text(text: str, origin: str) -> StatementRequest:
    """Parse the text of a statement file (``origin`` names it in errors)."""
    try:
        data = load_document(text, origin)
    except ValueError as exc:
        raise StatementFileError([str(exc)]) from None
    r = LocatedReader(origin, line_map(text) if not origin.lower().endswith(".json") else {})
    if not isinstance(data, dict):
        raise StatementFileError([f"{origin} : une table de champs est attendue"])
    r.check_fields(data, (), TOP_FIELDS)
    names: dict[str, str] = {}
    creditor = _party(r, data, "creancier", CREDITOR_KINDS, names) or CreditorKind.COMPANY
    debtor = _party(r, data, "debiteur", DEBTOR_KINDS, names) or DebtorKind.COMPANY
    options = _options(r, data)
    numbers: set[str] = set()
    invoices = _invoices(r, data, numbers)
    payments = _payments(r, data, numbers)
    facts = _facts(r, data, creditor, debtor)
    costs = _costs(r, data, numbers)
    if r.errors:
        raise StatementFileError(r.errors)
    return StatementRequest(
        names.get("creancier", ""),
        names.get("debiteur", ""),
        facts,
        invoices,
        payments,
        costs,
        options,
    )


def read_statement_file(path: Path) -> StatementRequest:
    """Read and parse ``path``; ``StatementFileError`` lists every problem."""
    try:
        text = read_text(path)
    except ValueError as exc:
        raise StatementFileError([str(exc)]) from None
    return parse_statement_text(text, str(path))
