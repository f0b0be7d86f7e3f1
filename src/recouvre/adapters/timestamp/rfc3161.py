"""RFC 3161 time-stamping of the journal's anchors: the request, the authority, the token.

Why: an anchor digest kept only in the database proves nothing about *when*; one an
independent authority signed proves that the anchor, and every entry it seals, existed at the
authority's time (C. civ. 1366; a qualified authority's timestamp is presumed accurate,
eIDAS regulation art. 41). A forger who rewrites entries and recomputes every anchor after
them cannot produce the authority's signature over the new digests.

How: ``Rfc3161Timestamper.stamp`` sends a ``TimeStampReq`` (RFC 3161 §2.4.1) whose message
imprint is the anchor's digest itself (it is already the SHA-256 of the anchor's data), with a
nonce and ``certReq``, by HTTP POST (``application/timestamp-query``, RFC 3161 §3.4), and
keeps the ``TimeStampToken`` of a granted answer once ``check_token`` accepts it.
``check_token`` (also the ``TimestampChecker`` of ``journal verify``) checks that the token is
a CMS SignedData over a TSTInfo whose imprint is the digest (SHA-256), that the signed
attributes' message digest is the TSTInfo's, and that the signer's certificate (shipped in
the token, or the one pinned by ``RECOUVRE_TSA_CERT``) verifies the signature.
"""

from __future__ import annotations

import hashlib
import secrets
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from asn1crypto import cms, core, tsp, x509
from cryptography import x509 as crypto_x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from recouvre.domain.journal import AnchorTimestamp
from recouvre.services.errors import TimestampError

MAX_RESPONSE = 1 << 20  # 1 MiB: a token is a few kilobytes
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class TimeStampResponse(core.Sequence):  # type: ignore[misc]
    """``TimeStampResp`` (RFC 3161 §2.4.2), whose token is OPTIONAL: absent from a refusal
    (asn1crypto's own ``tsp.TimeStampResp`` requires it and cannot read a refusal)."""

    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("status", tsp.PKIStatusInfo),
        ("time_stamp_token", cms.ContentInfo, {"optional": True}),
    ]


def load_certificate(path: Path) -> bytes:
    """The DER of the PEM (or DER) certificate at ``path`` (``RECOUVRE_TSA_CERT``)."""
    try:
        data = path.read_bytes()
        if b"-----BEGIN" in data:
            loaded = crypto_x509.load_pem_x509_certificate(data)
        else:
            loaded = crypto_x509.load_der_x509_certificate(data)
    except (OSError, ValueError) as error:
        raise TimestampError(
            f"RECOUVRE_TSA_CERT : « {path} » n'est pas un certificat lisible ({error})"
        ) from error
    return loaded.public_bytes(serialization.Encoding.DER)


def request_for(digest: str, nonce: int) -> bytes:
    """The DER ``TimeStampReq`` over ``digest`` (hexadecimal SHA-256)."""
    request: bytes = tsp.TimeStampReq(
        {
            "version": "v1",
            "message_imprint": {
                "hash_algorithm": {"algorithm": "sha256"},
                "hashed_message": bytes.fromhex(digest),
            },
            "nonce": nonce,
            "cert_req": True,
        }
    ).dump()
    return request


