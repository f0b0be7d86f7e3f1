"""Prescription (C. civ. 2219-2254): end dates to the day, interruptions, suspensions."""

from __future__ import annotations

from datetime import date

import pytest

from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.cpc import Period, TimeUnit
from recouvre.law.parameters import MissingLegalData
from recouvre.law.prescription.computation import (
    PrescriptionLaw,
    PrescriptionResult,
    PrescriptionStatus,
    compute_prescription,
)
from recouvre.law.prescription.events import ClaimKind, EventKind, PrescriptionEvent
from recouvre.reference.loader import load_tables

TABLES = load_tables()
PARIS = HolidayCalendar.for_departement("75")
DUE = date(2021, 6, 30)


def run(
    kind: ClaimKind,
    start: date,
    *events: PrescriptionEvent,
    on: date = date(2040, 1, 1),
    alerts: tuple[Period, ...] | None = None,
) -> PrescriptionResult:
    law = PrescriptionLaw.from_tables(kind, start, TABLES)
    if alerts is None:
        return compute_prescription(kind, start, events, law=law, on=on, calendar=PARIS)
    return compute_prescription(kind, start, events, law=law, on=on, calendar=PARIS, alerts=alerts)


def ev(kind: EventKind, on: date, end: date | None = None, void: bool = False) -> PrescriptionEvent:
    return PrescriptionEvent(kind, on, end, void)


def test_example_4a_original_end() -> None:
    result = run(ClaimKind.COMMERCIAL, DUE, on=date(2022, 1, 1))
    assert result.legal_end == date(2026, 6, 30)
    assert result.practical_deadline == date(2026, 6, 30)  # a Tuesday


def test_example_4a_acknowledgement_on_a_saturday_no_extension() -> None:
    result = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.FORMAL_NOTICE, date(2022, 1, 10)),
        ev(EventKind.ACKNOWLEDGEMENT, date(2023, 3, 11)),
        on=date(2027, 1, 1),
    )
    assert result.legal_end == date(2028, 3, 11)  # Saturday: never extended
    assert result.practical_deadline == date(2028, 3, 10)  # Friday
    assert result.status is PrescriptionStatus.RUNNING
    text = "\n".join(result.explanation)
    assert "mise en demeure — sans effet" in text
    assert "C. civ. 2231" in text
    assert "jamais reportée" in text


def test_example_4a_filing_is_not_service_and_late_service_is_too_late() -> None:
    result = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.ACKNOWLEDGEMENT, date(2023, 3, 11)),
        ev(EventKind.PAYMENT_ORDER_FILED, date(2028, 3, 1)),
        ev(EventKind.PAYMENT_ORDER_SERVED, date(2028, 3, 15)),
        on=date(2028, 4, 1),
    )
    assert result.legal_end == date(2028, 3, 11)
    assert result.status is PrescriptionStatus.ACQUIRED
    assert any("la requête n'interrompt pas" in line for line in result.explanation)
    assert any("prescription était acquise" in line for line in result.explanation)


def test_service_of_the_order_in_time_interrupts() -> None:
    result = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.ACKNOWLEDGEMENT, date(2023, 3, 11)),
        ev(EventKind.PAYMENT_ORDER_SERVED, date(2028, 3, 10)),
    )
    assert result.legal_end == date(2033, 3, 10)


@pytest.mark.parametrize(
    ("kind", "start", "legal_end"),
    [
        (ClaimKind.COMMERCIAL, date(2024, 3, 15), date(2029, 3, 15)),
        (ClaimKind.CIVIL, date(2024, 3, 15), date(2029, 3, 15)),
        (ClaimKind.CONSUMER, date(2025, 4, 15), date(2027, 4, 15)),
        (ClaimKind.CARRIAGE, date(2025, 4, 15), date(2026, 4, 15)),
        (ClaimKind.RESIDENTIAL_RENT, date(2025, 4, 5), date(2028, 4, 5)),
        (ClaimKind.COMMERCIAL_RENT, date(2025, 4, 5), date(2030, 4, 5)),
        (ClaimKind.ENFORCEABLE_TITLE, date(2026, 12, 1), date(2036, 12, 1)),
        (ClaimKind.CONSUMER, date(2024, 2, 29), date(2026, 2, 28)),  # 29 Feb -> end of month
    ],
)
def test_period_by_kind_of_claim(kind: ClaimKind, start: date, legal_end: date) -> None:
    assert run(kind, start, on=start).legal_end == legal_end


def test_partial_payment_and_enforcement_interrupt() -> None:
    result = run(
        ClaimKind.CONSUMER,
        date(2025, 4, 15),
        ev(EventKind.PARTIAL_PAYMENT, date(2026, 1, 20)),
        ev(EventKind.ENFORCEMENT, date(2027, 6, 1)),
    )
    assert result.legal_end == date(2029, 6, 1)


