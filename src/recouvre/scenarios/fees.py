"""From which step a case's documents claim the late-payment penalties and the 40 € indemnity.

Between professionals both are due « de plein droit » from the day after the due date (C. com.
L441-10 II; D441-5 fixes the indemnity at 40 €), but many creditors leave them out of a
courtesy reminder to keep the relationship; ``domain.claim_settings.ClaimSettings.fees_from``
names the step (its id in the scenario file) from which they are claimed. The rule:

* nothing named: every step claims them (the law's default, and recouvre's before the setting);
* the case's scenario has the named step: that step and those after it claim them, the steps
  before it ask for the principal only;
* another scenario has it (a case that switched, a scenario without a « relance_2 »): a step
  claims them when it is at least as firm (``model.severity``) as the named step's kind, so that
  a formal notice never claims less than the reminder letter named;
* nobody has it (a scenario file changed since): every step claims them.

Example: ``fees_from="relance_1"`` in ``standard_b2b``: the courtesy e-mail and the call ask
for the principal only; ``relance_1``, ``relance_2`` and the formal notice claim everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from recouvre.scenarios.model import Scenario, Step, StepKind, severity

CLAIMING_KINDS = frozenset(
    {
        StepKind.COURTESY_EMAIL,
        StepKind.REMINDER_EMAIL,
        StepKind.REMINDER_LETTER,
        StepKind.FORMAL_NOTICE,
    }
)
"""The kinds of step a creditor may name: those whose document claims invoices."""


def named_step(fees_from: str, scenarios: Iterable[Scenario]) -> Step | None:
    """The first step called ``fees_from`` in ``scenarios`` (ids are shared between scenarios
    for the same step)."""
    for scenario in scenarios:
        step = scenario.step(fees_from)
        if step is not None:
            return step
    return None


def claims_fees(
    scenario: Scenario, step: Step, fees_from: str | None, scenarios: Iterable[Scenario]
) -> bool:
    """Whether ``step`` of ``scenario`` claims the penalties and the fixed indemnity (the rule of
    the module docstring)."""
    if not fees_from:
        return True
    own = scenario.index(fees_from)
    if own is not None:
        here = scenario.index(step.id)
        return here is None or here >= own
    named = named_step(fees_from, scenarios)
    if named is None:
        return True
    return step.severity >= severity(named.kind)
