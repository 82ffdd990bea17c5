//! Whether the fine-tuning and alignment stages exist, from the kinds of evidence publishers
//! give: a chat model run as one, a base model beside its tuned siblings, a card's `Base model`
//! field, intermediate checkpoints, documents named after the release.

use openness_assess::{Knowledge, Options, assess};
use openness_catalogue::{embedded_licence_base, embedded_registry};
use openness_core::{Component, Level};

/// The levels of the four stage components of a repository made of `files`, in a folder named
/// `folder`.
fn stages(folder: &str, files: &[(&str, &str)]) -> [Level; 4] {
    let base = embedded_licence_base().expect("valid base");
    let registry = embedded_registry(&base).expect("valid registry");
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join(folder);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("created");
        std::fs::write(p, text).expect("written");
    }
    let r = assess(&dir, &Knowledge { base: &base, registry: &registry }, &Options::default()).expect("assessed");
    let level = |c| r.component(c).map(|d| d.level).expect("a draft");
    [
        level(Component::TrainingCodeFinetuning),
        level(Component::TrainingDataSft),
        level(Component::TrainingCodeAlignment),
        level(Component::TrainingDataAlignment),
    ]
}

const NA: Level = Level::NotApplicable;

#[test]
fn a_release_run_as_a_chat_model_was_fine_tuned() {
    let card = "# Quokka 9B\n\nQuokka 9B writes poems.\n\n```python\nmsgs = [{\"role\": \"user\", \"content\": \"hi\"}]\n\
                text = tok.apply_chat_template(msgs)\n```\n";
    let [ft, sft, al, ald] = stages("quokka-9b", &[("README.md", card)]);
    assert_eq!((ft.to_string(), sft.to_string()), ("C1".to_owned(), "D1".to_owned()));
    // Nothing says how it was tuned: the preference stage of current practice is presumed,
    // and nothing of it is released.
    assert_eq!((al.to_string(), ald.to_string()), ("C1".to_owned(), "D1".to_owned()));
}

#[test]
fn a_tuned_release_that_is_not_run_as_an_assistant_is_presumed_no_preference_stage() {
    // An encoder tuned for sentence similarity: tuned, but not a chat or instruct release, so
    // no preference stage is presumed for it.
    let card = "# Wombat Sentence Encoder

We fine-tune the encoder with a contrastive objective on sentence pairs, so that similar
sentences lie close together.
";
    let [ft, _, al, ald] = stages("wombat-sentence-encoder", &[("README.md", card)]);
    assert_eq!(ft.to_string(), "C1");
    assert_eq!((al, ald), (NA, NA));
}

#[test]
fn a_release_whose_tuning_is_described_without_a_preference_stage_had_none() {
    let card = "# Quokka 9B Chat

Quokka 9B Chat was fine-tuned on 40k conversations we wrote.
";
    let [ft, _, al, ald] = stages("quokka-9b-chat", &[("README.md", card)]);
    assert_eq!(ft.to_string(), "C1");
    assert_eq!((al, ald), (NA, NA));
}

#[test]
fn a_release_said_not_to_be_preference_tuned_had_no_such_stage() {
    // Its tuning is not described, but the card denies the preference stage.
    let card = "# Quokka 9B Chat

A friendly chat model. It is not RLHF-trained, so prompt it firmly.
";
    let [ft, _, al, ald] = stages("quokka-9b-chat", &[("README.md", card)]);
    assert_eq!(ft.to_string(), "C1");
    assert_eq!((al, ald), (NA, NA));
}

#[test]
fn a_chat_example_of_another_model_says_nothing_of_the_release() {
    let card = "# Quokka 9B\n\nQuokka 9B is trained on 2T tokens of web text.\n\n```python\n\
                model = load(\"zoo/wombat-3b-tuned\")\nmsgs = [{\"role\": \"user\", \"content\": \"hi\"}]\n```\n";
    assert_eq!(stages("quokka-9b", &[("README.md", card)]), [NA; 4]);
}

#[test]
fn a_release_beside_its_tuned_sibling_is_their_base() {
    let card = "# Quokka 9B\n\nWe publish Quokka 9B and [Quokka-9B-Chat](https://huggingface.co/zoo/quokka-9b-chat), \
                tuned with supervised fine-tuning and DPO.\n";
    assert_eq!(stages("quokka-9b", &[("README.md", card)]), [NA; 4]);
}

#[test]
fn a_release_beside_its_base_checkpoint_is_the_tuned_model() {
    let card = "# Quokka 2\n\nWe also publish the pretrained checkpoint, `zoo/quokka-2-base`.\n";
    let [ft, sft, ..] = stages("quokka-2", &[("README.md", card)]);
    assert_eq!((ft.to_string(), sft.to_string()), ("C1".to_owned(), "D1".to_owned()));
}

#[test]
fn a_card_field_naming_the_base_model_makes_a_derivative() {
    let card = "# Quokka 9B\n\n## Model details\n\n- **Base model:** [zoo/wombat-9b](https://huggingface.co/zoo/wombat-9b)\n\
                - **Languages:** English\n";
    let [ft, sft, ..] = stages("quokka-9b", &[("README.md", card)]);
    assert_eq!((ft.to_string(), sft.to_string()), ("C1".to_owned(), "D1".to_owned()));
}

#[test]
fn intermediate_checkpoints_show_the_stages_the_release_went_through() {
    let card = "# Quokka 9B\n\nThe recipe first makes `zoo/quokka-9b-sft`, then `zoo/quokka-9b-dpo`.\n";
    let levels = stages("quokka-9b", &[("README.md", card)]);
    assert_eq!(levels.map(|l| l.to_string()), ["C1", "D1", "C1", "D1"]);
}

