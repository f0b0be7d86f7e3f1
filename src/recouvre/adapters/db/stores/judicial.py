"""Storage of the judicial phase: procedures, events, exhibits, facts, titles, BODACC matches.

``SqlJudicialStore`` implements ``recouvre.services.judicial.ports.JudicialStore`` on the unit
of work's connection (``uow.judicial``), so that a procedure event, the case's phase change and
their journal entries commit together. The actions of the outbox not sent yet are cancelled
through ``cancel_pending_actions`` when the case leaves the amicable road.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.tables import (
    actions,
    call_outcomes,
    cases,
    collective_proceedings,
    debtors,
    enforceable_titles,
    exhibits,
    judicial_facts,
    procedure_events,
    procedures,
    registered_mail_items,
)
from recouvre.domain.money import from_cents, to_cents
from recouvre.law.routes.rules import ClaimNature, Dispute, Evidence, Route
from recouvre.services.judicial.ports import (
    CallRecord,
    ExhibitRecord,
    PendingAction,
    SentRecord,
)
from recouvre.services.judicial.records import (
    CollectiveRecord,
    EnforceableTitle,
    InterestBasis,
    JudicialFacts,
    Procedure,
    ProcedureEvent,
    ProcedureEventKind,
    ProcedureStatus,
)

# Statuses of the outbox that have not gone out yet.
PENDING_STATUSES = ("awaiting_approval", "queued", "deferred")


def _money(cents: int | None) -> Decimal | None:
    return None if cents is None else from_cents(cents)


def _procedure(row: Any) -> Procedure:
    return Procedure(
        id=row.id,
        case_id=row.case_id,
        route=Route(row.route),
        court_kind=row.court_kind,
        court=row.court,
        status=ProcedureStatus(row.status),
        started_on=row.started_on,
        claimed=from_cents(row.claimed_cents),
        outcome=row.outcome,
        closed_on=row.closed_on,
    )


def _event(row: Any) -> ProcedureEvent:
    return ProcedureEvent(
        id=row.id,
        procedure_id=row.procedure_id,
        kind=ProcedureEventKind(row.kind),
        on=row.occurred_on,
        to_person=row.to_person,
        amount=_money(row.amount_cents),
        reference=row.reference,
        note=row.note,
    )


class SqlJudicialStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    # --- facts ---------------------------------------------------------------------------

    def facts_for(self, case_id: int) -> JudicialFacts:
        row = self.connection.execute(
            sa.select(judicial_facts).where(judicial_facts.c.case_id == case_id)
        ).first()
        if row is None:
            return JudicialFacts()
        return JudicialFacts(
            nature=ClaimNature(row.nature),
            dispute=Dispute(row.dispute),
            evidence=Evidence(
                signed_order=row.signed_order,
                accepted_quote=row.accepted_quote,
                delivery_note=row.delivery_note,
                terms_accepted=row.terms_accepted,
                bill_of_exchange=row.bill_of_exchange,
                unpaid_cheque=row.unpaid_cheque,
            ),
            assets_at_risk=row.assets_at_risk,
            cooperation_likely=row.cooperation_likely,
            small_claims_failed=row.small_claims_failed,
            formal_notice_sent_on=row.formal_notice_sent_on,
            formal_notice_received_on=row.formal_notice_received_on,
        )

    def save_facts(self, case_id: int, facts: JudicialFacts, now: str) -> None:
        e = facts.evidence
        values = {
            "nature": facts.nature.value,
            "dispute": facts.dispute.value,
            "signed_order": e.signed_order,
            "accepted_quote": e.accepted_quote,
            "delivery_note": e.delivery_note,
            "terms_accepted": e.terms_accepted,
            "bill_of_exchange": e.bill_of_exchange,
            "unpaid_cheque": e.unpaid_cheque,
            "assets_at_risk": facts.assets_at_risk,
            "cooperation_likely": facts.cooperation_likely,
            "small_claims_failed": facts.small_claims_failed,
            "formal_notice_sent_on": facts.formal_notice_sent_on,
            "formal_notice_received_on": facts.formal_notice_received_on,
            "updated_at": now,
        }
        updated = self.connection.execute(
            judicial_facts.update().where(judicial_facts.c.case_id == case_id).values(**values)
        )
        if updated.rowcount == 0:
            self.connection.execute(judicial_facts.insert().values(case_id=case_id, **values))

    # --- procedures ----------------------------------------------------------------------

    def add_procedure(self, procedure: Procedure, now: str) -> Procedure:
        new_id = self.connection.execute(
            procedures.insert()
            .values(
                case_id=procedure.case_id,
                route=procedure.route.value,
                court_kind=procedure.court_kind,
                court=procedure.court,
                status=procedure.status.value,
                outcome=procedure.outcome,
                started_on=procedure.started_on,
                closed_on=procedure.closed_on,
                claimed_cents=to_cents(procedure.claimed),
                created_at=now,
            )
            .returning(procedures.c.id)
        ).scalar_one()
        return replace(procedure, id=new_id)

    def procedure(self, procedure_id: int) -> Procedure | None:
        row = self.connection.execute(
            sa.select(procedures).where(procedures.c.id == procedure_id)
        ).first()
        return None if row is None else _procedure(row)

    def procedures_for(self, case_id: int) -> list[Procedure]:
        rows = self.connection.execute(
            sa.select(procedures).where(procedures.c.case_id == case_id).order_by(procedures.c.id)
        )
        return [_procedure(row) for row in rows]

    def unclosed_procedures(self) -> list[Procedure]:
        unclosed = (ProcedureStatus.OPEN.value, ProcedureStatus.FROZEN.value)
        rows = self.connection.execute(
            sa.select(procedures).where(procedures.c.status.in_(unclosed)).order_by(procedures.c.id)
        )
        return [_procedure(row) for row in rows]

    def freeze_procedure(self, procedure_id: int) -> None:
        self.connection.execute(
            procedures.update()
            .where(procedures.c.id == procedure_id)
            .values(status=ProcedureStatus.FROZEN.value)
        )

    def close_procedure(self, procedure_id: int, outcome: str, on: date) -> None:
        self.connection.execute(
            procedures.update()
            .where(procedures.c.id == procedure_id)
            .values(status=ProcedureStatus.CLOSED.value, outcome=outcome, closed_on=on)
        )

    def add_event(self, event: ProcedureEvent, now: str) -> ProcedureEvent:
        new_id = self.connection.execute(
            procedure_events.insert()
            .values(
                procedure_id=event.procedure_id,
                kind=event.kind.value,
                occurred_on=event.on,
                to_person=event.to_person,
                amount_cents=None if event.amount is None else to_cents(event.amount),
                reference=event.reference,
                note=event.note,
                recorded_at=now,
            )
            .returning(procedure_events.c.id)
        ).scalar_one()
        return replace(event, id=new_id)

    def events_for(self, procedure_id: int) -> list[ProcedureEvent]:
        rows = self.connection.execute(
            sa.select(procedure_events)
            .where(procedure_events.c.procedure_id == procedure_id)
            .order_by(procedure_events.c.occurred_on, procedure_events.c.id)
        )
        return [_event(row) for row in rows]

    # --- exhibits ------------------------------------------------------------------------

    def replace_exhibits(
        self, procedure_id: int, records: Sequence[ExhibitRecord], now: str
    ) -> None:
        """The exhibits of the latest bundle produced (a new bundle replaces the list)."""
        self.connection.execute(exhibits.delete().where(exhibits.c.procedure_id == procedure_id))
        if records:
            self.connection.execute(
                exhibits.insert(),
                [
                    {
                        "procedure_id": procedure_id,
                        "number": r.number,
                        "kind": r.kind,
                        "title": r.title,
                        "pages": r.pages,
                        "sha256": r.sha256,
                        "produced_at": now,
                    }
                    for r in records
                ],
            )

    def exhibits_for(self, procedure_id: int) -> list[ExhibitRecord]:
        rows = self.connection.execute(
            sa.select(exhibits)
            .where(exhibits.c.procedure_id == procedure_id)
            .order_by(exhibits.c.number)
        )
        return [ExhibitRecord(r.number, r.kind, r.title, r.pages, r.sha256) for r in rows]

    # --- titles --------------------------------------------------------------------------

    def add_title(self, title: EnforceableTitle, now: str) -> EnforceableTitle:
        new_id = self.connection.execute(
            enforceable_titles.insert()
            .values(
                case_id=title.case_id,
                procedure_id=title.procedure_id,
                pronounced_on=title.pronounced_on,
                amount_cents=to_cents(title.amount),
                served_on=title.served_on,
                description=title.description,
                recorded_at=now,
                enforceable_on=title.enforceable_on,
                accessories_cents=to_cents(title.accessories),
                interest_basis=title.interest_basis.value,
                interest_from=title.interest_from,
            )
            .returning(enforceable_titles.c.id)
        ).scalar_one()
        return replace(title, id=new_id)

    def titles_for(self, case_id: int) -> list[EnforceableTitle]:
        rows = self.connection.execute(
            sa.select(enforceable_titles)
            .where(enforceable_titles.c.case_id == case_id)
            .order_by(enforceable_titles.c.id)
        )
        return [
            EnforceableTitle(
                r.id,
                r.case_id,
                r.procedure_id,
                r.pronounced_on,
                from_cents(r.amount_cents),
                r.served_on,
                r.description,
                enforceable_on=r.enforceable_on,
                accessories=from_cents(r.accessories_cents),
                interest_basis=InterestBasis(r.interest_basis),
                interest_from=r.interest_from,
            )
            for r in rows
        ]

    # --- collective proceedings ----------------------------------------------------------

    def open_cases_of_siren(self, siren: str) -> list[int]:
        rows = self.connection.execute(
            sa.select(cases.c.id)
            .join(debtors, debtors.c.id == cases.c.debtor_id)
            .where(debtors.c.siren == siren, cases.c.phase != "closed")
            .order_by(cases.c.id)
        )
        return [row.id for row in rows]

    def add_collective(self, record: CollectiveRecord, now: str) -> bool:
        """Store a match; False when this announcement was already matched to the case."""
        exists = self.connection.execute(
            sa.select(collective_proceedings.c.id).where(
                collective_proceedings.c.case_id == record.case_id,
                collective_proceedings.c.announcement_id == record.announcement_id,
            )
        ).first()
        if exists is not None:
            return False
        self.connection.execute(
            collective_proceedings.insert().values(
                case_id=record.case_id,
                siren=record.siren,
                announcement_id=record.announcement_id,
                judgment_kind=record.judgment_kind,
                judgment_on=record.judgment_on,
                published_on=record.published_on,
                court=record.court,
                mandatary=record.mandatary,
                declaration_due_on=record.declaration_due_on,
                relief_due_on=record.relief_due_on,
                imported_at=now,
            )
        )
        return True

    def collective_for(self, case_id: int) -> list[CollectiveRecord]:
        rows = self.connection.execute(
            sa.select(collective_proceedings)
            .where(collective_proceedings.c.case_id == case_id)
            .order_by(collective_proceedings.c.published_on, collective_proceedings.c.id)
        )
        return [
            CollectiveRecord(
                r.id,
                r.case_id,
                r.siren,
                r.announcement_id,
                r.judgment_kind,
                r.judgment_on,
                r.published_on,
                r.court,
                r.mandatary,
                r.declaration_due_on,
                r.relief_due_on,
            )
            for r in rows
        ]

    # --- the daily run's outbox ----------------------------------------------------------

    def stop_planning(self, case_id: int) -> None:
        """No next date for the daily run (the scenario stays, so the case is not « never
        planned »): used when a liquidation ends the amicable road for good."""
        self.connection.execute(
            cases.update().where(cases.c.id == case_id).values(next_action_on=None)
        )

    def sent_documents(self, case_id: int) -> list[SentRecord]:
        """Reminders and formal notices sent for the case, with the registered-mail proof."""
        mail = registered_mail_items
        columns = [
            actions.c.id,
            actions.c.kind,
            actions.c.channel,
            actions.c.due_on,
            actions.c.sent_at,
            actions.c.content_sha256,
            actions.c.provider_ref,
        ]
        query = sa.select(
            *columns, mail.c.tracking_number, mail.c.presented_on, mail.c.delivered_on
        ).select_from(actions.outerjoin(mail, mail.c.action_id == actions.c.id))
        rows = self.connection.execute(
            query.where(actions.c.case_id == case_id, actions.c.status == "sent").order_by(
                actions.c.id
            )
        )
        out: list[SentRecord] = []
        for row in rows:
            m = row._mapping
            sent_on = date.fromisoformat(str(m["sent_at"])[:10]) if m["sent_at"] else m["due_on"]
            received = m.get("delivered_on") or m.get("presented_on")
            out.append(
                SentRecord(
                    step_kind=m["kind"],
                    channel=m["channel"],
                    sent_on=sent_on,
                    sha256=m["content_sha256"],
                    tracking=m.get("tracking_number") or m["provider_ref"],
                    received_on=received,
                    action_id=m["id"],
                )
            )
        return out

    def call_records(self, case_id: int) -> list[CallRecord]:
        """The calls recorded for the case, oldest first."""
        c = call_outcomes.c
        rows = self.connection.execute(
            sa.select(
                c.occurred_on, c.outcome, c.promised_cents, c.promised_by, c.reason, c.actor
            )
            .where(c.case_id == case_id)
            .order_by(c.occurred_on, c.id)
        )
        return [
            CallRecord(
                r.occurred_on,
                r.outcome,
                None if r.promised_cents is None else from_cents(r.promised_cents),
                r.promised_by,
                r.reason,
                r.actor,
            )
            for r in rows
        ]

    def cancel_pending_actions(self, case_id: int, reason: str, now: str) -> list[PendingAction]:
        """Cancel the case's actions not sent yet; returns them."""
        rows = self.connection.execute(
            sa.select(actions.c.id, actions.c.step_id, actions.c.status).where(
                actions.c.case_id == case_id, actions.c.status.in_(PENDING_STATUSES)
            )
        ).all()
        if rows:
            self.connection.execute(
                actions.update()
                .where(actions.c.id.in_([r.id for r in rows]))
                .values(status="cancelled", reason=reason, updated_at=now)
            )
        return [PendingAction(r.id, r.step_id, r.status) for r in rows]
