"""An enterprise with official entries on its file, as the credit file would have recorded them."""
from datetime import date

import pytest

from credit.file.models import OfficialEntry, OfficialEntryStep
from marketplace.database import transaction
from tests.builders import owner_of

PDF = ("decision-appeal.pdf", "application/pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
TODAY = date(2026, 9, 15)


@pytest.fixture
def record_entry(world):
    """Record an official entry on an enterprise's file (the credit file's own recording is tested there)."""

    def record(enterprise, kind="penalty", severity="general", decided_on=date(2026, 3, 2),
               publicity_min_until=date(2026, 6, 2), publicity_max_until=date(2027, 3, 2), **fields):
        with transaction() as session:
            entry = OfficialEntry(enterprise_id=enterprise.id, credit_code=enterprise.credit_code, kind=kind,
                                  severity=severity, decided_on=decided_on, authority="天津市滨海新区市场监督管理局",
                                  decision_number="津滨市监罚〔2026〕118号", title="虚假宣传",
                                  content="罚款人民币五万元", publicity_min_until=publicity_min_until,
                                  publicity_max_until=publicity_max_until, source="web", **fields)
            session.add(entry)
            session.flush()
            session.add(OfficialEntryStep(entry_id=entry.id, step="recorded"))
        return entry

    return record


@pytest.fixture
def penalised(world, record_entry):
    """``(enterprise, owner, entry)``: a verified enterprise with one general administrative penalty."""
    enterprise = world.enterprise()
    return enterprise, owner_of(enterprise), record_entry(enterprise)
