//! fake-bold: undo headings doubled by fake-bold rendering (`cleantext/kinds/fakebold.py`).
//!
//! One pass over the lines finds the paragraphs `_candidates` keeps and those
//! `_GLUED_PARAGRAPH_HINT` hints at; nearly every text has none and comes back unchanged.
//! The rest is the Python kind function by function, over paragraphs as characters, with the
//! notions of `headings.rs`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::edits::{skip_chars, Edits};
use crate::headings::{
    bare, chinese_heading_text, doubled_marks, doubled_runs, heading_like, heading_place,
    is_stray_space, latin_heading, lossy_runs, placed_as_heading, sentence_like, split_words,
    undouble, LOSSY_HEAD, LOSSY_LENGTH, MAX_LENGTH, NEVER_DOUBLED, OPENERS,
};
use crate::tables;
#[cfg(target_arch = "x86_64")]
use crate::text::sse2;
use crate::text::{in_table, is_decimal, is_han, is_py_space, py_isalnum};
use crate::{param, Rule};

/// `Evidence`: how sure a doubled paragraph is fake bold, by what it shows itself.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Evidence {
    None,
    Weak,
    Strong,
}

pub struct FakeBold {
    min_length: i64,
    heading_length: i64,
    /// What the paragraph tests found in the last text this kind cleaned (`Seen`).
    seen: Mutex<Seen>,
}

/// The paragraphs of the last text a `FakeBold` cleaned and what `candidate` and
/// `paragraph_hint` found in each: those tests look at a paragraph alone, so a paragraph
/// of the next text that is the same, byte for byte, as the one at its place in the last
/// gets the same answers without the tests. The settling passes over a slice clean texts
/// that differ in a few paragraphs (those the rules after this one changed), and those
/// tests are most of this kind's time on text it leaves as it is.
#[derive(Default)]
struct Seen {
    text: String,
    /// each paragraph's byte span in `text` and its answers: (candidate, hinted)
    paragraphs: Vec<(usize, usize, bool, bool)>,
}

impl Seen {
    /// Keep `text`, its `paragraphs` (`lines(text)`) and their `answers`.
    fn keep(&mut self, text: &str, paragraphs: &[&str], answers: &[(bool, bool)]) {
        self.text.clear();
        self.text.push_str(text);
        self.paragraphs.clear();
        let mut start = 0;
        self.paragraphs.extend(paragraphs.iter().zip(answers).map(|(p, &(c, h))| {
            let span = (start, start + p.len(), c, h);
            start += p.len() + 1; // the line break after it
            span
        }));
    }

    /// The answers for paragraph `index` when it is `paragraph`, if known.
    fn answers(&self, index: usize, paragraph: &str) -> Option<(bool, bool)> {
        let &(start, end, candidate, hinted) = self.paragraphs.get(index)?;
        (self.text.as_bytes()[start..end] == *paragraph.as_bytes()).then_some((candidate, hinted))
    }
}

/// A paragraph's runs written twice, `(start, length)` in characters.
type Runs = Vec<(usize, usize)>;

