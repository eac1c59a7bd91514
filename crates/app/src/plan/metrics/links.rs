//! The list page behind each figure, filtered to the period where the list
//! takes dates.

use domain::plan::metric::Metric;
use domain::plan::period::Period;

use super::Subject;

/// The page listing the records a figure counts (None: no list shows them).
pub(super) fn link(subject: &Subject, m: Metric, period: Period) -> Option<String> {
    let _ = period;
    let id = subject.org_id;
    if subject.federation {
        return Some(format!("/orgs/{id}/metrics/{}", m.as_str()));
    }
    use Metric::*;
    let path = match m {
        Members | NewMembers => format!("/unions/{id}/members"),
        ActivitiesHeld | ParticipationRate => format!("/unions/{id}/activities"),
        AidPaid | CareAmount | CarePeopleReached | CareCoverageRate => format!("/unions/{id}/care/assistance"),
        _ => return None,
    };
    Some(path)
}
