"""Sample contexts: the previews of ``recouvre letter preview``, the benchmark and the golden
snapshots all use these fixed, dated facts (nothing reads the clock).

The statement here is sample arithmetic (principal × rate × days / 365, rounded half-up per
semester slice), not the legal engine: the letters only print it. Rate 12,40 % is the C. com.
L441-10 II default for 2026-S2 (ECB main refinancing rate 2,40 % + 10 points, a row known from
the press only: status « secondary » in ``reference/data/ecb_rates.toml``).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from recouvre.domain.creditor_reference import payment_reference
from recouvre.domain.money import ZERO, round_cents
from recouvre.letters.document import DocumentKind
from recouvre.letters.view_model import (
    AgencyGuarantees,
    FirstLetter,
    Instalment,
    InvoiceView,
    Language,
    LegalAction,
    LetterContext,
    PartyView,
    PaymentDetails,
    ReceivedPayment,
    SenderKind,
    StatementLine,
    Totals,
)

SAMPLE_DAY = date(2026, 11, 3)
SAMPLE_RATE = Decimal("12.40")
SAMPLE_INDEMNITY = Decimal("40.00")

CREDITOR = PartyView(
    name="Menuiseries Durand SAS",
    address_lines=("12 rue de la République", "69002 Lyon"),
    siren="732 829 320",
    email="compta@menuiseries-durand.fr",
    phone="04 72 00 00 00",
)
AGENCY = PartyView(
    name="Cabinet Aubert Recouvrement SARL",
    address_lines=("8 place Bellecour", "69002 Lyon"),
    siren="843 123 456",
    email="contact@aubert-recouvrement.fr",
    phone="04 78 00 00 00",
    activity="Recouvrement amiable de créances pour le compte de tiers",
    guarantees=AgencyGuarantees(
        liability_insurance="Mutuelle d'Assurances Exemple, police RC-2026-0042",
        funds_account="Crédit Mutuel, compte n° FR08 1027 8073 0000 0204 9810 152",
        prosecutor_declaration="tribunal judiciaire de Lyon, déclaration du 2 janvier 2026",
    ),
)
# A time-barred invoice for the samples: due more than five years before SAMPLE_DAY
# (C. com. L110-4), so no legal action may be announced for it.
BARRED_INVOICE = InvoiceView("FA-2021-0107", date(2021, 5, 10), date(2021, 6, 9), Decimal("980.00"))
COMPANY_DEBTOR = PartyView(
    name="SARL Boulangerie Émile Ménard",
    attention="À l'attention de M. Émile Ménard, gérant",
    address_lines=("4 bis, chemin des Écoliers", "ZA Les Prés", "38000 Grenoble"),
    siren="552 100 554",
    email="emile@boulangerie-menard.fr",
    phone="06 12 34 56 78",
)
CONSUMER_DEBTOR = PartyView(
    name="Mme Julie Ferrand",
    address_lines=("15 rue des Tanneurs", "67000 Strasbourg"),
    email="julie.ferrand@example.org",
    phone="06 98 76 54 32",
)
IBAN = "FR76 3000 6000 0112 3456 7890 189"
BIC = "AGRIFRPPXXX"

_RATE_BASIS = {
    Language.FR: (
        "égal au taux de refinancement de la Banque centrale européenne majoré de 10 points "
        "(12,40 % au second semestre 2026)"
    ),
    Language.EN: (
        "equal to the European Central Bank refinancing rate plus 10 points (12.40% in the "
        "second half of 2026)"
    ),
}


def sample_invoices(index: int = 0) -> tuple[InvoiceView, ...]:
    """Two invoices, one partly paid; amounts vary with ``index`` (benchmark letters differ)."""
    extra = Decimal(index % 97)
    return (
        InvoiceView(
            f"FA-2026-{412 + 2 * index:04d}",
            date(2026, 6, 2),
            date(2026, 7, 2),
            Decimal("4860.00") + extra,
        ),
        InvoiceView(
            f"FA-2026-{413 + 2 * index:04d}",
            date(2026, 6, 20),
            date(2026, 7, 20),
            Decimal("1234.56"),
            Decimal("200.00"),
        ),
    )


def sample_context(
    kind: DocumentKind = DocumentKind.FORMAL_NOTICE,
    *,
    agency: bool = False,
    professional: bool = True,
    language: Language = Language.FR,
    index: int = 0,
    time_barred: bool = False,
) -> LetterContext:
    """``time_barred`` adds ``BARRED_INVOICE`` before the two others: listed, not claimed."""
    claimed = sample_invoices(index)
    invoices = (BARRED_INVOICE, *claimed) if time_barred else claimed
    statement = tuple(_slice(inv) for inv in claimed) if professional else ()
    interest = sum((line.amount for line in statement), ZERO)
    indemnities = SAMPLE_INDEMNITY * len(claimed) if professional else ZERO
    principal = sum((inv.outstanding for inv in claimed), ZERO)
    totals = Totals(principal=principal, interest=interest, indemnities=indemnities)
    reference = f"D-2026-{index + 17:05d}"
    debtor = COMPANY_DEBTOR if professional else CONSUMER_DEBTOR
    if index:
        debtor = PartyView(
            name=f"{debtor.name} n° {index}",
            address_lines=debtor.address_lines,
            siren=debtor.siren,
            attention=debtor.attention,
        )
    sender = AGENCY if agency else CREDITOR
    later = agency and kind is not DocumentKind.REMINDER_LETTER
    return LetterContext(
        on=SAMPLE_DAY,
        place="Lyon",
        reference=reference,
        creditor=CREDITOR,
        agency=AGENCY if agency else None,
        sender_kind=SenderKind.AGENCY if agency else SenderKind.CREDITOR,
        debtor=debtor,
        debtor_is_professional=professional,
        invoices=invoices,
        totals=totals,
        statement=statement,
        statement_on=SAMPLE_DAY,
        payment=PaymentDetails(
            beneficiary=sender.name, iban=IBAN, bic=BIC, reference=payment_reference(reference)
        ),
        indemnity_amount=SAMPLE_INDEMNITY,
        rate_basis=_RATE_BASIS[language],
        first_letter=FirstLetter(f"AUB-{reference}", date(2026, 10, 6)) if later else None,
        grace_days=8,
        notice_days=8,
        possible_actions=(LegalAction.PAYMENT_ORDER,),
        signatory="Claire Aubert" if agency else "Paul Durand",
        signatory_title="Gérante" if agency else "Responsable comptable",
        instalments=_instalments(totals.total),
        received=ReceivedPayment(
            received_on=date(2026, 11, 2),
            amount=Decimal("1000.00"),
            method="virement" if language is Language.FR else "bank transfer",
            receipt_number=f"Q-2026-{index + 1:05d}",
            remaining=totals.total - Decimal("1000.00"),
        ),
        language=language,
        contact_line=f"{sender.phone} — {sender.email}",
        previous_reminder_on=date(2026, 10, 6),
        time_barred=(BARRED_INVOICE.number,) if time_barred else (),
    )


def _slice(inv: InvoiceView) -> StatementLine:
    start = inv.due_date + timedelta(days=1)
    days = (SAMPLE_DAY - inv.due_date).days
    amount = round_cents(inv.outstanding * SAMPLE_RATE / 100 * days / 365)
    return StatementLine(
        invoice_number=inv.number,
        base=inv.outstanding,
        start=start,
        end=SAMPLE_DAY,
        days=days,
        rate=SAMPLE_RATE,
        amount=amount,
    )


def _instalments(total: Decimal) -> tuple[Instalment, ...]:
    """Three monthly instalments; the last one takes the remainder so that they add up."""
    part = round_cents(total / 3)
    days = (date(2026, 11, 15), date(2026, 12, 15), date(2027, 1, 15))
    return (
        Instalment(days[0], part),
        Instalment(days[1], part),
        Instalment(days[2], total - 2 * part),
    )
