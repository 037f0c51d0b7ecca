//! The wire contract without serde, for the login page's widget: serde's generated code would take a
//! good part of its 30 KB budget. Each body it sends or reads is described here once, next to the
//! serde derive of the same type, and a native test checks that both give exactly the same JSON.
//!
//! Writing: [`ToWire`] writes a value field by field into a [`WireWriter`] (a JS object the widget
//! hands to `JSON.stringify`).
//! Reading: [`FromWire`] reads a value from anything that looks like parsed JSON ([`WireSource`]: a
//! JS object in the widget, `serde_json::Value` in tests). Both destructure or build their type
//! field by field, so adding a field fails to compile here until it is on the wire.

use crate::checks::{BrowserObservations, ClockObservation, ProbeObservation};
use crate::clock::ClockSample;
use crate::clock::exchange::SentStamp;
use crate::finding::{Code, Finding, Severity};
use crate::i18n::Text;
use crate::shared_device::SessionHints;

use super::{SessionHintsAnswer, check_version};

/// Where a body is written, field by field: a JS object in the widget, a JSON map in tests.
/// Generic rather than a value tree, so that the widget's code is the straight list of its fields.
pub trait WireWriter: Sized {
    fn null(&mut self, name: &'static str);
    fn boolean(&mut self, name: &'static str, value: bool);
    fn number(&mut self, name: &'static str, value: f64);
    fn text(&mut self, name: &'static str, value: &str);
    fn texts(&mut self, name: &'static str, values: &[String]);
    /// A nested object, written by `write` into a fresh writer.
    fn object(&mut self, name: &'static str, write: impl FnOnce(&mut Self));
    /// A list of objects, each written by `write`.
    fn objects<T>(&mut self, name: &'static str, items: &[T], write: impl Fn(&mut Self, &T));
}

pub trait ToWire {
    fn to_wire<W: WireWriter>(&self, w: &mut W);
}

/// What a decoder sees of a parsed JSON value.
pub trait WireSource: Sized {
    fn field(&self, name: &str) -> Option<Self>;
    fn boolean(&self) -> Option<bool>;
    fn number(&self) -> Option<f64>;
    fn text(&self) -> Option<String>;
    /// The `index`th item of a list.
    fn item(&self, index: usize) -> Option<Self>;
}

pub trait FromWire: Sized {
    fn from_wire<S: WireSource>(source: &S) -> Option<Self>;
}

fn optional_number<W: WireWriter>(w: &mut W, name: &'static str, value: Option<u64>) {
    match value {
        Some(n) => w.number(name, n as f64),
        None => w.null(name),
    }
}

impl ToWire for BrowserObservations {
    fn to_wire<W: WireWriter>(&self, w: &mut W) {
        let BrowserObservations {
            v,
            clock,
            sent,
            sample,
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
        w.number("v", f64::from(*v));
        match clock {
            Some(clock) => w.object("clock", |w| clock.to_wire(w)),
            None => w.null("clock"),
        }
        match sent {
            Some(sent) => w.object("sent", |w| sent.to_wire(w)),
            None => w.null("sent"),
        }
        match sample {
            Some(sample) => w.object("sample", |w| sample.to_wire(w)),
            None => w.null("sample"),
        }
        w.boolean("cookies_enabled", *cookies_enabled);
        w.boolean("cookie_write_read", *cookie_write_read);
        w.boolean("cookie_probe", *cookie_probe);
        w.boolean("local_storage", *local_storage);
        w.boolean("session_storage", *session_storage);
        w.boolean("secure_context", *secure_context);
        w.boolean("loopback_host", *loopback_host);
        match loaded_version {
            Some(version) => w.text("loaded_version", version),
            None => w.null("loaded_version"),
        }
        w.texts("service_workers", service_workers);
        optional_number(w, "storage_usage", *storage_usage);
        optional_number(w, "storage_quota", *storage_quota);
        w.objects("probes", probes, |w, probe| probe.to_wire(w));
    }
}

impl ToWire for ClockObservation {
    fn to_wire<W: WireWriter>(&self, w: &mut W) {
        let ClockObservation { offset_ms, error_bound_ms } = self;
        w.number("offset_ms", *offset_ms);
        w.number("error_bound_ms", *error_bound_ms);
    }
}

impl ToWire for SentStamp {
    fn to_wire<W: WireWriter>(&self, w: &mut W) {
        let SentStamp { t0, within_ms } = self;
        w.number("t0", *t0);
        w.number("within_ms", *within_ms);
    }
}

impl ToWire for ClockSample {
    fn to_wire<W: WireWriter>(&self, w: &mut W) {
        let ClockSample { t0, t1, t2, t3 } = self;
        for (name, value) in [("t0", t0), ("t1", t1), ("t2", t2), ("t3", t3)] {
            w.number(name, *value);
        }
    }
}

impl ToWire for ProbeObservation {
    fn to_wire<W: WireWriter>(&self, w: &mut W) {
        let ProbeObservation { url, reachable } = self;
        w.text("url", url);
        w.boolean("reachable", *reachable);
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

/// What the login line needs of a check's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginAnswer {
    /// The finding to show: the one the edge named in `top` (the others stay unread).
    pub finding: Finding,
    pub session: SessionHintsAnswer,
    /// The edge's stamps, for the exchange's time sample.
    pub t1: f64,
    pub t2: f64,
    /// The edge wants the exchange's sample to decide the clock (`CheckAnswer::wants_sample`).
    pub wants_sample: bool,
}

pub fn login_answer<S: WireSource>(answer: &S) -> Option<LoginAnswer> {
    check_version(small_number(answer, "v")?).ok()?;
    let top = small_number(answer, "top")? as usize;
    Some(LoginAnswer {
        finding: Finding::from_wire(&answer.field("findings")?.item(top)?)?,
        session: read(answer, "session", SessionHintsAnswer::from_wire)?,
        t1: read(answer, "t1", S::number)?,
        t2: read(answer, "t2", S::number)?,
        wants_sample: read(answer, "wants_sample", S::boolean)?,
    })
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
        fn item(&self, index: usize) -> Option<Self> {
            self.as_array()?.get(index).cloned()
        }
    }

    /// What `JSON.stringify` makes of the widget's object: whole numbers without `.0`.
    #[derive(Default)]
    struct JsonWriter(serde_json::Map<String, Value>);

    fn json_number(n: f64) -> Value {
        if n.fract() == 0.0 && n.abs() < 9e15 { Value::from(n as i64) } else { Value::from(n) }
    }

    impl WireWriter for JsonWriter {
        fn null(&mut self, name: &'static str) {
            self.0.insert(name.into(), Value::Null);
        }
        fn boolean(&mut self, name: &'static str, value: bool) {
            self.0.insert(name.into(), value.into());
        }
        fn number(&mut self, name: &'static str, value: f64) {
            self.0.insert(name.into(), json_number(value));
        }
        fn text(&mut self, name: &'static str, value: &str) {
            self.0.insert(name.into(), value.into());
        }
        fn texts(&mut self, name: &'static str, values: &[String]) {
            self.0.insert(name.into(), values.into());
        }
        fn object(&mut self, name: &'static str, write: impl FnOnce(&mut Self)) {
            let mut child = JsonWriter::default();
            write(&mut child);
            self.0.insert(name.into(), Value::Object(child.0));
        }
        fn objects<T>(&mut self, name: &'static str, items: &[T], write: impl Fn(&mut Self, &T)) {
            let list = items.iter().map(|item| {
                let mut child = JsonWriter::default();
                write(&mut child, item);
                Value::Object(child.0)
            });
            self.0.insert(name.into(), Value::Array(list.collect()));
        }
    }

    fn json(value: &impl ToWire) -> Value {
        let mut writer = JsonWriter::default();
        value.to_wire(&mut writer);
        Value::Object(writer.0)
    }

    fn examples() -> Vec<BrowserObservations> {
        let full = BrowserObservations {
            v: PROTOCOL_VERSION,
            clock: Some(ClockObservation { offset_ms: -400_000.5, error_bound_ms: 12.25 }),
            // Fractional, because serde writes a whole f64 as `2500.0` where `JSON.stringify` writes
            // `2500` (the same JSON number, another `Value`); the read-back below covers whole ones.
            sent: Some(SentStamp { t0: 1_764_086_400_123.5, within_ms: 2_500.5 }),
            sample: Some(ClockSample {
                t0: 1_764_086_400_001.5,
                t1: 1_764_086_400_020.5,
                t2: 1_764_086_400_021.25,
                t3: 1_764_086_400_040.5,
            }),
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
            let wire = json(&observations);
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
            let wants_sample = notice.is_some();
            let session = SessionHintsAnswer { hints, notice };
            let (t1, t2) = (1_764_086_400_000.0, 1_764_086_400_000.75);
            let (findings, session) = (findings.clone(), session.clone());
            let answer = CheckAnswer { v: PROTOCOL_VERSION, findings, top: 1, session, t1, t2, wants_sample };
            let written = serde_json::to_value(&answer).unwrap();
            let expected =
                LoginAnswer { finding: answer.findings[1].clone(), session: answer.session, t1, t2, wants_sample };
            assert_eq!(login_answer(&written), Some(expected));
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
            t1: 1.0,
            t2: 1.0,
            wants_sample: false,
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
        let mut written = serde_json::to_value(&answer).unwrap();
        written["t2"] = "soon".into();
        assert_eq!(login_answer(&written), None);
    }
}
