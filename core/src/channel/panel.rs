//! The check page's "Your access" panel and intent picker in words: their headings, fields and
//! buttons, and the lines composed from an [`AccessSummary`](super::summary::AccessSummary) and a
//! route [`Recommendation`].

use super::Channel;
use super::route::Recommendation;
use super::summary::SiteStatus;
use crate::i18n::{Lang, Template, texts};

texts! {
    /// The panel's heading.
    pub TITLE { fr: "Votre accès", en: "Your access" }
    /// The channels that work from where the agent is, right now.
    pub CHANNELS_HERE { fr: "Utilisable d'ici maintenant : {channels}", en: "Usable from here now: {channels}" }
    /// The agent's site, by whether it is open and whether a time is known.
    pub SITE_OPEN { fr: "Site ouvert ({site})", en: "Site open ({site})" }
    pub SITE_OPEN_UNTIL { fr: "Site ouvert ({site}) — ferme à {time}", en: "Site open ({site}) — closes at {time}" }
    pub SITE_CLOSED { fr: "Accès interne fermé ({site})", en: "Internal access closed ({site})" }
    pub SITE_CLOSED_UNTIL {
        fr: "Accès interne fermé ({site}) — ouvre à {time}",
        en: "Internal access closed ({site}) — opens at {time}",
    }
    /// The VPN client's version field (the known-issue rules need it; the browser cannot see it).
    pub VPN_VERSION { fr: "Version de votre client VPN (facultatif)", en: "Your VPN client version (optional)" }
    pub CHECK_VERSION { fr: "Vérifier", en: "Check" }
    pub KNOWN_ISSUES { fr: "Problèmes connus pour votre appareil", en: "Known issues for your device" }
    /// When the edge did not answer the panel's or the picker's question.
    pub UNAVAILABLE {
        fr: "Les informations d'accès ne sont pas disponibles pour le moment.",
        en: "Access information is not available right now.",
    }
    /// The intent picker.
    pub INTENT_TITLE { fr: "Que voulez-vous faire ?", en: "What do you want to do?" }
    pub INTENT { fr: "Je veux…", en: "I want…" }
    pub DEPARTMENT { fr: "Votre direction", en: "Your department" }
    pub ANY_DEPARTMENT { fr: "(je ne sais pas)", en: "(I don't know)" }
    pub SHOW_HOW { fr: "Voir comment", en: "Show me how" }
    /// The route's answer: the channel to use, and the link to the app.
    pub USE { fr: "À utiliser : {channel}", en: "Use: {channel}" }
    pub USE_NOT_HERE { fr: "À utiliser : {channel} (pas depuis ici)", en: "Use: {channel} (not from here)" }
    pub OPEN_APP { fr: "Ouvrir", en: "Open" }
    /// Each channel in a few words, for lists.
    pub INTERNAL { fr: "réseau interne", en: "internal network" }
    pub VPN { fr: "VPN", en: "VPN" }
    pub PORTAL { fr: "portail web", en: "web portal" }
}

/// A channel in a few words ("web portal"); [`Channel::name`] is the whole phrase.
pub fn channel_word(channel: Channel) -> Template {
    match channel {
        Channel::Internal => INTERNAL,
        Channel::Vpn => VPN,
        Channel::Portal => PORTAL,
    }
}

/// "Usable from here now: internal network, web portal".
pub fn channels_line(channels: &[Channel], lang: Lang) -> String {
    let words: Vec<&str> = channels.iter().map(|c| channel_word(*c).get(lang)).collect();
    CHANNELS_HERE.fill(lang, &[("channels", &words.join(", "))])
}

/// "Site open (Hôtel de Ville) — closes at 20:00", or closed and when it opens again today.
pub fn site_line(site: &SiteStatus, lang: Lang) -> String {
    let (template, time) = match (site.open, &site.closes_at, &site.opens_at) {
        (true, Some(at), _) => (SITE_OPEN_UNTIL, at.as_str()),
        (true, None, _) => (SITE_OPEN, ""),
        (false, _, Some(at)) => (SITE_CLOSED_UNTIL, at.as_str()),
        (false, _, None) => (SITE_CLOSED, ""),
    };
    template.fill(lang, &[("site", &site.name), ("time", time)])
}

/// "Use: VPN (not from here)"; `None` when the intent is not about a channel.
pub fn route_line(recommendation: &Recommendation, lang: Lang) -> Option<String> {
    let channel = recommendation.channel?;
    let template = if recommendation.usable_here { USE } else { USE_NOT_HERE };
    Some(template.fill(lang, &[("channel", channel_word(channel).get(lang))]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(open: bool, closes_at: Option<&str>, opens_at: Option<&str>) -> SiteStatus {
        SiteStatus {
            name: "Annexe".into(),
            open,
            closes_at: closes_at.map(Into::into),
            opens_at: opens_at.map(Into::into),
        }
    }

    #[test]
    fn the_site_line_says_open_or_closed_and_the_next_change_when_known() {
        assert_eq!(site_line(&site(true, Some("20:00"), None), Lang::En), "Site open (Annexe) — closes at 20:00");
        assert_eq!(site_line(&site(true, None, None), Lang::En), "Site open (Annexe)");
        assert_eq!(
            site_line(&site(false, None, Some("08:30")), Lang::Fr),
            "Accès interne fermé (Annexe) — ouvre à 08:30"
        );
        assert_eq!(site_line(&site(false, None, None), Lang::Fr), "Accès interne fermé (Annexe)");
    }

    #[test]
    fn the_channels_line_lists_the_channels_in_a_few_words() {
        let line = channels_line(&[Channel::Internal, Channel::Portal], Lang::En);
        assert_eq!(line, "Usable from here now: internal network, web portal");
        assert_eq!(channels_line(&[Channel::Portal], Lang::Fr), "Utilisable d'ici maintenant : portail web");
    }

    #[test]
    fn the_route_line_says_when_the_channel_does_not_work_from_here() {
        let mut r = Recommendation { channel: Some(Channel::Vpn), usable_here: true, link: None, advice: Vec::new() };
        assert_eq!(route_line(&r, Lang::En).as_deref(), Some("Use: VPN"));
        r.usable_here = false;
        assert_eq!(route_line(&r, Lang::Fr).as_deref(), Some("À utiliser : VPN (pas depuis ici)"));
        r.channel = None;
        assert_eq!(route_line(&r, Lang::En), None);
    }
}
