//! Running the extension's own SQL safely: as the owner of the table it touches, with
//! `search_path` pinned, so an ingest role that may only INSERT readings still gets its
//! rejections quarantined and its new assets registered, and no object on the caller's
//! search_path can stand in for ours.

use pgrx::prelude::*;
use pgrx::spi::SpiResult;

/// The search path the extension's SQL runs under.
const PINNED_SEARCH_PATH: &std::ffi::CStr = c"pg_catalog, pg_temp";

/// The owner of `mep.<table>`, or `None` when the schema has not been applied.
pub fn owner_of(table: &str) -> SpiResult<Option<pg_sys::Oid>> {
    Spi::connect(|client| {
        let rows = client.select(
            "SELECT c.relowner FROM pg_catalog.pg_class c \
             JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace \
             WHERE n.nspname OPERATOR(pg_catalog.=) 'mep' AND c.relname OPERATOR(pg_catalog.=) $1",
            Some(1),
            &[table.into()],
        )?;
        if rows.is_empty() {
            return Ok(None);
        }
        rows.first().get_one::<pg_sys::Oid>()
    })
}

/// Restores the GUC nesting level (and the user, when switched), also when unwinding
/// from an error.
struct Restore {
    user: Option<(pg_sys::Oid, i32)>,
    guc_nest_level: i32,
}

impl Drop for Restore {
    fn drop(&mut self) {
        unsafe {
            pg_sys::AtEOXact_GUC(true, self.guc_nest_level);
            if let Some((user, security_context)) = self.user {
                pg_sys::SetUserIdAndSecContext(user, security_context);
            }
        }
    }
}

unsafe fn pin_search_path() -> i32 {
    let guc_nest_level = pg_sys::NewGUCNestLevel();
    pg_sys::set_config_option(
        c"search_path".as_ptr(),
        PINNED_SEARCH_PATH.as_ptr(),
        pg_sys::GucContext::PGC_USERSET,
        pg_sys::GucSource::PGC_S_SESSION,
        pg_sys::GucAction::GUC_ACTION_SAVE,
        true,
        0,
        false,
    );
    guc_nest_level
}

/// Runs `work` as the current user with `search_path = pg_catalog, pg_temp`.
pub fn with_pinned_search_path<R>(work: impl FnOnce() -> R) -> R {
    let restore = Restore {
        user: None,
        guc_nest_level: unsafe { pin_search_path() },
    };
    let result = work();
    drop(restore);
    result
}

/// Runs `work` as `owner` with `search_path = pg_catalog, pg_temp`, as PostgreSQL's own
/// referential-integrity triggers do.
pub fn as_owner<R>(owner: pg_sys::Oid, work: impl FnOnce() -> R) -> R {
    let restore = unsafe {
        let mut user = pg_sys::InvalidOid;
        let mut security_context = 0;
        pg_sys::GetUserIdAndSecContext(&mut user, &mut security_context);
        let guc_nest_level = pin_search_path();
        pg_sys::SetUserIdAndSecContext(
            owner,
            security_context
                | pg_sys::SECURITY_LOCAL_USERID_CHANGE as i32
                | pg_sys::SECURITY_NOFORCE_RLS as i32,
        );
        Restore {
            user: Some((user, security_context)),
            guc_nest_level,
        }
    };
    let result = work();
    drop(restore);
    result
}
