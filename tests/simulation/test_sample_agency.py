"""The sample's agency: registering the sample creditors links the agency's client to a
(fictitious, valid) agency, so that the demo's letters for that creditor are signed by the
agency with the CPCE R124-4 mentions; the SME keeps signing its own. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import agencies, creditors
from recouvre.bootstrap import App, build, outbox_sender, outbox_store
from recouvre.bootstrap.simulation import register_sample_parties
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Debtor, DebtorKind
from recouvre.letters.view_model import SenderKind
from recouvre.services.outbox.documents import letter_context
from recouvre.settings import Settings
from recouvre.simulation.sample.agency import SAMPLE_AGENCY
from recouvre.simulation.sample.generator import generate
from support.outbox_seed import DAY, FixedClock, Seeded, add_action

PORTFOLIO = generate(date(2026, 11, 23), seed=7)


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()


def open_case(app: App, creditor_id: int) -> Seeded:
    with app.uow() as uow:
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, "Boulangerie Schmitt", siren="542065479",
                   address=Address(("3 place d'Armes",), "57000", "Metz"))
        )  # fmt: skip
        assert debtor.id
        case = uow.cases.add(Case.open(creditor_id, debtor.id, date(2026, 9, 1)))
        assert case.id and case.reference
        uow.invoices.add(
            Invoice(None, creditor_id, debtor.id, "HSO-1", date(2026, 8, 1), date(2026, 8, 31),
                    Decimal("980.00")), case.id,
        )  # fmt: skip
        uow.commit()
        return Seeded(case.id, case.reference, debtor.id, creditor_id)


def test_the_agency_client_is_linked_to_the_sample_agency_twice_without_duplicates(
    app: App,
) -> None:
    ids = register_sample_parties(app, PORTFOLIO.creditors)
    journaled = app.verify_journal()
    # the creditors and the agency are journaled like any other change: one entry each, and
    # one per creditor for its legal identity (court papers)
    assert journaled.ok and journaled.entries == 2 * len(PORTFOLIO.creditors) + 1
    again = register_sample_parties(app, PORTFOLIO.creditors)  # the demo run again with --keep
    assert again == ids
    assert app.verify_journal().entries == journaled.entries  # nothing changed, nothing new
    with app.engine.connect() as connection:
        rows = connection.execute(sa.select(agencies)).all()
        links = dict(connection.execute(sa.select(creditors.c.siren, creditors.c.agency_id)).all())
    assert SAMPLE_AGENCY.checked() == SAMPLE_AGENCY  # fictitious but valid identifiers
    assert [(r.siren, r.name) for r in rows] == [(SAMPLE_AGENCY.siren, SAMPLE_AGENCY.name)]
    client = next(s for s in PORTFOLIO.creditors if s.via_agency).creditor.siren
    sme = next(s for s in PORTFOLIO.creditors if not s.via_agency).creditor.siren
    assert links == {client: rows[0].id, sme: None}
    assert set(ids) == {client, sme}


def test_letters_of_the_agency_client_carry_the_r124_4_mentions(app: App) -> None:
    ids = register_sample_parties(app, PORTFOLIO.creditors)
    client = next(s for s in PORTFOLIO.creditors if s.via_agency).creditor
    seeded = open_case(app, ids[client.siren])
    letter = add_action(app.engine, seeded, "registered_letter")
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (1, 0), report.failures
    store = outbox_store(app)
    action = store.get(letter)
    assert action is not None
    facts = store.facts(seeded.case_id)
    ctx = letter_context(action, facts, DAY, Decimal("40.00"))
    assert ctx.sender_kind is SenderKind.AGENCY
    assert ctx.sender.name == SAMPLE_AGENCY.name
    assert ctx.creditor.name == client.name
    # signed by the agency's named person, not by someone of the creditor
    assert (ctx.signatory, ctx.signatory_title) == ("Claire Martin", "Chargée de recouvrement")
    # The letter's payment block pays the creditor (payment_to: creditor by default).
    assert ctx.payment.iban == client.iban
