//! The intermediate model, tested without the emitter: every decision `ir::build` takes (which
//! type, which name, required or nullable, boxed or not, which response) is checked here on the
//! model itself, not through printed Rust.
//!
//! Two kinds of tests:
//! - snapshots: every good fixture `fixtures/ok/<name>.yaml` and the bundled spec have a
//!   readable rendering of their model in `fixtures/ok/<name>.ir` and `ir/bundled.ir` (accept
//!   new output with `EXPECTORATE=overwrite cargo test -p meteroid-codegen --test ir`);
//! - direct assertions, each on a small inline spec, for the decisions that matter.

use meteroid_codegen::ir::{
    self, Api, Body, Constructor, Encoding, ErrorResponse, Field, In, Operation, Presence,
    QueryForm, QueryParam, StructDef, StructRole, SuccessBody, TypeDef, TypeKind, TypeRef,
};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// Building the model

/// The model of a spec's text, through the public pipeline (no overlays).
fn build(text: &str, file_name: &str) -> Result<Api, String> {
    let mut doc =
        meteroid_codegen::load::parse_document(text, file_name).map_err(|e| e.to_string())?;
    model_of(&mut doc, file_name)
}

/// The model of an already parsed document (normalized here).
fn model_of(doc: &mut serde_json::Value, file_name: &str) -> Result<Api, String> {
    meteroid_codegen::normalize::normalize(doc, file_name).map_err(|e| e.to_string())?;
    let spec = meteroid_codegen::openapi(doc.clone(), file_name).map_err(|e| e.to_string())?;
    ir::build(&spec, file_name).map_err(|e| e.to_string())
}

/// The model of a small inline spec: `body` is appended to an `openapi`/`info` header.
fn api(body: &str) -> Api {
    let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{body}");
    build(&text, "t.yaml").unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The one-line error of a small inline spec in strict mode, where what the generator cannot
/// handle (a degraded schema, a left-out operation) fails too.
fn strict_error(body: &str) -> String {
    let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{body}");
    let mut doc = meteroid_codegen::load::parse_document(&text, "t.yaml").unwrap();
    meteroid_codegen::normalize::normalize(&mut doc, "t.yaml").unwrap();
    let spec = meteroid_codegen::openapi(doc, "t.yaml").unwrap();
    match ir::build_strict(&spec, "t.yaml", true) {
        Ok(api) => panic!("built, but should fail:\n{}", render(&api)),
        Err(e) => e.to_string(),
    }
}

/// Only component schemas: `schemas` is the indented text under `components.schemas`.
fn schemas(schemas: &str) -> Api {
    api(&format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}"))
}

fn ty<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type `{name}` in\n{}", render(api)))
}

fn has_type(api: &Api, name: &str) -> bool {
    api.types.iter().any(|t| t.name == name)
}

fn fields<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    match &ty(api, name).kind {
        TypeKind::Struct(s) => &s.fields,
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

fn field<'a>(api: &'a Api, type_name: &str, wire: &str) -> &'a Field {
    fields(api, type_name)
        .iter()
        .find(|f| f.wire == wire)
        .unwrap_or_else(|| panic!("no field `{wire}` in `{type_name}`:\n{}", render(api)))
}

fn op<'a>(api: &'a Api, name: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation `{name}` in\n{}", render(api)))
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_string())
}

fn vec_of(ty: TypeRef) -> TypeRef {
    TypeRef::Vec(Box::new(ty))
}

// ---------------------------------------------------------------------------------------------
// Rendering: one line per type, field, variant; one block per operation.

fn render(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "api {:?} version {:?}", api.title, api.version);
    let error_body = api.error_body.as_ref().map_or("raw JSON".into(), type_ref);
    let server = api.server.as_deref().unwrap_or("none");
    let _ = writeln!(out, "error body {error_body}, server {server}");
    for scheme in &api.security_schemes {
        let _ = writeln!(
            out,
            "scheme {:?} -> {} {:?}{}",
            scheme.name,
            scheme.setter,
            scheme.kind,
            docs(&scheme.docs)
        );
    }
    for def in &api.types {
        out.push('\n');
        render_type(&mut out, def);
    }
    for operation in &api.operations {
        out.push('\n');
        render_operation(&mut out, operation);
    }
    if !api.warnings.is_empty() {
        out.push_str("\nwarnings\n");
        for warning in &api.warnings {
            let _ = writeln!(out, "  {warning}");
        }
    }
    if !api.sample_gaps.is_empty() {
        out.push_str("\nsample gaps\n");
        for gap in &api.sample_gaps {
            let _ = writeln!(out, "  {gap}");
        }
    }
    out
}

fn type_ref(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Integer(rust) | TypeRef::Float(rust) => (*rust).into(),
        TypeRef::Vec(item) => format!("Vec<{}>", type_ref(item)),
        TypeRef::Map(value) => format!("Map<{}>", type_ref(value)),
        TypeRef::Json => "Json".into(),
        TypeRef::Format(rust) => format!("Format({rust})"),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_ref(inner)),
        TypeRef::Null => "Null".into(),
        TypeRef::OneOrMany(inner) => format!("OneOrMany<{}>", type_ref(inner)),
        TypeRef::Tuple(items) => format!(
            "({})",
            items.iter().map(type_ref).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn presence(presence: Presence) -> &'static str {
    match presence {
        Presence::Required => "required",
        Presence::RequiredNullable => "required nullable",
        Presence::Optional => "optional",
        Presence::OptionalNullable => "optional nullable",
    }
}

/// Documentation, as a short trailing comment: the first line of the first paragraph, cut.
fn docs(docs: &[String]) -> String {
    let Some(first) = docs.first() else {
        return String::new();
    };
    let line = first.lines().next().unwrap_or_default();
    let mut cut: String = line.chars().take(60).collect();
    if cut.len() < line.len() || docs.len() > 1 || first.lines().count() > 1 {
        cut.push('…');
    }
    format!("  // {cut}")
}

/// A contract-test sample the schema requires, if any.
fn sample(sample: &Option<serde_json::Value>) -> String {
    sample
        .as_ref()
        .map_or(String::new(), |json| format!(" sample={json}"))
}

fn render_type(out: &mut String, def: &TypeDef) {
    let header = |kind: &str| format!("{kind} {} #{}", def.name, def.pointer);
    match &def.kind {
        TypeKind::Struct(s) => {
            let extra = match &s.role {
                StructRole::Options => "none".to_string(),
                StructRole::Object {
                    extra,
                    extra_value: TypeRef::Json,
                } => extra.clone(),
                StructRole::Object { extra, extra_value } => {
                    format!("{extra}:{}", type_ref(extra_value))
                }
            };
            let builder = match &s.constructor {
                Constructor::Empty => " builder".to_string(),
                Constructor::Required(args) => format!(" new({})", args.join(", ")),
                Constructor::Named { type_name, fields } => {
                    format!(" new({type_name} {{ {} }})", fields.join(", "))
                }
            };
            let _ = writeln!(
                out,
                "{} extra={extra}{builder}{}",
                header("struct"),
                docs(&def.docs)
            );
            for f in &s.fields {
                let boxed = if f.boxed { " boxed" } else { "" };
                let _ = writeln!(
                    out,
                    "  {} {:?}: {} {}{boxed}{}{}",
                    f.name,
                    f.wire,
                    type_ref(&f.ty),
                    presence(f.presence),
                    sample(&f.sample),
                    docs(&f.docs)
                );
            }
        }
        TypeKind::Enum(e) => {
            let _ = writeln!(
                out,
                "{} unknown={}{}",
                header("enum"),
                e.unknown,
                docs(&def.docs)
            );
            for v in &e.variants {
                let _ = writeln!(out, "  {} = {:?}", v.name, v.wire);
            }
        }
        TypeKind::Newtype(n) => {
            let _ = writeln!(
                out,
                "{} format={:?} examples={:?}{}",
                header("newtype"),
                n.format,
                n.examples,
                docs(&def.docs)
            );
        }
        TypeKind::Alias(target) => {
            let _ = writeln!(
                out,
                "{} = {}{}",
                header("alias"),
                type_ref(target),
                docs(&def.docs)
            );
        }
        TypeKind::Untagged(u) => {
            let _ = writeln!(
                out,
                "{} unknown={}{}",
                header("untagged"),
                u.unknown,
                docs(&def.docs)
            );
            for v in &u.variants {
                let boxed = if v.boxed { " boxed" } else { "" };
                let _ = writeln!(
                    out,
                    "  {}: {}{boxed}{}",
                    v.name,
                    type_ref(&v.ty),
                    docs(&v.docs)
                );
            }
        }
        TypeKind::Replaced(path) => {
            let _ = writeln!(out, "{} = {path}{}", header("replaced"), docs(&def.docs));
        }
        TypeKind::Union(u) => {
            let _ = writeln!(
                out,
                "{} tag={:?} unknown={}{}",
                header("union"),
                u.tag,
                u.unknown,
                docs(&def.docs)
            );
            for v in &u.variants {
                let boxed = if v.boxed { " boxed" } else { "" };
                let _ = writeln!(
                    out,
                    "  {} = {:?}: {}{boxed}{}",
                    v.name,
                    v.tag_value,
                    type_ref(&v.ty),
                    docs(&v.docs)
                );
            }
        }
    }
}

fn query_param(out: &mut String, indent: &str, p: &QueryParam) {
    let explode = match (p.location, p.explode) {
        (In::Query, true) => "explode",
        (In::Query, false) => "no-explode",
        (In::Header, _) => "header",
        (In::Cookie, _) => "cookie",
    };
    let form = match (p.form, p.separator) {
        (QueryForm::Text, ',') => String::new(),
        (QueryForm::Text, separator) => format!(" joined-by {separator:?}"),
        (form, _) => format!(" {form:?}"),
    };
    let _ = writeln!(
        out,
        "{indent}{} {:?}: {} {explode}{form}{}{}",
        p.name,
        p.wire,
        type_ref(&p.ty),
        sample(&p.sample),
        docs(&p.docs)
    );
}

