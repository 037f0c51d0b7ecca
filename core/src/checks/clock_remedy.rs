//! Where the "set time automatically" switch is, per OS family: the clock remedy made concrete.

use crate::client::OsFamily;
use crate::finding::{Code, Finding};
use crate::i18n::{Template, Text, texts};

fn steps(os: OsFamily) -> Option<Template> {
    Some(match os {
        OsFamily::Windows => STEPS_WINDOWS,
        OsFamily::Macos => STEPS_MACOS,
        OsFamily::Ios => STEPS_IOS,
        OsFamily::Android => STEPS_ANDROID,
        OsFamily::Linux => STEPS_LINUX,
        OsFamily::Chromeos => return None,
    })
}

texts! {
    /// Where each OS keeps its "set time automatically" switch.
    STEPS_WINDOWS {
        fr: "Paramètres > Heure et langue > Date et heure : activez « Régler l'heure automatiquement », cliquez sur « Synchroniser maintenant », puis rechargez cette page.",
        en: "Settings > Time & language > Date & time: turn on \u{201c}Set time automatically\u{201d}, click \u{201c}Sync now\u{201d}, then reload this page.",
    }
    STEPS_MACOS {
        fr: "Réglages Système > Général > Date et heure : activez « Régler l'heure et la date automatiquement », puis rechargez cette page.",
        en: "System Settings > General > Date & Time: turn on \u{201c}Set time and date automatically\u{201d}, then reload this page.",
    }
    STEPS_IOS {
        fr: "Réglages > Général > Date et heure : activez « Réglage automatique », puis rechargez cette page.",
        en: "Settings > General > Date & Time: turn on \u{201c}Set Automatically\u{201d}, then reload this page.",
    }
    STEPS_ANDROID {
        fr: "Paramètres > Système > Date et heure : activez « Régler l'heure automatiquement », puis rechargez cette page.",
        en: "Settings > System > Date & time: turn on \u{201c}Set time automatically\u{201d}, then reload this page.",
    }
    STEPS_LINUX {
        fr: "Paramètres > Système > Date et heure : activez « Date et heure automatiques », puis rechargez cette page.",
        en: "Settings > System > Date & Time: turn on \u{201c}Automatic Date & Time\u{201d}, then reload this page.",
    }
}

/// Replaces the generic "set time automatically" remedy with this OS's steps, when known.
pub fn for_os(mut finding: Finding, os: Option<OsFamily>) -> Finding {
    let concerns_the_clock = matches!(finding.code, Code::ClkTotp | Code::ClkSkew | Code::CrtClock);
    if let Some(steps) = os.and_then(steps).filter(|_| concerns_the_clock) {
        finding.remedy = Text::from(steps);
    }
    finding
}
