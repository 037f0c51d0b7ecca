use crate::config::DeploymentConfig;

/// A deployment config as a portal team may write it: valid ones survive the trip to the Workers
/// edge (JSON written at build time, without the token) unchanged; every error points inside the text.
pub fn config_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match DeploymentConfig::parse(text) {
        Ok(config) => {
            let (bundled, _) = config.clone().without_secrets();
            assert_eq!(bundled.helpdesk.config_token(), None, "a bundle carries no token");
            let json = serde_json::to_string(&bundled).expect("a valid config is written as JSON");
            let back: DeploymentConfig = serde_json::from_str(&json).expect("the worker reads the config back");
            assert_eq!(back, bundled);
            for origin in config.probe_origins() {
                assert!(origin.starts_with("https://"), "{origin}");
            }
            let _ = (config.certificate_windows(), config.trusted_proxies(), config.helpdesk.report_ttl());
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "an invalid config says why");
            let lines: Vec<&str> = text.split('\n').collect();
            for e in &errors.0 {
                let line = e.line.checked_sub(1).and_then(|i| lines.get(i)).expect("the line is in the text");
                assert!((1..=line.chars().count() + 1).contains(&e.column), "{e}: the column is off the line");
                assert!(!e.message.is_empty());
            }
        }
    }
}
