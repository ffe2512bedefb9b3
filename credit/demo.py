"""The credit demo: enterprises spread over the grades, each with a history that explains its grade.

Facts the platform saw in the other demos (payments, deliveries, disputes, releases) come from their
domain events, as in production. On top of that each character gets the months of history a real
market would have given it — payments and deliveries on deals from before the platform, official
entries as the publicity system would publish them — and a score at each month's end, so its history
chart has a shape. Characters:

- 丰穗 (fengsui) pays early and settles a lot: a top grade; 嘉禾 (jiahe) holds tax grade A and a
  customs advanced certification; 恒泰 (hengtai) delivers on time, confirmed by RFID.
- 于家堡 (yujiapu) pays its steel contracts late: its grade falls and its next deposit rises.
- 众诚/重装 (zhongzhuang) lost disputes and cancelled orders through its own fault.
- 汇通 (huitong) is on the abnormal operations list (grade capped); 海湾 (haiwan) is on the list of
  seriously illegal and dishonest enterprises (grade C: it cannot trade).
- 华宇 (huayu) had a general penalty repaired; 茶淀 (chadian) contests a penalty (objection pending).

Loading again adds nothing: the demo's official entries mark it as loaded.
"""
from datetime import datetime, time, timedelta

from sqlalchemy import exists, select

from credit.file import reactions, services as file
from credit.file.models import OfficialEntry
from credit.grading import services as grading
from credit.objections import services as objections
from credit.watchlists import services as watchlists
from marketplace.accounts.models import Enterprise
from marketplace.accounts.services import owner_of
from marketplace.database import transaction
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI, shanghai_day

HISTORY_MONTHS = 6
AUTHORITY = "天津市滨海新区市场监督管理局"
TAX_AUTHORITY = "国家税务总局天津市滨海新区税务局"


def load(operator, credit_codes, today=None):
    """Load the credit story once; :return: how many official entries this run recorded (0 when loaded before)."""
    today = today or shanghai_day()
    while reactions.react():
        pass
    if _loaded():
        return 0
    firms = {slug: _enterprise(code) for slug, code in credit_codes.items()}
    firms = {slug: firm for slug, firm in firms.items() if firm is not None and firm.status == "verified"}
    entries = 0
    for slug, histories in HISTORIES.items():
        if slug in firms:
            histories(firms[slug], today)
    for slug, stories in ENTRIES.items():
        if slug in firms:
            entries += stories(operator, firms[slug], today)
    for watcher, watched in WATCHES:
        if watcher in firms and watched in firms:
            watchlists.follow(owner_of(firms[watcher]), firms[watcher], firms[watched].credit_code)
    _score_history(firms.values(), today)
    return entries


def _loaded():
    return bool(db.session.scalar(select(exists().where(OfficialEntry.source == "demo"))))


def _enterprise(code):
    return db.session.scalar(select(Enterprise).where(Enterprise.credit_code == code))


def _archived_contract(enterprise, day, kind):
    """The number of a deal from before the platform (each fact pairs by its reference, so each deal has its own)."""
    return f"HT-{day:%Y%m%d}-{kind}{enterprise.id:04d}"


# --- platform history ----------------------------------------------------------------------------

def _payments(enterprise, today, late_days, amount_minor=120_000_000):
    """A payment each month over the history, ``late_days[i]`` days after it fell due (negative: early)."""
    with transaction():
        for index, days in enumerate(late_days):
            due = today - timedelta(days=30 * (len(late_days) - index) + 5)
            reference = _archived_contract(enterprise, due, "P")
            file.record_fact(enterprise, "payment_due", due - timedelta(days=5), reference, amount_minor, "CNY",
                             {"due": due.isoformat(), "history": True})
            file.record_fact(enterprise, "payment_made", due + timedelta(days=days), reference, amount_minor, "CNY",
                             {"history": True})


