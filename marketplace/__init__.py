"""Binhai Marketplace: the host application. ``create_app`` is the only way the app is built."""
import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None, instance_path=None):
    """Build the app: defaults, then ``instance/config.py``, then the environment, then ``test_config``."""
    app = Flask(
        __name__,
        instance_path=instance_path or os.environ.get("BINHAI_INSTANCE_PATH") or str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    from marketplace import config

    config.load(app, test_config)
    _init_extensions(app)
    _register_blueprints(app)
    _register_request_hooks(app)
    from marketplace import errors

    errors.register(app)
    return app


def _init_extensions(app):
    from marketplace import i18n
    from marketplace.api import api
    from marketplace.database import render_migration_type
    from marketplace.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), compare_type=True,
                     render_item=render_migration_type)
    login_manager.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    import marketplace.accounts.principals  # noqa: F401  registers the session user loader
    import marketplace.models  # noqa: F401  every table is known to the metadata


def _register_blueprints(app):
    from marketplace import home, vendor
    from marketplace.accounts import api as accounts_api
    from marketplace.accounts import auth_views, enterprise_views, operator_views, staff_views
    from marketplace.api import api, docs
    from marketplace.audit import views as audit_views
    from marketplace.bookings import api as bookings_api
    from marketplace.bookings import views as bookings_views
    from marketplace.catalog import api as catalog_api
    from marketplace.catalog import views as catalog_views
    from marketplace.extensions import csrf
    from marketplace.orders import api as orders_api
    from marketplace.orders import views as orders_views
    from marketplace.search import api as search_api
    from marketplace.search import views as search_views
    from marketplace.sourcing import api as sourcing_api
    from marketplace.sourcing import views as sourcing_views
    from marketplace import settlement_blueprints as settlement
    from credit import blueprints as credit
    from logistics import blueprints as logistics
    from marketplace.notifications import api as notifications_api
    from marketplace.notifications import views as notifications_views
    from marketplace.oversight import blueprints as oversight
    from trading import blueprints as trading

    for blueprint in (home.bp, vendor.bp, docs, auth_views.bp, enterprise_views.bp, operator_views.bp, staff_views.bp,
                      audit_views.bp, catalog_views.bp, bookings_views.bp, sourcing_views.bp, orders_views.bp,
                      search_views.bp, *trading.WEB, *settlement.WEB, *settlement.UNSIGNED_FORMS, *logistics.WEB,
                      *credit.WEB, notifications_views.bp, *oversight.WEB):
        app.register_blueprint(blueprint)
    for blueprint in (accounts_api.blp, catalog_api.blp, bookings_api.blp, sourcing_api.blp, orders_api.blp,
                      search_api.blp, *trading.API, *settlement.API, *logistics.API, *credit.API,
                      notifications_api.blp, *oversight.API):
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    for blueprint in settlement.UNSIGNED_FORMS:
        csrf.exempt(blueprint)


def _register_request_hooks(app):
    from marketplace import permissions, security

    app.before_request(security.assign_request_id)
    app.before_request(permissions.enforce)
    app.after_request(security.add_headers)
