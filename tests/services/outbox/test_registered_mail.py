"""Registered letters: posted with a tracking number, followed by the tracking file's events,
which are evidence and set the legal dates (receipt of the formal notice) and the attitude."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import (
    actions,
    cases,
    events,
    registered_mail_items,
    tracking_events,
)
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.adapters.importers.tracking_csv import read_tracking_csv
from recouvre.bootstrap import App, build, case_events, outbox_sender
from recouvre.domain.parties import Channel
from recouvre.services.outbox.registered_mail import (
    TrackingError,
    assign_tracking_number,
    import_tracking,
)
from recouvre.settings import Settings
from support.outbox_seed import (
    DAY,
    FixedClock,
    add_action,
    seed_case,
    statuses,
    units_of_work,
)


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()


def posted(app: App, number: str, **seed: object) -> tuple[int, int]:
    """A formal notice printed in today's batch and posted under ``number``."""
    seeded = seed_case(app, **seed)  # type: ignore[arg-type]
    action = add_action(app.engine, seeded, "registered_letter")
    report = outbox_sender(app).send(DAY, (Channel.REGISTERED_LETTER,))
    assert report.print_registered >= 1 and statuses(app.engine)[action] == "sent"
    assign_tracking_number(store(app), action, number, DAY)
    return seeded.case_id, action


def store(app: App) -> Callable[[], SqlUnitOfWork]:
    return units_of_work(app.engine)


def csv_file(tmp_path: Path, text: str, name: str = "suivi.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def case_history(app: App, case_id: int) -> list[tuple[str, dict[str, object]]]:
    with app.engine.connect() as connection:
        rows = connection.execute(
            sa.select(events.c.kind, events.c.payload)
            .where(events.c.case_id == case_id)
            .order_by(events.c.id)
        ).all()
    return [(r.kind, json.loads(r.payload)) for r in rows]


def test_posting_records_the_tracking_number(app: App) -> None:
    case_id, action = posted(app, "1A 012 345 6789 0")
    with app.engine.connect() as connection:
        item = connection.execute(sa.select(registered_mail_items)).one()
        ref = connection.execute(
            sa.select(actions.c.provider_ref).where(actions.c.id == action)
        ).scalar_one()
    assert (item.tracking_number, item.status, item.posted_on) == ("1A01234567890", "posted", DAY)
    assert ref == "1A01234567890"
    assert (
        "registered_letter_posted",
        {"action_id": action, "tracking_number": "1A01234567890"},
    ) in (case_history(app, case_id))
    with pytest.raises(TrackingError, match="déjà attribué"):
        other_case = seed_case(app, name="Autre", siren=None)  # type: ignore[arg-type]
        other = add_action(app.engine, other_case, "registered_letter", step="r2")
        outbox_sender(app).send(DAY, (Channel.REGISTERED_LETTER,))
        assign_tracking_number(store(app), other, "1A01234567890", DAY)


def test_the_signed_acknowledgement_dates_the_receipt_of_the_formal_notice(
    app: App, tmp_path: Path
) -> None:
    case_id, _ = posted(app, "1A01234567890")
    path = csv_file(
        tmp_path,
        "numero;date;evenement\n"
        "1A 012 345 6789 0;24/11/2026;Première présentation\n"
        "1A01234567890;26/11/2026;Distribué - AR signé\n",
    )
    lines, errors = read_tracking_csv(path)
    assert errors == []
    report = import_tracking(store(app), case_events(app), path.name, lines)
    assert report.recorded == 2
    assert [(ref, on) for ref, on in report.received] == [("D-2026-000001", date(2026, 11, 26))]
    kinds = case_history(app, case_id)
    received = [p for k, p in kinds if k == "formal_notice_received"]
    assert received == [
        {"action_id": 1, "tracking_number": "1A01234567890", "received_on": "2026-11-26",
         "basis": "acknowledgement"}
    ]  # fmt: skip
    assert [k for k, _ in kinds if k.startswith("registered_letter_")] == [
        "registered_letter_posted", "registered_letter_presented", "registered_letter_delivered",
    ]  # fmt: skip
    with app.engine.connect() as connection:
        item = connection.execute(sa.select(registered_mail_items)).one()
    assert (item.status, item.presented_on, item.delivered_on) == (
        "delivered", date(2026, 11, 24), date(2026, 11, 26),
    )  # fmt: skip
    again = import_tracking(store(app), case_events(app), path.name, read_tracking_csv(path)[0])
    assert (again.recorded, again.already_known) == (0, 2)
    assert app.verify_journal().ok


def test_unknown_at_the_address_makes_the_debtor_unreachable(app: App, tmp_path: Path) -> None:
    case_id, _ = posted(app, "1A01234567906")
    text = (
        "Numéro de suivi,Date,Statut\n1A01234567906,2026-11-25,Destinataire inconnu à l'adresse\n"
    )
    path = csv_file(tmp_path, text)
    report = import_tracking(store(app), case_events(app), path.name, read_tracking_csv(path)[0])
    assert report.unreachable == [("D-2026-000001", date(2026, 11, 25))] and report.received == []
    with app.engine.connect() as connection:
        attitude = connection.execute(
            sa.select(cases.c.attitude).where(cases.c.id == case_id)
        ).scalar_one()
    assert attitude == "unreachable"
    kinds = dict(case_history(app, case_id))
    assert kinds["contact_failed"] == {"channel": "letter", "failure": "returned_letter"}
    assert kinds["attitude_changed"]["to_attitude"] == "unreachable"


def test_unclaimed_is_evidence_without_receipt(app: App, tmp_path: Path) -> None:
    case_id, _ = posted(app, "1A01234567913")
    path = csv_file(tmp_path, "numero;date;evenement\n"
                              "1A01234567913;24/11/2026;avisé\n"
                              "1A01234567913;09/12/2026;pli avisé non réclamé\n")  # fmt: skip
    report = import_tracking(store(app), case_events(app), path.name, read_tracking_csv(path)[0])
    assert report.by_event == {"presented": 1, "returned_unclaimed": 1}
    assert report.received == []
    with app.engine.connect() as connection:
        item = connection.execute(sa.select(registered_mail_items)).one()
    assert (item.status, item.returned_on) == ("returned_unclaimed", date(2026, 12, 9))
    assert "formal_notice_received" not in dict(case_history(app, case_id))


def test_an_import_with_errors_records_nothing_and_names_each_line(
    app: App, tmp_path: Path
) -> None:
    posted(app, "1A01234567890")
    path = csv_file(
        tmp_path,
        "numero;date;evenement\n"
        "1A01234567890;24/11/2026;première présentation\n"
        "9Z99999999999;24/11/2026;distribué\n"
        "1A01234567890;31/02/2026;distribué\n"
        "1A01234567890;25/11/2026;perdu dans la nature\n"
        "1A01234567890;20/11/2026;distribué\n",
        name="suivi-novembre.csv",
    )
    lines, errors = read_tracking_csv(path)
    with pytest.raises(TrackingError) as refused:
        import_tracking(store(app), case_events(app), path.name, lines, errors)
    text = "\n".join(refused.value.errors)
    assert "suivi-novembre.csv, ligne 3, numéro : « 9Z99999999999 »" in text
    assert "suivi-novembre.csv, ligne 4, colonne « date » : date « 31/02/2026 » illisible" in text
    assert "suivi-novembre.csv, ligne 5, colonne « evenement » : événement « perdu" in text
    assert "ligne 6, date : 2026-11-20 antérieure au dépôt du 2026-11-23" in text
    assert len(refused.value.errors) == 4
    with app.engine.connect() as connection:
        assert (
            connection.execute(sa.select(sa.func.count()).select_from(tracking_events)).scalar()
            == 0
        )


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "colis;jour\n1A01234567890;24/11/2026\n")
    lines, errors = read_tracking_csv(path)
    assert lines == [] and errors[0].startswith("suivi.csv, ligne 1 : colonne(s) manquante(s)")


