//! The year-end summary (工作总结): for a year, each section's sentences
//! with their figures computed from the records and the list behind each.
//!
//! The sections are the org's plan's for the year when it has one (each
//! target's sentence, its figure and whether it was met), else the default
//! sections by area (`domain::plan::summary::DEFAULT_SECTIONS`). Every
//! figure comes from the metric catalogue's computation
//! (`plan::metrics::figures_in`), in one pass for the whole summary.

use domain::plan::annual::check_year;
use domain::plan::metric::Metric;
use domain::plan::period::Period;
use domain::plan::summary::{self as words, DEFAULT_SECTIONS};
use serde::Serialize;
use uuid::Uuid;

use super::metrics::{self, Ask, Figure};
use crate::AppState;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub org: SummaryOrg,
    pub year: i32,
    /// 2026年1月1日至2026年12月31日
    pub period: String,
    /// The plan the sections follow, if the org has one for the year.
    pub plan: Option<SummaryPlan>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryOrg {
    pub id: Uuid,
    pub name: String,
    pub federation: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryPlan {
    pub id: Uuid,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub title: String,
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub text: String,
    pub figures: Vec<Figure>,
}

/// The summary of `org_id` for `year` (this year when None): 422 on `year`
/// outside 2000..=this year, 404 for an org that is no union or federation.
pub async fn draft(state: &AppState, org_id: Uuid, year: Option<i32>) -> AppResult<Summary> {
    let year = check_year(year, domain::time::today(crate::now()))?;
    let period = Period::year(year).ok_or_else(AppError::not_found)?;
    let mut tx = state.db.read().await?;
    let subject = metrics::subject_in(&mut tx, org_id).await?;
    let outline = super::plans::outline_in(&mut tx, org_id, year).await?;
    let org = SummaryOrg { id: subject.org_id, name: subject.name.clone(), federation: subject.federation };

    let Some(outline) = outline else {
        let templates: Vec<(&str, &words::Template)> = DEFAULT_SECTIONS
            .iter()
            .flat_map(|s| s.templates.iter().map(move |t| (s.title, t)))
            .filter(|(_, t)| t.applies_to(subject.federation))
            .collect();
        let asks: Vec<Ask> =
            templates.iter().flat_map(|(_, t)| t.metrics.iter().map(|m| Ask::of(*m))).collect();
        let mut figures = metrics::figures_in(&mut tx, &subject, &asks, period).await?.into_iter();
        let mut sections: Vec<Section> = Vec::new();
        for (title, t) in templates {
            let figs: Vec<Figure> = figures.by_ref().take(t.metrics.len()).collect();
            let values: Vec<String> = figs.iter().map(|f| words::number(f.value, f.unit)).collect();
            let sentence = Sentence { text: words::fill(t.text, &values), figures: figs };
            match sections.last_mut() {
                Some(s) if s.title == title => s.sentences.push(sentence),
                _ => sections.push(Section { title: title.to_owned(), sentences: vec![sentence] }),
            }
        }
        return Ok(Summary { org, year, period: period.label(), plan: None, sections });
    };

    // A plan's targets: each bound one is asked with its scope, at once.
    let asks: Vec<Ask> = outline
        .sections
        .iter()
        .flat_map(|s| &s.targets)
        .filter(|t| t.metric.is_some_and(|m| m.applies_to(subject.federation)))
        .filter_map(|t| Some(Ask { metric: t.metric?, scope: t.scope }))
        .collect();
    let mut figures = metrics::figures_in(&mut tx, &subject, &asks, period).await?.into_iter();
    let mut sections = Vec::new();
    for s in &outline.sections {
        let mut sentences = Vec::new();
        for t in &s.targets {
            let bound: Option<Metric> = t.metric.filter(|m| m.applies_to(subject.federation));
            let (current, figs) = match bound {
                Some(_) => match figures.next() {
                    Some(f) => (Some(words::in_unit(f.value, f.unit, &t.unit)), vec![f]),
                    None => (None, Vec::new()),
                },
                None => (t.manual, Vec::new()),
            };
            let mut text = words::target_line(&t.sentence, t.comparator, t.value, &t.unit, current);
            if bound.is_none() {
                text.push_str("（手工填报）");
            }
            sentences.push(Sentence { text, figures: figs });
        }
        if !sentences.is_empty() {
            sections.push(Section { title: s.title.clone(), sentences });
        }
    }
    let plan = Some(SummaryPlan { id: outline.plan_id, title: outline.title.clone() });
    Ok(Summary { org, year, period: period.label(), plan, sections })
}

/// The summary's title: `某某工会2026年工作总结（数据稿）`.
pub fn title(s: &Summary) -> String {
    format!("{}{}年工作总结（数据稿）", s.org.name, s.year)
}

/// The figures table: one row per figure (部分, 语句, 指标, 数值, 单位, 期间,
/// 数据来源).
pub const FIGURE_HEADERS: [&str; 7] = ["部分", "语句", "指标", "数值", "单位", "统计期间", "数据来源"];

pub fn figure_rows(s: &Summary) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for sec in &s.sections {
        for sen in &sec.sentences {
            for f in &sen.figures {
                rows.push(vec![
                    sec.title.clone(),
                    sen.text.clone(),
                    f.label.to_owned(),
                    words::number(f.value, f.unit),
                    f.unit.to_owned(),
                    f.period.clone(),
                    f.link.clone().unwrap_or_default(),
                ]);
            }
        }
    }
    rows
}

