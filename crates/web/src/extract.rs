//! Body extractors whose every rejection is a Chinese message naming the
//! field, in the API's error shape.

use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::ErrorCode;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::auth::guard::BODY_LIMIT;
use app::error::AppError;

/// A JSON body. Unknown fields, wrong types and malformed JSON are refused
/// with the field named.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !json {
            return Err(AppError::code(ErrorCode::UnsupportedMediaType));
        }
        let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| AppError::code(ErrorCode::BodyTooLarge))?;
        parse_json(&bytes).map(ApiJson)
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(json_error)
}

fn json_error(e: serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let path = e.path().to_string();
    let inner = e.inner();
    match inner.classify() {
        Category::Syntax | Category::Eof | Category::Io => AppError::code(ErrorCode::MalformedJson)
            .with_message(format!(
                "请求内容不是合法的 JSON（第{}行第{}列附近）",
                inner.line(),
                inner.column()
            )),
        Category::Data => {
            let text = inner.to_string();
            let quoted = |prefix: &str| {
                text.split_once(prefix).and_then(|(_, rest)| rest.split_once('`')).map(|(f, _)| f.to_owned())
            };
            let join = |f: &str| if path == "." { f.to_owned() } else { format!("{path}.{f}") };
            if let Some(f) = quoted("unknown field `") {
                // The path already ends at the unknown key.
                let f = if path.split('.').next_back() == Some(f.as_str()) { path.clone() } else { join(&f) };
                AppError::field(ErrorCode::UnknownField, &f, format!("无法识别的字段“{f}”"))
            } else if let Some(f) = quoted("missing field `") {
                let f = join(&f);
                AppError::field(ErrorCode::Required, &f, format!("缺少必填字段“{f}”"))
            } else {
                let expected = expected_zh(&text);
                let field = if path == "." { "（请求体）".to_owned() } else { path.clone() };
                AppError::field(
                    ErrorCode::InvalidType,
                    &field,
                    format!("字段“{field}”的类型或取值不正确{expected}"),
                )
            }
        }
    }
}

/// Says what serde expected, in Chinese.
fn expected_zh(text: &str) -> &'static str {
    let t = text.to_ascii_lowercase();
    if t.contains("uuid") {
        "，应为 UUID 字符串"
    } else if t.contains("expected a string") || t.contains("expected a borrowed string") {
        "，应为字符串"
    } else if t.contains("expected i64") || t.contains("expected u") || t.contains("expected i32") {
        "，应为整数"
    } else if t.contains("expected a boolean") {
        "，应为 true 或 false"
    } else if t.contains("premature end of input") || t.contains("input contains invalid characters") {
        "，日期应为 YYYY-MM-DD"
    } else if t.contains("unknown variant") {
        "，不在可选值之内"
    } else {
        ""
    }
}

/// A query string. A value of the wrong type answers 400 naming the field
/// in Chinese — JSON for the API, the error page for pages.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for Query<T> {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        parse_query(query).map(Query).map_err(|e| reject(parts.uri.path(), e))
    }
}

/// How an extractor's refusal reaches the client: the API's JSON error for
/// `/api/…`, the Chinese error page for everything else.
pub fn reject(path: &str, e: AppError) -> Response {
    if crate::auth::guard::is_api(path) { e.into_response() } else { crate::pages::error_page(&e, None) }
}

/// The parameters in a route's path (`/unions/{union_id}/…`). A value that
/// does not parse (`/ballots/not-a-uuid`, a number past `i32`) answers 400
/// naming the parameter in Chinese, never axum's English plain text.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> axum::extract::FromRequestParts<S> for Path<T> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(r) => {
                // Tuple parameters are reported by position: name them
                // from the route's template.
                let names: Vec<String> = parts
                    .extensions
                    .get::<axum::extract::MatchedPath>()
                    .map(|m| {
                        m.as_str()
                            .split('{')
                            .skip(1)
                            .filter_map(|s| s.split('}').next())
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                Err(reject(parts.uri.path(), path_error(r, &names)))
            }
        }
    }
}

