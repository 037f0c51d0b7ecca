//! Log out and wipe: where `GET /logout` may send the agent, what it clears, and what the
//! confirmation page says — including how to remove a password the browser may have saved.

use crate::client::{self, ClientFacts};
use crate::i18n::{Template, texts};

/// Sent by `GET /logout`: the browser drops the portal origin's cache, cookies and storage
/// (local storage, IndexedDB, service workers, CacheStorage).
pub const CLEAR_SITE_DATA: &str = "\"cache\", \"cookies\", \"storage\"";

/// Why a configured logout URL is refused, with the fix; `None` when it is fine.
///
/// Allowed: an absolute `https://` URL (the identity provider's logout endpoint) or a path on the
/// portal's own origin (`/logged-out`). Refused: anything a browser could read as another origin
/// (`//host`, `/\host`), other schemes, credentials in the URL, spaces and control characters.
pub fn logout_url_problem(url: &str) -> Option<String> {
    let fine = if let Some(rest) = url.strip_prefix("https://") {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        !authority.is_empty() && !authority.starts_with(':') && !authority.contains(['@', '\\'])
    } else {
        url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\")
    };
    let clean = crate::config::is_clean(url) && !url.contains('\\');
    (!(fine && clean)).then(|| {
        format!(
            "`{url}` is not a safe logout URL: give the identity provider's https logout URL, \
             e.g. \"https://idp.example.fr/logout\", or a path on the portal, e.g. \"/logged-out\""
        )
    })
}

/// Whether a `GET /logout` may wipe the portal's data at once: only when the agent asked for it on
/// the portal itself (`Sec-Fetch-Site: same-origin`) or typed or bookmarked it (`none`). Another
/// site (a link, an image, a frame) gets the confirmation page instead: no one else may log an
/// agent out. A browser that sends no `Sec-Fetch-Site` gets the confirmation too.
pub fn may_wipe_at_once(sec_fetch_site: Option<&str>) -> bool {
    matches!(sec_fetch_site, Some("same-origin" | "none"))
}

texts! {
    pub CONFIRM_TITLE { fr: "Se déconnecter ?", en: "Log out?" }
    pub CONFIRM_QUESTION {
        fr: "Une autre page a demandé à vous déconnecter du portail et à effacer ses données de ce navigateur. \
        Si c'est bien ce que vous voulez, confirmez.",
        en: "Another page asked to log you out of the portal and wipe its data from this browser. If that is \
        what you want, confirm.",
    }
    pub CONFIRM_BUTTON { fr: "Me déconnecter et tout effacer", en: "Log out and wipe" }
    pub BACK_TO_PORTAL { fr: "Retour au portail", en: "Back to the portal" }
    /// The confirmation page's heading over the list of what was cleared.
    pub CLEARED_HEADING {
        fr: "Effacé de ce navigateur pour le portail",
        en: "Wiped from this browser for the portal",
    }
    pub SAVED_PASSWORD_HEADING { fr: "Mot de passe enregistré ?", en: "Saved password?" }
    /// The confirmation page's title.
    pub LOGGED_OUT_TITLE { fr: "Vous êtes déconnecté", en: "You are logged out" }
    /// The last step, which no web page can do for the agent.
    pub CLOSE_THE_BROWSER {
        fr: "Fermez maintenant toutes les fenêtres du navigateur, surtout sur un ordinateur partagé ou public.",
        en: "Now close every browser window, above all on a shared or public computer.",
    }
    /// The saved-password warning's lead, before the browser's own steps.
    pub SAVED_PASSWORD_WARNING {
        fr: "Si ce navigateur a proposé d'enregistrer votre mot de passe et que vous avez accepté, il l'a gardé : effacer les données du portail ne le retire pas.",
        en: "If this browser offered to save your password and you accepted, it kept it: wiping the portal's data does not remove it.",
    }
    PASSWORDS_IN_EDGE {
        fr: "Dans Edge : Paramètres › Profils › Mots de passe, puis supprimez l'entrée du portail.",
        en: "In Edge: Settings › Profiles › Passwords, then delete the portal's entry.",
    }
    PASSWORDS_IN_CHROME {
        fr: "Dans Chrome : Paramètres › Mots de passe et saisie automatique › Gestionnaire de mots de passe Google, puis supprimez l'entrée du portail.",
        en: "In Chrome: Settings › Passwords and autofill › Google Password Manager, then delete the portal's entry.",
    }
    PASSWORDS_IN_FIREFOX {
        fr: "Dans Firefox : Paramètres › Vie privée et sécurité › Mots de passe enregistrés, puis supprimez l'entrée du portail.",
        en: "In Firefox: Settings › Privacy & Security › Saved passwords, then remove the portal's entry.",
    }
    PASSWORDS_IN_SAFARI {
        fr: "Dans Safari : Réglages › Mots de passe (ou l'app Mots de passe), puis supprimez l'entrée du portail.",
        en: "In Safari: Settings › Passwords (or the Passwords app), then delete the portal's entry.",
    }
    PASSWORDS_ELSEWHERE {
        fr: "Ouvrez les paramètres du navigateur, rubrique « Mots de passe », et supprimez l'entrée du portail.",
        en: "Open the browser's settings, \u{201c}Passwords\u{201d} section, and delete the portal's entry.",
    }
    CLEARED_COOKIES { fr: "les cookies du portail, dont la session", en: "the portal's cookies, the session included" }
    CLEARED_STORAGE { fr: "le stockage local et de session du portail", en: "the portal's local and session storage" }
    CLEARED_WORKERS {
        fr: "les service workers et les caches hors ligne du portail",
        en: "the portal's service workers and offline caches",
    }
    CLEARED_CACHE { fr: "les pages du portail gardées en cache", en: "the portal pages kept in the cache" }
}

