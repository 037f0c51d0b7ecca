//! `GET /go/{app}`: to the app's configured URL when it works from here and now, otherwise a page that
//! says which channel to use. Only configured URLs are ever redirect targets: never an open redirect.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use preflight_core::channel::route::{Intent, recommend};

use crate::client::ClientAccess;
use crate::pages::{escape, page};
use crate::state::AppState;

pub async fn handler(
    State(state): State<AppState>,
    ClientAccess(access): ClientAccess,
    Path(id): Path<String>,
) -> Response {
    let Some(app) = state.config.app(&id) else {
        return page(
            StatusCode::NOT_FOUND,
            "fr",
            "Application inconnue",
            "<p>Cette application n'existe pas sur le portail.</p>\n<p lang=\"en\">This app does not exist on the portal.</p>\n<p><a href=\"/\">Retour / Back</a></p>",
        );
    };
    let recommendation = match recommend(&state.config, &access, &Intent::App(id.clone()), state.now_timestamp(), None)
    {
        Ok(r) => r,
        Err(e) => return page(StatusCode::NOT_FOUND, "fr", "Application inconnue", &escape(&e.to_string())),
    };
    if recommendation.usable_here {
        let location = app.url.get_ref().as_str();
        return (StatusCode::SEE_OTHER, [(header::LOCATION, location), (header::CACHE_CONTROL, "no-store")])
            .into_response();
    }
    let advice: String = recommendation
        .advice
        .iter()
        .map(|t| {
            format!(
                "<p class=\"advice\">{}</p>\n<p class=\"advice\" lang=\"en\">{}</p>\n",
                escape(&t.fr),
                escape(&t.en)
            )
        })
        .collect();
    page(
        StatusCode::OK,
        "fr",
        &format!("{} : pas depuis ce poste", escape(&app.name.fr)),
        &format!("<div id=\"go-explanation\" role=\"alert\">\n{advice}</div>\n<p><a href=\"/\">Retour / Back</a></p>"),
    )
}
