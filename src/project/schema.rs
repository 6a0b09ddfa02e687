//! Every field a project may carry: its dotted path, type, limits and Chinese
//! label. The TOML parser, CSV headers, `--set`, rule conditions and the
//! template all read this one table, so a field is described once.

use rust_decimal::Decimal;

/// Repeated sections (`[[loans]]`, `[[tax_years]]`, `[[factory.buildings]]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Buildings,
    Loans,
    TaxYears,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Buildings, Group::Loans, Group::TaxYears];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The array's path as written in files: `loans`, `factory.buildings`.
    pub const fn path(self) -> &'static str {
        match self {
            Group::Buildings => "factory.buildings",
            Group::Loans => "loans",
            Group::TaxYears => "tax_years",
        }
    }
}

/// The type of a field, which decides how its text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    Bool,
    /// A whole number within the field's limits (months, years, people).
    Int,
    /// Money in 元, written with or without a unit.
    Money,
    /// A fraction written as `"3.5%"` or `0.035`, between 0 and 1.
    Rate,
    /// A measured quantity; the strings are the units it may be written with.
    Quantity(&'static [&'static str]),
    Date,
    /// A list of money amounts (loan balances by year).
    MoneyList,
    /// One of a fixed set of values, each with the Chinese word officers use.
    Choice(&'static [Choice]),
}

/// One value of a choice field: the stable English key scripts and rules use,
/// and the Chinese label people see and may type instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub value: &'static str,
    pub label_zh: &'static str,
}

impl Ty {
    /// The stable type name of `fields --format json` (CONTRACT.md).
    pub fn key(self) -> &'static str {
        match self {
            Ty::Text => "text",
            Ty::Bool => "bool",
            Ty::Int => "int",
            Ty::Money => "money",
            Ty::Rate => "rate",
            Ty::Date => "date",
            Ty::MoneyList => "money_list",
            Ty::Choice(_) => "choice",
            Ty::Quantity(units) => match units.first().copied() {
                Some("亩") => "area_mu",
                Some("平方米") => "area_m2",
                Some("吨") => "quantity_t",
                Some("千瓦时") => "quantity_kwh",
                Some("立方米") => "quantity_m3",
                Some("元/美元") => "exchange_rate",
                _ => "quantity",
            },
        }
    }

    /// The values of a choice field (empty for other types).
    pub fn choices(self) -> &'static [Choice] {
        match self {
            Ty::Choice(c) => c,
            _ => &[],
        }
    }
}

/// One field of the project file.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub field: F,
    /// Dotted path; `[]` marks an array of tables (`loans[].principal`).
    pub path: &'static str,
    pub ty: Ty,
    pub label: &'static str,
    /// The Chinese column header, unique among fields; `{n}` marks where the
    /// 1-based index of an array entry goes (`贷款{n}本金`).
    pub header_zh: &'static str,
    /// A yes/no condition of the policy: absent means assumed true.
    pub precondition: bool,
    /// Must be strictly positive (areas, principal, terms).
    pub positive: bool,
    /// Largest accepted value for numbers; money is capped at 10^15 元.
    pub max: Option<Decimal>,
    /// A price or figure per unit (元/吨, 元/千瓦时, 元/亩): up to 4 decimals,
    /// where an amount of money has at most 2 (the fen).
    pub unit_price: bool,
    /// An example value for the template, as TOML.
    pub example: &'static str,
    /// The array the field belongs to, from its path (read per cell and per
    /// rule check, so worked out once, when the table is built).
    group: Option<Group>,
}

impl FieldSpec {
    pub fn group(&self) -> Option<Group> {
        self.group
    }

    /// The section (first path segment, without `[]`).
    pub fn section(&self) -> &'static str {
        let head = self.path.split('.').next().unwrap_or(self.path);
        head.trim_end_matches("[]")
    }

    /// The path for the `index`-th (0-based) entry of its array, 1-based as
    /// users write it: `loans[2].principal`.
    pub fn display_path(&self, index: Option<usize>) -> String {
        match index {
            Some(i) => self.path.replacen("[]", &format!("[{}]", i + 1), 1),
            None => self.path.to_string(),
        }
    }
}