impl Rule for FakeBold {
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(Self {
            min_length: param(options, "min_length")?,
            heading_length: param(options, "heading_length")?,
            seen: Mutex::new(Seen::default()),
        })
    }

    /// `FakeBold.apply`.
    fn apply(&self, text: &str, edits: &mut Edits) -> Option<String> {
        let paragraphs = lines(text);
        let (mut candidates, mut hinted, mut twice) = (Vec::new(), Vec::new(), Vec::new());
        // `_across` may find a heading: a short paragraph opens with two characters of the
        // short one before it (one empty line between at most)
        let mut opens_across = false;
        let mut may_open = Vec::new(); // `may_open_block`: where `_across` may find a heading
                                       // the last text's answers (none while another thread holds them)
        let mut seen = self.seen.try_lock().ok();
        let mut answers = Vec::with_capacity(paragraphs.len());
        for (index, paragraph) in paragraphs.iter().enumerate() {
            if may_open_block(&paragraphs, index) {
                may_open.push(index);
                opens_across = opens_across || opens_block(&paragraphs, index);
            }
            if let Some(first) = drawn_twice(&paragraphs, index) {
                twice.push((index, first));
            }
            let (is_candidate, is_hinted) =
                seen.as_ref().and_then(|s| s.answers(index, paragraph)).unwrap_or_else(|| {
                    // `glued` looks at paragraphs of 8 characters or more only
                    (candidate(paragraph), paragraph.len() >= 8 && paragraph_hint(paragraph))
                });
            if is_candidate {
                candidates.push(index);
            }
            if is_hinted {
                hinted.push(index);
            }
            answers.push((is_candidate, is_hinted));
        }
        if let Some(seen) = seen.as_mut() {
            seen.keep(text, &paragraphs, &answers);
        }
        drop(seen);
        if candidates.is_empty() && hinted.is_empty() && twice.is_empty() && !opens_across {
            return None;
        }
        if self.min_length < 1 {
            edits.decline(); // Python fails on a text of one character: not ported
            return None;
        }
        let min_length = self.min_length as usize;
        let mut found: BTreeMap<usize, (Vec<char>, Evidence)> = BTreeMap::new();
        let mut lossy: HashMap<usize, Runs> = HashMap::new();
        for index in candidates {
            let paragraph: Vec<char> = paragraphs[index].chars().collect();
            let once = undouble(&paragraph, min_length);
            if once.is_none() {
                if let Some(runs) = lost_copies(&paragraphs, index, &paragraph) {
                    found.insert(index, (once_of(&paragraph, &runs), Evidence::Strong));
                    lossy.insert(index, runs);
                    continue;
                }
            }
            // `0000…` or a doubled doubling: undoing it once would not be final
            let Some(once) = once else { continue };
            if undouble(&once, min_length).is_some() {
                continue;
            }
            let mut evidence = self.evidence(&paragraph, &once);
            if evidence == Evidence::Weak && introduced(&paragraphs, index) {
                evidence = Evidence::None; // `他唱道：` then a line: what is said or sung
            }
            if evidence == Evidence::Weak && placed(&paragraphs, index, &once) {
                evidence = Evidence::Strong;
            }
            if evidence == Evidence::None
                && latin_placed(&paragraphs, index, &paragraph, &once, self.heading_length)
            {
                evidence = Evidence::Strong;
            }
            if evidence != Evidence::None {
                found.insert(index, (once, evidence));
            }
        }
        let mut glued_spans: BTreeMap<usize, Vec<(usize, Vec<char>)>> = BTreeMap::new();
        for index in hinted {
            if found.contains_key(&index) {
                continue;
            }
            let paragraph: Vec<char> = paragraphs[index].chars().collect();
            let spans = glued(&paragraph, min_length);
            if !spans.is_empty() {
                glued_spans.insert(index, spans);
            }
        }
        let drawn: BTreeMap<usize, (usize, Vec<char>)> = twice
            .into_iter()
            .filter(|&(index, first)| {
                !found.contains_key(&index)
                    && !found.contains_key(&first)
                    && repeated_heading(&paragraphs, first, index)
            })
            .map(|(index, first)| {
                (index, (first, bare(&paragraphs[index].chars().collect::<Vec<_>>())))
            })
            .collect();
        let long = |copy: &[char]| copy.len() as i64 >= self.heading_length;
        let copies = || glued_spans.values().flatten().map(|(_, copy)| copy);
        let strong = found.values().filter(|(_, e)| *e == Evidence::Strong).count()
            + copies().filter(|copy| long(copy)).count()
            + drawn.values().filter(|(_, once)| long(once)).count();
        // short headings vouch for each other only when they differ; a doubled mark vouches too
        // (a word of two characters only over a body: `研究研究` / `讨论讨论` are verbs)
        let mut short: HashSet<&[char]> = found
            .iter()
            .filter(|&(&index, (once, e))| {
                *e == Evidence::Weak && (once.len() > 2 || has_body(&paragraphs, index, &found))
            })
            .map(|(_, (once, _))| once.as_slice())
            .collect();
        short.extend(copies().map(Vec::as_slice));
        short.extend(drawn.values().map(|(_, once)| once.as_slice()));
        let corroborated =
            strong > 0 || short.len() > 1 || !short.is_empty() && doubled_marks(text);
        let undone: BTreeMap<usize, &Vec<char>> = found
            .iter()
            .filter(|(_, (_, e))| *e == Evidence::Strong || corroborated)
            .map(|(&index, (once, _))| (index, once))
            .collect();
        let cuts: BTreeMap<usize, Vec<(usize, usize)>> = glued_spans
            .iter()
            .map(|(&index, spans)| {
                let chars: Vec<char> = paragraphs[index].chars().collect();
                let kept = spans
                    .iter()
                    .filter(|(_, copy)| corroborated || long(copy))
                    .map(|(at, copy)| (*at, copy_end(&chars, *at, copy.len())))
                    .collect::<Vec<_>>();
                (index, kept)
            })
            .filter(|(_, kept)| !kept.is_empty())
            .collect();
        let dropped: BTreeMap<usize, usize> = drawn
            .iter()
            .filter(|(_, (_, once))| corroborated || long(once))
            .map(|(&index, &(first, _))| (index, first))
            .collect();
        let across = if opens_across {
            let mut taken: HashSet<usize> = found.keys().copied().collect();
            taken.extend(glued_spans.keys().copied());
            taken.extend(drawn.iter().flat_map(|(&index, &(first, _))| [index, first]));
            across(&paragraphs, &taken, &may_open)
        } else {
            BTreeMap::new()
        };
        let mut gone: HashSet<usize> =
            dropped.iter().flat_map(|(&index, &first)| first + 1..=index).collect();
        gone.extend(across.iter().flat_map(|(&index, (last, _, _))| index + 1..=*last));
        if undone.is_empty() && cuts.is_empty() && dropped.is_empty() && across.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut offset = 0;
        for (index, paragraph) in paragraphs.iter().enumerate() {
            if let (Some(&first), true) = (dropped.get(&index), edits.on()) {
                // the copy goes with the line breaks before it
                let length = paragraph.chars().count();
                edits.push(offset - (index - first), offset + length, String::new());
            }
            if gone.contains(&index) {
                if edits.on() {
                    offset += paragraph.chars().count() + 1;
                }
                continue;
            }
            if index > 0 {
                out.push('\n');
            }
            if let Some((_, once, deletions)) = across.get(&index) {
                // one heading over paragraphs: its copies and breaks go
                for &(start, end) in deletions {
                    edits.push(offset + start, offset + end, String::new());
                }
                out.extend(once.iter());
            } else if let Some(once) = undone.get(&index) {
                if edits.on() {
                    let chars: Vec<char> = paragraph.chars().collect();
                    match lossy.get(&index) {
                        None => deletions(&chars)
                            .into_iter()
                            .for_each(|(s, e)| edits.push(offset + s, offset + e, String::new())),
                        Some(runs) => runs.iter().for_each(|&(s, l)| {
                            edits.push(offset + s + l, offset + s + 2 * l, String::new())
                        }),
                    }
                }
                out.extend(once.iter());
            } else if let Some(spans) = cuts.get(&index) {
                let chars: Vec<char> = paragraph.chars().collect();
                let mut done = 0;
                for &(start, end) in spans {
                    edits.push(offset + start, offset + end, String::new());
                    out.extend(&chars[done..start]);
                    done = end;
                }
                out.extend(&chars[done..]);
            } else {
                out.push_str(paragraph);
            }
            if edits.on() {
                offset += paragraph.chars().count() + 1;
            }
        }
        Some(out)
    }
}

