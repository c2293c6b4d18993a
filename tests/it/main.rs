//! riposte's integration tests: one binary, every test on its own fresh
//! database copied from a migrated template in a PostgreSQL that the run
//! starts itself (see `support`).

mod api;
mod backup;
mod browser;
mod cli;
mod import;
mod schema;
mod support;