/// The figures table as .xlsx.
pub async fn xlsx(s: &Summary) -> AppResult<Vec<u8>> {
    let headers: Vec<String> = FIGURE_HEADERS.iter().map(|h| (*h).to_owned()).collect();
    let sheets = vec![("工作总结数据".to_owned(), headers, figure_rows(s))];
    tokio::task::spawn_blocking(move || sheet::write_xlsx_book(&sheets))
        .await
        .map_err(|_| AppError::code(domain::ErrorCode::Internal))?
        .map_err(|e| AppError::field(domain::ErrorCode::Internal, "file", e.message()))
}

/// The summary as a Word document (.docx): the title, the period, each
/// section with its sentences, and the figures table with their sources.
pub fn docx(s: &Summary) -> AppResult<Vec<u8>> {
    use docx_rs::{AlignmentType, Docx, Paragraph, Run, Table, TableCell, TableRow};
    let para = |text: &str, size: usize, bold: bool| {
        let mut run = Run::new().add_text(text).size(size);
        if bold {
            run = run.bold();
        }
        Paragraph::new().add_run(run)
    };
    let mut doc = Docx::new()
        .add_paragraph(para(&title(s), 36, true).align(AlignmentType::Center))
        .add_paragraph(para(&format!("统计期间：{}", s.period), 24, false).align(AlignmentType::Center));
    if let Some(p) = &s.plan {
        doc = doc.add_paragraph(para(&format!("按工作计划《{}》的部分起草", p.title), 24, false));
    }
    for (i, sec) in s.sections.iter().enumerate() {
        doc = doc.add_paragraph(para(&format!("{}、{}", chinese_ordinal(i + 1), sec.title), 28, true));
        for sen in &sec.sentences {
            doc = doc.add_paragraph(para(&format!("{}。", sen.text), 24, false));
        }
    }
    doc = doc.add_paragraph(para("附：数据来源", 28, true));
    let cell = |t: &str| TableCell::new().add_paragraph(para(t, 20, false));
    let mut rows = vec![TableRow::new(FIGURE_HEADERS.iter().map(|h| cell(h)).collect())];
    for r in figure_rows(s) {
        rows.push(TableRow::new(r.iter().map(|c| cell(c)).collect()));
    }
    doc = doc.add_table(Table::new(rows));
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).map_err(|e| {
        AppError::field(domain::ErrorCode::Internal, "file", format!("生成Word文档失败：{e}"))
    })?;
    Ok(buf.into_inner())
}

/// 一, 二 … 十, 十一 … for section headings.
fn chinese_ordinal(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}
