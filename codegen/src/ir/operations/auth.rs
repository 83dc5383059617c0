//! Authentication: the security schemes the client can send, each with the name of the builder
//! setter that gives it its credential, and each operation's security requirements.
//!
//! A scheme the client cannot send (HTTP other than `basic` and `bearer`, a `$ref` that does
//! not resolve, an API key whose name HTTP cannot carry) and a requirement naming a scheme the
//! spec does not declare are not errors: each gets one warning, and requirements are met
//! without that scheme, whose credential the caller then sends by hand (`default_header`).

use super::super::naming::{numbered, snake};
use super::super::schemas::{TypeBuilder, Unsupported};
use super::super::{In, SchemeKind, SecurityScheme};
use crate::error::push_token;
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement};
use std::collections::BTreeSet;

/// How a warning about a scheme the client cannot send ends.
const MET_WITHOUT: &str = "requirements naming it are met without it (send its credential with \
                           `default_header`)";

/// The schemes that some requirement (the document's or an operation's) names and the client
/// can send, in the order `components.securitySchemes` declares them, with their setters'
/// names. Warns once for each scheme it cannot send and each requirement naming a scheme that
/// is not declared.
pub(crate) fn security_schemes(spec: &OpenAPI, types: &mut TypeBuilder<'_>) -> Vec<SecurityScheme> {
    let declared = spec
        .components
        .as_ref()
        .map(|c| &c.security_schemes)
        .filter(|schemes| !schemes.is_empty());
    let mut named = BTreeSet::new();
    for (pointer, requirements) in all_requirements(spec) {
        for (index, requirement) in requirements.iter().enumerate() {
            for name in requirement.keys() {
                if declared.is_some_and(|schemes| schemes.contains_key(name)) {
                    named.insert(name.as_str());
                } else {
                    let at = push_token(&pointer, &index.to_string());
                    types.degrade(
                        Unsupported::new(
                            &at,
                            format!(
                                "the security requirement names `{name}`, which \
                                 `components.securitySchemes` does not declare"
                            ),
                        ),
                        "it is met without it",
                    );
                }
            }
        }
    }
    let mut schemes: Vec<SecurityScheme> = Vec::new();
    for (name, scheme) in declared.into_iter().flatten() {
        if !named.contains(name.as_str()) {
            continue;
        }
        let pointer = push_token("/components/securitySchemes", name);
        let built = resolve(spec, scheme).and_then(|scheme| kind(scheme).map(|k| (scheme, k)));
        let (scheme, kind) = match built {
            Ok(built) => built,
            Err(reason) => {
                types.degrade(Unsupported::new(&pointer, reason), MET_WITHOUT);
                continue;
            }
        };
        let wanted = setter(name);
        let setter = numbered(&wanted, |n| schemes.iter().any(|s| s.setter == n));
        if setter != wanted {
            let first = schemes.iter().find(|s| s.setter == wanted).map(|s| &s.name);
            types.warn(
                &pointer,
                &format!(
                    "the security scheme `{name}` suggests the setter `{wanted}`, already taken \
                     by `{}`: it is `{setter}`",
                    first.map_or("?", String::as_str)
                ),
            );
        }
        schemes.push(SecurityScheme {
            name: name.clone(),
            setter,
            kind,
            docs: description(scheme).into_iter().collect(),
        });
    }
    schemes
}

/// Every requirement list of the spec with its pointer: the document's, then each
/// operation's, in path order.
fn all_requirements(spec: &OpenAPI) -> Vec<(String, &Vec<SecurityRequirement>)> {
    let mut all = Vec::new();
    if let Some(root) = &spec.security {
        all.push(("/security".to_string(), root));
    }
    for (path, item) in &spec.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            if let Some(own) = &op.security {
                let pointer = push_token(&push_token("/paths", path), method);
                all.push((push_token(&pointer, "security"), own));
            }
        }
    }
    all
}

/// The scheme itself, or the one its `$ref` names in `#/components/securitySchemes/`.
fn resolve<'s>(
    spec: &'s OpenAPI,
    scheme: &'s ReferenceOr<openapiv3::SecurityScheme>,
) -> Result<&'s openapiv3::SecurityScheme, String> {
    match scheme {
        ReferenceOr::Item(scheme) => Ok(scheme),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/securitySchemes/")
            .and_then(|name| spec.components.as_ref()?.security_schemes.get(name))
            .and_then(ReferenceOr::as_item)
            .ok_or_else(|| {
                format!(
                    "`$ref: {reference}` must point directly to a security scheme in \
                     `#/components/securitySchemes/`"
                )
            }),
    }
}

