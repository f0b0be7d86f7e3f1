"""The shipped contact policy file: the defaults of the code, good practice rather than the
marketing hours of C. conso D223-9; a user file overrides what it states and is checked."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from recouvre.compliance.policy import ChannelWindow, ContactPolicy
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


def test_shipped_call_hours_are_good_practice_not_the_marketing_hours_of_d223_9() -> None:
    """C. conso D223-9 (10:00-13:00 and 14:00-20:00) binds telephone marketing only: the shipped
    collection window opens at 9:00 and keeps the lunch hour."""
    phone = load_contact_policy(SHIPPED_POLICY).window(Channel.PHONE)
    assert phone.start == time(9, 0) < time(10, 0)
    assert phone.end == time(20, 0)
    assert phone.start <= time(13, 30) < phone.end


def test_a_user_file_overrides_only_what_it_states(tmp_path: Path) -> None:
    path = tmp_path / "politique.toml"
    path.write_text(
        "[caps]\nmax_calls_per_week = 2\n[windows.phone]\nweekdays = [0, 1, 2, 3]\n"
        'start = "10:00"\nend = "18:00"\n',
        encoding="utf-8",
    )
    policy = load_contact_policy(path)
    assert policy.max_calls_per_week == 2
    assert policy.max_contacts_per_day == ContactPolicy().max_contacts_per_day
    assert policy.window(Channel.PHONE) == ChannelWindow(
        frozenset({0, 1, 2, 3}), time(10, 0), time(18, 0)
    )
    assert policy.window(Channel.EMAIL) == ContactPolicy().window(Channel.EMAIL)


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
