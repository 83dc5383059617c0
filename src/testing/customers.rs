//! The fake's customer store: what `POST`, `GET` and `PATCH` under `/api/v1/customers` do.
//! Each operation returns the status and JSON body to send; the server around it does the rest.

use serde_json::{Map, Value, json};

/// A status and the JSON body to send with it.
pub(super) type Answer = (u16, Value);

/// Rows a page holds when the request names no `per_page`.
pub(super) const SERVED_PER_PAGE: u64 = 25;
/// What the real server reports as `per_page` in that case: not what it served. The fake
/// copies it so that a pager trusting the reported size would be caught skipping rows.
const REPORTED_PER_PAGE: u64 = 10;
/// The spec's bounds on `per_page`.
const PER_PAGE_RANGE: std::ops::RangeInclusive<u64> = 1..=100;

/// The invoicing entity a customer created without one belongs to: the fake tenant has one,
/// as a new Meteroid account does.
pub(super) const INVOICING_ENTITY_ID: &str = "ive_7n42DGM5Tflk9n8mt7Fhc7";

/// The JSON type a property must have.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Currency,
    Bool,
    Object,
    Texts,
    Objects,
}

impl Kind {
    fn accepts(self, value: &Value) -> bool {
        match self {
            Kind::Text => value.is_string(),
            // The spec's enum is ISO 4217; its shape is enough to catch a typo'd field.
            Kind::Currency => value
                .as_str()
                .is_some_and(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())),
            Kind::Bool => value.is_boolean(),
            Kind::Object => value.is_object(),
            Kind::Texts => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            Kind::Objects => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_object)),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::Text => "a string",
            Kind::Currency => "a currency code such as \"EUR\"",
            Kind::Bool => "a boolean",
            Kind::Object => "an object",
            Kind::Texts => "an array of strings",
            Kind::Objects => "an array of objects",
        }
    }
}

