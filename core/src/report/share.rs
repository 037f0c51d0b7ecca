//! The check page's "Share with the helpdesk" step in words: the consent sentence (how long the report
//! is kept, what is and is not sent), the optional agent-ID field, and what the agent reads while it
//! is sent and once the code is back.

use super::ReportTtl;
use crate::i18n::{Lang, texts};

texts! {
    pub TITLE { fr: "Partager le résultat avec l'assistance", en: "Share the result with the helpdesk" }
    /// What the agent agrees to by clicking `{button}` ([`SHARE`]); `{days}`: how long the report is kept.
    pub CONSENT {
        fr: "En cliquant sur « {button} », vous envoyez à l'assistance le résultat de cette vérification : \
             navigateur et système (familles et versions), écart de l'horloge, type d'accès (interne, VPN, \
             Internet), versions du portail et constats. Ni votre adresse IP, ni le contenu de vos cookies ne \
             sont envoyés ; votre identifiant seulement si vous le saisissez. Le rapport est supprimé \
             automatiquement après {days} jours.",
        en: "By clicking \u{201c}{button}\u{201d}, you send the helpdesk the result of this check: browser and \
             system (families and versions), clock offset, kind of access (internal, VPN, internet), portal \
             versions and findings. Neither your IP address nor your cookies' contents are sent; your agent ID \
             only if you type it. The report is deleted automatically after {days} days.",
    }
    pub AGENT_ID { fr: "Votre identifiant agent (facultatif)", en: "Your agent ID (optional)" }
    /// The button that gives consent and sends.
    pub SHARE { fr: "J'accepte et j'envoie", en: "I agree, send it" }
    pub SENDING { fr: "Envoi…", en: "Sending…" }
    pub YOUR_CODE { fr: "Votre code, à lire à l'assistance :", en: "Your code, to read out to the helpdesk:" }
    pub COPY { fr: "Copier le code", en: "Copy the code" }
    pub COPIED { fr: "Code copié.", en: "Code copied." }
    pub FAILED { fr: "L'envoi n'a pas abouti. Réessayez dans un instant.", en: "Sending failed. Try again in a moment." }
}

/// How many days the consent sentence promises: what the page says the edge keeps reports for
/// (`data-report-days`, written from the config), else the default. A value the config could not
/// hold is not believed.
pub fn kept_days(page_says: Option<&str>) -> u32 {
    let said = page_says.and_then(|d| d.trim().parse::<u32>().ok()).and_then(ReportTtl::days);
    said.unwrap_or_default().in_days()
}

/// The consent sentence, naming the button it is given by and the days the report is kept.
pub fn consent(lang: Lang, days: u32) -> String {
    CONSENT.fill(lang, &[("button", SHARE.get(lang)), ("days", &days.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::DEFAULT_TTL_DAYS;

    #[test]
    fn the_consent_names_its_button_and_the_days_kept() {
        let en = consent(Lang::En, 3);
        assert!(en.starts_with("By clicking \u{201c}I agree, send it\u{201d}, you send"), "{en}");
        assert!(en.ends_with("deleted automatically after 3 days."), "{en}");
        let fr = consent(Lang::Fr, 7);
        assert!(fr.starts_with("En cliquant sur « J'accepte et j'envoie », vous envoyez"), "{fr}");
        assert!(fr.ends_with("supprimé automatiquement après 7 jours."), "{fr}");
    }

    #[test]
    fn the_days_come_from_the_page_when_the_config_could_say_so() {
        assert_eq!(kept_days(Some("3")), 3);
        assert_eq!(kept_days(Some(" 30 ")), 30);
        assert_eq!(kept_days(None), DEFAULT_TTL_DAYS);
        assert_eq!(kept_days(Some("")), DEFAULT_TTL_DAYS);
        assert_eq!(kept_days(Some("0")), DEFAULT_TTL_DAYS);
        assert_eq!(kept_days(Some("365")), DEFAULT_TTL_DAYS);
    }
}
