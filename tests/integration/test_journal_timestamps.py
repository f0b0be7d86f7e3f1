"""RFC 3161 timestamps of the journal's anchors, against a real authority on 127.0.0.1
(``support.tsa``: CMS signed with a certificate generated for the test), on SQLite and
PostgreSQL: each anchor stamped and its token checked by ``journal verify``; an anchor chain
rewritten in place caught by its token; a token altered or from another authority named; an
authority down or refusing leaves the anchor made and is asked again next time."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from asn1crypto import cms

from recouvre.adapters.db.tables import journal_anchor_timestamps, journal_anchors
from recouvre.bootstrap import App, build
from recouvre.settings import Settings
from support.journal_forgery import drop_journal_triggers, forge_reminders, reminded
from support.outbox_seed import FixedClock
from support.tsa import Authority, running_authority


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()


@pytest.fixture
def authority(monkeypatch: pytest.MonkeyPatch) -> Iterator[Authority]:
    with running_authority() as (tsa, url):
        monkeypatch.setenv("RECOUVRE_TSA_URL", url)
        yield tsa


def test_without_an_authority_anchors_are_made_as_before(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECOUVRE_TSA_URL", raising=False)
    reminded(app, 2)
    assert len(app.anchor_journal()) == 1
    assert app.timestamp_anchors() is None
    report = app.verify_journal()
    assert report.ok and (report.anchors, report.timestamps) == (1, 0)


def test_each_anchor_is_timestamped_and_its_token_verified(app: App, authority: Authority) -> None:
    reminded(app, 2)
    [made] = app.anchor_journal()
    stamping = app.timestamp_anchors()
    assert stamping is not None and stamping.failed == []
    [stamp] = stamping.stamped
    assert stamp.anchor_seq == made.seq and stamp.token == authority.tokens[0]
    # The authority signed the anchor's digest itself (the message imprint).
    signed = cms.ContentInfo.load(stamp.token)["content"]["encap_content_info"]["content"]
    assert signed.parsed["message_imprint"]["hashed_message"].native.hex() == made.digest
    with app.engine.connect() as connection:
        row = connection.execute(sa.select(journal_anchor_timestamps)).one()
    assert base64.b64decode(row.token) == stamp.token and row.tsa_url == stamp.tsa_url
    report = app.verify_journal()
    assert report.ok, report.breaks
    assert (report.anchors, report.timestamps) == (1, 1)
    # Nothing left to stamp; the table refuses a change like the other journal tables.
    assert app.timestamp_anchors() == type(stamping)()
    with pytest.raises(sa.exc.DatabaseError, match="ajout seul"), app.engine.begin() as c:
        c.execute(journal_anchor_timestamps.delete())


def test_an_anchor_chain_rewritten_in_place_is_caught_by_its_timestamp(
    app: App, authority: Authority
) -> None:
    case_id, first = reminded(app, 3)
    [made] = app.anchor_journal()
    assert app.timestamp_anchors() is not None
    forged = forge_reminders(app.engine, case_id, first)
    assert forged.digest != made.digest
    report = app.verify_journal()
    assert [brk.describe() for brk in report.breaks] == [
        f"flux anchors, n° 1 : horodatage RFC 3161 ({authority_url(app)}) : l'empreinte "
        "horodatée n'est pas celle de l'ancre (ancre réécrite ?)"
    ]


def test_an_altered_token_or_another_authority_is_named(
    app: App, authority: Authority, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reminded(app, 1)
    app.anchor_journal()
    assert app.timestamp_anchors() is not None
    other = tmp_path / "autre.pem"
    other.write_bytes(Authority("Autre autorité").pem)
    monkeypatch.setenv("RECOUVRE_TSA_CERT", str(other))
    [pinned] = app.verify_journal().breaks
    assert pinned.reason.endswith("signé par une autre autorité que celle de RECOUVRE_TSA_CERT")
    mine = tmp_path / "tsa.pem"
    mine.write_bytes(authority.pem)
    monkeypatch.setenv("RECOUVRE_TSA_CERT", str(mine))
    assert app.verify_journal().ok
    token = bytearray(authority.tokens[0])
    token[-5] ^= 0xFF  # inside the RSA signature, the last field of the token
    drop_journal_triggers(app.engine)
    with app.engine.begin() as connection:
        connection.exec_driver_sql(
            "DROP TRIGGER journal_anchor_timestamps_no_update"
            if app.engine.dialect.name == "sqlite"
            else "DROP TRIGGER journal_anchor_timestamps_append_only ON journal_anchor_timestamps"
        )
        connection.execute(
            journal_anchor_timestamps.update().values(token=base64.b64encode(token).decode())
        )
    [altered] = app.verify_journal().breaks
    assert altered.reason.endswith("la signature de l'autorité d'horodatage ne correspond pas")


def test_an_authority_refusing_leaves_the_anchor_unstamped_then_asked_again(
    app: App, authority: Authority
) -> None:
    reminded(app, 1)
    [made] = app.anchor_journal()
    authority.refuse = True
    stamping = app.timestamp_anchors()
    assert stamping is not None and stamping.stamped == []
    [(seq, reason)] = stamping.failed
    assert seq == made.seq
    assert reason.endswith("refuse la demande (rejection : service fermé)")
    with app.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(journal_anchors)).scalar()
    assert app.verify_journal().ok  # an anchor without a token is an anchor as before
    authority.refuse = False
    again = app.timestamp_anchors()
    assert again is not None and [s.anchor_seq for s in again.stamped] == [made.seq]
    assert app.verify_journal().timestamps == 1


def authority_url(app: App) -> str:
    with app.engine.connect() as connection:
        return str(connection.execute(sa.select(journal_anchor_timestamps.c.tsa_url)).scalar_one())
