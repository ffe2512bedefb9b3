"""API shapes of credit grading: the current score with its reasons, history, model versions, runs."""
from marshmallow import Schema, fields

_GRADE = {"example": "BBB", "description": "AAA, AA, A, BBB, BB, B, CCC, CC or C"}


class ScoreReasonSchema(Schema):
    code = fields.String(metadata={"example": "PAYMENTS_LATE", "description": "A stable reason code"})
    polarity = fields.String(metadata={"description": "negative, positive or neutral"})
    text_en = fields.String(metadata={"example": "payments late by 12.0 days on average (payment index 68)"})
    text_zh = fields.String(metadata={"example": "付款平均逾期 12.0 天（付款指数 68）"})
    references = fields.List(fields.String(), metadata={
        "description": "Public ids of the orders (ord_…), contracts (ct_…) or official entries (coe_…) behind it"})


class InputPointsSchema(Schema):
    input = fields.String(metadata={"example": "payment_index"})
    value = fields.Float(allow_none=True, metadata={"description": "The input's value; null while there is none"})
    points = fields.Integer()


class ImprovementFixSchema(Schema):
    input = fields.String(metadata={"example": "payment_index"})
    text_en = fields.String()
    text_zh = fields.String()
    points = fields.Integer(metadata={"description": "Points the fix would gain"})


class ImprovementSchema(Schema):
    grade = fields.String(metadata={**_GRADE, "description": "The grade the fixes would reach"})
    fixes = fields.List(fields.Nested(ImprovementFixSchema))


class CreditScoreSchema(Schema):
    enterprise = fields.String(metadata={"example": "ent_7k2m…"})
    credit_code = fields.String(metadata={"example": "91120116MA05XXXXXX"})
    grade = fields.String(metadata=_GRADE)
    score = fields.Integer(metadata={"example": 652})
    scored = fields.Boolean(metadata={"description": "False while never scored: the figures are what the facts give now"})
    grade_since = fields.DateTime(allow_none=True)
    model_version = fields.String(metadata={"example": "2026.1"})
    override = fields.String(allow_none=True, metadata={
        "description": "SERIOUS_DISHONESTY, DISHONEST_DEBTOR or ABNORMAL_OPERATIONS when an official entry holds the grade"})
    as_of = fields.DateTime()
    reasons = fields.List(fields.Nested(ScoreReasonSchema))
    points = fields.List(fields.Nested(InputPointsSchema))
    how_to_improve = fields.Nested(ImprovementSchema, allow_none=True, metadata={
        "description": "The fewest fixable inputs lifting the grade by one; null at AAA, under an override or out of reach"})


class ScoreSnapshotSchema(Schema):
    as_of = fields.DateTime()
    grade = fields.String(metadata=_GRADE)
    previous_grade = fields.String(allow_none=True)
    score = fields.Integer()
    model_version = fields.String()
    cause = fields.String(metadata={"description": "fact, entry, objection, repair, rescore or verified"})


class CreditScoreQuery(Schema):
    enterprise = fields.String(load_default=None, metadata={
        "description": "Staff tokens: the enterprise's public id or credit code (company tokens read their own)"})


class CreditHistoryQuery(CreditScoreQuery):
    limit = fields.Integer(load_default=120, metadata={"description": "The newest this many, oldest first (1–1000)"})


class ModelVersionSchema(Schema):
    version = fields.String(metadata={"example": "2026.1"})
    effective_from = fields.Date()
    in_effect = fields.Boolean()
    created_at = fields.DateTime()
    document = fields.Dict(metadata={"description": "The model as stored: variables, bins, points, grade bands"})


class ModelVersionInSchema(Schema):
    document = fields.Dict(required=True, metadata={
        "description": "A model document as credit.scoring.model.load_model reads it (see GET for the standard one)"})


class RescoreRunInSchema(Schema):
    model_version = fields.String(load_default=None, metadata={"description": "Blank: the version in effect today"})


class RescoreRunSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "crr_…"})
    model_version = fields.String()
    status = fields.String(metadata={"description": "running, finished or failed"})
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    total = fields.Integer()
    done = fields.Integer()
    changed = fields.Integer(metadata={"description": "Enterprises whose grade changed"})
    transitions = fields.Dict(keys=fields.String(), values=fields.Integer(),
                              metadata={"example": {"A>BBB": 3}, "description": "Enterprises per change of grade"})
