//! The binary's command line: config validation without serving, and no start on a bad config.

use std::process::Command;

const EDGE: &str = env!("CARGO_BIN_EXE_preflight-edge");
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../config/city-portal.toml");

fn bad_config() -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap().replace("\"10.20.0.0/16\"", "\"10.20.0.0/33\"");
    std::fs::write(file.path(), text).unwrap();
    file
}

#[test]
fn check_config_accepts_the_example() {
    let out = Command::new(EDGE).args(["check-config", EXAMPLE]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("valid"));
}

#[test]
fn check_config_reports_file_line_and_column_and_fails() {
    let file = bad_config();
    let out = Command::new(EDGE).arg("check-config").arg(file.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:", file.path().display());
    assert!(stderr.contains(&expected) && stderr.contains("10.20.0.0/33"), "{stderr}");
    assert!(stderr.contains("e.g. \"10.20.0.0/16\""), "{stderr}");
}

#[test]
fn the_edge_refuses_to_start_on_an_invalid_config() {
    let file = bad_config();
    let out = Command::new(EDGE).args(["--listen", "127.0.0.1:0", "--config"]).arg(file.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("will not start"));
}
