"""The words of every document, French first, English second, as ``str.format`` templates.

One frozen ``Wording`` per language; the content builders never hold a sentence of their own.
A creditor that wants other words copies this table (or the .typ template for the layout); the
mentions checker then tells whether the result still carries what the law requires.
Placeholders are named; amounts and dates arrive already formatted (``formatting``).
"""

from __future__ import annotations

from dataclasses import dataclass

from recouvre.domain.agencies import DEFAULT_ACTIVITY
from recouvre.letters.view_model import Language, LegalAction


@dataclass(frozen=True, slots=True)
class Wording:
    greeting_letter: str
    greeting_email: str
    closing_letter: str
    closing_email: str
    date_line: str
    registered: str
    reference_line: str
    invoice_header: tuple[str, str, str, str, str, str]
    invoices_total: str
    unpaid_one: str
    unpaid_many: str
    penalties_clause: str
    legal_interest_clause: str
    pay_by: str
    forgot: str
    contact: str
    subject_reminder: str
    subject_second: str
    second_intro_dated: str
    second_intro: str
    second_next_step: str
    subject_notice: str
    heading_notice: str
    notice_intro: str
    statement_caption: str
    statement_header: tuple[str, str, str, str, str, str, str]
    label_principal: str
    label_penalties: str
    label_legal_interest: str
    label_indemnities: str
    label_other: str
    label_total: str
    notice_demand: str
    demand_marker: str
    consequence_creditor: str
    consequence_agency: str
    consequence_none: str
    actions: dict[LegalAction, str]
    joiner: str
    dispute: str
    agency_identity: str
    default_activity: str
    guarantee_labels: tuple[str, str, str]
    guarantee_line: str
    time_barred_note: str
    upcoming_note: str
    consequence_scope: str
    the_invoice_one: str
    the_invoice_many: str
    invoices_total_enforceable: str
    breakdown_caption: str
    breakdown_header: tuple[str, str]
    default_basis: str
    payment_terms: str
    l111_8_title: str
    first_letter: str
    pay_title: str
    pay_scan: str
    pay_account: str
    pay_beneficiary: str
    pay_reference: str
    subject_plan: str
    heading_plan: str
    plan_parties: str
    plan_parties_agency: str
    plan_ack: str
    plan_header: tuple[str, str, str]
    plan_default: str
    plan_acknowledgement: str
    plan_return: str
    plan_made: str
    plan_sign_creditor: str
    plan_sign_debtor: str
    subject_receipt: str
    heading_receipt: str
    receipt_body: str
    receipt_body_agency: str
    receipt_remaining: str
    receipt_settled: str
    sms_reminder: str
    sms_first_letter: str
    sms_contact: str
    invoice_one: str
    invoice_many: str


