//! The bench's results: one row per measure, printed as a table, written to `BENCHMARKS.md` and
//! `target/bench/results.json`.

use serde::Serialize;

use super::machine::Machine;

/// Whether a row holds a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Met,
    Missed,
    /// A figure without a budget, shown for context (e.g. the reference's own numbers).
    Info,
    /// Not measured in this run, with the reason as the value.
    Skipped,
    /// The measurement itself failed; the value says why.
    Failed,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed => "**MISSED**",
            Status::Info => "",
            Status::Skipped => "skipped",
            Status::Failed => "**FAILED**",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub area: &'static str,
    pub measure: String,
    pub value: String,
    pub budget: String,
    pub status: Status,
}

impl Row {
    pub fn budget(area: &'static str, measure: &str, value: String, budget: &str, met: bool) -> Self {
        let status = if met { Status::Met } else { Status::Missed };
        Row { area, measure: measure.into(), value, budget: budget.into(), status }
    }

    pub fn info(area: &'static str, measure: &str, value: String) -> Self {
        Row { area, measure: measure.into(), value, budget: String::new(), status: Status::Info }
    }

    pub fn skipped(area: &'static str, measure: &str, reason: &str) -> Self {
        Row { area, measure: measure.into(), value: reason.into(), budget: String::new(), status: Status::Skipped }
    }

    pub fn failed(area: &'static str, error: &str) -> Self {
        let measure = "measurement".into();
        Row { area, measure, value: error.into(), budget: String::new(), status: Status::Failed }
    }
}

/// What one measurement module hands back: its rows, and its raw figures for `results.json`.
pub struct Section {
    pub rows: Vec<Row>,
    pub details: serde_json::Value,
}

#[derive(Serialize)]
pub struct Report {
    pub date: String,
    pub quick: bool,
    pub machine: Machine,
    pub rows: Vec<Row>,
    pub details: serde_json::Map<String, serde_json::Value>,
}

impl Report {
    pub fn add(&mut self, key: &str, section: Section) {
        self.rows.extend(section.rows);
        self.details.insert(key.into(), section.details);
    }

    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// The table, in Markdown (readable as is on a terminal).
    pub fn table(&self) -> String {
        let mut out = String::from("| Area | Measure | Value | Budget | Result |\n|---|---|---|---|---|\n");
        for row in &self.rows {
            let cells = [row.area, &row.measure, &row.value, &row.budget, row.status.label()];
            let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out
    }

    pub fn tally(&self) -> String {
        let [met, missed, skipped, failed] =
            [Status::Met, Status::Missed, Status::Skipped, Status::Failed].map(|s| self.count(s));
        format!("{met} budgets met, {missed} missed, {skipped} skipped, {failed} failed.")
    }

    pub fn markdown(&self) -> String {
        let kind = if self.quick {
            "a quick run (`--quick`: a smoke test with few samples, not a judgement of the budgets)"
        } else {
            "a full run"
        };
        format!(
            "# Benchmarks\n\nProduced by `cargo xtask bench`, {kind}, on {date}.\n\nMachine: {machine}.\n\n{table}\n{tally}\n\n{method}",
            date = self.date,
            machine = self.machine,
            table = self.table(),
            tally = self.tally(),
            method = METHOD,
        )
    }
}

/// How each figure is obtained, below the table.
const METHOD: &str = include_str!("../../bench/method.md");

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        let machine =
            Machine { cpus: 2, cpu_model: "Test CPU".into(), memory_gib: 4.0, os: "Linux".into(), load_average: 0.5 };
        let mut report =
            Report { date: "2026-11-25".into(), quick: false, machine, rows: vec![], details: Default::default() };
        let rows = vec![
            Row::budget("widget", "gzip", "28 KB".into(), "≤ 30 KB", true),
            Row::budget("edge", "req/s a|b", "0.8".into(), "≥ 1.0", false),
            Row::skipped("workers", "bundle", "not landed yet"),
        ];
        report.add("widget", Section { rows, details: serde_json::json!({"raw": 1}) });
        report
    }

    #[test]
    fn the_table_has_one_line_per_row_and_escapes_pipes() {
        let table = report().table();
        assert_eq!(table.lines().count(), 5);
        assert!(table.contains("| widget | gzip | 28 KB | ≤ 30 KB | met |"));
        assert!(table.contains("req/s a\\|b"));
        assert!(table.contains("**MISSED**"));
    }

    #[test]
    fn the_tally_counts_each_status() {
        assert_eq!(report().tally(), "1 budgets met, 1 missed, 1 skipped, 0 failed.");
    }

    #[test]
    fn the_markdown_says_when_and_where_it_was_measured() {
        let md = report().markdown();
        assert!(md.contains("2026-11-25"));
        assert!(md.contains("2 CPUs"));
        assert!(md.contains("a full run"));
    }

    #[test]
    fn the_json_keeps_rows_and_details() {
        let json = serde_json::to_value(report()).unwrap();
        assert_eq!(json["rows"][1]["status"], "missed");
        assert_eq!(json["details"]["widget"]["raw"], 1);
        assert_eq!(json["machine"]["cpus"], 2);
    }
}
