//! `ClientFacts` against ua-parser's public test suite (uap-core, Apache-2.0): the browser and OS
//! families must each be right for at least 95 % of the modern (`Mozilla/5.0`) user agents in scope.
//!
//! In scope: the cases whose expected family maps onto ours (`BROWSER_SCOPE`, `OS_SCOPE`), `-` where
//! the parser must answer `None` (`Other`, the Android stock browser, browsers with their own brand).
//! Why, and how to regenerate the fixtures: `fixtures/uap-core/README.md`.

use preflight_core::client::{BrowserFamily, ClientFacts, OsFamily};
use serde::de::DeserializeOwned;

const BROWSER_CASES: &str = include_str!("fixtures/uap-core/browser.tsv");
const OS_CASES: &str = include_str!("fixtures/uap-core/os.tsv");

/// The share of modern user agents in scope the parser must get right, browser and OS apart.
const MODERN_RIGHT_AT_LEAST: f64 = 0.95;

/// uap-core's browser family → ours, as the config writes it; families not listed are out of scope.
const BROWSER_SCOPE: &[(&str, &str)] = &[
    ("Edge", "edge"),
    ("Edge Mobile", "edge"),
    ("Chrome", "chrome"),
    ("Chrome Mobile", "chrome"),
    ("Chrome Mobile iOS", "chrome"),
    ("Chrome Mobile WebView", "chrome"),
    ("Chromium", "chrome"),
    ("Firefox", "firefox"),
    ("Firefox Beta", "firefox"),
    ("Firefox Mobile", "firefox"),
    ("Firefox iOS", "firefox"),
    ("Safari", "safari"),
    ("Mobile Safari", "safari"),
    ("Mobile Safari UI/WKWebView", "safari"),
    ("Android", "-"),
    ("Other", "-"),
    ("Opera", "-"),
    ("Opera Coast", "-"),
    ("Opera GX", "-"),
    ("Opera Mini", "-"),
    ("Opera Mobile", "-"),
    ("Opera Neon", "-"),
    ("Opera Tablet", "-"),
    ("Opera Touch", "-"),
    ("Samsung Internet", "-"),
    ("Yandex Browser", "-"),
    ("Vivaldi", "-"),
    ("Brave", "-"),
    ("Whale", "-"),
];

/// uap-core's OS family → ours; families not listed are out of scope.
const OS_SCOPE: &[(&str, &str)] = &[
    ("Windows", "windows"),
    ("Mac OS X", "macos"),
    ("iOS", "ios"),
    ("Android", "android"),
    ("Chrome OS", "chromeos"),
    ("Linux", "linux"),
    ("Ubuntu", "linux"),
    ("Debian", "linux"),
    ("Gentoo", "linux"),
    ("Mandriva", "linux"),
    ("Red Hat", "linux"),
    ("Other", "-"),
];

struct Case<'a, F> {
    expected: Option<F>,
    uap_family: &'a str,
    user_agent: &'a str,
}

/// The fixture's cases, each checked against the scope it was written with.
fn cases<'a, F: DeserializeOwned>(tsv: &'a str, scope: &[(&str, &str)]) -> Vec<Case<'a, F>> {
    let family = |name: &str| {
        (name != "-").then(|| serde_json::from_value(name.into()).unwrap_or_else(|e| panic!("`{name}`: {e}")))
    };
    tsv.lines()
        .map(|line| match line.splitn(3, '\t').collect::<Vec<_>>()[..] {
            [ours, uap_family, user_agent] if scope.contains(&(uap_family, ours)) => {
                Case { expected: family(ours), uap_family, user_agent }
            }
            _ => panic!("not `ours<TAB>uap-core family<TAB>user agent` of a family in scope: {line:?}"),
        })
        .collect()
}

