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

pub fn readme_sql_examples_run(db: &Db) {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let blocks = sql_blocks(&readme);
    assert!(
        blocks.len() >= 8,
        "the README's walk-through has SQL examples ({} found)",
        blocks.len()
    );
    let mut client = db.connect();
    for (i, block) in blocks.iter().enumerate() {
        client
            .batch_execute(block)
            .unwrap_or_else(|e| panic!("README SQL example {} failed: {e}\n{block}", i + 1));
    }
    // The walk-through ends with a fouled chiller and a quarantined reading.
    assert!(count(&mut client, "SELECT count(*) FROM mep.rejected_readings") >= 1);
    assert!(count(&mut client, "SELECT count(*) FROM mep.sensor_data") > 1000);
}
