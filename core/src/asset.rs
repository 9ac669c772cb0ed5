//! Asset nameplates: what a chiller was designed to do, and the defaults used for a chiller
//! whose nameplate is not registered yet.

use std::fmt;
use std::str::FromStr;

use crate::units::{kw_to_tons, tons_to_kw};

/// Compressor type, as ASHRAE 90.1 classifies water-cooled chillers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChillerType {
    /// Centrifugal compressor.
    Centrifugal,
    /// Rotary screw compressor (positive displacement).
    Screw,
    /// Scroll compressor (positive displacement).
    Scroll,
    /// Reciprocating compressor (positive displacement).
    Reciprocating,
}

impl ChillerType {
    /// Every type, in documentation order.
    pub const ALL: [ChillerType; 4] = [
        ChillerType::Centrifugal,
        ChillerType::Screw,
        ChillerType::Scroll,
        ChillerType::Reciprocating,
    ];

    /// The name used in SQL and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            ChillerType::Centrifugal => "centrifugal",
            ChillerType::Screw => "screw",
            ChillerType::Scroll => "scroll",
            ChillerType::Reciprocating => "reciprocating",
        }
    }

    /// Screw, scroll and reciprocating machines form ASHRAE 90.1's positive-displacement class.
    pub fn is_positive_displacement(self) -> bool {
        !matches!(self, ChillerType::Centrifugal)
    }
}

/// ISO 10816-3 machine group, by rated motor power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MachineGroup {
    /// Group 1: large machines, rated power above 300 kW.
    Group1,
    /// Group 2: medium machines, 15 kW to 300 kW.
    Group2,
}

impl MachineGroup {
    /// The group ISO 10816-3 assigns to a machine of this rated input power (kW).
    pub fn for_rated_power_kw(rated_power_kw: f64) -> Self {
        if rated_power_kw > 300.0 {
            MachineGroup::Group1
        } else {
            MachineGroup::Group2
        }
    }

    /// The name used in SQL and the CLI (`group1`, `group2`).
    pub fn name(self) -> &'static str {
        match self {
            MachineGroup::Group1 => "group1",
            MachineGroup::Group2 => "group2",
        }
    }
}

/// ISO 10816-3 foundation class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Foundation {
    /// Rigid: the lowest natural frequency of machine and support is above the main excitation.
    Rigid,
    /// Flexible: all other supports (spring isolators, steel frames).
    Flexible,
}

impl Foundation {
    /// The name used in SQL and the CLI (`rigid`, `flexible`).
    pub fn name(self) -> &'static str {
        match self {
            Foundation::Rigid => "rigid",
            Foundation::Flexible => "flexible",
        }
    }
}

macro_rules! named_enum_parsing {
    ($type:ty, $what:literal, [$($variant:expr),+ $(,)?], [$(($alias:literal, $aliased:expr)),* $(,)?]) => {
        impl FromStr for $type {
            type Err = UnknownName;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let wanted = text.trim().to_ascii_lowercase();
                $(if wanted == $variant.name() { return Ok($variant); })+
                $(if wanted == $alias { return Ok($aliased); })*
                Err(UnknownName {
                    what: $what,
                    given: text.to_string(),
                    expected: vec![$($variant.name()),+],
                })
            }
        }
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

named_enum_parsing!(
    ChillerType,
    "chiller type",
    [
        ChillerType::Centrifugal,
        ChillerType::Screw,
        ChillerType::Scroll,
        ChillerType::Reciprocating
    ],
    []
);
named_enum_parsing!(
    MachineGroup,
    "ISO 10816-3 machine group",
    [MachineGroup::Group1, MachineGroup::Group2],
    [("1", MachineGroup::Group1), ("2", MachineGroup::Group2)]
);
named_enum_parsing!(
    Foundation,
    "foundation",
    [Foundation::Rigid, Foundation::Flexible],
    []
);

/// A name that is not one of an enumeration's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What was being named.
    pub what: &'static str,
    /// The text given.
    pub given: String,
    /// The names accepted.
    pub expected: Vec<&'static str>,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} \"{}\"; expected one of: {}",
            self.what,
            self.given,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

/// ISO 10816-3 evaluation zone boundaries, vibration velocity in mm/s RMS (10–1000 Hz).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VibrationZones {
    /// Boundary between zone A (newly commissioned) and B (unrestricted long-term operation).
    pub ab: f64,
    /// Boundary between zone B and C (restricted operation, plan remedial action).
    pub bc: f64,
    /// Boundary between zone C and D (vibration severe enough to cause damage).
    pub cd: f64,
}

impl VibrationZones {
    /// The boundaries for a machine group and foundation.
    ///
    /// Source: ISO 10816-3:2009 Table A.1 (superseded by ISO 20816-3:2022), as carried in
    /// secondary references; the group 2 rigid row is corroborated by several of them.
    pub fn iso_10816_3(group: MachineGroup, foundation: Foundation) -> Self {
        let (ab, bc, cd) = match (group, foundation) {
            (MachineGroup::Group2, Foundation::Rigid) => (1.4, 2.8, 4.5),
            (MachineGroup::Group2, Foundation::Flexible) => (2.3, 4.5, 7.1),
            (MachineGroup::Group1, Foundation::Rigid) => (2.3, 4.5, 7.1),
            (MachineGroup::Group1, Foundation::Flexible) => (3.5, 7.1, 11.0),
        };
        VibrationZones { ab, bc, cd }
    }

