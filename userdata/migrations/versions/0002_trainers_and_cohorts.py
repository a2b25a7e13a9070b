"""Trainer accounts, cohorts, memberships and the questions cohort members ask.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trainers",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "cohorts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("trainer_id", sa.String(32), sa.ForeignKey("trainers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=True),
        sa.Column("join_code", sa.String(16), nullable=False, unique=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_cohorts_trainer_id", "cohorts", ["trainer_id"])
    for name, extra in (
        ("cohort_memberships", []),
        ("cohort_questions", [sa.Column("question", sa.String(300), nullable=False),
                              sa.Column("sections", sa.JSON(), nullable=False)]),
    ):
        op.create_table(
            name,
            sa.Column("id", sa.String(32), primary_key=True),
            sa.Column("sender", sa.String(128), nullable=False),
            sa.Column("created", sa.DateTime(timezone=True), nullable=False),
            sa.Column("cohort_id", sa.String(32), sa.ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
            *extra,
        )
        op.create_index(f"ix_{name}_sender", name, ["sender"])
        op.create_index(f"ix_{name}_cohort_id", name, ["cohort_id"])


def downgrade() -> None:
    for name in ("cohort_questions", "cohort_memberships", "cohorts", "trainers"):
        op.drop_table(name)
