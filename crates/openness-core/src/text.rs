//! Long strings from outside (a licence name of a megabyte, a pasted file) in messages: shown
//! shortened, and never compared for suggestions, whose cost grows with the square of the length.

use std::borrow::Cow;

/// Strings longer than this (in characters) get no "did you mean" suggestion: no id or name
/// of the vocabulary comes near it.
pub const SUGGESTION_MAX_CHARS: usize = 100;

/// Whether `text` is short enough to look for its nearest known names.
pub fn suggestible(text: &str) -> bool {
    text.chars().nth(SUGGESTION_MAX_CHARS).is_none()
}

/// `text` cut to at most `max` characters, the cut marked with `…` and the full length.
pub fn shortened(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}… ({} characters)", &text[..end], text.chars().count())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_strings_are_cut_and_say_their_length() {
        assert_eq!(shortened("abc", 3), "abc");
        assert_eq!(shortened("abcdé", 3), "abc… (5 characters)");
        assert!(suggestible(&"x".repeat(SUGGESTION_MAX_CHARS)));
        assert!(!suggestible(&"x".repeat(SUGGESTION_MAX_CHARS + 1)));
    }
}
