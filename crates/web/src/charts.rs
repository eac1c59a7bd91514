//! Charts drawn on the server as inline SVG (issue 20): readable without
//! JavaScript and in print, no chart library, a few hundred bytes each.
//! Series are told apart by colour *and* dash pattern, so a black-and-white
//! printout still reads; every chart carries a text title for screen
//! readers, and each point a `<title>` with its exact value.

use std::fmt::Write;

/// Colours (and dash patterns) of series, in order.
const STYLES: [(&str, &str); 4] =
    [("#c8102e", ""), ("#1f5fa8", "6 3"), ("#2e7d32", "2 2"), ("#8a6d00", "8 3 2 3")];

/// One series of a chart: a name and one value per label.
pub struct Series<'a> {
    pub name: &'a str,
    pub values: &'a [f64],
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A figure for an axis or a tooltip: 12, 12.5, 1.2万.
pub fn short_number(v: f64) -> String {
    let a = v.abs();
    if a >= 100_000_000.0 {
        format!("{}亿", trim(v / 100_000_000.0))
    } else if a >= 10_000.0 {
        format!("{}万", trim(v / 10_000.0))
    } else {
        trim(v)
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A "nice" top of the value axis at or above `max` (1, 2, 5 × 10^k).
fn nice_top(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let exp = max.log10().floor();
    let base = 10f64.powf(exp);
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * base).find(|t| *t >= max).unwrap_or(10.0 * base)
}

/// A small trend line (no axes) for a target's row: `values` in order, the
/// last point marked; `target` drawn as a faint line when given.
pub fn sparkline(label: &str, values: &[f64], target: Option<f64>) -> String {
    let (w, h, pad) = (120.0, 28.0, 3.0);
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let mut out = format!(
        r#"<svg class="sparkline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(label),
        esc(label)
    );
    if finite.is_empty() {
        out.push_str("</svg>");
        return out;
    }
    let top = finite.iter().copied().chain(target).fold(f64::MIN, f64::max).max(1e-9);
    let bottom = finite.iter().copied().chain(target).fold(f64::MAX, f64::min).min(0.0);
    let y = |v: f64| pad + (h - 2.0 * pad) * (1.0 - (v - bottom) / (top - bottom).max(1e-9));
    let step = if finite.len() > 1 { (w - 2.0 * pad) / (finite.len() - 1) as f64 } else { 0.0 };
    if let Some(t) = target {
        let _ = write!(
            out,
            r##"<line x1="0" x2="{w}" y1="{0:.1}" y2="{0:.1}" stroke="#999" stroke-dasharray="3 2"/>"##,
            y(t)
        );
    }
    let points: Vec<String> = finite
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", pad + step * i as f64, y(*v)))
        .collect();
    let _ = write!(
        out,
        r##"<polyline fill="none" stroke="#c8102e" stroke-width="1.5" points="{}"/>"##,
        points.join(" ")
    );
    let last = finite.len() - 1;
    let _ = write!(
        out,
        r##"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="#c8102e"><title>{}</title></circle></svg>"##,
        pad + step * last as f64,
        y(finite[last]),
        short_number(finite[last])
    );
    out
}

/// The geometry shared by the line and bar charts.
struct Frame {
    w: f64,
    h: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    max: f64,
}

impl Frame {
    fn new(series: &[Series]) -> Frame {
        let max = series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        Frame { w: 640.0, h: 240.0, left: 48.0, right: 12.0, top: 28.0, bottom: 36.0, max: nice_top(max) }
    }

    fn plot_w(&self) -> f64 {
        self.w - self.left - self.right
    }

    fn y(&self, v: f64) -> f64 {
        self.h - self.bottom - (self.h - self.top - self.bottom) * (v.max(0.0) / self.max)
    }

    /// The frame, horizontal grid with its figures, the x labels and the
    /// legend.
    fn open(&self, title: &str, unit: &str, labels: &[String], series: &[Series], slot: f64) -> String {
        let mut out = format!(
            r#"<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet"><title>{}</title>"#,
            self.w,
            self.h,
            esc(title),
            esc(title)
        );
        for k in 0..=4 {
            let v = self.max * f64::from(k) / 4.0;
            let y = self.y(v);
            let _ = write!(
                out,
                r##"<line x1="{}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#555">{}</text>"##,
                self.left,
                self.w - self.right,
                self.left - 4.0,
                y + 4.0,
                esc(&short_number(v))
            );
        }
        let _ = write!(out, r##"<text x="4" y="14" font-size="11" fill="#555">{}</text>"##, esc(unit));
        // Every label when they fit, else every n-th.
        let every = (labels.len() as f64 * 40.0 / self.plot_w()).ceil().max(1.0) as usize;
        for (i, l) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
            let x = self.left + slot * (i as f64 + 0.5);
            let _ = write!(
                out,
                r##"<text x="{x:.1}" y="{}" font-size="11" text-anchor="middle" fill="#333">{}</text>"##,
                self.h - self.bottom + 16.0,
                esc(l)
            );
        }
        let mut lx = self.left;
        for (i, s) in series.iter().enumerate() {
            let (colour, dash) = STYLES[i % STYLES.len()];
            let _ = write!(
                out,
                r##"<line x1="{lx}" x2="{}" y1="12" y2="12" stroke="{colour}" stroke-width="3" stroke-dasharray="{dash}"/><text x="{}" y="16" font-size="12" fill="#333">{}</text>"##,
                lx + 18.0,
                lx + 22.0,
                esc(s.name)
            );
            lx += 30.0 + 13.0 * s.name.chars().count() as f64;
        }
        out
    }
}

/// A line chart: one line per series over `labels` (e.g. months).
pub fn line_chart(title: &str, unit: &str, labels: &[String], series: &[Series]) -> String {
    let f = Frame::new(series);
    let slot = f.plot_w() / labels.len().max(1) as f64;
    let mut out = f.open(title, unit, labels, series, slot);
    for (i, s) in series.iter().enumerate() {
        let (colour, dash) = STYLES[i % STYLES.len()];
        let pts: Vec<(f64, f64, f64)> = s
            .values
            .iter()
            .enumerate()
            .take(labels.len())
            .filter(|(_, v)| v.is_finite())
            .map(|(k, v)| (f.left + slot * (k as f64 + 0.5), f.y(*v), *v))
            .collect();
        let line: Vec<String> = pts.iter().map(|(x, y, _)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            out,
            r##"<polyline fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" points="{}"/>"##,
            line.join(" ")
        );
        for (k, (x, y, v)) in pts.iter().enumerate() {
            let label = labels.get(k).map(String::as_str).unwrap_or("");
            let _ = write!(
                out,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="{colour}"><title>{} {}：{}{}</title></circle>"##,
                esc(s.name),
                esc(label),
                esc(&short_number(*v)),
                esc(unit)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// A grouped bar chart: one bar per series in each label's slot.
pub fn bar_chart(title: &str, unit: &str, labels: &[String], series: &[Series]) -> String {
    let f = Frame::new(series);
    let slot = f.plot_w() / labels.len().max(1) as f64;
    let mut out = f.open(title, unit, labels, series, slot);
    let n = series.len().max(1) as f64;
    let bar = (slot * 0.8 / n).max(1.0);
    for (i, s) in series.iter().enumerate() {
        let (colour, dash) = STYLES[i % STYLES.len()];
        // Printed in black and white, a hatched outline tells series apart.
        let stroke = if dash.is_empty() {
            String::new()
        } else {
            format!(r##" stroke="#333" stroke-dasharray="{dash}""##)
        };
        for (k, v) in s.values.iter().enumerate().take(labels.len()).filter(|(_, v)| v.is_finite()) {
            let x = f.left + slot * k as f64 + slot * 0.1 + bar * i as f64;
            let y = f.y(*v);
            let _ = write!(
                out,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{:.1}" fill="{colour}"{stroke}><title>{} {}：{}{}</title></rect>"##,
                (f.h - f.bottom - y).max(0.0),
                esc(s.name),
                esc(&labels[k]),
                esc(&short_number(*v)),
                esc(unit)
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_axis_tops() {
        assert_eq!(short_number(12.0), "12");
        assert_eq!(short_number(12.5), "12.5");
        assert_eq!(short_number(40_350.0), "4.04万");
        assert_eq!(short_number(250_000_000.0), "2.5亿");
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(7.0), 10.0);
        assert_eq!(nice_top(130.0), 200.0);
        assert_eq!(nice_top(45_000.0), 50_000.0);
    }

    #[test]
    fn charts_carry_their_values_and_escape_text() {
        let labels: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let income = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0];
        let spend = [0.5; 12];
        let series =
            [Series { name: "收入", values: &income }, Series { name: "支出<script>", values: &spend }];
        let svg = bar_chart("经费收支", "元", &labels, &series);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<rect").count(), 24);
        assert!(svg.contains("收入 12月：12元"));
        assert!(!svg.contains("<script>") && svg.contains("支出&lt;script&gt;"));
        let svg = line_chart("会员人数", "人", &labels, &series[..1]);
        assert_eq!(svg.matches("<circle").count(), 12);
        assert!(svg.contains("aria-label=\"会员人数\""));
        let s = sparkline("建会率", &[80.0, 90.0, 96.5], Some(95.0));
        assert!(s.contains("<polyline") && s.contains("96.5") && s.contains("stroke-dasharray"));
        assert!(sparkline("空", &[], None).ends_with("</svg>"));
    }
}
