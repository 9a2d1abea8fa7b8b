//! Line by line work for kinds that never look across a line break (`base.by_line`).

use crate::edits::{CharIndex, Edits};

/// Run `fix` on each line (as characters, without its `\n`) that holds a byte `trigger`
/// holds for; copy the other lines. `fix` records its edits in the line's coordinates and
/// gives `None` when the line stays as it is; `None` when no line changed.
pub fn by_line(
    text: &str,
    edits: &mut Edits,
    trigger: impl Fn(u8) -> bool,
    mut fix: impl FnMut(&[char], &mut Edits) -> Option<Vec<char>>,
) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut chars = CharIndex::new(text);
    let (mut pos, mut done) = (0, 0);
    let mut line: Vec<char> = Vec::new();
    while let Some(found) = bytes[pos..].iter().position(|&b| trigger(b)) {
        let at = pos + found;
        let start = bytes[pos..at].iter().rposition(|&b| b == b'\n').map_or(pos, |i| pos + i + 1);
        let end = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| at + i);
        line.clear();
        line.extend(text[start..end].chars());
        let mut local = Edits::new(edits.on());
        if let Some(new) = fix(&line, &mut local) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
            out.push_str(&text[done..start]);
            out.extend(new);
            done = end;
            if edits.on() {
                edits.append_at(chars.at(start), local);
            }
        }
        pos = end;
    }
    let mut out = out?;
    out.push_str(&text[done..]);
    Some(out)
}
