"""Names of the score model's inputs and the "how to improve" advice, in English and Chinese.

Kept as data beside the reason texts (credit.scoring.reasons): a stored model names its inputs by
code, and every screen shows them in the reader's language.
"""
INPUT_NAMES = {
    "payment_index": ("payment index", "付款指数"),
    "delivery_days_late": ("average days deliveries are late", "交货平均延迟天数"),
    "rfid_confirmed_share": ("share of deliveries confirmed by RFID", "经 RFID 确认的交货比例"),
    "disputes_lost": ("disputes lost", "败诉争议数"),
    "cancellations_by_fault": ("orders cancelled through its fault", "因自身过错取消的订单数"),
    "complaints_upheld": ("complaints upheld", "成立的投诉数"),
    "penalties_minor": ("minor administrative penalties in force", "公示期内的轻微行政处罚"),
    "penalties_general": ("general administrative penalties in force", "公示期内的一般行政处罚"),
    "penalties_serious": ("serious administrative penalties in force", "公示期内的严重行政处罚"),
    "tenure_months": ("months since verification", "认证月数"),
    "settled_volume_minor": ("volume settled on the platform (fen)", "平台累计结算额（分）"),
}

RAISE = ("raise the %(name)s to at least %(bound)s (+%(points)s points)", "将%(name)s提高到至少 %(bound)s（+%(points)s 分）")
LOWER = ("bring the %(name)s below %(bound)s (+%(points)s points)", "将%(name)s降到 %(bound)s 以下（+%(points)s 分）")


def input_name(code, language):
    """The input's name in ``language`` ("en" or "zh…"); an input the table does not know shows its code."""
    english, chinese = INPUT_NAMES.get(code, (code, code))
    return chinese if language.startswith("zh") else english


def fix_text(fix, language):
    """One fix of a ``credit.scoring.improve.Improvement`` as a sentence in ``language``."""
    raising = fix.target.lower is not None and (fix.current is None or fix.current < fix.target.lower)
    english, chinese = RAISE if raising else LOWER
    bound = fix.target.lower if raising else fix.target.upper
    if fix.variable == "rfid_confirmed_share":
        bound = f"{bound:.0%}"
    template = chinese if language.startswith("zh") else english
    return template % {"name": input_name(fix.variable, language), "bound": bound, "points": fix.points}
