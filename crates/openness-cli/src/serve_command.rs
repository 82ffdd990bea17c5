//! `openness serve`: opens the store and hands it to the service; `serve token …`.

use std::path::PathBuf;

use openness_store::Store;

use crate::Outcome;
use crate::args::{ServeArgs, ServeCommand, TokenCommand};
use crate::commands::{fail, ok};

/// The default SQLite file: `$XDG_DATA_HOME/openness/openness.db`, else under `~/.local/share`.
fn default_db() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data.join("openness").join("openness.db")
}

async fn open(args: &ServeArgs) -> Result<Store, String> {
    let store = match &args.database_url {
        Some(url) => Store::connect(url).await,
        None => Store::open_sqlite(&args.db.clone().unwrap_or_else(default_db)).await,
    };
    store.map_err(|e| format!("error: cannot open the store: {e}\n   = help: check --db or --database-url\n"))
}

/// Runs `serve` or one of its subcommands, reading levels as `reading` says (`--rubric`,
/// `--levels-from`).
pub fn run(args: &ServeArgs, reading: openness_catalogue::Reading) -> Outcome {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return fail(format!("error: cannot start the runtime: {e}\n")),
    };
    runtime.block_on(async {
        let store = match open(args).await {
            Ok(s) => s,
            Err(e) => return fail(e),
        };
        match &args.command {
            None => {
                let options = openness_server::Options {
                    reading,
                    origin: format!("http://{}", args.listen),
                    proposal_burst: args.proposal_burst,
                };
                match openness_server::serve(store, args.listen, options).await {
                    Ok(()) => ok(String::new()),
                    Err(e) => fail(format!("error: {e}\n")),
                }
            }
            Some(ServeCommand::Token(TokenCommand::Create { name })) => match store.create_token(name).await {
                Ok(token) => ok(format!("{token}\n")),
                Err(e) => fail(format!("error: {e}\n")),
            },
            Some(ServeCommand::Token(TokenCommand::Revoke { name })) => match store.revoke_token(name).await {
                Ok(()) => ok(format!("revoked the token of `{name}`\n")),
                Err(e) => fail(format!("error: {e}\n")),
            },
        }
    })
}