/// A property of a request body: its name, its type, and whether it must be present and
/// not `null` (on create) or may not be cleared (on patch).
struct Property(&'static str, Kind, bool);

/// `CustomerCreateRequest` in the spec.
const CREATE: [Property; 13] = [
    Property("alias", Kind::Text, false),
    Property("billing_address", Kind::Object, false),
    Property("billing_email", Kind::Text, false),
    Property("connected_account_id", Kind::Text, false),
    Property("currency", Kind::Currency, true),
    Property("custom_taxes", Kind::Objects, true),
    Property("invoicing_emails", Kind::Texts, true),
    Property("invoicing_entity_id", Kind::Text, false),
    Property("is_tax_exempt", Kind::Bool, false),
    Property("name", Kind::Text, true),
    Property("phone", Kind::Text, false),
    Property("shipping_address", Kind::Object, false),
    Property("vat_number", Kind::Text, false),
];

/// `CustomerPatchRequest` in the spec; the spec lets every property be `null`, but the server
/// refuses to clear what a customer must have.
const PATCH: [Property; 12] = [
    Property("alias", Kind::Text, false),
    Property("billing_address", Kind::Object, false),
    Property("billing_email", Kind::Text, false),
    Property("currency", Kind::Currency, true),
    Property("custom_taxes", Kind::Objects, true),
    Property("invoicing_emails", Kind::Texts, true),
    Property("invoicing_entity_id", Kind::Text, true),
    Property("is_tax_exempt", Kind::Bool, false),
    Property("name", Kind::Text, true),
    Property("phone", Kind::Text, false),
    Property("shipping_address", Kind::Object, false),
    Property("vat_number", Kind::Text, false),
];

/// An error in the spec's `RestErrorResponse` shape.
pub(super) fn error(status: u16, code: &str, message: &str) -> Answer {
    (status, json!({"code": code, "message": message}))
}

fn bad_request(message: &str) -> Answer {
    error(400, "BAD_REQUEST", message)
}

fn not_found(id_or_alias: &str) -> Answer {
    error(
        404,
        "NOT_FOUND",
        &format!("no customer with the id or alias {id_or_alias:?}"),
    )
}

/// The customers, in the order they were added or created.
#[derive(Default)]
pub(super) struct Customers {
    rows: Vec<Map<String, Value>>,
    /// How many ids `create` has handed out.
    created: u64,
}

impl Customers {
    /// Stores a customer as given (the caller's fixture, not a request: no checks).
    pub(super) fn add(&mut self, customer: Map<String, Value>) {
        self.rows.push(customer);
    }

    /// The customer with this id or, failing that, this alias.
    pub(super) fn find(&self, id_or_alias: &str) -> Option<&Map<String, Value>> {
        self.position(id_or_alias).map(|i| &self.rows[i])
    }

    fn position(&self, id_or_alias: &str) -> Option<usize> {
        let has = |row: &Map<String, Value>, key: &str| {
            row.get(key).and_then(Value::as_str) == Some(id_or_alias)
        };
        // An id names one customer for good; an alias only until it is changed.
        (self.rows.iter().position(|row| has(row, "id")))
            .or_else(|| self.rows.iter().position(|row| has(row, "alias")))
    }

    /// Whether a customer other than the one at `except` has this alias.
    fn alias_taken(&self, alias: &Value, except: Option<usize>) -> bool {
        alias.is_string()
            && (self.rows.iter().enumerate())
                .any(|(i, row)| Some(i) != except && row.get("alias") == Some(alias))
    }

    /// `POST /api/v1/customers`: 201 and the customer, with an id of the fake's own.
    pub(super) fn create(&mut self, body: &[u8]) -> Answer {
        let mut customer = match object(body) {
            Ok(customer) => customer,
            Err(answer) => return answer,
        };
        if let Err(answer) = check(&customer, &CREATE) {
            return answer;
        }
        for Property(name, _, required) in &CREATE {
            if *required && customer.get(*name).is_none_or(Value::is_null) {
                return bad_request(&format!("`{name}` is required"));
            }
        }
        if customer
            .get("alias")
            .is_some_and(|alias| self.alias_taken(alias, None))
        {
            return error(409, "CONFLICT", "a customer already has this alias");
        }
        let id = self.next_id();
        // A `Customer` always has an invoicing entity; the server picks the default one.
        if customer
            .get("invoicing_entity_id")
            .is_none_or(Value::is_null)
        {
            customer.insert("invoicing_entity_id".into(), INVOICING_ENTITY_ID.into());
        }
        let mut row = Map::with_capacity(customer.len() + 1);
        row.insert("id".into(), Value::String(id));
        row.extend(customer);
        self.rows.push(row.clone());
        (201, Value::Object(row))
    }

    /// `cus_fake000000000000000001`, `..2`, ..: the shape of a Meteroid id (22 characters
    /// after the prefix), the same in every run, never one a fixture already uses.
    fn next_id(&mut self) -> String {
        loop {
            self.created += 1;
            let id = format!("cus_fake{:018}", self.created);
            if self.position(&id).is_none() {
                return id;
            }
        }
    }

    /// `GET /api/v1/customers/{id_or_alias}`.
    pub(super) fn get(&self, id_or_alias: &str) -> Answer {
        match self.find(id_or_alias) {
            Some(customer) => (200, Value::Object(customer.clone())),
            None => not_found(id_or_alias),
        }
    }

    /// `GET /api/v1/customers`: a page of the customers in the order they were added, paged as
    /// the real server pages (see the module's docs). `search`, `order_by` and `archived` are
    /// not applied.
    pub(super) fn list(&self, query: &[(String, String)]) -> Answer {
        let number = |name: &str| -> Result<Option<u64>, Answer> {
            let Some((_, text)) = query.iter().rev().find(|(key, _)| key == name) else {
                return Ok(None);
            };
            match text.parse::<u32>() {
                Ok(n) => Ok(Some(n.into())),
                Err(_) => Err(bad_request(&format!(
                    "`{name}` must be a non-negative integer, not {text:?}"
                ))),
            }
        };
        let (page, asked_per_page) = match (number("page"), number("per_page")) {
            (Ok(page), Ok(per_page)) => (page.unwrap_or(0), per_page),
            (Err(answer), _) | (_, Err(answer)) => return answer,
        };
        if let Some(n) = asked_per_page.filter(|n| !PER_PAGE_RANGE.contains(n)) {
            return bad_request(&format!(
                "`per_page` must be from {} to {}, not {n}",
                PER_PAGE_RANGE.start(),
                PER_PAGE_RANGE.end()
            ));
        }
        let per_page = asked_per_page.unwrap_or(SERVED_PER_PAGE);
        let total = self.rows.len() as u64;
        let data: Vec<Value> = (self.rows.iter())
            .skip(usize::try_from(page.saturating_mul(per_page)).unwrap_or(usize::MAX))
            .take(usize::try_from(per_page).unwrap_or(usize::MAX))
            .cloned()
            .map(Value::Object)
            .collect();
        (
            200,
            json!({
                "data": data,
                "pagination_meta": {
                    "page": page,
                    "per_page": asked_per_page.unwrap_or(REPORTED_PER_PAGE),
                    "total_items": total,
                    "total_pages": total.div_ceil(per_page),
                }
            }),
        )
    }

    /// `PATCH /api/v1/customers/{id_or_alias}`: an absent property is left as it is, `null`
    /// clears it, a value sets it; the patch is checked as a whole, so a refused one changes
    /// nothing.
    pub(super) fn patch(&mut self, id_or_alias: &str, body: &[u8]) -> Answer {
        let Some(at) = self.position(id_or_alias) else {
            return not_found(id_or_alias);
        };
        let patch = match object(body) {
            Ok(patch) => patch,
            Err(answer) => return answer,
        };
        if let Err(answer) = check(&patch, &PATCH) {
            return answer;
        }
        for Property(name, _, required) in &PATCH {
            if *required && patch.get(*name).is_some_and(Value::is_null) {
                return bad_request(&format!("`{name}` cannot be cleared"));
            }
        }
        if patch
            .get("alias")
            .is_some_and(|alias| self.alias_taken(alias, Some(at)))
        {
            return error(409, "CONFLICT", "another customer has this alias");
        }
        let customer = &mut self.rows[at];
        customer.extend(patch);
        (200, Value::Object(customer.clone()))
    }
}

/// The body as a JSON object, or the 400 the server would send.
fn object(body: &[u8]) -> Result<Map<String, Value>, Answer> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        _ => Err(bad_request("the body must be a JSON object")),
    }
}

