"""The test suite's own storage wiring: ``--backends`` and what happens without PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = Path(__file__).parents[2] / "conftest.py"

STORAGE_TEST = """
def test_uses_a_database(db_url):
    assert db_url
"""


def test_postgresql_tests_error_when_its_binaries_are_missing(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makepyfile(test_storage=STORAGE_TEST)
    monkeypatch.delenv("RECOUVRE_TEST_POSTGRES_URL", raising=False)
    monkeypatch.setenv("RECOUVRE_TEST_POSTGRES_BIN", str(tmp_path / "no-postgres-here"))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1, errors=1)  # sqlite passes, postgresql ERRORS (no skip)
    result.stdout.fnmatch_lines(["*PostgreSQL est sélectionné*initdb n'existe pas*"])


def test_backends_option_selects_and_validates(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makepyfile(test_storage=STORAGE_TEST)
    only_sqlite = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--backends", "sqlite")
    only_sqlite.assert_outcomes(passed=1)
    marked = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--backends", "sqlite", "-m", "not storage"
    )
    marked.assert_outcomes(deselected=1)
    wrong = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--backends", "oracle")
    assert wrong.ret == pytest.ExitCode.USAGE_ERROR
    wrong.stderr.fnmatch_lines(["*--backends*oracle*"])
