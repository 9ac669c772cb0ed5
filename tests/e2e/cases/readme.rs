//! The README's SQL examples run, in order, on a fresh database.

use mep_tests::repo_root;

use crate::support::*;

/// The ```sql blocks of a Markdown file, in order.
pub fn sql_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, fence) if fence.starts_with("```sql") => current = Some(String::new()),
            (Some(block), fence) if fence.starts_with("```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// Runs each block through psql from a file, as a reader pasting it would: psql sends
/// the statements one by one, so `CALL mep.refresh_aggregates()` runs outside a
/// transaction block.
pub fn readme_sql_examples_run(db: &Db) {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let blocks = sql_blocks(&readme);
    assert!(
        blocks.len() >= 8,
        "the README's walk-through has SQL examples ({} found)",
        blocks.len()
    );
    let mut client = db.connect();
    // Roles are cluster-wide; the walk-through creates two.
    client
        .batch_execute("DROP ROLE IF EXISTS bms_writer; DROP ROLE IF EXISTS grafana;")
        .unwrap();
    let script =
        std::env::temp_dir().join(format!("mep-readme-{}-{}.sql", std::process::id(), db.name));
    for (i, block) in blocks.iter().enumerate() {
        std::fs::write(&script, block).expect("writing the example to a file");
        let output = db.cluster.psql(
            &db.name,
            &["-v", "ON_ERROR_STOP=1", "-f", script.to_str().unwrap()],
        );
        assert!(
            output.status.success(),
            "README SQL example {} failed:\n{block}\n{}",
            i + 1,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let _ = std::fs::remove_file(&script);
    // The walk-through ends with a fouled chiller and a quarantined reading.
    assert!(count(&mut client, "SELECT count(*) FROM mep.rejected_readings") >= 1);
    assert!(count(&mut client, "SELECT count(*) FROM mep.sensor_data") > 1000);
}