fn render_operation(out: &mut String, o: &Operation) {
    let _ = writeln!(
        out,
        "operation {} {} -> {} ({}){}",
        o.method.as_str(),
        o.path,
        o.name,
        o.operation_id,
        docs(&o.docs)
    );
    for p in &o.path_params {
        let _ = writeln!(
            out,
            "  path {} {:?}: {}{}{}",
            p.name,
            p.wire,
            type_ref(&p.ty),
            sample(&p.sample),
            docs(&p.docs)
        );
    }
    for p in &o.required_query {
        query_param(out, "  query required ", p);
    }
    if let Some(q) = &o.optional_query {
        let _ = writeln!(out, "  query optional {}", q.type_name);
        for p in &q.params {
            query_param(out, "    ", p);
        }
    }
    if let Some(Body { ty, encoding, .. }) = &o.body {
        let encoding = match encoding {
            Encoding::Json => "json",
            Encoding::Form => "form",
            Encoding::Multipart => "multipart",
            Encoding::Text => "text",
            Encoding::Bytes => "bytes",
        };
        let _ = writeln!(out, "  body {encoding} {}", type_ref(ty));
    }
    let body = match &o.success.body {
        SuccessBody::Json(ty) => format!("json {}", type_ref(ty)),
        SuccessBody::Bytes(media) => format!("bytes {media}"),
        SuccessBody::Events(ty) => format!("events {}", type_ref(ty)),
        SuccessBody::Empty => "empty".into(),
    };
    let _ = writeln!(
        out,
        "  success {} {body}{}",
        o.success.status,
        docs(std::slice::from_ref(&o.success.description))
    );
    for ErrorResponse {
        status,
        description,
        ty,
    } in &o.errors
    {
        let ty = ty.as_ref().map_or("-".to_string(), type_ref);
        let _ = writeln!(
            out,
            "  error {status} {ty}{}",
            docs(std::slice::from_ref(description))
        );
    }
    if o.security.is_empty() {
        out.push_str("  anonymous\n");
    } else {
        let alternatives: Vec<String> = o
            .security
            .iter()
            .map(|r| {
                if r.is_empty() {
                    "{}".into()
                } else {
                    r.join("+")
                }
            })
            .collect();
        let _ = writeln!(out, "  security {}", alternatives.join(" | "));
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn good_fixtures() -> Vec<PathBuf> {
    let dir = manifest_dir().join("tests/fixtures/ok");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no fixtures in {}", dir.display());
    specs
}

#[test]
fn every_good_fixture_has_its_ir_snapshot() {
    for spec in good_fixtures() {
        let text = std::fs::read_to_string(&spec).unwrap();
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let api = build(&text, &name).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        expectorate::assert_contents(spec.with_extension("ir"), &render(&api));
    }
}

#[test]
fn the_bundled_spec_has_its_ir_snapshot() {
    // The spec alone, without the overlays in `spec/overlays/` that the build applies: this is
    // what the IR makes of the document as the server publishes it.
    let path = manifest_dir().join("../spec/openapi.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let api = build(&text, "openapi.yaml").unwrap();
    expectorate::assert_contents(manifest_dir().join("tests/ir/bundled.ir"), &render(&api));
}

// ---------------------------------------------------------------------------------------------
// Names that collide

#[test]
fn colliding_names_resolve_with_a_warning_and_keep_their_wire_names() {
    let api = schemas(
        r"
    R:
      type: object
      properties:
        '+1': {type: integer}
        '-1': {type: integer}
        jobId: {type: string}
        jobID: {type: string}
    E: {type: string, enum: [INF, '-INF', Failed, FAILED]}
",
    );
    let names: Vec<(&str, &str)> = fields(&api, "R")
        .iter()
        .map(|f| (f.name.as_str(), f.wire.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("_1", "+1"),
            ("minus_1", "-1"),
            ("job_id", "jobId"),
            ("job_id2", "jobID")
        ]
    );
    let TypeKind::Enum(e) = &ty(&api, "E").kind else {
        panic!("not an enum")
    };
    let variants: Vec<(&str, &str)> = e
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.wire.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("Inf", "INF"),
            ("MinusInf", "-INF"),
            ("Failed", "Failed"),
            ("Failed2", "FAILED")
        ]
    );
    let collisions: Vec<&String> = api
        .warnings
        .iter()
        .filter(|w| w.contains("both suggest"))
        .collect();
    assert_eq!(collisions.len(), 4, "{collisions:#?}");
    assert!(collisions[0].contains(
        "#/components/schemas/R/properties/-1: property `-1` and #/components/schemas/R/properties/+1 both suggest the Rust field `_1`; this one is `minus_1`"
    ), "{}", collisions[0]);
}

// ---------------------------------------------------------------------------------------------
// Constructors

#[test]
fn constructor_arguments_follow_the_required_list_and_same_typed_ones_are_named() {
    let api = schemas(
        r"
    Ordered:
      type: object
      required: [name, count, when]
      properties:
        count: {type: integer, format: int32}
        name: {type: string}
        note: {type: string}
        when: {type: [string, 'null'], format: date-time}
    Swappable:
      type: object
      required: [name, currency]
      properties:
        currency: {type: string}
        name: {type: string}
    Taken:
      type: object
      required: [a, b]
      properties:
        a: {type: string}
        b: {type: string}
    TakenRequired: {type: object, properties: {x: {type: string}}}
    Many:
      type: object
      required: [a, b, c, d, e, f, g, h]
      properties:
        a: {type: integer}
        b: {type: boolean}
        c: {type: string}
        d: {type: number}
        e: {type: array, items: {type: string}}
        f: {type: object, additionalProperties: {type: string}}
        g: {type: string, format: date}
        h: {type: string, format: uuid}
",
    );
    let constructor = |name: &str| match &ty(&api, name).kind {
        TypeKind::Struct(s) => s.constructor.clone(),
        other => panic!("{other:?}"),
    };
    let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    // The schema author's order, not the fields' (alphabetical here).
    assert_eq!(
        constructor("Ordered"),
        Constructor::Required(names(&["name", "count", "when"]))
    );
    // Two strings: by name, so that they cannot be swapped.
    assert_eq!(
        constructor("Swappable"),
        Constructor::Named {
            type_name: "SwappableRequired".into(),
            fields: names(&["name", "currency"]),
        }
    );
    // The name is a schema's: positional after all, never a collision.
    assert_eq!(
        constructor("Taken"),
        Constructor::Required(names(&["a", "b"]))
    );
    // More than seven: by name.
    assert!(matches!(constructor("Many"), Constructor::Named { fields, .. } if fields.len() == 8));
}

// ---------------------------------------------------------------------------------------------
// Presence: required x nullable, in every way a spec can say it

#[test]
fn the_four_presence_cases() {
    let api = schemas(
        r"
    A:
      type: object
      required: [req, req_null, req_one_of, req_30]
      properties:
        req: {type: string}
        req_null: {type: [string, 'null']}
        req_one_of: {oneOf: [{$ref: '#/components/schemas/B'}, {type: 'null'}]}
        req_30: {type: integer, nullable: true}
        opt: {type: string}
        opt_null: {type: ['null', integer], format: int32}
        opt_one_of: {oneOf: [{type: 'null'}, {$ref: '#/components/schemas/B'}]}
        opt_inline_one_of: {oneOf: [{type: 'null'}, {type: boolean}]}
    B: {type: object, properties: {x: {type: string}}}
",
    );
    let expect = [
        ("req", TypeRef::String, Presence::Required),
        ("req_null", TypeRef::String, Presence::RequiredNullable),
        ("req_one_of", named("B"), Presence::RequiredNullable),
        (
            "req_30",
            TypeRef::Integer("i64"),
            Presence::RequiredNullable,
        ),
        ("opt", TypeRef::String, Presence::Optional),
        (
            "opt_null",
            TypeRef::Integer("i32"),
            Presence::OptionalNullable,
        ),
        ("opt_one_of", named("B"), Presence::OptionalNullable),
        (
            "opt_inline_one_of",
            TypeRef::Bool,
            Presence::OptionalNullable,
        ),
    ];
    let got: Vec<(&str, TypeRef, Presence)> = fields(&api, "A")
        .iter()
        .map(|f| (f.wire.as_str(), f.ty.clone(), f.presence))
        .collect();
    assert_eq!(got, expect);
    // A struct with a required field is made from it; one with only optional fields has an
    // empty constructor.
    assert!(matches!(&ty(&api, "A").kind,
        TypeKind::Struct(s) if s.constructor == Constructor::Required(vec!["req".into(), "req_null".into(), "req_one_of".into(), "req_30".into()])));
    assert!(
        matches!(&ty(&api, "B").kind, TypeKind::Struct(s) if s.constructor == Constructor::Empty)
    );
}

#[test]
fn a_ref_to_a_nullable_schema_is_nullable_where_it_is_used() {
    let api = schemas(
        r"
    Holder:
      type: object
      required: [name, inner]
      properties:
        name: {$ref: '#/components/schemas/MaybeName'}
        inner: {$ref: '#/components/schemas/MaybeInner'}
        plain: {$ref: '#/components/schemas/Plain'}
        described: {$ref: '#/components/schemas/MaybeName', description: Beside the ref.}
    MaybeName: {type: [string, 'null']}
    MaybeInner:
      oneOf: [{type: 'null'}, {$ref: '#/components/schemas/Plain'}]
    Plain: {type: object, properties: {x: {type: string}}}
",
    );
    let name = field(&api, "Holder", "name");
    assert_eq!(
        (&name.ty, name.presence),
        (&named("MaybeName"), Presence::RequiredNullable)
    );
    let inner = field(&api, "Holder", "inner");
    assert_eq!(
        (&inner.ty, inner.presence),
        (&named("MaybeInner"), Presence::RequiredNullable)
    );
    let plain = field(&api, "Holder", "plain");
    assert_eq!(plain.presence, Presence::Optional);
    // A `$ref` with a sibling keeps the target's nullability and takes the sibling's docs.
    let described = field(&api, "Holder", "described");
    assert_eq!(
        (&described.ty, described.presence),
        (&named("MaybeName"), Presence::OptionalNullable)
    );
    assert_eq!(described.docs, ["Beside the ref."]);
    // The nullable schemas themselves are plain aliases: `null` is the user's business.
    assert_eq!(ty(&api, "MaybeName").kind, TypeKind::Alias(TypeRef::String));
    assert_eq!(ty(&api, "MaybeInner").kind, TypeKind::Alias(named("Plain")));
}

#[test]
fn nullability_survives_a_ref_to_a_ref() {
    // `Alias` is `Name`, which admits `null`: so does a property of type `Alias`.
    let api = schemas(
        r"
    Holder:
      type: object
      required: [through_ref, through_all_of]
      properties:
        through_ref: {$ref: '#/components/schemas/Alias'}
        through_all_of: {$ref: '#/components/schemas/Described'}
    Alias: {$ref: '#/components/schemas/Name'}
    Described: {description: A name., allOf: [{$ref: '#/components/schemas/Alias'}]}
    Name: {type: [string, 'null']}
",
    );
    let presence = |wire: &str| field(&api, "Holder", wire).presence;
    assert_eq!(presence("through_ref"), Presence::RequiredNullable);
    assert_eq!(presence("through_all_of"), Presence::RequiredNullable);
}

// ---------------------------------------------------------------------------------------------
// allOf

#[test]
fn all_of_merges_branches_in_order_and_unites_their_required_lists() {
    let api = schemas(
        r"
    Base:
      type: object
      required: [id]
      properties:
        id: {type: string}
        note: {type: string}
    Middle:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [note]
          properties:
            middle: {type: boolean}
    Event:
      allOf:
        - type: object
          required: [first]
          properties:
            first: {type: string}
            id: {type: string}
        - $ref: '#/components/schemas/Middle'
        - type: object
          required: [last, id]
          properties:
            last: {type: integer, format: int32}
",
    );
    let got: Vec<(&str, Presence)> = fields(&api, "Event")
        .iter()
        .map(|f| (f.wire.as_str(), f.presence))
        .collect();
    // Branch order, depth first through `$ref`s; a property two branches define identically is
    // kept once, where it first appears; `required` from any branch counts.
    assert_eq!(
        got,
        [
            ("first", Presence::Required),
            ("id", Presence::Required),
            ("note", Presence::Required),
            ("middle", Presence::Optional),
            ("last", Presence::Required),
        ]
    );
    // The included schemas keep their own shape.
    let middle: Vec<(&str, Presence)> = fields(&api, "Middle")
        .iter()
        .map(|f| (f.wire.as_str(), f.presence))
        .collect();
    assert_eq!(
        middle,
        [
            ("id", Presence::Required),
            ("note", Presence::Required),
            ("middle", Presence::Optional)
        ]
    );
    assert_eq!(
        fields(&api, "Base")[1].presence,
        Presence::Optional,
        "`Middle` requiring `note` does not change `Base`"
    );
}

#[test]
fn a_later_all_of_branch_redefining_a_property_wins() {
    let api = schemas(
        r"
    A: {type: object, properties: {x: {type: string}, y: {type: string}}}
    B:
      allOf:
        - $ref: '#/components/schemas/A'
        - type: object
          properties:
            x: {type: 'null', description: Always null in this response.}
            y: {description: Only a description.}
",
    );
    let x = field(&api, "B", "x");
    assert_eq!(x.ty, TypeRef::Null);
    // A description-only redefinition keeps the type it annotates.
    assert_eq!(field(&api, "B", "y").ty, TypeRef::String);
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
}

/// The type of the properties a struct does not list (`extra_value`).
fn extra_value<'a>(api: &'a Api, name: &str) -> &'a TypeRef {
    match &ty(api, name).kind {
        TypeKind::Struct(StructDef {
            role: StructRole::Object { extra_value, .. },
            ..
        }) => extra_value,
        other => panic!("`{name}` is not an object struct: {other:?}"),
    }
}

