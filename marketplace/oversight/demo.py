"""Demo oversight: who stands behind the demo enterprises, the alerts their trading raises, a case in
progress, complaints and reports in every state, a listing waiting for review and a floor under
the State Council's profile for spot venues.

Made through oversight's own use cases, after the trading, settlement and credit demos. The
seeded abuse itself is traded in ``demo_abuse``. Keyed on the parties: when the demo enterprises
already have a legal representative, the oversight story was loaded and nothing is added.
"""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from stdnum.cn import ric

from marketplace.accounts.models import Enterprise
from marketplace.accounts.services import owner_of
from marketplace.catalog import services as catalog
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.oversight import demo_abuse
from marketplace.oversight.cases import services as cases
from marketplace.oversight.cases.models import OversightCase
from marketplace.oversight.complaints import services as complaints
from marketplace.oversight.compliance import services as compliance
from marketplace.oversight.groups import services as groups
from marketplace.oversight.screening import reactions as screening
from marketplace.oversight.sanctions import services as sanctions
from marketplace.oversight.surveillance import live
from marketplace.oversight.surveillance import services as surveillance
from trading.contracts.models import Contract
from trading.floors import services as floors

# The legal representative of each demo enterprise is its owner, except the wash pair's: one person
# (with one resident ID) behind both firms makes them one control group.
SHARED_LEGAL_REPRESENTATIVE = {"ruigang": "何建华", "dingsheng": "何建华"}
# A holding company controlling two steel firms (with their common owner as minority holder).
HOLDING_COMPANY = ("天津恒泰投资控股有限公司", "91120116MA05K8T01H")
HOLDINGS = {"hengtai": "65", "jingang": "70"}
FLAGGED_OFFER = ("huayu", {
    "title_zh": "全国第一品质 工业甲醇 99.9% 现货", "title_en": "Nationally No. 1 quality industrial methanol 99.9%, spot",
    "description_zh": "国家级品质，最低价，南港罐区现货自提。", "description_en": "State-level quality, lowest price, "
                                                                              "collect from the Nangang tank farm.",
    "attributes": {"cas_number": "67-56-1", "purity_percent": "99.9", "un_number": "1230", "hazard_class": "3"},
    "unit": "t", "min_order_quantity": "20",
    "stock": "800", "lead_time_days": 2, "origin": "天津南港"})
FLAGGED_CATEGORY = "chemicals.basic"
STATE_COUNCIL_FLOOR = "agriculture"


def _resident_id(name):
    """A well-formed 18-digit resident ID for a demo person, so one name gives one number: issued in the
    former Tanggu district (120107; Binhai New Area's own code is newer than python-stdnum's register), a
    birth date and serial derived from the name, and the ISO 7064 check character."""
    seed = sum(ord(char) * (position + 1) for position, char in enumerate(name))
    body = f"120107{1960 + seed % 30}{1 + seed % 12:02d}{1 + seed % 28:02d}{seed % 997:03d}"
    return body + ric.calc_check_digit(body + "0")


def load(operator, regulator, reviewer, credit_codes, today=None):
    """Load the oversight story once. :return: a line for the demo summary, or None when loaded before."""
    today = today or shanghai_day()
    firms = {slug: firm for slug, code in credit_codes.items()
             if (firm := db.session.scalar(select(Enterprise).where(Enterprise.credit_code == code))) is not None
             and firm.status == "verified"}
    if not firms or any(groups.parties_of(firm) for firm in firms.values()):
        return None
    screening.react()  # the credit demo recorded licences: their holders' chemical listings pass now
    _register_parties(firms)
    surveillance.ensure_builtin_rules()
    _rings_on_the_chemicals_book(regulator, reviewer)
    raised = live.scan(floors.day_start(today - timedelta(days=35)), floors.day_start(today + timedelta(days=1)),
                       source="demo")
    _case_in_progress(regulator, firms)
    _draft_rule(regulator)
    filed = _complaints(regulator, firms, today)
    _flagged_listing(firms)
    compliance.apply_state_council(operator, STATE_COUNCIL_FLOOR)
    return (f"Oversight: {len(raised)} alerts from the seeded abuse (wash pair ruigang/dingsheng, methanol ring, "
            f"soybean spoofer, steel bid ring), a case in progress with a sanction awaiting {reviewer.email}'s "
            f"approval, {filed} complaints and reports in every state, a listing waiting for review, and the "
            f"{STATE_COUNCIL_FLOOR} floor under the State Council profile.")


