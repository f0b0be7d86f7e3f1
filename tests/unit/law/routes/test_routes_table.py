"""Route recommendation: a table of contrasting cases, each with its first route and reasons.

The figures come from the shipped legal tables (reference/data/*.toml), dated 23 November 2026.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

import pytest

from recouvre.domain.parties import DebtorKind
from recouvre.law.deadlines.cpc import Residence
from recouvre.law.parameters import LegalRow, LegalTables, MissingLegalData, Status
from recouvre.law.routes.recommendation import RouteAdvice, recommend_routes
from recouvre.law.routes.rules import (
    ClaimAmounts,
    ClaimNature,
    CollectiveKind,
    CollectiveProceedings,
    CourtKind,
    Dispute,
    Evidence,
    JudicialContext,
    Route,
)
from recouvre.reference.loader import merge, shipped_rows

TABLES = LegalTables(shipped_rows())
ON = date(2026, 11, 23)
FAR = date(2030, 6, 30)
SIGNED = Evidence(signed_order=True)


def context(
    principal: str,
    *,
    interest: str = "0.00",
    indemnity: str = "0.00",
    debtor: DebtorKind = DebtorKind.COMPANY,
    nature: ClaimNature = ClaimNature.COMMERCIAL,
    departement: str | None = "69",
    prescription_end: date = FAR,
    **facts: object,
) -> JudicialContext:
    residence = (
        Residence.from_departement(departement) if departement else Residence.abroad("Belgique")
    )
    return JudicialContext(
        on=ON,
        amounts=ClaimAmounts(Decimal(principal), Decimal(interest), Decimal(indemnity)),
        debtor_kind=debtor,
        nature=nature,
        residence=residence,
        prescription_end=prescription_end,
        **facts,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Case:
    name: str
    facts: JudicialContext
    first: Route
    court: CourtKind
    first_reasons: tuple[str, ...]
    excluded: dict[Route, str] = field(default_factory=dict)
    lawyer: bool = False


CASES = [
    Case(
        "B2B 8 000 € non contesté, bon de commande signé",
        context("8000.00", interest="120.00", indemnity="40.00", evidence=SIGNED),
        Route.PAYMENT_ORDER,
        CourtKind.COMMERCIAL_COURT,
        ("CPC 1405", "CPC 750-1 ne s'applique pas"),
        {Route.SMALL_CLAIMS: "au-delà du plafond", Route.CONSERVATORY_ATTACHMENT: "L511-1"},
    ),
    Case(
        "3 000 € non contesté, accord du débiteur probable",
        context("3000.00", evidence=SIGNED, debtor_cooperation_likely=True),
        Route.SMALL_CLAIMS,
        CourtKind.BAILIFF,
        ("L111-3 5°", "charge exclusive du créancier"),
    ),
    Case(
        "25 000 € sérieusement contesté",
        context("25000.00", evidence=SIGNED, dispute=Dispute.SERIOUS),
        Route.SUMMONS_ON_MERITS,
        CourtKind.COMMERCIAL_COURT,
        ("avocat obligatoire", "le juge du fond tranche"),
        {Route.INTERIM_PAYMENT: "pas lieu à référé"},
        lawyer=True,
    ),
    Case(
        "biens menacés : saisie conservatoire d'abord",
        context("12000.00", evidence=SIGNED, assets_at_risk=True),
        Route.CONSERVATORY_ATTACHMENT,
        CourtKind.COMMERCIAL_COURT,
        ("biens menacés", "R511-7", "autorisation du juge"),
    ),
    Case(
        "biens menacés et lettre de change : sans autorisation",
        context("12000.00", evidence=Evidence(bill_of_exchange=True), assets_at_risk=True),
        Route.CONSERVATORY_ATTACHMENT,
        CourtKind.COMMERCIAL_COURT,
        ("L511-2",),
    ),
    Case(
        "débiteur en redressement judiciaire : déclaration seulement",
        context(
            "9000.00",
            evidence=SIGNED,
            collective=CollectiveProceedings(CollectiveKind.RECEIVERSHIP, date(2026, 10, 14)),
        ),
        Route.CLAIM_DECLARATION,
        CourtKind.MANDATARY,
        ("L622-24", "14/12/2026", "40 €"),
        {
            Route.PAYMENT_ORDER: "L622-21",
            Route.SUMMONS_ON_MERITS: "L622-21",
            Route.CONSERVATORY_ATTACHMENT: "L622-21",
        },
    ),
    Case(
        "liquidation publiée il y a 10 mois : créance forclose",
        context(
            "9000.00",
            collective=CollectiveProceedings(CollectiveKind.LIQUIDATION, date(2026, 1, 12)),
        ),
        Route.NO_ACTION,
        CourtKind.NONE,
        ("passée en perte",),
        {Route.CLAIM_DECLARATION: "forclose"},
    ),
    Case(
        "créance prescrite : rien",
        context("8000.00", evidence=SIGNED, prescription_end=date(2026, 11, 20)),
        Route.NO_ACTION,
        CourtKind.NONE,
        ("prescrit",),
        {Route.PAYMENT_ORDER: "prescrite", Route.SUMMONS_ON_MERITS: "prescrite"},
    ),
    Case(
        "créance de 150 € : les frais dépassent le recouvrement",
        context("150.00", evidence=SIGNED),
        Route.NO_ACTION,
        CourtKind.NONE,
        ("passée en perte",),
    ),
    Case(
        "débiteur en Moselle : chambre commerciale du tribunal judiciaire",
        context("8000.00", evidence=SIGNED, departement="57"),
        Route.PAYMENT_ORDER,
        CourtKind.COMMERCIAL_CHAMBER,
        ("CPC 1405",),
    ),
    Case(
        "consommateur 2 000 € sans pièce écrite : injonction de payer, sans audience",
        context("2000.00", debtor=DebtorKind.CONSUMER, nature=ClaimNature.CIVIL, departement="75"),
        Route.PAYMENT_ORDER,
        CourtKind.JUDICIAL_COURT,
        ("CPC 750-1 ne s'applique pas", "sous le plafond de 5\u202f000,00 €", "voie sans audience"),
    ),
    Case(
        "crédit à la consommation : juge des contentieux de la protection",
        context(
            "4000.00",
            debtor=DebtorKind.CONSUMER,
            nature=ClaimNature.CONSUMER_CREDIT,
            departement="13",
            evidence=SIGNED,
        ),
        Route.PAYMENT_ORDER,
        CourtKind.PROTECTION_JUDGE,
        ("CPC 1405",),
    ),
    Case(
        "débiteur à l'étranger : ni injonction ni petites créances",
        context("9000.00", evidence=SIGNED, departement=None),
        Route.INTERIM_PAYMENT,
        CourtKind.COMMERCIAL_COURT,
        ("compétence internationale",),
        {Route.PAYMENT_ORDER: "domicilié en France", Route.SMALL_CLAIMS: "en France"},
    ),
    Case(
        "prescription dans 20 jours : l'injonction de payer arriverait trop tard",
        context("8000.00", evidence=SIGNED, prescription_end=date(2026, 12, 13)),
        Route.INTERIM_PAYMENT,
        CourtKind.COMMERCIAL_COURT,
        ("agir sans attendre", "C. civ. 2241"),
        {Route.PAYMENT_ORDER: "n'interrompt pas la prescription"},
    ),
    Case(
        "titre exécutoire détenu : exécution",
        context("8000.00", enforceable_title=True),
        Route.ENFORCEMENT,
        CourtKind.BAILIFF,
        ("titre exécutoire détenu", "L111-4"),
        {Route.PAYMENT_ORDER: "déjà détenu", Route.SMALL_CLAIMS: "déjà détenu"},
    ),
    Case(
        "contestation légère sans pièce écrite : au fond",
        context("6000.00", dispute=Dispute.MINOR),
        Route.SUMMONS_ON_MERITS,
        CourtKind.COMMERCIAL_COURT,
        ("le juge du fond tranche", "avocat facultatif"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_first_route_court_and_reasons(case: Case) -> None:
    advice = recommend_routes(case.facts, TABLES)
    first = advice.first
    assert first.route is case.first, [(o.route, o.expected_value) for o in advice.ranked]
    assert first.court.kind is case.court
    assert first.lawyer_required is case.lawyer
    text = " | ".join(first.reasons)
    for expected in case.first_reasons:
        assert expected in text, text
    for route, why in case.excluded.items():
        option = advice.option(route)
        assert not option.feasible, route
        assert any(why in reason for reason in option.reasons), option.reasons


def test_undisputed_b2b_costs_from_the_tariff() -> None:
    """On 2 June 2025 (arrêté of 28 February 2024): TC greffe 35.21 € + signification
    25.79 € HT × 2 (claim above 1 280 €) + 20 % VAT + 9 € travel + 80 € internal cost;
    recovery 70 % of 8 160 €."""
    facts = replace(CASES[0].facts, on=date(2025, 6, 2))
    order = recommend_routes(facts, TABLES).option(Route.PAYMENT_ORDER)
    signification = (Decimal("25.79") * 2 * Decimal("1.20")).quantize(Decimal("0.01"))
    assert order.costs.court_fees == Decimal("35.21")
    assert order.costs.bailiff == signification + Decimal("9.00")
    assert order.costs.total == Decimal("35.21") + signification + Decimal("9.00") + 80
    assert order.expected_recovery == Decimal("0.70") * Decimal("8160.00")
    assert order.expected_value == order.expected_recovery - order.costs.total
    assert order.delay_days == 90
    assert not any("ordre de grandeur" in reason for reason in order.reasons)


def test_tariff_coefficient_follows_the_amount() -> None:
    """0.5 up to 128 €, 1 up to 1 280 €, 2 above (C. com. A444-10 ff.)."""
    on = date(2025, 6, 2)
    bailiff = {
        amount: recommend_routes(replace(context(amount), on=on), TABLES)
        .option(Route.PAYMENT_ORDER)
        .costs.bailiff
        for amount in ("128.00", "128.01", "1280.00", "1280.01")
    }
    half = (Decimal("25.79") * Decimal("0.5") * Decimal("1.20")).quantize(Decimal("0.01"))
    assert bailiff["128.00"] == half + Decimal("9.00")
    assert bailiff["128.01"] == bailiff["1280.00"] == Decimal("30.95") + Decimal("9.00")
    assert bailiff["1280.01"] == Decimal("61.90") + Decimal("9.00")


def test_unknown_tariff_uses_the_stated_estimate() -> None:
    """No commissaire tariff is known after 28 February 2026: the all-in estimate row is used
    and every route that uses it says so."""
    advice = recommend_routes(CASES[0].facts, TABLES)
    order = advice.option(Route.PAYMENT_ORDER)
    assert order.costs.bailiff == TABLES.value_on("bailiff_signification_estimate_ttc", ON)
    for route in (Route.PAYMENT_ORDER, Route.INTERIM_PAYMENT, Route.SUMMONS_ON_MERITS):
        reasons = advice.option(route).reasons
        assert sum("ordre de grandeur" in reason for reason in reasons) == 1, reasons


def test_consumer_claim_needs_a_prior_amicable_attempt_on_the_merits() -> None:
    advice = recommend_routes(CASES[10].facts, TABLES)
    merits = advice.option(Route.SUMMONS_ON_MERITS)
    assert merits.feasible and merits.amicable_attempt_required
    assert merits.court.kind is CourtKind.JUDICIAL_COURT
    assert any("CPC 750-1" in reason for reason in merits.reasons)
    assert not advice.option(Route.PAYMENT_ORDER).amicable_attempt_required
    assert advice.option(Route.PAYMENT_ORDER).costs.court_fees == Decimal("0.00")


def test_failed_small_claims_lifts_the_amicable_attempt() -> None:
    facts = context(
        "2000.00",
        debtor=DebtorKind.CONSUMER,
        nature=ClaimNature.CIVIL,
        departement="75",
        small_claims_failed=True,
    )
    advice = recommend_routes(facts, TABLES)
    assert not advice.option(Route.SUMMONS_ON_MERITS).amicable_attempt_required
    assert not advice.option(Route.SMALL_CLAIMS).feasible


def test_no_amicable_attempt_before_the_commercial_court() -> None:
    advice = recommend_routes(context("3000.00", evidence=SIGNED), TABLES)
    assert not advice.option(Route.SUMMONS_ON_MERITS).amicable_attempt_required


def test_small_claims_ceiling_boundary_on_principal_and_interest() -> None:
    at = recommend_routes(context("4900.00", interest="100.00", indemnity="40.00"), TABLES)
    above = recommend_routes(context("4900.00", interest="100.01"), TABLES)
    assert at.option(Route.SMALL_CLAIMS).feasible
    assert not above.option(Route.SMALL_CLAIMS).feasible


def test_lawyer_threshold_boundary() -> None:
    at = recommend_routes(context("10000.00", dispute=Dispute.SERIOUS), TABLES)
    above = recommend_routes(context("10000.01", dispute=Dispute.SERIOUS), TABLES)
    assert not at.option(Route.SUMMONS_ON_MERITS).lawyer_required
    assert above.option(Route.SUMMONS_ON_MERITS).lawyer_required
    assert above.option(Route.SUMMONS_ON_MERITS).costs.lawyer == Decimal("3500.00")


def test_the_150_euro_claim_says_every_procedure_costs_more() -> None:
    advice = recommend_routes(CASES[8].facts, TABLES)
    procedures = [o for o in advice.ranked if o.route is not Route.NO_ACTION]
    assert procedures
    assert all(o.costs_exceed_recovery for o in procedures)
    assert all(any("coûte plus" in r for r in o.reasons) for o in procedures)


def test_claim_declaration_deadline_is_computed_from_the_bodacc_publication() -> None:
    advice = recommend_routes(CASES[5].facts, TABLES)
    assert advice.claim_declaration_deadline is not None
    assert advice.claim_declaration_deadline.end == date(2026, 12, 14)
    assert advice.foreclosure_relief_deadline is not None
    assert advice.foreclosure_relief_deadline.end == date(2027, 4, 14)
    assert [o.route for o in advice.ranked] == [Route.CLAIM_DECLARATION, Route.NO_ACTION]


def test_every_result_lists_the_unverified_rows_it_used() -> None:
    advice = recommend_routes(CASES[0].facts, TABLES)
    keys = {row.key for row in advice.warnings}
    assert "route_recovery_payment_order" in keys
    assert "bailiff_signification_estimate_ttc" in keys  # no tariff known after 28 Feb 2026
    assert "greffe_tc_payment_order_ttc" in keys  # [S]
    assert "representation_threshold" not in keys  # verified
    assert all(row.status is not Status.VERIFIED for row in advice.warnings)


def test_user_corrections_change_the_recommendation() -> None:
    """Lowering the editable small-claims probability sends the 3 000 € case to the
    injonction de payer: the estimates are data, not code."""
    correction = LegalRow(
        "route_recovery_small_claims_cooperative",
        date(2020, 1, 1),
        None,
        Decimal("0.30"),
        "ratio",
        "correction de l'utilisateur",
        Status.UNVERIFIED,
    )
    corrected = LegalTables(merge(shipped_rows(), [correction]))
    assert recommend_routes(CASES[1].facts, TABLES).first.route is Route.SMALL_CLAIMS
    assert recommend_routes(CASES[1].facts, corrected).first.route is Route.PAYMENT_ORDER


def test_missing_estimate_names_its_key() -> None:
    rows = [row for row in shipped_rows() if row.key != "lawyer_fee_merits_estimate"]
    with pytest.raises(MissingLegalData, match="lawyer_fee_merits_estimate"):
        recommend_routes(CASES[2].facts, LegalTables(rows))


def test_advice_is_a_value() -> None:
    first: RouteAdvice = recommend_routes(CASES[0].facts, TABLES)
    assert first == recommend_routes(CASES[0].facts, TABLES)


def test_negative_amounts_are_refused_in_french() -> None:
    with pytest.raises(ValueError, match="montant de la créance invalide \\(intérêts\\)"):
        ClaimAmounts(Decimal("100.00"), Decimal("-1.00"))


def test_overseas_commercial_claim_flags_the_mixed_court() -> None:
    advice = recommend_routes(context("8000.00", evidence=SIGNED, departement="974"), TABLES)
    court = advice.option(Route.PAYMENT_ORDER).court
    assert court.kind is CourtKind.COMMERCIAL_COURT
    assert "tribunal mixte de commerce" in court.label_fr
    assert "(974)" in court.place_fr


def test_excluded_routes_keep_the_fixed_order() -> None:
    advice = recommend_routes(CASES[7].facts, TABLES)  # time-barred: all but one excluded
    assert [o.route for o in advice.excluded] == [r for r in Route if r is not Route.NO_ACTION]


def test_each_option_lists_its_own_unverified_rows() -> None:
    advice = recommend_routes(CASES[5].facts, TABLES)  # receivership, publication known
    declaration = advice.option(Route.CLAIM_DECLARATION)
    keys = {row.key for row in declaration.warnings}
    assert "route_recovery_claim_declaration_receivership" in keys
    assert "claim_declaration_cost_ttc" in keys
    assert "route_recovery_payment_order" not in keys
    assert set(declaration.warnings) <= set(advice.warnings)
