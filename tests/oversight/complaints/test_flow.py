"""Which handling steps are open when: properties over every status and fact, and the usual paths."""
from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.complaints import flow
from marketplace.oversight.complaints.flow import Action, Facts, Status

facts = st.builds(Facts, st.sampled_from(list(Status)), extended=st.booleans(), case_decided=st.booleans(),
                  named_reporter=st.booleans(), reporter_told=st.booleans(), parties_told=st.booleans())


@given(facts)
def test_a_finished_complaint_only_still_owes_the_reporter_an_answer(state):
    if state.status in flow.FINISHED:
        assert set(flow.open_actions(state)) <= {Action.TELL_REPORTER}


@given(facts)
def test_every_open_step_leads_to_a_status_that_exists(state):
    for action in flow.open_actions(state):
        assert flow.next_status(action, state.status) in set(Status)


@given(facts)
def test_extension_is_open_once_and_closing_waits_for_the_case_decision(state):
    opened = flow.open_actions(state)
    if state.extended:
        assert Action.EXTEND not in opened
    if state.status == Status.INVESTIGATING and not state.case_decided:
        assert Action.CLOSE not in opened
    if not state.named_reporter:
        assert Action.TELL_REPORTER not in opened


def test_a_new_complaint_is_accepted_or_refused():
    assert flow.open_actions(Facts(Status.SUBMITTED)) == [Action.ACCEPT, Action.REFUSE]


def test_failed_mediation_must_tell_both_parties_before_it_closes():
    failed = Facts(Status.MEDIATION_FAILED)
    assert flow.refusal(Action.CLOSE, failed) == "parties_not_told"
    assert flow.refusal(Action.CLOSE, Facts(Status.MEDIATION_FAILED, parties_told=True)) is None


def test_the_path_of_an_upheld_report():
    status = Status.SUBMITTED
    for action in (Action.ACCEPT, Action.INVESTIGATE, Action.OPEN_CASE):
        assert flow.refusal(action, Facts(status, named_reporter=True)) is None
        status = flow.next_status(action, status)
    assert status == Status.INVESTIGATING
    assert flow.refusal(Action.TELL_REPORTER, Facts(status, named_reporter=True, case_decided=True)) is None
    assert flow.next_status(Action.CLOSE, status) == Status.CLOSED
