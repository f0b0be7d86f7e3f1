"""Benchmark of the statement computation: columnar batch path against the scalar reference.

    .venv/bin/python bench/statements.py --invoices 1000000

Builds a random B2B portfolio (seeded): amounts from 10 € to 1 M€, due dates from 2023 to
mid-2026, 0 to 3 partial payments per invoice (before or after the due date, never more than
the invoice), one invoice in ten with a contractual rate (some below the 3 × legal-rate floor),
one in a hundred with collective proceedings. The portfolio is built before the timer starts.

Timed: ``recouvre.law.statement.columnar.batch_statements`` on the whole portfolio (penalties per
half-year slice, indemnity, imputation of every payment, balances); then the scalar
``recouvre.law.statement.computation.statement`` one invoice at a time on a sample (its inputs built
outside the timer), whose results are checked against the batch path to the cent.

Prints ONE JSON line: invoices, payments, seconds, invoices_per_second,
scalar_sample, scalar_seconds, scalar_invoices_per_second, speedup, sample_agrees.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from decimal import Decimal

import numpy as np

from recouvre.domain.claims import Invoice
from recouvre.domain.parties import DebtorKind
from recouvre.domain.payments import Payment
from recouvre.law.statement.columnar import NO_DATE, Portfolio, batch_statements
from recouvre.law.statement.computation import ClaimFacts, ClaimInvoice, CreditorKind, statement
from recouvre.reference.loader import load_tables

ON = date(2026, 11, 30)


def build(n: int, seed: int) -> Portfolio:
    rng = np.random.default_rng(seed)
    amount = np.exp(rng.uniform(np.log(1_000), np.log(100_000_000), n)).astype(np.int64)
    first, last = date(2023, 1, 1).toordinal(), date(2026, 6, 30).toordinal()
    due = rng.integers(first, last, n, dtype=np.int64)
    contract = np.where(rng.random(n) < 0.1, rng.integers(50_000, 200_000, n), -1).astype(np.int64)
    collective = np.where(rng.random(n) < 0.01, due + rng.integers(-30, 300, n), NO_DATE).astype(
        np.int64
    )
    counts = rng.integers(0, 4, n, dtype=np.int64)
    owner = np.repeat(np.arange(n, dtype=np.int64), counts)
    share = rng.uniform(0.05, 0.3, owner.shape[0])
    pay_cents = np.maximum(1, (amount[owner] * share).astype(np.int64))
    pay_date = np.minimum(due[owner] + rng.integers(-20, 700, owner.shape[0]), ON.toordinal())
    order = np.lexsort((pay_date, owner))
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return Portfolio(amount, due, contract, collective, offsets, pay_date[order], pay_cents[order])


def scalar_inputs(p: Portfolio, i: int) -> tuple[ClaimInvoice, list[Payment], ClaimFacts]:
    due = date.fromordinal(int(p.due[i]))
    rate = None if p.contract_rate[i] < 0 else Decimal(int(p.contract_rate[i])) / 10_000
    invoice = Invoice(
        None,
        None,
        None,
        f"F{i}",
        due,
        due,
        Decimal(int(p.amount_cents[i])) / 100,
        contractual_rate=rate,
    )
    lo, hi = int(p.pay_offsets[i]), int(p.pay_offsets[i + 1])
    payments = [
        Payment(
            None,
            None,
            date.fromordinal(int(p.pay_date[j])),
            Decimal(int(p.pay_cents[j])) / 100,
            f"F{i}",
        )
        for j in range(lo, hi)
    ]
    collective = None if p.collective[i] == NO_DATE else date.fromordinal(int(p.collective[i]))
    facts = ClaimFacts(CreditorKind.COMPANY, DebtorKind.COMPANY, collective_opened_on=collective)
    return ClaimInvoice(invoice), payments, facts


def main() -> None:
    parser = argparse.ArgumentParser(description="Banc d'essai du décompte en lot.")
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--scalar-sample", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    tables = load_tables()
    portfolio = build(args.invoices, args.seed)

    start = time.perf_counter()
    result = batch_statements(portfolio, ON, tables)
    seconds = time.perf_counter() - start

    sample = min(args.scalar_sample, args.invoices)
    inputs = [scalar_inputs(portfolio, i) for i in range(sample)]
    start = time.perf_counter()
    scalar = [statement([line], payments, facts, ON, tables) for line, payments, facts in inputs]
    scalar_seconds = time.perf_counter() - start
    total_due = result.total_due_cents  # computed once: a property over the whole column
    agrees = all(
        int(total_due[i]) == int(s.invoices[0].total_due * 100)
        and int(result.interest_cents[i]) == int(s.invoices[0].interest * 100)
        for i, s in enumerate(scalar)
    )
    rate = args.invoices / seconds
    scalar_rate = sample / scalar_seconds if scalar_seconds else 0.0
    print(
        json.dumps(
            {
                "invoices": args.invoices,
                "payments": int(portfolio.pay_cents.shape[0]),
                "seconds": round(seconds, 3),
                "invoices_per_second": round(rate),
                "scalar_sample": sample,
                "scalar_seconds": round(scalar_seconds, 3),
                "scalar_invoices_per_second": round(scalar_rate),
                "speedup": round(rate / scalar_rate, 1) if scalar_rate else None,
                "sample_agrees": agrees,
            }
        )
    )


if __name__ == "__main__":
    main()