impl FakeBold {
    /// `FakeBold._evidence`: what shows that `paragraph`, written once as `once`, is a
    /// fake-bold heading.
    fn evidence(&self, paragraph: &[char], once: &[char]) -> Evidence {
        let bare = bare(once);
        if column_gap(paragraph) || !chinese_heading_text(once) {
            return Evidence::None; // table cells, Latin words, identifiers, addresses, `哈哈哈`
        }
        let runs = doubled_runs(paragraph);
        let copies: HashSet<&[char]> = runs
            .iter()
            .flatten()
            .filter(|&&(start, _)| !is_py_space(paragraph[start]))
            .map(|&(start, length)| &paragraph[start..start + length])
            .collect();
        if copies.iter().any(|copy| copy.iter().all(|&c| NEVER_DOUBLED.contains(c))) {
            return Evidence::Strong; // `““`, `：：`: marks Chinese never writes twice
        }
        if OPENERS.contains(bare[0]) {
            return Evidence::None; // a quotation: dialogue
        }
        if bare.len() == 2 && strip(paragraph) == [bare[0], bare[0], bare[1], bare[1]] {
            return Evidence::None; // AABB reduplication: `热热闹闹`, `干干净净`
        }
        let phrases =
            copies.iter().filter(|copy| copy.len() >= 2 && copy.iter().any(|&c| c != copy[0]));
        if phrases.count() > 1 {
            return Evidence::Strong; // several runs doubled: `向新而行向新而行 加速迈进加速迈进`
        }
        if sentence_like(once) {
            return Evidence::None; // a sentence said twice (`谢谢你，谢谢你，`), not a heading
        }
        let length = bare.len();
        let spaced = runs.is_none() && length >= 4; // `石榴花开美西宁 石榴花开美西宁`
        if spaced || length as i64 >= self.heading_length {
            return Evidence::Strong;
        }
        Evidence::Weak
    }
}

/// `text.split("\n")`, its line breaks found by `memchr` (a vector loop).
fn lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(1 + text.len() / 64);
    let mut start = 0;
    for at in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(&text[start..at]);
        start = at + 1;
    }
    lines.push(&text[start..]);
    lines
}

/// A heading over paragraphs (`_across`): its last paragraph, the heading written once, and
/// the deletions from its first paragraph's start.
type Across = (usize, Vec<char>, Vec<(usize, usize)>);

/// `_across`: the headings drawn over several short paragraphs whose copies interleave
/// across them, by their first paragraph; paragraphs in `taken` are none. Only the blocks
/// that hold a paragraph of `may_open` (`may_open_block`) are looked at: the others have no
/// paragraph opening with two characters of the one before, and `_block_groups` finds
/// nothing in them.
fn across(
    paragraphs: &[&str],
    taken: &HashSet<usize>,
    may_open: &[usize],
) -> BTreeMap<usize, Across> {
    let mut groups = BTreeMap::new();
    let member = |index: usize| block_member(paragraphs[index]) && !taken.contains(&index);
    // the member after `index` in its block (one empty paragraph between at most)
    let next = |index: usize| {
        if index + 1 < paragraphs.len() && member(index + 1) {
            Some(index + 1)
        } else {
            let blank = index + 2 < paragraphs.len() && !not_blank(paragraphs[index + 1]);
            (blank && member(index + 2)).then_some(index + 2)
        }
    };
    let mut done = 0; // the paragraphs before are in blocks looked at
    for &index in may_open {
        if index < done || !member(index) {
            continue;
        }
        // the block around `index`, as `_across` makes it going forward
        let mut first = index;
        loop {
            if first >= 1 && member(first - 1) {
                first -= 1;
            } else if first >= 2 && !not_blank(paragraphs[first - 1]) && member(first - 2) {
                first -= 2;
            } else {
                break;
            }
        }
        let mut block = vec![first];
        while let Some(after) = next(block[block.len() - 1]) {
            block.push(after);
        }
        done = block[block.len() - 1] + 1;
        block_groups(paragraphs, &block, &mut groups);
    }
    groups
}

/// `_block_member`: paragraph `p` may be a line of a heading drawn over several.
fn block_member(p: &str) -> bool {
    let Some(n) = short_unended(p) else { return false }; // (a sentence's end: `sentence_like`)
    if n == 0 {
        return false;
    }
    // its characters on the stack: this runs for many paragraphs
    let mut chars = ['\0'; LOSSY_LENGTH];
    chars.iter_mut().zip(p.chars()).for_each(|(slot, c)| *slot = c);
    let chars = &chars[..n];
    !is_py_space(chars[0])
        && !is_py_space(chars[n - 1])
        && !sentence_like(chars)
        && !column_gap(chars)
}

/// `len(p) <= LOSSY_LENGTH` and no `[。！？!?]` in `p` (which makes it `sentence_like`): the
/// number of characters of `p`, `None` otherwise.
fn short_unended(p: &str) -> Option<usize> {
    if p.len() > 4 * LOSSY_LENGTH {
        return None;
    }
    let n = p.chars().count();
    (n <= LOSSY_LENGTH && !p.contains(['。', '！', '？', '!', '?'])).then_some(n)
}

/// A short paragraph (`LOSSY_LENGTH` bytes, four per character, at most) one or two before
/// paragraph `index`, itself short, holds its first two characters: only then may
/// `_block_groups` find paragraph `index` opening with two characters of the member before it
/// (with `taken` too: a paragraph taken between two members ends their block).
fn may_open_block(paragraphs: &[&str], index: usize) -> bool {
    opens_with_two_of(paragraphs, index, index.wrapping_sub(1))
        || opens_with_two_of(paragraphs, index, index.wrapping_sub(2))
}

