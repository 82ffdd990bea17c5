//! The stages extractor: whether the release went through supervised fine-tuning and a
//! preference or reinforcement stage, from its name, the names its documents give its family's
//! variants, the card's metadata and prose, chat templates and chat usage, and documents about
//! the release itself. `N/A` follows only from evidence that the release is a base model (its
//! name, a statement, the family's tuned variants named after it, or documents that describe
//! its pre-training and no tuning); where nothing is said, nothing is concluded. The preference
//! stage of a tuned release is `N/A` only where its tuning is described without one, or a
//! preference stage is denied; where the documents of a chat or instruct release do not say how
//! it was tuned, the stage is presumed (current practice includes one), by convention.

use openness_core::Component;

use crate::Evidence;
use crate::claims::{Claim, Strength, What};
use crate::infer::{Facts, Located, ev, push};
use crate::markdown::{Block, BlockKind};
use crate::phrases::{Cue, Names, has_word};

/// Whether a sentence names another model built on the release's name: `name-chat`,
/// `namechat`, `other-name`, `name-7b-instruct` (an `org/name` reference is the name itself).
fn names_a_variant(tuned: &Cue, sentence: &str, stem: &str, target: &str) -> bool {
    sentence.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let w = w.rsplit('/').next().unwrap_or(w);
        if !w.contains(stem) || w == stem || target.starts_with(w) {
            return false;
        }
        match w.strip_prefix(target) {
            Some(rest) => tuned.matches(rest),
            None => true,
        }
    })
}

/// The sentences of a text.
pub(crate) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(". ").flat_map(|s| s.split_inclusive("; ")).map(str::trim).filter(|s| !s.is_empty())
}

/// Whether `token` is a size (`7b`, `1.5b`, `8x22b`).
pub(crate) fn is_size(suffixes: &[char], t: &str) -> bool {
    t.len() >= 2
        && t.chars().last().is_some_and(|c| suffixes.contains(&c))
        && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit() || c == '.' || c == 'x')
        && t.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a text names a model of another size than the release's ("our 13B model").
fn names_another_size(suffixes: &[char], lower: &str, target: &str) -> bool {
    let tokens = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_ascii_alphanumeric() && c != '.').map(|t| t.trim_end_matches('.').to_owned()).collect()
    };
    let own = tokens(target);
    tokens(lower).iter().any(|t| is_size(suffixes, t) && !own.contains(t))
}