    /// The zone letter (`'A'`..`'D'`) a vibration velocity falls in.
    pub fn zone(&self, vibration_rms: f64) -> char {
        if vibration_rms < self.ab {
            'A'
        } else if vibration_rms < self.bc {
            'B'
        } else if vibration_rms < self.cd {
            'C'
        } else {
            'D'
        }
    }
}

/// Minimum full-load and IPLV efficiency for a water-cooled chiller, kW/ton.
///
/// Source: ASHRAE 90.1-2019 Table 6.8.1-3, path A, as carried in NREL
/// openstudio-standards' chiller table.
pub fn ashrae_90_1_minimum_kw_per_ton(chiller_type: ChillerType, capacity_tons: f64) -> (f64, f64) {
    if chiller_type.is_positive_displacement() {
        match capacity_tons {
            t if t < 75.0 => (0.75, 0.60),
            t if t < 150.0 => (0.72, 0.56),
            t if t < 300.0 => (0.66, 0.54),
            t if t < 600.0 => (0.61, 0.52),
            _ => (0.56, 0.50),
        }
    } else {
        match capacity_tons {
            t if t < 150.0 => (0.61, 0.55),
            t if t < 400.0 => (0.56, 0.52),
            _ => (0.56, 0.50),
        }
    }
}

/// A chiller's nameplate: its design point and what it stands on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Asset {
    /// Rated cooling capacity, kW thermal.
    pub rated_capacity_kw: f64,
    /// Design chilled-water flow, L/s; `None` when not on record.
    pub design_chw_flow: Option<f64>,
    /// Design condenser-water flow, L/s; `None` when not on record.
    pub design_cdw_flow: Option<f64>,
    /// Design chilled-water ΔT, K.
    pub design_delta_t: f64,
    /// Design full-load efficiency, kW/ton.
    pub design_kw_per_ton: f64,
    /// Compressor type.
    pub chiller_type: ChillerType,
    /// ISO 10816-3 machine group.
    pub machine_group: MachineGroup,
    /// ISO 10816-3 foundation class.
    pub foundation: Foundation,
    /// Whether this nameplate was registered (false: the documented defaults stand in).
    pub registered: bool,
}

/// Comfort-cooling design chilled-water ΔT: 10 °F = 5.6 K (ASHRAE design practice).
pub const DEFAULT_DESIGN_DELTA_T: f64 = 5.6;
/// Capacity assumed for an unregistered chiller: 500 tons of refrigeration.
pub const DEFAULT_CAPACITY_TONS: f64 = 500.0;

impl Asset {
    /// A registered nameplate with the given capacity and type; the other fields take
    /// their defaults: design ΔT 5.6 K, design kW/ton the ASHRAE 90.1-2019 path A
    /// full-load minimum for the type and size, no design flows, the ISO 10816-3 group
    /// for the rated input power, rigid foundation.
    pub fn new(rated_capacity_kw: f64, chiller_type: ChillerType) -> Self {
        let tons = kw_to_tons(rated_capacity_kw);
        let (design_kw_per_ton, _) = ashrae_90_1_minimum_kw_per_ton(chiller_type, tons);
        Asset {
            rated_capacity_kw,
            design_chw_flow: None,
            design_cdw_flow: None,
            design_delta_t: DEFAULT_DESIGN_DELTA_T,
            design_kw_per_ton,
            chiller_type,
            machine_group: MachineGroup::for_rated_power_kw(tons * design_kw_per_ton),
            foundation: Foundation::Rigid,
            registered: true,
        }
    }

    /// The nameplate assumed for a chiller not registered in `mep.assets`: a 500-ton
    /// centrifugal machine (0.56 kW/ton, ISO group 2, rigid foundation) with no design
    /// flows on record, so no flow is ever assumed for it.
    pub fn unregistered_default() -> Self {
        Asset {
            registered: false,
            ..Asset::new(tons_to_kw(DEFAULT_CAPACITY_TONS), ChillerType::Centrifugal)
        }
    }

    /// Rated capacity in tons of refrigeration.
    pub fn rated_capacity_tons(&self) -> f64 {
        kw_to_tons(self.rated_capacity_kw)
    }

    /// Compressor input power at the design point, kW.
    pub fn rated_input_kw(&self) -> f64 {
        self.rated_capacity_tons() * self.design_kw_per_ton
    }

    /// The ISO 10816-3 zone boundaries for this machine.
    pub fn vibration_zones(&self) -> VibrationZones {
        VibrationZones::iso_10816_3(self.machine_group, self.foundation)
    }

