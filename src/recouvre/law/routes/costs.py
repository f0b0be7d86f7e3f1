"""What a judicial route costs, how long it takes, and how likely it is to recover.

Why: a procedure that costs more than it can bring back is a loss, so each route is weighed
by its expected value. Every figure here is a dated row of the legal tables, never a
literal: the court fees (greffe du tribunal de commerce ≈ 35 € TTC for an injonction de
payer, none before the tribunal judiciaire [S]); the commissaire de justice
tariff (C. com. A444-10 ff.: base emolument × a coefficient by amount — 0.5 up to 128 €, 1
up to 1 280 €, 2 above — plus VAT and a flat travel fee [S]); the lawyer's
fees, the delays and the recovery probabilities, which are working estimates marked
« unverified » for the user to correct.

``Lookup`` records every row read so that each recommendation lists the unverified rows it
relied on.

Worked example (signification of an injonction de payer for 8 000 €, tariff of 2024):
25.79 € HT × 2 = 51.58 € HT, + 20 % VAT = 61.90 €, + 9.00 € travel = 70.90 € TTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import assert_never

from recouvre.domain.money import ZERO, round_cents
from recouvre.law.parameters import LegalRow, LegalTables
from recouvre.law.routes.rules import CollectiveKind, CourtKind, Dispute, JudicialContext, Route

ONE = Decimal("1")
HALF = Decimal("0.5")
TWO = Decimal("2")
HUNDRED = Decimal("100")


class Lookup:
    """Reads rows from the tables on one date and remembers which were used."""

    __slots__ = ("_tables", "notes", "on", "used")

    def __init__(self, tables: LegalTables, on: date) -> None:
        self._tables = tables
        self.on = on
        self.used: list[LegalRow] = []
        self.notes: list[str] = []  # French remarks on the data used (estimates...)

    @property
    def tables(self) -> LegalTables:
        return self._tables

    def row(self, key: str) -> LegalRow:
        row = self._tables.row_on(key, self.on)
        self.used.append(row)
        return row

    def value(self, key: str) -> Decimal:
        return self.row(key).value

    def has(self, key: str) -> bool:
        return self._tables.has(key, self.on)


@dataclass(frozen=True, slots=True)
class RouteCosts:
    """Expected costs of a route, TTC euros, by who is paid."""

    court_fees: Decimal = ZERO  # greffe
    bailiff: Decimal = ZERO  # commissaire de justice
    lawyer: Decimal = ZERO  # avocat (only when representation is compulsory)
    internal: Decimal = ZERO  # the creditor's own handling cost

    @property
    def total(self) -> Decimal:
        return self.court_fees + self.bailiff + self.lawyer + self.internal


def tariff_coefficient(amount: Decimal, lookup: Lookup) -> Decimal:
    """A444-10 ff.: 0.5 up to 128 €, 1 from 128 € to 1 280 €, 2 above 1 280 €."""
    if amount <= lookup.value("commissaire_coefficient_low_ceiling"):
        return HALF
    if amount <= lookup.value("commissaire_coefficient_high_floor"):
        return ONE
    return TWO


# Tariffed acts and the all-in estimate used when no tariff covers the date.
ESTIMATE_OF_ACT: dict[str, str] = {
    "commissaire_signification_payment_order_ht": "bailiff_signification_estimate_ttc",
    "commissaire_signification_judgment_ht": "bailiff_signification_estimate_ttc",
    "commissaire_assignation_ht": "bailiff_assignation_estimate_ttc",
}


def bailiff_act_ttc(emolument_key: str, amount: Decimal, lookup: Lookup) -> Decimal:
    """One tariffed act: base emolument HT × coefficient, VAT, plus the flat travel fee.

    When the tariff in force on the date is unknown (none after 28 February 2026 in the
    shipped rows), the act's all-in estimate row is used instead and a note says so:
    an explicit estimate, never a silent reuse of an expired tariff.
    """
    tariff_known = lookup.has(emolument_key) and lookup.has("commissaire_travel_flat_ttc")
    if not tariff_known:
        note = (
            f"tarif des commissaires de justice en vigueur le {lookup.on.strftime('%d/%m/%Y')} "
            "inconnu : ordre de grandeur utilisé (à corriger dès la publication de l'arrêté)"
        )
        lookup.notes.append(note)
        return lookup.value(ESTIMATE_OF_ACT[emolument_key])
    base = lookup.value(emolument_key) * tariff_coefficient(amount, lookup)
    vat = lookup.value("commissaire_vat_rate")
    return round_cents(base * (ONE + vat / HUNDRED)) + lookup.value("commissaire_travel_flat_ttc")


def _hearing_fee(court: CourtKind, lookup: Lookup) -> Decimal:
    if court in {CourtKind.COMMERCIAL_COURT, CourtKind.COMMERCIAL_CHAMBER}:
        return lookup.value("greffe_tc_hearing_ttc")
    return lookup.value("greffe_tj_hearing_ttc")


def route_costs(
    route: Route, context: JudicialContext, court: CourtKind, lawyer_required: bool, lookup: Lookup
) -> RouteCosts:
    """The expected costs of ``route`` for this case (rows read from ``lookup``)."""
    amount = context.amounts.total
    match route:
        case Route.PAYMENT_ORDER:
            commercial = court in {CourtKind.COMMERCIAL_COURT, CourtKind.COMMERCIAL_CHAMBER}
            fee_key = "greffe_tc_payment_order_ttc" if commercial else "greffe_tj_payment_order_ttc"
            return RouteCosts(
                court_fees=lookup.value(fee_key),
                bailiff=bailiff_act_ttc(
                    "commissaire_signification_payment_order_ht", amount, lookup
                ),
                internal=lookup.value("judicial_internal_cost_estimate"),
            )
        case Route.SMALL_CLAIMS:
            return RouteCosts(
                bailiff=lookup.value("small_claims_commissaire_fee_ttc"),
                internal=lookup.value("judicial_internal_cost_estimate"),
            )
        case Route.INTERIM_PAYMENT | Route.SUMMONS_ON_MERITS:
            lawyer_key = (
                "lawyer_fee_interim_payment_estimate"
                if route is Route.INTERIM_PAYMENT
                else "lawyer_fee_merits_estimate"
            )
            bailiff = bailiff_act_ttc("commissaire_assignation_ht", amount, lookup)
            bailiff += bailiff_act_ttc("commissaire_signification_judgment_ht", amount, lookup)
            return RouteCosts(
                court_fees=_hearing_fee(court, lookup),
                bailiff=bailiff,
                lawyer=lookup.value(lawyer_key) if lawyer_required else ZERO,
                internal=lookup.value("judicial_internal_cost_estimate"),
            )
        case Route.CONSERVATORY_ATTACHMENT:
            return RouteCosts(
                bailiff=lookup.value("conservatory_commissaire_estimate_ttc"),
                internal=lookup.value("judicial_internal_cost_estimate"),
            )
        case Route.ENFORCEMENT:
            return RouteCosts(
                bailiff=lookup.value("enforcement_commissaire_estimate_ttc"),
                internal=lookup.value("judicial_internal_cost_estimate"),
            )
        case Route.CLAIM_DECLARATION:
            return RouteCosts(court_fees=lookup.value("claim_declaration_cost_ttc"))
        case Route.NO_ACTION:
            return RouteCosts()
        case _:
            assert_never(route)


# The estimate rows of each route (explicit tables, reference/data/judicial.toml).
DELAY_KEYS: dict[Route, str] = {
    Route.PAYMENT_ORDER: "route_delay_payment_order_days",
    Route.SMALL_CLAIMS: "route_delay_small_claims_days",
    Route.INTERIM_PAYMENT: "route_delay_interim_payment_days",
    Route.SUMMONS_ON_MERITS: "route_delay_summons_on_merits_days",
    Route.CONSERVATORY_ATTACHMENT: "route_delay_conservatory_attachment_days",
    Route.ENFORCEMENT: "route_delay_enforcement_days",
    Route.CLAIM_DECLARATION: "route_delay_claim_declaration_days",
}
RECOVERY_KEYS: dict[Route, str] = {
    Route.PAYMENT_ORDER: "route_recovery_payment_order",
    Route.INTERIM_PAYMENT: "route_recovery_interim_payment",
    Route.SUMMONS_ON_MERITS: "route_recovery_summons_on_merits",
    Route.CONSERVATORY_ATTACHMENT: "route_recovery_conservatory_attachment",
    Route.ENFORCEMENT: "route_recovery_enforcement",
}
DECLARATION_RECOVERY_KEYS: dict[CollectiveKind, str] = {
    CollectiveKind.SAFEGUARD: "route_recovery_claim_declaration_safeguard",
    CollectiveKind.RECEIVERSHIP: "route_recovery_claim_declaration_receivership",
    CollectiveKind.LIQUIDATION: "route_recovery_claim_declaration_liquidation",
}


def route_delay_days(route: Route, lookup: Lookup) -> int:
    """Expected calendar days until a title or a payment (an estimate row per route)."""
    key = DELAY_KEYS.get(route)
    return 0 if key is None else int(lookup.value(key))


def _base_probability(route: Route, context: JudicialContext, lookup: Lookup) -> Decimal:
    match route:
        case Route.SMALL_CLAIMS:
            key = (
                "route_recovery_small_claims_cooperative"
                if context.debtor_cooperation_likely
                else "route_recovery_small_claims_uncooperative"
            )
            return lookup.value(key)
        case Route.CLAIM_DECLARATION:
            kind = context.collective.kind if context.collective else CollectiveKind.LIQUIDATION
            return lookup.value(DECLARATION_RECOVERY_KEYS[kind])
        case Route.NO_ACTION:
            return ZERO
        case (
            Route.PAYMENT_ORDER
            | Route.INTERIM_PAYMENT
            | Route.SUMMONS_ON_MERITS
            | Route.CONSERVATORY_ATTACHMENT
            | Route.ENFORCEMENT
        ):
            return lookup.value(RECOVERY_KEYS[route])
        case _:
            assert_never(route)


def _dispute_factor(route: Route, dispute: Dispute, lookup: Lookup) -> Decimal:
    """A dispute weighs on the fast routes far more than on the merits (CPC 835, 873)."""
    if route in {Route.NO_ACTION, Route.CLAIM_DECLARATION, Route.ENFORCEMENT}:
        return ONE
    merits = route in {Route.SUMMONS_ON_MERITS, Route.CONSERVATORY_ATTACHMENT}
    match dispute:
        case Dispute.NONE:
            return ONE
        case Dispute.MINOR:
            key = (
                "route_factor_dispute_minor_merits"
                if merits
                else "route_factor_dispute_minor_summary"
            )
            return lookup.value(key)
        case Dispute.SERIOUS:
            key = (
                "route_factor_dispute_serious_merits"
                if merits
                else "route_factor_dispute_serious_summary"
            )
            return lookup.value(key)
        case _:
            assert_never(dispute)


def recovery_probability(route: Route, context: JudicialContext, lookup: Lookup) -> Decimal:
    """The editable base probability of a route, times the factors that apply to the case."""
    probability = _base_probability(route, context, lookup)
    if probability == ZERO:
        return ZERO
    probability *= _dispute_factor(route, context.dispute, lookup)
    summary = route in {Route.PAYMENT_ORDER, Route.INTERIM_PAYMENT}
    if summary and not context.evidence.written:
        probability *= lookup.value("route_factor_no_written_evidence")
    frozen_first = route in {Route.CONSERVATORY_ATTACHMENT, Route.CLAIM_DECLARATION}
    if context.assets_at_risk and not frozen_first and route is not Route.ENFORCEMENT:
        probability *= lookup.value("route_factor_assets_at_risk")
    return min(probability, ONE)


def recoverable_amount(route: Route, context: JudicialContext) -> Decimal:
    """What a successful route brings back: the whole claim, except that a claim
    declaration cannot include the 40 € indemnity (L441-10 II, L622-7)."""
    amounts = context.amounts
    match route:
        case Route.CLAIM_DECLARATION:
            return amounts.total - amounts.indemnity
        case Route.NO_ACTION:
            return ZERO
        case (
            Route.SMALL_CLAIMS
            | Route.PAYMENT_ORDER
            | Route.INTERIM_PAYMENT
            | Route.SUMMONS_ON_MERITS
            | Route.CONSERVATORY_ATTACHMENT
            | Route.ENFORCEMENT
        ):
            return amounts.total
        case _:
            assert_never(route)
