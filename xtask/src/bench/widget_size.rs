//! Widget size: what a page downloads for the check (wasm, JS glue, the element's module), each file
//! compressed on its own as a server would. Every build has a budget: the login page's is the
//! product's promise; the check page's and the after-sign-in build's are their size when they were
//! first budgeted, rounded up to the next 0.5 KB, so that any growth shows.

use serde_json::json;

use super::report::{Row, Section};
use crate::Result;
use crate::widget_build::{self, BUILDS, WidgetBuild, gzip_len};

const AREA: &str = "widget size";
/// The product promise: the check costs a login page at most 30 KB over the wire (1 KB = 1000 bytes).
pub const GZIP_BUDGET_BYTES: usize = 30_000;
/// The check page's build (`check-page`): 100.45 KB gzip when first budgeted; 102.2 KB once its plan
/// became the clock's sample and its check hedged and stamped (`core::clock::exchange`); 121.75 KB
/// with the identity-provider errors' catalog and the SSO readiness checks (`core::sign_in`,
/// `core::sso`), which the login page must not carry.
pub const CHECK_PAGE_GZIP_BUDGET_BYTES: usize = 122_000;
/// The build for pages after sign-in (`after-login`): 30.7 KB gzip when first budgeted; 31.13 KB
/// once the element's module (counted in every build) started the login page's time probe and
/// marked itself `aria-busy`; 28.2 KB once its logout reminder stopped linking the findings catalog.
pub const AFTER_LOGIN_GZIP_BUDGET_BYTES: usize = 28_500;

/// Each build's gzip budget, by its feature.
pub fn gzip_budget(build: &WidgetBuild) -> Option<usize> {
    match build.feature {
        "login" => Some(GZIP_BUDGET_BYTES),
        "check-page" => Some(CHECK_PAGE_GZIP_BUDGET_BYTES),
        "after-login" => Some(AFTER_LOGIN_GZIP_BUDGET_BYTES),
        _ => None,
    }
}

pub fn measure() -> Result<Section> {
    widget_build::build(crate::cmd::Lint::No)?;
    let (login, others) = BUILDS.split_first().expect("the login page's build comes first");
    let (raw, gzip, brotli, files) = sizes(login)?;
    let mut rows = vec![
        Row::info(AREA, "release wasm + JS glue, raw", kb(raw)),
        Row::budget(
            AREA,
            "release wasm + JS glue, gzip -9",
            kb(gzip),
            &budget_text(GZIP_BUDGET_BYTES),
            gzip <= GZIP_BUDGET_BYTES,
        ),
        Row::info(AREA, "release wasm + JS glue, brotli -q 11", kb(brotli)),
    ];
    let mut builds = serde_json::Map::new();
    for build in others {
        let (raw, gzip, brotli, files) = sizes(build)?;
        let measure = format!("{} build (`{}`), wasm + JS glue, gzip -9", build.page, build.feature);
        rows.push(match gzip_budget(build) {
            Some(budget) => Row::budget(AREA, &measure, kb(gzip), &budget_text(budget), gzip <= budget),
            None => Row::info(AREA, &measure, kb(gzip)),
        });
        let figures = json!({ "raw": raw, "gzip": gzip, "brotli": brotli, "files": files });
        builds.insert(build.feature.to_owned(), figures);
    }
    let details = json!({ "raw": raw, "gzip": gzip, "brotli": brotli, "files": files, "other_builds": builds });
    Ok(Section { rows, details })
}

/// "≤ 30 KB", "≤ 100.5 KB".
fn budget_text(bytes: usize) -> String {
    let kb = bytes as f64 / 1000.0;
    if bytes.is_multiple_of(1000) { format!("≤ {kb:.0} KB") } else { format!("≤ {kb:.1} KB") }
}

/// Raw, gzip and brotli totals of one build's shipped files, and each file's.
fn sizes(build: &WidgetBuild) -> Result<(usize, usize, usize, Vec<serde_json::Value>)> {
    let mut files = Vec::new();
    let (mut raw, mut gzip, mut brotli) = (0, 0, 0);
    for path in widget_build::shipped_files(&widget_build::pkg_dir(build)) {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let sizes = (bytes.len(), gzip_len(&bytes), brotli_len(&bytes));
        raw += sizes.0;
        gzip += sizes.1;
        brotli += sizes.2;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        files.push(json!({ "file": name, "raw": sizes.0, "gzip": sizes.1, "brotli": sizes.2 }));
    }
    Ok((raw, gzip, brotli, files))
}

/// Brotli at its best quality and a 4 MiB window, as static files are usually pre-compressed.
fn brotli_len(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("compressing in memory");
    out.len()
}

/// "28.4 KB (28412 B)": kilobytes of 1000 bytes, with the exact count.
pub fn kb(bytes: usize) -> String {
    format!("{:.1} KB ({bytes} B)", bytes as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_kilobytes_with_the_exact_count() {
        assert_eq!(kb(28_412), "28.4 KB (28412 B)");
    }

    #[test]
    fn every_build_has_a_budget() {
        for build in BUILDS {
            assert!(gzip_budget(build).is_some(), "no budget for the {} build", build.feature);
        }
        assert_eq!(budget_text(30_000), "≤ 30 KB");
        assert_eq!(budget_text(100_500), "≤ 100.5 KB");
    }

    #[test]
    fn brotli_shrinks_repetitive_text() {
        let text = "preflight ".repeat(1000);
        assert!(brotli_len(text.as_bytes()) < 100);
    }
}
