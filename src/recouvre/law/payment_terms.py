"""Payment-term compliance between professionals (C. com. L441-10 I, L441-16).

Legal basis: an agreed payment term may not exceed **60 days** from the
invoice's issue date (L441-10 I al. 2) or, by way of derogation when expressly stipulated,
**45 days end of month** (al. 3); a periodic (summary) invoice: **45 days** from its date
(al. 4). The DGCCRF accepts two computations of « 45 jours fin de mois »: (a) invoice date +
45 days, then the end of that month; (b) the end of the invoice's month, then + 45 days. An
excessive term exposes the *debtor* to an administrative fine (L441-16); it does not change
the due date between the parties, so the tool only flags it for the creditor.
The day counts are the rows ``payment_term_max_days``, ``payment_term_max_days_end_of_month``
and ``payment_term_periodic_invoice_days``.

Worked example: invoice of 2025-01-10. 60 days -> 2025-03-11; 45 days end of month (a):
2025-02-24 -> 2025-02-28; (b): 2025-01-31 + 45 days -> 2025-03-17. A due date of 2025-03-17 is
compliant (method b); 2025-03-18 is flagged.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, timedelta

from recouvre.law.parameters import LegalRow, LegalTables, warnings_of
from recouvre.law.statement.explain import Notice, NoticeCode, format_date


class EndOfMonthMethod(enum.StrEnum):
    ADD_THEN_END_OF_MONTH = "add_then_end_of_month"  # (a) date + 45 days, then end of month
    END_OF_MONTH_THEN_ADD = "end_of_month_then_add"  # (b) end of month, then + 45 days


def end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True, slots=True)
class PaymentTermCheck:
    issue_date: date
    due_date: date
    latest_allowed: date
    limits: tuple[tuple[str, date], ...]  # (method, last allowed due date)
    rows: tuple[LegalRow, ...]
    notice: Notice | None = None

    @property
    def compliant(self) -> bool:
        return self.due_date <= self.latest_allowed

    @property
    def warnings(self) -> tuple[LegalRow, ...]:
        return warnings_of(self.rows)


def payment_term_limits(
    issue_date: date,
    tables: LegalTables,
    *,
    periodic_invoice: bool = False,
    end_of_month_method: EndOfMonthMethod | None = None,
) -> tuple[tuple[tuple[str, date], ...], tuple[LegalRow, ...]]:
    """Each accepted way of counting the cap, with the last due date it allows."""
    if periodic_invoice:
        row = tables.row_on("payment_term_periodic_invoice_days", issue_date)
        limit = issue_date + timedelta(days=int(row.value))
        return ((f"{int(row.value)} jours (facture récapitulative)", limit),), (row,)
    days_row = tables.row_on("payment_term_max_days", issue_date)
    eom_row = tables.row_on("payment_term_max_days_end_of_month", issue_date)
    eom_days = timedelta(days=int(eom_row.value))
    limits: list[tuple[str, date]] = [
        (
            f"{int(days_row.value)} jours date de facture",
            issue_date + timedelta(days=int(days_row.value)),
        ),
    ]
    methods = list(EndOfMonthMethod) if end_of_month_method is None else [end_of_month_method]
    for method in methods:
        match method:
            case EndOfMonthMethod.ADD_THEN_END_OF_MONTH:
                limits.append(
                    (
                        f"{eom_row.value} jours fin de mois (date + {eom_row.value} jours, "
                        "puis fin de mois)",
                        end_of_month(issue_date + eom_days),
                    )
                )
            case EndOfMonthMethod.END_OF_MONTH_THEN_ADD:
                limits.append(
                    (
                        f"{eom_row.value} jours fin de mois (fin de mois, puis + "
                        f"{eom_row.value} jours)",
                        end_of_month(issue_date) + eom_days,
                    )
                )
    return tuple(limits), (days_row, eom_row)


def check_payment_term(
    invoice: str,
    issue_date: date,
    due_date: date,
    tables: LegalTables,
    *,
    periodic_invoice: bool = False,
    end_of_month_method: EndOfMonthMethod | None = None,
) -> PaymentTermCheck:
    """Flag a due date beyond every accepted cap (the most favourable method is allowed)."""
    limits, rows = payment_term_limits(
        issue_date,
        tables,
        periodic_invoice=periodic_invoice,
        end_of_month_method=end_of_month_method,
    )
    latest = max(limit for _, limit in limits)
    notice = None
    if due_date > latest:
        detail = " ; ".join(f"{name} : {format_date(limit)}" for name, limit in limits)
        notice = Notice(
            NoticeCode.PAYMENT_TERM_EXCEEDED,
            f"Facture {invoice} : échéance du {format_date(due_date)} au-delà du délai légal "
            f"({detail}) — C. com. L441-10 I, amende administrative L441-16",
            invoice,
        )
    return PaymentTermCheck(issue_date, due_date, latest, limits, rows, notice)
