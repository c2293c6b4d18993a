//! Fitting what the extractor learns from annotated articles, and measuring
//! it honestly: every figure reported for a trained part comes from
//! articles it was not trained on (k-fold cross-validation by article).

pub mod sentences;
