"""Demo data: a believable Binhai New Area market to click through, made by the platform's own use cases.

Everything goes through the account services, so the audit log tells the story a real
installation would: people sign up, register their enterprises, the operator verifies them,
owners invite their staff. Loading is keyed on credit codes and emails, so a second run adds
nothing; an account the demo did not create (one whose password is not the demo password) is
never changed and never given a role or an enterprise.
"""
from typing import NamedTuple

from flask import current_app
from sqlalchemy import select
from stdnum.cn import uscc

from credit import demo as credit_demo
from logistics import demo as logistics_demo
from marketplace.accounts import services
from marketplace.accounts.lifecycle import EnterpriseKind, EnterpriseStatus
from marketplace.accounts.models import Enterprise, Membership, User
from marketplace.accounts.passwords import check_password
from marketplace.bookings import demo as bookings_demo
from marketplace.catalog import demo as catalog_demo
from marketplace.escrow import demo as settlement_demo
from marketplace.extensions import db
from marketplace.oversight import demo as oversight_demo
from marketplace.policy import CompanyRole, PlatformRole
from trading import demo as trading_demo

PASSWORD = "Binhai-Demo-2025"
DOMAIN = "binhai.example"

# Registration authority 9 (market regulation), entity type 1 (enterprise), Binhai New Area.
CODE_PREFIX = "91" + "120116"
ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_code(organisation_body):
    """The 18-character code for an 8-character organisation code body.

    The organisation code (characters 9 to 17) carries its own GB 11714 check character, and the
    whole code the GB 32100 one, so the demo codes look like issued ones, not just pass a check.
    """
    total = sum(int(char, 36) * weight for char, weight in zip(organisation_body, ORGANISATION_WEIGHTS))
    check = 11 - total % 11
    first17 = CODE_PREFIX + organisation_body + {10: "X", 11: "0"}.get(check, str(check))
    return first17 + uscc.calc_check_digit(first17)


class Person(NamedTuple):
    login: str  # the part before @binhai.example
    name: str
    role: str = CompanyRole.OWNER
    locale: str | None = None

    @property
    def email(self):
        return f"{self.login}@{DOMAIN}"


class Company(NamedTuple):
    slug: str
    organisation_body: str
    name_zh: str
    name_en: str
    kinds: tuple
    region: str
    address: str
    phone: str
    owner: Person
    staff: tuple = ()
    status: str = EnterpriseStatus.VERIFIED
    reason: str | None = None

    @property
    def credit_code(self):
        return credit_code(self.organisation_body)

    def profile(self):
        return {"name_zh": self.name_zh, "name_en": self.name_en, "region": self.region,
                "address": self.address, "contact_name": self.owner.name, "contact_phone": self.phone,
                "contact_email": f"{self.slug}@{DOMAIN}"}


OPERATOR = Person("operator", "平台运营 孙丽", PlatformRole.OPERATOR)
REGULATOR = Person("regulator", "滨海新区市场监管 高建国", PlatformRole.REGULATOR)
# A second regulator: surveillance rules and sanctions need one person to propose and another to approve.
REVIEWING_REGULATOR = Person("regulator2", "滨海新区市场监管 李静", PlatformRole.REGULATOR)
HENGTAI_OWNER = Person("hengtai.owner", "王磊")  # owns a rebar trader and a section steel yard

TRADER, LOGISTICS, VIEWER = CompanyRole.TRADER, CompanyRole.LOGISTICS_OPERATOR, CompanyRole.VIEWER
SUPPLIER, BUYER, CARRIER, SERVICES = (EnterpriseKind.SUPPLIER, EnterpriseKind.BUYER, EnterpriseKind.LOGISTICS,
                                      EnterpriseKind.SERVICE_PROVIDER)