FRENCH = Wording(
    greeting_letter="Madame, Monsieur,",
    greeting_email="Bonjour,",
    closing_letter=(
        "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées."
    ),
    closing_email="Cordialement,",
    date_line="{place}, le {date}",
    registered="Lettre recommandée avec accusé de réception",
    reference_line="Référence du dossier : {ref}",
    invoice_header=("Facture n°", "Date", "Échéance", "Montant TTC", "Déjà réglé", "Reste dû"),
    invoices_total="Total restant dû",
    unpaid_one="Sauf erreur de notre part, la facture suivante reste impayée à ce jour :",
    unpaid_many="Sauf erreur de notre part, les factures suivantes restent impayées à ce jour :",
    penalties_clause=(
        "Conformément à l'article L441-10 du Code de commerce, des pénalités de retard sont "
        "exigibles de plein droit dès le lendemain de la date d'échéance, au taux {rate_basis}, "
        "ainsi qu'une indemnité forfaitaire pour frais de recouvrement de {indemnity} par facture "
        "(article D441-5 du Code de commerce)."
    ),
    legal_interest_clause=(
        "La présente mise en demeure fait courir les intérêts au taux légal sur les sommes dues "
        "(articles 1231-6 et 1344-1 du Code civil)."
    ),
    pay_by=(
        "Nous vous remercions de bien vouloir régler la somme de {amount} au plus tard le {date}, "
        "soit un délai supplémentaire de {days}."
    ),
    forgot=(
        "Il s'agit sans doute d'un simple oubli. Si votre règlement est déjà parti, merci de "
        "ne pas tenir compte de ce message."
    ),
    contact=(
        "Pour toute question, ou si vous rencontrez une difficulté de paiement, contactez-nous : "
        "{contact}."
    ),
    subject_reminder="Relance : {invoices} — dossier {ref}",
    subject_second="Deuxième relance : {invoices} — dossier {ref}",
    second_intro_dated="Notre relance du {date} est restée sans suite à ce jour.",
    second_intro="Notre précédente relance est restée sans suite à ce jour.",
    second_next_step=(
        "Sans règlement de votre part à cette date, nous vous adresserons une mise en demeure."
    ),
    subject_notice="Mise en demeure de payer — dossier {ref}",
    heading_notice="MISE EN DEMEURE",
    notice_intro="Malgré nos relances, les factures suivantes restent impayées à ce jour :",
    statement_caption="Décompte arrêté au {date}",
    statement_header=("Facture", "Base", "Du", "Au", "Jours", "Taux annuel", "Montant"),
    label_principal="Principal restant dû",
    label_penalties="Pénalités de retard",
    label_legal_interest="Intérêts au taux légal",
    label_indemnities="Indemnités forfaitaires pour frais de recouvrement",
    label_other="Autres accessoires",
    label_total="Total réclamé",
    notice_demand=(
        "Par la présente, nous vous mettons en demeure de régler la somme de {amount} dans un "
        "délai de {days} à compter de la réception de cette lettre."
    ),
    demand_marker="dans un délai de",
    consequence_creditor=(
        "À défaut de paiement dans ce délai, nous nous réservons le droit, sans autre avis, "
        "{actions}."
    ),
    consequence_agency=(
        "À défaut de paiement dans ce délai, {creditor} se réserve le droit, sans autre avis, "
        "{actions}."
    ),
    consequence_none=(
        "À défaut de paiement dans ce délai, nous examinerons les suites à donner à ce dossier."
    ),
    actions={
        LegalAction.PAYMENT_ORDER: (
            "de présenter une requête en injonction de payer (articles 1405 et suivants du Code "
            "de procédure civile)"
        ),
        LegalAction.SMALL_CLAIMS: (
            "de mettre en œuvre la procédure simplifiée de recouvrement des petites créances "
            "(article L125-1 du Code des procédures civiles d'exécution)"
        ),
        LegalAction.INTERIM_PAYMENT: "de demander au juge des référés une provision",
        LegalAction.SUMMONS_ON_MERITS: (
            "d'engager une action en paiement devant la juridiction compétente"
        ),
    },
    joiner=" ou ",
    dispute=(
        "Si vous contestez tout ou partie de ces sommes, faites-le nous savoir par écrit en "
        "indiquant vos motifs : nous suspendrons toute démarche le temps d'examiner votre réponse."
    ),
    agency_identity=(
        "{agency}, {agency_address}, exerce l'activité suivante : {activity}. Nous intervenons "
        "pour le compte de votre créancier, {creditor}, {creditor_address}."
    ),
    default_activity=DEFAULT_ACTIVITY,
    guarantee_labels=(
        "Assurance de responsabilité civile professionnelle",
        "Compte de cantonnement (exclusivement affecté aux fonds reçus pour les créanciers)",
        "Déclaration au procureur de la République",
    ),
    guarantee_line="{label} : {value}",
    time_barred_note=(
        "Factures prescrites, non réclamées en justice : {invoices}. Aucun intérêt, aucune "
        "pénalité ni aucune indemnité n'est réclamé à leur titre, et elles ne sont pas comprises "
        "dans la somme demandée."
    ),
    upcoming_note=(
        "Pour mémoire, à échoir et non réclamé par ce courrier : {invoices}. Ces factures ne "
        "sont pas encore exigibles ; aucune pénalité ni indemnité n'est réclamée à leur titre."
    ),
    consequence_scope="Cette démarche ne concernerait que {invoices}.",
    the_invoice_one="la facture {numbers}",
    the_invoice_many="les factures {numbers}",
    invoices_total_enforceable="Total restant dû hors factures prescrites",
    breakdown_caption="Fondement et détail de la somme due : {basis}",
    breakdown_header=("Élément de la créance", "Montant"),
    default_basis="factures impayées détaillées ci-dessus",
    payment_terms=(
        "Modalités de paiement : par virement sur le compte indiqué ci-dessous, en rappelant la "
        "référence {ref}."
    ),
    l111_8_title=(
        "Article L111-8 du Code des procédures civiles d'exécution, alinéas 2 et 3 (reproduction "
        "prévue par l'article R124-4) :"
    ),
    first_letter="Rappel : notre premier courrier, référence {ref}, du {date}.",
    pay_title="Payer par virement : {amount}",
    pay_scan="Scannez le QR code avec l'application de votre banque, ou virez sur :",
    pay_account="IBAN {iban}{bic}",
    pay_beneficiary="Bénéficiaire : {name}",
    pay_reference="Référence à indiquer : {ref}",
    subject_plan="Accord d'échéancier — dossier {ref}",
    heading_plan="ACCORD D'ÉCHÉANCIER",
    plan_parties=(
        "Entre {creditor}, {creditor_address}, le créancier, et {debtor}, {debtor_address}, le "
        "débiteur."
    ),
    plan_parties_agency=(
        "Entre {creditor}, {creditor_address}, le créancier, représenté par {agency}, "
        "{agency_address}, qui exerce l'activité suivante : {activity} ; et {debtor}, "
        "{debtor_address}, le débiteur."
    ),
    plan_ack=(
        "Le débiteur reconnaît devoir la somme de {amount} au titre des factures ci-dessous et "
        "s'engage à la régler selon l'échéancier suivant."
    ),
    plan_header=("Échéance", "Date", "Montant"),
    plan_default=(
        "Si une échéance reste impayée {days} après une relance écrite, le solde restant dû "
        "deviendra immédiatement exigible."
    ),
    plan_acknowledgement=(
        "Le présent accord vaut reconnaissance de dette (article 2240 du Code civil)."
    ),
    plan_return=(
        "Pour l'accepter, retournez-nous un exemplaire daté et signé ; la première échéance est "
        "due le {date}."
    ),
    plan_made="Fait à {place}, le {date}, en deux exemplaires.",
    plan_sign_creditor="Pour le créancier",
    plan_sign_debtor="Le débiteur (signature précédée de la mention « Bon pour accord »)",
    subject_receipt="Quittance n° {number} — dossier {ref}",
    heading_receipt="QUITTANCE",
    receipt_body=(
        "{sender} reconnaît avoir reçu de {debtor} la somme de {amount} le {date}, par {method}, "
        "au titre du dossier {ref} ({invoices})."
    ),
    receipt_body_agency=(
        "{sender} reconnaît avoir reçu de {debtor}, pour le compte de {creditor}, la somme de "
        "{amount} le {date}, par {method}, au titre du dossier {ref} ({invoices})."
    ),
    receipt_remaining="Solde restant dû après ce paiement : {amount}.",
    receipt_settled="Ce paiement solde votre dette : plus aucune somme n'est due à ce titre.",
    sms_reminder=(
        "{sender} : {invoices}, solde de {amount} échu depuis le {due}. Merci de le régler avant "
        "le {date}. Réf. {ref}."
    ),
    sms_first_letter=" Premier courrier réf. {ref} du {date}.",
    sms_contact=" Contact : {contact}",
    invoice_one="facture {numbers}",
    invoice_many="factures {numbers}",
)


