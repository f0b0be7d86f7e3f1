"""The scenario engine (pure): which reminder step a case is due for, and when.

Modules, in pipeline order:

* ``model``: ``Scenario``, ``Step``, ``StepKind``, ``DateRule``, ``Conditions`` (data loaded
  from YAML by ``recouvre.reference.scenario_loader``);
* ``context``: ``CaseContext``, the snapshot of a case the engine reads;
* ``selection``: ``select(scenarios, ctx)``, the scenario for a case;
* ``history`` and ``state``: what was sent (``StepRecord``) and the plan's state
  (``PlanState``: active, paused by a promise, payment plan, frozen, stopped, closed);
* ``planner``: ``plan(ctx, scenario, state, history, on, is_working_day) -> Plan``, the
  reference path, one case at a time;
* ``batch``: ``plan_batch(columns, compiled, on, workdays)``, the same rules for millions of
  cases as NumPy columns;
* ``switching``: ``switch(new, ctx, state, history, on, reason)``, safe scenario changes;
* ``lifecycle``: ``react(state, event, ctx, params)``, the plan's answer to payments,
  promises, disputes, payment plans, failed channels and collective proceedings.

Nothing here reads files, the clock or a database; docs/scenarios.md explains the rules.
"""