#[test]
fn a_document_named_after_the_release_speaks_of_it() {
    let readme = "# Recipes\n\nRecipes for several models: quokka-9b, wombat-3b and more.\n";
    let recipe = "# The recipe\n\nWe apply supervised fine-tuning to the 9B model of another lab, then preference optimization.\n";
    let levels = stages("quokka-9b", &[("README.md", readme), ("recipes/quokka-9b/README.md", recipe)]);
    assert_eq!(levels.map(|l| l.to_string()), ["C1", "D1", "C1", "D1"]);
}

#[test]
fn hub_datasets_a_tuned_card_names_are_its_tuning_data() {
    let card = "---\nlicense: apache-2.0\ndatasets:\n- someorg/curated-dialogues\n---\n# Quokka 9B\n\n\
                Quokka 9B is a chat model.\n\n```\nUSER: hello\nASSISTANT: hi\n```\n";
    let [ft, sft, ..] = stages("quokka-9b", &[("README.md", card)]);
    assert_eq!((ft.to_string(), sft.to_string()), ("C1".to_owned(), "D5".to_owned()));
}

#[test]
fn the_training_code_of_a_model_made_from_another_is_its_fine_tuning_code() {
    let licence = std::fs::read_to_string("/usr/share/common-licenses/Apache-2.0").expect("Debian's Apache-2.0 text");
    let card = "# Quokka 9B\n\nQuokka 9B is derived from Wombat-9B and fine-tuned on a corpus of dialogues.\n";
    let [ft, ..] = stages("quokka-9b", &[("README.md", card), ("train.py", ""), ("LICENSE", &licence)]);
    assert_eq!(ft.to_string(), "C5");
    // Without the statement, or with one about the architecture only, the same script is
    // pre-training code.
    for card in
        ["# Quokka 9B\n\nQuokka 9B is a model.\n", "# Quokka 9B\n\nQuokka 9B's architecture is based on Wombat-9B.\n"]
    {
        let [ft, ..] = stages("quokka-9b", &[("README.md", card), ("train.py", ""), ("LICENSE", &licence)]);
        assert_ne!(ft.to_string(), "C5", "{card}");
    }
}

#[test]
fn a_dataset_in_a_guide_for_users_is_not_the_release_data() {
    let card = "# Quokka 9B Chat\n\nQuokka 9B Chat was tuned on our own instruction data.\n\n\
                For example, you can fine-tune it on the oasst1 dataset with `finetune.py`.\n";
    let [_, sft, ..] = stages("quokka-9b-chat", &[("README.md", card)]);
    assert_eq!(sft.to_string(), "D1");
}

#[test]
fn a_sub_project_chat_guide_does_not_make_the_release_tuned() {
    let card = "# Quokka 9B\n\nQuokka 9B was trained on 1T tokens of code.\n";
    let guide = "# A chat assistant\n\n```python\nmsgs = [{\"role\": \"user\", \"content\": \"hi\"}]\n```\n";
    assert_eq!(stages("quokka-9b", &[("README.md", card), ("chat/README.md", guide)]), [NA; 4]);
}

#[test]
fn the_datasets_of_the_commands_that_reproduce_the_release_are_its_data() {
    let card = "---\nlicense: apache-2.0\n---\n# Recipes\n\n## Quokka-9B-SFT reproduction\n\n```sh\n\
                python sft.py --model_name_or_path zoo/wombat-9b-chat --dataset_mixer zoo/quokka-sft-mix 1.0\n```\n\n\
                ## Quokka-9B-DPO reproduction\n\n```sh\npython dpo.py --dataset_name zoo/quokka-preference-mix\n```\n\n\
                ## Other\n\n```sh\npython sft.py --dataset_name zoo/other-sft-mix\n```\n";
    let [_, sft, _, ald] = stages("quokka-9b", &[("README.md", card)]);
    assert_eq!((sft.to_string(), ald.to_string()), ("D5".to_owned(), "D5".to_owned()));
}

#[test]
fn a_tuned_release_of_a_family_known_to_preference_tune_has_that_stage() {
    // The card is silent on preference tuning; the family's reports are not.
    let card = "# Llama-2-13b-chat\n\nA chat model, fine-tuned for dialogue.\n";
    let levels = stages("llama-2-13b-chat", &[("README.md", card)]);
    assert_eq!(levels.map(|l| l.to_string()), ["C1", "D1", "C1", "D1"]);
    // A derivative of the family is not one of its own tuned variants.
    let card = "---\nbase_model: meta-llama/Llama-2-13b-hf\n---\n# Llama-2-13b-chat-remix\n\nA chat model, fine-tuned on \
                our own conversations.\n";
    let [.., al, ald] = stages("llama-2-13b-chat-remix", &[("README.md", card)]);
    assert_eq!((al, ald), (NA, NA));
}

#[test]
fn guides_to_public_frameworks_are_for_users_not_the_publisher_code() {
    let card = "# Quokka 9B Chat\n\nA chat model. We have supported fine-tuning Quokka with Axolotl and LoRA.\n";
    let guide = "# Fine-tune with Axolotl\n\nRun `axolotl train quokka.yaml`.\n";
    let [ft, ..] = stages("quokka-9b-chat", &[("README.md", card), ("examples/axolotl/finetune.md", guide)]);
    assert_eq!(ft.to_string(), "C1");
    // The publisher's own guide to its repository's code is its fine-tuning code.
    let [ft, ..] =
        stages("quokka-9b-chat", &[("README.md", "# Quokka 9B Chat\n\nA chat model.\n"), ("docs/finetune.md", guide)]);
    assert_ne!(ft.to_string(), "C1");
}
