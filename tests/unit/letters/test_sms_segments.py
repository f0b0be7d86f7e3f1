"""GSM-7 versus UCS-2: how many SMS a text costs (3GPP TS 23.038 / 23.040)."""

from __future__ import annotations

import pytest

from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind
from recouvre.letters.samples import sample_context
from recouvre.letters.sms import SmsEncoding, count_segments, is_gsm7, sms_text, to_gsm7


@pytest.mark.parametrize(
    ("length", "segments"),
    [(0, 0), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_gsm7_boundaries(length: int, segments: int) -> None:
    result = count_segments("a" * length)
    assert (result.encoding, result.units, result.segments) == (SmsEncoding.GSM7, length, segments)


@pytest.mark.parametrize(
    ("length", "segments"), [(70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)]
)
def test_ucs2_boundaries(length: int, segments: int) -> None:
    result = count_segments("ç" * length)  # lower-case ç is not in the GSM-7 alphabet
    assert (result.encoding, result.units, result.segments) == (SmsEncoding.UCS2, length, segments)


def test_extension_characters_cost_two_septets() -> None:
    assert count_segments("€" * 80).units == 160
    assert count_segments("€" * 80).segments == 1
    assert count_segments("€" * 81).segments == 2


def test_an_escape_pair_is_never_split_across_parts() -> None:
    # 152 septets then a euro sign (2 septets): it does not fit in the first 153, so it moves.
    text = "a" * 152 + "€" + "a" * 152
    result = count_segments(text)
    assert result.units == 306
    assert result.segments == 3  # 152 | 2 + 151 | 1


def test_a_surrogate_pair_is_never_split() -> None:
    text = "x" * 66 + "😀" + "ç" * 66  # 66 + 2 + 66 = 134 units
    result = count_segments(text)
    assert (result.encoding, result.units) == (SmsEncoding.UCS2, 134)
    assert result.segments == 3  # 66 | 2 + 65 | 1: the emoji moves to part two


def test_french_accents_in_gsm7_and_out() -> None:
    assert is_gsm7("échéance à régler, Réf. É")
    assert not is_gsm7("reçu")
    assert not is_gsm7("dû")


def test_typography_is_made_gsm7() -> None:
    assert to_gsm7("1\u202f234,56\u00a0€ — « réf. »") == '1 234,56 € - " réf. "'


@pytest.mark.parametrize("agency", [False, True])
def test_sample_reminder_sms_is_gsm7_in_two_parts(agency: bool) -> None:
    text = sms_text(build(DocumentKind.SMS, sample_context(DocumentKind.SMS, agency=agency)))
    result = count_segments(text)
    assert result.encoding is SmsEncoding.GSM7
    assert result.segments == 2
