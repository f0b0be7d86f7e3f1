"""BODACC open-data export (annonces-commerciales): the fixtures in JSON and CSV read back,
malformed records reported with their number, judgments classified."""

from __future__ import annotations

import json
from datetime import date

import pytest

from recouvre.adapters.importers.bodacc import (
    BodaccImport,
    JudgmentKind,
    classify_judgment,
    parse_bodacc_csv,
    parse_bodacc_date,
    parse_bodacc_json,
    read_bodacc_file,
)
from recouvre.law.routes.rules import CollectiveKind
from support.paths import FIXTURES

FIXTURES = FIXTURES / "bodacc"

EXPECTED = [
    # record, SIREN, kind, judgment date, publication date, tribunal contains
    (
        1,
        "901234567",
        JudgmentKind.OPENING_RECEIVERSHIP,
        date(2026, 10, 6),
        date(2026, 10, 14),
        "Lyon",
    ),
    (2, "812345676", JudgmentKind.LIQUIDATION, date(2026, 10, 8), date(2026, 10, 14), "Metz"),
    (
        3,
        "793456781",
        JudgmentKind.OPENING_SAFEGUARD,
        date(2026, 10, 2),
        date(2026, 10, 14),
        "Bordeaux",
    ),
    (5, "884567892", JudgmentKind.PLAN, date(2026, 10, 5), date(2026, 10, 15), "Marseille"),
    (6, "755678901", JudgmentKind.CLOSURE, date(2026, 10, 1), date(2026, 10, 15), "Paris"),
]


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_fixture_export_reads_every_collective_announcement(suffix: str) -> None:
    result = read_bodacc_file(FIXTURES / f"annonces-commerciales.{suffix}")
    assert result.ok, result.errors_fr()
    assert result.skipped == 1  # the « Immatriculations » record
    got = [
        (a.record, a.sirens, a.kind, a.judgment_date, a.publication_date)
        for a in result.announcements
    ]
    assert got == [(r, (s,), k, j, p) for r, s, k, j, p, _ in EXPECTED]
    for announcement, expected in zip(result.announcements, EXPECTED, strict=True):
        assert expected[5] in announcement.tribunal
        assert announcement.notice_type == "annonce"
        assert announcement.announcement_id.startswith("A2026")
    liquidation = result.for_siren("812345676")[0]
    assert liquidation.nature == "Jugement d'ouverture de liquidation judiciaire"
    assert "liquidateur" in liquidation.complement
    assert liquidation.debtor_name == "MENUISERIE MOSELLANE TEST"
    assert liquidation.departement == "57"
    assert liquidation.kind.collective_kind is CollectiveKind.LIQUIDATION


def test_json_and_csv_exports_agree() -> None:
    from_json = read_bodacc_file(FIXTURES / "annonces-commerciales.json")
    from_csv = read_bodacc_file(FIXTURES / "annonces-commerciales.csv")
    assert from_json.announcements == from_csv.announcements


def _record(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "A202600000001",
        "numeroannonce": 1,
        "typeavis": "annonce",
        "familleavis": "collective",
        "familleavis_lib": "Procédures collectives",
        "registre": ["901 234 567", "901234567"],
        "dateparution": "2026-10-14",
        "tribunal": "Greffe du Tribunal de Commerce de Lyon",
        "jugement": json.dumps(
            {
                "famille": "Jugement d'ouverture",
                "nature": "Jugement d'ouverture de liquidation judiciaire",
                "date": "2026-10-06",
            }
        ),
    }
    base.update(changes)
    return base


def test_malformed_json_records_are_reported_with_their_number() -> None:
    records = [
        _record(),
        _record(registre=["901 234 568"]),  # wrong Luhn key
        _record(dateparution="14/13/2026"),
        _record(jugement='{"famille": "Jugement d\'ouverture", '),  # truncated JSON
        "not an object",
        _record(registre="812 345 676,812345676"),  # text form, as in the CSV export
    ]
    result = parse_bodacc_json(json.dumps(records), "export.json")
    assert [a.record for a in result.announcements] == [1, 6]
    assert result.announcements[1].sirens == ("812345676",)
    where = [(i.record, i.field) for i in result.issues]
    assert where == [(2, "registre"), (3, "dateparution"), (4, "jugement"), (5, "(enregistrement)")]
    messages = result.errors_fr()
    assert messages[0].startswith("export.json, enregistrement n° 2, champ « registre »")
    assert "clé de contrôle" in messages[0]
    assert "14/13/2026" in messages[1]


def test_invalid_json_file_reports_its_line() -> None:
    result = parse_bodacc_json('[\n{"id": "A1",\n"registre": }\n]', "cassé.json")
    assert not result.announcements
    assert result.issues[0].line == 3
    assert "JSON invalide" in result.errors_fr()[0]


def test_v1_api_shape_and_results_wrapper_are_read() -> None:
    v1 = [{"datasetid": "annonces-commerciales", "fields": _record()}]
    v2 = {"total_count": 1, "results": [_record()]}
    assert len(parse_bodacc_json(json.dumps(v1), "v1").announcements) == 1
    assert len(parse_bodacc_json(json.dumps(v2), "v2").announcements) == 1


