//! Splitting a sentence into words the way the English Web Treebank does, so
//! the tagger sees the tokens it was trained on: punctuation apart ("Friday."
//! → "Friday" "."), clitics apart ("don't" → "do" "n't", "Russia's" →
//! "Russia" "'s", "cannot" → "can" "not"), hyphenated words apart
//! ("Al-Zaman" → "Al" "-" "Zaman") except after short prefixes ("e-mail",
//! "co-workers"), while "U.S.", "Mr.", "1,000.5", "9/11", "10:30", urls and
//! e-mail addresses stay whole.
//!
//! Words are byte spans into the sentence, so offsets stay exact; every span
//! is non-empty, spans are in order and never overlap, and only whitespace
//! lies between them.

/// The words of `text` as byte ranges `(start, end)`.
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                split_chunk(text, s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        split_chunk(text, s, text.len(), &mut out);
    }
    out
}

/// Opening punctuation split off the front of a chunk.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '{' | '«' | '<' | '`' | '$' | '*' | '¿' | '¡'
    )
}

/// Closing punctuation split off the end of a chunk (the period apart).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '”' | '»' | '>' | '\'' | '’' | '*'
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Words whose period is part of them.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "lt", "col", "sgt", "capt", "cmdr",
    "adm", "rep", "sen", "gov", "pres", "rev", "hon", "inc", "corp", "co", "ltd", "bros", "vs",
    "etc", "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "ave",
    "blvd", "mt", "ft", "approx", "dept", "est", "fig", "vol", "ca", "cf", "al",
];

/// Prefixes the treebank keeps joined to a hyphenated word.
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "co", "pre", "non", "post", "ex", "multi", "mid", "pro", "anti", "re", "sub", "inter",
    "semi", "counter", "neo", "x", "t", "u",
];

/// Clitics split off the end of a word (after "n't", checked first).
const CLITICS: &[&str] = &["s", "m", "d", "re", "ve", "ll"];