COMPANIES = (
    # steel
    Company("hengtai", "MA05K8T2", "天津恒泰钢铁贸易有限公司", "Tianjin Hengtai Steel Trading Co., Ltd.",
            (SUPPLIER, BUYER), "lingang", "天津市滨海新区临港经济区渤海十路86号", "022-2591-3308",
            HENGTAI_OWNER, (Person("hengtai.trader", "刘洋", TRADER), Person("hengtai.viewer", "赵敏", VIEWER))),
    Company("xincheng", "MA06A2P4", "天津临港鑫诚板卷销售有限公司", "Tianjin Lingang Xincheng Coil Sales Co., Ltd.",
            (SUPPLIER,), "lingang", "天津市滨海新区临港经济区黄河道517号", "022-2591-7421",
            Person("xincheng.owner", "孙志刚"), (Person("xincheng.trader", "周婷", TRADER),)),
    Company("ruigang", "MA07D4L9", "天津南港瑞钢金属材料有限公司", "Tianjin Nangang Ruigang Metal Materials Co., Ltd.",
            (SUPPLIER,), "nangang", "天津市滨海新区南港工业区港北路2266号", "022-6329-1185",
            Person("ruigang.owner", "何建华")),
    Company("baichuan", "68773015", "天津滨海百川钢管有限公司", "Tianjin Binhai Baichuan Steel Pipe Co., Ltd.",
            (SUPPLIER,), "dagang", "天津市滨海新区大港世纪大道219号", "022-6311-4870",
            Person("baichuan.owner", "马国庆"), status=EnterpriseStatus.SUSPENDED,
            reason="买方投诉交付的无缝钢管壁厚低于合同规格，调查期间暂停交易。"
                   " / Buyers reported seamless pipes thinner than the contracted wall thickness;"
                   " trading is suspended while the complaint is investigated."),
    Company("jingang", "MA05QN7W", "天津津港型钢加工配送有限公司",
            "Tianjin Jingang Section Steel Processing & Distribution Co., Ltd.",
            (SUPPLIER, CARRIER), "tianjin_port", "天津市滨海新区新港四号路1108号", "022-2570-6612", HENGTAI_OWNER),
    # chemicals
    Company("huahan", "MA06GT5B", "天津南港华瀚石化新材料有限公司",
            "Tianjin Nangang Huahan Petrochemical New Materials Co., Ltd.",
            (SUPPLIER,), "nangang", "天津市滨海新区南港工业区创业路399号", "022-6329-8053",
            Person("huahan.owner", "陈晓东"), (Person("huahan.trader", "吴倩", TRADER),)),
    Company("huayu", "73257164", "天津大港华宇化工贸易有限公司", "Tianjin Dagang Huayu Chemical Trading Co., Ltd.",
            (SUPPLIER, BUYER), "dagang", "天津市滨海新区大港胜利街637号", "022-6319-2047",
            Person("huayu.owner", "郭永强")),
    Company("hanhai", "MA07J2C6", "天津瀚海聚烯烃材料有限公司", "Tianjin Hanhai Polyolefin Materials Co., Ltd.",
            (SUPPLIER,), "nangang", "天津市滨海新区南港工业区海港大道88号", "022-6329-5530",
            Person("hanhai.owner", "邓立新"), status=EnterpriseStatus.PENDING),
    Company("runtong", "MA05R9D1", "天津滨海润通危险品运输有限公司",
            "Tianjin Binhai Runtong Hazardous Goods Transport Co., Ltd.",
            (CARRIER,), "dagang", "天津市滨海新区大港石化产业园区纬三路15号", "022-6312-7709",
            Person("runtong.owner", "韩冬梅")),
    Company("huichuan", "MA06LX38", "天津港保税区汇川化工进出口有限公司",
            "Tianjin Port FTZ Huichuan Chemical Import & Export Co., Ltd.",
            (SUPPLIER, BUYER), "free_trade_zone", "天津市滨海新区天津港保税区海滨九路72号", "022-2576-3391",
            Person("huichuan.owner", "曹文博"), status=EnterpriseStatus.SUSPENDED,
            reason="危险化学品经营许可证已过期，提交续期证明后恢复交易。"
                   " / The hazardous chemicals business licence has expired;"
                   " trading resumes once the renewal is submitted."),
    # agriculture and food
    Company("fengsui", "MA05M3H6", "天津滨海丰穗粮油贸易有限公司", "Tianjin Binhai Fengsui Grain & Oil Trading Co., Ltd.",
            (SUPPLIER, BUYER), "tianjin_port", "天津市滨海新区新港二号路356号", "022-2570-1864",
            Person("fengsui.owner", "李春生"), (Person("fengsui.trader", "杨帆", TRADER),)),
    Company("jiahe", "78593412", "天津临港嘉禾粮油加工有限公司", "Tianjin Lingang Jiahe Grain & Oil Processing Co., Ltd.",
            (SUPPLIER, BUYER), "lingang", "天津市滨海新区临港经济区渤海四十路301号", "022-2591-0956",
            Person("jiahe.owner", "田淑芬")),
    Company("haiwan", "MA06E7K5", "天津汉沽海湾水产有限公司", "Tianjin Hangu Haiwan Aquatic Products Co., Ltd.",
            (SUPPLIER,), "hangu", "天津市滨海新区中心渔港经济区渔港路66号", "022-6720-3418",
            Person("haiwan.owner", "高海军")),
    Company("chadian", "MA07B1N8", "天津汉沽茶淀鲜果有限公司", "Tianjin Hangu Chadian Fresh Fruit Co., Ltd.",
            (SUPPLIER,), "hangu", "天津市滨海新区汉沽茶淀街葡萄大道18号", "022-6728-5502",
            Person("chadian.owner", "罗秀兰")),
    Company("hairun", "MA07P6W2", "天津保税区海润进口肉类贸易有限公司", "Tianjin FTZ Hairun Imported Meat Trading Co., Ltd.",
            (BUYER, SUPPLIER), "free_trade_zone", "天津市滨海新区天津港保税区海滨八路125号", "022-2576-9047",
            Person("hairun.owner", "范志远"), status=EnterpriseStatus.PENDING),
    Company("lengyun", "MA05H4U7", "天津东疆冷链物流有限公司", "Tianjin Dongjiang Cold Chain Logistics Co., Ltd.",
            (CARRIER,), "dongjiang_port", "天津市滨海新区东疆综合保税区呼伦贝尔路416号", "022-2560-4481",
            Person("lengyun.owner", "许国栋"), (Person("lengyun.logistics", "蒋宏伟", LOGISTICS),)),
    # shipping and freight forwarding
    Company("yuanhang", "MA06C8R3", "天津东疆远航船务有限公司", "Tianjin Dongjiang Yuanhang Shipping Co., Ltd.",
            (CARRIER,), "dongjiang_port", "天津市滨海新区东疆综合保税区亚洲路6975号", "022-2560-7713",
            Person("yuanhang.owner", "董振海")),
    Company("jinhai", "72749580", "天津港津海国际货运代理有限公司",
            "Tianjin Port Jinhai International Freight Forwarding Co., Ltd.",
            (CARRIER, SERVICES), "tianjin_port", "天津市滨海新区新港二号路1788号", "022-2570-3326",
            Person("jinhai.owner", "袁丽华"), (Person("jinhai.logistics", "潘超", LOGISTICS),)),
    Company("haiou", "66128493", "天津塘沽海鸥船舶代理有限公司", "Tianjin Tanggu Haiou Shipping Agency Co., Ltd.",
            (SERVICES,), "tanggu", "天津市滨海新区塘沽上海道1201号", "022-2532-8809",
            Person("haiou.owner", "钱永生")),
    Company("hengxin", "MA05T2Y9", "天津港保税区恒信国际物流有限公司",
            "Tianjin Port FTZ Hengxin International Logistics Co., Ltd.",
            (CARRIER,), "free_trade_zone", "天津市滨海新区天津港保税区海滨五路233号", "022-2576-1158",
            Person("hengxin.owner", "沈家豪")),
    # logistics and RFID warehousing
    Company("zhicang", "MA06N5Q1", "天津东疆智仓物联科技有限公司", "Tianjin Dongjiang Zhicang IoT Warehousing Co., Ltd.",
            (CARRIER, SERVICES), "dongjiang_port", "天津市滨海新区东疆综合保税区欧洲路988号", "022-2560-9925",
            Person("zhicang.owner", "唐嘉伟"),
            (Person("zhicang.logistics", "冯磊", LOGISTICS), Person("zhicang.viewer", "邱雪", VIEWER))),
    Company("huitong", "MA07F3A6", "天津保税区汇通保税仓储有限公司", "Tianjin FTZ Huitong Bonded Warehousing Co., Ltd.",
            (CARRIER,), "free_trade_zone", "天津市滨海新区空港经济区西三道158号", "022-8490-2235",
            Person("huitong.owner", "薛明")),
    Company("duoshi", "MA05W6G4", "天津临港多式联运有限公司", "Tianjin Lingang Multimodal Transport Co., Ltd.",
            (CARRIER,), "lingang", "天津市滨海新区临港经济区渤海二十路66号", "022-2591-4460",
            Person("duoshi.owner", "陆建军"), (Person("duoshi.logistics", "石磊", LOGISTICS),)),
    Company("hongyun", "69714258", "天津港宏运集装箱物流有限公司", "Tianjin Port Hongyun Container Logistics Co., Ltd.",
            (CARRIER,), "tianjin_port", "天津市滨海新区天津港津港路3126号", "022-2570-8190",
            Person("hongyun.owner", "郑宏")),
    # R&D, testing and shared services
    Company("jingheng", "MA06K2X7", "天津经开区精衡检测技术有限公司", "Tianjin TEDA Jingheng Testing Technology Co., Ltd.",
            (SERVICES,), "teda", "天津市滨海新区经济技术开发区第三大街51号", "022-6620-5174",
            Person("jingheng.owner", "魏宁"), (Person("jingheng.viewer", "贾晓燕", VIEWER),)),
    Company("zhizao", "MA07R4E2", "天津滨海高新区智造共享实验室有限公司",
            "Tianjin Binhai Hi-tech Zone Zhizao Shared Laboratory Co., Ltd.",
            (SERVICES,), "high_tech_zone", "天津市滨海新区滨海高新区滨海科技园高新六路39号", "022-5986-7032",
            Person("zhizao.owner", "程博")),
    Company("lvyuan", "MA05U8B3", "天津生态城绿源环境检测有限公司", "Tianjin Eco-City Lvyuan Environmental Testing Co., Ltd.",
            (SERVICES,), "eco_city", "天津市滨海新区中新天津生态城中天大道2018号", "022-5990-3361",
            Person("lvyuan.owner", "蔡静")),
    Company("yunqi", "MA07H9L5", "天津生态城云启算力科技有限公司", "Tianjin Eco-City Yunqi Computing Technology Co., Ltd.",
            (SERVICES,), "eco_city", "天津市滨海新区中新天津生态城动漫中路126号", "022-5990-8824",
            Person("yunqi.owner", "陈伟明 Tan Wei Ming", locale="en")),
    Company("jiangxin", "MA07T5M8", "天津开发区匠心工业设计有限公司", "Tianjin TEDA Jiangxin Industrial Design Co., Ltd.",
            (SERVICES,), "teda", "天津市滨海新区经济技术开发区洞庭路220号", "022-6620-9418",
            Person("jiangxin.owner", "林一帆"), status=EnterpriseStatus.PENDING),
    Company("weina", "MA06W1F4", "天津滨海微纳分析测试有限公司", "Tianjin Binhai Weina Analysis & Testing Co., Ltd.",
            (SERVICES,), "high_tech_zone", "天津市滨海新区滨海高新区海洋科技园华山道178号", "022-5986-2290",
            Person("weina.owner", "黄蓓")),
    # buyers: construction and manufacturing
    Company("yujiapu", "MA05D7P2", "天津于家堡城建工程有限公司", "Tianjin Yujiapu Urban Construction Engineering Co., Ltd.",
            (BUYER,), "central_business_district", "天津市滨海新区中心商务区水线路2号", "022-6578-3305",
            Person("yujiapu.owner", "张建国"),
            (Person("yujiapu.trader", "李娜", TRADER), Person("yujiapu.viewer", "王静", VIEWER))),
    Company("zhongzhuang", "71096385", "天津临港重型装备制造有限公司",
            "Tianjin Lingang Heavy Equipment Manufacturing Co., Ltd.",
            (BUYER, SUPPLIER), "lingang", "天津市滨海新区临港经济区渤海十二路108号", "022-2591-6673",
            Person("zhongzhuang.owner", "姜海涛")),
    Company("zhongcheng", "MA06F3C9", "天津开发区众诚汽车零部件有限公司", "Tianjin TEDA Zhongcheng Auto Parts Co., Ltd.",
            (BUYER, SUPPLIER), "teda", "天津市滨海新区经济技术开发区黄海路96号", "022-6620-2748",
            Person("zhongcheng.owner", "梁志勇"), (Person("zhongcheng.trader", "宋佳", TRADER),)),
    Company("dingsheng", "MA05B2N6", "天津滨海鼎盛路桥工程有限公司", "Tianjin Binhai Dingsheng Road & Bridge Engineering Co., Ltd.",
            (BUYER,), "tanggu", "天津市滨海新区塘沽河北路4955号", "022-2532-6021",
            Person("dingsheng.owner", "谢伟")),
    Company("yihang", "MA07K6Q1", "天津空港翼航航空部件有限公司", "Tianjin Airport Yihang Aero Components Co., Ltd.",
            (BUYER, SUPPLIER), "free_trade_zone", "天津市滨海新区空港经济区中心大道55号", "022-8490-6619",
            Person("yihang.owner", "杜卫东")),
    Company("hengyuan", "MA07U2R7", "天津大港恒远管道工程有限公司", "Tianjin Dagang Hengyuan Pipeline Engineering Co., Ltd.",
            (BUYER,), "dagang", "天津市滨海新区大港迎宾街1029号", "022-6311-9835",
            Person("hengyuan.owner", "崔红"), status=EnterpriseStatus.PENDING),
)

