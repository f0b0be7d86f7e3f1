"""The composition root reads the legal tables, the shipped scenarios and the contact policy
once per application, and takes the run's page size and crash switch from the settings."""

from __future__ import annotations

from pathlib import Path

from recouvre.bootstrap import build, run_settings
from recouvre.bootstrap.daily_run import crash_after_pages
from recouvre.settings import CrashSwitch, Settings


def settings(tmp_path: Path, page_size: int = 5000, crash: CrashSwitch | None = None) -> Settings:
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    return Settings(url, tmp_path, None, "fr", page_size, crash or CrashSwitch())


def test_what_is_read_once_per_application(tmp_path: Path) -> None:
    app = build(settings(tmp_path))
    try:
        first, second = run_settings(app), run_settings(app)
        assert first.law is second.law is app.tables
        assert first.scenarios is second.scenarios is app.scenarios
        assert first.policy is second.policy is app.contact_policy
        assert first.page_size == 5000
        assert crash_after_pages(app) is None
    finally:
        app.dispose()


def test_the_page_size_and_the_crash_switch_come_from_the_settings(tmp_path: Path) -> None:
    app = build(settings(tmp_path, 3, CrashSwitch(run_after_pages=2)))
    try:
        assert run_settings(app).page_size == 3
        assert crash_after_pages(app) is not None
    finally:
        app.dispose()
