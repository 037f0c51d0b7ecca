//! The statistics page through `html`: the answer in one sentence, two line charts (checks and
//! failing checks per day, one line per access mode) and the channels' shares as inline SVG drawn
//! here (no script, no third party), each followed by its figures in a table; the top findings per
//! site and per browser family; the spikes; the CSV link. Words are core's (`statistics::view`).

use preflight_core::canary::{CLONE_LINE, CLONES_TITLE, CloneSighting, NO_CLONE};
use preflight_core::channel::AccessClass;
use preflight_core::i18n::{Lang, Template};
use preflight_core::statistics::K_ANONYMITY;
use preflight_core::statistics::view::*;

use crate::html::{Markup, Page, el, fill, join, void};

fn words(template: Template, lang: Lang) -> Markup {
    Markup::words(template, lang)
}

fn layout(lang: Lang, title: Template, body: Markup) -> String {
    Page { lang, title: title.get(lang), document_title: None, banner: None, script: None, body }.render()
}

pub fn disabled(lang: Lang) -> String {
    let variable = el("code", &[], Markup::text("PREFLIGHT_STATS_TOKEN"));
    layout(lang, DISABLED_TITLE, el("p", &[], fill(DISABLED_TEXT, lang, &[("variable", &variable)])))
}

pub fn unavailable(lang: Lang, message: &str) -> String {
    layout(lang, TITLE, el("p", &[("class", "pf-finding pf-error"), ("role", "alert")], Markup::text(message)))
}

/// The sign-in form, with `error` (plain text) when the last try failed.
pub fn sign_in(lang: Lang, error: Option<&str>) -> String {
    let mut input =
        vec![("id", "token"), ("name", "token"), ("type", "password"), ("autocomplete", "current-password")];
    input.extend([("required", ""), ("autofocus", "")]);
    if error.is_some() {
        input.push(("aria-describedby", "sign-in-error"));
    }
    let error = error.map_or_else(Markup::default, |e| {
        el("p", &[("class", "pf-finding pf-error"), ("role", "alert"), ("id", "sign-in-error")], Markup::text(e))
    });
    let form = join([
        el("label", &[("for", "token")], words(TOKEN_LABEL, lang)),
        void("input", &input),
        el("button", &[("type", "submit")], words(SIGN_IN, lang)),
    ]);
    let body = join([error, el("form", &[("method", "post"), ("action", "/stats/sign-in")], form)]);
    layout(lang, SIGN_IN_TITLE, body)
}

/// The page: what the portal team asks, answered first.
pub fn page(lang: Lang, v: &StatisticsView, clones: &[CloneSighting]) -> String {
    let k = K_ANONYMITY.to_string();
    let days = DAYS_SHOWN.to_string();
    let body = if v.checks == 0 {
        el("p", &[("class", "lead"), ("id", "stats-headline")], Markup::text(&NO_DATA.fill(lang, &[("k", &k)])))
    } else {
        let share = percent(v.failing as f64 / v.checks as f64, lang);
        let headline = HEADLINE.fill(
            lang,
            &[
                ("days", &days),
                ("failing", &v.failing.to_string()),
                ("checks", &v.checks.to_string()),
                ("share", &share),
            ],
        );
        let affected = v.most_affected().map_or_else(Markup::default, |(class, share)| {
            let line =
                MOST_AFFECTED.fill(lang, &[("access", access_name(class, lang)), ("share", &percent(share, lang))]);
            join([Markup::text(" "), Markup::text(&line)])
        });
        join([
            el(
                "p",
                &[
                    ("class", "lead"),
                    ("id", "stats-headline"),
                    ("data-checks", &v.checks.to_string()),
                    ("data-failing", &v.failing.to_string()),
                ],
                join([Markup::text(&headline), affected]),
            ),
            spikes(lang, v),
            section("checks-title", words(CHECKS_OVER_TIME, lang), over_time(lang, &v.days, "checks")),
            section("failing-title", words(FAILING_OVER_TIME, lang), over_time(lang, &v.failing_days, "failing")),
            section("share-title", words(CHANNEL_SHARE, lang), channel_share(lang, v)),
            section("sites-title", words(TOP_PER_SITE, lang), top_list(lang, "sites", &site_rows(v))),
            section("browsers-title", words(TOP_PER_BROWSER, lang), top_list(lang, "browsers", &browser_rows(lang, v))),
        ])
    };
    let body = join([body, clone_origins(lang, clones)]);
    let foot = join([
        el("p", &[("class", "pf-note")], Markup::text(&PRIVACY_NOTE.fill(lang, &[("k", &k)]))),
        el("p", &[], el("a", &[("href", "/stats/cells.csv"), ("id", "stats-csv")], words(CSV_LINK, lang))),
        el(
            "form",
            &[("method", "post"), ("action", "/stats/sign-out")],
            el("button", &[("type", "submit"), ("class", "pf-stop")], words(SIGN_OUT, lang)),
        ),
    ]);
    layout(lang, TITLE, join([body, foot]))
}

