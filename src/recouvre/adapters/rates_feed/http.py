"""One HTTP GET of a rate feed, with a timeout and a size limit (urllib, no extra dependency)."""

from __future__ import annotations

import urllib.error
import urllib.request

from recouvre.adapters.rates_feed import RatesFeedError

MAX_ANSWER = 5 * 1024 * 1024
"""No official rate series comes near 5 MB; a larger answer is not a rate series."""


def fetch(url: str, timeout: float) -> bytes:
    """The body of ``url``; ``RatesFeedError`` (French) when it cannot be had."""
    request = urllib.request.Request(url, headers={"Accept": "text/csv"}, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            data: bytes = answer.read(MAX_ANSWER + 1)
    except urllib.error.HTTPError as error:
        raise RatesFeedError(f"{url} répond HTTP {error.code} : aucune donnée reçue") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise RatesFeedError(
            f"{url} injoignable ({reason}) : vérifiez la connexion ou l'adresse réglée"
        ) from None
    if len(data) > MAX_ANSWER:
        raise RatesFeedError(f"{url} : réponse de plus de {MAX_ANSWER // 1024 // 1024} Mo refusée")
    return data
