"""The French messages of recouvre a person reads on the command line, found in the source.

Walks the syntax tree of ``src/recouvre`` and collects every string literal or f-string passed
to

- the constructor of one of the project's error classes (the classes whose bases lead to a
  root of ``bootstrap.errors.USER_ERRORS`` or the command line's own errors), anywhere in the
  package but the letters' and emails' content (which stays in the debtor's language);
- ``typer.echo``, ``fail``, ``console.print``/``Console().print``, ``Table(title=...)``,
  ``add_column`` and ``add_row`` in ``entrypoints/cli``.

An f-string becomes a template: its literal parts as they are, each ``{expression}`` as a
placeholder named after the expression (:func:`placeholder_name`: ``{case.reference}`` →
``{reference}``), the same names the catalogue ``i18n/en/messages.toml`` uses in its keys. A
literal or template without a letter outside its placeholders has nothing to translate and is
left out. ``missing()`` lists those without an English entry; ``scripts/i18n_missing.py`` prints
them.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "recouvre"
CLI = PACKAGE / "entrypoints" / "cli"
ROOT_ERRORS = frozenset(
    {
        "DomainError",
        "LawError",
        "ServiceError",
        "AdapterError",
        "ReferenceDataError",
        "SettingsError",
        "DemoAborted",
        "BadParameter",
        "ChannelError",
        "Exception",
    }
)
REASON_NAMES = frozenset({"reason", "why", "detail", "message", "problem"})
CLI_PRINTERS = frozenset({"echo", "fail", "print", "secho"})
TABLE_CALLS = frozenset({"add_column", "add_row", "Table"})
_LETTER = re.compile(r"[^\W\d_]")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_]\w*)\}")


@dataclass(frozen=True)
class Message:
    """One French message template and where it was found (``path:line``)."""

    template: str
    where: str


def _expression_name(node: ast.expr) -> str | None:
    """The name an expression is known by: ``case.reference`` → ``reference``,
    ``eur(t.total_due)`` → ``total_due``, ``phase.value`` → ``phase``, ``row["name"]`` →
    ``name``, ``x or "?"`` → ``x``, ``on.strftime("%d")`` → ``on``."""
    match node:
        case ast.Name(id=name):
            return name
        case ast.Attribute(value=inner, attr="value"):
            return _expression_name(inner) or "value"
        case ast.Attribute(attr=attr):
            return attr
        case ast.Call(func=func, args=args):
            for arg in args:
                found = _expression_name(arg)
                if found:
                    return found
            if isinstance(func, ast.Attribute):
                if isinstance(func.value, ast.Name) and func.value.id == "self":
                    return func.attr
                return _expression_name(func.value)
            return _expression_name(func)
        case ast.Subscript(value=inner, slice=ast.Constant(value=str(key))) if key.isidentifier():
            return key
        case ast.Subscript(value=inner):
            return _expression_name(inner)
        case ast.BoolOp(values=values):
            return _expression_name(values[0])
        case ast.IfExp(body=body):
            return _expression_name(body)
        case ast.BinOp(left=left):
            return _expression_name(left)
        case ast.UnaryOp(operand=operand):
            return _expression_name(operand)
    return None


def placeholder_name(expression: ast.expr, taken: dict[str, str]) -> str:
    """The placeholder name of an f-string's ``{expression}`` (:func:`_expression_name`,
    ``value`` if none); ``_2``, ``_3``… when another expression of the same template already
    has that name (``taken`` maps names to their expression's source)."""
    source = ast.unparse(expression)
    base = _expression_name(expression) or "value"
    name, count = base, 1
    while taken.get(name, source) != source:
        count += 1
        name = f"{base}_{count}"
    taken[name] = source
    return name


def template_of(node: ast.expr) -> str | None:
    """The template of a string literal or f-string (``None`` for any other expression)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if not isinstance(node, ast.JoinedStr):
        return None
    parts: list[str] = []
    taken: dict[str, str] = {}
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            parts.append(value.value.replace("{", "{{").replace("}", "}}"))
        elif isinstance(value, ast.FormattedValue):
            parts.append("{" + placeholder_name(value.value, taken) + "}")
    return "".join(parts)


def literal_text(template: str) -> str:
    """``template`` without its placeholders (``{{``/``}}`` kept as braces)."""
    return _PLACEHOLDER.sub(lambda m: "" if m.group(1) else m.group()[0], template)


def has_words(template: str) -> bool:
    """The template says something outside its placeholders (a letter)."""
    return _LETTER.search(literal_text(template)) is not None


def _modules(folder: Path) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(folder.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def error_classes() -> frozenset[str]:
    """The names of the project's error classes: every class whose bases lead to a root."""
    bases: dict[str, set[str]] = {}
    for _, module in _modules(PACKAGE):
        for node in ast.walk(module):
            if isinstance(node, ast.ClassDef):
                names = {_callee(b) for b in node.bases}
                bases.setdefault(node.name, set()).update(n for n in names if n)
    found = set(ROOT_ERRORS)
    grew = True
    while grew:
        grew = False
        for name, parents in bases.items():
            if name not in found and parents & found:
                found.add(name)
                grew = True
    return frozenset(found)


def _callee(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _callee(node.func)
    return None


def _strings(node: ast.expr) -> Iterator[ast.expr]:
    """The string expressions that make ``node``'s text: itself, both branches of ``a if c
    else b``, the parts of ``"a" + "b"`` and of implicit concatenations."""
    if isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _strings(value)
    elif isinstance(node, ast.Constant | ast.JoinedStr):
        yield node


def _arguments(call: ast.Call) -> Iterator[ast.expr]:
    for arg in call.args:
        yield from _strings(arg)
    for kw in call.keywords:
        if kw.arg in {"title", "header", "caption", "message", "detail", "reason", None}:
            yield from _strings(kw.value)


def _is_cli_printer(call: ast.Call) -> bool:
    name = _callee(call.func)
    if name in TABLE_CALLS:
        return True
    if name not in CLI_PRINTERS:
        return False
    if name == "print":  # console.print / Console(...).print, not the builtin print
        return isinstance(call.func, ast.Attribute)
    return True


def _content(path: Path) -> bool:
    """Letters' and emails' content: French for the debtor whatever the CLI's language."""
    relative = path.relative_to(PACKAGE).as_posix()
    return relative.startswith(("letters/templates", "adapters/pdf/templates"))


def _error_method_strings(module: ast.Module, errors: frozenset[str]) -> Iterator[ast.expr]:
    """What an error or issue class says of itself: ``super().__init__("...")`` and the value
    returned by its ``__str__``."""
    for cls in ast.walk(module):
        if not isinstance(cls, ast.ClassDef) or not _speaks(cls.name, errors):
            continue
        for node in ast.walk(cls):
            if isinstance(node, ast.Call) and _callee(node.func) == "__init__":
                yield from _arguments(node)
            if isinstance(node, ast.FunctionDef) and node.name == "__str__":
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return) and ret.value is not None:
                        yield from _strings(ret.value)


def _speaks(name: str | None, errors: frozenset[str]) -> bool:
    """An error class, or an issue of a file refused whole (``ImportIssue``...)."""
    return name is not None and (name in errors or name.endswith("Issue"))


# Calls whose string arguments are not messages: the command tree's declarations (their help
# texts are in help.toml), string methods, formats, paths, rich's styles.
NOT_MESSAGES = frozenset(
    {
        "Option", "Argument", "command", "Typer", "callback", "add_typer", "get", "startswith",
        "endswith", "split", "replace", "strip", "rstrip", "lstrip", "setdefault", "pop",
        "getenv", "removeprefix", "removesuffix", "format", "strftime", "strptime", "compile",
        "sub", "match", "fullmatch", "search", "findall", "open", "Path", "exit",
        "import_module", "partition", "isinstance", "Decimal", "encode", "decode", "date",
        "fromisoformat", "add_task", "Progress", "Style", "SpinnerColumn", "TextColumn",
        "BarColumn", "getattr", "setattr", "hasattr", "_many", "format_datetime", "format_date",
    }
)  # fmt: skip
STYLE_KEYWORDS = frozenset(
    {
        "justify", "style", "help", "rich_help_panel", "metavar", "align", "overflow",
        "encoding", "errors", "mode", "no_wrap", "border_style", "box", "sep", "end", "locale",
        "format", "name", "prefix", "suffix", "newline",
    }
)  # fmt: skip
MACHINERY = frozenset(
    {"help_catalog.py", "messages_catalog.py", "language.py", "safe_output.py", "main.py"}
)
_FRENCH_SHAPED = re.compile(r"[^\x00-\x7f]|\s|^[A-Z][a-z]")


def _loose_cli(path: Path, module: ast.Module) -> Iterator[ast.expr]:
    """The other texts of a command module that look like French words or sentences: table
    headers listed in a tuple, a state chosen in a variable, a fragment added to a message.
    Left out: docstrings, dictionary keys, compared values, the arguments of the calls in
    ``NOT_MESSAGES`` and of the ``STYLE_KEYWORDS``, option names, all-capital metavars and
    single lowercase ASCII words (a value, an identifier)."""
    if path.name in MACHINERY or "i18n" in path.parts:
        return
    parents = {child: node for node in ast.walk(module) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(module):
        if not isinstance(node, ast.JoinedStr | ast.Constant) or template_of(node) is None:
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.JoinedStr | ast.Expr | ast.Subscript | ast.Compare):
            continue
        if isinstance(parent, ast.Attribute | ast.MatchValue):
            continue
        if isinstance(parent, ast.Dict) and node in parent.keys:
            continue
        if isinstance(parent, ast.keyword) and parent.arg in STYLE_KEYWORDS:
            continue
        if not _in_message_call(node, parents):
            continue
        text = literal_text(template_of(node) or "")
        if text.startswith("-") or text.isupper() or not _FRENCH_SHAPED.search(text.strip()):
            continue
        yield node


def _in_message_call(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call) and _callee(node.func) in NOT_MESSAGES:
            return False
        if isinstance(node, ast.FunctionDef | ast.Module):
            return True
    return True


def collect() -> list[Message]:
    """Every user-facing French message template of the package, first place found first."""
    errors = error_classes()
    seen: dict[str, Message] = {}
    for path, module in _modules(PACKAGE):
        if _content(path):
            continue
        in_cli = CLI in path.parents
        found: list[ast.expr] = list(_error_method_strings(module, errors))
        if in_cli:
            found.extend(_loose_cli(path, module))
        aliases = {
            alias.asname: alias.name
            for node in ast.walk(module)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
            if alias.asname
        }
        for node in ast.walk(module):
            if isinstance(node, ast.Call):
                callee = _callee(node.func)
                if _speaks(aliases.get(callee or "", callee), errors) or (
                    in_cli and _is_cli_printer(node)
                ):
                    found.extend(_arguments(node))
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in REASON_NAMES for t in node.targets
            ):
                found.extend(_strings(node.value))  # a reason recorded, shown later
        for expr in found:
            template = template_of(expr)
            if template is None or not has_words(template):
                continue
            where = f"{path.relative_to(ROOT)}:{expr.lineno}"
            seen.setdefault(template, Message(template, where))
    return list(seen.values())