/// The copies of the login page seen (core's `canary`), most recent first.
fn clone_origins(lang: Lang, clones: &[CloneSighting]) -> Markup {
    let content = if clones.is_empty() {
        el("p", &[("id", "stats-clones"), ("data-clones", "0")], words(NO_CLONE, lang))
    } else {
        let items: Markup = clones
            .iter()
            .map(|c| {
                let line = CLONE_LINE.fill(
                    lang,
                    &[
                        ("origin", &c.origin),
                        ("count", &c.count.to_string()),
                        ("first", &hour_label(c.first_seen)),
                        ("last", &hour_label(c.last_seen)),
                    ],
                );
                el("li", &[("class", "pf-finding pf-error"), ("data-origin", &c.origin)], Markup::text(&line))
            })
            .collect();
        el("ul", &[("id", "stats-clones"), ("data-clones", &clones.len().to_string())], items)
    };
    section("clones-title", words(CLONES_TITLE, lang), content)
}

fn section(id: &'static str, heading: Markup, content: Markup) -> Markup {
    el("section", &[("aria-labelledby", id)], join([el("h2", &[("id", id)], heading), content]))
}

fn spikes(lang: Lang, v: &StatisticsView) -> Markup {
    let hours = SPIKE_HOURS_SHOWN.to_string();
    let content = if v.spikes.is_empty() {
        el(
            "p",
            &[("id", "stats-spikes"), ("data-spikes", "0")],
            Markup::text(&NO_SPIKE.fill(lang, &[("hours", &hours)])),
        )
    } else {
        let items: Markup = v
            .spikes
            .iter()
            .map(|s| {
                let line = SPIKE_LINE.fill(
                    lang,
                    &[
                        ("hour", &hour_label(s.hour)),
                        ("code", s.code.as_str()),
                        ("share", &percent(s.rate, lang)),
                        ("count", &s.count.to_string()),
                        ("checks", &s.checks.to_string()),
                        ("scope", &scope_words(&s.scope, lang)),
                        ("baseline", &percent(s.baseline, lang)),
                    ],
                );
                el("li", &[("class", "pf-finding pf-warning"), ("data-code", s.code.as_str())], Markup::text(&line))
            })
            .collect();
        el("ul", &[("id", "stats-spikes"), ("data-spikes", &v.spikes.len().to_string())], items)
    };
    section("spikes-title", words(SPIKES, lang), content)
}

/// Chart geometry (SVG user units): the plot's size and its margins for the axis labels.
const WIDTH: u64 = 600;
const HEIGHT: u64 = 180;
const LEFT: u64 = 40;
const BOTTOM: u64 = 20;
/// Each access mode's line: a colour and a dash pattern, so lines differ without colour too.
const LINES: [(&str, &str); 4] = [("#1f5fa8", ""), ("#b3541e", "6 3"), ("#2e7d32", "2 3"), ("#5a6470", "10 3 2 3")];

