"""BODACC exports as a careless or hostile source writes them: announcements without ``id``,
a publication before its judgment, impossible dates, foreign digits, control characters,
fields over the csv module's limit, deep JSON nesting, an oversized file. Each is a reported
issue with its record, never a traceback, and no announcement is lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from recouvre.adapters.importers import bodacc
from recouvre.adapters.importers.bodacc import (
    JudgmentKind,
    parse_bodacc_csv,
    parse_bodacc_date,
    parse_bodacc_json,
    read_bodacc_file,
)

SIREN = "542065479"


def record(**changes: Any) -> dict[str, Any]:
    judgment = {
        "famille": "Jugement d'ouverture",
        "nature": "Jugement d'ouverture d'une procédure de redressement judiciaire",
        "date": "2026-10-06",
    }
    judgment.update(changes.pop("jugement", {}))
    base: dict[str, Any] = {
        "id": "A1",
        "dateparution": "2026-10-14",
        "numeroannonce": 101,
        "typeavis": "annonce",
        "familleavis": "collective",
        "tribunal": "Greffe du Tribunal de Commerce de Lyon",
        "commercant": "BOULANGERIE SCHMITT",
        "registre": [SIREN],
        "jugement": json.dumps(judgment, ensure_ascii=False),
    }
    base.update(changes)
    return base


OPENING = {"id": None}
CONVERSION = {
    "id": None,
    "dateparution": "2026-11-20",
    "numeroannonce": 230,
    "jugement": {
        "famille": "Jugement de conversion",
        "nature": "Jugement de conversion en liquidation judiciaire",
        "date": "2026-11-12",
    },
}


def test_announcements_without_id_are_keyed_by_their_content_and_both_kept() -> None:
    result = parse_bodacc_json(json.dumps([record(**OPENING), record(**CONVERSION)]), "b.json")
    assert result.ok, result.errors_fr()
    first, second = result.announcements
    assert (first.kind, second.kind) == (
        JudgmentKind.OPENING_RECEIVERSHIP,
        JudgmentKind.LIQUIDATION,
    )
    assert first.announcement_id != second.announcement_id
    assert first.id_from_content and second.id_from_content
    assert first.announcement_id.startswith("contenu:") and len(first.announcement_id) <= 64
    assert result.without_id == 2


def test_the_content_key_is_stable_across_imports_and_formats() -> None:
    once = parse_bodacc_json(json.dumps([record(**OPENING)]), "b.json").announcements[0]
    again = parse_bodacc_json(json.dumps([record(**OPENING)]), "c.json").announcements[0]
    assert once.announcement_id == again.announcement_id


def test_a_csv_without_an_id_column_keys_by_content() -> None:
    header = "dateparution;familleavis;registre;jugement"
    lines = [header]
    for changes in (OPENING, CONVERSION):
        r = record(**changes)
        jugement = r["jugement"].replace('"', '""')
        lines.append(f'{r["dateparution"]};collective;{SIREN};"{jugement}"')
    result = parse_bodacc_csv("\n".join(lines) + "\n", "b.csv")
    assert result.ok, result.errors_fr()
    assert len({a.announcement_id for a in result.announcements}) == 2
    assert all(a.id_from_content for a in result.announcements)


def test_an_announcement_with_an_id_keeps_it() -> None:
    (announcement,) = parse_bodacc_json(json.dumps([record()]), "b.json").announcements
    assert announcement.announcement_id == "A1" and not announcement.id_from_content


def test_a_publication_before_its_judgment_is_refused() -> None:
    result = parse_bodacc_json(json.dumps([record(dateparution="2026-10-01")]), "b.json")
    assert not result.ok and not result.announcements
    (issue,) = result.issues
    assert issue.field == "dateparution" and "antérieure au jugement" in issue.message


@pytest.mark.parametrize(
    "text", ["9999-12-31", "0001-01-01", "1er janvier 1", "31 décembre 9999", "1899-12-31"]
)
def test_dates_out_of_the_plausible_range_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="hors limites"):
        parse_bodacc_date(text)


@pytest.mark.parametrize(
    "text", ["٢٠٢٦-١٠-١٤", "１４ octobre ２０２６", "2026-1０-14", "0000-01-01"]
)
def test_foreign_digits_and_impossible_dates_are_refused_in_french(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_bodacc_date(text)
    result = parse_bodacc_json(json.dumps([record(dateparution=text)]), "b.json")
    assert [i.field for i in result.issues] == ["dateparution"]


@pytest.mark.parametrize("field", ["commercant", "tribunal", "id"])
def test_control_characters_in_text_fields_are_refused(field: str) -> None:
    result = parse_bodacc_json(json.dumps([record(**{field: "X\x1b[2J"})]), "b.json")
    (issue,) = result.issues
    assert issue.field == field and "caractère de contrôle" in issue.message
    assert "\x1b" not in "".join(result.errors_fr())


def test_a_control_character_in_the_judgment_complement_is_refused() -> None:
    result = parse_bodacc_json(
        json.dumps([record(jugement={"complementJugement": "Maître X\x9b2J"})]), "b.json"
    )
    assert [i.field for i in result.issues] == ["jugement.complementJugement"]


def test_a_csv_field_over_the_csv_module_limit_is_an_issue_with_its_line() -> None:
    text = "id;dateparution;registre;jugement;familleavis\n" + (
        f'A1;2026-10-14;{SIREN};"{"x" * (200 * 1024)}";collective\n'
    )
    result = parse_bodacc_csv(text, "b.csv")
    (issue,) = result.issues
    assert issue.line == 2 and "trop longue" in issue.message


def test_a_csv_header_over_the_limit_is_an_issue() -> None:
    result = parse_bodacc_csv("id;" + "y" * (200 * 1024) + "\n", "b.csv")
    (issue,) = result.issues
    assert "trop longue" in issue.message


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_json_nesting_is_an_issue(depth: int) -> None:
    result = parse_bodacc_json("[" * depth + "]" * depth, "b.json")
    assert not result.ok and "imbrication" in result.issues[0].message


def test_deep_nesting_inside_the_judgment_string_is_an_issue() -> None:
    result = parse_bodacc_json(json.dumps([record() | {"jugement": "[" * 100_000}]), "b.json")
    assert [i.field for i in result.issues] == ["jugement"]


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps([record()]), encoding="utf-8")
    monkeypatch.setattr(bodacc, "MAX_BODACC_BYTES", 10)
    result = read_bodacc_file(path)
    (issue,) = result.issues
    assert "Mio" in issue.message or "octets" in issue.message


def test_an_integer_of_more_digits_than_python_converts_is_an_issue() -> None:
    result = parse_bodacc_json("[" + "1" * 5000 + "]", "b.json")
    assert "4 300 chiffres" in result.issues[0].message
    result = parse_bodacc_json(json.dumps([record() | {"jugement": "1" * 5000}]), "b.json")
    assert [i.field for i in result.issues] == ["jugement"]
