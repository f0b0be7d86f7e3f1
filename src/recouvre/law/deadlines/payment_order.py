"""The injonction de payer timeline: service limit, opposition, execution (CPC 1411-1422).

Why (CPC 1405-1425):
- CPC 1411: the order is « non avenue » if not served within **6 months of its date**,
  **3 months** for orders rendered from 1 September 2026 (décret n° 2026-96). The length is
  the legal row ``payment_order_service_months`` read on the order's date, never a literal.
- CPC 1416: opposition « dans le mois qui suit la signification de l'ordonnance » (+ the CPC
  643 distance extension). If the service was not made to the person, the opposition stays
  admissible until one month after the first act served to the person or, failing that,
  the first enforcement measure making the debtor's assets unavailable: the order must not
  be treated as final then.
- CPC 1422: the opposition period suspends execution; the order becomes an enforceable
  title when it expires. Under the décret 2026-96 regime (orders from 1 September 2026,
  detected by the presence of the ``payment_order_execution_months`` row on the order's
  date), the creditor may pursue execution **two months after service** if no notice of
  opposition was received [S, wording U]. recouvre never proposes a date before the end of
  the opposition period itself (a debtor abroad has 3 months): it takes the later of both.
- CPC 642 applies to these deadlines ([K] for the service limit).

Worked example: order Fri 2026-09-25 -> serve by Mon 2026-12-28
(25 December, then the weekend); served to the person Thu 2026-10-01 -> opposition until
Mon 2026-11-02 (1 November is a Sunday and All Saints' Day), Mon 2027-01-04 for a debtor
abroad; execution without an opposition notice from Tue 2026-12-01. An order dated
2026-08-31 falls under the 6-month rule: serve by 2027-02-28 (a Sunday) -> Mon 2027-03-01.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, timedelta

from recouvre.law.calendar import HolidayCalendar, format_date_fr
from recouvre.law.deadlines.cpc import (
    METROPOLITAN,
    Deadline,
    Period,
    Residence,
    Step,
    add_period,
    procedural_deadline,
)
from recouvre.law.deadlines.procedures import DeadlineKind, deadline_for, distance_rule, spec_of
from recouvre.law.parameters import LegalRow, LegalTables

EXECUTION_KEY = "payment_order_execution_months"


class Regime(enum.Enum):
    """Which version of CPC 1411-1422 governs the order (by the order's date)."""

    BEFORE_DECREE_2026_96 = "avant-decret-2026-96"
    DECREE_2026_96 = "decret-2026-96"


@dataclass(frozen=True, slots=True)
class PaymentOrderFacts:
    """What happened to one injonction de payer order.

    ``personal_trigger``: when the service was not made to the person, the date of the first
    act served to the person or, failing that, of the first enforcement measure making the
    debtor's assets unavailable (CPC 1416 al. 2); ``None`` if none yet.
    """

    order_date: date
    served_on: date | None = None
    served_to_person: bool = True
    personal_trigger: date | None = None
    residence: Residence = METROPOLITAN


@dataclass(frozen=True, slots=True)
class PaymentOrderTimeline:
    """The computed dates of an order and, in ``steps``, how each was obtained in French.

    ``opposition`` is the deadline that runs now (``None`` while it does not run yet);
    ``suspensive_opposition`` is the one-month period from service that suspends execution
    (CPC 1416 al. 1, 1422); ``opposition_open`` is true while an opposition remains
    admissible without a known end; ``execution_from`` is the first day execution may be
    pursued (``None`` before service or when the order lapsed).
    """

    facts: PaymentOrderFacts
    regime: Regime
    service_limit: Deadline
    served_in_time: bool | None
    suspensive_opposition: Deadline | None
    opposition: Deadline | None
    opposition_open: bool
    execution_from: date | None
    steps: tuple[Step, ...]
    rows: tuple[LegalRow, ...]

    @property
    def lapsed(self) -> bool:
        """True when the order was served too late (CPC 1411: « non avenue »)."""
        return self.served_in_time is False

    @property
    def explanation(self) -> tuple[str, ...]:
        return tuple(step.text for step in self.steps)


def regime_of(order_date: date, tables: LegalTables) -> Regime:
    """The regime of an order: the décret 2026-96 one when its execution row is in force."""
    if tables.has(EXECUTION_KEY, order_date):
        return Regime.DECREE_2026_96
    return Regime.BEFORE_DECREE_2026_96


def payment_order_timeline(
    facts: PaymentOrderFacts, *, tables: LegalTables, calendar: HolidayCalendar
) -> PaymentOrderTimeline:
    """Every deadline of an injonction de payer order, from what is known of it.

    ``calendar`` is that of the court's seat (where the opposition is filed, [U]).
    """
    regime = regime_of(facts.order_date, tables)
    service_limit = deadline_for(
        DeadlineKind.SERVICE_OF_ORDER, facts.order_date, tables=tables, calendar=calendar
    )
    steps: list[Step] = list(service_limit.steps)
    rows: list[LegalRow] = list(service_limit.rows)
    empty = PaymentOrderTimeline(
        facts=facts,
        regime=regime,
        service_limit=service_limit,
        served_in_time=None,
        suspensive_opposition=None,
        opposition=None,
        opposition_open=False,
        execution_from=None,
        steps=(),
        rows=(),
    )
    if facts.served_on is None:
        steps.append(
            Step(
                service_limit.end,
                "Ordonnance non encore signifiée : l'opposition et l'exécution dépendent de la "
                "date de signification.",
            )
        )
        return _done(empty, steps, rows)

    served = facts.served_on
    if served > service_limit.end:
        steps.append(
            Step(
                served,
                f"Signifiée le {format_date_fr(served)}, après le "
                f"{format_date_fr(service_limit.end)} : l'ordonnance est non avenue (CPC 1411) ; "
                "il faut présenter une nouvelle requête.",
            )
        )
        return _done(replace(empty, served_in_time=False), steps, rows)

    steps.append(Step(served, f"Signifiée le {format_date_fr(served)}, dans le délai (CPC 1411)."))
    suspensive = deadline_for(
        DeadlineKind.OPPOSITION, served, tables=tables, calendar=calendar, residence=facts.residence
    )
    rows.extend(suspensive.rows)
    opposition: Deadline | None = suspensive
    opposition_open = False
    if facts.served_to_person:
        steps.extend(suspensive.steps)
    else:
        opposition, opposition_open = _not_to_person(
            facts, suspensive, tables, calendar, steps, rows
        )

    execution, execution_text = _execution_from(facts, regime, suspensive.end, tables, rows)
    steps.append(Step(execution, execution_text))
    if not facts.served_to_person:
        steps.append(
            Step(
                execution,
                "L'ordonnance n'est pas définitive tant que le délai d'opposition de l'alinéa 2 "
                "de l'article 1416 n'est pas expiré.",
            )
        )
    timeline = replace(
        empty,
        served_in_time=True,
        suspensive_opposition=suspensive,
        opposition=opposition,
        opposition_open=opposition_open,
        execution_from=execution,
    )
    return _done(timeline, steps, rows)


def _execution_from(
    facts: PaymentOrderFacts,
    regime: Regime,
    opposition_end: date,
    tables: LegalTables,
    rows: list[LegalRow],
) -> tuple[date, str]:
    """The first day the order may be executed without an opposition, and why: the day after
    the suspensive opposition deadline (CPC 1422), and for orders under décret n° 2026-96 not
    before service + the execution row; a row used is appended to ``rows``."""
    assert facts.served_on is not None
    served = facts.served_on
    execution = opposition_end + timedelta(days=1)
    if regime is not Regime.DECREE_2026_96:
        return execution, (
            f"Exécution possible à compter du {format_date_fr(execution, with_weekday=True)}, "
            "lendemain de l'expiration du délai d'opposition suspensif (CPC 1422), sauf opposition."
        )
    row = tables.row_on(EXECUTION_KEY, facts.order_date)
    rows.append(row)
    after_service = add_period(served, Period.from_row(row))
    if after_service >= execution:
        return after_service, (
            f"Sans avis d'opposition reçu, exécution possible à compter du "
            f"{format_date_fr(after_service, with_weekday=True)} = signification + "
            f"{Period.from_row(row).label_fr} (décret n° 2026-96)."
        )
    return execution, (
        f"Signification + {Period.from_row(row).label_fr} = {format_date_fr(after_service)}"
        " tombe avant la fin du délai d'opposition : exécution possible à compter du "
        f"{format_date_fr(execution, with_weekday=True)}, lendemain de cette fin "
        "(CPC 1422 ; lecture prudente du décret n° 2026-96)."
    )


def _not_to_person(
    facts: PaymentOrderFacts,
    suspensive: Deadline,
    tables: LegalTables,
    calendar: HolidayCalendar,
    steps: list[Step],
    rows: list[LegalRow],
) -> tuple[Deadline | None, bool]:
    """An order not served to the person: the opposition stays open until a month after the
    first act served to the person (CPC 1416 al. 2), while the month after service still
    suspends execution (CPC 1422)."""
    assert facts.served_on is not None
    steps.append(
        Step(
            facts.served_on,
            "Signification non faite à personne : l'opposition reste recevable jusqu'à un mois "
            "après le premier acte signifié à personne ou, à défaut, la première mesure "
            "d'exécution rendant indisponibles les biens du débiteur (CPC 1416 al. 2).",
        )
    )
    found = _later_opposition(facts, tables, calendar, steps, rows)
    steps.append(
        Step(
            suspensive.end,
            "Le délai d'un mois suivant la signification, suspensif d'exécution (CPC 1422), "
            f"expire le {format_date_fr(suspensive.end, with_weekday=True)}.",
        )
    )
    return found


def _later_opposition(
    facts: PaymentOrderFacts,
    tables: LegalTables,
    calendar: HolidayCalendar,
    steps: list[Step],
    rows: list[LegalRow],
) -> tuple[Deadline | None, bool]:
    """The CPC 1416 al. 2 opposition deadline, once its trigger is known."""
    if facts.personal_trigger is None:
        steps.append(
            Step(
                facts.served_on or facts.order_date,
                "Aucun acte signifié à personne ni mesure d'indisponibilité connus : le délai "
                "d'opposition ne court pas encore.",
            )
        )
        return None, True
    spec = spec_of(DeadlineKind.OPPOSITION)
    row = tables.row_on(spec.key, facts.personal_trigger)
    distance, distance_rows = distance_rule(spec.distance, tables, facts.personal_trigger)
    deadline = procedural_deadline(
        facts.personal_trigger,
        Period.from_row(row),
        rule="Opposition à l'ordonnance d'injonction de payer (CPC 1416 al. 2)",
        trigger_label="premier acte signifié à personne ou première mesure d'indisponibilité",
        calendar=calendar,
        residence=facts.residence,
        distance=distance,
        rows=(row, *distance_rows),
    )
    steps.extend(deadline.steps)
    rows.extend(deadline.rows)
    return deadline, False


def _done(
    timeline: PaymentOrderTimeline, steps: list[Step], rows: list[LegalRow]
) -> PaymentOrderTimeline:
    unique = {(row.key, row.effective_from): row for row in rows}
    return replace(timeline, steps=tuple(steps), rows=tuple(unique.values()))
