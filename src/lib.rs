//! riposte: a claim-and-denial tracking database.
//!
//! The flow of DESIGN: article files are parsed and extracted ([`extract`],
//! pure), resolved and stored ([`import`], [`store`]) in PostgreSQL ([`db`]),
//! and read through the HTTP API ([`http`]). [`evaluate`] scores the
//! extractor against gold annotations.

pub mod cli;
pub mod db;
pub mod domain;
pub mod evaluate;
pub mod extract;
pub mod http;
pub mod import;
pub mod store;
pub mod train;
