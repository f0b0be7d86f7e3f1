"""The case list of the web application: filters, search, sort and pages, within a scope.

The filters are those a credit manager works with (creditor, phase, the debtor's attitude, a
minimum amount still owed); the search finds a case by its debtor's name, its SIREN, one of
its invoice numbers or its reference. The scope (``services.web_accounts.scope``) is part of
every query, so that a page never holds a case its reader may not see. Pages are ``page_size``
cases long (``MAX_PAGE_SIZE`` at most), counted from 1.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from recouvre.domain.cases import Attitude, Phase
from recouvre.services.queries import CaseSummary
from recouvre.services.web_accounts.scope import Scope

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_SEARCH_LENGTH = 100


class CaseSort(enum.StrEnum):
    OUTSTANDING = "outstanding"  # largest amount owed first
    OLDEST = "oldest"  # oldest unpaid due date first
    REFERENCE = "reference"
    DEBTOR = "debtor"
    OPENED = "opened"  # latest opened first


@dataclass(frozen=True, slots=True)
class CaseQuery:
    scope: Scope
    creditor_siren: str | None = None
    phase: Phase | None = None
    attitude: Attitude | None = None
    min_outstanding: Decimal | None = None
    text: str = ""
    sort: CaseSort = CaseSort.OUTSTANDING
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


@dataclass(frozen=True, slots=True)
class CasePage:
    query: CaseQuery
    rows: tuple[CaseSummary, ...]
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.page_size))


@dataclass(frozen=True, slots=True)
class CreditorChoice:
    siren: str
    name: str


class CaseFinder(Protocol):
    def find(self, query: CaseQuery) -> tuple[list[CaseSummary], int]:
        """One page of the cases matching ``query`` and how many match in all."""
        ...

    def creditors(self, scope: Scope) -> list[CreditorChoice]:
        """The creditors within ``scope``, by name."""
        ...


def normalised(query: CaseQuery) -> CaseQuery:
    """The query with its page and size in range and its search text trimmed."""
    size = min(max(1, query.page_size), MAX_PAGE_SIZE)
    creditor = query.creditor_siren
    if creditor is not None and not query.scope.admits(creditor):
        creditor = "000000000"  # a creditor outside the scope matches nothing, said as empty
    return CaseQuery(
        scope=query.scope,
        creditor_siren=creditor,
        phase=query.phase,
        attitude=query.attitude,
        min_outstanding=query.min_outstanding,
        text=query.text.strip()[:MAX_SEARCH_LENGTH],
        sort=query.sort,
        page=max(1, query.page),
        page_size=size,
    )


def find_cases(finder: CaseFinder, query: CaseQuery) -> CasePage:
    query = normalised(query)
    if query.scope.creditor_sirens == frozenset():
        return CasePage(query, (), 0)
    rows, total = finder.find(query)
    return CasePage(query, tuple(rows), total)