/// A line chart of `days` (one line per access mode with checks), then the same figures in a table.
fn over_time(lang: Lang, days: &[DayCounts], id: &str) -> Markup {
    let max = days.iter().flat_map(|d| d.by_access).max().unwrap_or(0).max(1);
    let n = days.len().max(2) as u64 - 1;
    let x = |i: usize| LEFT + i as u64 * (WIDTH - LEFT) / n;
    let y = |count: u64| (HEIGHT - BOTTOM) - count * (HEIGHT - BOTTOM - 10) / max;
    let mut svg = Markup::default();
    svg.push(el("text", &[("x", "0"), ("y", "12"), ("class", "pf-axis")], Markup::text(&max.to_string())));
    svg.push(el("text", &[("x", "0"), ("y", &(HEIGHT - BOTTOM).to_string()), ("class", "pf-axis")], Markup::text("0")));
    let baseline = format!("{LEFT},{} {WIDTH},{}", HEIGHT - BOTTOM, HEIGHT - BOTTOM);
    svg.push(void("polyline", &[("points", &baseline), ("fill", "none"), ("stroke", "#8a949e")]));
    for (a, class) in AccessClass::ALL.into_iter().enumerate() {
        if days.iter().all(|d| d.by_access[a] == 0) {
            continue;
        }
        let points: Vec<String> =
            days.iter().enumerate().map(|(i, d)| format!("{},{}", x(i), y(d.by_access[a]))).collect();
        let (colour, dash) = LINES[a];
        let mut attributes = vec![
            ("points", points.join(" ")),
            ("fill", "none".to_owned()),
            ("stroke", colour.to_owned()),
            ("stroke-width", "2".to_owned()),
            ("data-access", class.as_str().to_owned()),
        ];
        if !dash.is_empty() {
            attributes.push(("stroke-dasharray", dash.to_owned()));
        }
        let attributes: Vec<(&'static str, &str)> = attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
        svg.push(el("polyline", &attributes, el("title", &[], Markup::text(access_name(class, lang)))));
    }
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        let label_y = HEIGHT.to_string();
        svg.push(el(
            "text",
            &[("x", &LEFT.to_string()), ("y", &label_y), ("class", "pf-axis")],
            Markup::text(&day_label(first.day)),
        ));
        svg.push(el(
            "text",
            &[("x", &WIDTH.to_string()), ("y", &label_y), ("class", "pf-axis"), ("text-anchor", "end")],
            Markup::text(&day_label(last.day)),
        ));
    }
    let view_box = format!("0 0 {WIDTH} {HEIGHT}");
    let chart = el(
        "svg",
        &[
            ("class", "pf-stats-chart"),
            ("viewBox", &view_box),
            ("role", "img"),
            ("aria-label", CHART_ALT.get(lang)),
            ("id", id),
        ],
        svg,
    );
    join([chart, legend(lang, days), day_table(lang, days, id)])
}

fn legend(lang: Lang, days: &[DayCounts]) -> Markup {
    let items: Markup = AccessClass::ALL
        .into_iter()
        .enumerate()
        .filter(|(a, _)| days.iter().any(|d| d.by_access[*a] > 0))
        .map(|(a, class)| {
            let (colour, dash) = LINES[a];
            let mut line =
                vec![("x1", "0"), ("y1", "6"), ("x2", "24"), ("y2", "6"), ("stroke", colour), ("stroke-width", "2")];
            if !dash.is_empty() {
                line.push(("stroke-dasharray", dash));
            }
            let sample = el("svg", &[("width", "24"), ("height", "12"), ("aria-hidden", "true")], void("line", &line));
            el("li", &[], join([sample, Markup::text(" "), Markup::text(access_name(class, lang))]))
        })
        .collect();
    el("ul", &[("class", "pf-legend")], items)
}

/// The chart's figures: the days with checks, one column per access mode.
fn day_table(lang: Lang, days: &[DayCounts], id: &str) -> Markup {
    let columns: Vec<(usize, AccessClass)> =
        AccessClass::ALL.into_iter().enumerate().filter(|(a, _)| days.iter().any(|d| d.by_access[*a] > 0)).collect();
    let mut head = el("th", &[("scope", "col")], words(DAY, lang));
    for (_, class) in &columns {
        head.push(el("th", &[("scope", "col")], Markup::text(access_name(*class, lang))));
    }
    let rows: Markup = days
        .iter()
        .filter(|d| d.by_access.iter().any(|c| *c > 0))
        .map(|d| {
            let mut row = el("th", &[("scope", "row")], Markup::text(&day_label(d.day)));
            for (a, class) in &columns {
                row.push(el("td", &[("data-access", class.as_str())], Markup::text(&d.by_access[*a].to_string())));
            }
            el("tr", &[], row)
        })
        .collect();
    let table_id = format!("{id}-table");
    el("table", &[("id", &table_id)], join([el("thead", &[], el("tr", &[], head)), el("tbody", &[], rows)]))
}

