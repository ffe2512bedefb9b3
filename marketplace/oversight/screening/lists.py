"""The term lists: seeded with the defaults on first use, then kept by regulators and operators.

Apart from ``services`` so that the publish hook, which the catalog and trading import, can read
them without importing those domains back.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select

from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.oversight.screening import screen
from marketplace.oversight.screening.defaults import DEFAULT_TERMS
from marketplace.oversight.screening.models import ScreeningTerm


def ensure_defaults():
    """Seed the default lists once, when no term was ever stored (a deactivated term still counts)."""
    with transaction() as session:
        if session.scalar(select(func.count()).select_from(ScreeningTerm)):
            return
        for list_name, term, aliases in DEFAULT_TERMS:
            session.add(ScreeningTerm(list_name=list_name, term=term, aliases=list(aliases)))
        session.flush()
        record("oversight.screening_terms_seeded", after={"count": len(DEFAULT_TERMS)})


def all_terms():
    """Every term, active or not, by list and term."""
    ensure_defaults()
    return db.session.scalars(select(ScreeningTerm).order_by(ScreeningTerm.list_name, ScreeningTerm.term)).all()


def active_terms():
    """The active terms as the pure screening reads them."""
    return [screen.Term(row.list_name, row.term, tuple(row.aliases or ())) for row in all_terms() if row.active]


def current_digest():
    return screen.digest(active_terms())


def _checked(list_name, term, aliases):
    errors = {}
    term = (term or "").strip()
    if list_name not in screen.LISTS:
        errors["list_name"] = [_("Choose a list.")]
    if not term:
        errors["term"] = [_("This field is required.")]
    elif len(term) > 200:
        errors["term"] = [_("Use at most %(n)d characters.", n=200)]
    elif list_name == screen.HAZARDOUS_CHEMICALS and not screen.is_valid_cas(term):
        errors["term"] = [_("Enter the chemical's CAS number (e.g. 7664-93-9); its check digit must be right.")]
    aliases = [alias.strip() for alias in aliases or () if alias and alias.strip()]
    if any(len(alias) > 200 for alias in aliases):
        errors["aliases"] = [_("Use at most %(n)d characters.", n=200)]
    if errors:
        raise InvalidInput(_("Some fields are not valid."), errors)
    return term, aliases


def add_term(actor, list_name, term, aliases=(), note=""):
    """Add a term to a list. :raise InvalidInput: for an unknown list, an empty or duplicate term, a bad CAS number."""
    ensure_defaults()
    term, aliases = _checked(list_name, term, aliases)
    with transaction() as session:
        if session.scalar(select(ScreeningTerm).where(ScreeningTerm.list_name == list_name,
                                                      ScreeningTerm.term == term)):
            raise InvalidInput(_("This term is on the list already."), {"term": [_("Already on the list.")]})
        row = ScreeningTerm(list_name=list_name, term=term, aliases=aliases, note=(note or "").strip(),
                            created_by_id=actor.id)
        session.add(row)
        session.flush()
        record("oversight.screening_term_added", actor=actor.public_id, target=row.public_id,
               after={"list_name": list_name, "term": term, "aliases": aliases})
    return row


def set_active(actor, public_id, active):
    """Switch a term on or off (terms are kept, so a screening's findings still name them). :raise NotFound:"""
    with transaction():
        row = db.session.scalar(lock_for_update(select(ScreeningTerm).where(ScreeningTerm.public_id == public_id))
                                .execution_options(populate_existing=True))
        if row is None:
            raise NotFound(_("There is no such term."))
        if row.active != bool(active):
            record("oversight.screening_term_switched", actor=actor.public_id, target=row.public_id,
                   before={"active": row.active}, after={"active": bool(active)})
            row.active = bool(active)
    return row
