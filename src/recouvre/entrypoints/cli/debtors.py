"""CLI commands ``debtor list/show/set``: a debtor's contact details and requests.

A debtor calls or writes: « ne me contactez plus », « uniquement par courrier », « in English,
please », « mon adresse a changé ». ``debtor set`` records it with its reason (the evidence),
journals it on every open case of the debtor, and withdraws what the outbox holds that the
debtor no longer accepts (C. conso L121-6, L121-7 3°). Option names follow
``creditor set`` (English flags, French help and values). The use cases are
``services.parties.debtors.Debtors``; an invalid option writes nothing.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any

import typer

from recouvre.domain.money import from_cents
from recouvre.domain.parties import Channel
from recouvre.entrypoints.cli.options import euros
from recouvre.entrypoints.cli.parties import City, option
from recouvre.entrypoints.cli.setup import open_app, print_json
from recouvre.services.outbox.model import CHANNEL_LABELS as OUTBOX_LABELS
from recouvre.services.parties.debtor_changes import DebtorChanges
from recouvre.services.parties.debtors import CHANNEL_LABELS, DebtorProfile, DebtorUpdate

debtor_app = typer.Typer(
    help="Débiteurs : coordonnées et demandes de contact (ne plus être contacté, canal unique, "
    "langue).",
    no_args_is_help=True,
)


class OnlyChannel(enum.StrEnum):
    COURRIEL = "courriel"
    COURRIER = "courrier"
    SMS = "sms"
    TELEPHONE = "telephone"
    AUCUN = "aucun"


class Lang(enum.StrEnum):
    FR = "fr"
    EN = "en"


_CHANNELS = {
    OnlyChannel.COURRIEL: Channel.EMAIL,
    OnlyChannel.COURRIER: Channel.LETTER,
    OnlyChannel.SMS: Channel.SMS,
    OnlyChannel.TELEPHONE: Channel.PHONE,
}
_PHASES = {
    "amicable": "amiable",
    "formal_notice": "mise en demeure",
    "pre_litigation": "précontentieux",
    "judicial": "judiciaire",
    "collective_proceedings": "procédure collective",
}

_FIELDS = {
    "do_not_contact": "ne pas contacter",
    "only_channel": "canal unique",
    "language": "langue",
    "emails": "courriels",
    "phones": "téléphones",
    "address": "adresse",
}
_STATUSES = {"awaiting_approval": "à valider", "queued": "en file", "deferred": "reportée"}

JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")]
DebtorArg = Annotated[
    str,
    typer.Argument(
        metavar="DÉBITEUR",
        help="Identifiant du débiteur, son SIREN (ou SIRET) ou la référence d'un de ses dossiers "
        "(D-2026-000123).",
    ),
]


def _many(flag: str, help_text: str, metavar: str) -> Any:
    return typer.Option(
        flag, help=help_text + " (répéter l'option pour plusieurs).", metavar=metavar
    )


Emails = Annotated[
    list[str] | None, _many("--email", 'Courriel ; remplace la liste ("" la vide)', "ADRESSE")
]
AddEmails = Annotated[list[str] | None, _many("--add-email", "Ajoute un courriel", "ADRESSE")]
RemoveEmails = Annotated[list[str] | None, _many("--remove-email", "Retire un courriel", "ADRESSE")]
Phones = Annotated[
    list[str] | None, _many("--phone", 'Téléphone ; remplace la liste ("" la vide)', "NUMÉRO")
]
AddPhones = Annotated[list[str] | None, _many("--add-phone", "Ajoute un téléphone", "NUMÉRO")]
RemovePhones = Annotated[list[str] | None, _many("--remove-phone", "Retire un téléphone", "NUMÉRO")]


@debtor_app.command("list", help="Liste les débiteurs (nom, SIREN, ville, préférences).")
def list_debtors(
    search: Annotated[
        str | None,
        option(
            "--search",
            "Texte cherché dans le nom, le SIREN, les courriels, les téléphones, "
            "le code postal et la ville.",
            "TEXTE",
        ),
    ] = None,
    limit: Annotated[int, option("--limit", "Nombre maximal de débiteurs affichés.")] = 200,
    as_json: JsonOption = False,
) -> None:
    from recouvre import bootstrap

    with open_app() as app:
        rows = bootstrap.debtors_service(app).search(search, limit)
    if as_json:
        print_json(
            [
                {
                    "id": r.debtor.id,
                    "kind": r.debtor.kind.value,
                    "name": r.debtor.name,
                    "siren": r.debtor.siren,
                    "postal_code": r.debtor.address.postal_code,
                    "city": r.debtor.address.city,
                    "open_cases": r.open_cases,
                    "do_not_contact": r.debtor.preferences.do_not_contact,
                    "only_channel": None
                    if r.debtor.preferences.only_channel is None
                    else r.debtor.preferences.only_channel.value,
                }
                for r in rows
            ]
        )
        return
    if not rows:
        typer.echo(
            "Aucun débiteur." if not search else f"Aucun débiteur ne correspond à « {search} »."
        )
        return
    for r in rows:
        d = r.debtor
        flags = _flags(d.preferences.do_not_contact, d.preferences.only_channel)
        where = f"{d.address.postal_code} {d.address.city}".strip()
        typer.echo(
            f"{d.id:>6}  {d.siren or '—':9}  {d.name} — {where or 'adresse inconnue'} — "
            f"{r.open_cases} dossier(s) ouvert(s){flags}"
        )


@debtor_app.command(
    "show", help="Affiche un débiteur : coordonnées, préférences de contact, dossiers ouverts."
)
def show_debtor(debtor: DebtorArg, as_json: JsonOption = False) -> None:
    from recouvre import bootstrap

    with open_app() as app:
        profile = bootstrap.debtors_service(app).show(debtor)
    if as_json:
        print_json(profile.as_json())
        return
    _print_profile(profile)


@debtor_app.command(
    "set",
    help="Enregistre une demande du débiteur (ne plus être contacté, un seul canal, langue) ou "
    "corrige ses coordonnées. Le motif (--reason) est obligatoire pour une demande : c'est la "
    "preuve. Chaque modification est inscrite au journal de chaque dossier ouvert ; les envois "
    "en attente que le débiteur n'accepte plus sont retirés. Une option invalide n'enregistre "
    "rien.",
)
def set_debtor(
    debtor: DebtorArg,
    do_not_contact: Annotated[
        bool | None,
        typer.Option(
            "--do-not-contact/--contact-allowed",
            help="Le débiteur demande à ne plus être contacté / lever cette demande.",
            show_default=False,
        ),
    ] = None,
    only_channel: Annotated[
        OnlyChannel | None,
        option(
            "--only-channel",
            "Le débiteur ne veut être contacté que par ce canal ; « aucun » lève la demande.",
        ),
    ] = None,
    language: Annotated[Lang | None, option("--language", "Langue des courriers.")] = None,
    email: Emails = None,
    add_email: AddEmails = None,
    remove_email: RemoveEmails = None,
    phone: Phones = None,
    add_phone: AddPhones = None,
    remove_phone: RemovePhones = None,
    address: Annotated[
        list[str] | None, _many("--address", "Ligne d'adresse ; remplace les lignes", "LIGNE")
    ] = None,
    postal_code: Annotated[
        str | None, option("--postal-code", "Code postal (donne le département).")
    ] = None,
    city: City = None,
    country: Annotated[
        str | None, option("--country", "Pays (code ISO à deux lettres, FR).")
    ] = None,
    reason: Annotated[
        str,
        option(
            "--reason",
            "Motif, preuve de la demande : « appel du 23/11 », « lettre reçue le 20/11 ».",
            "TEXTE",
        ),
    ] = "",
    as_json: JsonOption = False,
) -> None:
    from recouvre import bootstrap

    changes = DebtorChanges(
        do_not_contact=do_not_contact,
        only_channel=None if only_channel in (None, OnlyChannel.AUCUN) else _CHANNELS[only_channel],
        any_channel=only_channel is OnlyChannel.AUCUN,
        language=None if language is None else language.value,
        emails=None if email is None else tuple(email),
        add_emails=tuple(add_email or ()),
        remove_emails=tuple(remove_email or ()),
        phones=None if phone is None else tuple(phone),
        add_phones=tuple(add_phone or ()),
        remove_phones=tuple(remove_phone or ()),
        address_lines=None if address is None else tuple(address),
        postal_code=postal_code,
        city=city,
        country=country,
        reason=reason,
    )
    with open_app() as app:
        update = bootstrap.debtors_service(app).set(debtor, changes)
    if as_json:
        print_json(update.as_json())
        return
    _print_update(update)


def _print_update(update: DebtorUpdate) -> None:
    """What changed, what the open cases withdrew or cancelled, then the profile."""
    d = update.profile.debtor
    if not update.changed:
        typer.echo(f"Débiteur {d.id} ({d.name}) : aucun changement.")
        return
    typer.echo(f"Débiteur {d.id} ({d.name}) enregistré.")
    for label, diff in (("Préférences", update.preferences), ("Coordonnées", update.details)):
        for name, (old, new) in diff.items():
            field = _FIELDS.get(name, name)
            typer.echo(f"  {label} — {field} : {_value(name, old)} → {_value(name, new)}")
    for outcome in update.reactions:
        if outcome.withdrawn:
            typer.echo(
                f"  Dossier {outcome.reference} : envoi(s) en attente retiré(s) : "
                f"{', '.join(outcome.withdrawn)}"
            )
        if outcome.cancelled:
            typer.echo(
                f"  Dossier {outcome.reference} : étape(s) annulée(s) : "
                f"{', '.join(outcome.cancelled)}"
            )
    _print_profile(update.profile)


def _value(name: str, value: Any) -> str:
    if value is None or value == [] or value == "":
        return "aucun" if name == "only_channel" else "—"
    if name == "only_channel":
        return CHANNEL_LABELS[Channel(value)]
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        lines = [*value.get("lines", ()), f"{value.get('postal_code', '')} {value.get('city', '')}"]
        return ", ".join(x.strip() for x in lines if x.strip()) or "—"
    return str(value)


def _channel(value: str) -> str:
    try:
        return OUTBOX_LABELS[Channel(value)]
    except ValueError:
        return value


def _flags(do_not_contact: bool, only: Channel | None) -> str:
    if do_not_contact:
        return " — NE PAS CONTACTER"
    if only is not None:
        return f" — uniquement par {CHANNEL_LABELS[only]}"
    return ""


def _print_profile(profile: DebtorProfile) -> None:
    d, p = profile.debtor, profile.debtor.preferences
    a = d.address
    where = ", ".join([*a.lines, f"{a.postal_code} {a.city}".strip()]).strip(", ")
    channels = ", ".join(sorted(CHANNEL_LABELS[c] for c in d.channels()))
    kind = "entreprise" if d.is_professional else "particulier"
    rows = [
        ("Débiteur", f"{d.name} (n° {d.id}, {kind})"),
        ("SIREN", d.siren),
        ("SIRET", d.siret),
        ("Adresse", where or None),
        ("Pays", a.country),
        ("Département", a.departement),
        ("Courriels", ", ".join(d.emails) or None),
        ("Téléphones", ", ".join(d.phones) or None),
        ("Ne pas contacter", "OUI" if p.do_not_contact else "non"),
        ("Canal unique", None if p.only_channel is None else CHANNEL_LABELS[p.only_channel]),
        ("Langue", p.language),
        ("Canaux possibles", channels or "aucun"),
    ]  # fmt: skip
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        typer.echo(f"{label.ljust(width)} : {value if value else '—'}")
    if not profile.open_cases:
        typer.echo("Aucun dossier ouvert.")
        return
    typer.echo("Dossiers ouverts :")
    for c in profile.open_cases:
        amount = euros(from_cents(c.outstanding_cents))
        nxt = "—" if c.next_action_on is None else c.next_action_on.strftime("%d/%m/%Y")
        typer.echo(
            f"  {c.reference}  {c.creditor_name} — {_PHASES.get(c.phase, c.phase)} — "
            f"reste dû {amount} — prochaine action {nxt}"
        )
        for action in c.pending:
            typer.echo(
                f"      en attente : {action.step_id} ({_channel(action.channel)}, "
                f"{_STATUSES.get(action.status, action.status)}, échéance "
                f"{action.due_on.strftime('%d/%m/%Y')})"
            )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(debtor_app, name="debtor")