# Whose logins the command prints: one enterprise per trade, one waiting, one suspended.
SHOWN = ("hengtai", "huahan", "fengsui", "lengyun", "jingheng", "yujiapu", "hanhai", "baichuan")



class DemoRun:
    """One run of the loader: what it added, and which existing accounts it may act for."""

    def __init__(self):
        self.added_accounts = self.added_enterprises = self.added_members = 0
        self.notes = []
        self._ours = {}

    def person(self, person):
        """The account for ``person``, signed up if missing; an existing one is returned untouched."""
        user = db.session.scalar(select(User).where(User.email == person.email))
        if user is None:
            user = services.sign_up(person.email, person.name, PASSWORD, person.locale)
            self._ours[user.id] = True
            self.added_accounts += 1
        return user

    def ours(self, user):
        """Whether the demo may act for ``user``: only accounts that still have the demo password."""
        if user.id not in self._ours:
            self._ours[user.id] = check_password(user.password_hash, PASSWORD)
            if not self._ours[user.id]:
                self.notes.append(f"left alone: {user.email} exists and is not a demo account")
        return self._ours[user.id]

    def platform_person(self, person):
        user = self.person(person)
        if user.platform_role != person.role and self.ours(user):
            user = services.grant_platform_role(user.email, person.role)
        return user

    def enterprise(self, company, operator, invitations):
        enterprise = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == company.credit_code))
        owner = self.person(company.owner)
        if enterprise is None:
            if not self.ours(owner):
                return
            enterprise = services.register_enterprise(owner, company.credit_code, list(company.kinds),
                                                      **company.profile())
            self.added_enterprises += 1
        elif _role(owner, enterprise) != CompanyRole.OWNER:
            self.notes.append(f"left alone: {company.credit_code} is registered by someone else")
            return
        if not enterprise.status_changes and company.status != EnterpriseStatus.PENDING:
            self.settle(enterprise, company, operator)
        if invitations:
            for person in company.staff:
                self.join(enterprise, owner, person)

    def settle(self, enterprise, company, operator):
        """Verify, and suspend where the story says so; only on an enterprise no operator has touched."""
        if operator.platform_role != PlatformRole.OPERATOR or not self.ours(operator):
            return
        services.change_enterprise_status(operator, enterprise.public_id, EnterpriseStatus.VERIFIED)
        if company.status == EnterpriseStatus.SUSPENDED:
            services.change_enterprise_status(operator, enterprise.public_id, EnterpriseStatus.SUSPENDED,
                                              company.reason)

    def join(self, enterprise, owner, person):
        """The owner invites ``person``, who accepts the invitation, as staff really join."""
        user = self.person(person)
        if _role(user, enterprise) is not None or not (self.ours(user) and self.ours(owner)):
            return
        _invitation, secret = services.invite_member(owner, enterprise, user.email, person.role)
        services.accept_invitation(user, secret)
        self.added_members += 1


