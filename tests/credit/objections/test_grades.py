"""What objections and repair do to the grade: an upheld objection restores it, a repaired penalty stops counting."""
from datetime import date

from credit.file import services as credit_file
from credit.grading import services as grading
from credit.objections import services
from tests.builders import owner_of


def _blacklisting(world, record_entry):
    """A verified enterprise put on the serious illegal and dishonest list (which forces grade C)."""
    enterprise = world.enterprise()
    before = grading.rescore(enterprise, "test").grade
    entry = credit_file.record_entry(world.regulator(), {
        "credit_code": enterprise.credit_code, "kind": "serious_dishonesty", "severity": "serious",
        "decided_on": date(2026, 3, 2), "authority": "天津市市场监督管理委员会", "title": "提供虚假材料"})
    return enterprise, entry, before


def test_an_upheld_objection_restores_the_grade(world, record_entry):
    enterprise, entry, before = _blacklisting(world, record_entry)
    assert before != "C" and grading.grade_of(enterprise) == "C"
    objection = services.file_objection(owner_of(enterprise), enterprise, entry.public_id, "并非本企业所为")
    assert grading.grade_of(enterprise) != "C"  # contested: no automatic ban while the operator checks
    services.answer_objection(world.operator(), objection.public_id, "removed", "经核实列入错误")
    assert grading.grade_of(enterprise) == before


def test_a_kept_entry_counts_again(world, record_entry):
    enterprise, entry, _before = _blacklisting(world, record_entry)
    objection = services.file_objection(owner_of(enterprise), enterprise, entry.public_id, "并非本企业所为")
    services.answer_objection(world.operator(), objection.public_id, "kept", "列入依据充分")
    assert grading.grade_of(enterprise) == "C"


def test_a_correction_replaces_the_entry_and_names_the_objection(world, record_entry):
    enterprise, entry, before = _blacklisting(world, record_entry)
    objection = services.file_objection(owner_of(enterprise), enterprise, entry.public_id, "应为经营异常")
    services.answer_objection(world.operator(), objection.public_id, "corrected", "列入类别有误",
                              {"kind": "abnormal_operations", "severity": "general", "title": "未按时公示年报"})
    correction = objection.correction
    assert (correction.kind, correction.corrects_id) == ("abnormal_operations", entry.id)
    steps = [(step.step, step.related) for step in entry.steps]
    assert ("corrected", objection.public_id) in steps
    assert grading.grade_of(enterprise) != "C"


def test_a_repaired_penalty_stops_counting(world, record_entry):
    enterprise = world.enterprise()
    before = grading.rescore(enterprise, "test").score
    entry = credit_file.record_entry(world.regulator(), {
        "credit_code": enterprise.credit_code, "kind": "penalty", "severity": "general",
        "decided_on": date(2026, 1, 5), "authority": "天津市滨海新区市场监督管理局",
        "decision_number": "津滨市监罚〔2026〕7号", "title": "虚假宣传", "content": "罚款五万元"})
    penalised = grading.standing_of(enterprise).score
    assert penalised < before
    application = services.apply_for_repair(owner_of(enterprise), enterprise, entry.public_id, "已缴纳罚款")
    services.decide_repair(world.operator(), application.public_id, "approved", "整改到位")
    assert grading.standing_of(enterprise).score == before
    assert entry not in credit_file.entries_of(enterprise, "public")
    assert entry in credit_file.entries_of(enterprise, "oversight")
