"""Delivery status notifications (RFC 3464) dropped in a folder: the bounced addresses."""

from __future__ import annotations

import hashlib
from pathlib import Path

from recouvre.adapters.files.bounce_folder import read_bounce_folder
from recouvre.adapters.mail.bounces import parse_dsn

POSTFIX_DSN = """\
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
To: relances@menuiseries-durand.fr
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
 boundary="B1"

--B1
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not be delivered.

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: Tue,  3 Nov 2026 09:30:01 +0100 (CET)

Final-Recipient: rfc822; Emile@Boulangerie-Menard.fr
Original-Recipient: rfc822;emile@boulangerie-menard.fr
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <emile@boulangerie-menard.fr>:
    Recipient address rejected: User unknown

Final-Recipient: rfc822; compta@boulangerie-menard.fr
Action: delayed
Status: 4.4.1
Diagnostic-Code: smtp; 451 4.4.1 try again later

--B1
Content-Type: text/rfc822-headers

From: Menuiseries Durand <relances@menuiseries-durand.fr>
Subject: Relance
Message-ID: <case-17.step-2.attempt-1.b309ecea3de7@relances.menuiseries-durand.fr>

--B1--
"""

RFC822_DSN = """\
From: postmaster@example.org
To: relances@menuiseries-durand.fr
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type="delivery-status"; boundary="X"

--X
Content-Type: text/plain

Delivery failed.

--X
Content-Type: message/delivery-status

Reporting-MTA: dns; example.org

Final-Recipient: rfc822; julie.ferrand@example.org
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 mailbox full

--X
Content-Type: message/rfc822

From: relances@menuiseries-durand.fr
To: julie.ferrand@example.org
Message-ID: <case-9.step-1.attempt-1.0a1b2c3d4e5f@relances.menuiseries-durand.fr>
Subject: Relance

Bonjour
--X--
"""

NOT_A_DSN = """\
From: emile@boulangerie-menard.fr
To: relances@menuiseries-durand.fr
Subject: Re: Relance
Content-Type: text/plain

J'ai payé hier.
"""


def test_folder_of_notifications(tmp_path: Path) -> None:
    (tmp_path / "001.eml").write_text(POSTFIX_DSN.replace("\n", "\r\n"))
    (tmp_path / "002.eml").write_text(RFC822_DSN)
    (tmp_path / "003.eml").write_text(NOT_A_DSN)
    (tmp_path / "notes.txt").write_text("ignored")

    notices, skipped = read_bounce_folder(tmp_path)

    assert skipped == ["003.eml"]
    assert {n.address.lower() for n in notices if n.permanent} == {
        "emile@boulangerie-menard.fr",
        "julie.ferrand@example.org",
    }
    by_recipient = {n.address.lower(): n for n in notices}
    assert set(by_recipient) == {
        "emile@boulangerie-menard.fr",
        "compta@boulangerie-menard.fr",
        "julie.ferrand@example.org",
    }
    emile = by_recipient["emile@boulangerie-menard.fr"]
    assert (emile.status, emile.permanent) == ("5.1.1", True)
    assert "User unknown" in emile.diagnostic
    assert emile.message_id == (
        "<case-17.step-2.attempt-1.b309ecea3de7@relances.menuiseries-durand.fr>"
    )
    raw = (tmp_path / "001.eml").read_bytes()
    assert (emile.file_name, emile.file_sha256) == ("001.eml", hashlib.sha256(raw).hexdigest())
    delayed = by_recipient["compta@boulangerie-menard.fr"]
    assert not delayed.permanent  # a delay is not a bounce
    julie = by_recipient["julie.ferrand@example.org"]
    assert julie.message_id == (
        "<case-9.step-1.attempt-1.0a1b2c3d4e5f@relances.menuiseries-durand.fr>"
    )
    assert julie.file_name == "002.eml"


def test_the_action_of_each_recipient(tmp_path: Path) -> None:
    path = tmp_path / "001.eml"
    bounces = {b.recipient.lower(): b for b in parse_dsn(POSTFIX_DSN.encode(), path)}
    emile = bounces["emile@boulangerie-menard.fr"]
    assert (emile.action, emile.status, emile.permanent, emile.source) == (
        "failed",
        "5.1.1",
        True,
        path,
    )
    assert bounces["compta@boulangerie-menard.fr"].action == "delayed"
    assert parse_dsn(NOT_A_DSN.encode(), path) == []


def test_empty_folder(tmp_path: Path) -> None:
    assert read_bounce_folder(tmp_path) == ([], [])