def _role(user, enterprise):
    return db.session.scalar(select(Membership.role).where(
        Membership.user_id == user.id, Membership.enterprise_id == enterprise.id))


def load():
    """Load the demo set (safe to repeat) and return the lines to show: what is there and how to log in.

    Expects a request context (the ``binhai`` command provides one), since invitations carry links.
    """
    run = DemoRun()
    operator = run.platform_person(OPERATOR)
    regulator = run.platform_person(REGULATOR)
    reviewer = run.platform_person(REVIEWING_REGULATOR)
    # Staff join by mailed invitation; with a real mail server the demo would mail binhai.example.
    invitations = current_app.config["MAIL_URL"] is None
    for company in COMPANIES:
        run.enterprise(company, operator, invitations)
    if not invitations:
        run.notes.append("MAIL_URL is set, so no staff were invited: each demo enterprise has its owner only")
    load_listings(run)
    load_trading(run, operator)
    load_settlement(run, operator)
    load_logistics(run)
    load_credit(run, operator)
    load_oversight(run, operator, regulator, reviewer)
    return _summary(run)


def load_logistics(run):
    """A logistics firm's read points and readers, shipments in every status, one traced lot of rice."""
    booked = logistics_demo.load({company.slug: company.credit_code for company in COMPANIES})
    run.notes.append(f"Logistics: this run booked {booked} shipments with their RFID reads and EPCIS events "
                     "(the traced rice: /trace?id=BHCU0000010, or a case's Digital Link).")


