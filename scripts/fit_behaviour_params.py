"""Refit the debtor-behaviour model of ``recouvre simulate`` from IBM's late-payment data.

The data set (2,466 settled invoices: issue and due dates, settlement date, days late, disputed,
paperless billing) lives outside the repository, in ``../shared/data/``; only the numbers are
shipped, in ``src/recouvre/adapters/sample/behaviour.toml``, which this script writes
(docs/simulation.md).

What is **fitted** (``[fitted.*]`` tables), for undisputed and disputed invoices separately:

* the share paid on time (before the due date: such an invoice never reaches collection);
* the **daily hazard of payment** of an invoice still unpaid on a given day after its due date:
  ``h(d) = P(paid on day d | unpaid at the end of day d - 1)``. It is estimated per week of
  lateness (days 1-7, 8-14, ...) as a constant hazard, by maximum likelihood: the payments in
  the week divided by the invoice-days at risk in the week. Only days where at least
  ``MIN_AT_RISK`` invoices are still unpaid are used: past that *horizon* the data is too thin
  (everyone in this book paid within 45 days; a collection portfolio is the book's tail);
* the share of late invoices paid within the horizon (what the model must reproduce);
* for information, the share of late invoices among paperless (electronic) and paper bills.

What is **assumed** (``[assumed.*]`` tables, from ``ASSUMED`` below, good-practice orders of
magnitude, not data): the hazard past the horizon, how much each kind of contact lifts the
hazard and how fast the lift fades, partial payments, promises (and whether they are kept),
disputes raised on a contact and how a person resolves them. The data records no contact at
all, so no contact effect can be fitted from it.

The default paths are relative to the repository root, wherever the script is run from::

    .venv/bin/python scripts/fit_behaviour_params.py
    .venv/bin/python scripts/fit_behaviour_params.py --source data.csv --output /tmp/b.toml

The output is deterministic (numbers rounded to 4 decimals): a test refits the shipped file and
compares.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# ../shared/data relative to the repository root (never copied into the repository).
DEFAULT_SOURCE = REPO / ".." / "shared" / "data" / "ibm-late-payment-histories.csv"
DEFAULT_OUTPUT = REPO / "src" / "recouvre" / "adapters" / "sample" / "behaviour.toml"
MIN_AT_RISK = 20  # invoices still unpaid on a day for that day to count
BAND_DAYS = 7  # the hazard is constant over each week of lateness
DECIMALS = 4

# Assumptions layered on the fitted baseline (docs/simulation.md, « Ce qui est supposé »).
ASSUMED: dict[str, dict[str, object]] = {
    "tail": {
        # Daily hazard past the fitted horizon: an invoice still unpaid after weeks is no
        # longer an ordinary late payer.
        "hazard_undisputed": 0.006,
        "hazard_disputed": 0.003,
    },
    "contact_lift": {
        # Multiplier of the daily hazard on the day a contact is received, by step kind; the
        # extra lift halves every ``half_life_days``.
        "half_life_days": 5.0,
        "courtesy_email": 1.5,
        "reminder_email": 1.6,
        "sms": 1.6,
        "phone_call": 2.5,
        "reminder_letter": 1.8,
        "payment_plan_proposal": 1.5,
        "formal_notice": 3.0,
        "internal_review": 1.0,
        "judicial_review": 1.0,
        "max_daily_probability": 0.9,
    },
    "partial_payment": {
        "share": 0.2,  # of the payments, a part payment rather than the whole balance
        "min_fraction": 0.2,
        "max_fraction": 0.6,
    },
    "promise": {
        # Probability that a contact of this kind ends in a promise to pay (if no payment).
        "phone_call": 0.25,
        "formal_notice": 0.08,
        "other_contact": 0.04,
        "min_delay_days": 3,
        "max_delay_days": 14,
        "kept_share": 0.65,
    },
    "dispute": {
        # Probability that a contact of this kind is answered by a dispute (once per case).
        "formal_notice": 0.05,
        "other_contact": 0.02,
        "review_days": 10,  # a person resolves it after this many days
        "upheld_share": 0.25,  # the debtor was right: the claim is withdrawn
    },
}


@dataclass(frozen=True, slots=True)
class Row:
    disputed: bool
    days_late: int
    paperless: bool


def read_rows(path: Path) -> list[Row]:
    """Read the IBM CSV (``Disputed`` is ``Yes``/``No``, ``PaperlessBill`` is
    ``Electronic``/``Paper``)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Row(
                disputed=raw["Disputed"].strip() == "Yes",
                days_late=int(raw["DaysLate"]),
                paperless=raw["PaperlessBill"].strip() == "Electronic",
            )
            for raw in csv.DictReader(handle)
        ]