/// Paragraph `at` before paragraph `index` holds its first two characters, and both are
/// short: no more than `4 * LOSSY_LENGTH` bytes, as `_block_member` needs (`at` past the
/// paragraphs: none).
fn opens_with_two_of(paragraphs: &[&str], index: usize, at: usize) -> bool {
    let (p, Some(earlier)) = (paragraphs[index], paragraphs.get(at)) else { return false };
    if p.is_empty() || p.len() > 4 * LOSSY_LENGTH || earlier.len() > 4 * LOSSY_LENGTH {
        return false;
    }
    earlier.contains(&p[..p.char_indices().nth(2).map_or(p.len(), |(i, _)| i)])
}

/// In `apply`'s pass over the paragraphs: paragraph `index` and the `_block_member` before it
/// (one empty line between at most) are the two of a block `_block_groups` looks at, the
/// later opening with two characters of the earlier; without such a pair `_across` finds
/// nothing. The cheap test first: the first two characters come in a short paragraph one or
/// two before; only then whether the paragraphs are members.
fn opens_block(paragraphs: &[&str], index: usize) -> bool {
    let holds = |at: usize| opens_with_two_of(paragraphs, index, at);
    // the member before `p` is the one just before, else the one before that
    let second = || holds(index.wrapping_sub(2)) && block_member(paragraphs[index - 2]);
    let opens = if holds(index.wrapping_sub(1)) {
        block_member(paragraphs[index - 1]) || second()
    } else {
        second() && !block_member(paragraphs[index - 1])
    };
    opens && block_member(paragraphs[index])
}

/// `_block_groups`: add to `groups` the headings of `_across` in `block`.
fn block_groups(paragraphs: &[&str], block: &[usize], groups: &mut BTreeMap<usize, Across>) {
    let mut opens = (1..block.len()).filter(|&k| {
        let p = paragraphs[block[k]];
        let two = p.char_indices().nth(2).map_or(p.len(), |(i, _)| i);
        paragraphs[block[k - 1]].contains(&p[..two])
    });
    let Some(last_open) = opens.next_back() else { return };
    let mut k = 0;
    while k < last_open {
        match group_at(paragraphs, &block[k..]) {
            None => k += 1,
            Some(group) => {
                let last = group.0;
                groups.insert(block[k], group);
                k = block.iter().position(|&index| index == last).unwrap_or(k) + 1;
            }
        }
    }
}

/// `_group_at`: the `_across` heading starting at paragraph `members[0]`, or None.
fn group_at(paragraphs: &[&str], members: &[usize]) -> Option<Across> {
    if !heading_place(before(paragraphs, members[0])) {
        return None;
    }
    let (mut starts, mut total) = (Vec::new(), 0); // where each paragraph starts when joined
    let mut joined: Vec<char> = Vec::new();
    for &index in members {
        let length = paragraphs[index].chars().count();
        if total + length > LOSSY_LENGTH {
            break;
        }
        starts.push(total);
        total += length;
        joined.extend(paragraphs[index].chars());
    }
    // as far as the last paragraph a copy reaches across a line break: one heading (the most
    // paragraphs that make one)
    let (count, end, runs) = (2..=starts.len()).rev().find_map(|count| {
        let end = starts[count - 1] + paragraphs[members[count - 1]].chars().count();
        let runs = lossy_runs(&joined[..end])?;
        let at = starts[count - 1];
        runs.iter()
            .any(|&(start, length)| start < at && at < start + 2 * length)
            .then_some((count, end, runs))
    })?; // None: each copy within its line, not one heading over lines
    let (start, length) = runs[runs.len() - 1];
    if runs[0].0 != 0 || start + 2 * length != end || letters_between(&joined[..end], &runs) {
        return None; // a line not all copy at either end, or words between the copies: verse
    }
    let last = members[count - 1];
    if let Some(&next) = members.get(count) {
        let p = paragraphs[next];
        let two = p.char_indices().nth(2).map_or(p.len(), |(i, _)| i);
        if paragraphs[last].contains(&p[..two]) {
            return None; // the next line opens with the last one's end too: verse
        }
    }
    let once = once_of(&joined[..end], &runs);
    if sentence_like(&once) || !heading_like(&once) {
        return None;
    }
    if runs.iter().filter(|&&(_, length)| length >= 3).count() < 2
        && !placed_as_heading(before(paragraphs, members[0]), &next_two(paragraphs, last), &once)
    {
        return None;
    }
    // the joined text's places in the paragraphs' text (line breaks between them)
    let mut place: Vec<usize> = Vec::with_capacity(end);
    let mut offset = 0;
    for (k, &index) in members[..count].iter().enumerate() {
        if k > 0 {
            let previous = members[k - 1];
            offset += paragraphs[previous].chars().count() + index - previous;
        }
        place.extend(offset..offset + paragraphs[index].chars().count());
    }
    let mut deletions: Vec<(usize, usize)> = runs
        .iter()
        .map(|&(start, length)| {
            let (copy, stop) = (start + length, start + 2 * length);
            // a copy that opens a paragraph goes with the line breaks before it
            let from = if starts.contains(&copy) { place[copy - 1] + 1 } else { place[copy] };
            (from, place[stop - 1] + 1)
        })
        .collect();
    for &at in &starts[1..count] {
        // the other line breaks between the paragraphs go too
        let gap = (place[at - 1] + 1, place[at]);
        if !deletions.iter().any(|&(start, stop)| start <= gap.0 && gap.1 <= stop) {
            deletions.push(gap);
        }
    }
    deletions.sort_unstable();
    Some((last, once, deletions))
}

/// `_letters_between`: some letter, digit or Han of `text` is in none of `runs`.
fn letters_between(text: &[char], runs: &[(usize, usize)]) -> bool {
    let mut done = 0;
    for &(start, length) in runs.iter().chain([(text.len(), 0)].iter()) {
        if text[done..start].iter().any(|&c| py_isalnum(c)) {
            return true;
        }
        done = start + 2 * length;
    }
    false
}