def test_malformed_csv_rows_give_record_and_line() -> None:
    lines = (FIXTURES / "annonces-commerciales.csv").read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1]
    broken_siren = first.replace("901 234 567,901234567", "901 234 56")
    no_date = first.replace(";2026-10-14;", ";;")
    text = "\n".join([header, first, broken_siren, no_date]) + "\n"
    result = parse_bodacc_csv(text, "export.csv")
    assert [a.record for a in result.announcements] == [1]
    assert [(i.record, i.line, i.field) for i in result.issues] == [
        (2, 3, "registre"),
        (3, 4, "dateparution"),
    ]
    assert result.errors_fr()[1] == (
        "export.csv, enregistrement n° 3 (ligne 4), champ « dateparution » : date absente"
    )


def test_csv_without_the_expected_columns_is_refused_whole() -> None:
    result = parse_bodacc_csv("id;tribunal\nA1;Lyon\n", "autre.csv")
    assert not result.announcements
    assert "registre" in result.issues[0].field


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-08-31", date(2026, 8, 31)),
        ("31 août 2026", date(2026, 8, 31)),
        ("1er mars 2026", date(2026, 3, 1)),
        ("6 Décembre 2025", date(2025, 12, 6)),
    ],
)
def test_judgment_dates_iso_and_french(text: str, expected: date) -> None:
    assert parse_bodacc_date(text) == expected


def test_unreadable_date_is_an_error() -> None:
    with pytest.raises(ValueError, match="date illisible"):
        parse_bodacc_date("31 brumaire an II")


@pytest.mark.parametrize(
    ("family", "nature", "kind"),
    [
        (
            "Jugement d'ouverture",
            "Jugement d'ouverture d'une procédure de sauvegarde",
            JudgmentKind.OPENING_SAFEGUARD,
        ),
        (
            "Jugement d'ouverture",
            "Jugement d'ouverture d'une procédure de redressement judiciaire",
            JudgmentKind.OPENING_RECEIVERSHIP,
        ),
        (
            "Jugement d'ouverture",
            "Jugement d'ouverture de liquidation judiciaire",
            JudgmentKind.LIQUIDATION,
        ),
        (
            "Jugement prononçant",
            "Jugement de conversion en liquidation judiciaire",
            JudgmentKind.LIQUIDATION,
        ),
        (
            "Jugement prononçant",
            "Jugement prononçant la résolution du plan de redressement "
            "et la liquidation judiciaire",
            JudgmentKind.LIQUIDATION,
        ),
        ("Jugement prononçant", "Jugement arrêtant le plan de redressement", JudgmentKind.PLAN),
        ("Jugement prononçant", "Jugement arrêtant un plan de cession", JudgmentKind.PLAN),
        (
            "Jugement de clôture",
            "Jugement de clôture pour insuffisance d'actif",
            JudgmentKind.CLOSURE,
        ),
        (
            "Jugement de clôture",
            "Jugement de clôture pour extinction du passif",
            JudgmentKind.CLOSURE,
        ),
        ("Avis de dépôt", "Dépôt de l'état des créances", JudgmentKind.OTHER),
        ("Jugement d'ouverture", "", JudgmentKind.OTHER),
    ],
)
def test_judgment_classification(family: str, nature: str, kind: JudgmentKind) -> None:
    assert classify_judgment(family, nature) is kind


def test_empty_import_is_ok_and_empty() -> None:
    result: BodaccImport = parse_bodacc_json("[]", "vide.json")
    assert result.ok and not result.announcements and result.skipped == 0


def test_an_opening_read_from_the_export_feeds_the_route_recommendation() -> None:
    """BODACC receivership of 901234567, published 14 October 2026 → only the claim
    declaration, by Monday 14 December 2026 (C. com. L622-24, R622-24)."""
    from decimal import Decimal

    from recouvre.domain.parties import DebtorKind
    from recouvre.law.deadlines.cpc import Residence
    from recouvre.law.parameters import LegalTables
    from recouvre.law.routes.recommendation import recommend_routes
    from recouvre.law.routes.rules import (
        ClaimAmounts,
        ClaimNature,
        CollectiveProceedings,
        JudicialContext,
        Route,
    )
    from recouvre.reference.loader import shipped_rows

    opening = read_bodacc_file(FIXTURES / "annonces-commerciales.json").for_siren("901234567")[0]
    kind = opening.kind.collective_kind
    assert kind is CollectiveKind.RECEIVERSHIP
    facts = JudicialContext(
        on=date(2026, 11, 23),
        amounts=ClaimAmounts(Decimal("4800.00"), Decimal("95.00"), Decimal("40.00")),
        debtor_kind=DebtorKind.COMPANY,
        nature=ClaimNature.COMMERCIAL,
        residence=Residence.from_departement(opening.departement),
        prescription_end=date(2030, 1, 31),
        collective=CollectiveProceedings(kind, opening.publication_date),
    )
    advice = recommend_routes(facts, LegalTables(shipped_rows()))
    assert advice.first.route is Route.CLAIM_DECLARATION
    assert advice.claim_declaration_deadline is not None
    assert advice.claim_declaration_deadline.end == date(2026, 12, 14)
    declared = advice.first.expected_recovery
    assert declared == (Decimal("0.30") * Decimal("4895.00")).quantize(Decimal("0.01"))


def test_json_lines_export_reports_lines() -> None:
    lines = [json.dumps(_record()), json.dumps(_record(dateparution="")), '{"id": "A3", ']
    result = parse_bodacc_json("\n".join(lines) + "\n", "export.jsonl")
    assert [a.record for a in result.announcements] == [1]
    assert [(i.record, i.line, i.field) for i in result.issues] == [
        (2, 2, "dateparution"),
        (3, 3, "(enregistrement)"),
    ]
