//! The timeline's filters as a query string, shared by the timeline, the
//! relations matrix, the stats and the export; names resolved to actor ids.

use chrono::NaiveDate;
use serde::Deserialize;
use sqlx::PgPool;
use utoipa::IntoParams;
use uuid::Uuid;

use super::error::{ApiError, FieldError};
use crate::domain::{ResponseKind, ReviewState, dates};
use crate::store::{actors, timeline::Filter};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct TimelineParams {
    /// An actor by id or any name or alias ("Russia", "Moscow", "the Kremlin"):
    /// statements by or about it.
    pub actor: Option<String>,
    /// Statements whose accuser is this actor (id or name); for responses,
    /// those answering it.
    pub accuser: Option<String>,
    /// Statements whose accused is this actor (id or name); for responses,
    /// those it made.
    pub accused: Option<String>,
    /// With `b`: statements between two actors, in both directions.
    pub a: Option<String>,
    pub b: Option<String>,
    /// Include statements by actors affiliated with a named actor on the
    /// day they were made (Peskov for Russia). Default true.
    pub affiliates: Option<bool>,
    pub event: Option<Uuid>,
    /// First day included (YYYY-MM-DD).
    #[serde(default, deserialize_with = "dates::opt_date")]
    #[param(value_type = Option<NaiveDate>)]
    pub from: Option<NaiveDate>,
    /// Last day included (YYYY-MM-DD).
    #[serde(default, deserialize_with = "dates::opt_date")]
    #[param(value_type = Option<NaiveDate>)]
    pub to: Option<NaiveDate>,
    /// Comma-separated kinds: `accusation` and response kinds (denial,
    /// dismissal, counter_accusation, deflection, threat, admission, no_comment).
    pub kind: Option<String>,
    /// Comma-separated review states; by default everything but rejected.
    pub review: Option<String>,
}

fn list<T: std::str::FromStr>(field: &str, value: &str) -> Result<Vec<T>, ApiError>
where
    T::Err: std::fmt::Display,
{
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<T>().map_err(|e| ApiError::BadRequest {
                detail: format!("query parameter {field}: {e}"),
                errors: vec![FieldError::new(field, e.to_string())],
            })
        })
        .collect()
}

async fn named(
    pool: &PgPool,
    field: &str,
    value: &Option<String>,
) -> Result<Option<Vec<Uuid>>, ApiError> {
    let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let ids = actors::resolve(pool, value).await?;
    if ids.is_empty() {
        return Err(ApiError::NotFound(format!(
            "{field}: no actor has the id, name or alias '{value}'"
        )));
    }
    Ok(Some(ids))
}

impl TimelineParams {
    pub(super) async fn resolve(&self, pool: &PgPool) -> Result<Filter, ApiError> {
        let mut f = Filter::all();
        f.actor = named(pool, "actor", &self.actor).await?;
        f.accuser = named(pool, "accuser", &self.accuser).await?;
        f.accused = named(pool, "accused", &self.accused).await?;
        f.pair = match (
            named(pool, "a", &self.a).await?,
            named(pool, "b", &self.b).await?,
        ) {
            (Some(a), Some(b)) => Some((a, b)),
            (None, None) => None,
            _ => {
                return Err(ApiError::BadRequest {
                    detail: "a and b name a pair of actors: give both or neither".to_owned(),
                    errors: vec![FieldError::new("b", "a and b go together")],
                });
            }
        };
        f.affiliates = self.affiliates.unwrap_or(true);
        f.event = self.event;
        f.from = self.from;
        f.to = self.to;
        if let (Some(from), Some(to)) = (f.from, f.to)
            && from > to
        {
            return Err(ApiError::BadRequest {
                detail: format!("from {from} is after to {to}"),
                errors: vec![FieldError::new("from", "must not be after to")],
            });
        }
        if let Some(kinds) = &self.kind {
            let mut accusations = false;
            let mut responses = Vec::new();
            for k in kinds.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if k == "accusation" {
                    accusations = true;
                } else {
                    responses.extend(list::<ResponseKind>("kind", k).map_err(|_| {
                        let e = format!(
                            "'{k}' is not a kind; expected accusation or one of: {}",
                            ResponseKind::ALL
                                .iter()
                                .map(|k| k.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                        ApiError::BadRequest {
                            detail: format!("query parameter kind: {e}"),
                            errors: vec![FieldError::new("kind", e)],
                        }
                    })?);
                }
            }
            // An empty `kind=` filters nothing, like an absent one.
            if accusations || !responses.is_empty() {
                f.accusations = accusations;
                f.response_kinds = Some(responses);
            }
        }
        if let Some(review) = &self.review {
            f.review = Some(list::<ReviewState>("review", review)?);
        }
        Ok(f)
    }
}
