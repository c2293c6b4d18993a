//! The domain's vocabulary, shared by storage, the importer and the API:
//! the kinds and states the schema's enums define, and how names are
//! normalised for look-up.

use serde::{Deserialize, Serialize};

macro_rules! pg_enum {
    ($(#[$meta:meta])* $name:ident = $pg:literal { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type, utoipa::ToSchema)]
        #[sqlx(type_name = $pg, rename_all = "snake_case")]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        what: stringify!($name),
                        value: s.to_owned(),
                        expected: &[$($text),+],
                    }),
                }
            }
        }
    };
}

/// A value outside a closed vocabulary, with what would have been accepted.
#[derive(Debug, Clone, thiserror::Error)]
#[error("'{value}' is not a valid {what}; expected one of: {}", expected.join(", "))]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static [&'static str],
}

pg_enum!(
    /// What an actor is.
    ActorKind = "actor_kind" {
        Person = "person", State = "state", Organization = "organization",
        Group = "group", Unknown = "unknown",
    }
);

pg_enum!(
    /// How the accused side answered (the typology of the annotation guide).
    ResponseKind = "response_kind" {
        Denial = "denial", Dismissal = "dismissal", CounterAccusation = "counter_accusation",
        Deflection = "deflection", Threat = "threat", Admission = "admission",
        NoComment = "no_comment",
    }
);

pg_enum!(
    /// How sure the accuser said they were.
    HedgeLevel = "hedge_level" { Certain = "certain", High = "high", Medium = "medium", Low = "low" }
);

pg_enum!(
    /// How precisely a date is known.
    DatePrecision = "date_precision" { Day = "day", Week = "week", Month = "month", Year = "year" }
);

pg_enum!(
    /// Where a statement's date came from.
    DateSource = "date_source" {
        Text = "text", Published = "published", Analyst = "analyst", Unknown = "unknown",
    }
);

pg_enum!(
    /// Who made a record.
    RecordOrigin = "record_origin" { Importer = "importer", Analyst = "analyst" }
);

pg_enum!(
    /// An analyst's verdict on a record.
    ReviewState = "review_state" {
        Unreviewed = "unreviewed", Confirmed = "confirmed", Corrected = "corrected", Rejected = "rejected",
    }
);

pg_enum!(
    /// What an API key may do.
    ApiRole = "api_role" { Reader = "reader", Analyst = "analyst", Admin = "admin" }
);

impl ReviewState {
    /// An analyst's confirmed or corrected record is never overwritten by an import.
    pub fn is_protected(self) -> bool {
        matches!(self, Self::Confirmed | Self::Corrected)
    }
}

/// The look-up form of a name: lower case, accents folded, curly quotes and
/// punctuation dropped, a leading "the" removed, spaces collapsed. "The
/// Kremlin", "the kremlin" and "Kremlin" are one key; "Erdoğan" finds
/// "Erdogan".
pub fn normalize_name(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.is_empty() && word == "the" {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_to_one_look_up_key() {
        assert_eq!(normalize_name("The Kremlin"), "kremlin");
        assert_eq!(normalize_name("  the   kremlin "), "kremlin");
        assert_eq!(normalize_name("Erdoğan"), "erdogan");
        assert_eq!(
            normalize_name("Russia’s Foreign Ministry"),
            "russia s foreign ministry"
        );
        assert_eq!(normalize_name("U.S."), "u s");
        assert_eq!(normalize_name("Theresa May"), "theresa may");
    }

    #[test]
    fn an_unknown_kind_names_the_accepted_ones() {
        let err = "shrug".parse::<ResponseKind>().unwrap_err();
        assert!(err.to_string().contains("denial, dismissal"), "{err}");
        assert_eq!(
            "no_comment".parse::<ResponseKind>().unwrap(),
            ResponseKind::NoComment
        );
    }
}

/// Dates as requests send them: `YYYY-MM-DD`, with an error that quotes the
/// value ("'2020-13-40' is not a date") instead of chrono's bare complaint.
pub mod dates {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, de::Error};

    pub fn parse(s: &str) -> Result<NaiveDate, String> {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|e| format!("'{s}' is not a date ({e}); expected YYYY-MM-DD"))
    }

    pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).map_err(D::Error::custom)
    }

    pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => parse(&s).map(Some).map_err(D::Error::custom),
        }
    }

    /// For corrections: absent stays absent, `null` clears.
    pub fn present_date<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<NaiveDate>>, D::Error> {
        opt_date(d).map(Some)
    }
}
