//! Suffix rules for the lemma of a word the treebank's lemma table does not
//! hold: plural nouns and third-person verbs lose their -s, past forms their
//! -ed, participles their -ing, comparatives their -er/-est, restoring a
//! final y or e or undoubling a consonant where English spelling asks for it.

use std::borrow::Cow;

/// `word` lowercased, borrowed when it already is.
pub(super) fn lowercase(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// The lemma by rule of `word` tagged `xpos`.
pub(super) fn rule_lemma<'a>(word: &'a str, xpos: &str) -> Cow<'a, str> {
    match xpos {
        "NNP" => Cow::Borrowed(word),
        "NNPS" => plural(word),
        "NNS" | "VBZ" => match lowercase(word) {
            Cow::Borrowed(w) => plural(w),
            Cow::Owned(w) => Cow::Owned(plural(&w).into_owned()),
        },
        "VBD" | "VBN" => inflected(word, "ed"),
        "VBG" => inflected(word, "ing"),
        "JJR" | "RBR" => inflected(word, "er"),
        "JJS" | "RBS" => inflected(word, "est"),
        _ => lowercase(word),
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// "allegations" → "allegation", "denies" → "deny", "pushes" → "push".
fn plural(w: &str) -> Cow<'_, str> {
    let b = w.as_bytes();
    let n = b.len();
    if n > 4 && w.ends_with("ies") {
        return Cow::Owned(format!("{}y", &w[..n - 3]));
    }
    if n > 4
        && (w.ends_with("sses")
            || w.ends_with("xes")
            || w.ends_with("ches")
            || w.ends_with("shes")
            || w.ends_with("zzes"))
    {
        return Cow::Borrowed(&w[..n - 2]);
    }
    if n > 2 && b[n - 1] == b's' && !matches!(b[n - 2], b's' | b'u' | b'i') {
        return Cow::Borrowed(&w[..n - 1]);
    }
    Cow::Borrowed(w)
}

/// `word` (lowercased) without `suffix`, spelled as its base form:
/// "denied" → "deny", "stopped" → "stop", "accused" → "accuse",
/// "agreed" → "agree", "larger" → "large".
fn inflected<'a>(word: &'a str, suffix: &str) -> Cow<'a, str> {
    let lower = lowercase(word);
    let w: &str = &lower;
    let n = w.len();
    if !w.is_ascii() || n < suffix.len() + 2 || !w.ends_with(suffix) {
        return lower;
    }
    let stem = &w[..n - suffix.len()];
    let result: String = if suffix != "ing" && stem.ends_with('i') && stem.len() > 2 {
        // denied, easier, happiest
        format!("{}y", &stem[..stem.len() - 1])
    } else if suffix == "ed" && (w.ends_with("eed") || w.ends_with("ued")) {
        // agreed, argued: the e belongs to the base form
        w[..n - 1].to_owned()
    } else if suffix != "ed" && stem.ends_with('e') {
        // freeing, freer
        stem.to_owned()
    } else if let Some(undoubled) = undouble(stem) {
        undoubled.to_owned()
    } else if wants_e(stem) {
        format!("{stem}e")
    } else {
        stem.to_owned()
    };
    if result == word {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(result)
    }
}

/// "stopp" → "stop", "referr" → "refer"; not "call", "pass", "add".
fn undouble(stem: &str) -> Option<&str> {
    let b = stem.as_bytes();
    let n = b.len();
    (n >= 3
        && b[n - 1] == b[n - 2]
        && matches!(b[n - 1], b'b' | b'g' | b'm' | b'n' | b'p' | b'r' | b't')
        && is_vowel(b[n - 3]))
    .then(|| &stem[..n - 1])
}

/// Whether a stem left by -ed/-ing/-er lost a silent e: "accus", "chang",
/// "provid", "stat", "danc", "lov".
fn wants_e(stem: &str) -> bool {
    let b = stem.as_bytes();
    let n = b.len();
    if n < 2 {
        return false;
    }
    let last = b[n - 1];
    let before = b[n - 2];
    // consonant, single vowel, consonant
    let cvc = n >= 3 && is_vowel(before) && !is_vowel(b[n - 3]) && b[n - 3] != b'y';
    match last {
        b'v' | b'c' => true,
        b's' | b'z' => is_vowel(before) || (before == b'y'),
        b'g' => {
            (before != b'n' && before != b'g') || (before == b'n' && n >= 3 && b[n - 3] == b'a')
        }
        b't' => cvc && matches!(before, b'a' | b'o' | b'u'),
        b'd' => cvc && matches!(before, b'a' | b'i' | b'o' | b'u'),
        b'r' => cvc && matches!(before, b'a' | b'i' | b'o' | b'u'),
        b'k' => cvc,
        b'n' => cvc && matches!(before, b'i' | b'u'),
        b'm' => cvc && before != b'e',
        b'p' => cvc && matches!(before, b'a' | b'i' | b'u'),
        b'b' => cvc && matches!(before, b'i' | b'u'),
        b'l' => cvc && matches!(before, b'i' | b'o' | b'u'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_rules_give_base_forms_of_unseen_words() {
        for (word, xpos, lemma) in [
            ("denied", "VBD", "deny"),
            ("stonewalled", "VBD", "stonewall"),
            ("stopped", "VBN", "stop"),
            ("accused", "VBN", "accuse"),
            ("agreed", "VBD", "agree"),
            ("argued", "VBD", "argue"),
            ("stated", "VBD", "state"),
            ("changed", "VBD", "change"),
            ("making", "VBG", "make"),
            ("running", "VBG", "run"),
            ("saying", "VBG", "say"),
            ("allegations", "NNS", "allegation"),
            ("parties", "NNS", "party"),
            ("churches", "NNS", "church"),
            ("denies", "VBZ", "deny"),
            ("accuses", "VBZ", "accuse"),
            ("Americans", "NNPS", "American"),
            ("Kremlin", "NNP", "Kremlin"),
            ("The", "DT", "the"),
            ("larger", "JJR", "large"),
            ("easiest", "JJS", "easy"),
            ("bigger", "JJR", "big"),
        ] {
            assert_eq!(rule_lemma(word, xpos), lemma, "{word}/{xpos}");
        }
    }

    #[test]
    fn a_word_that_is_its_own_lemma_is_borrowed() {
        assert!(matches!(rule_lemma("denial", "NN"), Cow::Borrowed(_)));
        assert!(matches!(rule_lemma("claims", "NNS"), Cow::Borrowed(_)));
    }
}
