"""SMS gateways: the generic JSON HTTP adapter against a real HTTP server on 127.0.0.1, and the
loopback provider's idempotency."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from recouvre.adapters.sms.http import HttpSmsConfig, JsonHttpSmsGateway
from recouvre.adapters.sms.loopback import LoopbackSmsGateway
from recouvre.letters.channels import OutgoingSms, PermanentFailure, TransientFailure
from recouvre.letters.sms import SmsEncoding


@dataclass
class Provider:
    """A fake-free SMS API: a real HTTP server that honours Idempotency-Key."""

    url: str
    requests: list[tuple[dict[str, str], dict[str, object]]] = field(default_factory=list)
    status: int = 200
    by_key: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def provider() -> Iterator[Provider]:
    state = Provider(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))
            state.requests.append((dict(self.headers), body))
            if state.status != 200:
                self.send_response(state.status)
                self.end_headers()
                self.wfile.write(b'{"error": "refused"}')
                return
            key = self.headers["Idempotency-Key"]
            msg_id = state.by_key.setdefault(key, f"msg-{len(state.by_key) + 1}")
            out = json.dumps({"id": msg_id}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1/sms"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _gateway(url: str) -> JsonHttpSmsGateway:
    return JsonHttpSmsGateway(HttpSmsConfig(url=url, token="jeton", sender_id="DURAND"))


SMS = OutgoingSms("case-17.step-3.attempt-1", "+33612345678", "Facture FA-1 : 120,00 € dus.")


def test_http_gateway_posts_json_with_idempotency_key(provider: Provider) -> None:
    receipt = _gateway(provider.url).send(SMS)
    assert receipt.provider_id == "msg-1"
    assert (receipt.segments, receipt.encoding) == (1, SmsEncoding.GSM7)
    [(headers, body)] = provider.requests
    assert body == {"to": "+33612345678", "text": SMS.text, "from": "DURAND"}
    assert headers["Idempotency-Key"] == "case-17.step-3.attempt-1"
    assert headers["Authorization"] == "Bearer jeton"


def test_http_gateway_retry_with_same_key_gets_same_provider_id(provider: Provider) -> None:
    gateway = _gateway(provider.url)
    assert gateway.send(SMS).provider_id == gateway.send(SMS).provider_id == "msg-1"


def test_http_errors_are_classified(provider: Provider) -> None:
    provider.status = 400
    with pytest.raises(PermanentFailure, match="HTTP 400"):
        _gateway(provider.url).send(SMS)
    provider.status = 503
    with pytest.raises(TransientFailure, match="HTTP 503"):
        _gateway(provider.url).send(SMS)
    provider.status = 429
    with pytest.raises(TransientFailure, match="HTTP 429"):
        _gateway(provider.url).send(SMS)


def test_too_long_is_refused_before_calling_the_provider(provider: Provider) -> None:
    long_text = "ç" * (67 * 3 + 1)  # UCS-2: four parts
    with pytest.raises(PermanentFailure, match="4 segments ucs2"):
        _gateway(provider.url).send(OutgoingSms("k", "+33612345678", long_text))
    assert provider.requests == []


def test_unreachable_provider_is_transient() -> None:
    with pytest.raises(TransientFailure, match="injoignable"):
        _gateway("http://127.0.0.1:9/v1/sms").send(SMS)


def test_loopback_sends_once_per_key() -> None:
    gateway = LoopbackSmsGateway()
    first = gateway.send(SMS)
    again = gateway.send(SMS)
    other = gateway.send(OutgoingSms("case-17.step-3.attempt-2", SMS.to, SMS.text))
    assert first == again != other
    assert [m.idempotency_key for m in gateway.sent] == [
        "case-17.step-3.attempt-1",
        "case-17.step-3.attempt-2",
    ]
    gateway.failing_numbers.add("+33700000000")
    with pytest.raises(PermanentFailure):
        gateway.send(OutgoingSms("k2", "+33700000000", "x"))
