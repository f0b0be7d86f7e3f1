"""The official rate feeds of ``recouvre law update``: fetch, parse into dated legal rows.

Two sources, one machine-readable official format each (docs/law.md, « Mettre les taux à
jour »):

``ecb``           the ECB Data Portal's SDMX REST API, series FM.D.U2.EUR.4F.KR.MRR_FR.LEV
                  (main refinancing operations, fixed rate, *date of changes*) in SDMX-CSV
                  (``format=csvdata``): one line per change of the rate. The row of a half-year
                  is the rate in force on 1 January / 1 July (C. com. L441-10 II), so it is made
                  only once that day has come.
``legal_rate``    the taux de l'intérêt légal (CMF L313-2, D313-1-A), computed by the Banque de
                  France and fixed each half-year by arrêté, read from Banque de France Webstat's
                  CSV export of its observations (one line per series and half-year).

A row carries its source: the series, the URL and the day it was retrieved. Every problem is a
``RatesFeedError`` whose French message names the URL: nothing is written from an answer that
cannot be read whole.
"""

from __future__ import annotations

from recouvre.adapters.errors import AdapterError


class RatesFeedError(AdapterError):
    """An official rate feed cannot be reached or its answer cannot be read (French message)."""
