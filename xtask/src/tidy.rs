//! Tests that check the codebase itself, as rust-analyzer's `tidy` does: the invariants that
//! ARCHITECTURE.md states are kept by tests, not by hope. `cargo test --workspace` (and so
//! `cargo xtask test`) runs them; each failure says what to fix.
//!
//! - core does no I/O: no I/O crate among `preflight-core`'s dependencies, natively or on wasm32;
//! - the edge's code neither unwraps nor expects: it answers, logs or exits with a message;
//! - every module is on the map: named in its crate's section of ARCHITECTURE.md;
//! - one text catalog: the edge and the widget write no French sentence of their own, and core's
//!   interface texts are declared with `texts!` (so the parity test sees them) or are catalog entries.
//!
//! The catalog's French and English parity is core's own test (`core/src/catalog/mod.rs`); formatting
//! and clippy are steps of `cargo xtask test`.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{cmd, root};

/// Crates that do I/O (network, sockets, the browser, a database, an async runtime). core must reach
/// none of them, even through another crate.
const IO_CRATES: &[&str] = &[
    "tokio",
    "mio",
    "hyper",
    "axum",
    "tower",
    "tower-http",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "rusqlite",
    "libsqlite3-sys",
    "worker",
    "reqwest",
    "ureq",
    "socket2",
];

#[test]
fn core_does_no_io() {
    let host = host_target();
    let mut problems = Vec::new();
    for target in [host.as_str(), "wasm32-unknown-unknown"] {
        let metadata = cargo_metadata(target);
        for path in forbidden_paths(&metadata, "preflight-core", IO_CRATES) {
            problems.push(format!("  {target}: {}", path.join(" -> ")));
        }
    }
    assert!(
        problems.is_empty(),
        "preflight-core must do no I/O (ARCHITECTURE.md), but these I/O crates are among its normal dependencies:\n{}\n\
         Move the code that needs them to the edge or the widget, or make the dependency a dev-dependency \
         or an optional one that core's default features do not enable.",
        problems.join("\n")
    );
}

