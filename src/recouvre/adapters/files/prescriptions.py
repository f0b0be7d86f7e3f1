"""Read the input file of ``recouvre prescription FILE`` (YAML or JSON).

Format (documented with examples in docs/deadlines.md)::

    nature: commerciale            # commerciale, civile, consommateur, transport,
                                   # bail-habitation, bail-commercial, titre-executoire
    point_de_depart: 2021-06-30    # échéance ; achèvement des travaux pour un consommateur
    departement: "75"              # optionnel : calendrier de la date limite pratique
    alertes: ["6 mois", "3 mois", "1 mois"]   # optionnel
    evenements:
      - type: reconnaissance       # see recouvre.law.prescription.events.EventKind
        date: 2023-03-11
      - type: mediation
        date: 2024-01-15
        fin: 2024-04-15            # fin de la suspension / de l'instance
      - type: action-en-justice
        date: 2024-06-01
        non_avenue: true           # désistement, péremption, rejet définitif (C. civ. 2243)
      - type: titre-executoire     # jour où le titre peut être exécuté : 10 ans (CPCE L111-4)
        date: 2025-02-03

Dates are YAML dates, ``AAAA-MM-JJ`` or ``JJ/MM/AAAA`` strings. Every problem is reported at
once, in French, with the file, the line (when the parser gives it) and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.files.located import InputLoader, load_document, parse_date, read_text
from recouvre.input_limits import MAX_PERIOD_YEARS
from recouvre.law.calendar import DEFAULT_DEPARTEMENT, UnknownDepartement, normalise_departement
from recouvre.law.deadlines.cpc import Period, TimeUnit
from recouvre.law.prescription.computation import DEFAULT_ALERTS
from recouvre.law.prescription.events import ClaimKind, EventKind, PrescriptionEvent

_TOP_FIELDS = {"nature", "point_de_depart", "departement", "alertes", "evenements"}
_EVENT_FIELDS = {"type", "date", "fin", "non_avenue", "note"}
_PERIOD = re.compile(r"^\s*(\d+)\s*(jours?|mois|ans?)\s*$", re.IGNORECASE)


class PrescriptionFileError(AdapterError):
    """The file could not be read; ``errors`` lists every problem (file, line, field)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(errors))


@dataclass(frozen=True, slots=True)
class PrescriptionFile:
    """What the file describes, ready for ``recouvre.law.prescription.computation``."""

    kind: ClaimKind
    start: date
    events: tuple[PrescriptionEvent, ...]
    departement: str
    alerts: tuple[Period, ...]


def parse_period(text: str) -> Period:
    """« 6 mois », « 15 jours », « 1 an » -> ``Period``, at most ``MAX_PERIOD_YEARS`` (no
    prescription is longer); ``ValueError`` otherwise."""
    match = _PERIOD.match(text)
    if match is None:
        raise ValueError(
            f"durée illisible « {text} » : attendu par exemple « 6 mois », « 15 jours »"
        )
    digits, unit = match.group(1), match.group(2).lower()
    amount = int(digits) if len(digits) <= 6 else MAX_PERIOD_YEARS * 366 + 1
    if unit.startswith("jour"):
        period, days = Period(amount, TimeUnit.DAYS), amount
    elif unit == "mois":
        period, days = Period(amount, TimeUnit.MONTHS), amount * 30
    else:
        period, days = Period(amount, TimeUnit.YEARS), amount * 365
    if days > MAX_PERIOD_YEARS * 366:
        raise ValueError(f"durée trop longue « {text} » : au plus {MAX_PERIOD_YEARS} ans")
    return period


def _lines(text: str) -> tuple[dict[str, int], list[dict[str, int]]]:
    """Line numbers (1-based) of the top-level fields and of each event's fields."""
    try:
        root = yaml.compose(text, Loader=InputLoader)
    except yaml.YAMLError:
        return {}, []
    top: dict[str, int] = {}
    events: list[dict[str, int]] = []
    if not isinstance(root, yaml.MappingNode):
        return top, events
    for key_node, value_node in root.value:
        key = str(key_node.value)
        top[key] = key_node.start_mark.line + 1
        if key == "evenements" and isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                fields = {"": item.start_mark.line + 1}
                if isinstance(item, yaml.MappingNode):
                    for field_key, _ in item.value:
                        fields[str(field_key.value)] = field_key.start_mark.line + 1
                events.append(fields)
    return top, events


