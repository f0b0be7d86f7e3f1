"""The sender: drains the outbox so that a debtor never receives the same message twice and no
due message is forgotten (docs/outbox.md).

For each action, in this order:

1. **claim**: the row goes ``queued -> sending`` in a short committed unit of work (PostgreSQL:
   ``FOR UPDATE SKIP LOCKED``, so concurrent senders never take the same row);
2. **build** the document from the payload (``services.outbox.documents``) and run the mentions
   checker: a document missing a mention is not sent, the action fails with the French list of
   what is missing (journaled on the case, so ``case show`` says why); an action for a
   debtor who asked not to be contacted, or on a channel the debtor refused (``debtor set``),
   fails the same way: a last line of defence behind the guard;
3. **render** the PDF (letters, email attachment) with the creditor's appearance
   (``CaseFacts.appearance``: window side, colour, logo, signature, template), or the
   channel's default when the creditor has no settings;
4. **call the channel** with the idempotency key: the email's Message-ID is derived from it,
   the SMS provider receives it as ``Idempotency-Key``, a letter is filed under its action in
   the day's letter tray (the print batch);
5. **keep** an email exactly as sent (``MailArchive``: the RFC 5322 bytes handed to the SMTP
   server, in the data folder), then **mark sent** with the provider's reference, the digests
   and the archive's path, journaled with the document's SHA-256; on a refusal, **mark
   failed** with the reason. Before 2, the hours rule is checked again at this instant
   (``services.outbox.send_window``): outside the window or the caps, the action goes back to
   the queue with its next moment (``contact_deferred``).

A crash between 1 and 5 leaves the row in ``sending``. The next run resolves such rows whose
sender is gone from the provider where it can: the letter tray knows whether the letter was
filed, an idempotent SMS provider can be asked by key; an SMTP server cannot be asked, so the
email is **quarantined** for a person (``recouvre outbox resolve``), never resent blindly.

``crash`` is a test hook: it is called with the name of each point of the sequence
(``before_claim``, ``after_claim``, ``after_provider``, ``after_mark_sent``) and does nothing in
production wiring.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Protocol, assert_never
from zoneinfo import ZoneInfo

from recouvre.compliance.guard import Outcome, Verdict
from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.errors import DomainError
from recouvre.domain.parties import Channel, SenderIdentity
from recouvre.law.parameters import MissingLegalData
from recouvre.letters.channels import (
    Appearance,
    LetterRenderer,
    Mailer,
    OutgoingEmail,
    OutgoingSms,
    PermanentFailure,
    SmsGateway,
    SmsReceipt,
    TransientFailure,
)
from recouvre.letters.content import build
from recouvre.letters.document import Document
from recouvre.letters.mentions import check
from recouvre.letters.sms import sms_text
from recouvre.services.outbox.claim_statement import ClaimStatement
from recouvre.services.outbox.claimed_amounts import as_claimed, fees_claimed
from recouvre.services.outbox.documents import (
    PayloadError,
    document_kind,
    left_out_on,
    letter_context,
)
from recouvre.services.outbox.identities import NoSenderIdentity, email_identity, sms_sender
from recouvre.services.outbox.model import (
    SENDABLE,
    CaseFacts,
    Delivery,
    OutboxAction,
    OutboxStore,
    SendReport,
)
from recouvre.services.outbox.recipients import Refused as _Refused
from recouvre.services.outbox.recipients import check_contact_allowed as _check_contact_allowed
from recouvre.services.outbox.recipients import email_of as _email_of
from recouvre.services.outbox.recipients import phone_of as _phone_of
from recouvre.services.outbox.send_window import verdict_at_send
from recouvre.services.ports import Clock

_PARIS = ZoneInfo("Europe/Paris")  # not_before is Paris local time
_log = logging.getLogger(__name__)  # events for RECOUVRE_LOG_FORMAT=json
CRASH_POINTS = ("before_claim", "after_claim", "after_provider", "after_mark_sent")


@dataclass(frozen=True, slots=True)
class FiledLetter:
    provider_ref: str
    sha256: str
    on: date  # the day's print batch it went into


@dataclass(frozen=True, slots=True)
class PrintedBatch:
    path: str
    letters: int
    registered: int


class LetterTray(Protocol):
    """The day's paper letters: filed one by one, merged into the print batch at the end."""

    def file(self, on: date, action: OutboxAction, pdf: bytes, recipient: str) -> FiledLetter:
        """Store the letter of ``action`` in the tray of ``on`` (idempotent per action)."""
        ...

    def find(self, action: OutboxAction) -> FiledLetter | None:
        """The letter already filed for ``action``, on any day."""
        ...

    def assemble(self, on: date) -> PrintedBatch | None:
        """Merge the tray of ``on`` behind a cover sheet; ``None`` when it is empty."""
        ...


