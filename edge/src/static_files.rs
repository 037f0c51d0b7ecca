//! Where the pages and the built widget come from: a folder on the native edge, the platform's asset
//! store on Workers. The Router reaches them only through [`StaticFiles`], so both hosts share it.

use std::future::Future;
use std::pin::Pin;

use axum::extract::Request;
use axum::response::Response;

pub type StaticFuture = Pin<Box<dyn Future<Output = Response> + Send>>;

pub trait StaticFiles: Send + Sync {
    /// The file at the request's path (`/` is `index.html`) with its content type, or a 404 (the
    /// Router answers it with its 404 page).
    fn serve(&self, request: Request) -> StaticFuture;
}

#[cfg(feature = "native")]
pub use www_dir::WwwDir;

#[cfg(feature = "native")]
mod www_dir {
    use std::path::PathBuf;

    use axum::body::Body;
    use axum::extract::Request;
    use axum::http::{HeaderValue, header};
    use tower::ServiceExt;
    use tower_http::services::ServeDir;

    use super::{StaticFiles, StaticFuture};

    /// `www/` with correct content types (`application/wasm` included); unknown files are a bare 404,
    /// which `pages::static_file` turns into the 404 page. The widget's builds carry `.br` and `.gz`
    /// siblings (`cargo xtask build` writes them), served to browsers that accept them.
    pub struct WwwDir(ServeDir);

    impl WwwDir {
        pub fn new(dir: PathBuf) -> Self {
            WwwDir(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        }
    }

    impl StaticFiles for WwwDir {
        fn serve(&self, request: Request) -> StaticFuture {
            let files = self.0.clone();
            // The widget's files may go out compressed or not: a shared cache must keep both apart.
            let compressible = crate::security_headers::is_widget_asset(request.uri().path());
            Box::pin(async move {
                let mut response = match files.oneshot(request).await {
                    Ok(response) => response.map(Body::new),
                    Err(never) => match never {},
                };
                if compressible {
                    response.headers_mut().append(header::VARY, HeaderValue::from_static("accept-encoding"));
                }
                response
            })
        }
    }
}
