//! The helpdesk viewer's pages: server-rendered HTML in the portal's look, French first with the
//! English alongside (`lang="en"`), no inline script or style (the CSP forbids them); the copy
//! buttons are wired by `/helpdesk.js`.

use preflight_core::catalog::helpdesk_check;
use preflight_core::finding::Finding;
use preflight_core::i18n::Lang;
use preflight_core::report::{
    Report, ShortCode, clock_line, device_line, failed_checks, local_time, most_likely_cause, plain_text,
};

use crate::pages::escape;

/// A whole viewer page; `title` is plain text (escaped here).
pub fn layout(title: &str, body_html: &str) -> String {
    let title = escape(title);
    format!(
        "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} — Assistance</title>\n\
         <link rel=\"icon\" href=\"/favicon.svg\">\n<link rel=\"stylesheet\" href=\"/style.css\">\n\
         <script type=\"module\" src=\"/helpdesk.js\"></script>\n</head>\n<body>\n\
         <header class=\"banner\"><p class=\"brand\">Assistance · Rapports Preflight <span lang=\"en\">(helpdesk reports)</span></p></header>\n\
         <main class=\"card wide\">\n<h1>{title}</h1>\n{body_html}\n</main>\n</body>\n</html>\n"
    )
}

pub fn too_many() -> String {
    layout(
        "Trop de tentatives",
        "<p role=\"alert\">Trop de tentatives depuis cette adresse : patientez quelques secondes, puis réessayez.</p>\n\
         <p lang=\"en\">Too many attempts from this address: wait a few seconds, then try again.</p>\n\
         <p><a href=\"/helpdesk\">Retour <span lang=\"en\">/ Back</span></a></p>",
    )
}

pub fn disabled() -> String {
    layout(
        "Visualiseur désactivé",
        "<p>Le visualiseur de l'assistance est désactivé sur ce serveur : aucun jeton n'est configuré. \
         L'administrateur le active en définissant la variable d'environnement <code>PREFLIGHT_HELPDESK_TOKEN</code>.</p>\n\
         <p lang=\"en\">The helpdesk viewer is disabled on this server: no token is configured. An administrator \
         enables it by setting the <code>PREFLIGHT_HELPDESK_TOKEN</code> environment variable.</p>",
    )
}

/// The sign-in form, with `error` (already worded, plain text) when the last try failed.
pub fn sign_in(error: Option<&str>) -> String {
    let error = error
        .map(|e| format!("<p class=\"pf-finding pf-error\" role=\"alert\" id=\"sign-in-error\">{}</p>\n", escape(e)))
        .unwrap_or_default();
    let described = if error.is_empty() { "" } else { " aria-describedby=\"sign-in-error\"" };
    layout(
        "Connexion de l'assistance",
        &format!(
            "<p class=\"lead\">Saisissez le jeton de l'assistance pour consulter les rapports. \
             <span lang=\"en\">Enter the helpdesk token to read reports.</span></p>\n{error}\
             <form method=\"post\" action=\"/helpdesk/sign-in\">\n\
             <label for=\"token\">Jeton de l'assistance <span lang=\"en\">/ Helpdesk token</span></label>\n\
             <input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required autofocus{described}>\n\
             <button type=\"submit\">Se connecter <span lang=\"en\">/ Sign in</span></button>\n</form>"
        ),
    )
}

/// The code field; `typed` and `error` when the last code could not be read or found. Focused on the
/// home page only: on a report page, focus stays at the top, on the cause.
fn code_form(typed: &str, error: Option<&str>, focus: bool) -> String {
    let error = error
        .map(|e| format!("<p class=\"pf-finding pf-error\" role=\"alert\" id=\"code-error\">{}</p>\n", escape(e)))
        .unwrap_or_default();
    let described = if error.is_empty() { "" } else { " aria-describedby=\"code-error\"" };
    format!(
        "{error}<form method=\"get\" action=\"/helpdesk/report\" class=\"pf-code-form\">\n\
         <label for=\"code\">Code lu par l'agent <span lang=\"en\">/ Code read out by the agent</span></label>\n\
         <input id=\"code\" name=\"code\" value=\"{}\" autocomplete=\"off\" autocapitalize=\"characters\" \
         spellcheck=\"false\" placeholder=\"K7F3-QX9D\" required{}{described}>\n\
         <button type=\"submit\">Voir le rapport <span lang=\"en\">/ Show the report</span></button>\n</form>\n\
         <form method=\"post\" action=\"/helpdesk/sign-out\"><button type=\"submit\" class=\"pf-stop\">Se déconnecter \
         <span lang=\"en\">/ Sign out</span></button></form>",
        escape(typed),
        if focus { " autofocus" } else { "" }
    )
}

pub fn home(typed: &str, error: Option<&str>) -> String {
    layout("Rapport d'un agent", &code_form(typed, error, true))
}

fn finding_row(f: &Finding) -> String {
    format!(
        "<tr class=\"pf-{sev}\"><th scope=\"row\"><code>{code}</code></th><td>{sev}</td><td>{msg}</td><td>{remedy}</td></tr>\n",
        sev = f.severity.as_str(),
        code = f.code.as_str(),
        msg = escape(f.message_in(Lang::Fr)),
        remedy = escape(f.remedy_in(Lang::Fr)),
    )
}

