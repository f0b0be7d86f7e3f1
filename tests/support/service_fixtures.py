"""Fixtures of the outbox and channel tests: a real SMTP server on 127.0.0.1 (aiosmtpd) that the
sender is configured to use, and the app on the selected database backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from recouvre.bootstrap import App, build
from recouvre.settings import Settings
from support.outbox_seed import FixedClock, Inbox, free_port


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("RECOUVRE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("RECOUVRE_SMTP_PORT", str(port))
    monkeypatch.setenv("RECOUVRE_SMTP_SECURITY", "none")
    monkeypatch.delenv("RECOUVRE_TEST_CRASH_AT", raising=False)
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()
