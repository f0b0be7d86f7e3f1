"""The logging of the services (``recouvre.*`` loggers): quiet by default (the CLI's French
output is the user's interface; no handler, and no fallback to Python's last-resort handler),
one JSON object per line on stderr with ``RECOUVRE_LOG_FORMAT=json`` (``adapters.log_lines``).
Called by an entry point once its settings are read; calling it again replaces the handler."""

from __future__ import annotations

import logging

from recouvre.adapters.log_lines import JsonLineFormatter, StderrHandler
from recouvre.settings import Settings

ROOT = "recouvre"


def configure_logging(settings: Settings) -> None:
    logger = logging.getLogger(ROOT)
    for installed in list(logger.handlers):
        if installed.get_name() == ROOT:
            logger.removeHandler(installed)
    handler: logging.Handler
    if settings.log_format == "json":
        handler = StderrHandler()
        handler.setFormatter(JsonLineFormatter())
        logger.setLevel(logging.INFO)
    else:
        handler = logging.NullHandler()
        logger.setLevel(logging.WARNING)
    handler.set_name(ROOT)  # the one this function installed, replaced by the next call
    logger.addHandler(handler)
    logger.propagate = False
