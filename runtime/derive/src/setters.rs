//! The builder-style setters that models and query options share, and the check that no two
//! generated methods of a type take one name.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::HashMap;
use syn::ext::IdentExt;
use syn::{Attribute, Ident, Type};

/// One optional field's setter (and, for an optional nullable one, the method that sets
/// `null`).
pub(crate) struct Setter<'a> {
    /// The field, whose name the setter takes (with its span: go-to-definition on a setter
    /// call lands on the field).
    pub field: &'a Ident,
    /// `T` of the field's `Option<T>` (of `Option<Option<T>>` when nullable).
    pub value_ty: &'a Type,
    /// The field's doc comments, copied under the setter's own line.
    pub docs: Vec<&'a Attribute>,
    /// Optional nullable: the setter stores `Some(Some(value))`, and `clear_<field>` exists.
    pub nullable: bool,
}

/// A parameter's type for a value of type `ty`: `impl Into<T>`, or `T` itself for a primitive
/// (through `Into` an integer literal has no type to infer).
pub(crate) fn parameter_type(ty: &Type) -> TokenStream {
    if crate::types::is_primitive(ty) {
        quote!(#ty)
    } else {
        quote!(impl ::core::convert::Into<#ty>)
    }
}

/// The expression that turns parameter `name` of [`parameter_type`]`(ty)` into a `ty`.
pub(crate) fn parameter_value(name: &Ident, ty: &Type) -> TokenStream {
    if crate::types::is_primitive(ty) {
        quote!(#name)
    } else {
        quote!(#name.into())
    }
}

/// The name of an optional nullable field's `null` setter: `clear_` and the field's name
/// without `r#`, without the `_` that escapes a keyword (`self_`: `clear_self`) and without
/// the one before a leading digit (`_1day`: `clear_1day`, not the `clear__1day` that
/// `non_snake_case` refuses).
pub(crate) fn clear_name(field: &Ident) -> Ident {
    let name = field.unraw().to_string();
    format_ident!("clear_{}", name.trim_matches('_'), span = field.span())
}

/// The setter's doc comment: its own line, then the field's docs after a blank line.
fn doc(first: String, docs: &[&Attribute]) -> TokenStream {
    if docs.is_empty() {
        quote!(#[doc = #first])
    } else {
        quote! {
            #[doc = #first]
            #[doc = ""]
            #(#docs)*
        }
    }
}

impl Setter<'_> {
    /// The setter method(s), for an `impl` block of the field's type.
    pub(crate) fn tokens(&self) -> TokenStream {
        let field = self.field;
        let shown = field.unraw().to_string();
        let link = field.to_string();
        // Hygienic like a `macro_rules!` local: no item at the call site can be matched by
        // the parameter's pattern or shadow it.
        let value = Ident::new("value", Span::mixed_site());
        let parameter = parameter_type(self.value_ty);
        let converted = parameter_value(&value, self.value_ty);
        let set_doc = doc(format!("Sets [`{shown}`](Self::{link})."), &self.docs);
        let stored = if self.nullable {
            quote!(::core::option::Option::Some(::core::option::Option::Some(#converted)))
        } else {
            quote!(::core::option::Option::Some(#converted))
        };
        let mut tokens = quote! {
            #set_doc
            pub fn #field(mut self, #value: #parameter) -> Self {
                self.#field = #stored;
                self
            }
        };
        if self.nullable {
            let clear = clear_name(field);
            let clear_doc = doc(
                format!("Sets [`{shown}`](Self::{link}) to `null`."),
                &self.docs,
            );
            tokens.extend(quote! {
                #clear_doc
                pub fn #clear(mut self) -> Self {
                    self.#field = ::core::option::Option::Some(::core::option::Option::None);
                    self
                }
            });
        }
        tokens
    }
}

/// The methods a derive adds to one type, by name, so that two of them with one name (a field
/// `clear_note` beside a nullable `note`, a field `new` beside the constructor) are reported
/// at the field rather than as a duplicate definition inside the expansion.
#[derive(Default)]
pub(crate) struct MethodNames(HashMap<String, String>);

impl MethodNames {
    /// Records method `name`, described as `what` ("the setter of `note`"), or fails at
    /// `span` if another method took the name.
    pub(crate) fn add(&mut self, name: &Ident, span: Span, what: String) -> syn::Result<()> {
        let key = name.unraw().to_string();
        if let Some(previous) = self.0.get(&key) {
            return Err(syn::Error::new(
                span,
                format!("the method `{key}` would be defined twice: {previous}, and {what}"),
            ));
        }
        self.0.insert(key, what);
        Ok(())
    }

    /// Records `setter`'s methods.
    pub(crate) fn add_setter(&mut self, setter: &Setter) -> syn::Result<()> {
        let field = setter.field;
        let shown = field.unraw();
        self.add(field, field.span(), format!("the setter of `{shown}`"))?;
        if setter.nullable {
            self.add(
                &clear_name(field),
                field.span(),
                format!("the `null` setter of `{shown}`"),
            )?;
        }
        Ok(())
    }
}
