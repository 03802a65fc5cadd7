"""The survey workbook as data: one sheet per kind of record, its columns, and how each cell is read.

Sheet names, headers, choice labels and help texts are Chinese data, not gettext strings: they are the
file format (see the package docstring). ``parse`` reads cells by ``Column.kind``; ``template`` writes
the workbook from the same tables, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from types import MappingProxyType

# The instructions sheet and the yes/no words are the core's (``core.sheets``), re-exported for the survey.
from ecopermit.core.sheets import FALSE_WORD as FALSE_WORD
from ecopermit.core.sheets import INSTRUCTIONS_SHEET as INSTRUCTIONS_SHEET
from ecopermit.core.sheets import TRUE_WORD as TRUE_WORD
from ecopermit.registry.vocab import (
    AcceptanceKind,
    CapacityUnit,
    EiaReportType,
    Fuel,
    FurnaceKind,
    ManagementClass,
    Medium,
    OperatingStatus,
    OutletKind,
    Process,
    Quantity,
    ReportedProblem,
    Statistic,
    WaterTreatmentKind,
)

LISTS_SHEET = "选项"  # hidden sheet holding the drop-down lists of the template
MAX_ROWS_PER_SHEET = 100_000


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # a short identifier: full-width folded, upper-cased, no blanks (DA001, permit numbers)
    CREDIT_CODE = "credit_code"
    INDUSTRY_LIST = "industry_list"
    TOWN = "town"
    PARK = "park"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    DECIMAL = "decimal"
    YEAR = "year"
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"
    POLLUTANT = "pollutant"


# How each kind is described on the instructions sheet.
KIND_HELP: Mapping[Kind, str] = MappingProxyType(
    {
        Kind.TEXT: "文本",
        Kind.CODE: "编号（字母和数字，不区分全角半角和大小写）",
        Kind.CREDIT_CODE: "18位统一社会信用代码，以文本格式填写",
        Kind.INDUSTRY_LIST: "GB/T 4754-2017 行业代码（2至4位，可带门类字母），多个用“、”或逗号分隔，第一个为主行业",
        Kind.TOWN: "本区镇（街道）名称，从下拉列表选择",
        Kind.PARK: "本区园区名称，从下拉列表选择；不在园区内的留空",
        Kind.LATITUDE: "纬度，十进制度数（如30.0123），须在本区范围内",
        Kind.LONGITUDE: "经度，十进制度数（如122.1062），须在本区范围内",
        Kind.DECIMAL: "数字，不小于0",
        Kind.YEAR: "四位年份，如2024",
        Kind.DATE: "日期，如2024-05-01",
        Kind.BOOL: "填写“是”或“否”",
        Kind.CHOICE: "从下拉列表选择",
        Kind.POLLUTANT: "HJ 212-2017 污染物编码，如a21026（二氧化硫）、w01018（化学需氧量）",
    }
)

# Kinds whose cells the template formats as text, so Excel keeps leading zeros and long digit strings.
TEXT_FORMAT_KINDS = frozenset({Kind.TEXT, Kind.CODE, Kind.CREDIT_CODE, Kind.INDUSTRY_LIST, Kind.POLLUTANT})


def _choices(pairs: dict[str, str], enum: type[Enum]) -> Mapping[str, str]:
    """Chinese label → stored value; asserts at import time that the vocabulary is covered exactly."""
    values = {str(v) for v in pairs.values()}
    expected = {str(v) for v in enum}
    if values != expected:
        raise RuntimeError(
            f"survey schema choices for {enum.__name__} do not match the vocabulary: {values ^ expected}"
        )
    return MappingProxyType(pairs)


OPERATING_STATUS = _choices(
    {
        "正常生产": OperatingStatus.OPERATING,
        "停产": OperatingStatus.SUSPENDED,
        "在建": OperatingStatus.CONSTRUCTION,
        "已关闭": OperatingStatus.CLOSED,
    },
    OperatingStatus,
)
MANAGEMENT_CLASS = _choices(
    {
        "重点管理": ManagementClass.KEY,
        "简化管理": ManagementClass.SIMPLIFIED,
        "登记管理": ManagementClass.REGISTRATION,
        "名录外": ManagementClass.NONE,
        "关停取缔": ManagementClass.EXCLUDED,
        "待分类": ManagementClass.UNKNOWN,
    },
    ManagementClass,
)
PERMIT_CLASS: Mapping[str, str] = MappingProxyType(
    {"重点管理": ManagementClass.KEY, "简化管理": ManagementClass.SIMPLIFIED}
)
FUEL = _choices(
    {
        "天然气": Fuel.GAS,
        "煤": Fuel.COAL,
        "油": Fuel.OIL,
        "生物质": Fuel.BIOMASS,
        "电": Fuel.ELECTRIC,
        "其他": Fuel.OTHER,
    },
    Fuel,
)
CAPACITY_UNIT = _choices({"t/h": CapacityUnit.T_PER_H, "MW": CapacityUnit.MW}, CapacityUnit)
FURNACE_KIND = _choices(
    {
        "加热炉": FurnaceKind.HEATING,
        "热处理炉": FurnaceKind.HEAT_TREATMENT,
        "干燥炉": FurnaceKind.DRYING,
        "熔炼炉": FurnaceKind.MELTING,
        "其他炉窑": FurnaceKind.OTHER,
    },
    FurnaceKind,
)
PROCESS = _choices(
    {
        "电镀": Process.ELECTROPLATING,
        "酸洗": Process.PICKLING,
        "铬钝化": Process.CHROMIUM_PASSIVATION,
        "无铬钝化": Process.CHROMIUM_FREE_PASSIVATION,
        "磷化": Process.PHOSPHATING,
        "阳极氧化": Process.ANODIZING,
        "化学抛光": Process.CHEMICAL_POLISHING,
        "抛光": Process.POLISHING,
        "热浸镀": Process.HOT_DIP,
        "使用有机溶剂助镀剂的热浸镀": Process.HOT_DIP_SOLVENT,
        "淬火": Process.QUENCHING,
        "喷涂": Process.SPRAY_COATING,
        "喷砂": Process.SAND_BLASTING,
        "铸造": Process.CASTING,
        "焊接": Process.WELDING,
    },
    Process,
)
QUANTITY = _choices(
    {
        "溶剂型涂料（含稀释剂）、胶粘剂使用量（吨/年）": Quantity.SOLVENT_COATING,
        "水性涂料使用量（吨/年）": Quantity.WATER_COATING,
        "水产品加工量（吨/年）": Quantity.AQUATIC_PRODUCTS,
        "铸件产量（吨/年）": Quantity.CASTINGS,
        "塑料制品产量（吨/年）": Quantity.PLASTIC_PRODUCTS,
        "橡胶制品产量（吨/年）": Quantity.RUBBER_PRODUCTS,
        "砂石处理量（吨/年）": Quantity.SAND_STONE,
        "修船量（艘/年）": Quantity.SHIP_REPAIR,
        "粮油加工量（吨/年）": Quantity.GRAIN_OIL,
        "饲料产量（吨/年）": Quantity.FEED,
        "有机溶剂使用量（吨/年）": Quantity.ORGANIC_SOLVENT,
        "橡胶（耗胶）使用量（吨/年）": Quantity.RUBBER_CONSUMPTION,
    },
    Quantity,
)
MEDIUM = _choices({"废气": Medium.GAS, "废水": Medium.WATER}, Medium)
OUTLET_KIND = _choices({"主要排放口": OutletKind.MAIN, "一般排放口": OutletKind.GENERAL}, OutletKind)
STATISTIC = _choices(
    {
        "瞬时值": Statistic.INSTANT,
        "小时均值": Statistic.HOURLY,
        "日均值": Statistic.DAILY,
        "年排放总量": Statistic.ANNUAL_TOTAL,
    },
    Statistic,
)
EIA_REPORT_TYPE = _choices(
    {"报告书": EiaReportType.REPORT, "报告表": EiaReportType.FORM, "登记表": EiaReportType.REGISTRATION},
    EiaReportType,
)
ACCEPTANCE_KIND = _choices(
    {"自主验收": AcceptanceKind.SELF, "政府验收": AcceptanceKind.GOVERNMENT}, AcceptanceKind
)
REPORTED_PROBLEM = _choices(
    {
        "超标排放": ReportedProblem.OVER_STANDARD,
        "超总量排放": ReportedProblem.OVER_TOTAL,
        "未批先建": ReportedProblem.BUILT_BEFORE_APPROVAL,
        "批建不符": ReportedProblem.BUILT_NOT_AS_APPROVED,
        "未安装自动监测": ReportedProblem.NO_AUTO_MONITORING,
        "自动监测未联网": ReportedProblem.MONITORING_NOT_NETWORKED,
        "排放口未规范化设置": ReportedProblem.OUTLET_NOT_STANDARD,
        "无证排污或未登记": ReportedProblem.NO_PERMIT,
        "治污设施未正常运行": ReportedProblem.TREATMENT_NOT_RUNNING,
        "其他违法行为": ReportedProblem.OTHER_VIOLATION,
    },
    ReportedProblem,
)
WATER_TREATMENT_KIND = _choices(
    {
        "工业废水": WaterTreatmentKind.INDUSTRIAL,
        "生活污水": WaterTreatmentKind.DOMESTIC,
        "混合": WaterTreatmentKind.MIXED,
    },
    WaterTreatmentKind,
)


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: Kind
    required: bool = False
    help: str = ""
    example: str = ""
    max_length: int | None = None
    choices: Mapping[str, str] | None = None
    max_digits: int = 14
    decimal_places: int = 2

    def describe(self) -> str:
        """Help text for the instructions sheet: the kind, the specifics, the allowed values."""
        parts = [self.help or KIND_HELP[self.kind]]
        if self.help and self.kind not in (Kind.TEXT, Kind.CODE, Kind.CHOICE):
            parts.append(KIND_HELP[self.kind])
        if self.max_length and self.kind in (Kind.TEXT, Kind.CODE):
            parts.append(f"不超过{self.max_length}个字符")
        if self.kind == Kind.DECIMAL:
            parts.append(f"最多{self.decimal_places}位小数")
        if self.choices:
            parts.append("可选：" + "、".join(self.choices))
        return "；".join(parts)


@dataclass(frozen=True)
class Sheet:
    """One worksheet. ``natural_key`` lists the fields that identify a record (the models' unique constraints)."""

    key: str
    name: str
    model: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    help: str
    parent: str = "facility"  # what the row hangs on: "facility", "outlet", or "" for the facility itself
    by_field: Mapping[str, Column] = field(init=False, repr=False, compare=False)
    by_header: Mapping[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_field", MappingProxyType({c.field: c for c in self.columns}))
        object.__setattr__(self, "by_header", MappingProxyType({c.header: c for c in self.columns}))
        missing = set(self.natural_key) - set(self.by_field)
        if missing:
            raise RuntimeError(f"sheet {self.name}: natural key fields {missing} are not columns")


def _facility_ref(example: str) -> Column:
    return Column(
        "统一社会信用代码",
        "facility",
        Kind.CREDIT_CODE,
        required=True,
        help="所属排污单位的统一社会信用代码（须在“排污单位”工作表中或已在系统中）",
        example=example,
    )


# Well-formed (both check characters computed by make_credit_code) but not a registered enterprise.
EXAMPLE_CODE = "91330902MA2A2B3C8X"

FACILITY = Sheet(
    key="facility",
    name="排污单位",
    model="registry.Facility",
    parent="",
    natural_key=("credit_code",),
    help="每行一家排污单位，以统一社会信用代码识别：系统中已有的单位更新，没有的新建。",
    columns=(
        Column("统一社会信用代码", "credit_code", Kind.CREDIT_CODE, required=True, example=EXAMPLE_CODE),
        Column(
            "单位名称", "name", Kind.TEXT, required=True, max_length=200, example="舟山某船舶修造有限公司"
        ),
        Column("法定代表人", "legal_representative", Kind.TEXT, max_length=50, example="张三"),
        Column("地址", "address", Kind.TEXT, max_length=200, example="定海区盐仓街道某路1号"),
        Column("所属镇（街道）", "town", Kind.TOWN, required=True, example="盐仓街道"),
        Column("所属园区", "park", Kind.PARK, example="定海工业园区"),
        Column("纬度", "lat", Kind.LATITUDE, help="厂区中心纬度；与经度同时填写", example="30.0315"),
        Column("经度", "lon", Kind.LONGITUDE, help="厂区中心经度；与纬度同时填写", example="122.0412"),
        Column(
            "行业代码",
            "industries",
            Kind.INDUSTRY_LIST,
            required=True,
            help="该单位的全部行业，导入后以此为准",
            example="3731、3360",
        ),
        Column("生产状态", "status", Kind.CHOICE, choices=OPERATING_STATUS, example="正常生产"),
        Column("占地面积（亩）", "land_area_mu", Kind.DECIMAL, max_digits=10, example="35.5"),
        Column("年产值（万元）", "output_value_10k", Kind.DECIMAL, max_digits=14, example="12000"),
        Column("联系人", "contact_name", Kind.TEXT, max_length=50, example="李四"),
        Column("联系电话", "contact_phone", Kind.TEXT, max_length=30, example="0580-8000000"),
        Column("是否列入重点排污单位名录", "on_key_list", Kind.BOOL, example="否"),
        Column("是否在工业厂房内生产", "in_industrial_building", Kind.BOOL, example="是"),
        Column(
            "申报管理类别",
            "management_class",
            Kind.CHOICE,
            choices=MANAGEMENT_CLASS,
            help="企业申报或普查确定的排污许可管理类别；系统按名录判定后以判定为准",
            example="简化管理",
        ),
        Column(
            "开工建设日期",
            "construction_started_on",
            Kind.DATE,
            help="现有生产设施开工建设的日期；早于环评批复日期的为未批先建",
            example="2018-03-01",
        ),
        Column(
            "投产日期", "commissioned_on", Kind.DATE, help="投入生产（开始排污）的日期", example="2019-10-01"
        ),
    ),
)

BOILER = Sheet(
    key="boiler",
    name="锅炉",
    model="registry.Boiler",
    natural_key=("facility", "name"),
    help="每行一台锅炉，同一单位内以名称或编号识别。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column("锅炉名称或编号", "name", Kind.TEXT, required=True, max_length=100, example="1号锅炉"),
        Column("燃料", "fuel", Kind.CHOICE, required=True, choices=FUEL, example="天然气"),
        Column("额定容量", "capacity", Kind.DECIMAL, required=True, max_digits=8, example="4"),
        Column(
            "容量单位",
            "capacity_unit",
            Kind.CHOICE,
            choices=CAPACITY_UNIT,
            help="蒸汽锅炉填t/h，热水锅炉填MW；空白按t/h",
            example="t/h",
        ),
        Column(
            "是否在环评批复范围内",
            "in_eia_approval",
            Kind.BOOL,
            help="环评批复是否包含该设施；填“否”的为批建不符，不清楚的留空",
            example="是",
        ),
    ),
)

FURNACE = Sheet(
    key="furnace",
    name="工业炉窑",
    model="registry.Furnace",
    natural_key=("facility", "name"),
    help="每行一台工业炉窑，同一单位内以名称或编号识别。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column("炉窑名称或编号", "name", Kind.TEXT, required=True, max_length=100, example="1号热处理炉"),
        Column("炉窑类型", "kind", Kind.CHOICE, required=True, choices=FURNACE_KIND, example="热处理炉"),
        Column("能源", "energy", Kind.CHOICE, required=True, choices=FUEL, example="电"),
        Column(
            "是否在环评批复范围内",
            "in_eia_approval",
            Kind.BOOL,
            help="环评批复是否包含该设施；填“否”的为批建不符，不清楚的留空",
            example="是",
        ),
    ),
)

