//! Articles stored in the order they were read, whichever extraction worker
//! finishes first. Events and cross-article links depend on what was stored
//! before, so the same input gives the same database on every run.

use std::collections::BTreeMap;
use std::sync::mpsc as std_mpsc;

use tokio::sync::mpsc;

/// How many articles may be between the reader and the writer at once:
/// the reorder buffer never holds more, however slow one article is.
pub(super) const MAX_IN_FLIGHT: usize = 1024;

/// Something numbered by the reader, in reading order.
pub(super) type Numbered<T> = (u64, T);

/// The reader's side: numbers items and waits while too many are in flight.
pub(super) struct Numbering {
    next: u64,
    permits: std_mpsc::SyncSender<()>,
}

/// The writer's side: hands items back in reading order.
pub(super) struct InOrder<T> {
    rx: mpsc::Receiver<Numbered<T>>,
    pending: BTreeMap<u64, T>,
    next: u64,
    permits: std_mpsc::Receiver<()>,
}

pub(super) fn channel<T>(rx: mpsc::Receiver<Numbered<T>>) -> (Numbering, InOrder<T>) {
    let (permits_tx, permits_rx) = std_mpsc::sync_channel(MAX_IN_FLIGHT);
    (
        Numbering {
            next: 0,
            permits: permits_tx,
        },
        InOrder {
            rx,
            pending: BTreeMap::new(),
            next: 0,
            permits: permits_rx,
        },
    )
}

impl Numbering {
    /// The next number, once fewer than [`MAX_IN_FLIGHT`] items are in
    /// flight; `None` when the writer is gone.
    pub(super) fn next(&mut self) -> Option<u64> {
        self.permits.send(()).ok()?;
        let n = self.next;
        self.next += 1;
        Some(n)
    }
}

impl<T> InOrder<T> {
    /// The next item in reading order, waiting for it; `None` at the end.
    pub(super) async fn recv(&mut self) -> Option<T> {
        loop {
            if let Some(item) = self.take_next() {
                return Some(item);
            }
            let (n, item) = self.rx.recv().await?;
            self.pending.insert(n, item);
        }
    }

    /// The next item in reading order if it is already here.
    pub(super) fn try_recv(&mut self) -> Option<T> {
        while self
            .pending
            .first_key_value()
            .is_none_or(|(&n, _)| n != self.next)
        {
            let (n, item) = self.rx.try_recv().ok()?;
            self.pending.insert(n, item);
        }
        self.take_next()
    }

    fn take_next(&mut self) -> Option<T> {
        let item = self.pending.remove(&self.next)?;
        self.next += 1;
        // one more may enter the pipeline
        let _ = self.permits.try_recv();
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn items_come_back_in_reading_order_whatever_order_they_arrive_in() {
        let (tx, rx) = mpsc::channel(16);
        let (mut numbering, mut in_order) = channel::<&str>(rx);
        let numbers: Vec<u64> = (0..4).map(|_| numbering.next().unwrap()).collect();
        assert_eq!(numbers, [0, 1, 2, 3]);
        for (n, item) in [(2, "c"), (0, "a"), (3, "d"), (1, "b")] {
            tx.send((n, item)).await.unwrap();
        }
        drop(tx);
        assert_eq!(in_order.try_recv(), Some("a"));
        let mut rest = Vec::new();
        while let Some(item) = in_order.recv().await {
            rest.push(item);
        }
        assert_eq!(rest, ["b", "c", "d"]);
    }
}
