"""CLI command ``judicial advise``: the judicial routes of a case, ranked, with their reasons,
court, lawyer, costs, delays and expected value (``law.routes.recommendation``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from recouvre.entrypoints.cli.labels import fr_date
from recouvre.entrypoints.cli.options import (
    CaseArgument,
    JsonOption,
    OnOption,
    date_or_today,
    euros,
)
from recouvre.entrypoints.cli.setup import open_app, print_json
from recouvre.law.statement.explain import provisional_sentence

if TYPE_CHECKING:
    from recouvre.law.routes.recommendation import RouteOption
    from recouvre.services.judicial.procedures import Advice


def _option_json(option: RouteOption) -> dict[str, Any]:
    return {
        "route": option.route.value,
        "label": option.route.label_fr,
        "feasible": option.feasible,
        "risky": option.risky,
        "priority": option.priority,
        "court": {
            "kind": option.court.kind.value,
            "label": option.court.label_fr,
            "place": option.court.place_fr,
        },
        "lawyer_required": option.lawyer_required,
        "amicable_attempt_required": option.amicable_attempt_required,
        "costs": f"{option.costs.total:.2f}",
        "delay_days": option.delay_days,
        "recovery_probability": str(option.recovery_probability),
        "expected_recovery": f"{option.expected_recovery:.2f}",
        "expected_value": f"{option.expected_value:.2f}",
        "costs_exceed_recovery": option.costs_exceed_recovery,
        "reasons": list(option.reasons),
        "unverified": [f"{r.key} ({r.status.value}) : {r.source}" for r in option.warnings],
    }


def advise(case: CaseArgument, on: OnOption = None, as_json: JsonOption = False) -> None:
    from recouvre.bootstrap import judicial_service

    with open_app() as app:
        day = date_or_today(on, "--on", app.clock.today)
        advice = judicial_service(app).advise(case, day)
    if as_json:
        print_json(_advice_json(advice, day))
    else:
        _print_advice(advice, day)


def _advice_json(advice: Advice, day: date) -> dict[str, Any]:
    totals = advice.statement.totals
    routes = advice.routes
    return {
        "case": advice.reference,
        "on": day.isoformat(),
        "amounts": {
            "principal": f"{totals.principal_outstanding:.2f}",
            "interest": f"{totals.interest_outstanding:.2f}",
            "indemnity": f"{totals.indemnity_outstanding:.2f}",
            "costs": f"{totals.costs_outstanding:.2f}",
            "total": f"{totals.total_due:.2f}",
        },
        "provisional_rate_on": _iso(advice.statement.provisional_rate_on),
        "prescription_end": (
            advice.prescription.legal_end.isoformat()
            if advice.prescription and advice.prescription.legal_end
            else None
        ),
        "ranked": [_option_json(o) for o in routes.ranked],
        "excluded": [_option_json(o) for o in routes.excluded],
        "unverified": sorted({f"{r.key} : {r.source}" for r in routes.warnings}),
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


ROUTE_COLUMNS = (
    "#",
    "Voie",
    "Juridiction",
    "Avocat",
    "Tentative amiable",
    "Frais",
    "Délai (j)",
    "Valeur attendue",
)


def _print_advice(advice: Advice, day: date) -> None:
    totals = advice.statement.totals
    routes = advice.routes
    console = Console()
    console.print(
        f"Dossier {advice.reference} au {fr_date(day)} : {euros(totals.total_due)} "
        f"(principal {euros(totals.principal_outstanding)}, intérêts "
        f"{euros(totals.interest_outstanding)}, indemnité {euros(totals.indemnity_outstanding)})"
    )
    rate_on = advice.statement.provisional_rate_on
    if rate_on is not None:  # never a provisional amount shown as final
        console.print(provisional_sentence(rate_on), soft_wrap=True, markup=False)
    if advice.prescription and advice.prescription.legal_end:
        console.print(f"Prescription acquise à la fin du {fr_date(advice.prescription.legal_end)}.")
    table = Table(title="Voies recommandées (par ordre)")
    for title in ROUTE_COLUMNS:
        table.add_column(title)
    for rank, o in enumerate(routes.ranked, start=1):
        table.add_row(
            str(rank),
            o.route.label_fr + (" ⚠" if o.risky else ""),
            o.court.label_fr,
            "oui" if o.lawyer_required else "non",
            "oui" if o.amicable_attempt_required else "non",
            euros(o.costs.total),
            str(o.delay_days),
            euros(o.expected_value),
        )
    console.print(table)
    for rank, o in enumerate(routes.ranked, start=1):
        console.print(f"[bold]{rank}. {o.route.label_fr}[/bold]")
        for reason in o.reasons:
            console.print(f"   - {reason}", markup=False)
    if routes.excluded:
        console.print("[bold]Voies écartées[/bold]")
        for o in routes.excluded:
            console.print(f"   - {o.route.label_fr} : {' ; '.join(o.reasons)}", markup=False)
    if routes.warnings:
        console.print("[bold]Données non vérifiées utilisées[/bold]")
        for row in routes.warnings:
            console.print(f"   - {row.key} ({row.status.value}) : {row.source}", markup=False)
