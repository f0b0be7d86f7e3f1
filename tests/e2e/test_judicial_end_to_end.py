"""One B2B invoice from the first reminder to an enforceable title with the +5 points.

The daily run (``run_day``) plans the reminders and the formal notice day after day; the test
plays the sender (each queued action is marked sent with a digest, the registered letter gets
its delivery proof). Then, through the command line: the evidence is recorded, the route
recommended is the injonction de payer, the procedure is started, the requête and the exhibits
bundle are produced (and read back), the order is rendered and served to the person, no
opposition comes, the order becomes an enforceable title, and the statement under the title
applies the legal rate + 5 points from two months after service (CMF L313-3), checked to the
cent against the law engine and against a hand computation.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pdfplumber
import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.adapters.db.tables import actions, cases, registered_mail_items
from recouvre.bootstrap import build, run_day
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.entrypoints.cli.commands import app as cli
from recouvre.law.interest import LegalRateCategory, legal_interest
from recouvre.letters.formatting import normalise_spaces
from recouvre.reference.loader import load_tables
from recouvre.settings import load_settings

runner = CliRunner()


@dataclass
class Clock:
    day: date

    def now(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, 8, 0, tzinfo=UTC)

    def today(self) -> date:
        return self.day


def cli_run(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def play_the_sender(engine: sa.Engine, day: date) -> list[str]:
    """Mark every queued or approval-waiting action sent; a registered letter is delivered
    two days later (its proof of receipt)."""
    sent: list[str] = []
    with engine.begin() as connection:
        rows = connection.execute(
            sa.select(actions.c.id, actions.c.kind, actions.c.channel, actions.c.case_id).where(
                actions.c.status.in_(("queued", "awaiting_approval"))
            )
        ).all()
        for row in rows:
            connection.execute(
                actions.update()
                .where(actions.c.id == row.id)
                .values(
                    status="sent",
                    sent_at=f"{day.isoformat()}T09:00:00Z",
                    content_sha256=f"{row.id:064x}",
                    provider_ref=f"envoi-{row.id}",
                    updated_at=f"{day.isoformat()}T09:00:00Z",
                )
            )
            if row.channel == "registered_letter":
                connection.execute(
                    registered_mail_items.insert().values(
                        action_id=row.id, case_id=row.case_id, tracking_number="1A00000000017",
                        batch_on=day, posted_on=day, status="delivered",
                        presented_on=day + timedelta(days=2), delivered_on=day + timedelta(days=2),
                        updated_at=f"{day.isoformat()}T09:00:00Z",
                    )
                )  # fmt: skip
            sent.append(row.kind)
    return sent


def test_a_b2b_invoice_ends_with_an_enforceable_title_and_majorated_interest(
    tmp_path: Path,
) -> None:
    env = {
        "RECOUVRE_DATA_DIR": str(tmp_path / "donnees"),
        "RECOUVRE_DATABASE_URL": f"sqlite:///{tmp_path / 'donnees' / 'recouvre.sqlite3'}",
    }
    clock = Clock(date(2026, 3, 4))
    app = build(load_settings(env), clock=clock, actor="test:e2e")
    app.init_database()
    with app.uow() as uow:
        creditor = uow.creditors.add(
            Creditor(None, "Menuiserie Durand", "732829320",
                     address=Address(("12 rue des Lilas",), "69003", "Lyon"))
        )  # fmt: skip
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, "Boulangerie Schmitt", siren="542065479",
                   address=Address(("3 place Bellecour",), "69002", "Lyon"),
                   emails=("compta@schmitt.example",))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 3, 4)))
        uow.invoices.add(
            Invoice(None, creditor.id, debtor.id, "F-2026-031", date(2026, 2, 1),
                    date(2026, 3, 3), Decimal("8000.00")), case.id,
        )  # fmt: skip
        from recouvre.domain.legal_identity import LegalIdentity

        legal = LegalIdentity("SARL", "Lyon", Decimal("8000"), "Paul Durand, gérant")
        uow.legal_identities.set(creditor.id, legal, "2026-03-04")
        uow.commit()

    # 1. The amicable phase, day after day, until the formal notice has gone out.
    sent: list[str] = []
    day = date(2026, 3, 4)
    while "formal_notice" not in sent:
        assert day < date(2026, 7, 1), f"pas de mise en demeure ; envoyés : {sent}"
        clock.day = day
        run_day(app, day)
        sent += play_the_sender(app.engine, day)
        day += timedelta(days=1)
    notice_sent_on = day - timedelta(days=1)
    clock.day = day
    run_day(app, day)
    assert sent[0] in {"courtesy_email", "reminder_email"} and "reminder_letter" in sent
    with app.engine.connect() as connection:
        assert connection.execute(sa.select(cases.c.phase)).scalar() == "formal_notice"
    app.dispose()

    # 2. The evidence, then the recommendation: an injonction de payer at the commercial court.
    received = notice_sent_on + timedelta(days=2)
    cli_run(env, "judicial", "evidence", "D-2026-000001", "--signed-order", "--delivery-note",
            "--formal-notice-sent", notice_sent_on.isoformat(),
            "--formal-notice-received", received.isoformat(), "--on", "2026-09-14")  # fmt: skip
    advice = json.loads(
        cli_run(env, "judicial", "advise", "D-2026-000001", "--on", "2026-09-14", "--json")
    )
    first = advice["ranked"][0]
    assert first["route"] == "payment_order"
    assert first["court"]["kind"] == "tribunal_de_commerce"
    assert float(first["expected_value"]) > 0

    # 3. Start: the pending amicable actions are cancelled, prescription is checked.
    out = cli_run(env, "judicial", "start", "D-2026-000001", "payment_order", "--on", "2026-09-14")
    assert "seule la signification de l'ordonnance l'interrompt" in out
    with app.engine.connect() as connection:
        assert connection.execute(sa.select(cases.c.phase)).scalar() == "judicial"
        pending = connection.execute(
            sa.select(sa.func.count()).where(actions.c.status.in_(("queued", "awaiting_approval")))
        ).scalar()
    assert pending == 0

    # 4. The requête and the bundle, read back.
    cli_run(env, "judicial", "event", "1", "filed", "--on", "2026-09-14")
    out = cli_run(env, "judicial", "papers", "1", "--out", str(tmp_path / "papiers"),
                  "--on", "2026-09-14")  # fmt: skip
    folder = tmp_path / "papiers"
    request = folder / "D-2026-000001-procedure-1-payment_order_request.pdf"
    bundle = folder / "D-2026-000001-procedure-1-pieces.pdf"
    with pdfplumber.open(io.BytesIO(request.read_bytes())) as pdf:
        text = re.sub(
            r"\s+", " ", normalise_spaces(" ".join(p.extract_text() or "" for p in pdf.pages))
        )
    assert "Requête en injonction de payer" in text and "Boulangerie Schmitt" in text
    assert "Principal restant dû : 8 000,00 €" in text
    assert re.search(r"n° \d Mise en demeure .* reçue le " + received.strftime("%d/%m/%Y"), text)
    with pdfplumber.open(io.BytesIO(bundle.read_bytes())) as pdf:
        stamps = [re.findall(r"Pièce n° (\d+)", p.extract_text() or "") for p in pdf.pages]
    assert all(stamps)
    assert stamps[0][0] == "1" and int(stamps[-1][0]) >= 4  # invoice, reminders, notice, journal

    # 5. Order rendered, served to the person, no opposition: the order becomes a title.
    total_claimed = Decimal(advice["amounts"]["total"])
    cli_run(env, "judicial", "event", "1", "order-rendered", "--on", "2026-09-25",
            "--amount", str(total_claimed))  # fmt: skip
    cli_run(env, "judicial", "event", "1", "served", "--on", "2026-10-01", "--to-person")
    agenda = json.loads(cli_run(env, "judicial", "agenda", "--on", "2026-10-02", "--json"))
    assert {(i["deadline"], i["due_on"]) for i in agenda} == {
        ("opposition", "2026-11-02"),
        ("execution", "2026-12-01"),
    }
    refused = runner.invoke(cli, ["judicial", "event", "1", "enforceable", "--on", "2026-11-30"],
                            env=env)  # fmt: skip
    assert refused.exit_code == 1 and "01/12/2026" in refused.stderr
    out = cli_run(env, "judicial", "event", "1", "enforceable", "--on", "2026-12-01")
    assert "exécutoire depuis le 01/12/2026" in out
    assert json.loads(cli_run(env, "judicial", "agenda", "--on", "2026-12-02", "--json")) == []

    # 6. The statement under the title: legal rate; the order became enforceable on
    # 2026-12-01 (end of the opposition period, CPC 1422), so the + 5 points run from
    # 2027-02-02 (CMF L313-3), not two months after the service of 2026-10-01.
    result = json.loads(
        cli_run(env, "judicial", "statement", "D-2026-000001", "--on", "2026-12-31", "--json")
    )
    assert result["awarded"] == f"{total_claimed:.2f}"
    assert result["served_on"] == "2026-10-01" and result["enforceable_on"] == "2026-12-01"
    assert result["increased_from"] == "2027-02-02"
    engine_result = legal_interest(
        total_claimed, date(2026, 9, 25), date(2026, 12, 31), load_tables(),
        LegalRateCategory.AUTRES,
    )  # fmt: skip
    assert Decimal(result["interest"]) == engine_result.total
    assert Decimal(result["total_due"]) == total_claimed + engine_result.total
    assert all(s["kind"] == "legal" for s in result["slices"])
    plain = result["slices"]
    assert plain[0]["first"] == "2026-09-26" and plain[-1]["last"] == "2026-12-31"
    rate = Decimal(plain[-1]["rate"])
    by_hand = (total_claimed * rate * plain[-1]["days"] / Decimal(36500)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    assert Decimal(plain[-1]["amount"]) == by_hand