/// Each channel's share of checks (each agent counts once an hour): bars, then the figures.
fn channel_share(lang: Lang, v: &StatisticsView) -> Markup {
    let mut bars = Markup::default();
    let mut rows = Markup::default();
    let shown: Vec<(usize, AccessClass)> =
        AccessClass::ALL.into_iter().enumerate().filter(|(a, _)| v.by_access[*a] > 0).collect();
    for (row, (a, class)) in shown.iter().enumerate() {
        let share = v.by_access[*a] as f64 / v.checks.max(1) as f64;
        let top = (row as u64 * 28).to_string();
        let width = ((share * (WIDTH - 200) as f64).round() as u64).max(1).to_string();
        let label = format!("{} — {}", access_name(*class, lang), percent(share, lang));
        bars.push(el(
            "text",
            &[("x", "0"), ("y", &(row as u64 * 28 + 16).to_string()), ("class", "pf-axis")],
            Markup::text(access_name(*class, lang)),
        ));
        bars.push(el(
            "rect",
            &[("x", "110"), ("y", &top), ("width", &width), ("height", "20"), ("fill", LINES[*a].0)],
            el("title", &[], Markup::text(&label)),
        ));
        let after = (110 + (share * (WIDTH - 200) as f64).round() as u64 + 6).to_string();
        bars.push(el(
            "text",
            &[("x", &after), ("y", &(row as u64 * 28 + 16).to_string()), ("class", "pf-axis")],
            Markup::text(&percent(share, lang)),
        ));
        rows.push(el(
            "tr",
            &[("data-access", class.as_str())],
            join([
                el("th", &[("scope", "row")], Markup::text(access_name(*class, lang))),
                el("td", &[], Markup::text(&v.by_access[*a].to_string())),
                el("td", &[], Markup::text(&percent(share, lang))),
            ]),
        ));
    }
    let view_box = format!("0 0 {WIDTH} {}", (shown.len() as u64 * 28).max(28));
    let chart = el(
        "svg",
        &[("class", "pf-stats-bars"), ("viewBox", &view_box), ("role", "img"), ("aria-label", CHANNEL_SHARE.get(lang))],
        bars,
    );
    let head = join([
        el("th", &[("scope", "col")], words(CHANNEL_SHARE, lang)),
        el("th", &[("scope", "col")], words(COUNT, lang)),
        el("th", &[("scope", "col")], Markup::text("%")),
    ]);
    join([
        chart,
        el("table", &[("id", "share-table")], join([el("thead", &[], el("tr", &[], head)), el("tbody", &[], rows)])),
    ])
}

fn site_rows(v: &StatisticsView) -> Vec<(String, TopFindings)> {
    v.top_per_site.clone()
}

fn browser_rows(lang: Lang, v: &StatisticsView) -> Vec<(String, TopFindings)> {
    v.top_per_browser.iter().map(|(b, top)| (b.unwrap_or(OTHER_BROWSER.get(lang)).to_owned(), top.clone())).collect()
}

/// `name: CODE (n), CODE (n)` per line; a line without failing findings says so.
fn top_list(lang: Lang, id: &'static str, rows: &[(String, TopFindings)]) -> Markup {
    let items: Markup = rows
        .iter()
        .map(|(name, top)| {
            let codes = if top.is_empty() {
                Markup::words(NONE_FAILING, lang)
            } else {
                top.iter()
                    .enumerate()
                    .map(|(i, (code, n))| {
                        let sep = if i == 0 { "" } else { ", " };
                        join([
                            Markup::text(sep),
                            el("code", &[], Markup::text(code.as_str())),
                            Markup::text(&format!(" ({n})")),
                        ])
                    })
                    .collect()
            };
            let name_markup = el("strong", &[], Markup::text(name));
            el("li", &[("data-name", name)], fill(TOP_LINE, lang, &[("name", &name_markup), ("codes", &codes)]))
        })
        .collect();
    el("ul", &[("id", id)], items)
}
