"""Injonction de payer timeline (CPC 1411-1422, décret 2026-96), worked example."""

from __future__ import annotations

from datetime import date

from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.cpc import Residence
from recouvre.law.deadlines.payment_order import (
    PaymentOrderFacts,
    PaymentOrderTimeline,
    Regime,
    payment_order_timeline,
    regime_of,
)
from recouvre.law.parameters import LegalTables
from recouvre.reference.loader import load_tables

TABLES = load_tables()
PARIS = HolidayCalendar.for_departement("75")
MOSELLE = HolidayCalendar.for_departement("57")
ORDER = date(2026, 9, 25)  # Friday, décret 2026-96 regime
SERVED = date(2026, 10, 1)  # Thursday, to the person


def timeline(facts: PaymentOrderFacts, calendar: HolidayCalendar = PARIS) -> PaymentOrderTimeline:
    return payment_order_timeline(facts, tables=TABLES, calendar=calendar)


def test_example_5_step_by_step() -> None:
    result = timeline(PaymentOrderFacts(ORDER, SERVED))
    assert result.regime is Regime.DECREE_2026_96
    assert result.service_limit.raw_end == date(2026, 12, 25)
    assert result.service_limit.end == date(2026, 12, 28)
    assert result.served_in_time is True
    assert result.opposition is not None
    assert result.opposition.raw_end == date(2026, 11, 1)
    assert result.opposition.end == date(2026, 11, 2)
    assert result.execution_from == date(2026, 12, 1)
    assert not result.opposition_open
    assert any("Toussaint" in line for line in result.explanation)
    assert any("Noël" in line for line in result.explanation)


def test_example_5_in_moselle_the_26_december_is_also_a_holiday() -> None:
    result = timeline(PaymentOrderFacts(ORDER, SERVED), MOSELLE)
    assert result.service_limit.end == date(2026, 12, 28)
    assert any("Saint-Étienne" in line for line in result.explanation)


def test_example_5_debtor_abroad() -> None:
    result = timeline(PaymentOrderFacts(ORDER, SERVED, residence=Residence.abroad()))
    assert result.opposition is not None
    assert result.opposition.end == date(2027, 1, 4)
    # Execution never before the end of the (suspensive) opposition period.
    assert result.execution_from == date(2027, 1, 5)


def test_example_5_pre_reform_regression_6_months() -> None:
    # The same order under tables without the décret 2026-96 rows: 6 months -> Thu 2027-03-25.
    pre_reform = LegalTables(row for row in TABLES if row.effective_from != date(2026, 9, 1))
    result = payment_order_timeline(
        PaymentOrderFacts(ORDER, SERVED), tables=pre_reform, calendar=PARIS
    )
    assert result.regime is Regime.BEFORE_DECREE_2026_96
    assert result.service_limit.end == date(2027, 3, 25)
    assert result.execution_from == date(2026, 11, 3)  # day after the opposition deadline


def test_boundary_orders_of_31_august_and_1_september_2026() -> None:
    before = timeline(PaymentOrderFacts(date(2026, 8, 31)))
    after = timeline(PaymentOrderFacts(date(2026, 9, 1)))
    assert before.regime is Regime.BEFORE_DECREE_2026_96
    assert after.regime is Regime.DECREE_2026_96
    assert before.service_limit.end == date(2027, 3, 1)  # 28 Feb 2027 is a Sunday
    assert after.service_limit.end == date(2026, 12, 1)
    assert regime_of(date(2026, 8, 31), TABLES) is Regime.BEFORE_DECREE_2026_96
    assert regime_of(date(2026, 9, 1), TABLES) is Regime.DECREE_2026_96


def test_old_regime_execution_the_day_after_the_opposition_deadline() -> None:
    result = timeline(PaymentOrderFacts(date(2026, 6, 10), date(2026, 6, 20)))
    assert result.opposition is not None
    assert result.opposition.end == date(2026, 7, 20)
    assert result.execution_from == date(2026, 7, 21)


def test_service_after_the_limit_makes_the_order_lapse() -> None:
    result = timeline(PaymentOrderFacts(ORDER, date(2026, 12, 29)))
    assert result.lapsed
    assert result.opposition is None
    assert result.execution_from is None
    assert any("non avenue" in line for line in result.explanation)
    on_time = timeline(PaymentOrderFacts(ORDER, date(2026, 12, 28)))
    assert not on_time.lapsed


def test_not_served_yet() -> None:
    result = timeline(PaymentOrderFacts(ORDER))
    assert result.served_in_time is None
    assert result.opposition is None
    assert result.execution_from is None


def test_service_not_to_the_person_keeps_opposition_open() -> None:
    result = timeline(PaymentOrderFacts(ORDER, SERVED, served_to_person=False))
    assert result.opposition is None
    assert result.opposition_open
    assert result.suspensive_opposition is not None
    assert result.suspensive_opposition.end == date(2026, 11, 2)
    assert any("1416 al. 2" in line for line in result.explanation)
    assert any("pas définitive" in line for line in result.explanation)


def test_service_not_to_the_person_then_a_freezing_measure() -> None:
    # First measure making assets unavailable on Mon 2027-01-18 -> opposition until 18 Feb.
    facts = PaymentOrderFacts(
        ORDER, SERVED, served_to_person=False, personal_trigger=date(2027, 1, 18)
    )
    result = timeline(facts)
    assert result.opposition is not None
    assert result.opposition.end == date(2027, 2, 18)
    assert not result.opposition_open
    assert result.execution_from == date(2026, 12, 1)


def test_unverified_execution_row_is_reported() -> None:
    result = timeline(PaymentOrderFacts(ORDER, SERVED))
    assert "payment_order_execution_months" in {row.key for row in result.rows if row.is_warning}
