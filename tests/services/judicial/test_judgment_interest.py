"""Interest under a title: from the day the decision became enforceable (+ 5 points, CMF
L313-3) and on the sums the decision orders interest on (C. civ. 1231-7)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.law.interest import LegalRateCategory
from recouvre.law.parameters import LegalTables
from recouvre.reference.loader import shipped_rows
from recouvre.services.judicial.judgment_interest import title_statement
from recouvre.services.judicial.records import EnforceableTitle, InterestBasis

TABLES = LegalTables(shipped_rows())
NNBSP = "\u202f"


def title(
    *,
    pronounced: date = date(2026, 7, 1),
    amount: str = "10000.00",
    served: date | None = None,
    enforceable: date | None = None,
    accessories: str = "0.00",
    basis: InterestBasis = InterestBasis.PRINCIPAL,
) -> EnforceableTitle:
    return EnforceableTitle(
        None, 1, None, pronounced, Decimal(amount), served, "jugement",
        enforceable_on=enforceable, accessories=Decimal(accessories), interest_basis=basis,
    )  # fmt: skip


def test_an_order_is_increased_two_months_after_it_became_enforceable_not_its_service() -> None:
    """Order served 01/07/2026, enforceable from 03/08/2026 (opposition period over, CPC
    1422): two months expire on 03/10/2026, + 5 points from 04/10/2026 — not from 02/09/2026
    (two months after the service)."""
    statement = title_statement(
        title(served=date(2026, 7, 1), enforceable=date(2026, 8, 3)),
        (), date(2026, 12, 31), TABLES, LegalRateCategory.AUTRES,
    )  # fmt: skip
    assert statement.increased_from == date(2026, 10, 4)
    plain = [s for s in statement.slices if s.kind.value == "legal"]
    increased = [s for s in statement.slices if s.kind.value == "legal_increased"]
    assert plain[-1].last == date(2026, 10, 3) and plain[-1].rate == Decimal("2.75")
    assert increased[0].first == date(2026, 10, 4) and increased[0].rate == Decimal("7.75")


def test_a_judgment_without_an_enforceable_date_runs_from_its_service() -> None:
    """CPC 503 and 514: enforceable by right from its date, executable once served."""
    statement = title_statement(
        title(served=date(2026, 7, 15)), (), date(2026, 12, 31), TABLES
    )
    assert statement.increased_from == date(2026, 9, 16)


def test_principal_only_and_principal_and_accessories() -> None:
    """Judgment of 01/07/2026: 10 000,00 € principal, 1 540,00 € accessories (40 € indemnity,
    1 500 € CPC 700); interest from 02/07 to 31/12/2026 = 183 days at 2,75 % (no service, no
    increase), ACT/365, rounded half-up:

    - principal only: 10 000,00 × 2,75 % × 183 / 365 = 137,8767 → 137,88 €;
      due 10 000 + 1 540 + 137,88 = 11 677,88 €;
    - principal and accessories: 11 540,00 × 2,75 % × 183 / 365 = 159,1097 → 159,11 €;
      due 11 540 + 159,11 = 11 699,11 €.
    """
    on = date(2026, 12, 31)
    only = title_statement(title(accessories="1540.00"), (), on, TABLES)
    assert only.interest == Decimal("137.88")
    assert only.total_due == Decimal("11677.88")
    assert [s.basis for s in only.slices] == [Decimal("10000.00")]
    both = title_statement(
        title(accessories="1540.00", basis=InterestBasis.PRINCIPAL_AND_ACCESSORIES), (), on, TABLES
    )
    assert both.interest == Decimal("159.11")
    assert both.total_due == Decimal("11699.11")
    text = only.interest_basis_fr.replace(NNBSP, " ").replace("\u00a0", " ")
    assert text == (
        "Intérêts au taux légal sur le principal seul (10 000,00 €) à compter du 01/07/2026 ; "
        "accessoires sans intérêts : 1 540,00 €."
    )
    text = both.interest_basis_fr.replace(NNBSP, " ").replace("\u00a0", " ")
    assert "sur le principal et les accessoires (11 540,00 €)" in text


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500000"), places=2)


@settings(max_examples=80, deadline=None)
@given(
    principal=amounts,
    accessories=st.decimals(min_value=Decimal("0"), max_value=Decimal("50000"), places=2),
    start=st.integers(min_value=0, max_value=300),
    length=st.integers(min_value=0, max_value=700),
    served=st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
)
def test_interest_on_principal_only_never_exceeds_principal_and_accessories(
    principal: Decimal, accessories: Decimal, start: int, length: int, served: int | None
) -> None:
    pronounced = date(2025, 1, 1) + timedelta(days=start)
    on = min(pronounced + timedelta(days=length), date(2026, 12, 31))
    served_on = None if served is None else pronounced + timedelta(days=served)
    titles = [
        EnforceableTitle(
            None,
            1,
            None,
            pronounced,
            principal,
            served_on,
            "jugement",
            accessories=accessories,
            interest_basis=basis,
        )
        for basis in InterestBasis
    ]
    results = [title_statement(t, (), on, TABLES) for t in titles]
    only, both = (r.interest for r in results)
    assert isinstance(only, Decimal) and isinstance(both, Decimal)
    assert Decimal("0") <= only <= both
    assert all(r.principal_outstanding == principal + accessories for r in results)
