"""The document an action will send, rendered as the sender would render it, without sending:
what a person opens before approving an action in review (``recouvre review show``)."""

from __future__ import annotations

from datetime import date

from recouvre.services.errors import ReviewPreviewError
from recouvre.services.outbox.dispatch import Sender


def preview(sender: Sender, action_id: int, on: date) -> bytes:
    """The PDF of action ``action_id`` as dated ``on`` (its mentions checked as at sending)."""
    action = sender.store.get(action_id)
    if action is None:
        raise ReviewPreviewError(f"action {action_id} introuvable")
    document, facts = sender.document(action, on)
    appearance = facts.appearance or sender.channels.appearance
    return sender.channels.renderer.render(document, appearance)
