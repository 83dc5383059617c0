//! `multipart/form-data` request bodies (RFC 7578), encoded to bytes up front so that a retry
//! sends exactly the same body.

use crate::params::QueryValue;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// A file sent in a `multipart/form-data` body (a `format: binary` property): its bytes, and
/// the file name and media type its part announces.
///
/// ```
/// # use meteroid_runtime::types::FilePart;
/// let csv = FilePart::new(b"email\nada@example.com\n".to_vec())
///     .file_name("contacts.csv")
///     .content_type("text/csv");
/// assert_eq!(csv.bytes().len(), 22);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes, sent as `application/octet-stream` under the name `file`
    /// unless told otherwise.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name the part announces (`filename=` in its `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's media type (`Content-Type`), `application/octet-stream` by default.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    /// The file's contents.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Outside a multipart body (a JSON document that names a binary string) the contents are
/// written as text, bytes that are not UTF-8 replaced.
impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| FilePart::new(text.into_bytes()))
    }
}

impl crate::ParamValue for FilePart {
    fn to_param(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }
}

impl crate::FromAbsent for FilePart {}

#[cfg(feature = "samples")]
impl crate::samples::Sample for FilePart {
    fn sample() -> Self {
        FilePart::new(b"sample".to_vec()).file_name("sample.txt")
    }
}

/// A file property as the body model holds it: one file, optional (`Option`), optional and
/// nullable (`Option<Option>`), or a list of files.
pub trait FileValue {
    /// The files it holds, none for `None` or `null`.
    fn files(&self) -> &[FilePart];
}

impl FileValue for FilePart {
    fn files(&self) -> &[FilePart] {
        std::slice::from_ref(self)
    }
}

impl FileValue for Option<FilePart> {
    fn files(&self) -> &[FilePart] {
        self.as_slice()
    }
}

impl FileValue for Option<Option<FilePart>> {
    fn files(&self) -> &[FilePart] {
        self.as_ref().map_or(&[], Option::as_slice)
    }
}

impl FileValue for [FilePart] {
    fn files(&self) -> &[FilePart] {
        self
    }
}

impl FileValue for Vec<FilePart> {
    fn files(&self) -> &[FilePart] {
        self
    }
}

impl FileValue for Option<Vec<FilePart>> {
    fn files(&self) -> &[FilePart] {
        self.as_deref().unwrap_or_default()
    }
}

impl FileValue for Option<Option<Vec<FilePart>>> {
    fn files(&self) -> &[FilePart] {
        self.as_ref().and_then(Option::as_deref).unwrap_or_default()
    }
}

/// The parts of a `multipart/form-data` body, in order. Generated operations fill it from
/// the body model, one call per property; absent (`None`) values send no part, and neither
/// does `null` (`Some(None)`): a form has no null, and an empty part would be read as the
/// empty string, another value.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// A text part per value: a scalar's text, one part per item of an array; none for `None`
    /// or `null`.
    pub fn text<V: QueryValue + ?Sized>(mut self, name: &str, value: &V) -> Self {
        let mut pairs = Vec::new();
        value.push_pairs(name, &mut pairs);
        for (_, text) in pairs {
            self.parts.push(Part {
                name: name.to_string(),
                file_name: None,
                content_type: None,
                bytes: text.into_bytes(),
            });
        }
        self
    }

    /// A part holding the value as JSON (`application/json`), for objects and other values
    /// with no text form; nothing for `None`/`null`. A value that cannot be encoded is skipped.
    pub fn json<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        if let Ok(bytes) = serde_json::to_vec(value)
            && bytes != b"null"
        {
            self.parts.push(Part {
                name: name.to_string(),
                file_name: None,
                content_type: Some("application/json".to_string()),
                bytes,
            });
        }
        self
    }

    /// A file part per file: one, or one per item of a list; nothing for `None` or `null`.
    pub fn file<F: FileValue + ?Sized>(mut self, name: &str, value: &F) -> Self {
        for file in value.files() {
            self.parts.push(Part {
                name: name.to_string(),
                file_name: Some(file.file_name.clone().unwrap_or_else(|| name.to_string())),
                content_type: Some(
                    file.content_type
                        .clone()
                        .unwrap_or_else(|| "application/octet-stream".to_string()),
                ),
                bytes: file.bytes.clone(),
            });
        }
        self
    }

    /// The encoded body and its `Content-Type` (with the boundary). The boundary is derived
    /// from the contents and checked not to occur in any part.
    pub(crate) fn encode(&self) -> (Vec<u8>, String) {
        let mut salt: u64 = 0;
        let boundary = loop {
            let candidate = format!("meteroid-{:016x}", self.fingerprint(salt));
            let marker = format!("--{candidate}");
            let collides = self.parts.iter().any(|p| {
                p.bytes
                    .windows(marker.len())
                    .any(|w| w == marker.as_bytes())
            });
            if !collides {
                break candidate;
            }
            salt += 1;
        };
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!(
                "Content-Disposition: form-data; name=\"{}\"",
                quote(&part.name)
            );
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quote(file_name)));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (body, format!("multipart/form-data; boundary={boundary}"))
    }

    /// FNV-1a over the parts, so that the same body always gets the same boundary.
    fn fingerprint(&self, salt: u64) -> u64 {
        self.parts
            .iter()
            .fold(crate::fnv::OFFSET ^ salt, |hash, part| {
                crate::fnv::fnv1a(crate::fnv::fnv1a(hash, part.name.as_bytes()), &part.bytes)
            })
    }
}