PROCESS_SHEET = Sheet(
    key="process",
    name="表面处理工艺",
    model="registry.FacilityProcess",
    natural_key=("facility", "process"),
    help="每行一项表面处理或涂装工艺，同一单位内每种工艺填一行。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column("工艺", "process", Kind.CHOICE, required=True, choices=PROCESS, example="喷涂"),
        Column("备注", "note", Kind.TEXT, max_length=200, example="船体分段喷涂"),
    ),
)

QUANTITY_SHEET = Sheet(
    key="quantity",
    name="年度用量",
    model="registry.FacilityQuantity",
    natural_key=("facility", "kind", "year"),
    help="每行一个年度数量（如溶剂型涂料使用量），同一单位同一类别每年一行；名录按近三年最大值判定。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column(
            "类别",
            "kind",
            Kind.CHOICE,
            required=True,
            choices=QUANTITY,
            example="溶剂型涂料（含稀释剂）、胶粘剂使用量（吨/年）",
        ),
        Column("年份", "year", Kind.YEAR, required=True, example="2024"),
        Column("数量", "value", Kind.DECIMAL, required=True, max_digits=14, decimal_places=3, example="12.5"),
        Column("是否取自环评（投产不满一年）", "from_eia", Kind.BOOL, example="否"),
    ),
)

