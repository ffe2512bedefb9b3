"""Translated names of how a traced thing was reached from the one before it."""
from flask_babel import lazy_gettext as _l

from logistics.tracing.genealogy import CONTAINS, MADE_FROM, MADE_INTO, PACKED_INTO
from marketplace.accounts import labels

labels.register("trace_relation", {
    CONTAINS: _l("was inside"),
    MADE_FROM: _l("went into the making of"),
    PACKED_INTO: _l("holds"),
    MADE_INTO: _l("was made from"),
})


def relation_name(relation):
    return labels.label(relation, "trace_relation")
