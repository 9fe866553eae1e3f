//! The API document as a contract (issue 12 §6): walks the generated
//! document and holds every operation to the conventions of [`super`].

use serde_json::Value;

use super::DOCUMENT;

fn doc() -> Value {
    serde_json::to_value(&*DOCUMENT).expect("the document serializes")
}

/// Every (method, path, operation) of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in [
            "get", "put", "post", "delete", "patch", "head", "options", "trace",
        ] {
            if let Some(op) = item.get(method) {
                out.push((method.to_string(), path.clone(), op.clone()));
            }
        }
    }
    assert!(
        out.len() > 100,
        "the document lists the API ({})",
        out.len()
    );
    out
}

/// Follows a `$ref` into the components.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap();
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

fn params<'a>(op: &'a Value, location: &str) -> Vec<&'a Value> {
    op["parameters"]
        .as_array()
        .map(|ps| ps.iter().filter(|p| p["in"] == location).collect())
        .unwrap_or_default()
}

#[test]
fn every_path_parameter_is_declared() {
    let doc = doc();
    let mut missing = Vec::new();
    for (method, path, op) in operations(&doc) {
        for name in super::template_params(&path) {
            let declared = params(&op, "path")
                .iter()
                .any(|p| p["name"] == name && p["required"] == true && p["schema"].is_object());
            if !declared {
                missing.push(format!("{method} {path}: {{{name}}}"));
            }
        }
        for p in params(&op, "path") {
            let name = p["name"].as_str().unwrap();
            if !super::template_params(&path).any(|n| n == name) {
                missing.push(format!("{method} {path}: declares {name}, not in the path"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undeclared path parameters:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_error_is_problem_json() {
    let doc = doc();
    let mut wrong = Vec::new();
    for (method, path, op) in operations(&doc) {
        for (status, response) in op["responses"].as_object().unwrap() {
            if !(status.starts_with('4') || status.starts_with('5')) {
                continue;
            }
            let content = response["content"].as_object();
            let ok = content.is_some_and(|c| {
                c.len() == 1
                    && c.get("application/problem+json")
                        .is_some_and(|m| m["schema"]["$ref"] == "#/components/schemas/Problem")
            });
            if !ok {
                wrong.push(format!("{method} {path} {status}: {}", response["content"]));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "errors not documented as problem+json:\n{}",
        wrong.join("\n")
    );
    let problem = &doc["components"]["schemas"]["Problem"];
    assert!(problem["properties"]["code"].is_object(), "{problem}");
}

#[test]
fn every_request_body_documents_its_refusals() {
    let doc = doc();
    let mut missing = Vec::new();
    for (method, path, op) in operations(&doc) {
        let Some(body) = op.get("requestBody") else {
            continue;
        };
        let responses = &op["responses"];
        let mut needed = vec!["400", "413", "422"];
        if body["content"].get("application/json").is_some() {
            needed.push("415");
        }
        for status in needed {
            if responses.get(status).is_none() {
                missing.push(format!("{method} {path}: {status}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented refusals:\n{}",
        missing.join("\n")
    );
}

#[test]
fn operations_that_need_a_session_say_so() {
    let doc = doc();
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    assert!(schemes.contains_key("bearer") && schemes.contains_key("session_cookie"));
    let mut wrong = Vec::new();
    for (method, path, op) in operations(&doc) {
        let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
        if secured != super::needs_session(&method, &path) {
            wrong.push(format!("{method} {path}: security {}", op["security"]));
        }
        if secured && op["responses"].get("401").is_none() {
            wrong.push(format!("{method} {path}: no 401"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The public list names real operations.
    for (method, path) in super::PUBLIC {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}

#[test]
fn every_operation_with_a_path_parameter_documents_404() {
    let doc = doc();
    let missing: Vec<String> = operations(&doc)
        .into_iter()
        .filter(|(_, path, op)| {
            super::template_params(path).next().is_some() && op["responses"].get("404").is_none()
        })
        .map(|(m, p, _)| format!("{m} {p}"))
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The audit's example: POST /attachments without `channel` is 400.
#[test]
fn an_upload_without_its_channel_is_a_documented_400() {
    let doc = doc();
    let op = &doc["paths"]["/api/v1/attachments"]["post"];
    let channel = params(op, "query")
        .into_iter()
        .find(|p| p["name"] == "channel")
        .expect("channel is declared");
    assert_eq!(channel["required"], true);
    assert!(op["responses"]["400"].is_object(), "{}", op["responses"]);
}

/// The audit's example: `"tax_id": ""` was schema-valid and refused with 422.
#[test]
fn an_empty_tax_id_is_out_of_the_schema() {
    let doc = doc();
    let input = resolve(&doc, &doc["components"]["schemas"]["CustomerInput"]);
    let tax_id = resolve(&doc, &input["properties"]["tax_id"]);
    let min = tax_id["minLength"].as_u64().unwrap_or(0);
    assert!(min >= 1, "tax_id allows \"\": {tax_id}");
    assert!(
        tax_id["pattern"].is_string(),
        "tax_id has no pattern: {tax_id}"
    );
}

#[test]
fn allow_lists_the_documented_methods() {
    assert_eq!(
        super::allowed_methods("/api/v1/customers").as_deref(),
        Some("GET, POST")
    );
    assert_eq!(
        super::allowed_methods("/api/v1/order-statuses/positions").as_deref(),
        Some("PUT")
    );
    assert_eq!(
        super::allowed_methods("/api/v1/payments/0190aaaa-0000-7000-8000-000000000000").as_deref(),
        Some("GET, DELETE")
    );
    assert_eq!(super::allowed_methods("/api/v1/nothing"), None);
}
