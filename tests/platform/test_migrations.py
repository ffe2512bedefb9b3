"""The migrations are the only way the schema changes, so the schema they build must be the models' schema.

The session ``app`` fixture built its database with ``upgrade`` from nothing; a model changed
without a migration (or a migration that drifted from the models) shows up here as a difference.
"""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from marketplace.extensions import db


def test_the_schema_built_by_the_migrations_matches_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})

        differences = compare_metadata(context, db.metadata)

    assert differences == []


def test_every_model_table_exists_after_upgrade(app):
    with app.app_context(), db.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())

    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_downgrading_to_nothing_and_upgrading_again_gives_the_same_schema(app):
    """An operator who rolls a release back and forward again ends with the schema the models expect."""
    with app.app_context():
        downgrade(revision="base")
        with db.engine.connect() as connection:
            left = set(inspect(connection).get_table_names()) - {"alembic_version"}
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                           db.metadata)

    assert left == set()
    assert differences == []
