//! The intermediate model: the Rust items to emit, with every name decided and every spec
//! question (required? nullable? which type?) answered, but no syntax yet.
//!
//! [`build`] turns an `openapiv3::OpenAPI` into an [`Api`]; the emitter only prints it.

mod customize;
mod naming;
mod operations;
mod pagination;
mod recursion;
mod samples;
mod schemas;
mod tags;
mod webhooks;

use crate::error::{Error, push_token};
use openapiv3::{OpenAPI, ReferenceOr, SchemaKind};
use std::collections::{BTreeMap, BTreeSet};

pub use customize::{Customization, customize};
pub(crate) use naming::{KEYWORDS, SHADOWING};
pub use naming::{camel, field, snake};
pub use tags::{Cfg, FeatureGates, keep_tags, tag_feature};

/// Everything the generated file contains.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// Models, components first in spec order, each inline type right after its parent.
    pub types: Vec<TypeDef>,
    /// Operations, in path order.
    pub operations: Vec<Operation>,
    /// The type most documented error responses carry (Meteroid's `RestErrorResponse`), which
    /// `ApiError` decodes error bodies as: always a model of this file, the one an alias names
    /// when the schema is an alias. `None` when no error response has a named schema, or the
    /// most common one is free-form (an alias of `serde_json::Value`): error bodies are then
    /// raw JSON.
    pub error_body: Option<TypeRef>,
    /// The first server URL of the spec, when it is absolute: the client's default address.
    pub server: Option<String>,
    /// The client struct: its name and the defaults its constructors use.
    pub client: ClientDef,
    /// Attributes the generator's settings add to types and fields.
    pub attributes: Attributes,
    /// The security schemes some requirement names and the client can send, in the order of
    /// `components.securitySchemes`: each gets a setter on the client's builder.
    pub security_schemes: Vec<SecurityScheme>,
    /// Things that generated but deserve a look (`cargo:warning` in a build script).
    pub warnings: Vec<String>,
    /// Constraints that no contract-test sample made by the generator meets, one line each
    /// (`<file>: #<pointer>: <what>`): those samples are the closest made, or the default.
    pub sample_gaps: Vec<String>,
    /// The operations the spec declares, counted when the model is built: those left out and
    /// those [`keep_tags`] drops later still count ([`Api::coverage`]).
    operations_in_spec: usize,
    /// The component schemas the spec declares, counted likewise.
    schemas_in_spec: usize,
    /// The pointers of the component schemas that say nothing about their value (`{}`, or
    /// annotations alone): `serde_json::Value` is what they mean, not a fallback.
    shapeless: BTreeSet<String>,
}

impl Api {
    /// How much of the spec this model covers. What is generated is counted now, so that after
    /// [`keep_tags`] only the kept operations and types count.
    pub fn coverage(&self) -> Coverage {
        let schemas_untyped = self
            .types
            .iter()
            .filter(|t| {
                // A component's own pointer, not one of its inline types'.
                t.pointer.starts_with("/components/schemas/")
                    && t.pointer.matches('/').count() == 3
                    && t.kind == TypeKind::Alias(TypeRef::Json)
            })
            .map(|t| self.shapeless.contains(&t.pointer))
            .collect::<Vec<bool>>();
        Coverage {
            operations_in_spec: self.operations_in_spec,
            operations_generated: self.operations.len(),
            schemas_in_spec: self.schemas_in_spec,
            schemas_untyped: schemas_untyped.len(),
            schemas_shapeless: schemas_untyped.iter().filter(|s| **s).count(),
        }
    }
}

/// The generated client struct, beside what the spec says: the generator's settings name it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientDef {
    /// The struct's name (`Client` unless `Generator::client_name` says otherwise).
    pub name: String,
    /// The `User-Agent` it sends by default; `None`: the including crate's name and version.
    pub user_agent: Option<String>,
    /// The environment variables its `from_env()` reads; `None`: it has no `from_env()`.
    pub env: Option<EnvVars>,
}

impl Default for ClientDef {
    fn default() -> Self {
        ClientDef {
            name: "Client".to_string(),
            user_agent: None,
            env: None,
        }
    }
}

