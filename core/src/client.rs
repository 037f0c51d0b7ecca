//! What we know of the agent's device: OS, browser, VPN client version — from the user agent, client
//! hints and what the agent types. Only families and versions: nothing that identifies a person.
//! Checked against ua-parser's public test suite (`tests/uap_core.rs`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum OsFamily {
    Windows,
    Macos,
    Ios,
    Android,
    Chromeos,
    Linux,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum BrowserFamily {
    Edge,
    Chrome,
    Firefox,
    Safari,
}

impl OsFamily {
    pub const ALL: [OsFamily; 6] =
        [OsFamily::Windows, OsFamily::Macos, OsFamily::Ios, OsFamily::Android, OsFamily::Chromeos, OsFamily::Linux];

    /// The name serde writes, e.g. `"macos"`.
    pub fn as_str(self) -> &'static str {
        match self {
            OsFamily::Windows => "windows",
            OsFamily::Macos => "macos",
            OsFamily::Ios => "ios",
            OsFamily::Android => "android",
            OsFamily::Chromeos => "chromeos",
            OsFamily::Linux => "linux",
        }
    }

    pub fn parse(name: &str) -> Option<OsFamily> {
        OsFamily::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

impl BrowserFamily {
    pub const ALL: [BrowserFamily; 4] =
        [BrowserFamily::Edge, BrowserFamily::Chrome, BrowserFamily::Firefox, BrowserFamily::Safari];

    /// The name serde writes, e.g. `"firefox"`.
    pub fn as_str(self) -> &'static str {
        match self {
            BrowserFamily::Edge => "edge",
            BrowserFamily::Chrome => "chrome",
            BrowserFamily::Firefox => "firefox",
            BrowserFamily::Safari => "safari",
        }
    }

    /// The family for its name (the check page passes it to the widget in an attribute).
    pub fn parse(name: &str) -> Option<BrowserFamily> {
        BrowserFamily::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// A dotted numeric version ("7.2", "10.0.22631"), compared part by part; missing parts are 0.
#[derive(Debug, Clone, Eq)]
pub struct Version(Vec<u32>);

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let parts: Option<Vec<u32>> = text.trim().split('.').map(|p| p.parse().ok()).collect();
        parts.filter(|p| !p.is_empty() && p.len() <= 6).map(Version)
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let len = self.0.len().max(other.0.len());
        (0..len)
            .map(|i| self.0.get(i).unwrap_or(&0).cmp(other.0.get(i).unwrap_or(&0)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

impl FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        Version::parse(text)
            .ok_or_else(|| format!("`{text}` is not a version: write numbers separated by dots, e.g. \"7.2.1\""))
    }
}

/// Written as it is read, "7.2" (the config's known issues go through JSON on the Workers edge).
impl Serialize for Version {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(de::Error::custom)
    }
}

/// The device facts known issues are matched against.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClientFacts {
    pub os: Option<OsFamily>,
    pub os_version: Option<Version>,
    pub browser: Option<BrowserFamily>,
    pub browser_version: Option<Version>,
    pub vpn_client: Option<Version>,
}

impl ClientFacts {
    /// From the `User-Agent` header, refined by client hints where the browser sends them
    /// (`Sec-CH-UA-Platform`, `Sec-CH-UA-Platform-Version`), and the VPN version the agent typed.
    pub fn from_request(
        user_agent: &str,
        platform_hint: Option<&str>,
        platform_version_hint: Option<&str>,
        vpn_client: Option<&str>,
    ) -> ClientFacts {
        let (os, os_version) = os_from_user_agent(user_agent);
        let hinted_os = platform_hint.and_then(os_from_hint);
        let (browser, browser_version) = browser_from_user_agent(user_agent, os, os_version.as_ref());
        ClientFacts {
            os: hinted_os.or(os),
            os_version: platform_version_hint.map(|v| v.trim_matches('"')).and_then(Version::parse).or(os_version),
            browser,
            browser_version,
            vpn_client: vpn_client.and_then(Version::parse),
        }
    }
}