    /// Checks that the nameplate values are usable.
    pub fn check(&self) -> Result<(), NameplateError> {
        fn positive(name: &'static str, value: f64, max: f64) -> Result<(), NameplateError> {
            if value.is_finite() && value > 0.0 && value <= max {
                Ok(())
            } else {
                Err(NameplateError {
                    field: name,
                    value,
                    max,
                })
            }
        }
        positive("rated_capacity_kw", self.rated_capacity_kw, 50_000.0)?;
        positive("design_delta_t", self.design_delta_t, 20.0)?;
        positive("design_kw_per_ton", self.design_kw_per_ton, 3.0)?;
        if let Some(flow) = self.design_chw_flow {
            positive("design_chw_flow", flow, 1_500.0)?;
        }
        if let Some(flow) = self.design_cdw_flow {
            positive("design_cdw_flow", flow, 1_500.0)?;
        }
        Ok(())
    }
}

/// A nameplate value that is not finite, not positive or implausibly large.
#[derive(Debug, Clone, PartialEq)]
pub struct NameplateError {
    /// The nameplate field.
    pub field: &'static str,
    /// The value given.
    pub value: f64,
    /// The largest value accepted.
    pub max: f64,
}

impl fmt::Display for NameplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "nameplate {} = {} must be a finite number above 0 and at most {}",
            self.field, self.value, self.max
        )
    }
}

impl std::error::Error for NameplateError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_nameplate_is_documented_and_assumes_no_flow() {
        let asset = Asset::unregistered_default();
        assert!(!asset.registered);
        assert!((asset.rated_capacity_tons() - 500.0).abs() < 1e-9);
        assert_eq!(asset.design_kw_per_ton, 0.56);
        assert_eq!(asset.design_chw_flow, None);
        assert_eq!(asset.machine_group, MachineGroup::Group2);
        assert!(asset.check().is_ok());
    }

    #[test]
    fn ashrae_minimums_follow_the_size_bands() {
        use ChillerType::*;
        assert_eq!(
            ashrae_90_1_minimum_kw_per_ton(Centrifugal, 149.9),
            (0.61, 0.55)
        );
        assert_eq!(
            ashrae_90_1_minimum_kw_per_ton(Centrifugal, 150.0),
            (0.56, 0.52)
        );
        assert_eq!(
            ashrae_90_1_minimum_kw_per_ton(Centrifugal, 400.0),
            (0.56, 0.50)
        );
        assert_eq!(ashrae_90_1_minimum_kw_per_ton(Screw, 74.0), (0.75, 0.60));
        assert_eq!(ashrae_90_1_minimum_kw_per_ton(Scroll, 75.0), (0.72, 0.56));
        assert_eq!(
            ashrae_90_1_minimum_kw_per_ton(Reciprocating, 299.0),
            (0.66, 0.54)
        );
        assert_eq!(ashrae_90_1_minimum_kw_per_ton(Screw, 300.0), (0.61, 0.52));
        assert_eq!(ashrae_90_1_minimum_kw_per_ton(Screw, 600.0), (0.56, 0.50));
    }

    #[test]
    fn iso_zones_and_zone_letters() {
        let zones = VibrationZones::iso_10816_3(MachineGroup::Group2, Foundation::Rigid);
        assert_eq!((zones.ab, zones.bc, zones.cd), (1.4, 2.8, 4.5));
        assert_eq!(zones.zone(1.39), 'A');
        assert_eq!(zones.zone(1.4), 'B');
        assert_eq!(zones.zone(4.49), 'C');
        assert_eq!(zones.zone(4.5), 'D');
        let flexible_large =
            VibrationZones::iso_10816_3(MachineGroup::Group1, Foundation::Flexible);
        assert_eq!(flexible_large.cd, 11.0);
    }

    #[test]
    fn machine_group_follows_rated_power() {
        assert_eq!(
            MachineGroup::for_rated_power_kw(300.0),
            MachineGroup::Group2
        );
        assert_eq!(
            MachineGroup::for_rated_power_kw(300.1),
            MachineGroup::Group1
        );
        let big = Asset::new(tons_to_kw(1200.0), ChillerType::Centrifugal);
        assert_eq!(big.machine_group, MachineGroup::Group1);
    }

    #[test]
    fn names_parse_with_aliases_and_errors_list_choices() {
        assert_eq!("Screw".parse::<ChillerType>(), Ok(ChillerType::Screw));
        assert_eq!("2".parse::<MachineGroup>(), Ok(MachineGroup::Group2));
        assert_eq!(" flexible ".parse::<Foundation>(), Ok(Foundation::Flexible));
        let error = "absorption".parse::<ChillerType>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown chiller type \"absorption\"; expected one of: centrifugal, screw, scroll, reciprocating"
        );
    }

    #[test]
    fn nameplate_check_rejects_bad_values() {
        let mut asset = Asset::new(1000.0, ChillerType::Screw);
        assert!(asset.check().is_ok());
        asset.design_delta_t = f64::NAN;
        assert_eq!(asset.check().unwrap_err().field, "design_delta_t");
        asset.design_delta_t = 5.0;
        asset.design_chw_flow = Some(-1.0);
        assert_eq!(asset.check().unwrap_err().field, "design_chw_flow");
        asset.design_chw_flow = Some(40.0);
        asset.rated_capacity_kw = 0.0;
        assert_eq!(asset.check().unwrap_err().field, "rated_capacity_kw");
    }
}
