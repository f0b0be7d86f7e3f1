"""CLI commands: ``recouvre deadline`` (procedural deadlines) and ``recouvre prescription``.

Thin: parse the arguments, load the legal tables (shipped rows + the user's corrections
file), call the pure ``recouvre.law`` functions, print the dates and how they were obtained
(text, or stable JSON with ``--json``). Formats are documented in docs/deadlines.md.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from recouvre.entrypoints.cli.law import DATE_FORMATS, legal_tables, usage_failure
from recouvre.law.calendar import (
    DEFAULT_DEPARTEMENT,
    HolidayCalendar,
    UnknownDepartement,
    format_date_fr,
)
from recouvre.law.deadlines.cpc import METROPOLITAN, Deadline, InvalidPeriodRow, Period, Residence
from recouvre.law.deadlines.procedures import (
    ALIASES,
    PROCEDURE_KEYS,
    DeadlineKind,
    UnknownDeadlineKind,
    deadline_for,
    parse_kind,
    row_warning_text,
    spec_of,
)
from recouvre.law.parameters import (
    LegalRow,
    MissingLegalData,
    key_label,
    warning_text,
    warnings_of,
)
from recouvre.law.prescription.computation import (
    PrescriptionLaw,
    PrescriptionResult,
    compute_prescription,
)

_KINDS_HELP = (
    "Types : "
    + ", ".join(f"{kind.value} ({spec_of(kind).trigger})" for kind in DeadlineKind)
    + ". Alias anglais : "
    + ", ".join(ALIASES)
    + "."
)


def _calendar(departement: str) -> HolidayCalendar:
    try:
        return HolidayCalendar.for_departement(departement)
    except UnknownDepartement as exc:
        raise usage_failure(str(exc)) from None


def _period_json(period: Period | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {"amount": period.amount, "unit": period.unit.value, "label": period.label_fr}


def _warnings(rows: tuple[LegalRow, ...]) -> list[str]:
    return [
        row_warning_text(row)
        if row.key in PROCEDURE_KEYS and key_label(row.key) == row.key
        else warning_text(row)
        for row in warnings_of(rows)
    ]


def _print_warnings(warnings: list[str]) -> None:
    if warnings:
        typer.echo("\nDonnées juridiques non vérifiées utilisées :")
        for line in warnings:
            typer.echo(f"  ⚠ {line}")


def deadline_json(
    kind: DeadlineKind, deadline: Deadline, departement: str, residence: Residence
) -> dict[str, Any]:
    """The stable JSON shape of a deadline (documented in docs/deadlines.md)."""
    return {
        "kind": kind.value,
        "rule": deadline.rule,
        "from": deadline.trigger.isoformat(),
        "period": _period_json(deadline.period),
        "raw_end": deadline.raw_end.isoformat(),
        "residence": residence.kind.value,
        "distance": _period_json(deadline.distance),
        "after_distance": deadline.after_distance.isoformat(),
        "departement": departement,
        "extended": deadline.extended,
        "end": deadline.end.isoformat(),
        "explanation": list(deadline.explanation),
        "warnings": _warnings(deadline.rows),
    }


def prescription_json(result: PrescriptionResult, departement: str) -> dict[str, Any]:
    """The stable JSON shape of a prescription result (documented in docs/deadlines.md)."""
    return {
        "kind": result.kind.value,
        "start": result.start.isoformat(),
        "on": result.on.isoformat(),
        "period": _period_json(result.period),
        "status": result.status.value,
        "legal_end": result.legal_end.isoformat() if result.legal_end else None,
        "practical_deadline": (
            result.practical_deadline.isoformat() if result.practical_deadline else None
        ),
        "departement": departement,
        "alerts": [
            {"before": alert.before.label_fr, "date": alert.on.isoformat(), "due": alert.due}
            for alert in result.alerts
        ],
        "explanation": list(result.explanation),
        "warnings": _warnings(result.rows),
    }


def deadline(
    kind: Annotated[str, typer.Argument(help="Type de délai. " + _KINDS_HELP, show_default=False)],
    from_: Annotated[
        datetime,
        typer.Option(
            "--from",
            formats=DATE_FORMATS,
            help="Date du point de départ (AAAA-MM-JJ ou JJ/MM/AAAA).",
            show_default=False,
        ),
    ],
    departement: Annotated[
        str,
        typer.Option(
            "--departement",
            help="Département du lieu où l'acte doit être accompli (calendrier des jours fériés).",
        ),
    ] = DEFAULT_DEPARTEMENT,
    abroad: Annotated[
        bool, typer.Option("--abroad", help="La personne demeure à l'étranger (CPC 643).")
    ] = False,
    overseas: Annotated[
        bool, typer.Option("--overseas", help="La personne demeure outre-mer (CPC 643).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    """Calcule un délai de procédure (CPC 640 à 644) et explique comment il est obtenu."""
    try:
        parsed = parse_kind(kind)
    except UnknownDeadlineKind as exc:
        raise usage_failure(str(exc)) from None
    if abroad and overseas:
        raise usage_failure("--abroad et --overseas s'excluent")
    residence = Residence.abroad() if abroad else Residence.overseas() if overseas else METROPOLITAN
    calendar = _calendar(departement)
    try:
        result = deadline_for(
            parsed, from_.date(), tables=legal_tables(), calendar=calendar, residence=residence
        )
    except (MissingLegalData, InvalidPeriodRow) as exc:
        raise usage_failure(str(exc)) from None
    if as_json:
        payload = deadline_json(parsed, result, calendar.departement, residence)
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{result.rule}")
    typer.echo(f"Dernier jour : {format_date_fr(result.end, with_weekday=True)}\n")
    for line in result.explanation:
        typer.echo(f"- {line}")
    _print_warnings(_warnings(result.rows))


def prescription(
    file: Annotated[
        Path,
        typer.Argument(
            help="Fichier YAML ou JSON décrivant la créance et ses événements "
            "(voir docs/deadlines.md).",
            show_default=False,
        ),
    ],
    on: Annotated[
        datetime,
        typer.Option(
            "--on",
            formats=DATE_FORMATS,
            help="Date d'observation : alertes échues, événements connus.",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    """Calcule la prescription d'une créance : fin légale, date limite pratique, alertes."""
    from recouvre.bootstrap.law import PrescriptionFileError, read_prescription_file

    try:
        described = read_prescription_file(file)
    except PrescriptionFileError as exc:
        raise usage_failure(
            "fichier de prescription invalide :\n" + "\n".join(exc.errors)
        ) from None
    calendar = _calendar(described.departement)
    try:
        law = PrescriptionLaw.from_tables(described.kind, described.start, legal_tables())
        result = compute_prescription(
            described.kind,
            described.start,
            described.events,
            law=law,
            on=on.date(),
            calendar=calendar,
            alerts=described.alerts,
        )
    except (MissingLegalData, InvalidPeriodRow) as exc:
        raise usage_failure(str(exc)) from None
    if as_json:
        typer.echo(
            json.dumps(
                prescription_json(result, calendar.departement), ensure_ascii=False, indent=2
            )
        )
        return
    _print_prescription(result)


def _when(day: date | None) -> str:
    return format_date_fr(day, with_weekday=True) if day is not None else "indéterminée"


def _print_prescription(result: PrescriptionResult) -> None:
    typer.echo(f"Prescription au {format_date_fr(result.on)} : {result.kind.label_fr}")
    typer.echo(f"Fin légale : {_when(result.legal_end)}")
    typer.echo(f"Date limite pratique : {_when(result.practical_deadline)}")
    due = result.alerts_due
    if due:
        typer.echo(
            "Alertes échues : "
            + ", ".join(f"{a.before.label_fr} avant ({format_date_fr(a.on)})" for a in due)
        )
    upcoming = [alert for alert in result.alerts if alert.on > result.on]
    if upcoming:
        typer.echo(
            "Prochaines alertes : "
            + ", ".join(f"{a.before.label_fr} avant ({format_date_fr(a.on)})" for a in upcoming)
        )
    typer.echo("\nExplication :")
    for line in result.explanation:
        typer.echo(f"- {line}")
    _print_warnings(_warnings(result.rows))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("deadline", help="Délai de procédure (opposition, signification, appel...).")(
        deadline
    )
    app.command("prescription", help="Prescription d'une créance décrite dans un fichier.")(
        prescription
    )
