//! The content check of `--safe`, natively: `cleantext/safety.py`'s `_Alignment` (the output
//! is the input with each span of changes replaced) and the common cases of
//! `_check_changes` (a change that keeps its content; in a native block, a de-duplication
//! that removed a copy of the content just before it), step by step.
//!
//! Content (`safety.content`) is asked of Python once per character and remembered, so
//! the classes and folds are Python's own. Problems are handed back as tuples for Python
//! to word; on a change this does not follow (a span outside the input or reversed) or an
//! output it cannot read (a lone surrogate), `feed` says so before anything moved, and
//! `state()` hands the Python checker what it needs to go on.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet, VecDeque};

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::edits::skip_chars;
use crate::trace::{Changes, Chars};

/// A change as the check holds it: a Python `Change`, or one of a native block of them
/// (`trace::Changes`, the block and the change's index in it), made a `Change` only when
/// Python must see it.
enum Held {
    Object(Py<PyAny>),
    Native(Py<Changes>, usize),
}

impl Held {
    /// The engine's `Change`.
    fn object(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Held::Object(change) => Ok(change.clone_ref(py)),
            Held::Native(block, index) => Ok(block.get().change(py, *index)?.unbind()),
        }
    }
}

/// The engine's `Change`s of `group`.
fn objects(py: Python<'_>, group: &[Held]) -> PyResult<Vec<Py<PyAny>>> {
    group.iter().map(|held| held.object(py)).collect()
}

/// A span of overlapping changes: start, end, its changes, and how much longer the output
/// is than the input there (`_Alignment.group`, `length - (end - start)`).
type Group = (usize, usize, Vec<Held>, isize);

/// `safety.content` of each character, asked of Python once: `Contents(content)`, made
/// once and given to every `Alignment`.
#[pyclass(unsendable)]
pub struct Contents {
    ask: Py<PyAny>,
    bmp: Vec<Option<Box<str>>>,
    other: HashMap<char, Box<str>>,
    buffers: (String, String), // for `same`
}

#[pymethods]
impl Contents {
    #[new]
    fn py_new(content: Py<PyAny>) -> Self {
        let buffers = (String::new(), String::new());
        Self { ask: content, bmp: vec![None; 0x10000], other: HashMap::new(), buffers }
    }
}

impl Contents {
    fn of(&mut self, py: Python<'_>, c: char) -> PyResult<&str> {
        let code = c as usize;
        if code < self.bmp.len() {
            if self.bmp[code].is_none() {
                self.bmp[code] = Some(self.ask(py, c)?);
            }
            return Ok(self.bmp[code].as_deref().unwrap_or(""));
        }
        if !self.other.contains_key(&c) {
            let folded = self.ask(py, c)?;
            self.other.insert(c, folded);
        }
        Ok(&self.other[&c])
    }

    fn ask(&self, py: Python<'_>, c: char) -> PyResult<Box<str>> {
        let mut buffer = [0u8; 4];
        let folded = self.ask.call1(py, (&*c.encode_utf8(&mut buffer),))?;
        Ok(folded.extract::<String>(py)?.into_boxed_str())
    }

    /// `safety.content(text)`: the content of each character, one after the other.
    fn of_text(&mut self, py: Python<'_>, text: &str) -> PyResult<String> {
        let mut found = String::new();
        self.fill(py, text, &mut found)?;
        Ok(found)
    }

    /// Mirrors `safety._content_before`: the last `count` content characters of `text`
    /// (all of them if fewer), read backwards from its end only as far as they go.
    fn before(&mut self, py: Python<'_>, text: &str, count: usize) -> PyResult<String> {
        let mut found: Vec<char> = Vec::new(); // backwards
        for c in text.chars().rev() {
            if found.len() >= count {
                break;
            }
            found.extend(self.of(py, c)?.chars().rev());
        }
        found.truncate(count);
        Ok(found.into_iter().rev().collect())
    }

    /// Whether `a` and `b` have the same content (`_content_of(a) == _content_of(b)`): most
    /// changes touch only marks, spaces and line ends, which have none, so nothing is
    /// compared for them.
    fn same(&mut self, py: Python<'_>, a: &str, b: &str) -> PyResult<bool> {
        // the two contents go in buffers kept from call to call: no string made a change
        let (mut left, mut right) = std::mem::take(&mut self.buffers);
        left.clear();
        right.clear();
        let filled = self.fill(py, a, &mut left).and_then(|_| self.fill(py, b, &mut right));
        let same = left.len() == right.len() && (left.is_empty() || left == right);
        self.buffers = (left, right);
        filled.map(|_| same)
    }