/// Field identifiers, in the order of [`FIELDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum F {
    ProjectId,
    ProjectName,
    County,
    Industry,
    InvestmentStart,
    ConstructionPermitDate,
    CompletionDate,
    ProductionDate,
    ApplicationDate,
    NewEnterprise,
    MajorProject,
    EnterpriseName,
    TopRank,
    KeyEnterprise,
    RegisteredLocally,
    IndependentLegalPerson,
    FiveYearCommitment,
    InvestmentTotal,
    Government,
    LocalBankLoans,
    FixedAssets,
    AreaMu,
    StandardLand,
    AgreedIntensity,
    AgreedTaxPerMu,
    LandUse,
    Supply,
    TermYears,
    LeaseYears,
    SplitFromExisting,
    StockConversion,
    BuildingStructure,
    BuildingArea,
    NewSelfUse,
    PlanningCompliant,
    StandardFactory,
    RentedArea,
    MonthlyRent,
    LeaseStart,
    ReductionRate,
    Principal,
    LoanStart,
    TermMonths,
    NewLoan,
    AnnualRate,
    Balances,
    TaxYear,
    TaxPaid,
    Retained,
    LogisticsCost,
    Board,
    HqMoved,
    Raised,
    InvestedLocally,
    WaterTons,
    WaterPrice,
    ElectricityKwh,
    ElectricityPrice,
    GasM3,
    GasPrice,
    GasDedicated,
    HeatingCost,
    TelecomFees,
    InsuredEmployees,
    TaxArrears,
    EnvironmentalPenalty,
    MajorSafetyAccident,
    HqNewlyEstablished,
    HqRegisteredLocally,
    HqIndependentLegalPerson,
    HqUnifiedAccounting,
    HqForeignFunded,
    HqRegisteredCapital,
    HqNetAssets,
    HqUsdCnyRate,
    HqParentRevenue,
    HqManagedOutside,
    HqGroupRetainedTax,
    HqCentralSoeLevel,
    HqMofcomRegional,
    HqTenYearCommitment,
    FundsIntroduced,
    PublicOfficial,
    AnnualInvestmentYear,
    AnnualInvestmentAmount,
    StartProceduresDone,
    VisibleProgress,
    FundsFromOutside,
    MajorSupport,
    SuperiorSupportAmount,
    SuperiorSupportDocument,
    LocalTransformation,
    TransformationNewInvestment,
}

impl F {
    pub fn spec(self) -> &'static FieldSpec {
        &FIELDS[self as usize]
    }

    pub fn path(self) -> &'static str {
        self.spec().path
    }
}

const MU: &[&str] = &["亩"];
const M2: &[&str] = &["平方米", "m²", "m2", "㎡"];
const TONS: &[&str] = &["吨", "t"];
const KWH: &[&str] = &["千瓦时", "kWh", "度"];
const M3: &[&str] = &["立方米", "m³", "m3"];
const fn choice(value: &'static str, label_zh: &'static str) -> Choice {
    Choice { value, label_zh }
}

const TOP_RANKS: &[Choice] = &[
    choice("world500", "世界500强"),
    choice("china500", "中国500强"),
    choice("industry20", "行业20强"),
];
/// Land-use classes of GB 50137 (城市用地分类与规划建设用地标准) and M0.
const LAND_USES: &[Choice] = &[
    choice("M0", "新型产业用地(M0)"),
    choice("M1", "一类工业用地(M1)"),
    choice("M2", "二类工业用地(M2)"),
    choice("M3", "三类工业用地(M3)"),
];
const SUPPLIES: &[Choice] = &[
    choice("transfer", "出让"),
    choice("flexible_transfer", "弹性出让"),
    choice("lease_then_transfer", "先租后让"),
    choice("long_term_lease", "长期租赁"),
];
const STRUCTURES: &[Choice] = &[
    choice("light_steel", "轻钢结构"),
    choice("mixed", "混合结构"),
    choice("other", "其他结构"),
];
const BOARDS: &[Choice] = &[choice("main", "主板"), choice("neeq", "新三板")];
const RATE_UNITS: &[&str] = &["元/美元"];

const fn spec(
    field: F,
    path: &'static str,
    ty: Ty,
    label: &'static str,
    header_zh: &'static str,
) -> FieldSpec {
    FieldSpec {
        field,
        path,
        ty,
        label,
        header_zh,
        precondition: false,
        positive: false,
        max: None,
        unit_price: false,
        example: "",
        group: group_of_path(path),
    }
}

/// The array a path is in: it starts with the array's path and `[].`.
const fn group_of_path(path: &str) -> Option<Group> {
    let mut i = 0;
    while i < Group::ALL.len() {
        let g = Group::ALL[i];
        if starts_with(path.as_bytes(), g.path().as_bytes(), b"[].") {
            return Some(g);
        }
        i += 1;
    }
    None
}

/// Whether `s` starts with `head` followed by `tail` (usable in a const).
const fn starts_with(s: &[u8], head: &[u8], tail: &[u8]) -> bool {
    if s.len() < head.len() + tail.len() {
        return false;
    }
    let mut i = 0;
    while i < head.len() + tail.len() {
        let want = if i < head.len() {
            head[i]
        } else {
            tail[i - head.len()]
        };
        if s[i] != want {
            return false;
        }
        i += 1;
    }
    true
}

const fn ex(mut s: FieldSpec, example: &'static str) -> FieldSpec {
    s.example = example;
    s
}

