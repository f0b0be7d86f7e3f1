"""CLI commands ``recouvre sample`` and ``recouvre demo``: the product's showcase.

The demo is a sequence of named steps (``STEPS``), each printing its section heading; later
capabilities (the daily run, letters, simulation) add a step to the tuple. Everything it prints
is deterministic given ``--on`` and ``--seed``: "today" is read from the clock only when
``--on`` is not given.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from rich.console import Console
from rich.table import Table

from recouvre import bootstrap
from recouvre.bootstrap import simulation
from recouvre.domain.parties import DebtorKind
from recouvre.entrypoints.cli.demo_web import step_web
from recouvre.entrypoints.cli.options import date_or_today, euros
from recouvre.services.cases.portfolio import PortfolioSummary, summarise
from recouvre.services.imports.invoices import ImportReport
from recouvre.settings import Settings, load_settings
from recouvre.simulation.sample.csv_writer import WrittenFiles, write_portfolio
from recouvre.simulation.sample.generator import DEFAULT_SEED, SamplePortfolio, generate

LOCALE = "fr_FR"
DEMO_ACTOR = "cli:demo"  # who the journal names for what the demo imports
SAMPLE_FOLDER = "exemple"  # inside the data folder: the CSV files the demo imports
DEMO_SIMULATION_DAYS = 60  # recouvre simulate in the demo: long enough for a formal notice


class DemoAborted(Exception):
    """A step could not go on; the message (French) says why and what to do."""


def count(value: int) -> str:
    return format_decimal(value, locale=LOCALE)


def long_date(value: date) -> str:
    return format_date(value, format="long", locale=LOCALE)


# --- The demo, step by step ------------------------------------------------------------------


@dataclass
class DemoRun:
    """What the steps share; each step reads what earlier ones left and adds its part."""

    console: Console
    settings: Settings
    on: date
    seed: int
    fresh: bool
    app: bootstrap.App | None = None
    portfolio: SamplePortfolio | None = None
    files: WrittenFiles | None = None
    reports: list[ImportReport] = field(default_factory=list)
    summary: PortfolioSummary | None = None

    def need_app(self) -> bootstrap.App:
        assert self.app is not None, "l'étape « base de données » n'a pas été jouée"
        return self.app

    def need_portfolio(self) -> SamplePortfolio:
        assert self.portfolio is not None, "l'étape « portefeuille » n'a pas été jouée"
        return self.portfolio


@dataclass(frozen=True, slots=True)
class DemoStep:
    title: str
    run: Callable[[DemoRun], None]


def step_database(run: DemoRun) -> None:
    """Create (or keep) the embedded database and bring it to the latest schema.

    ``--fresh`` erases the database first, but only a SQLite file that holds nothing but the
    demonstration (no other creditor): the default location is also that of real data.
    """
    # cases are opened "today", that is on --on
    app = run.app = simulation.build_on_day(run.settings, run.on, DEMO_ACTOR)
    portfolio = run.portfolio = run.portfolio or generate(run.on, run.seed)
    sqlite_path = app.sqlite_path()
    if run.fresh:
        foreign = simulation.foreign_creditors(app, portfolio.creditors)
        if foreign:
            raise DemoAborted(
                f"la base {app.database_location()} contient des créanciers qui ne viennent pas "
                f"de la démonstration ({', '.join(foreign[:3])}) : elle n'est pas effacée. "
                "Relancez avec --keep, ou choisissez un autre RECOUVRE_DATA_DIR."
            )
        if sqlite_path is None:
            if simulation.has_creditors(app):
                raise DemoAborted(
                    "--fresh n'efface qu'une base SQLite locale : sur PostgreSQL, partez d'une "
                    "base vide ou relancez avec --keep"
                )
        else:
            app.engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    app.init_database()
    state = "nouvelle base" if run.fresh else "base conservée"
    run.console.print(
        f"Base de données : [bold]{app.database_location()}[/] ({state}, schéma à jour)",
        soft_wrap=True,
    )


def step_sample(run: DemoRun) -> None:
    """Generate the sample portfolio and write it as the CSV files a user would import."""
    portfolio = run.portfolio = run.portfolio or generate(run.on, run.seed)
    folder = run.settings.data_dir / SAMPLE_FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    run.files = write_portfolio(portfolio, folder)
    debtors = portfolio.debtors
    consumers = sum(1 for d in debtors if d.kind is DebtorKind.CONSUMER)
    alsace = sum(1 for d in debtors if d.address.is_alsace_moselle)
    overseas = sum(1 for d in debtors if d.address.is_overseas)
    abroad = sum(1 for d in debtors if d.address.is_abroad)
    run.console.print(
        f"Graine {run.seed}, portefeuille au {long_date(run.on)} : "
        f"{count(len(portfolio.creditors))} créanciers, {count(len(debtors))} débiteurs "
        f"(dont {count(consumers)} particuliers, {count(alsace)} en Alsace-Moselle, "
        f"{count(overseas)} outre-mer, {count(abroad)} à l'étranger), "
        f"{count(len(portfolio.invoices))} factures."
    )
    for sample in portfolio.creditors:
        role = "client d'une agence de recouvrement" if sample.via_agency else "PME"
        run.console.print(f"  • {sample.creditor.name} (SIREN {sample.creditor.siren}) : {role}")
    run.console.print(f"Fichiers CSV écrits dans [bold]{folder}[/]", soft_wrap=True)


def step_import(run: DemoRun) -> None:
    """Register the creditors, then import each CSV through the real import service."""
    app, portfolio = run.need_app(), run.need_portfolio()
    assert run.files is not None
    simulation.register_sample_parties(app, portfolio.creditors)
    importer = bootstrap.import_invoices_service(app)  # what ``recouvre import invoices`` runs
    table = Table(title=None, show_edge=False)
    for header in ("fichier", "lignes", "créées", "inchangées", "dossiers ouverts"):
        table.add_column(header, justify="left" if header == "fichier" else "right")
    for siren, path in run.files.invoices:
        report = importer.run(importer.open(path), creditor_siren=siren)
        run.reports.append(report)
        if not report.ok:
            for issue in report.issues[:10]:
                run.console.print(f"  [red]{issue}[/]")
            raise DemoAborted(
                f"l'import de {path.name} a échoué ({count(report.issue_count)} erreurs)"
            )
        table.add_row(
            path.name,
            count(report.rows),
            count(report.created),
            count(report.unchanged),
            count(report.cases_opened),
        )
    run.console.print(table)


def step_summary(run: DemoRun) -> None:
    """The portfolio on ``on``: counts, outstanding, ageing buckets, a few accounts."""
    summary = summarise(bootstrap.portfolio_reader(run.need_app()), run.on)
    run.summary = summary
    console = run.console
    console.print(f"Créanciers : [bold]{count(summary.creditors)}[/]")
    console.print(f"Débiteurs : [bold]{count(summary.debtors)}[/]")
    console.print(f"Dossiers ouverts : [bold]{count(summary.open_cases)}[/]")
    console.print(f"Factures ouvertes : [bold]{count(summary.open_invoices)}[/]")
    console.print(f"Encours total : [bold]{euros(summary.outstanding)}[/]")
    ageing = Table(title="Balance âgée (jours de retard)", show_edge=False)
    ageing.add_column("tranche")
    ageing.add_column("factures", justify="right")
    ageing.add_column("montant", justify="right")
    ageing.add_column("part", justify="right")
    for bucket in summary.buckets:
        share = bucket.outstanding / summary.outstanding if summary.outstanding else Decimal(0)
        ageing.add_row(
            bucket.bucket.label,
            count(bucket.invoices),
            euros(bucket.outstanding),
            format_percent(share, format="#,##0.0 %", locale=LOCALE),
        )
    ageing.add_section()
    ageing.add_row(
        "total", count(summary.open_invoices), euros(summary.outstanding), "100,0\u00a0%"
    )
    console.print(ageing)


def _lateness(days_late: int) -> str:
    if days_late <= 0:
        return "non échu"
    return f"{count(days_late)}\u00a0jour{'s' if days_late > 1 else ''} de retard"


def step_sample_cases(run: DemoRun) -> None:
    """A few accounts that show the variety of the book."""
    assert run.summary is not None
    table = Table(show_edge=False, show_header=False, show_lines=True)
    table.add_column("pourquoi", style="bold", max_width=16)
    table.add_column("dossier")
    for line in run.summary.sample_accounts:
        account = line.account
        place = account.city + (f" ({account.departement})" if account.departement else "")
        kind = ", particulier" if account.debtor_kind == DebtorKind.CONSUMER.value else ""
        invoices = "facture ouverte" if account.open_invoices == 1 else "factures ouvertes"
        table.add_row(
            line.why[:1].upper() + line.why[1:],
            f"[bold]{account.case_reference or 'sans dossier'}[/] {account.debtor_name}{kind}, "
            f"{place}\n{count(account.open_invoices)} {invoices} · {euros(line.outstanding)} · "
            f"{_lateness(line.oldest_days_late)}\n"
            f"[dim]créancier : {account.creditor_name}[/]",
        )
    run.console.print(table)


def step_simulation(run: DemoRun) -> None:
    """Sixty days of daily runs on a scratch copy, with debtors answering as the model fitted
    on real late-payment data says (``recouvre simulate``, docs/simulation.md)."""
    from recouvre.entrypoints.cli.simulate import print_report

    report = simulation.simulate_portfolio(run.need_app(), run.on, DEMO_SIMULATION_DAYS, run.seed)
    print_report(run.console, report)


STEPS: tuple[DemoStep, ...] = (
    DemoStep("Base de données", step_database),
    DemoStep("Portefeuille d'exemple", step_sample),
    DemoStep("Import des factures", step_import),
    DemoStep("Synthèse du portefeuille", step_summary),
    DemoStep("Quelques dossiers", step_sample_cases),
    DemoStep("Simulation sur 60 jours", step_simulation),
    DemoStep("Application web", step_web),
)


def run_demo(run: DemoRun, steps: tuple[DemoStep, ...] = STEPS) -> None:
    try:
        for number, step in enumerate(steps, start=1):
            run.console.rule(f"[bold]{number}. {step.title}", align="left")
            step.run(run)
    finally:
        if run.app is not None:
            run.app.dispose()


# --- Commands --------------------------------------------------------------------------------


def sample_command(
    out_dir: Annotated[
        Path, typer.Argument(help="Dossier où écrire les fichiers CSV.", metavar="DOSSIER")
    ],
    seed: Annotated[int, typer.Option(help="Graine du générateur.")] = DEFAULT_SEED,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", metavar="DATE", help="Date du portefeuille (défaut : aujourd'hui, Paris)."
        ),
    ] = None,
) -> None:
    """Écrire le portefeuille d'exemple en CSV (un fichier de factures par créancier)."""
    when = date_or_today(on, "--on", bootstrap.today)
    written = write_portfolio(generate(when, seed), out_dir)
    console = Console()
    console.print(f"Portefeuille d'exemple au {long_date(when)} (graine {seed}) :")
    console.print(f"  {written.creditors}", soft_wrap=True)
    for siren, path in written.invoices:
        console.print(
            f"  {path}  [dim](recouvre import invoices {path} --creditor {siren})[/]",
            soft_wrap=True,
        )


def demo_command(
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="Date de la démonstration, AAAA-MM-JJ ou JJ/MM/AAAA (défaut : aujourd'hui).",
        ),
    ] = None,
    fresh: Annotated[
        bool,
        typer.Option(
            "--fresh/--keep",
            help="Repartir d'une base de démonstration neuve, ou garder la base existante.",
        ),
    ] = True,
    seed: Annotated[int, typer.Option(help="Graine du portefeuille d'exemple.")] = DEFAULT_SEED,
) -> None:
    """Démonstration : base SQLite locale, portefeuille d'exemple importé, balance âgée."""
    run = DemoRun(
        Console(), load_settings(), date_or_today(on, "--on", bootstrap.today), seed, fresh
    )
    try:
        run_demo(run)
    except DemoAborted as exc:
        run.console.print(f"[bold red]Démonstration interrompue :[/] {exc}", soft_wrap=True)
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("sample")(sample_command)
    app.command("demo")(demo_command)
