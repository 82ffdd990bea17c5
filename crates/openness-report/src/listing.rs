//! The index's selection in the service: the filters and sort the script applies in the page of
//! the static report (which lists every release), applied by the server, and the page of the
//! result. The parameters are the ones the script writes in the URL, so a link copied from
//! either works in both: `q`, `org`, `year`, `licence`, `coverage`, `mof`, `variant`, `where`
//! (`deployment.data.weights>=D3`, or the form's `wc`, `wo`, `wl`), `sort` (`name`, `score`,
//! `c0`–`c11`), `dir` (`asc`, `desc`) and `page` (from 1).

use openness_core::Component;
use serde::Serialize;

use crate::view::Row;

/// Releases per page of the service's index.
pub const PER_PAGE: usize = 50;

/// A condition on one component's level: at least or at most a grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Where {
    /// The component's column (its place in [`Component::ALL`]).
    pub column: usize,
    /// `>=` (at least) rather than `<=` (at most).
    pub at_least: bool,
    /// 1–5.
    pub grade: u8,
}

impl Where {
    /// Reads `deployment.data.weights>=D3` (or `weights>=3`: the id's last part, the level's
    /// letter optional).
    pub fn parse(text: &str) -> Option<Where> {
        let text = text.trim();
        let at = text.find(['>', '<'])?;
        let (name, rest) = (text[..at].trim(), &text[at..]);
        let at_least = rest.starts_with(">=");
        if !at_least && !rest.starts_with("<=") {
            return None;
        }
        let level = rest[2..].trim();
        let level = level.strip_prefix(['C', 'D']).unwrap_or(level);
        let grade = match level.as_bytes() {
            [g @ b'1'..=b'5'] => g - b'0',
            _ => return None,
        };
        let column = Component::ALL
            .iter()
            .position(|c| c.id() == name)
            .or_else(|| Component::ALL.iter().position(|c| c.id().rsplit('.').next() == Some(name)))?;
        Some(Where { column, at_least, grade })
    }

    /// As the script writes it: `deployment.data.weights>=D3`.
    pub fn text(&self) -> String {
        let c = Component::ALL[self.column];
        let kind = if c.id().split('.').nth(1) == Some("code") { 'C' } else { 'D' };
        format!("{}{}{kind}{}", c.id(), if self.at_least { ">=" } else { "<=" }, self.grade)
    }

    fn holds(&self, row: &Row) -> bool {
        let g = row.cells.get(self.column).map_or(0, |c| c.grade);
        g != 0 && if self.at_least { g >= self.grade } else { g <= self.grade }
    }
}

/// What the index shows: filters, order and page. Empty fields select everything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexQuery {
    /// Text in the release's name, id, organisation or licences.
    pub q: String,
    /// Organisation (exactly).
    pub org: String,
    /// Release year.
    pub year: String,
    /// A licence id one of its components uses.
    pub licence: String,
    /// `ranked`, `sparse` or `complete`.
    pub coverage: String,
    /// MOF class, `0`–`3`.
    pub mof: String,
    /// Variant (`base`, `instruct`, …).
    pub variant: String,
    /// A component's level condition.
    #[serde(skip)]
    pub condition: Option<Where>,
    /// `name`, `score` or `c0`–`c11`; empty: release month, then id.
    pub sort: String,
    /// Most open (or Z) first.
    pub desc: bool,
    /// The page, from 1.
    pub page: usize,
}

impl Default for IndexQuery {
    /// Every release, in the index's order, the first page.
    fn default() -> Self {
        IndexQuery {
            q: String::new(),
            org: String::new(),
            year: String::new(),
            licence: String::new(),
            coverage: String::new(),
            mof: String::new(),
            variant: String::new(),
            condition: None,
            sort: String::new(),
            desc: false,
            page: 1,
        }
    }
}