const fn price(mut s: FieldSpec) -> FieldSpec {
    s.unit_price = true;
    s
}

const fn pre(s: FieldSpec) -> FieldSpec {
    ex(s, "true")
}

const fn with_pre(mut s: FieldSpec) -> FieldSpec {
    s.precondition = true;
    pre(s)
}

const fn pos(mut s: FieldSpec, max: i64, example: &'static str) -> FieldSpec {
    s.positive = true;
    s.max = Some(Decimal::from_parts(
        max as u32,
        (max >> 32) as u32,
        0,
        false,
        0,
    ));
    ex(s, example)
}

const fn limit(mut s: FieldSpec, max: i64, example: &'static str) -> FieldSpec {
    s.max = Some(Decimal::from_parts(
        max as u32,
        (max >> 32) as u32,
        0,
        false,
        0,
    ));
    ex(s, example)
}

const BIG_QUANTITY: i64 = 1_000_000_000_000;

use F::*;
use Ty::*;

/// The field table; its order is the order of [`F`].
pub static FIELDS: [FieldSpec; 93] = [
    ex(
        spec(ProjectId, "project.id", Text, "项目编号", "项目编号"),
        "\"P-2023-001\"",
    ),
    ex(
        spec(ProjectName, "project.name", Text, "项目名称", "项目名称"),
        "\"示例光机电项目\"",
    ),
    ex(
        spec(County, "project.county", Text, "所在县(市、区)", "所在县区"),
        "\"泽州县\"",
    ),
    ex(
        spec(
            Industry,
            "project.industry",
            Text,
            "产业类别(鼓励类产业)",
            "产业类别",
        ),
        "\"高端装备制造\"",
    ),
    ex(
        spec(
            InvestmentStart,
            "project.investment_start",
            Date,
            "开始投资日期",
            "开始投资日期",
        ),
        "2021-03-01",
    ),
    ex(
        spec(
            ConstructionPermitDate,
            "project.construction_permit_date",
            Date,
            "施工许可证颁发日期",
            "施工许可日期",
        ),
        "2021-03-15",
    ),
    ex(
        spec(
            CompletionDate,
            "project.completion_date",
            Date,
            "竣工日期",
            "竣工日期",
        ),
        "2022-12-20",
    ),
    ex(
        spec(
            ProductionDate,
            "project.production_date",
            Date,
            "投产日期",
            "投产日期",
        ),
        "2023-01-10",
    ),
    ex(
        spec(
            ApplicationDate,
            "project.application_date",
            Date,
            "申报日期",
            "申报日期",
        ),
        "2023-11-20",
    ),
    ex(
        spec(
            NewEnterprise,
            "project.new_enterprise",
            Bool,
            "新设立企业",
            "是否新设立企业",
        ),
        "true",
    ),
    ex(
        spec(
            MajorProject,
            "project.major_project",
            Bool,
            "重大转型项目",
            "是否重大转型项目",
        ),
        "false",
    ),
    ex(
        spec(
            EnterpriseName,
            "enterprise.name",
            Text,
            "企业名称",
            "企业名称",
        ),
        "\"示例科技有限公司\"",
    ),
    ex(
        spec(
            TopRank,
            "enterprise.top_rank",
            Choice(TOP_RANKS),
            "上一年度排名",
            "企业排名",
        ),
        "\"world500\"",
    ),
    ex(
        spec(
            KeyEnterprise,
            "enterprise.key_enterprise",
            Bool,
            "重点企业",
            "是否重点企业",
        ),
        "true",
    ),
    with_pre(spec(
        RegisteredLocally,
        "enterprise.registered_locally",
        Bool,
        "工商登记、税收征管及统计关系在本市",
        "是否在本市登记纳税统计",
    )),
    with_pre(spec(
        IndependentLegalPerson,
        "enterprise.independent_legal_person",
        Bool,
        "具有法人资格、独立核算",
        "是否独立法人独立核算",
    )),
    with_pre(spec(
        FiveYearCommitment,
        "enterprise.five_year_commitment",
        Bool,
        "承诺5年内不迁出本市",
        "是否承诺5年不迁出",
    )),
    ex(
        spec(
            InvestmentTotal,
            "investment.total",
            Money,
            "实际投资额",
            "实际投资额",
        ),
        "\"4.5亿\"",
    ),
    ex(
        spec(
            Government,
            "investment.government",
            Money,
            "政府性投资",
            "政府性投资",
        ),
        "\"0\"",
    ),
    ex(
        spec(
            LocalBankLoans,
            "investment.local_bank_loans",
            Money,
            "市县两级金融机构贷款",
            "市县金融机构贷款",
        ),
        "\"5000万\"",
    ),
    ex(
        spec(
            FixedAssets,
            "investment.fixed_assets",
            Money,
            "固定资产投资(厂房+设备+地价款,不含租金)",
            "固定资产投资",
        ),
        "\"4.2亿\"",
    ),
    pos(
        spec(
            AreaMu,
            "land.area_mu",
            Quantity(MU),
            "占地面积(亩)",
            "用地面积",
        ),
        1_000_000_000,
        "100",
    ),
    ex(
        spec(
            StandardLand,
            "land.standard_land",
            Bool,
            "标准地",
            "是否标准地",
        ),
        "true",
    ),
    ex(
        price(spec(
            AgreedIntensity,
            "land.agreed_intensity",
            Money,
            "约定亩均投资强度(元/亩)",
            "约定亩均投资强度",
        )),
        "\"300万\"",
    ),
    ex(
        price(spec(
            AgreedTaxPerMu,
            "land.agreed_tax_per_mu",
            Money,
            "约定亩均税收(元/亩/年)",
            "约定亩均税收",
        )),
        "\"20万\"",
    ),
    ex(
        spec(
            LandUse,
            "land.use",
            Choice(LAND_USES),
            "用地类型",
            "用地类型",
        ),
        "\"M1\"",
    ),
    ex(
        spec(
            Supply,
            "land.supply",
            Choice(SUPPLIES),
            "供地方式",
            "供地方式",
        ),
        "\"transfer\"",
    ),
    pos(
        spec(
            TermYears,
            "land.term_years",
            Int,
            "出让或租赁年限(年; 先租后让只计出让部分)",
            "出让或租赁年限",
        ),
        100,
        "25",
    ),
    pos(
        spec(
            LeaseYears,
            "land.lease_years",
            Int,
            "先租后让中先租赁的年限(年)",
            "先租后让租赁年限",
        ),
        100,
        "5",
    ),
    ex(
        spec(
            SplitFromExisting,
            "land.split_from_existing",
            Bool,
            "分割转让原企业用地",
            "是否分割转让原企业用地",
        ),
        "false",
    ),
    ex(
        spec(
            StockConversion,
            "land.stock_conversion",
            Bool,
            "存量工业用地转型",
            "是否存量工业用地转型",
        ),
        "false",
    ),
    ex(
        spec(
            BuildingStructure,
            "factory.buildings[].structure",
            Choice(STRUCTURES),
            "厂房结构",
            "厂房{n}结构",
        ),
        "\"light_steel\"",
    ),
    pos(
        spec(
            BuildingArea,
            "factory.buildings[].area_m2",
            Quantity(M2),
            "厂房面积(平方米)",
            "厂房{n}建筑面积",
        ),
        BIG_QUANTITY,
        "20000",
    ),
    with_pre(spec(
        NewSelfUse,
        "factory.buildings[].new_self_use",
        Bool,
        "新建自用",
        "厂房{n}是否新建自用",
    )),
    with_pre(spec(
        PlanningCompliant,
        "factory.buildings[].planning_compliant",
        Bool,
        "符合用地规划",
        "厂房{n}是否符合规划",
    )),
    with_pre(spec(
        StandardFactory,
        "factory.rented.standard_factory",
        Bool,
        "租赁的是标准厂房",
        "是否租赁标准厂房",
    )),
    pos(
        spec(
            RentedArea,
            "factory.rented.area_m2",
            Quantity(M2),
            "租赁面积(平方米)",
            "租赁厂房面积",
        ),
        BIG_QUANTITY,
        "3000",
    ),
    ex(
        price(spec(
            MonthlyRent,
            "factory.rented.monthly_rent_per_m2",
            Money,
            "月租金(元/平方米/月)",
            "租赁厂房月租金",
        )),
        "\"15\"",
    ),
    ex(
        spec(
            LeaseStart,
            "factory.rented.lease_start",
            Date,
            "租赁起始日",
            "厂房租赁起始日",
        ),
        "2021-01-01",
    ),
    ex(
        spec(
            ReductionRate,
            "factory.rented.reduction_rate",
            Rate,
            "已确定的租金减免比例(50%–100%)",
            "租金减免比例",
        ),
        "\"80%\"",
    ),
    pos(
        spec(
            Principal,
            "loans[].principal",
            Money,
            "贷款本金",
            "贷款{n}本金",
        ),
        1_000_000_000_000_000,
        "\"1亿\"",
    ),
    ex(
        spec(
            LoanStart,
            "loans[].start_date",
            Date,
            "放款日期",
            "贷款{n}放款日期",
        ),
        "2021-06-01",
    ),
    pos(
        spec(
            TermMonths,
            "loans[].term_months",
            Int,
            "贷款期限(月)",
            "贷款{n}期限",
        ),
        1200,
        "36",
    ),
    with_pre(spec(
        NewLoan,
        "loans[].new_loan",
        Bool,
        "新增银行贷款",
        "贷款{n}是否新增贷款",
    )),
    ex(
        spec(
            AnnualRate,
            "loans[].annual_rate",
            Rate,
            "实际年利率",
            "贷款{n}实际年利率",
        ),
        "\"4.2%\"",
    ),
    ex(
        spec(
            Balances,
            "loans[].balances",
            MoneyList,
            "各贷款年度余额",
            "贷款{n}余额",
        ),
        "[\"1亿\", \"8000万\", \"5000万\"]",
    ),
    limit(
        spec(
            TaxYear,
            "tax_years[].year",
            Int,
            "纳税年度",
            "纳税年度{n}年份",
        ),
        2200,
        "2023",
    ),
    ex(
        spec(
            TaxPaid,
            "tax_years[].tax_paid",
            Money,
            "当年上缴税收",
            "纳税年度{n}上缴税收",
        ),
        "\"2600万\"",
    ),
    ex(
        spec(
            Retained,
            "tax_years[].retained",
            Money,
            "市县留成",
            "纳税年度{n}市县留成",
        ),
        "\"900万\"",
    ),
    ex(
        spec(
            LogisticsCost,
            "tax_years[].logistics_cost",
            Money,
            "当年物流运输费用",
            "纳税年度{n}物流运输费用",
        ),
        "\"1600万\"",
    ),
    ex(
        spec(
            Board,
            "listing.board",
            Choice(BOARDS),
            "上市板块",
            "上市板块",
        ),
        "\"main\"",
    ),
    ex(
        spec(
            HqMoved,
            "listing.hq_moved",
            Bool,
            "总部迁至本市",
            "是否已迁入总部",
        ),
        "true",
    ),
    ex(
        spec(
            Raised,
            "listing.raised",
            Money,
            "上市募集资金",
            "上市募集资金",
        ),
        "\"10亿\"",
    ),
    ex(
        spec(
            InvestedLocally,
            "listing.invested_locally",
            Money,
            "募集资金在本市投资额",
            "募集资金本市投资额",
        ),
        "\"6亿\"",
    ),
    limit(
        spec(
            WaterTons,
            "utilities.water_tons",
            Quantity(TONS),
            "年用水量(吨)",
            "年用水量",
        ),
        BIG_QUANTITY,
        "100000",
    ),
    ex(
        price(spec(
            WaterPrice,
            "utilities.water_price",
            Money,
            "市场水价(元/吨,不含水资源税)",
            "市场水价",
        )),
        "\"4.5\"",
    ),
    limit(
        spec(
            ElectricityKwh,
            "utilities.electricity_kwh",
            Quantity(KWH),
            "年用电量(千瓦时)",
            "年用电量",
        ),
        BIG_QUANTITY,
        "50000000",
    ),
    ex(
        price(spec(
            ElectricityPrice,
            "utilities.electricity_price",
            Money,
            "市场交易电价(元/千瓦时)",
            "市场电价",
        )),
        "\"0.45\"",
    ),
    limit(
        spec(
            GasM3,
            "utilities.gas_m3",
            Quantity(M3),
            "年用气量(立方米)",
            "年用气量",
        ),
        BIG_QUANTITY,
        "2000000",
    ),
    ex(
        price(spec(
            GasPrice,
            "utilities.gas_price",
            Money,
            "市场气价(元/立方米)",
            "市场气价",
        )),
        "\"2.6\"",
    ),
    ex(
        spec(
            GasDedicated,
            "utilities.gas_large_industrial_dedicated",
            Bool,
            "大工业用户燃料用气、专线专供",
            "是否大工业专线燃料用气",
        ),
        "true",
    ),
    ex(
        spec(
            HeatingCost,
            "utilities.heating_cost",
            Money,
            "年供热费用",
            "年供热费用",
        ),
        "\"30万\"",
    ),
    ex(
        spec(
            TelecomFees,
            "utilities.telecom_fees",
            Money,
            "年互联网专线及数据流量费用",
            "年网络专线及流量费用",
        ),
        "\"20万\"",
    ),
    limit(
        spec(
            InsuredEmployees,
            "employment.insured_employees",
            Int,
            "实际参保人数",
            "参保人数",
        ),
        10_000_000,
        "350",
    ),
    ex(
        spec(
            TaxArrears,
            "compliance.tax_arrears",
            Bool,
            "欠税",
            "是否欠税",
        ),
        "false",
    ),
    ex(
        spec(
            EnvironmentalPenalty,
            "compliance.environmental_penalty",
            Bool,
            "受到环保处罚",
            "是否受到环保处罚",
        ),
        "false",
    ),
    ex(
        spec(
            MajorSafetyAccident,
            "compliance.major_safety_accident",
            Bool,
            "发生重特大安全事故",
            "是否发生重特大安全事故",
        ),
        "false",
    ),
    with_pre(spec(
        HqNewlyEstablished,
        "headquarters.newly_established",
        Bool,
        "新设立总部经济企业",
        "新设立总部经济企业",
    )),
    with_pre(spec(
        HqRegisteredLocally,
        "headquarters.registered_locally",
        Bool,
        "总部在我市境内工商登记注册",
        "总部本市登记注册",
    )),
    with_pre(spec(
        HqIndependentLegalPerson,
        "headquarters.independent_legal_person",
        Bool,
        "总部具有独立法人资格",
        "总部独立法人",
    )),
    with_pre(spec(
        HqUnifiedAccounting,
        "headquarters.unified_accounting",
        Bool,
        "实行统一核算并在我市汇总缴纳各项税收",
        "总部统一核算汇总纳税",
    )),
    ex(
        spec(
            HqForeignFunded,
            "headquarters.foreign_funded",
            Bool,
            "外资企业(注册资本、净资产仍以元填写, 按汇率折算为美元比较)",
            "外资总部企业",
        ),
        "false",
    ),
    ex(
        spec(
            HqRegisteredCapital,
            "headquarters.registered_capital",
            Money,
            "总部注册资本(元; 外资企业亦以元填写)",
            "总部注册资本",
        ),
        "\"2500万\"",
    ),
    ex(
        spec(
            HqNetAssets,
            "headquarters.net_assets",
            Money,
            "总部净资产(元; 外资企业亦以元填写)",
            "总部净资产",
        ),
        "\"2200万\"",
    ),
    pos(
        spec(
            HqUsdCnyRate,
            "headquarters.usd_cny_rate",
            Quantity(RATE_UNITS),
            "美元汇率(元/美元, 外资企业比较门槛用)",
            "美元汇率",
        ),
        1000,
        "\"7.1\"",
    ),
    ex(
        spec(
            HqParentRevenue,
            "headquarters.parent_revenue_last_year",
            Money,
            "控股母公司上年度营业收入",
            "母公司上年营业收入",
        ),
        "\"35亿\"",
    ),
    limit(
        spec(
            HqManagedOutside,
            "headquarters.managed_enterprises_outside",
            Int,
            "在晋城市域外投资或授权管理的企业数",
            "市域外管理企业数",
        ),
        1_000_000,
        "3",
    ),
    ex(
        spec(
            HqGroupRetainedTax,
            "headquarters.group_city_retained_tax_last_year",
            Money,
            "总部及其企业上年度本市纳税市级留成合计",
            "总部上年市级留成",
        ),
        "\"1900万\"",
    ),
    pos(
        spec(
            HqCentralSoeLevel,
            "headquarters.central_soe_level",
            Int,
            "中央企业设立的总部层级(1=一级, 2=二级…)",
            "央企总部层级",
        ),
        10,
        "2",
    ),
    ex(
        spec(
            HqMofcomRegional,
            "headquarters.mofcom_regional_hq",
            Bool,
            "商务部认定或备案的跨国公司地区总部",
            "商务部认定地区总部",
        ),
        "false",
    ),
    with_pre(spec(
        HqTenYearCommitment,
        "headquarters.ten_year_commitment",
        Bool,
        "承诺10年内不减少在我市的注册资本、不改变纳税义务",
        "总部10年承诺",
    )),
    ex(
        spec(
            FundsIntroduced,
            "introducer.funds_introduced",
            Money,
            "引资者实际引进资金",
            "实际引进资金",
        ),
        "\"2亿\"",
    ),
    ex(
        spec(
            PublicOfficial,
            "introducer.public_official",
            Bool,
            "引资者为我市党政机关、事业单位、国有企业公职人员",
            "引资者为公职人员",
        ),
        "false",
    ),
    limit(
        spec(
            AnnualInvestmentYear,
            "annual_investment.year",
            Int,
            "实际投资年度",
            "实际投资年度",
        ),
        2200,
        "2023",
    ),
    ex(
        spec(
            AnnualInvestmentAmount,
            "annual_investment.amount",
            Money,
            "当年实际投资额",
            "当年实际投资额",
        ),
        "\"8000万\"",
    ),
    with_pre(spec(
        StartProceduresDone,
        "annual_investment.start_procedures_done",
        Bool,
        "已办理完开工手续",
        "已办理开工手续",
    )),
    with_pre(spec(
        VisibleProgress,
        "annual_investment.visible_progress",
        Bool,
        "当年有形象进度",
        "当年有形象进度",
    )),
    with_pre(spec(
        FundsFromOutside,
        "annual_investment.funds_from_outside",
        Bool,
        "资金来自晋城市域外(有到位凭证)",
        "市域外资金",
    )),
    ex(
        spec(
            MajorSupport,
            "support.major_support",
            Bool,
            "具有重大产业支撑作用、带动性强贡献大的项目",
            "重大产业支撑项目",
        ),
        "false",
    ),
    ex(
        spec(
            SuperiorSupportAmount,
            "support.superior_amount",
            Money,
            "获得国家或省级扶持或奖励金额",
            "上级扶持奖励金额",
        ),
        "\"500万\"",
    ),
    ex(
        spec(
            SuperiorSupportDocument,
            "support.superior_document",
            Text,
            "国家或省级扶持或奖励文件",
            "上级扶持奖励文件",
        ),
        "\"省级专项资金文件\"",
    ),
    ex(
        spec(
            LocalTransformation,
            "transformation.local_enterprise",
            Bool,
            "市域内企业转型项目",
            "市域内企业转型项目",
        ),
        "false",
    ),
    with_pre(spec(
        TransformationNewInvestment,
        "transformation.new_investment",
        Bool,
        "转型项目为新投资项目",
        "转型新投资项目",
    )),
];

