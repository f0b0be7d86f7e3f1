"""A debtor's requests and details (``services.parties.debtors``), on SQLite and PostgreSQL, with
the
real daily run, the real sender and an SMTP server on 127.0.0.1: what the debtor refuses no
longer goes out, what the debtor still accepts does, and every change is evidence in the
journal of each open case."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import actions, debtors, journal_entries
from recouvre.bootstrap import App, case_events, debtors_service, outbox_sender, run_day
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Channel, Creditor
from recouvre.services.parties.creditors import InvalidChanges, UnknownParty
from recouvre.services.parties.debtor_changes import DebtorChanges
from support.outbox_seed import DAY, FixedClock, Inbox, Seeded, seed_case, statuses


@dataclass(frozen=True)
class TwoCases:
    first: Seeded  # Menuiserie Durand's case: the run queues a courtesy email
    second: str  # Transports Martin's case for the same debtor: its email bounced, letters


def second_case(app: App, seeded: Seeded) -> str:
    """Another creditor's case against the same debtor."""
    with app.uow() as uow:
        creditor = uow.creditors.add(
            Creditor(None, "Transports Martin", "552100554", iban="FR7630006000011234567890189",
                     bic="AGRIFRPP", address=Address(("1 quai Saint-Vincent",), "69001", "Lyon"))
        )  # fmt: skip
        assert creditor.id
        case = uow.cases.add(Case.open(creditor.id, seeded.debtor_id, date(2026, 9, 1)))
        assert case.id and case.reference
        uow.invoices.add(
            Invoice(None, creditor.id, seeded.debtor_id, "M-1", date(2026, 8, 1),
                    date(2026, 8, 31), Decimal("800.00")), case.id,
        )  # fmt: skip
        uow.commit()
        return case.reference


def action_rows(app: App) -> dict[str, tuple[str, str, str | None]]:
    """step@case -> (channel, status, reason)."""
    with app.engine.connect() as connection:
        rows = connection.execute(sa.select(actions).order_by(actions.c.id)).all()
    return {f"{r.step_id}@{r.case_id}": (r.channel, r.status, r.reason) for r in rows}


def journal(app: App, kind: str) -> list[tuple[str, dict[str, object]]]:
    with app.engine.connect() as connection:
        rows = connection.execute(
            sa.select(journal_entries.c.stream, journal_entries.c.payload)
            .where(journal_entries.c.kind == kind)
            .order_by(journal_entries.c.id)
        ).all()
    return [(r.stream, json.loads(r.payload)) for r in rows]


def debtor_row(app: App, debtor_id: int) -> tuple[object, ...]:
    with app.engine.connect() as connection:
        return tuple(connection.execute(sa.select(debtors).where(debtors.c.id == debtor_id)).one())


def test_set_then_show_round_trips_and_is_journaled_on_the_open_case(app: App) -> None:
    seeded = seed_case(app)
    service = debtors_service(app)
    update = service.set(
        "542065479",  # by SIREN
        DebtorChanges(
            only_channel=Channel.LETTER,
            language="EN",
            add_emails=("Direction@Schmitt.example",),
            remove_phones=("+33 6 12 34 56 78",),
            add_phones=("03 87 00 00 00; 06 98 76 54 32",),
            address_lines=("12 rue Serpenoise", "BP 40"),
            postal_code="57000",
            city="Metz",
            reason="courrier reçu le 20/11/2026",
        ),
    )
    assert update.preferences == {
        "only_channel": [None, "letter"],
        "language": ["fr", "en"],
    }
    assert set(update.details) == {"emails", "phones", "address"}
    shown = service.show(seeded.reference).as_json()  # by case reference
    assert shown == service.show(str(seeded.debtor_id)).as_json()  # by id
    assert shown["emails"] == ["compta@schmitt.example", "Direction@Schmitt.example"]
    assert shown["phones"] == ["03 87 00 00 00", "06 98 76 54 32"]
    assert shown["address"] == {
        "lines": ["12 rue Serpenoise", "BP 40"],
        "postal_code": "57000",
        "city": "Metz",
        "country": "FR",
        "departement": "57",
    }
    assert shown["preferences"] == {
        "do_not_contact": False,
        "only_channel": "letter",
        "language": "en",
    }
    assert shown["channels"] == ["letter"]
    assert [c["reference"] for c in shown["open_cases"]] == [seeded.reference]
    # Evidence on the case's own stream, with old and new values and the reason.
    [(stream, payload)] = journal(app, "debtor_preferences_changed")
    assert stream == f"case:{seeded.case_id}"
    assert payload["reason"] == "courrier reçu le 20/11/2026"
    assert payload["changes"] == {"only_channel": [None, "letter"], "language": ["fr", "en"]}
    [(stream, details)] = journal(app, "debtor_details_changed")
    assert stream == f"case:{seeded.case_id}"
    changes = details["changes"]
    assert isinstance(changes, dict)
    assert changes["phones"] == [["+33612345678"], ["03 87 00 00 00", "06 98 76 54 32"]]
    # The same request again changes nothing and journals nothing.
    again = service.set(
        str(seeded.debtor_id), DebtorChanges(only_channel=Channel.LETTER, reason="rappel")
    )
    assert not again.changed
    assert len(journal(app, "debtor_preferences_changed")) == 1
    assert app.verify_journal().ok


