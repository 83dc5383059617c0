//! What a generated operation hands to the client: which operation, the path with its
//! parameters encoded, the query, header and cookie parameters, and the body, already
//! serialized into its one buffer.

use crate::auth::SecurityRequirement;
use crate::params::{ParamValue, QueryValue};
use crate::styles::{deep_pairs, form_pairs, simple, unencoded};
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use std::borrow::Cow;

/// The HTTP methods an operation can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// TRACE
    Trace,
}

impl Method {
    /// The method as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
            Method::Trace => reqwest::Method::TRACE,
        }
    }

    /// Whether sending the request twice has the same effect as sending it once (RFC 9110
    /// 9.2.2), which is what makes retrying after an ambiguous failure safe.
    pub(crate) fn is_idempotent(self) -> bool {
        matches!(
            self,
            Method::Get
                | Method::Put
                | Method::Delete
                | Method::Head
                | Method::Options
                | Method::Trace
        )
    }
}

/// A generated operation's constant facts.
#[derive(Debug)]
pub struct Operation {
    /// The spec's `operationId`, shown in the request's `Debug`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, `{name}` for each parameter.
    pub path: &'static str,
    /// The spec's security requirements for it (its own `security`, else the document's):
    /// alternatives, of which the client sends the first it has every credential for (an
    /// empty requirement, `{}`, only when it meets no other). Empty: it needs none, and none
    /// is sent.
    pub security: &'static [SecurityRequirement],
}

/// A serialized request body and the media type that describes it.
#[derive(Debug)]
pub(crate) struct Body {
    pub(crate) bytes: Vec<u8>,
    /// Always a valid header value: a constant, or the multipart type with its boundary.
    pub(crate) content_type: Cow<'static, str>,
}

/// One call, ready to send: built by a generated operation, sent by [`crate::Client`].
#[derive(Debug)]
pub struct Request {
    pub(crate) operation: &'static Operation,
    /// The path with every parameter substituted and encoded.
    pub(crate) path: String,
    /// Query pairs in call order, not yet encoded (the URL type encodes them).
    pub(crate) query: Vec<(String, String)>,
    /// Header parameters in call order, already checked (a later one of a name wins).
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// Cookie parameters in call order, values already encoded; sent as one `Cookie` header.
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) body: Option<Body>,
    /// The `Accept` header: what the operation's success response is.
    pub(crate) accept: &'static str,
    /// Why the call must not be sent (a bad path parameter, a body that failed to encode).
    pub(crate) invalid: Option<String>,
    /// The header the operation declares for an idempotency key, if it declares one.
    pub(crate) idempotency_header: Option<&'static str>,
}

impl Request {
    /// A request for `operation`, with its path template still unfilled.
    pub fn new(operation: &'static Operation) -> Self {
        Request {
            operation,
            path: operation.path.to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            accept: "application/json",
            invalid: None,
            idempotency_header: None,
        }
    }

    /// Says that the operation takes an idempotency key in this header (the spec declares
    /// it): unless the caller set that header, the client fills it with a fresh key, the same
    /// for every retry of the call, and only then retries the call after an ambiguous failure
    /// (a timeout, a broken connection, a 5xx) whatever its method.
    pub fn idempotency_key(mut self, header: &'static str) -> Self {
        self.idempotency_header = Some(header);
        self
    }

    /// Substitutes `{name}` with `value`, encoded as exactly one path segment. Empty values,
    /// `.` and `..` would change which resource the path names, so they are refused.
    pub fn path_param<V: ParamValue + ?Sized>(self, name: &str, value: &V) -> Self {
        let value = value.to_param();
        let encoded: Cow<'_, str> = utf8_percent_encode(&value, SEGMENT).into();
        self.segment(name, Some(&encoded))
    }

    /// Substitutes `{name}` with an array's values as `style: simple` says: each encoded as
    /// [`Request::path_param`] encodes a value, joined with commas (`/roads/A1,A2`). An empty
    /// array leaves an empty segment, so it is refused.
    pub fn path_param_joined<V: QueryValue + ?Sized>(self, name: &str, value: &V) -> Self {
        let joined = joined(name, value, ',', |v| utf8_percent_encode(v, SEGMENT).into());
        self.segment(name, joined.as_deref())
    }