/// The sections a project file may hold, in template order.
pub const SECTIONS: &[(&str, &str)] = &[
    ("project", "项目"),
    ("enterprise", "企业"),
    ("investment", "投资"),
    ("land", "土地"),
    ("factory", "厂房"),
    ("loans", "贷款"),
    ("tax_years", "纳税年度"),
    ("listing", "上市"),
    ("utilities", "水电气热及网络(年度)"),
    ("employment", "用工"),
    ("compliance", "合规(暂停兑现)"),
    ("factory.rented", "租赁厂房"),
    ("factory.buildings", "新建厂房 (每栋一节)"),
    ("headquarters", "总部经济企业 (43号 四(五))"),
    ("introducer", "引资者 (43号 二(四)、四(一))"),
    ("annual_investment", "当年实际投资 (43号 四(二))"),
    (
        "support",
        "重点扶持与上级扶持 (43号 二(三)、四(八)、四(九))",
    ),
    ("transformation", "市域内企业转型 (43号 四(十))"),
];

/// The Chinese label of a choice field's value (`transfer` → `出让`); `None`
/// for a value the field does not have or a field that is not a choice.
pub fn choice_label(spec: &FieldSpec, value: &str) -> Option<&'static str> {
    spec.ty
        .choices()
        .iter()
        .find(|c| c.value == value)
        .map(|c| c.label_zh)
}

