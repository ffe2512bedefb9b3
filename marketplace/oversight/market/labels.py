"""How the market pages name stored codes: the side an enterprise took in a trade."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels

labels.register("oversight_side", {"buy": _l("Bought"), "sell": _l("Sold")})
