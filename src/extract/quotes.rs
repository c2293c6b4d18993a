//! Stage 3, quotations: finds quoted speech in each paragraph and attributes
//! it to a speaker, in the shapes news uses: `“...,” the spokesman said`,
//! `Peskov said: “...”`, `according to X, “...”`, `X told reporters`, a quote
//! running over several sentences, and a quote paragraph that continues the
//! previous speaker. Also finds transcript paragraphs ("Maria Zakharova: ...").

use crate::extract::doc::{Doc, Quote};
use crate::extract::lexicon::Tag;
use crate::extract::parse::Paragraph;
use crate::extract::text::{char_at, is_close_quote, is_open_quote};

/// Quotes shorter than this many words are scare quotes ("Russian actors"),
/// not reported speech.
const MIN_QUOTE_WORDS: usize = 5;

/// Finds the quotations of every paragraph (without speakers yet).
pub(super) fn find(text: &str, paragraphs: &[Paragraph]) -> Vec<Quote> {
    let mut out = Vec::new();
    for p in paragraphs {
        let Some(pt) = text.get(p.start..p.end) else {
            continue;
        };
        let mut open: Option<usize> = None;
        for (i, c) in quote_marks(pt) {
            if open.is_none() && is_open_quote(c) {
                open = Some(i);
            } else if let Some(o) = open
                && is_close_quote(c)
            {
                push(&mut out, text, p.start + o, p.start + i + c.len_utf8());
                open = None;
            } else if open.is_none() && c == '\u{201D}' && pt[..i].trim_start().is_empty() {
                // a closing quote with no opening one: the quote began in an
                // earlier paragraph or at this paragraph's start
                push(&mut out, text, p.start, p.start + i + c.len_utf8());
            }
        }
        if let Some(o) = open {
            push(&mut out, text, p.start + o, p.end);
        }
    }
    out
}

/// The characters of a paragraph (or of a whole body, where cues may open
/// with a quote mark) that may be quote marks, with their byte offsets: '"'
/// and the characters led by 0xE2 (“ „ ”) or 0xC2 (« »). The text is read
/// eight bytes at a time, and the scan jumps to the first byte of a block
/// that is not plain ASCII, or past the block when there is none (most of
/// a text): a byte by byte scan would look at each byte in between.
pub(super) fn quote_marks(pt: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    const BLOCK: usize = 8;
    let bytes = pt.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if let Some(block) = bytes.get(i..i + BLOCK)
                && let Ok(block) = <[u8; BLOCK]>::try_from(block)
            {
                match first_unplain(u64::from_le_bytes(block)) {
                    None => {
                        i += BLOCK;
                        continue;
                    }
                    Some(k) => i += k,
                }
            }
            let at = i;
            i += 1;
            if matches!(bytes[at], b'"' | 0xE2 | 0xC2)
                && let Some(c) = char_at(pt, at)
            {
                return Some((at, c));
            }
        }
        None
    })
}

/// The index of the first of eight bytes (as a little-endian word) that is
/// not plain ASCII, that is, is not ASCII or is '"', if one is: the lowest
/// byte with its high bit set, or equal to '"' (a byte of `x ^ '"'` is
/// zero exactly where `x` holds '"'). The classic test for a zero byte,
/// `(v - 0x01..) & !v & 0x80..`, may mark a byte above a zero byte (the
/// borrow runs on), never one below the first: its lowest mark is exact.
fn first_unplain(x: u64) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let v = x ^ (ONES * u64::from(b'"'));
    let marks = (x & HIGHS) | (v.wrapping_sub(ONES) & !v & HIGHS);
    (marks != 0).then(|| marks.trailing_zeros() as usize / 8)
}