/// The tokens of a model name: `Name-2-7b-chat-hf` → `name 2 7b chat hf` (lowercased).
fn name_tokens(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .map(|t| t.trim_matches('.').to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// What a variant's name adds to the release's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VariantKind {
    /// A tuned product (`-instruct`, `-chat`, `-it`): the release without the marker is its base.
    Tuned,
    /// A base checkpoint (`-base`): the release without the marker is the tuned model.
    Base,
    /// An intermediate checkpoint of the supervised stage (`-sft`).
    Sft,
    /// An intermediate checkpoint of a preference or reinforcement stage (`-dpo`).
    Aligned,
}

/// Whether `word` (a model name or `org/name` id) names a variant of the release named by
/// `release` (its tokens), and of which kind: the word holds the release's tokens in order,
/// plus a marker (`name-7b-instruct`, `org/name-7b-base`, `namechat`). A word with another
/// size or version is another model, not a variant.
pub(crate) fn variant_kind(names: &Names, release: &[String], word: &str) -> Option<VariantKind> {
    let word = word.rsplit('/').next().unwrap_or(word);
    let mut tokens = name_tokens(word);
    // `namechat`: a release token glued to a marker.
    let markers = |t: &str| {
        names.variants.tuned.words.iter().chain(&names.base.words).chain(&names.variants.sft.words).any(|m| m == t)
            || names.aligned.words.iter().any(|m| m == t)
    };
    let sized = |t: &str| is_size(&names.size_suffixes, t);
    tokens = tokens
        .into_iter()
        .flat_map(|t| {
            let glued = |r: &&String| {
                r.chars().any(|c| c.is_ascii_alphabetic())
                    && !sized(r)
                    && t.len() >= r.len() + 3
                    && t.starts_with(r.as_str())
                    && markers(&t[r.len()..])
            };
            match release.iter().find(glued) {
                Some(r) => vec![r.clone(), t[r.len()..].to_owned()],
                None => vec![t],
            }
        })
        .collect();
    // A variant named without the release's size (`name-chat` beside `name-7b`) is the
    // family's, and tells the same.
    let word_sized = tokens.iter().any(|t| sized(t));
    let release: Vec<&String> = release.iter().filter(|r| word_sized || !sized(r)).collect();
    if tokens.len() <= release.len() || release.is_empty() {
        return None;
    }
    // The release's tokens in order, the extra ones all markers or qualifiers.
    // Words before the release's own (an organisation's or a base family's prefix) qualify it.
    let mut at = 0;
    let mut extra = Vec::new();
    for t in &tokens {
        if at < release.len() && t == release[at] {
            at += 1;
        } else if at > 0 {
            extra.push(t.as_str());
        }
    }
    if at < release.len() || extra.iter().any(|t| sized(t)) && release.iter().any(|t| sized(t)) {
        return None;
    }
    let has = |cue: &Cue| extra.iter().any(|t| cue.words.iter().any(|w| w == t));
    let tuned = has(&names.variants.tuned);
    let base = has(&names.base);
    if tuned && !base {
        Some(VariantKind::Tuned)
    } else if base && !tuned {
        Some(VariantKind::Base)
    } else if has(&names.aligned) {
        Some(VariantKind::Aligned)
    } else if has(&names.variants.sft) {
        Some(VariantKind::Sft)
    } else {
        None
    }
}

/// The first variant of each kind the documents name (words and link targets), with its
/// evidence.
fn named_variants(facts: &Facts<'_>, release: &[String]) -> Vec<(VariantKind, Evidence)> {
    let names = &facts.p.names;
    let mut found: Vec<(VariantKind, Evidence)> = Vec::new();
    for h in facts.located().take(5000) {
        let words = h.block.lower.split_whitespace().map(str::to_owned);
        let links = h.block.links.iter().map(|l| l.url.to_ascii_lowercase());
        for w in words.chain(links) {
            let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let Some(kind) = variant_kind(names, release, w) else { continue };
            if !found.iter().any(|(k, _)| *k == kind) {
                found.push((kind, ev(h.file, Some(h.block.line), format!("names `{w}`, a variant of the release"))));
            }
        }
    }
    found
}

/// Whether `word` is an `org/name` model id that does not hold the release's name: an example
/// about another model.
fn names_another_model(release: &[String], word: &str) -> bool {
    let Some((org, name)) = word.split_once('/') else { return false };
    let is_id = !org.is_empty()
        && !name.is_empty()
        && !name.contains('/')
        && word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && name.chars().any(|c| c.is_ascii_alphabetic())
        // Model names carry a version, a size or a separator; `and/or` does not.
        && name.chars().any(|c| c.is_ascii_digit() || matches!(c, '-' | '_'));
    let tokens = name_tokens(name);
    is_id && !release.iter().all(|r| tokens.contains(r))
}

/// Whether a document's path names the release itself (`recipes/<release>/README.md`,
/// `docs/<release>.md`): what it says is said of the release.
fn about_release(path: &str, target: &str) -> bool {
    let squash = |s: &str| s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    let own = squash(target);
    !own.is_empty() && path.split('/').map(|c| c.rsplit_once('.').map_or(c, |(stem, _)| stem)).any(|c| squash(c) == own)
}

/// Whether a block is about the release: in a document named after it, or under a heading that
/// names it or one of its checkpoints (`Name-7B-SFT reproduction`).
pub(crate) fn block_about_release(facts: &Facts<'_>, h: &Located<'_>) -> bool {
    let release = name_tokens(&facts.target);
    about_release(h.file, &facts.target)
        || h.block.section.iter().any(|heading| {
            heading.split_whitespace().any(|w| {
                let tokens = name_tokens(w);
                let mut at = 0;
                for t in &tokens {
                    if at < release.len() && *t == release[at] {
                        at += 1;
                    }
                }
                at == release.len() && !release.is_empty()
            })
        })
}

/// A card's prose field naming the model the release was tuned from (`Base model: org/name`,
/// `Finetuned from: [name](link)`), as the Hugging Face card template writes it.
fn derivative_field(derivative: &Cue, b: &Block) -> bool {
    if b.kind == BlockKind::Code {
        return false;
    }
    let text = b.lower.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    derivative.phrases.iter().any(|k| {
        text.strip_prefix(k.as_str()).is_some_and(|rest| {
            let rest = rest.trim_start_matches(" [optional]").trim_start();
            let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('|')).unwrap_or("").trim();
            !value.is_empty() && (value.contains('/') || !b.links.is_empty()) && !value.starts_with("none")
        })
    })
}