/// Where a client's `from_env()` finds its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVars {
    /// The variable holding the API key (required).
    pub api_key: String,
    /// The variable holding the base URL (optional).
    pub base_url: String,
}

/// Attributes to write on generated items, from `Generator::type_attribute` and
/// `Generator::field_attribute`: each the text of one or more outer attributes, checked when
/// the setting was given, in the order given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Attributes {
    /// By Rust type name (a model, or a `<Model>Required` struct).
    pub types: BTreeMap<String, Vec<String>>,
    /// By Rust type name and Rust field name.
    pub fields: BTreeMap<(String, String), Vec<String>>,
}

/// How much of a spec the generated client covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Operations under `paths` (every HTTP method OpenAPI names), those left out included; a
    /// path item given by `$ref` counts none.
    pub operations_in_spec: usize,
    /// Operations the client has a method for.
    pub operations_generated: usize,
    /// Schemas under `components/schemas`.
    pub schemas_in_spec: usize,
    /// Component schemas that became only `serde_json::Value` (untyped, or free-form).
    pub schemas_untyped: usize,
    /// Those of them that say nothing about their value (`{}`, or annotations alone), so that
    /// any JSON is what the spec means; the rest are what the generator could not type.
    pub schemas_shapeless: usize,
}

/// One named model.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust type name.
    pub name: String,
    /// Where it comes from, a JSON pointer.
    pub pointer: String,
    /// Documentation paragraphs.
    pub docs: Vec<String>,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a model.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A string enum, open to values added later.
    Enum(EnumDef),
    /// A string with a domain-specific `format` (an ID, a country code).
    Newtype(NewtypeDef),
    /// Another name for a type (`pub type X = Vec<Y>;`).
    Alias(TypeRef),
    /// A `oneOf` told apart by a discriminator property.
    Union(UnionDef),
    /// A `oneOf`/`anyOf` without a discriminator: variants tried in order.
    Untagged(UntaggedDef),
    /// A type of the caller's (`Generator::replace`), by its path (`crate::Money`): the
    /// generated code names it instead of declaring a model.
    Replaced(String),
}

/// An untagged union: the first variant that decodes a value wins; a value none accepts is
/// kept as JSON in the catch-all variant.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedDef {
    /// The variants, most specific first (the order they are tried in).
    pub variants: Vec<UntaggedVariant>,
    /// The name of the catch-all variant.
    pub unknown: String,
}

/// One variant of an untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    /// The Rust variant name.
    pub name: String,
    /// The branch's type.
    pub ty: TypeRef,
    /// What the spec says about this branch.
    pub docs: Vec<String>,
    /// Held in a `Box`: the branch is an object (as a discriminated union's are), or its type
    /// contains the union itself (a recursive schema).
    pub boxed: bool,
}

/// A discriminated union: the tag property's value says which schema the object follows.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// The discriminator property, e.g. `type`.
    pub tag: String,
    /// One variant per mapped schema, in mapping order.
    pub variants: Vec<UnionVariant>,
    /// The name of the variant that keeps objects with a tag this client does not know.
    pub unknown: String,
}

/// One branch of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// The tag's value for this branch.
    pub tag_value: String,
    /// The branch's type (a generated struct).
    pub ty: TypeRef,
    /// What the spec says about this branch.
    pub docs: Vec<String>,
    /// Held in a `Box`. Always, today: branches differ in size by hundreds of bytes, and a
    /// boxed payload keeps the enum one pointer wide (decoding already allocates a `Value`).
    pub boxed: bool,
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// What the struct is for.
    pub role: StructRole,
    /// How a caller makes one.
    pub constructor: Constructor,
}

/// What a struct is for, which decides the runtime derive it gets.
#[derive(Debug, Clone, PartialEq)]
pub enum StructRole {
    /// A JSON object. It keeps the properties the spec does not list in the field `extra`
    /// (`extra`, or another name if a property takes it), with values of `extra_value`:
    /// [`TypeRef::Json`] unless an `additionalProperties` schema beside the named properties
    /// says otherwise.
    Object {
        /// The field that keeps unknown properties.
        extra: String,
        /// Their values' type.
        extra_value: TypeRef,
    },
    /// The optional query, header and cookie parameters of an operation: never JSON, every
    /// field optional.
    Options,
}