impl IndexQuery {
    /// Reads the URL's parameters (decoded pairs); values it does not know select nothing, as in
    /// the script.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> IndexQuery {
        let mut q = IndexQuery::default();
        let (mut wc, mut wo, mut wl) = (String::new(), String::from(">="), String::new());
        let mut where_text = None;
        for (k, v) in pairs {
            let v = v.as_ref().trim().to_owned();
            match k.as_ref() {
                "q" => q.q = v,
                "org" => q.org = v,
                "year" => q.year = v,
                "licence" => q.licence = v,
                "coverage" => q.coverage = v,
                "mof" => q.mof = v,
                "variant" => q.variant = v,
                "where" => where_text = Some(v),
                "wc" => wc = v,
                "wo" => wo = v,
                "wl" => wl = v,
                "sort" if v == "name" || v == "score" || column_key(&v).is_some() => q.sort = v,
                "dir" => q.desc = v == "desc",
                "page" => q.page = v.parse().unwrap_or(1).max(1),
                _ => {}
            }
        }
        q.condition = where_text
            .and_then(|w| Where::parse(&w))
            .or_else(|| if wc.is_empty() { None } else { Where::parse(&format!("{wc}{wo}{wl}")) });
        if q.sort.is_empty() {
            q.desc = false;
        }
        q
    }

    /// Whether it filters or orders anything (a page of the whole list in its order is not).
    pub fn selects(&self) -> bool {
        self.filters() || !self.sort.is_empty()
    }

    /// Whether any filter is set.
    pub fn filters(&self) -> bool {
        *self != IndexQuery { page: self.page, sort: self.sort.clone(), desc: self.desc, ..IndexQuery::default() }
    }

    /// Whether `row` passes every filter.
    pub fn matches(&self, row: &Row) -> bool {
        let q = self.q.to_lowercase();
        (q.is_empty() || row.search.contains(&q))
            && (self.org.is_empty() || row.organisation == self.org)
            && (self.year.is_empty() || row.year.to_string() == self.year)
            && (self.licence.is_empty() || row.licences.contains(&self.licence))
            && (self.mof.is_empty() || row.mof.to_string() == self.mof)
            && (self.variant.is_empty() || row.variant.as_deref() == Some(self.variant.as_str()))
            && match self.coverage.as_str() {
                "ranked" => !row.sparse,
                "sparse" => row.sparse,
                "complete" => row.known == 12,
                _ => true,
            }
            && self.condition.is_none_or(|w| w.holds(row))
    }

    /// The rows that match, in the chosen order (ties keep the index's order, as in the script).
    pub fn select<'r>(&self, rows: &'r [Row]) -> Vec<&'r Row> {
        let mut shown: Vec<&Row> = rows.iter().filter(|r| self.matches(r)).collect();
        let order = |a: &&Row, b: &&Row| match self.sort.as_str() {
            "name" => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            "score" => a.score_sort.total_cmp(&b.score_sort),
            key => {
                let grade = |r: &Row| column_key(key).and_then(|i| r.cells.get(i)).map_or(0, |c| c.grade);
                grade(a).cmp(&grade(b))
            }
        };
        if !self.sort.is_empty() {
            shown.sort_by(|a, b| if self.desc { order(b, a) } else { order(a, b) });
        }
        shown
    }

    /// The query string of this selection at `page` (parameters in the script's order; page 1
    /// and empty fields left out).
    pub fn query_string(&self, page: usize) -> String {
        self.query_string_sorted(page, &self.sort, self.desc)
    }

    fn query_string_sorted(&self, page: usize, sort: &str, desc: bool) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("org", &self.org),
            ("year", &self.year),
            ("licence", &self.licence),
            ("coverage", &self.coverage),
            ("mof", &self.mof),
            ("variant", &self.variant),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if let Some(w) = self.condition {
            s.append_pair("where", &w.text());
        }
        if !sort.is_empty() {
            s.append_pair("sort", sort);
            s.append_pair("dir", if desc { "desc" } else { "asc" });
        }
        if page > 1 {
            s.append_pair("page", &page.to_string());
        }
        s.finish()
    }

    /// The query string that sorts by `key` from the first page: the other direction when it is
    /// the current order, else most open first (names A to Z), as the script's headers do.
    pub fn sort_query(&self, key: &str) -> String {
        let desc = if self.sort == key { !self.desc } else { key != "name" };
        self.query_string_sorted(1, key, desc)
    }

    /// The form's values: what each control shows selected.
    pub fn form(&self) -> FormValues {
        let (wc, wo, wl) = match self.condition {
            Some(w) => (
                Component::ALL[w.column].id().to_owned(),
                if w.at_least { ">=" } else { "<=" }.to_owned(),
                w.grade.to_string(),
            ),
            None => (String::new(), String::new(), String::new()),
        };
        FormValues {
            query: self.clone(),
            wc,
            wo,
            wl,
            dir: if self.sort.is_empty() { String::new() } else { (if self.desc { "desc" } else { "asc" }).to_owned() },
        }
    }
}

