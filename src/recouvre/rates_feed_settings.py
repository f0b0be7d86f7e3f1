"""The settings of ``recouvre law update``'s official rate feeds, read on demand like every
setting (``recouvre.settings``: the environment over ``recouvre.toml`` of the data folder).

``RECOUVRE_ECB_URL``         the ECB Data Portal's SDMX-CSV answer for the MRO rate (series
                             FM.D.U2.EUR.4F.KR.MRR_FR.LEV, ``format=csvdata``)
``RECOUVRE_LEGAL_RATE_URL``  Banque de France Webstat's CSV export of the taux de l'intérêt
                             légal (Webstat asks for an API key: add ``&apikey=...`` to the URL;
                             it is never printed nor written in a row's source)
``RECOUVRE_RATES_TIMEOUT``   seconds to wait for each answer (default 20)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from recouvre.settings import SettingsError, _environ, _positive

DEFAULT_ECB_URL = (
    "https://data-api.ecb.europa.eu/service/data/FM/D.U2.EUR.4F.KR.MRR_FR.LEV"
    "?format=csvdata&detail=dataonly"
)
DEFAULT_LEGAL_RATE_URL = (
    "https://webstat.banque-france.fr/api/explore/v2.1/catalog/datasets/observations/exports/csv"
    "?delimiter=%3B&select=series_key,time_period_start,obs_value"
    "&where=series_key%20IN%20(%22TIL.S.FR.PP%22,%22TIL.S.FR.AC%22)&order_by=time_period_start"
)
DEFAULT_RATES_TIMEOUT_S = 20


@dataclass(frozen=True, slots=True)
class RatesFeedSettings:
    ecb_url: str
    legal_rate_url: str
    timeout: int


def load_rates_feed_settings(environ: Mapping[str, str] | None = None) -> RatesFeedSettings:
    """Where ``recouvre law update`` reads the official rates (by default the ECB Data Portal
    and Banque de France Webstat)."""
    env = _environ(environ)
    urls = {}
    for name, default in (
        ("RECOUVRE_ECB_URL", DEFAULT_ECB_URL),
        ("RECOUVRE_LEGAL_RATE_URL", DEFAULT_LEGAL_RATE_URL),
    ):
        url = env.get(name, "").strip() or default
        if not url.lower().startswith(("http://", "https://")):
            raise SettingsError(f"{name} : « {url} » n'est pas une adresse http(s)://")
        urls[name] = url
    return RatesFeedSettings(
        ecb_url=urls["RECOUVRE_ECB_URL"],
        legal_rate_url=urls["RECOUVRE_LEGAL_RATE_URL"],
        timeout=_positive(env, "RECOUVRE_RATES_TIMEOUT") or DEFAULT_RATES_TIMEOUT_S,
    )
