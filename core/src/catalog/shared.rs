//! Shared-workstation findings: reminders on shared or public devices, and the idle countdown.

use super::CatalogEntry;
use crate::finding::{Code, Severity};
use crate::i18n::Template;

pub static SHR_DEVICE: CatalogEntry = CatalogEntry {
    code: Code::ShrDevice,
    severity: Severity::Info,
    title: Template { fr: "Ordinateur partagé", en: "Shared computer" },
    message: Template {
        fr: "Ordinateur partagé ou public : d'autres personnes l'utiliseront après vous.",
        en: "Shared or public computer: other people will use it after you.",
    },
    remedy: Template {
        fr: "En partant, cliquez sur « Se déconnecter et tout effacer », puis fermez le navigateur.",
        en: "When you leave, click \u{201c}Log out and wipe\u{201d}, then close the browser.",
    },
};

pub static SHR_PUBLIC: CatalogEntry = CatalogEntry {
    code: Code::ShrPublic,
    severity: Severity::Info,
    title: Template { fr: "Réseau public possible", en: "Possibly a public network" },
    message: Template {
        fr: "Vous êtes connecté depuis internet sans le VPN, peut-être sur un Wi-Fi public.",
        en: "You are connected from the internet without the VPN, perhaps on public Wi-Fi.",
    },
    remedy: Template {
        fr: "Déconnectez-vous dès que vous avez terminé, et n'enregistrez pas votre mot de passe sur cet appareil s'il n'est pas le vôtre.",
        en: "Log out as soon as you are done, and do not save your password on this device if it is not yours.",
    },
};

pub static SHR_IDLE: CatalogEntry = CatalogEntry {
    code: Code::ShrIdle,
    severity: Severity::Warning,
    title: Template { fr: "Inactivité", en: "Inactivity" },
    message: Template {
        fr: "Aucune activité depuis un moment : déconnexion et effacement automatiques dans {remaining}.",
        en: "No activity for a while: automatic log out and wipe in {remaining}.",
    },
    remedy: Template {
        fr: "Appuyez sur Échap ou sur « Rester connecté » pour continuer.",
        en: "Press Escape or \u{201c}Stay signed in\u{201d} to carry on.",
    },
};

pub static ENTRIES: &[&CatalogEntry] = &[&SHR_DEVICE, &SHR_PUBLIC, &SHR_IDLE];
