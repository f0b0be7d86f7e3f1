"""The bank statement lines (``services.payments.ports.BankLineStore``), on the unit of work's
connection (``uow.bank_lines``): who holds an account, which keys are already known, the open
invoices a payment may settle, and what became of each line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

import sqlalchemy as sa

from recouvre.adapters.db.stores.bank_batch import add_lines
from recouvre.adapters.db.stores.bank_index import (
    EINVOICE_OF_INVOICE,
    STILL_OWED,
    index_cases,
    index_invoices,
    index_names,
    reversible_cases,
)
from recouvre.adapters.db.tables import (
    agencies,
    bank_lines,
    cases,
    creditor_matching,
    creditors,
    debtor_ibans,
    debtors,
    invoices,
)
from recouvre.adapters.db.tables.einvoices import einvoice_documents as documents
from recouvre.domain.money import from_cents
from recouvre.services.payments.ports import (
    AccountHolder,
    Counterpart,
    LineOutcome,
    NewBankLine,
    OpenInvoice,
    StoredBankLine,
)

L = bank_lines
_CHUNK = 500


class SqlBankLineStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def holder(self, iban: str) -> AccountHolder | None:
        """The creditor whose IBAN it is, or the agency's (collecting for all its clients)."""
        row = self.connection.execute(
            sa.select(creditors.c.id, creditors.c.name).where(creditors.c.iban == iban)
        ).first()
        if row is not None:
            return AccountHolder(row.name, (row.id,), row.id, None)
        agency = self.connection.execute(
            sa.select(agencies.c.id, agencies.c.name).where(agencies.c.iban == iban)
        ).first()
        if agency is None:
            return None
        clients = self.connection.scalars(
            sa.select(creditors.c.id).where(creditors.c.agency_id == agency.id)
        ).all()
        return AccountHolder(agency.name, tuple(clients), None, agency.id)

    def latest_by_holder(self) -> list[tuple[str, date | None]]:
        """Each creditor or agency with an IBAN and the value date of its latest statement
        line (``None``: never imported); empty while no statement was ever imported."""
        if self.connection.execute(sa.select(L.c.id).limit(1)).first() is None:
            return []
        out: list[tuple[str, date | None]] = []
        for party, column in ((creditors, L.c.creditor_id), (agencies, L.c.agency_id)):
            latest = sa.select(sa.func.max(L.c.value_on)).where(column == party.c.id)
            query = sa.select(party.c.name, latest.scalar_subquery()).where(
                party.c.iban.is_not(None), party.c.iban != ""
            )
            if party is creditors:  # an agency's clients are paid on the agency's account
                query = query.where(creditors.c.agency_id.is_(None))
            out.extend((row[0], row[1]) for row in self.connection.execute(query))
        return out

    def known_keys(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            found.update(
                self.connection.scalars(sa.select(L.c.line_key).where(L.c.line_key.in_(chunk)))
            )
        return found

    def add(self, line: NewBankLine) -> int:
        x = line.line
        inserted = self.connection.execute(
            sa.insert(L).values(
                line_key=x.key,
                account=line.account,
                creditor_id=line.creditor_id,
                agency_id=line.agency_id,
                value_on=x.value_on,
                booked_on=x.booked_on,
                amount_cents=line.amount_cents,
                credit=x.credit,
                reversal=x.reversal,
                currency=x.currency,
                remittance=x.remittance[:4000],
                refs=json.dumps(list(x.references)),
                payer_name=x.payer_name[:200],
                payer_iban=x.payer_iban[:34],
                bank_reference=x.bank_reference[:200],
                source_file=line.source_file[:500],
                source_line=x.source_line,
                imported_at=line.imported_at,
                status="new",
            )
        ).inserted_primary_key
        assert inserted is not None
        return int(inserted[0])

    def add_many(self, lines: Sequence[tuple[NewBankLine, LineOutcome]]) -> None:
        """``add`` then ``set_outcome`` for each, in one insert (``bank_batch``)."""
        add_lines(self.connection, lines)

    def index_cases(self, creditor_ids: Sequence[int]) -> Iterator[list[tuple[int, str, int]]]:
        return index_cases(self.connection, creditor_ids)

    def index_invoices(
        self, creditor_ids: Sequence[int]
    ) -> Iterator[list[tuple[int, str, int, str]]]:
        return index_invoices(self.connection, creditor_ids)

    def index_names(self, creditor_ids: Sequence[int]) -> Iterator[list[tuple[int, str]]]:
        return index_names(self.connection, creditor_ids)

    def reversible_cases(self, account: str, amounts_cents: Iterable[int]) -> set[int]:
        return reversible_cases(self.connection, account, amounts_cents)

    def case_invoices(
        self, creditor_ids: Iterable[int], case_ids: Iterable[int] | None = None
    ) -> list[OpenInvoice]:
        """Every invoice of these creditors' cases, closed ones too (a payment quoting a paid
        invoice is a surplus to look at, not a payment to lose), with what is still owed and
        the payment reference (BT-83) of the e-invoice it came from; only those of
        ``case_ids`` when given (chunked), by case and invoice."""
        ids = list(creditor_ids)
        if not ids:
            return []
        if case_ids is not None:
            wanted = sorted(set(case_ids))
            return [
                found
                for start in range(0, len(wanted), _CHUNK)
                for found in self._case_invoices(ids, wanted[start : start + _CHUNK])
            ]
        return self._case_invoices(ids, None)

    def _case_invoices(self, ids: list[int], case_ids: list[int] | None) -> list[OpenInvoice]:
        query = (
            sa.select(
                cases.c.id,
                cases.c.reference,
                cases.c.creditor_id,
                cases.c.debtor_id,
                invoices.c.number,
                invoices.c.due_date,
                STILL_OWED.label("owed_cents"),
                debtors.c.name.label("debtor_name"),
                documents.c.payment_reference,
            )
            .join(invoices, invoices.c.case_id == cases.c.id)
            .join(debtors, debtors.c.id == cases.c.debtor_id)
            .outerjoin(documents, EINVOICE_OF_INVOICE)  # its payment reference (BT-83)
            .where(cases.c.creditor_id.in_(ids))
        )
        if case_ids is not None:
            query = query.where(invoices.c.case_id.in_(case_ids))
            query = query.order_by(cases.c.id, invoices.c.id)
        return [
            OpenInvoice(
                r.id, r.reference, r.creditor_id, r.debtor_id, r.number, r.due_date,
                from_cents(r.owed_cents),
                r.debtor_name,
                r.payment_reference or "",
            )
            for r in self.connection.execute(query)
        ]

    def set_outcome(self, line_id: int, outcome: LineOutcome) -> None:
        self.connection.execute(
            sa.update(L)
            .where(L.c.id == line_id)
            .values(
                status=outcome.status,
                case_id=outcome.case_id,
                applied_cents=outcome.applied_cents,
                surplus_cents=outcome.surplus_cents,
                confidence=outcome.confidence,
                reason=outcome.reason,
                allocations=json.dumps(dict(outcome.allocations)) if outcome.allocations else "",
            )
        )

    def counterparts(
        self, account: str, amount_cents: int, since: date, until: date, *, applied: bool
    ) -> list[Counterpart]:
        status, credit = ("applied", True) if applied else ("review", False)
        query = (
            sa.select(L)
            .where(
                L.c.account == account, L.c.amount_cents == amount_cents,
                L.c.value_on >= since, L.c.value_on <= until, L.c.status == status,
                L.c.credit == credit,
            )
            .order_by(L.c.value_on, L.c.id)
        )  # fmt: skip
        return [_counterpart(r) for r in self.connection.execute(query)]

    def counterpart(self, line_id: int) -> Counterpart | None:
        row = self.connection.execute(sa.select(L).where(L.c.id == line_id)).first()
        return None if row is None else _counterpart(row)

    def mark_reversed(self, line_id: int, reason: str) -> None:
        self.connection.execute(
            sa.update(L).where(L.c.id == line_id).values(status="reversed", reason=reason)
        )

    def known_ibans(self, creditor_ids: Iterable[int]) -> list[tuple[str, int]]:
        """(IBAN, debtor) for each IBAN a payment was applied from, for the debtors with a case
        of these creditors."""
        ids = list(creditor_ids)
        if not ids:
            return []
        query = (
            sa.select(debtor_ibans.c.iban, debtor_ibans.c.debtor_id)
            .join(cases, cases.c.debtor_id == debtor_ibans.c.debtor_id)
            .where(cases.c.creditor_id.in_(ids))
            .distinct()
        )
        return [(str(i), int(d)) for i, d in self.connection.execute(query)]

    def waiting_reversal_amounts(self, account: str) -> set[int]:
        query = sa.select(L.c.amount_cents).distinct().where(
            L.c.account == account, L.c.status == "review", L.c.credit.is_(False)
        )
        return {int(cents) for cents in self.connection.execute(query).scalars()}

    def learn_iban(self, debtor_id: int, iban: str, on: date, line_id: int) -> None:
        known = self.connection.execute(
            sa.select(debtor_ibans.c.id).where(
                debtor_ibans.c.debtor_id == debtor_id, debtor_ibans.c.iban == iban
            )
        ).first()
        if known is None:
            self.connection.execute(sa.insert(debtor_ibans).values(
                debtor_id=debtor_id, iban=iban, learned_on=on, bank_line_id=line_id
            ))  # fmt: skip

    def apply_from(self, creditor_ids: Iterable[int]) -> dict[int, int]:
        """Each creditor's own threshold (``creditor_matching``), when it has one."""
        query = sa.select(creditor_matching.c.creditor_id, creditor_matching.c.apply_from).where(
            creditor_matching.c.creditor_id.in_(list(creditor_ids))
        )
        return {int(c): int(a) for c, a in self.connection.execute(query)}

    def set_apply_from(self, creditor_id: int, apply_from: int) -> None:
        table = creditor_matching
        found = self.connection.execute(
            sa.select(table.c.creditor_id).where(table.c.creditor_id == creditor_id)
        ).first()
        if found is None:
            self.connection.execute(
                sa.insert(table).values(creditor_id=creditor_id, apply_from=apply_from)
            )
        else:
            self.connection.execute(
                sa.update(table)
                .where(table.c.creditor_id == creditor_id)
                .values(apply_from=apply_from)
            )

    def listing(self, statuses: Sequence[str], limit: int) -> list[StoredBankLine]:
        query = _with_case().order_by(L.c.value_on, L.c.id).limit(limit)
        if statuses:
            query = query.where(L.c.status.in_(list(statuses)))
        return [_stored(r) for r in self.connection.execute(query)]

    def get(self, line_id: int) -> StoredBankLine | None:
        row = self.connection.execute(_with_case().where(L.c.id == line_id)).first()
        return None if row is None else _stored(row)


def _with_case() -> sa.Select[tuple[object, ...]]:
    """The lines with the reference of the case each was applied to (if any)."""
    return sa.select(L, cases.c.reference.label("case_reference")).outerjoin(
        cases, cases.c.id == L.c.case_id
    )


def _counterpart(r: sa.Row[object]) -> Counterpart:
    m = r._mapping
    split = json.loads(m["allocations"]) if m["allocations"] else {}
    return Counterpart(
        id=m["id"], value_on=m["value_on"], amount_cents=m["amount_cents"], credit=m["credit"],
        payer_name=m["payer_name"], payer_iban=m["payer_iban"],
        bank_reference=m["bank_reference"], texts=(m["remittance"], *json.loads(m["refs"])),
        case_id=m["case_id"], allocations=tuple((str(k), int(v)) for k, v in split.items()),
        reason=m["reason"],
    )  # fmt: skip


def _stored(r: sa.Row[object]) -> StoredBankLine:
    m = r._mapping
    return StoredBankLine(
        id=m["id"],
        account=m["account"],
        creditor_id=m["creditor_id"],
        agency_id=m["agency_id"],
        value_on=m["value_on"],
        amount=from_cents(m["amount_cents"]),
        credit=m["credit"],
        reversal=m["reversal"],
        currency=m["currency"],
        remittance=m["remittance"],
        payer_name=m["payer_name"],
        status=m["status"],
        case_reference=m["case_reference"],
        applied=from_cents(m["applied_cents"]),
        surplus=from_cents(m["surplus_cents"]),
        confidence=m["confidence"],
        reason=m["reason"],
        source_file=m["source_file"],
        source_line=m["source_line"],
        payer_iban=m["payer_iban"],
        references=tuple(json.loads(m["refs"])),
        bank_reference=m["bank_reference"],
        case_id=m["case_id"],
    )