def load_credit(run, operator):
    """Credit files spread over the grades: late and early payers, a listed, a blacklisted, a repaired and a contested firm."""
    recorded = credit_demo.load(operator, {company.slug: company.credit_code for company in COMPANIES})
    run.notes.append(f"Credit: this run recorded {recorded} official entries and scored every verified enterprise "
                     "(the late payer: yujiapu; on the abnormal operations list: huitong; blacklisted: haiwan).")


def load_oversight(run, operator, regulator, reviewer):
    """Parties behind the enterprises, the alerts of the seeded abuse, a case, complaints, a screened listing."""
    line = oversight_demo.load(operator, regulator, reviewer,
                               {company.slug: company.credit_code for company in COMPANIES})
    if line:
        run.notes.append(line)


def _summary(run):
    codes = [company.credit_code for company in COMPANIES]
    statuses = db.session.scalars(select(Enterprise.status).where(Enterprise.credit_code.in_(codes))).all()
    counts = ", ".join(f"{statuses.count(status)} {status}" for status in EnterpriseStatus)
    lines = [
        f"Demo data: {len(statuses)} enterprises ({counts}).",
        f"This run added {run.added_enterprises} enterprises, {run.added_accounts} accounts "
        f"and {run.added_members} staff memberships.",
        *run.notes,
        "",
        f"Site:     {current_app.config['PUBLIC_URL']}",
        f"Password: {PASSWORD}   (the same for every demo account)",
        f"  {OPERATOR.email:<34} operator: verifies enterprises, runs the platform",
        f"  {REGULATOR.email:<34} regulator: the oversight console, reads everything, audit log",
        f"  {REVIEWING_REGULATOR.email:<34} regulator: approves what the other regulator proposes (four eyes)",
    ]
    for email, places in _shown_people().items():
        lines.append(f"  {email:<34} " + "; ".join(places))
    lines.append(f"  The owner of any other demo enterprise is <slug>.owner@{DOMAIN} (slugs in marketplace/demo.py).")
    return lines


