//! cleantext's native core: rule kinds as hand-written scanners, bound to Python with PyO3.
//!
//! Each kind here gives the same text and the same edits as the Python kind of the same
//! name (`cleantext/kinds/<name>.py`, the reference); `tests/test_native.py` holds the two
//! equal. Edits are `(start, end, replacement)` in code points of the kind's input, as in
//! Python.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

mod doubled;
mod edits;
mod invisible;
pub mod tables;
pub mod text;
mod width;

pub use edits::{Edit, Edits};

/// A rule kind: cleans `text`, recording edits when `edits` is on; `None` when nothing changed.
pub trait Rule: Sized {
    /// Build from the kind's checked Python params; an `Err` sends the caller back to Python.
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self>;
    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String>;
}

/// Run `rule` on a Python string: the same object back when nothing changed.
fn run<'py, R: Rule>(
    rule: &R,
    text: &Bound<'py, PyString>,
    want_edits: bool,
) -> PyResult<(Bound<'py, PyString>, Vec<Edit>)> {
    let source = text.to_str()?;
    let mut edits = Edits::new(want_edits);
    match rule.apply(source, &mut edits) {
        None => Ok((text.clone(), Vec::new())),
        Some(new) => Ok((PyString::new(text.py(), &new), edits.into_vec())),
    }
}

/// A Python class for a `Rule`: `Class(options)`, then `.apply(text, want_edits)` gives
/// `(text, edits)`.
macro_rules! kind_class {
    ($class:ident, $rule:ty) => {
        #[pyclass(frozen)]
        pub struct $class(pub $rule);

        #[pymethods]
        impl $class {
            #[new]
            fn py_new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
                Ok(Self(<$rule as Rule>::new(options)?))
            }

            fn apply<'py>(
                &self,
                text: &Bound<'py, PyString>,
                want_edits: bool,
            ) -> PyResult<(Bound<'py, PyString>, Vec<Edit>)> {
                run(&self.0, text, want_edits)
            }
        }
    };
}

kind_class!(Width, width::Width);
kind_class!(Doubled, doubled::Doubled);
kind_class!(Invisible, invisible::Invisible);

/// Read a param from the options dict the Python kind checked.
pub fn param<'py, T: FromPyObjectOwned<'py>>(options: &Bound<'py, PyDict>, key: &str) -> PyResult<T> {
    match options.get_item(key)? {
        Some(value) => value.extract::<T>().map_err(Into::into),
        None => Err(pyo3::exceptions::PyKeyError::new_err(key.to_string())),
    }
}

#[pymodule]
fn cleantext_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Width>()?;
    m.add_class::<Doubled>()?;
    m.add_class::<Invisible>()?;
    Ok(())
}
