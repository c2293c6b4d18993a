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
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in operations.into_iter().flatten() {
            for response in op.responses.responses.values_mut() {
                if let RefOr::T(r) = response
                    && let Some(json) = r.content.shift_remove("application/json")
                {
                    let key = if is_problem(&json) {
                        PROBLEM
                    } else {
                        "application/json"
                    };
                    r.content.insert(key.to_owned(), json);
                }
            }
            op.responses
                .responses
                .entry("default".to_owned())
                .or_insert_with(|| RefOr::T(default.clone()));
        }
    }
}
