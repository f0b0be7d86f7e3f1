"""A real RFC 3161 time-stamping authority on 127.0.0.1 for the tests.

It answers HTTP POSTs of ``application/timestamp-query`` with a granted
``application/timestamp-reply``: a TSTInfo over the request's imprint and nonce, signed in a
CMS SignedData (RSA, SHA-256, signed attributes) with a self-signed certificate generated at
start (extended key usage timeStamping, critical, as RFC 3161 §2.3 asks). ``refuse`` makes it
answer ``rejection``; ``tokens`` keeps what it signed.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import algos, cms, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from recouvre.adapters.timestamp.rfc3161 import TimeStampResponse


class Authority:
    """The key, certificate and behaviour of the test authority."""

    def __init__(self, name: str = "Horodatage de test") -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = datetime.now(UTC)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
            .sign(self.key, hashes.SHA256())
        )
        self.refuse = False
        self.serial = 0
        self.tokens: list[bytes] = []

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def answer(self, body: bytes) -> bytes:
        request = tsp.TimeStampReq.load(body)
        if self.refuse:
            return TimeStampResponse(
                {"status": {"status": "rejection", "status_string": ["service fermé"]}}
            ).dump()
        self.serial += 1
        info = tsp.TSTInfo(
            {
                "version": "v1",
                "policy": "1.3.6.1.4.1.99999.1",
                "message_imprint": request["message_imprint"],
                "serial_number": self.serial,
                "gen_time": datetime.now(UTC).replace(microsecond=0),
                "nonce": request["nonce"].native,
            }
        )
        token = self.sign(info.dump())
        self.tokens.append(token.dump())
        granted = {"status": {"status": "granted"}, "time_stamp_token": token}
        return tsp.TimeStampResp(granted).dump()

    def sign(self, content: bytes) -> cms.ContentInfo:
        certificate = asn1_x509.Certificate.load(
            self.certificate.public_bytes(serialization.Encoding.DER)
        )
        attributes = cms.CMSAttributes(
            [
                {"type": "content_type", "values": ["tst_info"]},
                {"type": "message_digest", "values": [hashlib.sha256(content).digest()]},
            ]
        )
        signature = self.key.sign(attributes.dump(), padding.PKCS1v15(), hashes.SHA256())
        signer = cms.SignerInfo(
            {
                "version": "v1",
                "sid": cms.SignerIdentifier(
                    name="issuer_and_serial_number",
                    value={
                        "issuer": certificate.issuer,
                        "serial_number": certificate.serial_number,
                    },
                ),
                "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "signed_attrs": attributes,
                "signature_algorithm": algos.SignedDigestAlgorithm(
                    {"algorithm": "rsassa_pkcs1v15"}
                ),
                "signature": signature,
            }
        )
        signed = cms.SignedData(
            {
                "version": "v3",
                "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
                "encap_content_info": {
                    "content_type": "tst_info",
                    "content": cms.ParsableOctetString(content),
                },
                "certificates": [certificate],
                "signer_infos": [signer],
            }
        )
        return cms.ContentInfo({"content_type": "signed_data", "content": signed})


@contextmanager
def running_authority(authority: Authority | None = None) -> Iterator[tuple[Authority, str]]:
    """The authority served on a free loopback port: (authority, its URL)."""
    tsa = authority or Authority()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get_content_type() != "application/timestamp-query":
                self.send_error(415)
                return
            reply = tsa.answer(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tsa, f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
