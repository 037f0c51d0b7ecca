//! `mode="vpn-monitor"` (check page): on demand, pings `/api/time` every second for 1–10 minutes and
//! shows loss, median and p95 round trip, jitter, a live chart and a verdict in plain words. Stops
//! when the page is hidden. The statistics, the verdict, the measurement's length and every word shown
//! come from `core::link_quality`.

use std::cell::RefCell;
use std::rc::Rc;

use preflight_core::i18n::Lang;
use preflight_core::link_quality::{self, MEASURE_MINUTES, PING_EVERY_MS, PING_LOST_AFTER_MS, Stop};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlElement, HtmlSelectElement};

use crate::dom::{append, document_of, element, text, typed};
use crate::edge_fetch;

const CHART_POINTS: usize = 120;
const SVG: &str = "http://www.w3.org/2000/svg";

struct Monitor {
    host: HtmlElement,
    edge: String,
    lang: Lang,
    samples: Vec<Option<f64>>,
    deadline_ms: f64,
    interval: Option<i32>,
    values: [Element; 4],
    chart: Element,
    verdict: Element,
}

type Shared = Rc<RefCell<Monitor>>;

pub async fn run(host: &HtmlElement, edge: &str, lang: Lang) -> Result<(), JsValue> {
    let document = document_of(host)?;
    let form = element(&document, "form", "pf-monitor-form")?;
    let minutes: HtmlSelectElement = typed(&document, "select", "")?;
    minutes.set_id("pf-monitor-minutes");
    for m in MEASURE_MINUTES {
        let m = m.to_string();
        let option = text(&document, "option", "", &link_quality::MINUTES.fill(lang, &[("minutes", &m)]))?;
        option.set_attribute("value", &m)?;
        minutes.append_child(&option)?;
    }
    let minutes_label = text(&document, "label", "", link_quality::DURATION.get(lang))?;
    minutes_label.set_attribute("for", "pf-monitor-minutes")?;
    let start = text(&document, "button", "pf-start", link_quality::START.get(lang))?;
    let stop = text(&document, "button", "pf-stop", link_quality::STOP.get(lang))?;
    stop.set_attribute("type", "button")?;
    append(&form, &[&minutes_label, &minutes, &start, &stop])?;

    let (stats, values) = stats_list(&document, lang)?;
    let chart = document.create_element_ns(Some(SVG), "svg")?;
    chart.set_attribute("viewBox", "0 0 300 100")?;
    // Stretch the time axis over the page's width; CSS keeps the stroke width.
    chart.set_attribute("preserveAspectRatio", "none")?;
    chart.set_attribute("class", "pf-chart")?;
    chart.set_attribute("role", "img")?;
    chart.set_attribute("aria-label", link_quality::CHART.get(lang))?;
    let verdict = element(&document, "p", "pf-verdict")?;
    verdict.set_attribute("role", "status")?;
    verdict.set_attribute("aria-live", "polite")?;

    host.replace_children_with_node_0();
    append(host, &[&text(&document, "h2", "", link_quality::TITLE.get(lang))?, &form, &stats, &chart, &verdict])?;

    let monitor = Rc::new(RefCell::new(Monitor {
        host: host.clone(),
        edge: edge.to_owned(),
        lang,
        samples: Vec::new(),
        deadline_ms: 0.0,
        interval: None,
        values,
        chart,
        verdict,
    }));
    listen(&form, "submit", {
        let monitor = monitor.clone();
        move |event: Event| {
            event.prevent_default();
            let minutes = link_quality::measure_minutes(&minutes.value());
            let _ = start_measuring(&monitor, minutes);
        }
    })?;
    listen(&stop, "click", {
        let monitor = monitor.clone();
        move |_| halt(&monitor, Stop::Finished)
    })?;
    listen(&document, "visibilitychange", {
        let (monitor, document) = (monitor.clone(), document.clone());
        move |_| {
            if document.hidden() && monitor.borrow().interval.is_some() {
                halt(&monitor, Stop::PageHidden);
            }
        }
    })?;
    host.set_attribute("data-state", "ready")
}

