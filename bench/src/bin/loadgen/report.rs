//! Percentiles and tables.

use std::fmt::Write as _;
use std::time::Duration;

/// Percentiles of a set of durations, in microseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pct {
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
    pub max: u64,
}

impl Pct {
    /// From samples in microseconds (sorted here; a sorted Vec is exact and
    /// small enough for the few million samples loadgen collects).
    pub fn of(mut v: Vec<u64>) -> Pct {
        if v.is_empty() {
            return Pct::default();
        }
        v.sort_unstable();
        let at = |q: f64| v[(((v.len() as f64) * q).ceil() as usize).clamp(1, v.len()) - 1];
        Pct {
            p50: at(0.50),
            p90: at(0.90),
            p99: at(0.99),
            max: *v.last().unwrap_or(&0),
        }
    }
}

pub fn ms(us: u64) -> String {
    let m = us as f64 / 1000.0;
    if m >= 100.0 {
        format!("{m:.0} ms")
    } else if m >= 10.0 {
        format!("{m:.1} ms")
    } else {
        format!("{m:.2} ms")
    }
}

pub fn micros(d: Duration) -> u64 {
    d.as_micros().min(u64::MAX as u128) as u64
}

pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// Thousands separators: 20000 → 20,000.
pub fn n(x: u64) -> String {
    let s = x.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// A plain-text table with a title.
pub struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(title: impl Into<String>, header: &[&str]) -> Table {
        Table {
            title: title.into(),
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let cols = self.header.len();
        let mut width = vec![0; cols];
        for r in std::iter::once(&self.header).chain(self.rows.iter()) {
            for (i, c) in r.iter().enumerate().take(cols) {
                width[i] = width[i].max(c.chars().count());
            }
        }
        let line = |r: &Vec<String>| {
            let mut s = String::from("|");
            for (i, w) in width.iter().enumerate() {
                let c = r.get(i).map(String::as_str).unwrap_or("");
                let pad = w - c.chars().count();
                // Numbers right-aligned, text left-aligned.
                if i > 0 && c.starts_with(|ch: char| ch.is_ascii_digit() || ch == '-' || ch == '≈')
                {
                    let _ = write!(s, " {}{} |", " ".repeat(pad), c);
                } else {
                    let _ = write!(s, " {}{} |", c, " ".repeat(pad));
                }
            }
            s
        };
        let mut out = format!("\n### {}\n\n", self.title);
        out.push_str(&line(&self.header));
        out.push('\n');
        out.push('|');
        for w in &width {
            out.push_str(&format!("{}|", "-".repeat(w + 2)));
        }
        out.push('\n');
        for r in &self.rows {
            out.push_str(&line(r));
            out.push('\n');
        }
        out
    }

    pub fn print(&self) {
        println!("{}", self.render());
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    Missed,
    /// No target, or it could not be checked.
    Info,
}

impl Verdict {
    pub fn from(ok: bool) -> Verdict {
        if ok { Verdict::Met } else { Verdict::Missed }
    }
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "MET",
            Verdict::Missed => "MISSED",
            Verdict::Info => "-",
        }
    }
}

/// One line of the final summary.
#[derive(Debug, Clone)]
pub struct Row {
    pub backend: String,
    pub scenario: String,
    pub metric: String,
    pub value: String,
    pub target: String,
    pub verdict: Verdict,
}

pub fn row(
    backend: &str,
    scenario: &str,
    metric: impl Into<String>,
    value: impl Into<String>,
    target: impl Into<String>,
    verdict: Verdict,
) -> Row {
    Row {
        backend: backend.to_string(),
        scenario: scenario.to_string(),
        metric: metric.into(),
        value: value.into(),
        target: target.into(),
        verdict,
    }
}

pub fn summary_table(rows: &[Row]) -> Table {
    let mut t = Table::new(
        "Summary",
        &[
            "backend", "scenario", "metric", "measured", "target", "verdict",
        ],
    );
    for r in rows {
        t.row(vec![
            r.backend.clone(),
            r.scenario.clone(),
            r.metric.clone(),
            r.value.clone(),
            r.target.clone(),
            r.verdict.label().to_string(),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles() {
        let p = Pct::of((1..=100).collect());
        assert_eq!((p.p50, p.p99, p.max), (50, 99, 100));
        assert_eq!(n(20000), "20,000");
        assert_eq!(n(999), "999");
    }
}
