//! The current plan's targets on an org's page.

use app::AppState;
use app::error::AppResult;
use app::org::Org;

use crate::routes::plan::home::{PlanHome, TargetCard};

/// Fills in the current plan of `org` (title, link, targets), if any: the
/// whole-year plan of this year, else its latest half-year's.
pub async fn targets(state: &AppState, org: &Org, home: &mut PlanHome) -> AppResult<()> {
    if org.kind == domain::org::OrgKind::Group.as_str() {
        return Ok(());
    }
    let Some(v) = app::plan::plans::current(state, org.id).await? else { return Ok(()) };
    home.title = v.plan.title.clone();
    home.link = format!("/work-plans/{}", v.plan.id);
    home.targets = v
        .targets
        .iter()
        .map(|t| {
            let c = super::pages::card(t);
            TargetCard {
                label: match t.metric {
                    Some(m) if !c.manual => m.label().to_owned(),
                    _ => c.sentence.chars().take(24).collect(),
                },
                current: c.current,
                goal: c.goal,
                percent: c.percent,
                light: match c.light {
                    "green" => "green",
                    "amber" => "amber",
                    "red" => "red",
                    _ => "none",
                },
                sparkline: c.sparkline,
                link: format!("/work-plans/{}#target-{}", v.plan.id, t.row.id),
            }
        })
        .collect();
    Ok(())
}