def _deliveries(enterprise, today, late_days, rfid=True):
    with transaction():
        for index, days in enumerate(late_days):
            agreed = today - timedelta(days=30 * (len(late_days) - index))
            reference = _archived_contract(enterprise, agreed, "D")
            file.record_fact(enterprise, "delivery_due", agreed - timedelta(days=20), reference,
                             detail={"agreed": agreed.isoformat(), "history": True})
            file.record_fact(enterprise, "delivery_made", agreed + timedelta(days=days), reference,
                             detail={"rfid_confirmed": rfid, "history": True})


def _settled(enterprise, today, amount_minor):
    with transaction():
        file.record_fact(enterprise, "settled", today - timedelta(days=90), "", amount_minor, "CNY", {"history": True})


def _early_payer(enterprise, today):
    _payments(enterprise, today, [-20, -25, -30, -28, -30, -30])
    _deliveries(enterprise, today, [0, -1, 0, 0, -2, 0])
    _settled(enterprise, today, 1_500_000_000)


def _on_time_seller(enterprise, today):
    _deliveries(enterprise, today, [0, 0, -1, 0, 0, 0])
    _payments(enterprise, today, [0, -2, 0, -5, 0, -3])
    _settled(enterprise, today, 400_000_000)


def _late_payer(enterprise, today):
    _payments(enterprise, today, [0, 3, 9, 14, 18, 24])


def _steady(enterprise, today):
    _payments(enterprise, today, [0, 1, 0, 2, 0, 1])
    _deliveries(enterprise, today, [0, 2, 1, 0, 3, 1], rfid=False)


def _troubled(enterprise, today):
    _payments(enterprise, today, [5, 10, 12, 8, 15, 20])
    with transaction():
        for index in range(3):
            opened = today - timedelta(days=40 * (index + 1))
            reference = _archived_contract(enterprise, opened, "J")
            file.record_fact(enterprise, "dispute_opened", opened, reference, detail={"history": True})
            file.record_fact(enterprise, "dispute_lost", opened + timedelta(days=12), reference,
                             detail={"history": True})
        for months in (2, 4):
            file.record_fact(enterprise, "cancellation_by_fault", today - timedelta(days=30 * months), "",
                             detail={"history": True})


HISTORIES = {
    "fengsui": _early_payer,
    "jiahe": _early_payer,
    "hengtai": _on_time_seller,
    "ruigang": _on_time_seller,
    "yujiapu": _late_payer,
    "dingsheng": _steady,
    "huahan": _steady,
    "zhongzhuang": _troubled,
    "huitong": _steady,
    "huayu": _steady,
    "chadian": _steady,
}


# --- official entries ----------------------------------------------------------------------------

def _entry(operator, enterprise, **fields):
    fields = {"credit_code": enterprise.credit_code, "severity": "minor"} | fields
    return file.record_entry(operator, {name: str(value) for name, value in fields.items()}, source="demo")


def _licences(operator, enterprise, today, *names):
    for name in names:
        _entry(operator, enterprise, kind="licence", title=name, authority=AUTHORITY,
               decided_on=today - timedelta(days=400), valid_until=today + timedelta(days=3 * 365))
    return len(names)


def _good_taxpayer(operator, enterprise, today):
    _entry(operator, enterprise, kind="tax_grade", tax_grade="A", tax_year=today.year - 1,
           decided_on=today - timedelta(days=200), authority=TAX_AUTHORITY)
    return 1


def _jiahe(operator, enterprise, today):
    _entry(operator, enterprise, kind="customs_category", customs_category="advanced_certified",
           authority="中华人民共和国天津海关", decided_on=today - timedelta(days=300))
    return 1 + _good_taxpayer(operator, enterprise, today) + _licences(operator, enterprise, today, "粮食收购许可证",
                                                                        "食品生产许可证")


def _fengsui(operator, enterprise, today):
    return _good_taxpayer(operator, enterprise, today) + _licences(operator, enterprise, today, "粮食收购许可证")


