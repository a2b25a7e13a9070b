"""Group figures from snapshots, seats per cohort, closing a cohort, revocable trainer sessions,
and join attempts.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE … ADD COLUMN (batch mode does not copy the tables for an added column).
    with op.batch_alter_table("trainers") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("cohorts") as batch:
        batch.add_column(sa.Column("seats", sa.Integer(), nullable=False, server_default="30"))
        batch.add_column(sa.Column("closed", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "cohort_snapshots",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("cohort_id", sa.String(32), sa.ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("taken", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released", sa.Boolean(), nullable=False),
        sa.Column("contributors", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.Column("members", sa.JSON(), nullable=True),
        sa.UniqueConstraint("cohort_id", "kind", "taken", name="uq_cohort_snapshots_slot"),
    )
    op.create_index("ix_cohort_snapshots_cohort_id", "cohort_snapshots", ["cohort_id"])
    op.create_table(
        "join_attempts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("sender", sa.String(128), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("missed", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_join_attempts_sender", "join_attempts", ["sender"])
    op.create_index("ix_join_attempts_created", "join_attempts", ["created"])


def downgrade() -> None:
    op.drop_table("join_attempts")
    op.drop_table("cohort_snapshots")
    with op.batch_alter_table("cohorts") as batch:
        batch.drop_column("closed")
        batch.drop_column("seats")
    with op.batch_alter_table("trainers") as batch:
        batch.drop_column("session_version")
