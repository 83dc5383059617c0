//! Schemas -> Rust types.

use super::naming::{camel, snake};
use super::{EnumDef, Field, NewtypeDef, Presence, StructDef, TypeDef, TypeKind, TypeRef, Variant};
use crate::error::{Error, push_token};
use openapiv3::{
    AdditionalProperties, ArrayType, IntegerFormat, IntegerType, NumberFormat, NumberType,
    ObjectType, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind, StringType, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::BTreeMap;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// String formats that say how to parse the text rather than what it names: such strings stay
/// `String` instead of becoming a newtype.
const PLAIN_STRING_FORMATS: &[&str] = &["", "password", "email", "uri", "url", "hostname", "byte"];

/// A type use, with what the schema said around it.
pub(crate) struct Resolved {
    pub ty: TypeRef,
    pub nullable: bool,
    pub docs: Vec<String>,
}

/// Builds types; owns the registry of names so that collisions are caught wherever they arise.
pub(crate) struct TypeBuilder<'a> {
    spec: &'a OpenAPI,
    file: &'a str,
    /// Component schema name -> Rust name.
    component_names: BTreeMap<String, String>,
    /// Rust type name -> the pointer that claimed it.
    claimed: BTreeMap<String, String>,
    types: Vec<TypeDef>,
    warnings: Vec<String>,
}

impl<'a> TypeBuilder<'a> {
    pub fn new(spec: &'a OpenAPI, file: &'a str) -> Result<Self, Error> {
        let mut builder = TypeBuilder {
            spec,
            file,
            component_names: BTreeMap::new(),
            claimed: BTreeMap::new(),
            types: Vec::new(),
            warnings: Vec::new(),
        };
        let names: Vec<&String> = builder.schemas().map(|(name, _)| name).collect();
        for name in names {
            let rust = camel(name, "T");
            let pointer = push_token("/components/schemas", name);
            builder.claim(&rust, &pointer)?;
            builder.component_names.insert(name.clone(), rust);
        }
        Ok(builder)
    }

