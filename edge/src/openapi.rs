//! The API's OpenAPI 3.1 document. It is generated from core's wire types at build and test time
//! (`contract`, feature `openapi`; `cargo xtask openapi` writes it) and committed as
//! `www/openapi.json`, so neither host carries the generator: the Router's route
//! `GET /api/openapi.json` answers it with `pages::static_file` (which sees the path without the
//! nested `/api`, as every handler of the API Router does), from the folder natively and from the
//! asset store on Workers (that route costs the Workers bundle 58 bytes gzip; a handler of its
//! own cost 679).

#[cfg(feature = "openapi")]
pub mod contract;
#[cfg(feature = "openapi")]
mod examples;

/// Where the document is served.
pub const DOCUMENT_PATH: &str = "/api/openapi.json";
/// Where it is in `www/`.
pub const DOCUMENT_FILE: &str = "openapi.json";

#[cfg(all(test, feature = "openapi"))]
mod tests;
