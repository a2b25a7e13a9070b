"""Alembic's entry point. The services migrate through userdata.database.migrate, which passes its
connection; `alembic -c alembic.ini …` (new revisions, history) connects to SAMSKAPING_USERDATA_URL."""
from alembic import context
from sqlalchemy import create_engine

from userdata.models import Base
from userdata.settings import UserdataSettings


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    with create_engine(UserdataSettings().userdata_url).begin() as own:
        run(own)
