"""The rate feeds' parsers on recorded answers in the official formats, and on garbage."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.adapters.rates_feed import RatesFeedError
from recouvre.adapters.rates_feed.ecb import parse_ecb
from recouvre.adapters.rates_feed.legal_rate import parse_legal_rate
from recouvre.law.parameters import Status
from support.paths import FIXTURES

FEEDS = FIXTURES / "rates_feed"
URL = "http://127.0.0.1/feed"
ECB_HEAD = (
    "KEY,FREQ,REF_AREA,CURRENCY,PROVIDER_FM,INSTRUMENT_FM,PROVIDER_FM_ID,DATA_TYPE_FM,"
    "TIME_PERIOD,OBS_VALUE\n"
)
DFR = b"FM.D.U2.EUR.4F.KR.DFR.LEV,D,U2,EUR,4F,KR,DFR,LEV,2026-06-17,2.00\n"
TIL_HEAD = b"series_key;time_period_start;obs_value\n"
ECB_KEY = "FM.D.U2.EUR.4F.KR.MRR_FR.LEV,D,U2,EUR,4F,KR,MRR_FR,LEV"


def ecb(up_to: date, name: str = "ecb-2027-01.csv") -> dict[date, Decimal]:
    rows = parse_ecb((FEEDS / name).read_bytes(), URL, date(2027, 1, 5), up_to)
    return {row.effective_from: row.value for row in rows}


def test_the_ecb_row_of_a_half_year_is_the_rate_in_force_on_its_first_day() -> None:
    rates = ecb(date(2027, 1, 5))
    # L441-10 II: the 2022-S2 rate is the one of 1 July 2022 (0.00), not of 27 July (0.50).
    assert rates[date(2022, 7, 1)] == Decimal("0.00")
    assert rates[date(2023, 1, 1)] == Decimal("2.50")
    assert rates[date(2025, 7, 1)] == Decimal("2.15")
    assert rates[date(2026, 7, 1)] == Decimal("2.40")
    # the change of 23 December 2026 is the rate in force on 1 January 2027
    assert rates[date(2027, 1, 1)] == Decimal("2.65")
    assert min(rates) == date(2012, 1, 1)


def test_no_row_for_a_half_year_whose_first_day_has_not_come() -> None:
    assert max(ecb(date(2026, 12, 31))) == date(2026, 7, 1)
    assert max(ecb(date(2027, 1, 1))) == date(2027, 1, 1)


def test_an_ecb_row_names_its_series_url_and_retrieval_day() -> None:
    content = (FEEDS / "ecb-2027-01.csv").read_bytes()
    rows = parse_ecb(content, URL, date(2027, 1, 5), date(2027, 1, 5))
    last = rows[-1]
    assert (last.key, last.until, last.status) == ("ecb_mro", date(2027, 6, 30), Status.VERIFIED)
    assert "FM.D.U2.EUR.4F.KR.MRR_FR.LEV" in last.source
    assert URL in last.source and "relevé le 05/01/2027" in last.source
    assert "depuis le 23/12/2026" in last.source


def test_the_legal_rate_gives_both_categories_of_each_half_year() -> None:
    rows = parse_legal_rate((FEEDS / "til-2027-S1.csv").read_bytes(), URL, date(2027, 1, 5))
    latest = {(r.key, r.value) for r in rows if r.effective_from == date(2027, 1, 1)}
    assert latest == {("til_particuliers", Decimal("6.91")), ("til_autres", Decimal("2.68"))}
    assert all(r.until == date(2027, 6, 30) for r in rows if r.effective_from.year == 2027)
    assert all("Webstat" in r.source and URL in r.source for r in rows)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ((FEEDS / "ecb-malformed.csv").read_bytes(), "champs au lieu de 40"),
        (b"<html><body>Service unavailable</body></html>", "colonne(s) absente(s)"),
        (b"", "réponse vide"),
        (ECB_HEAD.encode() + f"{ECB_KEY},2026-06-17,2,40\n".encode(), "champs au lieu de 10"),
        (ECB_HEAD.encode() + f"{ECB_KEY},17/06/2026,2.40\n".encode(), "date illisible"),
        (ECB_HEAD.encode() + f"{ECB_KEY},2026-06-17,n/a\n".encode(), "taux illisible"),
        (ECB_HEAD.encode(), "aucune observation"),
        (ECB_HEAD.encode() + DFR, "inattendue"),
        (b"\xff\xfe\x00K\x00E", "UTF-8"),
    ],
)
def test_a_malformed_ecb_answer_is_refused_in_french(content: bytes, said: str) -> None:
    with pytest.raises(RatesFeedError) as refused:
        parse_ecb(content, URL, date(2027, 1, 5), date(2027, 1, 5))
    assert said in str(refused.value) and URL in str(refused.value)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (TIL_HEAD + b"TIL.S.FR.XX;2027-01-01;2.68\n", "inconnue"),
        (TIL_HEAD + b"TIL.S.FR.AC;2027-02-01;2.68\n", "ni un 1er janvier"),
        (TIL_HEAD + b"TIL.S.FR.AC;2027-01-01;2,68\n", "taux illisible"),
        (b"series_key,time_period_start,obs_value\n", "colonne(s) absente(s)"),
        (TIL_HEAD, "aucune observation"),
    ],
)
def test_a_malformed_legal_rate_answer_is_refused_in_french(content: bytes, said: str) -> None:
    with pytest.raises(RatesFeedError) as refused:
        parse_legal_rate(content, URL, date(2027, 1, 5))
    assert said in str(refused.value)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_the_parsers_raise_nothing_but_their_own_error(content: bytes) -> None:
    for parse in (
        lambda: parse_ecb(content, URL, date(2027, 1, 5), date(2027, 1, 5)),
        lambda: parse_legal_rate(content, URL, date(2027, 1, 5)),
    ):
        with contextlib.suppress(RatesFeedError):
            parse()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789-.,;TIL.SFRPAC\n", max_size=30), max_size=8))
def test_near_miss_lines_raise_nothing_but_the_feed_error(cells: list[str]) -> None:
    for head in (ECB_HEAD, "series_key;time_period_start;obs_value\n"):
        content = (head + "\n".join(cells)).encode()
        with contextlib.suppress(RatesFeedError):
            parse_ecb(content, URL, date(2027, 1, 5), date(2027, 1, 5))
        with contextlib.suppress(RatesFeedError):
            parse_legal_rate(content, URL, date(2027, 1, 5))


def test_an_api_key_in_the_feed_url_is_never_shown() -> None:
    from recouvre.bootstrap.law_update import shown_url

    url = "https://webstat.example/exports/csv?delimiter=%3B&apikey=SECRET&select=a,b"
    assert "SECRET" not in shown_url(url) and "select=a,b" in shown_url(url)
    plain = "http://127.0.0.1/x.csv?format=csvdata"
    assert shown_url(plain) == plain
