"""The term lists a fresh installation starts with; regulators and operators edit them afterwards.

Absolute terms follow Article 9(3) of the Advertising Law (国家级, 最高级, 最佳 …) and the market
regulators' guidance on it; banned goods are those no platform may offer; the chemicals are a few
entries of the Catalogue of Hazardous Chemicals (危险化学品目录) that commodity sellers offer most.
"""
from marketplace.oversight.screening.screen import ABSOLUTE_TERMS, BANNED_GOODS, HAZARDOUS_CHEMICALS

DEFAULT_TERMS = (
    *((ABSOLUTE_TERMS, term, ()) for term in (
        "全国第一", "第一", "国家级", "世界级", "最高级", "最佳", "最好", "最优", "最先进", "最低价", "顶级", "极品",
        "最大", "最强", "最便宜", "独一无二", "史无前例", "万能", "best in china", "world-class", "no.1",
        "number one")),
    (BANNED_GOODS, "象牙", ("ivory",)),
    (BANNED_GOODS, "犀牛角", ("rhino horn",)),
    (BANNED_GOODS, "穿山甲", ("pangolin",)),
    (BANNED_GOODS, "枪支", ("firearm", "gun parts")),
    (BANNED_GOODS, "管制刀具", ("controlled knives",)),
    (BANNED_GOODS, "假币", ("counterfeit currency",)),
    (BANNED_GOODS, "洋垃圾", ("imported solid waste",)),
    (HAZARDOUS_CHEMICALS, "7664-93-9", ("硫酸", "sulphuric acid", "sulfuric acid")),
    (HAZARDOUS_CHEMICALS, "7647-01-0", ("盐酸", "hydrochloric acid")),
    (HAZARDOUS_CHEMICALS, "1310-73-2", ("氢氧化钠", "烧碱", "sodium hydroxide", "caustic soda")),
    (HAZARDOUS_CHEMICALS, "67-56-1", ("甲醇", "methanol")),
    (HAZARDOUS_CHEMICALS, "71-43-2", ("纯苯", "benzene")),
    (HAZARDOUS_CHEMICALS, "7664-41-7", ("液氨", "anhydrous ammonia")),
    (HAZARDOUS_CHEMICALS, "6484-52-2", ("硝酸铵", "ammonium nitrate")),
    (HAZARDOUS_CHEMICALS, "74-86-2", ("乙炔", "acetylene")),
)