fn path_error(r: PathRejection, names: &[String]) -> AppError {
    let PathRejection::FailedToDeserializePathParams(e) = r else {
        // No parameters where the route has some: a route without a match.
        return AppError::not_found();
    };
    match e.into_kind() {
        ErrorKind::ParseErrorAtKey { key, value, expected_type } => bad_param(&key, &value, expected_type),
        ErrorKind::DeserializeError { key, value, message } => bad_param(&key, &value, &message),
        ErrorKind::ParseErrorAtIndex { index, value, expected_type } => {
            let key = names.get(index).map_or("path", String::as_str);
            bad_param(key, &value, expected_type)
        }
        ErrorKind::ParseError { value, expected_type } => {
            bad_param(names.first().map_or("path", String::as_str), &value, expected_type)
        }
        ErrorKind::InvalidUtf8InPathParam { key } => {
            AppError::field(ErrorCode::InvalidPath, &key, format!("地址中的参数“{key}”不是有效的文字"))
        }
        _ => AppError::code(ErrorCode::InvalidPath),
    }
}

fn bad_param(key: &str, value: &str, expected: &str) -> AppError {
    AppError::field(
        ErrorCode::InvalidPath,
        key,
        format!("地址中的参数“{key}”不正确：“{}”{}", shorten(value), expected_of(expected)),
    )
}

/// What a path parameter should have been, in Chinese.
fn expected_of(type_name: &str) -> &'static str {
    let t = type_name.to_ascii_lowercase();
    if t.contains("uuid") {
        "不是有效的编号（UUID）"
    } else if ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "integer"].iter().any(|n| t.contains(n))
    {
        "不是有效范围内的整数"
    } else if t.contains("date") {
        "不是日期（YYYY-MM-DD）"
    } else {
        "无法识别"
    }
}

/// A parameter echoed back is cut short: the path is the client's input.
fn shorten(v: &str) -> String {
    let mut out: String = v.chars().filter(|c| !c.is_control()).take(40).collect();
    if v.chars().count() > 40 {
        out.push('…');
    }
    out
}

pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let field = if field == "." { "query".to_owned() } else { field };
        AppError::field(
            ErrorCode::InvalidQuery,
            &field,
            format!("查询参数“{field}”的取值不正确{}", expected_zh(&e.inner().to_string())),
        )
    })
}

/// An HTML form body (`application/x-www-form-urlencoded`).
pub struct PageForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for PageForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let path = req.uri().path().to_owned();
        let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| reject(&path, AppError::code(ErrorCode::BodyTooLarge)))?;
        serde_urlencoded::from_bytes(&bytes)
            .map(PageForm)
            .map_err(|_| reject(&path, AppError::code(ErrorCode::MalformedForm)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Q {
        page: Option<i64>,
        q: Option<String>,
    }

    #[test]
    fn query_errors_name_the_field() {
        assert_eq!(parse_query::<Q>("page=2&q=%E5%BC%A0").unwrap().page, Some(2));
        let e = parse_query::<Q>("page=abc").unwrap_err();
        assert_eq!((e.0.code, e.0.field.as_deref()), (ErrorCode::InvalidQuery, Some("page")));
        assert!(e.0.message.contains("page"), "{}", e.0.message);
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Input {
        name: String,
        staff_count: Option<i64>,
    }

    #[test]
    fn errors_name_the_field_in_chinese() {
        let e = parse_json::<Input>(br#"{"name": 1}"#).unwrap_err();
        assert_eq!(e.0.code, ErrorCode::InvalidType);
        assert_eq!(e.0.field.as_deref(), Some("name"));
        assert!(e.0.message.contains("应为字符串"), "{}", e.0.message);

        let e = parse_json::<Input>(br#"{"name": "a", "boss": 1}"#).unwrap_err();
        assert_eq!((e.0.code, e.0.field.as_deref()), (ErrorCode::UnknownField, Some("boss")));

        let e = parse_json::<Input>(br#"{}"#).unwrap_err();
        assert_eq!((e.0.code, e.0.field.as_deref()), (ErrorCode::Required, Some("name")));

        let e = parse_json::<Input>(br#"{"name": "a", "staff_count": "x"}"#).unwrap_err();
        assert_eq!(e.0.field.as_deref(), Some("staff_count"));
        assert!(e.0.message.contains("整数"));

        let e = parse_json::<Input>(br#"{"name": "#).unwrap_err();
        assert_eq!(e.0.code, ErrorCode::MalformedJson);
    }
}