#[test]
fn additional_properties_inside_all_of_type_the_merged_struct_s_extras() {
    let api = schemas(
        r"
    Base: {type: object, additionalProperties: false, properties: {id: {type: string}}}
    Closed:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, additionalProperties: true, properties: {n: {type: integer}}}
    Counts:
      allOf:
        - $ref: '#/components/schemas/Base'
        - additionalProperties: {type: integer, format: int32}
    Twice:
      allOf:
        - $ref: '#/components/schemas/Counts'
        - {type: object, additionalProperties: {type: integer, format: int32}}
    Clash:
      allOf:
        - $ref: '#/components/schemas/Counts'
        - {type: object, additionalProperties: {type: string}}
",
    );
    // `true` and `false` change nothing: unlisted properties are JSON, as in any object.
    let names: Vec<&str> = fields(&api, "Closed")
        .iter()
        .map(|f| f.wire.as_str())
        .collect();
    assert_eq!(names, ["id", "n"]);
    assert_eq!(extra_value(&api, "Closed"), &TypeRef::Json);
    // A schema types them, however many branches agree on it.
    assert_eq!(extra_value(&api, "Counts"), &TypeRef::Integer("i32"));
    assert_eq!(extra_value(&api, "Twice"), &TypeRef::Integer("i32"));
    assert_eq!(
        api.warnings,
        [
            "t.yaml: #/components/schemas/Clash/allOf/1: two `allOf` branches give `additionalProperties` different schemas (the other at #/components/schemas/Counts/allOf/1); it is `serde_json::Value`"
        ]
    );
}

#[test]
fn all_of_may_include_the_same_schema_twice_without_a_loop() {
    // `Left` and `Right` both extend `Base`; `Both` extends the two: a diamond, not a cycle.
    let api = schemas(
        r"
    Base: {type: object, required: [id], properties: {id: {type: string}}}
    Left:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {left: {type: string}}}
    Right:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {right: {type: string}}}
    Both:
      allOf:
        - $ref: '#/components/schemas/Left'
        - $ref: '#/components/schemas/Right'
",
    );
    let wires: Vec<&str> = fields(&api, "Both")
        .iter()
        .map(|f| f.wire.as_str())
        .collect();
    assert_eq!(wires, ["id", "left", "right"]);
    // A real loop degrades each schema on it.
    let looped = self::api(
        r"paths: {}
components:
  schemas:
    A:
      allOf:
        - $ref: '#/components/schemas/B'
        - {type: object, properties: {a: {type: string}}}
    B:
      allOf:
        - $ref: '#/components/schemas/A'
        - {type: object, properties: {b: {type: string}}}
",
    );
    assert_eq!(ty(&looped, "A").kind, TypeKind::Alias(TypeRef::Json));
    assert_eq!(
        looped.warnings[0],
        "t.yaml: #/components/schemas/A/allOf/0: `allOf` includes itself again through `$ref: #/components/schemas/B`; it is `serde_json::Value`"
    );
}

#[test]
fn an_all_of_keeps_the_inline_types_of_the_schemas_it_includes() {
    // `PaymentResponse` comes first: names do not depend on which type is built first.
    let api = schemas(
        r"
    PaymentResponse:
      allOf:
        - $ref: '#/components/schemas/Payment'
        - type: object
          properties:
            links: {type: object, properties: {self: {type: string}}}
    Payment:
      type: object
      properties:
        status: {type: string, enum: [pending, paid]}
        card: {type: object, properties: {last4: {type: string}}}
",
    );
    for owner in ["Payment", "PaymentResponse"] {
        assert_eq!(field(&api, owner, "status").ty, named("PaymentStatus"));
        assert_eq!(field(&api, owner, "card").ty, named("PaymentCard"));
    }
    assert_eq!(
        ty(&api, "PaymentStatus").pointer,
        "/components/schemas/Payment/properties/status"
    );
    // The merge's own properties are at their place in its branch.
    assert_eq!(
        field(&api, "PaymentResponse", "links").ty,
        named("PaymentResponseLinks")
    );
    assert_eq!(
        ty(&api, "PaymentResponseLinks").pointer,
        "/components/schemas/PaymentResponse/allOf/1/properties/links"
    );
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), 5, "{names:?}");
}

#[test]
fn the_inline_all_of_types_of_a_chain_of_components_are_one_per_place() {
    // `C0.a` and `C0.b` include `C1`, whose `a` and `b` include `C2`, and so on: a copy per
    // path through them was 2^30 types, each built in turn.
    let mut text = String::new();
    for i in 0..30 {
        let next = format!("$ref: '#/components/schemas/C{}'", i + 1);
        writeln!(
            text,
            "    C{i}: {{type: object, properties: {{a: {{{next}, required: [a]}}, b: {{{next}, required: [b]}}}}}}"
        )
        .unwrap();
    }
    text.push_str("    C30: {type: object, properties: {a: {type: string}, b: {type: string}}}\n");
    let api = schemas(&text);
    assert_eq!(api.types.len(), 31 + 2 * 30);
    assert_eq!(field(&api, "C0A", "a").ty, named("C1A"));
    assert_eq!(field(&api, "C0A", "a").presence, Presence::Required);
    assert_eq!(field(&api, "C0B", "a").ty, named("C1A"));
    assert_eq!(field(&api, "C0B", "a").presence, Presence::Optional);
}

#[test]
fn a_single_all_of_is_the_type_it_wraps() {
    let api = schemas(
        r"
    A: {type: object, properties: {x: {type: string}}}
    B:
      description: Just A.
      allOf: [{$ref: '#/components/schemas/A'}]
",
    );
    let b = ty(&api, "B");
    assert_eq!(b.kind, TypeKind::Alias(named("A")));
    assert_eq!(b.docs, ["Just A."]);
}

// ---------------------------------------------------------------------------------------------
// Scalars

#[test]
fn integer_types_follow_format_and_minimum() {
    let api = schemas(
        r"
    N:
      type: object
      properties:
        plain: {type: integer}
        i32: {type: integer, format: int32}
        i64: {type: integer, format: int64}
        u32: {type: integer, format: int32, minimum: 0}
        u64: {type: integer, format: int64, minimum: 1}
        u64_plain: {type: integer, minimum: 0}
        negative_min: {type: integer, format: int32, minimum: -1}
        exclusive: {type: integer, format: int32, exclusiveMinimum: 0}
        exclusive_negative: {type: integer, format: int32, exclusiveMinimum: -1}
        max_only: {type: integer, format: int32, maximum: 10}
        f32: {type: number, format: float}
        f64: {type: number, format: double}
        number: {type: number}
",
    );
    let got: Vec<(&str, &TypeRef)> = fields(&api, "N")
        .iter()
        .map(|f| (f.wire.as_str(), &f.ty))
        .collect();
    assert_eq!(
        got,
        [
            ("plain", &TypeRef::Integer("i64")),
            ("i32", &TypeRef::Integer("i32")),
            ("i64", &TypeRef::Integer("i64")),
            ("u32", &TypeRef::Integer("u32")),
            ("u64", &TypeRef::Integer("u64")),
            ("u64_plain", &TypeRef::Integer("u64")),
            ("negative_min", &TypeRef::Integer("i32")),
            // 3.1's numeric `exclusiveMinimum: 0` is `minimum: 0` exclusive: positive, unsigned.
            ("exclusive", &TypeRef::Integer("u32")),
            ("exclusive_negative", &TypeRef::Integer("i32")),
            ("max_only", &TypeRef::Integer("i32")),
            ("f32", &TypeRef::Float("f32")),
            ("f64", &TypeRef::Float("f64")),
            ("number", &TypeRef::Float("f64")),
        ]
    );
}

#[test]
fn string_formats_map_to_runtime_types_newtypes_or_strings() {
    let api = schemas(
        r"
    S:
      type: object
      properties:
        date_time: {type: string, format: date-time}
        date: {type: string, format: date}
        decimal: {type: string, format: decimal}
        uuid: {type: string, format: uuid}
        email: {type: string, format: email}
        uri: {type: string, format: uri}
        inline_domain: {type: string, format: CustomerId}
        named_domain: {$ref: '#/components/schemas/CustomerId'}
    CustomerId: {type: string, format: CustomerId, example: cus_1, description: An ID.}
    Email: {type: string, format: email}
    When: {type: string, format: date-time}
    Plain: {type: string}
    Examples: {type: string, format: Code, examples: [A, B]}
",
    );
    let got: Vec<(&str, &TypeRef)> = fields(&api, "S")
        .iter()
        .map(|f| (f.wire.as_str(), &f.ty))
        .collect();
    assert_eq!(
        got,
        [
            ("date_time", &TypeRef::Format("DateTime")),
            ("date", &TypeRef::Format("Date")),
            ("decimal", &TypeRef::Format("Decimal")),
            ("uuid", &TypeRef::Format("Uuid")),
            ("email", &TypeRef::String),
            ("uri", &TypeRef::String),
            // A domain format makes a newtype only for a schema with a name of its own.
            ("inline_domain", &TypeRef::String),
            ("named_domain", &named("CustomerId")),
        ]
    );
    let newtype = |name: &str| match &ty(&api, name).kind {
        TypeKind::Newtype(n) => (n.format.clone(), n.examples.clone()),
        other => panic!("`{name}` is not a newtype: {other:?}"),
    };
    assert_eq!(
        newtype("CustomerId"),
        ("CustomerId".into(), vec!["cus_1".into()])
    );
    assert_eq!(ty(&api, "CustomerId").docs, ["An ID."]);
    assert_eq!(
        newtype("Examples"),
        ("Code".into(), vec!["A".into(), "B".into()])
    );
    assert_eq!(ty(&api, "Email").kind, TypeKind::Alias(TypeRef::String));
    assert_eq!(
        ty(&api, "When").kind,
        TypeKind::Alias(TypeRef::Format("DateTime"))
    );
    assert_eq!(ty(&api, "Plain").kind, TypeKind::Alias(TypeRef::String));
}