WATER_SHEET = Sheet(
    key="water_treatment",
    name="水处理设施",
    model="registry.WaterTreatment",
    natural_key=("facility", "name"),
    help="每行一套污水处理设施，同一单位内以名称识别。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column("设施名称", "name", Kind.TEXT, required=True, max_length=100, example="含油废水处理站"),
        Column(
            "处理类型", "kind", Kind.CHOICE, required=True, choices=WATER_TREATMENT_KIND, example="工业废水"
        ),
        Column(
            "处理能力（吨/日）",
            "capacity_t_per_day",
            Kind.DECIMAL,
            required=True,
            max_digits=10,
            example="50",
        ),
    ),
)

OUTLET_SHEET = Sheet(
    key="outlet",
    name="排放口",
    model="registry.Outlet",
    natural_key=("facility", "code"),
    help="每行一个排放口，同一单位内以排放口编号识别。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column(
            "排放口编号",
            "code",
            Kind.CODE,
            required=True,
            max_length=20,
            help="如DA001、DW001",
            example="DA001",
        ),
        Column("排放口名称", "name", Kind.TEXT, required=True, max_length=100, example="喷涂废气排放口"),
        Column("排放介质", "medium", Kind.CHOICE, required=True, choices=MEDIUM, example="废气"),
        Column("排放口类型", "kind", Kind.CHOICE, required=True, choices=OUTLET_KIND, example="一般排放口"),
        Column("纬度", "lat", Kind.LATITUDE, help="与经度同时填写", example="30.0318"),
        Column("经度", "lon", Kind.LONGITUDE, help="与纬度同时填写", example="122.0409"),
        Column("执行标准", "standard", Kind.TEXT, max_length=200, example="GB 16297-1996"),
        Column("是否安装自动监测", "auto_monitoring_installed", Kind.BOOL, example="否"),
        Column("自动监测是否联网", "auto_monitoring_networked", Kind.BOOL, example="否"),
        Column("是否规范化设置", "standardized", Kind.BOOL, example="是"),
        Column(
            "是否在环评批复范围内",
            "in_eia_approval",
            Kind.BOOL,
            help="环评批复是否包含该设施；填“否”的为批建不符，不清楚的留空",
            example="是",
        ),
    ),
)

