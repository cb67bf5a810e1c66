"""Alembic environment. Candor drives Alembic from `assess.platform.migrate`, which hands us an
open connection; running `alembic` by hand is not needed (use `flask --app app db ...`)."""

from alembic import context

from assess.models import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("Run migrations with `flask --app app db upgrade`.")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
