//! What a field's type says, read from its syntax: the derives run before type checking, so a
//! type is `Option` when its path's last segment is `Option`, whatever the path.

use syn::{GenericArgument, PathArguments, PathSegment, Type};

/// The type without the invisible groups a `macro_rules!` expansion wraps a `$ty` in, and
/// without parentheses.
fn bare(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(group) => ty = &group.elem,
            Type::Paren(paren) => ty = &paren.elem,
            _ => return ty,
        }
    }
}

/// The last segment of a plain path type (`a::b::C<T>`: `C<T>`).
fn last_segment(ty: &Type) -> Option<&PathSegment> {
    match bare(ty) {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        _ => None,
    }
}

/// `T` of `..::Name<T>`: the one type argument of a path type whose last segment is `name`.
fn argument_of<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let segment = last_segment(ty)?;
    if segment.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    let mut types = arguments.args.iter().filter_map(|argument| match argument {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    });
    match (types.next(), types.next(), arguments.args.len()) {
        (Some(ty), None, 1) => Some(ty),
        _ => None,
    }
}

/// `T` of `Option<T>`.
pub(crate) fn option_inner(ty: &Type) -> Option<&Type> {
    argument_of(ty, "Option")
}

/// Whether the type is `Box<T>` (any path ending in `Box`, one type argument).
pub(crate) fn is_box(ty: &Type) -> bool {
    argument_of(ty, "Box").is_some()
}

/// Whether the type is `Extra` or `Extra<V>`, by any path.
pub(crate) fn is_extra(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|segment| segment.ident == "Extra")
}

/// Whether the type is `String`, by any path, without arguments.
pub(crate) fn is_string(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|segment| {
        segment.ident == "String" && matches!(segment.arguments, PathArguments::None)
    })
}

/// Whether the type is a primitive number or `bool` written as one bare identifier. A setter
/// of such a field takes the type itself rather than `impl Into<T>`: through `Into` an integer
/// literal has no type to infer (`per_page(50)` would not compile for a `u32`).
pub(crate) fn is_primitive(ty: &Type) -> bool {
    const PRIMITIVES: &[&str] = &[
        "bool", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128",
        "usize", "f32", "f64",
    ];
    match bare(ty) {
        Type::Path(path) if path.qself.is_none() && path.path.leading_colon.is_none() => {
            path.path.segments.len() == 1
                && matches!(path.path.segments[0].arguments, PathArguments::None)
                && PRIMITIVES
                    .iter()
                    .any(|primitive| path.path.segments[0].ident == primitive)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn option_inner_reads_the_last_segment_and_one_argument() {
        let plain: Type = parse_quote!(Option<String>);
        let qualified: Type = parse_quote!(::core::option::Option<Vec<u8>>);
        let nested: Type = parse_quote!(Option<Option<u32>>);
        assert!(option_inner(&plain).is_some());
        assert!(option_inner(&qualified).is_some());
        assert!(option_inner(option_inner(&nested).unwrap()).is_some());
        for not_option in [
            parse_quote!(String),
            parse_quote!(Options<u8>),
            parse_quote!(Option),
            parse_quote!(Option<u8, u8>),
            parse_quote!(<T as Tr>::Option<u8>),
            parse_quote!(Option<'a>),
        ] {
            let not_option: Type = not_option;
            assert!(option_inner(&not_option).is_none());
        }
    }

    #[test]
    fn primitives_are_bare_identifiers_only() {
        for primitive in [parse_quote!(u32), parse_quote!(bool), parse_quote!(f64)] {
            let primitive: Type = primitive;
            assert!(is_primitive(&primitive));
        }
        for other in [
            parse_quote!(::core::primitive::u32),
            parse_quote!(String),
            parse_quote!(Vec<u32>),
            parse_quote!(char),
            parse_quote!(u32x),
        ] {
            let other: Type = other;
            assert!(!is_primitive(&other));
        }
    }

    #[test]
    fn extra_box_and_string_by_any_path() {
        assert!(is_extra(&parse_quote!(Extra)));
        assert!(is_extra(&parse_quote!(rt::Extra<u32>)));
        assert!(!is_extra(&parse_quote!(Extras)));
        assert!(is_box(&parse_quote!(::std::boxed::Box<Line>)));
        assert!(!is_box(&parse_quote!(Box)));
        assert!(is_string(&parse_quote!(::std::string::String)));
        assert!(!is_string(&parse_quote!(Str)));
    }
}
