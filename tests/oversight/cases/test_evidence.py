"""The evidence CSV holds every evidence row as it was; the manifest's hashes are the files' hashes."""
import csv
import hashlib
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.cases import evidence

values = st.one_of(st.none(), st.integers(), st.text(max_size=20), st.decimals(allow_nan=False, places=2).map(str))
rows = st.dictionaries(st.sampled_from(["trade", "price", "quantity", "buyer", "seller", "卖方", "at"]), values,
                       min_size=1, max_size=5)
alerts = st.lists(st.fixed_dictionaries({
    "public_id": st.text("abc123", min_size=4, max_size=8).map(lambda text: "alr_" + text),
    "rule_label": st.just("wash_trades@v1"), "occurred_on": st.just("2026-11-20"),
    "severity": st.sampled_from(["low", "medium", "high"]), "evidence": st.lists(rows, max_size=4)}), max_size=4)


def _read(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@given(alerts)
def test_every_evidence_row_is_one_csv_line_with_its_values(given_alerts):
    lines = _read(evidence.evidence_csv("BHJG-20261120-0001", given_alerts))
    expected = [(alert, number, row) for alert in given_alerts for number, row in enumerate(alert["evidence"], 1)]
    assert len(lines) == len(expected)
    for line, (alert, number, row) in zip(lines, expected):
        assert (line["case_number"], line["alert"], line["row"]) == ("BHJG-20261120-0001", alert["public_id"], str(number))
        for key, value in row.items():
            assert line[key] == ("" if value is None else str(value))


@given(st.dictionaries(st.sampled_from(["case.pdf", "evidence.csv", "extra.bin"]), st.binary(max_size=200), min_size=1))
def test_the_manifest_hashes_each_file_and_its_own_digest_is_reproducible(files):
    manifest = evidence.manifest_of(files)
    for name, content in files.items():
        assert manifest[name] == {"sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}
    written = evidence.manifest_bytes(manifest)
    assert json.loads(written) == manifest
    assert evidence.manifest_digest(manifest) == hashlib.sha256(written).hexdigest()


def test_nested_values_are_written_as_json():
    content = evidence.evidence_csv("BHJG-20261120-0002", [{
        "public_id": "alr_1", "rule_label": "spoofing@v1", "occurred_on": "2026-11-20", "severity": "high",
        "evidence": [{"order": "ord_1", "levels": [1, 2], "卖方": "滨海钢铁"}, "plain row"]}])
    first, second = _read(content)
    assert first["levels"] == "[1,2]" and first["卖方"] == "滨海钢铁"
    assert second["value"] == "plain row"