    /// `text`'s content added to `found`.
    fn fill(&mut self, py: Python<'_>, text: &str, found: &mut String) -> PyResult<()> {
        for c in text.chars() {
            found.push_str(self.of(py, c)?);
        }
        Ok(())
    }
}

/// Byte position after `count` more characters of `text` from byte `at` (None: too few).
fn skip(text: &str, at: usize, count: usize) -> Option<usize> {
    let (end, walked) = skip_chars(text.as_bytes(), at, count);
    (walked == count).then_some(end)
}

/// `_Alignment` with `_check_changes`' common case (see the module docs).
#[pyclass(unsendable)]
pub struct Alignment {
    original: String,
    limit: usize, // len(original) in characters
    done_byte: usize,
    done: usize,
    allowed: HashSet<String>,
    mapping: HashSet<String>,
    contents: Py<Contents>,
    brackets: Vec<char>, // sorted
    output: String,      // the output not yet matched begins at `pos` (`pos_byte`) of this
    out_chars: usize,
    pos: usize,
    pos_byte: usize,
    start: usize,
    end: usize,
    group: Vec<Held>,
    spare: Vec<Vec<Held>>, // groups checked, emptied for the next ones: no vector made a group
    sorted: Vec<(Fields, Held)>, // `feed`'s changes, the vector kept from feed to feed
    delta: isize,
    waiting: VecDeque<Group>,
    failed: bool,
}

/// A change's fields as `_Alignment.feed` reads them.
struct Fields {
    first: usize,
    last: usize,
    delta: isize,
}

/// A change's text as Rust reads it: a lone surrogate becomes U+FFFD, which has the same
/// content (none), so content compares as in Python.
fn lossy<'a>(text: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    Ok(text.cast::<PyString>()?.to_string_lossy())
}

