//! The OpenAPI 3 document served at `/api/openapi.json`.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::AREAS;

#[derive(OpenApi)]
#[openapi(info(
    title = "gonghui 工会业务系统 API",
    description = "错误统一为 {\"code\",\"message\",\"field\"}，message 为中文说明。先用 POST /api/v1/auth/token 取得令牌，之后以 Authorization: Bearer <token> 调用。"
))]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The refusals every route can give by the mechanism it goes through, added
/// to each operation so that the document lists every status a route really
/// returns: the guard (401 without a valid token, 403 without the
/// permission), the path extractor (400 for an id that does not parse, 404
/// for one that is not there or belongs to another union, in the path or
/// in the body), the query
/// extractor (400), a parameter's value (422), and the body extractor (400 malformed, 413 too large,
/// 415 not JSON, 422 a field refused). A route's own answers (201, 409 …)
/// stay in its annotation.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |text: &str| {
            ResponseBuilder::new()
                .description(text)
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let ops = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for op in ops.into_iter().flatten() {
                let params = op.parameters.as_deref().unwrap_or_default();
                let has = |at: ParameterIn| params.iter().any(|p| p.parameter_in == at);
                let mut add = |code: &str, text: &str| {
                    op.responses.responses.entry(code.to_owned()).or_insert_with(|| error(text).into());
                };
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    add("401", "未登录或令牌无效（unauthenticated）");
                    add(
                        "403",
                        "没有权限（forbidden）；或账号的密码由他人设置（初始密码、重设的密码），须先修改密码（password_change_required，只有修改密码和退出登录可用）",
                    );
                }
                if has(ParameterIn::Path) {
                    add("400", "地址中的参数不正确（invalid_path）");
                    add("404", "记录不存在，或属于其他工会（not_found）");
                }
                if has(ParameterIn::Query) {
                    add("400", "查询参数不正确（invalid_query）");
                }
                if has(ParameterIn::Path) || has(ParameterIn::Query) {
                    // Parameters that parse but mean nothing (a month
                    // "2026-13", an unknown status) are refused by value.
                    add("422", "参数取值不正确，field 指出参数（invalid_value）");
                }
                if op.request_body.is_some() {
                    // Ids inside a body (an org, a member, a voter) that are
                    // not there or not the union's answer as a missing id.
                    add("404", "请求中引用的记录不存在，或属于其他工会（not_found）");
                    add("400", "请求内容无法解析（malformed_json / malformed_form）");
                    add("413", "请求内容过大（body_too_large）");
                    add("415", "请求内容类型不受支持（unsupported_media_type）");
                    add("422", "字段取值不正确，field 指出字段（invalid_value 等）");
                }
            }
        }
    }
}

/// The document: the common part, each area's paths, schemas and tags in
/// the order of [`AREAS`], then the modifiers over the whole.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for area in AREAS {
        doc.merge((area.openapi)());
    }
    Bearer.modify(&mut doc);
    CommonErrors.modify(&mut doc);
    doc
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("a source folder") {
            let p = e.expect("a folder entry").path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The schema name of each `#[derive(… ToSchema …)]` in `text`: the
    /// type's name, or its `#[schema(as = …)]`.
    fn schema_names(text: &str) -> Vec<String> {
        let lines: Vec<&str> = text.lines().collect();
        let mut names = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let l = l.trim_start();
            if !(l.starts_with("#[derive(") && l.contains("ToSchema")) {
                continue;
            }
            let mut alias = None;
            for next in lines.iter().skip(i + 1).take(12) {
                let t = next.trim_start();
                if t.starts_with("#[schema(")
                    && let Some(at) = t.find("as = ")
                {
                    let rest = &t[at + 5..];
                    alias = Some(rest.split([')', ',']).next().unwrap_or(rest).trim().to_owned());
                }
                let words: Vec<&str> = t.split_whitespace().collect();
                if let Some(k) = words.iter().position(|w| *w == "struct" || *w == "enum")
                    && let Some(w) = words.get(k + 1)
                {
                    let ident: String = w.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    names.push(alias.take().unwrap_or(ident));
                    break;
                }
            }
        }
        names
    }

    /// utoipa names a schema after its type (or its `as`), and merging the
    /// areas' documents keeps one schema per name: two types of one name
    /// describe one of their endpoints wrongly. Every type the API document
    /// can show has a name of its own.
    #[test]
    fn schema_names_are_unique() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["src", "../app/src", "../domain/src"] {
            rust_files(&root.join(dir), &mut files);
        }
        let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for f in &files {
            let text = std::fs::read_to_string(f).expect("a source file");
            for name in schema_names(&text) {
                let at = f.strip_prefix(root).unwrap_or(f).display().to_string();
                seen.entry(name).or_default().push(at);
            }
        }
        let twice: Vec<_> = seen.iter().filter(|(_, at)| at.len() > 1).collect();
        assert!(seen.len() > 100, "the scan found the API's types: {}", seen.len());
        assert!(
            twice.is_empty(),
            "schema names used by two types (rename one, or #[schema(as = …)]): {twice:#?}"
        );
    }

    #[test]
    fn a_schema_alias_names_the_schema() {
        let text = "#[derive(Debug, Serialize, ToSchema)]\n/// Doc.\n#[schema(as = BoardItemOut)]\npub struct ItemOut {\n}\n\
                    #[derive(ToSchema)]\n#[serde(rename_all = \"snake_case\")]\npub enum Kind { A }\n";
        assert_eq!(schema_names(text), ["BoardItemOut", "Kind"]);
    }
}
