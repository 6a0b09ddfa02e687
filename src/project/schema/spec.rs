//! What describes one field: its type ([`FieldType`]), its [`FieldSpec`] and its
//! identifier [`Field`], which indexes the field table.

use rust_decimal::Decimal;

use super::{Choice, FIELDS, Group};

/// The type of a field, which decides how its text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
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

impl FieldType {
    /// Free text or a choice: read as words
    /// ([`parse_trimmed_words`](crate::project::value::parse_trimmed_words)).
    pub fn holds_words(self) -> bool {
        matches!(self, FieldType::Text | FieldType::Choice(_))
    }

    /// The stable type name of `fields --format json` (CONTRACT.md).
    pub fn key(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Bool => "bool",
            FieldType::Int => "int",
            FieldType::Money => "money",
            FieldType::Rate => "rate",
            FieldType::Date => "date",
            FieldType::MoneyList => "money_list",
            FieldType::Choice(_) => "choice",
            FieldType::Quantity(units) => match units.first().copied() {
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
            FieldType::Choice(c) => c,
            _ => &[],
        }
    }
}

/// One field of the project file.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub field: Field,
    /// Dotted path; `[]` marks an array of tables (`loans[].principal`).
    pub path: &'static str,
    pub ty: FieldType,
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
    pub(super) group: Option<Group>,
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
pub enum Field {
    ProjectId,
    ProjectName,
    County,
    Industry,
    /// 投资协议签订日期: the document in force that day governs (reading 13).
    AgreementDate,
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

impl Field {
    pub fn spec(self) -> &'static FieldSpec {
        &FIELDS[self as usize]
    }

    pub fn path(self) -> &'static str {
        self.spec().path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::schema::builders::MU;

    #[test]
    fn table_order_matches_ids() {
        for (i, s) in FIELDS.iter().enumerate() {
            assert_eq!(s.field as usize, i, "{}", s.path);
        }
    }

    #[test]
    fn type_keys() {
        assert_eq!(FieldType::Quantity(MU).key(), "area_mu");
        assert_eq!(Field::RentedArea.spec().ty.key(), "area_m2");
    }
}