/// The models a card's prose field names as the release's base (`Finetuned from model:
/// org/name`), as ids or links, with the field's evidence.
pub(crate) fn prose_bases(facts: &Facts<'_>) -> Vec<(Evidence, String)> {
    let Some(h) = facts.find(1, |b| derivative_field(&facts.p.stages.derivative, b)).into_iter().next() else {
        return Vec::new();
    };
    let words =
        h.block.lower.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_owned());
    h.block
        .links
        .iter()
        .map(|l| l.url.to_ascii_lowercase())
        .chain(words.filter(|w| w.contains('/')))
        .map(|id| (h.evidence(), id))
        .collect()
}

/// Evidence that the release was made from another model (a fine-tune, a continued
/// training): the card's `base_model`, a card field naming the base, or a sentence about the
/// release saying it is derived from, based on or fine-tuned from a named model.
pub(crate) fn derivative(facts: &Facts<'_>) -> Option<Evidence> {
    let p = facts.p;
    if facts.card().is_some_and(|c| !c.base_model.is_empty()) {
        return Some(facts.card_ev("base_model", "base_model"));
    }
    if let Some(h) = facts.find(1, |b| derivative_field(&p.stages.derivative, b)).first() {
        return Some(h.evidence());
    }
    let target = &facts.target;
    let release = name_tokens(target);
    let stem = target.split(|c: char| !c.is_alphanumeric()).find(|t| t.len() >= 3).unwrap_or(target);
    // A model named beside the phrase: a sized name or an `org/name` id that is not the release.
    let names_a_model = |s: &str| {
        s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '\'')).any(|w| {
            let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let tokens = name_tokens(w);
            let sized = tokens.iter().any(|t| is_size(&p.names.size_suffixes, t)) && tokens.len() >= 2;
            (sized || names_another_model(&release, w))
                && tokens.iter().any(|t| !release.contains(t) && !is_size(&p.names.size_suffixes, t))
        })
    };
    facts.located().filter(|h| h.block.kind != BlockKind::Code).find_map(|h| {
        sentences(&h.block.lower)
            .find(|s| {
                p.stages.derived.matches(s)
                    && (p.stages.self_reference.matches(s) || has_word(s, stem))
                    && !names_a_variant(&p.names.tuned, s, stem, target)
                    && names_a_model(s)
            })
            .map(|s| ev(h.file, Some(h.block.line), s))
    })
}

/// Whether the claims so far say the release went through supervised fine-tuning: a "yes"
/// stronger than any "no".
pub(crate) fn tuned(claims: &[Claim]) -> bool {
    let strongest = |yes: bool| {
        claims
            .iter()
            .filter(|c| c.component == Component::TrainingDataSft && c.what == What::Exists)
            .filter(|c| (c.value == "yes") == yes)
            .map(|c| c.strength)
            .max()
    };
    strongest(true).is_some_and(|y| strongest(false).is_none_or(|n| y > n))
}