def test_invalid_changes_are_all_listed_and_nothing_is_written(app: App) -> None:
    seeded = seed_case(app)
    before = debtor_row(app, seeded.debtor_id)
    with pytest.raises(InvalidChanges) as refused:
        debtors_service(app).set(
            seeded.reference,
            DebtorChanges(
                do_not_contact=True,  # without a reason
                emails=("compta@schmitt", "ok@schmitt.example"),
                remove_phones=("01 02 03 04 05",),
                add_phones=("appelez-moi",),
                postal_code="5700",
            ),
        )
    problems = refused.value.problems
    assert any(p.startswith("--reason :") for p in problems)
    assert "--email : adresse e-mail invalide : « compta@schmitt »" in problems
    assert any(p.startswith("--remove-phone :") for p in problems)
    assert any(p.startswith("--add-phone : numéro de téléphone invalide") for p in problems)
    assert any(p.startswith("--postal-code :") for p in problems)
    assert len(problems) == 5
    assert debtor_row(app, seeded.debtor_id) == before
    assert journal(app, "debtor_preferences_changed") == []
    assert journal(app, "debtor_details_changed") == []


def test_unknown_debtors_are_named(app: App) -> None:
    seed_case(app)
    service = debtors_service(app)
    with pytest.raises(UnknownParty, match="aucun débiteur de SIREN 732829320"):
        service.show("732829320")
    with pytest.raises(UnknownParty, match="aucun dossier de référence D-2026-999999"):
        service.show("d-2026-999999")
    with pytest.raises(InvalidChanges, match="SIREN"):
        service.show("123456789")  # Luhn fails
    with pytest.raises(UnknownParty, match="identifiant, son SIREN"):
        service.show("Schmitt")
    assert [r.debtor.name for r in service.search("schmitt")] == ["Boulangerie Schmitt"]
    assert [r.open_cases for r in service.search("57000")] == [1]
    assert service.search("introuvable%") == []


def test_do_not_contact_withdraws_the_queued_email_and_send_sends_nothing(
    app: App, smtp: Inbox
) -> None:
    seeded = seed_case(app)
    run_day(app, DAY)
    assert action_rows(app) == {f"relance_courtoise@{seeded.case_id}": ("email", "queued", None)}
    update = debtors_service(app).set(
        seeded.reference,
        DebtorChanges(do_not_contact=True, reason="appel du 23/11 : ne plus me contacter"),
    )
    [outcome] = update.reactions
    assert outcome.withdrawn == ("relance_courtoise",)
    _, status, reason = action_rows(app)[f"relance_courtoise@{seeded.case_id}"]
    assert status == "cancelled"
    assert reason is not None and "ne plus être contacté" in reason and "appel du 23/11" in reason
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (0, 0)
    assert smtp.messages == []
    # The next runs plan no contact for this debtor either (the guard and the channels).
    for day in range(1, 4):
        run_day(app, DAY + timedelta(days=day))
    assert all(
        ch not in ("email", "letter", "registered_letter", "sms", "phone") or st == "cancelled"
        for ch, st, _ in action_rows(app).values()
    )
    kinds = [k for (k,) in _kinds(app, seeded.case_id)]
    assert kinds.index("debtor_preferences_changed") < kinds.index("step_withdrawn")
    assert app.verify_journal().ok


def _kinds(app: App, case_id: int) -> list[tuple[str]]:
    with app.engine.connect() as connection:
        return [
            (r.kind,)
            for r in connection.execute(
                sa.select(journal_entries.c.kind)
                .where(journal_entries.c.stream == f"case:{case_id}")
                .order_by(journal_entries.c.seq)
            )
        ]


