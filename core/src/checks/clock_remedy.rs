//! Where the "set time automatically" switch is, per OS family: the clock remedy made concrete.

use crate::client::OsFamily;
use crate::finding::{Code, Finding};
use crate::i18n::Text;

fn steps(os: OsFamily) -> Option<(&'static str, &'static str)> {
    Some(match os {
        OsFamily::Windows => (
            "Paramètres > Heure et langue > Date et heure : activez « Régler l'heure automatiquement », cliquez sur « Synchroniser maintenant », puis rechargez cette page.",
            "Settings > Time & language > Date & time: turn on \u{201c}Set time automatically\u{201d}, click \u{201c}Sync now\u{201d}, then reload this page.",
        ),
        OsFamily::Macos => (
            "Réglages Système > Général > Date et heure : activez « Régler l'heure et la date automatiquement », puis rechargez cette page.",
            "System Settings > General > Date & Time: turn on \u{201c}Set time and date automatically\u{201d}, then reload this page.",
        ),
        OsFamily::Ios => (
            "Réglages > Général > Date et heure : activez « Réglage automatique », puis rechargez cette page.",
            "Settings > General > Date & Time: turn on \u{201c}Set Automatically\u{201d}, then reload this page.",
        ),
        OsFamily::Android => (
            "Paramètres > Système > Date et heure : activez « Régler l'heure automatiquement », puis rechargez cette page.",
            "Settings > System > Date & time: turn on \u{201c}Set time automatically\u{201d}, then reload this page.",
        ),
        OsFamily::Linux => (
            "Paramètres > Système > Date et heure : activez « Date et heure automatiques », puis rechargez cette page.",
            "Settings > System > Date & Time: turn on \u{201c}Automatic Date & Time\u{201d}, then reload this page.",
        ),
        OsFamily::Chromeos => return None,
    })
}

/// Replaces the generic "set time automatically" remedy with this OS's steps, when known.
pub fn for_os(mut finding: Finding, os: Option<OsFamily>) -> Finding {
    let concerns_the_clock = matches!(finding.code, Code::ClkTotp | Code::ClkSkew | Code::CrtClock);
    if let Some((fr, en)) = os.and_then(steps).filter(|_| concerns_the_clock) {
        finding.remedy = Text { fr: fr.into(), en: en.into() };
    }
    finding
}