/// The stages' existence: sft and alignment claims for both the code and the data component.
pub(crate) fn stage_claims(facts: &Facts<'_>, out: &mut Vec<Claim>) {
    let p = facts.p;
    let sft_components = [Component::TrainingCodeFinetuning, Component::TrainingDataSft];
    let align_components = [Component::TrainingCodeAlignment, Component::TrainingDataAlignment];
    let mut both = |components: [Component; 2], yes: bool, e: Evidence, s: Strength| {
        for c in components {
            push(out, c, What::Exists, if yes { "yes" } else { "no" }, e.clone(), s);
        }
    };
    let target = &facts.target;
    let name_ev = || ev("(release)", None, format!("the release assessed is `{target}`"));
    let tuned_name = facts.tuned_name();
    let base_name = p.names.base.matches(target) && !tuned_name;
    let base_model = facts.card().is_some_and(|c| !c.base_model.is_empty());
    let specific = facts.specific();
    // Whether the release is run as an assistant (an instruct or chat name, a conversational
    // tag, a chat template, chat turns in its documents): the kind of release whose current
    // practice includes a preference stage. A tuned embedding or classification model is not.
    let mut conversational = tuned_name || p.names.aligned.matches(target);
    if tuned_name {
        both(sft_components, true, name_ev(), Strength::Explicit);
    }
    if p.names.aligned.matches(target) {
        both(align_components, true, name_ev(), Strength::Explicit);
    }
    if base_name && !base_model {
        both(sft_components, false, name_ev(), Strength::Explicit);
        both(align_components, false, name_ev(), Strength::Explicit);
    }
    if let Some(card) = facts.card() {
        if base_model {
            both(
                sft_components,
                true,
                facts.card_ev(
                    "base_model",
                    format!("base_model: {} (a derivative is tuned)", card.base_model.join(", ")),
                ),
                Strength::Metadata,
            );
        }
        if card.tags.iter().any(|t| p.names.tuned.words.iter().any(|w| w == t) || t == "conversational") {
            conversational = true;
            both(sft_components, true, facts.card_ev("tags", "tags mark a conversational model"), Strength::Metadata);
        }
    }
    if let Some(h) = facts.find(1, |b| derivative_field(&p.stages.derivative, b)).first() {
        let e = ev(h.file, Some(h.block.line), format!("{} (a derivative is tuned)", h.block.text));
        both(sft_components, true, e, Strength::Metadata);
    }
    // The names the documents give the family's variants. A release named without the marker
    // its tuned siblings carry is their base; one whose base checkpoint is named apart is the
    // tuned model; intermediate checkpoints (`-sft`, `-dpo`) show the stages it went through.
    let release = name_tokens(target);
    let variants = if tuned_name || base_name { Vec::new() } else { named_variants(facts, &release) };
    let variant = |kind: VariantKind| variants.iter().find(|(k, _)| *k == kind).map(|(_, e)| e.clone());
    let tuned_sibling = variant(VariantKind::Tuned);
    let base_sibling = variant(VariantKind::Base);
    match (&tuned_sibling, &base_sibling) {
        (Some(e), None) if specific && !base_model => {
            let e = Evidence {
                text: format!("{}: its tuned sibling, so the release is a base model", e.text),
                ..e.clone()
            };
            both(sft_components, false, e.clone(), Strength::Metadata);
            both(align_components, false, e, Strength::Metadata);
        }
        (None, Some(e)) => {
            let e = Evidence { text: format!("{}: its base checkpoint, so the release is tuned", e.text), ..e.clone() };
            both(sft_components, true, e, Strength::Metadata);
        }
        _ => {}
    }
    if tuned_sibling.is_none() {
        if let Some(e) = variant(VariantKind::Sft) {
            both(sft_components, true, e, Strength::Metadata);
        }
        if let Some(e) = variant(VariantKind::Aligned) {
            both(sft_components, true, e.clone(), Strength::Metadata);
            both(align_components, true, e, Strength::Metadata);
        }
    }
    if let Some(path) = &facts.chat_template {
        conversational = true;
        both(sft_components, true, ev(path, None, "the tokenizer defines a chat template"), Strength::FilePresence);
    }
    // The documents run the release as a chat model (a chat template applied, turns of a
    // conversation), in an example that is not about a tuned sibling.
    let chat = |b: &Block| {
        b.kind == BlockKind::Code
            && (p.stages.chat_usage.matches(&b.lower) || p.stages.chat_turns.matches(&b.lower))
            && !b.lower.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | ')' | '=')).any(|w| {
                let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                let tuned_sibling = specific && variant_kind(&p.names, &release, w) == Some(VariantKind::Tuned);
                tuned_sibling || names_another_model(&release, w)
            })
    };
    // Only the repository's top-level documents speak for the release: a sub-folder's guide is
    // about a sub-project (a chat variant trained with the repository's code).
    if let Some(h) = facts.located().find(|h| !h.file.contains('/') && chat(h.block)) {
        conversational = true;
        let e = ev(h.file, Some(h.block.line), "the documents run the release as a chat model");
        both(sft_components, true, e, Strength::FilePresence);
    }
    // Prose. For a release that is one model, what the documents say of a family's variants is
    // weaker than its own name; for a family, any variant's stage is the family's.
    // Stages are read sentence by sentence: a README often says of one variant what is not
    // true of another in the same paragraph.
    let sentence = |b: &Block, cue: &Cue| -> Option<String> {
        if b.kind == BlockKind::Code {
            return None;
        }
        sentences(&b.lower).find(|s| cue.matches(s)).map(str::to_owned)
    };
    let at = |h: &Located<'_>, s: &str| ev(h.file, Some(h.block.line), s);
    for cue in [&p.stages.base, &p.stages.base_self] {
        if let Some(h) = facts.find(1, |b| sentence(b, cue).is_some()).first() {
            let s = sentence(h.block, cue).unwrap_or_default();
            both(sft_components, false, at(h, &s), Strength::Explicit);
            both(align_components, false, at(h, &s), Strength::Explicit);
            break;
        }
    }
    if let Some(h) = facts.find(1, |b| sentence(b, &p.stages.no_preference).is_some()).first() {
        let s = sentence(h.block, &p.stages.no_preference).unwrap_or_default();
        both(align_components, false, at(h, &s), Strength::Explicit);
    }
    // The name stem (`name` of `name-7b-chat`) by which the documents speak of the release.
    let stem = target.split(|c: char| !c.is_alphanumeric()).find(|t| t.len() >= 3).unwrap_or(target);
    let mut siblings = Vec::new();
    for (cue, components) in [(&p.stages.sft, sft_components), (&p.stages.alignment, align_components)] {
        let hits: Vec<(Located<'_>, String)> = facts
            .located()
            .filter(|h| h.block.kind != BlockKind::Code && cue.matches(&h.block.lower))
            .flat_map(|h| {
                let found: Vec<String> =
                    sentences(&h.block.lower).filter(|s| cue.matches(s)).map(str::to_owned).collect();
                found.into_iter().map(move |s| (Located { file: h.file, block: h.block }, s))
            })
            .take(16)
            .collect();
        let own = hits.iter().find(|(h, s)| {
            h.block.kind != BlockKind::TableRow
                && (about_release(h.file, target)
                    || !p.stages.family.matches(s)
                        && (!specific
                            || (p.stages.self_reference.matches(s) || has_word(s, stem))
                                && !names_another_size(&p.names.size_suffixes, s, target)
                                && !names_a_variant(&p.names.tuned, s, stem, target)))
        });
        match (own, hits.first()) {
            (Some((h, s)), _) => both(components, true, at(h, s), Strength::Explicit),
            (None, Some((h, s))) if !specific => both(components, true, at(h, s), Strength::Explicit),
            (None, Some((h, s))) => siblings.push((components, at(h, s))),
            (None, None) => {}
        }
    }
    // What the documents say of the family's variants holds for a tuned release (it is one of
    // them: "the tuned versions were aligned with human feedback"), not for a base one, where
    // it is kept but never decisive.
    let tuned = tuned(out);
    // A tuned release of a well-known family whose tuned variants were preference-tuned (the
    // developer's report says so; the card may not).
    let lineage = crate::lineage::embedded().unwrap_or(&[]);
    if tuned
        && derivative(facts).is_none()
        && let Some(family) = crate::lineage::family_of(lineage, target).filter(|f| f.tuned_variants_aligned)
    {
        let text = format!(
            "the {} family's tuned variants went through a preference stage (base-model registry)",
            family.family
        );
        for c in align_components {
            push(out, c, What::Exists, "yes", ev("(base-model registry)", None, &text), Strength::Metadata);
        }
    }
    let mut both = |components: [Component; 2], yes: bool, e: Evidence, s: Strength| {
        for c in components {
            push(out, c, What::Exists, if yes { "yes" } else { "no" }, e.clone(), s);
        }
    };
    if tuned {
        for (components, e) in siblings.drain(..) {
            both(components, true, e, Strength::Convention);
        }
    }
    // Conventions where nothing was said: a model whose documents describe its pre-training and
    // no tuning is a pretrained model; a tuned model whose documents describe its tuning and no
    // preference stage has none. Documents that describe no training at all conclude nothing of a
    // release's tuning.
    if let Some(h) = facts.find(1, |b| b.kind != BlockKind::Code && p.stages.pretraining.matches(&b.lower)).first() {
        let e = ev(h.file, Some(h.block.line), "the documents describe pre-training and no tuning stage");
        both(sft_components, false, e, Strength::Convention);
    }
    // A tuned release whose documents do not say how it was tuned (on what, by which procedure)
    // is silent on its preference stage, not evidence against it: current practice for chat
    // and instruct releases includes one, and nothing rules it out.
    let tuning_described = || {
        facts.located().any(|h| {
            h.block.kind != BlockKind::Code
                && !p.linked_code.usage.matches(&h.block.lower)
                && p.stages.tuning_described.matches(&h.block.lower)
        })
    };
    if tuned && conversational && !tuning_described() {
        let e = ev(
            facts.card_path(),
            None,
            "a chat or instruct release whose documents do not say how it was tuned: a preference stage is presumed",
        );
        both(align_components, true, e, Strength::Convention);
    } else if facts.blocks.iter().any(|b| !b.is_empty()) {
        let e = ev(facts.card_path(), None, "no preference or reinforcement stage is described");
        both(align_components, false, e, Strength::Convention);
    }
    for (components, e) in siblings {
        both(components, true, e, Strength::Convention);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> &'static Names {
        &crate::phrases::embedded().expect("valid phrases").names
    }

    fn kind(release: &str, word: &str) -> Option<VariantKind> {
        variant_kind(names(), &name_tokens(release), word)
    }

    #[test]
    fn variants_are_the_release_name_with_a_marker() {
        assert_eq!(kind("acme-lm-13b", "acme-lm-13b-chat"), Some(VariantKind::Tuned));
        assert_eq!(kind("acme-lm-13b", "org/acme-lm-13b-instruct-v2"), Some(VariantKind::Tuned));
        // A family's variant without the size, and a name glued to its marker.
        assert_eq!(kind("acme-lm-13b", "acme-lm-chat"), Some(VariantKind::Tuned));
        assert_eq!(kind("zorba-13b", "zorbachat"), Some(VariantKind::Tuned));
        assert_eq!(kind("acme-lm-13b", "acme-lm-13b-base"), Some(VariantKind::Base));
        // A base family's prefix before the name; intermediate checkpoints.
        assert_eq!(kind("acme-2-13b", "basefam-3.1-acme-2-13b-sft"), Some(VariantKind::Sft));
        assert_eq!(kind("acme-2-13b", "acme-2-13b-dpo"), Some(VariantKind::Aligned));
    }

    #[test]
    fn other_models_are_not_variants() {
        // Another size, the release itself, a longer name without a marker, a size glued to a
        // marker-looking tail.
        assert_eq!(kind("acme-lm-13b", "acme-lm-70b-chat"), None);
        assert_eq!(kind("acme-lm-13b", "acme-lm-13b"), None);
        assert_eq!(kind("acme-lm-13b", "acme-lm-13b-gguf"), None);
        assert_eq!(kind("acme-4b", "acme-4bit"), None);
        assert_eq!(kind("acme-lm-13b", "other-13b-chat"), None);
    }

    #[test]
    fn documents_named_after_the_release_are_about_it() {
        assert!(about_release("recipes/acme-lm-13b/README.md", "acme-lm-13b"));
        assert!(about_release("docs/AcmeLM13B.md", "acme-lm-13b"));
        assert!(!about_release("docs/acme.md", "acme-lm-13b"));
        assert!(!about_release("README.md", "acme-lm-13b"));
    }

    #[test]
    fn a_card_field_names_the_model_tuned_from() {
        let derivative = &crate::phrases::embedded().expect("valid phrases").stages.derivative;
        let block = |md: &str| crate::markdown::parse(md, 1).remove(0);
        assert!(derivative_field(
            derivative,
            &block("- **Base model:** [Acme 13B](https://hub.example/acme/acme-13b)")
        ));
        assert!(derivative_field(derivative, &block("* Finetuned from model [optional]: acme/acme-13b")));
        assert!(!derivative_field(derivative, &block("- **Base model:** none")));
        assert!(!derivative_field(derivative, &block("The base model is strong at maths.")));
    }

    #[test]
    fn model_ids_without_the_release_name_are_other_models() {
        let release = name_tokens("acme-lm-13b");
        assert!(names_another_model(&release, "someorg/other-7b-chat"));
        assert!(!names_another_model(&release, "acmeorg/acme-lm-13b"));
        assert!(!names_another_model(&release, "user: hello/world!"));
        assert!(!names_another_model(&release, "and/or"));
    }
}
