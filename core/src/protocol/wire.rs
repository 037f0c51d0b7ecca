//! The wire contract without serde, for the login page's widget: serde's generated code would take a
//! good part of its 30 KB budget. Each body it sends or reads is described here once, next to the
//! serde derive of the same type, and a native test checks that both give exactly the same JSON.
//!
//! Writing: [`ToWire`] turns a value into a [`Wire`] tree that the widget hands to `JSON.stringify`.
//! Reading: [`FromWire`] reads a value from anything that looks like parsed JSON ([`WireSource`]: a
//! JS object in the widget, `serde_json::Value` in tests). Both destructure or build their type
//! field by field, so adding a field fails to compile here until it is on the wire.

use crate::checks::{BrowserObservations, ClockObservation, ProbeObservation};
use crate::finding::{Code, Finding, Severity};
use crate::i18n::Text;
use crate::shared_device::SessionHints;

use super::{SessionHintsAnswer, check_version};

/// A JSON value to send.
#[derive(Debug, Clone, PartialEq)]
pub enum Wire<'a> {
    Null,
    Bool(bool),
    Number(f64),
    Text(&'a str),
    List(Vec<Wire<'a>>),
    Object(Vec<(&'static str, Wire<'a>)>),
}

pub trait ToWire {
    fn to_wire(&self) -> Wire<'_>;
}

/// What a decoder sees of a parsed JSON value.
pub trait WireSource: Sized {
    fn field(&self, name: &str) -> Option<Self>;
    fn boolean(&self) -> Option<bool>;
    fn number(&self) -> Option<f64>;
    fn text(&self) -> Option<String>;
    fn items(&self) -> Option<Vec<Self>>;
}

pub trait FromWire: Sized {
    fn from_wire<S: WireSource>(source: &S) -> Option<Self>;
}

fn optional<'a, T>(value: Option<T>, wire: impl FnOnce(T) -> Wire<'a>) -> Wire<'a> {
    value.map_or(Wire::Null, wire)
}

fn number(value: u64) -> Wire<'static> {
    Wire::Number(value as f64)
}

impl ToWire for BrowserObservations {
    fn to_wire(&self) -> Wire<'_> {
        let BrowserObservations {
            v,
            clock,
            cookies_enabled,
            cookie_write_read,
            cookie_probe,
            local_storage,
            session_storage,
            secure_context,
            loopback_host,
            loaded_version,
            service_workers,
            storage_usage,
            storage_quota,
            probes,
        } = self;
        Wire::Object(vec![
            ("v", number(u64::from(*v))),
            ("clock", optional(clock.as_ref(), ToWire::to_wire)),
            ("cookies_enabled", Wire::Bool(*cookies_enabled)),
            ("cookie_write_read", Wire::Bool(*cookie_write_read)),
            ("cookie_probe", Wire::Bool(*cookie_probe)),
            ("local_storage", Wire::Bool(*local_storage)),
            ("session_storage", Wire::Bool(*session_storage)),
            ("secure_context", Wire::Bool(*secure_context)),
            ("loopback_host", Wire::Bool(*loopback_host)),
            ("loaded_version", optional(loaded_version.as_deref(), Wire::Text)),
            ("service_workers", Wire::List(service_workers.iter().map(|s| Wire::Text(s)).collect())),
            ("storage_usage", optional(*storage_usage, number)),
            ("storage_quota", optional(*storage_quota, number)),
            ("probes", Wire::List(probes.iter().map(ToWire::to_wire).collect())),
        ])
    }
}

impl ToWire for ClockObservation {
    fn to_wire(&self) -> Wire<'_> {
        let ClockObservation { offset_ms, error_bound_ms } = self;
        Wire::Object(vec![("offset_ms", Wire::Number(*offset_ms)), ("error_bound_ms", Wire::Number(*error_bound_ms))])
    }
}

impl ToWire for ProbeObservation {
    fn to_wire(&self) -> Wire<'_> {
        let ProbeObservation { url, reachable } = self;
        Wire::Object(vec![("url", Wire::Text(url)), ("reachable", Wire::Bool(*reachable))])
    }
}

fn read<S: WireSource, T>(source: &S, name: &str, how: impl FnOnce(&S) -> Option<T>) -> Option<T> {
    how(&source.field(name)?)
}

fn small_number<S: WireSource>(source: &S, name: &str) -> Option<u32> {
    let n = read(source, name, S::number)?;
    (n >= 0.0 && n <= f64::from(u32::MAX) && n.fract() == 0.0).then_some(n as u32)
}

impl FromWire for Text {
    fn from_wire<S: WireSource>(source: &S) -> Option<Self> {
        Some(Text { fr: read(source, "fr", S::text)?, en: read(source, "en", S::text)? })
    }
}

impl FromWire for Finding {
    fn from_wire<S: WireSource>(source: &S) -> Option<Self> {
        Some(Finding {
            code: Code::parse(&read(source, "code", S::text)?)?,
            severity: Severity::parse(&read(source, "severity", S::text)?)?,
            title: read(source, "title", Text::from_wire)?,
            message: read(source, "message", Text::from_wire)?,
            remedy: read(source, "remedy", Text::from_wire)?,
        })
    }
}

impl FromWire for SessionHints {
    fn from_wire<S: WireSource>(source: &S) -> Option<Self> {
        let v = small_number(source, "v")?;
        check_version(v).ok()?;
        Some(SessionHints {
            v,
            shared_workstation: read(source, "shared_workstation", S::boolean)?,
            public_network_hint: read(source, "public_network_hint", S::boolean)?,
            idle_minutes: small_number(source, "idle_minutes")?,
            countdown_seconds: small_number(source, "countdown_seconds")?,
        })
    }
}