fn os_from_hint(hint: &str) -> Option<OsFamily> {
    match hint.trim_matches('"') {
        "Windows" => Some(OsFamily::Windows),
        "macOS" => Some(OsFamily::Macos),
        "iOS" => Some(OsFamily::Ios),
        "Android" => Some(OsFamily::Android),
        "Chrome OS" | "ChromeOS" => Some(OsFamily::Chromeos),
        "Linux" => Some(OsFamily::Linux),
        _ => None,
    }
}

/// The version after `marker` in `text`, e.g. "Chrome/" → "131.0.6778.85".
fn version_after(text: &str, marker: &str) -> Option<Version> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_')).unwrap_or(rest.len());
    Version::parse(&rest[..end].replace('_', "."))
}

/// First match wins. ChromeOS says X11, and Citrix's app on ChromeOS says "X11; Windows" (on Windows
/// it says "Windows NT"); Chrome, Firefox and Edge for iOS say Macintosh on an iPad asking for
/// desktop sites; Android says Linux, and its build id (`Build/…`) says Android where the name is
/// left out (Kindle Fire).
const OS_MARKERS: [(OsFamily, &[&str], Option<&str>); 7] = [
    (OsFamily::Windows, &["Windows NT"], Some("Windows NT ")),
    (OsFamily::Chromeos, &["CrOS", "CitrixChromeApp"], None),
    (OsFamily::Windows, &["Windows"], None),
    (OsFamily::Ios, &["iPhone", "iPad", "iPod", "CriOS/", "FxiOS/", "EdgiOS/"], Some("OS ")),
    (OsFamily::Android, &["Android", " Build/"], Some("Android ")),
    (OsFamily::Macos, &["Macintosh", "Mac OS X"], Some("Mac OS X ")),
    (OsFamily::Linux, &["Linux"], None),
];

fn os_from_user_agent(ua: &str) -> (Option<OsFamily>, Option<Version>) {
    OS_MARKERS
        .iter()
        .find(|(_, markers, _)| markers.iter().any(|m| ua.contains(m)))
        .map_or((None, None), |(os, _, version)| (Some(*os), version.and_then(|v| version_after(ua, v))))
}

/// Browsers built on Chrome's or Safari's engine that name their own brand: their own family, which
/// the product does not name, so `None` and never Chrome — Opera's or Samsung's saved passwords are
/// not in Google's manager. Brave and Vivaldi sending Chrome's user agent unchanged read as Chrome:
/// nothing tells them apart.
const OTHER_BRANDS: [&str; 11] = [
    "OPR/",
    "OPX/",
    "OPT/",
    "OPiOS/",
    "SamsungBrowser/",
    "YaBrowser/",
    "YaSearchBrowser/",
    "Vivaldi/",
    "Whale/",
    "Brave",
    "brave/",
];

/// The brand, not the engine: on iOS every browser is WebKit, but Chrome (`CriOS/`), Firefox
/// (`FxiOS/`) and Edge (`EdgiOS/`) keep their own passwords and settings, so they are Chrome,
/// Firefox and Edge there too, with their own version.
const BROWSER_MARKERS: [(&str, BrowserFamily); 8] = [
    // Order matters: Edge's UA also says Chrome and Safari; Chrome's also says Safari.
    ("Edg/", BrowserFamily::Edge),
    ("EdgA/", BrowserFamily::Edge),
    ("EdgiOS/", BrowserFamily::Edge),
    ("Edge/", BrowserFamily::Edge),
    ("Firefox/", BrowserFamily::Firefox),
    ("FxiOS/", BrowserFamily::Firefox),
    ("CriOS/", BrowserFamily::Chrome),
    ("Chrome/", BrowserFamily::Chrome),
];

