//! `mod models`: every schema as a literal Rust item (a `pub struct` with its real field types,
//! a `pub enum` listing its variants, a type alias) whose runtime derive (`rt::Model`,
//! `rt::OpenEnum`, ...) writes the serde logic; `#[model(..)]` attributes say only what the
//! types do not (a wire name, a required nullable field, the constructor's arguments, a
//! contract-test sample the schema's constraints require).

use super::attributes::Attributes;
use super::rename::renames;
use super::tokens::{
    cfg_attr, docs, ident, json_literal, names_runtime, spec_docs, type_tokens, wrapped,
};
use super::uses::Uses;
use crate::ir::{
    Api, Constructor, EnumDef, FeatureGates, Field, NewtypeDef, Presence, QueryForm, StructDef,
    StructRole, TypeDef, TypeKind, TypeRef, UnionDef, UntaggedDef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// `pub mod models { .. }`, or nothing for a spec without types.
pub(crate) fn models(
    api: &Api,
    gates: Option<&FeatureGates>,
    attributes: &Attributes,
) -> TokenStream {
    if api.types.is_empty() {
        return TokenStream::new();
    }
    let uses = Uses::of(api);
    let items = api.types.iter().map(|def| {
        let cfg = cfg_attr(gates.and_then(|g| g.cfg(g.types.get(&def.name))).as_ref());
        let added = Added {
            attributes,
            type_name: &def.name,
        };
        match &def.kind {
            TypeKind::Replaced(path) => replaced(api, def, path, &cfg, &uses, &added),
            _ => type_def(def, &cfg, &uses, &api.types, &added),
        }
    });
    // Only aliases of plain Rust types need nothing from the runtime.
    let import = api
        .types
        .iter()
        .any(|t| !matches!(&t.kind, TypeKind::Alias(target) if !names_runtime(target)))
        .then(|| {
            quote!(
                use meteroid_runtime as rt;
            )
        });
    quote! {
        /// The schemas of the API, as Rust types.
        pub mod models {
            #import
            #(#items)*
        }
    }
}

/// The attributes the settings add to one type and its fields.
struct Added<'a> {
    attributes: &'a Attributes,
    type_name: &'a str,
}

impl Added<'_> {
    /// The type's own.
    fn on_type(&self) -> TokenStream {
        self.attributes.of_type(self.type_name)
    }

    /// A field's.
    fn on_field(&self, field: &str) -> TokenStream {
        self.attributes.of_field(self.type_name, field)
    }
}

