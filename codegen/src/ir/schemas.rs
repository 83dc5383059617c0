//! Schemas -> Rust types.

mod enum_names;
mod untagged;

pub(crate) use untagged::merge_alike_variants;

use super::naming::{camel, field, free_name, joined, numbered, type_name};
use super::{
    Constructor, EnumDef, Field, NewtypeDef, Presence, StructDef, StructRole, TypeDef, TypeKind,
    TypeRef, UnionDef, UnionVariant, Variant,
};
use crate::error::{Error, push_token};
use openapiv3::{
    AdditionalProperties, ArrayType, IntegerFormat, IntegerType, NumberFormat, NumberType,
    ObjectType, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, StringType,
    Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeMap;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// String formats that say how to parse the text rather than what it names: such strings stay
/// `String` instead of becoming a newtype.
const PLAIN_STRING_FORMATS: &[&str] = &["", "password", "email", "uri", "url", "hostname", "byte"];

/// String formats the runtime has a type for (`src/types.rs`), by the type's name.
const FORMAT_TYPES: &[(&str, &str)] = &[
    ("date-time", "DateTime"),
    ("date", "Date"),
    ("decimal", "Decimal"),
    ("uuid", "Uuid"),
    ("binary", "FilePart"),
];

/// What a degraded schema becomes, said at the end of its warning.
const AS_JSON: &str = "it is `serde_json::Value`";

/// A construct the generator cannot type (a schema) or generate (an operation): not an error
/// in the spec, a limit of the generator. It degrades, with one warning (a schema becomes
/// `serde_json::Value`, an operation is left out), or fails the build in strict mode.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unsupported {
    /// Where, a JSON pointer.
    pub pointer: String,
    /// Why, one sentence without a final period.
    pub reason: String,
}