/// How a caller makes a struct.
#[derive(Debug, Clone, PartialEq)]
pub enum Constructor {
    /// Every field is optional: `new()` (and `Default`) with every field absent.
    Empty,
    /// `new(..)` from these required fields (by Rust name, in the order of the schema's
    /// `required` list, the order its author gave them); the others start absent.
    Required(Vec<String>),
    /// `new(<type_name> { .. })`: the required fields by name, in a struct of their own, when
    /// two of them have one type (as positional arguments they could be swapped and still
    /// compile) or there are more than [`MAX_CONSTRUCTOR_ARGS`].
    Named {
        /// The struct's name (`<Model>Required`).
        type_name: String,
        /// Its fields, in the order of [`Constructor::Required`].
        fields: Vec<String>,
    },
}

/// More positional constructor arguments than this read badly: such models take theirs by name.
pub const MAX_CONSTRUCTOR_ARGS: usize = 7;

impl Constructor {
    /// The required fields of a struct with these fields, in the order of `required` (the
    /// schema's list; a required field it does not name, from a composition, comes after, in
    /// field order).
    pub fn arguments(fields: &[Field], required: &[String]) -> Vec<String> {
        let mut arguments: Vec<(usize, &Field)> = fields
            .iter()
            .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
            .map(|f| {
                let rank = required
                    .iter()
                    .position(|wire| *wire == f.wire)
                    .unwrap_or(usize::MAX);
                (rank, f)
            })
            .collect();
        // Stable: fields the list does not name keep their order.
        arguments.sort_by_key(|(rank, _)| *rank);
        arguments.into_iter().map(|(_, f)| f.name.clone()).collect()
    }

    /// Whether positional `arguments` would invite a mistake: two of one Rust type, or too many.
    pub fn needs_names(fields: &[Field], arguments: &[String]) -> bool {
        if arguments.len() > MAX_CONSTRUCTOR_ARGS {
            return true;
        }
        let types: Vec<(&TypeRef, bool)> = arguments
            .iter()
            .filter_map(|name| fields.iter().find(|f| f.name == *name))
            .map(|f| (&f.ty, f.presence == Presence::RequiredNullable))
            .collect();
        types
            .iter()
            .enumerate()
            .any(|(i, ty)| types[..i].contains(ty))
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name.
    pub name: String,
    /// The JSON property name.
    pub wire: String,
    /// The value's type, without the `Option`s that `presence` adds.
    pub ty: TypeRef,
    /// Required or not, nullable or not.
    pub presence: Presence,
    /// Held in a `Box`: the type contains the struct itself (a recursive schema).
    pub boxed: bool,
    /// Documentation paragraphs.
    pub docs: Vec<String>,
    /// The contract-test sample of a required field whose schema rules out its type's default
    /// sample (a `pattern`, a length, a `format`, bounds), as JSON; `None` otherwise.
    pub sample: Option<serde_json::Value>,
}

/// How a property may appear on the wire (DESIGN.md, "Types").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always there, never `null`: `T`.
    Required,
    /// Always there, may be `null`: `Option<T>`, always serialized.
    RequiredNullable,
    /// May be absent, never `null`: `Option<T>`, skipped when `None`.
    Optional,
    /// May be absent, `null` or a value: `Option<Option<T>>`, the three kept apart.
    OptionalNullable,
}

/// An open string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Known values in spec order.
    pub variants: Vec<Variant>,
    /// The name of the variant that carries values this client does not know.
    pub unknown: String,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The wire value.
    pub wire: String,
}

