//! `#[derive(Model)]`: a struct for a JSON object, with its serde impls, its sample, an
//! optional constructor and a setter per optional property.

use crate::attrs::{self, Runtime};
use crate::setters::{MethodNames, Setter, parameter_type, parameter_value};
use crate::types;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Fields, Ident, LitStr, Type};

/// How a property may appear on the wire, read from its field's type (see the crate docs).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Presence {
    /// `T`.
    Required,
    /// `Option<T>` with `#[model(required)]`.
    RequiredNullable,
    /// `Option<T>`.
    Optional,
    /// `Option<Option<T>>`.
    OptionalNullable,
}

impl Presence {
    /// The runtime module (`model::presence::<name>`) with this presence's functions.
    fn module(self) -> Ident {
        Ident::new(
            match self {
                Presence::Required => "required",
                Presence::RequiredNullable => "required_nullable",
                Presence::Optional => "optional",
                Presence::OptionalNullable => "optional_nullable",
            },
            Span::call_site(),
        )
    }

    /// Whether the property may be left out of a value (and so has a setter).
    fn is_optional(self) -> bool {
        matches!(self, Presence::Optional | Presence::OptionalNullable)
    }
}

/// A field that is a property of the object.
struct Property<'a> {
    ident: &'a Ident,
    /// The field's type as written.
    ty: &'a Type,
    presence: Presence,
    /// The property's value type: the field's type inside its `Option`s.
    value_ty: &'a Type,
    /// The property's name in JSON.
    wire: String,
    attrs: &'a [Attribute],
    /// `#[model(sample = "<JSON>")]`: the sample the schema requires, decoded as the field's
    /// type, instead of the type's own.
    sample: Option<LitStr>,
}

/// What `#[model(new ..)]` asks for.
enum Constructor {
    /// `new`: `Self::default()`.
    Default,
    /// `new(a, b)`: from the listed fields, in that order.
    From(Vec<Ident>),
    /// `new(from = ModelRequired)`: from a struct holding every required field by name, so
    /// that two arguments of one type cannot be swapped unnoticed.
    Named(syn::Path),
}

/// A parsed `#[derive(Model)]` input.
struct Model<'a> {
    name: &'a Ident,
    runtime: Runtime,
    properties: Vec<Property<'a>>,
    /// The field that keeps unknown properties.
    extra: &'a Ident,
    constructor: Option<Constructor>,
}

/// Expands `#[derive(Model)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let model = parse(input)?;
    let mut tokens = serde_impls(&model);
    tokens.extend(methods(&model)?);
    tokens.extend(from_required(&model));
    tokens.extend(sample(&model));
    Ok(tokens)
}

/// The named fields of a struct, or the error a derive for JSON objects gives otherwise.
pub(crate) fn named_fields<'a>(
    input: &'a DeriveInput,
    derive: &str,
) -> syn::Result<&'a syn::punctuated::Punctuated<syn::Field, syn::Token![,]>> {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            format!("`{derive}` does not take generic parameters"),
        ));
    }
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => Ok(&fields.named),
            _ => Err(syn::Error::new_spanned(
                &input.ident,
                format!("`{derive}` takes a struct with named fields: `struct Name {{ .. }}`"),
            )),
        },
        _ => Err(syn::Error::new_spanned(
            &input.ident,
            format!("`{derive}` takes a struct with named fields, not an enum or a union"),
        )),
    }
}