impl Unsupported {
    pub fn new(pointer: &str, reason: impl Into<String>) -> Self {
        Unsupported {
            pointer: pointer.to_string(),
            reason: reason.into(),
        }
    }
}

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
    /// What degraded, in the order met (each also among `warnings`).
    degraded: Vec<Unsupported>,
    /// Inline schemas named by their `title`, by that name: the same schema titled alike
    /// elsewhere is the same type.
    titled: BTreeMap<String, Schema>,
    /// Constraints no sample meets (`Api::sample_gaps`).
    sample_gaps: Vec<String>,
    /// The inline types being built, outermost first, with their names: an `allOf` that
    /// includes a component which holds that same `allOf` (a tree node's `first` child,
    /// `$ref` with a sibling keyword) meets its own schema again inside itself, and is that
    /// type, not one more copy per level.
    building: Vec<(Schema, String)>,
    /// The inline types built so far, by the place of their schema in the file, with that
    /// schema: a place is one type however often it is reached. An `allOf` copies the
    /// properties of every component it includes, and a copied inline `allOf` that includes
    /// a component copies again: without this, one more copy per level and per property, an
    /// output exponential in the spec.
    built: BTreeMap<String, (Schema, TypeRef)>,
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
            degraded: Vec::new(),
            titled: BTreeMap::new(),
            sample_gaps: Vec::new(),
            building: Vec::new(),
            built: BTreeMap::new(),
        };
        let schemas: Vec<_> = builder.schemas().collect();
        for (name, schema) in schemas {
            let (pointer, suggested_by) = origin(name, schema);
            let suggested = type_name(suggested_by);
            // `HTTPHealthCheck` and `HttpHealthCheck`, `String` and `string`: the later one is
            // numbered, so that no schema name aborts the build.
            let rust = numbered(&suggested, |n| builder.claimed.contains_key(n));
            if rust != suggested {
                let first = builder.claimed.get(&suggested).cloned().unwrap_or_default();
                builder.warn(
                    &pointer,
                    &format!(
                        "schemas `{suggested_by}` and #{first} both suggest the Rust type `{suggested}`; \
                         this one is `{rust}`"
                    ),
                );
            }
            builder.claim(&rust, &pointer)?;
            builder.component_names.insert(name.clone(), rust);
        }
        Ok(builder)
    }

    fn schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> + use<'a> {
        self.spec.components.iter().flat_map(|c| c.schemas.iter())
    }

    /// The component schema a `#/components/schemas/<name>` reference names (the name decoded
    /// from its URI-fragment and JSON-pointer escapes), with that name.
    fn component(&self, reference: &str) -> Option<(String, &'a ReferenceOr<Schema>)> {
        let name = crate::normalize::percent_decode(reference.strip_prefix(SCHEMA_PREFIX)?)
            .replace("~1", "/")
            .replace("~0", "~");
        let schema = self.spec.components.as_ref()?.schemas.get(&name)?;
        Some((name, schema))
    }

    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::new(self.file, pointer, message)
    }

    pub fn warn(&mut self, pointer: &str, message: &str) {
        self.warnings
            .push(format!("{}: #{pointer}: {message}", self.file));
    }

    /// Records a construct the generator leaves untyped or out: one warning `<reason>;
    /// <outcome>`.
    pub fn degrade(&mut self, unsupported: Unsupported, outcome: &str) {
        // A schema reached twice (a title reused, an inline type compared) is reported once.
        if self.degraded.contains(&unsupported) {
            return;
        }
        self.warn(
            &unsupported.pointer,
            &format!("{}; {outcome}", unsupported.reason),
        );
        self.degraded.push(unsupported);
    }

    /// A schema the generator cannot type: `serde_json::Value`, with a warning.
    fn json(&mut self, unsupported: Unsupported) -> TypeRef {
        self.degrade(unsupported, AS_JSON);
        TypeRef::Json
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
            let (pointer, _) = origin(name, schema);
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

    /// Registers the model that holds an operation's optional query parameters: a struct
    /// with a setter per parameter, which the operation turns into query pairs. Its name is
    /// `query.type_name` when free, else that name numbered, with a warning (a schema may be
    /// called `GetFlightOffersQuery` already); `query.type_name` becomes the name it got.
    pub fn query_struct(
        &mut self,
        query: &mut super::QueryStruct,
        method: &str,
        pointer: &str,
    ) -> Result<(), Error> {
        let suggested = joined(&query.type_name);
        let name = numbered(&suggested, |n| self.claimed.contains_key(n));
        if name != suggested {
            let first = self.claimed.get(&suggested).cloned().unwrap_or_default();
            self.warn(
                pointer,
                &format!(
                    "the options struct of `Client::{method}` would be `{suggested}`, a name \
                     #{first} has; it is `{name}`"
                ),
            );
        }
        query.type_name = name;
        self.claim(&query.type_name, pointer)?;
        let fields = query
            .params
            .iter()
            .map(|p| Field {
                name: p.name.clone(),
                wire: p.wire.clone(),
                ty: p.ty.clone(),
                presence: Presence::Optional,
                docs: p.docs.clone(),
                boxed: false,
                sample: None,
            })
            .collect();
        self.types.push(TypeDef {
            name: query.type_name.clone(),
            pointer: pointer.to_string(),
            docs: vec![options_docs(&query.params, "Client", method)],
            kind: TypeKind::Struct(StructDef {
                constructor: Constructor::Empty,
                fields,
                role: StructRole::Options,
            }),
        });
        Ok(())
    }

    /// Drops the options struct registered for the operation at `pointer` (one left out), if
    /// there is one, and frees its name.
    pub fn forget_options(&mut self, pointer: &str) {
        let is_options = |t: &TypeDef| {
            t.pointer == pointer
                && matches!(
                    &t.kind,
                    TypeKind::Struct(StructDef {
                        role: StructRole::Options,
                        ..
                    })
                )
        };
        let names: Vec<String> = self
            .types
            .iter()
            .filter(|t| is_options(t))
            .map(|t| t.name.clone())
            .collect();
        for name in names {
            if self.claimed.get(&name).is_some_and(|p| p == pointer) {
                self.claimed.remove(&name);
            }
        }
        self.types.retain(|t| !is_options(t));
    }

    /// Registers a type the IR builds itself (the webhook event union), under a free name:
    /// `name`, else `name` numbered.
    pub fn add_type(&mut self, mut def: TypeDef) -> Result<String, Error> {
        def.name = numbered(&def.name, |name| self.claimed.contains_key(name));
        self.claim(&def.name, &def.pointer.clone())?;
        let name = def.name.clone();
        self.types.push(def);
        Ok(name)
    }

    /// What the type of this Rust name is, among those built so far (every component's, and
    /// the inline ones met until now).
    pub fn kind_of(&self, name: &str) -> Option<&TypeKind> {
        self.types.iter().find(|t| t.name == name).map(|t| &t.kind)
    }

    /// Aliases that name each other in a loop (`$ref`s that never reach a schema) would not
    /// compile: the first alias of each loop is `serde_json::Value` instead, with a warning.
    pub fn break_alias_loops(&mut self) {
        while let Some((name, pointer, names)) = super::recursion::alias_loop(&self.types) {
            let why = format!("the `$ref`s form a loop ({names}) that names no actual schema");
            self.degrade(Unsupported::new(&pointer, why), AS_JSON);
            for def in self.types.iter_mut().filter(|t| t.name == name) {
                def.kind = TypeKind::Alias(TypeRef::Json);
            }
        }
    }

    pub fn finish(self) -> (Vec<TypeDef>, Vec<String>, Vec<Unsupported>, Vec<String>) {
        (self.types, self.warnings, self.degraded, self.sample_gaps)
    }

    /// The contract-test sample of a required property or an argument of `schema` at
    /// `pointer` (`ir/samples.rs`); what it cannot meet goes to the sample gaps.
    pub fn sample(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
    ) -> Option<serde_json::Value> {
        let lookup = |reference: &str| self.component(reference).map(|(_, schema)| schema);
        let made = super::samples::required_sample(schema, &lookup);
        self.record_gaps(made, pointer)
    }

    fn sample_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
    ) -> Option<serde_json::Value> {
        let lookup = |reference: &str| self.component(reference).map(|(_, schema)| schema);
        let made = super::samples::required_sample_boxed(schema, &lookup);
        self.record_gaps(made, pointer)
    }

    fn record_gaps(
        &mut self,
        made: super::samples::Made,
        pointer: &str,
    ) -> Option<serde_json::Value> {
        for gap in made.unsatisfied {
            let line = format!("{}: #{pointer}: {gap}", self.file);
            if !self.sample_gaps.contains(&line) {
                self.sample_gaps.push(line);
            }
        }
        made.value
    }

    /// The definition of a schema that gets a name of its own; one the generator cannot type
    /// is an alias of `serde_json::Value` (with a warning), so that its uses still compile.
    fn named(&mut self, name: String, schema: &Schema, pointer: &str) -> Result<TypeDef, Error> {
        let kind = match self.named_kind(&name, schema, pointer)? {
            Ok(kind) => kind,
            Err(unsupported) => TypeKind::Alias(self.json(unsupported)),
        };
        Ok(TypeDef {
            name,
            pointer: pointer.to_string(),
            docs: docs_of(&schema.schema_data),
            kind,
        })
    }

    /// The shape of a named schema, or why the generator cannot type it.
    fn named_kind(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
    ) -> Result<Result<TypeKind, Unsupported>, Error> {
        Ok(Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !is_map(object) => {
                match self.structure(name, object, pointer)? {
                    Ok(def) => TypeKind::Struct(def),
                    Err(unsupported) => return Ok(Err(unsupported)),
                }
            }
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let given = self.extension_names(
                    &schema.schema_data,
                    string.enumeration.len(),
                    pointer,
                    false,
                );
                TypeKind::Enum(self.enumeration(string, given, pointer)?)
            }
            SchemaKind::AllOf { all_of } if substantive(all_of).len() > 1 => {
                match self.merged(name, all_of, pointer)? {
                    Ok(def) => TypeKind::Struct(def),
                    Err(unsupported) => return Ok(Err(unsupported)),
                }
            }
            SchemaKind::OneOf { one_of } if schema.schema_data.discriminator.is_some() => {
                match self.union(schema, one_of, pointer)? {
                    Ok(def) => TypeKind::Union(def),
                    Err(unsupported) => return Ok(Err(unsupported)),
                }
            }
            SchemaKind::OneOf { one_of } => self.untagged(name, one_of, pointer, "oneOf")?,
            SchemaKind::AnyOf { any_of } => self.untagged(name, any_of, pointer, "anyOf")?,
            SchemaKind::Type(Type::String(string)) if newtype_format(string).is_some() => {
                TypeKind::Newtype(NewtypeDef {
                    format: newtype_format(string).unwrap_or_default(),
                    examples: examples_of(&schema.schema_data),
                })
            }
            _ => TypeKind::Alias(self.shape(schema, pointer, name)?.ty),
        }))
    }

    /// A type defined inline (a property's object, an enum in a parameter): it gets the name
    /// its location suggests, registered like a component's.
    ///
    /// A `title` names the type when it is free (servers often title inline enums with their own
    /// type name, e.g. `BatchJobType`); the same title on an identical schema elsewhere reuses
    /// the first type instead of making a copy.
    fn inline(&mut self, hint: &str, schema: &Schema, pointer: &str) -> Result<TypeRef, Error> {
        if let Some((_, name)) = self.building.iter().find(|(outer, _)| outer == schema) {
            return Ok(TypeRef::Named(name.clone()));
        }
        if let Some((_, ty)) = self.built.get(pointer).filter(|(at, _)| at == schema) {
            return Ok(ty.clone());
        }
        // Named like a component: a title `String` must not shadow std's either.
        if let Some(title) = schema.schema_data.title.as_deref().map(type_name) {
            let first = self.titled.get(&title).or_else(|| {
                // A component of that name counts too.
                let (name, _) = self
                    .component_names
                    .iter()
                    .find(|(_, rust)| **rust == title)?;
                match self.spec.components.as_ref()?.schemas.get(name)? {
                    ReferenceOr::Item(component) => Some(component),
                    ReferenceOr::Reference { .. } => None,
                }
            });
            match first {
                Some(first) if first.schema_kind == schema.schema_kind => {
                    return Ok(TypeRef::Named(title));
                }
                Some(_) => {}
                None if !self.claimed.contains_key(&title) => {
                    self.titled.insert(title.clone(), schema.clone());
                    return self.add_inline(&title, schema, pointer);
                }
                None => {}
            }
        }
        // Two inline types may suggest one name (two untitled object branches of a union):
        // the later ones are numbered.
        let name = numbered(&joined(hint), |name| self.claimed.contains_key(name));
        self.add_inline(&name, schema, pointer)
    }

    /// Registers an inline type; one the generator cannot type is `serde_json::Value` itself
    /// (with a warning), with no alias of its own.
    fn add_inline(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<TypeRef, Error> {
        self.claim(name, pointer)?;
        self.building.push((schema.clone(), name.to_string()));
        let kind = self.named_kind(name, schema, pointer);
        self.building.pop();
        let ty = match kind? {
            Ok(kind) => {
                self.types.push(TypeDef {
                    name: name.to_string(),
                    pointer: pointer.to_string(),
                    docs: docs_of(&schema.schema_data),
                    kind,
                });
                TypeRef::Named(name.to_string())
            }
            Err(unsupported) => self.json(unsupported),
        };
        self.built
            .entry(pointer.to_string())
            .or_insert_with(|| (schema.clone(), ty.clone()));
        Ok(ty)
    }

    /// `allOf` of objects (by `$ref` or inline): one struct with every branch's properties, in
    /// branch order. A property defined by two branches must be defined the same way.
    fn merged(
        &mut self,
        name: &str,
        all_of: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<Result<StructDef, Unsupported>, Error> {
        let mut merged = Merged::default();
        if let Err(unsupported) =
            self.merge_into(&mut merged, all_of, pointer, name, &mut Vec::new())?
        {
            return Ok(Err(unsupported));
        }
        self.structure_of(
            name,
            &merged.object,
            pointer,
            &merged.origins,
            merged.additional_at.as_deref(),
        )
    }

    /// Adds the properties of `all_of`'s branches to `merged`. `owner` is the Rust type whose
    /// name the properties' inline types take: the merged struct's for its own branches, a
    /// component's for what it brings.
    fn merge_into(
        &self,
        merged: &mut Merged,
        all_of: &[ReferenceOr<Schema>],
        pointer: &str,
        owner: &str,
        followed: &mut Vec<String>,
    ) -> Result<Result<(), Unsupported>, Error> {
        for (i, branch) in all_of.iter().enumerate() {
            let mut branch_pointer = push_token(&push_token(pointer, "allOf"), &i.to_string());
            // `followed` is the chain of `$ref`s that led here: a schema included twice side by
            // side (two branches extending one base) is no loop, one that includes itself is.
            let depth = followed.len();
            let mut branch_owner = owner.to_string();
            let schema = match branch {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { reference } => {
                    if followed.contains(reference) {
                        return Ok(Err(Unsupported::new(
                            &branch_pointer,
                            format!("`allOf` includes itself again through `$ref: {reference}`"),
                        )));
                    }
                    followed.push(reference.clone());
                    let target = self.component_schema(reference, &branch_pointer, 0);
                    // Problems inside the referenced schema point at it, and its properties are
                    // the ones its own type has, at their own places.
                    branch_pointer = match self.final_component(reference, 0) {
                        Some((name, schema)) => {
                            if let Some(rust) = self.component_names.get(&name) {
                                branch_owner = rust.clone();
                            }
                            origin(&name, schema).0
                        }
                        None => reference.trim_start_matches('#').to_string(),
                    };
                    match target {
                        Ok(schema) => schema,
                        Err(e) => return Ok(Err(Unsupported::new(e.pointer(), e.message()))),
                    }
                }
            };
            let added = match &schema.schema_kind {
                _ if annotation_only(branch).is_some() => Ok(()),
                SchemaKind::Type(Type::Object(object)) => merged.add(
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                    &branch_pointer,
                    &branch_owner,
                ),
                // `required` (or `properties`) alone, without `type: object`.
                SchemaKind::Any(any) if any.typ.as_deref().is_none_or(|t| t == "object") => merged
                    .add(
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        &branch_pointer,
                        &branch_owner,
                    ),
                SchemaKind::AllOf { all_of } => {
                    self.merge_into(merged, all_of, &branch_pointer, &branch_owner, followed)?
                }
                _ => Err(Unsupported::new(
                    &branch_pointer,
                    "an `allOf` branch that is not an object schema cannot be merged",
                )),
            };
            if let Err(unsupported) = added {
                return Ok(Err(unsupported));
            }
            followed.truncate(depth);
        }
        Ok(Ok(()))
    }

    /// The component schema a `$ref` names, following references between components.
    fn component_schema(
        &self,
        reference: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<&'a Schema, Error> {
        if depth > 32 {
            return Err(self.error(
                pointer,
                format!("`$ref: {reference}` is part of a loop of references"),
            ));
        }
        match self.component(reference).map(|(_, schema)| schema) {
            Some(ReferenceOr::Item(schema)) => Ok(schema),
            Some(ReferenceOr::Reference { reference: next }) => {
                self.component_schema(next, pointer, depth + 1)
            }
            None => Err(self.error(
                pointer,
                format!("`$ref: {reference}` points to nothing in this file"),
            )),
        }
    }

    /// The component at the end of a chain of components that only rename (`$ref`), with its
    /// name; `None` for a `$ref` to nothing or a loop.
    fn final_component(
        &self,
        reference: &str,
        depth: usize,
    ) -> Option<(String, &'a ReferenceOr<Schema>)> {
        match self.component(reference)? {
            (_, ReferenceOr::Reference { reference: next }) if depth < 32 => {
                self.final_component(next, depth + 1)
            }
            (_, ReferenceOr::Reference { .. }) => None,
            found => Some(found),
        }
    }

    /// A `oneOf` with a discriminator: every branch a `$ref`, each with a tag value from the
    /// mapping (or, when unmapped, the schema's name, as OpenAPI says).
    fn union(
        &mut self,
        schema: &Schema,
        one_of: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<Result<UnionDef, Unsupported>, Error> {
        let Some(discriminator) = &schema.schema_data.discriminator else {
            return Ok(Err(unsupported(
                pointer,
                "`oneOf` without a `discriminator`",
            )));
        };
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, branch) in one_of.iter().enumerate() {
            let branch_pointer = push_token(&push_token(pointer, "oneOf"), &i.to_string());
            // A `$ref` with a description beside it arrives as `allOf: [$ref]` (normalize).
            let (reference, docs) = match branch {
                ReferenceOr::Reference { reference } => (reference, Vec::new()),
                ReferenceOr::Item(Schema {
                    schema_data,
                    schema_kind: SchemaKind::AllOf { all_of },
                }) => match all_of.as_slice() {
                    [ReferenceOr::Reference { reference }] => (reference, docs_of(schema_data)),
                    _ => {
                        return Ok(Err(unsupported(
                            &branch_pointer,
                            "an inline branch in a discriminated `oneOf`",
                        )));
                    }
                },
                ReferenceOr::Item(_) => {
                    return Ok(Err(unsupported(
                        &branch_pointer,
                        "an inline branch in a discriminated `oneOf`",
                    )));
                }
            };
            let branch_name = reference.strip_prefix(SCHEMA_PREFIX).unwrap_or(reference);
            let mapped: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| *target == reference || target.as_str() == branch_name)
                .map(|(tag, _)| tag.clone())
                .collect();
            let tags = if !mapped.is_empty() {
                mapped
            } else if let Some(target) = discriminator.mapping.get(branch_name) {
                // Its name is a value the mapping gives another schema: the mapping wins, and
                // this branch is never chosen.
                self.warn(
                    &branch_pointer,
                    &format!(
                        "the discriminator value `{branch_name}` (this branch's name) is mapped \
                         to `{target}`; this branch is never chosen and has no variant"
                    ),
                );
                Vec::new()
            } else {
                vec![branch_name.to_string()]
            };
            let ty = self.reference(reference, &branch_pointer)?.ty;
            for tag_value in tags {
                // The same branch listed twice says nothing new.
                if variants.iter().any(|v| v.tag_value == tag_value) {
                    continue;
                }
                let suggested = camel(&tag_value, "V");
                let make = |wire: &str| camel(wire, "V");
                let taken = |name: &str| variants.iter().any(|v| v.name == name);
                let name = free_name(suggested.clone(), &tag_value, make, taken);
                if name != suggested {
                    let first = variants
                        .iter()
                        .find(|v| v.name == suggested)
                        .map(|v| v.tag_value.clone())
                        .unwrap_or_default();
                    // The mapping entry that gave the value, or the branch named by it.
                    let at = if discriminator.mapping.contains_key(&tag_value) {
                        let mapping = push_token(&push_token(pointer, "discriminator"), "mapping");
                        push_token(&mapping, &tag_value)
                    } else {
                        branch_pointer.clone()
                    };
                    self.warn(
                        &at,
                        &format!(
                            "discriminator values `{first}` and `{tag_value}` both suggest the \
                             Rust variant `{suggested}`; this one is `{name}` (its wire value is \
                             kept)"
                        ),
                    );
                }
                variants.push(UnionVariant {
                    name,
                    tag_value,
                    ty: ty.clone(),
                    docs: docs.clone(),
                    boxed: true,
                });
            }
        }
        for (tag, target) in &discriminator.mapping {
            if !variants.iter().any(|v| v.tag_value == *tag) {
                return Err(self.error(
                    &push_token(&push_token(pointer, "discriminator"), "mapping"),
                    format!(
                        "mapping `{tag}` -> `{target}` names a schema that is not a `oneOf` branch"
                    ),
                ));
            }
        }
        let unknown = catch_all_name(|name| variants.iter().any(|v| v.name == name));
        Ok(Ok(UnionDef {
            tag: discriminator.property_name.clone(),
            variants,
            unknown,
        }))
    }

    fn structure(
        &mut self,
        name: &str,
        object: &ObjectType,
        pointer: &str,
    ) -> Result<Result<StructDef, Unsupported>, Error> {
        self.structure_of(name, object, pointer, &BTreeMap::new(), None)
    }

    /// [`Self::structure`], with the place and the owner of properties that an `allOf` brought
    /// from elsewhere (the others are at `pointer` and named after `name`), and the place of
    /// the branch whose `additionalProperties` the object has.
    fn structure_of(
        &mut self,
        name: &str,
        object: &ObjectType,
        pointer: &str,
        origins: &BTreeMap<String, Origin>,
        additional_at: Option<&str>,
    ) -> Result<Result<StructDef, Unsupported>, Error> {
        // Properties beyond the named ones, of the type the spec gives them.
        let extra_value = match &object.additional_properties {
            Some(AdditionalProperties::Schema(schema)) => nullable_inside(self.resolve(
                schema,
                &push_token(additional_at.unwrap_or(pointer), "additionalProperties"),
                &format!("{name}Value"),
            )?),
            _ => TypeRef::Json,
        };
        let properties_pointer = push_token(pointer, "properties");
        let mut fields: Vec<Field> = Vec::new();
        let mut field_pointers: BTreeMap<String, String> = BTreeMap::new();
        for (wire, property) in &object.properties {
            let (property_pointer, owner) = match origins.get(wire) {
                Some(origin) => (
                    push_token(&push_token(&origin.pointer, "properties"), wire),
                    origin.owner.as_str(),
                ),
                None => (push_token(&properties_pointer, wire), name),
            };
            let suggested = field(wire);
            // `extra` and its fallbacks are chosen after the fields, among the free names.
            let field_name = free_name(suggested.clone(), wire, field, |n| {
                field_pointers.contains_key(n)
            });
            if field_name != suggested {
                let first = field_pointers.get(&suggested).cloned().unwrap_or_default();
                self.warn(
                    &property_pointer,
                    &format!(
                        "property `{wire}` and #{first} both suggest the Rust field \
                         `{suggested}`; this one is `{field_name}` (its wire name is kept)"
                    ),
                );
            }
            field_pointers.insert(field_name.clone(), property_pointer.clone());
            let hint = format!("{owner}{}", camel(wire, "V"));
            let resolved = self.resolve_boxed(property, &property_pointer, &hint)?;
            let presence = match (object.required.contains(wire), resolved.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            // Only required fields are sampled (the others are left out, or `null`).
            let sample = match presence {
                Presence::Required => self.sample_boxed(property, &property_pointer),
                _ => None,
            };
            fields.push(Field {
                name: field_name,
                wire: wire.clone(),
                ty: resolved.ty,
                presence,
                docs: resolved.docs,
                boxed: false,
                sample,
            });
        }
        // A required name that no property lists only says the key is there, with any value:
        // it arrives in `extra`, like every key the spec does not describe.
        if let Some(wire) = object
            .required
            .iter()
            .find(|wire| !object.properties.contains_key(*wire))
        {
            self.warn(
                &push_token(pointer, "required"),
                &format!(
                    "`{wire}` is required but not among the properties; its value is kept in `extra`"
                ),
            );
        }
        self.make_way_for_clear_methods(&mut fields, &properties_pointer);
        let extra = ["extra", "extra_properties", "unknown_properties"]
            .into_iter()
            .find(|candidate| !fields.iter().any(|f: &Field| f.name == *candidate))
            .unwrap_or("extra_")
            .to_string();
        let constructor = self.constructor(name, &fields, &object.required, pointer);
        Ok(Ok(StructDef {
            constructor,
            fields,
            role: StructRole::Object { extra, extra_value },
        }))
    }

    /// The model derive gives each optional nullable field `f` a method `clear_f` (setting
    /// `null`); a field of that name would have a setter of that name too, which the derive
    /// refuses. Such a field is numbered, with a warning (its wire name is kept).
    fn make_way_for_clear_methods(&mut self, fields: &mut [Field], properties_pointer: &str) {
        let clears: Vec<(String, String)> = fields
            .iter()
            .filter(|f| f.presence == Presence::OptionalNullable)
            .map(|f| (clear_method(&f.name), f.wire.clone()))
            .collect();
        for i in 0..fields.len() {
            let Some((clear, nullable)) = clears.iter().find(|(c, _)| *c == fields[i].name) else {
                continue;
            };
            let name = numbered(&fields[i].name, |n| {
                fields.iter().any(|f| f.name == n) || clears.iter().any(|(c, _)| c == n)
            });
            let wire = fields[i].wire.clone();
            self.warn(
                &push_token(properties_pointer, &wire),
                &format!(
                    "property `{wire}` would be the field `{clear}`, the name of the method that \
                     sets the nullable `{nullable}` to `null`; this one is `{name}` (its wire \
                     name is kept)"
                ),
            );
            fields[i].name = name;
        }
    }

    /// How a caller makes the struct `name`: see [`Constructor`]. The named form claims the
    /// type name `<name>Required`; when a schema already has it, the arguments stay positional.
    fn constructor(
        &mut self,
        name: &str,
        fields: &[Field],
        required: &[String],
        pointer: &str,
    ) -> Constructor {
        let arguments = Constructor::arguments(fields, required);
        if arguments.is_empty() {
            return Constructor::Empty;
        }
        let type_name = joined(&format!("{name}Required"));
        if Constructor::needs_names(fields, &arguments) && !self.claimed.contains_key(&type_name) {
            self.claimed.insert(type_name.clone(), pointer.to_string());
            return Constructor::Named {
                type_name,
                fields: arguments,
            };
        }
        Constructor::Required(arguments)
    }

    /// An open enum of the values of `string`, each variant named by `given` (when those names
    /// are usable) or after its value; two that suggest one name are told apart
    /// ([`free_name`]).
    fn enumeration(
        &mut self,
        string: &StringType,
        given: Option<enum_names::GivenNames>,
        pointer: &str,
    ) -> Result<EnumDef, Error> {
        let given = self.checked_names(&string.enumeration, given);
        let mut variants: Vec<Variant> = Vec::new();
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (i, value) in string.enumeration.iter().enumerate() {
            let Some(wire) = value else { continue };
            if variants.iter().any(|v| v.wire == *wire) {
                continue;
            }
            let suggested = match given.as_ref().and_then(|names| names.get(i)) {
                Some(name) => name.clone(),
                None => camel(wire, "V"),
            };
            let make = |w: &str| camel(w, "V");
            let name = free_name(suggested.clone(), wire, make, |n| seen.contains_key(n));
            if name != suggested {
                let first = seen.get(&suggested).copied().unwrap_or_default();
                let at = push_token(&push_token(pointer, "enum"), &i.to_string());
                self.warn(
                    &at,
                    &format!(
                        "enum values `{first}` and `{wire}` both suggest the Rust variant \
                         `{suggested}`; this one is `{name}` (its wire value is kept)"
                    ),
                );
            }
            seen.insert(name.clone(), wire);
            variants.push(Variant {
                name,
                wire: wire.clone(),
            });
        }
        let unknown = catch_all_name(|name| seen.contains_key(name));
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

    /// The type a schema `$ref` names. The normalizer makes every one name a component (or
    /// degrade); one that still does not is `serde_json::Value`, with a warning.
    fn reference(&mut self, reference: &str, pointer: &str) -> Result<Resolved, Error> {
        let found = self.component(reference);
        let Some(rust) = found
            .as_ref()
            .and_then(|(name, _)| self.component_names.get(name))
        else {
            let why = format!("`$ref: {reference}` names no schema of `{SCHEMA_PREFIX}`");
            return Ok(Resolved {
                ty: self.json(Unsupported::new(pointer, why)),
                nullable: false,
                docs: Vec::new(),
            });
        };
        let rust = rust.clone();
        let nullable = self.admits_null(reference, 0);
        Ok(Resolved {
            ty: TypeRef::Named(rust),
            nullable,
            docs: Vec::new(),
        })
    }

    /// Whether the component a `$ref` names admits `null`, itself or through what it only
    /// renames: another `$ref`, or the `allOf: [$ref]` that a `$ref` with siblings becomes.
    fn admits_null(&self, reference: &str, depth: usize) -> bool {
        let Some((_, schema)) = self.component(reference) else {
            return false;
        };
        match schema {
            // A loop of references is refused elsewhere; here it only needs to end.
            _ if depth > 32 => false,
            ReferenceOr::Reference { reference } => self.admits_null(reference, depth + 1),
            ReferenceOr::Item(schema) => {
                schema.schema_data.nullable
                    || match &schema.schema_kind {
                        SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                            [ReferenceOr::Reference { reference }] => {
                                self.admits_null(reference, depth + 1)
                            }
                            [ReferenceOr::Item(single)] => single.schema_data.nullable,
                            _ => false,
                        },
                        _ => false,
                    }
            }
        }
    }

    /// The type an inline schema describes.
    fn shape(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Resolved, Error> {
        let data = &schema.schema_data;
        if let Some(marker) = data.extensions.get(crate::normalize::DEGRADED) {
            let text = |key: &str| marker.get(key).and_then(|v| v.as_str()).unwrap_or_default();
            let unsupported = Unsupported::new(text("pointer"), text("reason"));
            return Ok(Resolved {
                ty: self.json(unsupported),
                nullable: false,
                docs: docs_of(data),
            });
        }
        if data.extensions.contains_key(crate::normalize::ONLY_NULL) {
            let mut docs = docs_of(data);
            docs.push("Always `null`.".to_string());
            return Ok(Resolved {
                ty: TypeRef::Null,
                nullable: false,
                docs,
            });
        }
        let ty = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => match substantive(all_of).as_slice() {
                [(i, single)] => {
                    let inner = self.resolve(
                        single,
                        &push_token(&push_token(pointer, "allOf"), &i.to_string()),
                        hint,
                    )?;
                    let mut docs = docs_of(data);
                    docs.extend(all_of.iter().filter_map(annotation_only).flat_map(docs_of));
                    let mut docs = docs_or(docs, inner.docs);
                    docs.extend(annotation_docs(data));
                    return Ok(Resolved {
                        ty: inner.ty,
                        nullable: data.nullable || inner.nullable,
                        docs,
                    });
                }
                // Only annotations: nothing about the value's shape.
                [] => {
                    self.warn(
                        pointer,
                        "the schema says nothing about the value's shape; it is `serde_json::Value`",
                    );
                    TypeRef::Json
                }
                _ => self.inline(hint, schema, pointer)?,
            },
            SchemaKind::OneOf { .. } if data.discriminator.is_some() => {
                self.inline(hint, schema, pointer)?
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.inline(hint, schema, pointer)?
            }
            SchemaKind::Not { .. } => self.json(unsupported(pointer, "`not`")),
            SchemaKind::Any(any) if *any != openapiv3::AnySchema::default() => {
                self.json(Unsupported::new(
                    pointer,
                    "this combination of keywords does not describe one type (for example `type: string` \
                     with `minimum`, or `properties` beside `oneOf`)",
                ))
            }
            SchemaKind::Any(_) => {
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
                    format_type(string).map_or(TypeRef::String, TypeRef::Format)
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => TypeRef::Integer(integer_type(integer)),
            SchemaKind::Type(Type::Number(number)) => TypeRef::Float(float_type(number)),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(_)) if data.extensions.contains_key(crate::normalize::TUPLE) => {
                self.tuple(data, pointer, hint)?
            }
            SchemaKind::Type(Type::Array(array)) => self.array(array, pointer, hint)?,
            SchemaKind::Type(Type::Object(object)) => {
                if is_map(object) {
                    self.map(object, pointer, hint)?
                } else {
                    self.inline(hint, schema, pointer)?
                }
            }
        };
        let mut docs = docs_of(data);
        docs.extend(annotation_docs(data));
        Ok(Resolved {
            ty,
            nullable: data.nullable,
            docs,
        })
    }

    /// `prefixItems` with nothing after them: a Rust tuple.
    fn tuple(&mut self, data: &SchemaData, pointer: &str, hint: &str) -> Result<TypeRef, Error> {
        let items = match data.extensions.get(crate::normalize::TUPLE) {
            Some(serde_json::Value::Array(items)) => items,
            _ => return Ok(TypeRef::Json),
        };
        let mut types = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_pointer = push_token(&push_token(pointer, "prefixItems"), &i.to_string());
            let Ok(schema) = serde_json::from_value::<ReferenceOr<Schema>>(item.clone()) else {
                types.push(self.json(Unsupported::new(
                    &item_pointer,
                    "this tuple item is not a schema `openapiv3` reads",
                )));
                continue;
            };
            let resolved = self.resolve(&schema, &item_pointer, &format!("{hint}{i}"))?;
            types.push(nullable_inside(resolved));
        }
        Ok(TypeRef::Tuple(types))
    }

    fn array(&mut self, array: &ArrayType, pointer: &str, hint: &str) -> Result<TypeRef, Error> {
        let item = match &array.items {
            Some(items) => {
                let resolved = self.resolve_boxed(
                    items,
                    &push_token(pointer, "items"),
                    &format!("{hint}Item"),
                )?;
                nullable_inside(resolved)
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
                nullable_inside(resolved)
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
}

/// Where a component schema is in the file, and the name it suggests: its own place and key,
/// or, for a schema the normalizer hoisted into `components/schemas`, the place it came from
/// and the name that place suggests.
fn origin<'s>(name: &'s str, schema: &'s ReferenceOr<Schema>) -> (String, &'s str) {
    let hoisted = match schema {
        ReferenceOr::Item(schema) => schema.schema_data.extensions.get(crate::normalize::HOISTED),
        ReferenceOr::Reference { .. } => None,
    };
    let text = |key: &str| hoisted.and_then(|h| h.get(key)).and_then(|v| v.as_str());
    match (text("pointer"), text("name")) {
        (Some(pointer), Some(suggested)) => (pointer.to_string(), suggested),
        _ => (push_token("/components/schemas", name), name),
    }
}

/// Whether a component schema is one the normalizer hoisted (no schema of the spec's own
/// `components/schemas`).
pub(crate) fn is_hoisted(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(schema)
        if schema.schema_data.extensions.contains_key(crate::normalize::HOISTED))
}

/// The object an `allOf` merges, and where each of its properties comes from.
#[derive(Default)]
struct Merged {
    object: ObjectType,
    /// By wire name: the schema holding the property's definition, and the type named after it.
    origins: BTreeMap<String, Origin>,
    /// The place of the branch whose `additionalProperties` schema `object` took.
    additional_at: Option<String>,
}

/// Where a merged property is defined: the schema's place (its `properties` holds it) and the
/// Rust type whose name its inline type takes.
struct Origin {
    pointer: String,
    owner: String,
}

impl Merged {
    /// Takes a branch's `additionalProperties`. `true` and `false` change nothing: properties
    /// the spec does not list are kept as JSON either way, as in any object (a `false` that
    /// refused them would break decoding the day the API adds one). A schema types them; two
    /// branches that give different schemas describe no one type.
    fn add_additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> Result<(), Unsupported> {
        let Some(AdditionalProperties::Schema(schema)) = additional else {
            return Ok(());
        };
        match &self.object.additional_properties {
            Some(AdditionalProperties::Schema(first)) if first != schema => Err(Unsupported::new(
                pointer,
                format!(
                    "two `allOf` branches give `additionalProperties` different schemas (the other at #{})",
                    self.additional_at.as_deref().unwrap_or_default()
                ),
            )),
            Some(AdditionalProperties::Schema(_)) => Ok(()),
            _ => {
                self.object.additional_properties =
                    Some(AdditionalProperties::Schema(schema.clone()));
                self.additional_at = Some(pointer.to_string());
                Ok(())
            }
        }
    }

    /// Adds a branch's properties and its `additionalProperties` ([`Self::add_additional`]),
    /// defined in the schema at `pointer`. A property a later branch defines again takes the
    /// later definition: the usual reading of `allOf: [base, refinement]` (a stricter type, or
    /// `null` where the base has a string), where a literal AND of both would often allow no
    /// value at all.
    fn add(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        owner: &str,
    ) -> Result<(), Unsupported> {
        self.add_additional(additional, pointer)?;
        for (wire, property) in properties {
            let annotation = match property {
                ReferenceOr::Item(schema) => says_nothing(schema),
                ReferenceOr::Reference { .. } => false,
            };
            if annotation && self.object.properties.contains_key(wire) {
                continue;
            }
            self.object
                .properties
                .insert(wire.clone(), property.clone());
            let origin = Origin {
                pointer: pointer.to_string(),
                owner: owner.to_string(),
            };
            self.origins.insert(wire.clone(), origin);
        }
        for wire in required {
            if !self.object.required.contains(wire) {
                self.object.required.push(wire.clone());
            }
        }
        Ok(())
    }
}

/// An `allOf` branch that only annotates (a description beside a `$ref`): its schema.
fn annotation_only(branch: &ReferenceOr<Schema>) -> Option<&SchemaData> {
    match branch {
        ReferenceOr::Item(schema) if says_nothing(schema) => Some(&schema.schema_data),
        _ => None,
    }
}

/// A schema with annotations only (description, example, ...): no type, no constraint, not
/// the always-`null` or degraded marker.
fn says_nothing(schema: &Schema) -> bool {
    let data = &schema.schema_data;
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
        && !data.nullable
        && !data.extensions.contains_key(crate::normalize::DEGRADED)
        && !data.extensions.contains_key(crate::normalize::ONLY_NULL)
}

/// The `allOf` branches that say something about the value, with their index.
pub(super) fn substantive(all_of: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
    all_of
        .iter()
        .enumerate()
        .filter(|(_, b)| annotation_only(b).is_none())
        .collect()
}

/// What `readOnly`, `writeOnly` and `deprecated` tell a caller, as doc lines.
fn annotation_docs(data: &SchemaData) -> Vec<String> {
    let mut docs = Vec::new();
    if data.deprecated {
        docs.push("Deprecated by the API.".to_string());
    }
    if data.read_only {
        docs.push("Read-only: the server sets it and ignores it in requests.".to_string());
    }
    if data.write_only {
        docs.push("Write-only: sent in requests, never returned.".to_string());
    }
    docs
}

/// The name of the method the model derive gives an optional nullable field to set `null`
/// (its `clear_name`): `clear_` and the field's name without the `_` at either end.
fn clear_method(field: &str) -> String {
    format!("clear_{}", field.trim_matches('_'))
}

/// An array item's or map value's type: `Option<T>` when it may be `null`.
fn nullable_inside(resolved: Resolved) -> TypeRef {
    match resolved.ty {
        // `()` is already the null.
        TypeRef::Null => TypeRef::Null,
        ty if resolved.nullable => TypeRef::Nullable(Box::new(ty)),
        ty => ty,
    }
}

/// `<what> is not supported by this generator yet`, at `pointer`.
fn unsupported(pointer: &str, what: &str) -> Unsupported {
    Unsupported::new(
        pointer,
        format!("{what} is not supported by this generator yet"),
    )
}

/// The name of the variant that holds values the spec does not list: `Unknown`, unless a
/// listed value already took it.
fn catch_all_name(taken: impl Fn(&str) -> bool) -> String {
    ["Unknown", "Unrecognized", "UnknownValue"]
        .into_iter()
        .find(|name| !taken(name))
        .unwrap_or("Unknown_")
        .to_string()
}

/// An object schema without properties that allows other keys: a map.
fn is_map(object: &ObjectType) -> bool {
    object.properties.is_empty()
        && matches!(
            &object.additional_properties,
            Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(true))
        )
}

