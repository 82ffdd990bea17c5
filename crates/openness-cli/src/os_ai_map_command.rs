//! What `openness import os-ai-map` reads besides the product files: where the map keeps its
//! scores, which organisation lists each product, and each product's category and arc.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use openness_catalogue::import_os_ai_map::{Product, import_os_ai_map, is_valid_name, read_listing, read_taxonomy};
use openness_catalogue::{Diagnostic, SourceFile};

/// The map's folders and indexes, read once before its products.
pub(crate) struct OsAiMap {
    /// `sources/products`.
    pub(crate) products: PathBuf,
    scores: PathBuf,
    /// Product name → the display name of the organisation listing it.
    organisation: HashMap<String, String>,
    /// Product name → (its category's display name, the name of the category's arc).
    category: HashMap<String, (String, String)>,
}

fn bad(src: &SourceFile, e: &str, what: &str) -> Diagnostic {
    Diagnostic::about_path("E316", format!("`{}`: {e}", src.name), src.name.clone())
        .with_help(format!("give os-ai-map's folder: {what}"))
}

impl OsAiMap {
    /// The map at `input` (its folder or its `sources` folder), or `None` when neither holds
    /// `products/`. Unreadable listings become diagnostics; the import goes on without them.
    pub(crate) fn open(
        input: &Path,
        budget: &openness_read::Budget,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<OsAiMap> {
        let sources = [input.join("sources"), input.to_path_buf()]
            .into_iter()
            .find(|d| d.join("products").is_dir() && !d.join("products").is_symlink())?;
        let read_all = |dir: &str, diagnostics: &mut Vec<Diagnostic>| -> Vec<(String, String, Vec<String>)> {
            let files = openness_catalogue::catalogue::yaml_files(&sources.join(dir)).unwrap_or_default();
            let mut out = Vec::new();
            for f in files {
                match openness_catalogue::catalogue::read_source(&f, openness_read::Open::FOUND, budget) {
                    Ok(src) => match read_listing(&src.text) {
                        Ok(l) => out.push(l),
                        Err(e) => diagnostics.push(bad(
                            &src,
                            &e,
                            &format!("`sources/{dir}` holds files with `name`, `display_name` and `products`"),
                        )),
                    },
                    Err(d) => diagnostics.push(d),
                }
            }
            out
        };
        let mut organisation = HashMap::new();
        for (_, display, products) in read_all("organizations", diagnostics) {
            for p in products {
                organisation.entry(p).or_insert_with(|| display.clone());
            }
        }
        // The taxonomy only names the arcs of out-of-scope products: a map may do without it.
        let taxonomy = sources.join("taxonomy.yaml");
        let arcs = match openness_catalogue::catalogue::read_source(&taxonomy, openness_read::Open::FOUND, budget) {
            _ if taxonomy.symlink_metadata().is_err() => Vec::new(),
            Ok(src) => read_taxonomy(&src.text).unwrap_or_else(|e| {
                diagnostics.push(bad(&src, &e, "`sources/taxonomy.yaml` lists `arcs` of categories"));
                Vec::new()
            }),
            Err(d) => {
                diagnostics.push(d);
                Vec::new()
            }
        };
        let arc_of =
            |category: &str| arcs.iter().find(|(_, cs)| cs.iter().any(|c| c == category)).map(|(a, _)| a.clone());
        let mut category = HashMap::new();
        for (name, display, products) in read_all("categories", diagnostics) {
            let arc = arc_of(&name).unwrap_or_else(|| "no arc".to_owned());
            for p in products {
                category.entry(p).or_insert_with(|| (display.clone(), arc.clone()));
            }
        }
        Some(OsAiMap { products: sources.join("products"), scores: sources.join("scores"), organisation, category })
    }

    /// The arc of a product's category, as the taxonomy names it.
    pub(crate) fn arc(&self, product: &str) -> &str {
        self.category.get(product).map_or("no category", |(_, arc)| arc.as_str())
    }

    /// One product file read with its score.
    #[allow(clippy::result_large_err, reason = "diagnostics are cold-path values")]
    pub(crate) fn convert(
        &self,
        src: &SourceFile,
        stem: &str,
        base: &openness_core::LicenceBase,
        observed: &str,
        budget: &openness_read::Budget,
    ) -> Result<Product, Diagnostic> {
        let product_help = "`sources/products/<name>.yaml` holds `name`, `display_name` and `type`";
        if !is_valid_name(stem) {
            return Err(bad(
                src,
                "the file name is not a product name (lowercase letters, digits and `-`)",
                product_help,
            ));
        }
        let score = openness_catalogue::catalogue::read_source(
            &self.scores.join(format!("{stem}.yaml")),
            openness_read::Open::FOUND,
            budget,
        )?;
        import_os_ai_map(
            &src.text,
            &score.text,
            self.organisation.get(stem).map(String::as_str),
            self.category.get(stem).map(|(c, _)| c.as_str()),
            base,
            observed,
        )
        .map_err(|e| bad(src, &format!("{e} (with `{}`)", score.name), product_help))
    }
}
