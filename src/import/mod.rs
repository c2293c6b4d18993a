//! The importer: articles in, linked records stored.
//!
//! ```text
//! reader thread ──► extraction workers (one per core) ──► one async writer
//!   (files, folders,     (pure, CPU-bound)                  (batches of articles in one
//!    JSON Lines, stdin)                                      transaction, one savepoint each)
//! ```
//!
//! The writer stores articles in the order they were read (`order`), so the
//! same input gives the same events and links on every run. Channels between
//! the stages are bounded, so memory stays flat however large the input: the reader waits when extraction falls behind, and
//! extraction waits for the database. An article is stored whole or not at
//! all (its savepoint), and an article counts as stored only once its batch
//! has committed, so what the summary reports survives a crash.

pub mod extractor;
mod html;
pub mod input;
pub use extractor::{ExtractorSource, SentenceModelSource};
mod order;
mod summary;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc as std_mpsc};
use std::time::{Duration, Instant};

use sqlx::{Acquire, PgPool};
use tokio::sync::mpsc;

pub use input::{InputError, RawArticle};
pub use summary::{Failure, ImportSummary};

use crate::extract::{ArticleInput, Budget, EXTRACTOR_VERSION, Extraction, Extractor};
use crate::store::{self, ActorRegistry, ArticleOutcome, ArticleRecord};

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Articles per transaction: larger batches amortise the commit.
    pub batch_size: usize,
    /// Extraction threads; the default is one per core.
    pub workers: usize,
    /// Draw a progress bar (only on a terminal).
    pub progress: bool,
    /// How long one article's extraction may take before it is reported
    /// as failed (the rest carries on).
    pub article_budget: Duration,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            batch_size: 200,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            progress: true,
            article_budget: crate::extract::budget::DEFAULT_ARTICLE_BUDGET,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("loading the gazetteer into the database failed: {0}")]
    Registry(sqlx::Error),
    #[error("the database connection failed: {0}")]
    Database(sqlx::Error),
    /// The database went away mid-import: what was committed before stays
    /// (a re-run skips it), and `summary` says what that was.
    #[error(
        "the import stopped: {cause}; the {} articles stored before stay stored, and a re-run skips them",
        summary.stored
    )]
    Interrupted {
        summary: Box<ImportSummary>,
        cause: Box<ImportError>,
    },
}

/// An article read and extracted, on its way to the writer.
type Prepared = Result<(RawArticle, Extraction), InputError>;

/// Import every article under `paths` (`-` is standard input).
pub async fn import_paths(
    pool: &PgPool,
    extractor: Arc<Extractor>,
    paths: Vec<PathBuf>,
    options: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    let (tx, rx) = mpsc::channel::<order::Numbered<Prepared>>(256);
    let (numbering, in_order) = order::channel(rx);
    let workers = spawn_pipeline(
        extractor.clone(),
        paths,
        options.workers.max(1),
        options.article_budget,
        numbering,
        tx,
    );
    let summary = write_all(pool, &extractor, in_order, options).await;
    for worker in workers {
        let _ = worker.join();
    }
    summary
}

/// The reader thread and the extraction workers.
fn spawn_pipeline(
    extractor: Arc<Extractor>,
    paths: Vec<PathBuf>,
    workers: usize,
    article_budget: Duration,
    mut numbering: order::Numbering,
    out: mpsc::Sender<order::Numbered<Prepared>>,
) -> Vec<std::thread::JoinHandle<()>> {
    let (items_tx, items_rx) = std_mpsc::sync_channel::<order::Numbered<input::Item>>(workers * 16);
    let items_rx = Arc::new(Mutex::new(items_rx));
    let mut handles = vec![std::thread::spawn(move || {
        for item in input::read_all(paths) {
            // numbered in reading order, so the writer stores in that order
            let Some(n) = numbering.next() else { break };
            if items_tx.send((n, item)).is_err() {
                break; // the writer gave up
            }
        }
    })];
    for _ in 0..workers {
        let items_rx = Arc::clone(&items_rx);
        let out = out.clone();
        let extractor = Arc::clone(&extractor);
        handles.push(std::thread::spawn(move || {
            loop {
                let item = {
                    let Ok(rx) = items_rx.lock() else { break };
                    rx.recv()
                };
                let Ok((n, item)) = item else { break };
                let prepared = item.and_then(|raw| {
                    let budget = Budget::within(article_budget);
                    match extract_within(&extractor, &raw, &budget) {
                        Ok(extraction) => Ok((raw, extraction)),
                        // that article fails by name; the rest carries on
                        Err(stopped) => Err(InputError {
                            origin: raw.origin,
                            reason: stopped.to_string(),
                        }),
                    }
                });
                if out.blocking_send((n, prepared)).is_err() {
                    break;
                }
            }
        }));
    }
    handles
}

/// Run the extractor on a raw article within `budget`.
pub fn extract_within(
    extractor: &Extractor,
    raw: &RawArticle,
    budget: &Budget,
) -> Result<Extraction, crate::extract::Stopped> {
    extractor.extract_within(&input_of(raw), budget)
}

fn input_of(raw: &RawArticle) -> ArticleInput<'_> {
    ArticleInput {
        name: &raw.name,
        text: &raw.text,
        url: raw.url.as_deref(),
        title: raw.title.as_deref(),
        published: raw.published,
    }
}

