"""Produce the papers of a procedure: the requête or request PDF and the exhibits bundle.

Why: CPC 1407 wants the requête to state the parties, the precise amount with the statement
of its elements, the basis of the claim and the bordereau of the documents produced, «
accompagnée de ces documents ». The content comes from ``letters.judicial`` (pure), the PDF
from the ``PaperRenderer`` port; the statement is the law engine's, on the day of the paper,
or on the opening judgment's date for a claim declaration (C. com. L622-28: interest stops;
L441-10 II: no 40 € when payment was forbidden at the due date).

The exhibits are gathered from what recouvre knows: the invoices, the documents the user
attaches (signed order, terms...), the reminders and formal notice the outbox sent with their
registered-mail proof (or the formal notice recorded by hand), and the extract of the case's
evidence journal with its digests. The bundle's exhibits are stored with their page counts
and digests, and the production is journaled with the paper's SHA-256.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from recouvre.domain.events.judicial import ExhibitDigest, JudicialPapersProduced
from recouvre.domain.journal import case_stream
from recouvre.domain.legal_identity import LegalIdentity
from recouvre.domain.parties import DebtorKind
from recouvre.law.courts import CourtDirectory, designation, jurisdiction_of
from recouvre.law.deadlines.cpc import ResidenceKind
from recouvre.law.parameters import LegalTables
from recouvre.law.routes.rules import CourtKind, Route
from recouvre.letters.formatting import eur
from recouvre.letters.judicial.exhibits import (
    Attachment,
    ExhibitContent,
    ExhibitKind,
    JournalLine,
    plan_exhibits,
)
from recouvre.letters.judicial.paper import Paper, PaperFacts
from recouvre.letters.judicial.requests import (
    claim_declaration,
    conservatory_request,
    lawyer_file,
    payment_order_request,
    small_claims_request,
)
from recouvre.services.judicial.case_file import CaseFile, case_statement, load_case_file
from recouvre.services.judicial.collective_stay import check_start
from recouvre.services.judicial.ports import (
    ExhibitRecord,
    JudicialUnitOfWork,
    JudicialUnitOfWorkFactory,
    PaperRenderer,
    SentCopies,
)
from recouvre.services.judicial.procedures import JudicialError
from recouvre.services.judicial.records import Procedure
from recouvre.services.judicial.sent_exhibits import call_notes, sent_documents
from recouvre.services.ports import Clock


@dataclass(frozen=True, slots=True)
class PaperSet:
    procedure: Procedure
    paper: Paper
    paper_pdf: bytes
    bundle_pdf: bytes
    exhibits: tuple[ExhibitRecord, ...]


@dataclass(frozen=True, slots=True)
class PaperOptions:
    """What only the creditor can say: files to produce, the basis, the security held, the
    threats to recovery (saisie conservatoire)."""

    attachments: tuple[tuple[str, Path], ...] = ()
    basis: str | None = None
    security: str = "Aucune sûreté : créance chirographaire."
    threats: str = "À compléter : circonstances susceptibles de menacer le recouvrement."
    signatory: str = ""
    court: str | None = None  # the court named by the user (« tribunal de commerce de … »)
    mandatary: str | None = None  # the mandataire, when the BODACC announcement names none


def default_basis(file: CaseFile) -> str:
    e = file.facts.evidence
    held = [
        label
        for flag, label in (
            (e.signed_order, "bon de commande signé"),
            (e.accepted_quote, "devis accepté"),
            (e.delivery_note, "bon de livraison signé"),
            (e.terms_accepted, "conditions générales de vente acceptées"),
            (e.bill_of_exchange, "effet de commerce accepté"),
            (e.unpaid_cheque, "chèque impayé"),
        )
        if flag
    ]
    numbers = ", ".join(i.number for i in file.open_invoices)
    text = (
        f"Créance contractuelle : prix de prestations et fournitures facturées ({numbers}), "
        "exigible à l'échéance de chaque facture"
    )
    text += f", établie par : {', '.join(held)}." if held else "."
    if file.debtor.kind is DebtorKind.COMPANY:
        text += (
            " Pénalités de retard de plein droit et indemnité forfaitaire pour frais de "
            "recouvrement entre professionnels (C. com. L441-10 II, D441-5)."
        )
    else:
        text += " Intérêts au taux légal à compter de la mise en demeure (C. civ. 1231-6, 1344-1)."
    return text


def _journal(uow: JudicialUnitOfWork, case_id: int) -> list[JournalLine]:
    return [
        JournalLine(
            c.seq,
            c.entry.kind,
            c.entry.occurred_on,
            c.entry.recorded_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
            c.digest,
            c.prev_digest,
            c.entry.document_sha256,
        )
        for c in uow.journal.entries(case_stream(case_id))
    ]


class JudicialPapers:
    def __init__(
        self,
        uow: JudicialUnitOfWorkFactory,
        tables: LegalTables,
        clock: Clock,
        renderer: PaperRenderer,
        courts: CourtDirectory,
        copies: SentCopies | None = None,
    ) -> None:
        self.uow = uow
        self.tables = tables
        self.clock = clock
        self.renderer = renderer
        self.courts = courts
        self.copies = copies

    def produce(self, procedure_id: int, on: date, options: PaperOptions) -> PaperSet:
        digests: dict[str, str] = {}
        for title, path in options.attachments:
            if not path.is_file():
                raise JudicialError(f"pièce « {title} » : fichier introuvable : {path}")
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in digests:
                raise JudicialError(
                    f"pièces « {digests[digest]} » et « {title} » : le même fichier deux fois "
                    "(une pièce n'est produite qu'une fois)"
                )
            digests[digest] = title
        with self.uow() as uow:
            procedure = uow.judicial.procedure(procedure_id)
            if procedure is None:
                raise JudicialError(f"procédure n° {procedure_id} introuvable")
            case = uow.cases.get(procedure.case_id)
            assert case is not None
            file = load_case_file(uow, case)
            check_start(file.opening, procedure.route, on)  # no requête after it (L622-21)
            exhibits = plan_exhibits(
                reference=file.reference,
                creditor=file.creditor,
                debtor=file.debtor,
                invoices=file.open_invoices,
                sent=sent_documents(file, uow.judicial.sent_documents(file.case_id), self.copies),
                attachments=[Attachment(ExhibitKind.CONTRACT, t) for t, _ in options.attachments],
                journal=_journal(uow, file.case_id),
                calls=call_notes(uow.judicial.call_records(file.case_id)),
            )
            attached = [e for e in exhibits if e.is_attachment]
            files = {
                e.number: path for e, (_, path) in zip(attached, options.attachments, strict=True)
            }
            legal = uow.legal_identities.get(case.creditor_id)
            if legal is None and procedure.route in _COURT_PAPERS:
                raise JudicialError(
                    f"identité juridique du créancier {file.creditor.name} inconnue : une requête "
                    "nomme sa forme, son siège et son représentant (CPC 57, 1407). Indiquez-la : "
                    f"recouvre creditor legal {file.creditor.siren} --forme-juridique SARL "
                    "--rcs VILLE --capital MONTANT --representant « Nom, qualité »"
                )
            paper = self._paper(procedure, file, exhibits, on, options, legal)
            paper_pdf = self.renderer.render_paper(paper)
            bundle = self.renderer.render_bundle(exhibits, files, on)
            now = self.clock.now().isoformat().replace("+00:00", "Z")
            uow.judicial.replace_exhibits(procedure_id, bundle.exhibits, now)
            produced = JudicialPapersProduced(
                file.case_id,
                on,
                procedure_id,
                paper.kind,
                hashlib.sha256(bundle.pdf).hexdigest(),
                tuple(ExhibitDigest(x.number, x.title, x.pages, x.sha256) for x in bundle.exhibits),
            )
            paper_sha256 = hashlib.sha256(paper_pdf).hexdigest()
            uow.journal.record(produced, document_sha256=paper_sha256)
            uow.commit()
        return PaperSet(procedure, paper, paper_pdf, bundle.pdf, bundle.exhibits)

    def _paper(
        self,
        procedure: Procedure,
        file: CaseFile,
        exhibits: Sequence[ExhibitContent],
        on: date,
        options: PaperOptions,
        legal: LegalIdentity | None = None,
    ) -> Paper:
        statement_on = on
        opening = file.opening
        if procedure.route is Route.CLAIM_DECLARATION:
            if opening is None:
                raise JudicialError("aucun jugement d'ouverture enregistré pour ce dossier")
            statement_on = opening.judgment_on or opening.published_on
        court, place = self._court(procedure, file, on, options)
        facts = PaperFacts(
            on=on,
            case_reference=file.reference,
            creditor=file.creditor,
            debtor=file.debtor,
            invoices=file.open_invoices,
            statement=case_statement(file, statement_on, self.tables),
            court=court,
            court_place=place,
            basis=options.basis or default_basis(file),
            signatory=options.signatory,
            creditor_legal=legal,
        )
        match procedure.route:
            case Route.PAYMENT_ORDER:
                commercial = procedure.court_kind in {
                    CourtKind.COMMERCIAL_COURT.value,
                    CourtKind.COMMERCIAL_CHAMBER.value,
                }
                return payment_order_request(facts, exhibits, commercial=commercial)
            case Route.SMALL_CLAIMS:
                ceiling = self.tables.row_on("small_claims_ceiling", on).value
                return small_claims_request(facts, exhibits, ceiling)
            case Route.INTERIM_PAYMENT | Route.SUMMONS_ON_MERITS:
                threshold = self.tables.row_on("representation_threshold", on).value
                return lawyer_file(
                    facts,
                    exhibits,
                    interim=procedure.route is Route.INTERIM_PAYMENT,
                    lawyer_required=facts.statement.totals.total_due > threshold,
                    dispute=_dispute_text(file),
                    chronology=_chronology(file),
                )
            case Route.CONSERVATORY_ATTACHMENT:
                return conservatory_request(facts, exhibits, threats=options.threats)
            case Route.CLAIM_DECLARATION:
                assert opening is not None
                mandatary = " ".join((options.mandatary or opening.mandatary).split())
                if not mandatary:
                    raise JudicialError(
                        "mandataire judiciaire inconnu : l'annonce BODACC ne le nomme pas ; "
                        "indiquez-le avec --mandataire (« Maître … », tel que le jugement le "
                        "désigne) : la créance se déclare auprès de lui (C. com. L622-24)"
                    )
                return claim_declaration(
                    facts,
                    exhibits,
                    proceedings=_proceedings_label(opening.judgment_kind),
                    opened_on=statement_on,
                    published_on=opening.published_on,
                    mandatary=mandatary,
                    security=options.security,
                )
            case Route.ENFORCEMENT | Route.NO_ACTION:
                raise JudicialError(
                    f"aucun papier à produire pour la voie « {procedure.route.label_fr} » : "
                    "remettre le titre au commissaire de justice"
                )


    def _court(
        self, procedure: Procedure, file: CaseFile, on: date, options: PaperOptions
    ) -> tuple[str, str]:
        """The court the paper addresses, named: from the user's ``--tribunal``, else from the
        directory by the debtor's postcode (CPC 42, 1406). Officers (commissaire de justice,
        mandataire) keep the label the procedure was started with."""
        kind = CourtKind(procedure.court_kind)
        if procedure.route is Route.CONSERVATORY_ATTACHMENT and kind not in _COMMERCIAL:
            kind = CourtKind.ENFORCEMENT_JUDGE  # CPCE R511-2: the JEX of the debtor's domicile
        jurisdiction = jurisdiction_of(kind)
        if jurisdiction is None or procedure.route is Route.CLAIM_DECLARATION:
            court, _, place = procedure.court.partition(" — ")
            return court, place
        if options.court:
            return designation(kind, " ".join(options.court.split())), ""
        address = file.debtor.address
        where = f"{address.postal_code} {address.city}".strip() or "adresse sans code postal"
        if file.residence.kind is ResidenceKind.ABROAD:
            reason = f"débiteur domicilié à l'étranger ({where}) : compétence internationale"
        else:
            found = self.courts.find(jurisdiction, address.postal_code, on)
            if found is not None:
                return designation(kind, found.name), ""
            reason = f"aucun {_LABELS[jurisdiction.value]} connu pour {where}"
        raise JudicialError(
            f"tribunal compétent à préciser : {reason}. Indiquez-le avec --tribunal "
            "(« tribunal de commerce de … », « tribunal judiciaire de … ») ou complétez "
            "config/courts.toml dans le dossier de données (format : recouvre judicial courts)"
        )


_COMMERCIAL = {CourtKind.COMMERCIAL_COURT, CourtKind.COMMERCIAL_CHAMBER}
# Papers filed with a court or an officer, which must identify the creditor (CPC 57, 1407).
_COURT_PAPERS = frozenset(
    {
        Route.PAYMENT_ORDER,
        Route.SMALL_CLAIMS,
        Route.CONSERVATORY_ATTACHMENT,
        Route.CLAIM_DECLARATION,
        Route.INTERIM_PAYMENT,
        Route.SUMMONS_ON_MERITS,
    }
)
_LABELS = {"commerce": "tribunal de commerce", "judiciaire": "tribunal judiciaire"}


def _chronology(file: CaseFile) -> list[tuple[date, str]]:
    """The dated facts a lawyer reads first: due dates, partial payments, the formal notice."""
    chronology = [(i.due_date, f"échéance de la facture {i.number}") for i in file.open_invoices]
    chronology += [(p.received_on, f"paiement partiel de {eur(p.amount)}") for p in file.payments]
    if file.facts.formal_notice_sent_on:
        chronology.append((file.facts.formal_notice_sent_on, "mise en demeure envoyée"))
    return sorted(chronology)


def _dispute_text(file: CaseFile) -> str:
    match file.facts.dispute.value:
        case "none":
            return "Le débiteur n'a élevé aucune contestation."
        case "minor":
            return "Le débiteur a élevé des contestations mineures (retard, points de détail)."
        case _:
            return "Le débiteur conteste sérieusement la créance : un débat au fond est nécessaire."


def _proceedings_label(kind: str) -> str:
    match kind:
        case "ouverture_sauvegarde":
            return "sauvegarde"
        case "liquidation":
            return "liquidation judiciaire"
        case _:
            return "redressement judiciaire"