LIMIT_SHEET = Sheet(
    key="limit",
    name="排放限值",
    model="registry.OutletLimit",
    parent="outlet",
    natural_key=("facility", "outlet_code", "pollutant_code", "statistic", "valid_from"),
    help="每行一项许可排放限值，以单位、排放口编号、污染物、统计方式和起始日期识别；排放口须在“排放口”工作表中或已在系统中。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column("排放口编号", "outlet_code", Kind.CODE, required=True, max_length=20, example="DA001"),
        Column(
            "污染物代码",
            "pollutant_code",
            Kind.POLLUTANT,
            required=True,
            help="折算限值（按基准氧含量折算后的浓度，如GB 13271锅炉烟气）在代码后加-Zs，如a21026-Zs",
            example="a24088",
        ),
        Column(
            "污染物名称",
            "pollutant_name",
            Kind.TEXT,
            max_length=50,
            help="空白时按HJ 212-2017编码表填写",
            example="非甲烷总烃",
        ),
        Column("统计方式", "statistic", Kind.CHOICE, required=True, choices=STATISTIC, example="小时均值"),
        Column("限值", "value", Kind.DECIMAL, required=True, max_digits=14, decimal_places=4, example="60"),
        Column("单位", "unit", Kind.TEXT, required=True, max_length=20, example="mg/m³"),
        Column(
            "依据（标准或许可条款）",
            "source",
            Kind.TEXT,
            required=True,
            max_length=200,
            example="DB33/2146-2018 表1",
        ),
        Column("起始日期", "valid_from", Kind.DATE, required=True, example="2024-01-01"),
        Column("截止日期", "valid_to", Kind.DATE, help="不早于起始日期；长期有效的留空", example=""),
        Column(
            "基准氧含量（%）",
            "reference_o2",
            Kind.DECIMAL,
            max_digits=4,
            decimal_places=1,
            help="仅折算限值（-Zs）填写；空白时按依据中的标准取值（标准只规定一个值时），如GB 13271燃油/燃气锅炉3.5",
            example="",
        ),
    ),
)

