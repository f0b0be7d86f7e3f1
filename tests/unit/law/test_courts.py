"""The court directory and the addressee of a court paper, as French writes it."""

from __future__ import annotations

from datetime import date

import pytest

from recouvre.law.courts import (
    CourtDirectory,
    CourtEntry,
    Jurisdiction,
    addressee_of,
    designation,
    jurisdiction_of,
    of,
)
from recouvre.law.routes.rules import CourtKind

DAY = date(2026, 12, 7)


def entry(name: str, *codes: str, user: bool = False, **dates: date) -> CourtEntry:
    return CourtEntry(Jurisdiction.JUDICIAL, name, codes, "test", DAY, user=user, **dates)


@pytest.mark.parametrize(
    ("kind", "court", "expected"),
    [
        (
            CourtKind.COMMERCIAL_COURT,
            "tribunal de commerce de Bobigny",
            "Monsieur ou Madame le Président du tribunal de commerce de Bobigny",
        ),
        (
            CourtKind.COMMERCIAL_CHAMBER,
            "tribunal judiciaire de Metz",
            "Monsieur ou Madame le Président de la chambre commerciale du tribunal judiciaire "
            "de Metz",
        ),
        (
            CourtKind.ENFORCEMENT_JUDGE,
            "tribunal judiciaire de Lyon",
            "Monsieur ou Madame le juge de l'exécution du tribunal judiciaire de Lyon",
        ),
        (
            CourtKind.PROTECTION_JUDGE,
            "tribunal judiciaire de Lille",
            "Monsieur ou Madame le juge des contentieux de la protection du tribunal judiciaire "
            "de Lille",
        ),
    ],
)
def test_the_addressee_names_the_office_with_its_article(
    kind: CourtKind, court: str, expected: str
) -> None:
    assert addressee_of(designation(kind, court), president=True) == expected


def test_de_contracts_with_the_article_of_the_office() -> None:
    assert of("tribunal judiciaire de Paris") == "du tribunal judiciaire de Paris"
    assert of("chambre commerciale du tribunal judiciaire de Colmar").startswith("de la chambre")
    assert of("office notarial") == "de l'office notarial"
    assert addressee_of("tribunal judiciaire de Paris", president=False) == (
        "Monsieur ou Madame le juge du tribunal judiciaire de Paris"
    )


def test_officers_have_no_district_court() -> None:
    assert jurisdiction_of(CourtKind.BAILIFF) is None
    assert jurisdiction_of(CourtKind.MANDATARY) is None
    assert jurisdiction_of(CourtKind.COMMERCIAL_CHAMBER) is Jurisdiction.JUDICIAL
    assert jurisdiction_of(CourtKind.COMMERCIAL_COURT) is Jurisdiction.COMMERCIAL


def test_the_most_precise_district_wins_then_the_users_row() -> None:
    directory = CourtDirectory(
        (entry("département", "57*"), entry("ville", "57000"), entry("canton", "570*"))
    )
    assert directory.find(Jurisdiction.JUDICIAL, "57000", DAY).name == "ville"  # type: ignore[union-attr]
    assert directory.find(Jurisdiction.JUDICIAL, "57050", DAY).name == "canton"  # type: ignore[union-attr]
    assert directory.find(Jurisdiction.JUDICIAL, "57590", DAY).name == "département"  # type: ignore[union-attr]
    assert directory.find(Jurisdiction.JUDICIAL, "58000", DAY) is None
    assert directory.find(Jurisdiction.COMMERCIAL, "57000", DAY) is None
    assert directory.find(Jurisdiction.JUDICIAL, " ", DAY) is None
    mine = directory.with_entries([entry("la mienne", "57000", user=True)])
    assert mine.find(Jurisdiction.JUDICIAL, "57 000", DAY).name == "la mienne"  # type: ignore[union-attr]


def test_a_court_renamed_on_a_date_is_named_as_it_was_on_the_papers_day() -> None:
    directory = CourtDirectory(
        (
            entry("tribunal de commerce", "75*", valid_to=date(2025, 1, 1)),
            entry("tribunal des activités économiques", "75*", valid_from=date(2025, 1, 1)),
        )
    )
    found = directory.find(Jurisdiction.JUDICIAL, "75008", date(2024, 12, 31))
    assert found is not None and found.name == "tribunal de commerce"
    found = directory.find(Jurisdiction.JUDICIAL, "75008", date(2025, 1, 1))
    assert found is not None and found.name == "tribunal des activités économiques"
