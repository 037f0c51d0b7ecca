//! `/check[?ticket=…]`: the full check page that helpdesk links open, with the ticket reference and
//! a QR code of the page's own link (`/check/qr.svg`), so the agent can run the same check on a phone.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use preflight_core::report::ticket_problem;
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;

use crate::client::ForwardedHttps;
use crate::pages::{self, escape};
use crate::problem::Problem;
use crate::state::AppState;

/// Where the edge puts the link section in `www/check.html`.
const LINK_MARKER: &str = "<!--preflight:link-->";
/// The share element's attribute that receives the ticket.
const TICKET_ATTRIBUTE: &str = "data-ticket=\"\"";

#[derive(Deserialize)]
pub struct CheckQuery {
    ticket: Option<String>,
}

/// The ticket, if any, once validated.
fn ticket(query: Result<Query<CheckQuery>, QueryRejection>) -> Result<Option<String>, String> {
    let Query(query) = query.map_err(|e| e.body_text())?;
    match query.ticket.filter(|t| !t.is_empty()) {
        Some(t) => ticket_problem(&t).map_or(Ok(Some(t)), Err),
        None => Ok(None),
    }
}

fn qr_path(ticket: Option<&str>) -> String {
    ticket.map_or_else(|| "/check/qr.svg".to_owned(), |t| format!("/check/qr.svg?ticket={t}"))
}

fn link_section(ticket: Option<&str>) -> String {
    let heading = match ticket {
        Some(t) => format!(
            "<h2 id=\"link-title\">Ticket de l'assistance : <strong class=\"pf-ticket\">{}</strong></h2>\n",
            escape(t)
        ),
        None => "<h2 id=\"link-title\">Sur votre téléphone</h2>\n".to_owned(),
    };
    format!(
        "<section aria-labelledby=\"link-title\" class=\"pf-link\">\n{heading}\
         <figure class=\"pf-qr\"><img src=\"{}\" width=\"164\" height=\"164\" alt=\"Code QR du lien de cette page\">\n\
         <figcaption>Scannez ce code pour faire la même vérification sur votre téléphone. \
         <span lang=\"en\">Scan it to run the same check on your phone.</span></figcaption></figure>\n</section>",
        escape(&qr_path(ticket))
    )
}

pub async fn page(State(state): State<AppState>, query: Result<Query<CheckQuery>, QueryRejection>) -> Response {
    let ticket = match ticket(query) {
        Ok(ticket) => ticket,
        Err(problem) => {
            let body = format!(
                "<p>La référence de ticket de ce lien n'est pas valide ({}) : demandez le lien à nouveau à l'assistance.</p>\n\
                 <p lang=\"en\">This link's ticket reference is not valid: ask the helpdesk for the link again.</p>\n\
                 <p><a href=\"/check\">Faire la vérification sans ticket <span lang=\"en\">/ Run the check without a ticket</span></a></p>",
                escape(&problem)
            );
            return pages::page(StatusCode::BAD_REQUEST, "fr", "Lien non valide", &body);
        }
    };
    let Some(template) = pages::www_text(&state, "/check.html").await else {
        return pages::not_found().await;
    };
    // The share step's consent sentence says how long the report is kept.
    let ticket_attribute = format!(
        "data-ticket=\"{}\" data-report-days=\"{}\"",
        escape(ticket.as_deref().unwrap_or("")),
        state.config.helpdesk.report_ttl().in_days()
    );
    let html =
        template.replace(LINK_MARKER, &link_section(ticket.as_deref())).replace(TICKET_ATTRIBUTE, &ticket_attribute);
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

/// This edge's own origin (`preflight_core::redirects::own_origin`), or a problem for an unusable `Host`.
fn own_origin(public_url: Option<&str>, headers: &HeaderMap, https: bool) -> Result<String, Problem> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    preflight_core::redirects::own_origin(public_url, host, https).ok_or_else(|| {
        Problem::bad_request("The request has no usable Host header: open the check page by its address.")
    })
}

/// `GET /check/qr.svg[?ticket=…]`: the QR code of this edge's `/check[?ticket=…]` link, as SVG.
pub async fn qr(
    State(state): State<AppState>,
    ForwardedHttps(https): ForwardedHttps,
    headers: HeaderMap,
    query: Result<Query<CheckQuery>, QueryRejection>,
) -> Result<Response, Problem> {
    let ticket = ticket(query).map_err(|p| Problem::bad_request(format!("ticket: {p}")))?;
    let origin = own_origin(state.config.public_url(), &headers, https)?;
    let link = match &ticket {
        Some(t) => format!("{origin}/check?ticket={t}"),
        None => format!("{origin}/check"),
    };
    let code =
        QrCode::new(link.as_bytes()).map_err(|e| Problem::bad_request(format!("cannot encode the link: {e}")))?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(164, 164)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")], image).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, host.parse().unwrap());
        headers
    }

    #[test]
    fn an_unusable_host_is_a_problem_and_the_public_url_wins() {
        assert_eq!(own_origin(None, &headers("edge.example.fr"), true).unwrap(), "https://edge.example.fr");
        assert!(own_origin(None, &headers("a b"), false).is_err());
        assert!(own_origin(None, &HeaderMap::new(), false).is_err());
        assert_eq!(
            own_origin(Some("https://e.example"), &headers("evil.example"), false).unwrap(),
            "https://e.example"
        );
    }

    #[test]
    fn the_link_section_escapes_and_links_the_ticket() {
        let html = link_section(Some("INC-1"));
        assert!(html.contains("<strong class=\"pf-ticket\">INC-1</strong>"));
        assert!(html.contains("src=\"/check/qr.svg?ticket=INC-1\""));
        assert!(link_section(None).contains("src=\"/check/qr.svg\""));
    }
}
