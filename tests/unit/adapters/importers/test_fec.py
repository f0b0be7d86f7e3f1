"""The FEC reader (``adapters.importers.fec``): one small FEC written in each form real exports
take (tab or pipe, padded, trailing separator, BOM, CRLF and ``\\r\\r\\n``, Windows-1252, upper-case
headers, Montant + Sens), the broken ones refused with line and column, then the six real files
of ``../shared/data/thirdparty/fec`` read in place, with the totals their INDEX gives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from recouvre.adapters.importers.fec import read_fec
from recouvre.services.imports.fec.ledger import EntryGrouping, Ledger
from support.fec_files import HEADER, SMALL_FEC, fec_bytes, fec_line
from support.paths import shared_file


def _read(tmp_path: Path, data: bytes, name: str = "FEC.txt") -> Ledger:
    path = tmp_path / name
    path.write_bytes(data)
    return read_fec(path)


def _seen(ledger: Ledger) -> list[tuple[object, ...]]:
    return [
        (x.line, x.entry, x.account, x.name, x.piece_ref, x.amount, x.lettering, x.lettered_on)
        for x in ledger.customer_lines
    ]


def test_a_small_fec_gives_its_customer_lines_its_sales_and_its_balance(tmp_path: Path) -> None:
    ledger = _read(tmp_path, fec_bytes(SMALL_FEC))
    assert ledger.ok, ledger.issues
    assert (ledger.lines, ledger.entries, ledger.grouping) == (17, 7, EntryGrouping.NUMBER)
    assert ledger.total_debit == ledger.total_credit == Decimal("2930.00")
    first = ledger.customer_lines[0]
    assert (first.line, first.entry, first.account, first.name) == (
        2, ("VE", "1"), "C001", "Métallerie Lorraine"
    )
    assert (first.amount, first.piece_ref, first.piece_date) == (
        Decimal("1200.00"), "F-0001", date(2026, 9, 1)
    )
    assert [x.amount for x in ledger.customer_lines if x.lettering == "AA"] == [
        Decimal("600.00"), Decimal("-600.00")
    ]
    assert ledger.sales_entries >= {("VE", "1"), ("VE", "2"), ("VE", "4")}
    assert ("BQ", "3") not in ledger.sales_entries


@pytest.mark.parametrize(
    "form",
    [
        {"separator": "|"},
        {"separator": "|", "pad": 30, "trailing": True},  # fixed-width export, trailing bar
        {"end": "\r\n"},
        {"end": "\r\r\n"},
        {"encoding": "utf-8-sig"},
        {"encoding": "cp1252", "separator": "|", "end": "\r\n"},
        {"header": [h.upper() for h in HEADER]},
    ],
)
def test_every_form_of_the_same_entries_reads_the_same(
    tmp_path: Path, form: dict[str, object]
) -> None:
    plain = _read(tmp_path, fec_bytes(SMALL_FEC), "a.txt")
    other = _read(tmp_path, fec_bytes(SMALL_FEC, **form), "b.txt")  # type: ignore[arg-type]
    assert other.ok, other.issues
    assert _seen(other) == _seen(plain)
    assert (other.total_debit, other.entries) == (plain.total_debit, plain.entries)


def test_montant_and_sens_in_place_of_debit_and_credit(tmp_path: Path) -> None:
    header = [*HEADER[:11], "Montant", "Sens", *HEADER[13:]]
    lines = [
        [*v[:11], v[11] if v[11] != "0,00" else v[12], "D" if v[11] != "0,00" else "C", *v[13:]]
        for v in SMALL_FEC
    ]
    ledger = _read(tmp_path, fec_bytes(lines, header=header))
    assert ledger.ok, ledger.issues
    assert _seen(ledger) == _seen(_read(tmp_path, fec_bytes(SMALL_FEC), "plain.txt"))


def test_zero_padded_and_signed_amounts(tmp_path: Path) -> None:
    lines = [
        fec_line("VE", "1", "20260901", "411000", " 000000000001437,12", aux="7",
                 aux_name="partner_a", piece="-"),
        fec_line("VE", "1", "20260901", "706000", credit="+0000000001437.12"),
    ]  # fmt: skip
    ledger = _read(tmp_path, fec_bytes(lines, separator="|"))
    assert ledger.ok, ledger.issues
    assert ledger.customer_lines[0].amount == Decimal("1437.12")


def test_entry_numbers_all_zero_are_checked_per_journal_and_day(tmp_path: Path) -> None:
    lines = [
        fec_line("ve", "0", "20260131", "411000", "120,00", aux="CCB", aux_name="RECETTE CB",
                 piece="01/2026"),
        fec_line("ve", "0", "20260131", "706000", credit="100,00", piece="01/2026"),
        fec_line("ve", "0", "20260131", "445710", credit="20,00", piece="02/2026"),
        fec_line("bq", "0", "20260202", "512000", "120,00", piece="REM CB"),
        fec_line("bq", "0", "20260202", "411000", credit="120,00", aux="CCB", piece="REM CB"),
    ]  # fmt: skip
    header = [*HEADER, "DateRglt", "ModeRglt", "NatOp", "IdClient"]
    ledger = _read(tmp_path, fec_bytes([[*v, "", "CH", "", ""] for v in lines], header=header))
    assert ledger.ok, ledger.issues
    assert (ledger.grouping, ledger.entries) == (EntryGrouping.JOURNAL_DAY, 2)
    assert ledger.customer_lines[0].entry == ("ve", "20260131")


def test_an_unbalanced_entry_is_refused_with_its_lines(tmp_path: Path) -> None:
    lines = [list(v) for v in SMALL_FEC]
    lines[9][12] = "249,99"  # VE 4, lines 9 to 12 of the file: the sale is short of 0,01
    ledger = _read(tmp_path, fec_bytes(lines))
    assert not ledger.ok and ledger.customer_lines == ()
    [issue] = ledger.issues
    assert (issue.line, issue.column) == (10, "EcritureNum")
    assert "écriture 4 du journal VE (lignes 10 à 12) déséquilibrée" in issue.message
    assert "débits 300,00" in issue.message and "écart 0,01" in issue.message


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        (11, "12O,00", "montant illisible « 12O,00 »"),
        (11, "1 200,00", "montant illisible"),
        (12, "10,005", "plus de deux décimales"),
        (3, "2026-09-01", "date illisible « 2026-09-01 » : AAAAMMJJ attendu"),
        (9, "20260231", "date impossible « 20260231 »"),
        (4, "", "valeur obligatoire manquante"),
    ],
)
def test_a_bad_value_is_refused_with_its_line_and_column(
    tmp_path: Path, column: int, value: str, said: str
) -> None:
    lines = [list(v) for v in SMALL_FEC]
    lines[2][column] = value
    ledger = _read(tmp_path, fec_bytes(lines))
    assert not ledger.ok
    located = [(i.line, i.column) for i in ledger.issues if said in i.message]
    assert located and located[0] == (4, HEADER[column]), ledger.issues


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "EcritureLet"]
    lines = [[v for i, v in enumerate(line) if i != 13] for line in SMALL_FEC]
    ledger = _read(tmp_path, fec_bytes(lines, header=header))
    [issue] = ledger.issues
    assert issue.line == 1 and "colonne(s) manquante(s) : « EcritureLet »" in issue.message


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "fichier vide"),
        (b"JournalCode;JournalLib\n", "séparateur non reconnu"),
        ("\t".join(HEADER).encode("utf-16"), "encodage UTF-16 non accepté"),
        (fec_bytes(SMALL_FEC).replace(b"\tC001\t", b"\t", 1), "ligne 2 : 17 valeurs pour 18"),
    ],
)
def test_files_that_are_no_fec_are_refused(tmp_path: Path, data: bytes, said: str) -> None:
    ledger = _read(tmp_path, data)
    assert any(said in str(i) for i in ledger.issues), ledger.issues


# --- real files (../shared/data/thirdparty/fec) -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "lines", "total", "grouping"),
    [
        ("neolegal_111111111FEC20221231.TXT", 934, "225682.23", EntryGrouping.NUMBER),
        ("neolegal_excerpt_123456789FEC20500930.txt", 560, "2045020.32", EntryGrouping.NUMBER),
        ("neolegal_excerpt_0000000001FEC20220831.txt", 695, "2660275.53", EntryGrouping.NUMBER),
        ("neolegal_excerpt_000000000FEC20231231.txt", 765, "284892.77",
         EntryGrouping.JOURNAL_DAY),
        ("odoo_l10n_fr_fec_expected.txt", 5, "7760.45", EntryGrouping.NUMBER),
    ],
)  # fmt: skip
def test_real_files_balance_at_their_totals(
    name: str, lines: int, total: str, grouping: EntryGrouping
) -> None:
    ledger = read_fec(shared_file(f"data/thirdparty/fec/{name}"))
    assert ledger.ok, ledger.issues[:5]
    assert (ledger.lines, ledger.grouping) == (lines, grouping)
    assert ledger.total_debit == ledger.total_credit == Decimal(total)


def test_real_files_peculiarities() -> None:
    padded = read_fec(shared_file("data/thirdparty/fec/neolegal_111111111FEC20221231.TXT"))
    first = padded.customer_lines[0]  # padded values, collective 41100000 with its auxiliary
    assert (first.account, first.name, first.piece_ref) == ("41101590", "E.LECLERC CARPENTR",
                                                            "VE 0123")  # fmt: skip
    assert (first.lettering, first.lettered_on) == ("AA", date(2023, 2, 9))
    odoo = read_fec(shared_file("data/thirdparty/fec/odoo_l10n_fr_fec_expected.txt"))
    [customer] = odoo.customer_lines  # CRLF, no final line break
    assert (customer.account, customer.name, customer.entry_number) == (
        "7", "partner_a", "INV/2021/00001"
    )
    # The DGFiP's header map (a reference, not a FEC): a semicolon list of column names.
    reference = read_fec(shared_file("data/thirdparty/fec/dgfip_fmt_arrete.txt"))
    assert any("séparateur non reconnu" in i.message for i in reference.issues)