fn browser_from_user_agent(
    ua: &str,
    os: Option<OsFamily>,
    os_version: Option<&Version>,
) -> (Option<BrowserFamily>, Option<Version>) {
    if OTHER_BRANDS.iter().any(|brand| ua.contains(brand)) {
        return (None, None);
    }
    if let Some((marker, family)) = BROWSER_MARKERS.iter().find(|(marker, _)| ua.contains(marker)) {
        return (Some(*family), version_after(ua, marker));
    }
    // Safari is Apple's: the Android stock browser says `Version/4.0 … Safari/` too, and is not.
    // An iOS app's web view (in-app and managed browsers: WKWebView, often no `Safari/`) is Safari's
    // engine of that iOS version, and its saved passwords are the system's, as Safari's.
    match os {
        Some(OsFamily::Ios) if ua.contains("AppleWebKit") => {
            let said = version_after(ua, "Version/").filter(|_| ua.contains("Safari/"));
            (Some(BrowserFamily::Safari), said.or_else(|| os_version.cloned()))
        }
        Some(OsFamily::Macos) if ua.contains("Safari/") => (Some(BrowserFamily::Safari), version_after(ua, "Version/")),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_names_round_trip_as_the_wire_writes_them() {
        for browser in BrowserFamily::ALL {
            assert_eq!(BrowserFamily::parse(browser.as_str()), Some(browser));
            assert_eq!(serde_json::to_string(&browser).unwrap(), format!("\"{}\"", browser.as_str()));
        }
        assert_eq!(BrowserFamily::parse("opera"), None);
    }

    const CHROME_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36";
    const EDGE_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70";
    const SAFARI_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15";
    const FIREFOX_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    const SAFARI_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1";

    #[test]
    fn versions_compare_numerically_part_by_part() {
        let v = |s: &str| Version::parse(s).unwrap();
        assert!(v("7.10") > v("7.9"));
        assert_eq!(v("7.2"), v("7.2.0"));
        assert!(v("10.0.22631") > v("10.0.19045"));
        assert!(Version::parse("7.x").is_none() && Version::parse("").is_none());
        assert!("abc".parse::<Version>().unwrap_err().contains("e.g. \"7.2.1\""));
    }

    #[test]
    fn families_and_versions_come_from_common_user_agents() {
        let f = |ua| ClientFacts::from_request(ua, None, None, None);
        let chrome = f(CHROME_WINDOWS);
        assert_eq!((chrome.os, chrome.browser), (Some(OsFamily::Windows), Some(BrowserFamily::Chrome)));
        assert_eq!(chrome.browser_version, Version::parse("131.0.6778.85"));
        assert_eq!(f(EDGE_WINDOWS).browser, Some(BrowserFamily::Edge));
        let safari = f(SAFARI_MAC);
        assert_eq!((safari.os, safari.browser), (Some(OsFamily::Macos), Some(BrowserFamily::Safari)));
        assert_eq!(safari.os_version, Version::parse("10.15.7"));
        assert_eq!(f(FIREFOX_LINUX).browser, Some(BrowserFamily::Firefox));
        assert_eq!(f(SAFARI_IPHONE).os, Some(OsFamily::Ios));
        assert_eq!(f("curl/8.0").os, None);
    }

    fn facts(ua: &str) -> (Option<OsFamily>, Option<BrowserFamily>, Option<Version>) {
        let facts = ClientFacts::from_request(ua, None, None, None);
        (facts.os, facts.browser, facts.browser_version)
    }

    #[test]
    fn edge_on_android_and_ios_and_legacy_edge_are_edge() {
        let android = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.2903.87";
        let ios = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 EdgiOS/131.2903.68 Mobile/15E148 Safari/605.1.15";
        let legacy = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045";
        assert_eq!(
            facts(android),
            (Some(OsFamily::Android), Some(BrowserFamily::Edge), Version::parse("131.0.2903.87"))
        );
        assert_eq!(facts(ios), (Some(OsFamily::Ios), Some(BrowserFamily::Edge), Version::parse("131.2903.68")));
        assert_eq!(facts(legacy), (Some(OsFamily::Windows), Some(BrowserFamily::Edge), Version::parse("18.19045")));
    }

    #[test]
    fn chrome_and_firefox_on_ios_are_their_brand_not_safari() {
        let chrome = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1";
        let firefox = "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15";
        assert_eq!(facts(chrome), (Some(OsFamily::Ios), Some(BrowserFamily::Chrome), Version::parse("131.0.6778.73")));
        assert_eq!(facts(firefox), (Some(OsFamily::Ios), Some(BrowserFamily::Firefox), Version::parse("133.0")));
        // An iPad asking for desktop sites says Macintosh; only iOS has `CriOS/`.
        let desktop_site = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Version/18.0 Safari/605.1.15";
        assert_eq!(facts(desktop_site).0, Some(OsFamily::Ios));
    }

    #[test]
    fn ios_in_app_and_managed_browsers_are_safari_of_the_ios_version() {
        for ua in [
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 ManagedBrowser/20181024.1",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/343.0.695551749 Mobile/15E148 Safari/604.1",
        ] {
            assert_eq!(facts(ua), (Some(OsFamily::Ios), Some(BrowserFamily::Safari), Version::parse("17.6")), "{ua}");
        }
        // A macOS app's web view is not Safari: on a Mac, other browsers and views exist.
        let mac_app = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)";
        assert_eq!(facts(mac_app), (Some(OsFamily::Macos), None, None));
    }

    #[test]
    fn the_android_stock_browser_is_not_safari_but_an_app_web_view_is_chrome() {
        let stock = "Mozilla/5.0 (Linux; U; Android 4.0.3; fr-fr; GT-I9100 Build/IML74K) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30";
        assert_eq!(facts(stock), (Some(OsFamily::Android), None, None));
        let web_view = "Mozilla/5.0 (Linux; Android 14; Pixel 8; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.81 Mobile Safari/537.36";
        assert_eq!(
            facts(web_view),
            (Some(OsFamily::Android), Some(BrowserFamily::Chrome), Version::parse("131.0.6778.81"))
        );
    }

    #[test]
    fn chromium_and_webkit_browsers_with_their_own_brand_are_not_chrome_or_safari() {
        for ua in [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/116.0.0.0",
            "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 YaBrowser/24.10.0.0 Safari/537.36",
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 Vivaldi/7.0.3495.18",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari/604.1 Brave",
        ] {
            assert_eq!(facts(ua).1, None, "{ua}");
        }
    }

    #[test]
    fn older_and_disguised_systems_are_recognised() {
        let os = |ua: &str| facts(ua).0;
        assert_eq!(
            os("Mozilla/5.0 (Windows; U; Win95; en-GB; rv:1.8.0.8) Gecko/20061025 Firefox/1.5.0.8"),
            Some(OsFamily::Windows)
        );
        assert_eq!(
            os(
                "Mozilla/5.0 (Macintosh; U; MacOS X 10_10_2; en-US) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/35.0.1916.86 Safari/537.36"
            ),
            Some(OsFamily::Macos)
        );
        let kindle = "Mozilla/5.0 (Linux; U; en-us; KFTT Build/IML74K) AppleWebKit/535.19 (KHTML, like Gecko) Silk/2.0 Safari/535.19";
        assert_eq!(os(kindle), Some(OsFamily::Android));
        let citrix = "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/68.0.3440.118 Safari/537.36 CitrixChromeApp";
        assert_eq!(os(&format!("Mozilla/5.0 (X11; Windows x86_64 10718.88.2) {citrix}")), Some(OsFamily::Chromeos));
        assert_eq!(os(&format!("Mozilla/5.0 (Windows NT 10.0; Win64; x64) {citrix}")), Some(OsFamily::Windows));
    }

    #[test]
    fn client_hints_refine_the_user_agent() {
        // Windows 11 still says "Windows NT 10.0"; only the platform-version hint tells.
        let facts = ClientFacts::from_request(CHROME_WINDOWS, Some("\"Windows\""), Some("\"15.0.0\""), Some("7.1.3"));
        assert_eq!(facts.os_version, Version::parse("15.0.0"));
        assert_eq!(facts.vpn_client, Version::parse("7.1.3"));
    }
}
