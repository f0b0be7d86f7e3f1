"""E-invoicing lifecycle statuses in a platform's CSV or JSON export.

Columns (CSV, « ; », « , » or tab separated, UTF-8 with or without BOM) or keys (JSON: a list
of objects, or an object holding it under ``statuts``/``statuses``), French or English names,
case, accents and spaces ignored:

* ``numéro de facture`` / ``invoice_number`` (required);
* ``SIREN`` / ``siren`` (either party's);
* ``code statut`` / ``status_code`` (required: ``207``, ``207 En litige`` or the label alone);
* ``date`` / ``status_date`` (required: JJ/MM/AAAA, AAAA-MM-JJ or AAAAMMJJ);
* ``montant approuvé`` / ``approved_amount`` and ``montant contesté`` / ``disputed_amount``
  (a 206; comma or point decimals);
* ``motif`` / ``reason``.

Other columns are ignored. A file is read whole or refused whole: every problem is listed with
its line (CSV) or its entry's rank (JSON), nothing is applied.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from recouvre.adapters.importers.lifecycle import (
    StatusFileError,
    StatusIssue,
    amount_of,
    status_code,
)
from recouvre.domain.einvoicing import CODES, LifecycleStatus


def _norm(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("_", " ").replace("-", " ").split())


_ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("numero de facture", "numero facture", "facture", "invoice number", "invoice",
               "numero"),
    "siren": ("siren", "siren vendeur", "siren acheteur", "siren client", "siren fournisseur"),
    "code": ("code statut", "code du statut", "statut", "code", "status code", "status"),
    "date": ("date", "date du statut", "date statut", "status date"),
    "approved": ("montant approuve", "approved amount"),
    "disputed": ("montant conteste", "montant en litige", "disputed amount"),
    "reason": ("motif", "reason", "commentaire"),
}  # fmt: skip
_FIELDS = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_LABELS = {_norm(c.label): c.code for c in CODES.values()}
_REQUIRED = {"number": "numéro de facture", "code": "code statut", "date": "date"}


def _day(text: str) -> date | None:
    value = text.strip()
    try:
        if len(value) == 10 and value[2] == "/" and value[5] == "/":
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
        if len(value) == 10 and value[4] == "-":
            return date.fromisoformat(value)
        if len(value) == 8 and value.isdigit():
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None
    return None


def _code(text: str) -> int | None:
    return status_code(text) or _LABELS.get(_norm(text))


def _status(
    values: Mapping[str, str], name: str, where: str, line: int, issues: list[StatusIssue]
) -> LifecycleStatus | None:
    """One status from one row, its problems added to ``issues``."""
    found = len(issues)
    for field, label in _REQUIRED.items():
        if not values.get(field, "").strip():
            issues.append(StatusIssue(where, label, "valeur absente"))
    raw = {k: v.strip() for k, v in values.items()}
    code = _code(raw["code"]) if raw.get("code") else None
    if raw.get("code") and code is None:
        unknown = f"code de statut « {raw['code']} » inconnu (200 à 213)"
        issues.append(StatusIssue(where, "code statut", unknown))
    on = _day(raw["date"]) if raw.get("date") else None
    if raw.get("date") and on is None:
        issues.append(StatusIssue(where, "date", f"date « {raw['date']} » illisible"))
    amounts: dict[str, Decimal | None] = {}
    for field, label in (("approved", "montant approuvé"), ("disputed", "montant contesté")):
        amounts[field] = amount_of(raw[field]) if raw.get(field) else None
        if raw.get(field) and amounts[field] is None:
            issues.append(StatusIssue(where, label, f"montant « {raw[field]} » illisible"))
    siren = raw.get("siren", "").replace(" ", "")
    if siren and (len(siren) != 9 or not siren.isdigit()):
        issues.append(StatusIssue(where, "SIREN", f"SIREN « {siren} » : 9 chiffres attendus"))
    if len(issues) > found or code is None or on is None:
        return None
    return LifecycleStatus(raw["number"], siren or None, code, on, name, line,
                           amounts["approved"], amounts["disputed"], raw.get("reason", ""),
                           where=where)  # fmt: skip


def _columns(header: list[str], issues: list[StatusIssue]) -> dict[int, str]:
    columns = {i: _FIELDS[_norm(h)] for i, h in enumerate(header) if _norm(h) in _FIELDS}
    for field, label in _REQUIRED.items():
        if field not in columns.values():
            issues.append(StatusIssue("ligne 1", label, "colonne absente de l'en-tête"))
    return columns


def read_status_csv(text: str, name: str) -> list[LifecycleStatus]:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max(";,\t", key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    issues: list[StatusIssue] = []
    if not rows:
        raise StatusFileError(name, [StatusIssue("", "fichier", "fichier vide")])
    columns = _columns(rows[0], issues)
    statuses: list[LifecycleStatus] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {field: row[i] for i, field in columns.items() if i < len(row)}
        found = _status(values, name, f"ligne {number}", number, issues)
        if found is not None:
            statuses.append(found)
    if not statuses and not issues:
        issues.append(StatusIssue("", "fichier", "aucun statut"))
    if issues:
        raise StatusFileError(name, issues)
    return statuses


def read_status_json(text: str, name: str) -> list[LifecycleStatus]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        issue = StatusIssue(f"ligne {error.lineno}", "JSON", f"illisible ({error.msg})")
        raise StatusFileError(name, [issue]) from None
    if isinstance(data, dict):
        data = data.get("statuts", data.get("statuses"))
    if not isinstance(data, list):
        problem = "une liste de statuts est attendue (ou un objet « statuts »)"
        raise StatusFileError(name, [StatusIssue("", "JSON", problem)])
    issues: list[StatusIssue] = []
    statuses: list[LifecycleStatus] = []
    for rank, entry in enumerate(data, start=1):
        where = f"entrée {rank}"
        if not isinstance(entry, dict):
            issues.append(StatusIssue(where, "JSON", "un objet est attendu"))
            continue
        values = {
            _FIELDS[_norm(str(k))]: "" if v is None else str(v)
            for k, v in entry.items()
            if _norm(str(k)) in _FIELDS and not isinstance(v, (dict, list, float))
        }
        floats = [str(k) for k, v in entry.items() if isinstance(v, float)]
        for key in floats:  # binary floats lose cents: amounts are strings or integers
            issues.append(StatusIssue(where, key, "montant décimal attendu en texte (« 12.50 »)"))
        found = _status(values, name, where, rank, issues)
        if found is not None:
            statuses.append(found)
    if not statuses and not issues:
        issues.append(StatusIssue("", "fichier", "aucun statut"))
    if issues:
        raise StatusFileError(name, issues)
    return statuses


def read_status_rows(data: bytes, name: str) -> list[LifecycleStatus]:
    """The statuses of a CSV or JSON export (JSON when it opens with ``[`` or ``{``)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StatusFileError(name, [StatusIssue(
            "", "encodage", f"le fichier n'est pas en UTF-8 (octet {error.start + 1})"
        )]) from None  # fmt: skip
    if text.lstrip()[:1] in ("[", "{"):
        return read_status_json(text, name)
    return read_status_csv(text, name)
