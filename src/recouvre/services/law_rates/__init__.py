"""Keeping the legal rate tables current: which fetched rows are new, which half-year is due.

The rates change each half-year: the ECB rate in force on 1 January / 1 July (C. com. L441-10
II) and the taux de l'intérêt légal fixed by arrêté for each half-year (CMF L313-2). The
fetching is the adapters' (``adapters.rates_feed``); this package only compares, on the date it
is given (the clock is the caller's).
"""
