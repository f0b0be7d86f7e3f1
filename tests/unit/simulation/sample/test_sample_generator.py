"""The sample portfolio: deterministic for a seed, French-looking, shaped by the fitted data."""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import median

import pytest
from stdnum import iban
from stdnum.fr import siren, siret, tva

from recouvre.domain.parties import DebtorKind, departement_of
from recouvre.simulation.sample.generator import SamplePortfolio, Shape, generate
from recouvre.simulation.sample.params import load_params

ON = date(2026, 11, 23)


@pytest.fixture(scope="module")
def portfolio() -> SamplePortfolio:
    return generate(ON, seed=7)


def test_same_seed_and_date_give_the_same_portfolio(portfolio: SamplePortfolio) -> None:
    assert generate(ON, seed=7) == portfolio


def test_another_seed_gives_another_portfolio(portfolio: SamplePortfolio) -> None:
    other = generate(ON, seed=8)
    assert other.debtors != portfolio.debtors
    assert [i.invoice for i in other.invoices] != [i.invoice for i in portfolio.invoices]


def test_sizes_are_those_of_the_shape(portfolio: SamplePortfolio) -> None:
    shape = Shape()
    assert len(portfolio.creditors) == 2
    assert len(portfolio.debtors) == shape.debtors == 300
    assert len(portfolio.invoices) == shape.invoices == 2000


def test_one_sme_and_one_agency_client(portfolio: SamplePortfolio) -> None:
    assert sorted(c.via_agency for c in portfolio.creditors) == [False, True]
    for c in portfolio.creditors:
        assert siren.is_valid(c.creditor.siren)
        assert siret.is_valid(c.creditor.siret or "")
        assert tva.is_valid(c.creditor.vat_number or "")
        assert iban.is_valid(c.creditor.iban or "")
        assert portfolio.invoices_of(c.creditor.siren)


def test_companies_have_valid_and_unique_sirens(portfolio: SamplePortfolio) -> None:
    companies = [d for d in portfolio.debtors if d.kind is DebtorKind.COMPANY]
    assert len(companies) > 200
    for d in companies:
        assert d.siren is not None and siren.is_valid(d.siren), d
        assert d.siret is not None and siret.is_valid(d.siret) and d.siret[:9] == d.siren, d
    assert len({d.siren for d in companies}) == len(companies)
    assert len({d.name for d in companies}) == len(companies)


def test_consumers_alsace_moselle_and_overseas_are_present(portfolio: SamplePortfolio) -> None:
    kinds = Counter(d.kind for d in portfolio.debtors)
    assert 0.08 <= kinds[DebtorKind.CONSUMER] / 300 <= 0.25
    assert all(d.siren is None for d in portfolio.debtors if d.kind is DebtorKind.CONSUMER)
    alsace = [d for d in portfolio.debtors if d.address.is_alsace_moselle]
    overseas = [d for d in portfolio.debtors if d.address.is_overseas]
    assert 4 <= len(alsace) <= 35
    assert 3 <= len(overseas) <= 30
    assert {d.address.departement for d in overseas} <= {"971", "972", "973", "974", "976"}


def test_addresses_have_french_postal_codes_and_contacts(portfolio: SamplePortfolio) -> None:
    for d in portfolio.debtors:
        assert d.address.city and d.address.lines
        for email in d.emails:
            assert email.count("@") == 1 and "." in email.split("@")[1]
        if d.address.is_abroad:
            continue
        assert departement_of(d.address.postal_code) is not None, d.address
        for phone in d.phones:
            assert len(phone.replace(" ", "")) == 10 and phone.startswith("0")


def test_a_few_consumers_live_abroad_near_the_border(portfolio: SamplePortfolio) -> None:
    abroad = [d for d in portfolio.debtors if d.address.is_abroad]
    assert 2 <= len(abroad) <= 20
    assert all(d.kind is DebtorKind.CONSUMER for d in abroad)
    assert {d.address.country for d in abroad} <= {"BE", "DE", "LU", "CH"}
    for d in abroad:
        assert d.address.postal_code.isdigit() and d.address.departement is None
        assert all(phone.startswith("+") for phone in d.phones)
    without_email = sum(1 for d in portfolio.debtors if not d.emails)
    assert 20 <= without_email <= 100


def test_median_amount_follows_the_fitted_median(portfolio: SamplePortfolio) -> None:
    params, shape = load_params(), Shape()
    company = [
        float(i.invoice.amount) for i in portfolio.invoices if i.debtor.kind is DebtorKind.COMPANY
    ]
    expected = params.amount_median * shape.company_amount_scale
    assert median(company) == pytest.approx(expected, rel=0.04)


def test_terms_are_the_fitted_terms(portfolio: SamplePortfolio) -> None:
    params = load_params()
    terms = {(i.invoice.due_date - i.invoice.issue_date).days for i in portfolio.invoices}
    assert terms <= set(params.term_days)


def test_disputed_share_follows_the_fit(portfolio: SamplePortfolio) -> None:
    share = sum(i.disputed for i in portfolio.invoices) / len(portfolio.invoices)
    assert share == pytest.approx(load_params().share_disputed, abs=0.03)


def test_settled_invoices_pay_on_time_as_often_as_in_the_data(portfolio: SamplePortfolio) -> None:
    """Among settled undisputed invoices, the share paid by the due date is the fitted one."""
    settled = [
        (i.settled_on, i.invoice.due_date)
        for i in portfolio.invoices
        if i.settled_on is not None and not i.disputed
    ]
    on_time = sum(1 for paid_on, due in settled if paid_on <= due)
    expected = load_params().undisputed.share_on_time
    # Invoices still open on ON are more often late ones, so settled ones lean on time.
    assert expected - 0.02 <= on_time / len(settled) <= expected + 0.08


def test_invoice_states_cover_the_ageing_picture(portfolio: SamplePortfolio) -> None:
    inv = portfolio.invoices
    paid = [i for i in inv if i.invoice.paid == i.invoice.amount]
    partial = [i for i in inv if 0 < i.invoice.paid < i.invoice.amount]
    open_ = [i for i in inv if i.invoice.outstanding > 0]
    not_due = [i for i in open_ if i.invoice.due_date >= ON]
    very_late = [i for i in open_ if (ON - i.invoice.due_date).days > 180]
    assert len(paid) > 1000
    assert partial and not_due and very_late
    assert 150 <= len(open_) <= 800
    assert all(i.settled_on is None for i in open_)
    assert all(i.settled_on is not None and i.settled_on <= ON for i in paid)
    assert all(i.invoice.issue_date <= ON for i in inv)


def test_invoice_numbers_are_unique_per_creditor(portfolio: SamplePortfolio) -> None:
    numbers = Counter((i.creditor_siren, i.invoice.number) for i in portfolio.invoices)
    assert max(numbers.values()) == 1


def test_consumer_invoices_carry_the_completion_date(portfolio: SamplePortfolio) -> None:
    for i in portfolio.invoices:
        if i.debtor.kind is DebtorKind.CONSUMER:
            assert i.invoice.completed_on is not None
            assert i.invoice.completed_on <= i.invoice.issue_date


def test_some_debtors_owe_both_creditors(portfolio: SamplePortfolio) -> None:
    owed: dict[str, set[str]] = {}
    for i in portfolio.invoices:
        owed.setdefault(i.debtor.name + i.debtor.address.postal_code, set()).add(i.creditor_siren)
    assert any(len(s) == 2 for s in owed.values())
