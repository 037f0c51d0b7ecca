//! Shared-workstation mode: which `LogoutReminder` an agent sees after signing in, and whether the
//! idle countdown runs. The edge reports what it knows (`SessionHints`), the page what the agent
//! declared; this module decides.

use serde::{Deserialize, Serialize};

use crate::finding::Code;
use crate::i18n::texts;

/// Where a client connects from, as the edge classifies it (`channel::classify`).
pub use crate::channel::AccessClass;

/// Only a connection known to come from the internet without the VPN gets the public Wi-Fi hint:
/// an unknown one stays quiet rather than crying wolf.
pub fn public_network_hint(class: AccessClass) -> bool {
    class == AccessClass::Internet
}

/// `GET /api/session-hints`: what the edge knows about this session's device and network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionHints {
    pub v: u32,
    /// The client is on a network the deployment lists as shared workstations (kiosks, lobbies).
    pub shared_workstation: bool,
    /// The client connects from the internet without the VPN.
    pub public_network_hint: bool,
    /// Minutes without input before the countdown, on a shared device.
    pub idle_minutes: u32,
    /// Length of the countdown before the automatic log out and wipe.
    pub countdown_seconds: u32,
}

pub const DEFAULT_IDLE_MINUTES: u32 = 10;
pub const DEFAULT_COUNTDOWN_SECONDS: u32 = 60;

impl Default for SessionHints {
    /// What the widget assumes when the edge cannot be asked: nothing known, default timings.
    fn default() -> Self {
        SessionHints {
            v: crate::protocol::PROTOCOL_VERSION,
            shared_workstation: false,
            public_network_hint: false,
            idle_minutes: DEFAULT_IDLE_MINUTES,
            countdown_seconds: DEFAULT_COUNTDOWN_SECONDS,
        }
    }
}

/// What the shared-workstation mode does on a page after sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogoutReminder {
    /// The reminder finding to show, if any.
    pub reminder: Option<Code>,
    /// Whether the idle countdown runs.
    pub idle_countdown: bool,
}

impl LogoutReminder {
    /// `declared_shared`: the agent ticked "shared or public computer" on the login page.
    /// A shared device gets the stronger reminder (and the idle countdown); public Wi-Fi alone gets
    /// its own reminder, without a countdown on what may be the agent's own laptop.
    pub fn decide(declared_shared: bool, hints: &SessionHints) -> Self {
        let shared = declared_shared || hints.shared_workstation;
        let reminder = if shared {
            Some(Code::ShrDevice)
        } else if hints.public_network_hint {
            Some(Code::ShrPublic)
        } else {
            None
        };
        LogoutReminder { reminder, idle_countdown: shared }
    }
}

texts! {
    /// The button that logs out and wipes.
    pub WIPE_BUTTON { fr: "Se déconnecter et tout effacer", en: "Log out and wipe" }
    /// The button that dismisses the countdown (Escape does too).
    pub STAY_BUTTON { fr: "Rester connecté (Échap)", en: "Stay signed in (Esc)" }
    /// The one line shown on the login page once the agent declared a shared or public computer.
    pub LOGIN_REMINDER {
        fr: "Ordinateur partagé : le navigateur ne doit pas enregistrer votre mot de passe ; déconnectez-vous et effacez tout en partant.",
        en: "Shared computer: the browser should not save your password; log out and wipe when you leave.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(shared_workstation: bool, public_network_hint: bool) -> SessionHints {
        SessionHints { shared_workstation, public_network_hint, ..SessionHints::default() }
    }

    #[test]
    fn only_internet_without_vpn_hints_at_public_networks() {
        assert!(public_network_hint(AccessClass::Internet));
        for class in [AccessClass::Internal, AccessClass::Vpn, AccessClass::Unknown] {
            assert!(!public_network_hint(class), "{class:?}");
        }
    }

    #[test]
    fn a_shared_device_declared_or_configured_gets_the_reminder_and_the_countdown() {
        let expected = LogoutReminder { reminder: Some(Code::ShrDevice), idle_countdown: true };
        assert_eq!(LogoutReminder::decide(true, &hints(false, false)), expected);
        assert_eq!(LogoutReminder::decide(false, &hints(true, false)), expected);
        assert_eq!(LogoutReminder::decide(true, &hints(false, true)), expected);
    }

    #[test]
    fn public_wifi_alone_reminds_without_a_countdown() {
        let decided = LogoutReminder::decide(false, &hints(false, true));
        assert_eq!(decided, LogoutReminder { reminder: Some(Code::ShrPublic), idle_countdown: false });
    }

    #[test]
    fn a_personal_device_on_a_known_network_sees_nothing() {
        let decided = LogoutReminder::decide(false, &hints(false, false));
        assert_eq!(decided, LogoutReminder { reminder: None, idle_countdown: false });
    }

    #[test]
    fn hints_travel_as_the_documented_json() {
        let json = serde_json::to_value(hints(true, false)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"v": 1, "shared_workstation": true, "public_network_hint": false,
                "idle_minutes": 10, "countdown_seconds": 60})
        );
    }

    #[test]
    fn the_labels_are_translated() {
        for t in [WIPE_BUTTON, STAY_BUTTON, LOGIN_REMINDER] {
            assert!(!t.fr.is_empty() && !t.en.is_empty() && t.fr != t.en);
        }
    }
}