class Rfc3161Timestamper:
    """The ``Timestamper`` port over HTTP(S) to one authority."""

    def __init__(self, url: str, *, timeout: float = 30.0, trusted: bytes | None = None) -> None:
        self.url = url
        self.timeout = timeout
        self.checker = TokenChecker(trusted)

    def stamp(self, anchor_seq: int, digest: str) -> AnchorTimestamp:
        nonce = secrets.randbits(63)
        answer = self._post(request_for(digest, nonce))
        try:
            response = TimeStampResponse.load(answer)
            status = response["status"]["status"].native
            token = response["time_stamp_token"]
        except (ValueError, TypeError, KeyError) as error:
            raise TimestampError(
                f"l'autorité d'horodatage {self.url} a répondu autre chose qu'une réponse "
                f"RFC 3161 ({error})"
            ) from error
        if status not in ("granted", "granted_with_mods") or token.native is None:
            said = response["status"]["status_string"].native or []
            raise TimestampError(
                f"l'autorité d'horodatage {self.url} refuse la demande ({status}"
                + (f" : {' ; '.join(said)}" if said else "")
                + ")"
            )
        stamp = AnchorTimestamp(anchor_seq, self.url, _gen_time(token.dump()), token.dump())
        reason = self.checker.check(stamp, digest, nonce=nonce)
        if reason is not None:
            raise TimestampError(f"jeton de l'autorité d'horodatage {self.url} refusé : {reason}")
        return stamp

    def _post(self, body: bytes) -> bytes:
        request = urllib.request.Request(
            self.url,
            data=body,
            headers={"Content-Type": "application/timestamp-query"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                kind = answer.headers.get_content_type()
                data: bytes = answer.read(MAX_RESPONSE + 1)
        except urllib.error.HTTPError as error:
            raise TimestampError(
                f"l'autorité d'horodatage {self.url} répond HTTP {error.code}"
            ) from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise TimestampError(
                f"autorité d'horodatage {self.url} injoignable ({reason})"
            ) from error
        if kind != "application/timestamp-reply":
            raise TimestampError(
                f"l'autorité d'horodatage {self.url} répond « {kind} », pas "
                "« application/timestamp-reply »"
            )
        if len(data) > MAX_RESPONSE:
            raise TimestampError(f"réponse de l'autorité d'horodatage {self.url} trop longue")
        return data


def _gen_time(token: bytes) -> datetime:
    moment = _tst_info(cms.ContentInfo.load(token))["gen_time"].native
    assert isinstance(moment, datetime)
    return moment.astimezone(UTC)


def _tst_info(info: Any) -> Any:
    if info["content_type"].native != "signed_data":
        raise ValueError("le jeton n'est pas une signature CMS")
    encap = info["content"]["encap_content_info"]
    if encap["content_type"].native != "tst_info":
        raise ValueError("le contenu signé n'est pas une information d'horodatage")
    return encap["content"].parsed


class TokenChecker:
    """The ``TimestampChecker`` port: a token proves a digest (``trusted``: the DER of the
    only authority certificate accepted, ``RECOUVRE_TSA_CERT``; else the token's own)."""

    def __init__(self, trusted: bytes | None = None) -> None:
        self.trusted = trusted

    def check(self, stamp: AnchorTimestamp, digest: str, nonce: int | None = None) -> str | None:
        try:
            info = cms.ContentInfo.load(stamp.token)
            tst = _tst_info(info)
            imprint = tst["message_imprint"]
            if imprint["hash_algorithm"]["algorithm"].native != "sha256":
                return "empreinte horodatée d'un autre algorithme que SHA-256"
            if imprint["hashed_message"].native != bytes.fromhex(digest):
                return "l'empreinte horodatée n'est pas celle de l'ancre (ancre réécrite ?)"
            if nonce is not None and tst["nonce"].native != nonce:
                return "le jeton ne répond pas à cette demande (nonce différent)"
            return self._signature(info["content"], encap_bytes(info))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            return f"jeton illisible ({error})"

    def _signature(self, signed: Any, content: bytes) -> str | None:
        signer = signed["signer_infos"][0]
        algorithm = signer["digest_algorithm"]["algorithm"].native
        if algorithm not in _HASHES:
            return f"algorithme de condensé {algorithm} non pris en charge"
        attributes = signer["signed_attrs"]
        digests = [
            a["values"][0].native for a in attributes if a["type"].native == "message_digest"
        ]
        if digests != [hashlib.new(algorithm, content).digest()]:
            return "le contenu horodaté ne correspond pas à ce que l'autorité a signé"
        certificate = _signer_certificate(signed, signer)
        if certificate is None:
            return "le certificat de l'autorité manque au jeton"
        if self.trusted is not None and certificate.dump() != self.trusted:
            return "signé par une autre autorité que celle de RECOUVRE_TSA_CERT"
        key = crypto_x509.load_der_x509_certificate(certificate.dump()).public_key()
        data, signature = attributes.untag().dump(), signer["signature"].native
        chosen = _HASHES[algorithm]()
        try:
            if isinstance(key, rsa.RSAPublicKey):
                key.verify(signature, data, padding.PKCS1v15(), chosen)
            elif isinstance(key, ec.EllipticCurvePublicKey):
                key.verify(signature, data, ec.ECDSA(chosen))
            else:
                return "clé de l'autorité d'un type non pris en charge"
        except InvalidSignature:
            return "la signature de l'autorité d'horodatage ne correspond pas"
        return None


def encap_bytes(info: Any) -> bytes:
    """The DER of the TSTInfo as signed (the encapsulated content's octets)."""
    content: bytes = info["content"]["encap_content_info"]["content"].contents
    return content


def _signer_certificate(signed: Any, signer: Any) -> x509.Certificate | None:
    sid = signer["sid"]
    for choice in signed["certificates"] or []:
        certificate = choice.chosen
        if not isinstance(certificate, x509.Certificate):
            continue
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                certificate.issuer == wanted["issuer"]
                and certificate.serial_number == wanted["serial_number"].native
            ):
                return certificate
        elif certificate.key_identifier == sid.chosen.native:
            return certificate
    return None