#[test]
fn text_types_are_strings_formats_enums_newtypes_and_aliases_of_strings() {
    let api = schemas(
        r"
    E: {type: string, enum: [A]}
    N: {type: string, format: Code}
    S: {type: string}
    V: {type: array, items: {type: string}}
    O: {type: object, properties: {x: {type: string}}}
",
    );
    let text = |t: TypeRef| t.is_text(&api.types);
    assert!(text(TypeRef::String));
    assert!(text(TypeRef::Format("Date")));
    assert!(text(named("E")));
    assert!(text(named("N")));
    assert!(text(named("S")));
    assert!(!text(named("V")));
    assert!(!text(named("O")));
    assert!(!text(named("Missing")));
    assert!(!text(TypeRef::Integer("i32")));
    assert!(!text(TypeRef::Bool));
    assert!(!text(vec_of(TypeRef::String)));
}

// ---------------------------------------------------------------------------------------------
// Names of inline types

#[test]
fn inline_types_are_named_after_where_they_stand() {
    let api = api(r"paths:
  /things/{thing_id}:
    post:
      operationId: createThing
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string, enum: [A, B]}}
        - {name: sort-order, in: query, schema: {type: string, enum: [ASC, DESC]}}
        - {name: kinds, in: query, schema: {type: array, items: {type: string, enum: [K]}}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                status: {type: string, enum: [ON, OFF]}
                tags: {type: array, items: {type: object, properties: {k: {type: string}}}}
                labels: {type: object, additionalProperties: {type: object, properties: {v: {type: string}}}}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
        '409':
          description: Conflict
          content:
            application/json:
              schema: {type: object, properties: {reason: {type: string}}}
        default:
          description: Other
          content:
            application/json:
              schema: {type: object, properties: {message: {type: string}}}
");
    let names: Vec<(&str, &str)> = api
        .types
        .iter()
        .map(|t| (t.name.as_str(), t.pointer.as_str()))
        .collect();
    let op = "/paths/~1things~1{thing_id}/post";
    let request = format!("{op}/requestBody/content/application~1json/schema");
    assert_eq!(
        names,
        [
            (
                "CreateThingThingId",
                format!("{op}/parameters/0/schema").as_str()
            ),
            ("CreateThingSortOrder", &format!("{op}/parameters/1/schema")),
            (
                "CreateThingKindsItem",
                &format!("{op}/parameters/2/schema/items")
            ),
            ("CreateThingQuery", op),
            (
                "CreateThingRequestStatus",
                &format!("{request}/properties/status")
            ),
            (
                "CreateThingRequestTagsItem",
                &format!("{request}/properties/tags/items")
            ),
            (
                "CreateThingRequestLabelsValue",
                &format!("{request}/properties/labels/additionalProperties")
            ),
            ("CreateThingRequest", &request),
            (
                "CreateThingResponse",
                &format!("{op}/responses/201/content/application~1json/schema")
            ),
            (
                "CreateThingError409",
                &format!("{op}/responses/409/content/application~1json/schema")
            ),
            (
                "CreateThingErrorDefault",
                &format!("{op}/responses/default/content/application~1json/schema")
            ),
        ]
    );
    assert_eq!(
        field(&api, "CreateThingRequest", "labels").ty,
        TypeRef::Map(Box::new(named("CreateThingRequestLabelsValue")))
    );
}

#[test]
fn a_title_names_an_inline_type_and_an_identical_one_reuses_it() {
    let api = schemas(
        r"
    Job:
      type: object
      properties:
        kind: {title: JobKind, type: string, enum: [A, B]}
        previous_kind: {title: JobKind, type: string, enum: [A, B], description: Same values.}
        other_kind: {title: JobKind, type: string, enum: [A, B, C]}
        taken: {title: Job, type: string, enum: [X]}
",
    );
    let got: Vec<(&str, &TypeRef)> = fields(&api, "Job")
        .iter()
        .map(|f| (f.wire.as_str(), &f.ty))
        .collect();
    assert_eq!(
        got,
        [
            ("kind", &named("JobKind")),
            // The same values, other docs: the same type.
            ("previous_kind", &named("JobKind")),
            // Other values: a type of its own, named after where it stands.
            ("other_kind", &named("JobOtherKind")),
            // A title some other type already has: the name from where it stands.
            ("taken", &named("JobTaken")),
        ]
    );
    let enums: Vec<&str> = api
        .types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Enum(_)))
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(enums, ["JobKind", "JobOtherKind", "JobTaken"]);
}

#[test]
fn a_title_reuses_an_identical_component_defined_before() {
    let api = api(r"paths:
  /jobs:
    get:
      operationId: listJobs
      parameters:
        - {name: type, in: query, schema: {title: JobType, type: string, enum: [A, B]}}
        - {name: state, in: query, schema: {title: JobState, type: string, enum: [X]}}
      responses: {'200': {description: ok}}
components:
  schemas:
    JobType: {title: JobType, type: string, enum: [A, B]}
    JobState: {type: string, enum: [X, Y]}
");
    let query = op(&api, "list_jobs").optional_query.as_ref().unwrap();
    let got: Vec<(&str, &TypeRef)> = query
        .params
        .iter()
        .map(|p| (p.wire.as_str(), &p.ty))
        .collect();
    assert_eq!(
        got,
        [
            ("type", &named("JobType")),
            ("state", &named("ListJobsState"))
        ]
    );
    assert!(!has_type(&api, "ListJobsType"));
}

// ---------------------------------------------------------------------------------------------
// Recursion

fn boxed(api: &Api, type_name: &str) -> Vec<(String, bool)> {
    fields(api, type_name)
        .iter()
        .map(|f| (f.wire.clone(), f.boxed))
        .collect()
}

#[test]
fn only_fields_that_hold_their_own_type_by_value_are_boxed() {
    let api = schemas(
        r"
    Node:
      type: object
      required: [next]
      properties:
        next: {$ref: '#/components/schemas/Node'}
        maybe: {oneOf: [{type: 'null'}, {$ref: '#/components/schemas/Node'}]}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        by_key: {type: object, additionalProperties: {$ref: '#/components/schemas/Node'}}
        leaf: {$ref: '#/components/schemas/Leaf'}
        through_alias: {$ref: '#/components/schemas/NodeAlias'}
    NodeAlias: {$ref: '#/components/schemas/Node'}
    Leaf: {type: object, properties: {x: {type: string}}}
",
    );
    let b = |w: &str, v| (w.to_string(), v);
    assert_eq!(
        boxed(&api, "Node"),
        [
            b("next", true),
            b("maybe", true),
            b("children", false),
            b("by_key", false),
            b("leaf", false),
            b("through_alias", true),
        ]
    );
}

#[test]
fn object_variants_of_untagged_unions_are_boxed_aliases_of_structs_included() {
    // Sinao's `ContactOrganization = OrganizationIdentity`: hundreds of bytes beside a string.
    let api = schemas(
        r"
    Identity: {type: object, properties: {name: {type: string}, vat: {type: string}}}
    Organization: {allOf: [{$ref: '#/components/schemas/Identity'}]}
    Customer:
      oneOf:
        - $ref: '#/components/schemas/Organization'
        - type: string
",
    );
    assert_eq!(
        ty(&api, "Organization").kind,
        TypeKind::Alias(named("Identity"))
    );
    let variants: Vec<(TypeRef, bool)> = match &ty(&api, "Customer").kind {
        TypeKind::Untagged(u) => u.variants.iter().map(|v| (v.ty.clone(), v.boxed)).collect(),
        other => panic!("not an untagged union: {other:?}"),
    };
    assert_eq!(
        variants,
        [(TypeRef::String, false), (named("Organization"), true)]
    );
}

#[test]
fn mutual_recursion_boxes_each_field_on_the_cycle() {
    let api = schemas(
        r"
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/B'}
        c: {$ref: '#/components/schemas/C'}
    B:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
    C:
      type: object
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/A'}}
    Wrapper:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
",
    );
    let b = |w: &str, v| (w.to_string(), v);
    assert_eq!(boxed(&api, "A"), [b("b", true), b("c", false)]);
    assert_eq!(boxed(&api, "B"), [b("a", true)]);
    assert_eq!(boxed(&api, "C"), [b("items", false)]);
    // Outside the cycle: reaching it is not being on it.
    assert_eq!(boxed(&api, "Wrapper"), [b("a", false)]);
}

#[test]
fn recursion_through_a_union_boxes_the_field_and_every_variant() {
    let api = schemas(
        r"
    Expr:
      oneOf:
        - $ref: '#/components/schemas/Not'
        - $ref: '#/components/schemas/Lit'
      discriminator: {propertyName: op}
    Not:
      type: object
      required: [inner]
      properties:
        inner: {$ref: '#/components/schemas/Expr'}
    Lit:
      type: object
      properties:
        value: {type: string}
",
    );
    assert_eq!(boxed(&api, "Not"), [("inner".to_string(), true)]);
    let TypeKind::Union(u) = &ty(&api, "Expr").kind else {
        panic!("not a union")
    };
    let variants: Vec<(&str, &str, bool)> = u
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.tag_value.as_str(), v.boxed))
        .collect();
    // Unmapped branches are tagged with their schema's name.
    assert_eq!(variants, [("Not", "Not", true), ("Lit", "Lit", true)]);
    assert_eq!(u.tag, "op");
}

#[test]
fn an_alias_loop_degrades_where_it_starts() {
    let model = api(r"paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
");
    // `B` stays an alias of `A`, which is no longer one of `B`: the loop is broken.
    assert_eq!(ty(&model, "A").kind, TypeKind::Alias(TypeRef::Json));
    assert_eq!(
        ty(&model, "B").kind,
        TypeKind::Alias(TypeRef::Named("A".into()))
    );
    assert_eq!(
        model.warnings,
        [
            "t.yaml: #/components/schemas/A: the `$ref`s form a loop (A -> B -> A) that names no actual schema; it is `serde_json::Value`"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Enums and structs

fn variants(api: &Api, name: &str) -> (Vec<(String, String)>, String) {
    match &ty(api, name).kind {
        TypeKind::Enum(e) => (
            e.variants
                .iter()
                .map(|v| (v.name.clone(), v.wire.clone()))
                .collect(),
            e.unknown.clone(),
        ),
        other => panic!("`{name}` is not an enum: {other:?}"),
    }
}

#[test]
fn enum_variants_and_a_catch_all_that_no_value_took() {
    let api = schemas(
        r"
    Plain: {type: string, enum: [ACTIVE, in_progress, '2fa']}
    HasUnknown: {type: string, enum: [UNKNOWN, KNOWN]}
    HasBoth: {type: string, enum: [unknown, unrecognized]}
    HasAll: {type: string, enum: [Unknown, Unrecognized, UNKNOWN_VALUE]}
    Nullable: {type: [string, 'null'], enum: [A, null]}
",
    );
    let v = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, w)| (n.to_string(), w.to_string()))
            .collect()
    };
    assert_eq!(
        variants(&api, "Plain"),
        (
            v(&[
                ("Active", "ACTIVE"),
                ("InProgress", "in_progress"),
                ("V2fa", "2fa")
            ]),
            "Unknown".into()
        )
    );
    assert_eq!(variants(&api, "HasUnknown").1, "Unrecognized");
    assert_eq!(variants(&api, "HasBoth").1, "UnknownValue");
    assert_eq!(variants(&api, "HasAll").1, "Unknown_");
    // `null` is nullability, not a variant.
    assert_eq!(variants(&api, "Nullable").0, v(&[("A", "A")]));
}

#[test]
fn a_repeated_enum_value_is_one_variant() {
    let api = schemas("    E: {type: string, enum: [A, B, A]}\n");
    let names: Vec<String> = variants(&api, "E").0.into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["A", "B"]);
}

