"""Mail for the IMAP bounce tests: delivery status notifications (RFC 3464), a reply and a read
receipt (a report that is not a DSN), as a mail server would file them."""

from __future__ import annotations

ADDRESS = "compta@schmitt.example"


def dsn(recipient: str, action: str, status: str, message_id: str = "<x@ailleurs.example>") -> str:
    return (
        "From: MAILER-DAEMON@mx.schmitt.example (Mail Delivery System)\n"
        "To: relances@durand.example\n"
        f"Subject: Undelivered Mail Returned to Sender ({status})\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"\n\n'
        "--B1\nContent-Type: text/plain; charset=us-ascii\n\nYour message could not be "
        "delivered.\n\n"
        "--B1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.schmitt.example\n\n"
        f"Final-Recipient: rfc822; {recipient}\nAction: {action}\nStatus: {status}\n"
        f"Diagnostic-Code: smtp; 550 {status} User unknown\n\n"
        "--B1\nContent-Type: text/rfc822-headers\n\n"
        f"From: Menuiserie Durand <relances@durand.example>\nMessage-ID: {message_id}\n\n"
        "--B1--\n"
    )


REPLY = "From: compta@schmitt.example\nTo: relances@durand.example\nSubject: Re: Relance\n\nPayé.\n"
READ_RECEIPT = (  # a report, but not a delivery status notification (RFC 8098)
    "From: compta@schmitt.example\nTo: relances@durand.example\nSubject: Lu : Relance\n"
    "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=disposition-notification; "
    'boundary="M"\n\n--M\nContent-Type: text/plain\n\nMessage lu.\n\n'
    "--M\nContent-Type: message/disposition-notification\n\n"
    "Final-Recipient: rfc822; compta@schmitt.example\n"
    "Disposition: manual-action/MDN-sent-manually; displayed\n\n--M--\n"
)
PROCESSED = {"\\Seen", "$RecouvreTraite"}
