//! Models: structs, open enums, newtypes and aliases.

use super::docs::{doc_attrs, prose};
use super::struct_serde;
use super::typeref::{Scope, ident, type_tokens};
use crate::ir::{EnumDef, Field, NewtypeDef, Presence, StructDef, TypeDef, TypeKind, UnionDef};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn type_def(def: &TypeDef) -> TokenStream {
    let docs: Vec<String> = def.docs.iter().map(|d| prose(d)).collect();
    match &def.kind {
        TypeKind::Struct(s) => structure(&def.name, &docs, s),
        TypeKind::Enum(e) => open_enum(&def.name, &docs, e),
        TypeKind::Newtype(n) => newtype(&def.name, &docs, n),
        TypeKind::Union(u) => union(&def.name, &docs, u),
        TypeKind::Alias(target) => {
            let docs = doc_attrs(&fallback(
                docs,
                format!("Another name for the type of `{}`.", def.name),
            ));
            let name = ident(&def.name);
            let target = type_tokens(target, Scope::Models);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    }
}

fn fallback(docs: Vec<String>, text: String) -> Vec<String> {
    if docs.is_empty() { vec![text] } else { docs }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = type_tokens(&field.ty, Scope::Models);
    let ty = if field.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    };
    match field.presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote! { Option<#ty> },
        Presence::OptionalNullable => quote! { Option<Option<#ty>> },
    }
}

fn presence_note(field: &Field) -> String {
    let wire = &field.wire;
    match field.presence {
        Presence::Required if struct_serde::empty_when_missing(field) => {
            format!("`{wire}`: required; decodes as empty when a server leaves it out.")
        }
        Presence::Required => format!("`{wire}`: required."),
        Presence::RequiredNullable => format!("`{wire}`: required, may be `null` (`None`)."),
        Presence::Optional => format!("`{wire}`: optional; `None` leaves it out."),
        Presence::OptionalNullable => {
            format!(
                "`{wire}`: optional and nullable; `None` leaves it out, `Some(None)` is `null`."
            )
        }
    }
}

fn structure(name: &str, docs: &[String], def: &StructDef) -> TokenStream {
    let name_ident = ident(name);
    let docs = doc_attrs(&fallback(docs.to_vec(), format!("The `{name}` object.")));
    let fields = def.fields.iter().map(|field| {
        let mut paragraphs: Vec<String> = field.docs.iter().map(|d| prose(d)).collect();
        paragraphs.push(presence_note(field));
        let docs = doc_attrs(&paragraphs);
        let field_name = ident(&field.name);
        let ty = field_type(field);
        quote! {
            #docs
            pub #field_name: #ty,
        }
    });
    let extra_field = def.extra.as_deref().map(|extra| {
        let extra = ident(extra);
        quote! {
            /// Properties the spec does not list (added by a newer server), kept so that a
            /// value read and written back loses nothing. A key that is also a field above is
            /// never written from here.
            pub #extra: crate::Extra,
        }
    });
    let default = def.builder.then(|| quote! { Default, });
    let builder = builder_methods(name, def);
    let serde_impls = def
        .extra
        .as_deref()
        .map(|extra| struct_serde::impls(name, def, extra));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name_ident {
            #(#fields)*
            #extra_field
        }
        #builder
        #serde_impls
    }
}

