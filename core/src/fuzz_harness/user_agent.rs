use super::example_config;
use crate::client::{ClientFacts, Version};
use crate::report::DeviceSummary;

/// A device as the edge hears of it, four lines: `User-Agent`, `Sec-CH-UA-Platform`,
/// `Sec-CH-UA-Platform-Version` and the VPN version the agent typed (a missing line is a missing
/// header). Hints refine the OS only; every version read is written back as it compares, and the
/// example deployment's known issues can be matched against any device.
pub fn user_agent(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut lines = text.split('\n');
    let (ua, platform, platform_version, vpn) = (lines.next().unwrap_or(""), lines.next(), lines.next(), lines.next());

    let facts = ClientFacts::from_request(ua, platform, platform_version, vpn);
    let unhinted = ClientFacts::from_request(ua, None, None, vpn);
    assert_eq!((&facts.browser, &facts.browser_version), (&unhinted.browser, &unhinted.browser_version));
    assert!(facts.os == unhinted.os || platform.is_some(), "only a hint changes the OS");
    assert!(facts.os_version == unhinted.os_version || platform_version.is_some());
    assert_eq!(facts.vpn_client, vpn.and_then(Version::parse));

    let versions = [&facts.os_version, &facts.browser_version, &facts.vpn_client, &Version::parse(text)];
    for version in versions.into_iter().flatten() {
        assert_written_back(version);
    }
    let summary = DeviceSummary::from(&facts);
    assert_eq!(summary.os_version.as_deref().map(Version::parse), facts.os_version.as_ref().map(|v| Some(v.clone())));
    for issue in &example_config().known_issues {
        let _ = issue.matches(&facts);
    }
}

fn assert_written_back(version: &Version) {
    let written = version.to_string();
    assert!(written.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())), "{written}");
    assert_eq!(Version::parse(&written).as_ref(), Some(version), "{written}");
    let json = serde_json::to_string(version).expect("a version is written as JSON");
    assert_eq!(&serde_json::from_str::<Version>(&json).expect("and read back"), version);
}
