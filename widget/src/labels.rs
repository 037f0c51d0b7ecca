//! The full check page's interface words, in both languages. Findings' texts live in `core`.

use preflight_core::i18n::Lang;

pub fn label(key: &str, lang: Lang) -> &'static str {
    let (fr, en) = match key {
        "access-title" => ("Votre accès", "Your access"),
        "channels-here" => ("Utilisable d'ici maintenant :", "Usable from here now:"),
        "site-open" => ("Site ouvert", "Site open"),
        "site-closes" => ("ferme à", "closes at"),
        "site-closed" => ("Accès interne fermé", "Internal access closed"),
        "site-opens" => ("ouvre à", "opens at"),
        "vpn-version" => ("Version de votre client VPN (facultatif)", "Your VPN client version (optional)"),
        "check" => ("Vérifier", "Check"),
        "known-issues" => ("Problèmes connus pour votre appareil", "Known issues for your device"),
        "access-unavailable" => (
            "Les informations d'accès ne sont pas disponibles pour le moment.",
            "Access information is not available right now.",
        ),
        "intent-title" => ("Que voulez-vous faire ?", "What do you want to do?"),
        "intent" => ("Je veux…", "I want…"),
        "department" => ("Votre direction", "Your department"),
        "any-department" => ("(je ne sais pas)", "(I don't know)"),
        "show-how" => ("Voir comment", "Show me how"),
        "open-app" => ("Ouvrir", "Open"),
        "use" => ("À utiliser :", "Use:"),
        "not-here" => ("pas depuis ici", "not from here"),
        "internal" => ("réseau interne", "internal network"),
        "vpn" => ("VPN", "VPN"),
        "portal" => ("portail web", "web portal"),
        "monitor-title" => ("Stabilité de la connexion (VPN)", "Connection stability (VPN)"),
        "duration" => ("Durée de la mesure", "Measurement duration"),
        "minutes" => ("min", "min"),
        "start" => ("Démarrer la mesure", "Start measuring"),
        "stop" => ("Arrêter", "Stop"),
        "loss" => ("Pertes", "Loss"),
        "median" => ("Temps de réponse médian", "Median round trip"),
        "p95" => ("Temps de réponse p95", "p95 round trip"),
        "jitter" => ("Gigue", "Jitter"),
        "chart" => (
            "Temps de réponse de chaque mesure ; les points rouges sont des pertes.",
            "Round trip of each ping; red dots are losses.",
        ),
        "stopped-hidden" => ("Mesure arrêtée : la page a été masquée.", "Measurement stopped: the page was hidden."),
        "stopped" => ("Mesure terminée.", "Measurement finished."),
        _ => ("", ""),
    };
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}