MEASUREMENT_SHEET = Sheet(
    key="measurement",
    name="监测结果",
    model="registry.OutletMeasurement",
    parent="outlet",
    natural_key=("facility", "outlet_code", "pollutant_code", "sampled_on"),
    help="每行一项调查中取得的监测结果（采样监测或监测报告），以单位、排放口编号、污染物和采样日期识别；"
    "系统将其与该排放口当日有效的排放限值比较，超过限值的列为超标问题。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column("排放口编号", "outlet_code", Kind.CODE, required=True, max_length=20, example="DA001"),
        Column("污染物代码", "pollutant_code", Kind.POLLUTANT, required=True, example="a24088"),
        Column("采样日期", "sampled_on", Kind.DATE, required=True, example="2024-06-12"),
        Column(
            "监测值", "value", Kind.DECIMAL, required=True, max_digits=14, decimal_places=4, example="72.5"
        ),
        Column(
            "单位",
            "unit",
            Kind.TEXT,
            required=True,
            max_length=20,
            help="须与排放限值的单位相同",
            example="mg/m³",
        ),
        Column("监测报告编号", "report_number", Kind.TEXT, max_length=100, example="ZSJC-2024-0612"),
    ),
)

EIA_SHEET = Sheet(
    key="eia",
    name="环评批复",
    model="registry.EiaApproval",
    natural_key=("facility", "number"),
    help="每行一份环评批复（或登记表备案），同一单位内以批复文号识别。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column(
            "批复文号", "number", Kind.TEXT, required=True, max_length=100, example="舟定环建〔2019〕12号"
        ),
        Column("项目名称", "project_name", Kind.TEXT, max_length=200, example="船舶修造建设项目"),
        Column(
            "环评类型", "report_type", Kind.CHOICE, required=True, choices=EIA_REPORT_TYPE, example="报告表"
        ),
        Column("批复日期", "approved_on", Kind.DATE, required=True, example="2019-06-18"),
        Column(
            "审批部门",
            "approving_body",
            Kind.TEXT,
            required=True,
            max_length=100,
            example="舟山市生态环境局定海分局",
        ),
    ),
)