impl FieldSpec {
    /// The Chinese header of the `index`-th (0-based) entry: `贷款2本金`.
    /// Without an index the `{n}` is dropped (`贷款本金`).
    pub fn header(&self, index: Option<usize>) -> String {
        match index {
            Some(i) => self.header_zh.replacen("{n}", &(i + 1).to_string(), 1),
            None => self.header_zh.replacen("{n}", "", 1),
        }
    }
}

/// A field named for people: its Chinese header with the path in brackets,
/// `贷款2本金 (loans[2].principal)`. The path may carry 1-based indices, and a
/// list element its own (`loans[1].balances[2]` → `贷款1余额2 (…)`); a path
/// that names no field is returned as it is.
pub fn field_display(path: &str) -> String {
    let (head, element) = split_element(path);
    match parse_user_path(head) {
        Ok((spec, index)) => {
            let mut zh = spec.header(index);
            if let Some(k) = element {
                zh.push_str(&k.to_string());
            }
            format!("{zh} ({path})")
        }
        Err(_) => match by_path(head) {
            Some(spec) => format!("{} ({path})", spec.header(None)),
            None => path.to_string(),
        },
    }
}

/// `loans[1].balances[2]` → (`loans[1].balances`, Some(2)): the 1-based
/// element of a list field written as its own column.
pub fn split_element(path: &str) -> (&str, Option<usize>) {
    if let Some(body) = path.strip_suffix(']')
        && let Some(open) = body.rfind('[')
        && !body[..open].ends_with(']')
        && body[..open].contains('.')
        && let Ok(k) = body[open + 1..].parse::<usize>()
        && by_path(&strip_indices(&body[..open])).is_some_and(|s| s.ty == Ty::MoneyList)
    {
        return (&body[..open], Some(k));
    }
    (path, None)
}