/// One glance: the most likely cause, every finding with its code and remedy, then the raw observations.
pub fn report(code: &ShortCode, report: &Report) -> String {
    let mut body = String::new();
    let ticket =
        report.ticket.as_deref().map(|t| format!(" · ticket <strong>{}</strong>", escape(t))).unwrap_or_default();
    body.push_str(&format!(
        "<p class=\"lead\">Reçu le {} · supprimé le {}{ticket}</p>\n",
        escape(&local_time(report.received_at_ms)),
        escape(&local_time(report.expires_at_ms))
    ));
    body.push_str("<section aria-labelledby=\"cause-title\" class=\"pf-cause\">\n<h2 id=\"cause-title\">Cause la plus probable <span lang=\"en\">/ Most likely cause</span></h2>\n");
    match most_likely_cause(&report.findings) {
        Some(f) => body.push_str(&format!(
            "<p class=\"pf-finding pf-{}\" data-code=\"{code}\"><span class=\"pf-message\">{}</span> <code>{code}</code></p>\n\
             <p><strong>À faire :</strong> {}</p>\n<p class=\"help\"><strong>Vérifier :</strong> {} <span lang=\"en\">{}</span></p>\n",
            f.severity.as_str(),
            escape(f.message_in(Lang::Fr)),
            escape(f.remedy_in(Lang::Fr)),
            escape(helpdesk_check(f.code).fr),
            escape(helpdesk_check(f.code).en),
            code = f.code.as_str(),
        )),
        None => body.push_str("<p class=\"pf-finding pf-ok\" data-code=\"\">Aucun problème détecté sur cet appareil. <span lang=\"en\">No problem found on this device.</span></p>\n"),
    }
    body.push_str("</section>\n");
    let failed: Vec<&str> = failed_checks(&report.findings).map(|f| f.code.as_str()).collect();
    body.push_str(&format!(
        "<section aria-labelledby=\"findings-title\">\n<h2 id=\"findings-title\">Tous les constats <span lang=\"en\">/ All findings</span></h2>\n\
         <p>Vérifications en échec : {}</p>\n<table class=\"pf-findings\">\n<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Gravité</th>\
         <th scope=\"col\">Constat</th><th scope=\"col\">À faire</th></tr></thead>\n<tbody>\n",
        if failed.is_empty() { "aucune".to_owned() } else { failed.join(", ") }
    ));
    for f in &report.findings {
        body.push_str(&finding_row(f));
    }
    body.push_str("</tbody>\n</table>\n</section>\n");
    let o = &report.observations;
    let yes_no = |b: bool| if b { "oui" } else { "non" };
    let facts: Vec<(&str, String)> = vec![
        ("Appareil", device_line(report, Lang::Fr)),
        (
            "Accès",
            format!(
                "{}{}",
                report.access.as_str(),
                report.site.as_deref().map(|s| format!(" ({s})")).unwrap_or_default()
            ),
        ),
        ("Horloge", clock_line(report, Lang::Fr)),
        (
            "Versions (page / déployée / edge)",
            format!(
                "{} / {} / {}",
                o.loaded_version.as_deref().unwrap_or("?"),
                report.portal_version,
                report.edge_version
            ),
        ),
        ("Contexte sécurisé", yes_no(o.secure_context).to_owned()),
        ("Cookies activés", yes_no(o.cookies_enabled).to_owned()),
        ("Stockage local / de session", format!("{} / {}", yes_no(o.local_storage), yes_no(o.session_storage))),
        ("Identifiant agent", report.agent_id.clone().unwrap_or_else(|| "non communiqué".to_owned())),
    ];
    body.push_str("<section aria-labelledby=\"observed-title\">\n<h2 id=\"observed-title\">Observations</h2>\n<dl class=\"pf-monitor-stats\">\n");
    for (name, value) in facts {
        body.push_str(&format!("<dt>{name}</dt><dd>{}</dd>\n", escape(&value)));
    }
    let raw = serde_json::to_string_pretty(o).unwrap_or_default();
    body.push_str(&format!(
        "</dl>\n<details><summary>Observations brutes <span lang=\"en\">/ raw observations</span></summary>\n<pre>{}</pre></details>\n</section>\n",
        escape(&raw)
    ));
    body.push_str("<section aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">Résumé pour le ticket <span lang=\"en\">/ Summary for the ticket</span></h2>\n");
    for (lang, id, name) in [(Lang::Fr, "summary-fr", "Français"), (Lang::En, "summary-en", "English")] {
        body.push_str(&format!(
            "<div class=\"pf-summary-block\">\n<label for=\"{id}\">{name}</label>\n<textarea id=\"{id}\" class=\"pf-summary\" readonly rows=\"8\" lang=\"{}\">{}</textarea>\n\
             <button type=\"button\" data-copy=\"{id}\">Copier <span lang=\"en\">/ Copy</span> ({name})</button>\n</div>\n",
            lang.tag(),
            escape(&plain_text(report, code, lang))
        ));
    }
    body.push_str("<p role=\"status\" class=\"help\" id=\"copy-status\"></p>\n</section>\n<section aria-labelledby=\"next-title\">\n<h2 id=\"next-title\">Autre code <span lang=\"en\">/ Another code</span></h2>\n");
    body.push_str(&code_form("", None, false));
    body.push_str("</section>");
    layout(&format!("Rapport {code}"), &body)
}
