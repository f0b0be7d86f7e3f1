"""Addresses know their département; debtors know their reachable channels."""

import pytest

from recouvre.domain.parties import (
    Address,
    Channel,
    ContactPreferences,
    Debtor,
    DebtorKind,
    departement_of,
)


@pytest.mark.parametrize(
    ("postal_code", "departement"),
    [
        ("75001", "75"),
        ("57000", "57"),
        ("01000", "01"),
        ("20000", "2A"),
        ("20199", "2A"),
        ("20200", "2B"),
        ("97411", "974"),
        ("97200", "972"),
        ("7500", None),
        ("ABCDE", None),
    ],
)
def test_departement_of_postal_code(postal_code: str, departement: str | None) -> None:
    assert departement_of(postal_code) == departement


def test_address_flags() -> None:
    assert Address(postal_code="67000").is_alsace_moselle
    assert Address(postal_code="97400").is_overseas
    assert not Address(postal_code="75011").is_overseas
    assert Address(postal_code="1000", country="BE").is_abroad
    assert Address(postal_code="57000", country="BE").departement is None


def test_channels_follow_what_is_known_and_what_was_asked() -> None:
    debtor = Debtor(
        id=1,
        kind=DebtorKind.COMPANY,
        name="Durand SARL",
        address=Address(("1 rue de la Paix",), "75002", "Paris"),
        emails=("compta@durand.fr",),
        phones=("+33612345678",),
    )
    assert debtor.channels() == {Channel.LETTER, Channel.EMAIL, Channel.PHONE, Channel.SMS}
    only_letters = ContactPreferences(only_channel=Channel.LETTER)
    assert Debtor(**{**_fields(debtor), "preferences": only_letters}).channels() == {Channel.LETTER}
    silent = ContactPreferences(do_not_contact=True)
    assert Debtor(**{**_fields(debtor), "preferences": silent}).channels() == frozenset()
    no_email = Debtor(**{**_fields(debtor), "emails": ()})
    assert Channel.EMAIL not in no_email.channels()


def _fields(debtor: Debtor) -> dict[str, object]:
    return {name: getattr(debtor, name) for name in Debtor.__slots__}
