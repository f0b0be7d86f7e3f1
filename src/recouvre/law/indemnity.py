"""The fixed recovery indemnity (C. com. L441-10 II al. 2, D441-5) and supplementary costs.

Legal basis: « Tout professionnel en situation de retard de paiement est de plein droit
débiteur, à l'égard du créancier, d'une indemnité forfaitaire pour frais de recouvrement »
(40 € since 1 January 2013, D441-5, row ``fixed_indemnity``). It is due **per invoice** paid
late, from the first day of delay, even if part of the invoice was paid on time (DGCCRF note
2012-164; CJEU C-585/20). It is not due by a consumer or a non-professional (L441-10 binds
professionals only), nor « lorsque l'ouverture d'une procédure de sauvegarde, de redressement
ou de liquidation judiciaire interdit le paiement à son échéance de la créance » (the
proceedings opened on or before the due date). When the justified recovery costs exceed it, the
creditor may claim the difference « sur justification ». Between a professional and a consumer,
recovery costs without an enforceable title stay with the creditor (CPCE L111-8), except
enforcement costs.

Worked example: invoice due 2024-03-15, still unpaid on 2024-03-16, B2B: 40,00 €; justified
agency costs of 150,00 €: supplementary compensation 110,00 €.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.money import ZERO
from recouvre.law.parameters import LegalRow, LegalTables
from recouvre.law.statement.explain import Notice, NoticeCode, format_date


@dataclass(frozen=True, slots=True)
class IndemnityResult:
    amount: Decimal
    row: LegalRow | None = None
    notice: Notice | None = None


def fixed_indemnity(
    *,
    invoice: str,
    professional_parties: bool,
    due_date: date,
    late_on: date | None,
    collective_opened_on: date | None,
    tables: LegalTables,
) -> IndemnityResult:
    """The indemnity owed for one invoice.

    ``late_on`` is the first day the invoice was late with money still owed (the day after the
    due date when anything remained unpaid), ``None`` if it never was late.
    """
    if not professional_parties or late_on is None:
        return IndemnityResult(ZERO)
    if collective_opened_on is not None and collective_opened_on <= due_date:
        return IndemnityResult(
            ZERO,
            notice=Notice(
                NoticeCode.INDEMNITY_FORBIDDEN,
                "Indemnité forfaitaire non due : la procédure collective ouverte le "
                f"{format_date(collective_opened_on)} interdit le paiement à l'échéance "
                f"du {format_date(due_date)} (C. com. L441-10 II)",
                invoice,
            ),
        )
    row = tables.row_on("fixed_indemnity", late_on)
    return IndemnityResult(row.value, row)


def supplementary_compensation(justified_costs: Decimal, indemnity: Decimal) -> Decimal:
    """The part of justified recovery costs above the fixed indemnity (L441-10 II al. 2)."""
    return max(ZERO, justified_costs - indemnity)