/// `_COLUMN_GAP.search(paragraph)`: `[ \u3000]{2,}|\t`, table cells.
fn column_gap(paragraph: &[char]) -> bool {
    paragraph.contains(&'\t')
        || paragraph
            .windows(2)
            .any(|w| matches!(w[0], ' ' | '\u{3000}') && matches!(w[1], ' ' | '\u{3000}'))
}

/// `p.strip()` is not empty.
fn not_blank(p: &str) -> bool {
    p.chars().any(|c| !is_py_space(c))
}

/// The last paragraph before `index` that is not blank, "" for none.
fn before<'a>(paragraphs: &[&'a str], index: usize) -> &'a str {
    paragraphs[..index].iter().rev().find(|p| not_blank(p)).copied().unwrap_or("")
}

/// `_lost_copies`: the doubled runs of paragraph `index` when it is a fake-bold heading that
/// lost some copies and reads and stands as a heading.
fn lost_copies(paragraphs: &[&str], index: usize, paragraph: &[char]) -> Option<Runs> {
    let runs = lossy_runs(paragraph)?;
    if column_gap(paragraph) {
        return None;
    }
    let once = once_of(paragraph, &runs);
    if sentence_like(&once) || !heading_like(&once) {
        return None;
    }
    if runs.iter().filter(|&&(_, length)| length >= 3).count() >= 2 {
        // two phrases doubled: a heading
        return heading_place(before(paragraphs, index)).then_some(runs);
    }
    placed(paragraphs, index, &once).then_some(runs)
}

/// `_once`: `paragraph` with the second copy of each of `runs` left out.
fn once_of(paragraph: &[char], runs: &[(usize, usize)]) -> Vec<char> {
    let mut kept = Vec::with_capacity(paragraph.len());
    let mut done = 0;
    for &(start, length) in runs {
        kept.extend_from_slice(&paragraph[done..start + length]);
        done = start + 2 * length;
    }
    kept.extend_from_slice(&paragraph[done..]);
    kept
}

/// `_drawn_twice` for paragraph `index`: the paragraph it repeats (`first`), the one just
/// before it or, with one empty line between, the one before that.
fn drawn_twice(paragraphs: &[&str], index: usize) -> Option<usize> {
    let p = paragraphs[index];
    if index == 0 || p.is_empty() || p.len() > 4 * MAX_LENGTH {
        return None;
    }
    let first = if p == paragraphs[index - 1] {
        index - 1
    } else if index > 1 && paragraphs[index - 1].is_empty() && p == paragraphs[index - 2] {
        index - 2
    } else {
        return None;
    };
    (p.chars().count() <= MAX_LENGTH).then_some(first)
}

/// `_repeated_heading`: paragraph `index`, the same as paragraph `first` before it, is a
/// heading's copy: it reads as a heading, is not written a third time, and stands where a
/// heading does.
fn repeated_heading(paragraphs: &[&str], first: usize, index: usize) -> bool {
    let once: Vec<char> = paragraphs[index].chars().collect();
    let before = before(paragraphs, first);
    if column_gap(&once)
        || sentence_like(&once)
        || !heading_like(&once) && !latin_heading(&once)
        || before == paragraphs[index]
    {
        return false;
    }
    let after = next_two(paragraphs, index);
    if after.first() == Some(&paragraphs[index]) {
        return false; // written three times: a repetition
    }
    placed_as_heading(before, &after, &bare(&once))
}

/// `_latin_placed`: paragraph `index` (`paragraph`), written once as `once`, is a
/// `latin_heading` of `length` characters or more written twice that stands where a
/// heading does.
fn latin_placed(
    paragraphs: &[&str],
    index: usize,
    paragraph: &[char],
    once: &[char],
    length: i64,
) -> bool {
    bare(once).len() as i64 >= length
        && latin_heading(once)
        && !column_gap(paragraph)
        && placed(paragraphs, index, once)
}

/// The first two paragraphs that are not blank among the four after `index`.
fn next_two<'a>(paragraphs: &[&'a str], index: usize) -> Vec<&'a str> {
    paragraphs[index + 1..paragraphs.len().min(index + 5)]
        .iter()
        .copied()
        .filter(|p| not_blank(p))
        .take(2)
        .collect()
}

/// `_placed_as_heading`: `placed_as_heading` for paragraph `index`, written once as `once`.
fn placed(paragraphs: &[&str], index: usize, once: &[char]) -> bool {
    let after = next_two(paragraphs, index);
    placed_as_heading(before(paragraphs, index), &after, once)
}

/// `_has_body`: the next paragraph after `index` that is not blank is text, not another
/// doubled line in `found`.
fn has_body<T>(paragraphs: &[&str], index: usize, found: &BTreeMap<usize, T>) -> bool {
    (index + 1..paragraphs.len())
        .find(|&at| not_blank(paragraphs[at]))
        .is_some_and(|at| !found.contains_key(&at))
}

/// `text.strip()`.
fn strip(text: &[char]) -> &[char] {
    let start = text.iter().position(|&c| !is_py_space(c)).unwrap_or(text.len());
    let end = text.iter().rposition(|&c| !is_py_space(c)).map_or(start, |i| i + 1);
    &text[start..end]
}

/// `_introduced`: the text before paragraph `index` ends on a colon and is not a doubled
/// heading itself.
fn introduced(paragraphs: &[&str], index: usize) -> bool {
    let before = before(paragraphs, index).trim_end_matches(is_py_space);
    (before.ends_with('：') || before.ends_with(':'))
        && undouble(&before.chars().collect::<Vec<_>>(), 2).is_none()
}

/// `[\u3400-\u9fff]`.
#[inline]
fn in_han_range(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}')
}