def _r(value: float) -> float:
    return round(float(value), DECIMALS)


def horizon(late_days: Sequence[int]) -> int:
    """The last day of lateness on which at least ``MIN_AT_RISK`` invoices are still unpaid."""
    at_risk, settled, last = len(late_days), Counter(late_days), 0
    day = 1
    while at_risk >= MIN_AT_RISK:
        last = day
        at_risk -= settled[day]
        day += 1
    return last


def band_hazards(late_days: Sequence[int], until: int) -> list[float]:
    """Constant daily hazard per week of lateness up to ``until`` (maximum likelihood:
    payments in the week / invoice-days at risk in the week)."""
    settled = Counter(late_days)
    at_risk = len(late_days)
    hazards: list[float] = []
    for start in range(1, until + 1, BAND_DAYS):
        events = exposure = 0
        for day in range(start, min(start + BAND_DAYS, until + 1)):
            exposure += at_risk
            events += settled[day]
            at_risk -= settled[day]
        hazards.append(_r(events / exposure) if exposure else 0.0)
    return hazards


def _baseline(rows: Sequence[Row]) -> dict[str, object]:
    late = [r.days_late for r in rows if r.days_late > 0]
    until = horizon(late)
    return {
        "invoices": len(rows),
        "late_invoices": len(late),
        "share_on_time": _r(1 - len(late) / len(rows)),
        "horizon_days": until,
        "band_days": BAND_DAYS,
        "hazards": band_hazards(late, until),
        "share_paid_within_horizon": _r(sum(d <= until for d in late) / len(late)),
    }


def fit(rows: Sequence[Row]) -> dict[str, dict[str, object]]:
    """The fitted tables (plain numbers and lists)."""
    electronic = [r for r in rows if r.paperless]
    paper = [r for r in rows if not r.paperless]
    return {
        "fitted.undisputed": _baseline([r for r in rows if not r.disputed]),
        "fitted.disputed": _baseline([r for r in rows if r.disputed]),
        "fitted.paperless": {
            "share_late_electronic": _r(sum(r.days_late > 0 for r in electronic) / len(electronic)),
            "share_late_paper": _r(sum(r.days_late > 0 for r in paper) / len(paper)),
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


def _tables(lines: list[str], prefix: str, tables: dict[str, dict[str, object]]) -> None:
    for table, values in tables.items():
        lines.append("")
        lines.append(f"[{prefix}{table}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in values.items())


def render(source: Path, sha256: str, rows: int, fitted: dict[str, dict[str, object]]) -> str:
    """The behaviour.toml text: a header naming the script and the data, then the tables."""
    lines = [
        "# Debtor-behaviour model of « recouvre simulate » (docs/simulation.md).",
        '# Written by scripts/fit_behaviour_params.py from IBM\'s "late payment histories" data',
        f"# set ({source.name}, {rows} settled invoices). Do not edit by hand: refit with",
        "#     .venv/bin/python scripts/fit_behaviour_params.py",
        "# [fitted.*] tables come from the data; [assumed.*] tables are assumptions written by",
        "# the script from its ASSUMED constant (the data records no contact): change them there.",
        "",
        "[source]",
        f"file = {_toml_value(source.name)}",
        f"sha256 = {_toml_value(sha256)}",
        f"rows = {rows}",
        f"min_at_risk = {MIN_AT_RISK}",
    ]
    _tables(lines, "", fitted)
    _tables(lines, "assumed.", ASSUMED)
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
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
