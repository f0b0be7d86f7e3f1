"""Structured log lines (``RECOUVRE_LOG_FORMAT=json``; docs/operations.md, « Journaux »).

One JSON object per line, for a log collector: ``timestamp`` (UTC ISO), ``level``, ``event``
(the message of the service's log call, a fixed snake_case name) and the fields the service
passed in ``extra={"fields": {...}}``, **only** those named in ``FIELDS``: ids, the case
reference, statuses and counts. A field outside the list is dropped, so that a debtor's name,
e-mail or address never reaches a log, whatever a later log call passes (the French data
protection rules on personal data, RGPD art. 5(1)(c), data minimisation).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

FIELDS = frozenset(
    {
        "run_id", "on", "dry_run", "page", "case_reference", "case_id", "action_id",
        "step_id", "channel", "status", "counts", "duration_s", "error_kind", "worker",
    }
)  # fmt: skip


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "event": record.msg if isinstance(record.msg, str) else "log",
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update({k: _plain(v) for k, v in fields.items() if k in FIELDS})
        if record.exc_info and record.exc_info[0] is not None:
            line["error_kind"] = record.exc_info[0].__name__  # never the message: it may name
        return json.dumps(line, ensure_ascii=False, sort_keys=False)


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items() if isinstance(v, int | float | str | bool)}
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


class StderrHandler(logging.Handler):
    """Writes to the ``sys.stderr`` of the moment (a test's captured stream included)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # a log line must never stop a run
            self.handleError(record)
