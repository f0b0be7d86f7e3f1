"""Agencies, and each creditor's agency and letter settings.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 11:10:00

``creditors`` gains its columns by ``ALTER TABLE ... ADD COLUMN`` on both backends: on SQLite a
batch *recreation* of ``creditors`` would drop a table that cases and invoices reference (the
engine enforces foreign keys), so the new foreign key is declared inline with the column, which
SQLite accepts for a column whose default is NULL. Existing rows keep their data; a creditor
marked ``via_agency`` keeps the flag until an agency is linked to it. For the same reason a
SQLite downgrade keeps ``agencies`` and ``creditors.agency_id`` (emptied), and the upgrade
after it reuses them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

_EMPTY = sa.text("''")
_FK = "fk_creditors_agency_id_agencies"


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    # On SQLite a downgrade leaves ``agencies`` and ``creditors.agency_id`` in place (see
    # ``downgrade``): an upgrade after it keeps them.
    kept = sqlite and sa.inspect(bind).has_table("agencies")
    if not kept:
        _create_agencies()
    if sqlite:
        if not kept:
            op.execute(
                f"ALTER TABLE creditors ADD COLUMN agency_id INTEGER CONSTRAINT {_FK} "
                "REFERENCES agencies (id)"
            )
    else:
        op.add_column("creditors", sa.Column("agency_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f(_FK), "creditors", "agencies", ["agency_id"], ["id"])
    _add_settings_columns()


def _create_agencies() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("siren", sa.String(length=9), nullable=False),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("address_lines", sa.Text(), server_default=_EMPTY, nullable=False),
        sa.Column("postal_code", sa.String(length=10), server_default=_EMPTY, nullable=False),
        sa.Column("city", sa.String(length=100), server_default=_EMPTY, nullable=False),
        sa.Column("country", sa.String(length=2), server_default="FR", nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("activity", sa.Text(), nullable=False),
        sa.Column("liability_insurance", sa.Text(), server_default=_EMPTY, nullable=False),
        sa.Column("funds_account", sa.Text(), server_default=_EMPTY, nullable=False),
        sa.Column("prosecutor_declaration", sa.Text(), server_default=_EMPTY, nullable=False),
        sa.Column("logo_path", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("siren", name=op.f("uq_agencies_siren")),
    )


def _add_settings_columns() -> None:
    op.add_column(
        "creditors",
        sa.Column("window_side", sa.String(length=5), server_default="right", nullable=False),
    )
    op.add_column("creditors", sa.Column("colour", sa.String(length=7), nullable=True))
    op.add_column("creditors", sa.Column("signature_path", sa.Text(), nullable=True))
    op.add_column("creditors", sa.Column("signatory", sa.String(length=200), nullable=True))
    op.add_column("creditors", sa.Column("signatory_title", sa.String(length=200), nullable=True))
    op.add_column("creditors", sa.Column("template", sa.String(length=64), nullable=True))
    op.add_column(
        "creditors",
        sa.Column("payment_to", sa.String(length=8), server_default="creditor", nullable=False),
    )


def downgrade() -> None:
    columns = (
        "payment_to",
        "template",
        "signatory_title",
        "signatory",
        "signature_path",
        "colour",
        "window_side",
    )
    if op.get_bind().dialect.name == "sqlite":
        # Dropping ``agency_id`` (a foreign key) or ``agencies`` (referenced) would need the
        # recreation of ``creditors``, which cases and invoices reference, with foreign keys
        # off: impossible inside the migration's transaction (a deferred check still fails at
        # commit). Both stay, emptied and unused; ``upgrade`` finds and keeps them.
        op.execute("UPDATE creditors SET agency_id = NULL")
        op.execute("DELETE FROM agencies")
        for name in columns:
            op.execute(f"ALTER TABLE creditors DROP COLUMN {name}")
        return
    op.drop_constraint(op.f(_FK), "creditors", type_="foreignkey")
    op.drop_column("creditors", "agency_id")
    for name in columns:
        op.drop_column("creditors", name)
    op.drop_table("agencies")
