//! A document's body as Markdown blocks: headings, paragraphs, list items, table rows and code
//! blocks, each with its line, the headings it sits under and its links, parsed with
//! `pulldown-cmark` (so a phrase broken over two lines, a link's target or a table cell is read
//! as the author wrote it, not as a line of characters).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading of level 1–6.
    Heading(u8),
    /// A paragraph (also a list item's or a quote's text).
    Paragraph,
    /// One row of a table, its cells joined by ` | `.
    TableRow,
    /// A fenced or indented code block.
    Code,
}

/// A link: its text and its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The text shown, lowercased.
    pub text: String,
    /// The target as written.
    pub url: String,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// 1-based line (in the whole file) where it starts.
    pub line: usize,
    /// Its text as shown: link targets dropped, emphasis removed, whitespace collapsed.
    pub text: String,
    /// `text` in ASCII lowercase.
    pub lower: String,
    /// The headings it sits under, outermost first, lowercased.
    pub section: Vec<String>,
    /// Its links.
    pub links: Vec<Link>,
}

impl Block {
    /// Whether any heading above it contains one of `words`.
    pub fn under(&self, words: &[String]) -> bool {
        self.section.iter().any(|h| words.iter().any(|w| h.contains(w.as_str())))
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Line starts of `text`, for turning byte offsets into 1-based lines.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset)
}

struct Builder {
    blocks: Vec<Block>,
    headings: Vec<(u8, String)>,
    current: Option<(BlockKind, usize, String, Vec<Link>)>,
    link: Option<(String, String)>,
}

impl Builder {
    fn open(&mut self, kind: BlockKind, line: usize) {
        self.close();
        self.current = Some((kind, line, String::new(), Vec::new()));
    }

    fn push(&mut self, s: &str, line: usize) {
        if let Some((_, text)) = self.link.as_mut() {
            text.push_str(s);
        }
        if self.current.is_none() {
            self.current = Some((BlockKind::Paragraph, line, String::new(), Vec::new()));
        }
        if let Some((_, _, text, _)) = self.current.as_mut() {
            text.push_str(s);
        }
    }

    fn close(&mut self) {
        let Some((kind, line, text, links)) = self.current.take() else { return };
        let text = if kind == BlockKind::Code {
            text.trim_end().to_owned()
        } else {
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        if text.is_empty() && links.is_empty() {
            return;
        }
        if let BlockKind::Heading(level) = kind {
            self.headings.retain(|(l, _)| *l < level);
            self.headings.push((level, text.to_ascii_lowercase()));
        }
        // Bare URLs are links too.
        let mut links = links;
        for (i, _) in text.match_indices("http") {
            let url: String = text[i..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ')' | '>' | '"' | '\'' | '|'))
                .collect();
            let url = url.trim_end_matches(['.', ',', ';', ':']).to_owned();
            if (url.starts_with("https://") || url.starts_with("http://")) && !links.iter().any(|l| l.url == url) {
                links.push(Link { text: String::new(), url });
            }
        }
        let section = self.headings.iter().map(|(_, h)| h.clone()).collect();
        let lower = text.to_ascii_lowercase();
        self.blocks.push(Block { kind, line, text, lower, section, links });
    }
}

/// Parses `body` (the text after any front matter) whose first line is line `first_line` of the
/// file.
pub fn parse(body: &str, first_line: usize) -> Vec<Block> {
    let starts = line_starts(body);
    let mut b = Builder { blocks: Vec::new(), headings: Vec::new(), current: None, link: None };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let line = line_of(&starts, range.start) + first_line - 1;
        match event {
            Event::Start(Tag::Heading { level, .. }) => b.open(BlockKind::Heading(heading_level(level)), line),
            // A list item's paragraph continues the item.
            Event::Start(Tag::Paragraph) if b.current.as_ref().is_none_or(|c| !c.2.trim().is_empty()) => {
                b.open(BlockKind::Paragraph, line);
            }
            Event::Start(Tag::Paragraph) => {}
            Event::Start(Tag::Item) => b.open(BlockKind::Paragraph, line),
            Event::Start(Tag::TableRow | Tag::TableHead) => b.open(BlockKind::TableRow, line),
            Event::Start(Tag::CodeBlock(_)) => b.open(BlockKind::Code, line),
            Event::End(TagEnd::TableCell) => b.push(" | ", line),
            Event::End(
                TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead,
            )
            | Event::End(TagEnd::CodeBlock) => b.close(),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                b.link = Some((dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((url, text)) = b.link.take() {
                    if b.current.is_none() {
                        b.current = Some((BlockKind::Paragraph, line, String::new(), Vec::new()));
                    }
                    if let Some(c) = b.current.as_mut() {
                        c.3.push(Link { text: text.to_ascii_lowercase(), url });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => b.push(&t, line),
            Event::Html(t) | Event::InlineHtml(t) => {
                // An HTML anchor is a link too; its text is not prose.
                for href in t.split("href=").skip(1) {
                    let url: String = href
                        .trim_start_matches(['"', '\''])
                        .chars()
                        .take_while(|c| !matches!(c, '"' | '\'' | '>' | ' '))
                        .collect();
                    if !url.is_empty() {
                        if b.current.is_none() {
                            b.current = Some((BlockKind::Paragraph, line, String::new(), Vec::new()));
                        }
                        if let Some(c) = b.current.as_mut() {
                            c.3.push(Link { text: String::new(), url });
                        }
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                b.push(if b.current.as_ref().is_some_and(|c| c.0 == BlockKind::Code) { "\n" } else { " " }, line)
            }
            _ => {}
        }
    }
    b.close();
    b.blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_lines_sections_and_links() {
        let body = "# Model\n\nIntro line one\ncontinues [here](https://x.org/a).\n\n## Licence\n\n- Weights: **MIT**\n\n| Name | Kind |\n|---|---|\n| a-chat | chat |\n\n```sh\nwget https://x.org/w.bin\n```\n";
        let blocks = parse(body, 5);
        assert_eq!(blocks[0].kind, BlockKind::Heading(1));
        assert_eq!(blocks[0].line, 5);
        assert_eq!(blocks[1].text, "Intro line one continues here.");
        assert_eq!(blocks[1].line, 7);
        assert_eq!(blocks[1].links, [Link { text: "here".into(), url: "https://x.org/a".into() }]);
        assert_eq!(blocks[2].kind, BlockKind::Heading(2));
        assert_eq!(blocks[3].text, "Weights: MIT");
        assert_eq!(blocks[3].section, ["model", "licence"]);
        let rows: Vec<&str> =
            blocks.iter().filter(|b| b.kind == BlockKind::TableRow).map(|b| b.text.as_str()).collect();
        assert_eq!(rows, ["Name | Kind |", "a-chat | chat |"]);
        let code = blocks.iter().find(|b| b.kind == BlockKind::Code).expect("code block");
        assert_eq!(code.text, "wget https://x.org/w.bin");
        assert_eq!(code.line, 18);
    }

    #[test]
    fn html_anchors_and_bare_urls_are_links() {
        let blocks = parse("<a href=\"https://h.co/m\">get</a> the model\n", 1);
        assert!(blocks.iter().any(|b| b.links.iter().any(|l| l.url == "https://h.co/m")), "{blocks:?}");
        let blocks = parse("- Code: https://g.com/o/r.\n", 1);
        assert_eq!(blocks[0].links, [Link { text: String::new(), url: "https://g.com/o/r".into() }]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,400}") {
            let _ = parse(&text, 1);
        }
    }
}