    /// Substitutes `{name}` with a model, union or other JSON value as `style: simple` says,
    /// from its JSON form: an object's properties `key,value,key,value`, or with `explode`
    /// `key=value,key=value`; an array's items joined with commas; a scalar as its text. Keys
    /// and values are encoded as [`Request::path_param`] encodes a value; `null`, an empty
    /// array or object, and a value that cannot be encoded are refused.
    pub fn path_param_fields<V: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &V,
        explode: bool,
    ) -> Self {
        match self.json_value("path", name, value) {
            Some(value) => {
                let text = simple(&value, explode, |piece| {
                    utf8_percent_encode(piece, SEGMENT).into()
                });
                self.segment(name, text.as_deref())
            }
            None => self,
        }
    }

    /// Puts the encoded `value` in place of `{name}`, or makes the request invalid when there
    /// is none or it is `.` or `..` (an empty segment or a dot segment would name another
    /// resource).
    fn segment(mut self, name: &str, encoded: Option<&str>) -> Self {
        match encoded {
            Some(value) if !value.is_empty() && value != "." && value != ".." => {
                self.path = substitute(&self.path, name, value);
            }
            other => {
                let got = other.unwrap_or("");
                self.invalid.get_or_insert_with(|| {
                    format!("path parameter `{name}` must not be empty, `.` or `..` (got {got:?})")
                });
            }
        }
        self
    }

    /// Appends `value` to the query as `style: form` with `explode: true` says: one pair per
    /// value (`tag=a&tag=b` for an array), nothing for `None`. Encoding follows
    /// `application/x-www-form-urlencoded`, applied when the URL is built.
    pub fn query<V: QueryValue + ?Sized>(mut self, name: &str, value: &V) -> Self {
        value.push_pairs(name, &mut self.query);
        self
    }

    /// Appends `value` as `style: form` with `explode: false` says: an array's values joined
    /// with commas in one pair (`tag=a,b`), nothing for `None` or an empty array.
    pub fn query_joined<V: QueryValue + ?Sized>(self, name: &str, value: &V) -> Self {
        self.query_delimited(name, value, ',')
    }

    /// Appends `value` as `style: spaceDelimited` (`' '`) or `pipeDelimited` (`'|'`) with
    /// `explode: false` says: an array's values joined with `separator` in one pair, nothing
    /// for `None` or an empty array.
    pub fn query_delimited<V: QueryValue + ?Sized>(
        mut self,
        name: &str,
        value: &V,
        separator: char,
    ) -> Self {
        if let Some(joined) = joined(name, value, separator, unencoded) {
            self.query.push((name.to_string(), joined));
        }
        self
    }

    /// Appends a model, union or other JSON value as `style: form` says, from its JSON form:
    /// with `explode` (the default) an object's properties are pairs of their own
    /// (`role=admin&active=true`, an array property one pair per item); without it the
    /// object is one pair, `name=role,admin,active,true`. A value that is no object is sent
    /// like a scalar or an array of them. Nothing for `None`, `null` or an empty object.
    /// OpenAPI defines no form for an object inside an object or an array: those are written
    /// as `deepObject` does (`filter[name]=a`).
    pub fn query_fields<V: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &V,
        explode: bool,
    ) -> Self {
        if let Some(value) = self.json_value("query", name, value) {
            form_pairs(name, &value, explode, &mut self.query);
        }
        self
    }

    /// Appends `value` as a parameter with `content: application/json` says: its JSON text
    /// as one pair (`filter={"name":"a"}`, a string quoted), nothing for `None` or `null`.
    pub fn query_json<V: Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        match self.json_value("query", name, value) {
            None | Some(serde_json::Value::Null) => {}
            Some(value) => self.query.push((name.to_string(), value.to_string())),
        }
        self
    }

    /// Appends `value` as `style: deepObject` says: each property of the object as its own
    /// pair, `name[key]=value` (nested objects `name[a][b]=value`, an array's items one pair
    /// each); nothing for `None`, `null` or an empty object. A value that is no object (the spec
    /// promised one) is sent as `name=<its JSON text>`.
    pub fn query_deep<V: Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        if let Some(value) = self.json_value("query", name, value) {
            deep_pairs(name, &value, &mut self.query);
        }
        self
    }

    /// The JSON form of the `location` (`query`, `path`, `header`) parameter `name`; one that
    /// cannot be encoded makes the request invalid (it is not sent).
    fn json_value<V: Serialize + ?Sized>(
        &mut self,
        location: &str,
        name: &str,
        value: &V,
    ) -> Option<serde_json::Value> {
        serde_json::to_value(value)
            .map_err(|e| {
                self.invalid
                    .get_or_insert_with(|| format!("{location} parameter `{name}`: {e}"));
            })
            .ok()
    }

    /// A header parameter, as `style: simple` says: one value as its text, an array's values
    /// joined with commas, nothing for `None` or an empty array. It replaces a default header
    /// of the same name; the `Accept` and `Content-Type` the client sets, and the headers of
    /// the credentials it sends (`Authorization`, an API key's), still win over it. A name or
    /// value HTTP does not allow in a header (a control character, text beyond ASCII) makes
    /// the request invalid (it is not sent).
    pub fn header<V: QueryValue + ?Sized>(self, name: &str, value: &V) -> Self {
        match joined(name, value, ',', unencoded) {
            Some(value) => self.checked_header(name, &value),
            None => self,
        }
    }

    /// A header parameter holding a model, union or other JSON value, as `style: simple`
    /// says, from its JSON form: an object's properties `key,value,key,value`, or with
    /// `explode` `key=value,key=value`; an array's items joined with commas; a scalar as its
    /// text. Nothing is sent for `None`, `null` or an empty object or array; otherwise as
    /// [`Request::header`].
    pub fn header_fields<V: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &V,
        explode: bool,
    ) -> Self {
        let text = self
            .json_value("header", name, value)
            .and_then(|value| simple(&value, explode, unencoded));
        match text {
            Some(text) => self.checked_header(name, &text),
            None => self,
        }
    }

    /// Adds the header `name: value`, or makes the request invalid when HTTP does not allow
    /// either in a header.
    fn checked_header(mut self, name: &str, value: &str) -> Self {
        let name_ok = HeaderName::from_bytes(name.as_bytes());
        // `HeaderValue` lets bytes beyond ASCII through (obsolete `obs-text`); they are refused
        // here, as a server could read them in any charset.
        let value_ok = if value.is_ascii() {
            HeaderValue::from_str(value).map_err(|_| ())
        } else {
            Err(())
        };
        match (name_ok, value_ok) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            (Err(_), _) => {
                self.invalid.get_or_insert_with(|| {
                    format!("header parameter name {name:?} is not a valid header name")
                });
            }
            (_, Err(_)) => {
                self.invalid.get_or_insert_with(|| {
                    format!(
                        "header parameter `{name}` has a value that is not a valid header value (control characters or text beyond ASCII)"
                    )
                });
            }
        }
        self
    }

    /// A cookie parameter (`style: form`): sent with the call's other cookies as one
    /// `Cookie: a=1; b=2` header, which replaces a default `Cookie` header. An array's values
    /// are joined with commas and nothing is sent for `None`. Characters a cookie value cannot
    /// hold (controls, space, `"`, `,`, `;`, `\` and text beyond ASCII) are percent-encoded; a
    /// name that is not an HTTP token makes the request invalid.
    pub fn cookie<V: QueryValue + ?Sized>(mut self, name: &str, value: &V) -> Self {
        let Some(value) = joined(name, value, ',', unencoded) else {
            return self;
        };
        if !is_token(name) {
            self.invalid.get_or_insert_with(|| {
                format!("cookie parameter name {name:?} is not a valid cookie name")
            });
            return self;
        }
        let value = utf8_percent_encode(&value, COOKIE_VALUE).to_string();
        self.cookies.push((name.to_string(), value));
        self
    }

    /// A JSON body; a value that cannot be encoded makes the request invalid (it is not sent).
    pub fn json_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some(Body {
                    bytes,
                    content_type: Cow::Borrowed("application/json"),
                })
            }
            Err(e) => {
                self.invalid.get_or_insert_with(|| {
                    format!("the request body could not be encoded as JSON: {e}")
                });
            }
        }
        self
    }

    /// An `application/x-www-form-urlencoded` body. A value the format cannot express (a
    /// nested struct, say) makes the request invalid, as a JSON encode failure does.
    pub fn form_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_urlencoded::to_string(body) {
            Ok(text) => {
                self.body = Some(Body {
                    bytes: text.into_bytes(),
                    content_type: Cow::Borrowed("application/x-www-form-urlencoded"),
                })
            }
            Err(e) => {
                self.invalid.get_or_insert_with(|| {
                    format!("the request body could not be encoded as a form: {e}")
                });
            }
        }
        self
    }

    /// A body sent as it is (text or bytes), as `media_type`. A media type HTTP does not allow
    /// in a header makes the request invalid.
    pub fn raw_body<B: AsRef<[u8]> + ?Sized>(mut self, body: &B, media_type: &'static str) -> Self {
        if HeaderValue::from_str(media_type).is_err() {
            self.invalid
                .get_or_insert_with(|| format!("the media type `{media_type}` is no header value"));
            return self;
        }
        self.body = Some(Body {
            bytes: body.as_ref().to_vec(),
            content_type: Cow::Borrowed(media_type),
        });
        self
    }

    /// A `multipart/form-data` body, its parts as the generated operation added them.
    pub fn multipart_body(mut self, form: crate::multipart::Multipart) -> Self {
        let (bytes, content_type) = form.encode();
        self.body = Some(Body {
            bytes,
            content_type: Cow::Owned(content_type),
        });
        self
    }

    /// The media type to ask for instead of `application/json`, for binary downloads.
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = media_type;
        self
    }
}