class CrashingCaseEvents:
    """The plan's reaction dies (a crash, a lost connection) after the tracking lines are
    recorded and before ``ContactFailed`` is."""

    def within(self, uow: object) -> CrashingCaseEvents:
        return self

    def unreachable(self, case_key: str, channel: object, on: date) -> object:
        raise RuntimeError("coupure entre le suivi et la réaction du plan")


def test_a_returned_letter_and_its_contact_failure_commit_together(
    app: App, tmp_path: Path
) -> None:
    case_id, _ = posted(app, "1A01234567920")
    text = (
        "Numéro de suivi,Date,Statut\n1A01234567920,2026-11-25,Destinataire inconnu à l'adresse\n"
    )
    path = csv_file(tmp_path, text)
    lines = read_tracking_csv(path)[0]
    before = case_history(app, case_id)
    with pytest.raises(RuntimeError, match="coupure"):
        import_tracking(store(app), CrashingCaseEvents(), path.name, lines)  # type: ignore[arg-type]
    with app.engine.connect() as connection:
        stored = connection.execute(sa.select(tracking_events)).all()
        item = connection.execute(sa.select(registered_mail_items)).one()
        attitude = connection.execute(
            sa.select(cases.c.attitude).where(cases.c.id == case_id)
        ).scalar_one()
    assert stored == [] and item.status == "posted" and attitude != "unreachable"
    assert case_history(app, case_id) == before  # nothing half-written
    report = import_tracking(store(app), case_events(app), path.name, lines)
    assert report.recorded == 1
    kinds = [kind for kind, _ in case_history(app, case_id)[len(before) :]]
    assert kinds[:3] == [
        "registered_letter_returned_unknown_address",
        "attitude_changed",
        "contact_failed",
    ]
    assert app.verify_journal().ok