/// Every property is one the request type has, with the type it needs (`null` aside).
fn check(fields: &Map<String, Value>, properties: &[Property]) -> Result<(), Answer> {
    for (name, value) in fields {
        let Some(Property(_, kind, _)) = properties.iter().find(|p| p.0 == name) else {
            return Err(bad_request(&format!("unknown field `{name}`")));
        };
        if !value.is_null() && !kind.accepts(value) {
            return Err(bad_request(&format!(
                "`{name}` must be {}",
                kind.describe()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created(store: &mut Customers, body: Value) -> Answer {
        store.create(body.to_string().as_bytes())
    }

    fn acme() -> Value {
        json!({"name": "Acme", "currency": "EUR", "custom_taxes": [], "invoicing_emails": []})
    }

    fn message(answer: &Answer) -> (u16, &str, &str) {
        let text = |key: &str| answer.1[key].as_str().unwrap_or_default();
        (answer.0, text("code"), text("message"))
    }

    #[test]
    fn create_checks_the_body_as_the_spec_describes_it() {
        let mut store = Customers::default();
        let without = |field: &str| {
            let mut body = acme();
            body.as_object_mut().map(|o| o.remove(field));
            body
        };
        let with = |field: &str, value: Value| {
            let mut body = acme();
            body[field] = value;
            body
        };
        for (body, expected) in [
            (without("name"), "`name` is required"),
            (with("currency", Value::Null), "`currency` is required"),
            (without("custom_taxes"), "`custom_taxes` is required"),
            (
                without("invoicing_emails"),
                "`invoicing_emails` is required",
            ),
            (
                with("currency", json!("eur")),
                "`currency` must be a currency code such as \"EUR\"",
            ),
            (
                with("invoicing_emails", json!("a@b")),
                "`invoicing_emails` must be an array of strings",
            ),
            (
                with("custom_taxes", json!([1])),
                "`custom_taxes` must be an array of objects",
            ),
            (
                with("is_tax_exempt", json!("no")),
                "`is_tax_exempt` must be a boolean",
            ),
            (with("id", json!("cus_mine")), "unknown field `id`"),
            (json!([]), "the body must be a JSON object"),
        ] {
            let answer = created(&mut store, body);
            assert_eq!(message(&answer), (400, "BAD_REQUEST", expected));
        }
        assert_eq!(store.rows.len(), 0, "nothing refused is stored");
    }

    #[test]
    fn create_gives_ids_in_order_skipping_one_a_fixture_holds() {
        let mut store = Customers::default();
        store.add(Map::from_iter([(
            "id".into(),
            json!("cus_fake000000000000000001"),
        )]));
        let (status, first) = created(&mut store, acme());
        let (_, second) = created(&mut store, with_alias(acme(), "acme"));
        assert_eq!(status, 201);
        assert_eq!(first["id"], "cus_fake000000000000000002");
        assert_eq!(second["id"], "cus_fake000000000000000003");
        assert_eq!(first["invoicing_entity_id"], INVOICING_ENTITY_ID);
        assert_eq!(store.get("acme"), (200, second));
        let taken = created(&mut store, with_alias(acme(), "acme"));
        assert_eq!(message(&taken).0, 409);
    }

    fn with_alias(mut body: Value, alias: &str) -> Value {
        body["alias"] = json!(alias);
        body
    }

    #[test]
    fn list_pages_as_the_server_does_and_refuses_what_the_spec_does() {
        let mut store = Customers::default();
        for _ in 0..26 {
            created(&mut store, acme());
        }
        let list = |query: &[(&str, &str)]| {
            let query: Vec<(String, String)> = (query.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            store.list(&query)
        };
        let (_, page) = list(&[]);
        assert_eq!(page["data"].as_array().map(Vec::len), Some(25));
        assert_eq!(
            page["pagination_meta"],
            json!({"page": 0, "per_page": 10, "total_items": 26, "total_pages": 2})
        );
        let (_, page) = list(&[("page", "1")]);
        assert_eq!(page["data"][0]["id"], "cus_fake000000000000000026");
        let (_, page) = list(&[("page", "2"), ("per_page", "10")]);
        assert_eq!(page["data"].as_array().map(Vec::len), Some(6));
        assert_eq!(
            page["pagination_meta"],
            json!({"page": 2, "per_page": 10, "total_items": 26, "total_pages": 3})
        );
        let (_, page) = list(&[("page", "9")]);
        assert_eq!(page["data"], json!([]));
        for query in [[("per_page", "0")], [("per_page", "101")], [("page", "-1")]] {
            assert_eq!(message(&list(&query)).1, "BAD_REQUEST", "{query:?}");
        }
    }

    #[test]
    fn patch_refuses_what_would_break_a_customer_and_then_changes_nothing() {
        let mut store = Customers::default();
        created(&mut store, with_alias(acme(), "acme"));
        created(&mut store, with_alias(acme(), "other"));
        for (patch, status, expected) in [
            (json!({"name": null}), 400, "`name` cannot be cleared"),
            (
                json!({"invoicing_entity_id": null}),
                400,
                "`invoicing_entity_id` cannot be cleared",
            ),
            (json!({"name": 1}), 400, "`name` must be a string"),
            (
                json!({"alias": "acme"}),
                409,
                "another customer has this alias",
            ),
        ] {
            let answer = store.patch("other", patch.to_string().as_bytes());
            assert_eq!((message(&answer).0, message(&answer).2), (status, expected));
        }
        assert_eq!(store.get("other").1["name"], "Acme");
        assert_eq!(message(&store.patch("nobody", b"{}")).1, "NOT_FOUND");
        let (status, renamed) = store.patch("other", br#"{"alias": "other", "phone": "1"}"#);
        assert_eq!((status, &renamed["phone"]), (200, &json!("1")));
    }
}
