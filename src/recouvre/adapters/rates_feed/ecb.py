"""The ECB main refinancing rate from the ECB Data Portal (SDMX-CSV, ``format=csvdata``).

Series ``FM.D.U2.EUR.4F.KR.MRR_FR.LEV``: « Main refinancing operations - fixed rate tenders
(fixed rate) (date of changes) - Level », one line per date a new rate took effect, e.g.::

    KEY,FREQ,REF_AREA,CURRENCY,PROVIDER_FM,INSTRUMENT_FM,PROVIDER_FM_ID,DATA_TYPE_FM,TIME_PERIOD,OBS_VALUE
    FM.D.U2.EUR.4F.KR.MRR_FR.LEV,D,U2,EUR,4F,KR,MRR_FR,LEV,2025-06-11,2.15

C. com. L441-10 II: the rate of the first half-year is the one in force on 1 January, of the
second the one in force on 1 July; so the row of a half-year is the last change on or before
that day, made only once the day has come (``up_to``, the caller's today): a decision taking
effect on 31 December still counts for January.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from recouvre.adapters.rates_feed import RatesFeedError
from recouvre.adapters.rates_feed.csv_answer import iso_day, percent, read_table
from recouvre.law.parameters import LegalRow, Status

SERIES = "FM.D.U2.EUR.4F.KR.MRR_FR.LEV"
FIRST_ANCHOR = date(2012, 1, 1)
"""The shipped table starts in 2012; older half-years are not proposed."""


def half_year_end(start: date) -> date:
    return date(start.year, 6, 30) if start.month == 1 else date(start.year, 12, 31)


def anchors(first: date, last: date) -> list[date]:
    """Every 1 January and 1 July from ``first`` to ``last`` (both included)."""
    days: list[date] = []
    for year in range(first.year, last.year + 1):
        for month in (1, 7):
            day = date(year, month, 1)
            if first <= day <= last:
                days.append(day)
    return days


def parse_changes(content: bytes, url: str) -> list[tuple[date, Decimal]]:
    """The (date of effect, rate) lines of the answer, in date order."""
    table = read_table(content, url, ("KEY", "TIME_PERIOD", "OBS_VALUE"))
    changes: dict[date, Decimal] = {}
    for number, line in enumerate(table, start=2):
        if line["KEY"] != SERIES:
            raise RatesFeedError(
                f"{url}, ligne {number} : série « {line['KEY'][:60]} » inattendue ({SERIES})"
            )
        if not line["OBS_VALUE"]:
            continue  # a date with no observation carries no rate
        changes[iso_day(line["TIME_PERIOD"], url, number)] = percent(
            line["OBS_VALUE"], url, number
        )
    if not changes:
        raise RatesFeedError(f"{url} : aucune observation du taux BCE dans la réponse")
    return sorted(changes.items())


def parse_ecb(content: bytes, url: str, retrieved_on: date, up_to: date) -> list[LegalRow]:
    """The ``ecb_mro`` row of each half-year begun by ``up_to`` that the changes cover."""
    changes = parse_changes(content, url)
    first = max(FIRST_ANCHOR, changes[0][0])
    rows: list[LegalRow] = []
    for anchor in anchors(first, up_to):
        in_force = [(day, value) for day, value in changes if day <= anchor]
        changed_on, value = in_force[-1]
        rows.append(
            LegalRow(
                key="ecb_mro",
                effective_from=anchor,
                until=half_year_end(anchor),
                value=value,
                unit="percent",
                source=(
                    f"BCE, Data Portal, série {SERIES} (taux en vigueur au "
                    f"{anchor.strftime('%d/%m/%Y')}, depuis le {changed_on.strftime('%d/%m/%Y')})"
                    f" — {url}, relevé le {retrieved_on.strftime('%d/%m/%Y')}"
                ),
                status=Status.VERIFIED,
            )
        )
    return rows
