"""BODACC announcements of collective proceedings, from the official open-data export.

Why: a claim declaration must reach the mandataire within 2 months of the publication of the
opening judgment in the BODACC (C. com. L622-24, R622-24), and from the opening
judgment individual actions stop and interest stops (L622-21, L622-28). The DILA publishes the
BODACC announcements as the ``annonces-commerciales`` dataset
(bodacc-datadila.opendatasoft.com), exportable in JSON and CSV. This module reads those exports
(the *parse* stage of the BODACC import) and keeps what matching debtors by SIREN needs.

Fields of the export used here (one record = one announcement):

- ``id`` (« A202601721671 »), ``numeroannonce`` (number in the issue);
- ``familleavis`` = ``collective`` / ``familleavis_lib`` = « Procédures collectives » (other
  families — creations, sales, deposits of accounts — are counted and skipped);
- ``typeavis`` / ``typeavis_lib``: « annonce » (Avis initial), « rectificatif », « annulation »;
- ``registre``: the RCS numbers of the person, a list in the JSON export
  (``["552 032 534", "552032534"]``), comma-separated text in the CSV export; the SIRENs are
  the 9-digit values, validated with python-stdnum;
- ``jugement``: a JSON **string** ``{"famille": "Jugement d'ouverture", "nature": "Jugement
  d'ouverture de liquidation judiciaire", "date": "2026-08-31", "complementJugement": "..."}``
  (the date is ISO in the dataset; the older XML flux wrote « 31 août 2026 », read too);
- ``dateparution`` (ISO date of publication), ``tribunal``, ``commercant``,
  ``numerodepartement``.

The JSON export is a list of records (fields at the top level), or an API answer
(``{"results": [...]}``), or the older v1 shape (``[{"fields": {...}}]``), or JSON lines (one
record per line). The CSV export is separated by semicolons with the field names as header.

Errors come back as values with the record number (and, in CSV, the line), never as the first
exception raised, so that a whole file is reported at once and nothing is lost.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from recouvre.adapters.importers.bodacc_announcements import (
    COLLECTIVE_FAMILY,
    BodaccAnnouncement,
    BodaccImport,
    BodaccIssue,
    JudgmentKind,
    classify_judgment,
    content_key,
    fold,
)
from recouvre.adapters.importers.limits import (
    MAX_BODACC_BYTES,
    control_character_error,
    date_range_error,
    has_foreign_digits,
    mib,
    shown,
)
from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import validate_siren

_TOO_DEEP = "JSON illisible : imbrication trop profonde"
_TOO_MANY_DIGITS = "JSON illisible : nombre de plus de 4 300 chiffres"
_CELL_TOO_LONG = (
    f"valeur trop longue (plus de {csv.field_size_limit()} caractères) ; le reste du fichier "
    "n'est pas lu"
)


_MONTHS_FR = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_FRENCH_DATE = re.compile(r"^([0-9]{1,2})(?:er)?\s+([a-z]+)\s+([0-9]{1,4})$")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_bodacc_date(text: str) -> date:
    """ISO (« 2026-08-31 ») or French (« 31 août 2026 », « 1er mars 2026 »), digits 0-9, within
    the date range of ``importers.limits``; ValueError (French message) else."""
    raw = text.strip()
    if has_foreign_digits(raw):
        raise ValueError(f"date « {raw} » : chiffres 0 à 9 attendus")
    iso = _ISO_DATE.fullmatch(raw[:10])
    french = _FRENCH_DATE.match(fold(raw))
    try:
        if iso and len(raw) in {10, 19, 20, 25}:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif french and french.group(2) in _MONTHS_FR:
            year, month = int(french.group(3)), _MONTHS_FR[french.group(2)]
            day = date(year, month, int(french.group(1))) if year else date.min
        else:
            raise ValueError(f"date illisible : « {shown(raw)} »")
    except ValueError as exc:
        if str(exc).startswith("date illisible"):
            raise
        raise ValueError(f"date impossible : « {raw} »") from None
    if (why := date_range_error(day)) is not None:
        raise ValueError(why)
    return day


@dataclass(slots=True)
class _RecordReader:
    record: int
    line: int | None
    issues: list[BodaccIssue] = field(default_factory=list)

    def issue(self, field_name: str, message: str) -> None:
        """Record a problem; a value it quotes is shown with its control characters escaped."""
        self.issues.append(BodaccIssue(self.record, field_name, shown(message), self.line))

    def text(self, raw: Mapping[str, Any], name: str, label: str | None = None) -> str:
        """A text field, stripped; a control character in it is an issue (the field named
        ``label``, ``name`` by default) and the text is dropped."""
        value = raw.get(name)
        if value is None:
            return ""
        text = str(value).strip()
        if (why := control_character_error(text)) is not None:
            self.issue(label or name, why)
            return ""
        return text

    def sirens(self, raw: Mapping[str, Any]) -> tuple[str, ...]:
        value = raw.get("registre")
        if value is None or value == "" or value == []:
            self.issue("registre", "aucun numéro d'immatriculation (SIREN attendu)")
            return ()
        items = value if isinstance(value, list) else str(value).split(",")
        found: list[str] = []
        for item in items:
            compact = re.sub(r"[\s.\u00a0]", "", str(item))
            if not compact:
                continue
            try:
                siren = validate_siren(compact)
            except InvalidIdentifier as exc:
                self.issue("registre", str(exc))
                continue
            if siren not in found:
                found.append(siren)
        if not found and not any(i.field == "registre" for i in self.issues):
            self.issue("registre", "aucun SIREN valide")
        return tuple(found)

    def judgment(self, raw: Mapping[str, Any]) -> Mapping[str, Any]:
        value = raw.get("jugement")
        if value is None or value == "":
            self.issue("jugement", "jugement absent (procédure collective sans jugement)")
            return {}
        if isinstance(value, Mapping):
            return value
        try:
            parsed = json.loads(str(value))
        except json.JSONDecodeError as exc:
            self.issue("jugement", f"JSON illisible ({exc.msg}, colonne {exc.colno})")
            return {}
        except RecursionError:
            self.issue("jugement", _TOO_DEEP)
            return {}
        except ValueError:  # an integer of more digits than Python converts
            self.issue("jugement", _TOO_MANY_DIGITS)
            return {}
        if not isinstance(parsed, dict):
            self.issue("jugement", "objet JSON attendu")
            return {}
        return parsed

    def a_date(self, value: Any, name: str, required: bool) -> date | None:
        if value is None or str(value).strip() == "":
            if required:
                self.issue(name, "date absente")
            return None
        try:
            return parse_bodacc_date(str(value))
        except ValueError as exc:
            self.issue(name, str(exc))
            return None


def _family_of(raw: Mapping[str, Any]) -> str:
    return fold(str(raw.get("familleavis") or raw.get("familleavis_lib") or ""))


def _is_collective(raw: Mapping[str, Any]) -> bool:
    family = _family_of(raw)
    return family == COLLECTIVE_FAMILY or "procedures collectives" in family


def _announcement(
    raw: Mapping[str, Any], record: int, line: int | None
) -> tuple[BodaccAnnouncement | None, list[BodaccIssue]]:
    reader = _RecordReader(record, line)
    sirens = reader.sirens(raw)
    judgment = reader.judgment(raw)
    publication = reader.a_date(raw.get("dateparution"), "dateparution", required=True)
    judgment_date = reader.a_date(judgment.get("date"), "jugement.date", required=False)
    family = reader.text(judgment, "famille", "jugement.famille")
    nature = reader.text(judgment, "nature", "jugement.nature")
    complement = reader.text(judgment, "complementJugement", "jugement.complementJugement")
    if judgment and not (family or nature) and not reader.issues:
        reader.issue("jugement", "ni « famille » ni « nature » : type de jugement inconnu")
    if publication is not None and judgment_date is not None and publication < judgment_date:
        reader.issue(
            "dateparution",
            f"publication du {publication:%d/%m/%Y} antérieure au jugement du "
            f"{judgment_date:%d/%m/%Y} : une annonce paraît après le jugement",
        )
    announcement_id = reader.text(raw, "id")
    fields = {
        name: reader.text(raw, name)
        for name in ("numeroannonce", "tribunal", "typeavis", "commercant", "numerodepartement")
    }
    if reader.issues or publication is None:
        return None, reader.issues
    announcement = BodaccAnnouncement(
        record=record,
        announcement_id=announcement_id,
        number=fields["numeroannonce"],
        sirens=sirens,
        kind=classify_judgment(family, nature),
        family=family,
        nature=nature,
        complement=complement,
        tribunal=fields["tribunal"],
        judgment_date=judgment_date,
        publication_date=publication,
        notice_type=fields["typeavis"],
        debtor_name=fields["commercant"],
        departement=fields["numerodepartement"],
    )
    if not announcement_id:
        key = content_key(announcement)
        announcement = dataclasses.replace(announcement, announcement_id=key, id_from_content=True)
    return announcement, []


_Raw = tuple[int, int | None, Mapping[str, Any] | str]


def _collect(origin: str, records: Iterator[_Raw]) -> BodaccImport:
    announcements: list[BodaccAnnouncement] = []
    issues: list[BodaccIssue] = []
    skipped = 0
    for record, line, raw in records:
        if isinstance(raw, str):
            issues.append(BodaccIssue(record, "(enregistrement)", raw, line))
            continue
        if not _is_collective(raw):
            skipped += 1
            continue
        announcement, found = _announcement(raw, record, line)
        issues.extend(found)
        if announcement is not None:
            announcements.append(announcement)
    return BodaccImport(origin, tuple(announcements), tuple(issues), skipped)


def _json_records(document: Any) -> list[Any] | None:
    if isinstance(document, dict):
        for key in ("results", "records"):
            if isinstance(document.get(key), list):
                return list(document[key])
        return None
    if isinstance(document, list):
        return document
    return None


def parse_bodacc_json(text: str, origin: str) -> BodaccImport:
    """Read a JSON export of ``annonces-commerciales`` (see the module docstring); a JSON-lines
    export (one record per line, ODS « jsonl ») is read too, with line numbers."""
    body = text.lstrip("\ufeff")
    if body.lstrip().startswith("{") and "\n{" in body.strip():
        return _parse_json_lines(body, origin)
    try:
        document = json.loads(body)
    except json.JSONDecodeError as exc:
        issue = BodaccIssue(0, "(fichier)", f"JSON invalide : {exc.msg}", exc.lineno)
        return BodaccImport(origin, (), (issue,))
    except RecursionError:
        return BodaccImport(origin, (), (BodaccIssue(0, "(fichier)", _TOO_DEEP),))
    except ValueError:
        return BodaccImport(origin, (), (BodaccIssue(0, "(fichier)", _TOO_MANY_DIGITS),))
    records = _json_records(document)
    if records is None:
        issue = BodaccIssue(0, "(fichier)", "liste d'annonces attendue (ou « results »)")
        return BodaccImport(origin, (), (issue,))

    def rows() -> Iterator[_Raw]:
        for index, item in enumerate(records, start=1):
            yield index, None, _fields_of(item)

    return _collect(origin, rows())


def _fields_of(item: Any) -> Mapping[str, Any] | str:
    if isinstance(item, dict) and isinstance(item.get("fields"), dict):
        item = item["fields"]  # v1 API / export shape
    return item if isinstance(item, dict) else "objet JSON attendu"


def _parse_json_lines(body: str, origin: str) -> BodaccImport:
    def rows() -> Iterator[_Raw]:
        record = 0
        for line_number, line in enumerate(body.splitlines(), start=1):
            if not line.strip():
                continue
            record += 1
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                yield record, line_number, f"JSON invalide : {exc.msg}"
                continue
            except RecursionError:
                yield record, line_number, _TOO_DEEP
                continue
            except ValueError:
                yield record, line_number, _TOO_MANY_DIGITS
                continue
            yield record, line_number, _fields_of(item)

    return _collect(origin, rows())


def parse_bodacc_csv(text: str, origin: str) -> BodaccImport:
    """Read a CSV export of ``annonces-commerciales`` (semicolon-separated, field names)."""
    body = text.lstrip("\ufeff")
    first = body.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        header = reader.fieldnames or []
    except csv.Error:
        issue = BodaccIssue(0, "(en-tête)", _CELL_TOO_LONG, 1)
        return BodaccImport(origin, (), (issue,))
    missing = [name for name in ("registre", "dateparution", "jugement") if name not in header]
    if missing:
        issue = BodaccIssue(0, ", ".join(missing), "colonnes absentes de l'en-tête", 1)
        return BodaccImport(origin, (), (issue,))

    def rows() -> Iterator[_Raw]:
        index = 0
        try:
            for index, row in enumerate(reader, start=1):
                if None in row:  # more cells than header columns
                    yield index, reader.line_num, "plus de cellules que de colonnes dans l'en-tête"
                    continue
                yield index, reader.line_num, {k: v for k, v in row.items() if k is not None}
        except csv.Error:
            yield index + 1, reader.line_num + 1, _CELL_TOO_LONG  # the record after the last read

    return _collect(origin, rows())


def read_bodacc_file(path: Path) -> BodaccImport:
    """A BODACC export from disk: ``.json``/``.jsonl`` as JSON, anything else as CSV (UTF-8,
    with or without BOM)."""
    try:
        size = path.stat().st_size
        if size > MAX_BODACC_BYTES:
            why = (
                f"fichier de {mib(size)} ({mib(MAX_BODACC_BYTES)} au plus, lu en entier) : "
                "exportez une période plus courte"
            )
            return BodaccImport(str(path), (), (BodaccIssue(0, "(fichier)", why),))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        issue = BodaccIssue(0, "(fichier)", f"lecture impossible ({exc})")
        return BodaccImport(str(path), (), (issue,))
    if path.suffix.lower() in {".json", ".jsonl"}:
        return parse_bodacc_json(text, str(path))
    return parse_bodacc_csv(text, str(path))


__all__ = [
    "COLLECTIVE_FAMILY",
    "BodaccAnnouncement",
    "BodaccImport",
    "BodaccIssue",
    "JudgmentKind",
    "classify_judgment",
    "content_key",
    "parse_bodacc_csv",
    "parse_bodacc_date",
    "parse_bodacc_json",
    "read_bodacc_file",
]
