"""What a document claims when the creditor leaves penalties and the 40 € for a later step.

The daily run decides, when it plans a step, whether that step claims the late-payment
penalties (C. com. L441-10 II) and the fixed indemnity (D441-5) by the creditor's
``fees_from`` (``scenarios.fees``), and writes ``"fees_claimed": false`` in the payload when it
does not (what a person approves in review is what goes out). The sender then:

* does not ask the legal engine for a statement (nothing but the principal is claimed, so a
  rate missing from the tables holds nothing back);
* claims the principal of the invoices past due only (those not yet due and the time-barred
  ones stay out, as ``documents.letter_context`` left them), with no interest, indemnity or
  other accessory, and marks the context so that the letters say it
  (``letters.fees_clause``) and the mentions checker holds them to it.

A consumer owes neither (L441-10 binds professionals): their documents are left as they are.
"""

from __future__ import annotations

from dataclasses import replace

from recouvre.letters.view_model import LetterContext, Totals
from recouvre.services.outbox.model import OutboxAction


def fees_claimed(action: OutboxAction) -> bool:
    """Whether the action's document claims penalties and the fixed indemnity (the default:
    an action planned before the setting existed, or by another use case, claims them)."""
    return action.payload.get("fees_claimed") is not False


def as_claimed(action: OutboxAction, ctx: LetterContext) -> LetterContext:
    """``ctx`` claiming the principal only when the action says so and the debtor is a
    professional; unchanged otherwise."""
    if fees_claimed(action) or not ctx.debtor_is_professional:
        return ctx
    return replace(
        ctx, totals=Totals(principal=ctx.totals.principal), statement=(), fees_claimed=False
    )
