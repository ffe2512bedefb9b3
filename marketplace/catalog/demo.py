"""Demo listings: what the demo enterprises sell and offer, so a newcomer's first search finds something.

Made by the catalog's own use cases as the enterprise's owner would, and published. Keyed on
enterprise and Chinese title, so loading again adds nothing; enterprises that are not verified
(pending or suspended in the demo story) list nothing, exactly as the platform would refuse them.
"""
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import select

from marketplace.accounts.lifecycle import may_trade
from marketplace.accounts.models import Enterprise
from marketplace.accounts.services import owner_of
from marketplace.catalog import services
from marketplace.catalog.models import Listing
from marketplace.database import utcnow
from marketplace.extensions import db


class Offer(NamedTuple):
    slug: str  # the demo company (marketplace.demo.COMPANIES)
    kind: str
    category: str
    fields: dict
    tiers: tuple = ()


def _laycan(days_from_now, length):
    """A laycan window a few weeks ahead of the day the demo is loaded, so freight offers look current."""
    start = (utcnow() + timedelta(days=days_from_now)).date()
    return {"laycan_from": start.isoformat(), "laycan_to": (start + timedelta(days=length)).isoformat()}


def offers():
    return (
        # steel
        Offer("hengtai", "product", "steel.rebar", {
            "title_zh": "HRB400E 螺纹钢 Φ20×12m 抗震钢筋", "title_en": "HRB400E seismic rebar, 20 mm × 12 m",
            "description_zh": "唐钢、敬业直发，临港库现货，国标足尺，质保书随货。可代办汽运至滨海新区各工地。",
            "description_en": "Direct from Tangsteel and Jingye mills, spot stock in our Lingang warehouse, full GB "
                              "length, mill certificate with every lot. Truck delivery to Binhai sites arranged.",
            "attributes": {"grade": "HRB400E", "diameter_mm": 20, "length_m": "12", "standard": "GB/T 1499.2-2018"},
            "unit": "t", "min_order_quantity": "25", "stock": "1860", "lead_time_days": 2, "origin": "河北唐山",
            "certifications": ["ISO 9001", "CRCC"]},
            (("25", "3850.00"), ("100", "3790.00"), ("500", "3720.00"))),
        Offer("hengtai", "product", "steel.rebar", {
            "title_zh": "HRB500E 高强螺纹钢 Φ25×9m", "title_en": "HRB500E high-strength rebar, 25 mm × 9 m",
            "description_zh": "适用于高层及桥梁工程，按捆交货，每捆约2.5吨。",
            "description_en": "For high-rise and bridge works; delivered in bundles of about 2.5 t.",
            "attributes": {"grade": "HRB500E", "diameter_mm": 25, "length_m": "9", "standard": "GB/T 1499.2-2018"},
            "unit": "t", "min_order_quantity": "20", "stock": "640", "lead_time_days": 3, "origin": "河北邯郸",
            "certifications": ["ISO 9001"]},
            (("20", "4060.00"), ("200", "3990.00"))),
        Offer("xincheng", "product", "steel.plate", {
            "title_zh": "Q235B 热轧中厚板 20mm", "title_en": "Q235B hot-rolled plate, 20 mm",
            "description_zh": "2200×10000mm 定尺，可按图纸火焰切割、数控下料。",
            "description_en": "2200 × 10000 mm cut lengths; flame and CNC cutting to drawing on request.",
            "attributes": {"grade": "Q235B", "thickness_mm": "20", "width_mm": 2200, "length_mm": 10000,
                           "standard": "GB/T 3274-2017"},
            "unit": "t", "min_order_quantity": "10", "stock": "420", "lead_time_days": 3, "origin": "河北唐山",
            "certifications": ["ISO 9001"]},
            (("10", "3980.00"), ("60", "3920.00"))),
        Offer("xincheng", "product", "steel.coil", {
            "title_zh": "Q235B 热轧卷板 3.0×1500", "title_en": "Q235B hot-rolled coil, 3.0 × 1500 mm",
            "description_zh": "首钢京唐资源，卷重约23吨，可开平分条。",
            "description_en": "Shougang Jingtang coils of about 23 t; slitting and cut-to-length available.",
            "attributes": {"grade": "Q235B", "thickness_mm": "3.0", "width_mm": 1500, "coil_weight_t": "23",
                           "standard": "GB/T 3274-2017"},
            "unit": "t", "min_order_quantity": "23", "stock": "1150", "lead_time_days": 2, "origin": "河北唐山",
            "certifications": ["ISO 9001"]},
            (("23", "3760.00"), ("230", "3700.00"))),
        Offer("jingang", "product", "steel.section", {
            "title_zh": "Q355B H型钢 200×200×8×12", "title_en": "Q355B H-beam 200 × 200 × 8 × 12",
            "description_zh": "新港库提货，可锯切、钻孔、喷砂除锈。",
            "description_en": "Collect at our Xingang yard; sawing, drilling and shot blasting available.",
            "attributes": {"shape": "h_beam", "grade": "Q355B", "size": "200×200×8×12", "length_m": "12"},
            "unit": "t", "min_order_quantity": "5", "stock": "310", "lead_time_days": 1, "origin": "山东日照"},
            (("5", "3930.00"), ("50", "3880.00"))),
        # chemicals
        Offer("huahan", "product", "chemicals.basic", {
            "title_zh": "工业级甲醇 99.9%", "title_en": "Industrial methanol 99.9%",
            "description_zh": "南港罐区自提或槽车配送，危险品运输资质齐全。",
            "description_en": "Ex-tank at Nangang or delivered by licensed road tanker.",
            "attributes": {"cas_number": "67-56-1", "purity_percent": "99.9", "un_number": "1230",
                           "hazard_class": "3", "grade": "GB/T 338-2011 优等品", "packaging": "槽车 / road tanker"},
            "unit": "t", "min_order_quantity": "30", "stock": "2400", "lead_time_days": 2, "origin": "天津南港",
            "certifications": ["危险化学品经营许可证", "ISO 14001"]},
            (("30", "2480.00"), ("300", "2430.00"))),
        Offer("huahan", "product", "chemicals.plastics", {
            "title_zh": "PVC 树脂 SG-5 电石法", "title_en": "PVC resin SG-5 (carbide process)",
            "description_zh": "25公斤编织袋，每托1.4吨，适用于管材、型材。",
            "description_en": "25 kg woven bags, 1.4 t per pallet; for pipes and profiles.",
            "attributes": {"cas_number": "9002-86-2", "purity_percent": "99.5", "hazard_class": "none",
                           "grade": "SG-5", "packaging": "25 kg bags"},
            "unit": "t", "min_order_quantity": "14", "stock": "560", "lead_time_days": 3, "origin": "内蒙古乌海"},
            (("14", "5260.00"), ("70", "5190.00"))),
        Offer("huayu", "product", "chemicals.fertiliser", {
            "title_zh": "大颗粒尿素 总氮≥46%", "title_en": "Granular urea, total nitrogen ≥ 46%",
            "description_zh": "农业用大颗粒尿素，50公斤装，大港库现货。",
            "description_en": "Agricultural granular urea in 50 kg bags, in stock at our Dagang warehouse.",
            "attributes": {"cas_number": "57-13-6", "purity_percent": "99.5", "hazard_class": "none",
                           "grade": "GB/T 2440-2017 农业用", "packaging": "50 kg bags"},
            "unit": "t", "min_order_quantity": "30", "stock": "900", "lead_time_days": 3, "origin": "山西晋城"},
            (("30", "1890.00"), ("300", "1850.00"))),
        # agriculture
        Offer("fengsui", "product", "agriculture.grain", {
            "title_zh": "二等黄玉米 2025年产 东北", "title_en": "Yellow corn, grade 2, 2025 crop, Northeast China",
            "description_zh": "容重≥690g/L，霉变粒≤2%，天津港散粮码头交货。",
            "description_en": "Test weight ≥ 690 g/L, mouldy kernels ≤ 2%; delivered at the Tianjin port grain "
                              "terminal.",
            "attributes": {"commodity": "corn", "grade": "grade_2", "moisture_percent": "14", "origin": "吉林",
                           "harvest_year": 2025},
            "unit": "t", "min_order_quantity": "100", "stock": "12000", "lead_time_days": 5, "origin": "吉林长春"},
            (("100", "2210.00"), ("1000", "2180.00"))),
        Offer("fengsui", "product", "agriculture.grain", {
            "title_zh": "国产大豆 三等 黑龙江", "title_en": "Domestic soybeans, grade 3, Heilongjiang",
            "description_zh": "非转基因，蛋白≥38%，吨袋或散装。",
            "description_en": "Non-GMO, protein ≥ 38%, in bulk bags or loose.",
            "attributes": {"commodity": "soybean", "grade": "grade_3", "moisture_percent": "13", "origin": "黑龙江",
                           "harvest_year": 2025, "trace_lot": "HLJ-2025-0917"},
            "unit": "t", "min_order_quantity": "50", "stock": "3000", "lead_time_days": 7, "origin": "黑龙江黑河"},
            (("50", "4380.00"), ("500", "4320.00"))),
        Offer("jiahe", "product", "agriculture.grain", {
            "title_zh": "小站稻 一等粳米", "title_en": "Xiaozhan japonica rice, grade 1",
            "description_zh": "天津小站稻，当季新米，10公斤/25公斤装。",
            "description_en": "Tianjin Xiaozhan rice from this season, in 10 kg or 25 kg bags.",
            "attributes": {"commodity": "rice", "grade": "grade_1", "moisture_percent": "14.5", "origin": "天津津南",
                           "harvest_year": 2025},
            "unit": "t", "min_order_quantity": "5", "stock": "260", "lead_time_days": 3, "origin": "天津津南",
            "certifications": ["绿色食品", "地理标志产品"]},
            (("5", "6800.00"), ("50", "6600.00"))),
        Offer("jiahe", "product", "agriculture.cotton", {
            "title_zh": "新疆机采棉 白棉三级 28mm", "title_en": "Xinjiang machine-picked cotton, white 31, 28 mm",
            "description_zh": "公检数据齐全，天津港保税库仓单交割。",
            "description_en": "Full official inspection data; delivered by warehouse receipt at a Tianjin port "
                              "bonded warehouse.",
            "attributes": {"color_grade": "white_31", "staple_length_mm": "28", "micronaire": "4.2",
                           "strength_cn_tex": "28.5", "origin": "新疆阿克苏", "harvest_year": 2025},
            "unit": "t", "min_order_quantity": "20", "stock": "400", "lead_time_days": 4, "origin": "新疆阿克苏"},
            (("20", "14950.00"), ("100", "14800.00"))),
        # freight
        Offer("yuanhang", "service", "shipping.freight", {
            "title_zh": "5.7万吨散货船 天津新港—雅加达 运力", "title_en": "Supramax 57,000 dwt, Tianjin Xingang to Jakarta",
            "description_zh": "适装钢材、化肥、粮食等散杂货，可提供装卸港代理。",
            "description_en": "Suits steel, fertiliser, grain and other dry bulk; port agency at both ends.",
            "attributes": {"vessel_type": "bulk_carrier", "dwt_tonnes": 57000, "load_port": "CNTXG",
                           "discharge_port": "IDJKT", "cargo": "钢材、化肥、粮食 / steel, fertiliser, grain",
                           **_laycan(18, 5)},
            "service_scope": "程租，FIO条款，装卸港代理 / voyage charter, FIO terms, port agency",
            "price_basis": "fixed", "unit": "t"},
            (("1", "128.00"), ("30000", "118.00"))),
        Offer("jinhai", "service", "shipping.freight", {
            "title_zh": "天津—釜山 集装箱周班 40尺", "title_en": "Weekly container service Tianjin–Busan, 40 ft",
            "description_zh": "每周三截关，约2天到港，含订舱、报关。",
            "description_en": "Cut-off every Wednesday, about 2 days transit, booking and customs clearance included.",
            "attributes": {"vessel_type": "container_ship", "dwt_tonnes": 24000, "load_port": "CNTXG",
                           "discharge_port": "KRPUS", "cargo": "普通集装箱货物 / general containerised cargo",
                           **_laycan(6, 1)},
            "service_scope": "订舱、报关、拖车 / booking, customs, trucking", "price_basis": "fixed", "unit": "TEU"},
            (("1", "2650.00"), ("10", "2450.00"))),
        # services
        Offer("jingheng", "service", "services.testing", {
            "title_zh": "钢筋力学性能检测（拉伸、弯曲、重量偏差）",
            "title_en": "Rebar mechanical testing (tensile, bend, mass deviation)",
            "description_zh": "CNAS、CMA 双资质，3个工作日出具报告，可上门取样。",
            "description_en": "CNAS and CMA accredited; report within 3 working days; sampling at your site.",
            "attributes": {"standards": "GB/T 228.1-2021, GB/T 232-2024, GB/T 1499.2-2018",
                           "accreditations": ["CNAS", "CMA"], "turnaround_days": 3,
                           "sample_requirements": "每批3根，长度≥500mm / 3 bars per lot, at least 500 mm"},
            "service_scope": "建筑用钢筋进场复检 / incoming inspection of construction rebar",
            "price_basis": "per_sample", "lead_time_days": 3, "certifications": ["CNAS L12345"]},
            (("1", "480.00"), ("20", "420.00"))),
        Offer("lvyuan", "service", "services.testing", {
            "title_zh": "工业废水水质检测（COD、氨氮、重金属）",
            "title_en": "Industrial wastewater testing (COD, ammonia nitrogen, heavy metals)",
            "description_zh": "满足排污许可自行监测要求，出具CMA报告。",
            "description_en": "Meets self-monitoring duties of discharge permits; CMA reports.",
            "attributes": {"standards": "HJ 828-2017, HJ 535-2009, HJ 700-2014",
                           "accreditations": ["CMA"], "turnaround_days": 5},
            "service_scope": "采样、检测、报告 / sampling, analysis, report", "price_basis": "per_sample"},
            (("1", "650.00"),)),
        Offer("weina", "service", "services.testing", {
            "title_zh": "金属材料成分分析（直读光谱）", "title_en": "Metal composition analysis (spark OES)",
            "description_zh": "碳钢、不锈钢、铝合金牌号鉴定，当天出结果。",
            "description_en": "Grade identification of carbon steel, stainless steel and aluminium alloys, same day.",
            "attributes": {"standards": "GB/T 4336-2016", "accreditations": ["CNAS", "CMA"], "turnaround_days": 1},
            "service_scope": "来样检测 / samples sent to our lab", "price_basis": "per_sample"},
            (("1", "260.00"), ("10", "220.00"))),
        Offer("zhizao", "service", "services.design", {
            "title_zh": "产品结构设计与有限元分析", "title_en": "Product structural design and FEA",
            "description_zh": "从概念到可制造图纸，含强度、模态仿真。",
            "description_en": "From concept to manufacturing drawings, with strength and modal simulation.",
            "attributes": {"discipline": "structural", "software": "SolidWorks, ANSYS",
                           "deliverables": "三维模型、工程图、仿真报告 / 3D model, drawings, simulation report"},
            "service_scope": "按项目报价 / quoted per project", "price_basis": "on_quotation"}),
        Offer("zhongcheng", "service", "services.manufacturing", {
            "title_zh": "汽车零部件 CNC 精密加工外协", "title_en": "Contract CNC machining of auto parts",
            "description_zh": "铝合金、钢件精密加工，IATF 16949 体系。",
            "description_en": "Precision machining of aluminium and steel parts under IATF 16949.",
            "attributes": {"process": "machining", "materials": "6061, 7075, 45#, 40Cr",
                           "monthly_capacity": "约 3000 机时 / about 3,000 machine hours"},
            "service_scope": "来图加工、来料加工 / to drawing, with client's or our material",
            "price_basis": "per_hour", "certifications": ["IATF 16949"]},
            (("1", "180.00"), ("100", "160.00"))),
        # shared resources
        Offer("zhizao", "resource", "resources.instrument", {
            "title_zh": "场发射扫描电镜 SEM 共享机时", "title_en": "Field-emission SEM, shared instrument hours",
            "description_zh": "配能谱（EDS），可自主上机（需培训）或委托测试。",
            "description_en": "With EDS; operate it yourself after training, or have our staff run it.",
            "attributes": {"manufacturer": "ZEISS", "model": "Sigma 300",
                           "specs": "分辨率 1.2 nm @ 15 kV，配 Oxford EDS / 1.2 nm at 15 kV, Oxford EDS",
                           "year_built": 2021},
            "location": "天津市滨海新区滨海科技园高新六路39号 共享实验室 B201", "slot_minutes": 60, "unit": "hour"},
            (("1", "600.00"),)),
        Offer("weina", "resource", "resources.instrument", {
            "title_zh": "X射线衍射仪 XRD 共享机时", "title_en": "X-ray diffractometer (XRD), shared hours",
            "description_zh": "物相定性定量分析，粉末及块体样品。",
            "description_en": "Qualitative and quantitative phase analysis of powder and bulk samples.",
            "attributes": {"manufacturer": "Bruker", "model": "D8 Advance", "specs": "Cu 靶，LynxEye 探测器",
                           "year_built": 2019},
            "location": "天津市滨海新区海洋科技园华山道178号 3层", "slot_minutes": 60, "unit": "hour"},
            (("1", "400.00"),)),
        Offer("yunqi", "resource", "resources.computing", {
            "title_zh": "GPU 算力服务器 8卡 A800 按小时", "title_en": "GPU server, 8 × A800, by the hour",
            "description_zh": "生态城数据中心，提供容器环境与高速存储，适合模型训练与仿真。",
            "description_en": "In the Eco-City data centre, with containers and fast storage, for training and "
                              "simulation.",
            "attributes": {"manufacturer": "Inspur", "model": "NF5688M6",
                           "specs": "8 × NVIDIA A800 80GB, 2 × Xeon 8358, 2 TB RAM"},
            "location": "天津市滨海新区中新天津生态城动漫中路126号 数据中心", "slot_minutes": 60, "unit": "hour"},
            (("1", "220.00"), ("100", "198.00"))),
        Offer("zhongzhuang", "resource", "resources.machine", {
            "title_zh": "五轴加工中心 闲置产能", "title_en": "Five-axis machining centre, spare capacity",
            "description_zh": "工作台 Φ800mm，按4小时段预约，可配操作工。",
            "description_en": "Ø 800 mm table, booked in 4-hour slots, with an operator if wanted.",
            "attributes": {"manufacturer": "DMG MORI", "model": "DMU 80 eVo", "year_built": 2020},
            "location": "天津市滨海新区临港经济区渤海十二路108号 2号厂房", "slot_minutes": 240, "unit": "hour"},
            (("1", "350.00"),)),
    )


def load(credit_codes, may_act_for):
    """Create and publish the demo listings of verified demo enterprises; a second run adds nothing.

    ``credit_codes`` maps slugs to credit codes; ``may_act_for(user)`` says whether the demo may act
    for an account (only its own). :return: how many listings this run added.
    """
    added = 0
    for offer in offers():
        enterprise = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == credit_codes[offer.slug]))
        if enterprise is None or not may_trade(enterprise.status):
            continue
        owner = owner_of(enterprise)
        exists = db.session.scalar(select(Listing.id).where(Listing.enterprise_id == enterprise.id,
                                                            Listing.title_zh == offer.fields["title_zh"]))
        if exists or not may_act_for(owner):
            continue
        listing = services.create_listing(owner, enterprise, offer.kind, offer.category, price_tiers=list(offer.tiers),
                                          **offer.fields)
        services.move_listing(owner, listing, "published")
        added += 1
    return added
