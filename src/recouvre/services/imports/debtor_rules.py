"""The rules an import row's debtor columns must meet, and the ``DebtorRecord`` they make.

- the debtor's kind (C. com. L441-10 for companies, C. conso for consumers): the ``type``
  column when present, else a company when a SIREN or SIRET is given, else a consumer. A
  company needs a SIREN or SIRET; a consumer has none;
- SIREN and SIRET with a valid Luhn key, checked by python-stdnum
  (``recouvre.domain.identifiers``), and a SIRET that belongs to the SIREN given beside it;
- well-formed e-mail addresses, a two-letter ISO country, lengths that fit the database.

Written for speed (a million rows): the common case runs straight through, identifier checks
and the postal-code look-up are cached per file, and a rule reports only when broken.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from stdnum import luhn

from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import validate_siren, validate_siret
from recouvre.domain.parties import DebtorKind, debtor_key, departement_of
from recouvre.services.imports.rows import (
    COUNTRY_WORDS,
    EMAIL_ADDRESS,
    EMAIL_SEPARATORS,
    KIND_WORDS,
    MAX_LENGTHS,
    PHONE_SEPARATORS,
    Cell,
    DebtorRecord,
    Field,
    ImportIssue,
    IssueReporter,
    fold,
)

_NAME = Field.NAME
_SIREN = Field.SIREN
_SIRET = Field.SIRET
_KIND = Field.KIND
_EMAIL = Field.EMAIL
_PHONE = Field.PHONE
_COUNTRY = Field.COUNTRY
_POSTAL_CODE = Field.POSTAL_CODE
_CITY = Field.CITY
_ADDRESS = Field.ADDRESS
_ADDRESS_2 = Field.ADDRESS_2
_COMPANY = DebtorKind.COMPANY
_CONSUMER = DebtorKind.CONSUMER
_MAX_NAME = MAX_LENGTHS[_NAME]
_MAX_POSTAL_CODE = MAX_LENGTHS[_POSTAL_CODE]
_MAX_CITY = MAX_LENGTHS[_CITY]
_new_tuple = tuple.__new__
_EMAIL_MATCH = EMAIL_ADDRESS.fullmatch
_UNKNOWN = "?"  # not a département: marks a postal code not looked up yet

# (kind, siren, siret, every identifier valid)
Identity = tuple[DebtorKind, str | None, str | None, bool]


def check_siren(value: str) -> str | InvalidIdentifier:
    """A SIREN's compact form, or why it is invalid (python-stdnum)."""
    if len(value) == 9 and value.isdigit() and luhn.checksum(value) == 0:
        return value  # what siren.validate returns, without its generic clean-up
    try:
        return validate_siren(value)
    except InvalidIdentifier as exc:
        return exc


def check_siret(value: str) -> str | InvalidIdentifier:
    """A SIRET's compact form, or why it is invalid (python-stdnum, La Poste's rule included)."""
    if len(value) == 14 and value.isdigit() and luhn.checksum(value) == 0:
        return value
    try:
        return validate_siret(value)
    except InvalidIdentifier as exc:
        return exc


