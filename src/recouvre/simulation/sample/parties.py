"""Sample creditors and debtors: French-looking names, valid identifiers, real postal codes.

Everything is drawn from the ``random.Random`` passed in, in a fixed order, so one seed always
gives the same parties. Shares (consumers, Alsace-Moselle, overseas, no e-mail) are the
generator's ``Shape``, not fitted: the IBM data has no such columns.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, replace

from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.simulation.sample import names, places
from recouvre.simulation.sample.identifiers import random_iban, random_siren, siret_for, vat_for


@dataclass(frozen=True, slots=True)
class SampleCreditor:
    """A creditor of the sample, with what the ``creditors`` table holds beyond ``Creditor``."""

    creditor: Creditor
    via_agency: bool  # True: a client of a collection agency (CPCE R124-4 mentions apply)
    invoice_prefix: str


@dataclass(frozen=True, slots=True)
class Region:
    """Where a debtor lives, as the law sees it."""

    towns: tuple[places.Town, ...]


METROPOLITAN = Region(places.METROPOLITAN)
ALSACE_MOSELLE = Region(places.ALSACE_MOSELLE)
OVERSEAS = Region(places.OVERSEAS)


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits only (for e-mail addresses and domains)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in plain.lower() if c.isalnum())


def _street(rng: random.Random, company: bool) -> tuple[str, ...]:
    number = rng.randint(1, 180)
    suffix = rng.choice(("", "", "", "", " bis", " ter"))
    line = f"{number}{suffix} {rng.choice(places.STREET_KINDS)} {rng.choice(places.STREET_NAMES)}"
    if company and rng.random() < 0.25:
        return (rng.choice(places.BUSINESS_PARKS), line)
    if not company and rng.random() < 0.2:
        return (f"Bâtiment {rng.choice('ABCDE')}, appartement {rng.randint(1, 60)}", line)
    return (line,)


def _address(rng: random.Random, region: Region, company: bool) -> tuple[Address, places.Town]:
    town = rng.choice(region.towns)
    lines = _street(rng, company)
    return Address(lines=lines, postal_code=town.postal_code, city=town.name), town


def _phone(rng: random.Random, town: places.Town, mobile: bool) -> str:
    if mobile:
        prefix = "0690" if town.phone_prefix == "0590" else rng.choice(("06", "07"))
    else:
        prefix = town.phone_prefix
    digits = prefix + "".join(str(rng.randrange(10)) for _ in range(10 - len(prefix)))
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def company_name(rng: random.Random) -> str:
    match rng.randrange(3):
        case 0:
            stem = f"{rng.choice(names.TRADES)} {rng.choice(names.SURNAMES)}"
        case 1:
            stem = f"{rng.choice(names.TRADES)} {rng.choice(names.BRAND_WORDS)}"
        case _:
            stem = f"{rng.choice(names.SURNAMES)} et Fils"
    return f"{stem} {rng.choice(names.LEGAL_FORMS)}"


def make_company(rng: random.Random, region: Region, with_email: bool, taken: set[str]) -> Debtor:
    """A company debtor with a fresh (unused) SIREN and name."""
    siren = random_siren(rng)
    while siren in taken:
        siren = random_siren(rng)
    name = company_name(rng)
    while name in taken:
        name = company_name(rng)
    taken.update((siren, name))
    address, town = _address(rng, region, company=True)
    domain = slug(name.rsplit(" ", 1)[0])[:30] + ".fr"
    emails = (f"{rng.choice(names.COMPANY_MAILBOXES)}@{domain}",) if with_email else ()
    phones: tuple[str, ...] = (_phone(rng, town, mobile=False),)
    if rng.random() < 0.3:
        phones += (_phone(rng, town, mobile=True),)
    return Debtor(
        id=None,
        kind=DebtorKind.COMPANY,
        name=name,
        siren=siren,
        siret=siret_for(siren, rng),
        address=address,
        emails=emails,
        phones=phones,
    )


def make_consumer(rng: random.Random, region: Region, with_email: bool, taken: set[str]) -> Debtor:
    """A private person (no SIREN), unique by name and postal code like the import's key."""
    while True:
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.SURNAMES)
        address, town = _address(rng, region, company=False)
        key = f"{first} {last}|{address.postal_code}"
        if key not in taken:
            taken.add(key)
            break
    emails: tuple[str, ...] = ()
    if with_email:
        emails = (
            f"{slug(first)}.{slug(last)}{rng.randint(1, 99)}@{rng.choice(names.MAIL_PROVIDERS)}",
        )
    phones = (_phone(rng, town, mobile=True),) if rng.random() < 0.8 else ()
    return Debtor(
        id=None,
        kind=DebtorKind.CONSUMER,
        name=f"{first} {last}",
        address=address,
        emails=emails,
        phones=phones,
    )


def moved_abroad(rng: random.Random, consumer: Debtor, taken: set[str]) -> Debtor:
    """``consumer`` living abroad instead (a border town, its street written the local way, a
    mobile number of that country), still unique by name and postal code."""
    while True:
        town = rng.choice(places.ABROAD)
        key = f"{consumer.name}|{town.postal_code}"
        if key not in taken:
            taken.add(key)
            break
    street = f"{town.street} {rng.randint(1, 120)}"
    digits = "".join(str(rng.randrange(10)) for _ in range(8))
    phones = (f"{town.phone_prefix}{digits[:2]} {digits[2:5]} {digits[5:]}",)
    address = Address(
        lines=(street,), postal_code=town.postal_code, city=town.name, country=town.country
    )
    return replace(consumer, address=address, phones=phones if consumer.phones else ())


def make_creditors(rng: random.Random, taken: set[str]) -> tuple[SampleCreditor, SampleCreditor]:
    """The two creditors: an SME invoicing its own customers, and a client of an agency."""
    specs = (
        ("Atelier Gravel Équipements SAS", "FA", False, places.Town("Lyon", "69007", "04"),
         ("14 rue de Gerland",), "30004", "00823"),
        ("Hydro Services Ouest SA", "HSO", True, places.Town("Nantes", "44000", "02"),
         ("Parc d'activités du Levant", "3 allée des Sorinières"), "14445", "00400"),
    )  # fmt: skip
    out: list[SampleCreditor] = []
    for name, prefix, via_agency, town, lines, bank, branch in specs:
        siren = random_siren(rng)
        while siren in taken:
            siren = random_siren(rng)
        taken.add(siren)
        domain = slug(name.rsplit(" ", 1)[0]) + ".fr"
        creditor = Creditor(
            id=None,
            name=name,
            siren=siren,
            siret=siret_for(siren, rng),
            vat_number=vat_for(siren),
            iban=random_iban(rng, bank, branch),
            bic="BNPAFRPPXXX" if bank == "30004" else "CEPAFRPP444",
            address=Address(lines=lines, postal_code=town.postal_code, city=town.name),
            email=f"recouvrement@{domain}",
            phone=_phone(rng, town, mobile=False),
        )
        out.append(SampleCreditor(creditor, via_agency, prefix))
    return out[0], out[1]
