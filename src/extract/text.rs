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

/// A word of a text: a maximal run of letters and digits of any script.
/// `key` is a hash of its bytes with ASCII lower-cased (see [`word_key`]):
/// cue phrases and actor names begin at word starts, and one probe with
/// the key tells whether any begins with this word.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word {
    pub start: usize,
    pub end: usize,
    pub key: u64,
}

/// The key of a word's bytes, the same for any ASCII case ("Said", "said"):
/// eight bytes at a time, as most words fit in one step. Each step mixes
/// the next eight bytes read as a little-endian number, ASCII lower-cased,
/// zeros past the end of the word.
pub(super) fn word_key(word: &[u8]) -> u64 {
    word_key_in(word, 0, word.len())
}

const KEY_MUL: u64 = 0x517c_c1b7_2722_0a95;

fn key_seed(len: usize) -> u64 {
    (len as u64).wrapping_mul(KEY_MUL)
}

fn key_step(key: u64, eight: u64) -> u64 {
    (key.rotate_left(26) ^ ascii_lower8(eight)).wrapping_mul(KEY_MUL)
}

/// Eight bytes packed in a number, each ASCII capital lower-cased, every
/// other byte as it was: `u8::to_ascii_lowercase` on all eight at once.
pub(super) fn ascii_lower8(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = x & LOW7;
    // a byte's high bit: at least b'A', then above b'Z' (no carries cross
    // bytes: each sum stays below 0x100)
    let from_a = low7 + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = low7 + 0x2525_2525_2525_2525;
    let capital = from_a & !past_z & !x & HIGH;
    x | (capital >> 2)
}

/// The `n` (1 to 8) bytes of `bytes` from `at` as a little-endian number,
/// zeros above them, if the bytes are there.
pub(super) fn eight_at(bytes: &[u8], at: usize, n: usize) -> Option<u64> {
    if let Some(eight) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(eight.try_into().ok()?);
        return Some(if n < 8 {
            x & ((1u64 << (8 * n)) - 1)
        } else {
            x
        });
    }
    let part = bytes.get(at..at + n.min(8))?;
    let mut eight = [0u8; 8];
    eight[..part.len()].copy_from_slice(part);
    Some(u64::from_le_bytes(eight))
}

/// [`word_key`] of `bytes[start..end]`, each eight-byte step read straight
/// from the text where it goes on far enough (masking off what follows the
/// word) instead of copied out.
fn word_key_in(bytes: &[u8], start: usize, end: usize) -> u64 {
    let mut key = key_seed(end - start);
    let mut at = start;
    while at < end {
        key = key_step(key, eight_at(bytes, at, (end - at).min(8)).unwrap_or(0));
        at += 8;
    }
    key
}

/// The first word of a phrase (a cue or a name), when it begins with one.
pub(super) fn first_word(phrase: &str) -> Option<&str> {
    let end = phrase
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(phrase.len(), |(i, _)| i);
    (end > 0).then(|| &phrase[..end])
}

/// Whether a letter or digit of any script is at byte `i` (a character
/// boundary), and the byte length of the character there.
fn alnum_at(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes()[i] {
        b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
        _ => match common_separator_at(text.as_bytes(), i) {
            Some(len) => (false, len),
            None => char_at(text, i).map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        },
    }
}

/// The byte length of the character at byte `i` when it is one of the
/// non-ASCII separators between words in most news text: the no-break
/// space, or U+2000 to U+203F (curly quotes, dashes, ellipses, special
/// spaces). None of them is a letter or digit, and two bytes tell them
/// without the Unicode tables.
fn common_separator_at(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i..i + 2)? {
        [0xE2, 0x80] => Some(3),
        [0xC2, 0xA0] => Some(2),
        _ => None,
    }
}

/// The end of the run of ASCII letters and digits from byte `i`: the tight
/// loop of the word scan (most words are ASCII), eight bytes a step while
/// eight are left.
fn ascii_alnum_run(bytes: &[u8], mut i: usize) -> usize {
    while let Some(eight) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        let stops = !ascii_alnum8(x) & HIGH_BITS;
        if stops != 0 {
            // little-endian: the lowest flagged byte is the first stop
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    i
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each of eight packed bytes set where the byte is an
/// ASCII letter or digit, clear elsewhere: `u8::is_ascii_alphanumeric` on
/// all eight at once.
fn ascii_alnum8(x: u64) -> u64 {
    // a byte with 0x20 set is a lower-case letter exactly when the byte
    // was a letter of either case
    ascii_digit8(x) | bytes_between(x | (LOW_BITS * 0x20), b'a' - 1, b'z' + 1)
}

/// The high bit of each of eight packed bytes set where the byte is an
/// ASCII digit, clear elsewhere.
pub(super) fn ascii_digit8(x: u64) -> u64 {
    bytes_between(x, b'0' - 1, b'9' + 1)
}

/// The high bit of each of eight packed bytes set where the byte is above
/// `lo`, below `hi` and ASCII. Sums on the low seven bits stay within a
/// byte (`hi` is at most 0x80), so no carry or borrow crosses bytes.
fn bytes_between(x: u64, lo: u8, hi: u8) -> u64 {
    let low7 = x & (LOW_BITS * 0x7f);
    (LOW_BITS * (127 + u64::from(hi)) - low7)
        & (low7 + LOW_BITS * (127 - u64::from(lo)))
        & !x
        & HIGH_BITS
}

/// Every word of `text` in order, keyed, in one pass that reads ASCII
/// undecoded.
pub(super) fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 5);
    out.extend(word_spans(text).map(|(start, end)| Word {
        start,
        end,
        key: word_key_in(text.as_bytes(), start, end),
    }));
    out
}

