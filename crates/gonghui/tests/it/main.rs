//! End-to-end tests: each starts the real server on port 0 with a fresh
//! database, on SQLite always and on PostgreSQL when GONGHUI_TEST_PG_URL is
//! set (under CI=true it must be).

mod common;

mod activity;
mod activity_approval;
mod activity_cost;
mod activity_edit;
mod api_contract;
mod audit;
mod auth;
mod auth_hardening;
mod bad_input;
mod browser;
mod browser_activity;
mod browser_phone;
mod budget_state;
mod bulk_logins;
mod care;
mod contest;
mod demo_people;
mod democracy;
mod disclosure;
mod dues_agreement;
mod dues_bills;
mod finance;
mod finance_rollup;
mod hardening;
mod identity_cache;
mod member_import;
mod member_login;
mod member_registry;
mod member_search;
mod members;
mod opening_balances;
mod orgs;
mod pages;
mod partitioned;
mod payment_approval;
mod pool;
mod prints;
mod proposals;
mod route_roles;
mod schema;
mod schema_distribution;
mod tenancy;
mod todo;
mod ui_language;
mod user_password;
mod vote_group;
mod voucher_buttons;