/// What the scheme sends, or why the client cannot send it.
fn kind(scheme: &openapiv3::SecurityScheme) -> Result<SchemeKind, String> {
    use openapiv3::SecurityScheme as S;
    Ok(match scheme {
        S::HTTP {
            scheme,
            bearer_format,
            ..
        } => {
            // Auth-scheme names are case-insensitive (RFC 9110 11.1).
            if scheme.eq_ignore_ascii_case("bearer") {
                SchemeKind::Bearer {
                    format: bearer_format.clone().filter(|f| !f.trim().is_empty()),
                }
            } else if scheme.eq_ignore_ascii_case("basic") {
                SchemeKind::Basic
            } else {
                return Err(format!(
                    "the HTTP authentication scheme `{scheme}` is not supported (only `basic` \
                     and `bearer` are)"
                ));
            }
        }
        S::APIKey { location, name, .. } => {
            let location = match location {
                APIKeyLocation::Header => In::Header,
                APIKeyLocation::Query => In::Query,
                APIKeyLocation::Cookie => In::Cookie,
            };
            if location != In::Query && !is_token(name) {
                return Err(format!(
                    "the API key's {} name {name:?} is not one HTTP can carry",
                    location.as_str()
                ));
            }
            SchemeKind::ApiKey {
                location,
                name: name.clone(),
            }
        }
        S::OAuth2 { flows, .. } => SchemeKind::OAuth2 {
            flows: flow_docs(flows),
        },
        S::OpenIDConnect {
            open_id_connect_url,
            ..
        } => SchemeKind::OpenIdConnect {
            url: open_id_connect_url.clone(),
        },
    })
}

/// Each OAuth2 flow the spec declares, with the URLs a caller needs to get a token.
fn flow_docs(flows: &openapiv3::OAuth2Flows) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(flow) = &flows.authorization_code {
        docs.push(format!(
            "authorization code (authorization URL {}, token URL {})",
            flow.authorization_url, flow.token_url
        ));
    }
    if let Some(flow) = &flows.client_credentials {
        docs.push(format!("client credentials (token URL {})", flow.token_url));
    }
    if let Some(flow) = &flows.password {
        docs.push(format!("password (token URL {})", flow.token_url));
    }
    if let Some(flow) = &flows.implicit {
        docs.push(format!(
            "implicit (authorization URL {})",
            flow.authorization_url
        ));
    }
    docs
}

fn description(scheme: &openapiv3::SecurityScheme) -> Option<String> {
    use openapiv3::SecurityScheme as S;
    let (S::HTTP { description, .. }
    | S::APIKey { description, .. }
    | S::OAuth2 { description, .. }
    | S::OpenIDConnect { description, .. }) = scheme;
    description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
}

/// The setter of the scheme `name`: its snake_case name, with `_auth` after it unless it ends
/// so already (`api_key` -> `api_key_auth`, `bearerAuth` -> `bearer_auth`), so that no setter
/// takes the name of one of the builder's own settings (`timeout`, `bearer_token`): none of
/// those ends in `_auth`. A setter takes the builder by value, which Rust's naming conventions
/// (and clippy's `wrong_self_convention`) forbid to `as_`, `from_`, `is_` and `to_` methods:
/// those get `with_` before them (Sinao's `isAdmin` -> `with_is_admin_auth`).
fn setter(name: &str) -> String {
    let snake = snake(name);
    let stem = snake.trim_end_matches('_');
    let setter = if stem == "auth" || stem.ends_with("_auth") {
        stem.to_string()
    } else {
        format!("{stem}_auth")
    };
    if ["as_", "from_", "is_", "to_"]
        .iter()
        .any(|prefix| setter.starts_with(prefix))
    {
        format!("with_{setter}")
    } else {
        setter
    }
}

