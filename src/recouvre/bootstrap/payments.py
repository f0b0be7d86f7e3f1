"""Wiring of money in (``services.payments``): statement files read by their format's reader,
the import use case on the plan unit of work, the bank lines read back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from recouvre.adapters.importers.camt import BankStatementFileError, StatementIssue, read_camt
from recouvre.adapters.importers.cfonb import looks_like_cfonb, read_cfonb
from recouvre.adapters.importers.ofx import looks_like_ofx, read_ofx
from recouvre.bootstrap.app import App
from recouvre.bootstrap.cases import case_events
from recouvre.bootstrap.daily_run import plan_uow
from recouvre.services.payments import decisions, review
from recouvre.services.payments.ports import StoredBankLine
from recouvre.services.payments.statements import StatementFile, StatementImport

MAX_STATEMENT_BYTES = 256 * 1024 * 1024  # 100 000 camt entries are about 100 MiB


def read_statement_files(paths: Sequence[Path]) -> list[StatementFile]:
    """Every file read whole before anything is written; the first refused one raises."""
    files: list[StatementFile] = []
    for path in paths:
        if not path.is_file():
            missing = StatementIssue(None, "fichier", "introuvable")
            raise BankStatementFileError(path.name, [missing])
        if path.stat().st_size > MAX_STATEMENT_BYTES:
            raise BankStatementFileError(path.name, [StatementIssue(
                None, "fichier", f"plus de {MAX_STATEMENT_BYTES // 2**20} Mio : découpez-le",
            )])  # fmt: skip
        data = path.read_bytes()
        if looks_like_ofx(data):
            files.append(StatementFile(path.name, read_ofx(data, path.name)))
        elif data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
            files.append(StatementFile(path.name, read_camt(data, path.name)))
        elif looks_like_cfonb(data):
            files.append(StatementFile(path.name, read_cfonb(data, path.name)))
        else:
            raise BankStatementFileError(path.name, [StatementIssue(
                1, "format", "format non reconnu : un relevé ISO 20022 camt.053 ou camt.054 "
                "(XML), un relevé CFONB 120 ou un fichier OFX est attendu",
            )])  # fmt: skip
    return files


def statement_import(app: App, actor: str | None = None) -> StatementImport:
    """The import use case (``services.payments.statements.StatementImport``)."""
    return StatementImport(lambda: plan_uow(app, actor), case_events(app, actor), app.clock)


def bank_lines(app: App, statuses: Sequence[str], limit: int) -> list[StoredBankLine]:
    """The stored bank lines of these statuses (all when empty), oldest first."""
    with plan_uow(app) as uow:
        return uow.bank_lines.listing(statuses, limit)


def assign_bank_line(
    app: App, line_id: int, case_key: str | None, invoice: str | None
) -> tuple[Decimal, Decimal, str | None]:
    """A person assigns a line to a case (``services.payments.decisions.assign``)."""
    return decisions.assign(
        lambda: plan_uow(app), case_events(app), line_id, case_key, invoice, app.actor
    )


def set_bank_line_aside(app: App, line_id: int, reason: str) -> None:
    """A person sets a line aside with a reason (``services.payments.decisions.set_aside``)."""
    decisions.set_aside(lambda: plan_uow(app), line_id, reason, app.actor)


def stale_statements(app: App, today: date, max_age_days: int) -> list[str]:
    """The accounts whose statements are not current (``services.payments.freshness``)."""
    from recouvre.services.payments.freshness import stale_accounts

    with plan_uow(app) as uow:
        return stale_accounts(uow.bank_lines.latest_by_holder(), today, max_age_days)


def bank_lines_to_review(app: App, limit: int) -> list[review.ReviewItem]:
    """The lines waiting for a person with their candidates (``services.payments.review``)."""
    return review.review(lambda: plan_uow(app), limit)


def payment_threshold(app: App, siren: str, value: int | None) -> int:
    """A creditor's threshold for applying payments, set when ``value`` is given."""
    return review.threshold(lambda: plan_uow(app, app.actor), siren, value, app.clock.today())
