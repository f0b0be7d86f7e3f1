"""The shape of the code a reader meets: small modules, short functions.

A module over 450 lines or a function over 80 lines is a room with no walls: split it. The law
package's worked computations may run longer where one article is one computation; each such
exception is listed here with its reason, so that a new one is a decision, not an accident.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support.paths import REPO

SRC = REPO / "src" / "recouvre"
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80

# module or "module:function" -> why it may be longer
EXCEPTIONS: dict[str, str] = {
    "adapters/db/migrations/versions/v0001_initial_schema.py": "a migration is one frozen script",
    "adapters/db/migrations/versions/v0001_initial_schema.py:upgrade": "the whole first schema",
    "law/statement/columnar.py:batch_statements": (
        "the columnar twin of the scalar statement walk, step for step over arrays held by one "
        "frame: split, each stage would take and return the same dozen arrays"
    ),
    "adapters/db/migrations/versions/v0003_channels.py:upgrade": "a migration is one frozen script",
    "adapters/db/migrations/versions/v0004_judicial.py:upgrade": "a migration is one frozen script",
}


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def test_no_module_is_longer_than_the_limit() -> None:
    long = {
        _name(p): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
        and _name(p) not in EXCEPTIONS
    }
    assert long == {}


def test_no_function_is_longer_than_the_limit() -> None:
    long: dict[str, int] = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                key = f"{_name(path)}:{node.name}"
                if size > MAX_FUNCTION_LINES and key not in EXCEPTIONS:
                    long[key] = size
    assert long == {}


def test_every_exception_still_exists() -> None:
    names = {_name(p) for p in _modules()}
    for key in EXCEPTIONS:
        assert key.split(":")[0] in names, f"exception for a module that is gone: {key}"
