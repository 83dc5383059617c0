//! Models: one runtime macro invocation per type (`model!`, `open_enum!`, `string_newtype!`,
//! `tagged_union!`, `query_options!`), or a type alias.

use super::type_text;
use super::uses::Uses;
use super::writer::Writer;
use crate::ir::{
    Api, EnumDef, FeatureGates, Field, NewtypeDef, Presence, StructDef, TypeDef, TypeKind, TypeRef,
    UnionDef, UntaggedDef,
};

/// More constructor arguments than this read badly: such models are built field by field.
const MAX_CONSTRUCTOR_ARGS: usize = 7;

pub(crate) fn models(out: &mut Writer, api: &Api, gates: Option<&FeatureGates>) {
    if api.types.is_empty() {
        return;
    }
    let uses = Uses::of(api);
    out.docs(&["The schemas of the API, as Rust types."]);
    out.block("pub mod models {", "}", |out| {
        // Only aliases of plain Rust types need nothing from the runtime.
        let needs_runtime = api.types.iter().any(|t| match &t.kind {
            TypeKind::Alias(target) => type_text(target, true).contains("rt::"),
            _ => true,
        });
        if needs_runtime {
            out.line(&format!("use {} as rt;", super::RUNTIME));
        }
        for def in &api.types {
            out.line("");
            if let Some(cfg) = gates.and_then(|g| g.cfg(g.types.get(&def.name))) {
                out.line(&cfg);
            }
            type_def(out, def, &uses, &api.types);
        }
    });
}

fn type_def(out: &mut Writer, def: &TypeDef, uses: &Uses, types: &[TypeDef]) {
    let mut docs: Vec<String> = def.docs.iter().map(|d| super::docs::prose(d)).collect();
    match &def.kind {
        TypeKind::Struct(s) if s.extra.is_none() => {
            docs.extend(uses.paragraph(&def.name));
            query_options(out, &def.name, &docs, s);
        }
        TypeKind::Struct(s) => {
            docs.extend(uses.paragraph(&def.name));
            model(out, &def.name, &docs, s);
        }
        TypeKind::Enum(e) => {
            docs.extend(uses.paragraph(&def.name));
            open_enum(out, &def.name, &docs, e);
        }
        TypeKind::Newtype(n) => {
            newtype_docs(&mut docs, n);
            docs.extend(uses.paragraph(&def.name));
            newtype(out, &def.name, &docs, n);
        }
        TypeKind::Union(u) => {
            docs.extend(uses.paragraph(&def.name));
            union(out, &def.name, &docs, u);
        }
        TypeKind::Untagged(u) => {
            docs.extend(uses.paragraph(&def.name));
            let param = u.variants.iter().all(|v| is_scalar(&v.ty, types, 0));
            untagged(out, &def.name, &docs, u, param);
        }
        TypeKind::Alias(target) => {
            docs.extend(uses.paragraph(&def.name));
            out.docs(&docs);
            out.line(&format!(
                "pub type {} = {};",
                def.name,
                type_text(target, true)
            ));
        }
    }
}

/// The field's value type as the macro takes it (the presence adds the `Option`s).
fn value_type(field: &Field) -> String {
    let ty = type_text(&field.ty, true);
    if field.boxed {
        format!("Box<{ty}>")
    } else {
        ty
    }
}

fn presence(field: &Field) -> &'static str {
    match field.presence {
        Presence::Required => "required",
        Presence::RequiredNullable => "required_nullable",
        Presence::Optional => "optional",
        Presence::OptionalNullable => "optional_nullable",
    }
}

fn field_docs(field: &Field) -> Vec<String> {
    field.docs.iter().map(|d| super::docs::prose(d)).collect()
}

fn model(out: &mut Writer, name: &str, docs: &[String], def: &StructDef) {
    out.block("rt::model! {", "}", |out| {
        out.docs(docs);
        out.block(&format!("pub struct {name} {{"), "}", |out| {
            for field in &def.fields {
                out.docs(&field_docs(field));
                let mut line = format!("{}: {} {}", field.name, presence(field), value_type(field));
                if field.presence == Presence::OptionalNullable {
                    let bare = field.name.trim_end_matches('_');
                    line.push_str(&format!(" => clear_{bare}"));
                }
                if field.wire != field.name {
                    line.push_str(&format!(" as {:?}", field.wire));
                }
                line.push(',');
                out.line(&line);
            }
        });
        let extra = def.extra.as_deref().unwrap_or("extra");
        if def.extra_value != TypeRef::Json {
            let ty = type_text(&def.extra_value, true);
            out.line(&format!("extra {extra}: {ty};"));
        } else if extra != "extra" {
            out.line(&format!("extra {extra};"));
        }
        constructor(out, def);
    });
}

