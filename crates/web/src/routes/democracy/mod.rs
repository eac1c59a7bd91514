//! Area `democracy` (民主管理): the worker congress — terms, delegates and
//! their composition, sessions with agenda, papers, check-in and the live
//! quorum — and ballots for motions, elections (换届 of the committee, 经审
//! and 女职工委员会, delegates) and appraisals, secret and recountable.
//!
//! Routes under `/ballots/{ballot_id}` name no union: managing them is
//! guarded on the ballot's union ([`Target::Ballot`]); voting and reading
//! the result need a login, and the service lets in those on the ballot's
//! roll and those who may view the union's congress — anyone else is told
//! the ballot does not exist.

pub mod api;
pub mod pages;

use domain::auth::Perm;

use utoipa::OpenApi;
use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};

const UNION: &[Target] = &[Target::Org("union_id")];
const BALLOT: &[Target] = &[Target::Ballot("ballot_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area { routes, openapi: Api::openapi, nav: &[NavEntry { order: 5, key: "democracy", label: "民主管理", href: "/unions/{union}/congress", perm: Some(Perm::CongressView) }] };

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::overview, api::create_term, api::delegates, api::add_delegate, api::create_session, api::session, api::add_agenda, api::papers_sent, api::check_in, api::ballots, api::create_ballot, api::ballot, api::open, api::close, api::vote, api::tally, api::receipt, api::enter_counts, api::next_round, api::seat_elected, api::my_ballots,
    ),
    tags(
        (name = "democracy", description = "民主管理：职代会届次、代表及构成、会议议程与签到、表决、选举（换届）、民主评议；无记名投票、回执码、公布选票与复核"),
    )
)]
struct Api;

pub fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::CongressView, UNION);
    let manage = Rule::on(Perm::CongressManage, UNION);
    let run = Rule::on(Perm::CongressManage, BALLOT);
    r
        // Pages.
        .get("/unions/{union_id}/congress", view, pages::home)
        .post("/unions/{union_id}/congress/terms", manage, pages::create_term)
        .get("/unions/{union_id}/congress/terms/{term_id}", view, pages::term)
        .post("/unions/{union_id}/congress/terms/{term_id}/delegates", manage, pages::add_delegate)
        .post("/unions/{union_id}/congress/sessions", manage, pages::create_session)
        .get("/unions/{union_id}/congress/sessions/{session_id}", view, pages::session)
        .get("/unions/{union_id}/congress/sessions/{session_id}/quorum", view, pages::quorum)
        .post("/unions/{union_id}/congress/sessions/{session_id}/agenda", manage, pages::add_agenda)
        .post("/unions/{union_id}/congress/sessions/{session_id}/papers", manage, pages::papers_sent)
        .post("/unions/{union_id}/congress/sessions/{session_id}/checkins", manage, pages::check_in)
        .post(
            "/unions/{union_id}/congress/sessions/{session_id}/motions",
            manage,
            pages::create_session_motion,
        )
        .get("/unions/{union_id}/ballots/new", manage, pages::new_ballot)
        .post("/unions/{union_id}/ballots", manage, pages::create_ballot)
        .get("/ballots/{ballot_id}", Rule::LOGIN, pages::ballot)
        .post("/ballots/{ballot_id}/vote", Rule::LOGIN, pages::vote)
        .get("/ballots/{ballot_id}/minutes", Rule::LOGIN, pages::minutes)
        .post("/ballots/{ballot_id}/open", run, pages::open)
        .post("/ballots/{ballot_id}/close", run, pages::close)
        .post("/ballots/{ballot_id}/counts", run, pages::enter_counts)
        .post("/ballots/{ballot_id}/next-round", run, pages::next_round)
        .post("/ballots/{ballot_id}/delegates", run, pages::seat_elected)
        .get("/me/ballots", Rule::LOGIN, pages::my_ballots)
        // JSON API.
        .get("/api/v1/unions/{union_id}/congress", view, api::overview)
        .post("/api/v1/unions/{union_id}/congress/terms", manage, api::create_term)
        .get("/api/v1/unions/{union_id}/congress/terms/{term_id}/delegates", view, api::delegates)
        .post("/api/v1/unions/{union_id}/congress/terms/{term_id}/delegates", manage, api::add_delegate)
        .post("/api/v1/unions/{union_id}/congress/sessions", manage, api::create_session)
        .get("/api/v1/unions/{union_id}/congress/sessions/{session_id}", view, api::session)
        .post("/api/v1/unions/{union_id}/congress/sessions/{session_id}/agenda", manage, api::add_agenda)
        .post("/api/v1/unions/{union_id}/congress/sessions/{session_id}/papers", manage, api::papers_sent)
        .post("/api/v1/unions/{union_id}/congress/sessions/{session_id}/checkins", manage, api::check_in)
        .get("/api/v1/unions/{union_id}/ballots", view, api::ballots)
        .post("/api/v1/unions/{union_id}/ballots", manage, api::create_ballot)
        .get("/api/v1/ballots/{ballot_id}", Rule::LOGIN, api::ballot)
        .post("/api/v1/ballots/{ballot_id}/open", run, api::open)
        .post("/api/v1/ballots/{ballot_id}/close", run, api::close)
        .post("/api/v1/ballots/{ballot_id}/vote", Rule::LOGIN, api::vote)
        .get("/api/v1/ballots/{ballot_id}/tally", Rule::LOGIN, api::tally)
        .get("/api/v1/ballots/{ballot_id}/receipts/{receipt}", Rule::LOGIN, api::receipt)
        .post("/api/v1/ballots/{ballot_id}/counts", run, api::enter_counts)
        .post("/api/v1/ballots/{ballot_id}/next-round", run, api::next_round)
        .post("/api/v1/ballots/{ballot_id}/delegates", run, api::seat_elected)
        .get("/api/v1/me/ballots", Rule::LOGIN, api::my_ballots)
}
