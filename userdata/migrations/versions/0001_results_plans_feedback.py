"""Readiness results, plans and feedback: the tables from before migrations.

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _user_record(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("sender", sa.String(128), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        *columns,
    )
    op.create_index(f"ix_{name}_sender", name, ["sender"])


def upgrade() -> None:
    _user_record(
        "readiness_results",
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("chart_png", sa.LargeBinary(), nullable=False),
    )
    _user_record(
        "plans",
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
    )
    _user_record(
        "feedback",
        sa.Column("rating", sa.String(8), nullable=False),
        sa.Column("passage_ids", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    for name in ("feedback", "plans", "readiness_results"):
        op.drop_table(name)
