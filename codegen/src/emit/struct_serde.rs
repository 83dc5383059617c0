//! `Serialize`/`Deserialize` for generated structs, written out instead of derived.
//!
//! Why not `#[derive]` with `#[serde(flatten)] extra`: flatten buffers every object before
//! decoding it, and on encode it cannot know that a key in `extra` is also a known field, so
//! such a key would be written twice. The impls below read the map once, keep unknown
//! properties in `extra`, and write each key once: a known field always wins over `extra`.
//!
//! Presence on decode: a required field that is missing is an error, except a required array
//! or map, which decodes as empty (older servers leave new ones out); a nullable or optional
//! field decodes `null` and absence as the DESIGN.md table says. A key seen twice is an error.

use super::typeref::ident;
use crate::ir::{Field, Presence, StructDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether a missing required field of this type decodes as its empty value.
pub(crate) fn empty_when_missing(field: &Field) -> bool {
    field.presence == Presence::Required && matches!(field.ty, TypeRef::Vec(_) | TypeRef::Map(_))
}

pub(crate) fn impls(name: &str, def: &StructDef, extra: &str) -> TokenStream {
    let name_ident = ident(name);
    let extra = ident(extra);
    let known: Vec<&str> = def.fields.iter().map(|f| f.wire.as_str()).collect();

    let writes = def.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire;
        match field.presence {
            Presence::Required | Presence::RequiredNullable => {
                quote! { map.serialize_entry(#wire, &self.#field_name)?; }
            }
            Presence::Optional | Presence::OptionalNullable => quote! {
                if let Some(value) = &self.#field_name {
                    map.serialize_entry(#wire, value)?;
                }
            },
        }
    });

    // Each field is read into a slot: `None` until its key is seen. A nullable or optional
    // value is read as `Option<T>` so that `null` is accepted.
    let slots = def.fields.iter().map(|field| {
        let slot = slot_ident(field);
        let ty = slot_type(field);
        quote! { let mut #slot: Option<#ty> = None; }
    });
    let arms = def.fields.iter().map(|field| {
        let slot = slot_ident(field);
        let wire = &field.wire;
        quote! { #wire => crate::codec::fill(&mut #slot, &mut map, #wire)?, }
    });
    let assignments = def.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let slot = slot_ident(field);
        let wire = &field.wire;
        let value = match field.presence {
            Presence::Required if empty_when_missing(field) => quote! { #slot.unwrap_or_default() },
            Presence::Required => {
                quote! { #slot.ok_or_else(|| serde::de::Error::missing_field(#wire))? }
            }
            Presence::RequiredNullable | Presence::Optional => quote! { #slot.flatten() },
            Presence::OptionalNullable => quote! { #slot },
        };
        quote! { #field_name: #value, }
    });
    let expecting = format!("a {name} object");
    let keep = quote! { #extra.insert(key.into_string(), map.next_value()?); };
    let dispatch = if def.fields.is_empty() {
        keep
    } else {
        quote! {
            match key.as_str() {
                #(#arms)*
                _ => {
                    #keep
                }
            }
        }
    };

    quote! {
        impl Serialize for #name_ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #(#writes)*
                crate::codec::write_extra(&mut map, &self.#extra, &[#(#known),*])?;
                map.end()
            }
        }

        impl<'de> Deserialize<'de> for #name_ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = #name_ident;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        #(#slots)*
                        let mut #extra = crate::Extra::new();
                        while let Some(key) = map.next_key::<crate::codec::Key<'de>>()? {
                            #dispatch
                        }
                        Ok(#name_ident {
                            #(#assignments)*
                            #extra,
                        })
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    }
}

fn slot_ident(field: &Field) -> proc_macro2::Ident {
    // `_3d` (a name that began with a digit) would make `slot__3d`, not snake case. Only such
    // names start with `_` (heck drops leading underscores), so trimming keeps slots unique.
    ident(&format!("slot_{}", field.name.trim_start_matches('_')))
}

/// The type a field's value is read as: `T` when it must be there, `Option<T>` when `null` is
/// allowed on the wire.
fn slot_type(field: &Field) -> TokenStream {
    let ty = super::typeref::type_tokens(&field.ty, super::typeref::Scope::Models);
    let ty = if field.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    };
    match field.presence {
        Presence::Required => ty,
        _ => quote! { Option<#ty> },
    }
}
