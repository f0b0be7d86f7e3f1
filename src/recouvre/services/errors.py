"""The services' exception tree, drawn once here.

    ServiceError                 a use case refused a request or could not complete it
    ├── CaseEventError           (cases.instalments) an event does not apply to the case
    ├── InvalidChanges           (parties.creditors) the changes asked for are invalid
    ├── UnknownParty             (parties.creditors) no creditor or debtor by that key
    ├── ReviewError              (daily_run.review) a review decision on an action refused
    ├── ReviewPreviewError       (outbox.preview) no action of that number to preview
    ├── WorkerFailed             (imports.worker) a validation worker process failed
    ├── TrackingError            (outbox.registered_mail) a tracking file does not match
    ├── AcknowledgementRefused   (outbox.acknowledgements) a signed AR scan cannot be attached
    ├── PayloadError             (outbox.documents) an action's payload cannot make a document
    ├── RetryError               (outbox.retry) an action cannot be retried
    ├── CallError                (outbox.calls) a call outcome cannot be recorded
    ├── _Refused                 (outbox.recipients) one action cannot be sent
    ├── NoSenderIdentity         (outbox.identities) the writing party has no identity
    ├── JudicialError            (judicial.procedure_rules) a judicial step refused
    ├── IndividualActionStayed   (judicial.collective_stay) an act after an opening judgment
    ├── CaseNotFound             (judicial.case_file) no case by that number or reference
    ├── UnknownEventKind         (judicial.records) a procedure event name not recognised
    ├── UnknownRoute             (judicial.records) a judicial route name not recognised
    ├── UnknownInterestBasis     (judicial.records) which sums bear interest, not recognised
    ├── PaymentImportError       (payments.statements) a statement cannot be imported (an
    │                            unknown account) or a bank line not assigned
    ├── AccountError             (web_accounts.accounts) a web account cannot be created or
    │                            changed as asked
    ├── StatusImportError        (einvoicing.statuses) lifecycle statuses name unknown
    │                            invoices or amounts that do not fit
    ├── ApiTokenError            (api_tokens.tokens) an API token cannot be created or revoked
    ├── RunInProgress            (operations.runs) another daily run holds the run lock
    ├── CopyRefused              (operations.backups) a backup or restore refused
    └── TimestampError           (journal) the time-stamping authority gave no valid token

A service refusing a request raises a ``ServiceError`` even when the rule behind it is the
domain's own; the domain's refusals (``DomainError``) and the law's (``LawError``) pass
through the services unchanged. The entry points catch the three roots and print the
message, French first.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A use case refused a request; the message says why, in French."""


class ReviewPreviewError(ServiceError):
    """The action to preview does not exist."""


class PaymentImportError(ServiceError):
    """A bank statement refused whole (an account no party holds), or a decision on one of its
    lines refused; nothing was written."""


class StatusImportError(ServiceError):
    """A lifecycle status file names invoices recouvre does not know (or amounts that do not
    fit them); nothing was applied."""


class TimestampError(ServiceError):
    """The time-stamping authority (RFC 3161) could not be reached, refused, or answered with
    a token that does not cover the anchor; the anchor stays made, unstamped."""


class RunInProgress(ServiceError):
    """Another daily run holds the run lock (``services.operations.runs``); nothing was done."""


class CopyRefused(ServiceError):
    """A backup or a restore of the database refused (``services.operations.backups``): the
    target exists, the file is not a recouvre database, or the tool is missing; nothing was
    changed."""


class ApiTokenError(ServiceError):
    """An API token cannot be created (unknown or disabled user, bad name) or revoked (no live
    token of that number)."""