/// The text of a string schema's `format`, whether `openapiv3` knows it or not.
pub(super) fn format_text(string: &StringType) -> &str {
    match &string.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "date",
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "date-time",
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => "password",
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "byte",
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => "binary",
        VariantOrUnknownOrEmpty::Unknown(format) => format,
        VariantOrUnknownOrEmpty::Empty => "",
    }
}

/// The runtime type for a string's format, if it has one.
pub(super) fn format_type(string: &StringType) -> Option<&'static str> {
    let format = format_text(string);
    FORMAT_TYPES
        .iter()
        .find(|(f, _)| *f == format)
        .map(|(_, ty)| *ty)
}

/// The format a named string schema gets a newtype for: one that names a kind of value.
pub(super) fn newtype_format(string: &StringType) -> Option<String> {
    let format = format_text(string);
    let plain = PLAIN_STRING_FORMATS.contains(&format) || format_type(string).is_some();
    (!plain).then(|| format.to_string())
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

/// Documentation paragraphs from a schema: its description. (A `title` names a type instead.)
pub(crate) fn docs_of(data: &SchemaData) -> Vec<String> {
    data.description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| vec![d.to_string()])
        .unwrap_or_default()
}

fn docs_or(first: Vec<String>, fallback: Vec<String>) -> Vec<String> {
    if first.is_empty() { fallback } else { first }
}

/// The spec's examples as text, for docs (3.1 `examples`, kept by the normalizer, or `example`).
pub(super) fn examples_of(data: &SchemaData) -> Vec<String> {
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

/// The docs of an operation's options struct, naming the method on the client.
pub(crate) fn options_docs(params: &[super::QueryParam], client: &str, method: &str) -> String {
    format!(
        "The optional {} parameters of `{client}::{method}`; those left `None` are not sent.",
        if params.iter().all(|p| p.location == super::In::Query) {
            "query"
        } else {
            "query, header and cookie"
        }
    )
}