/// A newtype over `String`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewtypeDef {
    /// The spec's `format`, for the docs.
    pub format: String,
    /// The spec's examples, for the docs.
    pub examples: Vec<String>,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// A generated model, by Rust name.
    Named(String),
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// An integer of this Rust type (`i32`, `u64`, ...).
    Integer(&'static str),
    /// A float of this Rust type (`f32`, `f64`).
    Float(&'static str),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// Any JSON (`serde_json::Value`): the spec says nothing about the shape.
    Json,
    /// A string with one of the formats the runtime has a type for: `DateTime`, `Date`,
    /// `Decimal`, `Uuid` (the runtime type's name).
    Format(&'static str),
    /// `Option<T>`, for nullable array items and map values (a property's nullability is its
    /// [`Presence`] instead).
    Nullable(Box<TypeRef>),
    /// `()`: a value that is always `null`.
    Null,
    /// `rt::OneOrMany<T>`: a `oneOf` of a type and an array of it.
    OneOrMany(Box<TypeRef>),
    /// `(A, B, ..)`: an array of exactly these items (`prefixItems`).
    Tuple(Vec<TypeRef>),
}

impl TypeRef {
    /// The struct this type is, through aliases (`None` for anything else). `kind_of` looks
    /// a named type up.
    pub fn struct_def<'t>(
        &self,
        kind_of: &dyn Fn(&str) -> Option<&'t TypeKind>,
    ) -> Option<&'t StructDef> {
        let TypeRef::Named(mut name) = self.clone() else {
            return None;
        };
        // A loop of aliases is refused later, naming it; here it only needs to end.
        for _ in 0..32 {
            match kind_of(&name)? {
                TypeKind::Struct(def) => return Some(def),
                TypeKind::Alias(TypeRef::Named(target)) => name = target.clone(),
                _ => return None,
            }
        }
        None
    }

    /// The type a named alias stands for, through aliases of aliases; any other type itself.
    /// `kind_of` looks a named type up.
    pub fn through_aliases<'t>(
        &'t self,
        kind_of: &dyn Fn(&str) -> Option<&'t TypeKind>,
    ) -> &'t TypeRef {
        let mut ty = self;
        // A loop of aliases is refused later, naming it; here it only needs to end.
        for _ in 0..32 {
            let TypeRef::Named(name) = ty else { break };
            match kind_of(name) {
                Some(TypeKind::Alias(target)) => ty = target,
                _ => break,
            }
        }
        ty
    }

    /// Whether values of this type are written in a URL as one piece of text (the runtime's
    /// `ParamValue`): numbers, booleans, strings, enums, newtypes, unions of those and aliases
    /// of them; not models, lists or any JSON. `kind_of` looks a named type up.
    pub fn is_scalar<'t>(
        &self,
        kind_of: &dyn Fn(&str) -> Option<&'t TypeKind>,
        depth: usize,
    ) -> bool {
        match self {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::Integer(_)
            | TypeRef::Float(_)
            | TypeRef::Format(_) => true,
            TypeRef::Vec(_)
            | TypeRef::Map(_)
            | TypeRef::Json
            | TypeRef::Nullable(_)
            | TypeRef::Null
            | TypeRef::OneOrMany(_)
            | TypeRef::Tuple(_) => false,
            // A loop of aliases is refused later, naming it; here it only needs to end.
            _ if depth >= 32 => false,
            TypeRef::Named(name) => match kind_of(name) {
                Some(TypeKind::Enum(_) | TypeKind::Newtype(_)) => true,
                Some(TypeKind::Alias(target)) => target.is_scalar(kind_of, depth + 1),
                // A union of scalars is written as the variant it holds.
                Some(TypeKind::Untagged(u)) => u
                    .variants
                    .iter()
                    .all(|v| v.ty.is_scalar(kind_of, depth + 1)),
                Some(TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Replaced(_)) | None => {
                    false
                }
            },
        }
    }

    /// Whether values of this type are written in a query string through `as_str()` (strings
    /// and everything that wraps one) rather than `to_string()`.
    pub fn is_text(&self, types: &[TypeDef]) -> bool {
        match self {
            TypeRef::String | TypeRef::Format(_) => true,
            TypeRef::Named(name) => types.iter().any(|t| {
                t.name == *name
                    && matches!(
                        &t.kind,
                        TypeKind::Enum(_) | TypeKind::Newtype(_) | TypeKind::Alias(TypeRef::String)
                    )
            }),
            _ => false,
        }
    }
}

