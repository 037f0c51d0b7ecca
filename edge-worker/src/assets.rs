//! Pages and the built widget from the `[assets]` binding (`www/`), through the Router, so that they
//! carry the same security headers as on the native edge.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, Uri};
use axum::response::IntoResponse;
use http_body_util::BodyExt;
use preflight_edge::{Problem, StaticFiles, StaticFuture};
use worker::send::{SendFuture, SendWrapper};
use worker::{Env, Fetcher, console_error};

const BINDING: &str = "ASSETS";

pub struct AssetsBinding(SendWrapper<Fetcher>);

impl AssetsBinding {
    pub fn from_env(env: &Env) -> Result<Self, Problem> {
        env.assets(BINDING).map(|f| AssetsBinding(SendWrapper::new(f))).map_err(|e| {
            console_error!("preflight-edge: no [assets] binding {BINDING}: {e}");
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "The edge has no pages: see the worker's logs.")
        })
    }
}

impl StaticFiles for AssetsBinding {
    fn serve(&self, mut request: Request) -> StaticFuture {
        let assets = self.0.clone();
        Box::pin(SendFuture::new(async move {
            // The binding wants an absolute URL; only the path matters to it. `html_handling = "none"`
            // in wrangler.toml, so folders are mapped to their index.html here, as natively. A 404 goes back
            // as it is: the Router answers it with its 404 page.
            let path = request.uri().path();
            let path = if path.ends_with('/') { format!("{path}index.html") } else { path.to_owned() };
            match Uri::try_from(format!("https://assets.invalid{path}")) {
                Ok(uri) => *request.uri_mut() = uri,
                Err(_) => return StatusCode::NOT_FOUND.into_response(),
            }
            match assets.fetch_request(request).await {
                Ok(response) => response.map(|body| Body::new(body.map_err(|e| e.to_string()))),
                Err(e) => {
                    console_error!("preflight-edge: the assets binding failed: {e}");
                    Problem::new(StatusCode::BAD_GATEWAY, "The page could not be read; try again.").into_response()
                }
            }
        }))
    }
}