fn builder_methods(name: &str, def: &StructDef) -> TokenStream {
    let name_ident = ident(name);
    let has_field_named_new = def.fields.iter().any(|f| f.name == "new");
    let required: Vec<&Field> = def
        .fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
        .collect();
    // More than seven arguments reads badly (and clippy says so): such structs are built with
    // a struct literal instead.
    let constructor = if has_field_named_new || required.len() > 7 {
        None
    } else if def.builder {
        let doc = format!(" A `{name}` with every field absent.");
        Some(quote! {
            #[doc = #doc]
            pub fn new() -> Self {
                Self::default()
            }
        })
    } else {
        let doc = format!(" A `{name}` from its required fields; the others start absent.");
        let args = required.iter().map(|f| {
            let arg = ident(&f.name);
            let ty = type_tokens(&f.ty, Scope::Models);
            match f.presence {
                Presence::RequiredNullable => quote! { #arg: Option<#ty> },
                _ => quote! { #arg: impl Into<#ty> },
            }
        });
        let inits = def.fields.iter().map(|f| {
            let field = ident(&f.name);
            match f.presence {
                Presence::Required if f.boxed => quote! { #field: Box::new(#field.into()), },
                Presence::Required => quote! { #field: #field.into(), },
                Presence::RequiredNullable if f.boxed => quote! { #field: #field.map(Box::new), },
                Presence::RequiredNullable => quote! { #field, },
                Presence::Optional | Presence::OptionalNullable => quote! { #field: None, },
            }
        });
        let extra = def.extra.as_deref().map(|e| {
            let e = ident(e);
            quote! { #e: crate::Extra::new(), }
        });
        Some(quote! {
            #[doc = #doc]
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits)*
                    #extra
                }
            }
        })
    };
    let optional = def
        .fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable));
    let methods = optional.map(|field| {
        let field_name = ident(&field.name);
        let value_ty = type_tokens(&field.ty, Scope::Models);
        let wire = &field.wire;
        let set_doc = format!(" Sets `{wire}`.");
        let setter = setter_name(&field.name);
        let value = if field.boxed {
            quote! { Box::new(value.into()) }
        } else {
            quote! { value.into() }
        };
        let (set_value, clear) = match field.presence {
            Presence::OptionalNullable => {
                let clear_name = ident(&format!("clear_{}", field.name.trim_end_matches('_')));
                let clear_doc = format!(" Sets `{wire}` to `null`.");
                (
                    quote! { Some(Some(#value)) },
                    Some(quote! {
                        #[doc = #clear_doc]
                        pub fn #clear_name(mut self) -> Self {
                            self.#field_name = Some(None);
                            self
                        }
                    }),
                )
            }
            _ => (quote! { Some(#value) }, None),
        };
        quote! {
            #[doc = #set_doc]
            pub fn #setter(mut self, value: impl Into<#value_ty>) -> Self {
                self.#field_name = #set_value;
                self
            }
            #clear
        }
    });
    let methods: Vec<TokenStream> = methods.collect();
    if constructor.is_none() && methods.is_empty() {
        return quote! {};
    }
    quote! {
        impl #name_ident {
            #constructor
            #(#methods)*
        }
    }
}

fn open_enum(name: &str, docs: &[String], def: &EnumDef) -> TokenStream {
    let name_ident = ident(name);
    let mut paragraphs = fallback(docs.to_vec(), format!("The `{name}` values."));
    paragraphs.push(format!(
        "Open to values added after this client was generated: they decode into `{name}::{}` \
         and encode back unchanged.",
        def.unknown
    ));
    let docs = doc_attrs(&paragraphs);
    let unknown = ident(&def.unknown);
    let variants = def.variants.iter().map(|v| {
        let doc = if v.wire.is_empty() {
            " The empty string.".to_string()
        } else {
            format!(" `{}`", v.wire)
        };
        let variant = ident(&v.name);
        quote! { #[doc = #doc] #variant, }
    });
    let known: Vec<_> = def.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = def.variants.iter().map(|v| v.wire.as_str()).collect();
    let unknown_doc = " A value this client does not know; it encodes back as it came.";
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name_ident {
            #(#variants)*
            #[doc = #unknown_doc]
            #unknown(crate::codec::UnknownValue),
        }

        impl #name_ident {
            /// Every value the spec lists, in its order.
            pub const KNOWN: &'static [Self] = &[#(Self::#known),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#known => #wires,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Whether the spec lists this value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }

        impl From<&str> for #name_ident {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#known,)*
                    other => Self::#unknown(crate::codec::UnknownValue::new(other)),
                }
            }
        }

        impl std::str::FromStr for #name_ident {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name_ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name_ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name_ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::codec::deserialize_open_enum(deserializer)
            }
        }
    }
}

fn newtype(name: &str, docs: &[String], def: &NewtypeDef) -> TokenStream {
    let name_ident = ident(name);
    let mut paragraphs = docs.to_vec();
    paragraphs.push(format!("A string in the `{}` format.", def.format));
    match def.examples.as_slice() {
        [] => {}
        [one] => paragraphs.push(format!("Example: `{one}`.")),
        many => {
            let list: Vec<String> = many.iter().map(|e| format!("`{e}`")).collect();
            paragraphs.push(format!("Examples: {}.", list.join(", ")));
        }
    }
    let docs = doc_attrs(&paragraphs);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct #name_ident(String);

        impl #name_ident {
            /// Wraps a value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The inner `String`.
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl std::fmt::Display for #name_ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for #name_ident {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for #name_ident {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for #name_ident {
            fn from(value: &str) -> Self {
                Self(value.to_string())
            }
        }

        impl From<#name_ident> for String {
            fn from(value: #name_ident) -> Self {
                value.0
            }
        }
    }
}