/// How many of `cases` (all, then the modern ones) `parse` gets right, and the misses.
fn score<F: PartialEq + std::fmt::Debug>(
    what: &str,
    cases: &[Case<'_, F>],
    parse: impl Fn(&ClientFacts) -> Option<F>,
) -> (usize, usize, Vec<String>) {
    let (mut right, mut modern_right, mut modern, mut misses) = (0, 0, 0, vec![]);
    for case in cases {
        let got = parse(&ClientFacts::from_request(case.user_agent, None, None, None));
        let is_modern = case.user_agent.starts_with("Mozilla/5.0");
        modern += usize::from(is_modern);
        if got == case.expected {
            right += 1;
            modern_right += usize::from(is_modern);
        } else if is_modern {
            misses.push(format!("  {:?} ({}) read as {got:?}: {}", case.expected, case.uap_family, case.user_agent));
        }
    }
    println!("{what}: {right}/{} right, modern (Mozilla/5.0) {modern_right}/{modern}", cases.len());
    (modern_right, modern, misses)
}

fn assert_mostly_right((right, total, misses): (usize, usize, Vec<String>), what: &str) {
    assert!(
        right as f64 >= MODERN_RIGHT_AT_LEAST * total as f64,
        "{what}: {right}/{total} modern user agents right, under {MODERN_RIGHT_AT_LEAST}; misses:\n{}",
        misses.join("\n")
    );
}

#[test]
fn browser_families_match_uap_core() {
    let cases = cases::<BrowserFamily>(BROWSER_CASES, BROWSER_SCOPE);
    assert_mostly_right(score("browser family", &cases, |f| f.browser), "browser family");
}

#[test]
fn os_families_match_uap_core() {
    let cases = cases::<OsFamily>(OS_CASES, OS_SCOPE);
    assert_mostly_right(score("OS family", &cases, |f| f.os), "OS family");
}

/// Every fixture string, and every prefix of it (a header cut anywhere), as user agent and hints.
#[test]
fn no_user_agent_makes_the_parser_panic() {
    for line in BROWSER_CASES.lines().chain(OS_CASES.lines()) {
        let user_agent = line.rsplit('\t').next().unwrap_or(line);
        for (end, _) in user_agent.char_indices().chain([(user_agent.len(), ' ')]) {
            let text = &user_agent[..end];
            ClientFacts::from_request(text, Some(text), Some(text), Some(text));
        }
    }
}

/// Writes the fixtures from a uap-core checkout: `UAP_CORE=<checkout> cargo test -p preflight-core
/// --test uap_core -- --ignored regenerate_fixtures`. Reads local files only.
#[test]
#[ignore = "needs a uap-core checkout in UAP_CORE"]
fn regenerate_fixtures() {
    let checkout = std::path::PathBuf::from(std::env::var_os("UAP_CORE").expect("UAP_CORE: a uap-core checkout"));
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/uap-core");
    for (source, scope, target) in
        [("tests/test_ua.yaml", BROWSER_SCOPE, "browser.tsv"), ("tests/test_os.yaml", OS_SCOPE, "os.tsv")]
    {
        let yaml = std::fs::read_to_string(checkout.join(source)).expect(source);
        let mut tsv = String::new();
        for (user_agent, family) in yaml_cases(&yaml) {
            if let Some((_, ours)) = scope.iter().find(|(theirs, _)| *theirs == family) {
                assert!(!user_agent.contains(['\t', '\n', '\r']), "{user_agent:?}");
                tsv += &format!("{ours}\t{family}\t{user_agent}\n");
            }
        }
        std::fs::write(fixtures.join(target), tsv).expect(target);
    }
}

/// `(user_agent_string, family)` of each case of a uap-core test file: the one YAML shape they use.
fn yaml_cases(yaml: &str) -> Vec<(String, String)> {
    let mut cases: Vec<(String, String)> = vec![];
    for line in yaml.lines().map(str::trim) {
        if let Some(value) = line.strip_prefix("- user_agent_string:") {
            cases.push((yaml_scalar(value), String::new()));
        } else if let (Some(value), Some(case)) = (line.strip_prefix("family:"), cases.last_mut()) {
            case.1 = yaml_scalar(value);
        }
    }
    cases
}

/// A quoted or plain YAML scalar; uap-core's double-quoted strings have no escapes.
fn yaml_scalar(value: &str) -> String {
    let value = value.trim();
    if let Some(single) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        single.replace("''", "'")
    } else if let Some(double) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        assert!(!double.contains('\\'), "an escape uap-core did not use: {value}");
        double.to_owned()
    } else {
        value.to_owned()
    }
}