#[pymethods]
impl Alignment {
    /// `Alignment(original, allowed rule ids, mapping rule ids, contents, brackets)`:
    /// `contents` a `Contents`, `brackets` the characters `safety._BRACKET` finds.
    #[new]
    fn py_new(
        original: &Bound<'_, PyString>,
        allowed: &Bound<'_, PyAny>,
        mapping: &Bound<'_, PyAny>,
        contents: Py<Contents>,
        brackets: &str,
    ) -> PyResult<Self> {
        let limit = original.len()?; // in code points, as Python counts: no walk over the text
        let original = original.to_str()?.to_string();
        let ids = |set: &Bound<'_, PyAny>| -> PyResult<HashSet<String>> {
            set.try_iter()?.map(|id| id?.extract()).collect()
        };
        let (allowed, mapping) = (ids(allowed)?, ids(mapping)?);
        Ok(Self {
            original,
            limit,
            done_byte: 0,
            done: 0,
            allowed,
            mapping,
            contents,
            brackets: {
                let mut sorted: Vec<char> = brackets.chars().collect();
                sorted.sort_unstable();
                sorted
            },
            output: String::new(),
            out_chars: 0,
            pos: 0,
            pos_byte: 0,
            start: 0,
            end: 0,
            group: Vec::new(),
            spare: Vec::new(),
            sorted: Vec::new(),
            delta: 0,
            waiting: VecDeque::new(),
            failed: false,
        })
    }

    /// `_Alignment.feed`, with the common case of `_check_changes`: (the changes
    /// `_check_changes` must look at, the problems as tuples). `changes` holds `Change`s
    /// and native blocks of them (`Changes`, taken as their changes in order). The changes
    /// to look at are those outside the input and those that change content by a rule not
    /// in `mapping`. The problems are None when this does not follow the changes or cannot
    /// read the output (nothing moved: `state` hands over to `_Alignment`); of a native
    /// block, a de-duplication's removal of a copy is not among them (`removed_copy`). Third, with
    /// `want_brackets`, the changes whose before or after holds one of the `brackets`: a
    /// `Change`, or a block's such changes as a block of their own (`Changes`, which
    /// `within` makes `Change`s of where they are wanted), in order.
    #[allow(clippy::type_complexity)]
    fn feed(
        &mut self,
        changes: &Bound<'_, PyList>,
        output: &Bound<'_, PyString>,
        want_brackets: bool,
    ) -> PyResult<(Vec<Py<PyAny>>, Option<Vec<Py<PyAny>>>, Vec<Py<PyAny>>)> {
        let py = changes.py();
        let holder = self.contents.clone_ref(py);
        let mut contents = holder.bind(py).borrow_mut();
        let mut unsure = Vec::new();
        let mut bracketed = Vec::new();
        let mut sorted = std::mem::take(&mut self.sorted);
        sorted.clear();
        let mut follows = true;
        for change in changes.iter() {
            if let Ok(block) = change.cast::<Changes>() {
                let wanted = want_brackets.then_some(&mut bracketed);
                self.read_block(
                    py,
                    block,
                    &mut contents,
                    &mut sorted,
                    &mut unsure,
                    wanted,
                    &mut follows,
                )?;
                continue;
            }
            let tuple = change.cast::<PyTuple>()?;
            let before = tuple.get_item(3)?;
            let after = tuple.get_item(4)?;
            let (old, new) = (lossy(&before)?, lossy(&after)?);
            if want_brackets && self.has_bracket(&old, &new) {
                bracketed.push(change.clone().unbind());
            }
            let first: isize = tuple.get_item(1)?.extract()?;
            let last: isize = tuple.get_item(2)?.extract()?;
            if !(0 <= first && first <= last && last as usize <= self.limit) {
                unsure.push(change.clone().unbind());
                follows = false;
                continue;
            }
            if !contents.same(py, &old, &new)?
                && !self.mapping.contains(&*lossy(&tuple.get_item(0)?)?)
            {
                unsure.push(change.clone().unbind());
            }
            let delta = after.len()? as isize - before.len()? as isize;
            let (first, last) = (first as usize, last as usize);
            sorted.push((Fields { first, last, delta }, Held::Object(change.unbind())));
        }
        let mut problems = Vec::new();
        if self.failed {
            return Ok((unsure, Some(problems), bracketed));
        }
        let Ok(text) = output.to_str() else { return Ok((unsure, None, bracketed)) };
        if !follows {
            return Ok((unsure, None, bracketed));
        }
        // stable, as `sorted(key=_PLACE)`: ties in the order fed; a block's changes come as
        // runs in order (one a rule's stage), which a stable sort merges rather than sorts
        sorted.sort_by_key(|(f, _)| (f.first, f.last));
        self.output.drain(..self.pos_byte);
        self.out_chars -= self.pos;
        self.pos = 0;
        self.pos_byte = 0;
        self.output.push_str(text);
        self.out_chars += text.chars().count();
        for (found, change) in sorted.drain(..) {
            let has_group = !self.group.is_empty();
            if has_group && found.first < self.start && !self.failed {
                self.failed = true;
                problems.push(
                    ("order", found.first, change.object(py)?)
                        .into_pyobject(py)?
                        .into_any()
                        .unbind(),
                );
            }
            if has_group && found.first <= self.end {
                self.end = self.end.max(found.last);
                self.group.push(change);
                self.delta += found.delta;
                continue;
            }
            if has_group {
                let group = std::mem::take(&mut self.group);
                self.waiting.push_back((self.start, self.end, group, self.delta));
            }
            self.start = found.first;
            self.end = found.last;
            self.group = self.spare.pop().unwrap_or_default();
            self.group.push(change);
            self.delta = found.delta;
        }
        self.sorted = sorted;
        self.check(py, &mut contents, false, &mut problems)?;
        Ok((unsure, Some(problems), bracketed))
    }

    /// `_Alignment.finish`.
    fn finish(&mut self, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
        let mut problems = Vec::new();
        if !self.group.is_empty() {
            let group = std::mem::take(&mut self.group);
            self.waiting.push_back((self.start, self.end, group, self.delta));
        }
        let holder = self.contents.clone_ref(py);
        self.check(py, &mut holder.bind(py).borrow_mut(), true, &mut problems)?;
        if !self.failed {
            let rest = &self.original[self.done_byte..];
            if self.out_chars - self.pos != self.limit - self.done
                || &self.output[self.pos_byte..] != rest
            {
                problems.push(self.mismatch(py)?);
            }
        }
        Ok(problems)
    }

    /// What the Python `_Alignment` needs to go on from here: (output not yet matched,
    /// done, start, end, group, waiting, failed).
    #[allow(clippy::type_complexity)]
    fn state(
        &self,
        py: Python<'_>,
    ) -> PyResult<(
        String,
        usize,
        usize,
        usize,
        Vec<Py<PyAny>>,
        Vec<(usize, usize, Vec<Py<PyAny>>)>,
        bool,
    )> {
        let waiting = self
            .waiting
            .iter()
            .map(|(s, e, g, _)| Ok((*s, *e, objects(py, g)?)))
            .collect::<PyResult<_>>()?;
        Ok((
            self.output[self.pos_byte..].to_string(),
            self.done,
            self.start,
            self.end,
            objects(py, &self.group)?,
            waiting,
            self.failed,
        ))
    }
}

