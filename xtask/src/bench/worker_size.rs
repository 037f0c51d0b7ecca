//! The Workers bundle: what `wrangler deploy` would upload (wasm + JS), each file gzipped on its own.

use serde_json::json;

use super::report::{Row, Section};
use super::widget_size::kb;
use crate::{Result, worker_build, workers_test, wrangler};

const AREA: &str = "workers";

pub fn measure() -> Result<Section> {
    wrangler::ensure_packages()?;
    worker_build::build(&worker_build::example_config(), crate::cmd::Lint::No)?;
    let gzip = workers_test::dry_run_bundle_gzip()?;
    let budget = workers_test::BUNDLE_BUDGET_GZIP;
    let row = Row::budget(AREA, "worker bundle (wasm + JS), gzip -9", kb(gzip), "≤ 300 KB", gzip <= budget);
    Ok(Section { rows: vec![row], details: json!({ "gzip": gzip }) })
}
