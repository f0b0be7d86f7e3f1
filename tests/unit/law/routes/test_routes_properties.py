"""Properties of the route recommendation over random cases (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from recouvre.domain.parties import DebtorKind
from recouvre.law.deadlines.cpc import Residence
from recouvre.law.parameters import LegalTables
from recouvre.law.routes.recommendation import recommend_routes
from recouvre.law.routes.rules import (
    ClaimAmounts,
    ClaimNature,
    CollectiveKind,
    CollectiveProceedings,
    Dispute,
    Evidence,
    JudicialContext,
    Route,
)
from recouvre.reference.loader import shipped_rows

TABLES = LegalTables(shipped_rows())
CENTS = Decimal("0.01")

amounts = st.builds(
    ClaimAmounts,
    principal=st.integers(1, 6_000_000).map(lambda c: Decimal(c) * CENTS),
    interest=st.integers(0, 500_000).map(lambda c: Decimal(c) * CENTS),
    indemnity=st.sampled_from([Decimal("0.00"), Decimal("40.00"), Decimal("120.00")]),
    costs=st.integers(0, 50_000).map(lambda c: Decimal(c) * CENTS),
)
residences = st.sampled_from(
    [
        Residence.from_departement("69"),
        Residence.from_departement("57"),
        Residence.from_departement("67"),
        Residence.from_departement("75"),
        Residence.from_departement("974"),
        Residence.abroad("Allemagne"),
    ]
)
evidence = st.builds(
    Evidence,
    signed_order=st.booleans(),
    accepted_quote=st.booleans(),
    delivery_note=st.booleans(),
    terms_accepted=st.booleans(),
    bill_of_exchange=st.booleans(),
    unpaid_cheque=st.booleans(),
)
days = st.integers(min_value=0, max_value=1200).map(lambda n: date(2024, 3, 1) + timedelta(n))
collective = st.none() | st.builds(
    CollectiveProceedings,
    kind=st.sampled_from(list(CollectiveKind)),
    publication_date=st.none() | days,
)


@st.composite
def contexts(draw: st.DrawFn) -> JudicialContext:
    on = draw(days)
    offset = draw(st.integers(min_value=-400, max_value=2000))
    return JudicialContext(
        on=on,
        amounts=draw(amounts),
        debtor_kind=draw(st.sampled_from(list(DebtorKind))),
        nature=draw(st.sampled_from(list(ClaimNature))),
        residence=draw(residences),
        prescription_end=on + timedelta(days=offset),
        dispute=draw(st.sampled_from(list(Dispute))),
        evidence=draw(evidence),
        enforceable_title=draw(st.booleans()),
        assets_at_risk=draw(st.booleans()),
        debtor_cooperation_likely=draw(st.booleans()),
        small_claims_failed=draw(st.booleans()),
        collective=draw(collective),
    )


@settings(max_examples=100, deadline=None)
@given(contexts())
def test_ranking_is_deterministic_and_covers_every_route_once(ctx: JudicialContext) -> None:
    advice = recommend_routes(ctx, TABLES)
    assert advice == recommend_routes(ctx, TABLES)
    seen = [o.route for o in (*advice.ranked, *advice.excluded)]
    assert sorted(seen, key=lambda r: r.order) == list(Route)
    assert all(o.reasons for o in advice.excluded)
    assert any(o.route is Route.NO_ACTION for o in advice.ranked)


@settings(max_examples=100, deadline=None)
@given(contexts())
def test_no_route_is_recommended_on_a_time_barred_claim(ctx: JudicialContext) -> None:
    advice = recommend_routes(ctx, TABLES)
    if ctx.time_barred:
        assert [o.route for o in advice.ranked] == [Route.NO_ACTION]
    if advice.first.route is not Route.NO_ACTION:
        assert not ctx.time_barred


# Found by hypothesis: a hearing cheaper than the petites créances but dearer than the
# injonction de payer; the ranking then turned in a circle.
CIRCLE = JudicialContext(
    on=date(2024, 3, 1),
    amounts=ClaimAmounts(Decimal("0.01"), Decimal("522.42"), Decimal("120.00"), Decimal("500.00")),
    debtor_kind=DebtorKind.COMPANY,
    nature=ClaimNature.CIVIL,
    residence=Residence.from_departement("69"),
    prescription_end=date(2024, 4, 15),
    dispute=Dispute.SERIOUS,
    evidence=Evidence(),
    enforceable_title=False,
    assets_at_risk=False,
    debtor_cooperation_likely=True,
    small_claims_failed=False,
    collective=None,
)


@settings(max_examples=150, deadline=None)
@given(contexts())
@example(CIRCLE)
def test_first_route_has_the_best_expected_value_unless_a_stated_priority(
    ctx: JudicialContext,
) -> None:
    """The first route has the best expected value, unless a legal priority put it there,
    or, for a claim under the petites créances ceiling, it is a worthwhile route without a
    hearing and the better-valued ones are costlier hearing routes (said in their reasons)."""
    advice = recommend_routes(ctx, TABLES)
    best = max(o.expected_value for o in advice.ranked)
    first = advice.first
    if first.priority:
        assert first.reasons[0] == first.priority
        assert first.expected_value > 0
    elif first.expected_value != best:
        assert first.route in {Route.SMALL_CLAIMS, Route.PAYMENT_ORDER}
        assert first.expected_value > 0
        ceiling = TABLES.value_on("small_claims_ceiling", ctx.on)
        assert ctx.amounts.principal_and_interest <= ceiling
        for better in advice.ranked:
            if better.expected_value > first.expected_value and not better.priority:
                assert better.route in {Route.INTERIM_PAYMENT, Route.SUMMONS_ON_MERITS}
                assert better.costs.total > first.costs.total
                assert any("disproportionnés" in r for r in better.reasons), better.reasons
    assert first.expected_value >= 0  # never recommend a loss over doing nothing


@settings(max_examples=100, deadline=None)
@given(contexts())
def test_legal_limits_hold(ctx: JudicialContext) -> None:
    advice = recommend_routes(ctx, TABLES)
    ceiling = TABLES.value_on("small_claims_ceiling", ctx.on)
    threshold = TABLES.value_on("representation_threshold", ctx.on)
    for option in advice.ranked:
        if option.route is Route.SMALL_CLAIMS:
            assert ctx.amounts.principal_and_interest <= ceiling
        if option.lawyer_required:
            assert ctx.amounts.total > threshold
        if option.amicable_attempt_required:
            assert option.court.is_judicial_court
            assert option.route in {Route.INTERIM_PAYMENT, Route.SUMMONS_ON_MERITS}
        if ctx.collective is not None:
            assert option.route in {Route.CLAIM_DECLARATION, Route.NO_ACTION}
        if option.route is Route.PAYMENT_ORDER:
            assert not ctx.abroad
        assert Decimal(0) <= option.recovery_probability <= Decimal(1)
