"""The route fits the amount: rankings around each threshold of the legal data.

Thresholds (reference/data/thresholds.toml): petites créances ceiling 5 000 € in principal
and interest (CPCE R125-1), prior amicable attempt up to 5 000 € (CPC 750-1), lawyer
compulsory above 10 000 € (CPC 760-761, 853). Costs (judicial.toml, on 23 November 2026):
injonction de payer 150,00 € before the tribunal judiciaire, 185,21 € before the tribunal
de commerce; assignation au fond 205,00 € (TJ) / 275,00 € (TC) without a lawyer, 3 705,00 € /
3 775,00 € with one. No written evidence: the injonction de payer's odds are cut (×0.6),
so on expected value alone the assignation wins from about 300 € up to the lawyer threshold.

Below the petites créances ceiling the routes without a hearing rank first (issue 11 item 18:
a 690 € consumer claim had the assignation first); above it, expected value decides, and at
10 001 € the lawyer's fees put the injonction de payer back in front.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from recouvre.domain.parties import DebtorKind
from recouvre.law.deadlines.cpc import Residence
from recouvre.law.parameters import LegalTables
from recouvre.law.routes.recommendation import RouteAdvice, recommend_routes
from recouvre.law.routes.rules import (
    ClaimAmounts,
    ClaimNature,
    Evidence,
    JudicialContext,
    Route,
)
from recouvre.reference.loader import shipped_rows

TABLES = LegalTables(shipped_rows())
ON = date(2026, 11, 23)
NNBSP = "\u202f"
CEILING = f"5{NNBSP}000,00 €"


def advise(amount: str, debtor: DebtorKind, *, cooperative: bool = False) -> RouteAdvice:
    nature = ClaimNature.CIVIL if debtor is DebtorKind.CONSUMER else ClaimNature.COMMERCIAL
    return recommend_routes(
        JudicialContext(
            on=ON,
            amounts=ClaimAmounts(Decimal(amount), Decimal("0.00"), Decimal("0.00")),
            debtor_kind=debtor,
            nature=nature,
            residence=Residence.from_departement("69"),
            prescription_end=date(2030, 6, 30),
            evidence=Evidence(),
            debtor_cooperation_likely=cooperative,
        ),
        TABLES,
    )


@dataclass(frozen=True)
class Row:
    amount: str
    debtor: DebtorKind
    first: Route
    side: str  # "sous le plafond" / "au-delà du plafond"


C, B = DebtorKind.CONSUMER, DebtorKind.COMPANY
ROWS = [
    Row("690.00", C, Route.PAYMENT_ORDER, "sous le plafond"),
    Row("4999.00", C, Route.PAYMENT_ORDER, "sous le plafond"),
    Row("5000.00", C, Route.PAYMENT_ORDER, "sous le plafond"),
    Row("5001.00", C, Route.SUMMONS_ON_MERITS, "au-delà du plafond"),
    Row("9999.00", C, Route.SUMMONS_ON_MERITS, "au-delà du plafond"),
    Row("10000.00", C, Route.SUMMONS_ON_MERITS, "au-delà du plafond"),
    Row("10001.00", C, Route.PAYMENT_ORDER, "au-delà du plafond"),
    Row("690.00", B, Route.PAYMENT_ORDER, "sous le plafond"),
    Row("4999.00", B, Route.PAYMENT_ORDER, "sous le plafond"),
    Row("5000.00", B, Route.PAYMENT_ORDER, "sous le plafond"),
    Row("5001.00", B, Route.SUMMONS_ON_MERITS, "au-delà du plafond"),
    Row("9999.00", B, Route.SUMMONS_ON_MERITS, "au-delà du plafond"),
    Row("10000.00", B, Route.SUMMONS_ON_MERITS, "au-delà du plafond"),
    Row("10001.00", B, Route.PAYMENT_ORDER, "au-delà du plafond"),
]


def classement(advice: RouteAdvice, route: Route) -> str:
    reasons = [r for r in advice.option(route).reasons if r.startswith("classement : ")]
    assert len(reasons) == 1, advice.option(route).reasons
    return reasons[0]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.debtor.value}-{r.amount}" for r in ROWS])
def test_first_route_and_reasons_cite_the_threshold_and_costs(row: Row) -> None:
    advice = advise(row.amount, row.debtor)
    assert advice.first.route is row.first, [(o.route, o.expected_value) for o in advice.ranked]
    for option in advice.ranked:
        if option.route is Route.NO_ACTION:
            continue
        why = classement(advice, option.route)
        assert f"{row.side} de {CEILING} des petites créances" in why, why
        assert "CPCE R125-1" in why
        total = f"{option.costs.total:.2f}".replace(".", ",")
        assert f"frais attendus {total} €" in why.replace(NNBSP, ""), why


@pytest.mark.parametrize("debtor", [C, B])
@pytest.mark.parametrize("amount", ["690.00", "4999.00", "5000.00"])
def test_small_claims_hearing_routes_rank_after_the_cheaper_ones(
    amount: str, debtor: DebtorKind
) -> None:
    """Below the ceiling the assignation and the référé, costlier, come after the
    injonction de payer even when their expected value is higher, and say why."""
    advice = advise(amount, debtor)
    order = [o.route for o in advice.ranked]
    for hearing in (Route.SUMMONS_ON_MERITS, Route.INTERIM_PAYMENT):
        assert order.index(Route.PAYMENT_ORDER) < order.index(hearing), order
        assert "disproportionnés : classée après " in classement(advice, hearing)


def test_690_consumer_summons_had_the_higher_expected_value() -> None:
    """The case of the issue: on expected value alone the assignation (174,50 €) beats the
    injonction de payer (139,80 €); the threshold rule puts it second."""
    advice = advise("690.00", C)
    summons = advice.option(Route.SUMMONS_ON_MERITS)
    order = advice.option(Route.PAYMENT_ORDER)
    assert summons.expected_value == Decimal("174.50")
    assert order.expected_value == Decimal("139.80")
    assert advice.first.route is Route.PAYMENT_ORDER
    assert summons.costs.total == Decimal("205.00") > order.costs.total == Decimal("150.00")


@pytest.mark.parametrize("debtor", [C, B])
def test_cooperative_debtor_small_claims_first(debtor: DebtorKind) -> None:
    """A debtor likely to accept: the petites créances procedure (a title from the
    commissaire de justice, CPCE L125-1) ranks first, the assignation after the routes
    without a hearing."""
    advice = advise("690.00", debtor, cooperative=True)
    order = [o.route for o in advice.ranked]
    assert order[0] is Route.SMALL_CLAIMS, order
    assert order.index(Route.PAYMENT_ORDER) < order.index(Route.SUMMONS_ON_MERITS)
    assert "voie sans audience" in classement(advice, Route.SMALL_CLAIMS)
