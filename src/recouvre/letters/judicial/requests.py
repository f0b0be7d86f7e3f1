"""The judicial papers, as content: one builder per paper, each returning a ``Paper``.

- ``payment_order_request``: requête en injonction de payer (CPC 1405-1407): identities, the
  precise amount with the statement of its elements, the basis of the claim, the bordereau;
  before the tribunal de commerce, a section lists what the online filing service (Tribunal
  Digital, cerfa n° 12946) asks for, in its order.
- ``small_claims_request``: request to a commissaire de justice for the procédure simplifiée
  de recouvrement des petites créances (CPCE L125-1, R125-1 to R125-8).
- ``lawyer_file``: the file handed to a lawyer for an assignation au fond or a
  référé-provision (CPC 835 al. 2, 873 al. 2; representation CPC 760-761, 853).
- ``conservatory_request``: requête aux fins de saisie conservatoire (CPCE L511-1, R511-1,
  R511-4).
- ``claim_declaration``: déclaration de créance (C. com. L622-24, L622-25, R622-23): amounts
  at the date of the opening judgment, interest stopped (L622-28), the security held, and the
  40 € indemnity left out when the proceedings forbid payment (L441-10 II).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from recouvre.law.courts import addressee_of
from recouvre.letters.document import Block, Heading, Paragraph
from recouvre.letters.formatting import eur, long_date, short_date
from recouvre.letters.judicial.exhibits import ExhibitContent, bordereau
from recouvre.letters.judicial.paper import (
    Paper,
    PaperFacts,
    debtor_identity,
    interest_lines,
    parties_blocks,
    statement_table,
)


def _where(facts: PaperFacts) -> str:
    """The court, with its place when the court is not named yet (an officer's district)."""
    return f"{facts.court}, {facts.court_place}" if facts.court_place else facts.court


def _closing(facts: PaperFacts) -> list[Block]:
    place = facts.creditor.address.city or ""
    signed = facts.signatory or f"{facts.creditor.name}, par {facts.representative}"
    return [
        Paragraph(
            f"Fait à {place}, le {long_date(facts.on)}."
            if place
            else f"Fait le {long_date(facts.on)}."
        ),
        Paragraph(signed, strong=True),
    ]


def _amount_blocks(facts: PaperFacts) -> list[Block]:
    totals = facts.statement.totals
    blocks: list[Block] = [
        Heading("Montant réclamé et décompte de la créance", 2),
        Paragraph(
            f"Principal restant dû : {eur(totals.principal_outstanding)} ; intérêts et pénalités "
            f"échus au {short_date(facts.statement.on)} : {eur(totals.interest_outstanding)} ; "
            f"indemnité forfaitaire pour frais de recouvrement : "
            f"{eur(totals.indemnity_outstanding)} ; frais : {eur(totals.costs_outstanding)} ; "
            f"soit au total {eur(totals.total_due)}."
        ),
        statement_table(facts.statement, "Décompte des différents éléments de la créance"),
    ]
    lines = interest_lines(facts.statement)
    if lines:
        blocks.append(Paragraph("Calcul des intérêts : " + " ; ".join(lines) + ".", small=True))
    return blocks


def payment_order_request(
    facts: PaperFacts, exhibits: Sequence[ExhibitContent], *, commercial: bool
) -> Paper:
    """Requête en injonction de payer (CPC 1407)."""
    totals = facts.statement.totals
    addressee = addressee_of(facts.court, president=commercial)
    shown = f"{addressee}, {facts.court_place}" if facts.court_place else addressee
    blocks: list[Block] = [
        Paragraph(f"{shown}.", strong=True),
        *parties_blocks(facts, "À la requête de", "Contre"),
        *_amount_blocks(facts),
        Heading("Fondement de la créance", 2),
        Paragraph(facts.basis),
        Heading("Demande", 2),
        Paragraph(
            "Le requérant demande qu'il plaise au juge, vu les articles 1405 et suivants du code "
            f"de procédure civile, d'enjoindre à {facts.debtor.name} de lui payer "
            f"{eur(totals.total_due)}, dont {eur(totals.principal_outstanding)} en principal, "
            "avec les intérêts postérieurs jusqu'à parfait paiement, ainsi que les dépens."
        ),
        Heading("Pièces produites", 2),
        bordereau(exhibits),
    ]
    if commercial:
        blocks.extend(
            [
                Heading("Informations pour le dépôt en ligne (Tribunal Digital)", 2),
                Paragraph(
                    "Dans l'ordre du formulaire de requête (cerfa n° 12946) : "
                    f"créancier {facts.creditor.name} (SIREN {facts.creditor.siren}) ; "
                    f"débiteur {debtor_identity(facts.debtor)} ; "
                    f"montant en principal {eur(totals.principal_outstanding)} ; "
                    f"intérêts {eur(totals.interest_outstanding)} ; "
                    "indemnité et frais "
                    f"{eur(totals.indemnity_outstanding + totals.costs_outstanding)} ; "
                    f"total {eur(totals.total_due)} ; {len(exhibits)} pièce(s) à téléverser, "
                    "dans l'ordre du bordereau.",
                    small=True,
                ),
            ]
        )
    blocks.extend(_closing(facts))
    return Paper(
        kind="payment_order_request",
        title="Requête en injonction de payer",
        addressee=addressee,
        issued_on=facts.on,
        reference=facts.case_reference,
        blocks=tuple(blocks),
    )


def small_claims_request(
    facts: PaperFacts, exhibits: Sequence[ExhibitContent], ceiling: Decimal
) -> Paper:
    """Request to a commissaire de justice (CPCE L125-1, R125-1)."""
    totals = facts.statement.totals
    measured = totals.principal_outstanding + totals.interest_outstanding
    blocks: list[Block] = [
        Paragraph(
            f"Maître, commissaire de justice — {_where(facts)}.", strong=True
        ),
        *parties_blocks(facts, "Créancier", "Débiteur"),
        *_amount_blocks(facts),
        Paragraph(
            f"Principal et intérêts : {eur(measured)}, pour un plafond de {eur(ceiling)} "
            "(CPCE R125-1)."
        ),
        Heading("Fondement de la créance", 2),
        Paragraph(facts.basis),
        Heading("Demande", 2),
        Paragraph(
            "Le créancier vous demande de mettre en œuvre la procédure simplifiée de recouvrement "
            "des petites créances (CPCE L125-1) : inviter le débiteur, par lettre recommandée "
            "avec demande d'avis de réception ou par voie électronique, à y participer dans le "
            "délai d'un mois, et, en cas d'accord sur le montant et les modalités du paiement, "
            "délivrer un titre exécutoire. Le créancier sait que les frais de la procédure sont "
            "à sa charge exclusive et qu'aucun paiement ne peut intervenir avant que vous ayez "
            "constaté l'issue de la procédure (R125-7)."
        ),
        Heading("Pièces produites", 2),
        bordereau(exhibits),
        *_closing(facts),
    ]
    return Paper(
        "small_claims_request",
        "Demande de mise en œuvre de la procédure simplifiée de recouvrement des petites créances",
        "commissaire de justice",
        facts.on,
        facts.case_reference,
        tuple(blocks),
    )


def lawyer_file(
    facts: PaperFacts,
    exhibits: Sequence[ExhibitContent],
    *,
    interim: bool,
    lawyer_required: bool,
    dispute: str,
    chronology: Sequence[tuple[date, str]],
) -> Paper:
    """The file for a lawyer: assignation au fond or référé-provision."""
    action = (
        "référé-provision (CPC 835 al. 2 ou 873 al. 2) : l'obligation n'est pas sérieusement "
        "contestable"
        if interim
        else "assignation au fond en paiement"
    )
    representation = (
        "La représentation par avocat est obligatoire (demande supérieure au seuil des "
        "articles 761 et 853 du CPC)."
        if lawyer_required
        else "La représentation par avocat n'est pas obligatoire à ce montant (CPC 761, 853) ; "
        "le créancier souhaite néanmoins être assisté."
    )
    blocks: list[Block] = [
        Paragraph(
            f"Dossier transmis pour : {action}. Juridiction : {_where(facts)}."
        ),
        Paragraph(representation),
        *parties_blocks(facts, "Client (demandeur)", "Partie adverse"),
        *_amount_blocks(facts),
        Heading("Fondement de la créance", 2),
        Paragraph(facts.basis),
        Heading("Position du débiteur", 2),
        Paragraph(dispute),
        Heading("Chronologie", 2),
        *(Paragraph(f"{short_date(day)} : {text}") for day, text in chronology),
        Heading("Pièces communiquées", 2),
        bordereau(exhibits),
        *_closing(facts),
    ]
    title = "Dossier pour avocat — " + ("référé-provision" if interim else "assignation au fond")
    return Paper(
        "lawyer_file", title, "Maître, avocat", facts.on, facts.case_reference, tuple(blocks)
    )


def conservatory_request(
    facts: PaperFacts, exhibits: Sequence[ExhibitContent], *, threats: str
) -> Paper:
    """Requête aux fins d'autorisation de saisie conservatoire (CPCE L511-1, R511-1)."""
    totals = facts.statement.totals
    blocks: list[Block] = [
        Paragraph(f"{addressee_of(facts.court, president=True)}.", strong=True),
        *parties_blocks(facts, "À la requête de", "Contre"),
        *_amount_blocks(facts),
        Heading("Une créance fondée en son principe", 2),
        Paragraph(facts.basis),
        Heading("Des circonstances susceptibles d'en menacer le recouvrement", 2),
        Paragraph(threats),
        Heading("Demande", 2),
        Paragraph(
            "Le requérant demande l'autorisation de pratiquer une saisie conservatoire sur les "
            f"biens du débiteur pour sûreté de {eur(totals.total_due)} (CPCE L511-1, R511-1) ; "
            "l'ordonnance devra préciser le montant des sommes pour la garantie desquelles la "
            "mesure est autorisée et les biens sur lesquels elle porte (R511-4). Le requérant "
            "sait que l'autorisation est caduque si elle n'est pas exécutée dans les trois mois "
            "(R511-6) et qu'il devra, dans le mois de l'exécution, engager une procédure ou "
            "accomplir les formalités nécessaires à l'obtention d'un titre exécutoire (R511-7)."
        ),
        Heading("Pièces produites", 2),
        bordereau(exhibits),
        *_closing(facts),
    ]
    return Paper(
        "conservatory_request",
        "Requête aux fins d'autorisation de saisie conservatoire",
        facts.court,
        facts.on,
        facts.case_reference,
        tuple(blocks),
    )


def claim_declaration(
    facts: PaperFacts,
    exhibits: Sequence[ExhibitContent],
    *,
    proceedings: str,
    opened_on: date,
    published_on: date,
    mandatary: str,
    security: str,
) -> Paper:
    """Déclaration de créance (C. com. L622-24, L622-25, R622-23).

    ``facts.statement`` must be computed with the opening date: interest stops the day before
    (L622-28) and the 40 € indemnity is not claimable when payment was forbidden at the due
    date (L441-10 II); the paper says both."""
    totals = facts.statement.totals
    indemnity_note = (
        "L'indemnité forfaitaire de 40 € n'est pas réclamée pour les factures échues après le "
        "jugement d'ouverture, la procédure interdisant leur paiement à l'échéance "
        "(C. com. L441-10 II)."
    )
    blocks: list[Block] = [
        Paragraph(
            f"À {mandatary or 'Maître, mandataire judiciaire'}, mandataire désigné dans la "
            f"procédure de {proceedings} ouverte contre {facts.debtor.name} par jugement du "
            f"{long_date(opened_on)} (publié au BODACC le {long_date(published_on)}).",
            strong=True,
        ),
        *parties_blocks(facts, "Créancier déclarant", "Débiteur en procédure collective"),
        Heading("Montant de la créance au jour du jugement d'ouverture", 2),
        Paragraph(
            f"Créance échue au {short_date(opened_on)} : principal "
            f"{eur(totals.principal_outstanding)}, intérêts et pénalités échus avant le jugement "
            f"{eur(totals.interest_outstanding)}, indemnités {eur(totals.indemnity_outstanding)}, "
            f"frais {eur(totals.costs_outstanding)} ; total déclaré {eur(totals.total_due)}, à "
            "titre chirographaire sauf sûreté ci-dessous."
        ),
        statement_table(facts.statement, "Décompte arrêté au jour du jugement d'ouverture"),
        Paragraph(
            "Le cours des intérêts est arrêté par le jugement d'ouverture (C. com. L622-28) : "
            "aucun intérêt postérieur n'est déclaré."
        ),
        Paragraph(indemnity_note),
        Heading("Sûretés", 2),
        Paragraph(security),
        Heading("Nature et fondement de la créance", 2),
        Paragraph(facts.basis),
        Heading("Pièces justificatives", 2),
        bordereau(exhibits),
        Paragraph(
            "Le créancier certifie sincère le montant de la créance déclarée (C. com. L622-25, "
            "R622-23)."
        ),
        *_closing(facts),
    ]
    return Paper(
        "claim_declaration",
        "Déclaration de créance",
        mandatary or "mandataire judiciaire",
        facts.on,
        facts.case_reference,
        tuple(blocks),
    )