def test_single_channel_letter_withdraws_the_email_and_keeps_the_letter(
    app: App, smtp: Inbox
) -> None:
    seeded = seed_case(app)
    other = second_case(app, seeded)
    bounced = case_events(app).unreachable(other, Channel.EMAIL, DAY)  # letters for that one
    run_day(app, DAY)
    rows = action_rows(app)
    email_key = f"relance_courtoise@{seeded.case_id}"
    letter_key = f"relance_courtoise@{bounced.case_id}"
    assert rows[email_key][:2] == ("email", "queued")
    assert rows[letter_key][:2] == ("letter", "deferred")  # one contact a day
    update = debtors_service(app).set(
        str(seeded.debtor_id),
        DebtorChanges(only_channel=Channel.LETTER, reason="lettre du 20/11 : courrier seulement"),
    )
    withdrawn = {o.reference: o.withdrawn for o in update.reactions}
    assert withdrawn == {seeded.reference: ("relance_courtoise",), other: ()}
    rows = action_rows(app)
    assert rows[email_key][1] == "cancelled"
    assert "que par courrier" in (rows[email_key][2] or "")
    assert rows[letter_key][:2] == ("letter", "deferred")
    # The next day the letter goes out, and still no email.
    assert isinstance(app.clock, FixedClock)
    app.clock.moment = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    run_day(app, DAY + timedelta(days=1))
    report = outbox_sender(app).send(DAY + timedelta(days=1))
    assert report.by_channel == {"letter": 1}
    assert smtp.messages == []
    assert statuses(app.engine)[_action_id(app, bounced.case_id)] == "sent"
    assert app.verify_journal().ok


def _action_id(app: App, case_id: int) -> int:
    with app.engine.connect() as connection:
        return int(
            connection.execute(
                sa.select(actions.c.id).where(
                    actions.c.case_id == case_id, actions.c.channel == "letter"
                )
            ).scalar_one()
        )


def test_a_corrected_email_withdraws_the_email_queued_for_the_old_address(
    app: App, smtp: Inbox
) -> None:
    seeded = seed_case(app)
    run_day(app, DAY)
    update = debtors_service(app).set(
        seeded.reference, DebtorChanges(emails=("paiements@schmitt.example",))
    )
    assert update.preferences == {}
    assert update.details["emails"] == [["compta@schmitt.example"], ["paiements@schmitt.example"]]
    assert [o.withdrawn for o in update.reactions] == [("relance_courtoise",)]
    run_day(app, DAY)  # planned again, for the new address
    report = outbox_sender(app).send(DAY)
    assert report.sent == 1
    [message] = smtp.messages
    assert b"To: paiements@schmitt.example" in message
    assert app.verify_journal().ok


def test_a_debtor_without_open_case_is_journaled_on_the_global_stream(app: App) -> None:
    seeded = seed_case(app)
    case_events(app).close(seeded.reference, _paid(), DAY, "payé")
    debtors_service(app).set(
        str(seeded.debtor_id), DebtorChanges(language="en", reason="e-mail du 22/11")
    )
    [(stream, payload)] = journal(app, "debtor_preferences_changed")
    assert stream == "global"
    assert payload["changes"] == {"language": ["fr", "en"]}


def _paid():  # type: ignore[no-untyped-def]
    from recouvre.domain.cases import Closure

    return Closure.PAID


def test_the_sender_refuses_a_queued_action_of_a_debtor_flagged_do_not_contact(
    app: App, smtp: Inbox
) -> None:
    """A request written behind the service's back (or between the run and the send): the
    sender's last line of defence fails the action with the French reason."""
    seeded = seed_case(app)
    run_day(app, DAY)
    with app.engine.begin() as connection:
        connection.execute(
            debtors.update().where(debtors.c.id == seeded.debtor_id).values(do_not_contact=True)
        )
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (0, 1)
    assert smtp.messages == []
    [(_, reason)] = report.failures
    assert reason == "le débiteur a demandé à ne plus être contacté : envoi bloqué"


def test_the_sender_refuses_an_email_to_a_debtor_who_asked_for_letters_only(
    app: App, smtp: Inbox
) -> None:
    seeded = seed_case(app)
    run_day(app, DAY)
    with app.engine.begin() as connection:
        connection.execute(
            debtors.update().where(debtors.c.id == seeded.debtor_id).values(only_channel="letter")
        )
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (0, 1)
    assert smtp.messages == []
    assert report.failures[0][1] == (
        "le débiteur a demandé à n'être contacté que par courrier : envoi par courriel bloqué"
    )
