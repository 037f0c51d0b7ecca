//! Config sections about access: networks, sites and their opening hours, apps and the channels they
//! work on, departments and their IT service.

use super::Spanned;
use crate::time::UnixMs;
use serde::{Deserialize, Serialize};

use super::network::Network;
use super::opening_hours::HoursRule;
use crate::channel::Channel;
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NetworksConfig {
    /// Addresses the VPN concentrators use towards the portal: agents on the VPN appear from these.
    #[serde(default)]
    pub vpn_egress: Vec<Spanned<Network>>,
    /// Reverse proxies in front of the edge whose `X-Forwarded-For` is believed. Nobody else's is.
    #[serde(default)]
    pub trusted_proxies: Vec<Spanned<Network>>,
    /// Who may read the native edge's `GET /metrics` without the metrics token (e.g. the
    /// Prometheus server's network). Empty: only with the token.
    #[serde(default)]
    pub metrics_readers: Vec<Spanned<Network>>,
}

/// A place with internal workstations, reachable only during its opening hours.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: Spanned<String>,
    pub name: String,
    /// The site's internal networks.
    #[serde(default)]
    pub networks: Vec<Spanned<Network>>,
    /// E.g. `["mon-fri 07:30-20:00"]`, Europe/Paris time. Empty: internal access is always open.
    #[serde(default)]
    pub opening_hours: Vec<HoursRule>,
}

/// A business application and the channels it works on.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    /// Used in links: `/go/{id}`.
    pub id: Spanned<String>,
    pub name: Text,
    /// The only place `/go/{id}` ever redirects to.
    pub url: Spanned<String>,
    pub channels: Spanned<Vec<Channel>>,
    /// Sensitive profiles need a second factor for this app on the web portal.
    #[serde(default)]
    pub two_factor: bool,
}

/// A department of the administration; passwords are reset by its IT service, not online.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub id: Spanned<String>,
    pub name: String,
    /// How agents reach the department's IT service (phone, mail, office).
    pub it_contact: String,
}

/// A host the agent's browser must reach over HTTPS.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeHost {
    pub name: Text,
    pub url: Spanned<String>,
    /// The validity dates of the host's certificate, when the portal team writes them down: an agent
    /// whose device time falls outside them is told before the browser refuses the host.
    pub certificate: Option<CertificateValidity>,
}

/// `certificate = { valid_from = 2026-03-01T00:00:00Z, valid_until = 2027-03-31T23:59:59Z }`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateValidity {
    pub valid_from: Spanned<toml_datetime::Datetime>,
    pub valid_until: Spanned<toml_datetime::Datetime>,
}

impl CertificateValidity {
    /// Both dates as instants, or the problem with them.
    pub fn window(&self) -> Result<(UnixMs, UnixMs), (std::ops::Range<usize>, String)> {
        let ms = |date: &Spanned<toml_datetime::Datetime>| {
            epoch_ms(date.get_ref()).ok_or_else(|| {
                let message =
                    format!("`{}` needs a date, a time and an offset, e.g. 2027-03-31T23:59:59Z", date.get_ref());
                (date.span(), message)
            })
        };
        let (from, until) = (ms(&self.valid_from)?, ms(&self.valid_until)?);
        if from >= until {
            return Err((self.valid_until.span(), "`valid_until` must come after `valid_from`".to_owned()));
        }
        Ok((from, until))
    }
}

/// An offset date-time from its TOML fields, without jiff's text parser (40 KB of every wasm build
/// that parses a config, the Workers edge's included).
fn epoch_ms(datetime: &toml_datetime::Datetime) -> Option<UnixMs> {
    let (date, time, offset) = (datetime.date?, datetime.time?, datetime.offset?);
    let minutes = match offset {
        toml_datetime::Offset::Z => 0,
        toml_datetime::Offset::Custom { minutes } => i32::from(minutes),
    };
    let civil = jiff::civil::DateTime::new(
        i16::try_from(date.year).ok()?,
        i8::try_from(date.month).ok()?,
        i8::try_from(date.day).ok()?,
        i8::try_from(time.hour).ok()?,
        i8::try_from(time.minute).ok()?,
        i8::try_from(time.second.unwrap_or(0)).ok()?,
        i32::try_from(time.nanosecond.unwrap_or(0)).ok()?,
    )
    .ok()?;
    let timestamp = jiff::tz::Offset::from_seconds(minutes * 60).ok()?.to_timestamp(civil).ok()?;
    Some(UnixMs::from_timestamp(timestamp))
}

impl App {
    pub fn works_on(&self, channel: Channel) -> bool {
        self.channels.get_ref().contains(&channel)
    }
}

/// Ids appear in URLs and in what agents read out: short, lowercase, no surprises.
pub(super) fn id_problem(id: &str) -> Option<String> {
    let fine = !id.is_empty()
        && id.len() <= 40
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-');
    (!fine)
        .then(|| format!("`{id}` is not a valid id: use lowercase letters, digits and dashes, e.g. \"fiche-de-paie\""))
}

/// Whether `id` is one a config may give (stored statistics name sites by it).
pub(crate) fn id_is_valid(id: &str) -> bool {
    id_problem(id).is_none()
}

/// App URLs are redirect targets: absolute http(s) URLs with a host, nothing else.
pub(super) fn app_url_problem(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    let fine = host.is_some_and(|h| !h.is_empty() && !h.contains(['@', '\\'])) && super::is_clean(url);
    (!fine).then(|| {
        format!("`{url}` is not an absolute web address: write it in full, e.g. \"https://paie.intra.example.fr/\"")
    })
}

/// Probe hosts are checked for certificate health: HTTPS only.
pub(super) fn https_url_problem(url: &str) -> Option<String> {
    if !url.starts_with("https://") {
        return Some(format!("`{url}` must be an https:// address: probe hosts are checked for certificate health"));
    }
    app_url_problem(url)
}