impl Alignment {
    /// Whether `old` or `new` holds one of the `brackets` (sorted).
    fn has_bracket(&self, old: &str, new: &str) -> bool {
        let first = self.brackets.first().copied().unwrap_or(char::MAX);
        old.chars()
            .chain(new.chars())
            .any(|c| c >= first && self.brackets.binary_search(&c).is_ok())
    }

    /// `feed`'s reading of a native block of changes, as of the `Change`s it holds.
    #[allow(clippy::too_many_arguments)]
    fn read_block(
        &self,
        py: Python<'_>,
        block: &Bound<'_, Changes>,
        contents: &mut Contents,
        sorted: &mut Vec<(Fields, Held)>,
        unsure: &mut Vec<Py<PyAny>>,
        bracketed: Option<&mut Vec<Py<PyAny>>>,
        follows: &mut bool,
    ) -> PyResult<()> {
        let changes = block.get();
        let mut mapped: Vec<Option<(bool, bool)>> = Vec::new(); // per rule: in `mapping`, `allowed`
        let mut with_brackets = Vec::new(); // the changes holding a bracket or quote
        let mut places = Chars::new(&self.original); // where changes start and end
        for (index, found) in changes.records.iter().enumerate() {
            let (old, new) = (changes.records.before(found), changes.records.after(found));
            if bracketed.is_some() && self.has_bracket(old, new) {
                with_brackets.push(index);
            }
            let (first, last) = (found.start, found.end);
            if !(0 <= first && first <= last && last as usize <= self.limit) {
                unsure.push(changes.change(py, index)?.unbind());
                *follows = false;
                continue;
            }
            if !contents.same(py, old, new)? {
                if mapped.len() <= found.rule {
                    mapped.resize(found.rule + 1, None);
                }
                let rule = found.rule;
                let (in_mapping, allowed) = *mapped[rule].get_or_insert_with(|| {
                    let id = changes.rule(py, index).to_string_lossy();
                    (self.mapping.contains(&*id), self.allowed.contains(&*id))
                });
                if !in_mapping {
                    let span = (first as usize, last as usize);
                    // a mapping rule is allowed too: de-duplication is allowed but not mapping
                    let copy =
                        allowed && self.removed_copy(py, contents, &mut places, span, old, new)?;
                    if !copy {
                        unsure.push(changes.change(py, index)?.unbind());
                    }
                }
            }
            let delta = (found.after_len - found.before_len) as isize;
            let (first, last) = (first as usize, last as usize);
            let fields = Fields { first, last, delta };
            sorted.push((fields, Held::Native(block.clone().unbind(), index)));
        }
        if let (Some(bracketed), false) = (bracketed, with_brackets.is_empty()) {
            let part = Py::new(py, changes.part(py, &with_brackets))?;
            bracketed.push(part.into_any());
        }
        Ok(())
    }

    /// Whether a change of characters `span` of the input from `old` to `new` (which differ
    /// in content) by a de-duplication rule (one in `allowed` but not in `mapping`: the two
    /// are apart) removed a copy of the content just before it, as the first two tests of
    /// `_check_changes` find it; the third, a copy across scripts, is left to Python.
    fn removed_copy(
        &self,
        py: Python<'_>,
        contents: &mut Contents,
        places: &mut Chars<'_>,
        (start, end): (usize, usize),
        old: &str,
        new: &str,
    ) -> PyResult<bool> {
        if !contents.of_text(py, new)?.is_empty() {
            return Ok(false);
        }
        let before = contents.of_text(py, old)?;
        let size = before.chars().count();
        let text = places.prefix(start);
        if contents.before(py, text, size)? == before {
            return Ok(true);
        }
        let text = places.prefix(end);
        Ok(contents.before(py, text, 2 * size)? == before.repeat(2))
    }