/// One API operation, a method on `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The Rust method name: the snake_case `operationId`, told apart from another
    /// operation's or the client's own methods when it would take theirs.
    pub name: String,
    /// The spec's `operationId`.
    pub operation_id: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/api/v1/customers/{id_or_alias}`.
    pub path: String,
    /// Documentation paragraphs (summary, description).
    pub docs: Vec<String>,
    /// Path parameters, in template order.
    pub path_params: Vec<Param>,
    /// Query, header and cookie parameters the caller must give (method arguments): the query
    /// ones first, then headers, then cookies, each group in spec order.
    pub required_query: Vec<QueryParam>,
    /// The struct (a model with setters) holding the optional query, header and cookie
    /// parameters, if any.
    pub optional_query: Option<QueryStruct>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// The success response.
    pub success: Success,
    /// The documented error responses, in spec order.
    pub errors: Vec<ErrorResponse>,
    /// The security requirements (its own `security`, else the document's): alternatives,
    /// each the names of the schemes sent together (an empty one needs nothing), of which
    /// the client sends the first it has every credential for. Empty: none is needed and
    /// none is sent. Schemes the client cannot send are left out (with a warning).
    pub security: Vec<Vec<String>>,
    /// The spec marks it deprecated: the method gets `#[deprecated]`.
    pub deprecated: bool,
    /// A list operation that pages: it also gets two streams, of pages and of items.
    pub pagination: Option<Pagination>,
    /// The header the spec declares for an idempotency key (`Idempotency-Key`), if any: the
    /// client fills it per call and may then retry the call whatever its method.
    pub idempotency_header: Option<String>,
    /// The spec's tags, for generating a part of the API ([`keep_tags`]).
    pub tags: Vec<String>,
}

impl Operation {
    /// Where the operation is declared, a JSON pointer (`/paths/~1users/get`).
    pub fn pointer(&self) -> String {
        let path = crate::error::push_token("/paths", &self.path);
        crate::error::push_token(&path, &self.method.as_str().to_lowercase())
    }
}

/// How a list operation pages, found from its shapes (not its name): an optional integer
/// `page` (or `offset`) query parameter, and a response with a `data` array and the total
/// (`total_pages` in a metadata object, or `total_count`).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The query parameter that moves (a field of the options struct), and its integer type.
    pub param: String,
    /// Its Rust integer type (`u32`, `i64`, ...).
    pub param_type: &'static str,
    /// By page number or by offset.
    pub style: PageStyle,
    /// The response field holding the items.
    pub items_field: String,
    /// The items' type.
    pub item: TypeRef,
    /// The name of the method that streams pages: `<operation>_pages`, numbered when another
    /// operation has that name.
    pub pages_method: String,
    /// The name of the method that streams items: `<operation>_items`, numbered alike.
    pub items_method: String,
}

/// What says where the list ends.
#[derive(Debug, Clone, PartialEq)]
pub enum PageStyle {
    /// Pages numbered from 0; the response field path (e.g. `pagination_meta.total_pages`)
    /// gives the page count.
    Page {
        /// `<object field>.<count field>`.
        total_pages: String,
    },
    /// An offset into the list; the response field gives the item count.
    Offset {
        /// The count field.
        total_count: String,
    },
}

/// HTTP methods an operation can have.
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
    /// The method as the spec and HTTP write it.
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
}

/// A security scheme of `components.securitySchemes`, as the client sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Its name in the spec, which requirements and the runtime's credentials use.
    pub name: String,
    /// The builder setter that gives the client its credential (`api_key_auth`).
    pub setter: String,
    /// What it sends.
    pub kind: SchemeKind,
    /// The spec's description.
    pub docs: Vec<String>,
}

/// What a security scheme sends.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// HTTP `bearer`: `Authorization: Bearer <token>`; the token's `bearerFormat`, if given.
    Bearer {
        /// `JWT`, say.
        format: Option<String>,
    },
    /// HTTP `basic`: a user and a password.
    Basic,
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Where.
        location: In,
        /// The header, parameter or cookie name, exactly as the spec writes it.
        name: String,
    },
    /// OAuth2: an access token the caller obtains, sent as a bearer token.
    OAuth2 {
        /// The flows, for the docs: each one's name and URLs (`client credentials, token URL
        /// https://..`).
        flows: Vec<String>,
    },
    /// OpenID Connect: an access token the caller obtains, sent as a bearer token.
    OpenIdConnect {
        /// The discovery document's URL.
        url: String,
    },
}

