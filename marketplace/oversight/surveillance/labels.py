"""How surveillance codes read on pages: rule version states, alert states, severities, backtest states.

Rule names are stored on the rule itself in both languages (``RULE_NAMES`` seeds them); pages write
``version.status|label("surveillance_version_status")``.
"""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels

VERSION_STATUSES = {"draft": _l("Draft"), "approved": _l("Approved"), "active": _l("Active"),
                    "retired": _l("Retired")}
ALERT_STATUSES = {"open": _l("Open"), "in_case": _l("In a case"), "dismissed": _l("Dismissed")}
SEVERITIES = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High")}
BACKTEST_STATUSES = {"pending": _l("Waiting"), "running": _l("Running"), "done": _l("Done"), "failed": _l("Failed")}

# The names a built-in rule is created with (zh, en); a detector not named here is named by its key.
RULE_NAMES = {
    "wash_trades": ("对敲交易", "Wash trades"),
    "related_matching": ("关联方撮合成交", "Matched orders between related groups"),
    "circular_trading": ("循环交易", "Circular trading"),
    "spoofing": ("虚假申报（幌骗与分层挂单）", "Spoofing and layering"),
    "marking_the_close": ("尾盘操纵", "Marking the close"),
    "ramping": ("拉抬打压价格", "Ramping"),
    "off_reference_price": ("偏离参考价成交", "Prices far from the reference"),
    "splitting": ("拆分规避限额", "Splitting under a threshold"),
    "abnormal_volume": ("异常成交量", "Abnormal volume"),
    "fake_transactions": ("虚假交易（刷单）", "Fake transactions (刷单)"),
    "collusive_bidding": ("串通投标", "Collusive bidding"),
}

labels.register("surveillance_version_status", VERSION_STATUSES)
labels.register("surveillance_alert_status", ALERT_STATUSES)
labels.register("surveillance_severity", SEVERITIES)
labels.register("surveillance_backtest_status", BACKTEST_STATUSES)
