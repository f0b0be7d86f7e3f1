"""The case aggregate guards its phase transitions and records every change as an event."""

from datetime import date
from decimal import Decimal

import pytest

from recouvre.domain.cases import MAX_CASE_ID, Attitude, Case, CaseKey, Closure, Phase
from recouvre.domain.claims import Invoice
from recouvre.domain.errors import InvariantViolation
from recouvre.domain.events.cases import AttitudeChanged, CaseClosed, CaseOpened, PhaseChanged

D = date(2026, 3, 2)


def test_opening_records_an_event() -> None:
    case = Case.open(1, 2, D, case_id=7)
    [event] = case.pull_events()
    assert isinstance(event, CaseOpened)
    assert event.payload() == {"creditor_id": 1, "debtor_id": 2}
    assert case.pull_events() == []


def test_allowed_and_forbidden_transitions() -> None:
    case = Case.open(1, 2, D, case_id=7)
    case.move_to(Phase.FORMAL_NOTICE, D, "mise en demeure envoyée")
    case.move_to(Phase.JUDICIAL, D, "injonction de payer déposée")
    with pytest.raises(InvariantViolation, match="interdit"):
        case.move_to(Phase.AMICABLE, D, "retour à l'amiable")
    case.move_to(Phase.COLLECTIVE_PROCEEDINGS, D, "redressement judiciaire")
    kinds = [type(e) for e in case.pull_events()]
    assert kinds == [CaseOpened, PhaseChanged, PhaseChanged, PhaseChanged]


def test_closing_is_final() -> None:
    case = Case.open(1, 2, D)
    case.close(Closure.PAID, D, "soldé")
    assert not case.is_open and case.closure is Closure.PAID and case.closed_on == D
    with pytest.raises(InvariantViolation):
        case.close(Closure.PAID, D, "encore")
    with pytest.raises(InvariantViolation):
        case.move_to(Phase.AMICABLE, D, "rouvrir")
    assert isinstance(case.pull_events()[-1], CaseClosed)


def test_attitude_change_is_recorded_once() -> None:
    case = Case.open(1, 2, D)
    case.set_attitude(Attitude.BAD_FAITH, D, "promesse non tenue")
    case.set_attitude(Attitude.BAD_FAITH, D, "encore")
    changes = [e for e in case.pull_events() if isinstance(e, AttitudeChanged)]
    assert [c.to_attitude for c in changes] == ["bad_faith"]


def test_invoice_invariants() -> None:
    base = dict(
        id=None,
        creditor_id=1,
        debtor_id=2,
        number="F1",
        issue_date=D,
        due_date=D,
        amount=Decimal("100.00"),
    )
    assert Invoice(**base).outstanding == Decimal("100.00")  # type: ignore[arg-type]
    with pytest.raises(InvariantViolation, match="négatif"):
        Invoice(**{**base, "amount": Decimal("0")})  # type: ignore[arg-type]
    with pytest.raises(InvariantViolation, match="échéance"):
        Invoice(**{**base, "due_date": date(2026, 3, 1)})  # type: ignore[arg-type]
    with pytest.raises(InvariantViolation):
        Invoice(**{**base, "paid": Decimal("100.01")})  # type: ignore[arg-type]
    assert Invoice(**base).days_late(date(2026, 3, 12)) == 10  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123", CaseKey(123, "123")),
        (" 42 ", CaseKey(42, "42")),
        ("d-2026-000123", CaseKey(None, "D-2026-000123")),
        ("9223372036854775807", CaseKey(MAX_CASE_ID, "9223372036854775807")),
        ("9223372036854775808", CaseKey(None, "9223372036854775808")),
        ("0", CaseKey(None, "0")),
        ("²", CaseKey(None, "²")),
        ("١٢", CaseKey(None, "١٢")),
    ],
)
def test_a_case_key_is_an_id_a_row_can_carry_or_a_reference(text: str, expected: CaseKey) -> None:
    assert CaseKey.parse(text) == expected


def test_an_id_beyond_what_a_row_carries_names_no_case() -> None:
    assert CaseKey.parse("99999999999999999999999").matches_nothing
    assert not CaseKey.parse("D-2026-000001").matches_nothing
    assert not CaseKey.parse("1").matches_nothing
