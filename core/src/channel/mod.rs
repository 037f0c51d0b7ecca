//! Where the agent connects from, and which channel and app to use from there, now.

pub mod classify;
pub mod panel;
pub mod route;
pub mod summary;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// The three ways into the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A workstation on a site's internal network, during the site's opening hours.
    Internal,
    /// The VPN client on a professional laptop.
    Vpn,
    /// The web portal, from any browser (2FA for sensitive profiles).
    Portal,
}

impl Channel {
    /// The config's and the API's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Internal => "internal",
            Channel::Vpn => "vpn",
            Channel::Portal => "portal",
        }
    }

    pub fn name(self) -> Text {
        let (fr, en) = match self {
            Channel::Internal => ("un poste du réseau interne", "an internal-network workstation"),
            Channel::Vpn => ("le VPN depuis un ordinateur professionnel", "the VPN from a professional laptop"),
            Channel::Portal => ("le portail web", "the web portal"),
        };
        Text { fr: fr.into(), en: en.into() }
    }
}

/// Where the edge sees the agent coming from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AccessClass {
    Internal,
    Vpn,
    Internet,
    /// Loopback, or a private address the config does not describe.
    Unknown,
}

impl AccessClass {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessClass::Internal => "internal",
            AccessClass::Vpn => "vpn",
            AccessClass::Internet => "internet",
            AccessClass::Unknown => "unknown",
        }
    }
}