ENGLISH = Wording(
    greeting_letter="Dear Sir or Madam,",
    greeting_email="Hello,",
    closing_letter="Yours faithfully,",
    closing_email="Kind regards,",
    date_line="{place}, {date}",
    registered="Registered letter with acknowledgement of receipt",
    reference_line="Case reference: {ref}",
    invoice_header=("Invoice no.", "Date", "Due date", "Amount incl. VAT", "Paid", "Balance"),
    invoices_total="Total outstanding",
    unpaid_one="Unless we are mistaken, the following invoice remains unpaid:",
    unpaid_many="Unless we are mistaken, the following invoices remain unpaid:",
    penalties_clause=(
        "Under article L441-10 of the French Commercial Code, late-payment penalties are due "
        "as of right from the day after the due date, at a rate {rate_basis}, together with a "
        "fixed indemnity for collection costs of {indemnity} per invoice (article D441-5)."
    ),
    legal_interest_clause=(
        "This formal notice makes interest at the statutory rate run on the sums due "
        "(articles 1231-6 and 1344-1 of the French Civil Code)."
    ),
    pay_by="Please pay {amount} by {date} at the latest, an extra delay of {days}.",
    forgot=(
        "This is probably an oversight. If your payment is already on its way, please disregard "
        "this message."
    ),
    contact="For any question, or if you have difficulty paying, please contact us: {contact}.",
    subject_reminder="Reminder: {invoices} — case {ref}",
    subject_second="Second reminder: {invoices} — case {ref}",
    second_intro_dated="Our reminder of {date} has had no response so far.",
    second_intro="Our previous reminder has had no response so far.",
    second_next_step="Without payment by that date, we will send you a formal notice.",
    subject_notice="Formal notice to pay (mise en demeure) — case {ref}",
    heading_notice="MISE EN DEMEURE",
    notice_intro="Despite our reminders, the following invoices remain unpaid:",
    statement_caption="Statement as at {date}",
    statement_header=("Invoice", "Base", "From", "To", "Days", "Annual rate", "Amount"),
    label_principal="Outstanding principal",
    label_penalties="Late-payment penalties",
    label_legal_interest="Interest at the statutory rate",
    label_indemnities="Fixed indemnities for collection costs",
    label_other="Other accessories",
    label_total="Total claimed",
    notice_demand=(
        "We hereby give you formal notice to pay {amount} within {days} of receipt of this letter."
    ),
    demand_marker="within",
    consequence_creditor=(
        "Failing payment within that period, we reserve the right, without further notice, "
        "{actions}."
    ),
    consequence_agency=(
        "Failing payment within that period, {creditor} reserves the right, without further "
        "notice, {actions}."
    ),
    consequence_none="Failing payment within that period, we will consider the next steps.",
    actions={
        LegalAction.PAYMENT_ORDER: "to apply for an order for payment (injonction de payer)",
        LegalAction.SMALL_CLAIMS: "to use the simplified small-claims procedure",
        LegalAction.INTERIM_PAYMENT: "to apply to the summary judge for an interim payment",
        LegalAction.SUMMONS_ON_MERITS: (
            "to bring proceedings for payment before the competent court"
        ),
    },
    joiner=" or ",
    dispute=(
        "If you dispute all or part of these sums, please tell us in writing with your reasons: "
        "we will suspend all steps while we examine your answer."
    ),
    agency_identity=(
        "{agency}, {agency_address}, carries on the following activity: {activity}. We act for "
        "your creditor, {creditor}, {creditor_address}."
    ),
    default_activity="Amicable collection of debts on behalf of third parties",
    guarantee_labels=(
        "Professional civil-liability insurance",
        "Dedicated account for funds received for creditors (compte de cantonnement)",
        "Declaration to the public prosecutor (procureur de la République)",
    ),
    guarantee_line="{label}: {value}",
    time_barred_note=(
        "Time-barred invoices, not claimed in court: {invoices}. No interest, penalty or "
        "indemnity is claimed for them, and they are not included in the sum demanded."
    ),
    upcoming_note="Not yet due, not claimed in this letter: {invoices} (no penalty, no indemnity).",
    consequence_scope="Such a step would concern {invoices} only.",
    the_invoice_one="invoice {numbers}",
    the_invoice_many="invoices {numbers}",
    invoices_total_enforceable="Total outstanding excluding time-barred invoices",
    breakdown_caption="Basis and detail of the sum due: {basis}",
    breakdown_header=("Element of the debt", "Amount"),
    default_basis="unpaid invoices listed above",
    payment_terms=(
        "Payment terms: by bank transfer to the account below, quoting the reference {ref}."
    ),
    l111_8_title=(
        "Article L111-8 of the Code des procédures civiles d'exécution, paragraphs 2 and 3 "
        "(reproduced as article R124-4 requires):"
    ),
    first_letter="Reminder: our first letter, reference {ref}, dated {date}.",
    pay_title="Pay by bank transfer: {amount}",
    pay_scan="Scan the QR code with your banking app, or transfer to:",
    pay_account="IBAN {iban}{bic}",
    pay_beneficiary="Beneficiary: {name}",
    pay_reference="Reference to quote: {ref}",
    subject_plan="Payment plan agreement — case {ref}",
    heading_plan="PAYMENT PLAN AGREEMENT",
    plan_parties=(
        "Between {creditor}, {creditor_address}, the creditor, and {debtor}, {debtor_address}, "
        "the debtor."
    ),
    plan_parties_agency=(
        "Between {creditor}, {creditor_address}, the creditor, represented by {agency}, "
        "{agency_address}, which carries on the following activity: {activity}; and {debtor}, "
        "{debtor_address}, the debtor."
    ),
    plan_ack=(
        "The debtor acknowledges owing {amount} for the invoices below and undertakes to pay it "
        "according to the following schedule."
    ),
    plan_header=("Instalment", "Date", "Amount"),
    plan_default=(
        "If an instalment remains unpaid {days} after a written reminder, the whole balance "
        "becomes due at once."
    ),
    plan_acknowledgement=(
        "This agreement is an acknowledgement of debt (article 2240 of the French Civil Code)."
    ),
    plan_return=(
        "To accept it, return one copy to us, dated and signed; the first instalment is due on "
        "{date}."
    ),
    plan_made="Made in {place}, on {date}, in two copies.",
    plan_sign_creditor="For the creditor",
    plan_sign_debtor="The debtor (signature preceded by the words “Bon pour accord”)",
    subject_receipt="Receipt no. {number} — case {ref}",
    heading_receipt="RECEIPT (QUITTANCE)",
    receipt_body=(
        "{sender} acknowledges receipt from {debtor} of {amount} on {date}, by {method}, for "
        "case {ref} ({invoices})."
    ),
    receipt_body_agency=(
        "{sender} acknowledges receipt from {debtor}, on behalf of {creditor}, of {amount} on "
        "{date}, by {method}, for case {ref} ({invoices})."
    ),
    receipt_remaining="Balance still due after this payment: {amount}.",
    receipt_settled="This payment settles your debt: nothing more is due.",
    sms_reminder=(
        "{sender}: {invoices}, {amount} outstanding since {due}. Please pay by {date}. Ref. {ref}."
    ),
    sms_first_letter=" First letter ref. {ref} of {date}.",
    sms_contact=" Contact: {contact}",
    invoice_one="invoice {numbers}",
    invoice_many="invoices {numbers}",
)


def wording_for(language: Language) -> Wording:
    match language:
        case Language.FR:
            return FRENCH
        case Language.EN:
            return ENGLISH
