//! How long one article's extraction may run, and whether whoever asked for
//! it still wants it. The caps on sentence length, mentions and evidence keep
//! extraction near linear in the text; the budget is the last guard, so that
//! one pathological article is reported as that article's failure while the
//! rest of a batch carries on, and a request its client abandoned stops
//! using a core.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The default time one article may take: news articles take milliseconds,
/// the largest accepted article (4 MiB) well under a second.
pub const DEFAULT_ARTICLE_BUDGET: Duration = Duration::from_secs(10);

/// A limit on one extraction: a time budget, a cancellation flag, both or
/// neither.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    limit: Option<(Instant, Duration)>,
    cancelled: Option<Arc<AtomicBool>>,
}

/// Why an extraction stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Stopped {
    #[error("extraction took longer than its time budget of {0:?}")]
    OverBudget(Duration),
    #[error("extraction was cancelled")]
    Cancelled,
}

impl Budget {
    /// No limit at all.
    pub fn unlimited() -> Budget {
        Budget::default()
    }

    /// At most `time` from now.
    pub fn within(time: Duration) -> Budget {
        Budget {
            limit: Some((Instant::now() + time, time)),
            cancelled: None,
        }
    }

    /// The same budget, also stopped as soon as `flag` is set.
    pub fn cancelled_by(mut self, flag: Arc<AtomicBool>) -> Budget {
        self.cancelled = Some(flag);
        self
    }

    /// Whether the extraction must stop, and why.
    pub fn check(&self) -> Result<(), Stopped> {
        if self
            .cancelled
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
        {
            return Err(Stopped::Cancelled);
        }
        match self.limit {
            Some((deadline, time)) if Instant::now() >= deadline => Err(Stopped::OverBudget(time)),
            _ => Ok(()),
        }
    }

    /// Whether the extraction may go on (the stages' loops ask this; the
    /// caller learns why with [`Budget::check`]).
    pub(crate) fn open(&self) -> bool {
        self.check().is_ok()
    }
}

/// Sets its flag when dropped: held by a request's future, it cancels the
/// blocking work the request started once the request is abandoned (a
/// client that disconnects or times out drops the future).
#[derive(Debug)]
pub struct CancelOnDrop(pub Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unlimited_budget_never_stops() {
        assert_eq!(Budget::unlimited().check(), Ok(()));
    }

    #[test]
    fn a_spent_budget_stops_with_its_length() {
        let b = Budget::within(Duration::ZERO);
        assert_eq!(b.check(), Err(Stopped::OverBudget(Duration::ZERO)));
        assert!(!b.open());
    }

    #[test]
    fn dropping_the_guard_cancels() {
        let flag = Arc::new(AtomicBool::new(false));
        let b = Budget::within(Duration::from_secs(60)).cancelled_by(Arc::clone(&flag));
        assert_eq!(b.check(), Ok(()));
        drop(CancelOnDrop(flag));
        assert_eq!(b.check(), Err(Stopped::Cancelled));
    }
}