def _register_parties(firms):
    for slug, firm in firms.items():
        owner = owner_of(firm)
        name = SHARED_LEGAL_REPRESENTATIVE.get(slug, owner.display_name)
        groups.register_party(owner, firm, role="legal_representative", party_kind="person", name=name,
                              identifier=_resident_id(name))
        if slug in HOLDINGS:
            holder, code = HOLDING_COMPANY
            groups.register_party(owner, firm, role="shareholder", party_kind="enterprise", name=holder,
                                  identifier=code, share_percent=Decimal(HOLDINGS[slug]))


def _case_in_progress(regulator, firms):
    """The wash pair's case: assigned, noted, and a trading suspension proposed for the second regulator."""
    seller = firms.get(demo_abuse.WASH_PAIR[0])
    if seller is None:
        return
    case = db.session.scalar(select(OversightCase).where(OversightCase.group_key == groups.group_key_of(seller))
                             .order_by(OversightCase.id.desc()))
    if case is None:
        return
    cases.assign(regulator, case.public_id, regulator.public_id)
    cases.add_note(regulator, case.public_id,
                   "两家企业法定代表人为同一人（何建华），四个交易日内相互买卖同一合约且无实物交割记录，"
                   "已调取双方结算账户流水。 / Both firms have the same legal representative and traded the "
                   "same contract with each other on four days with no delivery; bank statements requested.")
    sanctions.propose(regulator, case.enterprise, "trading_suspension",
                      "对倒交易（同一实际控制人名下两家企业相互成交），立案调查期间暂停交易。 / Wash trading between "
                      "two firms under one legal representative; trading suspended while the case is investigated.",
                      case=case, duration_days=30)


def _rings_on_the_chemicals_book(regulator, reviewer):
    """Circular trading v2: on the chemicals floor, rings closed through the order book count too.

    Drafted by one regulator, approved by the other and activated, as any change of a rule is."""
    version = surveillance.draft_version(regulator, "circular_trading", {
        "parameters": {}, "floor_overrides": {"chemicals": {"include_book_trades": True}},
        "notes": "化工交易厅撮合成交亦计入循环交易。 / On the chemicals floor, count book trades in rings too."})
    surveillance.approve_version(reviewer, version.public_id)
    surveillance.activate_version(reviewer, version.public_id)


def _draft_rule(regulator):
    """A stricter wash-trade draft (two trades a day, 100 t on steel) to backtest against the active version."""
    surveillance.draft_version(regulator, "wash_trades", {
        "parameters": {"min_trades": 2, "min_quantity": "0"},
        "floor_overrides": {"steel": {"min_quantity": "100"}},
        "notes": "只在同一交易日至少两笔时预警，钢材至少 100 吨。 / Alert from two trades a day; on steel from 100 t."})


def _contract_between(buyer, seller=None):
    statement = select(Contract).where(Contract.buyer_enterprise_id == buyer.id)
    if seller is not None:
        statement = statement.where(Contract.seller_enterprise_id == seller.id)
    return db.session.scalar(statement.order_by(Contract.id))


