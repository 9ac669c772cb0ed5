//! The command line: every command, flag and its help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The demo server `make demo` starts.
pub const DEMO_URL: &str = "postgresql://postgres@127.0.0.1:54330/mep_demo";

#[derive(Debug, Parser)]
#[command(
    name = "mep",
    version,
    about = "mep: physics-checked chiller data and explainable health, in PostgreSQL",
    long_about = "mep: physics-checked chiller data and explainable health, in PostgreSQL.\n\n\
        Apply the schema, seed failure scenarios, load CSV files, validate readings (online \
        or offline) and ask for health, from a terminal. Units are SI (°C, L/s, kW, mm/s, A) \
        unless --units ip says °F and US gpm.",
    after_help = "Connects to --database-url, else $DATABASE_URL, else the demo server that \
        `make demo` starts (postgresql://postgres@127.0.0.1:54330/mep_demo)."
)]
pub struct Cli {
    /// PostgreSQL connection URL, e.g. postgresql://user@host:5432/db
    #[arg(long, global = true, env = "DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,

    /// Output format for commands that print data
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Colour: auto (only on a terminal, and not when NO_COLOR is set), always or never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables for people
    Table,
    /// JSON for programs
    Json,
    /// CSV with a header row
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Units {
    /// °C and L/s (stored as is)
    Si,
    /// °F and US gpm (converted to SI)
    Ip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimescaleChoice {
    /// TimescaleDB when it is created in the database, or installed and preloaded
    Auto,
    /// TimescaleDB, or fail
    On,
    /// Plain PostgreSQL even when TimescaleDB is available
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    /// mep.sensor_data
    Raw,
    /// mep.sensor_data_hourly (faster for long windows)
    Hourly,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply the mep schema (extension, tables, aggregates, views, roles). Safe to repeat.
    Init(InitArgs),
    /// The walkthrough: an asset healthy for a week, then fouling; its health day by day
    /// and a reading Physics-Guard rejects.
    Demo(DemoArgs),
    /// Generate a failure scenario's readings in the database (through the validation trigger).
    Seed(SeedArgs),
    /// Load a CSV file of readings by COPY, mapping columns by header.
    Ingest(IngestArgs),
    /// Validate readings without storing them; exits 1 when any is rejected.
    Validate(ValidateArgs),
    /// An asset's health: overall score, breakdown and recommendations.
    Health(HealthArgs),
    /// An asset's newest reading, with its derived metrics.
    Latest(LatestArgs),
    /// List registered and seen assets, or add one with its nameplate.
    Assets(AssetsArgs),
    /// Recently quarantined readings with their reasons.
    Rejected(RejectedArgs),
    /// Write the sample datasets (deterministic, offline).
    ExportDataset(ExportArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Which storage path to take
    #[arg(long, value_enum, default_value_t = TimescaleChoice::Auto)]
    pub timescaledb: TimescaleChoice,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The asset to seed (its data and quarantine are replaced)
    #[arg(long, default_value = "CH-001")]
    pub asset: String,
    /// Days of healthy operation first
    #[arg(long, default_value_t = 7)]
    pub healthy_days: u32,
    /// Then days of condenser tube fouling, ending now
    #[arg(long, default_value_t = 14)]
    pub fouling_days: u32,
    /// Seed for the scenario generator
    #[arg(long, default_value_t = 42)]
    pub seed: i64,
    /// Also seed a fleet over the same days: CH-002..CH-006 registered, each living one
    /// failure scenario, and CH-007, an unregistered BMS feed with faulty rows
    #[arg(long)]
    pub fleet: bool,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// healthy, tube_fouling, bearing_wear, refrigerant_leak, electrical_issue or
    /// post_maintenance_misalignment
    #[arg(long)]
    pub scenario: String,
    /// The asset the readings belong to (its registered nameplate is used)
    #[arg(long)]
    pub asset: String,
    /// Length of the run in days (default: the scenario's own, e.g. 60 for tube_fouling)
    #[arg(long)]
    pub days: Option<u32>,
    /// Time between readings: 30s, 5m, 1h ...
    #[arg(long, default_value = "5m")]
    pub step: String,
    /// Seed for the generator: the same seed gives the same readings
    #[arg(long, default_value_t = 42)]
    pub seed: i64,
    /// First reading's time (RFC 3339); default: the run ends now
    #[arg(long)]
    pub start: Option<String>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// CSV file with a header row: time, asset_id and any of the measured columns
    pub file: PathBuf,
    /// Units of the file's temperatures and flows
    #[arg(long, value_enum, default_value_t = Units::Si)]
    pub units: Units,
    /// Asset for every row, when the file has no asset_id column
    #[arg(long)]
    pub asset: Option<String>,
    /// Rows per COPY batch (memory stays bounded by this)
    #[arg(long, default_value_t = 50_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A CSV file of readings to validate
    #[arg(conflicts_with = "json", required_unless_present = "json")]
    pub file: Option<PathBuf>,
    /// One reading as JSON, e.g. '{"chw_supply_temp": 12, "chw_return_temp": 6}'
    #[arg(long)]
    pub json: Option<String>,
    /// Validate with the physics built into this program, without a database
    /// (the default nameplate; registered nameplates need the database)
    #[arg(long)]
    pub offline: bool,
    /// Count warnings as rejections
    #[arg(long)]
    pub strict: bool,
    /// Units of the input's temperatures and flows
    #[arg(long, value_enum, default_value_t = Units::Si)]
    pub units: Units,
    /// List every reading, not only those with findings
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// The asset, e.g. CH-001
    pub asset: String,
    /// Window start (RFC 3339); default 24 hours before --to
    #[arg(long)]
    pub from: Option<String>,
    /// Window end (RFC 3339); default now
    #[arg(long)]
    pub to: Option<String>,
    /// Read the raw readings or the hourly aggregate
    #[arg(long, value_enum, default_value_t = Source::Raw)]
    pub source: Source,
}

#[derive(Debug, Args)]
pub struct LatestArgs {
    /// The asset, e.g. CH-001
    pub asset: String,
}

#[derive(Debug, Args)]
pub struct AssetsArgs {
    #[command(subcommand)]
    pub action: Option<AssetsAction>,
}

#[derive(Debug, Subcommand)]
pub enum AssetsAction {
    /// List assets (the default)
    List,
    /// Register an asset's nameplate (or update it)
    Add(Box<AddAssetArgs>),
}

#[derive(Debug, Args)]
pub struct AddAssetArgs {
    /// The asset id, e.g. CH-002
    pub asset: String,
    /// A display name
    #[arg(long)]
    pub name: Option<String>,
    /// The site or building
    #[arg(long)]
    pub site: Option<String>,
    /// centrifugal, screw, scroll or reciprocating
    #[arg(long = "type", value_name = "TYPE")]
    pub chiller_type: Option<String>,
    /// Rated capacity in kW thermal
    #[arg(long, conflicts_with = "capacity_tons")]
    pub capacity_kw: Option<f64>,
    /// Rated capacity in tons of refrigeration
    #[arg(long)]
    pub capacity_tons: Option<f64>,
    /// Design chilled-water flow in L/s
    #[arg(long, conflicts_with = "design_flow_gpm")]
    pub design_flow_lps: Option<f64>,
    /// Design chilled-water flow in US gpm
    #[arg(long)]
    pub design_flow_gpm: Option<f64>,
    /// Design condenser-water flow in L/s
    #[arg(long)]
    pub design_cdw_flow_lps: Option<f64>,
    /// Design chilled-water ΔT in °C
    #[arg(long)]
    pub design_delta_t: Option<f64>,
    /// Design full-load efficiency, kW/ton
    #[arg(long)]
    pub design_kw_per_ton: Option<f64>,
    /// ISO 10816-3 machine group: group1 (> 300 kW) or group2
    #[arg(long)]
    pub machine_group: Option<String>,
    /// ISO 10816-3 foundation: rigid or flexible
    #[arg(long)]
    pub foundation: Option<String>,
}

#[derive(Debug, Args)]
pub struct RejectedArgs {
    /// Only this asset's rejections
    pub asset: Option<String>,
    /// How many, newest first
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Directory to write the CSV files into
    #[arg(long, default_value = "datasets")]
    pub out: PathBuf,
}
