"""A benchmark app built by the real factory on a migrated, empty database."""
from flask_migrate import upgrade

from marketplace import create_app


def build(database_url, instance, settings=None):
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "benchmark-secret-key-0123456789",
        "RATE_LIMITS": False, "PASSWORD_HASH_COST": "fast", "SERVER_NAME": "bench.local", **(settings or {}),
    }, instance_path=instance)
    with app.app_context():
        from marketplace.extensions import db

        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
    return app
