"""The ``recouvre`` Typer application: each module of this package registers its commands.

The commands are thin: they parse arguments, call ``recouvre.bootstrap`` for the wired
services, and print (rich tables or stable JSON). Errors of every layer are shown by
``setup.RecouvreGroup``.
"""

from __future__ import annotations

import typer

from recouvre.entrypoints.cli import (
    calls,
    cases,
    channels,
    deadlines,
    debtors,
    demo,
    documents,
    export_statuses,
    import_einvoice,
    import_fec,
    import_statuses,
    imports,
    journal,
    judicial,
    law,
    legal_identity,
    operations,
    outbox,
    parties,
    payment_plans,
    payments,
    policy,
    portal,
    run,
    scenarios,
    setup,
    simulate,
    tokens,
    users,
)

app = typer.Typer(
    name="recouvre",
    cls=setup.RecouvreGroup,
    help="recouvre : recouvrement de créances pour créanciers et agences (droit français).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

for module in (
    setup,
    imports,
    import_einvoice,
    import_fec,
    cases,
    journal,
    law,
    deadlines,
    scenarios,
    policy,
    documents,
    demo,
    judicial,
    outbox,
    calls,
    channels,
    run,
    simulate,
    parties,
    payment_plans,
    payments,
    legal_identity,
    debtors,
    import_statuses,
    export_statuses,
    users,
    tokens,
    operations,
    portal,
):
    module.register(app)