class DebtorRules(IssueReporter):
    """One per file: caches the identifier checks, kinds and départements already seen."""

    def __init__(self, columns: Mapping[Field, str]) -> None:
        super().__init__(columns)
        self._sirens: dict[str, str | InvalidIdentifier] = {}
        self._sirets: dict[str, str | InvalidIdentifier] = {}
        self._kinds: dict[str, DebtorKind | None] = {}
        self._departements: dict[str, str | None] = {}

    def record(
        self, line: int, cells: Mapping[Field, Cell], issues: list[ImportIssue]
    ) -> DebtorRecord | None:
        """The debtor of a row, or ``None`` with its errors added to ``issues``."""
        text: Mapping[Field, str] = cells  # type: ignore[assignment]  # text fields hold str
        get = text.get
        name = get(_NAME, "")
        if len(name) > _MAX_NAME:
            self._too_long(issues, line, _NAME, name)
        identity = self._identity(line, get, issues)
        if identity is None:
            return None
        kind, siren, siret, ok = identity
        emails = get(_EMAIL, "")
        # One address (the usual case) matches EMAIL_ADDRESS, which excludes separators.
        if emails and _EMAIL_MATCH(emails) is None:
            ok = self._check_emails(emails, line, issues) and ok
            if "," in emails or ";" in emails or " " in emails or "\t" in emails:
                emails = "\n".join(e for e in EMAIL_SEPARATORS.split(emails) if e)
        phones = get(_PHONE, "")
        if "," in phones or ";" in phones or "/" in phones or "\n" in phones:
            phones = "\n".join(p.strip() for p in PHONE_SEPARATORS.split(phones) if p.strip())
        country = get(_COUNTRY, "")
        if country:
            ok = self._check_country(country, line, issues) and ok
            country = COUNTRY_WORDS.get(fold(country), country.upper())
        else:
            country = "FR"
        postal_code = get(_POSTAL_CODE, "")
        city = get(_CITY, "")
        if len(postal_code) > _MAX_POSTAL_CODE or len(city) > _MAX_CITY:
            for f, value in ((_POSTAL_CODE, postal_code), (_CITY, city)):
                if len(value) > MAX_LENGTHS[f]:
                    self._too_long(issues, line, f, value)
            ok = False
        if not ok or not name:
            return None
        if "  " in name or "\n" in name or "\t" in name:
            name = " ".join(name.split())
        address = get(_ADDRESS, "")
        address_2 = get(_ADDRESS_2, "")
        if address_2 or "\n" in address:
            lines = [*address.splitlines(), *address_2.splitlines()]
            address = "\n".join(x.strip() for x in lines if x.strip())
        key = debtor_key(kind, siren, name, postal_code)  # the one rule (domain.parties)
        departement: str | None = None
        if country == "FR":
            departement = self._departements.get(postal_code, _UNKNOWN)
            if departement is _UNKNOWN:
                departement = self._departement(postal_code)
        return _new_tuple(
            DebtorRecord,
            (
                key,
                kind,
                name,
                siren,
                siret,
                address,
                postal_code,
                city,
                country,
                departement,
                emails,
                phones,
            ),
        )

    def _identity(
        self, line: int, get: Callable[[Field, str], str], issues: list[ImportIssue]
    ) -> Identity | None:
        """Kind, SIREN and SIRET; ``None`` when the row cannot name a debtor at all (unknown
        kind, a company without identifier): its other debtor columns are not checked."""
        siren_raw = get(_SIREN, "")
        siret_raw = get(_SIRET, "")
        if siren_raw and not siren_raw.isdigit():
            siren_raw = siren_raw.replace(" ", "").replace(".", "")
        if siret_raw and not siret_raw.isdigit():
            siret_raw = siret_raw.replace(" ", "").replace(".", "")
        kind_raw = get(_KIND, "")
        kind: DebtorKind | None
        if kind_raw:
            kind = self._kinds.get(kind_raw) or self._kind(kind_raw)
            if kind is None:
                message = f"type « {kind_raw} » inconnu : « entreprise » ou « particulier » attendu"
                self._err(issues, line, _KIND, message)
                return None
        else:
            kind = _COMPANY if siren_raw or siret_raw else _CONSUMER
        if kind is not _COMPANY:
            if siren_raw or siret_raw:
                message = (
                    "un particulier n'a pas de SIREN ni de SIRET : corrigez la colonne « type »"
                )
                self._err(issues, line, _SIREN if siren_raw else _SIRET, message)
                return kind, None, None, False
            return kind, None, None, True
        if not siren_raw and not siret_raw:
            self._err(issues, line, _SIREN, "SIREN ou SIRET obligatoire pour une entreprise")
            return None
        ok = True
        siren: str | None = None
        siret: str | None = None
        if siren_raw:
            known = self._sirens.get(siren_raw)
            if isinstance(known, str):
                siren = known
            else:
                siren = self._identifier(siren_raw, _SIREN, line, issues)
                ok = siren is not None
        if siret_raw:
            siret = self._identifier(siret_raw, _SIRET, line, issues)
            if siret is None:
                ok = False
            elif siren is not None and siret[:9] != siren:
                self._err(issues, line, _SIRET, f"SIRET {siret} n'appartient pas au SIREN {siren}")
                ok = False
            elif siren is None and ok:
                siren = siret[:9]
        return kind, siren, siret, ok

    def _identifier(self, raw: str, f: Field, line: int, issues: list[ImportIssue]) -> str | None:
        cache, check = (
            (self._sirens, check_siren) if f is Field.SIREN else (self._sirets, check_siret)
        )
        result = cache.get(raw)
        if result is None:
            result = cache[raw] = check(raw)
        if isinstance(result, InvalidIdentifier):
            self._err(issues, line, f, str(result))
            return None
        return result

    def _kind(self, raw: str) -> DebtorKind | None:
        if raw not in self._kinds:
            self._kinds[raw] = KIND_WORDS.get(fold(raw))
        return self._kinds[raw]

    def _departement(self, postal_code: str) -> str | None:
        if postal_code not in self._departements:
            self._departements[postal_code] = departement_of(postal_code)
        return self._departements[postal_code]

    def _check_emails(self, text: str, line: int, issues: list[ImportIssue]) -> bool:
        if EMAIL_ADDRESS.fullmatch(text) is not None:
            return True
        ok = True
        for email in EMAIL_SEPARATORS.split(text):
            if email and EMAIL_ADDRESS.fullmatch(email) is None:
                self._err(issues, line, _EMAIL, f"adresse e-mail invalide : « {email} »")
                ok = False
        return ok

    def _check_country(self, raw: str, line: int, issues: list[ImportIssue]) -> bool:
        country = COUNTRY_WORDS.get(fold(raw), raw.upper())
        if len(country) == 2 and country.isalpha():
            return True
        message = f"pays « {raw} » : code ISO à deux lettres attendu"
        self._err(issues, line, _COUNTRY, message)
        return False