/// `cargo metadata` for one target: the resolve graph keeps only that target's dependencies, with
/// the features the workspace enables (core's default features among them).
fn cargo_metadata(target: &str) -> Value {
    let output = cmd::cargo()
        .args(["metadata", "--format-version", "1", "--filter-platform", target])
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo metadata: {e}"));
    assert!(
        output.status.success(),
        "cargo metadata --filter-platform {target} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("cargo metadata printed no JSON: {e}"))
}

/// The triple this machine builds for (`rustc -vV`'s `host:` line).
fn host_target() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = std::process::Command::new(&rustc)
        .arg("-vV")
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{rustc} -vV`: {e}"));
    let text = String::from_utf8_lossy(&output.stdout);
    let host = text.lines().find_map(|line| line.strip_prefix("host: "));
    host.unwrap_or_else(|| panic!("`{rustc} -vV` names no host:\n{text}")).to_owned()
}

/// For each crate of `forbidden` that `package` reaches through normal dependencies (not dev, not
/// build), the shortest path by which it comes in, from `package` to it.
fn forbidden_paths(metadata: &Value, package: &str, forbidden: &[&str]) -> Vec<Vec<String>> {
    let packages = metadata["packages"].as_array().expect("cargo metadata lists packages");
    let name_of: HashMap<&str, &str> =
        packages.iter().filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?))).collect();
    let nodes = metadata["resolve"]["nodes"].as_array().expect("cargo metadata has a resolve graph");
    let nodes: HashMap<&str, &Value> = nodes.iter().filter_map(|n| Some((n["id"].as_str()?, n))).collect();
    let start = packages
        .iter()
        .find(|p| p["name"] == package && p["source"].is_null())
        .and_then(|p| p["id"].as_str())
        .unwrap_or_else(|| panic!("{package} is not a workspace package"));

    // Breadth first, so the path kept for each crate is a shortest one.
    let mut came_from: HashMap<&str, Option<&str>> = HashMap::from([(start, None)]);
    let mut queue = VecDeque::from([start]);
    let mut found = Vec::new();
    while let Some(id) = queue.pop_front() {
        if forbidden.contains(&name_of[id]) {
            let mut path = vec![name_of[id].to_owned()];
            let mut at = id;
            while let Some(Some(parent)) = came_from.get(at) {
                path.push(name_of[parent].to_owned());
                at = parent;
            }
            path.reverse();
            found.push(path);
        }
        let deps = nodes.get(id).and_then(|n| n["deps"].as_array()).into_iter().flatten();
        for dep in deps {
            let Some(dep_id) = dep["pkg"].as_str() else { continue };
            // `kind` is null for a normal dependency, "dev" or "build" otherwise.
            let normal = dep["dep_kinds"].as_array().into_iter().flatten().any(|k| k["kind"].is_null());
            if normal && !came_from.contains_key(dep_id) {
                came_from.insert(dep_id, Some(id));
                queue.push_back(dep_id);
            }
        }
    }
    found
}

#[test]
fn forbidden_paths_follow_normal_dependencies_only() {
    let metadata = serde_json::json!({
        "packages": [
            {"id": "core", "name": "preflight-core", "source": null},
            {"id": "serde", "name": "serde", "source": "registry"},
            {"id": "helper", "name": "helper", "source": "registry"},
            {"id": "tokio", "name": "tokio", "source": "registry"},
            {"id": "proptest", "name": "proptest", "source": "registry"},
            {"id": "web-sys", "name": "web-sys", "source": "registry"},
        ],
        "resolve": {"nodes": [
            {"id": "core", "deps": [
                {"pkg": "serde", "dep_kinds": [{"kind": null, "target": null}]},
                {"pkg": "proptest", "dep_kinds": [{"kind": "dev", "target": null}]},
                {"pkg": "web-sys", "dep_kinds": [{"kind": "build", "target": null}]},
            ]},
            {"id": "serde", "deps": [{"pkg": "helper", "dep_kinds": [{"kind": null, "target": null}]}]},
            {"id": "helper", "deps": [{"pkg": "tokio", "dep_kinds": [{"kind": "dev", "target": null}, {"kind": null, "target": null}]}]},
            {"id": "proptest", "deps": [{"pkg": "tokio", "dep_kinds": [{"kind": null, "target": null}]}]},
            {"id": "tokio", "deps": []},
            {"id": "web-sys", "deps": []},
        ]},
    });
    let paths = forbidden_paths(&metadata, "preflight-core", IO_CRATES);
    assert_eq!(paths, [["preflight-core", "serde", "helper", "tokio"]]);
}

/// The edge's source folders (the native binary, the Router, the Workers host).
const EDGE_SOURCES: &[&str] = &["edge/src", "edge-worker/src"];

#[test]
fn the_edge_neither_unwraps_nor_expects() {
    let found = shipped_lines_where(EDGE_SOURCES, |line| line.contains(".unwrap()") || line.contains(".expect("));
    assert!(
        found.is_empty(),
        "the edge's code must not panic on an error: handle these instead of `.unwrap()` / `.expect(` \
         (answer a problem+json, log one line and carry on, or stop with a message that says what went wrong):\n{}",
        found.join("\n")
    );
}

/// The crates that show text to people but must take it from core's catalog.
const TEXT_FREE_SOURCES: &[&str] = &["edge/src", "edge-worker/src", "widget/src"];
/// Letters that only French text uses here: a string literal with one is a sentence for people.
const FRENCH_LETTERS: &[char] = &['é', 'è', 'ê', 'à', 'â', 'ç', 'ù', 'û', 'ô', 'î', 'É', '«', '»'];

#[test]
fn the_edge_and_the_widget_take_their_words_from_core() {
    let found = shipped_lines_where(TEXT_FREE_SOURCES, |line| {
        let code = line.split("//").next().unwrap_or_default();
        code.contains('"') && code.contains(FRENCH_LETTERS)
    });
    assert!(
        found.is_empty(),
        "every sentence a person reads is a core text with French and English (`texts!` next to the concept in \
         core, or a catalog entry); these lines write their own:\n{}",
        found.join("\n")
    );
}

/// Core files allowed to build a `Template` literally: the type itself, the findings' catalog entries
/// (checked by the catalog's own parity test) and the identity providers' error catalog (checked by
/// `sign_in`'s: every meaning in both languages, not the same). Every other text goes through `texts!`.
const TEMPLATE_LITERALS_ALLOWED: &[&str] = &[
    "core/src/i18n.rs",
    "core/src/catalog/browser.rs",
    "core/src/catalog/clock.rs",
    "core/src/catalog/shared.rs",
    "core/src/catalog/sso.rs",
    "core/src/catalog/helpdesk.rs",
    "core/src/sign_in/known.rs",
];

#[test]
fn core_texts_are_declared_where_the_parity_test_sees_them() {
    let mut found = Vec::new();
    for file in rust_files(&root().join("core/src")) {
        let path = relative(&file);
        if is_test_file(&file) || TEMPLATE_LITERALS_ALLOWED.contains(&path.as_str()) {
            continue;
        }
        let mut in_texts = false;
        for (line_number, line) in code_lines(&read(&file)) {
            // Inside `texts! { … }` (from its opening line to the `}` at the start of a line).
            if line.starts_with("texts! {") || line.contains(" texts! {") {
                in_texts = true;
            } else if in_texts && line.trim_end() == "}" {
                in_texts = false;
            }
            // A literal `Template { fr: … }`, on one line or opening one (not a `-> Template {` body).
            let opens_literal = line.trim_end().ends_with("Template {") && !line.contains("->");
            // A French sentence written outside the catalog: it escapes the parity test.
            let code = line.split("//").next().unwrap_or_default();
            let loose_french = !in_texts && code.contains('"') && code.contains(FRENCH_LETTERS);
            if line.contains("Template { fr") || opens_literal || loose_french {
                found.push(format!("  {path}:{line_number}: {}", line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "declare interface texts with `texts! {{ NAME {{ fr: …, en: … }} }}` and list the module in \
         `i18n::all_texts`, so the French/English parity test checks them (no `Template {{ … }}` literal, \
         no French sentence in code):\n{}",
        found.join("\n")
    );
}

/// `  file:line: text` for each line of shipped code (test files and `#[cfg(test)]` modules left out)
/// under `folders` that `matches`.
fn shipped_lines_where(folders: &[&str], matches: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for folder in folders {
        for file in rust_files(&root().join(folder)).into_iter().filter(|f| !is_test_file(f)) {
            for (line_number, line) in code_lines(&read(&file)) {
                if matches(line) {
                    found.push(format!("  {}:{line_number}: {}", relative(&file), line.trim()));
                }
            }
        }
    }
    found
}

/// A file's lines (numbered from 1) up to its `#[cfg(test)]` module: the code that ships.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, line)| !line.trim_start().starts_with("#[cfg(test)]"))
        .map(|(index, line)| (index + 1, line))
}

/// Each crate's source folder and the heading of its section in ARCHITECTURE.md. The Workers host's
/// modules are described with the edge's, whose Router they serve.
const MAPPED_CRATES: &[(&str, &str)] = &[
    ("core/src", "### `core/`"),
    ("widget/src", "### `widget/`"),
    ("edge/src", "### `edge/`"),
    ("edge-worker/src", "### `edge/`"),
    ("xtask/src", "### `xtask/`"),
];

#[test]
fn every_module_is_on_the_map() {
    let architecture = read(&root().join("ARCHITECTURE.md"));
    let mut missing = Vec::new();
    for (folder, heading) in MAPPED_CRATES {
        let section = section(&architecture, heading)
            .unwrap_or_else(|| panic!("ARCHITECTURE.md has no `{heading}` section: put it back, or update tidy.rs"));
        for file in rust_files(&root().join(folder)) {
            if is_test_file(&file) {
                continue;
            }
            let Some(name) = module_name(&file) else { continue };
            if !names(&section, &name) {
                missing.push(format!("  {} (`{name}`) in the {heading} section", relative(&file)));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "every module must be on the map: name these in their crate's section of ARCHITECTURE.md (as `name`, \
         `path::name`, or a path ending in name.rs or name/), with a few words on what each does:\n{}",
        missing.join("\n")
    );
}

/// A module's name: the file's, or its folder's for a `mod.rs`; none for a crate root.
fn module_name(file: &Path) -> Option<String> {
    let stem = file.file_stem()?.to_str()?;
    match stem {
        "lib" | "main" => None,
        "mod" => Some(file.parent()?.file_name()?.to_str()?.to_owned()),
        _ => Some(stem.to_owned()),
    }
}

/// The lines from `heading` to the next heading.
fn section(markdown: &str, heading: &str) -> Option<String> {
    let mut lines = markdown.lines().skip_while(|line| !line.starts_with(heading));
    lines.next()?;
    Some(lines.take_while(|line| !line.starts_with('#')).collect::<Vec<_>>().join("\n"))
}

/// Whether `text` names module `name`: as `` `name` `` or a segment of a Rust path in backticks
/// (`` `helpdesk::gate` ``, `` `problem::Problem` ``), or as a path ending in `name.rs` or `name/`.
fn names(text: &str, name: &str) -> bool {
    let mut code_spans = text.split('`').skip(1).step_by(2);
    if code_spans.any(|span| span == name || (span.contains("::") && span.split("::").any(|segment| segment == name))) {
        return true;
    }
    [format!("{name}.rs"), format!("{name}/")].iter().any(|path| {
        text.match_indices(path.as_str()).any(|(at, _)| {
            // A whole path segment: `soak/` names soak, `pkg-after-login/` does not name `login`.
            !text[..at].ends_with(|c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        })
    })
}

#[test]
fn names_finds_whole_names_only() {
    assert!(names("`soak` measures", "soak"));
    assert!(names("see `xtask/src/bench/soak.rs`", "soak"));
    assert!(names("one module per measurement in `xtask/src/bench/`", "bench"));
    assert!(names("`helpdesk::gate` holds the token", "gate"));
    assert!(names("Errors are `problem::Problem`", "problem"));
    assert!(!names("`www/pkg-after-login/`", "login"));
    assert!(!names("`Code::ALL` and `render_all`", "render"));
    assert!(!names("`a` render `b`", "render"), "outside backticks");
    assert!(!names("reports_kv.rs", "kv"));
    assert!(!names("`app(AppState) -> Router`", "app"));
}

/// Test-only files: `tests.rs`, `*_tests.rs`, anything under a `tests/` folder of the repository.
fn is_test_file(file: &Path) -> bool {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let in_tests_folder = file.strip_prefix(root()).unwrap_or(file).components().any(|c| c.as_os_str() == "tests");
    stem == "tests" || stem.ends_with("_tests") || in_tests_folder
}

/// Every `.rs` file under `folder`, sorted.
fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![folder.to_owned()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display())).path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn read(file: &Path) -> String {
    std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()))
}

/// A path from the repository root, as the failure messages print it.
fn relative(file: &Path) -> String {
    file.strip_prefix(root()).unwrap_or(file).display().to_string()
}
