"""Judicial route recommendation: which procedure, before whom, at what cost, with what odds.

Why: when the amicable phase fails the creditor chooses between the
injonction de payer (CPC 1405-1425), the petites créances procedure (CPCE L125-1), the
référé-provision (CPC 835 al. 2, 873 al. 2), the assignation au fond, the saisie
conservatoire (CPCE L511-1) and, once collective proceedings are opened, the claim
declaration (C. com. L622-24). ``recommend_routes(context, tables)`` is a pure function of
the case's facts (``JudicialContext``) and the legal tables: every route is assessed, the
impossible ones are set aside with their reason, the others are ranked.

Rules applied, each stated in French in the route's reasons:

- a time-barred claim (C. civ. 2229) allows no action at all;
- after an opening judgment, individual actions stop (L622-21): only the claim declaration,
  within 2 months of the BODACC publication (+2 outside metropolitan France, R622-24), or the
  relief from foreclosure within 6 months (L622-26);
- a title already held goes to enforcement (CPCE L111-4);
- the petites créances procedure is impossible above its ceiling (principal and interest,
  R125-1) and needs the debtor's acceptance; the injonction de payer needs a debtor domiciled
  in France and is risky on a seriously disputed claim; the référé is impossible on one;
- the injonction de payer requête does not interrupt prescription, only its service does
  (CPC 1411, C. civ. 2241): when service cannot happen before the end date the route is excluded;
- a lawyer is compulsory in référé and on the merits above the representation threshold
  (CPC 761, 853: 10 000 €); before the tribunal judiciaire, a claim up to 5 000 € needs a prior
  amicable attempt (CPC 750-1), except after a failed petites créances procedure;
- expected value = recovery probability × recoverable amount − expected costs, from editable
  rows (``route_costs``); a route whose expected value is negative says it costs more than it
  can recover, and « no judicial action » (value 0) then ranks above it.

Ranking: a legal priority first when one applies and is worth something (claim declaration
in collective proceedings, enforcement of a title held, saisie conservatoire when assets are
at risk), stated in ``RouteOption.priority``; then, for a small claim (principal and interest
up to the petites créances ceiling, row ``small_claims_ceiling``, CPCE R125-1), the routes
without a hearing (petites créances, injonction de payer) that are worth something rank
before the routes with a hearing (référé-provision, assignation au fond) that cost more than
every one of them: an
assignation, a hearing fee and the service of the judgment are disproportionate to such a
claim, and before the tribunal judiciaire a claim up to 5 000 € also needs a prior amicable
attempt (CPC 750-1) which neither of them needs; then expected value, highest first; ties by
the fixed order of ``Route``. Each ranked route states, in a « classement » reason, the
threshold and the costs it was ranked on.

Worked example (small claim): 690 € owed by a consumer in Lyon, no written evidence →
injonction de payer (150,00 € of costs) first, then the assignation au fond (205,00 €, a
higher expected value of 174,50 € but a hearing and a prior amicable attempt for 690 €).

Worked example: an undisputed 8 000 € B2B claim with a signed order, debtor in Lyon (69),
on 2026-11-23 → injonction de payer at the tribunal de commerce (expected value ≈ 5 414 €),
then référé-provision and assignation au fond; petites créances excluded (above 5 000 €).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from recouvre.domain.money import ZERO, round_cents
from recouvre.law.calendar import format_date_fr
from recouvre.law.deadlines.collective import CollectiveDeadlines
from recouvre.law.deadlines.cpc import Deadline
from recouvre.law.parameters import LegalRow, LegalTables, warnings_of
from recouvre.law.routes.conditions import assess_conditions, collective_deadlines_of, euros
from recouvre.law.routes.costs import (
    Lookup,
    RouteCosts,
    recoverable_amount,
    recovery_probability,
    route_costs,
    route_delay_days,
)
from recouvre.law.routes.rules import Court, CourtKind, JudicialContext, Route, court_for

# How close the prescription end must be for every route to carry a warning.
PRESCRIPTION_WARNING_DAYS = 90


@dataclass(frozen=True, slots=True)
class RouteOption:
    """One route assessed for one case.

    ``feasible`` False means excluded (``reasons`` says why). ``risky`` flags a possible but
    hazardous route. ``priority`` holds the legal priority that ranks it first, if any.
    """

    route: Route
    feasible: bool
    reasons: tuple[str, ...]
    court: Court
    risky: bool = False
    lawyer_required: bool = False
    amicable_attempt_required: bool = False
    costs: RouteCosts = field(default_factory=RouteCosts)
    delay_days: int = 0
    recovery_probability: Decimal = ZERO
    expected_recovery: Decimal = ZERO
    expected_value: Decimal = ZERO
    priority: str = ""
    warnings: tuple[LegalRow, ...] = ()  # the non-verified rows this assessment used

    @property
    def costs_exceed_recovery(self) -> bool:
        """The procedure is expected to cost more than it brings back."""
        return self.feasible and self.route is not Route.NO_ACTION and self.expected_value < 0


@dataclass(frozen=True, slots=True)
class RouteAdvice:
    """The ranked feasible routes, the excluded ones, and the unverified rows relied on."""

    on: date
    ranked: tuple[RouteOption, ...]
    excluded: tuple[RouteOption, ...]
    warnings: tuple[LegalRow, ...]
    claim_declaration_deadline: Deadline | None = None
    foreclosure_relief_deadline: Deadline | None = None

    @property
    def first(self) -> RouteOption:
        return self.ranked[0]

    def option(self, route: Route) -> RouteOption:
        """The assessment of ``route`` (feasible or excluded)."""
        for candidate in (*self.ranked, *self.excluded):
            if candidate.route is route:
                return candidate
        raise KeyError(route)


def _assess(
    route: Route, context: JudicialContext, lookup: Lookup, deadlines: CollectiveDeadlines | None
) -> RouteOption:
    court = court_for(route, context.nature, context.debtor_kind, context.residence)
    first_row = len(lookup.used)
    found = assess_conditions(route, context, lookup, deadlines)
    if found.blockers:
        used = warnings_of(lookup.used[first_row:])
        return RouteOption(route, False, tuple(found.blockers), court, warnings=used)
    total = context.amounts.total
    hearing = route in {Route.INTERIM_PAYMENT, Route.SUMMONS_ON_MERITS}
    lawyer = False
    amicable = False
    if hearing:
        threshold = lookup.value("representation_threshold")
        lawyer = total > threshold
        if lawyer:
            found.notes.append(
                f"avocat obligatoire : demande de {euros(total)} au-delà de "
                f"{euros(threshold)} (CPC 760-761, 853)"
            )
        else:
            found.notes.append(
                f"avocat facultatif jusqu'à {euros(threshold)} (CPC 761, 853) : non chiffré"
            )
        if court.is_judicial_court:
            ceiling = lookup.value("amicable_attempt_ceiling")
            if total <= ceiling and not context.small_claims_failed:
                amicable = True
                found.notes.append(
                    f"tentative amiable préalable obligatoire devant le tribunal judiciaire "
                    f"pour une demande jusqu'à {euros(ceiling)} : conciliation, médiation ou "
                    "procédure participative, à peine d'irrecevabilité (CPC 750-1)"
                )
    if court.kind is CourtKind.COMMERCIAL_CHAMBER:
        found.notes.append(
            "Alsace-Moselle : pas de tribunal de commerce, la chambre commerciale du "
            "tribunal judiciaire statue"
        )
    days_left = (context.prescription_end - context.on).days
    if route is not Route.NO_ACTION and days_left <= PRESCRIPTION_WARNING_DAYS:
        found.risks.append(
            f"prescription acquise à la fin du {format_date_fr(context.prescription_end)} : "
            "agir sans attendre (une mise en demeure ne l'interrompt pas)"
        )
    known_notes = len(lookup.notes)
    costs = route_costs(route, context, court.kind, lawyer, lookup)
    found.notes.extend(dict.fromkeys(lookup.notes[known_notes:]))
    probability = recovery_probability(route, context, lookup)
    expected_recovery = round_cents(probability * recoverable_amount(route, context))
    expected_value = expected_recovery - costs.total
    if route is not Route.NO_ACTION and expected_value < 0:
        found.risks.append(
            f"coûte plus qu'elle ne peut rapporter : {euros(costs.total)} de frais attendus "
            f"pour {euros(expected_recovery)} de recouvrement espéré"
        )
    return RouteOption(
        route=route,
        feasible=True,
        reasons=(*found.notes, *found.risks),
        court=court,
        risky=bool(found.risks),
        lawyer_required=lawyer,
        amicable_attempt_required=amicable,
        costs=costs,
        delay_days=route_delay_days(route, lookup),
        recovery_probability=probability,
        expected_recovery=expected_recovery,
        expected_value=expected_value,
        warnings=warnings_of((*lookup.used[first_row:], *_deadline_rows(route, deadlines))),
    )


def _deadline_rows(route: Route, deadlines: CollectiveDeadlines | None) -> tuple[LegalRow, ...]:
    """The rows of the collective deadlines, which only the claim declaration relies on."""
    if deadlines is None or route is not Route.CLAIM_DECLARATION:
        return ()
    return deadlines.rows


def _priority_of(option: RouteOption) -> str:
    """The legal priority that puts ``option`` first, if it applies and is worth something."""
    if not option.feasible or option.expected_value <= 0:
        return ""
    match option.route:
        case Route.CLAIM_DECLARATION:
            return (
                "procédure collective ouverte : seule la déclaration de créance préserve "
                "les droits du créancier (C. com. L622-21, L622-24)"
            )
        case Route.ENFORCEMENT:
            return "titre exécutoire détenu : l'exécution prime toute nouvelle procédure"
        case Route.CONSERVATORY_ATTACHMENT:
            return (
                "biens menacés : les geler d'abord (CPCE L511-1), puis obtenir un titre "
                "dans le mois de l'exécution (R511-7)"
            )
        case _:
            return ""


# Routes decided on the papers, without a hearing, and those that need one.
WITHOUT_HEARING = frozenset({Route.SMALL_CLAIMS, Route.PAYMENT_ORDER})
WITH_HEARING = frozenset({Route.INTERIM_PAYMENT, Route.SUMMONS_ON_MERITS})


def _ranked(
    options: list[RouteOption], small: bool, ceiling: Decimal, context: JudicialContext
) -> list[RouteOption]:
    """Sort ``options`` (see the module docstring) and add each one's « classement » reason."""
    cheap = [
        o for o in options if o.route in WITHOUT_HEARING and o.expected_value > 0 and small
    ]

    def after_cheaper(option: RouteOption) -> bool:
        """A hearing route of a small claim that costs more than every worthwhile route without
        one. Compared with each route alone the order could turn in a circle (a hearing cheaper
        than the petites créances but dearer than the injonction, itself worth less than the
        petites créances): against all of them it is one order, and the first route is then
        the one worth most or a route without hearing cheaper than every better one."""
        return (
            option.route in WITH_HEARING
            and bool(cheap)
            and all(c.costs.total < option.costs.total for c in cheap)
        )

    def key(option: RouteOption) -> tuple[int, int, int, Decimal, int]:
        worth = 0 if option.expected_value > 0 else 1  # « no action » (0) before a loss
        tier = 1 if after_cheaper(option) else 0
        priority = 0 if option.priority else 1
        return (priority, worth, tier, -option.expected_value, option.route.order)

    measured = euros(context.amounts.principal_and_interest)
    side = "sous le plafond" if small else "au-delà du plafond"
    position = (
        f"demande de {measured} en principal et intérêts, {side} de {euros(ceiling)} "
        "des petites créances (CPCE R125-1)"
    )
    result: list[RouteOption] = []
    for option in sorted(options, key=key):
        if option.route is Route.NO_ACTION:
            result.append(option)
            continue
        costs = f"frais attendus {euros(option.costs.total)}"
        if after_cheaper(option):
            cheapest = max(cheap, key=lambda c: c.costs.total)
            why = (
                f"classement : {position} ; {costs} (assignation, audience, signification du "
                f"jugement), disproportionnés : classée après la voie "
                f"« {cheapest.route.label_fr} » ({euros(cheapest.costs.total)} de frais, "
                "sans audience)"
            )
        elif option in cheap:
            why = f"classement : {position} ; voie sans audience, {costs}"
        else:
            why = (
                f"classement : {position} ; {costs}, valeur espérée "
                f"{euros(option.expected_value)}"
            )
        result.append(replace(option, reasons=(*option.reasons, why)))
    return result


def recommend_routes(context: JudicialContext, tables: LegalTables) -> RouteAdvice:
    """Assess every route for ``context`` on ``context.on`` and rank the feasible ones.

    Raises ``MissingLegalData`` when a row needed (threshold, tariff, estimate) is missing
    on that date, naming its key.
    """
    lookup = Lookup(tables, context.on)
    deadlines = collective_deadlines_of(context, lookup)
    options: list[RouteOption] = []
    for route in Route:
        option = _assess(route, context, lookup, deadlines)
        priority = _priority_of(option)
        if priority:
            option = replace(option, priority=priority, reasons=(priority, *option.reasons))
        options.append(option)
    ceiling = lookup.value("small_claims_ceiling")
    small = context.amounts.principal_and_interest <= ceiling
    feasible = _ranked([o for o in options if o.feasible], small, ceiling, context)
    excluded = tuple(o for o in options if not o.feasible)
    return RouteAdvice(
        on=context.on,
        ranked=tuple(feasible),
        excluded=excluded,
        warnings=warnings_of(lookup.used),
        claim_declaration_deadline=deadlines.declaration if deadlines else None,
        foreclosure_relief_deadline=deadlines.relief if deadlines else None,
    )