COMPLAINT_STORIES = (
    # (buyer slug, category, description, the regulator's steps as (action, note, outcome))
    ("yujiapu", "product_quality", "到货螺纹钢重量偏差超过国标允许范围（实测负偏差 6.2%）。"
     " / The rebar delivered is 6.2 % under weight, beyond the national standard's tolerance.", ()),
    ("jinhai", "contract_breach", "船东未按约定受载期派船。 / The owner did not present the vessel within the laycan.",
     (("accept", "", None),)),
    ("dingsheng", "delivery", "合同约定 12 月上旬交货，卖方至今未安排发运。"
     " / Delivery was due in early December; the seller has not shipped.",
     (("accept", "", None), ("mediate", "", None))),
    ("jiahe", "contract_breach", "卖方单方面要求加价后才发货。 / The seller demands a higher price before shipping.",
     (("accept", "", None), ("mediate", "", None),
      ("mediation_agreed", "双方同意按原价分两批交货。 / Both agreed to deliver at the contract price in two lots.",
       None))),
    ("zhongzhuang", "pricing", "成交价格与挂牌价格不符。 / The price charged differs from the listed price.",
     (("refuse", "成交价格为双方在交易场所撮合成交的价格，不属于价格欺诈。 / The price is the one matched on the "
       "floor; no price fraud.", None),)),
    ("huayu", "delivery", "交付数量短少 30 吨，卖方拒绝补发。 / 30 t short delivered; the seller refuses to make it up.",
     (("accept", "", None), ("mediate", "", None),
      ("mediation_failed", "卖方拒绝补发，调解未达成一致。 / The seller refused; no agreement.", None),
      ("tell_parties", "已书面告知双方调解终止及后续途径。 / Both parties told in writing that mediation ended.",
       None))),
    ("zhongcheng", "product_quality", "钢材屈服强度不达标，第三方检测报告附后。"
     " / Yield strength below grade; third-party test report attached.",
     (("accept", "", None), ("investigate", "", None),
      ("extend", "需等待国家钢材质检中心复检结果。 / Awaiting the national steel inspection centre's re-test.",
       None))),
    ("chadian", "false_advertising", "挂牌宣称“一等品”，到货为三等。 / Advertised as grade 1, delivered grade 3.",
     (("accept", "", None), ("investigate", "", None), ("no_case", "", None),
      ("close", "经核查属实，责令卖方退还差价。 / Found true; the seller must refund the difference.", "upheld"))),
)


def _complaints(regulator, firms, today):
    """Complaints in every state, and two reports (one anonymous, one named whose reporter learns the outcome)."""
    filed = 0
    for slug, category, description, steps in COMPLAINT_STORIES:
        buyer = firms.get(slug)
        contract = _contract_between(buyer) if buyer is not None else None
        if contract is None:
            continue
        complaint = complaints.file_complaint(owner_of(buyer), buyer, "contract", contract.public_id, category,
                                              description, today=today - timedelta(days=40))
        for action, note, outcome in steps:
            complaints.handle(regulator, complaint.public_id, action, note, outcome, today=today - timedelta(days=30))
        filed += 1
    wash_buyer = firms.get(demo_abuse.WASH_PAIR[1])
    if wash_buyer is not None:
        complaints.file_report(None, "enterprise", wash_buyer.public_id, "fraud",
                               "该企业与关联企业在螺纹钢合约上反复对倒，制造虚假成交量。"
                               " / This firm and a related one trade rebar back and forth to fake volume.",
                               anonymous=True, today=today - timedelta(days=3))
        named = complaints.file_report(None, "enterprise", wash_buyer.public_id, "fraud",
                                       "鼎盛与瑞钢同一老板，成交价偏离市场。 / Dingsheng and Ruigang have one boss; "
                                       "their prices are off the market.", reporter_name="张先生",
                                       reporter_contact="13820001234", today=today - timedelta(days=12))
        for action, note in (("accept", ""), ("investigate", ""), ("open_case", ""),
                             ("tell_reporter", "已立案调查，感谢您的举报。 / A case was opened; thank you.")):
            complaints.handle(regulator, named.public_id, action, note, today=today - timedelta(days=8))
        filed += 2
    return filed


def _flagged_listing(firms):
    """A methanol offer claiming "全国第一" and "国家级": screening holds it for review."""
    slug, fields = FLAGGED_OFFER
    seller = firms.get(slug)
    if seller is None:
        return
    owner = owner_of(seller)
    listing = catalog.create_listing(owner, seller, "product", FLAGGED_CATEGORY,
                                     price_tiers=[("20", "2450.00")], **fields)
    catalog.move_listing(owner, listing, "published")
