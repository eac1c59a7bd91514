//! Errors as clients see them: `{"code","message","field"}` with a 4xx
//! status for the API, a Chinese error page for browsers.

#[cfg(feature = "http")]
use axum::http::StatusCode;
use domain::{DomainError, ErrorCode};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone)]
pub struct AppError(pub DomainError);

pub type AppResult<T> = Result<T, AppError>;

/// The error body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// snake_case error code, stable for integrations.
    pub code: &'static str,
    /// 中文说明.
    pub message: String,
    /// The input field at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl AppError {
    pub fn code(code: ErrorCode) -> Self {
        AppError(DomainError::new(code))
    }

    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        AppError(DomainError::field(code, field, message))
    }

    /// The same error with another message (the field and code kept).
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.0.message = message.into();
        self
    }

    pub fn not_found() -> Self {
        Self::code(ErrorCode::NotFound)
    }

    #[cfg(feature = "http")]
    pub fn status(&self) -> StatusCode {
        status_of(self.0.code)
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody { code: self.0.code.as_str(), message: self.0.message.clone(), field: self.0.field.clone() }
    }
}

#[cfg(feature = "http")]
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        MalformedJson | MalformedForm | InvalidQuery | InvalidPath => StatusCode::BAD_REQUEST,
        UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Unauthenticated | InvalidCredentials => StatusCode::UNAUTHORIZED,
        LoginThrottled => StatusCode::TOO_MANY_REQUESTS,
        AccountDisabled | CsrfFailed | Forbidden | PasswordChangeRequired => StatusCode::FORBIDDEN,
        NotFound => StatusCode::NOT_FOUND,
        MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Conflict | LastAdmin | UsernameTaken | DuplicateCreditCode | OrgArchived | OrgHasActiveChildren => {
            StatusCode::CONFLICT
        }
        MemberActiveElsewhere
        | VoucherPosted
        | VoucherState
        | PeriodClosed
        | AlreadyPaid
        | BelowZero
        | OpeningLocked => StatusCode::CONFLICT,
        BallotNotOpen | BallotClosed | BallotState | AlreadyVoted | QuorumNotMet | CountMismatch => {
            StatusCode::CONFLICT
        }
        AlreadySignedUp | SignupNotOpen | SignupClosed | NotSignedUp | CancelDeadlinePassed
        | AlreadyCheckedIn | WrongCode | CheckinNotOpen | ActivityOver | AlreadyScored | RoundClosed
        | NotPending => StatusCode::CONFLICT,
        InvalidTransition | AlreadyClosed => StatusCode::CONFLICT,
        NotEntitled | NotInAudience | NotAJudge => StatusCode::FORBIDDEN,
        ReceiptNotFound => StatusCode::NOT_FOUND,
        DatabaseUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        Internal => StatusCode::INTERNAL_SERVER_ERROR,
        UnknownField
        | InvalidType
        | Required
        | TooLong
        | ControlCharacters
        | InvalidValue
        | InvalidDate
        | InvalidCreditCode
        | InvalidParent
        | MoveIntoOwnSubtree
        | InvalidTerm
        | InvalidUsername
        | WeakPassword
        | WrongPassword
        | InvalidRole
        | RoleNotForOrg
        | InvalidIdNumber
        | IdMismatch
        | InvalidMobile
        | InvalidMoney
        | InvalidStatusChange
        | InvalidCardPattern
        | VoucherUnbalanced
        | VoucherZeroLine
        | SameReviewer
        | BudgetExceeded
        | PolicyRefused
        | InvalidPolicy
        | InvalidChoice
        | InsufficientCandidates
        | RepresentativesRequired
        | InvalidContractTerm
        | InvalidCount => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        AppError(e)
    }
}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        AppError::code(code)
    }
}

impl From<store::Error> for AppError {
    fn from(e: store::Error) -> Self {
        match &e {
            store::Error::PoolTimedOut | store::Error::PoolClosed | store::Error::Io(_) => {
                tracing::error!(error = %e, "database unavailable");
                AppError::code(ErrorCode::DatabaseUnavailable)
            }
            _ if store::is_unique_violation(&e) => AppError::code(ErrorCode::Conflict),
            _ => {
                tracing::error!(error = %e, "database error");
                AppError::code(ErrorCode::Internal)
            }
        }
    }
}

/// A part of parallel work that panicked or was cancelled.
impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        tracing::error!(error = %e, "a parallel part failed");
        AppError::code(ErrorCode::Internal)
    }
}

#[cfg(feature = "http")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        (self.status(), axum::Json(self.body())).into_response()
    }
}
