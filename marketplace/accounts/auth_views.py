from flask import Blueprint

from marketplace.permissions import requires
from marketplace.policy import PUBLIC

bp = Blueprint("auth", __name__)


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
@requires(PUBLIC)
def reset_password(token):
    return "placeholder"


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@requires(PUBLIC)
def accept_invitation(token):
    return "placeholder"