impl FromWire for SessionHintsAnswer {
    fn from_wire<S: WireSource>(source: &S) -> Option<Self> {
        // `notice` is null on most days: only a present, well-formed text counts.
        let notice = source.field("notice").and_then(|n| Text::from_wire(&n));
        Some(SessionHintsAnswer { hints: SessionHints::from_wire(source)?, notice })
    }
}

/// What the login line needs of a check's answer: the finding to show (the one the edge named in
/// `top`) and the session hints; the other findings stay unread.
pub fn login_answer<S: WireSource>(answer: &S) -> Option<(Finding, SessionHintsAnswer)> {
    check_version(small_number(answer, "v")?).ok()?;
    let top = small_number(answer, "top")? as usize;
    let finding = Finding::from_wire(answer.field("findings")?.items()?.get(top)?)?;
    Some((finding, read(answer, "session", SessionHintsAnswer::from_wire)?))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::checks::{EdgeObservations, evaluate};
    use crate::protocol::{CheckAnswer, PROTOCOL_VERSION};

    impl WireSource for Value {
        fn field(&self, name: &str) -> Option<Self> {
            self.get(name).cloned()
        }
        fn boolean(&self) -> Option<bool> {
            self.as_bool()
        }
        fn number(&self) -> Option<f64> {
            self.as_f64()
        }
        fn text(&self) -> Option<String> {
            self.as_str().map(str::to_owned)
        }
        fn items(&self) -> Option<Vec<Self>> {
            self.as_array().cloned()
        }
    }

    /// What `JSON.stringify` makes of a wire value in the browser: whole numbers without `.0`.
    fn json(wire: &Wire<'_>) -> Value {
        match wire {
            Wire::Null => Value::Null,
            Wire::Bool(b) => Value::Bool(*b),
            Wire::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Value::from(*n as i64),
            Wire::Number(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            Wire::Text(t) => Value::String((*t).to_owned()),
            Wire::List(items) => Value::Array(items.iter().map(json).collect()),
            Wire::Object(fields) => Value::Object(fields.iter().map(|(k, v)| ((*k).to_owned(), json(v))).collect()),
        }
    }

    fn examples() -> Vec<BrowserObservations> {
        let full = BrowserObservations {
            v: PROTOCOL_VERSION,
            clock: Some(ClockObservation { offset_ms: -400_000.5, error_bound_ms: 12.25 }),
            cookies_enabled: true,
            cookie_write_read: false,
            cookie_probe: true,
            local_storage: true,
            session_storage: false,
            secure_context: true,
            loopback_host: false,
            loaded_version: Some("2026.11.1".into()),
            service_workers: vec!["/demo-sw.js".into(), "/old-sw.js".into()],
            storage_usage: Some(12_345),
            storage_quota: Some(1 << 40),
            probes: vec![ProbeObservation { url: "https://idp.example.fr/".into(), reachable: false }],
        };
        vec![BrowserObservations::default(), full]
    }

    #[test]
    fn observations_go_on_the_wire_exactly_as_serde_writes_them() {
        for observations in examples() {
            let serde = serde_json::to_value(&observations).unwrap();
            let wire = json(&observations.to_wire());
            assert_eq!(wire, serde);
            // And the edge (serde, unknown fields refused) reads them back whole.
            assert_eq!(serde_json::from_value::<BrowserObservations>(wire).unwrap(), observations);
        }
    }

    #[test]
    fn the_login_line_reads_what_the_edge_writes() {
        let observations = &examples()[1];
        let edge = EdgeObservations { deployed_version: "2026.11.1".into(), ..EdgeObservations::default() };
        let findings = evaluate(observations, &edge);
        let hints = SessionHints {
            v: 1,
            shared_workstation: true,
            public_network_hint: true,
            idle_minutes: 7,
            countdown_seconds: 30,
        };
        for notice in [None, Some(Text { fr: "Accès interne fermé".into(), en: "Internal access closed".into() })] {
            let session = SessionHintsAnswer { hints, notice };
            let answer =
                CheckAnswer { v: PROTOCOL_VERSION, findings: findings.clone(), top: 1, session: session.clone() };
            let written = serde_json::to_value(&answer).unwrap();
            assert_eq!(login_answer(&written), Some((findings[1].clone(), session)));
        }
        for finding in &findings {
            assert_eq!(Finding::from_wire(&serde_json::to_value(finding).unwrap()).as_ref(), Some(finding));
        }
    }

    #[test]
    fn answers_of_another_version_or_shape_are_not_read() {
        let hints = SessionHints {
            v: 1,
            shared_workstation: false,
            public_network_hint: false,
            idle_minutes: 10,
            countdown_seconds: 60,
        };
        let answer = CheckAnswer {
            v: PROTOCOL_VERSION,
            findings: evaluate(&examples()[0], &EdgeObservations::default()),
            top: 0,
            session: SessionHintsAnswer { hints, notice: None },
        };
        let mut written = serde_json::to_value(&answer).unwrap();
        written["v"] = (PROTOCOL_VERSION + 1).into();
        assert_eq!(login_answer(&written), None);
        let mut written = serde_json::to_value(&answer).unwrap();
        written["top"] = 99.into();
        assert_eq!(login_answer(&written), None);
        let mut written = serde_json::to_value(&answer).unwrap();
        written["session"]["idle_minutes"] = (-1).into();
        assert_eq!(login_answer(&written), None);
    }
}