class MailArchive(Protocol):
    """The emails as sent, byte for byte (evidence: the journal keeps their SHA-256)."""

    def keep(self, on: date, action: OutboxAction, data: bytes) -> str:
        """Store the exact bytes sent for ``action``; the archive's path, as the journal
        names it."""
        ...


# (document, idempotency key, the writing party's identity, recipients, PDF) -> the email
ComposeEmail = Callable[[Document, str, SenderIdentity, tuple[str, ...], bytes], OutgoingEmail]
SmsLookup = Callable[[str], SmsReceipt | None]


@dataclass(frozen=True)
class Channels:
    """The ports the sender leaves through, wired by ``bootstrap``. A channel left ``None``
    (no SMTP server configured...) fails its actions with a French reason."""

    renderer: LetterRenderer
    tray: LetterTray
    indemnity: Callable[[date], Decimal]  # the D441-5 amount in force (legal tables)
    # The statement a letter claims (case id, date, invoices left out), from the legal engine.
    statement: Callable[[int, date, frozenset[str]], ClaimStatement] | None = None
    mailer: Mailer | None = None
    compose_email: ComposeEmail | None = None
    mail_from: str = ""  # RECOUVRE_MAIL_FROM: for a single-party install only (identities)
    sms: SmsGateway | None = None
    sms_lookup: SmsLookup | None = None  # an idempotent provider that can be asked by key
    appearance: Appearance = field(default_factory=Appearance)
    archive: MailArchive | None = None  # every email sent is kept there as sent


