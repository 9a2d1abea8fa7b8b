//! The word lists of `cleantext.data.lookalike_data` the OCR kinds look words up in: words of
//! one or two characters with their counts per 1e8 words, and words of three or four
//! characters. They are the native `lookalike`'s data, read once per process for all kinds.

pub use crate::lookalike::Data as Words;
