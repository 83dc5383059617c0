//! Recursive schemas: a type that contains itself by value needs a `Box` somewhere on the
//! cycle, and a type alias may not name itself at all.

use super::{TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The named type `ty` holds by value (not behind a `Vec` or a map, which already allocate).
fn by_value(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) | TypeRef::OneOrMany(inner) => by_value(inner),
        _ => None,
    }
}

/// `pub type A = B; pub type B = A;` does not compile: the first loop of aliases, as the
/// alias it starts at, that alias's pointer and the loop's names (`A -> B -> A`).
pub(crate) fn alias_loop(types: &[TypeDef]) -> Option<(String, String, String)> {
    let aliases: BTreeMap<&str, (&str, &str)> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(TypeRef::Named(target)) => {
                Some((t.name.as_str(), (target.as_str(), t.pointer.as_str())))
            }
            _ => None,
        })
        .collect();
    for (start, (_, pointer)) in &aliases {
        let mut seen = vec![*start];
        let mut current = *start;
        while let Some((next, _)) = aliases.get(current) {
            if *next == *start {
                seen.push(next);
                return Some((start.to_string(), pointer.to_string(), seen.join(" -> ")));
            }
            if seen.contains(next) {
                break;
            }
            seen.push(next);
            current = next;
        }
    }
    None
}

/// Boxes every struct field through which its type reaches itself by value.
pub(crate) fn box_cycles(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .map(|t| {
            let targets: BTreeSet<String> = match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter_map(|f| by_value(&f.ty))
                    .map(str::to_string)
                    .collect(),
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .filter_map(|v| by_value(&v.ty))
                    .map(str::to_string)
                    .collect(),
                TypeKind::Untagged(u) => u
                    .variants
                    .iter()
                    .filter_map(|v| by_value(&v.ty))
                    .map(str::to_string)
                    .collect(),
                TypeKind::Alias(ty) => by_value(ty).into_iter().map(str::to_string).collect(),
                TypeKind::Enum(_) | TypeKind::Newtype(_) | TypeKind::Replaced(_) => BTreeSet::new(),
            };
            (t.name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                stack.extend(edges.get(&node).into_iter().flatten().cloned());
            }
        }
        false
    };
    // Union variants are always boxed (see `UnionVariant::boxed`), recursive or not; so are
    // the object variants of untagged unions, an alias of a struct among them
    // (`ContactOrganization = OrganizationIdentity`), for the same reason: an object is
    // hundreds of bytes beside a number or a string, and every value of the enum would pay
    // for it.
    let objects: BTreeSet<String> = {
        let kinds: BTreeMap<&str, &TypeKind> =
            types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
        let kind_of = |name: &str| kinds.get(name).copied();
        types
            .iter()
            .filter(|t| {
                TypeRef::Named(t.name.clone())
                    .struct_def(&kind_of)
                    .is_some()
            })
            .map(|t| t.name.clone())
            .collect()
    };
    for def in types.iter_mut() {
        let name = def.name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = by_value(&field.ty).is_some_and(|target| reaches(target, &name));
                }
            }
            TypeKind::Untagged(u) => {
                for variant in &mut u.variants {
                    let object = matches!(&variant.ty, TypeRef::Named(n) if objects.contains(n));
                    variant.boxed = object
                        || by_value(&variant.ty).is_some_and(|target| reaches(target, &name));
                }
            }
            _ => {}
        }
    }
}