/// The values of `value` (an array's items, one scalar, none for `None`), each passed through
/// `encode`, joined with `separator` (which is not encoded); `None` when it has none.
fn joined<V: QueryValue + ?Sized>(
    name: &str,
    value: &V,
    separator: char,
    encode: impl Fn(&str) -> Cow<'_, str>,
) -> Option<String> {
    let mut pairs = Vec::new();
    value.push_pairs(name, &mut pairs);
    if pairs.is_empty() {
        return None;
    }
    let values: Vec<Cow<'_, str>> = pairs.iter().map(|(_, v)| encode(v)).collect();
    Some(values.join(separator.encode_utf8(&mut [0; 4])))
}

/// Whether `name` is an RFC 9110 token (a header or cookie name): visible ASCII without
/// delimiters, not empty.
pub(crate) fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// What RFC 6265's `cookie-octet` leaves out: controls, space, `"`, `,`, `;` and `\` (bytes
/// beyond ASCII are always encoded).
pub(crate) const COOKIE_VALUE: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\');

/// Everything outside RFC 3986's unreserved characters (`ALPHA / DIGIT / "-" / "." / "_" /
/// "~"`), so that `/`, `?`, `#` and `%` in a value stay inside its segment. Bytes beyond ASCII
/// are always encoded (as the UTF-8 of the value).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` percent-encoded as exactly one path segment (upper-case hex, as RFC 3986
/// recommends), as [`Request::path_param`] writes it.
#[cfg(test)]
fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// `path` with every `{name}` in it replaced by `encoded`: written straight into the result,
/// which `str::replace` with a formatted pattern did in more allocations and regrowths.
fn substitute(path: &str, name: &str, encoded: &str) -> String {
    let mut out = String::with_capacity(path.len() + encoded.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .strip_prefix(name)
            .and_then(|tail| tail.strip_prefix('}'))
        {
            Some(tail) => {
                out.push_str(encoded);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    static OP: Operation = Operation {
        id: "op",
        method: Method::Get,
        path: "/a/{id}/b",
        security: &[],
    };

    #[test]
    fn a_parameter_replaces_its_own_name_only_and_every_time() {
        assert_eq!(
            substitute("/a/{id_or_alias}/b/{id}/c/{id}", "id", "x%20y"),
            "/a/{id_or_alias}/b/x%20y/c/x%20y"
        );
        assert_eq!(substitute("/a/{id}", "id_or_alias", "x"), "/a/{id}");
        assert_eq!(substitute("/{/{id", "id", "x"), "/{/{id");
        let request = Request::new(&OP).path_param("id", "cus 1");
        assert_eq!(request.path, "/a/cus%201/b");
    }

    #[test]
    fn raw_bodies_are_sent_as_they_are() {
        let request = Request::new(&OP).raw_body("a,b\n", "text/csv; charset=utf-8");
        let body = request.body.expect("a body");
        assert_eq!(body.bytes, b"a,b\n");
        assert_eq!(body.content_type, "text/csv; charset=utf-8");
        let bad = Request::new(&OP).raw_body(&[0u8, 1][..], "bad\nline");
        assert!(bad.invalid.is_some() && bad.body.is_none());
    }

    #[test]
    fn deep_object_parameters_are_one_pair_per_property() {
        let mut group = BTreeMap::new();
        group.insert("cloud", "aws");
        group.insert("region", "eu");
        let request = Request::new(&OP)
            .query_deep("group", &Some(group))
            .query_deep("none", &None::<BTreeMap<String, String>>)
            .query_deep(
                "f",
                &serde_json::json!({"a": {"b": 1}, "tags": ["x", "y"], "n": null, "ok": true}),
            );
        let mut pairs: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        // Object keys come in serde_json's map order, which a `preserve_order` build changes.
        pairs.sort();
        assert_eq!(
            pairs,
            [
                ("f[a][b]", "1"),
                ("f[ok]", "true"),
                ("f[tags]", "x"),
                ("f[tags]", "y"),
                ("group[cloud]", "aws"),
                ("group[region]", "eu"),
            ]
        );
    }

    fn pairs_of(request: &Request) -> Vec<(&str, &str)> {
        request
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn form_objects_are_their_properties_or_one_joined_pair() {
        let role = serde_json::json!({"role": "admin"});
        let request = Request::new(&OP)
            .query_fields("filter", &Some(&role), true)
            .query_fields(
                "filter",
                &serde_json::json!({"tags": ["x", "y"], "n": null}),
                true,
            )
            .query_fields("joined", &role, false)
            .query_fields("none", &None::<serde_json::Value>, true)
            .query_fields("empty", &serde_json::json!({}), false)
            // A union's scalar branch, and arrays of scalars.
            .query_fields("created", &serde_json::json!(1700000000), true)
            .query_fields("ids", &serde_json::json!(["a", 2]), false)
            .query_fields("each", &serde_json::json!(["a", "b"]), true)
            // OpenAPI defines nothing deeper: written as deepObject writes it.
            .query_fields("q", &serde_json::json!({"range": {"gt": 1}}), true);
        assert_eq!(
            pairs_of(&request),
            [
                ("role", "admin"),
                ("tags", "x"),
                ("tags", "y"),
                ("joined", "role,admin"),
                ("created", "1700000000"),
                ("ids", "a,2"),
                ("each", "a"),
                ("each", "b"),
                ("range[gt]", "1"),
            ]
        );
    }

    #[test]
    fn json_content_parameters_are_their_json_text() {
        let request = Request::new(&OP)
            .query_json("q", &serde_json::json!({"a": [1]}))
            .query_json("s", "text")
            .query_json("none", &None::<u8>);
        assert_eq!(
            pairs_of(&request),
            [("q", r#"{"a":[1]}"#), ("s", r#""text""#)]
        );
    }

    #[test]
    fn space_and_pipe_delimited_arrays_join_with_their_separator() {
        let request = Request::new(&OP)
            .query_delimited("s", &vec!["a b", "c"], ' ')
            .query_delimited("p", &vec![1, 2], '|')
            .query_delimited("none", &Vec::<String>::new(), '|');
        assert_eq!(pairs_of(&request), [("s", "a b c"), ("p", "1|2")]);
    }

    #[test]
    fn segments_are_encoded_whole() {
        assert_eq!(encode_segment("cus_7n42-x.y~z"), "cus_7n42-x.y~z");
        assert_eq!(encode_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert_eq!(Request::new(&OP).path_param("id", "x/y").path, "/a/x%2Fy/b");
    }

    #[test]
    fn exactly_the_unreserved_characters_are_left_alone() {
        // Every ASCII character, and characters of two, three and four UTF-8 bytes.
        let all: String = (0u8..=0x7f)
            .map(char::from)
            .chain(['é', '€', '😀'])
            .collect();
        let expected: String = all
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        assert_eq!(encode_segment(&all), expected);
    }

    #[test]
    fn dot_segments_and_empty_are_refused() {
        for bad in ["", ".", ".."] {
            assert!(
                Request::new(&OP).path_param("id", bad).invalid.is_some(),
                "{bad:?}"
            );
        }
        assert!(Request::new(&OP).path_param("id", "...").invalid.is_none());
    }

    #[test]
    fn path_arrays_and_objects_are_simple_style_with_each_piece_encoded() {
        let path = |request: Request| (request.path, request.invalid);
        let ok = |path: &str| (path.to_string(), None);
        assert_eq!(
            path(Request::new(&OP).path_param_joined("id", &vec!["A1", "a,b/c"])),
            ok("/a/A1,a%2Cb%2Fc/b")
        );
        assert_eq!(
            path(Request::new(&OP).path_param_joined("id", &[1u32, 2][..])),
            ok("/a/1,2/b")
        );
        let rgb = serde_json::json!({"G": 200, "R": "x y"});
        assert_eq!(
            path(Request::new(&OP).path_param_fields("id", &rgb, false)),
            ok("/a/G,200,R,x%20y/b")
        );
        assert_eq!(
            path(Request::new(&OP).path_param_fields("id", &rgb, true)),
            ok("/a/G=200,R=x%20y/b")
        );
        assert_eq!(
            path(Request::new(&OP).path_param_fields("id", &5, true)),
            ok("/a/5/b")
        );
        // Nothing to put in the segment, or a dot segment: not sent.
        let none: [Request; 5] = [
            Request::new(&OP).path_param_joined("id", &Vec::<String>::new()),
            Request::new(&OP).path_param_joined("id", &["."][..]),
            Request::new(&OP).path_param_fields("id", &serde_json::json!({}), false),
            Request::new(&OP).path_param_fields("id", &None::<u8>, false),
            Request::new(&OP).path_param_fields("id", &serde_json::json!(".."), false),
        ];
        for request in none {
            let why = request.invalid.expect("invalid");
            assert!(
                why.starts_with("path parameter `id` must not be empty"),
                "{why}"
            );
        }
    }

    #[test]
    fn header_objects_are_simple_style_and_empty_ones_are_not_sent() {
        let rgb = serde_json::json!({"G": 200, "R": "x y"});
        let request = Request::new(&OP)
            .header_fields("X-Rgb", &rgb, false)
            .header_fields("X-Exploded", &Some(&rgb), true)
            .header_fields("X-None", &None::<serde_json::Value>, true)
            .header_fields("X-Empty", &serde_json::json!({}), false);
        assert!(request.invalid.is_none());
        let shown: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.to_str().expect("ascii")))
            .collect();
        assert_eq!(
            shown,
            [("x-rgb", "G,200,R,x y"), ("x-exploded", "G=200,R=x y")]
        );
        let bad =
            Request::new(&OP).header_fields("X-Bad", &serde_json::json!({"a": "\n\u{0}"}), false);
        let why = bad.invalid.expect("invalid");
        assert!(why.contains("X-Bad") && !why.contains('\n'), "{why}");
    }

    #[test]
    fn query_pairs_keep_call_order_and_repeats() {
        let request = Request::new(&OP)
            .query("status", "active")
            .query("id", "a")
            .query("id", "b");
        assert_eq!(
            request.query,
            [("status", "active"), ("id", "a"), ("id", "b")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn header_values_are_text_arrays_are_comma_joined_none_is_nothing() {
        let request = Request::new(&OP)
            .header("Idempotency-Key", "k-1")
            .header("X-Count", &3u32)
            .header("X-Tags", &vec!["a", "b"])
            .header("X-None", &None::<String>)
            .header("X-Empty", &Vec::<String>::new());
        assert!(request.invalid.is_none());
        let shown: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.to_str().expect("ascii")))
            .collect();
        assert_eq!(
            shown,
            [
                ("idempotency-key", "k-1"),
                ("x-count", "3"),
                ("x-tags", "a,b")
            ]
        );
    }

    #[test]
    fn a_bad_header_value_or_name_makes_the_request_invalid() {
        for bad in ["a\nb", "caf\u{e9}", "\0"] {
            let request = Request::new(&OP).header("X-Key", bad);
            let why = request.invalid.expect("invalid");
            assert!(why.contains("X-Key"), "{why}");
            assert!(!why.contains(bad), "the value is not shown: {why}");
        }
        assert!(Request::new(&OP).header("X Key", "v").invalid.is_some());
        assert!(Request::new(&OP).header("", "v").invalid.is_some());
        // Absent values are not checked: nothing is sent.
        assert!(
            Request::new(&OP)
                .header("X Key", &None::<u8>)
                .invalid
                .is_none()
        );
    }

    #[test]
    fn cookie_values_are_encoded_where_a_cookie_cannot_hold_them() {
        let request = Request::new(&OP)
            .cookie("session", "abc123")
            .cookie("odd", "a b;c,d\"e\\f%g")
            .cookie("name", "Zoë")
            .cookie("ids", &vec![1u8, 2])
            .cookie("none", &None::<String>);
        assert!(request.invalid.is_none());
        assert_eq!(
            request.cookies,
            [
                ("session", "abc123"),
                ("odd", "a%20b%3Bc%2Cd%22e%5Cf%g"),
                ("name", "Zo%C3%AB"),
                ("ids", "1%2C2"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        for bad in ["", "a b", "a=b", "a;b"] {
            assert!(
                Request::new(&OP).cookie(bad, "v").invalid.is_some(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn json_body_sets_the_media_type() {
        let body = Request::new(&OP)
            .json_body(&BTreeMap::from([("a", 1)]))
            .body;
        let body = body.expect("a body");
        assert_eq!(body.bytes, br#"{"a":1}"#);
        assert_eq!(body.content_type, "application/json");
    }

    #[test]
    fn form_body_is_urlencoded() {
        let form = [("grant_type", "client_credentials"), ("scope", "a b&c")];
        let request = Request::new(&OP).form_body(&form);
        assert!(request.invalid.is_none());
        let body = request.body.expect("a body");
        assert_eq!(
            String::from_utf8(body.bytes).expect("utf-8"),
            "grant_type=client_credentials&scope=a+b%26c"
        );
        assert_eq!(body.content_type, "application/x-www-form-urlencoded");
    }

    #[test]
    fn a_form_body_that_cannot_be_encoded_makes_the_request_invalid() {
        // A nested map has no form encoding.
        let nested = BTreeMap::from([("a", BTreeMap::from([("b", 1)]))]);
        let request = Request::new(&OP).form_body(&nested);
        assert!(request.body.is_none());
        let why = request.invalid.expect("invalid");
        assert!(why.contains("form"), "{why}");
    }

    #[test]
    fn a_json_body_that_cannot_be_encoded_makes_the_request_invalid() {
        // JSON object keys must be strings.
        let bad = BTreeMap::from([(vec![1u8], 1)]);
        let request = Request::new(&OP).json_body(&bad);
        assert!(request.invalid.expect("invalid").contains("JSON"));
    }

    #[test]
    fn accept_defaults_to_json_and_can_be_changed() {
        assert_eq!(Request::new(&OP).accept, "application/json");
        assert_eq!(
            Request::new(&OP).accept("application/pdf").accept,
            "application/pdf"
        );
    }

    #[test]
    fn idempotent_methods() {
        assert!(Method::Get.is_idempotent());
        assert!(Method::Put.is_idempotent());
        assert!(Method::Delete.is_idempotent());
        assert!(!Method::Post.is_idempotent());
        assert!(!Method::Patch.is_idempotent());
    }
}
