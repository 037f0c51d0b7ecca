//! The full check page's interface words, in both languages. Findings' texts live in `core`.

use preflight_core::i18n::Lang;

/// Every interface word of the check page: a typo is a compile error, not an empty label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    AccessTitle,
    ChannelsHere,
    SiteOpen,
    SiteCloses,
    SiteClosed,
    SiteOpens,
    VpnVersion,
    Check,
    KnownIssues,
    AccessUnavailable,
    IntentTitle,
    Intent,
    Department,
    AnyDepartment,
    ShowHow,
    OpenApp,
    Use,
    NotHere,
    Internal,
    Vpn,
    Portal,
    MonitorTitle,
    Duration,
    Minutes,
    Start,
    Stop,
    Loss,
    Median,
    P95,
    Jitter,
    Chart,
    StoppedHidden,
    Stopped,
}

pub fn label(key: Label, lang: Lang) -> &'static str {
    let (fr, en) = match key {
        Label::AccessTitle => ("Votre accès", "Your access"),
        Label::ChannelsHere => ("Utilisable d'ici maintenant :", "Usable from here now:"),
        Label::SiteOpen => ("Site ouvert", "Site open"),
        Label::SiteCloses => ("ferme à", "closes at"),
        Label::SiteClosed => ("Accès interne fermé", "Internal access closed"),
        Label::SiteOpens => ("ouvre à", "opens at"),
        Label::VpnVersion => ("Version de votre client VPN (facultatif)", "Your VPN client version (optional)"),
        Label::Check => ("Vérifier", "Check"),
        Label::KnownIssues => ("Problèmes connus pour votre appareil", "Known issues for your device"),
        Label::AccessUnavailable => (
            "Les informations d'accès ne sont pas disponibles pour le moment.",
            "Access information is not available right now.",
        ),
        Label::IntentTitle => ("Que voulez-vous faire ?", "What do you want to do?"),
        Label::Intent => ("Je veux…", "I want…"),
        Label::Department => ("Votre direction", "Your department"),
        Label::AnyDepartment => ("(je ne sais pas)", "(I don't know)"),
        Label::ShowHow => ("Voir comment", "Show me how"),
        Label::OpenApp => ("Ouvrir", "Open"),
        Label::Use => ("À utiliser :", "Use:"),
        Label::NotHere => ("pas depuis ici", "not from here"),
        Label::Internal => ("réseau interne", "internal network"),
        Label::Vpn => ("VPN", "VPN"),
        Label::Portal => ("portail web", "web portal"),
        Label::MonitorTitle => ("Stabilité de la connexion (VPN)", "Connection stability (VPN)"),
        Label::Duration => ("Durée de la mesure", "Measurement duration"),
        Label::Minutes => ("min", "min"),
        Label::Start => ("Démarrer la mesure", "Start measuring"),
        Label::Stop => ("Arrêter", "Stop"),
        Label::Loss => ("Pertes", "Loss"),
        Label::Median => ("Temps de réponse médian", "Median round trip"),
        Label::P95 => ("Temps de réponse p95", "p95 round trip"),
        Label::Jitter => ("Gigue", "Jitter"),
        Label::Chart => (
            "Temps de réponse de chaque mesure ; les points rouges sont des pertes.",
            "Round trip of each ping; red dots are losses.",
        ),
        Label::StoppedHidden => {
            ("Mesure arrêtée : la page a été masquée.", "Measurement stopped: the page was hidden.")
        }
        Label::Stopped => ("Mesure terminée.", "Measurement finished."),
    };
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}
