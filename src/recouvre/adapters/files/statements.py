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
``12.3`` is accepted through its decimal text, never as a binary float).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml

from recouvre.adapters.errors import AdapterError
from recouvre.domain.claims import Invoice
from recouvre.domain.errors import InvariantViolation
from recouvre.domain.money import InvalidAmount, parse_amount
from recouvre.domain.parties import DebtorKind
from recouvre.domain.payments import Payment
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


class _Loader(yaml.SafeLoader):
    """Safe loader keeping dates as text, so a bad date is a located error, not a crash."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


def _decimal_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal | str:
    """YAML floats become exact ``Decimal`` (never binary floats); ``.inf``/``.nan`` stay text
    and are then refused, with their location, by the field's parser."""
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    try:
        value = Decimal(text)
    except ArithmeticError:
        return text
    return value if value.is_finite() else text


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal_or_text)

Path_ = tuple[str | int, ...]


def _line_map(text: str) -> dict[Path_, int]:
    """1-based line of every mapping key and sequence item, by path."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    lines: dict[Path_, int] = {}

    def walk(node: yaml.Node, path: Path_) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, str(key.value))
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return lines


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class _Reader:
    def __init__(self, origin: str, lines: dict[Path_, int]) -> None:
        self.origin, self.lines = origin, lines
        self.errors: list[str] = []

    def error(self, path: Path_, message: str) -> None:
        line = self.lines.get(path) or self.lines.get(path[:-1])
        where = f"{self.origin}:{line}" if line else self.origin
        self.errors.append(f"{where} (champ « {_dotted(path)} ») : {message}")

    def get(
        self,
        data: dict[str, Any],
        path: Path_,
        key: str,
        parse: Callable[[Any], T],
        required: bool = True,
    ) -> T | None:
        if key not in data or data[key] is None:
            if required:
                self.error((*path, key), "champ obligatoire absent")
            return None
        try:
            return parse(data[key])
        except (ValueError, InvalidAmount) as exc:
            self.error((*path, key), str(exc))
            return None

    def check_fields(self, data: dict[str, Any], path: Path_, allowed: set[str]) -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.error((*path, str(key)), "champ inconnu")

    def table(self, value: Any, path: Path_) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, "table de champs attendue")
            return None
        return value


def parse_date(value: Any) -> date:
    """A YAML/JSON date: ``AAAA-MM-JJ`` or ``JJ/MM/AAAA``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a date only
            except ValueError:
                continue
    raise ValueError(f"date illisible « {value} » : attendu AAAA-MM-JJ ou JJ/MM/AAAA")


def parse_money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise ValueError(f"montant illisible « {value} »")
    return parse_amount(str(value))


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


def _choice(table: dict[str, T]) -> Callable[[Any], T]:
    def parse(value: Any) -> T:
        key = str(value).strip().lower()
        if key not in table:
            raise ValueError(f"« {value} » inconnu, attendu l'une de : {', '.join(table)}")
        return table[key]

    return parse


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("true ou false attendu")