#[test]
fn the_extra_properties_field_makes_way_for_properties_of_that_name() {
    let api = schemas(
        r"
    None: {type: object, properties: {x: {type: string}}}
    One: {type: object, properties: {extra: {type: string}}}
    Two: {type: object, properties: {extra: {type: string}, extra_properties: {type: string}}}
    Three:
      type: object
      properties:
        extra: {type: string}
        extraProperties: {type: string}
        unknown_properties: {type: string}
    Empty: {type: object}
",
    );
    let extra = |name: &str| match &ty(&api, name).kind {
        TypeKind::Struct(StructDef {
            role: StructRole::Object { extra, .. },
            ..
        }) => Some(extra.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(extra("None").as_deref(), Some("extra"));
    assert_eq!(extra("One").as_deref(), Some("extra_properties"));
    assert_eq!(extra("Two").as_deref(), Some("unknown_properties"));
    assert_eq!(extra("Three").as_deref(), Some("extra_"));
    // An object without properties is a struct that keeps everything in its extras.
    assert_eq!(extra("Empty").as_deref(), Some("extra"));
    assert!(fields(&api, "Empty").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Operations

#[test]
fn required_query_parameters_are_arguments_and_optional_ones_a_query_struct() {
    let api = api(r"paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
        - {name: at, in: query, required: true, schema: {type: string, format: date}}
        - {name: page, in: query, schema: {type: integer, format: int32}}
        - {name: ids, in: query, required: true, explode: false, schema: {type: array, items: {type: string}}}
        - {name: tags, in: query, explode: true, schema: {type: array, items: {type: string}}, description: Tags.}
        - {name: flags, in: query, schema: {type: array, items: {type: boolean}}}
      responses: {'200': {description: ok}}
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: q, in: query, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
");
    let get = op(&api, "get_item");
    let param = |p: &QueryParam| (p.wire.clone(), p.ty.clone(), p.explode);
    assert_eq!(get.path_params.len(), 1);
    assert_eq!(get.path_params[0].ty, TypeRef::Integer("i64"));
    assert_eq!(
        get.required_query.iter().map(param).collect::<Vec<_>>(),
        [
            ("at".to_string(), TypeRef::Format("Date"), true),
            ("ids".to_string(), vec_of(TypeRef::String), false),
        ]
    );
    let query = get.optional_query.as_ref().unwrap();
    assert_eq!(query.type_name, "GetItemQuery");
    assert_eq!(
        query.params.iter().map(param).collect::<Vec<_>>(),
        [
            ("page".to_string(), TypeRef::Integer("i32"), true),
            ("tags".to_string(), vec_of(TypeRef::String), true),
            ("flags".to_string(), vec_of(TypeRef::Bool), true),
        ]
    );
    assert_eq!(query.params[1].docs, ["Tags."]);
    // The query struct is a model too: every field optional, a builder, no extras.
    let def = ty(&api, "GetItemQuery");
    let TypeKind::Struct(s) = &def.kind else {
        panic!("not a struct")
    };
    assert_eq!(s.constructor, Constructor::Empty);
    assert_eq!(s.role, StructRole::Options);
    assert!(s.fields.iter().all(|f| f.presence == Presence::Optional));
    assert_eq!(def.pointer, "/paths/~1items~1{id}/get");
    // Without optional parameters, no struct.
    assert_eq!(op(&api, "list_items").optional_query, None);
    assert!(!has_type(&api, "ListItemsQuery"));
}

#[test]
fn path_parameters_come_in_template_order() {
    let api = api(r"paths:
  /orgs/{org}/items/{item}/parts/{part}:
    get:
      operationId: getPart
      parameters:
        - {name: part, in: path, required: true, schema: {type: string}}
        - {name: org, in: path, required: true, schema: {type: string}}
        - {name: item, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
");
    let names: Vec<&str> = op(&api, "get_part")
        .path_params
        .iter()
        .map(|p| p.wire.as_str())
        .collect();
    assert_eq!(names, ["org", "item", "part"]);
}

#[test]
fn operation_parameters_override_path_parameters_of_the_same_name_and_location() {
    let api = api(r"paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: q, in: query, schema: {type: string}}
      - {name: shared, in: query, schema: {type: boolean}}
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
        - {name: q, in: query, required: true, schema: {type: integer, format: int32}}
      responses: {'200': {description: ok}}
    delete:
      operationId: deleteThing
      responses: {'200': {description: ok}}
");
    let get = op(&api, "get_thing");
    let path: Vec<(&str, &TypeRef)> = get
        .path_params
        .iter()
        .map(|p| (p.wire.as_str(), &p.ty))
        .collect();
    assert_eq!(path, [("id", &TypeRef::Integer("i64"))]);
    let required: Vec<(&str, &TypeRef)> = get
        .required_query
        .iter()
        .map(|p| (p.wire.as_str(), &p.ty))
        .collect();
    assert_eq!(required, [("q", &TypeRef::Integer("i32"))]);
    let optional: Vec<&str> = get
        .optional_query
        .as_ref()
        .unwrap()
        .params
        .iter()
        .map(|p| p.wire.as_str())
        .collect();
    assert_eq!(optional, ["shared"]);
    // Without parameters of its own, an operation has the path's.
    let delete = op(&api, "delete_thing");
    assert_eq!(delete.path_params[0].ty, TypeRef::String);
    let optional: Vec<&str> = delete
        .optional_query
        .as_ref()
        .unwrap()
        .params
        .iter()
        .map(|p| p.wire.as_str())
        .collect();
    assert_eq!(optional, ["q", "shared"]);
}

#[test]
fn a_bad_parameter_is_pointed_at_where_it_is_declared() {
    let e = strict_error(
        r"paths:
  /a:
    parameters:
      - {name: p, in: query, schema: {type: string}}
    get:
      operationId: a
      parameters:
        - {name: h, in: header, content: {application/json: {schema: {type: string}}}}
      responses: {'200': {description: ok}}
",
    );
    assert_eq!(
        e,
        "t.yaml: #/paths/~1a/get/parameters/0: a parameter with `content` is supported in the query, as one JSON media type with a schema; use `schema`"
    );
    let e = strict_error(
        r"paths:
  /a:
    parameters:
      - {name: h, in: cookie, schema: {type: array, items: {type: string}}}
    get:
      operationId: a
      responses: {'200': {description: ok}}
",
    );
    assert_eq!(
        e,
        "t.yaml: #/paths/~1a/parameters/0/schema: a cookie parameter must be a scalar or a string-like type"
    );
}

#[test]
fn header_and_cookie_parameters_are_arguments_or_options_by_requiredness() {
    let api = api(r"paths:
  /a:
    parameters:
      - {name: X-Shared, in: header, schema: {type: integer, format: int64}}
    post:
      operationId: a
      parameters:
        - {name: session, in: cookie, required: true, schema: {type: string}}
        - {name: X-Tenant, in: header, required: true, schema: {type: string}}
        - {name: q, in: query, required: true, schema: {type: string}}
        - {name: Idempotency-Key, in: header, schema: {type: string}}
        - {name: pref, in: cookie, schema: {type: boolean}}
        - {name: accept, in: header, schema: {type: string}}
        - {name: Content-Type, in: header, required: true, schema: {type: string}}
        - {name: AUTHORIZATION, in: header, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer, format: int32}}
      responses: {'204': {description: ok}}
");
    let a = op(&api, "a");
    let place = |params: &[QueryParam]| {
        params
            .iter()
            .map(|p| (p.name.clone(), p.wire.clone(), p.location))
            .collect::<Vec<_>>()
    };
    let own = |name: &str, wire: &str, location| (name.to_string(), wire.to_string(), location);
    // Query arguments first, then headers, then cookies.
    assert_eq!(
        place(&a.required_query),
        [
            own("q", "q", In::Query),
            own("x_tenant", "X-Tenant", In::Header),
            own("session", "session", In::Cookie),
        ]
    );
    let options = a.optional_query.as_ref().expect("an options struct");
    assert_eq!(options.type_name, "AQuery");
    // The path item's parameter comes first, then the operation's in spec order.
    assert_eq!(
        place(&options.params),
        [
            own("x_shared", "X-Shared", In::Header),
            own("idempotency_key", "Idempotency-Key", In::Header),
            own("pref", "pref", In::Cookie),
            own("page", "page", In::Query),
        ]
    );
    assert_eq!(options.params[0].ty, TypeRef::Integer("i64"));
    assert!(
        options
            .params
            .iter()
            .all(|p| p.location == In::Query || !p.explode)
    );
    assert_eq!(
        fields(&api, "AQuery")
            .iter()
            .map(|f| (f.name.as_str(), f.presence))
            .collect::<Vec<_>>(),
        [
            ("x_shared", Presence::Optional),
            ("idempotency_key", Presence::Optional),
            ("pref", Presence::Optional),
            ("page", Presence::Optional),
        ]
    );
    // `Accept`, `Content-Type` and `Authorization`, in any case, are left out with a warning.
    assert_eq!(
        api.warnings
            .iter()
            .filter(|w| w.contains("is ignored"))
            .map(|w| w.split(": ").take(2).collect::<Vec<_>>().join(": "))
            .collect::<Vec<_>>(),
        [
            "t.yaml: #/paths/~1a/post/parameters/5",
            "t.yaml: #/paths/~1a/post/parameters/6",
            "t.yaml: #/paths/~1a/post/parameters/7",
        ]
    );
    assert!(
        api.warnings[0].contains("`accept` is ignored"),
        "{:?}",
        api.warnings
    );

    // Optional headers alone create the options struct.
    let api = api_with_header_only();
    let options = op(&api, "b")
        .optional_query
        .as_ref()
        .expect("an options struct");
    assert_eq!(
        place(&options.params),
        [own("x_trace", "X-Trace", In::Header)]
    );
    assert!(op(&api, "b").required_query.is_empty());
}

fn api_with_header_only() -> Api {
    api(r"paths:
  /b:
    get:
      operationId: b
      parameters: [{name: X-Trace, in: header, schema: {type: string}}]
      responses: {'200': {description: ok}}
")
}

#[test]
fn header_and_cookie_parameters_share_the_name_checks() {
    let api_a = api(r"paths:
  /a:
    get:
      operationId: a
      parameters:
        - {name: x_id, in: query, schema: {type: string}}
        - {name: X-Id, in: header, schema: {type: string}}
      responses: {'200': {description: ok}}
");
    let options = op(&api_a, "a").optional_query.clone().expect("options");
    assert_eq!(options.params[1].name, "header_x_id");
    let api = api(r"paths:
  /a:
    get:
      operationId: a
      parameters: [{name: query, in: header, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
");
    assert_eq!(op(&api, "a").required_query[0].name, "query_");
    let e = strict_error(
        r"paths:
  /a:
    get:
      operationId: a
      parameters: [{name: obj, in: cookie, schema: {type: object, properties: {a: {type: string}}}}]
      responses: {'200': {description: ok}}
",
    );
    assert_eq!(
        e,
        "t.yaml: #/paths/~1a/get/parameters/0/schema: a cookie parameter must be a scalar or a string-like type"
    );
}

#[test]
fn parameters_that_suggest_one_rust_name_take_their_location_or_a_number() {
    let api = api(r"paths:
  /things/{id}:
    get:
      operationId: a
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: id, in: query, required: true, schema: {type: string}}
        - {name: page-size, in: query, schema: {type: integer}}
        - {name: page_size, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}
");
    let a = op(&api, "a");
    assert_eq!(a.path_params[0].name, "id");
    assert_eq!(
        (
            a.required_query[0].name.as_str(),
            a.required_query[0].wire.as_str()
        ),
        ("query_id", "id")
    );
    let options = a.optional_query.as_ref().expect("options");
    let names: Vec<(&str, &str)> = options
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.wire.as_str()))
        .collect();
    assert_eq!(
        names,
        [("page_size", "page-size"), ("query_page_size", "page_size")]
    );
}

/// Component schemas for parameter tests: a few that can be parameters, a few that cannot.
const PARAMETER_SCHEMAS: &str = r"components:
  schemas:
    Object: {type: object, properties: {x: {type: string}}}
    ObjectAlias: {$ref: '#/components/schemas/Object'}
    Union:
      oneOf: [{$ref: '#/components/schemas/Object'}]
      discriminator: {propertyName: x}
    List: {type: array, items: {type: string}}
    Kind: {type: string, enum: [A, B]}
    KindAlias: {$ref: '#/components/schemas/Kind'}
    Id: {type: string, format: ThingId}
    Count: {type: integer, format: int32}
";

#[test]
fn parameters_may_be_scalars_and_what_wraps_one_through_aliases() {
    let api = api(&format!(
        "paths:
  /a/{{kind}}/{{id}}/{{n}}:
    get:
      operationId: a
      parameters:
        - {{name: kind, in: path, required: true, schema: {{$ref: '#/components/schemas/KindAlias'}}}}
        - {{name: id, in: path, required: true, schema: {{$ref: '#/components/schemas/Id'}}}}
        - {{name: n, in: path, required: true, schema: {{$ref: '#/components/schemas/Count'}}}}
        - {{name: kinds, in: query, required: true, schema: {{type: array, items: {{$ref: '#/components/schemas/KindAlias'}}}}}}
        - {{name: counts, in: query, schema: {{type: array, items: {{$ref: '#/components/schemas/Count'}}}}}}
      responses: {{'200': {{description: ok}}}}
{PARAMETER_SCHEMAS}"
    ));
    let a = op(&api, "a");
    assert_eq!(a.path_params.len(), 3);
    assert_eq!(a.required_query[0].ty, vec_of(named("KindAlias")));
}

#[test]
fn path_parameters_that_are_no_scalar_are_joined_or_sent_from_their_json_form() {
    // `style: simple`: a list of scalars is joined by commas (`Text`); anything else goes
    // through its JSON form (`rt::Request::path_param_fields`).
    for (schema, form) in [
        ("{type: array, items: {type: string}}", QueryForm::Text),
        ("{$ref: '#/components/schemas/Object'}", QueryForm::Fields),
        ("{$ref: '#/components/schemas/List'}", QueryForm::Fields),
        (
            "{type: object, additionalProperties: {type: string}}",
            QueryForm::Fields,
        ),
    ] {
        let api = api(&format!(
            "paths:
  /a/{{p}}:
    get:
      operationId: a
      parameters:
        - {{name: p, in: path, required: true, schema: {schema}}}
      responses: {{'200': {{description: ok}}}}
{PARAMETER_SCHEMAS}"
        ));
        let p = &api.operations[0].path_params[0];
        assert_eq!((p.form, p.explode), (form, false), "{schema}");
        assert!(api.warnings.is_empty(), "{schema}: {:?}", api.warnings);
    }
}

#[test]
fn query_parameters_that_are_no_text_are_sent_from_their_json_form() {
    // Written with `to_string()` or `as_str()` only scalars and lists of them are `Text`;
    // models, unions, maps, any JSON and lists of those are `Fields` (`rt::Request::query_fields`).
    for schema in [
        "{type: object, additionalProperties: {type: string}}",
        "{type: array, items: {type: array, items: {type: string}}}",
        "{}",
        "{$ref: '#/components/schemas/Object'}",
        "{$ref: '#/components/schemas/Union'}",
        "{$ref: '#/components/schemas/List'}",
        "{$ref: '#/components/schemas/ObjectAlias'}",
        "{type: array, items: {$ref: '#/components/schemas/Object'}}",
    ] {
        let api = api(&format!(
            "paths:
  /a:
    get:
      operationId: a
      parameters:
        - {{name: q, in: query, required: true, schema: {schema}}}
      responses: {{'200': {{description: ok}}}}
{PARAMETER_SCHEMAS}"
        ));
        let q = &api.operations[0].required_query[0];
        assert_eq!((q.form, q.explode), (QueryForm::Fields, true), "{schema}");
        assert!(
            !api.warnings.iter().any(|w| w.contains("left out")),
            "{schema}: {:?}",
            api.warnings
        );
    }
    // The delimited styles join text only.
    let e = strict_error(&format!(
        "paths:
  /a:
    get:
      operationId: a
      parameters:
        - {{name: q, in: query, style: spaceDelimited, schema: {{$ref: '#/components/schemas/Object'}}}}
      responses: {{'200': {{description: ok}}}}
{PARAMETER_SCHEMAS}"
    ));
    assert_eq!(
        e,
        "t.yaml: #/paths/~1a/get/parameters/0/schema: a `spaceDelimited` or `pipeDelimited` query parameter must be a scalar, a string-like type or an array of them"
    );
}

fn responses(responses: &str) -> Operation {
    let api = api(&format!(
        "paths:
  /a:
    get:
      operationId: a
      responses:
{responses}components:
  schemas:
    Thing: {{type: object, properties: {{x: {{type: string}}}}}}
    Problem: {{type: object, properties: {{detail: {{type: string}}}}}}
"
    ));
    api.operations.into_iter().next().unwrap()
}

#[test]
fn the_first_2xx_response_in_spec_order_is_the_success() {
    let o = responses(
        r"        '202': {description: Accepted}
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
",
    );
    assert_eq!(o.success.status, 202);
    assert_eq!(o.success.body, SuccessBody::Empty);
    assert_eq!(o.success.description, "Accepted");
    // The other 2xx is neither the success nor an error.
    assert!(o.errors.is_empty());
}

#[test]
fn success_bodies_json_bytes_or_empty() {
    let json = |media: &str, schema: &str| {
        responses(&format!(
            "        '200':
          description: OK
          content:
            {media}: {schema}
"
        ))
        .success
        .body
    };
    assert_eq!(
        json(
            "application/json",
            "{schema: {$ref: '#/components/schemas/Thing'}}"
        ),
        SuccessBody::Json(named("Thing"))
    );
    assert_eq!(
        json(
            "application/problem+json",
            "{schema: {type: array, items: {type: string}}}"
        ),
        SuccessBody::Json(vec_of(TypeRef::String))
    );
    // JSON without a schema: any JSON.
    assert_eq!(
        json("application/json", "{}"),
        SuccessBody::Json(TypeRef::Json)
    );
    assert_eq!(
        json(
            "application/pdf",
            "{schema: {type: string, format: binary}}"
        ),
        SuccessBody::Bytes("application/pdf".into())
    );
    assert_eq!(
        json("text/csv", "{}"),
        SuccessBody::Bytes("text/csv".into())
    );
    assert_eq!(
        responses("        '204': {description: No content}\n").success,
        ir::Success {
            status: 204,
            body: SuccessBody::Empty,
            description: "No content".into()
        }
    );
}

#[test]
fn error_responses_in_spec_order_then_default() {
    let o = responses(
        r"        default:
          description: Anything else
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
        '404': {description: '  Not found  '}
        '200': {description: OK}
        4XX:
          description: Client error
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
        '500':
          description: Server error
          content:
            text/plain: {}
",
    );
    let problem = Some(named("Problem"));
    let e = |status: &str, description: &str, ty: Option<TypeRef>| ErrorResponse {
        status: status.into(),
        description: description.into(),
        ty,
    };
    assert_eq!(
        o.errors,
        [
            e("404", "Not found", None),
            e("4XX", "Client error", problem.clone()),
            // A body that is not JSON is not decoded.
            e("500", "Server error", None),
            e("default", "Anything else", problem),
        ]
    );
}

#[test]
fn an_operation_without_a_2xx_response_takes_any_2xx_and_reads_no_body() {
    let api = api(r"paths:
  /a:
    get:
      operationId: a
      responses:
        '404': {description: Not found}
        default: {description: Other}
    post:
      operationId: b
");
    for name in ["a", "b"] {
        let success = &op(&api, name).success;
        assert_eq!(success.body, SuccessBody::Empty);
        assert!(success.description.contains("no success response"));
    }
    assert_eq!(op(&api, "a").errors.len(), 2);
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
}

#[test]
fn security_requirements_decide_what_each_operation_sends() {
    let spec = |global: &str| {
        api(&format!(
            "{global}paths:
  /a:
    get:
      operationId: inherits
      responses: {{'200': {{description: ok}}}}
    post:
      operationId: opts_out
      security: []
      responses: {{'200': {{description: ok}}}}
    put:
      operationId: anonymous_allowed
      security: [{{}}]
      responses: {{'200': {{description: ok}}}}
    patch:
      operationId: token_optional
      security: [{{}}, {{bearer: []}}]
      responses: {{'200': {{description: ok}}}}
    delete:
      operationId: own
      security: [{{bearer: []}}]
      responses: {{'200': {{description: ok}}}}
components:
  securitySchemes:
    bearer: {{type: http, scheme: bearer}}
"
        ))
    };
    let sends = |api: &Api| -> Vec<(String, Vec<Vec<String>>)> {
        api.operations
            .iter()
            .map(|o| (o.name.clone(), o.security.clone()))
            .collect()
    };
    let bearer = || vec!["bearer".to_string()];
    let expect = |inherits: Vec<Vec<String>>| -> Vec<(String, Vec<Vec<String>>)> {
        // `PathItem::iter` gives get, put, post, delete, patch.
        [
            ("inherits", inherits),
            ("anonymous_allowed", vec![vec![]]),
            ("opts_out", vec![]),
            ("own", vec![bearer()]),
            ("token_optional", vec![vec![], bearer()]),
        ]
        .map(|(n, a)| (n.to_string(), a))
        .to_vec()
    };
    let with_root = spec("security: [{bearer: []}]\n");
    assert_eq!(sends(&with_root), expect(vec![bearer()]));
    assert_eq!(sends(&spec("")), expect(vec![]));
    let schemes: Vec<(&str, &str)> = with_root
        .security_schemes
        .iter()
        .map(|s| (s.name.as_str(), s.setter.as_str()))
        .collect();
    assert_eq!(schemes, [("bearer", "bearer_auth")]);
}

#[test]
fn operations_come_in_path_order_then_method_order() {
    let api = api(r"paths:
  /b:
    post: {operationId: bPost, responses: {'200': {description: ok}}}
    get: {operationId: bGet, responses: {'200': {description: ok}}}
  /a:
    delete: {operationId: aDelete, summary: '  Delete it. ', description: Really., responses: {'200': {description: ok}}}
");
    let got: Vec<(&str, &str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.path.as_str(), o.method.as_str(), o.operation_id.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("/b", "GET", "bGet"),
            ("/b", "POST", "bPost"),
            ("/a", "DELETE", "aDelete"),
        ]
    );
    assert_eq!(op(&api, "a_delete").docs, ["Delete it.", "Really."]);
}

#[test]
fn operation_ids_that_become_the_same_method_are_told_apart_and_kept() {
    let api = api(r"paths:
  /a:
    get: {operationId: getThing, responses: {'200': {description: ok}}}
  /b:
    get: {operationId: get_thing, responses: {'200': {description: ok}}}
  /c:
    get: {operationId: same, responses: {'200': {description: ok}}}
    post: {operationId: same, responses: {'200': {description: ok}}}
");
    let names: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o.operation_id.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("get_thing", "getThing"),
            ("get_thing_b", "get_thing"),
            ("same", "same"),
            ("same_post", "same"),
        ]
    );
    assert_eq!(
        api.warnings,
        [
            "t.yaml: #/paths/~1b/get: operation `get_thing` and #/paths/~1a/get both suggest the method `get_thing`; this one is `get_thing_b`",
            "t.yaml: #/paths/~1c/post: operation `same` and #/paths/~1c/get both suggest the method `same`; this one is `same_post`",
        ]
    );
}

#[test]
fn request_bodies_json_or_form_by_reference_or_inline() {
    let api = api(r"paths:
  /a:
    post:
      operationId: json
      requestBody: {$ref: '#/components/requestBodies/ThingBody'}
      responses: {'200': {description: ok}}
    put:
      operationId: form
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {x: {type: string}}}
      responses: {'200': {description: ok}}
components:
  requestBodies:
    ThingBody:
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Thing'}
  schemas:
    Thing: {type: object, properties: {x: {type: string}}}
");
    assert_eq!(
        op(&api, "json").body,
        Some(Body {
            ty: named("Thing"),
            encoding: Encoding::Json,
            media_type: "application/json".into(),
        })
    );
    assert_eq!(
        op(&api, "form").body,
        Some(Body {
            ty: named("FormRequest"),
            encoding: Encoding::Form,
            media_type: "application/x-www-form-urlencoded".into(),
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Warnings

#[test]
fn values_of_unknown_shape_are_json_with_a_warning() {
    let api = schemas(
        r"
    A:
      type: object
      properties:
        free: {type: object, additionalProperties: true}
        any_values: {type: object, additionalProperties: {}}
        anything: {}
        list: {type: array}
        typed: {type: object, additionalProperties: {type: string}}
        closed: {type: object}
",
    );
    let got: Vec<(&str, &TypeRef)> = fields(&api, "A")
        .iter()
        .map(|f| (f.wire.as_str(), &f.ty))
        .collect();
    let map = |t: TypeRef| TypeRef::Map(Box::new(t));
    assert_eq!(
        got,
        [
            ("free", &map(TypeRef::Json)),
            ("any_values", &map(TypeRef::Json)),
            ("anything", &TypeRef::Json),
            ("list", &vec_of(TypeRef::Json)),
            ("typed", &map(TypeRef::String)),
            ("closed", &named("AClosed")),
        ]
    );
    let p = "t.yaml: #/components/schemas/A/properties";
    assert_eq!(
        api.warnings,
        [
            format!("{p}/free: a free-form object; its values are `serde_json::Value`"),
            format!(
                "{p}/any_values/additionalProperties: the schema says nothing about the value's shape; it is `serde_json::Value`"
            ),
            format!(
                "{p}/anything: the schema says nothing about the value's shape; it is `serde_json::Value`"
            ),
            format!("{p}/list: an array without `items`; its elements are `serde_json::Value`"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Coverage

#[test]
fn coverage_counts_what_the_spec_declares_and_what_the_model_keeps() {
    let mut api = api(r"
paths:
  /things:
    get: {operationId: listThings, tags: [things], responses: {'200': {description: ok}}}
    post:
      operationId: searchThings
      tags: [things]
      parameters: [{name: q, in: header, content: {application/json: {schema: {type: string}}}}]
      responses: {'200': {description: ok}}
  /other:
    get: {operationId: other, tags: [other], responses: {'200': {description: ok}}}
  /linked: {$ref: '#/components/pathItems/Linked'}
components:
  schemas:
    Thing: {type: object, properties: {name: {type: string}}}
    Anything: {not: {type: string}}
    Whatever: {description: Any JSON the caller likes.}
  pathItems:
    Linked:
      get: {operationId: linked, responses: {'200': {description: ok}}}
");
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["list_things", "other"]);
    // The left-out `searchThings` is in the spec, not generated; the operations of a path
    // item given by `$ref` are never read, so they count nowhere.
    assert_eq!(
        api.coverage(),
        meteroid_codegen::Coverage {
            operations_in_spec: 3,
            operations_generated: 2,
            schemas_in_spec: 3,
            schemas_untyped: 2,
            schemas_shapeless: 1,
        }
    );
    // A part of the API covers less of the same spec.
    ir::keep_tags(&mut api, &["other".to_string()]);
    assert_eq!(
        api.coverage(),
        meteroid_codegen::Coverage {
            operations_in_spec: 3,
            operations_generated: 1,
            schemas_in_spec: 3,
            schemas_untyped: 0,
            schemas_shapeless: 0,
        }
    );
}

#[test]
fn a_schema_referred_to_elsewhere_is_one_type_named_by_its_place() {
    let api = api(r"
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {next: {type: string}}}
components:
  schemas:
    Page: {$ref: '#/paths/~1pets/get/responses/200/content/application~1json/schema'}
    ListPetsResponse: {type: string}
");
    // The schema under `paths` is hoisted: the operation and `Page` name one type. Its name,
    // which the component `ListPetsResponse` has, is numbered, with the usual warning at the
    // place the file has the schema.
    let body = "/paths/~1pets/get/responses/200/content/application~1json/schema";
    let hoisted = ty(&api, "ListPetsResponse2");
    assert_eq!(hoisted.pointer, body);
    assert!(matches!(hoisted.kind, TypeKind::Struct(_)));
    assert_eq!(
        ty(&api, "Page").kind,
        TypeKind::Alias(TypeRef::Named("ListPetsResponse2".into()))
    );
    assert_eq!(
        api.operations[0].success.body,
        SuccessBody::Json(TypeRef::Named("ListPetsResponse2".into()))
    );
    assert_eq!(
        api.warnings,
        [format!(
            "t.yaml: #{body}: schemas `ListPetsResponse` and #/components/schemas/ListPetsResponse \
             both suggest the Rust type `ListPetsResponse`; this one is `ListPetsResponse2`"
        )]
    );
    // The spec declares two component schemas, not the hoisted one.
    assert_eq!(api.coverage().schemas_in_spec, 2);
}

#[test]
fn a_ref_the_ir_cannot_follow_degrades_even_without_the_normalizer() {
    // `ir::build` on a document that did not go through the normalizer (which would have
    // hoisted or degraded this `$ref`).
    let doc = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"$ref": "#/paths/~1a"}}}}}
    });
    let spec = meteroid_codegen::openapi(doc, "t.yaml").unwrap();
    let api = ir::build(&spec, "t.yaml").unwrap();
    assert_eq!(
        api.warnings,
        [
            "t.yaml: #/components/schemas/A/properties/b: `$ref: #/paths/~1a` names no schema of `#/components/schemas/`; it is `serde_json::Value`"
        ]
    );
}

#[test]
fn an_operation_whose_part_ref_resolves_to_nothing_is_left_out() {
    let spec = r"
paths:
  /a:
    get: {operationId: a, responses: {'200': {$ref: '#/components/responses/Gone'}}}
  /b:
    get: {operationId: b, responses: {'200': {description: ok}}}
";
    let api = api(spec);
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["b"]);
    let why = "t.yaml: #/paths/~1a/get/responses/200: `$ref: #/components/responses/Gone` points to nothing in this file";
    assert_eq!(api.warnings, [format!("{why}; the operation is left out")]);
    assert_eq!(strict_error(spec), why);
}

// ---------------------------------------------------------------------------------------------
// Determinism: the model depends on the spec's content and on the order of what it lists, and
// on nothing else.

/// Members whose value maps names the spec chose to what they name: their order is the spec's
/// order (fields, operations, the first success response, the first media type, variants).
const NAME_MAPS: &[&str] = &[
    "paths",
    "webhooks",
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "securitySchemes",
    "headers",
    "links",
    "callbacks",
    "properties",
    "content",
    "encoding",
    "mapping",
    "variables",
];

/// Members whose value is data (examples, enum values, defaults, extensions), not keywords.
fn is_data(key: &str) -> bool {
    matches!(
        key,
        "example" | "examples" | "enum" | "const" | "default" | "security"
    ) || key.starts_with("x-")
}

/// Reverses the order of the keywords of every object that holds keywords (a schema, an
/// operation, a parameter, a response, the document itself), which no reader may depend on,
/// and keeps the order of names in name maps and of everything in arrays, which it must.
fn reverse_keywords(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let entries: Vec<(String, serde_json::Value)> =
                std::mem::take(map).into_iter().rev().collect();
            for (key, mut child) in entries {
                if is_data(&key) {
                } else if NAME_MAPS.contains(&key.as_str()) && child.is_object() {
                    for named in child.as_object_mut().unwrap().values_mut() {
                        reverse_keywords(named);
                    }
                } else {
                    reverse_keywords(&mut child);
                }
                map.insert(key, child);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(reverse_keywords),
        _ => {}
    }
}

/// Panics with the first line where the two models' renderings differ.
fn assert_same_model(expected: &Api, got: &Api, what: &str) {
    if expected == got {
        return;
    }
    let (expected, got) = (render(expected), render(got));
    let line = expected
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(got.lines().count()));
    panic!(
        "{what}: the models differ from line {}:\n  expected: {:?}\n  got:      {:?}",
        line + 1,
        expected.lines().nth(line),
        got.lines().nth(line)
    );
}

/// The full Meteroid spec, bundled in `spec/full/`.
fn full_spec() -> Option<(String, &'static str)> {
    let path = manifest_dir().join("../spec/full/openapi.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some((text, "meteroid-full.json"))
}

fn determinism_specs() -> Vec<(String, String)> {
    let mut specs: Vec<(String, String)> = good_fixtures()
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (std::fs::read_to_string(path).unwrap(), name)
        })
        .collect();
    let bundled = manifest_dir().join("../spec/openapi.yaml");
    specs.push((
        std::fs::read_to_string(bundled).unwrap(),
        "openapi.yaml".into(),
    ));
    if let Some((text, name)) = full_spec() {
        specs.push((text, name.into()));
    }
    specs
}

#[test]
fn the_model_does_not_depend_on_the_order_of_keywords() {
    for (text, name) in determinism_specs() {
        let expected = build(&text, &name).unwrap();
        let mut doc = meteroid_codegen::load::parse_document(&text, &name).unwrap();
        let before = doc.clone();
        reverse_keywords(&mut doc);
        assert_eq!(
            doc, before,
            "{name}: the same document (maps compare without order)"
        );
        let got = model_of(&mut doc, &name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_same_model(&expected, &got, &name);
    }
}

#[test]
fn the_model_is_the_same_on_every_thread() {
    // Each thread hashes with its own random keys: a hash map's order reaching the model would
    // show here as models that differ.
    let specs = determinism_specs();
    let expected: Vec<Api> = specs
        .iter()
        .map(|(text, name)| build(text, name).unwrap())
        .collect();
    std::thread::scope(|scope| {
        let threads: Vec<_> = (0..3)
            .map(|_| {
                scope.spawn(|| {
                    specs
                        .iter()
                        .map(|(text, name)| build(text, name).unwrap())
                        .collect::<Vec<Api>>()
                })
            })
            .collect();
        for thread in threads {
            let models = thread.join().unwrap();
            for ((expected, got), (_, name)) in expected.iter().zip(&models).zip(&specs) {
                assert_same_model(expected, got, name);
            }
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Known bugs, found by these tests and not fixed yet: each test says what should happen, and
// fails today (`cargo test -p meteroid-codegen --test ir -- --ignored`).

#[test]
#[ignore = "bug: reusing a titled inline type rebuilds it, and its own inline types collide"]
fn a_titled_inline_object_with_inline_members_can_be_reused() {
    // Today: "the Rust type name `AddressKind` is already taken by #.../a/properties/kind".
    let api = schemas(
        r"
    Holder:
      type: object
      properties:
        a: {title: Address, type: object, properties: {kind: {type: string, enum: [HOME, WORK]}}}
        b: {title: Address, type: object, properties: {kind: {type: string, enum: [HOME, WORK]}}}
",
    );
    assert_eq!(field(&api, "Holder", "b").ty, named("Address"));
    assert!(has_type(&api, "AddressKind"));
}

#[test]
#[ignore = "bug: a `2XX` response range is taken for an error response"]
fn a_2xx_range_is_a_success_response() {
    let o = responses(
        r"        '200': {description: OK}
        2XX: {description: Some other success}
",
    );
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    // Today: "the operation documents no 2xx response".
    responses("        2XX: {description: Any success}\n");
}

#[test]
#[ignore = "bug: properties merged from allOf are pointed at as if the merged schema had them"]
fn a_merged_property_is_pointed_at_where_it_is_declared() {
    let api = schemas(
        r"
    Base: {type: object, properties: {status: {type: string, enum: [A]}}}
    Event:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {kind: {type: string, enum: [B]}}}
",
    );
    // Today: `#/components/schemas/Event/properties/kind`, which does not exist.
    assert_eq!(
        ty(&api, "EventKind").pointer,
        "/components/schemas/Event/allOf/1/properties/kind"
    );
}

/// `ApiError` decodes error bodies as the named schema most error responses carry; bodiless
/// error responses do not count, and a spec with no named error schema has raw JSON.
#[test]
fn the_error_body_is_the_schema_most_error_responses_carry() {
    let spec = |a_errors: &str, b_errors: &str| {
        format!(
            "paths:
  /a:
    get:
      operationId: a
      responses:
        '200': {{description: ok}}
{a_errors}
  /b:
    get:
      operationId: b
      responses:
        '200': {{description: ok}}
{b_errors}
components:
  schemas:
    Problem: {{type: object, properties: {{code: {{type: string}}}}}}
    OAuthError: {{type: object, properties: {{error: {{type: string}}}}}}
"
        )
    };
    let json = |schema: &str| {
        format!(
            "{{description: e, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}}}"
        )
    };
    let errors = |list: &[(&str, String)]| {
        list.iter()
            .map(|(status, response)| format!("        '{status}': {response}\n"))
            .collect::<String>()
    };
    let problem = json("Problem");
    let oauth = json("OAuthError");
    let bodiless = "{description: e}".to_string();
    let majority = api(&spec(
        &errors(&[("400", problem.clone()), ("401", bodiless.clone())]),
        &errors(&[("400", oauth.clone()), ("500", problem.clone())]),
    ));
    assert_eq!(majority.error_body, Some(named("Problem")));
    let tie = api(&spec(
        &errors(&[("400", oauth.clone())]),
        &errors(&[("400", problem.clone())]),
    ));
    assert_eq!(
        tie.error_body,
        Some(named("OAuthError")),
        "the first seen wins a tie"
    );
    let none = api(&spec(&errors(&[("404", bodiless.clone())]), ""));
    assert_eq!(none.error_body, None);
}

/// The error body is a model of the generated file (the client implements the runtime's
/// `ErrorBody` for it): an alias counts as what it names, an alias of `serde_json::Value` as
/// raw JSON, and an alias of another crate's type (`String`) not at all.
#[test]
fn the_error_body_is_counted_through_aliases_and_is_always_a_model_of_the_file() {
    let spec = |errors: &[&str]| {
        let responses: String = errors
            .iter()
            .enumerate()
            .map(|(i, schema)| {
                format!(
                    "        '{}': {{description: e, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}}}\n",
                    400 + i
                )
            })
            .collect();
        format!(
            "paths:
  /a:
    get:
      operationId: a
      responses:
        '200': {{description: ok}}
{responses}components:
  schemas:
    Problem: {{type: object, properties: {{code: {{type: string}}}}}}
    Error: {{$ref: '#/components/schemas/Problem'}}
    Exception: {{}}
    OtherException: {{}}
    Text: {{type: string}}
"
        )
    };
    let aliases = api(&spec(&["Error", "Problem", "Error"]));
    assert_eq!(aliases.error_body, Some(named("Problem")));
    let free_form = api(&spec(&["Exception", "OtherException", "Problem"]));
    assert_eq!(
        free_form.error_body, None,
        "two `{{}}` schemas outnumber Problem"
    );
    let text = api(&spec(&["Text", "Text", "Problem"]));
    assert_eq!(text.error_body, Some(named("Problem")));
    let only_text = api(&spec(&["Text"]));
    assert_eq!(only_text.error_body, None);
}

/// Untagged branches that are one Rust type through aliases are one variant of that type; a
/// union left with one variant is an alias of it.
#[test]
fn untagged_branches_of_one_rust_type_through_aliases_merge() {
    let api = schemas(
        r"
    Net: {oneOf: [{$ref: '#/components/schemas/V4'}, {$ref: '#/components/schemas/V6'}]}
    V4: {type: string, pattern: '^[0-9.]+$'}
    V6: {type: string, pattern: '^[0-9a-f:]+$'}
    NetOrCount: {oneOf: [{$ref: '#/components/schemas/V4'}, {type: integer}, {type: string}]}
    Lists: {anyOf: [{type: array, items: {$ref: '#/components/schemas/V4'}}, {type: array, items: {type: string}}, {type: boolean}]}
    Nested: {oneOf: [{$ref: '#/components/schemas/Net'}, {type: string}, {type: boolean}]}
    Id: {type: string, format: some-id}
    Other: {type: string, format: other-id}
    Ids: {oneOf: [{$ref: '#/components/schemas/Id'}, {$ref: '#/components/schemas/Other'}]}
",
    );
    assert_eq!(ty(&api, "Net").kind, TypeKind::Alias(TypeRef::String));
    let untagged = |name: &str| -> Vec<(String, TypeRef)> {
        match &ty(&api, name).kind {
            TypeKind::Untagged(u) => u
                .variants
                .iter()
                .map(|v| (v.name.clone(), v.ty.clone()))
                .collect(),
            other => panic!("`{name}` is not an untagged union: {other:?}"),
        }
    };
    let v = |name: &str, ty: TypeRef| (name.to_string(), ty);
    assert_eq!(
        untagged("NetOrCount"),
        [
            v("Integer", TypeRef::Integer("i64")),
            v("String", TypeRef::String)
        ]
    );
    assert_eq!(
        untagged("Lists"),
        [v("Bool", TypeRef::Bool), v("List", vec_of(TypeRef::String))]
    );
    assert_eq!(
        untagged("Nested"),
        [v("Bool", TypeRef::Bool), v("String", TypeRef::String)]
    );
    // Newtypes are types of their own: both stay.
    assert_eq!(
        untagged("Ids"),
        [v("Id", named("Id")), v("Other", named("Other"))]
    );
}

/// Tags in a script other than Latin are features of their own, not all `tag-`.
#[test]
fn keeping_a_tag_in_another_script_keeps_only_its_operations() {
    let mut api = api(r"paths:
  /clients:
    get: {operationId: listClients, tags: [Клиенты], responses: {'204': {description: ok}}}
  /orders:
    get: {operationId: listOrders, tags: [Заказы], responses: {'204': {description: ok}}}
");
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    ir::keep_tags(&mut api, &["Клиенты".to_string()]);
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["list_clients"]);
}

#[test]
fn what_cannot_be_typed_degrades_and_what_cannot_be_generated_is_left_out() {
    let api = api("paths:
  /a:
    get:
      operationId: a
      parameters:
        - {name: f, in: cookie, content: {application/json: {schema: {type: string}}}}
        - {name: g, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
    post:
      operationId: b
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/U'}}}}}
components:
  schemas:
    U: {not: {type: string}}
    S:
      type: object
      properties:
        v: {not: {type: string}}
        o: {type: object, properties: {x: {type: string}}, if: {}}
");
    assert_eq!(ty(&api, "U").kind, TypeKind::Alias(TypeRef::Json));
    let TypeKind::Struct(s) = &ty(&api, "S").kind else {
        panic!("S is a struct")
    };
    assert!(s.fields.iter().all(|f| f.ty == TypeRef::Json));
    assert!(
        api.types
            .iter()
            .all(|t| t.name != "SO" && t.name != "AQuery")
    );
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["b"]);
    assert_eq!(api.warnings.len(), 4, "{:#?}", api.warnings);
}

#[test]
fn an_all_of_of_annotations_only_says_nothing_about_the_value() {
    // Found by the fuzzer: this once recursed without end.
    let api = schemas(
        r"
    T:
      type: object
      properties:
        kind: {description: Outer., allOf: [{description: Inner.}]}
",
    );
    assert_eq!(field(&api, "T", "kind").ty, TypeRef::Json);
}

#[test]
fn required_values_whose_schema_rules_out_the_default_sample_get_one() {
    let api = api(r"
paths:
  /apps/{app_id}:
    get:
      operationId: getApp
      parameters:
        - {name: app_id, in: path, required: true, schema: {type: string, pattern: '^app_[a-z]{4}$'}}
        - {name: limit, in: query, required: true, schema: {type: integer, minimum: 10}}
        - {name: page, in: query, schema: {type: integer, minimum: 10}}
        - {name: name, in: query, required: true, schema: {type: string, maxLength: 20}}
      responses: {'204': {description: ok}}
components:
  schemas:
    App:
      type: object
      required: [url, name, pinned]
      properties:
        url: {type: string, format: uri}
        name: {type: string}
        pinned: {type: ['string', 'null'], format: uri}
        home: {type: string, format: uri}
");
    let get_app = op(&api, "get_app");
    assert_eq!(
        get_app.path_params[0].sample,
        Some(serde_json::json!("app_aaaa"))
    );
    let required: Vec<_> = get_app
        .required_query
        .iter()
        .map(|q| (q.wire.as_str(), q.sample.clone()))
        .collect();
    // `name`'s default fits its schema: no sample.
    assert_eq!(
        required,
        [("limit", Some(serde_json::json!(10))), ("name", None)]
    );
    // Optional parameters and fields are not sent by the contract calls: never a sample.
    let options = get_app.optional_query.as_ref().unwrap();
    assert!(
        fields(&api, &options.type_name)
            .iter()
            .all(|f| f.sample.is_none())
    );
    let samples: Vec<_> = fields(&api, "App")
        .iter()
        .map(|f| (f.wire.as_str(), f.sample.clone()))
        .collect();
    assert_eq!(
        samples,
        [
            ("url", Some(serde_json::json!("https://example.com/sample"))),
            ("name", None),
            // Required but nullable: sampled as `null`.
            ("pinned", None),
            ("home", None),
        ]
    );
    assert!(api.sample_gaps.is_empty());
}