def _huahan(operator, enterprise, today):
    return _licences(operator, enterprise, today, "危险化学品经营许可证", "安全生产许可证")


def _hengtai(operator, enterprise, today):
    return _good_taxpayer(operator, enterprise, today)


def _huitong(operator, enterprise, today):
    """On the abnormal operations list since last month: its grade is capped."""
    _entry(operator, enterprise, kind="abnormal_operations", severity="general", authority=AUTHORITY,
           title="通过登记的住所或者经营场所无法联系", decided_on=today - timedelta(days=35),
           content="依据《市场主体登记管理条例实施细则》第七十二条列入经营异常名录。")
    return 1


def _haiwan(operator, enterprise, today):
    """On the list of seriously illegal and dishonest enterprises: grade C, no trading."""
    _entry(operator, enterprise, kind="serious_dishonesty", severity="serious", authority=AUTHORITY,
           title="提交虚假材料取得登记", decided_on=today - timedelta(days=60),
           decision_number="津滨市监严失〔2026〕7号",
           content="因提交虚假材料取得市场主体登记，列入严重违法失信名单。")
    return 1


def _huayu(operator, enterprise, today):
    """A general penalty decided five months ago, repaired after its three-month minimum."""
    penalty = _entry(operator, enterprise, kind="penalty", severity="general", authority=AUTHORITY,
                     decision_number="津滨市监罚〔2026〕112号", title="未按规定标注危险化学品安全标签",
                     content="警告，罚款人民币二万元。", decided_on=today - timedelta(days=150))
    owner = owner_of(enterprise)
    application = objections.apply_for_repair(
        owner, enterprise, penalty.public_id, "已缴清罚款，完成全部产品安全标签整改，并通过复查。", today=today)
    objections.decide_repair(operator, application.public_id, "approved",
                             "整改到位，罚款已缴清，符合信用修复条件。", today=today)
    return 1


def _chadian(operator, enterprise, today):
    """A general penalty it contests: the objection waits for the operator's answer."""
    penalty = _entry(operator, enterprise, kind="penalty", severity="general", authority=AUTHORITY,
                     decision_number="津滨市监罚〔2026〕245号", title="销售不符合食品安全标准的鲜果",
                     content="没收违法所得，罚款人民币一万五千元。", decided_on=today - timedelta(days=20))
    objections.file_objection(owner_of(enterprise), enterprise, penalty.public_id,
                              "处罚所涉批次经复检合格，复检报告编号 TJ-2026-FR-0931，请求更正。", today=today)
    return 1


def _zhongzhuang(operator, enterprise, today):
    _entry(operator, enterprise, kind="penalty", severity="minor", authority=AUTHORITY,
           decision_number="津滨市监罚〔2026〕301号", title="未按时公示年度报告",
           content="警告。", decided_on=today - timedelta(days=45))
    return 1


ENTRIES = {
    "jiahe": _jiahe,
    "fengsui": _fengsui,
    "huahan": _huahan,
    "hengtai": _hengtai,
    "huitong": _huitong,
    "haiwan": _haiwan,
    "huayu": _huayu,
    "chadian": _chadian,
    "zhongzhuang": _zhongzhuang,
}


# Sellers follow the buyers they deliver to: their grades' changes reach them in the app.
WATCHES = (("hengtai", "yujiapu"), ("hengtai", "dingsheng"), ("ruigang", "yujiapu"), ("huahan", "jiahe"))


# --- scores over time ----------------------------------------------------------------------------

def _score_history(enterprises, today):
    """A score at each of the last months' ends, then now, so the history charts have a shape.

    The demo's firms were verified when the demo made them, but their story is months old: the
    earlier scores are taken as of those days all the same.
    """
    for enterprise in enterprises:
        with transaction():
            for months in range(HISTORY_MONTHS, 0, -1):
                moment = datetime.combine(today - timedelta(days=30 * months), time(18), SHANGHAI)
                grading.rescore(enterprise, "rescore", now=moment)
            grading.rescore(enterprise, "rescore")
