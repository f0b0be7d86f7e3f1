"""CLI commands ``creditor list/show/set`` and ``agency add/set/list/show``.

A creditor created by an import from its SIREN alone is completed here: identity, bank details,
address, contacts, the letters' appearance and signatory, and the collection agency that writes
for it (CPCE L124-1, R124-4). The use cases are ``services.parties.creditors.Parties``; every
change is
validated (python-stdnum through the domain) and journaled; an invalid option writes nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from recouvre.domain.agencies import Agency, PaymentTo
from recouvre.entrypoints.cli.claim_settings import FeesFrom, FirstReminder, claim_rows
from recouvre.entrypoints.cli.missing_rate import MissingRate, missing_rate_row, policy_of
from recouvre.entrypoints.cli.sender_identity import (
    MailFrom,
    MailReplyTo,
    MailSignature,
    Signatory,
    SignatoryTitle,
    SmsSender,
    identity_rows,
)
from recouvre.entrypoints.cli.setup import fail, open_app, print_json
from recouvre.letters.channels import WindowSide
from recouvre.services.parties.creditors import Parties
from recouvre.services.parties.party_changes import NO_AGENCY, AgencyChanges, CreditorChanges
from recouvre.services.parties.profiles import CreditorProfile, agency_json

creditor_app = typer.Typer(
    help="Créanciers : coordonnées, réglages des lettres et agence de recouvrement.",
    no_args_is_help=True,
)
agency_app = typer.Typer(
    help="Agences de recouvrement écrivant pour le compte de créanciers (CPCE L124-1, R124-4).",
    no_args_is_help=True,
)


class Window(enum.StrEnum):
    GAUCHE = "gauche"
    DROITE = "droite"


class PayTo(enum.StrEnum):
    CREANCIER = "creancier"
    AGENCE = "agence"


_WINDOWS = {Window.GAUCHE: WindowSide.LEFT, Window.DROITE: WindowSide.RIGHT}
_PAY_TO = {PayTo.CREANCIER: PaymentTo.CREDITOR, PayTo.AGENCE: PaymentTo.AGENCY}
_WINDOW_LABELS = {WindowSide.LEFT: "gauche", WindowSide.RIGHT: "droite"}
_PAY_TO_LABELS = {PaymentTo.CREDITOR: "créancier", PaymentTo.AGENCY: "agence"}

JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")]
SirenArg = Annotated[str, typer.Argument(metavar="SIREN", help="SIREN (9 chiffres).")]


def option(flag: str, help_text: str, metavar: str | None = None) -> Any:
    """A Typer option with its French help (the party commands' common shape)."""
    return typer.Option(flag, help=help_text, metavar=metavar)


Name = Annotated[str | None, option("--name", "Raison sociale.")]
Siret = Annotated[str | None, option("--siret", "SIRET (14 chiffres, du même SIREN).")]
Iban = Annotated[str | None, option("--iban", "IBAN du compte à créditer (bloc de paiement).")]
Bic = Annotated[str | None, option("--bic", "BIC de la banque.")]
AddressLines = Annotated[
    list[str] | None,
    option("--address", "Ligne d'adresse (répéter l'option pour plusieurs lignes).", "LIGNE"),
]
PostalCode = Annotated[str | None, option("--postal-code", "Code postal.")]
City = Annotated[str | None, option("--city", "Ville.")]
Country = Annotated[str | None, option("--country", "Pays (code ISO à deux lettres, FR).")]
Email = Annotated[str | None, option("--email", "Courriel de contact.")]
Phone = Annotated[str | None, option("--phone", "Téléphone de contact.")]
Logo = Annotated[
    str | None, option("--logo", 'Image du logo (PNG, JPEG, SVG) ; "" efface.', "FICHIER")
]


def _file(value: str | None, option: str) -> str | None:
    """An existing image a letter can embed (checked by content), as an absolute path; ``""``
    clears; ``None`` leaves as is."""
    from recouvre.bootstrap.letters import image_problem

    if value is None or not value.strip():
        return value
    path = Path(value).expanduser()
    if not path.is_file():
        fail(f"{option} : fichier introuvable « {value} »")
    problem = image_problem(path)
    if problem is not None:
        fail(f"{option} : « {value} » refusé : {problem}")
    return str(path.resolve())


# --- creditors --------------------------------------------------------------------------------


AgencyOption = Annotated[
    str | None,
    option(
        "--agency", "SIREN de l'agence qui écrit pour ce créancier, ou « aucune ».", "SIREN|aucune"
    ),
]
PayToOption = Annotated[
    PayTo | None, option("--payment-to", "Compte du bloc de paiement quand l'agence écrit.")
]


@creditor_app.command("list", help="Liste les créanciers, leur agence et leurs réglages.")
def list_creditors(as_json: JsonOption = False) -> None:
    from recouvre import bootstrap

    with open_app() as app:
        profiles = bootstrap.parties_service(app).creditors()
    if as_json:
        print_json([p.as_json() for p in profiles])
        return
    if not profiles:
        typer.echo("Aucun créancier.")
        return
    for p in profiles:
        agency = f" — agence : {p.agency.name} ({p.agency.siren})" if p.agency else ""
        missing = "" if p.creditor.iban else " — IBAN manquant"
        typer.echo(f"{p.creditor.siren}  {p.creditor.name}{agency}{missing}")


@creditor_app.command("show", help="Affiche un créancier : coordonnées, agence, réglages.")
def show_creditor(siren: SirenArg, as_json: JsonOption = False) -> None:
    from recouvre import bootstrap

    with open_app() as app:
        profile = bootstrap.parties_service(app).creditor(siren)
    if as_json:
        print_json(profile.as_json())
        return
    _print_creditor(profile)


@creditor_app.command(
    "set",
    help="Complète ou modifie un créancier (créé par l'import depuis son SIREN). Chaque "
    "identifiant est vérifié (SIRET, TVA, IBAN, BIC) ; une option invalide n'enregistre rien. "
    "Chaque modification est inscrite au journal de preuve.",
)
def set_creditor(
    siren: SirenArg,
    name: Name = None,
    siret: Siret = None,
    vat: Annotated[str | None, option("--vat", "Numéro de TVA intracommunautaire (FR..).")] = None,
    iban: Iban = None,
    bic: Bic = None,
    address: AddressLines = None,
    postal_code: PostalCode = None,
    city: City = None,
    country: Country = None,
    email: Email = None,
    phone: Phone = None,
    logo: Logo = None,
    signature: Annotated[
        str | None, option("--signature", 'Image de la signature ; "" efface.', "FICHIER")
    ] = None,
    window: Annotated[
        Window | None, option("--window", "Côté de la fenêtre de l'enveloppe DL.")
    ] = None,
    colour: Annotated[str | None, option("--colour", "Couleur des titres (#rrggbb).")] = None,
    signatory: Signatory = None,
    signatory_title: SignatoryTitle = None,
    template: Annotated[
        str | None, option("--template", "Nom du modèle de lettre (.typ, sans extension).")
    ] = None,
    agency: AgencyOption = None,
    payment_to: PayToOption = None,
    mail_from: MailFrom = None,
    mail_reply_to: MailReplyTo = None,
    mail_signature: MailSignature = None,
    sms_sender: SmsSender = None,
    first_reminder: FirstReminder = None,
    fees_from: FeesFrom = None,
    missing_rate: MissingRate = None,
    as_json: JsonOption = False,
) -> None:
    from recouvre import bootstrap

    changes = CreditorChanges(
        first_reminder_days=first_reminder, fees_from=fees_from,
        name=name,
        siret=siret,
        vat_number=vat,
        iban=iban,
        bic=bic,
        address_lines=None if address is None else tuple(address),
        postal_code=postal_code,
        city=city,
        country=country,
        email=email,
        phone=phone,
        logo_path=_file(logo, "--logo"),
        signature_path=_file(signature, "--signature"),
        window=None if window is None else _WINDOWS[window],
        colour=colour,
        signatory=signatory,
        signatory_title=signatory_title,
        template=template,
        agency=None if agency is None else (NO_AGENCY if agency.strip() == "aucune" else agency),
        payment_to=None if payment_to is None else _PAY_TO[payment_to],
        mail_from=mail_from, mail_reply_to=mail_reply_to,
        mail_signature=mail_signature, sms_sender=sms_sender,
        missing_rate=policy_of(missing_rate),
    )  # fmt: skip
    with open_app() as app:
        profile = bootstrap.parties_service(app).set_creditor(siren, changes)
    if as_json:
        print_json(profile.as_json())
        return
    typer.echo(f"Créancier {profile.creditor.siren} enregistré.")
    _print_creditor(profile)


def _print_creditor(p: CreditorProfile) -> None:
    c, s = p.creditor, p.settings
    rows = [
        ("Créancier", f"{c.name} (SIREN {c.siren})"),
        ("SIRET", c.siret),
        ("TVA", c.vat_number),
        ("Adresse", _address(c.address.lines, c.address.postal_code, c.address.city)),
        ("Pays", c.address.country),
        ("Courriel", c.email),
        ("Téléphone", c.phone),
        ("IBAN", c.iban),
        ("BIC", c.bic),
        ("Agence", f"{p.agency.name} (SIREN {p.agency.siren})" if p.agency else None),
        ("Paiement à", _PAY_TO_LABELS[s.payment_to]),
        ("Fenêtre", _WINDOW_LABELS[s.window]),
        ("Couleur", s.colour),
        ("Logo", c.logo_path),
        ("Signature", s.signature_path),
        ("Signataire", " — ".join(x for x in (s.signatory, s.signatory_title) if x) or None),
        ("Modèle", s.template),
        *identity_rows(c.identity),
        *claim_rows(c.claims),
        missing_rate_row(c.missing_rate),
    ]
    if p.via_agency and p.agency is None:
        rows.append(("Agence", "marqué « via agence » mais aucune agence liée (--agency)"))
    _print_rows(rows)


def _address(lines: tuple[str, ...], postal_code: str, city: str) -> str | None:
    text = ", ".join([*lines, f"{postal_code} {city}".strip()]).strip(", ")
    return text or None


def _print_rows(rows: list[tuple[str, str | None]]) -> None:
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        typer.echo(f"{label.ljust(width)} : {value if value else '—'}")


# --- agencies ---------------------------------------------------------------------------------

Activity = Annotated[
    str | None,
    option("--activity", "Mention d'activité (CPCE R124-4 1°), par défaut « Recouvrement amiable "
         "de créances pour le compte de tiers »."),
]  # fmt: skip
Insurance = Annotated[
    str | None,
    option("--insurance", "Assurance de responsabilité civile professionnelle : assureur, "
         "police (CPCE R124-2)."),
]  # fmt: skip
FundsAccount = Annotated[
    str | None,
    option("--funds-account", "Compte exclusivement affecté aux fonds reçus pour les créanciers "
         "(CPCE R124-2)."),
]  # fmt: skip
Declaration = Annotated[
    str | None,
    option("--declaration", "Déclaration au procureur de la République : tribunal, date "
         "(CPCE R124-2)."),
]  # fmt: skip


AgencyWrite = Callable[[Parties, str, AgencyChanges], Agency]


def _agency_command(write: AgencyWrite, clients: list[str] | None) -> Callable[..., None]:
    """``agency add`` and ``agency set``: the same options, a different use case (``write``);
    ``clients`` as shown after the change (``[]``: a new agency writes for nobody yet)."""

    def command(
        siren: SirenArg,
        name: Name = None,
        siret: Siret = None,
        iban: Iban = None,
        bic: Bic = None,
        address: AddressLines = None,
        postal_code: PostalCode = None,
        city: City = None,
        country: Country = None,
        email: Email = None,
        phone: Phone = None,
        activity: Activity = None,
        insurance: Insurance = None,
        funds_account: FundsAccount = None,
        declaration: Declaration = None,
        logo: Logo = None,
        signatory: Signatory = None,
        signatory_title: SignatoryTitle = None,
        mail_from: MailFrom = None,
        mail_reply_to: MailReplyTo = None,
        mail_signature: MailSignature = None,
        sms_sender: SmsSender = None,
        as_json: JsonOption = False,
    ) -> None:
        from recouvre import bootstrap

        changes = AgencyChanges(
            name=name, siret=siret, iban=iban, bic=bic,
            address_lines=None if address is None else tuple(address), postal_code=postal_code,
            city=city, country=country, email=email, phone=phone, activity=activity,
            liability_insurance=insurance, funds_account=funds_account,
            prosecutor_declaration=declaration, logo_path=_file(logo, "--logo"),
            signatory=signatory, signatory_title=signatory_title,
            mail_from=mail_from, mail_reply_to=mail_reply_to, mail_signature=mail_signature,
            sms_sender=sms_sender,
        )  # fmt: skip
        with open_app() as app:
            agency = write(bootstrap.parties_service(app), siren, changes)
        _print_agency(agency, clients, as_json, f"Agence {agency.siren} enregistrée.")

    return command


agency_app.command("add", help="Enregistre une agence de recouvrement (--name obligatoire).")(
    _agency_command(Parties.add_agency, [])
)
agency_app.command("set", help="Modifie une agence ; une option invalide n'enregistre rien.")(
    _agency_command(Parties.set_agency, None)
)


@agency_app.command("list", help="Liste les agences et les créanciers pour qui elles écrivent.")
def list_agencies(as_json: JsonOption = False) -> None:
    from recouvre import bootstrap

    with open_app() as app:
        rows = bootstrap.parties_service(app).agencies()
    if as_json:
        print_json([agency_json(a, clients) for a, clients in rows])
        return
    if not rows:
        typer.echo("Aucune agence.")
        return
    for agency, clients in rows:
        typer.echo(f"{agency.siren}  {agency.name} — {len(clients)} créancier(s)")


@agency_app.command("show", help="Affiche une agence : identité, garanties, créanciers.")
def show_agency(siren: SirenArg, as_json: JsonOption = False) -> None:
    from recouvre import bootstrap

    with open_app() as app:
        agency, clients = bootstrap.parties_service(app).agency(siren)
    _print_agency(agency, [f"{c.name} ({c.siren})" for c in clients], as_json, None)


def _print_agency(
    agency: Agency, clients: list[str] | None, as_json: bool, headline: str | None
) -> None:
    if as_json:
        print_json(agency_json(agency, clients))
        return
    if headline:
        typer.echo(headline)
    a = agency.address
    rows = [
        ("Agence", f"{agency.name} (SIREN {agency.siren})"),
        ("SIRET", agency.siret),
        ("Adresse", _address(a.lines, a.postal_code, a.city)),
        ("Courriel", agency.email),
        ("Téléphone", agency.phone),
        ("IBAN", agency.iban),
        ("BIC", agency.bic),
        ("Activité", agency.activity),
        ("Assurance RC pro", agency.liability_insurance),
        ("Compte des fonds", agency.funds_account),
        ("Déclaration", agency.prosecutor_declaration),
        ("Logo", agency.logo_path),
        (
            "Signataire",
            " — ".join(x for x in (agency.signatory, agency.signatory_title) if x) or None,
        ),
        *identity_rows(agency.identity),
    ]
    if clients is not None:
        rows.append(("Créanciers", ", ".join(clients) or None))
    _print_rows(rows)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(creditor_app, name="creditor")
    app.add_typer(agency_app, name="agency")
