//! The list page behind each figure, filtered to the period's year where
//! the list takes one (the lists filter by year, not by day).

use chrono::Datelike;
use domain::plan::metric::Metric;
use domain::plan::period::Period;

use super::Subject;

/// The page listing the records a figure counts (None: no list shows them).
pub(super) fn link(subject: &Subject, m: Metric, period: Period) -> Option<String> {
    use Metric::*;
    let id = subject.org_id;
    // A year filter only when the period lies within one year.
    let year = (period.from.year() == period.to.year()).then(|| format!("?year={}", period.from.year()));
    let y = year.as_deref().unwrap_or("");
    if subject.federation {
        let path = match m {
            UnionisationRate | MembershipRate | ContractRate | ContractWorkers => {
                format!("/orgs/{id}/employers")
            }
            PetitionsReceived
            | PetitionAnswerRate
            | PetitionSatisfactionRate
            | MediationCases
            | MediationSuccessRate => format!("/orgs/{id}/rights-stats{y}"),
            DuesCollected | FundsRemitted => format!("/orgs/{id}/finance/rollup"),
            // The subtree's unions, each with its own lists.
            _ => format!("/orgs/{id}"),
        };
        return Some(path);
    }
    let path = match m {
        Members | NewMembers => format!("/unions/{id}/members"),
        MembershipRate | ContractRate | ContractWorkers | UnionisationRate => {
            format!("/unions/{id}/collective-contracts")
        }
        NewUnions => format!("/orgs/{id}"),
        CongressRate => format!("/unions/{id}/congress"),
        DisclosureRate => format!("/unions/{id}/disclosure"),
        ActivitiesHeld => format!("/unions/{id}/activities"),
        ParticipationRate => format!("/unions/{id}/participation{y}"),
        ContestsHeld | ContestEntrants => format!("/unions/{id}/contests"),
        SuggestionsSubmitted | SuggestionsAdopted | SuggestionValue => format!("/unions/{id}/suggestions{y}"),
        Honours => format!("/unions/{id}/honours{y}"),
        TrainingCourses | CadreTrainingCourses => format!("/unions/{id}/courses"),
        TrainingPersonTimes | TrainingHours => format!("/unions/{id}/training/stats"),
        HardshipFamilies => format!("/unions/{id}/care/files"),
        AidPaid | CareAmount | CarePeopleReached | CareCoverageRate => {
            format!("/unions/{id}/care/assistance{y}")
        }
        VisitsDone | VisitsOverdue => format!("/unions/{id}/care/events"),
        MutualAidEnrolled | MutualAidClaims => format!("/unions/{id}/care/mutual-aid"),
        PetitionsReceived | PetitionAnswerRate | PetitionSatisfactionRate => {
            format!("/unions/{id}/petitions{y}")
        }
        MediationCases | MediationSuccessRate => format!("/unions/{id}/mediation-cases{y}"),
        Proposals | ProposalFilingRate | ProposalCompletionRate | ProposalSatisfactionRate => {
            format!("/unions/{id}/proposals")
        }
        DuesCollected => format!("/unions/{id}/finance/dues"),
        FundsRemitted => format!("/unions/{id}/finance/funds"),
        BudgetExecutionRate => format!("/unions/{id}/finance/budget"),
    };
    Some(path)
}