def test_mediation_suspends_with_six_month_minimum() -> None:
    # 2 years from 2025-04-15 -> 2027-04-15; mediation 01/03/2027 -> 15/03/2027:
    # 45 days remained -> 29/04/2027, but at least 6 months after the end -> 15/09/2027.
    result = run(
        ClaimKind.CONSUMER,
        date(2025, 4, 15),
        ev(EventKind.MEDIATION, date(2027, 3, 1), date(2027, 3, 15)),
    )
    assert result.legal_end == date(2027, 9, 15)
    assert any("six mois" in line or "6 mois" in line for line in result.explanation)


def test_conciliation_keeps_the_time_already_run() -> None:
    # 5 years from 2021-06-30 -> 2026-06-30; conciliation 2022-01-01 -> 2022-03-01 (59 days):
    # 1641 days remained, resumed on 2022-03-01 -> 2026-08-28.
    result = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.CONCILIATION, date(2022, 1, 1), date(2022, 3, 1)),
    )
    assert result.legal_end == date(2026, 8, 28)


def test_small_claims_agreement_suspends_until_refusal() -> None:
    result = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.SMALL_CLAIMS_AGREEMENT, date(2026, 6, 1), date(2026, 6, 20)),
    )
    assert result.legal_end == date(2026, 12, 20)  # 29 days left < 6 months


def test_ongoing_suspension_or_proceedings_leave_the_end_open() -> None:
    ongoing = run(ClaimKind.COMMERCIAL, DUE, ev(EventKind.MEDIATION, date(2024, 1, 10)))
    assert ongoing.legal_end is None
    assert ongoing.status is PrescriptionStatus.STOPPED
    action = run(ClaimKind.COMMERCIAL, DUE, ev(EventKind.LEGAL_ACTION, date(2024, 1, 10)))
    assert action.legal_end is None
    assert any("2242" in line for line in action.explanation)


def test_legal_action_interrupts_until_the_end_of_the_proceedings() -> None:
    result = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.LEGAL_ACTION, date(2024, 1, 10), date(2025, 2, 3)),
    )
    assert result.legal_end == date(2030, 2, 3)


def test_void_legal_action_does_not_interrupt() -> None:
    result = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.LEGAL_ACTION, date(2024, 1, 10), date(2025, 2, 3), void=True),
    )
    assert result.legal_end == date(2026, 6, 30)
    assert any("2243" in line for line in result.explanation)


def test_claim_declaration_and_conservatory_measure_interrupt() -> None:
    declared = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.CLAIM_DECLARATION, date(2024, 5, 2), date(2026, 1, 15)),
    )
    assert declared.legal_end == date(2031, 1, 15)
    seized = run(ClaimKind.COMMERCIAL, DUE, ev(EventKind.CONSERVATORY_MEASURE, date(2025, 9, 9)))
    assert seized.legal_end == date(2030, 9, 9)


def test_interruption_during_a_suspension_restarts_at_its_end() -> None:
    result = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.MEDIATION, date(2023, 1, 1), date(2023, 6, 30)),
        ev(EventKind.ACKNOWLEDGEMENT, date(2023, 3, 1)),
    )
    assert result.legal_end == date(2028, 6, 30)


def test_events_after_the_observation_date_are_left_out() -> None:
    result = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.ACKNOWLEDGEMENT, date(2023, 3, 11)),
        on=date(2023, 1, 1),
    )
    assert result.legal_end == date(2026, 6, 30)
    assert any("postérieur" in line for line in result.explanation)


def test_alerts_before_the_practical_deadline() -> None:
    result = run(
        ClaimKind.COMMERCIAL,
        DUE,
        ev(EventKind.ACKNOWLEDGEMENT, date(2023, 3, 11)),
        on=date(2027, 12, 20),
    )
    dates = [(alert.before.label_fr, alert.on, alert.due) for alert in result.alerts]
    assert dates == [
        ("6 mois", date(2027, 9, 10), True),
        ("3 mois", date(2027, 12, 10), True),
        ("1 mois", date(2028, 2, 10), False),
    ]
    custom = run(
        ClaimKind.COMMERCIAL,
        DUE,
        on=date(2026, 6, 20),
        alerts=(Period(15, TimeUnit.DAYS),),
    )
    assert [(a.on, a.due) for a in custom.alerts] == [(date(2026, 6, 15), True)]


def test_long_stop_caps_repeated_acknowledgements_not_enforcement() -> None:
    acks = [ev(EventKind.ACKNOWLEDGEMENT, date(2021 + 4 * i, 6, 1)) for i in range(1, 6)]
    capped = run(ClaimKind.COMMERCIAL, DUE, *acks)
    assert capped.legal_end == date(2041, 6, 30)  # 20 years from the start (C. civ. 2232)
    lifted = run(ClaimKind.COMMERCIAL, DUE, ev(EventKind.ENFORCEMENT, date(2022, 1, 5)), *acks)
    assert lifted.legal_end == date(2042, 6, 1)  # the 2041 acknowledgement is after `on`


def test_missing_period_row_is_a_clear_error() -> None:
    with pytest.raises(MissingLegalData, match="prescription_residential_rent_years"):
        PrescriptionLaw.from_tables(ClaimKind.RESIDENTIAL_RENT, date(2010, 1, 1), TABLES)
