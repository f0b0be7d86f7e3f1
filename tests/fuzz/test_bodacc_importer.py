"""Fuzzing the BODACC import: hostile JSON, JSON-lines and CSV exports give ``BodaccIssue``
values, never an exception, and every announcement read has a key (its ``id`` or its content's
digest) that fits the database column."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.hostile_inputs import HOSTILE_TEXT, cell_text
from recouvre.adapters.importers.bodacc import (
    BodaccImport,
    BodaccIssue,
    parse_bodacc_csv,
    parse_bodacc_json,
)

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DATES = ["2026-10-14", "2026-10-06", "9999-12-31", "0001-01-01", "14 octobre 2026", "1er mai 1"]
NATURES = [
    "Jugement d'ouverture d'une procédure de redressement judiciaire",
    "Jugement de conversion en liquidation judiciaire",
    "Jugement d'ouverture d'une procédure de sauvegarde",
    "Jugement de clôture pour insuffisance d'actif",
]
values = st.one_of(cell_text, st.sampled_from(DATES + NATURES), st.none(), st.integers())
judgments = st.one_of(
    st.fixed_dictionaries(
        {"famille": values, "nature": st.one_of(st.sampled_from(NATURES), values)},
        optional={"date": st.one_of(st.sampled_from(DATES), values), "complementJugement": values},
    ).map(lambda j: json.dumps(j)),
    cell_text,
    st.sampled_from(["[" * 5000, "{}", "[]", "null", '"texte"']),
)
records = st.fixed_dictionaries(
    {"familleavis": st.sampled_from(["collective", "creation", ""])},
    optional={
        "id": values,
        "dateparution": st.one_of(st.sampled_from(DATES), values),
        "registre": st.one_of(
            st.lists(st.sampled_from(["542065479", "542 065 479", "123456789", *HOSTILE_TEXT])),
            values,
        ),
        "jugement": judgments,
        "tribunal": values,
        "commercant": values,
        "typeavis": st.sampled_from(["annonce", "rectificatif", "annulation"]),
        "numeroannonce": values,
    },
)


def checked(result: BodaccImport) -> None:
    for issue in result.issues:
        assert isinstance(issue, BodaccIssue)
        assert "\x1b" not in issue.text_fr("b")
    for announcement in result.announcements:
        assert announcement.announcement_id and len(announcement.announcement_id) <= 64
        assert announcement.id_from_content is announcement.announcement_id.startswith("contenu:")
        if announcement.judgment_date is not None:
            assert announcement.judgment_date <= announcement.publication_date


@FUZZ
@given(st.lists(records, max_size=5))
def test_hostile_json_exports_give_issues_never_exceptions(items: list[dict[str, Any]]) -> None:
    text = json.dumps(items, ensure_ascii=False)
    checked(parse_bodacc_json(text, "b.json"))
    lines = "\n".join(json.dumps(i, ensure_ascii=False) for i in items)
    checked(parse_bodacc_json(lines, "b.jsonl"))


COLUMNS = ["id", "dateparution", "familleavis", "registre", "jugement", "tribunal", "commercant"]


@FUZZ
@given(
    header=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8),
    body=st.lists(st.lists(cell_text, max_size=9), max_size=5),
    separator=st.sampled_from([";", ","]),
)
def test_hostile_csv_exports_give_issues_never_exceptions(
    header: list[str], body: list[list[str]], separator: str
) -> None:
    text = "\n".join(separator.join(row) for row in [header, *body]) + "\n"
    checked(parse_bodacc_csv(text, "b.csv"))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_random_text_as_an_export_gives_issues_never_exceptions(text: str) -> None:
    checked(parse_bodacc_json(text, "b.json"))
    checked(parse_bodacc_csv(text, "b.csv"))
