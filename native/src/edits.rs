//! Edits in code points, as the Python kinds record them.

/// `(start, end, replacement)`: characters `start..end` of the input became `replacement`.
pub type Edit = (usize, usize, String);

/// The edits of one run, or nothing when the caller did not ask for them.
pub struct Edits {
    on: bool,
    declined: bool,
    items: Vec<Edit>,
}

impl Edits {
    pub fn new(on: bool) -> Self {
        Self { on, declined: false, items: Vec::new() }
    }

    /// Say this kind's native twin does not handle this text (a case it has not ported):
    /// the kind returns `None`, and the caller raises `NotImplementedError` so Python's
    /// reference kind cleans the text instead.
    pub fn decline(&mut self) {
        self.declined = true;
    }

    pub fn declined(&self) -> bool {
        self.declined
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
        self.chars += count_starts(&self.bytes[self.byte..at]);
        self.byte = at;
        self.chars
    }
}

/// The characters starting in a word of 8 bytes of UTF-8: the bytes that are no
/// continuation byte (10xxxxxx: bit 7 set, bit 6 clear).
#[inline]
fn starts_in(word: u64) -> usize {
    8 - (word & !(word << 1) & 0x8080_8080_8080_8080).count_ones() as usize
}

/// How many characters start in `bytes` (the bytes that are no continuation byte), a word
/// of 8 bytes at a time: what walking them byte by byte counts, without the walk.
pub fn count_starts(bytes: &[u8]) -> usize {
    let words = bytes.chunks_exact(8);
    let rest = words.remainder().iter().filter(|&&b| (b & 0xC0) != 0x80).count();
    words
        .map(|word| starts_in(u64::from_le_bytes(word.try_into().expect("8 bytes"))))
        .sum::<usize>()
        + rest
}

/// The byte position `count` characters on from byte `at` (a character's start) of UTF-8
/// `bytes`, or its end if they are fewer, and how many characters that is: by blocks of 64
/// bytes while a whole block comes before it, then character by character.
pub fn skip_chars(bytes: &[u8], mut at: usize, count: usize) -> (usize, usize) {
    const BLOCK: usize = 64;
    let mut done = 0;
    // a block holds 16 characters or more (4 bytes at most each): fewer left, none is whole
    while at + BLOCK <= bytes.len() && count - done >= BLOCK / 4 {
        let starts = count_starts(&bytes[at..at + BLOCK]);
        if done + starts > count {
            break;
        }
        done += starts;
        at += BLOCK;
        while at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
            at += 1; // the rest of a character counted in the block
        }
    }
    while done < count && at < bytes.len() {
        at += 1;
        while at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
            at += 1;
        }
        done += 1;
    }
    (at, done)
}

/// A change a kind found: bytes `start..end` of its input become `new`.
pub type Change = (usize, usize, &'static str);

/// A kind's result, built as it finds its changes: nothing is copied before the first.
pub struct Spliced<'a> {
    text: &'a str,
    out: String,
    chars: CharIndex<'a>,
    done: usize,
    changed: bool,
}

impl<'a> Spliced<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { text, out: String::new(), chars: CharIndex::new(text), done: 0, changed: false }
    }

    /// Bytes `start..end` of the text become `new` (changes in order, not overlapping),
    /// recorded in `edits`.
    pub fn put(&mut self, start: usize, end: usize, new: &str, edits: &mut Edits) {
        if !self.changed {
            self.out.reserve(self.text.len());
            self.changed = true;
        }
        self.out.push_str(&self.text[self.done..start]);
        self.out.push_str(new);
        if edits.on() {
            edits.record(self.chars.at(start), &self.text[start..end], new);
        }
        self.done = end;
    }

    /// The text with the changes made; `None` when there were none.
    pub fn finish(mut self) -> Option<String> {
        if !self.changed {
            return None;
        }
        self.out.push_str(&self.text[self.done..]);
        Some(self.out)
    }
}

/// `text` with `changes` (in order, not overlapping) made, each recorded in `edits`.
pub fn splice(text: &str, changes: Vec<Change>, edits: &mut Edits) -> String {
    let mut spliced = Spliced::new(text);
    for (start, end, new) in changes {
        spliced.put(start, end, new, edits);
    }
    spliced.finish().unwrap_or_else(|| text.to_string())
}