/// Looks a field up by its template path (`loans[].principal`).
pub fn by_path(path: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|s| s.path == path)
}

/// Splits a user path with 1-based indices (`loans[2].principal`) into its
/// template path and 0-based index.
pub fn parse_user_path(path: &str) -> Result<(&'static FieldSpec, Option<usize>), String> {
    let path = path.trim();
    let (template, index) = match (path.find('['), path.find(']')) {
        (Some(open), Some(close)) if close > open => {
            let digits = &path[open + 1..close];
            let n: usize = digits
                .parse()
                .map_err(|_| format!("数组下标应为从1开始的整数: {path:?}"))?;
            if n == 0 || n > 10_000 {
                return Err(format!("数组下标应在 1..=10000 之内: {path:?}"));
            }
            (
                format!("{}[]{}", &path[..open], &path[close + 1..]),
                Some(n - 1),
            )
        }
        (None, None) => (path.to_string(), None),
        _ => return Err(format!("字段路径格式不对: {path:?}")),
    };
    match by_path(&template) {
        Some(spec) if spec.group().is_some() == index.is_some() => Ok((spec, index)),
        Some(spec) if index.is_none() => Err(format!(
            "{path:?} 属于数组, 需要下标, 如 {}",
            spec.display_path(Some(0))
        )),
        Some(_) => Err(format!("{path:?} 不是数组字段, 不能带下标")),
        None => Err(unknown_field_message(path)),
    }
}

