"""A loopback SMS provider: keeps what it is given, in memory, and honours idempotency keys.

It behaves like a real provider in what matters to the outbox: a message is accepted once per
idempotency key (a retry with the same key returns the first receipt and sends nothing new),
segments are counted the same way, and a number can be set to fail permanently. Used in tests
and in the demo; never in production wiring.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from recouvre.letters.channels import OutgoingSms, PermanentFailure, SmsReceipt
from recouvre.letters.sms import count_segments


@dataclass(slots=True)
class LoopbackSmsGateway:
    sent: list[OutgoingSms] = field(default_factory=list)
    failing_numbers: set[str] = field(default_factory=set)
    max_segments: int = 3
    _receipts: dict[str, SmsReceipt] = field(default_factory=dict)

    def send(self, message: OutgoingSms) -> SmsReceipt:
        known = self._receipts.get(message.idempotency_key)
        if known is not None:
            return known
        if message.to in self.failing_numbers:
            raise PermanentFailure(f"numéro refusé par l'opérateur : {message.to}")
        segments = count_segments(message.text)
        if segments.segments > self.max_segments:
            raise PermanentFailure(
                f"SMS trop long : {segments.segments} segments (maximum {self.max_segments})"
            )
        receipt = SmsReceipt(
            provider_id=f"loopback-{len(self.sent) + 1}",
            segments=segments.segments,
            encoding=segments.encoding,
        )
        self.sent.append(message)
        self._receipts[message.idempotency_key] = receipt
        return receipt

    def lookup(self, idempotency_key: str) -> SmsReceipt | None:
        """The receipt of a message accepted under ``idempotency_key``, if any: what the outbox
        asks after a crash left the outcome of an attempt unknown."""
        return self._receipts.get(idempotency_key)
