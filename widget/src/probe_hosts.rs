//! HTTPS reachability of the config's probe hosts (identity provider, webmail…). A `no-cors` fetch
//! reveals nothing of the answer but whether the TLS connection succeeded: a certificate the browser
//! refuses (expired, untrusted, or "not yet valid" because the device clock is wrong) and a filtered
//! network both end in a rejected promise.

use js_sys::Promise;
use preflight_core::checks::ProbeObservation;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::edge_fetch;

/// A host that has not answered by then is unreachable for the agent too.
const PROBE_TIMEOUT_MS: u32 = 2_500;

/// Starts every probe at once; they run while the time probes do.
pub fn start(urls: Vec<String>) -> Vec<(String, Option<Promise>)> {
    let window = web_sys::window();
    urls.into_iter()
        .map(|url| {
            let init = edge_fetch::options(
                "omit",
                edge_fetch::Deadline::after(PROBE_TIMEOUT_MS),
                &[("mode", "no-cors".into())],
            );
            let promise = window.as_ref().map(|w| w.fetch_with_str_and_init(&url, init.unchecked_ref()));
            (url, promise)
        })
        .collect()
}

pub async fn finish(started: Vec<(String, Option<Promise>)>) -> Vec<ProbeObservation> {
    let mut probes = Vec::with_capacity(started.len());
    for (url, promise) in started {
        let reachable = match promise {
            Some(promise) => JsFuture::from(promise).await.is_ok(),
            None => false,
        };
        probes.push(ProbeObservation { url, reachable });
    }
    probes
}
