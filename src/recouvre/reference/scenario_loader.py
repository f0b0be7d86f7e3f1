"""Loading scenarios from YAML, with errors that name the file, the line and the field.

Pipeline: read the text -> compose the YAML node tree (``yaml.compose`` keeps each node's
line; the guarded loader of ``recouvre.input_limits`` refuses aliases, duplicate keys and deep
nesting) -> validate and build ``Scenario`` values, collecting *every* error -> check
the set (unique ids, no consumer-facing step announcing what a consumer does not owe). Nothing
is half-loaded: a file with one error loads nothing and lists all of its errors.

Format (docs/scenarios.md has the full reference)::

    id: standard_b2b
    name: Standard entreprises (B2B)
    priority: 10
    conditions: {debtor_kinds: [company]}
    steps:
      - id: relance_courtoise
        kind: courtesy_email
        when: {days: 5, unit: calendar, after: oldest_due_date}
        template: relance_courtoise
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import yaml

from recouvre.domain.cases import Attitude, Phase
from recouvre.domain.money import InvalidAmount, parse_amount
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.input_limits import GuardedLoader, InputRefused, decode_utf8, read_limited
from recouvre.reference.errors import ReferenceDataError
from recouvre.scenarios.model import (
    Anchor,
    Conditions,
    DateRule,
    DayUnit,
    Scenario,
    Step,
    StepKind,
    allowed_channels,
)

SHIPPED_DIR = Path(__file__).parent / "scenarios"
E = TypeVar("E", bound=enum.Enum)
Node = yaml.Node


class Announcement(enum.StrEnum):
    LEGAL_ACTION = "legal_action"
    FIXED_INDEMNITY = "fixed_indemnity"
    LATE_PENALTIES = "late_penalties"


@dataclass(frozen=True, slots=True)
class ScenarioError:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, ligne {self.line}"
        return f"{where}, champ « {self.field} » : {self.message}"


class ScenarioLoadError(ReferenceDataError):
    """One or more scenario files are invalid; ``errors`` lists every problem found."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


SCENARIO_KEYS = {"id", "name", "description", "priority", "conditions", "steps"}
STEP_KEYS = {
    "id",
    "label",
    "kind",
    "when",
    "template",
    "grace_days",
    "conditions",
    "approval_required",
    "channel",
    "announces",
    "enters_phase",
}
WHEN_KEYS = {"days", "unit", "after"}
CONDITION_KEYS = {
    "min_amount",
    "max_amount",
    "debtor_kinds",
    "attitudes",
    "channels_required",
    "channels_absent",
    "phases",
}


