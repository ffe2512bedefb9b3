"""Properties of what a snapshot stores, over generated credit files (the strategies of the scoring tests)."""
import json
from dataclasses import replace
from datetime import timezone

from hypothesis import given

from credit.grading.snapshots import facts_from_document, snapshot_content
from credit.scoring.standard import STANDARD_MODEL
from tests.credit.scoring.test_properties import facts


def _stored(content):
    """What comes back from a JSON column."""
    return json.loads(json.dumps(content, allow_nan=False))


@given(facts)
def test_the_same_facts_and_model_version_give_the_same_snapshot_content(credit_file):
    first = _stored(snapshot_content(STANDARD_MODEL, credit_file))
    again = _stored(snapshot_content(STANDARD_MODEL, facts_from_document(first["inputs"])))

    assert first == again


@given(facts)
def test_stored_inputs_give_back_the_facts_that_were_scored(credit_file):
    aware = replace(credit_file, as_of=credit_file.as_of.replace(tzinfo=timezone.utc))

    assert facts_from_document(_stored(snapshot_content(STANDARD_MODEL, aware))["inputs"]) == aware