def parse_prescription_text(text: str, origin: str) -> PrescriptionFile:
    """Parse the text of a prescription file (``origin`` names it in errors)."""
    try:
        data = load_document(text, origin)
    except ValueError as exc:
        raise PrescriptionFileError([str(exc)]) from None
    top_lines, event_lines = _lines(text)
    errors: list[str] = []

    def where(field: str, line: int | None) -> str:
        return f"{origin}:{line} (champ « {field} »)" if line else f"{origin} (champ « {field} »)"

    if not isinstance(data, dict):
        raise PrescriptionFileError([f"{origin} : une table de champs est attendue"])
    for field in sorted(set(data) - _TOP_FIELDS, key=str):
        errors.append(f"{where(str(field), top_lines.get(str(field)))} : champ inconnu")

    kind: ClaimKind | None = None
    if "nature" not in data:
        errors.append(f"{where('nature', None)} : champ obligatoire absent")
    else:
        try:
            kind = ClaimKind(str(data["nature"]).strip())
        except ValueError:
            allowed = ", ".join(k.value for k in ClaimKind)
            errors.append(
                f"{where('nature', top_lines.get('nature'))} : « {data['nature']} » inconnue, "
                f"attendu l'une de {allowed}"
            )

    start: date | None = None
    if "point_de_depart" not in data:
        errors.append(f"{where('point_de_depart', None)} : champ obligatoire absent")
    else:
        try:
            start = parse_date(data["point_de_depart"])
        except ValueError as exc:
            errors.append(f"{where('point_de_depart', top_lines.get('point_de_depart'))} : {exc}")

    departement = DEFAULT_DEPARTEMENT
    if data.get("departement") is not None:
        try:
            departement = normalise_departement(str(data["departement"]))
        except UnknownDepartement as exc:
            errors.append(f"{where('departement', top_lines.get('departement'))} : {exc}")

    alerts = DEFAULT_ALERTS
    if data.get("alertes") is not None:
        raw_alerts = data["alertes"]
        if not isinstance(raw_alerts, list):
            errors.append(f"{where('alertes', top_lines.get('alertes'))} : liste attendue")
        else:
            parsed: list[Period] = []
            for raw in raw_alerts:
                try:
                    parsed.append(parse_period(str(raw)))
                except ValueError as exc:
                    errors.append(f"{where('alertes', top_lines.get('alertes'))} : {exc}")
            alerts = tuple(parsed)

    events: list[PrescriptionEvent] = []
    raw_events = data.get("evenements") or []
    if not isinstance(raw_events, list):
        errors.append(f"{where('evenements', top_lines.get('evenements'))} : liste attendue")
        raw_events = []
    for index, raw in enumerate(raw_events):
        lines = event_lines[index] if index < len(event_lines) else {}
        event, event_errors = _event(raw, index + 1, lines, origin)
        errors.extend(event_errors)
        if event is not None:
            events.append(event)

    if errors or kind is None or start is None:
        raise PrescriptionFileError(errors)
    return PrescriptionFile(kind, start, tuple(events), departement, alerts)


def _event(
    raw: Any, number: int, lines: dict[str, int], origin: str
) -> tuple[PrescriptionEvent | None, list[str]]:
    def where(field: str) -> str:
        line = lines.get(field) or lines.get("")
        place = f"{origin}:{line}" if line else origin
        return f"{place} (événement n° {number}, champ « {field} »)"

    if not isinstance(raw, dict):
        return None, [f"{where('type')} : table attendue (type, date, ...)"]
    errors = [f"{where(str(f))} : champ inconnu" for f in sorted(set(raw) - _EVENT_FIELDS, key=str)]
    kind: EventKind | None = None
    if "type" not in raw:
        errors.append(f"{where('type')} : champ obligatoire absent")
    else:
        try:
            kind = EventKind(str(raw["type"]).strip())
        except ValueError:
            allowed = ", ".join(k.value for k in EventKind)
            errors.append(f"{where('type')} : « {raw['type']} » inconnu, attendu l'un de {allowed}")
    on: date | None = None
    if "date" not in raw:
        errors.append(f"{where('date')} : champ obligatoire absent")
    else:
        try:
            on = parse_date(raw["date"])
        except ValueError as exc:
            errors.append(f"{where('date')} : {exc}")
    end: date | None = None
    if raw.get("fin") is not None:
        try:
            end = parse_date(raw["fin"])
        except ValueError as exc:
            errors.append(f"{where('fin')} : {exc}")
        if end is not None and on is not None and end < on:
            errors.append(f"{where('fin')} : antérieure à la date de l'événement")
    void = raw.get("non_avenue", False)
    if not isinstance(void, bool):
        errors.append(f"{where('non_avenue')} : true ou false attendu")
        void = False
    if errors or kind is None or on is None:
        return None, errors
    return PrescriptionEvent(kind, on, end, void), []


def read_prescription_file(path: Path) -> PrescriptionFile:
    """Read and parse ``path`` (``.json``, else YAML)."""
    try:
        text = read_text(path)
    except ValueError as exc:
        raise PrescriptionFileError([str(exc)]) from None
    return parse_prescription_text(text, str(path))