async fn write_all(
    pool: &PgPool,
    extractor: &Extractor,
    mut rx: order::InOrder<Prepared>,
    options: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    let started = Instant::now();
    let mut conn = pool.acquire().await.map_err(ImportError::Database)?;
    // read in the writers' turn: an actor another import is creating is
    // then either read here or created after, where `catch_up` finds it
    let mut tx = conn.begin().await.map_err(ImportError::Database)?;
    ActorRegistry::take_writer_turn(&mut tx)
        .await
        .map_err(ImportError::Database)?;
    let mut registry = ActorRegistry::load(&mut tx, extractor.gazetteer())
        .await
        .map_err(ImportError::Registry)?;
    tx.commit().await.map_err(ImportError::Database)?;
    let mut summary = ImportSummary::default();
    let progress = Progress::new(options.progress);
    let mut batch: Vec<Prepared> = Vec::with_capacity(options.batch_size);
    loop {
        batch.clear();
        let Some(first) = rx.recv().await else { break };
        batch.push(first);
        while batch.len() < options.batch_size {
            match rx.try_recv() {
                Some(item) => batch.push(item),
                None => break,
            }
        }
        if let Err(cause) = write_batch(&mut conn, &mut registry, &mut batch, &mut summary).await {
            progress.finish();
            summary.elapsed = started.elapsed();
            return Err(ImportError::Interrupted {
                summary: Box::new(summary),
                cause: Box::new(cause),
            });
        }
        progress.update(&summary, started);
    }
    progress.finish();
    // So the first read of the who-accused-whom matrix finds it up to date
    // (a reader would otherwise recompute the pairs this import touched).
    if let Err(e) = crate::store::relations::refresh_relation_pairs(&mut conn).await {
        tracing::warn!(error = %e, "refreshing relation pairs failed; the next reader will");
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// One transaction for the batch, one savepoint per article.
async fn write_batch(
    conn: &mut sqlx::pool::PoolConnection<sqlx::Postgres>,
    registry: &mut ActorRegistry,
    batch: &mut Vec<Prepared>,
    summary: &mut ImportSummary,
) -> Result<(), ImportError> {
    let mut tx = conn.begin().await.map_err(ImportError::Database)?;
    ActorRegistry::take_writer_turn(&mut tx)
        .await
        .map_err(ImportError::Database)?;
    registry
        .catch_up(&mut tx)
        .await
        .map_err(ImportError::Database)?;
    let mut pending = ImportSummary::default();
    let mut names = Vec::new();
    for prepared in batch.drain(..) {
        pending.read += 1;
        let (raw, extraction) = match prepared {
            Ok(ok) => ok,
            Err(e) => {
                pending.failed.push(Failure::from(e));
                continue;
            }
        };
        names.push(raw.origin.clone());
        let record = ArticleRecord {
            name: &raw.name,
            text: &raw.text,
            url: raw.url.as_deref(),
            source: raw.source.as_deref(),
            imported_by: EXTRACTOR_VERSION,
        };
        let mut savepoint = tx.begin().await.map_err(ImportError::Database)?;
        let outcome = store::store_article(
            &mut savepoint,
            registry,
            &record,
            &extraction,
            EXTRACTOR_VERSION,
        )
        .await;
        match outcome {
            Ok(outcome) => {
                savepoint.commit().await.map_err(ImportError::Database)?;
                registry.article_kept();
                match outcome {
                    ArticleOutcome::Stored { counts, .. } => {
                        pending.stored += 1;
                        pending.add_counts(counts);
                    }
                    ArticleOutcome::Duplicate { .. } => pending.duplicates += 1,
                }
            }
            Err(e) => {
                savepoint.rollback().await.map_err(ImportError::Database)?;
                registry.article_rolled_back();
                pending.failed.push(Failure {
                    origin: raw.origin,
                    reason: format!("storing failed: {e}"),
                });
            }
        }
    }
    match tx.commit().await {
        Ok(()) => {
            registry.batch_committed();
            metrics::counter!("riposte_articles_imported_total").increment(pending.stored as u64);
            summary.merge(pending);
        }
        Err(e) => {
            registry.batch_rolled_back();
            summary.read += pending.read;
            summary.failed.extend(pending.failed);
            for origin in names {
                summary.failed.push(Failure {
                    origin,
                    reason: format!("its batch did not commit: {e}"),
                });
            }
        }
    }
    Ok(())
}

/// A bar on a terminal; a log line every ten seconds otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    last_log: Mutex<Instant>,
}

impl Progress {
    fn new(wanted: bool) -> Self {
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self {
            bar,
            last_log: Mutex::new(Instant::now()),
        }
    }

    fn update(&self, summary: &ImportSummary, started: Instant) {
        let rate = summary.read as f64 / started.elapsed().as_secs_f64().max(1e-9);
        let message = format!(
            "{} read, {} stored, {} duplicates, {} failed ({rate:.0} articles/s)",
            summary.read,
            summary.stored,
            summary.duplicates,
            summary.failed.len()
        );
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        } else if let Ok(mut last) = self.last_log.lock()
            && last.elapsed() >= Duration::from_secs(10)
        {
            *last = Instant::now();
            tracing::info!("{message}");
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