def _shown_people():
    """``{email: ["owner of …", …]}`` for the people of the SHOWN enterprises, with all their demo roles."""
    shown = {person.email for company in COMPANIES if company.slug in SHOWN
             for person in (company.owner, *company.staff)}
    places = {}
    for company in sorted(COMPANIES, key=lambda company: company.slug not in SHOWN):
        note = "" if company.status == EnterpriseStatus.VERIFIED else f" [{company.status}]"
        for person in (company.owner, *company.staff):
            if person.email in shown:
                places.setdefault(person.email, []).append(f"{person.role} of {company.name_en}{note}")
    return places


def load_listings(run):
    """The verified demo enterprises' products, services and shared instruments, published."""
    added = catalog_demo.load({company.slug: company.credit_code for company in COMPANIES}, run.ours)
    run.notes.append(f"Catalog: this run published {added} demo listings.")
    opened = bookings_demo.load(run.ours)
    run.notes.append(f"Bookings: this run opened {opened} shared resources Monday to Friday, 09:00-17:00.")


def load_trading(run, operator):
    """Instruments on every floor with three weeks of trades and a live book; open auctions."""
    instruments, auctions = trading_demo.load(operator, {company.slug: company.credit_code for company in COMPANIES})
    run.notes.append(f"Trading: this run listed {instruments} instruments with their trade history and resting "
                     f"orders, and opened {auctions} auctions.")


def load_settlement(run, operator):
    """Contracts and orders in every payment state, paid through the installation's gateway."""
    settled = settlement_demo.load(operator, {company.slug: company.credit_code for company in COMPANIES})
    run.notes.append(f"Settlement: this run took {settled} contracts and orders through payment, escrow, delivery, "
                     "release, dispute and refund (card 4242 4242 4242 4242 pays in the embedded gateway).")