fn stats_list(document: &Document, lang: Lang) -> Result<(Element, [Element; 4]), JsValue> {
    let list = element(document, "dl", "pf-monitor-stats")?;
    let mut values = Vec::new();
    let names = [link_quality::LOSS, link_quality::MEDIAN, link_quality::P95, link_quality::JITTER];
    for (key, name) in ["loss", "median", "p95", "jitter"].into_iter().zip(names) {
        let value = text(document, "dd", "", "–")?;
        value.set_attribute("data-stat", key)?;
        append(&list, &[&text(document, "dt", "", name.get(lang))?, &value])?;
        values.push(value);
    }
    let values: [Element; 4] = values.try_into().map_err(|_| JsValue::from_str("four stats"))?;
    Ok((list, values))
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

fn start_measuring(monitor: &Shared, minutes: u32) -> Result<(), JsValue> {
    halt_timer(monitor);
    let window = web_sys::window().ok_or("no window")?;
    let tick = Closure::<dyn FnMut()>::new({
        let monitor = monitor.clone();
        move || tick(&monitor)
    });
    let id = window
        .set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), PING_EVERY_MS as i32)?;
    tick.forget(); // one small closure per measurement, alive until the page goes
    let mut m = monitor.borrow_mut();
    m.samples.clear();
    m.deadline_ms = now_ms() + f64::from(minutes) * 60_000.0;
    m.interval = Some(id);
    m.host.set_attribute("data-state", "running")?;
    drop(m);
    render(monitor);
    Ok(())
}

fn tick(monitor: &Shared) {
    if now_ms() >= monitor.borrow().deadline_ms {
        return halt(monitor, Stop::Finished);
    }
    let monitor = monitor.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let url = format!("{}/api/time", monitor.borrow().edge);
        let sent = now_ms();
        let rtt = edge_fetch::get(&url, PING_LOST_AFTER_MS).await.ok().map(|_| now_ms() - sent);
        if monitor.borrow().interval.is_some() {
            monitor.borrow_mut().samples.push(rtt);
            render(&monitor);
        }
    });
}

fn halt_timer(monitor: &Shared) -> bool {
    let Some(id) = monitor.borrow_mut().interval.take() else { return false };
    if let Some(window) = web_sys::window() {
        window.clear_interval_with_handle(id);
    }
    true
}

fn halt(monitor: &Shared, reason: Stop) {
    if halt_timer(monitor) {
        let m = monitor.borrow();
        let _ = m.host.set_attribute("data-state", "stopped");
        let _ = m.host.set_attribute("data-stop-reason", reason.as_str());
        let said = format!("{} {}", m.verdict.text_content().unwrap_or_default(), reason.text().get(m.lang));
        m.verdict.set_text_content(Some(said.trim()));
    }
}

fn render(monitor: &Shared) {
    let m = monitor.borrow();
    let stats = link_quality::stats(&m.samples);
    for (value, figure) in m.values.iter().zip(stats.figures()) {
        value.set_text_content(Some(&figure));
    }
    m.verdict.set_text_content(Some(&link_quality::describe(&stats, m.lang)));
    let class = match link_quality::verdict(&stats).severity() {
        Some(severity) => format!("pf-verdict pf-{}", severity.as_str()),
        None => "pf-verdict".to_owned(),
    };
    m.verdict.set_class_name(&class);
    let _ = m.host.set_attribute("data-samples", &m.samples.len().to_string());
    let _ = draw(&m.chart, &m.samples);
}

/// A polyline of round trips (scaled to the slowest, at least 200 ms) and red dots for losses.
fn draw(chart: &Element, samples: &[Option<f64>]) -> Result<(), JsValue> {
    let document = chart.owner_document().ok_or("no document")?;
    chart.replace_children_with_node_0();
    let recent = &samples[samples.len().saturating_sub(CHART_POINTS)..];
    let scale = recent.iter().flatten().fold(200.0_f64, |a, b| a.max(*b));
    let step = 300.0 / (CHART_POINTS - 1) as f64;
    let mut points = String::new();
    for (i, sample) in recent.iter().enumerate() {
        let x = (i as f64 * step).round() as i64;
        match sample {
            Some(rtt) => points.push_str(&format!("{x},{} ", (96.0 - rtt / scale * 92.0).round() as i64)),
            None => {
                let dot = document.create_element_ns(Some(SVG), "circle")?;
                for (name, value) in
                    [("cx", x.to_string()), ("cy", "96".into()), ("r", "2.5".into()), ("class", "pf-lost".into())]
                {
                    dot.set_attribute(name, &value)?;
                }
                chart.append_child(&dot)?;
            }
        }
    }
    let line = document.create_element_ns(Some(SVG), "polyline")?;
    line.set_attribute("points", points.trim_end())?;
    line.set_attribute("class", "pf-rtt")?;
    chart.append_child(&line)?;
    Ok(())
}

fn listen(target: &web_sys::EventTarget, kind: &str, handler: impl FnMut(Event) + 'static) -> Result<(), JsValue> {
    let listener = Closure::<dyn FnMut(Event)>::new(handler);
    target.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())?;
    listener.forget(); // lives as long as the page
    Ok(())
}
