"""The French (and English) name of every kind of journal entry, for what a person reads: the
journal extract produced as an exhibit, a case's history. The stored kind stays the code
(``JournalKind``); a court reads « Mise en demeure envoyée », not ``action_sent``."""

from __future__ import annotations

from recouvre.domain.events.base import JournalKind

K = JournalKind

JOURNAL_LABELS_FR: dict[JournalKind, str] = {
    K.CASE_OPENED: "Dossier ouvert",
    K.PHASE_CHANGED: "Changement de phase",
    K.ATTITUDE_CHANGED: "Attitude du débiteur modifiée",
    K.CASE_CLOSED: "Dossier clos",
    K.INVOICE_IMPORTED: "Facture enregistrée",
    K.INVOICE_AMOUNT_CHANGED: "Montant de facture modifié",
    K.PAYMENT_RECORDED: "Paiement enregistré",
    K.PAYMENT_REVERSED: "Paiement annulé par la banque (contre-passation)",
    K.CASE_REOPENED: "Dossier rouvert",
    K.PROMISE_MADE: "Promesse de paiement",
    K.PROMISE_KEPT: "Promesse tenue",
    K.PROMISE_BROKEN: "Promesse non tenue",
    K.DISPUTE_OPENED: "Contestation enregistrée",
    K.DISPUTE_RESOLVED: "Contestation résolue",
    K.PAYMENT_PLAN_AGREED: "Échéancier accordé",
    K.PAYMENT_PLAN_REQUESTED: "Échéancier demandé",
    K.INSTALMENT_MISSED: "Échéance impayée",
    K.SCENARIO_ASSIGNED: "Scénario de relance attribué",
    K.STEP_CANCELLED: "Étape annulée",
    K.STEP_WITHDRAWN: "Étape retirée",
    K.CLOSURE_PROPOSED: "Clôture proposée",
    K.CASE_SET_ASIDE: "Dossier écarté de la tournée et mis en revue",
    K.COLLECTIVE_PROCEEDINGS_OPENED: "Procédure collective ouverte",
    K.INVOICE_STATUS_RECEIVED: "Statut de facture électronique reçu",
    K.ACTION_PLANNED: "Action planifiée",
    K.ACTION_STATUS_CHANGED: "Statut d'une action modifié",
    K.ACTION_APPROVED: "Action validée",
    K.ACTION_DELAYED: "Action reportée",
    K.ACTION_CANCELLED: "Action annulée",
    K.CONTACT_DEFERRED: "Contact différé par le garde-fou",
    K.CONTACT_REFUSED: "Contact refusé par le garde-fou",
    K.CONTACT_FAILED: "Contact impossible",
    K.ACTION_SENDING: "Envoi en cours",
    K.ACTION_SENT: "Document envoyé",
    K.ACTION_FAILED: "Envoi en échec",
    K.ACTION_QUARANTINED: "Envoi mis en quarantaine (issue inconnue)",
    K.ACTION_QUEUED: "Action mise en file d'envoi",
    K.ACTION_HELD: "Action renvoyée en revue (montant incalculable)",
    K.ACTION_RESOLVED: "Issue d'un envoi établie",
    K.ACTION_RETRIED: "Nouvel essai d'envoi",
    K.CALL_OUTCOME: "Issue d'un appel",
    K.CALL_REACHED: "Appel : débiteur joint",
    K.CALL_NO_ANSWER: "Appel : pas de réponse",
    K.EMAIL_BOUNCED: "Courriel non distribué",
    K.REGISTERED_LETTER_POSTED: "Lettre recommandée déposée",
    K.REGISTERED_LETTER_PRESENTED: "Lettre recommandée présentée",
    K.REGISTERED_LETTER_DELIVERED: "Lettre recommandée distribuée",
    K.REGISTERED_LETTER_RETURNED_UNCLAIMED: "Lettre recommandée non réclamée",
    K.REGISTERED_LETTER_RETURNED_UNKNOWN_ADDRESS: "Lettre recommandée : destinataire inconnu",
    K.FORMAL_NOTICE_RECEIVED: "Mise en demeure reçue",
    K.ACKNOWLEDGEMENT_ATTACHED: "Avis de réception signé joint",
    K.JUDICIAL_FACTS_RECORDED: "Preuves et faits de la créance enregistrés",
    K.PROCEDURE_STARTED: "Procédure judiciaire engagée",
    K.PROCEDURE_EVENT: "Événement de procédure",
    K.ENFORCEABLE_TITLE_RECORDED: "Titre exécutoire enregistré",
    K.JUDICIAL_PAPERS_PRODUCED: "Papiers judiciaires produits",
    K.AMICABLE_SCENARIO_CLOSED: "Phase amiable close",
    K.PROCEDURE_FROZEN: "Procédure suspendue : arrêt des poursuites individuelles",
    K.CREDITOR_ADDED: "Créancier enregistré",
    K.CREDITOR_UPDATED: "Créancier modifié",
    K.AGENCY_ADDED: "Agence enregistrée",
    K.AGENCY_UPDATED: "Agence modifiée",
    K.DEBTOR_PREFERENCES_CHANGED: "Demandes du débiteur enregistrées",
    K.DEBTOR_DETAILS_CHANGED: "Coordonnées du débiteur modifiées",
    K.INVOICES_IMPORTED: "Import de factures",
}


def journal_label(kind: str) -> str:
    """The French name of a stored kind; an unknown kind (a newer journal) shows as itself."""
    try:
        return JOURNAL_LABELS_FR[JournalKind(kind)]
    except (ValueError, KeyError):
        return kind