/// The byte range of every word of `text` in order: the non-empty pieces of
/// a split on every character that is no letter or digit. ASCII is read
/// undecoded, runs of it eight bytes a step.
pub(super) fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // over what lies between words: spaces and ASCII marks undecoded
        let len = loop {
            let &b = bytes.get(i)?;
            if b.is_ascii_alphanumeric() {
                break 1;
            } else if b.is_ascii() {
                i += 1;
            } else {
                match alnum_at(text, i) {
                    (true, len) => break len,
                    (false, len) => i += len,
                }
            }
        };
        let start = i;
        i += len;
        loop {
            i = ascii_alnum_run(bytes, i);
            match bytes.get(i) {
                Some(b) if !b.is_ascii() => match alnum_at(text, i) {
                    (true, len) => i += len,
                    (false, _) => break,
                },
                _ => break,
            }
        }
        Some((start, i))
    })
}

/// A set of word keys as a bit table: a test is one load from a table small
/// enough to stay in the cache. It may answer yes for a word not in the set
/// (two keys sharing a bit), never no for one in it, so it only filters.
#[derive(Debug, Clone)]
pub(super) struct WordSet {
    bits: Vec<u64>,
}

const WORD_SET_BITS: u32 = 16;

impl WordSet {
    pub(super) fn new() -> WordSet {
        WordSet {
            bits: vec![0; (1 << WORD_SET_BITS) / 64],
        }
    }

    fn slot(key: u64) -> usize {
        (key >> (64 - WORD_SET_BITS)) as usize
    }

    pub(super) fn insert(&mut self, key: u64) {
        let k = Self::slot(key);
        self.bits[k / 64] |= 1 << (k % 64);
    }

    /// Adds every key of `other`.
    pub(super) fn add_all(&mut self, other: &WordSet) {
        for (mine, theirs) in self.bits.iter_mut().zip(&other.bits) {
            *mine |= theirs;
        }
    }

    pub(super) fn may_contain(&self, key: u64) -> bool {
        let k = Self::slot(key);
        self.bits[k / 64] & (1 << (k % 64)) != 0
    }
}

/// The offsets in `bytes` of every byte that is one of `needles`, in
/// order, found eight bytes a step: a scan for a few marks (full stops,
/// quotes) in a long text.
pub(super) fn positions_of<const N: usize>(
    bytes: &[u8],
    needles: [u8; N],
) -> impl Iterator<Item = usize> + '_ {
    let mut chunk = 0usize;
    let mut found = 0u64;
    std::iter::from_fn(move || {
        while found == 0 {
            if chunk >= bytes.len() {
                return None;
            }
            // past the end, padding that is no needle
            let x = eight_at(bytes, chunk, (bytes.len() - chunk).min(8))?;
            let pad = if bytes.len() - chunk < 8 {
                !0u64 << (8 * (bytes.len() - chunk))
            } else {
                0
            };
            found = needles
                .iter()
                .fold(0, |acc, &n| acc | zero_bytes(x ^ (LOW_BITS * u64::from(n))))
                & !pad;
            chunk += 8;
        }
        // little-endian: the lowest flagged byte comes first
        let at = chunk - 8 + (found.trailing_zeros() / 8) as usize;
        found &= found - 1;
        Some(at)
    })
}

/// The high bit of each of eight packed bytes set where the byte is zero,
/// clear elsewhere (exact per byte: no carry crosses bytes).
fn zero_bytes(x: u64) -> u64 {
    let low7 = LOW_BITS * 0x7f;
    !(((x & low7) + low7) | x | low7)
}

/// Whether a word may end at byte `i` of `text`.
pub(super) fn is_boundary_after(text: &str, i: usize) -> bool {
    if text.is_char_boundary(i) && common_separator_at(text.as_bytes(), i).is_some() {
        return true;
    }
    match text.get(i..).and_then(|s| s.chars().next()) {
        None => true,
        Some(c) => !c.is_alphanumeric(),
    }
}

