//! `cargo xtask openapi`: writes `www/openapi.json`, the API's OpenAPI 3.1 document, from core's
//! wire types and the edge's operations (`preflight_edge::openapi::contract`). It runs the test that
//! compares the committed file (`openapi::tests`) in its writing mode, in the build `cargo xtask
//! test` makes anyway, so regenerating compiles nothing new.

use crate::test::{EDGE_FEATURES, TEST_WORKSPACE};
use crate::{Result, cmd};

/// The variable that turns the edge's comparison test into the generator.
const UPDATE: &str = "PREFLIGHT_UPDATE_OPENAPI";

pub fn run(args: &[String]) -> Result {
    if !args.is_empty() {
        return Err("usage: cargo xtask openapi".into());
    }
    let test = "openapi::tests::the_committed_document_is_what_the_types_describe_now";
    cmd::run(
        cmd::cargo().args(TEST_WORKSPACE).args(EDGE_FEATURES).args(["--lib", "--", "--exact", test]).env(UPDATE, "1"),
    )?;
    eprintln!("wrote www/openapi.json: review and commit it");
    Ok(())
}