/// The column a sort key `c0`–`c11` names.
fn column_key(key: &str) -> Option<usize> {
    key.strip_prefix('c').and_then(|n| n.parse::<usize>().ok()).filter(|&n| n < Component::ALL.len())
}

/// The values the index's form shows.
#[derive(Debug, Clone, Serialize)]
pub struct FormValues {
    /// The filters.
    #[serde(flatten)]
    pub query: IndexQuery,
    /// The condition's component id.
    pub wc: String,
    /// `>=` or `<=` (empty without a condition: the first choice).
    pub wo: String,
    /// The condition's grade.
    pub wl: String,
    /// `asc`, `desc`, or empty when unsorted.
    pub dir: String,
}

/// A page link.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// The page's number, or `None` for a gap (…).
    pub number: Option<usize>,
    /// Its URL.
    pub href: String,
    /// The page shown.
    pub current: bool,
}

/// The pages of a selection and where the one shown sits.
#[derive(Debug, Clone, Serialize)]
pub struct Paging {
    /// The page shown, from 1.
    pub page: usize,
    /// How many pages.
    pub pages: usize,
    /// Releases that match.
    pub total: usize,
    /// The first and last release shown (1-based; 0 and 0 when none match).
    pub first: usize,
    /// See `first`.
    pub last: usize,
    /// The previous page's URL.
    pub prev: Option<String>,
    /// The next page's URL.
    pub next: Option<String>,
    /// The first, last and nearby pages, with gaps.
    pub links: Vec<PageLink>,
    /// Whether any filter is set (the count then says "of all").
    pub filtered: bool,
}

