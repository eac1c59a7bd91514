//! `/api/v1/audit`.

use app::audit::AuditFilter;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::Query;
use app::AppState;
use app::audit::service;
use app::auth::Principal;
use app::error::AppResult;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// 操作人用户名
    pub actor: Option<String>,
    /// 操作类型前缀，如 org 或 org.create
    pub action: Option<String>,
    /// 对象，如 org:<id>
    pub target: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: Option<i64>,
    pub page_size: Option<i64>,
}

impl AuditQuery {
    pub fn filter(&self) -> AuditFilter {
        AuditFilter {
            actor: self.actor.clone(),
            action: self.action.clone(),
            target: self.target.clone(),
            from: self.from,
            to: self.to,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryOut {
    /// The audit chain the entry is in: its union (or federation); the nil
    /// UUID for the system chain.
    pub union_id: Uuid,
    /// The entry's number within its chain.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub action_label: String,
    pub target: String,
    pub org_id: Option<Uuid>,
    pub ip: String,
    pub summary: String,
    pub hash: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    pub items: Vec<AuditEntryOut>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

/// 审计日志（新的在前）
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = AuditList)))]
pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<AuditQuery>,
) -> AppResult<Json<AuditList>> {
    let page = app::Page::new(q.page, q.page_size);
    let (rows, total) = service::list(&state, &p, &q.filter(), page).await?;
    Ok(Json(AuditList {
        items: rows
            .into_iter()
            .map(|e| AuditEntryOut {
                union_id: e.union_id,
                seq: e.seq,
                at: e.at,
                action_label: service::action_label(&e.action).to_owned(),
                actor: e.actor,
                action: e.action,
                target: e.target,
                org_id: e.org_id,
                ip: e.ip,
                summary: e.summary,
                hash: e.hash,
            })
            .collect(),
        total,
        page: page.number,
        page_size: page.size,
    }))
}
