"""The creditor's courtesy settings as a person types them (``creditor set --premiere-relance
--frais-a-partir-de``), and their validation (``domain.claim_settings``).

``--premiere-relance N``: the first contact N days after the due date (1 to 90; 0 goes back to
the scenario's timing). ``--frais-a-partir-de ÉTAPE``: a step id of the scenarios, of a kind
whose document claims invoices (``scenarios.fees.CLAIMING_KINDS``: courtesy or reminder e-mail,
reminder letter, formal notice); ``""`` claims them from the first step again.
"""

from __future__ import annotations

from collections.abc import Sequence

from recouvre.domain.claim_settings import ClaimSettings
from recouvre.scenarios.fees import CLAIMING_KINDS, named_step
from recouvre.scenarios.model import Scenario

SCENARIO_TIMING = 0
"""``--premiere-relance 0``: no day of the creditor's own, the scenario's timing."""


def claim_settings(
    current: ClaimSettings,
    first_reminder_days: int | None,
    fees_from: str | None,
    scenarios: Sequence[Scenario],
    problems: list[str],
) -> ClaimSettings:
    """``current`` after the two options (``None``: unchanged); each problem, in French and
    naming its option, is added to ``problems`` and leaves that setting as it was."""
    days = current.first_reminder_days
    if first_reminder_days is not None:
        days = None if first_reminder_days == SCENARIO_TIMING else first_reminder_days
        problem = ClaimSettings(first_reminder_days=days).first_reminder_problem()
        if problem is not None:
            problems.append(f"--premiere-relance : {problem} ; 0 revient au délai du scénario")
            days = current.first_reminder_days
    step_id = current.fees_from
    if fees_from is not None:
        step_id = fees_from.strip() or None
        problem = _step_problem(step_id, scenarios)
        if problem is not None:
            problems.append(f"--frais-a-partir-de : {problem}")
            step_id = current.fees_from
    return ClaimSettings(first_reminder_days=days, fees_from=step_id)


def _step_problem(step_id: str | None, scenarios: Sequence[Scenario]) -> str | None:
    if step_id is None:
        return None
    step = named_step(step_id, scenarios)
    if step is None:
        known = sorted(
            {s.id for sc in scenarios for s in sc.steps if s.kind in CLAIMING_KINDS}
        )
        return f"étape « {step_id} » inconnue des scénarios ; choix : {', '.join(known)}"
    if step.kind not in CLAIMING_KINDS:
        return (
            f"l'étape « {step_id} » ({step.kind.value}) n'envoie aucune réclamation : nommez "
            "une relance ou la mise en demeure"
        )
    return None