/// Whole words the treebank splits in two, and where.
const SPLIT_WORDS: &[(&str, usize)] = &[("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)];

fn split_chunk(text: &str, mut start: usize, mut end: usize, out: &mut Vec<(usize, usize)>) {
    // Opening punctuation.
    while start < end {
        let rest = &text[start..end];
        let c = rest.chars().next().unwrap_or(' ');
        if !is_opening(c) {
            break;
        }
        let after = &rest[c.len_utf8()..];
        if after.is_empty() {
            break;
        }
        if is_apostrophe(c) && (after.starts_with(|d: char| d.is_ascii_digit()) || is_clitic(rest))
        {
            break;
        }
        if c == '$' && !after.starts_with(|d: char| d.is_ascii_digit() || d == '.') {
            break;
        }
        out.push((start, start + c.len_utf8()));
        start += c.len_utf8();
    }

    // Closing punctuation, gathered from the end and pushed after the core.
    let mut closing: Vec<(usize, usize)> = Vec::new();
    let url = looks_like_url(&text[start..end]);
    while start < end {
        let core = &text[start..end];
        let Some(c) = core.chars().next_back() else {
            break;
        };
        if core.len() == c.len_utf8() {
            break;
        }
        if c == '.' {
            let run = core.bytes().rev().take_while(|&b| b == b'.').count();
            if run >= 2 {
                if run == core.len() {
                    break;
                }
                closing.push((end - run, end));
                end -= run;
                continue;
            }
            let word = &core[..core.len() - 1];
            if !url && is_abbreviation(word) {
                break;
            }
            closing.push((end - 1, end));
            end -= 1;
        } else if c == '…' || is_closing(c) {
            if is_apostrophe(c) && is_clitic(core) {
                break;
            }
            let n = c.len_utf8();
            let run = core.chars().rev().take_while(|&d| d == c).count() * n;
            if run == core.len() {
                break;
            }
            closing.push((end - run, end));
            end -= run;
        } else {
            break;
        }
    }

    if start < end {
        if url {
            out.push((start, end));
        } else {
            split_core(text, start, end, out);
        }
    }
    out.extend(closing.into_iter().rev());
}

/// "'s", "n't", "'re": a clitic already standing alone.
fn is_clitic(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    if lower == "n't" || lower == "n’t" {
        return true;
    }
    let mut chars = lower.chars();
    chars.next().is_some_and(is_apostrophe) && CLITICS.contains(&chars.as_str())
}

fn is_abbreviation(word: &str) -> bool {
    if word.is_empty() || !word.chars().any(char::is_alphabetic) {
        return false;
    }
    // U.S., p.m., e.g.: a dotted abbreviation
    if word.contains('.') && !word.contains("..") {
        return true;
    }
    // an initial: J.
    let mut chars = word.chars();
    if chars.next().is_some_and(|c| c.is_uppercase()) && chars.next().is_none() {
        return true;
    }
    let lower = word.to_ascii_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn looks_like_url(chunk: &str) -> bool {
    chunk.contains("://")
        || chunk.starts_with("www.")
        || chunk
            .find('@')
            .is_some_and(|at| at > 0 && chunk[at..].contains('.'))
}

/// A chunk without its outer punctuation: clitics and inner punctuation.
fn split_core(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let core = &text[start..end];
    let lower = core.to_ascii_lowercase();
    if let Some(&(_, at)) = SPLIT_WORDS.iter().find(|(w, _)| *w == lower) {
        out.push((start, start + at));
        out.push((start + at, end));
        return;
    }
    if let Some(at) = clitic_start(core) {
        split_inner(text, start, start + at, out);
        out.push((start + at, end));
        return;
    }
    split_inner(text, start, end, out);
}

/// Where a clitic at the end of `core` begins: "do|n't", "Russia|'s".
fn clitic_start(core: &str) -> Option<usize> {
    let lower = core.to_ascii_lowercase();
    for nt in ["n't", "n’t"] {
        if lower.ends_with(nt) && lower.len() > nt.len() {
            let at = core.len() - nt.len();
            return core[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
                .then_some(at);
        }
    }
    let (at, apostrophe) = core.char_indices().rev().find(|&(_, c)| is_apostrophe(c))?;
    let clitic = &lower[at + apostrophe.len_utf8()..];
    let before = core[..at].chars().next_back()?;
    (CLITICS.contains(&clitic) && before.is_alphabetic()).then_some(at)
}

/// Splits inner punctuation: dashes, "/" and "," between words, a hyphen
/// between words unless after a prefix the treebank keeps ("e-mail").
fn split_inner(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let core = &text[start..end];
    let chars: Vec<(usize, char)> = core.char_indices().collect();
    let mut piece = 0; // byte offset in core where the current piece began
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let next = chars.get(k + 1).map(|&(_, d)| d);
        let letters_around = prev.is_some_and(char::is_alphabetic)
            && next.is_some_and(|d| d.is_alphabetic() || d.is_ascii_digit());
        let digits_around =
            prev.is_some_and(|d| d.is_ascii_digit()) && next.is_some_and(|d| d.is_ascii_digit());
        // A run of the same punctuation character: "--", "...".
        let run_end = |k: usize| {
            let mut m = k;
            while m < chars.len() && chars[m].1 == c {
                m += 1;
            }
            m
        };
        let split_run = match c {
            '—' | '–' | '…' => true,
            '-' => {
                let m = run_end(k);
                if m - k >= 2 {
                    true
                } else {
                    letters_around
                        && !HYPHEN_PREFIXES.contains(&core[piece..i].to_lowercase().as_str())
                }
            }
            '.' => run_end(k) - k >= 2 && k > 0,
            '/' => letters_around,
            ',' | ';' | '!' | '?' | '"' | '“' | '”' => !digits_around && k > 0,
            _ => false,
        };
        if split_run {
            let m = run_end(k);
            if m == chars.len() && k == 0 {
                break;
            }
            if piece < i {
                out.push((start + piece, start + i));
            }
            let stop = chars.get(m).map_or(core.len(), |&(j, _)| j);
            out.push((start + i, start + stop));
            piece = stop;
            k = m;
        } else {
            k += 1;
        }
    }
    if piece < core.len() {
        out.push((start + piece, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn a_sentence_splits_into_words_and_punctuation() {
        assert_eq!(
            words("The Kremlin denied the allegations on Friday."),
            [
                "The",
                "Kremlin",
                "denied",
                "the",
                "allegations",
                "on",
                "Friday",
                "."
            ]
        );
    }

    #[test]
    fn clitics_split_as_the_treebank_does() {
        assert_eq!(words("don't"), ["do", "n't"]);
        assert_eq!(words("Can't"), ["Ca", "n't"]);
        assert_eq!(words("won’t"), ["wo", "n’t"]);
        assert_eq!(words("Russia's"), ["Russia", "'s"]);
        assert_eq!(words("Russia’s"), ["Russia", "’s"]);
        assert_eq!(
            words("I'm we've they'll"),
            ["I", "'m", "we", "'ve", "they", "'ll"]
        );
        assert_eq!(words("cannot"), ["can", "not"]);
        assert_eq!(words("the parents' cars"), ["the", "parents", "'", "cars"]);
        assert_eq!(words("the 1990's"), ["the", "1990's"]);
    }

    #[test]
    fn quotes_straight_and_curly_split_off() {
        assert_eq!(
            words("\"It is absurd,\" he said."),
            ["\"", "It", "is", "absurd", ",", "\"", "he", "said", "."]
        );
        assert_eq!(
            words("“Nonsense.” ‘Lies’"),
            ["“", "Nonsense", ".", "”", "‘", "Lies", "’"]
        );
        assert_eq!(words("(AP)"), ["(", "AP", ")"]);
    }

    #[test]
    fn abbreviations_numbers_and_prefixed_words_stay_whole() {
        assert_eq!(
            words("The U.S. paid $1,000.5 by e-mail at 10:30 on 9/11."),
            [
                "The", "U.S.", "paid", "$", "1,000.5", "by", "e-mail", "at", "10:30", "on", "9/11",
                "."
            ]
        );
        assert_eq!(words("Mr. Peskov"), ["Mr.", "Peskov"]);
        assert_eq!(words("in the U.S.,"), ["in", "the", "U.S.", ","]);
        assert_eq!(words("co-workers"), ["co-workers"]);
    }

    #[test]
    fn hyphens_dashes_and_slashes_between_words_split() {
        assert_eq!(words("Al-Zaman"), ["Al", "-", "Zaman"]);
        assert_eq!(words("so-called"), ["so", "-", "called"]);
        assert_eq!(words("and/or"), ["and", "/", "or"]);
        assert_eq!(words("yes--no"), ["yes", "--", "no"]);
        assert_eq!(words("wait... what?!"), ["wait", "...", "what", "?", "!"]);
        assert_eq!(words("Moscow—Kyiv"), ["Moscow", "—", "Kyiv"]);
    }

    #[test]
    fn urls_and_addresses_stay_whole() {
        assert_eq!(
            words("See https://example.com/a-b, or mail tass@example.ru."),
            [
                "See",
                "https://example.com/a-b",
                ",",
                "or",
                "mail",
                "tass@example.ru",
                "."
            ]
        );
    }

    #[test]
    fn tokens_are_exact_non_overlapping_spans_with_only_whitespace_between() {
        let text = "  «Le Monde» said: \"Don't—ever!\"  Co-ops (U.K.) paid £5,000…\tOK?? ";
        let spans = tokenize(text);

        let mut last = 0;
        for &(s, e) in &spans {
            assert!(s < e, "empty span at {s}");
            assert!(
                text[last..s].chars().all(char::is_whitespace),
                "gap {last}..{s}"
            );
            last = e;
        }
        assert!(text[last..].chars().all(char::is_whitespace));
        let joined: String = spans.iter().map(|&(s, e)| &text[s..e]).collect();
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, squeezed);
    }
}