impl Paging {
    /// The paging of `total` matching releases for `query`, page links under `base` (the
    /// index's URL); the page asked for is kept within the pages there are.
    pub fn new(query: &IndexQuery, total: usize, per_page: usize, base: &str) -> Paging {
        let per_page = per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        let page = query.page.clamp(1, pages);
        let href = |n: usize| {
            let qs = query.query_string(n);
            if qs.is_empty() { base.to_owned() } else { format!("{base}?{qs}") }
        };
        let mut links = Vec::new();
        for n in 1..=pages {
            if n == 1 || n == pages || n.abs_diff(page) <= 2 {
                links.push(PageLink { number: Some(n), href: href(n), current: n == page });
            } else if links.last().is_some_and(|l| l.number.is_some()) {
                links.push(PageLink { number: None, href: String::new(), current: false });
            }
        }
        let first = if total == 0 { 0 } else { (page - 1) * per_page + 1 };
        Paging {
            page,
            pages,
            total,
            first,
            last: (page * per_page).min(total),
            prev: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
            links,
            filtered: query.filters(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_read_as_the_script_writes_them() {
        let w = Where::parse("deployment.data.weights>=D3").expect("parses");
        assert_eq!((Component::ALL[w.column], w.at_least, w.grade), (Component::DeploymentDataWeights, true, 3));
        assert_eq!(w.text(), "deployment.data.weights>=D3");
        assert_eq!(Where::parse("weights <= 2").map(|w| w.text()).as_deref(), Some("deployment.data.weights<=D2"));
        assert_eq!(
            Where::parse("training.code.pretraining>=C4").map(|w| w.text()).as_deref(),
            Some("training.code.pretraining>=C4")
        );
        for bad in ["weights>D3", "weights>=6", "nothing>=3", "weights", ">=3", "weights>=D33"] {
            assert_eq!(Where::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_query_keeps_its_filters_and_sort_in_every_link() {
        let q = IndexQuery::from_pairs([
            ("org", "Meta"),
            ("q", "llama 2"),
            ("wc", "deployment.data.weights"),
            ("wo", ">="),
            ("wl", "3"),
            ("sort", "score"),
            ("dir", "desc"),
            ("page", "2"),
            ("year", ""),
        ]);
        assert!(q.selects());
        assert_eq!(q.page, 2);
        assert_eq!(
            q.query_string(3),
            "q=llama+2&org=Meta&where=deployment.data.weights%3E%3DD3&sort=score&dir=desc&page=3"
        );
        // A sort link starts from the first page; the current key turns around.
        assert_eq!(
            q.sort_query("score"),
            "q=llama+2&org=Meta&where=deployment.data.weights%3E%3DD3&sort=score&dir=asc"
        );
        assert_eq!(q.sort_query("name"), "q=llama+2&org=Meta&where=deployment.data.weights%3E%3DD3&sort=name&dir=asc");
        assert_eq!(q.sort_query("c3"), "q=llama+2&org=Meta&where=deployment.data.weights%3E%3DD3&sort=c3&dir=desc");
        let again = IndexQuery::from_pairs(form_urlencoded::parse(q.query_string(2).as_bytes()));
        assert_eq!(again, q);
    }

    #[test]
    fn pages_alone_select_nothing_and_unknown_values_are_dropped() {
        let q = IndexQuery::from_pairs([("page", "4"), ("sort", "price"), ("dir", "desc"), ("x", "y")]);
        assert!(!q.selects());
        assert_eq!((q.page, q.sort.as_str(), q.desc), (4, "", false));
        assert_eq!(IndexQuery::from_pairs([("page", "0")]).page, 1);
        assert_eq!(IndexQuery::from_pairs([("page", "-3")]).page, 1);
        assert_eq!(IndexQuery::from_pairs([("page", "99999999999999999999999")]).page, 1);
    }

    #[test]
    fn paging_links_the_first_last_and_nearby_pages() {
        let q = IndexQuery::from_pairs([("org", "Meta"), ("page", "6")]);
        let p = Paging::new(&q, 540, 50, "/");
        assert_eq!((p.page, p.pages, p.first, p.last), (6, 11, 251, 300));
        assert_eq!(p.prev.as_deref(), Some("/?org=Meta&page=5"));
        assert_eq!(p.next.as_deref(), Some("/?org=Meta&page=7"));
        let numbers: Vec<Option<usize>> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [Some(1), None, Some(4), Some(5), Some(6), Some(7), Some(8), None, Some(11)]);
        assert_eq!(p.links[0].href, "/?org=Meta");
        assert!(p.links[4].current);
        // Past the end: the last page; nothing matching: one empty page.
        let far = Paging::new(&IndexQuery::from_pairs([("page", "40")]), 540, 50, "/");
        assert_eq!((far.page, far.first, far.last, far.next), (11, 501, 540, None));
        assert!(!far.filtered);
        let none = Paging::new(&q, 0, 50, "/");
        assert_eq!((none.page, none.pages, none.first, none.last, none.prev, none.next), (1, 1, 0, 0, None, None));
    }
}
