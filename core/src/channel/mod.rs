//! Where the agent connects from, and which channel and app to use from there, now.

pub mod classify;
pub mod panel;
pub mod route;
pub mod summary;

use serde::{Deserialize, Serialize};

use crate::i18n::{Text, texts};

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
        Text::from(match self {
            Channel::Internal => CHANNEL_INTERNAL,
            Channel::Vpn => CHANNEL_VPN,
            Channel::Portal => CHANNEL_PORTAL,
        })
    }
}

texts! {
    /// Each channel's name inside a sentence ("not available from {here}").
    CHANNEL_INTERNAL { fr: "un poste du réseau interne", en: "an internal-network workstation" }
    CHANNEL_VPN { fr: "le VPN depuis un ordinateur professionnel", en: "the VPN from a professional laptop" }
    CHANNEL_PORTAL { fr: "le portail web", en: "the web portal" }
}

/// Where the edge sees the agent coming from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    pub const ALL: [AccessClass; 4] =
        [AccessClass::Internal, AccessClass::Vpn, AccessClass::Internet, AccessClass::Unknown];

    pub fn parse(name: &str) -> Option<AccessClass> {
        AccessClass::ALL.into_iter().find(|c| c.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccessClass::Internal => "internal",
            AccessClass::Vpn => "vpn",
            AccessClass::Internet => "internet",
            AccessClass::Unknown => "unknown",
        }
    }
}