ACCEPTANCE_SHEET = Sheet(
    key="acceptance",
    name="竣工验收",
    model="registry.Acceptance",
    natural_key=("facility", "eia_number", "completed_on"),
    help="每行一次竣工环保验收，以单位、对应环评批复文号和完成日期识别。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column("对应环评批复文号", "eia_number", Kind.TEXT, max_length=100, example="舟定环建〔2019〕12号"),
        Column(
            "验收方式",
            "kind",
            Kind.CHOICE,
            choices=ACCEPTANCE_KIND,
            help="空白按自主验收",
            example="自主验收",
        ),
        Column("完成日期", "completed_on", Kind.DATE, required=True, example="2020-09-30"),
    ),
)

PERMIT_SHEET = Sheet(
    key="permit",
    name="排污许可证",
    model="registry.Permit",
    natural_key=("number",),
    help="每行一张排污许可证，以许可证编号识别（编号全区唯一，不能改属其他单位）。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column(
            "许可证编号", "number", Kind.CODE, required=True, max_length=50, example="91330902MA2A2B3C8X001V"
        ),
        Column(
            "管理类别",
            "management_class",
            Kind.CHOICE,
            required=True,
            choices=PERMIT_CLASS,
            example="简化管理",
        ),
        Column("发证日期", "issued_on", Kind.DATE, required=True, example="2021-03-15"),
        Column(
            "有效期至", "valid_until", Kind.DATE, required=True, help="须晚于发证日期", example="2026-03-14"
        ),
    ),
)

