//! How the helpdesk confirms each finding on the phone. Kept out of the entries so that the widget,
//! which never shows it, does not ship it; a match, so that no code can lack one.

use crate::finding::Code;

pub fn helpdesk_check(code: Code) -> &'static str {
    match code {
        Code::ClkOk => "Nothing to check: the device clock is within 30 s of the edge.",
        Code::ClkTotp => {
            "Ask the agent to read the device time, seconds included, and compare with yours: more than 30 s off confirms it."
        }
        Code::ClkSkew => "The device time differs from the real time by more than 5 minutes.",
        Code::ClkTz => "The minutes on the device are right but the hour is not: check the time-zone setting.",
        Code::ClkUnsure => "Run the full check again from a faster connection.",
        Code::ClkUnavailable => "The check service did not answer: not a problem on the agent's side.",
        Code::CooOk => "Nothing to check: a test cookie went to the edge and came back.",
        Code::CooBlocked => {
            "Ask which browser and whether private browsing or a cookie blocker is on; a company policy may block cookies."
        }
        Code::CooLarge => "The edge measured the Cookie header the browser sends to the portal.",
        Code::CooTooLarge => "The edge measured a Cookie header over 8 KB, the usual server limit.",
        Code::StoOk => "Nothing to check.",
        Code::StoBlocked => "localStorage or sessionStorage threw: private mode or a policy blocks site data.",
        Code::StoFull => "navigator.storage.estimate() reports over 90 % of the quota used.",
        Code::CacOk => "Nothing to check.",
        Code::CacStale => "The page's version differs from the version the edge says is deployed.",
        Code::CacWorker => "A service worker other than the portal's current one is registered for the portal.",
        Code::SecOk => "Nothing to check.",
        Code::SecInsecure => "The page was loaded over plain http from a name other than localhost.",
        Code::CrtClock => {
            "An HTTPS host failed while the device clock is far off: certificates look expired or not yet valid."
        }
        Code::CrtFilter => {
            "An HTTPS host failed from the agent's network; check proxies, TLS inspection, and the host's certificate."
        }
        Code::ShrDevice => {
            "The agent declared a shared computer at sign-in, or the device is on a shared-workstation network of the config."
        }
        Code::ShrPublic => "The edge saw the connection come from a public Wi-Fi network listed in the config.",
        Code::ShrIdle => {
            "The shared-workstation idle countdown ran out: the portal's data was wiped on purpose; the agent signs in again."
        }
    }
}
