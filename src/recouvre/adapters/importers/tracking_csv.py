"""Registered-mail tracking events from a CSV file (La Poste export or a print-and-post service).

One line per event, a header row naming the columns (any order, accents and case ignored)::

    numero;date;evenement
    1A 012 345 6789 0;24/11/2026;première présentation
    1A01234567890;26/11/2026;distribué - AR signé
    1A01234567906;27/11/2026;pli avisé non réclamé
    1A01234567913;25/11/2026;destinataire inconnu à l'adresse

Separator ``;`` or ``,``; UTF-8 (with or without BOM) or Windows-1252 (``importers.encoding``);
dates ``JJ/MM/AAAA`` or ``AAAA-MM-JJ`` (digits 0-9, 1900 to 2199: ``importers.limits``).
Events are recognised by their usual wordings (``EVENT_WORDS``). Every error is returned with its
file, line and column; the service refuses the whole file when there is one.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from recouvre.adapters.importers.cells import CellError, date_from_text
from recouvre.adapters.importers.encoding import inspect_file
from recouvre.adapters.importers.limits import shown
from recouvre.services.outbox.registered_mail import (
    TrackingEvent,
    TrackingLine,
    normalise_tracking_number,
    valid_tracking_number,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("numero", "numero de suivi", "numero suivi", "suivi", "tracking number", "n"),
    "date": ("date", "date evenement", "date de l evenement", "date event"),
    "event": ("evenement", "statut", "event", "etat", "libelle"),
}

# Normalised wordings (lower case, no accents, punctuation as spaces) -> event. Checked in
# order: the returns first, whose wordings contain "avise".
EVENT_WORDS: tuple[tuple[str, TrackingEvent], ...] = (
    ("destinataire inconnu", TrackingEvent.RETURNED_UNKNOWN_ADDRESS),
    ("n habite pas", TrackingEvent.RETURNED_UNKNOWN_ADDRESS),
    ("npai", TrackingEvent.RETURNED_UNKNOWN_ADDRESS),
    ("unknown address", TrackingEvent.RETURNED_UNKNOWN_ADDRESS),
    ("returned unknown address", TrackingEvent.RETURNED_UNKNOWN_ADDRESS),
    ("non reclame", TrackingEvent.RETURNED_UNCLAIMED),
    ("unclaimed", TrackingEvent.RETURNED_UNCLAIMED),
    ("returned unclaimed", TrackingEvent.RETURNED_UNCLAIMED),
    ("ar signe", TrackingEvent.DELIVERED),
    ("distribue", TrackingEvent.DELIVERED),
    ("remis", TrackingEvent.DELIVERED),
    ("delivered", TrackingEvent.DELIVERED),
    ("premiere presentation", TrackingEvent.PRESENTED),
    ("presente", TrackingEvent.PRESENTED),
    ("avise", TrackingEvent.PRESENTED),
    ("presented", TrackingEvent.PRESENTED),
)


def _norm(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def event_of(text: str) -> TrackingEvent | None:
    words = f" {_norm(text)} "
    for needle, event in EVENT_WORDS:
        if f" {needle} " in words or words.strip() == needle:
            return event
    return None


def _date(text: str) -> date | None:
    """``JJ/MM/AAAA`` or ``AAAA-MM-JJ`` (a time after it ignored), digits 0-9, within the date
    range of ``importers.limits``; ``None`` else."""
    try:
        return date_from_text(text.strip()[:10])
    except CellError:
        return None


def read_tracking_csv(path: Path) -> tuple[list[TrackingLine], list[str]]:
    """The file's lines and its errors (``fichier, ligne N, colonne « X » : ...``)."""
    name = path.name
    facts = inspect_file(path)
    if facts.encoding is None:
        return [], [f"{name} : {facts.refusal}"]
    text = path.read_bytes().decode(facts.encoding.value)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        return [], [f"{name} : fichier vide"]
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        for field, names in COLUMNS.items():
            if _norm(title) in names and field not in positions:
                positions[field] = index
    missing = [f for f in COLUMNS if f not in positions]
    if missing:
        wanted = ", ".join(f"« {COLUMNS[f][0]} »" for f in missing)
        return [], [
            f"{name}, ligne 1 : colonne(s) manquante(s) {wanted} (en-tête : {shown(str(header))})"
        ]
    lines: list[TrackingLine] = []
    errors: list[str] = []
    try:
        _read_rows(name, reader, header, positions, lines, errors)
    except csv.Error:
        line = reader.line_num  # the line where the csv module gave up
        errors.append(
            f"{name}, ligne {line} : valeur trop longue ; le reste du fichier n'est pas lu"
        )
    return lines, errors


def _read_rows(
    name: str,
    reader: Iterator[list[str]],
    header: list[str],
    positions: dict[str, int],
    lines: list[TrackingLine],
    errors: list[str],
) -> None:
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(field: str, row: list[str] = row) -> str:
            index = positions[field]
            return row[index].strip() if index < len(row) else ""

        where = f"{name}, ligne {number}"
        raw_number, raw_date, raw_event = cell("number"), cell("date"), cell("event")
        shown_number, shown_date, shown_event = shown(raw_number), shown(raw_date), shown(raw_event)
        tracking = normalise_tracking_number(raw_number)
        bad = False
        if not valid_tracking_number(tracking):
            errors.append(f"{where}, colonne « {header[positions['number']]} » : numéro de "
                          f"suivi « {shown_number} » invalide")  # fmt: skip
            bad = True
        when = _date(raw_date)
        if when is None:
            errors.append(f"{where}, colonne « {header[positions['date']]} » : date "
                          f"« {shown_date} » illisible (JJ/MM/AAAA attendu)")  # fmt: skip
            bad = True
        event = event_of(raw_event)
        if event is None:
            errors.append(f"{where}, colonne « {header[positions['event']]} » : événement "
                          f"« {shown_event} » inconnu (première présentation, distribué/AR signé, "
                          "pli avisé non réclamé, destinataire inconnu à l'adresse)")  # fmt: skip
            bad = True
        if not bad:
            assert when is not None and event is not None
            lines.append(TrackingLine(number, tracking, when, event))
