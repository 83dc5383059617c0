//! The attributes the generator's settings add to types and fields
//! ([`crate::Generator::type_attribute`], [`crate::Generator::field_attribute`]), as tokens.

use crate::error::Error;
use crate::ir::Api;
use proc_macro2::TokenStream;
use std::collections::BTreeMap;

/// The added attributes of each type and field, by Rust name.
#[derive(Default)]
pub(crate) struct Attributes {
    types: BTreeMap<String, TokenStream>,
    fields: BTreeMap<(String, String), TokenStream>,
}

impl Attributes {
    /// `api`'s added attributes as tokens. Each was checked with syn when the setting was
    /// given; one that still does not lex is a bug of that check, reported as an error.
    pub(crate) fn of(api: &Api, file: &str) -> Result<Attributes, Error> {
        let tokens = |texts: &[String]| -> Result<TokenStream, Error> {
            let mut all = TokenStream::new();
            for text in texts {
                let parsed: TokenStream = text.parse().map_err(|e| {
                    Error::new(
                        file,
                        "",
                        format!("the attribute {text:?} does not lex: {e}"),
                    )
                })?;
                all.extend(parsed);
            }
            Ok(all)
        };
        let mut attributes = Attributes::default();
        for (name, texts) in &api.attributes.types {
            attributes.types.insert(name.clone(), tokens(texts)?);
        }
        for (key, texts) in &api.attributes.fields {
            attributes.fields.insert(key.clone(), tokens(texts)?);
        }
        Ok(attributes)
    }

    /// The added attributes of the type `name` (none: empty).
    pub(crate) fn of_type(&self, name: &str) -> TokenStream {
        self.types.get(name).cloned().unwrap_or_default()
    }

    /// The added attributes of the field `field` of the type `type_name`.
    pub(crate) fn of_field(&self, type_name: &str, field: &str) -> TokenStream {
        self.fields
            .get(&(type_name.to_string(), field.to_string()))
            .cloned()
            .unwrap_or_default()
    }
}
