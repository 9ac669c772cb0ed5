//! The settings (GUCs): `mep.strict` and `mep.on_reject`.

use pgrx::{GucContext, GucFlags, GucRegistry, GucSetting, PostgresGucEnum};

/// What happens to a reading Physics-Guard rejects at insert time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PostgresGucEnum)]
pub enum OnReject {
    /// Store it in `mep.rejected_readings` with its reasons and go on with the batch.
    #[name = c"quarantine"]
    Quarantine,
    /// Raise an error (SQLSTATE 23514), aborting the statement.
    #[name = c"error"]
    Error,
}

pub static STRICT: GucSetting<bool> = GucSetting::<bool>::new(false);
pub static ON_REJECT: GucSetting<OnReject> = GucSetting::<OnReject>::new(OnReject::Quarantine);

pub fn register() {
    GucRegistry::define_bool_guc(
        c"mep.strict",
        c"Count Physics-Guard warnings as rejections.",
        c"When on, a reading with any warning (low ΔT, critical approach, heat balance, ...) is rejected like an impossible one.",
        &STRICT,
        GucContext::Userset,
        GucFlags::default(),
    );
    GucRegistry::define_enum_guc(
        c"mep.on_reject",
        c"What the insert trigger does with a rejected reading: quarantine or error.",
        c"quarantine (default) stores the reading in mep.rejected_readings and continues the batch; error raises SQLSTATE 23514 and aborts the statement.",
        &ON_REJECT,
        GucContext::Userset,
        GucFlags::default(),
    );
}

pub fn strict() -> bool {
    STRICT.get()
}

pub fn on_reject() -> OnReject {
    ON_REJECT.get()
}