/// A path parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust argument name.
    pub name: String,
    /// The name in the template.
    pub wire: String,
    /// Its type.
    pub ty: TypeRef,
    /// How its value becomes the segment (`style: simple`).
    pub form: QueryForm,
    /// `explode`: an object's properties as `key=value` (with `Fields`).
    pub explode: bool,
    /// Documentation.
    pub docs: Vec<String>,
    /// The contract-test sample, when the schema rules out the type's default (see
    /// [`Field::sample`]).
    pub sample: Option<serde_json::Value>,
}

/// Where a non-path parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum In {
    /// The query string.
    Query,
    /// A request header (`style: simple`).
    Header,
    /// The `Cookie` header.
    Cookie,
}

impl In {
    /// The location as the spec's `in` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            In::Query => "query",
            In::Header => "header",
            In::Cookie => "cookie",
        }
    }
}

/// A query, header or cookie parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryParam {
    /// The Rust name (argument or field).
    pub name: String,
    /// The name in the query string, the header name or the cookie name.
    pub wire: String,
    /// Its type; a `Vec` is sent as repeated pairs (`explode`) or comma-joined. Cookie
    /// parameters are scalars or string-like.
    pub ty: TypeRef,
    /// `explode` (the default for `style: form`): arrays become `a=1&a=2`, else `a=1,2`. For
    /// a header, whether an object's properties are `key=value`; `false` for a cookie.
    pub explode: bool,
    /// How the value becomes query or header text.
    pub form: QueryForm,
    /// What joins an unexploded array's values: `,` (`form`), `' '` (`spaceDelimited`) or
    /// `|` (`pipeDelimited`).
    pub separator: char,
    /// Where it is sent.
    pub location: In,
    /// Documentation.
    pub docs: Vec<String>,
    /// The contract-test sample of a required one, when the schema rules out the type's
    /// default (see [`Field::sample`]).
    pub sample: Option<serde_json::Value>,
}

/// How a parameter's value is written into the query string, its path segment or its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryForm {
    /// As text: a scalar, or an array of them (repeated or joined, by `explode`; joined by
    /// commas in a path segment or a header).
    Text,
    /// `style: deepObject`: `name[key]=value` per property.
    DeepObject,
    /// A model, union or other JSON value, from its JSON form. `style: form`: an object's
    /// properties as pairs of their own (`explode`) or one pair `name=key,value,..`; `style:
    /// simple` (path, header): `key,value,..` or, with `explode`, `key=value,..`.
    Fields,
    /// `content: application/json`: the value's JSON text as one pair.
    Json,
}

/// The options struct of an operation's optional query, header and cookie parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryStruct {
    /// The model's name.
    pub type_name: String,
    /// The parameters, in spec order (each a field of the model).
    pub params: Vec<QueryParam>,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: one part per property of the body model (`format: binary`
    /// properties as files).
    Multipart,
    /// `text/*`: the caller's text, sent as it is.
    Text,
    /// Any other media type (`application/octet-stream`, `image/png`, ...): the caller's
    /// bytes, sent as they are.
    Bytes,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The body's type.
    pub ty: TypeRef,
    /// How it is sent.
    pub encoding: Encoding,
    /// The media type it is sent as (`Content-Type`).
    pub media_type: String,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessBody {
    /// JSON, decoded into this type.
    Json(TypeRef),
    /// Raw bytes of this media type (a PDF).
    Bytes(String),
    /// `text/event-stream`: a stream of server-sent events, each one's `data` decoded as this
    /// type.
    Events(TypeRef),
    /// Nothing.
    Empty,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// The status code (200, 201, 204, ...).
    pub status: u16,
    /// The body.
    pub body: SuccessBody,
    /// The spec's description.
    pub description: String,
}

/// A documented error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// `400`, `4XX` or `default`.
    pub status: String,
    /// The spec's description.
    pub description: String,
    /// The body's type, when the spec gives one.
    pub ty: Option<TypeRef>,
}

/// Builds the model of `spec`, read from `file` (for error messages). What the generator
/// cannot type becomes `serde_json::Value` and an operation it cannot generate is left out,
/// each with one line in [`Api::warnings`].
pub fn build(spec: &OpenAPI, file: &str) -> Result<Api, Error> {
    build_strict(spec, file, false)
}

