"""The taux de l'intérêt légal from Banque de France Webstat (CSV export of its observations).

CMF L313-2 and D313-1-A: two rates each half-year, computed by the Banque de France and fixed
by arrêté, one for the claims of natural persons not acting for professional needs
(``til_particuliers``), one for every other case (``til_autres``). Webstat's export
(``.../datasets/observations/exports/csv``, Opendatasoft, ``;`` as separator) gives one line
per series and half-year, e.g.::

    series_key;time_period_start;obs_value
    TIL.S.FR.PP;2027-01-01;6.91

The two series keys below are the ones the default ``RECOUVRE_LEGAL_RATE_URL`` asks for; they
were not checked against the live catalogue ([U], no network where this was written): a line of
any other series is refused with its key, never silently dropped.
"""

from __future__ import annotations

from datetime import date

from recouvre.adapters.rates_feed import RatesFeedError
from recouvre.adapters.rates_feed.csv_answer import iso_day, percent, read_table
from recouvre.adapters.rates_feed.ecb import half_year_end
from recouvre.law.parameters import LegalRow, Status

SERIES = {"TIL.S.FR.PP": "til_particuliers", "TIL.S.FR.AC": "til_autres"}
FIRST_HALF_YEAR = date(2015, 1, 1)
"""Two categories since 1 January 2015 (ordonnance n° 2014-947); older years are shipped."""
COLUMNS = ("series_key", "time_period_start", "obs_value")


def parse_legal_rate(content: bytes, url: str, retrieved_on: date) -> list[LegalRow]:
    """One row per series and half-year of the answer (from 2015)."""
    table = read_table(content, url, COLUMNS, delimiter=";")
    rows: dict[tuple[str, date], LegalRow] = {}
    for number, line in enumerate(table, start=2):
        key = SERIES.get(line["series_key"])
        if key is None:
            known = ", ".join(SERIES)
            raise RatesFeedError(
                f"{url}, ligne {number} : série « {line['series_key'][:60]} » inconnue "
                f"(attendues : {known})"
            )
        start = iso_day(line["time_period_start"], url, number)
        if start.day != 1 or start.month not in (1, 7):
            raise RatesFeedError(
                f"{url}, ligne {number} : le semestre commence le "
                f"{start.strftime('%d/%m/%Y')}, ni un 1er janvier ni un 1er juillet"
            )
        if not line["obs_value"] or start < FIRST_HALF_YEAR:
            continue
        rows[(key, start)] = LegalRow(
            key=key,
            effective_from=start,
            until=half_year_end(start),
            value=percent(line["obs_value"], url, number),
            unit="percent",
            source=(
                f"Banque de France, Webstat, série {line['series_key']} (taux de l'intérêt "
                f"légal fixé par arrêté, CMF L313-2) — {url}, relevé le "
                f"{retrieved_on.strftime('%d/%m/%Y')}"
            ),
            status=Status.VERIFIED,
        )
    if not table:
        raise RatesFeedError(f"{url} : aucune observation du taux de l'intérêt légal")
    return [rows[ident] for ident in sorted(rows)]