fn parse(input: &DeriveInput) -> syn::Result<Model<'_>> {
    let fields = named_fields(input, "Model")?;
    let mut runtime = None;
    let mut constructor = None;
    attrs::parse_items(&input.attrs, "model", |meta| {
        if meta.path.is_ident("crate") {
            attrs::crate_path(&meta, &mut runtime)
        } else if meta.path.is_ident("new") {
            let parsed = if meta.input.peek(syn::token::Paren) {
                // syn's own message for empty parentheses names no attribute.
                let lookahead = meta.input.fork();
                let content;
                syn::parenthesized!(content in lookahead);
                if content.is_empty() {
                    return Err(meta.error(
                        "`new()` lists no field: write `new` alone for a constructor \
                         from `Default`",
                    ));
                }
                let mut arguments = Vec::new();
                let mut named: Option<syn::Path> = None;
                meta.parse_nested_meta(|argument| {
                    // `from = Type`; a field named `from` is listed without a value.
                    if argument.path.is_ident("from") && argument.input.peek(syn::Token![=]) {
                        let path: syn::Path = argument.value()?.parse()?;
                        if named.is_some() || !arguments.is_empty() {
                            return Err(argument.error(
                                "`new(from = Type)` takes the required fields from one struct \
                                 and lists nothing else",
                            ));
                        }
                        named = Some(path);
                        return Ok(());
                    }
                    if named.is_some() {
                        return Err(argument.error(
                            "`new(from = Type)` takes the required fields from one struct and \
                             lists nothing else",
                        ));
                    }
                    let ident = argument.path.get_ident().ok_or_else(|| {
                        argument.error("`new(..)` lists field names: `new(id, name)`")
                    })?;
                    attrs::flag(&argument)?;
                    arguments.push(ident.clone());
                    Ok(())
                })?;
                match named {
                    Some(path) => Constructor::Named(path),
                    None => Constructor::From(arguments),
                }
            } else {
                attrs::flag(&meta)?;
                Constructor::Default
            };
            attrs::set_once(&meta, &mut constructor, parsed)
        } else {
            Err(attrs::unknown(
                &meta,
                "on a `Model` struct",
                "`new`, `new(field, ..)`, `new(from = Type)` or `crate = \"path\"`",
            ))
        }
    })?;

    let mut properties = Vec::new();
    let mut extra: Option<&Ident> = None;
    for field in fields {
        let Some(ident) = &field.ident else {
            continue;
        };
        let mut rename = None;
        let mut required = None;
        let mut is_extra = None;
        let mut sample: Option<LitStr> = None;
        attrs::parse_items(&field.attrs, "model", |meta| {
            if meta.path.is_ident("rename") {
                let wire = attrs::string(&meta)?;
                attrs::set_once(&meta, &mut rename, wire)
            } else if meta.path.is_ident("sample") {
                let json = attrs::string(&meta)?;
                attrs::set_once(&meta, &mut sample, json)
            } else if meta.path.is_ident("required") {
                attrs::flag(&meta)?;
                attrs::set_once(&meta, &mut required, meta.path.span())
            } else if meta.path.is_ident("extra") {
                attrs::flag(&meta)?;
                attrs::set_once(&meta, &mut is_extra, meta.path.span())
            } else {
                Err(attrs::unknown(
                    &meta,
                    "on a `Model` field",
                    "`rename = \"wire\"`, `required`, `sample = \"<JSON>\"` or `extra`",
                ))
            }
        })?;

        if let Some(marker) = is_extra {
            let other = rename.as_ref().or(sample.as_ref()).map(LitStr::span);
            if let Some(other) = other.or(required) {
                return Err(syn::Error::new(
                    other,
                    "the `extra` field is not a property: it takes no `rename`, `required` \
                     or `sample`",
                ));
            }
            if !types::is_extra(&field.ty) {
                return Err(syn::Error::new_spanned(
                    &field.ty,
                    "the `extra` field keeps unknown properties: its type is `Extra` or \
                     `Extra<V>`",
                ));
            }
            if let Some(first) = extra {
                return Err(syn::Error::new(
                    marker,
                    format!(
                        "`{}` already keeps the unknown properties of `{}`: one field only \
                         is `#[model(extra)]`",
                        first.unraw(),
                        input.ident
                    ),
                ));
            }
            extra = Some(ident);
            continue;
        }

        let (presence, value_ty) = match types::option_inner(&field.ty) {
            Some(inner) => match types::option_inner(inner) {
                Some(innermost) => {
                    if let Some(required) = required {
                        return Err(syn::Error::new(
                            required,
                            "`required` takes an `Option<T>` field; an `Option<Option<T>>` \
                             one is an optional nullable property, never required",
                        ));
                    }
                    (Presence::OptionalNullable, innermost)
                }
                None if required.is_some() => (Presence::RequiredNullable, inner),
                None => (Presence::Optional, inner),
            },
            None => {
                if let Some(required) = required {
                    return Err(syn::Error::new(
                        required,
                        "`required` takes an `Option<T>` field (a required nullable \
                         property); a field of any other type is required already",
                    ));
                }
                (Presence::Required, &field.ty)
            }
        };
        if let Some(sample) = &sample
            && presence != Presence::Required
        {
            return Err(syn::Error::new(
                sample.span(),
                "`sample` takes a required, non-nullable field (a `T`, not an `Option`): the \
                 sample of a model leaves the others absent or `null`",
            ));
        }
        let wire = rename
            .map(|lit| lit.value())
            .unwrap_or_else(|| ident.unraw().to_string());
        if let Some(other) = properties.iter().find(|p: &&Property| p.wire == wire) {
            return Err(syn::Error::new_spanned(
                ident,
                format!(
                    "`{}` has the wire name \"{wire}\" of `{}`",
                    ident.unraw(),
                    other.ident.unraw()
                ),
            ));
        }
        properties.push(Property {
            ident,
            ty: &field.ty,
            presence,
            value_ty,
            wire,
            attrs: &field.attrs,
            sample,
        });
    }

    let Some(extra) = extra else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            format!(
                "`{}` has no `#[model(extra)]` field: a model keeps the properties it does \
                 not know in one field of type `Extra`",
                input.ident
            ),
        ));
    };
    if let Some(Constructor::From(arguments)) = &constructor {
        check_arguments(&input.ident, &properties, extra, arguments)?;
    }
    Ok(Model {
        name: &input.ident,
        runtime: runtime.unwrap_or_else(Runtime::new),
        properties,
        extra,
        constructor,
    })
}

