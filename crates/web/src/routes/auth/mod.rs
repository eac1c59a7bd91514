//! Area `auth`: sign-in, sessions, API tokens, accounts and role grants.

pub mod api;
pub mod member_link;
pub mod pages;

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};
use utoipa::OpenApi;

const USER: &[Target] = &[Target::User("id")];
const USER_AND_ORG: &[Target] = &[Target::User("id"), Target::BodyOrg("org_id")];
const BODY_ORG: &[Target] = &[Target::BodyOrg("org_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi: Api::openapi,
    nav: &[NavEntry {
        order: 9,
        key: "user",
        label: "账号与权限",
        href: "/users",
        perm: Some(Perm::UserView),
    }],
};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::token, api::revoke, api::me, api::password, api::list_users, api::create_user, api::get_user, api::grant, api::revoke_grant, api::status, api::reset_password,
    ),
    tags(
        (name = "auth", description = "登录令牌与本人账号"),
        (name = "users", description = "账号与角色"),
    )
)]
struct Api;

pub fn routes(r: Routes) -> Routes {
    r.get("/login", Rule::PUBLIC, pages::login_form)
        .post("/login", Rule::PUBLIC, pages::login)
        .post("/logout", Rule::LOGIN, pages::logout)
        .get("/account/password", Rule::LOGIN, pages::password_form)
        .post("/account/password", Rule::LOGIN, pages::password)
        .get("/users", Rule::perm(Perm::UserView), pages::users)
        .get("/users/new", Rule::perm(Perm::UserManage), pages::user_new)
        .post("/users", Rule::on(Perm::UserManage, BODY_ORG), pages::user_create)
        .get("/users/{id}", Rule::on(Perm::UserView, USER), pages::user_show)
        .post("/users/{id}/roles", Rule::on(Perm::UserManage, USER_AND_ORG), pages::user_grant)
        .post("/users/{id}/roles/{grant_id}/delete", Rule::on(Perm::UserManage, USER), pages::user_revoke)
        .post("/users/{id}/status", Rule::on(Perm::UserManage, USER), pages::user_status)
        .post("/users/{id}/password", Rule::on(Perm::UserManage, USER), pages::user_password)
        // Linking the login to a member is managing the union's roster.
        .post("/users/{id}/member", Rule::on(Perm::MemberManage, BODY_ORG), member_link::link_user)
        .post("/users/{id}/member/unlink", Rule::on(Perm::MemberManage, BODY_ORG), member_link::unlink_user)
        .post("/api/v1/auth/token", Rule::PUBLIC, api::token)
        .delete("/api/v1/auth/token", Rule::LOGIN, api::revoke)
        .get("/api/v1/me", Rule::LOGIN, api::me)
        .post("/api/v1/me/password", Rule::LOGIN, api::password)
        .get("/api/v1/users", Rule::perm(Perm::UserView), api::list_users)
        .post("/api/v1/users", Rule::on(Perm::UserManage, BODY_ORG), api::create_user)
        .get("/api/v1/users/{id}", Rule::on(Perm::UserView, USER), api::get_user)
        .post("/api/v1/users/{id}/roles", Rule::on(Perm::UserManage, USER_AND_ORG), api::grant)
        .delete("/api/v1/users/{id}/roles/{grant_id}", Rule::on(Perm::UserManage, USER), api::revoke_grant)
        .post("/api/v1/users/{id}/status", Rule::on(Perm::UserManage, USER), api::status)
        .post("/api/v1/users/{id}/password", Rule::on(Perm::UserManage, USER), api::reset_password)
}
