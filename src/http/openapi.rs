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
