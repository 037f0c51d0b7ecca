//! Single sign-on readiness: what the check page's widget saw in a sign-in frame from another site,
//! in a pop-up opened on the agent's click and in the WebAuthn API, in; one finding per check, out.
//!
//! An identity provider's sign-in often runs in a frame of another site (silent renewal, `prompt=none`)
//! or in a pop-up, and phishing-resistant MFA needs WebAuthn. The observations are made in the
//! browser (`widget::sso_probe`); the frame is a page of the edge on a second origin
//! (`[sso] probe_origin`, `www/sso-probe.html`), which is another site for the browser.

use crate::catalog::sso::{SSO_3PC, SSO_OK, SSO_PASSKEY, SSO_POPUP};
use crate::client::BrowserFamily;
use crate::finding::Finding;
use crate::i18n::{Facts, Lang, Template, Text, texts};

/// How long the check page waits for the probe frame's answer before it concludes that the frame
/// could not run (its page blocked, or the probe origin unreachable).
pub const FRAME_ANSWER_TIMEOUT_MS: u32 = 3_000;
/// How long the test pop-up has to close itself before the check stops watching it (it opened: pop-ups
/// work either way).
pub const POPUP_WATCH_MS: u32 = 3_000;

/// What the probe page saw inside a cross-site frame (`www/sso-probe.js` posts it to the check page).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FrameObservation {
    /// A `SameSite=None; Secure` cookie written with `document.cookie` could be read back.
    pub cookies: bool,
    /// `localStorage` accepted a write and gave it back.
    pub storage: bool,
    /// `document.requestStorageAccess` exists: the sign-in page could ask for its cookies.
    pub storage_access_api: bool,
}

/// The frame check's finding; `None` when the frame never answered (nothing is known).
pub fn frame_finding(frame: Option<FrameObservation>, browser: Option<BrowserFamily>) -> Option<Finding> {
    let frame = frame?;
    if frame.cookies && frame.storage {
        return Some(Finding::from_entry(&SSO_OK, &Facts::default().with("what", FRAME_WORKS.into())));
    }
    let blocked = match (frame.cookies, frame.storage) {
        (false, false) => BLOCKED_BOTH,
        (false, true) => BLOCKED_COOKIES,
        _ => BLOCKED_STORAGE,
    };
    let mut steps = Text::from(third_party_steps(browser));
    if frame.storage_access_api {
        let ask = Text::from(STORAGE_ACCESS_PROMPT);
        steps = Text { fr: format!("{} {}", steps.fr, ask.fr), en: format!("{} {}", steps.en, ask.en) };
    }
    let facts = Facts::default().with("blocked", blocked.into()).with("steps", steps);
    Some(Finding::from_entry(&SSO_3PC, &facts))
}

/// Where each browser keeps its third-party cookie switch.
pub fn third_party_steps(browser: Option<BrowserFamily>) -> Template {
    match browser {
        Some(BrowserFamily::Chrome) => STEPS_CHROME,
        Some(BrowserFamily::Edge) => STEPS_EDGE,
        Some(BrowserFamily::Firefox) => STEPS_FIREFOX,
        Some(BrowserFamily::Safari) => STEPS_SAFARI,
        None => STEPS_ANY,
    }
}

/// What happened to the test pop-up opened on the agent's click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PopupObservation {
    /// `window.open` gave no window.
    Blocked,
    /// It opened; whether it closed itself within [`POPUP_WATCH_MS`].
    Opened { closed_itself: bool },
}

pub fn popup_finding(popup: PopupObservation) -> Finding {
    match popup {
        PopupObservation::Blocked => Finding::fixed(&SSO_POPUP),
        PopupObservation::Opened { .. } => {
            Finding::from_entry(&SSO_OK, &Facts::default().with("what", POPUP_WORKS.into()))
        }
    }
}

/// The WebAuthn API as the page sees it (`PublicKeyCredential` and its two static questions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PasskeyObservation {
    /// `window.PublicKeyCredential` exists (WebAuthn in a secure context).
    pub webauthn: bool,
    /// `isUserVerifyingPlatformAuthenticatorAvailable()`: Windows Hello, Touch ID, a phone's lock.
    pub platform_authenticator: bool,
    /// `isConditionalMediationAvailable()`: passkeys offered in the sign-in form's autofill.
    pub conditional_mediation: bool,
}

