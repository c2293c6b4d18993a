//! What an import did, for the user at the end of the run.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use super::InputError;
use crate::store::StatementCounts;

/// An item that was not stored, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The file (and line, for JSON Lines).
    pub origin: String,
    pub reason: String,
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Self {
            origin: e.origin,
            reason: e.reason,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub read: usize,
    pub stored: usize,
    /// Already stored (same text): skipped.
    pub duplicates: usize,
    pub failed: Vec<Failure>,
    pub accusations: u64,
    pub responses: u64,
    /// Statements other articles had already reported: evidence added.
    pub merged: u64,
    pub links: u64,
    pub events: u64,
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl ImportSummary {
    pub fn is_clean(&self) -> bool {
        self.failed.is_empty()
    }

    pub(super) fn add_counts(&mut self, counts: StatementCounts) {
        self.accusations += u64::from(counts.accusations);
        self.responses += u64::from(counts.responses);
        self.merged += u64::from(counts.merged);
        self.links += u64::from(counts.links);
        self.events += u64::from(counts.events);
    }

    pub(super) fn merge(&mut self, other: ImportSummary) {
        self.read += other.read;
        self.stored += other.stored;
        self.duplicates += other.duplicates;
        self.failed.extend(other.failed);
        self.accusations += other.accusations;
        self.responses += other.responses;
        self.merged += other.merged;
        self.links += other.links;
        self.events += other.events;
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        writeln!(f, "read        {} articles", self.read)?;
        writeln!(f, "stored      {}", self.stored)?;
        writeln!(f, "skipped     {} (already stored)", self.duplicates)?;
        writeln!(f, "failed      {}", self.failed.len())?;
        for failure in &self.failed {
            writeln!(f, "  {}: {}", failure.origin, failure.reason)?;
        }
        writeln!(
            f,
            "records     {} accusations, {} responses, {} links, {} events; \
             {} statements already reported by other articles",
            self.accusations, self.responses, self.links, self.events, self.merged
        )?;
        write!(
            f,
            "time        {secs:.1} s ({:.0} articles/s)",
            self.read as f64 / secs.max(1e-9)
        )
    }
}