/// Character (Unicode scalar) offsets of the given byte offsets, computed in
/// one pass over the text. `offsets` need not be sorted; the result follows
/// its order. The characters before a byte offset are the bytes before it
/// that begin one (all but UTF-8 continuation bytes), counted a stretch at
/// a time, which the compiler vectorises.
pub(super) fn char_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![0; offsets.len()];
    let mut chars = 0usize;
    let mut at = 0usize;
    for i in order {
        let target = offsets[i].clamp(at, bytes.len());
        chars += bytes[at..target]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        at = target;
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
    fn words_are_runs_of_letters_and_digits_keyed_without_ascii_case() {
        let t = "Peskov’s “NO” — 2020 Москва";
        let w = words(t);
        let spans: Vec<&str> = w.iter().map(|w| &t[w.start..w.end]).collect();
        assert_eq!(spans, ["Peskov", "s", "NO", "2020", "Москва"]);
        assert_eq!(w[2].key, word_key(b"no"));
        assert_eq!(w[0].key, word_key(b"PESKOV"));
        assert_ne!(w[0].key, word_key(b"peskovs"));
        assert_eq!(first_word("don't say"), Some("don"));
        assert_eq!(first_word("“quote"), None);
    }

    #[test]
    fn eight_bytes_lower_case_as_each_byte_does() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let x = u64::from(b) << (8 * at) | 0x4100_0000_0000_005a >> (8 * (at % 2));
                let want = u64::from_le_bytes(x.to_le_bytes().map(|b| b.to_ascii_lowercase()));
                assert_eq!(ascii_lower8(x), want, "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn eight_bytes_are_classed_as_each_byte_is() {
        for b in 0..=255u8 {
            for at in 0..8 {
                // the byte among neighbours of both classes
                let mut eight = *b"a-Z9 \xff.q";
                eight[at] = b;
                let x = u64::from_le_bytes(eight);
                let want = eight.map(|b| if b.is_ascii_alphanumeric() { 0x80 } else { 0 });
                assert_eq!(ascii_alnum8(x), u64::from_le_bytes(want), "{b:#x} at {at}");
                let want = eight.map(|b| if b.is_ascii_digit() { 0x80 } else { 0 });
                assert_eq!(ascii_digit8(x), u64::from_le_bytes(want), "{b:#x} at {at}");
            }
        }
        let t = b"abcdefghijklmnop, qrs";
        for i in 0..t.len() {
            let plain = (i..t.len())
                .find(|&j| !t[j].is_ascii_alphanumeric())
                .unwrap_or(t.len());
            assert_eq!(ascii_alnum_run(t, i), plain, "from {i}");
        }
    }

    #[test]
    fn positions_of_finds_every_needle_in_order() {
        let t = "Mr. X said: “No!” — really? Yes… 0.5. \0\0.";
        for len in 0..=t.len() {
            let b = &t.as_bytes()[..len];
            let needles = [b'.', b'!', b'?', 0xE2, 0];
            let plain: Vec<usize> = (0..len).filter(|&i| needles.contains(&b[i])).collect();
            assert_eq!(positions_of(b, needles).collect::<Vec<_>>(), plain, "{len}");
        }
        for b in 0..=255u8 {
            let eight = [b, 1, b, 0x80, 0xff, 0x7f, b, 0];
            let want = eight.map(|b| if b == 0 { 0x80 } else { 0 });
            assert_eq!(
                zero_bytes(u64::from_le_bytes(eight)),
                u64::from_le_bytes(want)
            );
        }
    }

    #[test]
    fn common_separators_are_told_as_the_unicode_tables_tell_them() {
        for c in ('\u{80}'..='\u{2fff}').chain(['\u{1F600}', '\u{10FFFF}']) {
            let t = format!("a{c}b");
            assert_eq!(
                alnum_at(&t, 1),
                (c.is_alphanumeric(), c.len_utf8()),
                "{c:?}"
            );
            assert_eq!(is_boundary_after(&t, 1), !c.is_alphanumeric(), "{c:?}");
            let separator = c == '\u{a0}' || ('\u{2000}'..='\u{203F}').contains(&c);
            assert_eq!(
                common_separator_at(t.as_bytes(), 1).is_some(),
                separator,
                "{c:?}"
            );
        }
    }

    #[test]
    fn eight_bytes_are_read_masked_or_padded() {
        let b = b"abcdefghij";
        assert_eq!(
            eight_at(b, 0, 3),
            Some(u64::from_le_bytes(*b"abc\0\0\0\0\0"))
        );
        assert_eq!(eight_at(b, 2, 8), Some(u64::from_le_bytes(*b"cdefghij")));
        assert_eq!(
            eight_at(b, 7, 3),
            Some(u64::from_le_bytes(*b"hij\0\0\0\0\0"))
        );
        assert_eq!(eight_at(b, 8, 3), None);
    }

    #[test]
    fn keys_read_from_the_text_equal_keys_of_the_word_alone() {
        let t = "A Zakharova’s ÉTAT-MAJOR of 2020, the Kremlin said: \
                 counterintelligence ABCDEFGHIJKLMNOPQRSTUVWXYZ[@`{ Москва x";
        // the text cut short at each character of its tail: words that
        // end within eight bytes of the text's end
        for end in (t.len() - 20..=t.len()).filter(|&e| t.is_char_boundary(e)) {
            let bytes = &t.as_bytes()[..end];
            for w in words(&t[..end]) {
                let word = &bytes[w.start..w.end];
                assert_eq!(w.key, word_key(word), "{:?}", &t[w.start..w.end]);
                assert_eq!(w.key, word_key(&word.to_ascii_lowercase()));
            }
        }
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