/// Browser families whose password managers differ in where saved passwords are removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserFamily {
    Edge,
    Chrome,
    Firefox,
    Safari,
    Other,
}

impl BrowserFamily {
    /// From a `User-Agent` header, read by `client` like every other device fact; a browser it
    /// does not name (Opera, Samsung Internet…) gets the general steps, not Chrome's.
    pub fn from_user_agent(ua: &str) -> Self {
        match ClientFacts::from_request(ua, None, None, None).browser {
            Some(client::BrowserFamily::Edge) => BrowserFamily::Edge,
            Some(client::BrowserFamily::Chrome) => BrowserFamily::Chrome,
            Some(client::BrowserFamily::Firefox) => BrowserFamily::Firefox,
            Some(client::BrowserFamily::Safari) => BrowserFamily::Safari,
            None => BrowserFamily::Other,
        }
    }

    /// How to remove a saved portal password in this browser.
    pub fn saved_password_advice(self) -> Template {
        match self {
            BrowserFamily::Edge => PASSWORDS_IN_EDGE,
            BrowserFamily::Chrome => PASSWORDS_IN_CHROME,
            BrowserFamily::Firefox => PASSWORDS_IN_FIREFOX,
            BrowserFamily::Safari => PASSWORDS_IN_SAFARI,
            BrowserFamily::Other => PASSWORDS_ELSEWHERE,
        }
    }
}

/// What this browser was told to clear for the portal, one item per line.
pub const CLEARED: &[Template] = &[CLEARED_COOKIES, CLEARED_STORAGE, CLEARED_WORKERS, CLEARED_CACHE];

#[cfg(test)]
mod wipe_tests {
    use super::may_wipe_at_once;

    #[test]
    fn only_the_portal_itself_or_the_agent_may_wipe_at_once() {
        assert!(may_wipe_at_once(Some("same-origin")));
        assert!(may_wipe_at_once(Some("none")));
        for other in [Some("cross-site"), Some("same-site"), None, Some("SAME-ORIGIN")] {
            assert!(!may_wipe_at_once(other), "{other:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_provider_urls_and_portal_paths_are_accepted() {
        for url in
            ["https://idp.example.fr/logout", "https://idp.example.fr:8443/oidc/logout?client=portal", "/logged-out"]
        {
            assert_eq!(logout_url_problem(url), None, "{url}");
        }
    }

    #[test]
    fn anything_that_could_leave_for_another_origin_is_refused() {
        for url in [
            "",
            "logged-out",
            "//evil.example",
            "/\\evil.example",
            "http://idp.example.fr/logout",
            "javascript:alert(1)",
            "https://",
            "https://user@idp.example.fr/",
            "https://idp.example.fr\\@evil.example/",
            "/logged out",
            "/logged-out\n",
            "HTTPS://idp.example.fr",
        ] {
            let problem = logout_url_problem(url);
            assert!(problem.as_deref().is_some_and(|p| p.contains("e.g. \"https://")), "{url:?}: {problem:?}");
        }
    }

    #[test]
    fn browser_families_are_told_apart_from_real_user_agents() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
                BrowserFamily::Edge,
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                BrowserFamily::Chrome,
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
                BrowserFamily::Firefox,
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
                BrowserFamily::Safari,
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/116.0.0.0",
                BrowserFamily::Other,
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
                BrowserFamily::Chrome,
            ),
            ("curl/8.5.0", BrowserFamily::Other),
            ("", BrowserFamily::Other),
        ];
        for (ua, family) in cases {
            assert_eq!(BrowserFamily::from_user_agent(ua), family, "{ua}");
        }
    }

    #[test]
    fn every_text_is_translated() {
        let families = [
            BrowserFamily::Edge,
            BrowserFamily::Chrome,
            BrowserFamily::Firefox,
            BrowserFamily::Safari,
            BrowserFamily::Other,
        ];
        let advice = families.map(BrowserFamily::saved_password_advice);
        let fixed = [
            LOGGED_OUT_TITLE,
            CLOSE_THE_BROWSER,
            SAVED_PASSWORD_WARNING,
            CONFIRM_TITLE,
            CONFIRM_QUESTION,
            CONFIRM_BUTTON,
        ];
        for t in advice.iter().chain(CLEARED).chain(&fixed) {
            assert!(!t.fr.trim().is_empty() && !t.en.trim().is_empty() && t.fr != t.en, "{t:?}");
        }
        let distinct: std::collections::HashSet<_> = advice.iter().map(|t| t.en).collect();
        assert_eq!(distinct.len(), families.len(), "each family has its own steps");
    }

    #[test]
    fn clear_site_data_names_the_three_types() {
        assert_eq!(CLEAR_SITE_DATA, r#""cache", "cookies", "storage""#);
    }
}