def _load(text: str, origin: str) -> Any:
    try:
        if origin.lower().endswith(".json"):
            return json.loads(text, parse_float=Decimal)
        return yaml.load(text, Loader=_Loader)
    except json.JSONDecodeError as exc:
        raise StatementFileError([f"{origin}:{exc.lineno} : JSON invalide ({exc.msg})"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise StatementFileError([f"{origin}{where} : YAML invalide ({exc})"]) from None


def _items(r: _Reader, data: dict[str, Any], key: str) -> list[tuple[Path_, dict[str, Any]]]:
    raw = data.get(key) or []
    if not isinstance(raw, list):
        r.error((key,), "liste attendue")
        return []
    out: list[tuple[Path_, dict[str, Any]]] = []
    for i, item in enumerate(raw):
        table = r.table(item, (key, i))
        if table is not None:
            out.append(((key, i), table))
    return out


def _options(r: _Reader, data: dict[str, Any]) -> StatementOptions:
    raw = data.get("options")
    if raw is None:
        return StatementOptions()
    table = r.table(raw, ("options",))
    if table is None:
        return StatementOptions()
    path: Path_ = ("options",)
    r.check_fields(
        table,
        path,
        {"base", "taux", "point_de_depart_interets", "ordre_imputation", "clause_inferieure"},
    )
    default = StatementOptions()
    order = default.order
    if table.get("ordre_imputation") is not None:
        raw_order = table["ordre_imputation"]
        parse = _choice(COMPONENTS)
        try:
            if not isinstance(raw_order, list):
                raise ValueError("liste attendue")
            order = tuple(parse(x) for x in raw_order)
            if sorted(order) != sorted(Component):
                raise ValueError("chaque composante (accessoires, interets, principal) une fois")
        except ValueError as exc:
            r.error((*path, "ordre_imputation"), str(exc))
            order = default.order
    return StatementOptions(
        day_count=r.get(table, path, "base", _choice(DAY_COUNTS), False) or default.day_count,
        anchor=r.get(table, path, "taux", _choice(ANCHORS), False) or default.anchor,
        below_floor=r.get(table, path, "clause_inferieure", _choice(FLOOR_POLICIES), False)
        or default.below_floor,
        interest_start=r.get(table, path, "point_de_depart_interets", _choice(STARTS), False)
        or default.interest_start,
        order=order,
    )


def _party(
    r: _Reader, data: dict[str, Any], key: str, kinds: dict[str, T], names: dict[str, str]
) -> T | None:
    if key not in data:
        r.error((key,), "champ obligatoire absent")
        return None
    table = r.table(data[key], (key,))
    if table is None:
        return None
    r.check_fields(table, (key,), {"type", "nom", "siren"})
    names[key] = str(table.get("nom") or "")
    return r.get(table, (key,), "type", _choice(kinds))


def parse_statement_text(text: str, origin: str) -> StatementRequest:
    """Parse the text of a statement file (``origin`` names it in errors)."""
    data = _load(text, origin)
    r = _Reader(origin, _line_map(text) if not origin.lower().endswith(".json") else {})
    if not isinstance(data, dict):
        raise StatementFileError([f"{origin} : une table de champs est attendue"])
    r.check_fields(data, (), TOP_FIELDS)

    names: dict[str, str] = {}
    creditor = _party(r, data, "creancier", CREDITOR_KINDS, names) or CreditorKind.COMPANY
    debtor = _party(r, data, "debiteur", DEBTOR_KINDS, names) or DebtorKind.COMPANY

    options = _options(r, data)
    invoices: list[ClaimInvoice] = []
    numbers: set[str] = set()
    for path, item in _items(r, data, "factures"):
        r.check_fields(
            item,
            path,
            {"numero", "date", "echeance", "montant", "deja_paye", "taux_contractuel", "taux"},
        )
        number = r.get(item, path, "numero", lambda v: str(v).strip() or _raise("numéro vide"))
        issued = r.get(item, path, "date", parse_date)
        due = r.get(item, path, "echeance", parse_date)
        amount = r.get(item, path, "montant", parse_money)
        paid = r.get(item, path, "deja_paye", parse_money, False)
        rate = r.get(item, path, "taux_contractuel", parse_rate, False)
        anchor = r.get(item, path, "taux", _choice(ANCHORS), False)
        if number is not None and number in numbers:
            r.error((*path, "numero"), f"numéro de facture en double « {number} »")
        if None in (number, issued, due, amount):
            continue
        assert number is not None and issued is not None and due is not None
        assert amount is not None
        numbers.add(number)
        try:
            invoice = Invoice(
                None,
                None,
                None,
                number,
                issued,
                due,
                amount,
                paid if paid is not None else Decimal("0.00"),
                contractual_rate=rate,
            )
        except InvariantViolation as exc:
            r.error(path, str(exc))
            continue
        invoices.append(ClaimInvoice(invoice, anchor))
    if "factures" not in data:
        r.error(("factures",), "champ obligatoire absent")

    payments: list[Payment] = []
    for path, item in _items(r, data, "paiements"):
        r.check_fields(item, path, {"date", "montant", "facture", "reference"})
        day = r.get(item, path, "date", parse_date)
        amount = r.get(item, path, "montant", parse_money)
        designated = r.get(item, path, "facture", lambda v: str(v).strip(), False)
        if designated is not None and numbers and designated not in numbers:
            r.error((*path, "facture"), f"facture inconnue « {designated} »")
        if day is None or amount is None:
            continue
        if amount <= 0:
            r.error((*path, "montant"), "paiement nul ou négatif")
            continue
        reference = item.get("reference")
        payments.append(
            Payment(
                None,
                None,
                day,
                amount,
                designated,
                str(reference) if reference is not None else None,
            )
        )

    notice: FormalNotice | None = None
    judgment: Judgment | None = None
    collective: date | None = None
    clause_from: date | None = None
    for path, item in _items(r, data, "evenements"):
        kind = r.get(item, path, "type", _choice({k: k for k in EVENT_FIELDS}))
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
            capitalise = r.get(item, path, "capitalisation", _flag, False) or False
            if pronounced is not None:
                judgment = Judgment(pronounced, amount, served, capitalise)
        elif kind == "procedure-collective":
            collective = r.get(item, path, "date", parse_date)
        elif kind == "clause-capitalisation":
            clause_from = r.get(item, path, "date", parse_date)
        else:  # reconnaissance: no effect on the amounts (prescription only)
            r.get(item, path, "date", parse_date)

    costs: list[Cost] = []
    for path, item in _items(r, data, "frais"):
        r.check_fields(item, path, {"date", "montant", "facture", "libelle", "execution"})
        day = r.get(item, path, "date", parse_date)
        amount = r.get(item, path, "montant", parse_money)
        target = r.get(item, path, "facture", lambda v: str(v).strip())
        enforcement = r.get(item, path, "execution", _flag, False) or False
        if target is not None and target not in numbers:
            r.error((*path, "facture"), f"facture inconnue « {target} »")
            continue
        if day is None or amount is None or target is None:
            continue
        costs.append(Cost(day, amount, target, str(item.get("libelle") or ""), enforcement))

    if r.errors:
        raise StatementFileError(r.errors)
    facts = ClaimFacts(creditor, debtor, notice, judgment, collective, clause_from)
    return StatementRequest(
        names.get("creancier", ""),
        names.get("debiteur", ""),
        facts,
        tuple(invoices),
        tuple(payments),
        tuple(costs),
        options,
    )


def _raise(message: str) -> str:
    raise ValueError(message)


def read_statement_file(path: Path) -> StatementRequest:
    """Read and parse ``path``; ``StatementFileError`` lists every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StatementFileError([f"{path} : lecture impossible ({exc.strerror})"]) from None
    return parse_statement_text(text, str(path))
