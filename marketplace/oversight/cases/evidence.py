"""An evidence package's contents as bytes: the CSV of every evidence row and the SHA-256 manifest.

Pure (no Flask, no database): the package is built from plain dicts, so what the files say and how
they are hashed is tested by properties. The manifest lists each file's SHA-256 and size; it is
itself serialised canonically (sorted keys, UTF-8, no spaces) so its own SHA-256 can be recomputed
by anyone holding the files: ``sha256sum`` of ``manifest.json`` equals the recorded digest.
"""
import csv
import hashlib
import io
import json

PDF_NAME = "case.pdf"
CSV_NAME = "evidence.csv"
MANIFEST_NAME = "manifest.json"
# The columns every CSV row starts with; the evidence rows' own fields follow, in name order.
LEADING_COLUMNS = ("case_number", "alert", "rule", "occurred_on", "severity", "row")


def evidence_csv(case_number, alerts):
    """The CSV (UTF-8 with a byte order mark, so spreadsheet programs read the Chinese) of every
    evidence row of every alert, one line per row.

    ``alerts``: dicts with ``public_id``, ``rule_label``, ``occurred_on`` (text), ``severity`` and
    ``evidence`` (a list of flat dicts, as the detector saw them).
    """
    fields = sorted({str(key) for alert in alerts for row in alert["evidence"] for key in _flat(row)})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*LEADING_COLUMNS, *fields])
    for alert in alerts:
        for number, row in enumerate(alert["evidence"], start=1):
            flat = _flat(row)
            writer.writerow([case_number, alert["public_id"], alert["rule_label"], alert["occurred_on"],
                             alert["severity"], number, *(_cell(flat.get(field)) for field in fields)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _flat(row):
    """An evidence row as ``{field: value}``; a row that is not a mapping is kept whole under ``value``."""
    return {str(key): value for key, value in row.items()} if isinstance(row, dict) else {"value": row}


def _cell(value):
    """Text for one CSV cell: nested values as compact JSON, absent ones empty."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return str(value)


def manifest_of(files):
    """``{name: {"sha256": hex, "bytes": size}}`` for ``files`` (name → content bytes)."""
    return {name: {"sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}
            for name, content in sorted(files.items())}


def manifest_bytes(manifest):
    """The manifest as the file ``manifest.json`` holds it: canonical JSON, so its digest is reproducible."""
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def manifest_digest(manifest):
    """The SHA-256 of ``manifest.json``."""
    return hashlib.sha256(manifest_bytes(manifest)).hexdigest()