    /// `_Alignment._check`.
    fn check(
        &mut self,
        py: Python<'_>,
        contents: &mut Contents,
        last: bool,
        problems: &mut Vec<Py<PyAny>>,
    ) -> PyResult<()> {
        while !self.failed {
            let Some((start, end, _, delta)) = self.waiting.front() else { break };
            let (start, end) = (*start, *end);
            let length = (end - start) as isize + delta;
            let needed = (start - self.done) + length.max(0) as usize + 20;
            if !last && self.out_chars - self.pos < needed {
                return Ok(());
            }
            let (start, end, mut group, _) = self.waiting.pop_front().expect("a waiting span");
            let problem = self.span(py, contents, start, end, &group, length)?;
            group.clear();
            self.spare.push(group);
            if let Some(problem) = problem {
                problems.push(problem);
            }
        }
        Ok(())
    }

    /// `_Alignment._span`: check one span and the verbatim text before it; move past them.
    fn span(
        &mut self,
        py: Python<'_>,
        contents: &mut Contents,
        start: usize,
        end: usize,
        group: &[Held],
        length: isize,
    ) -> PyResult<Option<Py<PyAny>>> {
        // `_same(original, done, output, pos, start - done)`
        let verbatim = start - self.done;
        let same = match skip(&self.original, self.done_byte, verbatim) {
            Some(start_byte) if self.pos + verbatim <= self.out_chars => {
                let piece = &self.original[self.done_byte..start_byte];
                self.output.as_bytes()[self.pos_byte..]
                    .starts_with(piece.as_bytes())
                    .then_some(start_byte)
            }
            _ => None,
        };
        let Some(start_byte) = same else {
            self.failed = true;
            return Ok(Some(self.mismatch(py)?));
        };
        let pos = self.pos + verbatim;
        let pos_byte = self.pos_byte + (start_byte - self.done_byte);
        if length < 0 || pos + length as usize > self.out_chars {
            self.failed = true;
            let group = objects(py, group)?;
            return Ok(Some(("account", start, end, group).into_pyobject(py)?.into_any().unbind()));
        }
        let length = length as usize;
        let end_byte = skip(&self.original, start_byte, end - start).expect("a span in the input");
        let new_end = skip(&self.output, pos_byte, length).expect("output that long");
        (self.pos, self.pos_byte, self.done, self.done_byte) =
            (pos + length, new_end, end, end_byte);
        let old = &self.original[start_byte..end_byte];
        let new = &self.output[pos_byte..new_end];
        if old == new || contents.same(py, old, new)? {
            return Ok(None);
        }
        for change in group {
            let said = match change {
                Held::Object(change) => {
                    let change = change.bind(py).cast::<PyTuple>()?;
                    self.allowed.contains(&*lossy(&change.get_item(0)?)?) || {
                        let before = change.get_item(3)?;
                        let after = change.get_item(4)?;
                        !contents.same(py, &lossy(&before)?, &lossy(&after)?)?
                    }
                }
                Held::Native(block, index) => {
                    let block = block.get();
                    let records = &block.records;
                    let found = records.get(*index);
                    self.allowed.contains(&*block.rule(py, *index).to_string_lossy())
                        || !contents.same(py, records.before(found), records.after(found))?
                }
            };
            if said {
                return Ok(None);
            }
        }
        let (old, new) = (old.to_string(), new.to_string());
        let group = objects(py, group)?;
        Ok(Some(("content", start, group, old, new).into_pyobject(py)?.into_any().unbind()))
    }

    /// A mismatch at `done` of the input and `pos` of the output: Python words it
    /// (`_mismatch`) from the output not yet matched.
    fn mismatch(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let rest = &self.output[self.pos_byte..];
        Ok(("mismatch", self.done, rest).into_pyobject(py)?.into_any().unbind())
    }
}
