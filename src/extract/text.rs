//! Small text helpers shared by the stages: word boundaries, character
//! offsets, whitespace.

/// The character at byte `i` (a character boundary) of `s`; ASCII, most of
/// an article, is read without UTF-8 decoding (every article is scanned
/// character by character several times).
pub(super) fn char_at(s: &str, i: usize) -> Option<char> {
    match *s.as_bytes().get(i)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => s.get(i..)?.chars().next(),
    }
}

/// Each character of `text` with its byte offset and whether a word (a run
/// of letters and digits of any script) starts there.
pub(super) fn chars_with_word_starts(text: &str) -> impl Iterator<Item = (usize, char, bool)> + '_ {
    let mut i = 0;
    let mut prev_alnum = false;
    std::iter::from_fn(move || {
        let c = char_at(text, i)?;
        let at = i;
        i += c.len_utf8();
        let alnum = c.is_alphanumeric();
        let starts = alnum && !prev_alnum;
        prev_alnum = alnum;
        Some((at, c, starts))
    })
}

/// The characters of `text` whose first byte passes `lead`, with their byte
/// offsets: a scan for a few marks (quotes, full stops) skips every other
/// byte undecoded.
pub(super) fn chars_led_by<'a>(
    text: &'a str,
    lead: impl Fn(u8) -> bool + 'a,
) -> impl Iterator<Item = (usize, char)> + 'a {
    text.bytes()
        .enumerate()
        .filter(move |&(_, b)| lead(b))
        .filter_map(|(i, _)| Some((i, char_at(text, i)?)))
}

/// Whether a word may end at byte `i` of `text`.
pub(super) fn is_boundary_after(text: &str, i: usize) -> bool {
    match text.get(i..).and_then(|s| s.chars().next()) {
        None => true,
        Some(c) => !c.is_alphanumeric(),
    }
}

/// Character (Unicode scalar) offsets of the given byte offsets, computed in
/// one pass over the text. `offsets` need not be sorted; the result follows
/// its order.
pub(super) fn char_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![0; offsets.len()];
    let mut chars = 0usize;
    let mut byte = 0usize;
    let mut iter = text.char_indices().peekable();
    for i in order {
        let target = offsets[i].min(text.len());
        while byte < target {
            match iter.next() {
                Some((b, c)) => {
                    byte = b + c.len_utf8();
                    chars += 1;
                }
                None => break,
            }
        }
        let _ = iter.peek();
        out[i] = chars;
    }
    out
}

/// Trims whitespace from a byte range of `text`, returning the inner range.
pub(super) fn trim_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let Some(s) = text.get(start..end) else {
        return (start, start);
    };
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead >= s.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

/// Is this character an opening double quote (or a straight one)?
pub(super) fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}')
}

/// Is this character a closing double quote (or a straight one)?
pub(super) fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201D}' | '\u{00BB}')
}

/// The floor char boundary at or before `i` (stable `str::floor_char_boundary`
/// is not available on every toolchain).
pub(super) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_unicode_scalars_not_bytes() {
        let t = "“Ab” é x";
        let b = t.find('x').unwrap_or(0);
        assert_eq!(char_offsets(t, &[b, 0]), vec![7, 0]);
    }

    #[test]
    fn boundaries_see_letters_of_any_script() {
        assert!(is_boundary_after("US.", 2));
    }

    #[test]
    fn trimming_an_all_space_range_gives_an_empty_range() {
        assert_eq!(trim_range("a   b", 1, 4), (1, 1));
        assert_eq!(trim_range(" ab ", 0, 4), (1, 3));
    }
}
