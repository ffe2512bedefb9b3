"""Reason codes and their texts, kept as data so the wording can change without touching the rules.

Codes are stable: screens, notifications and stored snapshots refer to them. Each text is an
old-style ``%``-template filled with the numbers behind the reason, in English and Chinese.
"""
from dataclasses import dataclass

TEXTS = {
    "PAYMENTS_LATE": ("payments late by %(days)s days on average (payment index %(index)s)",
                      "付款平均逾期 %(days)s 天（付款指数 %(index)s）"),
    "ON_TIME_PAYER": ("pays on time (payment index %(index)s)",
                      "按时付款（付款指数 %(index)s）"),
    "DELIVERIES_LATE": ("deliveries late by %(days)s days on average",
                        "交货平均延迟 %(days)s 天"),
    "ON_TIME_DELIVERIES": ("delivers on time (%(count)s deliveries)",
                           "按时交货（%(count)s 次交货）"),
    "FEW_RFID_CONFIRMED": ("only %(percent)s%% of deliveries confirmed by RFID",
                           "仅 %(percent)s%% 的交货经 RFID 确认"),
    "RFID_CONFIRMED": ("%(percent)s%% of deliveries confirmed by RFID",
                       "%(percent)s%% 的交货经 RFID 确认"),
    "DISPUTES_LOST": ("%(count)s disputes lost", "败诉争议 %(count)s 起"),
    "CANCELLATIONS_BY_FAULT": ("%(count)s orders cancelled through its fault", "因自身过错取消订单 %(count)s 笔"),
    "COMPLAINTS_UPHELD": ("%(count)s complaints upheld", "投诉成立 %(count)s 起"),
    "PENALTY_ACTIVE": ("%(count)s %(severity_en)s administrative penalties in force",
                       "%(count)s 项%(severity_zh)s行政处罚在公示期内"),
    "LONG_TENURE": ("verified for %(months)s months", "已认证 %(months)s 个月"),
    "SHORT_TENURE": ("verified for only %(months)s months", "认证仅 %(months)s 个月"),
    "LARGE_SETTLED_VOLUME": ("%(amount)s yuan settled on the platform", "平台累计结算 %(amount)s 元"),
    "SMALL_SETTLED_VOLUME": ("only %(amount)s yuan settled on the platform", "平台累计结算仅 %(amount)s 元"),
    "SERIOUS_DISHONESTY": ("on the list of seriously illegal and dishonest enterprises", "列入严重违法失信名单"),
    "DISHONEST_DEBTOR": ("a dishonest judgment debtor", "被列为失信被执行人"),
    "ABNORMAL_OPERATIONS": ("on the abnormal operations list; grade at most %(cap)s",
                            "列入经营异常名录；等级最高为 %(cap)s"),
    "NEW_NO_HISTORY": ("newly verified with no history yet; starting grade %(grade)s",
                       "新认证企业，尚无信用记录；起始等级 %(grade)s"),
}

SEVERITY_WORDS = {"minor": ("minor", "轻微"), "general": ("general", "一般"), "serious": ("serious", "严重")}


@dataclass(frozen=True)
class Reason:
    """Why a score is what it is: a stable code, its direction, its weight, numbers and references.

    ``polarity`` is "negative", "positive" or "neutral"; ``impact`` is the points it moved (overrides
    rank above every variable). ``values`` fill the text templates; ``references`` name the orders or
    entries behind it.
    """
    code: str
    polarity: str
    impact: float
    values: tuple[tuple[str, object], ...] = ()
    references: tuple[str, ...] = ()

    def text(self, language="en"):
        """The reason in ``language`` ("en" or "zh"), with its numbers filled in."""
        english, chinese = TEXTS[self.code]
        return (chinese if language.startswith("zh") else english) % dict(self.values)