/// "unknown field" with the nearest known path, for typos; the suggestion
/// keeps the index the user wrote (`loans[2].principle` → `loans[2].principal`),
/// so it is itself a valid path.
pub fn unknown_field_message(path: &str) -> String {
    let index = path
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .and_then(|(digits, _)| digits.parse::<usize>().ok())
        .filter(|n| (1..=10_000).contains(n))
        .unwrap_or(1);
    let paths: Vec<String> = FIELDS
        .iter()
        .map(|s| s.display_path(s.group().map(|_| index - 1)))
        .collect();
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    match nearest(path, &refs) {
        Some(n) => format!("未知字段 {path:?} (unknown field); 是否应为 {n:?}?"),
        None => format!("未知字段 {path:?} (unknown field)"),
    }
}

fn strip_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for ch in path.chars() {
        match ch {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(ch),
        }
    }
    out
}

/// The candidate closest to `word` by edit distance, if close enough to be a
/// plausible typo.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = (len / 3).max(2);
    // The distance is at least the difference in length: skipping those
    // candidates first keeps a 10 MB key from costing minutes of levenshtein.
    candidates
        .iter()
        .filter(|c| len.abs_diff(c.chars().count()) <= limit)
        .map(|c| (strsim::levenshtein(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_ids() {
        for (i, s) in FIELDS.iter().enumerate() {
            assert_eq!(s.field as usize, i, "{}", s.path);
        }
    }

    #[test]
    fn groups_follow_paths() {
        for s in FIELDS.iter() {
            let expected = s.path.split_once("[].").map(|(head, _)| head);
            assert_eq!(s.group().map(Group::path), expected, "{}", s.path);
        }
        assert_eq!(F::Principal.spec().group(), Some(Group::Loans));
        assert_eq!(F::ProjectId.spec().group(), None);
    }

    #[test]
    fn headers_are_unique_and_indexed_only_in_arrays() {
        let mut seen = std::collections::HashSet::new();
        for s in FIELDS.iter() {
            assert!(seen.insert(s.header_zh), "{}", s.header_zh);
            assert!(!s.header_zh.is_empty() && !s.header_zh.contains(['(', '（', ' ']));
            assert_eq!(
                s.header_zh.contains("{n}"),
                s.group().is_some(),
                "{}",
                s.path
            );
            assert!(!s.header_zh.is_ascii(), "{}", s.path);
        }
    }

    #[test]
    fn choices_and_display() {
        let supply = F::Supply.spec();
        assert_eq!(
            choice_label(supply, "lease_then_transfer"),
            Some("先租后让")
        );
        assert_eq!(choice_label(supply, "出让"), None);
        assert_eq!(choice_label(F::AreaMu.spec(), "x"), None);
        assert_eq!(
            field_display("loans[2].principal"),
            "贷款2本金 (loans[2].principal)"
        );
        assert_eq!(
            field_display("listing.hq_moved"),
            "是否已迁入总部 (listing.hq_moved)"
        );
        assert_eq!(
            field_display("loans[1].balances[2]"),
            "贷款1余额2 (loans[1].balances[2])"
        );
        assert_eq!(
            field_display("loans[].principal"),
            "贷款本金 (loans[].principal)"
        );
        assert_eq!(field_display("nonsense.x"), "nonsense.x");
        assert_eq!(Ty::Quantity(MU).key(), "area_mu");
        assert_eq!(F::RentedArea.spec().ty.key(), "area_m2");
    }

    #[test]
    fn user_paths() {
        let (s, i) = parse_user_path("loans[2].principal").unwrap();
        assert_eq!((s.field, i), (F::Principal, Some(1)));
        let (s, i) = parse_user_path("land.area_mu").unwrap();
        assert_eq!((s.field, i), (F::AreaMu, None));
        assert!(parse_user_path("loans.principal").is_err());
        assert!(parse_user_path("loans[0].principal").is_err());
        let e = parse_user_path("land.area_muu").unwrap_err();
        assert!(e.contains("land.area_mu"), "{e}");
    }
}
