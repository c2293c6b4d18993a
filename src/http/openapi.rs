//! The OpenAPI 3.1 document, generated from the handlers' annotations, and
//! its reference page (Swagger UI, shipped inside the binary so it works
//! with no internet access).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "riposte",
        description = "Who accused whom of what, when, and how the accused responded: \
                       records drawn from news articles, each with its evidence.\n\n\
                       Authenticate with `Authorization: Bearer <key>` (`riposte keys create`). \
                       Errors are `application/problem+json` (RFC 9457)."
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "reading", description = "Timelines, relations, search, statistics, export"),
        (name = "records", description = "Accusations and responses"),
        (name = "actors", description = "Who speaks and who is spoken about"),
        (name = "events", description = "The happenings accusations are about"),
        (name = "admin", description = "Audit log and API keys (admin keys only)"),
    )
)]
pub(super) struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API key: `rpk_` and 64 hex digits"))
                    .build(),
            ),
        );
    }
}

/// Every error is a problem document: give each operation a `default`
/// response saying so, and serve the problem responses the handlers list
/// under `application/problem+json`, the content type they really have.
/// Runs on the merged document (after the routers add their paths).
pub(super) fn problem_responses(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
    const PROBLEM: &str = "application/problem+json";
    let is_problem = |c: &RefOr<Content>| match c {
        RefOr::T(c) => {
            matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem"))
        }
        RefOr::Ref(_) => false,
    };
    let default = ResponseBuilder::new()
        .description("An error, as an RFC 9457 problem document")
        .content(
            PROBLEM,
            Content::new(Some(Ref::from_schema_name("Problem"))),
        )
        .build();
    for op in operations_mut(openapi) {
        for response in op.responses.responses.values_mut() {
            // in its place: client generators read the first content
            // type as the response's own
            if let RefOr::T(r) = response
                && let Some((at, _, json)) = r.content.shift_remove_full("application/json")
            {
                let key = if is_problem(&json) {
                    PROBLEM
                } else {
                    "application/json"
                };
                r.content.shift_insert(at, key.to_owned(), json);
            }
        }
        op.responses
            .responses
            .entry("default".to_owned())
            .or_insert_with(|| RefOr::T(default.clone()));
    }
}

/// What a response with this status means in riposte, for responses whose
/// annotation gives no description of its own. OpenAPI requires every
/// response to have one; without it no client can be generated from the
/// document.
fn status_description(status: &str) -> String {
    match status {
        "200" => "The request succeeded".into(),
        "201" => "Created; the body is the new record".into(),
        "204" => "Done; no body".into(),
        "304" => "Not modified since the ETag given in If-None-Match".into(),
        "400" => {
            "A malformed request: a query parameter, header or body that cannot be read".into()
        }
        "401" => "No API key, or one that is unknown or revoked".into(),
        "403" => "The key's role may not do this".into(),
        "404" => "No such record".into(),
        "409" => "Conflicts with what is stored".into(),
        "412" => "The record changed since the version given in If-Match".into(),
        "413" => "The body is too large".into(),
        "415" => "The body is not of a media type this operation reads".into(),
        "422" => {
            "Well-formed but invalid: an unknown actor, an impossible date, a value out of range"
                .into()
        }
        "428" => "This write needs If-Match with the record's ETag".into(),
        "500" => "An internal error".into(),
        "503" => "The database is unavailable".into(),
        other => other
            .parse::<u16>()
            .ok()
            .and_then(|code| axum::http::StatusCode::from_u16(code).ok())
            .and_then(|code| code.canonical_reason())
            .unwrap_or("A response")
            .into(),
    }
}

/// Gives every response without a description the meaning of its status.
/// Runs on the merged document, like [`problem_responses`].
pub(super) fn describe_responses(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::RefOr;
    for op in operations_mut(openapi) {
        for (status, response) in op.responses.responses.iter_mut() {
            if let RefOr::T(r) = response
                && r.description.trim().is_empty()
            {
                r.description = status_description(status);
            }
        }
    }
}

/// Every operation of the document, whatever its method.
fn operations_mut(
    openapi: &mut utoipa::openapi::OpenApi,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    openapi.paths.paths.values_mut().flat_map(|item| {
        [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
    })
}
