"""Operations: the record of each daily run (docs/operations.md).

``daily_runs`` has one row per ``recouvre run`` that was not a dry run: when it started and
ended, how it ended (``running`` while it works, then ``done``, ``set_aside`` when some cases
were sent to review, ``failed``, or ``interrupted`` when the next run found it dead), its counts
as the canonical JSON of the run report's figures (no names: counts only), and the French
reason of a failure. ``recouvre status`` and ``recouvre metrics`` read it.
"""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables.portfolio import metadata

daily_runs = sa.Table(
    "daily_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_on", sa.Date, nullable=False),
    sa.Column("started_at", sa.String(32), nullable=False),  # UTC ISO
    sa.Column("finished_at", sa.String(32)),  # UTC ISO; null while running
    # running | done | set_aside | failed | interrupted (services.operations.ports.RunOutcome)
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("counts", sa.Text, nullable=False, server_default=sa.text("''")),  # JSON
    sa.Column("error", sa.Text),
    sa.Column("duration_ms", sa.Integer),
    sa.Index("ix_daily_runs_run_on", "run_on"),
)
