"""``SmsGateway`` for a generic JSON SMS API over HTTPS (urllib, no extra dependency).

Request: ``POST {url}`` with ``{"to": "+336...", "text": "...", "from": "SENDER"}``, headers
``Authorization: Bearer <token>`` and ``Idempotency-Key: <outbox key>`` (providers that honour it
never send twice; for the others the key is still logged on their side and lets a person check).
Response: JSON with the provider's message id under ``id_field`` (default ``id``).

Segments are counted before sending (GSM-7 or UCS-2, ``letters.sms``) and a message above
``max_segments`` is refused here, not billed there. HTTP 4xx is permanent except 408 and 429;
5xx and network errors are transient.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from recouvre.letters.channels import OutgoingSms, PermanentFailure, SmsReceipt, TransientFailure
from recouvre.letters.sms import count_segments

_RETRYABLE = frozenset({408, 425, 429})


@dataclass(frozen=True, slots=True)
class HttpSmsConfig:
    url: str
    token: str = field(repr=False)
    sender_id: str = ""
    id_field: str = "id"
    timeout: float = 15.0
    max_segments: int = 3


class JsonHttpSmsGateway:
    def __init__(self, config: HttpSmsConfig) -> None:
        self._config = config

    def send(self, message: OutgoingSms) -> SmsReceipt:
        cfg = self._config
        segments = count_segments(message.text)
        if segments.segments == 0:
            raise PermanentFailure("SMS vide")
        if segments.segments > cfg.max_segments:
            raise PermanentFailure(
                f"SMS trop long : {segments.segments} segments {segments.encoding.value} "
                f"(maximum {cfg.max_segments})"
            )
        body = json.dumps(
            {"to": message.to, "text": message.text, "from": message.sender_id or cfg.sender_id},
            ensure_ascii=False,
        ).encode()
        request = urllib.request.Request(
            cfg.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {cfg.token}",
                "Idempotency-Key": message.idempotency_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=cfg.timeout) as response:
                payload = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:200].decode(errors="replace")
            failure = (
                TransientFailure if exc.code >= 500 or exc.code in _RETRYABLE else PermanentFailure
            )
            raise failure(f"fournisseur SMS : HTTP {exc.code} {detail}".strip()) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise TransientFailure(f"fournisseur SMS injoignable : {exc}") from exc
        except json.JSONDecodeError as exc:
            raise TransientFailure("réponse du fournisseur SMS illisible") from exc
        provider_id = payload.get(cfg.id_field) if isinstance(payload, dict) else None
        if not provider_id:
            raise TransientFailure(f"réponse du fournisseur SMS sans « {cfg.id_field} »")
        return SmsReceipt(str(provider_id), segments.segments, segments.encoding)