REGISTRATION_SHEET = Sheet(
    key="registration",
    name="排污登记",
    model="registry.Registration",
    natural_key=("number",),
    help="每行一份排污登记回执，以登记编号识别（编号全区唯一，不能改属其他单位）。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column(
            "登记编号", "number", Kind.CODE, required=True, max_length=50, example="91330902MA2A2B3C8X001W"
        ),
        Column("登记日期", "registered_on", Kind.DATE, required=True, example="2020-06-01"),
        Column("有效期至", "valid_until", Kind.DATE, help="不早于登记日期", example="2025-05-31"),
    ),
)

COMMITMENT_SHEET = Sheet(
    key="commitment",
    name="告知承诺",
    model="registry.CommitmentApproval",
    natural_key=("facility", "number"),
    help="每行一项告知承诺制审批，同一单位内以批准文号识别。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column("批准文号", "number", Kind.TEXT, required=True, max_length=100, example="舟定环承〔2023〕5号"),
        Column("审批事项", "matter", Kind.TEXT, required=True, max_length=200, example="排污许可证核发"),
        Column("批准日期", "approved_on", Kind.DATE, required=True, example="2023-04-20"),
    ),
)

PROBLEM_SHEET = Sheet(
    key="problem",
    name="问题",
    model="registry.SurveyProblem",
    natural_key=("facility", "number"),
    help="每行一个镇（街道）或部门在现场发现的问题，同一单位内以问题编号识别；导入后列入该单位的环境问题清单。",
    columns=(
        _facility_ref(EXAMPLE_CODE),
        Column(
            "问题编号",
            "number",
            Kind.CODE,
            required=True,
            max_length=30,
            help="本单位内唯一，如P001",
            example="P001",
        ),
        Column(
            "问题类型",
            "kind",
            Kind.CHOICE,
            required=True,
            choices=REPORTED_PROBLEM,
            example="排放口未规范化设置",
        ),
        Column(
            "问题描述",
            "description",
            Kind.TEXT,
            required=True,
            max_length=1000,
            example="雨水排放口未设置标志牌",
        ),
        Column(
            "排放口编号",
            "outlet_code",
            Kind.CODE,
            max_length=20,
            help="问题涉及某一排放口时填写；该排放口须在“排放口”工作表中或已在系统中",
            example="DW001",
        ),
        Column("发现日期", "found_on", Kind.DATE, required=True, example="2024-05-20"),
        Column(
            "报告单位",
            "reported_by",
            Kind.TEXT,
            required=True,
            max_length=100,
            help="发现问题的镇（街道）或部门",
            example="盐仓街道",
        ),
        Column("整改要求", "required_action", Kind.TEXT, max_length=1000, example="按规范设置排放口标志牌"),
    ),
)

# In dependency order: facilities first, outlets before their limits.
SHEETS: tuple[Sheet, ...] = (
    FACILITY,
    BOILER,
    FURNACE,
    PROCESS_SHEET,
    QUANTITY_SHEET,
    WATER_SHEET,
    OUTLET_SHEET,
    LIMIT_SHEET,
    MEASUREMENT_SHEET,
    EIA_SHEET,
    ACCEPTANCE_SHEET,
    PERMIT_SHEET,
    REGISTRATION_SHEET,
    COMMITMENT_SHEET,
    PROBLEM_SHEET,
)
SHEETS_BY_NAME: Mapping[str, Sheet] = MappingProxyType({s.name: s for s in SHEETS})
SHEETS_BY_KEY: Mapping[str, Sheet] = MappingProxyType({s.key: s for s in SHEETS})