class _Reader:
    """Turns YAML nodes into values, recording an error (and returning None) on bad input."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[ScenarioError] = []

    def error(self, node: Node | None, field: str, message: str) -> None:
        line = None if node is None else node.start_mark.line + 1
        self.errors.append(ScenarioError(self.file, line, field, message))

    def mapping(
        self, node: Node, field: str, allowed: set[str], required: set[str]
    ) -> dict[str, Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, field, "un dictionnaire (clé: valeur) est attendu")
            return None
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            name = f"{field}.{key}" if field else key
            if key in out:
                self.error(key_node, name, "clé en double")
            elif key not in allowed:
                self.error(
                    key_node, name, "clé inconnue (attendu : " + ", ".join(sorted(allowed)) + ")"
                )
            else:
                out[key] = value_node
        for key in sorted(required - out.keys()):
            self.error(node, f"{field}.{key}" if field else key, "champ obligatoire manquant")
        return out

    def scalar(self, node: Node, field: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, field, "une valeur simple est attendue")
            return None
        return str(node.value)

    def string(self, node: Node, field: str) -> str | None:
        text = self.scalar(node, field)
        if text is not None and not text.strip():
            self.error(node, field, "texte vide")
            return None
        return text

    def integer(self, node: Node, field: str, minimum: int | None = 0) -> int | None:
        text = self.scalar(node, field)
        if text is None:
            return None
        try:
            value = int(text)
        except ValueError:
            self.error(node, field, f"nombre entier attendu, trouvé « {text} »")
            return None
        if minimum is not None and value < minimum:
            self.error(node, field, f"doit être supérieur ou égal à {minimum}")
            return None
        return value

    def boolean(self, node: Node, field: str) -> bool | None:
        text = self.scalar(node, field)
        if text is None:
            return None
        if text.lower() in ("true", "yes", "oui"):
            return True
        if text.lower() in ("false", "no", "non"):
            return False
        self.error(node, field, f"true ou false attendu, trouvé « {text} »")
        return None

    def amount(self, node: Node, field: str) -> Decimal | None:
        text = self.scalar(node, field)
        if text is None:
            return None
        try:
            return parse_amount(text)
        except InvalidAmount as exc:
            self.error(node, field, str(exc))
            return None

    def member(self, node: Node, field: str, enum_type: type[E]) -> E | None:
        text = self.scalar(node, field)
        if text is None:
            return None
        for member in enum_type:
            if member.value == text:
                return member
        allowed = ", ".join(str(m.value) for m in enum_type)
        self.error(node, field, f"valeur inconnue « {text} » (attendu : {allowed})")
        return None

    def members(self, node: Node, field: str, enum_type: type[E]) -> frozenset[E]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, field, "une liste est attendue, par exemple [a, b]")
            return frozenset()
        found = (self.member(item, f"{field}[{i}]", enum_type) for i, item in enumerate(node.value))
        return frozenset(m for m in found if m is not None)


def _conditions(reader: _Reader, node: Node, field: str) -> Conditions:
    data = reader.mapping(node, field, CONDITION_KEYS, set())
    if data is None:
        return Conditions()

    def amount(key: str) -> Decimal | None:
        return reader.amount(data[key], f"{field}.{key}") if key in data else None

    def members(key: str, enum_type: type[E]) -> frozenset[E]:
        return (
            reader.members(data[key], f"{field}.{key}", enum_type) if key in data else frozenset()
        )

    conditions = Conditions(
        min_amount=amount("min_amount"),
        max_amount=amount("max_amount"),
        debtor_kinds=members("debtor_kinds", DebtorKind),
        attitudes=members("attitudes", Attitude),
        channels_required=members("channels_required", Channel),
        channels_absent=members("channels_absent", Channel),
        phases=members("phases", Phase),
    )
    low, high = conditions.min_amount, conditions.max_amount
    if low is not None and high is not None and low >= high:
        reader.error(node, f"{field}.max_amount", "doit être supérieur à min_amount")
    if conditions.channels_required & conditions.channels_absent:
        reader.error(node, field, "un même canal est à la fois exigé et exclu")
    return conditions


def _rule(reader: _Reader, node: Node, field: str) -> DateRule | None:
    data = reader.mapping(node, field, WHEN_KEYS, {"days", "after"})
    if data is None or "days" not in data or "after" not in data:
        return None
    days = reader.integer(data["days"], f"{field}.days")
    unit = (
        reader.member(data["unit"], f"{field}.unit", DayUnit)
        if "unit" in data
        else DayUnit.CALENDAR
    )
    anchor = reader.member(data["after"], f"{field}.after", Anchor)
    if days is None or unit is None or anchor is None:
        return None
    return DateRule(days, unit, anchor)


def _step(reader: _Reader, node: Node, field: str) -> Step | None:
    data = reader.mapping(node, field, STEP_KEYS, {"id", "kind", "when", "template"})
    if data is None:
        return None
    step_id = reader.string(data["id"], f"{field}.id") if "id" in data else None
    kind = reader.member(data["kind"], f"{field}.kind", StepKind) if "kind" in data else None
    rule = _rule(reader, data["when"], f"{field}.when") if "when" in data else None
    template = reader.string(data["template"], f"{field}.template") if "template" in data else None
    label = reader.string(data["label"], f"{field}.label") if "label" in data else ""
    grace = reader.integer(data["grace_days"], f"{field}.grace_days") if "grace_days" in data else 0
    approval = (
        reader.boolean(data["approval_required"], f"{field}.approval_required")
        if "approval_required" in data
        else False
    )
    channel = (
        reader.member(data["channel"], f"{field}.channel", Channel) if "channel" in data else None
    )
    if channel is not None and kind is not None and channel not in allowed_channels(kind):
        allowed = ", ".join(sorted(c.value for c in allowed_channels(kind))) or "aucun"
        reader.error(
            data["channel"], f"{field}.channel", f"canal non permis pour {kind.value} ({allowed})"
        )
    announces = (
        reader.members(data["announces"], f"{field}.announces", Announcement)
        if "announces" in data
        else frozenset()
    )
    phase = (
        reader.member(data["enters_phase"], f"{field}.enters_phase", Phase)
        if "enters_phase" in data
        else None
    )
    conditions = (
        _conditions(reader, data["conditions"], f"{field}.conditions")
        if "conditions" in data
        else Conditions()
    )
    if None in (step_id, kind, rule, template, label, grace, approval):
        return None
    assert step_id is not None and kind is not None and rule is not None
    assert template is not None and label is not None and grace is not None
    assert approval is not None
    return Step(
        id=step_id,
        kind=kind,
        rule=rule,
        template=template,
        label=label,
        grace_days=grace,
        conditions=conditions,
        approval_required=approval,
        channel=channel,
        announces_legal_action=Announcement.LEGAL_ACTION in announces,
        announces_fixed_indemnity=Announcement.FIXED_INDEMNITY in announces,
        announces_late_penalties=Announcement.LATE_PENALTIES in announces,
        enters_phase=phase,
    )


def _may_reach_consumer(scenario: Conditions, step: Conditions) -> bool:
    kinds = scenario.debtor_kinds or frozenset(DebtorKind)
    if step.debtor_kinds:
        kinds = kinds & step.debtor_kinds
    return DebtorKind.CONSUMER in kinds


def _check_scenario(reader: _Reader, scenario: Scenario, steps_node: Node) -> None:
    seen: set[str] = set()
    nodes = steps_node.value if isinstance(steps_node, yaml.SequenceNode) else []
    for i, step in enumerate(scenario.steps):
        node = nodes[i] if i < len(nodes) else steps_node
        if step.id in seen:
            reader.error(node, f"steps[{i}].id", f"identifiant d'étape en double « {step.id} »")
        seen.add(step.id)
        if _may_reach_consumer(scenario.conditions, step.conditions) and (
            step.announces_fixed_indemnity or step.announces_late_penalties
        ):
            reader.error(
                node,
                f"steps[{i}].announces",
                "annonce les pénalités ou l'indemnité de 40 € alors que l'étape peut viser un "
                "consommateur (C. com. L441-10 : entre professionnels seulement) ; ajoutez "
                "conditions.debtor_kinds: [company]",
            )


def parse_scenario(text: str, file: str) -> Scenario:
    """Validate and build one scenario from YAML text; ``file`` names it in the errors."""
    reader = _Reader(file)
    try:
        root = yaml.compose(text, Loader=GuardedLoader)
    except InputRefused as exc:
        raise ScenarioLoadError([ScenarioError(file, exc.line, "(fichier)", str(exc))]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = None if mark is None else mark.line + 1
        raise ScenarioLoadError(
            [ScenarioError(file, line, "(syntaxe)", f"YAML illisible : {exc.problem}")]
        ) from None
    except yaml.YAMLError as exc:
        raise ScenarioLoadError([ScenarioError(file, None, "(syntaxe)", str(exc))]) from None
    if root is None:
        raise ScenarioLoadError([ScenarioError(file, None, "(fichier)", "fichier vide")])
    data = reader.mapping(root, "", SCENARIO_KEYS, {"id", "name", "steps"})
    if data is None:
        raise ScenarioLoadError(reader.errors)
    scenario_id = reader.string(data["id"], "id") if "id" in data else None
    name = reader.string(data["name"], "name") if "name" in data else None
    description = reader.scalar(data["description"], "description") if "description" in data else ""
    priority = reader.integer(data["priority"], "priority", None) if "priority" in data else 0
    conditions = (
        _conditions(reader, data["conditions"], "conditions")
        if "conditions" in data
        else Conditions()
    )
    steps: list[Step | None] = []
    steps_node = data.get("steps")
    if steps_node is not None:
        if not isinstance(steps_node, yaml.SequenceNode) or not steps_node.value:
            reader.error(steps_node, "steps", "une liste d'étapes non vide est attendue")
        else:
            steps = [_step(reader, n, f"steps[{i}]") for i, n in enumerate(steps_node.value)]
    if reader.errors or None in (scenario_id, name, description, priority):
        raise ScenarioLoadError(reader.errors)
    assert scenario_id is not None and name is not None
    assert description is not None and priority is not None and steps_node is not None
    scenario = Scenario(
        id=scenario_id,
        name=name,
        description=" ".join(description.split()),
        priority=priority,
        conditions=conditions,
        steps=tuple(s for s in steps if s is not None),
    )
    _check_scenario(reader, scenario, steps_node)
    if reader.errors:
        raise ScenarioLoadError(reader.errors)
    return scenario


def load_scenario_file(path: Path) -> Scenario:
    try:
        text = decode_utf8(read_limited(path))
    except OSError as exc:
        message = f"lecture impossible ({exc.strerror})"
        raise ScenarioLoadError([ScenarioError(str(path), None, "(fichier)", message)]) from None
    except InputRefused as exc:
        error = ScenarioError(str(path), exc.line, "(fichier)", str(exc))
        raise ScenarioLoadError([error]) from None
    return parse_scenario(text, str(path))


def load_scenarios(paths: Iterable[Path]) -> tuple[Scenario, ...]:
    """Load several files, reporting the errors of all of them and duplicate ids across them."""
    errors: list[ScenarioError] = []
    scenarios: list[Scenario] = []
    where: dict[str, str] = {}
    for path in paths:
        try:
            scenario = load_scenario_file(path)
        except ScenarioLoadError as exc:
            errors.extend(exc.errors)
            continue
        if scenario.id in where:
            errors.append(
                ScenarioError(
                    str(path),
                    None,
                    "id",
                    f"scénario « {scenario.id} » déjà défini dans {where[scenario.id]}",
                )
            )
            continue
        where[scenario.id] = str(path)
        scenarios.append(scenario)
    if errors:
        raise ScenarioLoadError(errors)
    return tuple(scenarios)


def shipped_scenario_paths() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))


def load_shipped_scenarios() -> tuple[Scenario, ...]:
    """The French scenarios shipped with recouvre (docs/scenarios.md)."""
    return load_scenarios(shipped_scenario_paths())