fn union(name: &str, docs: &[String], def: &UnionDef) -> TokenStream {
    let name_ident = ident(name);
    let tag = &def.tag;
    let mut paragraphs = fallback(
        docs.to_vec(),
        format!("One of several shapes, told apart by `{tag}`."),
    );
    paragraphs.push(format!(
        "The `{tag}` property says which variant an object is; an object with a `{tag}` this \
         client does not know decodes into `{name}::{}` with its JSON kept.",
        def.unknown
    ));
    let docs = doc_attrs(&paragraphs);
    let unknown = ident(&def.unknown);
    let variants: Vec<_> = def.variants.iter().map(|v| ident(&v.name)).collect();
    let tag_values: Vec<&str> = def.variants.iter().map(|v| v.tag_value.as_str()).collect();
    let declarations = def.variants.iter().map(|v| {
        let mut paragraphs: Vec<String> = v.docs.iter().map(|d| prose(d)).collect();
        paragraphs.push(format!("`{tag}: {}`", v.tag_value));
        let docs = doc_attrs(&paragraphs);
        let variant = ident(&v.name);
        let ty = type_tokens(&v.ty, Scope::Models);
        let ty = if v.boxed {
            quote! { Box<#ty> }
        } else {
            ty
        };
        quote! { #docs #variant(#ty), }
    });
    let constructors = def.variants.iter().map(|v| {
        let variant = ident(&v.name);
        if v.boxed {
            quote! { |value| Self::#variant(Box::new(value)) }
        } else {
            quote! { Self::#variant }
        }
    });
    let unknown_doc = format!(" An object whose `{tag}` this client does not know, as received.");
    let tag_doc = format!(" The value of `{tag}` on the wire.");
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name_ident {
            #(#declarations)*
            #[doc = #unknown_doc]
            #unknown(serde_json::Value),
        }

        impl #name_ident {
            #[doc = #tag_doc]
            pub fn tag(&self) -> &str {
                match self {
                    #(Self::#variants(_) => #tag_values,)*
                    Self::#unknown(value) => value.get(#tag).and_then(serde_json::Value::as_str).unwrap_or_default(),
                }
            }
        }

        impl Serialize for #name_ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(value) => crate::tagged::serialize(serializer, #tag, #tag_values, value),)*
                    Self::#unknown(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name_ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (tag, value) = crate::tagged::read(deserializer, #tag)?;
                match tag.as_deref() {
                    #(Some(#tag_values) => crate::tagged::decode_variant(value, #tag).map(#constructors),)*
                    _ => Ok(Self::#unknown(value)),
                }
            }
        }
    }
}

/// Method names of std traits (the ones clippy's `should_implement_trait` knows): a setter with
/// such a name would read as the operator, so it gets a `with_` prefix.
const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

fn setter_name(field: &str) -> proc_macro2::Ident {
    if TRAIT_METHODS.contains(&field) {
        ident(&format!("with_{field}"))
    } else {
        ident(field)
    }
}