fn push(out: &mut Vec<Quote>, text: &str, s: usize, e: usize) {
    // counted only as far as the threshold: a long quote need not be read to its end
    let words = text
        .get(s..e)
        .map_or(0, |q| q.split_whitespace().take(MIN_QUOTE_WORDS).count());
    if words >= MIN_QUOTE_WORDS {
        out.push(Quote {
            start: s,
            end: e,
            speaker: None,
            attribution: None,
        });
    }
}

fn sentence_of(doc: &Doc<'_>, pos: usize) -> Option<usize> {
    doc.sentences
        .iter()
        .position(|s| s.start <= pos && pos < s.end.max(s.start + 1))
}

/// The speaker named around a speech cue in `lo..hi` (outside the quote):
/// "according to X" / "quoting X" first, then "X said", then "said X".
fn speaker_near(
    doc: &Doc<'_>,
    si: usize,
    lo: usize,
    hi: usize,
    before_quote: bool,
) -> Option<usize> {
    let cues = doc.cues_of(si);
    let ms = doc.mentions_of(si);
    let outside = |p: usize| doc.quote_at(p).is_none();
    if let Some(c) = cues
        .iter()
        .find(|c| c.tag == Tag::SpeechAfter && c.start >= lo && c.end <= hi && outside(c.start))
        && let Some(m) = ms
            .iter()
            .find(|m| m.start >= c.end && m.start <= c.end + 12)
    {
        {
            return Some(m.actor);
        }
    }
    // the speech verb nearest the quotation: the last one before it, the
    // first one after it ("as claimed by the NCSC, Peskov said “...”")
    let mut verbs = cues.iter().filter(|c| {
        matches!(c.tag, Tag::Speech) && c.start >= lo && c.end <= hi && outside(c.start)
    });
    let speech = if before_quote {
        verbs.next_back()
    } else {
        verbs.next()
    }?;
    // "X said": the mention just before the verb, inside the window
    if let Some(m) = ms
        .iter()
        .rev()
        .find(|m| m.end <= speech.start && m.start >= lo && !m.possessive && outside(m.start))
    {
        return Some(m.actor);
    }
    // "said X"
    ms.iter()
        .find(|m| {
            m.start >= speech.end && m.start <= speech.end + 40 && m.end <= hi.max(speech.end + 60)
        })
        .map(|m| m.actor)
}

/// Attributes every quotation, and marks the mentions inside quotes.
pub(super) fn attribute(doc: &mut Doc<'_>, paragraphs: &[Paragraph]) {
    let n = doc.quotes.len();
    let mut prev_para_speaker: Option<(usize, usize)> = None; // (paragraph, actor)
    for qi in 0..n {
        let q = doc.quotes[qi];
        let (Some(s_open), Some(s_close)) = (
            sentence_of(doc, q.start),
            sentence_of(doc, q.end.saturating_sub(1)),
        ) else {
            continue;
        };
        let para = doc.sentences[s_open].para;
        // after the quote, to the end of its last sentence
        let tail_end = doc.sentences[s_close].end;
        let mut speaker = speaker_near(doc, s_close, q.end, tail_end, false);
        let mut attribution = speaker.map(|_| s_close);
        if speaker.is_none() {
            let head_start = doc.sentences[s_open].start;
            speaker = speaker_near(doc, s_open, head_start, q.start, true);
            attribution = speaker.map(|_| s_open);
        }
        if speaker.is_none() {
            // the previous quote of the same paragraph, or the speaker of the
            // paragraph before when this one opens with the quote
            if qi > 0 {
                let pq = doc.quotes[qi - 1];
                if let Some(ps) = sentence_of(doc, pq.start)
                    && doc.sentences[ps].para == para
                {
                    speaker = pq.speaker;
                    attribution = pq.attribution;
                }
            }
            if speaker.is_none()
                && let Some((pp, a)) = prev_para_speaker
                && pp + 1 >= para
                && paragraphs.get(para).is_some_and(|p| {
                    doc.text
                        .get(p.start..q.start)
                        .is_some_and(|b| b.trim().is_empty())
                })
            {
                speaker = Some(a);
            }
        }
        doc.quotes[qi].speaker = speaker;
        doc.quotes[qi].attribution = attribution;
        if let Some(a) = speaker {
            prev_para_speaker = Some((para, a));
        }
    }
    let quotes = &doc.quotes;
    for m in doc.mentions.iter_mut() {
        // the quotes are ordered and disjoint (see `Doc::quotes`): only the
        // last one starting before the mention can hold it
        let k = quotes.partition_point(|q| q.start < m.start);
        m.quoted = k.checked_sub(1).is_some_and(|k| m.end < quotes[k].end);
    }
}

