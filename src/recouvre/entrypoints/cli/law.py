"""CLI commands: ``recouvre statement FILE --on DATE``, ``recouvre law rates`` and
``recouvre law update`` (the official rates fetched, shown, added as user rows once confirmed).

Thin: read the input file and the legal tables (shipped rows plus the user's corrections file,
``RECOUVRE_LAW_FILE``) through ``bootstrap.law``, call ``recouvre.law.statement.computation``,
print French text or a stable JSON document (docs/statement-format.md). Every secondary or
unverified legal row used is printed as a warning. ``usage_failure`` and ``legal_tables`` serve
the other commands that compute on the law alone.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from recouvre.entrypoints.cli.options import DATE_FORMATS as DATE_FORMAT_LIST
from recouvre.entrypoints.cli.options import confirmed, euros
from recouvre.law.parameters import (
    LegalRow,
    LegalTables,
    MissingLegalData,
    key_label,
    warning_text,
)
from recouvre.law.statement.computation import InvoiceStatement, Statement, statement
from recouvre.law.statement.explain import statement_lines
from recouvre.services.law_rates.updates import due_rows
from recouvre.services.queries import money

DATE_FORMATS = list(DATE_FORMAT_LIST)

law_app = typer.Typer(
    name="law",
    help="Données juridiques : taux, seuils et montants datés, avec leur source et leur statut.",
    no_args_is_help=True,
)


def usage_failure(message: str) -> typer.Exit:
    """The exit of a command whose input (a file, an option) cannot be used (exit code 2)."""
    typer.echo(f"Erreur : {message}", err=True)
    return typer.Exit(code=2)


def legal_tables() -> LegalTables:
    """The legal tables, or a French error listing every problem of the corrections file."""
    from recouvre.bootstrap import law

    try:
        return law.legal_tables()
    except law.LawFileError as exc:
        raise usage_failure("données juridiques illisibles :\n" + "\n".join(exc.errors)) from None


def rate_text(value: Decimal) -> str:
    """``14.5`` -> ``"14.50"``; finer rates keep their decimals."""
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:.{places}f}"


def _invoice_json(inv: InvoiceStatement) -> dict[str, Any]:
    return {
        "number": inv.number,
        "issue_date": inv.issue_date.isoformat(),
        "due_date": inv.due_date.isoformat(),
        "amount": money(inv.amount),
        "regime": inv.regime.value if inv.regime else None,
        "interest_from": inv.interest_from.isoformat() if inv.interest_from else None,
        "principal_outstanding": money(inv.principal_outstanding),
        "interest": {
            "accrued": money(inv.interest),
            "paid": money(inv.interest_paid),
            "outstanding": money(inv.interest_outstanding),
            "capitalised": money(inv.capitalised),
            "slices": [
                {
                    "kind": s.kind.value,
                    "from": s.first.isoformat(),
                    "to": s.last.isoformat(),
                    "days": s.days,
                    "rate": rate_text(s.rate),
                    "basis": money(s.basis),
                    "year_days": s.denominator,
                    "amount": money(s.amount),
                }
                for s in inv.slices
            ],
        },
        "indemnity": {
            "amount": money(inv.indemnity),
            "paid": money(inv.indemnity_paid),
            "outstanding": money(inv.indemnity_outstanding),
        },
        "costs": {
            "amount": money(inv.costs),
            "paid": money(inv.costs_paid),
            "outstanding": money(inv.costs_outstanding),
        },
        "total_due": money(inv.total_due),
    }


def statement_json(result: Statement, creditor: str = "", debtor: str = "") -> dict[str, Any]:
    """The stable JSON document of ``recouvre statement --json`` (docs/statement-format.md)."""
    totals = result.totals
    return {
        "on": result.on.isoformat(),
        "creditor": creditor,
        "debtor": debtor,
        "invoices": [_invoice_json(inv) for inv in result.invoices],
        "payments": [
            {
                "date": p.payment.received_on.isoformat(),
                "amount": money(p.payment.amount),
                "designated_invoice": p.payment.designated_invoice,
                "reference": p.payment.reference,
                "imputation": [
                    {
                        "invoice": a.invoice,
                        "rule": a.rule.value,
                        "accessories": money(a.accessories),
                        "interest": money(a.interest),
                        "principal": money(a.principal),
                        "total": money(a.total),
                    }
                    for a in p.imputation.allocations
                ],
                "surplus": money(p.imputation.surplus),
            }
            for p in result.payments
        ],
        "totals": {
            "principal_outstanding": money(totals.principal_outstanding),
            "interest": money(totals.interest),
            "interest_outstanding": money(totals.interest_outstanding),
            "indemnity": money(totals.indemnity),
            "indemnity_outstanding": money(totals.indemnity_outstanding),
            "costs": money(totals.costs),
            "costs_outstanding": money(totals.costs_outstanding),
            "total_due": money(totals.total_due),
            "surplus": money(result.surplus),
        },
        "notices": [
            {"code": n.code.value, "invoice": n.invoice, "message": n.message}
            for n in result.notices
        ],
        "warnings": [warning_text(row) for row in result.warnings],
        "explanation": statement_lines(result),
    }


def statement_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="Fichier YAML ou JSON décrivant la créance (voir docs/statement-format.md).",
            show_default=False,
        ),
    ],
    on: Annotated[
        datetime,
        typer.Option(
            "--on",
            formats=DATE_FORMATS,
            help="Date du décompte (AAAA-MM-JJ ou JJ/MM/AAAA).",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    """Décompte d'une créance à une date : principal, intérêts tranche par tranche,
    indemnité, frais, paiements et leur imputation, total dû."""
    from recouvre.bootstrap.law import StatementFileError, read_statement_file

    try:
        request = read_statement_file(file)
    except StatementFileError as exc:
        raise usage_failure("fichier illisible :\n" + "\n".join(exc.errors)) from None
    tables = legal_tables()
    try:
        result = statement(
            request.invoices,
            request.payments,
            request.facts,
            on.date(),
            tables,
            request.options,
            request.costs,
        )
    except MissingLegalData as exc:
        raise usage_failure(
            f"{exc} (recouvre law update, ou fichier de corrections : RECOUVRE_LAW_FILE, "
            "voir docs/law.md)"
        ) from None
    if as_json:
        payload = statement_json(result, request.creditor_name, request.debtor_name)
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for line in statement_lines(result):
        typer.echo(line)
    if result.notices:
        typer.echo("\nÀ noter :")
        for notice in result.notices:
            typer.echo(f"  • {notice.message}")
    if result.warnings:
        typer.echo("\nDonnées juridiques non vérifiées utilisées :")
        for row in result.warnings:
            typer.echo(f"  ⚠ {warning_text(row)}")


def _row_json(row: LegalRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": key_label(row.key),
        "effective_from": row.effective_from.isoformat(),
        "until": row.until.isoformat() if row.until else None,
        "value": str(row.value),
        "unit": row.unit,
        "status": row.status.value,
        "source": row.source,
        "note": row.note,
    }


@law_app.command("rates")
def rates(
    on: Annotated[
        datetime | None,
        typer.Option(
            "--on",
            formats=DATE_FORMATS,
            help="Date (AAAA-MM-JJ ou JJ/MM/AAAA) ; par défaut aujourd'hui.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    """Liste les lignes juridiques en vigueur à une date, avec leur statut et leur source."""
    from recouvre.bootstrap import today

    day: date = on.date() if on is not None else today()
    tables = legal_tables()
    rows = tables.in_force(day)
    if as_json:
        due = due_rows(tables, day)
        payload = {
            "on": day.isoformat(),
            "next_half_year": {"starts": due.starts.isoformat(), "present": due.present},
            "rows": [_row_json(row) for row in rows],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    typer.echo(f"Données juridiques en vigueur le {day.strftime('%d/%m/%Y')}")
    typer.echo(_due_line(tables, day))
    for row in rows:
        mark = "✓" if not row.is_warning else "⚠"
        until = f" jusqu'au {row.until.strftime('%d/%m/%Y')}" if row.until else ""
        label = key_label(row.key)
        name = row.key if label == row.key else f"{label} ({row.key})"
        typer.echo(
            f"{mark} {name} : {quantity(row.value, row.unit)} — depuis le "
            f"{row.effective_from.strftime('%d/%m/%Y')}{until} — {row.status.label_fr} — "
            f"{row.source}"
        )


_DUE_NAMES = {
    "ecb_mro": "taux BCE",
    "til_particuliers": "taux légal particuliers",
    "til_autres": "taux légal autres cas",
}


def _due_line(tables: LegalTables, day: date) -> str:
    """« Prochain semestre : 01/01/2027 — taux BCE absent … (recouvre law update) »."""
    due = due_rows(tables, day)
    parts = [
        f"{_DUE_NAMES[key]} {'présent' if present else 'absent'}"
        for key, present in due.present.items()
    ]
    hint = "" if all(due.present.values()) else " (recouvre law update)"
    return f"Prochain semestre : {due.starts.strftime('%d/%m/%Y')} — {', '.join(parts)}{hint}"


def percent_fr(value: Decimal) -> str:
    """``Decimal("4.15")`` -> ``"4,15 %"`` (French number format)."""
    return f"{rate_text(value).replace('.', ',')} %"


def _update_row_line(row: LegalRow) -> str:
    label = key_label(row.key)
    return (
        f"  + {label} ({row.key}) au {row.effective_from.strftime('%d/%m/%Y')} : "
        f"{percent_fr(row.value)} — source : {row.source}"
    )


@law_app.command("update")
def update(
    yes: Annotated[
        bool, typer.Option("--yes", "--oui", help="Ajouter sans demander de confirmation.")
    ] = False,
    on: Annotated[
        datetime | None,
        typer.Option(
            "--on",
            formats=DATE_FORMATS,
            help="Date du relevé (AAAA-MM-JJ ou JJ/MM/AAAA) ; par défaut aujourd'hui.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Sortie JSON stable (n'écrit qu'avec --yes).")
    ] = False,
) -> None:
    """Relève le taux BCE (Data Portal de la BCE) et le taux de l'intérêt légal (Banque de
    France), montre les nouvelles lignes avec leur source et les ajoute, après confirmation, au
    fichier de lignes utilisateur."""
    from recouvre.bootstrap import law_update, today

    legal_tables()  # a broken corrections file is reported before any request
    day: date = on.date() if on is not None else today()
    found = law_update.fetch_updates(day)
    if as_json:
        written = bool(found.rows) and yes
        if written:
            law_update.add_rows(found)
        payload = {
            "on": day.isoformat(),
            "file": str(found.target),
            "sources": list(found.sources),
            "rows": [_row_json(row) for row in found.rows],
            "written": written,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not found.rows:
        typer.echo(
            f"Taux à jour : aucune nouvelle ligne ({' ; '.join(found.sources)}, relevé le "
            f"{day.strftime('%d/%m/%Y')})."
        )
        return
    typer.echo(f"{len(found.rows)} nouvelle(s) ligne(s) :")
    for row in found.rows:
        typer.echo(_update_row_line(row))
    if not yes and not confirmed(f"Ajouter ces lignes à {found.target} ?"):
        typer.echo("Rien n'a été écrit.")
        return
    target = law_update.add_rows(found)
    typer.echo(f"{len(found.rows)} ligne(s) ajoutée(s) à {target}.")


_UNITS = {"percent": "%", "days": "jours", "months": "mois", "years": "ans", "points": "points"}


def quantity(value: object, unit: str) -> str:
    """A legal row's value as a French reader writes it: « 2,75 % », « 40,00 € », « 8 jours »."""
    if unit == "EUR":
        return euros(Decimal(str(value)))
    number = str(value).replace(".", ",")
    word = _UNITS.get(unit, "")
    return f"{number}\u00a0{word}" if word == "%" else f"{number} {word}".strip()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("statement", help="Décompte d'une créance à une date (fichier YAML ou JSON).")(
        statement_command
    )
    app.add_typer(law_app, name="law")
