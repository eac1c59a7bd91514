//! Area `democracy` (民主管理): the worker congress — terms, delegates and
//! their composition, sessions with agenda, papers, check-in and the live
//! quorum — and ballots for motions, elections (换届 of the committee, 经审
//! and 女职工委员会, delegates) and appraisals, secret and recountable.
//!
//! Routes under `/ballots/{ballot_id}` name no union: managing them is
//! guarded on the ballot's union ([`Target::Owned`]); voting and reading
//! the result need a login, and the service lets in those on the ballot's
//! roll and those who may view the union's congress — anyone else is told
//! the ballot does not exist.

pub mod api;
pub mod pages;

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};
use utoipa::OpenApi;

const UNION: &[Target] = &[Target::Org("union_id")];
const BALLOT: &[Target] = &[Target::Owned(app::auth::owned::BALLOT, "ballot_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi: Api::openapi,
    nav: &[NavEntry {
        order: 5,
        key: "democracy",
        label: "民主管理",
        href: "/unions/{union}/congress",
        perm: Some(Perm::CongressView),
    }],
};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::terms::overview, api::terms::create_term, api::terms::delegates, api::terms::add_delegate,
        api::sessions::create_session, api::sessions::session, api::sessions::add_agenda, api::sessions::papers_sent, api::sessions::check_in,
        api::ballots::ballots, api::ballots::create_ballot, api::ballots::ballot, api::ballots::open, api::ballots::close,
        api::voting::vote, api::voting::tally, api::voting::receipt,
        api::ballots::enter_counts, api::ballots::next_round, api::ballots::seat_elected, api::ballots::my_ballots,
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
        .get("/unions/{union_id}/congress", view, pages::home::home)
        .post("/unions/{union_id}/congress/terms", manage, pages::home::create_term)
        .get("/unions/{union_id}/congress/terms/{term_id}", view, pages::terms::term)
        .post("/unions/{union_id}/congress/terms/{term_id}/delegates", manage, pages::terms::add_delegate)
        .post("/unions/{union_id}/congress/sessions", manage, pages::home::create_session)
        .get("/unions/{union_id}/congress/sessions/{session_id}", view, pages::sessions::session)
        .get("/unions/{union_id}/congress/sessions/{session_id}/quorum", view, pages::sessions::quorum)
        .post("/unions/{union_id}/congress/sessions/{session_id}/agenda", manage, pages::sessions::add_agenda)
        .post(
            "/unions/{union_id}/congress/sessions/{session_id}/papers",
            manage,
            pages::sessions::papers_sent,
        )
        .post("/unions/{union_id}/congress/sessions/{session_id}/checkins", manage, pages::sessions::check_in)
        .post(
            "/unions/{union_id}/congress/sessions/{session_id}/motions",
            manage,
            pages::sessions::create_session_motion,
        )
        .get("/unions/{union_id}/ballots/new", manage, pages::ballots::new_ballot)
        .post("/unions/{union_id}/ballots", manage, pages::ballots::create_ballot)
        .get("/ballots/{ballot_id}", Rule::LOGIN, pages::voting::ballot)
        .post("/ballots/{ballot_id}/vote", Rule::LOGIN, pages::voting::vote)
        .get("/ballots/{ballot_id}/minutes", Rule::LOGIN, pages::voting::minutes)
        .post("/ballots/{ballot_id}/open", run, pages::ballots::open)
        .post("/ballots/{ballot_id}/close", run, pages::ballots::close)
        .post("/ballots/{ballot_id}/counts", run, pages::ballots::enter_counts)
        .post("/ballots/{ballot_id}/next-round", run, pages::ballots::next_round)
        .post("/ballots/{ballot_id}/delegates", run, pages::ballots::seat_elected)
        .get("/me/ballots", Rule::LOGIN, pages::voting::my_ballots)
        // JSON API.
        .get("/api/v1/unions/{union_id}/congress", view, api::terms::overview)
        .post("/api/v1/unions/{union_id}/congress/terms", manage, api::terms::create_term)
        .get("/api/v1/unions/{union_id}/congress/terms/{term_id}/delegates", view, api::terms::delegates)
        .post(
            "/api/v1/unions/{union_id}/congress/terms/{term_id}/delegates",
            manage,
            api::terms::add_delegate,
        )
        .post("/api/v1/unions/{union_id}/congress/sessions", manage, api::sessions::create_session)
        .get("/api/v1/unions/{union_id}/congress/sessions/{session_id}", view, api::sessions::session)
        .post(
            "/api/v1/unions/{union_id}/congress/sessions/{session_id}/agenda",
            manage,
            api::sessions::add_agenda,
        )
        .post(
            "/api/v1/unions/{union_id}/congress/sessions/{session_id}/papers",
            manage,
            api::sessions::papers_sent,
        )
        .post(
            "/api/v1/unions/{union_id}/congress/sessions/{session_id}/checkins",
            manage,
            api::sessions::check_in,
        )
        .get("/api/v1/unions/{union_id}/ballots", view, api::ballots::ballots)
        .post("/api/v1/unions/{union_id}/ballots", manage, api::ballots::create_ballot)
        .get("/api/v1/ballots/{ballot_id}", Rule::LOGIN, api::ballots::ballot)
        .post("/api/v1/ballots/{ballot_id}/open", run, api::ballots::open)
        .post("/api/v1/ballots/{ballot_id}/close", run, api::ballots::close)
        .post("/api/v1/ballots/{ballot_id}/vote", Rule::LOGIN, api::voting::vote)
        .get("/api/v1/ballots/{ballot_id}/tally", Rule::LOGIN, api::voting::tally)
        .get("/api/v1/ballots/{ballot_id}/receipts/{receipt}", Rule::LOGIN, api::voting::receipt)
        .post("/api/v1/ballots/{ballot_id}/counts", run, api::ballots::enter_counts)
        .post("/api/v1/ballots/{ballot_id}/next-round", run, api::ballots::next_round)
        .post("/api/v1/ballots/{ballot_id}/delegates", run, api::ballots::seat_elected)
        .get("/api/v1/me/ballots", Rule::LOGIN, api::ballots::my_ballots)
}
