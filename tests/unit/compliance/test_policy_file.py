"""The shipped contact policy file: defaults equal to the code's, said to be good practice."""

from __future__ import annotations

from pathlib import Path

import pytest

from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.parties import Channel
from recouvre.reference.policy_loader import (
    SHIPPED_POLICY,
    PolicyLoadError,
    load_contact_policy,
)


def test_shipped_file_matches_the_documented_defaults() -> None:
    policy = load_contact_policy()
    assert policy == ContactPolicy()
    assert policy.max_contacts_per_day == 1
    assert policy.max_calls_per_week == 3
    assert policy.max_contacts_per_30_days == 8
    phone = policy.window(Channel.PHONE)
    assert sorted(phone.weekdays) == [0, 1, 2, 3, 4] and not phone.on_public_holidays


def test_header_says_good_practice_not_law_and_cites_section_7() -> None:
    header = SHIPPED_POLICY.read_text(encoding="utf-8").split("[caps]")[0]
    assert "BONNES PRATIQUES, PAS LA LOI" in header
    assert "section 7" in header


def test_errors_name_the_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "politique.toml"
    path.write_text(
        "[caps]\nmax_calls_per_week = 0\n[windows.fax]\nweekdays = [0]\n"
        '[windows.phone]\nweekdays = [0]\nstart = "21:00"\nend = "20:00"\n',
        encoding="utf-8",
    )
    with pytest.raises(PolicyLoadError) as caught:
        load_contact_policy(path)
    errors = caught.value.errors
    assert any("champ « caps.max_calls_per_week »" in e for e in errors)
    assert any("windows.fax" in e and "canal inconnu" in e for e in errors)
    assert any("windows.phone" in e and "après start" in e for e in errors)
    assert all(str(path) in e for e in errors)
