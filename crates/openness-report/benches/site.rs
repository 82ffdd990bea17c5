//! Rendering the report site for the embedded 45-release catalogue.
use openness_catalogue::{DataSource, embedded_performance, embedded_register, load};
use openness_core::Rubric;

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn render_the_site(bencher: divan::Bencher) {
    let (Ok(loaded), Ok(register), Ok(tables)) =
        (load(&DataSource::Embedded), embedded_register(), embedded_performance())
    else {
        return;
    };
    bencher.bench(|| {
        let report = openness_report::Report::new(&loaded.catalogue, Rubric::default(), &register, &tables);
        let cx = openness_report::RenderContext::report(None, report.data_date());
        openness_report::render_site(&report, &cx, Vec::new(), &mut |_, _| {})
            .map(|files| files.iter().map(|(_, b)| b.len()).sum::<usize>())
            .unwrap_or(0)
    });
}