/// A type's item; `cfg` (its tag gate, if any) goes after its docs, before its derives; the
/// attributes the settings add come after the generator's, before the item.
fn type_def(
    def: &TypeDef,
    cfg: &TokenStream,
    uses: &Uses,
    types: &[TypeDef],
    added: &Added<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let mut paragraphs = spec_docs(&def.docs);
    if let TypeKind::Newtype(n) = &def.kind {
        paragraphs.extend(newtype_docs(n));
    }
    paragraphs.extend(uses.paragraph(&def.name).map(|p| wrapped(&p)));
    match &def.kind {
        TypeKind::Struct(s) => structure(&name, paragraphs, cfg, s, added),
        TypeKind::Enum(e) => open_enum(&name, paragraphs, cfg, e, added),
        TypeKind::Newtype(n) => newtype(&name, paragraphs, cfg, n, added),
        TypeKind::Union(u) => union(&name, paragraphs, cfg, u, added),
        TypeKind::Untagged(u) => {
            let param = u.variants.iter().all(|v| is_scalar(&v.ty, types));
            untagged(&name, paragraphs, cfg, u, param, added)
        }
        TypeKind::Alias(target) => {
            let docs = docs(&paragraphs);
            let target = type_tokens(target, true);
            let added = added.on_type();
            quote! { #docs #cfg #added pub type #name = #target; }
        }
        TypeKind::Replaced(_) => TokenStream::new(),
    }
}

/// A schema replaced by the caller's type (`Generator::replace`): an alias of that type, and a
/// check that it has what the generated code needs of it. A missing trait also fails inside
/// the derives' expansions, pointing at a field; the check's error is the one that names the
/// trait, the type and the setting together (`required by a bound in
/// `the_type_replacing_price_needs``, its doc saying what to do).
fn replaced(
    api: &Api,
    def: &TypeDef,
    path: &str,
    cfg: &TokenStream,
    uses: &Uses,
    added: &Added<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let mut paragraphs = spec_docs(&def.docs);
    paragraphs.push(wrapped(&format!(
        "Your `{path}`, which the generator's settings put in place of the model of this \
         schema (`Generator::replace`)."
    )));
    paragraphs.extend(uses.paragraph(&def.name).map(|p| wrapped(&p)));
    let docs = docs(&paragraphs);
    // Checked when the setting was given: a type path.
    let Ok(target) = syn::parse_str::<syn::Type>(path) else {
        return TokenStream::new();
    };
    let mut bounds = vec![
        quote!(rt::__private::serde::Serialize),
        quote!(rt::__private::serde::de::DeserializeOwned),
        quote!(Clone),
        quote!(std::fmt::Debug),
        quote!(PartialEq),
    ];
    let needs = Needs::of(api, &def.name);
    if needs.from_absent {
        bounds.push(quote!(rt::FromAbsent));
    }
    if needs.param_value {
        bounds.push(quote!(rt::ParamValue));
    }
    if needs.error_body {
        bounds.push(quote!(rt::ErrorBody));
    }
    let check = ident(&format!(
        "the_type_replacing_{}_needs",
        crate::ir::snake(&def.name)
    ));
    let check_docs = super::tokens::docs(&[wrapped(&format!(
        "A compile error here means that `{path}`, which replaces the schema `{}` \
         (`Generator::replace`), lacks one of these traits, which the generated code uses: \
         implement or derive it on your type.",
        def.name
    ))]);
    let added = added.on_type();
    quote! {
        #docs
        #cfg
        #added
        pub type #name = #target;

        #cfg
        const _: fn() = || {
            #check_docs
            fn #check<T: #(#bounds)+*>() {}
            #check::<#target>();
        };
    }
}

/// What the generated code needs of a replaced type, beyond serde and the derives of the
/// models that hold it: found from where it is used.
struct Needs {
    /// A required property of this type: the model derive asks it what a missing one means.
    from_absent: bool,
    /// A path, query, header or cookie parameter of this type.
    param_value: bool,
    /// The API's error body.
    error_body: bool,
}

impl Needs {
    fn of(api: &Api, name: &str) -> Needs {
        let is = |ty: &TypeRef| matches!(ty, TypeRef::Named(n) if n == name);
        let in_param = |ty: &TypeRef| match ty {
            TypeRef::Vec(inner) => is(inner),
            other => is(other),
        };
        let from_absent = api.types.iter().any(|t| match &t.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .any(|f| f.presence == Presence::Required && is(&f.ty)),
            _ => false,
        });
        let param_value = api.operations.iter().any(|op| {
            op.path_params
                .iter()
                .any(|p| p.form == QueryForm::Text && in_param(&p.ty))
                || op
                    .required_query
                    .iter()
                    .chain(op.optional_query.iter().flat_map(|q| &q.params))
                    .any(|p| p.form == QueryForm::Text && in_param(&p.ty))
        });
        let error_body = api.error_body.as_ref().is_some_and(is);
        Needs {
            from_absent,
            param_value,
            error_body,
        }
    }
}

