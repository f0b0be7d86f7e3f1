"""The named procedural deadlines of collection: one table, one function.

Why: the judicial phase (injonction de payer, saisie conservatoire, collective proceedings)
lives by a handful of deadlines, each with its own trigger, length (a dated legal row),
distance extension and article:

- ``opposition`` (CPC 1416): 1 month from the service of the order to the person; CPC 643.
- ``signification-ordonnance`` (CPC 1411): 6 or 3 months from the order's date; no distance.
- ``appel`` (CPC 538): 1 month from the service of the judgment; CPC 643.
- ``saisie-conservatoire-execution`` (CPCE R511-6): 3 months from the authorising order.
- ``saisie-conservatoire-au-fond`` (CPCE R511-7): 1 month from the execution of the measure.
- ``saisie-conservatoire-denonciation`` (CPCE R523-3): 8 days from the execution.
- ``declaration-creance`` (C. com. L622-24, R622-24): 2 months from the BODACC publication,
  + 2 months for a creditor living outside metropolitan France.
- ``releve-forclusion`` (C. com. L622-26): 6 months from the BODACC publication.

Each is extended to the next working day when it would end on a Saturday, Sunday or
public holiday (CPC 642; applying it to the CPC 1411 service limit, a procedural deadline,
is [K]). The lengths are read from the ``LegalTables`` passed in, on the trigger date (for
the service limit, the order's date: 3 months for orders from 1 September 2026).

Worked example: ``deadline_for(DeadlineKind.SERVICE_OF_ORDER,
date(2026, 9, 25), ...)`` -> 2026-12-25 (Christmas, a Friday), Saturday, Sunday -> Monday
2026-12-28.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import assert_never

from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.cpc import (
    METROPOLITAN,
    Deadline,
    DistanceRule,
    InvalidPeriodRow,
    Period,
    Residence,
    procedural_deadline,
)
from recouvre.law.errors import LawError
from recouvre.law.parameters import LegalRow, LegalTables

# The keys of reference/data/procedure.toml: (French label, unit), in the shape of
# ``recouvre.law.parameters.KEYS``; their warnings print the period (« 1 mois »), not the raw
# value, hence ``row_warning_text``.
PROCEDURE_KEYS: dict[str, tuple[str, str]] = {
    "prescription_commercial_years": ("prescription entre professionnels", "years"),
    "prescription_civil_years": ("prescription civile de droit commun", "years"),
    "prescription_consumer_years": ("prescription professionnel contre consommateur", "years"),
    "prescription_carriage_years": ("prescription du contrat de transport", "years"),
    "prescription_residential_rent_years": ("prescription du bail d'habitation", "years"),
    "prescription_commercial_rent_years": ("prescription des loyers commerciaux", "years"),
    "prescription_enforceable_title_years": ("délai d'exécution d'un titre exécutoire", "years"),
    "prescription_long_stop_years": ("délai butoir de la prescription", "years"),
    "prescription_suspension_min_restart_months": (
        "durée minimale de reprise après suspension",
        "months",
    ),
    "payment_order_service_months": ("délai de signification de l'injonction de payer", "months"),
    "payment_order_opposition_months": ("délai d'opposition à l'injonction de payer", "months"),
    "payment_order_execution_months": ("délai d'exécution sans avis d'opposition", "months"),
    "payment_order_opposition_notice_months": (
        "délai d'avis de l'opposition par le greffe",
        "months",
    ),
    "distance_overseas_months": ("délai de distance outre-mer", "months"),
    "distance_abroad_months": ("délai de distance à l'étranger", "months"),
    "appeal_months": ("délai d'appel", "months"),
    "conservatory_execution_months": ("délai d'exécution de la saisie conservatoire", "months"),
    "conservatory_merits_months": ("délai d'action au fond après saisie conservatoire", "months"),
    "conservatory_notice_days": ("délai de dénonciation de la saisie conservatoire", "days"),
    "claim_declaration_months": ("délai de déclaration de créance", "months"),
    "claim_declaration_outside_metropolitan_months": (
        "allongement du délai de déclaration hors métropole",
        "months",
    ),
    "foreclosure_relief_months": ("délai de l'action en relevé de forclusion", "months"),
}


def row_warning_text(row: LegalRow) -> str:
    """French warning line for a non-verified row, labelled with ``PROCEDURE_KEYS``."""
    label = PROCEDURE_KEYS.get(row.key, (row.key, row.unit))[0]
    try:
        amount = Period.from_row(row).label_fr
    except InvalidPeriodRow:
        amount = f"{row.value} {row.unit}"
    text = (
        f"{label} ({row.key}) du {row.effective_from.strftime('%d/%m/%Y')} : "
        f"{amount} — {row.status.label_fr} ({row.source})"
    )
    return text + (f" ; {row.note}" if row.note else "")


class DeadlineKind(enum.Enum):
    """The procedural deadlines recouvre computes (values are the CLI's French names)."""

    OPPOSITION = "opposition"
    SERVICE_OF_ORDER = "signification-ordonnance"
    APPEAL = "appel"
    CONSERVATORY_EXECUTION = "saisie-conservatoire-execution"
    CONSERVATORY_MERITS = "saisie-conservatoire-au-fond"
    CONSERVATORY_NOTICE = "saisie-conservatoire-denonciation"
    CLAIM_DECLARATION = "declaration-creance"
    FORECLOSURE_RELIEF = "releve-forclusion"


# English aliases accepted by the command line (the glossary's identifiers).
ALIASES: dict[str, DeadlineKind] = {
    "service-of-order": DeadlineKind.SERVICE_OF_ORDER,
    "appeal": DeadlineKind.APPEAL,
    "conservatory-execution": DeadlineKind.CONSERVATORY_EXECUTION,
    "conservatory-merits": DeadlineKind.CONSERVATORY_MERITS,
    "conservatory-notice": DeadlineKind.CONSERVATORY_NOTICE,
    "claim-declaration": DeadlineKind.CLAIM_DECLARATION,
    "foreclosure-relief": DeadlineKind.FORECLOSURE_RELIEF,
}


class UnknownDeadlineKind(LawError):
    def __init__(self, name: str) -> None:
        known = ", ".join(kind.value for kind in DeadlineKind)
        super().__init__(f"type de délai inconnu « {name} » : attendu l'un de {known}")
        self.name = name


def parse_kind(name: str) -> DeadlineKind:
    """The kind named in French (``opposition``) or by its English alias (``appeal``)."""
    text = name.strip().lower()
    try:
        return DeadlineKind(text)
    except ValueError:
        pass
    if text in ALIASES:
        return ALIASES[text]
    raise UnknownDeadlineKind(name)


class DistanceKind(enum.Enum):
    NONE = "none"
    CPC_643 = "cpc643"
    OUTSIDE_METROPOLITAN = "r622-24"


@dataclass(frozen=True, slots=True)
class KindSpec:
    """What the law says about one kind: its row, its words, its distance rule."""

    key: str
    rule: str
    trigger: str
    distance: DistanceKind


def spec_of(kind: DeadlineKind) -> KindSpec:
    """The legal description of a kind (an explicit table, no names built from strings)."""
    match kind:
        case DeadlineKind.OPPOSITION:
            return KindSpec(
                "payment_order_opposition_months",
                "Opposition à l'ordonnance d'injonction de payer (CPC 1416)",
                "signification de l'ordonnance à personne",
                DistanceKind.CPC_643,
            )
        case DeadlineKind.SERVICE_OF_ORDER:
            return KindSpec(
                "payment_order_service_months",
                "Signification de l'ordonnance d'injonction de payer, "
                "à peine de non-avenu (CPC 1411)",
                "date de l'ordonnance",
                DistanceKind.NONE,
            )
        case DeadlineKind.APPEAL:
            return KindSpec(
                "appeal_months",
                "Appel d'un jugement contentieux (CPC 538)",
                "signification du jugement",
                DistanceKind.CPC_643,
            )
        case DeadlineKind.CONSERVATORY_EXECUTION:
            return KindSpec(
                "conservatory_execution_months",
                "Exécution de la saisie conservatoire autorisée, à peine de caducité (CPCE R511-6)",
                "ordonnance d'autorisation",
                DistanceKind.NONE,
            )
        case DeadlineKind.CONSERVATORY_MERITS:
            return KindSpec(
                "conservatory_merits_months",
                "Procédure au fond ou formalités d'obtention d'un titre après une saisie "
                "conservatoire, à peine de caducité (CPCE R511-7)",
                "exécution de la mesure",
                DistanceKind.NONE,
            )
        case DeadlineKind.CONSERVATORY_NOTICE:
            return KindSpec(
                "conservatory_notice_days",
                "Dénonciation de la saisie conservatoire au débiteur (CPCE R523-3)",
                "exécution de la mesure",
                DistanceKind.NONE,
            )
        case DeadlineKind.CLAIM_DECLARATION:
            return KindSpec(
                "claim_declaration_months",
                "Déclaration de créance au mandataire judiciaire (C. com. L622-24, R622-24)",
                "publication du jugement d'ouverture au BODACC",
                DistanceKind.OUTSIDE_METROPOLITAN,
            )
        case DeadlineKind.FORECLOSURE_RELIEF:
            return KindSpec(
                "foreclosure_relief_months",
                "Action en relevé de forclusion (C. com. L622-26)",
                "publication du jugement d'ouverture au BODACC",
                DistanceKind.NONE,
            )
        case _:
            assert_never(kind)


def distance_rule(
    kind: DistanceKind, tables: LegalTables, on: date
) -> tuple[DistanceRule | None, tuple[LegalRow, ...]]:
    """The distance extension of a deadline, from the legal rows in force on ``on``."""
    match kind:
        case DistanceKind.NONE:
            return None, ()
        case DistanceKind.CPC_643:
            overseas = tables.row_on("distance_overseas_months", on)
            abroad = tables.row_on("distance_abroad_months", on)
            rule = DistanceRule(Period.from_row(overseas), Period.from_row(abroad), "CPC 643")
            return rule, (overseas, abroad)
        case DistanceKind.OUTSIDE_METROPOLITAN:
            row = tables.row_on("claim_declaration_outside_metropolitan_months", on)
            extra = Period.from_row(row)
            return DistanceRule(extra, extra, "C. com. R622-24"), (row,)
        case _:
            assert_never(kind)


def deadline_for(
    kind: DeadlineKind,
    trigger: date,
    *,
    tables: LegalTables,
    calendar: HolidayCalendar,
    residence: Residence = METROPOLITAN,
) -> Deadline:
    """The last day of ``kind`` running from ``trigger`` (see the module table).

    The length row is read on the trigger date (the order's date for the service limit);
    ``Deadline.rows`` lists every legal row used, so a caller can show the unverified ones.
    """
    spec = spec_of(kind)
    row = tables.row_on(spec.key, trigger)
    distance, distance_rows = distance_rule(spec.distance, tables, trigger)
    return procedural_deadline(
        trigger,
        Period.from_row(row),
        rule=spec.rule,
        trigger_label=spec.trigger,
        calendar=calendar,
        residence=residence,
        distance=distance,
        rows=(row, *distance_rows),
    )