/// Whether `name` is an RFC 9110 token, as header and cookie names are.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The operation's security requirements, from its own `security` (`security: []` turns the
/// document's off), else the document's: each the names of its schemes the client can send,
/// in spec order. A requirement whose every scheme the client cannot send stays, empty: it is
/// met without credentials.
pub(super) fn requirements(
    spec: &OpenAPI,
    op: &openapiv3::Operation,
    schemes: &[SecurityScheme],
) -> Vec<Vec<String>> {
    let Some(requirements) = op.security.as_ref().or(spec.security.as_ref()) else {
        return Vec::new();
    };
    requirements
        .iter()
        .map(|requirement| {
            requirement
                .keys()
                .filter(|name| schemes.iter().any(|s| &s.name == *name))
                .cloned()
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::spec;
    use super::{SchemeKind, SecurityScheme, requirements, security_schemes, setter};
    use crate::ir::In;
    use crate::ir::schemas::TypeBuilder;

    /// The schemes of a document, its warnings, and the requirements of each of its
    /// operations (`get /x`, `post /x`, ...: in `PathItem::iter` order).
    fn read(doc: &str) -> (Vec<SecurityScheme>, Vec<String>, Vec<Vec<Vec<String>>>) {
        let spec = spec(doc);
        let mut types = TypeBuilder::new(&spec, "t.yaml").unwrap();
        let schemes = security_schemes(&spec, &mut types);
        let item = spec.paths.paths["/x"].as_item().unwrap();
        let per_operation = item
            .iter()
            .map(|(_, op)| requirements(&spec, op, &schemes))
            .collect();
        let (_, warnings, _, _) = types.finish();
        (schemes, warnings, per_operation)
    }

    /// The requirements of `get /x` with this document-level and operation-level `security`
    /// (YAML flow, `None` for no `security` key), as `a+b | {}` text.
    fn of(root: Option<&str>, operation: Option<&str>) -> String {
        let root = root.map_or(String::new(), |s| format!("security: {s}\n"));
        let operation = operation.map_or(String::new(), |s| format!(", security: {s}"));
        let (_, warnings, per_operation) = read(&format!(
            "{root}paths:
  /x:
    get: {{operationId: get, responses: {{'200': {{description: ok}}}}{operation}}}
components:
  securitySchemes:
    bearer: {{type: http, scheme: bearer}}
    key: {{type: apiKey, in: header, name: X-Key}}"
        ));
        assert_eq!(warnings, Vec::<String>::new());
        per_operation[0]
            .iter()
            .map(|r| {
                if r.is_empty() {
                    "{}".into()
                } else {
                    r.join("+")
                }
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }

    #[test]
    fn the_operation_security_else_the_document_security_decides() {
        let bearer = Some("[{bearer: []}]");
        let cases = [
            (None, None, ""),
            (bearer, None, "bearer"),
            (None, bearer, "bearer"),
            // `security: []` on the operation turns the document's requirement off.
            (bearer, Some("[]"), ""),
            (Some("[]"), None, ""),
            // Only the empty requirement: nothing needed.
            (bearer, Some("[{}]"), "{}"),
            // Alternatives in spec order, an empty one among them; all of one object at once.
            (None, Some("[{}, {bearer: []}]"), "{} | bearer"),
            (
                bearer,
                Some("[{key: [], bearer: []}, {key: []}]"),
                "key+bearer | key",
            ),
        ];
        for (root, operation, expected) in cases {
            assert_eq!(of(root, operation), expected, "{root:?} {operation:?}");
        }
    }

    #[test]
    fn each_kind_of_scheme_and_the_names_of_their_setters() {
        let (schemes, warnings, _) = read(
            "security: [{bearerAuth: [], basic: [], api_key: [], cookie: [], oauth: [], oidc: [], query: []}]
paths:
  /x:
    get: {operationId: get, responses: {'200': {description: ok}}}
components:
  securitySchemes:
    unused: {type: http, scheme: bearer}
    bearerAuth: {type: http, scheme: Bearer, bearerFormat: JWT, description: '  A JWT.  '}
    basic: {type: http, scheme: basic}
    api_key: {type: apiKey, in: header, name: X-API-Key}
    cookie: {type: apiKey, in: cookie, name: session}
    query: {type: apiKey, in: query, name: 'api key'}
    oauth:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {}}
        authorizationCode:
          authorizationUrl: 'https://auth.example.com/authorize'
          tokenUrl: 'https://auth.example.com/token'
          scopes: {read: Read}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://auth.example.com/.well-known/openid-configuration'}",
        );
        assert_eq!(warnings, Vec::<String>::new());
        let got: Vec<(&str, &str, &SchemeKind)> = schemes
            .iter()
            .map(|s| (s.name.as_str(), s.setter.as_str(), &s.kind))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "bearerAuth",
                    "bearer_auth",
                    &SchemeKind::Bearer {
                        format: Some("JWT".into())
                    }
                ),
                ("basic", "basic_auth", &SchemeKind::Basic),
                (
                    "api_key",
                    "api_key_auth",
                    &SchemeKind::ApiKey {
                        location: In::Header,
                        name: "X-API-Key".into()
                    }
                ),
                (
                    "cookie",
                    "cookie_auth",
                    &SchemeKind::ApiKey {
                        location: In::Cookie,
                        name: "session".into()
                    }
                ),
                (
                    "query",
                    "query_auth",
                    &SchemeKind::ApiKey {
                        location: In::Query,
                        name: "api key".into()
                    }
                ),
                (
                    "oauth",
                    "oauth_auth",
                    &SchemeKind::OAuth2 {
                        flows: vec![
                            "authorization code (authorization URL https://auth.example.com/authorize, token URL https://auth.example.com/token)".into(),
                            "client credentials (token URL https://auth.example.com/token)".into(),
                        ]
                    }
                ),
                (
                    "oidc",
                    "oidc_auth",
                    &SchemeKind::OpenIdConnect {
                        url: "https://auth.example.com/.well-known/openid-configuration".into()
                    }
                ),
            ],
            "declaration order; `unused` is named by no requirement"
        );
        assert_eq!(schemes[0].docs, ["A JWT."]);
    }

    #[test]
    fn setters_end_in_auth_so_that_they_never_take_a_builder_settings_name() {
        for (scheme, expected) in [
            ("api_key", "api_key_auth"),
            ("ApiKeyAuth", "api_key_auth"),
            ("bearer_auth", "bearer_auth"),
            ("timeout", "timeout_auth"),
            ("bearer_token", "bearer_token_auth"),
            ("auth", "auth"),
            ("self", "self_auth"),
            ("type", "type_auth"),
            ("3legged", "_3legged_auth"),
            ("", "empty_auth"),
            ("isAdmin", "with_is_admin_auth"),
            ("to", "with_to_auth"),
            ("as_user_auth", "with_as_user_auth"),
            ("from-partner", "with_from_partner_auth"),
            ("into", "into_auth"),
            ("island", "island_auth"),
        ] {
            assert_eq!(setter(scheme), expected, "{scheme}");
        }
    }

    #[test]
    fn schemes_the_client_cannot_send_and_undeclared_names_warn_and_are_left_to_the_caller() {
        let (schemes, warnings, per_operation) = read(
            "security: [{digest: []}, {nowhere: []}]
paths:
  /x:
    get: {operationId: get, responses: {'200': {description: ok}}}
    put:
      operationId: put
      security: [{key: [], digest: []}, {bad_header: []}, {referenced: []}, {elsewhere: []}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    digest: {type: http, scheme: digest}
    key: {type: apiKey, in: header, name: X-Key}
    bad_header: {type: apiKey, in: header, name: 'X Key'}
    referenced: {$ref: '#/components/securitySchemes/key'}
    elsewhere: {$ref: '#/components/schemas/Thing'}
  schemas:
    Thing: {type: object}",
        );
        let names: Vec<&str> = schemes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["key", "referenced"]);
        assert_eq!(
            schemes[1].kind,
            SchemeKind::ApiKey {
                location: In::Header,
                name: "X-Key".into()
            },
            "a `$ref` to another scheme sends what that one sends"
        );
        assert_eq!(
            warnings,
            [
                "t.yaml: #/security/1: the security requirement names `nowhere`, which `components.securitySchemes` does not declare; it is met without it",
                "t.yaml: #/components/securitySchemes/digest: the HTTP authentication scheme `digest` is not supported (only `basic` and `bearer` are); requirements naming it are met without it (send its credential with `default_header`)",
                "t.yaml: #/components/securitySchemes/bad_header: the API key's header name \"X Key\" is not one HTTP can carry; requirements naming it are met without it (send its credential with `default_header`)",
                "t.yaml: #/components/securitySchemes/elsewhere: `$ref: #/components/schemas/Thing` must point directly to a security scheme in `#/components/securitySchemes/`; requirements naming it are met without it (send its credential with `default_header`)",
            ]
        );
        let strings = |r: &[&[&str]]| -> Vec<Vec<String>> {
            r.iter()
                .map(|names| names.iter().map(|n| n.to_string()).collect())
                .collect()
        };
        assert_eq!(per_operation[0], strings(&[&[], &[]]));
        assert_eq!(
            per_operation[1],
            strings(&[&["key"], &[], &["referenced"], &[]])
        );
    }

    #[test]
    fn two_schemes_suggesting_one_setter_are_numbered_with_a_warning() {
        let (schemes, warnings, _) = read(
            "security: [{ApiKey: [], api_key: []}]
paths:
  /x:
    get: {operationId: get, responses: {'200': {description: ok}}}
components:
  securitySchemes:
    ApiKey: {type: apiKey, in: header, name: X-A}
    api_key: {type: apiKey, in: query, name: key}",
        );
        let setters: Vec<&str> = schemes.iter().map(|s| s.setter.as_str()).collect();
        assert_eq!(setters, ["api_key_auth", "api_key_auth2"]);
        assert_eq!(
            warnings,
            [
                "t.yaml: #/components/securitySchemes/api_key: the security scheme `api_key` suggests the setter `api_key_auth`, already taken by `ApiKey`: it is `api_key_auth2`"
            ]
        );
    }
}
