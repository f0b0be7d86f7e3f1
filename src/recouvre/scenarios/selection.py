"""Choosing a scenario from the case's context.

The scenario with the highest ``priority`` whose conditions fit the case wins; equal
priorities are broken by id so that the choice never depends on file order. The shipped
priorities put the debtor's attitude first (bad faith, difficulty), then the kind of debtor
and the size of the claim, then the channels (no e-mail), then the standard B2B scenario
(docs/scenarios.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from recouvre.domain.errors import DomainError
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.model import Scenario


class NoScenario(DomainError):
    """No scenario fits the case: the scenario set needs a catch-all."""


def candidates(scenarios: Iterable[Scenario], ctx: CaseContext) -> list[Scenario]:
    """The scenarios that fit, best first."""
    fitting = [s for s in scenarios if s.conditions.matches(ctx)]
    return sorted(fitting, key=lambda s: (-s.priority, s.id))


def select(scenarios: Iterable[Scenario], ctx: CaseContext) -> Scenario:
    best = candidates(scenarios, ctx)
    if not best:
        raise NoScenario(
            f"dossier {ctx.case_id} : aucun scénario ne convient "
            f"({ctx.debtor_kind.value}, {ctx.attitude.value}, {ctx.outstanding} €)"
        )
    return best[0]