/// `_GLUED_HINT` with its copy's first character at `s` of `paragraph` (`"\n" + paragraph`
/// searched): a character that may come before a copy (or the paragraph's start), then the
/// copy's first two characters, which come again 4 to 40 characters on.
fn glued_hint_at(p: &[char], s: usize) -> bool {
    if !in_han_range(p[s]) || s + 1 >= p.len() {
        return false;
    }
    let prefix = s == 0 || {
        let b = p[s - 1];
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                '。' | '！' | '？' | '!' | '?' | '.' | '/' | '”' | '’' | '」' | '』' | '）' | ')'
            )
    };
    prefix
        && (s + 4..=(s + 40).min(p.len().saturating_sub(2)))
            .any(|q| p[q] == p[s] && p[q + 1] == p[s + 1])
}

/// `_ANCHOR.match(paragraph, s)`: where a glued copy may start.
fn anchor_at(p: &[char], s: usize) -> bool {
    let ends = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?' | '.');
    in_han_range(p[s])
        && (s == 0
            || ends(p[s - 1])
            || s >= 2 && matches!(p[s - 1], '”' | '’' | '」' | '』' | '）' | ')') && ends(p[s - 2])
            || p[s - 1].is_ascii_alphanumeric()
            || p[s - 1] == '/')
}

/// `[\p{Han}\p{Latin}\d：:、—·《》“”（）()]`: a character of a glued copy.
fn in_copy(c: char) -> bool {
    is_han(c)
        || in_table(tables::LATIN, c)
        || is_decimal(c)
        || matches!(
            c,
            '：' | ':' | '、' | '—' | '·' | '《' | '》' | '“' | '”' | '（' | '）' | '(' | ')'
        )
}

/// `(?=$|[\p{Han}\p{Latin}\d“《（(]|———(?!—))`: what may follow a glued copy.
fn after_copy(p: &[char], at: usize) -> bool {
    p.get(at).is_none_or(|&c| {
        is_han(c)
            || in_table(tables::LATIN, c)
            || is_decimal(c)
            || matches!(c, '“' | '《' | '（' | '(')
    }) || three_dashes(p, at)
}

/// Exactly three dashes at `at` of `p`: `———(?!—)`.
fn three_dashes(p: &[char], at: usize) -> bool {
    p.len() >= at + 3 && p[at..at + 3] == ['—'; 3] && p.get(at + 3) != Some(&'—')
}

/// `_balanced`: `copy` closes as many brackets as it opens, each after its opening.
fn balanced(copy: &[char]) -> bool {
    let mut depth = 0i32;
    for &c in copy {
        depth += i32::from("（(".contains(c)) - i32::from("）)".contains(c));
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// `_copy_end`: where the cut of the second copy, at `at` (`length` characters), ends: after
/// the copy, and after the dash it took with it when exactly three dashes follow.
fn copy_end(p: &[char], at: usize, length: usize) -> usize {
    at + length + usize::from(three_dashes(p, at + length))
}

/// `_GLUED.match(paragraph, s)` where `anchor_at` holds: the length of the copy (group 1),
/// the longest that is written again right after and followed by text or the end.
fn glued_match(p: &[char], s: usize) -> Option<usize> {
    if !is_han(p[s]) {
        return None;
    }
    let run = p[s + 1..].iter().take(39).take_while(|&&c| in_copy(c)).count();
    (2..=run + 1).rev().find(|&l| {
        s + 2 * l <= p.len() && p[s + l..s + 2 * l] == p[s..s + l] && after_copy(p, s + 2 * l)
    })
}

/// `_glued`: where a heading written twice is glued to the text around it: the start of each
/// second copy, and the copy.
fn glued(p: &[char], min_length: usize) -> Vec<(usize, Vec<char>)> {
    let n = p.len();
    let mut spans = Vec::new();
    if !(8..=20 * MAX_LENGTH).contains(&n) {
        return spans;
    }
    let mut done = 0;
    for s in 0..n {
        if !glued_hint_at(p, s) || s < done || !anchor_at(p, s) {
            continue;
        }
        let Some(l) = glued_match(p, s) else { continue };
        let end = s + 2 * l;
        done = end;
        let copy = &p[s..s + l];
        let whole = s == 0 && end == n;
        let han = copy.iter().filter(|&&c| is_han(c)).count();
        // a copy that is itself periodic, or a third copy, is a repetition, not one heading
        let periodic = (1..l).any(|k| copy[k..].iter().chain(&copy[..k]).eq(copy.iter()));
        let third = p[end..].starts_with(copy) || p[..s].ends_with(copy);
        if !whole
            && !periodic
            && !third
            && han >= min_length.max(4)
            && balanced(copy)
            && !sentence_like(copy)
            && heading_like(copy)
        {
            spans.push((s + l, copy.to_vec()));
        }
    }
    spans
}

/// `_GLUED_PARAGRAPH_HINT` in `"\n" + paragraph`: at the paragraph's start or after a
/// character that may come before a copy, a character of `[\u3400-\u9fff]` and one more,
/// which come again 4 to 40 characters on with none of `\s，。；！？,.;!?` up to there;
/// and, as `glued` needs to find anything, the text up to there is written twice at once
/// (a copy, of characters all of that class, doubled). A paragraph the hint alone finds but
/// `glued` would find nothing in is left out: nearly all of those that clean text has.
/// Elsewhere than at its start a copy starts where a Han character follows one that is not
/// (`hint_at`), which are few in Chinese text: found 8 bytes at a time.
fn paragraph_hint(paragraph: &str) -> bool {
    let bytes = paragraph.as_bytes();
    if han_at(bytes, 0) && repeats_soon(paragraph, 0) {
        return true;
    }
    (1..bytes.len().min(3)).any(|at| hint_at(paragraph, at)) || hint_from_3(paragraph)
}

/// `hint_at` holds at some byte from 3 on, tried only where a byte E3..E9 (a lead byte of
/// `[\u3400-\u9fff]`) follows an ASCII character or a character of three bytes led by E2,
/// E3 or EF: sixteen bytes at a time (`text::sse2::scan`, at the byte 3 before each).
#[cfg(target_arch = "x86_64")]
fn hint_from_3(paragraph: &str) -> bool {
    let bytes = paragraph.as_bytes();
    let mask = |[three_before, _, before, lanes]: [sse2::Bytes16; 4]| {
        let led = three_before.eq(0xE2).or(three_before.eq(0xE3)).or(three_before.eq(0xEF));
        lanes.within(0xE3, 0xE9).and(before.within(0, 0x7F).or(led)).bits()
    };
    let hit = |at: usize| at + 3 < bytes.len() && hint_at(paragraph, at + 3);
    sse2::scan::<3>(bytes, 0, mask, hit).is_some()
}

/// `hint_at` holds at some byte from 3 on, tried only where a byte E3..E9 (a lead byte of
/// `[\u3400-\u9fff]`) follows an ASCII character or a character of three bytes led by E2,
/// E3 or EF: 8 bytes at a time.
#[cfg(not(target_arch = "x86_64"))]
fn hint_from_3(paragraph: &str) -> bool {
    let bytes = paragraph.as_bytes();
    let mut at = 3;
    while at + 8 <= bytes.len() {
        let mut starts = han_leads(word(bytes, at))
            & (!word(bytes, at - 1) & HIGH | lead_e2_e3_ef(word(bytes, at - 3)));
        while starts != 0 {
            if hint_at(paragraph, at + starts.trailing_zeros() as usize / 8) {
                return true;
            }
            starts &= starts - 1;
        }
        at += 8;
    }
    (at..bytes.len()).any(|at| hint_at(paragraph, at))
}

/// A copy may start at byte `at` (not 0): the character before it may come before a copy,
/// a Han character starts there, and its copy comes soon (`repeats_soon`).
fn hint_at(paragraph: &str, at: usize) -> bool {
    let bytes = paragraph.as_bytes();
    let before = bytes[at - 1];
    let precedes = if before.is_ascii() {
        MAY_PRECEDE[before as usize]
    } else {
        at >= 3
            && matches!(
                bytes[at - 3..at],
                [0xE3, 0x80, 0x82 | 0x8D | 0x8F]
                    | [0xEF, 0xBC, 0x81 | 0x9F | 0x89]
                    | [0xE2, 0x80, 0x9D | 0x99]
            )
    };
    precedes && han_at(bytes, at) && repeats_soon(paragraph, at)
}

#[cfg(not(target_arch = "x86_64"))]
const LOW: u64 = 0x0101_0101_0101_0101;
#[cfg(not(target_arch = "x86_64"))]
const HIGH: u64 = 0x8080_8080_8080_8080;
#[cfg(not(target_arch = "x86_64"))]
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The 8 bytes from `at`.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn word(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// The high bit of each byte of `word` that is E3..E9, and no other bit.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn han_leads(word: u64) -> u64 {
    let low = word & LOW7; // no carry out of a byte below: at most 7F + 1D
    word & HIGH & (low + (0x80 - 0x63) * LOW) & !(low + (0x80 - 0x6A) * LOW)
}

/// The high bit of each byte of `word` that is E2, E3 or EF, and no other bit.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn lead_e2_e3_ef(word: u64) -> u64 {
    zero_bytes((word | LOW) ^ (0xE3 * LOW)) | zero_bytes(word ^ (0xEF * LOW))
}

/// The ASCII characters of `[。！？!?./”’」』）)A-Za-z0-9]`.
static MAY_PRECEDE: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'!' | b'?' | b'.' | b'/' | b')');
        b += 1;
    }
    table
};

