"""Refit the sample portfolio's parameters from IBM's "late payment histories" data set.

The data set (2,466 settled invoices: amount, issue and due dates, settlement date, days to
settle, days late, disputed) lives outside the repository, in ``../shared/data/``; only the
fitted numbers are shipped, in ``src/recouvre/adapters/sample/params.toml``, which this script
writes. The generator (``recouvre.simulation.sample.generator``) reads them back.

What is fitted, and why each shape is kept as empirical quantiles rather than a named law:

* invoice amounts: log-normal ``mu``/``sigma`` (for reference) and 21 quantiles (0 %, 5 %, ...
  100 %); the data is closer to a truncated normal than a log-normal, so the generator samples
  the quantiles (inverse CDF, linear interpolation) and honours the median exactly;
* payment terms (due date - issue date), as observed values with their shares;
* the share of disputed invoices;
* for disputed and undisputed invoices separately (a dispute delays payment a lot): the share
  paid on time, the quantiles of days late among late invoices, and the quantiles of days to
  settle among invoices paid on time.

The default paths are relative to the repository root, wherever the script is run from::

    .venv/bin/python scripts/fit_sample_params.py
    .venv/bin/python scripts/fit_sample_params.py --source ../shared/data/x.csv --output /tmp/p.toml

The output is deterministic (numbers rounded to 4 decimals), so a test refits the shipped file
and compares.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
# ../shared/data relative to the repository root (never copied into the repository).
DEFAULT_SOURCE = REPO / ".." / "shared" / "data" / "ibm-late-payment-histories.csv"
DEFAULT_OUTPUT = REPO / "src" / "recouvre" / "adapters" / "sample" / "params.toml"
QUANTILE_LEVELS = tuple(i / 20 for i in range(21))  # 0, 0.05, ..., 1
DECIMALS = 4


@dataclass(frozen=True, slots=True)
class Row:
    issue_date: date
    due_date: date
    amount: float  # the source's unit; fitting is statistics, not money handling
    disputed: bool
    days_to_settle: int
    days_late: int


def _us_date(text: str) -> date:
    return datetime.strptime(text.strip(), "%m/%d/%Y").date()  # noqa: DTZ007 (a plain date)


def read_rows(path: Path) -> list[Row]:
    """Read the IBM CSV (US dates ``m/d/yyyy``, ``Disputed`` is ``Yes``/``No``)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Row(
                issue_date=_us_date(raw["InvoiceDate"]),
                due_date=_us_date(raw["DueDate"]),
                amount=float(raw["InvoiceAmount"]),
                disputed=raw["Disputed"].strip() == "Yes",
                days_to_settle=int(raw["DaysToSettle"]),
                days_late=int(raw["DaysLate"]),
            )
            for raw in csv.DictReader(handle)
        ]


def _r(value: float) -> float:
    return round(float(value), DECIMALS)


def _quantiles(values: Sequence[float]) -> list[float]:
    return [_r(q) for q in np.quantile(np.asarray(values, dtype=float), QUANTILE_LEVELS)]


def _delay_section(rows: Sequence[Row]) -> dict[str, object]:
    late = [r.days_late for r in rows if r.days_late > 0]
    on_time = [r.days_to_settle for r in rows if r.days_late == 0]
    return {
        "invoices": len(rows),
        "share_on_time": _r(len(on_time) / len(rows)),
        "days_late_quantiles": _quantiles(late),
        "days_to_settle_on_time_quantiles": _quantiles(on_time),
    }


def fit(rows: Sequence[Row]) -> dict[str, dict[str, object]]:
    """The fitted parameters, as TOML tables (plain numbers and lists)."""
    amounts = [r.amount for r in rows]
    logs = [math.log(a) for a in amounts]
    terms = Counter((r.due_date - r.issue_date).days for r in rows)
    term_days = sorted(terms)
    return {
        "amount": {
            "median": _r(float(np.median(amounts))),
            "mean": _r(float(np.mean(amounts))),
            "lognormal_mu": _r(float(np.mean(logs))),
            "lognormal_sigma": _r(float(np.std(logs))),
            "quantile_levels": [_r(q) for q in QUANTILE_LEVELS],
            "quantiles": _quantiles(amounts),
        },
        "terms": {
            "days": term_days,
            "shares": [_r(terms[d] / len(rows)) for d in term_days],
        },
        "dispute": {
            "share_disputed": _r(sum(r.disputed for r in rows) / len(rows)),
        },
        "delay_undisputed": _delay_section([r for r in rows if not r.disputed]),
        "delay_disputed": _delay_section([r for r in rows if r.disputed]),
        "overall": {
            "share_on_time": _r(sum(r.days_late == 0 for r in rows) / len(rows)),
            "median_days_to_settle": _r(float(np.median([r.days_to_settle for r in rows]))),
        },
    }


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"unsupported TOML value: {value!r}")


def render(source: Path, sha256: str, rows: int, fitted: dict[str, dict[str, object]]) -> str:
    """The params.toml text: a header naming the script and the data, then the tables."""
    lines = [
        "# Fitted parameters of the sample portfolio (recouvre sample / recouvre demo).",
        '# Written by scripts/fit_sample_params.py from IBM\'s "late payment histories" data set',
        f"# ({source.name}, {rows} settled invoices). Do not edit by hand: refit with",
        "#     .venv/bin/python scripts/fit_sample_params.py",
        "# Amounts are in the source's unit; the generator scales them to euros",
        "# (see docs/sample-portfolio.md).",
        "",
        "[source]",
        f"file = {_toml_value(source.name)}",
        f"sha256 = {_toml_value(sha256)}",
        f"rows = {rows}",
    ]
    for table, values in fitted.items():
        lines.append("")
        lines.append(f"[{table}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in values.items())
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"fichier source introuvable : {args.source}", file=sys.stderr)
        return 2
    rows = read_rows(args.source)
    sha256 = hashlib.sha256(args.source.read_bytes()).hexdigest()
    args.output.write_text(render(args.source, sha256, len(rows), fit(rows)), encoding="utf-8")
    print(f"{args.output}: {len(rows)} factures ajustées depuis {args.source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
