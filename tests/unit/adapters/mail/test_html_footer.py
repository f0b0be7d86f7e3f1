"""The HTML part of an email keeps the footer's lines apart (an agency's identity and its
R124-2 guarantee lines), escaped one by one, as the text part does."""

from __future__ import annotations

from html import escape

from recouvre.adapters.mail.compose import html_body, text_body
from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind
from recouvre.letters.samples import sample_context


def test_each_footer_line_is_its_own_line_in_html() -> None:
    kind = DocumentKind.REMINDER_EMAIL
    document = build(kind, sample_context(kind, agency=True))
    lines = document.footer.splitlines()
    assert len(lines) > 1  # the agency's identity, then its guarantees
    html = html_body(document)
    footer = html[html.rindex('<p style="color:#666') :]
    assert footer.count("<br>") == len(lines) - 1
    assert [escape(line) for line in lines] == footer[
        footer.index(">") + 1 : footer.index("</p>")
    ].split("<br>")
    assert all(line in text_body(document) for line in lines)
