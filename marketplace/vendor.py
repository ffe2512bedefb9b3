"""Front-end packages installed from npm (``make`` runs ``npm ci``), served by us: never from a CDN."""
from flask import Blueprint, abort, send_from_directory

from marketplace import ROOT
from marketplace.permissions import requires
from marketplace.policy import PUBLIC

PACKAGES = {"swagger-ui-dist", "echarts"}

bp = Blueprint("vendor", __name__)


@bp.get("/vendor/<package>/<path:filename>")
@requires(PUBLIC)
def asset(package, filename):
    """:raise 404: for a package that is not on the list."""
    if package not in PACKAGES:
        abort(404)
    return send_from_directory(ROOT / "node_modules" / package, filename, max_age=86400)