/// A field's Rust type: its value type (boxed when the schema contains itself) inside the
/// `Option`s its presence adds.
fn field_type(field: &Field) -> TokenStream {
    let value = type_tokens(&field.ty, true);
    let value = if field.boxed {
        quote!(Box<#value>)
    } else {
        value
    };
    match field.presence {
        Presence::Required => value,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#value>),
        Presence::OptionalNullable => quote!(Option<Option<#value>>),
    }
}

/// A field; the wire name of a JSON object's property when it differs (an options struct's
/// fields are never JSON: the operation's call names each parameter).
fn field(field: &Field, object: bool, added: &Added<'_>) -> TokenStream {
    let docs = docs(&spec_docs(&field.docs));
    let added = added.on_field(&field.name);
    let name = ident(&field.name);
    let ty = field_type(field);
    let rename = (object && field.wire != field.name).then(|| {
        let wire = &field.wire;
        quote!(#[model(rename = #wire)])
    });
    let required =
        (field.presence == Presence::RequiredNullable).then(|| quote!(#[model(required)]));
    // Only where the schema rules out the type's default sample (`ir/samples.rs`).
    let sample = field.sample.as_ref().map(|json| {
        let json = json_literal(json);
        quote!(#[model(sample = #json)])
    });
    quote! { #docs #rename #required #sample #added pub #name: #ty, }
}

fn structure(
    name: &proc_macro2::Ident,
    paragraphs: Vec<String>,
    cfg: &TokenStream,
    def: &StructDef,
    added: &Added<'_>,
) -> TokenStream {
    let docs = docs(&paragraphs);
    let object = matches!(def.role, StructRole::Object { .. });
    let fields = def.fields.iter().map(|f| field(f, object, added));
    let constructor = match &def.constructor {
        Constructor::Empty => quote!(#[model(new)]),
        Constructor::Required(args) => {
            let args = args.iter().map(|a| ident(a));
            quote!(#[model(new(#(#args),*))])
        }
        Constructor::Named { type_name, .. } => {
            let type_name = ident(type_name);
            quote!(#[model(new(from = #type_name))])
        }
    };
    let required = required_struct(name, cfg, def, added.attributes);
    let default = (def.constructor == Constructor::Empty).then(|| quote!(Default,));
    let added = added.on_type();
    match &def.role {
        StructRole::Options => quote! {
            #docs
            #cfg
            #[derive(Debug, Clone, PartialEq, Default, rt::QueryOptions)]
            #added
            pub struct #name {
                #(#fields)*
            }
        },
        StructRole::Object { extra, extra_value } => {
            let extra = ident(extra);
            let extra_type = match extra_value {
                TypeRef::Json => quote!(rt::Extra),
                other => {
                    let value = type_tokens(other, true);
                    quote!(rt::Extra<#value>)
                }
            };
            quote! {
                #docs
                #cfg
                #[derive(Debug, Clone, PartialEq, #default rt::Model)]
                #constructor
                #added
                pub struct #name {
                    #(#fields)*
                    /// Properties the spec does not list, in the order they came; written back
                    /// after the fields, except a key that is also a field.
                    #[model(extra)]
                    pub #extra: #extra_type,
                }

                #required
            }
        }
    }
}

/// The struct a [`Constructor::Named`] model is made from: its required fields, by name, with
/// their docs, in the order of the schema's `required` list.
fn required_struct(
    name: &proc_macro2::Ident,
    cfg: &TokenStream,
    def: &StructDef,
    attributes: &Attributes,
) -> TokenStream {
    let Constructor::Named { type_name, fields } = &def.constructor else {
        return TokenStream::new();
    };
    let docs = docs(&[wrapped(&format!(
        "The required properties of [`{name}`], by name: [`{name}::new`] takes them (or \
         `.into()`), so that two of one type cannot be swapped."
    ))]);
    let added = attributes.of_type(type_name);
    let type_name = ident(type_name);
    let fields = fields
        .iter()
        .filter_map(|wanted| def.fields.iter().find(|f| f.name == *wanted))
        .map(|f| {
            let docs = super::tokens::docs(&spec_docs(&f.docs));
            let name = ident(&f.name);
            let ty = field_type(f);
            quote! { #docs pub #name: #ty, }
        });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        #added
        pub struct #type_name {
            #(#fields)*
        }
    }
}

fn open_enum(
    name: &proc_macro2::Ident,
    mut paragraphs: Vec<String>,
    cfg: &TokenStream,
    def: &EnumDef,
    added: &Added<'_>,
) -> TokenStream {
    let added = added.on_type();
    paragraphs.push(wrapped(
        "Open to values added after this client was generated: they decode into the \
         catch-all variant and encode back unchanged.",
    ));
    let docs = docs(&paragraphs);
    let pairs: Vec<(&str, &str)> = def
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.wire.as_str()))
        .collect();
    let renames = renames(&pairs);
    let rule = renames
        .rule
        .map(|rule| quote!(#[model(rename_all = #rule)]));
    let variants = def
        .variants
        .iter()
        .zip(&renames.exceptions)
        .map(|(v, exception)| {
            let name = ident(&v.name);
            let wire_doc = format!(" `{}`", super::tokens::clean(&v.wire).replace('`', "'"));
            let rename = exception.map(|wire| quote!(#[model(rename = #wire)]));
            quote! { #[doc = #wire_doc] #rename #name, }
        });
    let unknown = ident(&def.unknown);
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
        #[non_exhaustive]
        #rule
        #added
        pub enum #name {
            #(#variants)*
            /// A value this client does not know; it encodes back as it came.
            #[model(other)]
            #unknown(rt::UnknownValue),
        }
    }
}

fn newtype_docs(def: &NewtypeDef) -> Vec<String> {
    let mut docs = vec![format!("A string in the `{}` format.", def.format)];
    match def.examples.as_slice() {
        [] => {}
        [one] => docs.push(format!("Example: `{one}`.")),
        many => {
            let list: Vec<String> = many.iter().map(|e| format!("`{e}`")).collect();
            docs.push(format!("Examples: {}.", list.join(", ")));
        }
    }
    docs
}

fn newtype(
    name: &proc_macro2::Ident,
    paragraphs: Vec<String>,
    cfg: &TokenStream,
    def: &NewtypeDef,
    added: &Added<'_>,
) -> TokenStream {
    let added = added.on_type();
    let docs = docs(&paragraphs);
    let example = def
        .examples
        .first()
        .map(|example| quote!(#[model(example = #example)]));
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::StringNewtype)]
        #example
        #added
        pub struct #name(String);
    }
}

fn union(
    name: &proc_macro2::Ident,
    mut paragraphs: Vec<String>,
    cfg: &TokenStream,
    def: &UnionDef,
    added: &Added<'_>,
) -> TokenStream {
    let added = added.on_type();
    let tag = &def.tag;
    paragraphs.push(wrapped(&format!(
        "The `{tag}` property says which variant an object is; an object with a `{tag}` this \
         client does not know decodes into the catch-all variant, its JSON kept."
    )));
    let docs = docs(&paragraphs);
    let variants = def.variants.iter().map(|variant| {
        let mut paragraphs = spec_docs(&variant.docs);
        paragraphs.push(format!("`{tag}: {}`", variant.tag_value));
        let docs = super::tokens::docs(&paragraphs);
        let name = ident(&variant.name);
        let ty = type_tokens(&variant.ty, true);
        let value = &variant.tag_value;
        quote! { #docs #[model(rename = #value)] #name(Box<#ty>), }
    });
    let unknown = ident(&def.unknown);
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, rt::TaggedUnion)]
        #[non_exhaustive]
        #[model(tag = #tag)]
        #added
        pub enum #name {
            #(#variants)*
            /// An object whose tag this client does not know, as received.
            #[model(other)]
            #unknown(rt::serde_json::Value),
        }
    }
}

/// Whether values of `ty` are one piece of text in a URL: a union of such values is too
/// (`#[model(param)]`).
fn is_scalar(ty: &TypeRef, types: &[TypeDef]) -> bool {
    ty.is_scalar(
        &|name| types.iter().find(|t| t.name == name).map(|t| &t.kind),
        0,
    )
}

fn untagged(
    name: &proc_macro2::Ident,
    paragraphs: Vec<String>,
    cfg: &TokenStream,
    def: &UntaggedDef,
    param: bool,
    added: &Added<'_>,
) -> TokenStream {
    let added = added.on_type();
    let docs = docs(&paragraphs);
    let param = param.then(|| quote!(#[model(param)]));
    let variants = def.variants.iter().map(|variant| {
        let docs = super::tokens::docs(&spec_docs(&variant.docs));
        let name = ident(&variant.name);
        let ty = type_tokens(&variant.ty, true);
        let ty = if variant.boxed { quote!(Box<#ty>) } else { ty };
        quote! { #docs #name(#ty), }
    });
    let unknown = ident(&def.unknown);
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, rt::UntaggedUnion)]
        #[non_exhaustive]
        #param
        #added
        pub enum #name {
            #(#variants)*
            /// A value none of the variants above accepts, as received.
            #[model(other)]
            #unknown(rt::serde_json::Value),
        }
    }
}