/// A character of `[\u3400-\u9fff]` starts at byte `at` (UTF-8: E3 90..BF, E4..E9).
#[inline]
fn han_at(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at) {
        Some(0xE4..=0xE9) => true,
        Some(0xE3) => bytes.get(at + 1).is_some_and(|&b| b >= 0x90),
        _ => false,
    }
}

/// `[^\s，。；！？,.;!?]`.
#[inline]
fn in_hint(c: char) -> bool {
    in_han_range(c)
        || !matches!(c, '，' | '。' | '；' | '！' | '？' | ',' | '.' | ';' | '!' | '?')
            && !is_py_space(c)
}

/// From the Han character at byte `i`: its next character is `in_hint`, and the two come
/// again 4 to 40 characters on, every character up to there `in_hint`, and the text from
/// `i` to there comes again right after it. Over the bytes: a Han character is `in_hint` by
/// its lead byte alone.
fn repeats_soon(paragraph: &str, i: usize) -> bool {
    let bytes = paragraph.as_bytes();
    let mut chars = paragraph[i..].chars();
    let (Some(c1), Some(c2)) = (chars.next(), chars.next()) else { return false };
    if !in_hint(c2) {
        return false;
    }
    let copy = &bytes[i..i + c1.len_utf8() + c2.len_utf8()];
    let mut at = i + copy.len();
    // the cheap test first: the two come again within the reach of the walk below (38
    // characters of four bytes at most); nearly always they do not
    let mut end = bytes.len().min(at + 38 * 4 + copy.len());
    while !paragraph.is_char_boundary(end) {
        end += 1;
    }
    if !paragraph[at..end].contains(&paragraph[i..at]) {
        return false;
    }
    // `at` is character s + 2 + k: a copy may start there when 2 <= k <= 38
    for k in 0..=38 {
        let Some(&b) = bytes.get(at) else { return false };
        if k >= 2
            && b == copy[0]
            && bytes.get(at + 1) == Some(&copy[1])
            && bytes[at..].starts_with(copy)
            && bytes[at..].starts_with(&bytes[i..at])
        {
            return true;
        }
        if k == 38 {
            break;
        }
        at += match b {
            0..=0x7F if in_hint(b as char) => 1,
            0..=0x7F => return false,
            0xE4..=0xE9 => 3,
            _ => {
                let c = paragraph[at..].chars().next().expect("a character");
                if !in_hint(c) {
                    return false;
                }
                c.len_utf8()
            }
        };
    }
    false
}