    fn schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> + use<'a> {
        self.spec.components.iter().flat_map(|c| c.schemas.iter())
    }

    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::new(self.file, pointer, message)
    }

    pub fn warn(&mut self, pointer: &str, message: &str) {
        self.warnings
            .push(format!("{}: #{pointer}: {message}", self.file));
    }

    fn claim(&mut self, rust: &str, pointer: &str) -> Result<(), Error> {
        if let Some(first) = self.claimed.get(rust) {
            return Err(self.error(
                pointer,
                format!("the Rust type name `{rust}` is already taken by #{first}; rename one of the two schemas"),
            ));
        }
        self.claimed.insert(rust.to_string(), pointer.to_string());
        Ok(())
    }

    /// One type for every component schema, in spec order.
    pub fn components(&mut self) -> Result<(), Error> {
        let schemas: Vec<_> = self.schemas().collect();
        for (name, schema) in schemas {
            let pointer = push_token("/components/schemas", name);
            let rust = self.component_names.get(name).cloned().unwrap_or_default();
            let def = match schema {
                ReferenceOr::Reference { reference } => TypeDef {
                    name: rust,
                    pointer: pointer.clone(),
                    docs: Vec::new(),
                    kind: TypeKind::Alias(self.reference(reference, &pointer)?.ty),
                },
                ReferenceOr::Item(schema) => self.named(rust, schema, &pointer)?,
            };
            self.types.push(def);
        }
        Ok(())
    }

    pub fn finish(self) -> (Vec<TypeDef>, Vec<String>) {
        (self.types, self.warnings)
    }

    /// The definition of a schema that gets a name of its own.
    fn named(&mut self, name: String, schema: &Schema, pointer: &str) -> Result<TypeDef, Error> {
        let docs = docs_of(&schema.schema_data);
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !is_map(object) => {
                TypeKind::Struct(self.structure(&name, object, pointer)?)
            }
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                TypeKind::Enum(self.enumeration(string, pointer)?)
            }
            SchemaKind::Type(Type::String(string)) if newtype_format(string).is_some() => {
                TypeKind::Newtype(NewtypeDef {
                    format: newtype_format(string).unwrap_or_default(),
                    examples: examples_of(&schema.schema_data),
                })
            }
            _ => TypeKind::Alias(self.shape(schema, pointer, &name)?.ty),
        };
        Ok(TypeDef {
            name,
            pointer: pointer.to_string(),
            docs,
            kind,
        })
    }

    /// A type defined inline (a property's object, an enum in a parameter): it gets the name
    /// its location suggests, registered like a component's.
    fn inline(&mut self, hint: &str, schema: &Schema, pointer: &str) -> Result<TypeRef, Error> {
        let def = self.named(hint.to_string(), schema, pointer)?;
        self.claim(hint, pointer)?;
        self.types.push(def);
        Ok(TypeRef::Named(hint.to_string()))
    }

    fn structure(
        &mut self,
        name: &str,
        object: &ObjectType,
        pointer: &str,
    ) -> Result<StructDef, Error> {
        if matches!(
            &object.additional_properties,
            Some(AdditionalProperties::Schema(_))
        ) {
            return Err(self.error(
                &push_token(pointer, "additionalProperties"),
                "an object with both `properties` and an `additionalProperties` schema is not supported",
            ));
        }
        let properties_pointer = push_token(pointer, "properties");
        let mut fields: Vec<Field> = Vec::new();
        let mut field_pointers: BTreeMap<String, String> = BTreeMap::new();
        for (wire, property) in &object.properties {
            let property_pointer = push_token(&properties_pointer, wire);
            let field_name = snake(wire);
            if let Some(first) = field_pointers.get(&field_name) {
                return Err(self.error(
                    &property_pointer,
                    format!(
                        "property `{wire}` and #{first} both become the Rust field `{field_name}`; rename one"
                    ),
                ));
            }
            field_pointers.insert(field_name.clone(), property_pointer.clone());
            let hint = format!("{name}{}", camel(wire, "V"));
            let resolved = self.resolve_boxed(property, &property_pointer, &hint)?;
            let presence = match (object.required.contains(wire), resolved.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            fields.push(Field {
                name: field_name,
                wire: wire.clone(),
                ty: resolved.ty,
                presence,
                docs: resolved.docs,
            });
        }
        for wire in &object.required {
            if !object.properties.contains_key(wire) {
                return Err(self.error(
                    &push_token(pointer, "required"),
                    format!("`{wire}` is required but not among the properties"),
                ));
            }
        }
        let builder = !fields.is_empty()
            && fields
                .iter()
                .all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable));
        Ok(StructDef { fields, builder })
    }

    fn enumeration(&mut self, string: &StringType, pointer: &str) -> Result<EnumDef, Error> {
        let mut variants: Vec<Variant> = Vec::new();
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (i, value) in string.enumeration.iter().enumerate() {
            let Some(wire) = value else { continue };
            let name = camel(wire, "V");
            if let Some(first) = seen.get(&name) {
                return Err(self.error(
                    &push_token(&push_token(pointer, "enum"), &i.to_string()),
                    format!(
                        "enum values `{first}` and `{wire}` both become the Rust variant `{name}`"
                    ),
                ));
            }
            if variants.iter().any(|v| v.wire == *wire) {
                continue;
            }
            seen.insert(name.clone(), wire);
            variants.push(Variant {
                name,
                wire: wire.clone(),
            });
        }
        let unknown = ["Unknown", "Unrecognized", "UnknownValue"]
            .into_iter()
            .find(|candidate| !seen.contains_key(*candidate))
            .unwrap_or("Unknown_")
            .to_string();
        Ok(EnumDef { variants, unknown })
    }

    /// The type of a property, item, parameter or body schema. `hint` names an inline type.
    pub fn resolve(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        hint: &str,
    ) -> Result<Resolved, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.shape(schema, pointer, hint),
        }
    }

    fn resolve_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
        hint: &str,
    ) -> Result<Resolved, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.shape(schema, pointer, hint),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> Result<Resolved, Error> {
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            return Err(self.error(
                pointer,
                format!("`$ref: {reference}`: a schema may only refer to `{SCHEMA_PREFIX}...`"),
            ));
        };
        let name = crate::normalize::percent_decode(name)
            .replace("~1", "/")
            .replace("~0", "~");
        let Some(rust) = self.component_names.get(&name).cloned() else {
            return Err(self.error(
                pointer,
                format!("`$ref: {reference}` points to nothing in this file"),
            ));
        };
        let nullable = self
            .schemas()
            .find(|(n, _)| **n == name)
            .and_then(|(_, s)| s.as_item())
            .is_some_and(|s| s.schema_data.nullable);
        Ok(Resolved {
            ty: TypeRef::Named(rust),
            nullable,
            docs: Vec::new(),
        })
    }

    /// The type an inline schema describes.
    fn shape(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Resolved, Error> {
        let data = &schema.schema_data;
        let ty = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [single] => {
                    let inner = self.resolve(
                        single,
                        &push_token(&push_token(pointer, "allOf"), "0"),
                        hint,
                    )?;
                    return Ok(Resolved {
                        ty: inner.ty,
                        nullable: data.nullable || inner.nullable,
                        docs: docs_or(docs_of(data), inner.docs),
                    });
                }
                _ => return Err(self.unsupported(pointer, "`allOf` with several schemas")),
            },
            SchemaKind::OneOf { .. } => return Err(self.unsupported(pointer, "`oneOf`")),
            SchemaKind::AnyOf { .. } => return Err(self.unsupported(pointer, "`anyOf`")),
            SchemaKind::Not { .. } => return Err(self.unsupported(pointer, "`not`")),
            SchemaKind::Any(any) => {
                if *any != openapiv3::AnySchema::default() {
                    return Err(self.error(
                        pointer,
                        "this combination of keywords does not describe one type (for example `type: string` \
                         with `minimum`, or `properties` beside `oneOf`); split or fix the schema",
                    ));
                }
                self.warn(
                    pointer,
                    "the schema says nothing about the value's shape; it is `serde_json::Value`",
                );
                TypeRef::Json
            }
            SchemaKind::Type(Type::String(string)) => {
                if !string.enumeration.is_empty() {
                    self.inline(hint, schema, pointer)?
                } else {
                    TypeRef::String
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => TypeRef::Integer(integer_type(integer)),
            SchemaKind::Type(Type::Number(number)) => TypeRef::Float(float_type(number)),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => self.array(array, pointer, hint)?,
            SchemaKind::Type(Type::Object(object)) => {
                if is_map(object) {
                    self.map(object, pointer, hint)?
                } else {
                    self.inline(hint, schema, pointer)?
                }
            }
        };
        Ok(Resolved {
            ty,
            nullable: data.nullable,
            docs: docs_of(data),
        })
    }

    fn array(&mut self, array: &ArrayType, pointer: &str, hint: &str) -> Result<TypeRef, Error> {
        let item = match &array.items {
            Some(items) => {
                let resolved = self.resolve_boxed(
                    items,
                    &push_token(pointer, "items"),
                    &format!("{hint}Item"),
                )?;
                if resolved.nullable {
                    return Err(
                        self.unsupported(&push_token(pointer, "items"), "nullable array items")
                    );
                }
                resolved.ty
            }
            None => {
                self.warn(
                    pointer,
                    "an array without `items`; its elements are `serde_json::Value`",
                );
                TypeRef::Json
            }
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    fn map(&mut self, object: &ObjectType, pointer: &str, hint: &str) -> Result<TypeRef, Error> {
        let value = match &object.additional_properties {
            Some(AdditionalProperties::Schema(schema)) => {
                let value_pointer = push_token(pointer, "additionalProperties");
                let resolved = self.resolve(schema, &value_pointer, &format!("{hint}Value"))?;
                if resolved.nullable {
                    return Err(self.unsupported(&value_pointer, "nullable map values"));
                }
                resolved.ty
            }
            _ => {
                self.warn(
                    pointer,
                    "a free-form object; its values are `serde_json::Value`",
                );
                TypeRef::Json
            }
        };
        Ok(TypeRef::Map(Box::new(value)))
    }

    fn unsupported(&self, pointer: &str, what: &str) -> Error {
        self.error(
            pointer,
            format!("{what} is not supported by this generator yet"),
        )
    }
}

/// An object schema without properties that allows other keys: a map.
fn is_map(object: &ObjectType) -> bool {
    object.properties.is_empty()
        && matches!(
            &object.additional_properties,
            Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(true))
        )
}

fn newtype_format(string: &StringType) -> Option<String> {
    match &string.format {
        VariantOrUnknownOrEmpty::Unknown(format)
            if !PLAIN_STRING_FORMATS.contains(&format.as_str()) =>
        {
            Some(format.clone())
        }
        _ => None,
    }
}

fn integer_type(integer: &IntegerType) -> &'static str {
    let unsigned = integer.minimum.is_some_and(|m| m >= 0);
    let wide = !matches!(
        integer.format,
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32)
    );
    match (wide, unsigned) {
        (false, false) => "i32",
        (false, true) => "u32",
        (true, false) => "i64",
        (true, true) => "u64",
    }
}

fn float_type(number: &NumberType) -> &'static str {
    match number.format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => "f32",
        _ => "f64",
    }
}

/// Documentation paragraphs from a schema: its title and its description.
pub(crate) fn docs_of(data: &SchemaData) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(title) = data
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if data
            .description
            .as_deref()
            .is_none_or(|d| !d.contains(title))
        {
            docs.push(title.to_string());
        }
    }
    if let Some(description) = data
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        docs.push(description.to_string());
    }
    docs
}

fn docs_or(first: Vec<String>, fallback: Vec<String>) -> Vec<String> {
    if first.is_empty() { fallback } else { first }
}

/// The spec's examples as text, for docs (3.1 `examples`, kept by the normalizer, or `example`).
fn examples_of(data: &SchemaData) -> Vec<String> {
    let list = match data.extensions.get("x-examples") {
        Some(serde_json::Value::Array(list)) => list.clone(),
        _ => data.example.iter().cloned().collect(),
    };
    list.iter()
        .map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}
