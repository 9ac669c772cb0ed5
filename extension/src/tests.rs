use pgrx::prelude::*;

#[pg_test]
fn version_matches_the_crate() {
    assert_eq!(
        crate::version::mep_version_for_tests(),
        env!("CARGO_PKG_VERSION")
    );
}