/// `_candidates` for one paragraph: it passes `undouble`'s first tests.
fn candidate(p: &str) -> bool {
    if p.len() < 4 || p.len() > 4 * MAX_LENGTH {
        return false;
    }
    let n = p.chars().count();
    // (a paragraph `lossy_head` finds has 4 to `LOSSY_LENGTH` characters)
    if n <= 3 || n > MAX_LENGTH {
        return false;
    }
    if opens_doubled_str(p, n) || lossy_head(p) {
        return true;
    }
    // `may_start_doubled`: without its white space, the paragraph opens as a doubled text does
    if !has_hspace(p.as_bytes()) {
        return false;
    }
    let bare = || p.chars().filter(|&c| !is_py_space(c));
    let mut chars = bare();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else { return false };
    // `bare.find(bare[:2], 2, len(bare) // 2 + 3)`: the first copy of the two, which must end
    // within the first `len(bare) // 2 + 3` characters
    let mut previous = second;
    let end = if first == second {
        Some(2)
    } else {
        // `c` is character `at` of the bare text: a copy from `at - 1`, which is 2 or more
        (2..).zip(chars).find_map(|(at, c)| {
            let found = at >= 3 && previous == first && c == second;
            previous = c;
            found.then_some(at + 1)
        })
    };
    end.is_some_and(|end| {
        let length = bare().count();
        length > 3 && end <= length / 2 + 3
    })
}

/// `len(p) <= LOSSY_LENGTH and _lossy_head(p)` (for a paragraph of four characters or more):
/// two characters at one of the first places after the first, up to `LOSSY_HEAD`, come again
/// later. A paragraph with a sentence's end is left out: `_lost_copies` never keeps it (its
/// `once` keeps the mark), so leaving it out of the candidates changes nothing.
fn lossy_head(p: &str) -> bool {
    if p.len() > 4 * LOSSY_LENGTH {
        return false;
    }
    // byte offsets of characters 0 ..= LOSSY_HEAD + 2 (the text's end past it)
    let mut at = [p.len(); LOSSY_HEAD + 3];
    let mut n = 0;
    for (slot, (byte, _)) in at.iter_mut().zip(p.char_indices()) {
        *slot = byte;
        n += 1;
    }
    // the searches first: they rule out more paragraphs, at less cost, than the rest
    (1..=LOSSY_HEAD).any(|h| h + 2 <= n && p[at[h + 2]..].contains(&p[at[h]..at[h + 2]]))
        && short_unended(p).is_some()
}

/// `_opens_doubled(text)` for a text of `n` characters: its first character repeats at once,
/// or its first two come again after them, the copy ending within the first `n // 2 + 3`
/// characters (so starting at character `n // 2 + 1` at the latest): looked for only there.
fn opens_doubled_str(text: &str, n: usize) -> bool {
    let mut chars = text.chars();
    let (Some(c0), Some(c1)) = (chars.next(), chars.next()) else { return false };
    if c0 == c1 {
        return true;
    }
    let two = c0.len_utf8() + c1.len_utf8();
    let (end, _) = skip_chars(text.as_bytes(), 0, n / 2 + 3);
    text[two..end.max(two)].contains(&text[..two])
}

/// The high bit of each byte of `word` that is zero, and no other bit.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn zero_bytes(word: u64) -> u64 {
    !(((word & LOW7) + LOW7) | word | LOW7)
}

/// `" " in p or "\u3000" in p or "\t" in p`, over the bytes: one pass with no branch (a
/// vector loop) for a space, a tab or the bytes 80 80 (the end of U+3000 and of a few
/// rare characters), then a closer look only where it found one.
fn has_hspace(bytes: &[u8]) -> bool {
    let Some(&last) = bytes.last() else { return false };
    let maybe = bytes.iter().zip(&bytes[1..]).fold(last == b' ' || last == b'\t', |f, (&a, &b)| {
        f | (a == b' ') | (a == b'\t') | (a == 0x80) & (b == 0x80)
    });
    maybe
        && (bytes.contains(&b' ')
            || bytes.contains(&b'\t')
            || bytes.windows(3).any(|w| w == [0xE3, 0x80, 0x80]))
}

/// `_edits` at offset 0: one deletion per doubled run (the second copy goes), and one per
/// stray space outside them when the paragraph is doubled only without those.
fn deletions(paragraph: &[char]) -> Vec<(usize, usize)> {
    let halves = split_words(paragraph);
    if halves.len() == 2 && halves[0] == halves[1] {
        return vec![(halves[0].len(), paragraph.len())];
    }
    if let Some(runs) = doubled_runs(paragraph) {
        return runs
            .into_iter()
            .filter(|&(start, _)| !is_py_space(paragraph[start]))
            .map(|(start, length)| (start + length, start + 2 * length))
            .collect();
    }
    let n = paragraph.len();
    let strays: Vec<usize> = (0..n).filter(|&i| is_stray_space(paragraph, i)).collect();
    if strays.is_empty() {
        return Vec::new(); // not reached: an undone paragraph is doubled, squeezed or not
    }
    let kept: Vec<usize> = (0..n).filter(|i| strays.binary_search(i).is_err()).collect();
    let squeezed: Vec<char> = kept.iter().map(|&i| paragraph[i]).collect();
    let mut found: Vec<(usize, usize)> = deletions(&squeezed)
        .into_iter()
        .map(|(start, end)| (kept[start], kept[end - 1] + 1))
        .collect();
    let covered = |i: usize| found.iter().any(|&(start, end)| start <= i && i < end);
    let loose: Vec<(usize, usize)> =
        strays.iter().filter(|&&i| !covered(i)).map(|&i| (i, i + 1)).collect();
    found.extend(loose);
    found.sort_unstable();
    found
}
