"""Fuzzing the invoice importers: hostile CSV and XLSX files, generated at run time, go through
the parse and validate stages. Whatever the input, the importers answer with ``ImportIssue``
values, never an exception; the bombs are parsed in a child process under a memory limit and
stay below a documented peak (docs/import-format.md, « Limites »)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.hostile_inputs import (
    HEADERS,
    PEAK_BOUND_MB,
    cell_text,
    minimal_xlsx,
    numbers,
    parse_in_child,
    sheet_xml,
)
from recouvre.adapters.importers import open_invoice_file
from recouvre.services.imports.invoices import ImportIssue, RowValidator
from support import hostile_files

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def parse_and_validate(path: Path) -> list[ImportIssue]:
    """The importer's parse stage, then the validate stage over its rows: every issue."""
    source = open_invoice_file(path)
    issues = list(source.issues)
    validator = RowValidator(source.columns, "732829320")
    for row in source.rows():
        validator.check(row, issues)
    for issue in issues:
        assert isinstance(issue, ImportIssue)
        assert "\x1b" not in str(issue) or "\x1b" in path.name
    return issues


headers = st.lists(st.sampled_from(HEADERS), min_size=1, max_size=10)
rows = st.lists(st.lists(cell_text, max_size=12), max_size=6)
separators = st.sampled_from([";", ",", "\t"])
encodings = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "mixed"])


def csv_bytes(header: list[str], body: list[list[str]], separator: str, encoding: str) -> bytes:
    lines = [separator.join(header)] + [separator.join(r) for r in body]
    chunks = []
    for number, line in enumerate(lines):
        codec = encoding if encoding != "mixed" else ("cp1252" if number % 2 else "utf-8")
        chunks.append((line + "\n").encode(codec, errors="replace"))
    return b"".join(chunks)


@FUZZ
@given(header=headers, body=rows, separator=separators, encoding=encodings)
def test_hostile_csv_files_give_issues_never_exceptions(
    header: list[str], body: list[list[str]], separator: str, encoding: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "factures.csv"
        path.write_bytes(csv_bytes(header, body, separator, encoding))
        parse_and_validate(path)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_as_csv_give_issues_never_exceptions(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "factures.csv"
        path.write_bytes("N° facture;Date;Échéance;Montant;Nom\n".encode() + data)
        parse_and_validate(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.lists(
        st.lists(st.one_of(cell_text, numbers, st.none()), min_size=1, max_size=8), max_size=5
    )
)
def test_hostile_xlsx_cells_give_issues_never_exceptions(body: list[list[object]]) -> None:
    header: list[object] = ["N° facture", "Date de facture", "Échéance", "Montant TTC"]
    header += ["Raison sociale", "SIREN", "Taux contractuel", "Code postal"]
    rows = [header, *[[v for v in r if v is not None] for r in body]]
    with tempfile.TemporaryDirectory() as folder:
        path = minimal_xlsx(Path(folder) / "factures.xlsx", sheet_xml(rows))
        parse_and_validate(path)


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=3000))
def test_random_bytes_as_sheet_xml_give_issues_never_exceptions(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = minimal_xlsx(Path(folder) / "factures.xlsx", data)
        parse_and_validate(path)


# --- Bombs, in a child process under a memory limit -------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda p: hostile_files.inflated(p, megabytes=300), "bombe de décompression"),
        (lambda p: hostile_files.far_cell(p, "XFD1048576"), "s'étend sur"),
        (lambda p: hostile_files.far_cell(p, "CV1048576"), "s'étend sur"),
        (hostile_files.with_entities, "classeur illisible"),
        (
            lambda p: hostile_files.lying_sizes(
                hostile_files.inflated(p, megabytes=50), hostile_files.SHEET, 5000
            ),
            "classeur illisible",
        ),
    ],
    ids=["zip-bomb-300MiB", "far-cell-XFD1048576", "far-cell-CV1048576", "entities", "lying-sizes"],
)
def test_spreadsheet_bombs_are_refused_in_bounded_memory(
    tmp_path: Path, build: object, expected: str
) -> None:
    path = build(tmp_path / "bombe.xlsx")  # type: ignore[operator]
    report = parse_in_child(path)
    assert report["rows"] == 0
    issues = report["issues"]
    assert isinstance(issues, list) and any(expected in i for i in issues), issues
    assert isinstance(report["peak_mb"], int) and report["peak_mb"] < PEAK_BOUND_MB


def test_a_csv_without_line_breaks_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "factures.csv"
    with path.open("wb") as stream:
        stream.write("N° facture;Date de facture;Échéance;Montant TTC;Raison sociale\n".encode())
        for _ in range(64):
            stream.write(b"1;" * (1 << 19))  # 64 MiB on one line
    report = parse_in_child(path)
    issues = report["issues"]
    assert isinstance(issues, list) and any("ligne trop longue" in i for i in issues), issues
    assert isinstance(report["peak_mb"], int) and report["peak_mb"] < 200