/// `new(a, b)` lists each required property once and nothing else, and every property it
/// leaves out can start `None`.
fn check_arguments(
    name: &Ident,
    properties: &[Property],
    extra: &Ident,
    arguments: &[Ident],
) -> syn::Result<()> {
    for (at, argument) in arguments.iter().enumerate() {
        let text = argument.unraw().to_string();
        if arguments[..at].iter().any(|seen| seen.unraw() == text) {
            return Err(syn::Error::new_spanned(
                argument,
                format!("`new(..)` lists `{text}` twice"),
            ));
        }
        if extra.unraw() == text {
            return Err(syn::Error::new_spanned(
                argument,
                format!(
                    "`{text}` keeps unknown properties and starts empty: it is not an argument"
                ),
            ));
        }
        match properties.iter().find(|p| p.ident.unraw() == text) {
            None => {
                return Err(syn::Error::new_spanned(
                    argument,
                    format!("`new(..)` lists `{text}`, which is not a field of `{name}`"),
                ));
            }
            Some(property) if property.presence.is_optional() => {
                return Err(syn::Error::new_spanned(
                    argument,
                    format!(
                        "`{text}` is optional: `new(..)` takes required properties only (an \
                         optional one starts absent and has a setter)"
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    for property in properties {
        if property.presence == Presence::Required
            && !arguments
                .iter()
                .any(|a| a.unraw() == property.ident.unraw())
        {
            return Err(syn::Error::new_spanned(
                property.ident,
                format!(
                    "`{}` is required but not an argument of `new(..)`: a field that `new` \
                     does not list starts `None`, so it must be an `Option`",
                    property.ident.unraw()
                ),
            ));
        }
    }
    Ok(())
}

fn serde_impls(model: &Model) -> TokenStream {
    let Model {
        name,
        runtime: rt,
        properties,
        extra,
        ..
    } = model;
    let serde = quote!(#rt::__private::serde);
    let idents: Vec<&Ident> = properties.iter().map(|p| p.ident).collect();
    let wires: Vec<&str> = properties.iter().map(|p| p.wire.as_str()).collect();
    let modules: Vec<Ident> = properties.iter().map(|p| p.presence.module()).collect();
    // Named by position rather than after the fields: a field may be called anything,
    // `__map` included.
    let slots: Vec<Ident> = (0..properties.len())
        .map(|i| format_ident!("__slot{}", i))
        .collect();
    let slot_types = properties.iter().map(|p| {
        let ty = p.ty;
        if p.presence == Presence::OptionalNullable {
            quote!(#ty)
        } else {
            quote!(::core::option::Option<#ty>)
        }
    });
    let finished = properties.iter().zip(&slots).map(|(p, slot)| {
        let wire = &p.wire;
        match p.presence {
            Presence::Required => quote! {
                match #rt::model::presence::required::finish::<_, __A::Error>(#slot, #wire) {
                    ::core::result::Result::Ok(__value) => __value,
                    ::core::result::Result::Err(__error) => {
                        return ::core::result::Result::Err(__error);
                    }
                }
            },
            Presence::RequiredNullable | Presence::Optional => quote!(#slot.flatten()),
            Presence::OptionalNullable => quote!(#slot),
        }
    });
    let expecting = format!("a {name} object");

    quote! {
        impl #serde::Serialize for #name {
            fn serialize<__S: #serde::Serializer>(
                &self,
                __serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                use #serde::ser::SerializeMap as _;
                let mut __map = __serializer.serialize_map(::core::option::Option::None)?;
                #( #rt::model::presence::#modules::write(&mut __map, #wires, &self.#idents)?; )*
                #rt::model::presence::write_extra(&mut __map, &self.#extra, &[#(#wires),*])?;
                __map.end()
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<__D: #serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                struct __ModelVisitor;

                impl<'de> #serde::de::Visitor<'de> for __ModelVisitor {
                    type Value = #name;

                    fn expecting(
                        &self,
                        __f: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        __f.write_str(#expecting)
                    }

                    // Without the hint the compiler keeps this out of line from serde_json's
                    // `deserialize_map` (a derive's is inlined), and every decoded object pays
                    // for the call and for moving the finished model out of it.
                    #[inline]
                    fn visit_map<__A: #serde::de::MapAccess<'de>>(
                        self,
                        mut __map: __A,
                    ) -> ::core::result::Result<#name, __A::Error> {
                        #( let mut #slots: #slot_types = ::core::option::Option::None; )*
                        let mut __extra = #rt::Extra::new();
                        while let ::core::option::Option::Some(__key) =
                            __map.next_key::<#rt::__private::Key<'de>>()?
                        {
                            // Explicit matches rather than `?` in the arms: `?` goes
                            // through the `Try` and `FromResidual` traits, two calls for the
                            // compiler to check and emit at every use, and a visitor has one
                            // or two uses per field.
                            match __key.as_str() {
                                #( #wires => match #rt::model::presence::fill(
                                    &mut #slots,
                                    &mut __map,
                                    #wires,
                                ) {
                                    ::core::result::Result::Ok(()) => {}
                                    ::core::result::Result::Err(__error) => {
                                        return ::core::result::Result::Err(__error);
                                    }
                                }, )*
                                _ => match #rt::model::presence::keep(&mut __extra, __key, &mut __map) {
                                    ::core::result::Result::Ok(()) => {}
                                    ::core::result::Result::Err(__error) => {
                                        return ::core::result::Result::Err(__error);
                                    }
                                },
                            }
                        }
                        ::core::result::Result::Ok(#name {
                            #( #idents: #finished, )*
                            #extra: __extra,
                        })
                    }
                }

                __deserializer.deserialize_map(__ModelVisitor)
            }
        }

        impl #rt::FromAbsent for #name {}
    }
}

/// The constructor and the setters.
fn methods(model: &Model) -> syn::Result<TokenStream> {
    let mut names = MethodNames::default();
    let mut tokens = TokenStream::new();
    match &model.constructor {
        None => {}
        Some(Constructor::Default) => {
            tokens.extend(quote! {
                /// A value with every property absent.
                pub fn new() -> Self {
                    Self::default()
                }
            });
        }
        Some(Constructor::From(arguments)) => tokens.extend(constructor(model, arguments)),
        Some(Constructor::Named(path)) => tokens.extend(named_constructor(model, path)),
    }
    if model.constructor.is_some() {
        names.add(
            &Ident::new("new", Span::call_site()),
            Span::call_site(),
            "the constructor".to_string(),
        )?;
    }
    for property in &model.properties {
        if !property.presence.is_optional() {
            continue;
        }
        let setter = Setter {
            field: property.ident,
            value_ty: property.value_ty,
            docs: attrs::docs(property.attrs),
            nullable: property.presence == Presence::OptionalNullable,
        };
        names.add_setter(&setter)?;
        tokens.extend(setter.tokens());
    }
    if tokens.is_empty() {
        return Ok(tokens);
    }
    let name = model.name;
    Ok(quote! {
        impl #name {
            #tokens
        }
    })
}

/// `new(a, b)`: the listed properties in the listed order; every other one absent.
fn constructor(model: &Model, arguments: &[Ident]) -> TokenStream {
    let rt = &model.runtime;
    let find = |argument: &Ident| {
        model
            .properties
            .iter()
            .find(|p| p.ident.unraw() == argument.unraw())
    };
    // `check_arguments` made sure each argument names a required property.
    let parameters = arguments.iter().filter_map(find).map(|p| {
        let ident = p.ident;
        let ty = match p.presence {
            Presence::RequiredNullable => {
                let ty = p.ty;
                quote!(impl ::core::convert::Into<#ty>)
            }
            _ => parameter_type(p.ty),
        };
        quote!(#ident: #ty)
    });
    let values = model.properties.iter().map(|p| {
        let ident = p.ident;
        if arguments.iter().any(|a| a.unraw() == ident.unraw()) {
            let value = match p.presence {
                Presence::RequiredNullable => quote!(#ident.into()),
                _ => parameter_value(ident, p.ty),
            };
            quote!(#ident: #value)
        } else {
            quote!(#ident: ::core::option::Option::None)
        }
    });
    let extra = model.extra;
    let mut doc =
        vec!["A value from its required properties; the others start absent.".to_string()];
    let listed: Vec<String> = arguments
        .iter()
        .filter_map(find)
        .filter_map(|p| {
            attrs::first_doc_line(p.attrs).map(|line| format!("- `{}`: {line}", p.ident.unraw()))
        })
        .collect();
    if !listed.is_empty() {
        doc.push(String::new());
        doc.extend(listed);
    }
    quote! {
        #(#[doc = #doc])*
        #[allow(clippy::too_many_arguments)]
        pub fn new(#(#parameters),*) -> Self {
            Self {
                #(#values,)*
                #extra: #rt::Extra::new(),
            }
        }
    }
}

/// `new(from = ModelRequired)`: every required property from the struct's field of the same
/// name (destructured, so a missing or extra field is a compile error at the struct), every
/// other one absent.
fn named_constructor(model: &Model, path: &syn::Path) -> TokenStream {
    let rt = &model.runtime;
    let required: Vec<&Ident> = model
        .properties
        .iter()
        .filter(|p| !p.presence.is_optional())
        .map(|p| p.ident)
        .collect();
    let values = model.properties.iter().map(|p| {
        let ident = p.ident;
        if p.presence.is_optional() {
            quote!(#ident: ::core::option::Option::None)
        } else {
            quote!(#ident)
        }
    });
    let extra = model.extra;
    let shown = quote!(#path).to_string().replace(' ', "");
    let doc = format!(
        " A value from its required properties, given by name in a [`{shown}`]; the others \
         start absent."
    );
    quote! {
        #[doc = #doc]
        pub fn new(required: #path) -> Self {
            let #path { #(#required),* } = required;
            Self {
                #(#values,)*
                #extra: #rt::Extra::new(),
            }
        }
    }
}

/// `From<ModelRequired>`, the same as `new`, for `.into()` where the model is expected.
fn from_required(model: &Model) -> TokenStream {
    let Some(Constructor::Named(path)) = &model.constructor else {
        return TokenStream::new();
    };
    let name = model.name;
    quote! {
        impl ::core::convert::From<#path> for #name {
            fn from(required: #path) -> Self {
                Self::new(required)
            }
        }
    }
}

fn sample(model: &Model) -> TokenStream {
    let Model {
        name,
        runtime: rt,
        properties,
        extra,
        ..
    } = model;
    let idents = properties.iter().map(|p| p.ident);
    let samples = properties.iter().map(|p| match &p.sample {
        Some(json) => quote!(#rt::samples::from_json(#json)),
        None => {
            let module = p.presence.module();
            quote!(#rt::model::presence::#module::sample())
        }
    });
    quote! {
        #rt::__sample! {
            impl for #name {
                Self {
                    #( #idents: #samples, )*
                    #extra: #rt::Extra::new(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::expand;
    use syn::parse_quote;

    fn expanded(input: syn::DeriveInput) -> String {
        crate::test_support::expanded(expand, input)
    }

    fn error(input: syn::DeriveInput) -> String {
        crate::test_support::error(expand, input)
    }

    use crate::test_support::assert_contains;

    #[test]
    fn setters_carry_the_field_s_docs() {
        let out = expanded(parse_quote! {
            pub struct Customer {
                /// The customer's phone.
                ///
                /// E.164.
                pub phone: Option<Option<String>>,
                pub name: Option<String>,
                #[model(extra)]
                pub extra: rt::Extra,
            }
        });
        let sets = r#"# [doc = "Sets [`phone`](Self::phone)."] # [doc = ""] # [doc = r" The customer's phone."] # [doc = r""] # [doc = r" E.164."] pub fn phone"#;
        assert_contains(&out, sets);
        let clears = r#"# [doc = "Sets [`phone`](Self::phone) to `null`."] # [doc = ""] # [doc = r" The customer's phone."] # [doc = r""] # [doc = r" E.164."] pub fn clear_phone"#;
        assert_contains(&out, clears);
        // Without docs, no blank line.
        assert_contains(
            &out,
            r#"# [doc = "Sets [`name`](Self::name)."] pub fn name"#,
        );
    }

    #[test]
    fn primitive_setters_take_the_type_itself() {
        let out = expanded(parse_quote! {
            pub struct Page {
                pub per_page: Option<u32>,
                pub cursor: Option<String>,
                #[model(extra)]
                pub extra: Extra,
            }
        });
        assert_contains(&out, "pub fn per_page (mut self , value : u32) -> Self");
        assert_contains(
            &out,
            "pub fn cursor (mut self , value : impl :: core :: convert :: Into < String >) -> Self",
        );
    }

    #[test]
    fn the_constructor_takes_its_arguments_in_the_listed_order_and_documents_them() {
        let out = expanded(parse_quote! {
            #[model(new(name, id, ended_at))]
            pub struct Customer {
                /// The ID.
                pub id: CustomerId,
                pub note: Option<String>,
                /// The name,
                /// on two lines.
                pub name: String,
                #[model(required)]
                pub ended_at: Option<DateTime>,
                pub count: Option<Option<u8>>,
                #[model(extra)]
                pub extra: Extra,
            }
        });
        assert_contains(
            &out,
            "pub fn new (name : impl :: core :: convert :: Into < String > , id : impl :: core :: convert :: Into < CustomerId > , ended_at : impl :: core :: convert :: Into < Option < DateTime > >) -> Self",
        );
        assert_contains(
            &out,
            "Self { id : id . into () , note : :: core :: option :: Option :: None , name : name . into () , ended_at : ended_at . into () , count : :: core :: option :: Option :: None , extra : :: meteroid_runtime :: Extra :: new () , }",
        );
        assert_contains(
            &out,
            r#"# [doc = "A value from its required properties; the others start absent."] # [doc = ""] # [doc = "- `name`: The name,"] # [doc = "- `id`: The ID."] # [allow (clippy :: too_many_arguments)]"#,
        );
    }

    #[test]
    fn presence_comes_from_the_type() {
        let out = expanded(parse_quote! {
            pub struct P {
                pub a: String,
                #[model(required)]
                pub b: Option<String>,
                pub c: Option<String>,
                #[model(rename = "dWire")]
                pub d: Option<Option<String>>,
                pub r#type: u8,
                #[model(extra)]
                pub rest: Extra<u32>,
            }
        });
        for write in [
            r#"presence :: required :: write (& mut __map , "a" , & self . a)"#,
            r#"presence :: required_nullable :: write (& mut __map , "b" , & self . b)"#,
            r#"presence :: optional :: write (& mut __map , "c" , & self . c)"#,
            r#"presence :: optional_nullable :: write (& mut __map , "dWire" , & self . d)"#,
            r#"presence :: required :: write (& mut __map , "type" , & self . r#type)"#,
            r#"write_extra (& mut __map , & self . rest , & ["a" , "b" , "c" , "dWire" , "type"])"#,
            "let mut __slot3 : Option < Option < String > > = :: core :: option :: Option :: None ;",
            "let mut __slot2 : :: core :: option :: Option < Option < String > > =",
        ] {
            assert_contains(&out, write);
        }
        // No setter for required properties, and no constructor without `new`.
        assert!(!out.contains("pub fn a"), "{out}");
        assert!(!out.contains("pub fn new"), "{out}");
        assert_contains(&out, "pub fn clear_d");
    }

    #[test]
    fn a_custom_runtime_path() {
        let out = expanded(parse_quote! {
            #[model(crate = "crate", new)]
            pub struct E {
                #[model(extra)]
                pub extra: Extra,
            }
        });
        assert_contains(&out, "impl crate :: __private :: serde :: Serialize for E");
        assert_contains(&out, "crate :: __sample !");
        assert!(!out.contains("meteroid_runtime"), "{out}");
    }

    #[test]
    fn a_named_constructor_destructures_its_struct_and_leaves_the_rest_absent() {
        let out = expanded(parse_quote! {
            #[model(new(from = ARequired))]
            pub struct A {
                pub id: String,
                pub note: Option<String>,
                #[model(extra)]
                pub extra: Extra,
            }
        });
        assert_contains(&out, "pub fn new (required : ARequired) -> Self");
        assert_contains(&out, "let ARequired { id } = required ;");
        assert_contains(&out, "note : :: core :: option :: Option :: None");
        assert_contains(&out, "impl :: core :: convert :: From < ARequired > for A");
    }

    #[test]
    fn bad_input_is_an_error_saying_what_to_write() {
        let cases: Vec<(syn::DeriveInput, &str)> = vec![
            (
                parse_quote!(
                    #[model(new(id, from = ARequired))]
                    pub struct A {
                        pub id: String,
                        #[model(extra)]
                        pub extra: Extra,
                    }
                ),
                "`new(from = Type)` takes the required fields from one struct and lists nothing else",
            ),
            (
                parse_quote!(
                    #[model(new(from = ARequired, id))]
                    pub struct A {
                        pub id: String,
                        #[model(extra)]
                        pub extra: Extra,
                    }
                ),
                "`new(from = Type)` takes the required fields from one struct and lists nothing else",
            ),
            (
                parse_quote!(
                    pub struct A {
                        pub id: String,
                    }
                ),
                "`A` has no `#[model(extra)]` field",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(sample = "\"x\"")]
                        pub note: Option<String>,
                        #[model(extra)]
                        pub extra: Extra,
                    }
                ),
                "`sample` takes a required, non-nullable field (a `T`, not an `Option`)",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(extra, sample = "{}")]
                        pub extra: Extra,
                    }
                ),
                "the `extra` field is not a property: it takes no `rename`, `required` or `sample`",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(extra)]
                        pub a: Extra,
                        #[model(extra)]
                        pub b: Extra,
                    }
                ),
                "`a` already keeps the unknown properties of `A`",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(extra)]
                        pub a: Vec<u8>,
                    }
                ),
                "its type is `Extra` or `Extra<V>`",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(extra, rename = "x")]
                        pub a: Extra,
                    }
                ),
                "the `extra` field is not a property",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(required)]
                        pub id: String,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`required` takes an `Option<T>` field",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(required)]
                        pub id: Option<Option<u8>>,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "never required",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(requird)]
                        pub id: String,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "unknown attribute `requird` on a `Model` field; expected `rename = \"wire\"`, `required`, `sample = \"<JSON>\"` or `extra`",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(rename)]
                        pub id: String,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`rename` takes a string: `rename = \"..\"`",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(rename = 5)]
                        pub id: String,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`rename` takes a string",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(required = true)]
                        pub id: Option<String>,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`required` takes no value",
            ),
            (
                parse_quote!(
                    pub struct A {
                        #[model(rename = "x", rename = "y")]
                        pub id: String,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`rename` is given twice",
            ),
            (
                parse_quote!(
                    pub struct A {
                        pub a: String,
                        #[model(rename = "a")]
                        pub b: String,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`b` has the wire name \"a\" of `a`",
            ),
            (
                parse_quote!(
                    #[model(new(id, ghost))]
                    pub struct A {
                        pub id: String,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`new(..)` lists `ghost`, which is not a field of `A`",
            ),
            (
                parse_quote!(
                    #[model(new(id, e))]
                    pub struct A {
                        pub id: String,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`e` keeps unknown properties and starts empty",
            ),
            (
                parse_quote!(
                    #[model(new(id, note))]
                    pub struct A {
                        pub id: String,
                        pub note: Option<String>,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`note` is optional: `new(..)` takes required properties only",
            ),
            (
                parse_quote!(
                    #[model(new(id, id))]
                    pub struct A {
                        pub id: String,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`new(..)` lists `id` twice",
            ),
            (
                parse_quote!(
                    #[model(new(id))]
                    pub struct A {
                        pub id: String,
                        pub name: String,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`name` is required but not an argument of `new(..)`",
            ),
            (
                parse_quote!(
                    #[model(new())]
                    pub struct A {
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`new()` lists no field",
            ),
            (
                parse_quote!(
                    #[model(new, new)]
                    pub struct A {
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`new` is given twice",
            ),
            (
                parse_quote!(
                    #[model(crate = "not a path")]
                    pub struct A {
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`crate = \"not a path\"` is not a path",
            ),
            (
                parse_quote!(
                    #[model(default)]
                    pub struct A {
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "unknown attribute `default` on a `Model` struct",
            ),
            (
                parse_quote!(
                    pub struct A(String);
                ),
                "`Model` takes a struct with named fields",
            ),
            (
                parse_quote!(
                    pub enum A {
                        B,
                    }
                ),
                "`Model` takes a struct with named fields, not an enum",
            ),
            (
                parse_quote!(
                    pub struct A<T> {
                        pub t: T,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "`Model` does not take generic parameters",
            ),
            (
                parse_quote!(
                    pub struct A {
                        pub note: Option<Option<u8>>,
                        pub clear_note: Option<u8>,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "the method `clear_note` would be defined twice: the `null` setter of `note`, and the setter of `clear_note`",
            ),
            (
                parse_quote!(
                    #[model(new)]
                    pub struct A {
                        pub new: Option<u8>,
                        #[model(extra)]
                        pub e: Extra,
                    }
                ),
                "the method `new` would be defined twice: the constructor, and the setter of `new`",
            ),
        ];
        for (input, message) in cases {
            assert_contains(&error(input), message);
        }
    }
}
