"""A ``Document`` as an email: a plain-text part, an HTML part, the PDF attached.

The text part is the reference (what a screen reader or a text-only client shows); the HTML part
says the same with a table for the invoices. Every string is escaped: a debtor's name with
``<`` or ``&`` stays text. Amounts keep their no-break spaces (U+202F, U+00A0), so they do not
wrap in mail clients either.
"""

from __future__ import annotations

from html import escape

from recouvre.letters.channels import Attachment, OutgoingEmail
from recouvre.letters.document import (
    Block,
    Document,
    Heading,
    Paragraph,
    PaymentBlock,
    Quote,
    Signature,
    Table,
)


def email_from_document(
    document: Document,
    *,
    idempotency_key: str,
    sender: str,
    to: tuple[str, ...],
    pdf: bytes | None = None,
    pdf_name: str | None = None,
    reply_to: str | None = None,
    signature: str | None = None,
) -> OutgoingEmail:
    """``signature``: the sending party's closing text, after the document in both parts."""
    attachments: tuple[Attachment, ...] = ()
    if pdf is not None:
        name = pdf_name or f"{document.kind.value}-{document.reference}.pdf"
        attachments = (Attachment(name, "application/pdf", pdf),)
    return OutgoingEmail(
        idempotency_key=idempotency_key,
        sender=sender,
        to=to,
        subject=document.subject,
        text=text_body(document, signature),
        html=html_body(document, signature),
        attachments=attachments,
        reply_to=reply_to,
    )


def text_body(document: Document, signature: str | None = None) -> str:
    blocks = [_text(b) for b in document.blocks] + ([signature] if signature else [])
    return "\n\n".join(blocks) + "\n\n-- \n" + document.footer + "\n"


def _text(block: Block) -> str:
    match block:
        case Heading():
            return block.text.upper() if block.level == 1 else block.text
        case Paragraph():
            return block.text
        case Table():
            lines = [block.caption] if block.caption else []
            lines.append(" | ".join(block.header))
            lines += [" | ".join(row) for row in block.rows]
            lines += [f"{label} : {value}" for label, value in block.totals]
            return "\n".join(lines)
        case PaymentBlock():
            return "\n".join((block.title, *block.lines[1:]))
        case Quote():
            return "\n".join((block.title, *(f"« {p} »" for p in block.paragraphs)))
        case Signature():
            return "\n".join(x for x in (block.closing, block.name, block.title) if x)


def html_body(document: Document, signature: str | None = None) -> str:
    body = "\n".join(_html(b) for b in document.blocks)
    if signature:
        body += "\n<p>" + "<br>".join(escape(line) for line in signature.splitlines()) + "</p>"
    footer_lines = "<br>".join(escape(line) for line in document.footer.splitlines())
    footer = f'<p style="color:#666;font-size:12px">{footer_lines}</p>'
    return (
        f'<!doctype html><html lang="{document.language.value}"><head><meta charset="utf-8">'
        f"<title>{escape(document.subject)}</title></head>"
        '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">'
        f"{body}\n{footer}</body></html>"
    )


def _html(block: Block) -> str:
    match block:
        case Heading():
            tag = "h1" if block.level == 1 else "h2"
            return f"<{tag}>{escape(block.text)}</{tag}>"
        case Paragraph():
            text = escape(block.text)
            return f"<p><strong>{text}</strong></p>" if block.strong else f"<p>{text}</p>"
        case Table():
            return _html_table(block)
        case PaymentBlock():
            lines = "<br>".join(_linked(escape(line), block.portal_url) for line in block.lines[1:])
            return (
                '<div style="border:1px solid #16488c;border-radius:6px;padding:8px">'
                f"<strong>{escape(block.title)}</strong><br>{lines}</div>"
            )
        case Quote():
            paras = "".join(f"<p>{escape(p)}</p>" for p in block.paragraphs)
            return f"<blockquote><p><em>{escape(block.title)}</em></p>{paras}</blockquote>"
        case Signature():
            parts = [escape(x) for x in (block.closing, block.name, block.title) if x]
            return "<p>" + "<br>".join(parts) + "</p>"


def _linked(line: str, url: str) -> str:
    """The portal's line with its address as a link (``url`` is ours: a signed token)."""
    if not url or escape(url) not in line:
        return line
    return line.replace(escape(url), f'<a href="{escape(url)}">{escape(url)}</a>')


def _html_table(table: Table) -> str:
    def cell(tag: str, text: str, numeric: bool) -> str:
        style = ' style="text-align:right;white-space:nowrap"' if numeric else ""
        return f"<{tag}{style}>{escape(text)}</{tag}>"

    head = "".join(cell("th", h, n) for h, n in zip(table.header, table.numeric, strict=True))
    rows = "".join(
        "<tr>" + "".join(cell("td", c, n) for c, n in zip(r, table.numeric, strict=True)) + "</tr>"
        for r in table.rows
    )
    span = len(table.header) - 1
    totals = "".join(
        f'<tr><td colspan="{span}"><strong>{escape(label)}</strong></td>'
        f'<td style="text-align:right;white-space:nowrap"><strong>{escape(value)}</strong></td>'
        "</tr>"
        for label, value in table.totals
    )
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    return (
        '<table style="border-collapse:collapse" cellpadding="4">'
        f"{caption}<thead><tr>{head}</tr></thead><tbody>{rows}{totals}</tbody></table>"
    )
