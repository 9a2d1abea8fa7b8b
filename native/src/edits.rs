//! Edits in code points, as the Python kinds record them.

/// `(start, end, replacement)`: characters `start..end` of the input became `replacement`.
pub type Edit = (usize, usize, String);

/// The edits of one run, or nothing when the caller did not ask for them.
pub struct Edits {
    on: bool,
    items: Vec<Edit>,
}

impl Edits {
    pub fn new(on: bool) -> Self {
        Self { on, items: Vec::new() }
    }

    pub fn on(&self) -> bool {
        self.on
    }

    /// Record `old` at character `start` becoming `new`, as Python's `base._record` does: a
    /// replacement of the same length, longer than one character, one edit per changed
    /// character.
    pub fn record(&mut self, start: usize, old: &str, new: &str) {
        if !self.on {
            return;
        }
        let old_len = old.chars().count();
        let new_len = new.chars().count();
        if old_len == new_len && old_len > 1 {
            for (i, (a, b)) in old.chars().zip(new.chars()).enumerate() {
                if a != b {
                    self.items.push((start + i, start + i + 1, b.to_string()));
                }
            }
        } else {
            self.items.push((start, start + old_len, new.to_string()));
        }
    }

    /// Record `start..end` becoming `new` as it is.
    pub fn push(&mut self, start: usize, end: usize, new: String) {
        if self.on {
            self.items.push((start, end, new));
        }
    }

    /// Add the edits of `part`, whose text starts at character `offset` of this one.
    pub fn append_at(&mut self, offset: usize, part: Edits) {
        self.items.extend(part.items.into_iter().map(|(a, b, new)| (offset + a, offset + b, new)));
    }

    pub fn into_vec(self) -> Vec<Edit> {
        self.items
    }
}

/// Character index of byte positions, walked forward: positions asked must not go back.
pub struct CharIndex<'a> {
    bytes: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { bytes: text.as_bytes(), byte: 0, chars: 0 }
    }

    /// The character index of byte position `at` (at or after the last one asked).
    pub fn at(&mut self, at: usize) -> usize {
        debug_assert!(at >= self.byte);
        self.chars += self.bytes[self.byte..at].iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        self.byte = at;
        self.chars
    }
}

/// A change a kind found: bytes `start..end` of its input become `new`.
pub type Change = (usize, usize, &'static str);

/// `text` with `changes` (in order, not overlapping) made, each recorded in `edits`.
pub fn splice(text: &str, changes: Vec<Change>, edits: &mut Edits) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = CharIndex::new(text);
    let mut done = 0;
    for (start, end, new) in changes {
        out.push_str(&text[done..start]);
        out.push_str(new);
        if edits.on() {
            edits.record(chars.at(start), &text[start..end], new);
        }
        done = end;
    }
    out.push_str(&text[done..]);
    out
}