class Sender:
    def __init__(
        self,
        store: OutboxStore,
        channels: Channels,
        clock: Clock,
        worker: str,
        *,
        crash: Callable[[str], None] = lambda _point: None,
        policy: ContactPolicy | None = None,
        portal_link: Callable[[str, date], str] | None = None,
    ) -> None:
        self.portal_link = portal_link  # the debtor portal's link (``bootstrap.portal``)
        self.store = store
        self.channels = channels
        self.clock = clock
        self.worker = worker
        self.crash = crash
        self.policy = policy or ContactPolicy()

    # --- the run ----------------------------------------------------------------------------

    def send(
        self,
        on: date,
        channels: Sequence[Channel] = SENDABLE,
        limit: int | None = None,
        *,
        assemble: bool = True,
        run_id: int | None = None,
    ) -> SendReport:
        """Resolve what earlier runs left unknown, then send what is due on ``on``; each
        action's outcome is a log event naming ``run_id`` (``_logged``)."""
        wanted = [c for c in channels if c in SENDABLE]
        report = SendReport()
        self.recover(on, wanted, report)
        open_channels = list(wanted)
        done = 0
        while open_channels and (limit is None or done < limit):
            self.crash("before_claim")
            now_local = self.clock.now().astimezone(_PARIS).replace(tzinfo=None)
            claimed = self.store.claim(
                self.worker, on, now_local.isoformat(timespec="seconds"), open_channels, 1
            )
            if not claimed:
                break
            self.crash("after_claim")
            for action in claimed:
                done += 1
                outcome = self._process(action, on, report)
                _logged(action, outcome, run_id, self.worker)
                if outcome == "requeued":
                    # The channel is down: its other actions wait for the next run.
                    open_channels = [c for c in open_channels if c is not action.channel]
        if assemble and any(c in wanted for c in _PAPER):
            batch = self.channels.tray.assemble(on)
            if batch is not None:
                report.print_batch = Path(batch.path)
                report.print_letters = batch.letters
                report.print_registered = batch.registered
        return report

    def _process(self, action: OutboxAction, on: date, report: SendReport) -> str:
        try:
            verdict = self._at_send(action)
            if verdict.outcome is Outcome.DEFERRED and verdict.next_allowed is not None:
                reasons = [r.message for r in verdict.reasons]
                self.store.defer(action, self.worker, on, verdict.next_allowed, reasons)
                report.deferred += 1
                return "deferred"
            call = self._prepare(action, on)
        except MissingLegalData as unknown:  # a person decides (issue 11): never a silent zero
            return self._held(action, on, f"en revue : {unknown}", report)
        except Exception as refused:  # nothing was handed to a provider: the action fails
            reason = str(refused) or type(refused).__name__
            if not isinstance(refused, (_Refused, PayloadError, DomainError, NoSenderIdentity)):
                reason = f"document impossible à préparer : {reason}"
            return self._failed(action, on, reason, report)
        try:
            delivery = call()
        except PermanentFailure as refused:
            return self._failed(action, on, str(refused), report)
        except TransientFailure as transient:
            return self._transient(action, on, transient, report)
        except Exception as unknown:  # the provider may or may not have taken it
            reason = f"issue inconnue ({type(unknown).__name__} : {unknown})"
            self.store.mark_quarantined(action, self.worker, on, reason)
            report.quarantined += 1
            return "quarantined"
        self.crash("after_provider")
        self.store.mark_sent(action, self.worker, on, delivery)
        self.crash("after_mark_sent")
        report.sent += 1
        report.by_channel[action.channel.value] = report.by_channel.get(action.channel.value, 0) + 1
        return "sent"

    def _at_send(self, action: OutboxAction) -> Verdict:
        """The hours rule at this instant (``send_window``): the window, the debtor's holidays
        and the caps over what was already sent to the debtor."""
        facts = self.store.facts(action.case_id)
        debtor_id = facts.debtor.id
        sent = self.store.sent_contacts(debtor_id) if debtor_id is not None else []
        return verdict_at_send(action, facts, sent, self.policy, self.clock.now())

    def _failed(self, action: OutboxAction, on: date, reason: str, report: SendReport) -> str:
        self.store.mark_failed(action, self.worker, on, reason)
        report.failed += 1
        report.failures.append((action.id, reason))
        return "failed"

    def _held(self, action: OutboxAction, on: date, reason: str, report: SendReport) -> str:
        self.store.hold_for_review(action, self.worker, on, reason)
        report.held += 1
        report.held_reasons.append((action.id, reason))
        return "held"

    def _transient(
        self, action: OutboxAction, on: date, error: TransientFailure, report: SendReport
    ) -> str:
        """Nothing left when the connection was refused outright, or when the provider
        deduplicates by key (SMS) or the letter was not filed: requeue. An email whose
        transfer broke off may have been delivered: quarantine."""
        nothing_left = isinstance(error.__cause__, ConnectionRefusedError)
        if action.channel is Channel.EMAIL and not nothing_left:
            reason = f"issue inconnue ({error}) : vérifier auprès du serveur SMTP avant de renvoyer"
            self.store.mark_quarantined(action, self.worker, on, reason)
            report.quarantined += 1
            return "quarantined"
        self.store.requeue(action, self.worker, on, f"nouvel essai au prochain envoi : {error}")
        report.requeued += 1
        return "requeued"

    # --- building and delivering ------------------------------------------------------------

    def document(self, action: OutboxAction, on: date) -> tuple[Document, CaseFacts]:
        """The document ``action`` sends on ``on``, checked; raises ``_Refused`` with the
        French reasons when a mention is missing."""
        kind = document_kind(action)
        if kind is None:
            raise _Refused(f"l'étape « {action.kind} » n'envoie aucun document")
        facts = self.store.facts(action.case_id)
        computed = self._statement(action, facts, on) if fees_claimed(action) else None
        ctx = letter_context(action, facts, on, self.channels.indemnity(on), computed=computed)
        ctx = as_claimed(action, ctx)  # the creditor's courtesy: the principal only
        if self.portal_link is not None:
            link = self.portal_link(facts.reference, on)
            ctx = replace(ctx, payment=replace(ctx.payment, portal_url=link))
        document = build(kind, ctx)
        verdict = check(document, ctx)
        if not verdict.ok:
            raise _Refused("document refusé : " + " ; ".join(verdict.reasons()))
        return document, facts

    def _statement(self, action: OutboxAction, facts: CaseFacts, on: date) -> ClaimStatement | None:
        """The interest, penalties and indemnities the letter claims on ``on``, computed by the
        legal engine when the run's payload did not state them (a rate missing for part of the
        period refuses the document with that reason: never « 0,00 € »)."""
        source = self.channels.statement
        if source is None or "totals" in action.payload:
            return None
        return source(action.case_id, on, left_out_on(action, facts, on))

    def _prepare(self, action: OutboxAction, on: date) -> Callable[[], Delivery]:
        """Build, check and render; return the provider call (nothing sent yet)."""
        document, facts = self.document(action, on)
        _check_contact_allowed(action, facts)
        ch = self.channels
        key = action.idempotency_key
        # The creditor's own look (window side, colour, logo, signature, template), else ours.
        appearance = facts.appearance or ch.appearance
        match action.channel:
            case Channel.EMAIL:
                to = _email_of(action, facts)
                mailer, compose = ch.mailer, ch.compose_email
                if mailer is None or compose is None:
                    raise _Refused("aucun serveur SMTP configuré (RECOUVRE_SMTP_HOST)")
                identity = email_identity(facts, ch.mail_from)  # the writing party's own
                pdf = ch.renderer.render(document, appearance)
                message = compose(document, key, identity, (to,), pdf)

                def send_email() -> Delivery:
                    sent = mailer.send(message)
                    if sent.refused:
                        raise PermanentFailure("destinataire refusé : " + ", ".join(sent.refused))
                    details: dict[str, object] = {"to": to}
                    if ch.archive is not None and sent.data:  # kept before it is marked sent
                        details["archive"] = ch.archive.keep(on, action, sent.data)
                    return Delivery(sent.message_id, sent.sha256, _sha(pdf), details)

                return send_email
            case Channel.SMS:
                phone = _phone_of(action, facts)
                gateway = ch.sms
                if gateway is None:
                    raise _Refused("aucun fournisseur SMS configuré (RECOUVRE_SMS_URL)")
                text = sms_text(document)
                sender_id = sms_sender(facts)

                def send_sms() -> Delivery:
                    receipt = gateway.send(OutgoingSms(key, phone, text, sender_id))
                    digest = _sha(text.encode())
                    details = {"to": phone, "segments": receipt.segments}
                    return Delivery(receipt.provider_id, digest, digest, details)

                return send_sms
            case Channel.LETTER | Channel.REGISTERED_LETTER:
                if not document.recipient.address_lines:
                    raise _Refused("adresse postale du débiteur inconnue")
                pdf = ch.renderer.render(document, appearance)
                recipient = document.recipient.name
                return lambda: _filed(ch.tray.file(on, action, pdf, recipient))
            case Channel.PHONE | Channel.INTERNAL:
                raise _Refused(f"le canal « {action.channel.value} » ne s'envoie pas")
            case _:
                assert_never(action.channel)

    # --- after a crash ----------------------------------------------------------------------

    def recover(self, on: date, channels: Sequence[Channel], report: SendReport) -> None:
        """Settle the rows a dead sender left in ``sending``, never by resending blindly."""
        for action in self.store.abandoned(channels, self.worker):
            match action.channel:
                case Channel.LETTER | Channel.REGISTERED_LETTER:
                    filed = self.channels.tray.find(action)
                    if filed is None:
                        self.store.requeue(
                            action, self.worker, on, "interrompu avant le classement du courrier"
                        )
                        report.requeued += 1
                        continue
                    self.store.mark_sent(action, self.worker, on, _filed(filed))
                    report.resolved += 1
                case Channel.SMS if self.channels.sms_lookup is not None:
                    receipt = self.channels.sms_lookup(action.idempotency_key)
                    if receipt is None:
                        self.store.requeue(
                            action, self.worker, on, "le fournisseur SMS ne connaît pas ce message"
                        )
                        report.requeued += 1
                        continue
                    ref = Delivery(receipt.provider_id, "", "", {"segments": receipt.segments})
                    self.store.mark_sent(action, self.worker, on, ref)
                    report.resolved += 1
                case _:
                    self.store.mark_quarantined(
                        action,
                        self.worker,
                        on,
                        "envoi interrompu, issue inconnue : vérifier auprès du fournisseur "
                        f"(clé {action.idempotency_key}) puis « recouvre outbox resolve "
                        f"{action.id} --sent|--resend »",
                    )
                    report.quarantined += 1


_PAPER = (Channel.LETTER, Channel.REGISTERED_LETTER)


def _logged(action: OutboxAction, outcome: str, run_id: int | None, worker: str) -> None:
    """The sending's log event: ids, step, channel and outcome, never the reason (a refusal
    may quote an address)."""
    fields = {
        "run_id": run_id, "action_id": action.id, "case_id": action.case_id,
        "case_reference": action.payload.get("case_reference"), "step_id": action.step_id,
        "channel": action.channel.value, "status": outcome, "worker": worker,
    }  # fmt: skip
    level = logging.INFO if outcome in ("sent", "deferred") else logging.WARNING
    _log.log(level, f"action_{outcome}", extra={"fields": fields})


def _filed(filed: FiledLetter) -> Delivery:
    details = {"batch_on": filed.on.isoformat()}
    return Delivery(filed.provider_ref, filed.sha256, filed.sha256, details)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