/// A name inside a quoted `Content-Disposition` parameter: quotes and line breaks escaped as
/// RFC 7578 and the HTML form encoding do (`%22`, `%0D`, `%0A`).
fn quote(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_encoded_in_order_with_a_boundary_absent_from_them() {
        let form = Multipart::new()
            .file(
                "file",
                &FilePart::new(b"a,b\n1,2\n".to_vec())
                    .file_name("x.csv")
                    .content_type("text/csv"),
            )
            .text("mode", "skip")
            .text("absent", &None::<String>)
            .json("map", &serde_json::json!({"k": "v"}));
        let (body, content_type) = form.encode();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\nskip\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"map\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":\"v\"}}\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(String::from_utf8(body).unwrap(), expected);
        // The same parts, the same bytes: a retry sends what the first attempt sent.
        assert_eq!(form.encode().1, content_type);
    }

    #[test]
    fn null_sends_no_part_and_a_list_of_files_one_part_per_file() {
        let null = Multipart::new()
            .text("name", &Some(None::<String>))
            .text("tags", &Some(None::<Vec<String>>))
            .file("file", &Some(None::<FilePart>))
            .file("files", &None::<Vec<FilePart>>)
            .json("meta", &Some(None::<serde_json::Value>));
        assert!(null.parts.is_empty(), "{:?}", null.parts);
        let form = Multipart::new()
            .text("name", &Some(Some("ada".to_string())))
            .text("tags", &Some(Some(vec!["a", "b"])))
            .file("file", &Some(Some(FilePart::new(b"1".to_vec()))))
            .file(
                "files",
                &vec![
                    FilePart::new(b"a".to_vec()).file_name("a.txt"),
                    FilePart::new(b"b".to_vec()),
                ],
            );
        let parts: Vec<(&str, Option<&str>, &[u8])> = form
            .parts
            .iter()
            .map(|p| (p.name.as_str(), p.file_name.as_deref(), p.bytes.as_slice()))
            .collect();
        assert_eq!(
            parts,
            [
                ("name", None, &b"ada"[..]),
                ("tags", None, b"a"),
                ("tags", None, b"b"),
                ("file", Some("file"), b"1"),
                ("files", Some("a.txt"), b"a"),
                ("files", Some("files"), b"b"),
            ]
        );
    }

    #[test]
    fn a_boundary_that_occurs_in_a_part_is_replaced() {
        let first = Multipart::new().text("a", "x").encode().1;
        let boundary = first
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        // A part holding exactly that boundary changes the fingerprint anyway; check the
        // invariant on the result instead.
        let form = Multipart::new().text("a", &format!("--{boundary}"));
        let (body, content_type) = form.encode();
        let chosen = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let text = String::from_utf8(body).unwrap();
        assert_eq!(text.matches(&format!("--{chosen}")).count(), 2);
    }
}