/// An info finding, only shown when the deployment uses phishing-resistant MFA (`[sso] passkeys`).
pub fn passkey_finding(passkeys: PasskeyObservation) -> Finding {
    let yes_no = |present: bool, yes: Template, no: Template| Text::from(if present { yes } else { no });
    let parts = [
        yes_no(passkeys.webauthn, WEBAUTHN_YES, WEBAUTHN_NO),
        yes_no(passkeys.platform_authenticator, PLATFORM_YES, PLATFORM_NO),
        yes_no(passkeys.conditional_mediation, AUTOFILL_YES, AUTOFILL_NO),
    ];
    let join = |lang: Lang| parts.iter().map(|p| p.get(lang)).collect::<Vec<_>>().join(", ");
    let details = Text { fr: join(Lang::Fr), en: join(Lang::En) };
    let ready = passkeys.webauthn && passkeys.platform_authenticator;
    let advice = Text::from(if ready { PASSKEY_READY } else { PASSKEY_ELSEWHERE });
    Finding::from_entry(&SSO_PASSKEY, &Facts::default().with("details", details).with("advice", advice))
}

texts! {
    BLOCKED_BOTH { fr: "les cookies et le stockage", en: "cookies and storage" }
    BLOCKED_COOKIES { fr: "les cookies", en: "cookies" }
    BLOCKED_STORAGE { fr: "le stockage", en: "storage" }
    pub STEPS_CHROME {
        fr: "Dans Chrome : Paramètres > Confidentialité et sécurité > Cookies tiers, choisissez « Autoriser les cookies \
        tiers », ou ajoutez le site de connexion aux sites autorisés.",
        en: "In Chrome: Settings > Privacy and security > Third-party cookies, choose \u{201c}Allow third-party \
        cookies\u{201d}, or add the sign-in site to the allowed sites.",
    }
    pub STEPS_EDGE {
        fr: "Dans Edge : Paramètres > Cookies et autorisations de site > Gérer et supprimer les cookies, désactivez \
        « Bloquer les cookies tiers », ou ajoutez le site de connexion à « Autoriser ».",
        en: "In Edge: Settings > Cookies and site permissions > Manage and delete cookies, turn off \u{201c}Block \
        third-party cookies\u{201d}, or add the sign-in site under \u{201c}Allow\u{201d}.",
    }
    pub STEPS_FIREFOX {
        fr: "Dans Firefox : cliquez sur le bouclier à gauche de la barre d'adresse et désactivez la protection renforcée \
        contre le pistage pour ce site.",
        en: "In Firefox: click the shield at the left of the address bar and turn off Enhanced Tracking Protection for \
        this site.",
    }
    pub STEPS_SAFARI {
        fr: "Dans Safari : Réglages > Confidentialité, décochez « Empêcher le suivi sur plusieurs domaines ».",
        en: "In Safari: Settings > Privacy, untick \u{201c}Prevent cross-site tracking\u{201d}.",
    }
    pub STEPS_ANY {
        fr: "Autorisez les cookies tiers pour le site de connexion dans les réglages de confidentialité du navigateur, \
        ou quittez la navigation privée.",
        en: "Allow third-party cookies for the sign-in site in the browser's privacy settings, or leave private \
        browsing.",
    }
    STORAGE_ACCESS_PROMPT {
        fr: "Si le site de connexion vous demande l'accès à ses cookies, acceptez.",
        en: "If the sign-in site asks for access to its cookies, accept.",
    }
    FRAME_WORKS {
        fr: "Une fenêtre de connexion d'un autre site peut garder ses cookies et son stockage.",
        en: "A sign-in frame from another site can keep its cookies and storage.",
    }
    POPUP_WORKS {
        fr: "Le navigateur a ouvert la fenêtre de connexion de test, qui s'est refermée seule.",
        en: "The browser opened the test sign-in window, which closed by itself.",
    }
    PASSKEY_READY {
        fr: "Rien à faire : à la connexion, choisissez la clé d'accès ou la clé de sécurité quand elle est proposée.",
        en: "Nothing to do: when signing in, choose the passkey or the security key when it is offered.",
    }
    PASSKEY_ELSEWHERE {
        fr: "Pour la connexion résistante à l'hameçonnage, utilisez votre clé de sécurité USB ou votre téléphone, ou \
        un navigateur à jour (Edge, Chrome, Safari ou Firefox récents).",
        en: "For phishing-resistant sign-in, use your USB security key or your phone, or an up-to-date browser \
        (a recent Edge, Chrome, Safari or Firefox).",
    }
    WEBAUTHN_YES { fr: "WebAuthn disponible", en: "WebAuthn available" }
    WEBAUTHN_NO { fr: "pas de WebAuthn", en: "no WebAuthn" }
    PLATFORM_YES { fr: "authentificateur de l'appareil prêt", en: "the device's authenticator ready" }
    PLATFORM_NO { fr: "pas d'authentificateur de l'appareil", en: "no authenticator on the device" }
    AUTOFILL_YES { fr: "proposée dans le formulaire", en: "offered in the sign-in form" }
    AUTOFILL_NO { fr: "pas proposée dans le formulaire", en: "not offered in the sign-in form" }
    /// The check page's pop-up test: its button, and what it says before the agent clicks.
    pub POPUP_BUTTON { fr: "Tester les fenêtres pop-up", en: "Test pop-ups" }
    pub POPUP_INVITE {
        fr: "Une connexion peut s'ouvrir dans une fenêtre pop-up : cliquez sur « Tester les fenêtres pop-up » ; une \
        petite fenêtre s'ouvre et se referme seule.",
        en: "A sign-in may open in a pop-up window: click \u{201c}Test pop-ups\u{201d}; a small window opens and \
        closes by itself.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Code, Severity};

    #[test]
    fn a_frame_that_keeps_cookies_and_storage_is_ready() {
        let fine = FrameObservation { cookies: true, storage: true, storage_access_api: true };
        let ok = frame_finding(Some(fine), None).unwrap();
        assert_eq!((ok.code, ok.severity), (Code::SsoOk, Severity::Ok));
        assert!(ok.message.en.starts_with("A sign-in frame from another site can keep"), "{}", ok.message.en);
        assert_eq!(frame_finding(None, None), None, "no answer, no verdict");
    }

    #[test]
    fn blocked_third_party_cookies_get_the_agent_s_browser_s_remedy() {
        let blocked = FrameObservation { cookies: false, storage: false, storage_access_api: false };
        let finding = frame_finding(Some(blocked), Some(BrowserFamily::Chrome)).unwrap();
        assert_eq!((finding.code, finding.severity), (Code::Sso3pc, Severity::Warning));
        assert!(finding.message.en.contains("blocks cookies and storage"), "{}", finding.message.en);
        assert!(finding.remedy.en.starts_with("In Chrome: Settings > Privacy and security"), "{}", finding.remedy.en);
        assert!(finding.remedy.fr.starts_with("Dans Chrome"));
        let firefox = frame_finding(Some(blocked), Some(BrowserFamily::Firefox)).unwrap();
        assert!(firefox.remedy.en.contains("Enhanced Tracking Protection"));
        let cookies_only = FrameObservation { cookies: false, storage: true, storage_access_api: true };
        let finding = frame_finding(Some(cookies_only), Some(BrowserFamily::Safari)).unwrap();
        assert!(finding.message.en.contains("blocks cookies in"), "{}", finding.message.en);
        assert!(finding.remedy.en.contains("Prevent cross-site tracking") && finding.remedy.en.contains("accept."));
    }

    #[test]
    fn a_blocked_pop_up_is_a_warning_an_opened_one_is_fine() {
        assert_eq!(popup_finding(PopupObservation::Blocked).code, Code::SsoPopup);
        assert_eq!(popup_finding(PopupObservation::Blocked).severity, Severity::Warning);
        let opened = popup_finding(PopupObservation::Opened { closed_itself: false });
        assert_eq!(opened.code, Code::SsoOk);
        assert!(opened.message.fr.contains("fenêtre de connexion de test"));
    }

    #[test]
    fn passkeys_are_information_either_way() {
        let ready = PasskeyObservation { webauthn: true, platform_authenticator: true, conditional_mediation: true };
        let finding = passkey_finding(ready);
        assert_eq!((finding.code, finding.severity), (Code::SsoPasskey, Severity::Info));
        assert!(
            finding.message.en.contains("WebAuthn available, the device's authenticator ready"),
            "{}",
            finding.message.en
        );
        let none = passkey_finding(PasskeyObservation { webauthn: true, ..Default::default() });
        assert_eq!((none.code, none.severity), (Code::SsoPasskey, Severity::Info));
        assert!(none.message.fr.contains("pas d'authentificateur de l'appareil"));
        assert!(finding.remedy.en.starts_with("Advice: Nothing to do") && none.remedy.en.contains("USB security key"));
    }
}