VOCABULARY_MODULES = (
    "recouvre.entrypoints.cli.labels",
    "recouvre.domain.events.labels",
    "recouvre.domain.cases",
    "recouvre.law.routes.rules",
    "recouvre.law.prescription.events",
    "recouvre.law.interest",
    "recouvre.law.parameters",
    "recouvre.law.courts",
    "recouvre.services.judicial.records",
    "recouvre.services.cases.portfolio",
    "recouvre.domain.identifiers",
)


def vocabulary() -> list[Message]:
    """The French words the command line prints as values: every ``dict[str, str]`` table of
    ``labels`` and of the journal's labels, and the ``label_fr``/``label`` of the enums that
    the text output names (phases, routes, statuses, ageing buckets...)."""
    import enum
    import importlib

    words: dict[str, Message] = {}

    def add(text: object, where: str) -> None:
        if isinstance(text, str) and _LETTER.search(text):
            escaped = text.replace("{", "{{").replace("}", "}}")
            words.setdefault(escaped, Message(escaped, where))

    cli_tables = [f"recouvre.entrypoints.cli.{path.stem}" for path in sorted(CLI.glob("*.py"))]
    for name in (*VOCABULARY_MODULES, *cli_tables):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for attribute, value in vars(module).items():
            table = name in VOCABULARY_MODULES or attribute.endswith(("LABELS", "STATUSES"))
            if attribute.isupper() and isinstance(value, dict) and table:
                for word in value.values():
                    add(word, f"{name}.{attribute}")
            if isinstance(value, type) and issubclass(value, enum.Enum):
                if value.__module__ != name or name not in VOCABULARY_MODULES:
                    continue
                for member in value:
                    for label in ("label_fr", "label"):
                        add(getattr(member, label, None), f"{name}.{attribute}")
    return list(words.values())


def missing(catalogue: dict[str, str]) -> list[Message]:
    """The collected messages and words without an English entry in ``catalogue`` (a help
    text, translated by ``help.toml``, is not a message)."""
    from recouvre.entrypoints.cli.help_catalog import english_help

    helps = {text.replace("{", "{{").replace("}", "}}") for text in english_help()}
    absent: dict[str, Message] = {}
    for message in collect() + vocabulary():
        if message.template not in catalogue and message.template not in helps:
            absent.setdefault(message.template, message)
    return list(absent.values())


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from recouvre.entrypoints.cli.messages_catalog import english_messages

    absent = missing(english_messages())
    for message in absent:
        print(f"{message.where}\t{message.template.replace(chr(10), chr(92) + 'n')}")
    return 1 if absent else 0


if __name__ == "__main__":
    sys.exit(main())