/// Transcript paragraphs: "Maria Zakharova: We continue ..." makes the named
/// person the speaker of that paragraph and the following ones, until the
/// next "Name:" paragraph ("Question:").
pub(super) fn narrators(doc: &mut Doc<'_>) {
    let mut current: Option<usize> = None;
    let mut last_para = usize::MAX;
    let mut out = Vec::with_capacity(doc.sentences.len());
    for si in 0..doc.sentences.len() {
        let s = doc.sentences[si];
        if s.para != last_para {
            last_para = s.para;
            let t = doc.sentence_text(si);
            if let Some(colon) = speaker_colon(t)
                && t[..colon].split_whitespace().count() <= 4
                && t[..colon].chars().next().is_some_and(char::is_uppercase)
            {
                current = doc
                    .mentions_of(si)
                    .iter()
                    .find(|m| m.end <= s.start + colon)
                    .map(|m| m.actor);
            }
        }
        out.push(current);
    }
    doc.narrator = out;
}

/// The longest name before a transcript colon.
const SPEAKER_COLON_MAX: usize = 40;

/// Where the first ": " of a sentence is, if it is within
/// [`SPEAKER_COLON_MAX`] bytes of its start: only that far is searched, not
/// the whole sentence.
fn speaker_colon(t: &str) -> Option<usize> {
    let head = t.as_bytes();
    let head = &head[..head.len().min(SPEAKER_COLON_MAX + 2)];
    head.windows(2).position(|w| w == b": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_unplain_byte_of_a_block_is_found() {
        let word = |b: &[u8; 8]| u64::from_le_bytes(*b);
        assert_eq!(first_unplain(word(b"said the")), None);
        assert_eq!(first_unplain(word(b"said \"th")), Some(5));
        assert_eq!(first_unplain(word(b"\"aid th\"")), Some(0));
        assert_eq!(first_unplain(word(b"said th\"")), Some(7));
        assert_eq!(
            first_unplain(word(&[b'a', 0xE2, 0x80, 0x9C, b'b', b'c', b'd', b'e'])),
            Some(1)
        );
        // '"' + 1 and '"' - 1 beside each other are no '"'
        assert_eq!(first_unplain(word(b"#!#!#!#!")), None);
        // against the plain byte by byte way, on blocks mixing '"', its
        // neighbours, NUL, DEL and high bytes in every order
        let pool = [b'"', b'!', b'#', 0, 1, 0x7F, 0x80, 0xA2, 0xE2, b'a'];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let block: [u8; 8] =
                std::array::from_fn(|k| pool[(seed >> (6 * k)) as usize % pool.len()]);
            let plain = block.iter().position(|&b| !b.is_ascii() || b == b'"');
            assert_eq!(first_unplain(word(&block)), plain, "{block:?}");
        }
    }

    #[test]
    fn quote_marks_are_found_across_blocks() {
        let t = "He said \u{201C}we will\u{201D} and \"no\" \u{ab}non\u{bb}";
        let found: Vec<usize> = quote_marks(t).map(|(i, _)| i).collect();
        let expected: Vec<usize> = t
            .char_indices()
            .filter(|&(i, _)| matches!(t.as_bytes()[i], b'"' | 0xE2 | 0xC2))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found, expected);
    }
}