/// Like [`build`]; when `strict`, a schema the generator cannot type or an operation it
/// cannot generate fails instead: the error is the first such construct, and says how many
/// more there are.
pub fn build_strict(spec: &OpenAPI, file: &str, strict: bool) -> Result<Api, Error> {
    let mut types = schemas::TypeBuilder::new(spec, file)?;
    types.components()?;
    let security_schemes = operations::security_schemes(spec, &mut types);
    let operations = operations::build(spec, &security_schemes, &mut types)?;
    webhooks::build(spec, &mut types)?;
    let mut operations = operations;
    pagination::detect(&mut operations, &mut types);
    for (pointer, warning) in tags::shared_features(
        operations
            .iter()
            .map(|op| (op.pointer(), op.tags.as_slice())),
    ) {
        types.warn(&pointer, &warning);
    }
    types.break_alias_loops();
    let (mut types, warnings, degraded, sample_gaps) = types.finish();
    if strict && let Some(first) = degraded.first() {
        let more = match degraded.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more construct the generator cannot handle; see the warnings without strict mode)".to_string(),
            n => format!(" (and {n} more constructs the generator cannot handle; see the warnings without strict mode)"),
        };
        return Err(Error::new(
            file,
            first.pointer.clone(),
            format!("{}{more}", first.reason),
        ));
    }
    schemas::merge_alike_variants(&mut types);
    recursion::box_cycles(&mut types);
    let error_body = common_error_body(&operations, &types);
    let server = spec
        .servers
        .first()
        .map(|s| s.url.trim_end_matches('/').to_string())
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"));
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        types,
        operations,
        error_body,
        server,
        client: ClientDef::default(),
        attributes: Attributes::default(),
        security_schemes,
        warnings,
        sample_gaps,
        operations_in_spec: operations::in_spec(spec),
        // Schemas the normalizer hoisted into `components/schemas` are no components of the
        // spec's.
        schemas_in_spec: spec.components.as_ref().map_or(0, |c| {
            c.schemas
                .values()
                .filter(|s| !schemas::is_hoisted(s))
                .count()
        }),
        shapeless: spec.components.as_ref().map_or_else(BTreeSet::new, |c| {
            c.schemas
                .iter()
                .filter(|(_, s)| match s {
                    ReferenceOr::Item(schema) => {
                        schema.schema_kind == SchemaKind::Any(Default::default())
                    }
                    ReferenceOr::Reference { .. } => false,
                })
                .map(|(name, _)| push_token("/components/schemas", name))
                .collect()
        }),
    })
}

/// The named type most documented error responses carry (the first seen, on a tie), through
/// aliases; error responses without a JSON body do not count. Bodies of other error responses
/// stay raw bytes in `ApiError::body` (their docs name their type).
///
/// Only a model of this file can be the error body: the client implements the runtime's
/// `ErrorBody` for it, which Rust allows for no other crate's type (an alias of `String`, say).
/// A schema that is an alias of `serde_json::Value` (AWS's `{}` exceptions) counts as
/// `serde_json::Value`, which the runtime implements `ErrorBody` for: if it wins, error bodies
/// are raw JSON (`None`).
fn common_error_body(operations: &[Operation], types: &[TypeDef]) -> Option<TypeRef> {
    let kind_of = |name: &str| types.iter().find(|t| t.name == name).map(|t| &t.kind);
    let mut counts: Vec<(&TypeRef, usize)> = Vec::new();
    for ty in operations
        .iter()
        .flat_map(|op| &op.errors)
        .filter_map(|e| e.ty.as_ref())
    {
        if !matches!(ty, TypeRef::Named(_)) {
            continue;
        }
        let ty = ty.through_aliases(&kind_of);
        if !matches!(ty, TypeRef::Named(_) | TypeRef::Json) {
            continue;
        }
        match counts.iter_mut().find(|(seen, _)| *seen == ty) {
            Some((_, count)) => *count += 1,
            None => counts.push((ty, 1)),
        }
    }
    let mut best: Option<(&TypeRef, usize)> = None;
    for (ty, count) in counts {
        if best.is_none_or(|(_, most)| count > most) {
            best = Some((ty, count));
        }
    }
    best.map(|(ty, _)| ty.clone())
        .filter(|ty| *ty != TypeRef::Json)
}
