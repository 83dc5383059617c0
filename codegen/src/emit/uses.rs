//! Where each model is used, for its docs: the operations that send or return it, and the
//! models whose fields hold it.

use crate::ir::{Api, StructRole, SuccessBody, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// At most this many places are listed; the rest are counted.
const SHOWN: usize = 6;

/// Type name -> the places that use it, in spec order.
pub(crate) struct Uses(BTreeMap<String, Vec<String>>);

impl Uses {
    pub(crate) fn of(api: &Api) -> Uses {
        let mut uses = Uses(BTreeMap::new());
        let client = &api.client.name;
        for op in &api.operations {
            let name = &op.name;
            if let Some(body) = &op.body {
                uses.add(&body.ty, || {
                    format!("the request of [`{client}::{name}`](super::{client}::{name})")
                });
            }
            if let SuccessBody::Json(ty) | SuccessBody::Events(ty) = &op.success.body {
                uses.add(ty, || {
                    format!("the response of [`{client}::{name}`](super::{client}::{name})")
                });
            }
            for param in op.path_params.iter() {
                uses.add(&param.ty, || {
                    format!(
                        "`{}` of [`{client}::{name}`](super::{client}::{name})",
                        param.name
                    )
                });
            }
            for param in op.required_query.iter() {
                uses.add(&param.ty, || {
                    format!(
                        "`{}` of [`{client}::{name}`](super::{client}::{name})",
                        param.name
                    )
                });
            }
        }
        for def in &api.types {
            let parent = &def.name;
            match &def.kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        uses.add(&field.ty, || format!("[`{parent}::{}`]", field.name));
                    }
                    if let StructRole::Object { extra, extra_value } = &s.role {
                        uses.add(extra_value, || format!("[`{parent}::{extra}`]"));
                    }
                }
                TypeKind::Union(u) => {
                    for variant in &u.variants {
                        uses.add(&variant.ty, || format!("[`{parent}::{}`]", variant.name));
                    }
                }
                TypeKind::Untagged(u) => {
                    for variant in &u.variants {
                        uses.add(&variant.ty, || format!("[`{parent}::{}`]", variant.name));
                    }
                }
                TypeKind::Alias(ty) => uses.add(ty, || format!("[`{parent}`]")),
                TypeKind::Enum(_) | TypeKind::Newtype(_) | TypeKind::Replaced(_) => {}
            }
        }
        uses
    }

    /// Records a use of every named type `ty` holds (directly or as items or values).
    fn add(&mut self, ty: &TypeRef, place: impl Fn() -> String) {
        self.add_dyn(ty, &place);
    }

    fn add_dyn(&mut self, ty: &TypeRef, place: &dyn Fn() -> String) {
        match ty {
            TypeRef::Named(name) => {
                let places = self.0.entry(name.clone()).or_default();
                let place = place();
                if !places.contains(&place) {
                    places.push(place);
                }
            }
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::OneOrMany(inner) => self.add_dyn(inner, place),
            TypeRef::Tuple(items) => {
                for item in items {
                    self.add_dyn(item, place);
                }
            }
            _ => {}
        }
    }

    /// The doc paragraph listing where `name` is used, if anywhere.
    pub(crate) fn paragraph(&self, name: &str) -> Option<String> {
        let places = self.0.get(name)?;
        let mut text = format!("Used in {}", places[..places.len().min(SHOWN)].join(", "));
        if places.len() > SHOWN {
            text.push_str(&format!(" and {} more", places.len() - SHOWN));
        }
        text.push('.');
        Some(text)
    }
}
