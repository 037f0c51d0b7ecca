//! The Cloudflare Workers part of `cargo xtask test`: the worker is built once, `wrangler deploy
//! --dry-run` must bundle it within the size budget, then the browser smoke subset
//! (`tests/e2e-workers/`) runs against `wrangler dev` on a free loopback port, its local D1 migrated
//! first.

use std::path::Path;
use std::process::Command;

use crate::edge_process::{TEST_HELPDESK_TOKEN, TEST_SESSION_SECRET, TEST_STATS_TOKEN};
use crate::wrangler::{self, WranglerDev};
use crate::{Result, browser, cmd, root, test, widget_build};

/// `wrangler deploy --dry-run` (it fails if the bundle does not build) of the built worker, and the
/// gzip size of what it would upload.
pub fn dry_run_bundle_gzip() -> Result<usize> {
    let bundle = root().join("target/worker-bundle");
    let _ = std::fs::remove_dir_all(&bundle);
    cmd::run(wrangler::wrangler().args(["deploy", "--dry-run", "--outdir"]).arg(&bundle))?;
    bundle_gzip(&bundle)
}

/// The bundle's budget (wasm + JS, each gzipped, KB = 1000 bytes as in the bench). Budgets are
/// judged by the bench, not by the tests, so missing it is said loudly but does not fail the suite.
pub const BUNDLE_BUDGET_GZIP: usize = 300_000;
/// What the free plan accepts: a larger bundle cannot be deployed, so the suite fails.
const PLAN_LIMIT_GZIP: usize = 3_000_000;

/// Needs the widget already built into `www/` (the assets the worker serves) and the worker into
/// `edge/build/` (`cargo xtask test` builds both, linted).
pub fn run(chromium: &Path) -> Result {
    if let Err(why) = wrangler::ensure_packages() {
        let rule = "=".repeat(100);
        eprintln!(
            "\n{rule}\nSKIPPED: the Cloudflare Workers tests (dry-run deploy, browser tests on wrangler dev).\n\
             wrangler needs Node 22, which could not be installed in edge/: {why}\n{rule}\n"
        );
        return Ok(());
    }
    let gzip = dry_run_bundle_gzip()?;
    let verdict = if gzip <= BUNDLE_BUDGET_GZIP { "within" } else { "BUDGET MISSED: over" };
    eprintln!("worker bundle: {gzip} bytes gzip, {verdict} its budget of {BUNDLE_BUDGET_GZIP} bytes");
    if gzip > PLAN_LIMIT_GZIP {
        return Err(format!("the worker bundle is {gzip} bytes gzip: Workers' free plan takes {PLAN_LIMIT_GZIP}"));
    }

    let state = root().join("target/wrangler-state");
    let _ = std::fs::remove_dir_all(&state);
    let secrets = [
        ("PREFLIGHT_HELPDESK_TOKEN", TEST_HELPDESK_TOKEN),
        ("PREFLIGHT_SESSION_SECRET", TEST_SESSION_SECRET),
        ("PREFLIGHT_STATS_TOKEN", TEST_STATS_TOKEN),
    ];
    let dev = WranglerDev::start(&state, &secrets)?;
    let mut node = Command::new("node");
    node.args(["--test", "--test-concurrency=1", crate::test::NODE_TEST_TIMEOUT])
        .args(test::test_files("e2e-workers")?)
        .current_dir(browser::tests_dir());
    node.env("PREFLIGHT_URL", &dev.url).env("CHROMIUM_PATH", chromium).env("PREFLIGHT_ROOT", root());
    node.env("PREFLIGHT_HELPDESK_TOKEN", TEST_HELPDESK_TOKEN).env("PREFLIGHT_STATS_TOKEN", TEST_STATS_TOKEN);
    cmd::run(&mut node)
}

/// What wrangler would upload: every JS and wasm file of the dry run, each gzipped on its own.
fn bundle_gzip(dir: &Path) -> Result<usize> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let shipped = path.extension().is_some_and(|e| e == "js" || e == "mjs" || e == "wasm");
        if shipped {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            total += widget_build::gzip_len(&bytes);
        }
    }
    if total == 0 {
        return Err(format!("the dry run wrote no JS or wasm into {}", dir.display()));
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use preflight_core::rate_limits::Limit;

    /// `edge/wrangler.toml` declares each Rate Limiting binding with core's window and allowance,
    /// which the isolate's own fallback count (`FixedWindowRateLimits`) uses too.
    #[test]
    fn wrangler_rate_limits_match_core_s_windows() {
        let text = std::fs::read_to_string(crate::root().join("edge/wrangler.toml")).unwrap();
        for limit in Limit::ALL {
            let name = format!("name = \"{}_LIMIT\"", limit.as_str().to_uppercase());
            let after = text.split_once(&name).unwrap_or_else(|| panic!("wrangler.toml declares no {name}")).1;
            let seconds = limit.window_seconds();
            let expected = format!("simple = {{ limit = {}, period = {seconds} }}", limit.window_limit(seconds));
            let declared = after.lines().find(|l| l.starts_with("simple")).unwrap_or_default();
            assert_eq!(declared, expected, "{name} in edge/wrangler.toml");
        }
    }

    /// The D1 database the worker reads (`edge-worker/src/statistics_d1.rs`) and the tests migrate is
    /// declared, with the migrations the native store runs too (`edge/migrations/`).
    #[test]
    fn wrangler_declares_the_statistics_database_and_its_migrations() {
        let text = std::fs::read_to_string(crate::root().join("edge/wrangler.toml")).unwrap();
        let d1 = text.split_once("[[d1_databases]]").expect("wrangler.toml declares no D1 database").1;
        let d1 = d1.split("\n[").next().unwrap_or_default();
        assert!(d1.contains(&format!("binding = \"{}\"", crate::wrangler::STATISTICS_DATABASE)), "{d1}");
        assert!(d1.contains("migrations_dir = \"migrations\""), "{d1}");
        let worker = std::fs::read_to_string(crate::root().join("edge-worker/src/statistics_d1.rs")).unwrap();
        assert!(worker.contains(&format!("const BINDING: &str = \"{}\";", crate::wrangler::STATISTICS_DATABASE)));
        assert!(crate::root().join("edge/migrations/0001_friction_cells.sql").is_file());
    }
}