/// `fn new();` for a model whose fields are all optional, `fn new(<required>);` for one with
/// a few required fields, nothing otherwise.
fn constructor(out: &mut Writer, def: &StructDef) {
    if def.builder {
        out.line("fn new();");
        return;
    }
    let required: Vec<String> = def
        .fields
        .iter()
        .filter_map(|f| match f.presence {
            Presence::Required => Some(format!("{}: {}", f.name, value_type(f))),
            Presence::RequiredNullable => Some(format!("{}: Option<{}>", f.name, value_type(f))),
            Presence::Optional | Presence::OptionalNullable => None,
        })
        .collect();
    if required.len() <= MAX_CONSTRUCTOR_ARGS {
        out.signature("fn new", &required, ";");
    }
}

fn query_options(out: &mut Writer, name: &str, docs: &[String], def: &StructDef) {
    out.block("rt::query_options! {", "}", |out| {
        out.docs(docs);
        out.block(&format!("pub struct {name} {{"), "}", |out| {
            for field in &def.fields {
                out.docs(&field_docs(field));
                out.line(&format!("{}: {},", field.name, value_type(field)));
            }
        });
    });
}

fn open_enum(out: &mut Writer, name: &str, docs: &[String], def: &EnumDef) {
    out.block("rt::open_enum! {", "}", |out| {
        out.docs(docs);
        out.block(&format!("pub enum {name} {{"), "}", |out| {
            for variant in &def.variants {
                out.line(&format!("{} = {:?},", variant.name, variant.wire));
            }
            out.line(&format!("_ => {},", def.unknown));
        });
    });
}

fn newtype_docs(docs: &mut Vec<String>, def: &NewtypeDef) {
    docs.push(format!("A string in the `{}` format.", def.format));
    match def.examples.as_slice() {
        [] => {}
        [one] => docs.push(format!("Example: `{one}`.")),
        many => {
            let list: Vec<String> = many.iter().map(|e| format!("`{e}`")).collect();
            docs.push(format!("Examples: {}.", list.join(", ")));
        }
    }
}

fn newtype(out: &mut Writer, name: &str, docs: &[String], def: &NewtypeDef) {
    out.block("rt::string_newtype! {", "}", |out| {
        out.docs(docs);
        match def.examples.first() {
            Some(example) => out.line(&format!("pub struct {name}(String) example {example:?};")),
            None => out.line(&format!("pub struct {name}(String);")),
        }
    });
}

fn union(out: &mut Writer, name: &str, docs: &[String], def: &UnionDef) {
    out.block("rt::tagged_union! {", "}", |out| {
        out.docs(docs);
        out.block(
            &format!("pub enum {name} tagged {:?} {{", def.tag),
            "}",
            |out| {
                for variant in &def.variants {
                    let docs: Vec<String> =
                        variant.docs.iter().map(|d| super::docs::prose(d)).collect();
                    out.docs(&docs);
                    let ty = match &variant.ty {
                        TypeRef::Named(n) => n.clone(),
                        other => type_text(other, true),
                    };
                    out.line(&format!(
                        "{}({ty}) = {:?},",
                        variant.name, variant.tag_value
                    ));
                }
                out.line(&format!("_ => {},", def.unknown));
            },
        );
    });
}

/// Whether values of `ty` are one piece of text in a URL: a union of such values is too
/// (`as param`).
fn is_scalar(ty: &TypeRef, types: &[TypeDef], depth: usize) -> bool {
    ty.is_scalar(
        &|name| types.iter().find(|t| t.name == name).map(|t| &t.kind),
        depth,
    )
}

fn untagged(out: &mut Writer, name: &str, docs: &[String], def: &UntaggedDef, param: bool) {
    out.block("rt::untagged_union! {", "}", |out| {
        out.docs(docs);
        let head = if param {
            format!("pub enum {name} as param {{")
        } else {
            format!("pub enum {name} {{")
        };
        out.block(&head, "}", |out| {
            for variant in &def.variants {
                let docs: Vec<String> =
                    variant.docs.iter().map(|d| super::docs::prose(d)).collect();
                out.docs(&docs);
                let ty = type_text(&variant.ty, true);
                let ty = if variant.boxed {
                    format!("Box<{ty}>")
                } else {
                    ty
                };
                out.line(&format!("{}({ty}),", variant.name));
            }
            out.line(&format!("_ => {},", def.unknown));
        });
    });
}
