"""The judicial papers read back from their PDFs: identities, amounts, the numbered exhibits,
the « Pièce n° N » stamp on every page of every exhibit, the claim declaration's rules."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from recouvre.adapters.pdf.judicial.renderer import TypstPaperRenderer
from recouvre.bootstrap import App, build, judicial_papers, judicial_service
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.law.routes.rules import Evidence, Route
from recouvre.letters.formatting import normalise_spaces
from recouvre.services.judicial.papers import PaperOptions
from recouvre.services.judicial.records import JudicialFacts
from recouvre.settings import load_settings


class Clock:
    def now(self) -> datetime:
        return datetime(2026, 9, 14, 8, 0, tzinfo=UTC)

    def today(self) -> date:
        return date(2026, 9, 14)


@pytest.fixture
def app(tmp_path: Path) -> App:
    env = {
        "RECOUVRE_DATA_DIR": str(tmp_path),
        "RECOUVRE_DATABASE_URL": f"sqlite:///{tmp_path / 'recouvre.sqlite3'}",
    }
    application = build(load_settings(env), clock=Clock(), actor="test:papers")
    application.init_database()
    with application.uow() as uow:
        creditor = uow.creditors.add(
            Creditor(None, "Menuiserie Durand", "732829320",
                     address=Address(("12 rue des Lilas",), "69003", "Lyon"))
        )  # fmt: skip
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, "Boulangerie Schmitt", siren="542065479",
                   address=Address(("3 place d'Armes",), "69002", "Lyon"))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 3, 4)))
        for number, amount, issued in (("F-101", "4200.00", 1), ("F-102", "3800.00", 2)):
            uow.invoices.add(
                Invoice(None, creditor.id, debtor.id, number, date(2026, issued, 10),
                        date(2026, issued + 1, 10), Decimal(amount)), case.id,
            )  # fmt: skip
        from recouvre.domain.legal_identity import LegalIdentity

        legal = LegalIdentity("SARL", "Lyon", Decimal("8000"), "Paul Durand, gérant")
        uow.legal_identities.set(creditor.id, legal, "2026-03-04")
        uow.commit()
    service = judicial_service(application)
    service.record_facts(
        "1",
        JudicialFacts(
            evidence=Evidence(signed_order=True, terms_accepted=True),
            formal_notice_sent_on=date(2026, 6, 1),
            formal_notice_received_on=date(2026, 6, 3),
        ),
        date(2026, 9, 14),
    )
    yield application  # type: ignore[misc]
    application.dispose()


def pages_text(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [normalise_spaces(page.extract_text() or "") for page in document.pages]


def three_page_attachment(path: Path) -> Path:
    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path)
    return path


def test_payment_order_request_and_its_stamped_bundle(app: App, tmp_path: Path) -> None:
    pid = judicial_service(app).start("1", Route.PAYMENT_ORDER, date(2026, 9, 14)).procedure.id
    assert pid is not None
    signed = three_page_attachment(tmp_path / "bon-de-commande.pdf")
    result = judicial_papers(app).produce(
        pid, date(2026, 9, 14), PaperOptions(attachments=(("Bon de commande signé", signed),))
    )
    text = "\n".join(pages_text(result.paper_pdf))
    flat = re.sub(r"\s+", " ", text)
    assert "Requête en injonction de payer" in flat
    assert "Menuiserie Durand" in flat and "SIREN 732829320" in flat
    # CPC 57: the creditor's form, registry and representative, as `creditor legal` set them.
    assert (
        "Menuiserie Durand, SARL au capital de 8 000,00 €, immatriculée au registre du commerce "
        "et des sociétés de Lyon sous le SIREN 732829320" in flat
    )
    assert "agissant poursuites et diligences de Paul Durand, gérant" in flat
    assert "Boulangerie Schmitt, SIREN 542065479" in flat
    assert "3 place d'Armes, 69002 Lyon" in flat
    # The court is named from the directory by the debtor's postcode, with its article.
    assert "Monsieur ou Madame le Président du tribunal des activités économiques de Lyon." in flat
    totals = result.paper  # the amounts printed are the statement's
    statement = judicial_service(app).advise("1", date(2026, 9, 14)).statement.totals
    euros = f"{statement.total_due:,.2f}".replace(",", " ").replace(".", ",")
    assert f"{euros} €" in flat
    assert "Principal restant dû : 8 000,00 €" in flat
    assert "C. com. L441-10" in flat
    assert "Tribunal Digital" in flat and "cerfa n° 12946" in flat
    assert totals.kind == "payment_order_request"
    # The bordereau numbers every exhibit, in order.
    numbered = re.findall(
        r"n° (\d) (Facture n° F-10\d|Bon de commande signé|Mise en demeure|Extrait du journal)",
        flat,
    )
    assert [n for n, _ in numbered] == ["1", "2", "3", "4", "5"]
    assert [t for _, t in numbered] == [
        "Facture n° F-101", "Facture n° F-102", "Bon de commande signé",
        "Mise en demeure", "Extrait du journal",
    ]  # fmt: skip
    # Every page of the bundle carries the stamp of its exhibit.
    bundle_pages = pages_text(result.bundle_pdf)
    expected: list[int] = []
    for exhibit in result.exhibits:
        expected.extend([exhibit.number] * exhibit.pages)
    assert [x.pages for x in result.exhibits][2] == 3
    assert len(bundle_pages) == len(expected) == sum(x.pages for x in result.exhibits)
    for page, number in zip(bundle_pages, expected, strict=True):
        stamps = re.findall(r"Pièce n° (\d+)", page)
        assert stamps and set(stamps) == {str(number)}
    journal_page = bundle_pages[-1]
    assert "Extrait du journal de preuve" in journal_page
    assert re.search(r"\b[0-9a-f]{64}\b", journal_page)
    assert "reçue le 03/06/2026" in " ".join(bundle_pages)


def _declaration(app: App, complement: str) -> int:
    """Open a receivership for the seeded debtor from an announcement with ``complement``."""
    from recouvre.bootstrap import judicial_uow
    from recouvre.law.routes.rules import CollectiveKind
    from recouvre.reference.loader import load_tables
    from recouvre.services.judicial.collective_proceedings import CollectiveProceedingsService

    class Kind:
        value = "ouverture_redressement"
        collective_kind = CollectiveKind.RECEIVERSHIP

    class Announcement:
        announcement_id = "A-TEST-2"
        sirens = ("542065479",)
        kind = Kind()
        judgment_date = date(2026, 3, 5)
        publication_date = date(2026, 3, 12)
        tribunal = "Tribunal de commerce de Lyon"
        notice_type = "annonce"

    Announcement.complement = complement  # type: ignore[attr-defined]
    service = CollectiveProceedingsService(lambda: judicial_uow(app), load_tables(), Clock())
    pid = service.apply([Announcement()]).matches[0].procedure_id
    assert pid is not None
    return pid


def test_the_declaration_goes_to_the_mandatary_the_bodacc_names(app: App) -> None:
    pid = _declaration(
        app,
        "Jugement d'ouverture d'une procédure de redressement judiciaire, date de cessation des "
        "paiements le 01/03/2026, désignant mandataire judiciaire SELARL MJ Synergie - "
        "Mandataires Judiciaires Associés, prise en la personne de Me Bruno Walczak 5 rue "
        "Crillon 69006 Lyon. Les créances sont à déclarer dans les deux mois.",
    )
    result = judicial_papers(app).produce(pid, date(2026, 4, 10), PaperOptions())
    flat = re.sub(r"\s+", " ", "\n".join(pages_text(result.paper_pdf)))
    assert "À SELARL MJ Synergie, en la personne de Maître Bruno Walczak, mandataire" in flat


def test_a_declaration_without_a_named_mandatary_asks_for_one(app: App) -> None:
    from recouvre.services.judicial.procedures import JudicialError

    pid = _declaration(app, "Jugement d'ouverture d'une procédure de redressement judiciaire.")
    with pytest.raises(JudicialError, match=r"mandataire judiciaire inconnu.*--mandataire"):
        judicial_papers(app).produce(pid, date(2026, 4, 10), PaperOptions())
    given = PaperOptions(mandatary="Maître Claire  Martin")
    result = judicial_papers(app).produce(pid, date(2026, 4, 10), given)
    flat = re.sub(r"\s+", " ", "\n".join(pages_text(result.paper_pdf)))
    assert "À Maître Claire Martin, mandataire" in flat
    assert "Maître, mandataire judiciaire" not in flat


def test_claim_declaration_stops_interest_and_leaves_out_the_40_euros(app: App) -> None:
    from recouvre.bootstrap import judicial_uow
    from recouvre.reference.loader import load_tables
    from recouvre.services.judicial.collective_proceedings import CollectiveProceedingsService

    class Kind:
        value = "ouverture_redressement"

        @property
        def collective_kind(self):  # type: ignore[no-untyped-def]
            from recouvre.law.routes.rules import CollectiveKind

            return CollectiveKind.RECEIVERSHIP

    class Announcement:
        announcement_id = "A-TEST-1"
        sirens = ("542065479",)
        kind = Kind()
        # F-101 fell due on 2026-02-10, before the judgment; F-102 on 2026-03-10, after it.
        judgment_date = date(2026, 3, 5)
        publication_date = date(2026, 3, 12)
        tribunal = "Tribunal de commerce de Lyon"
        complement = "désignant mandataire judiciaire Maître Claire Martin, 4 quai"
        notice_type = "annonce"

    service = CollectiveProceedingsService(lambda: judicial_uow(app), load_tables(), Clock())
    report = service.apply([Announcement()])
    pid = report.matches[0].procedure_id
    assert pid is not None
    result = judicial_papers(app).produce(pid, date(2026, 4, 10), PaperOptions())
    flat = re.sub(r"\s+", " ", "\n".join(pages_text(result.paper_pdf)))
    assert "Déclaration de créance" in flat
    assert "Maître Claire Martin" in flat
    assert "jugement du 5 mars 2026" in flat
    assert "L622-28" in flat and "L441-10 II" in flat
    assert "Décompte arrêté au jour du jugement d'ouverture" in flat
    assert "Total dû au 05/03/2026" in flat
    # F-101: 40 € indemnity and penalties up to 2026-03-04; F-102: neither (L441-10 II,
    # L622-28): its row shows the principal only.
    f101 = re.search(
        r"Facture F-101 du 10/01/2026, échue le 10/02/2026 ([^F]*?)(?=Facture|Total)", flat
    )
    f102 = re.search(r"Facture F-102 du 10/02/2026, échue le 10/03/2026 ([^F]*?)(?=Total)", flat)
    assert f101 and f102
    assert f101.group(1).split(" € ")[2] == "40,00"
    assert f102.group(1).strip() == "3 800,00 € 0,00 € 0,00 € 0,00 € 3 800,00 €"
    assert "Aucune sûreté" in flat


def test_the_renderer_refuses_an_attachment_that_is_not_a_pdf(tmp_path: Path) -> None:
    from recouvre.adapters.pdf.judicial.renderer import AttachmentUnreadable
    from recouvre.letters.judicial.exhibits import ExhibitContent, ExhibitKind

    bad = tmp_path / "cgv.pdf"
    bad.write_text("pas un PDF")
    with pytest.raises(AttachmentUnreadable, match="pièce n° 1"):
        TypstPaperRenderer().render_bundle(
            [ExhibitContent(1, ExhibitKind.CONTRACT, "CGV")], {1: bad}, date(2026, 9, 14)
        )


@pytest.mark.parametrize(
    ("route", "title", "words"),
    [
        (
            Route.SMALL_CLAIMS,
            "procédure simplifiée de recouvrement des petites créances",
            ("CPCE R125-1", "plafond de 5 000,00 €", "charge exclusive"),
        ),
        (
            Route.INTERIM_PAYMENT,
            "Dossier pour avocat — référé-provision",
            ("pas sérieusement contestable", "Chronologie", "échéance de la facture F-101"),
        ),
        (
            Route.SUMMONS_ON_MERITS,
            "Dossier pour avocat — assignation au fond",
            ("n'est pas obligatoire à ce montant", "n'a élevé aucune contestation"),
        ),
        (
            Route.CONSERVATORY_ATTACHMENT,
            "Requête aux fins d'autorisation de saisie conservatoire",
            ("fondée en son principe", "R511-4", "Le débiteur vide ses comptes"),
        ),
    ],
)
def test_the_other_papers(app: App, route: Route, title: str, words: tuple[str, ...]) -> None:
    pid = judicial_service(app).start("1", route, date(2026, 9, 14), force=True).procedure.id
    assert pid is not None
    options = PaperOptions(threats="Le débiteur vide ses comptes.")
    result = judicial_papers(app).produce(pid, date(2026, 9, 14), options)
    flat = re.sub(r"\s+", " ", "\n".join(pages_text(result.paper_pdf)))
    assert title in flat
    assert "Boulangerie Schmitt, SIREN 542065479" in flat
    for word in words:
        assert word in flat
    assert "Bordereau des pièces produites" in flat
