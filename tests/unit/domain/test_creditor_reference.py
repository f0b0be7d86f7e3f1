"""The ISO 11649 creditor reference of a case (« RF » + MOD 97-10 check digits)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iso11649

from recouvre.domain.creditor_reference import creditor_reference, printed, references_in
from recouvre.domain.errors import InvalidIdentifier


def test_the_standard_s_own_example_is_recognised() -> None:
    # ISO 11649's example: RF18 5390 0754 7034
    assert references_in("Facture payée RF18 5390 0754 7034, merci") == ("RF18539007547034",)


def test_a_case_reference_gives_a_valid_reference_in_groups_of_four() -> None:
    reference = creditor_reference("D-2026-000123")
    assert reference == "RF16D2026000123" and iso11649.is_valid(reference)
    assert printed(reference) == "RF16 D202 6000 123"


def test_a_mistyped_reference_matches_nothing() -> None:
    assert references_in("virement RF16D2026000124") == ()
    assert references_in("virement RF61D2026000123") == ()


def test_a_reference_too_long_is_refused() -> None:
    with pytest.raises(InvalidIdentifier):
        creditor_reference("D-2026-0000000000000000000123")


@given(
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=21).filter(
        lambda s: s.replace("-", "")
    ),
    st.sampled_from(["", "Paiement ", "REF: ", "facture F-12 "]),
    st.sampled_from(["", " merci", ". ", " 12/2026"]),
    st.booleans(),
    st.booleans(),
)
def test_any_reference_quoted_in_a_text_is_found_back(
    body: str, before: str, after: str, grouped: bool, lower: bool
) -> None:
    reference = creditor_reference(body)
    quoted = printed(reference) if grouped else reference
    found = references_in(before + (quoted.lower() if lower else quoted) + after)
    assert reference in found


def test_a_word_after_the_reference_never_extends_it() -> None:
    # « 33L10959T » followed by « merci » once made a longer valid run by chance (1 in 97).
    reference = creditor_reference("33L10959T")
    assert references_in(f"{reference} merci") == (reference,)
    assert references_in(f"({printed(reference)}), merci") == (reference,)
    # A last group of four followed by a short word: both runs are candidates, longest first.
    grouped = creditor_reference("420W6PFY3LJN")
    assert grouped in references_in(f"{printed(grouped)} merci")
