//! The store on SQLite and on PostgreSQL (`DATABASE_URL`): seeding, proposals and reviews,
//! optimistic concurrency, tokens, the append-only audit log and the migrations.

use openness_catalogue::{embedded_licence_base, embedded_record_documents};
use openness_store::testing::{TestStore, every_backend};
use openness_store::{Change, Status, Store, StoreError, change};

fn documents() -> Vec<(String, String)> {
    embedded_record_documents().into_iter().map(|(id, text)| (id, text.to_owned())).collect()
}

async fn stores(test: &str) -> Vec<TestStore> {
    let stores = every_backend(test).await.unwrap_or_else(|e| panic!("test databases: {e}"));
    for s in &stores {
        assert_eq!(
            s.store.seed(&documents()).await.unwrap_or_else(|e| panic!("{}: seed: {e}", s.backend)),
            documents().len()
        );
    }
    stores
}

fn weights_open() -> Change {
    Change {
        component: "deployment.data.weights".to_owned(),
        availability: "open".to_owned(),
        license: "Apache-2.0".to_owned(),
        evidence: vec!["https://example.org/weights".to_owned()],
        note: "published".to_owned(),
    }
}

/// Accepts `id` as `maintainer`, applying the change with the catalogue's checks.
async fn accept(store: &Store, id: i64, maintainer: &str) -> Result<i64, StoreError> {
    let base = embedded_licence_base().unwrap_or_else(|d| panic!("{d:?}"));
    let sources = openness_catalogue::embedded_sources_list().unwrap_or_else(|d| panic!("{d:?}"));
    store
        .accept(id, maintainer, None, |doc, p| {
            let observer =
                openness_store::Observer { maintainer, author: &p.author, proposal: p.id, date: "2026-12-01" };
            let text = change::apply(doc, &p.change, &observer, &base, &sources)?;
            Ok((text, serde_json::json!({"kind": "observation", "component": p.change.component})))
        })
        .await
        .map(|r| r.release_version)
}

async fn propose(store: &Store, release: &str, version: i64, author: &str) -> i64 {
    store
        .propose(release, version, author, &weights_open(), |_| Ok(()))
        .await
        .unwrap_or_else(|e| panic!("propose: {e}"))
        .id
}

#[tokio::test]
async fn seeding_is_idempotent_and_audited() {
    for s in stores("seeding_is_idempotent_and_audited").await {
        assert_eq!(s.store.seed(&documents()).await.unwrap_or(99), 0, "{}", s.backend);
        let releases = s.store.releases().await.unwrap_or_default();
        assert_eq!(releases.len(), documents().len());
        assert!(releases.iter().all(|r| r.version == 1));
        let history = s.store.history("llama-2").await.unwrap_or_default();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].actor, "catalogue");
        assert_eq!(history[0].change["kind"], "seed");
        let audit = s.store.audit_log(None, 1000).await.unwrap_or_default();
        assert_eq!(audit.len(), documents().len(), "{}", s.backend);
        assert!(audit.iter().all(|a| a.action == "seed"));
    }
}

#[tokio::test]
async fn an_accepted_proposal_is_the_next_version_with_its_history_and_audit() {
    for s in stores("an_accepted_proposal_is_the_next_version").await {
        let store = &s.store;
        let before = store.generation().await.unwrap_or(0);
        let id = propose(store, "llama-2", 1, "bo").await;
        let pending = store.proposals(Some(Status::Pending), None, None, 10).await.unwrap_or_default();
        assert_eq!(pending.iter().map(|p| p.id).collect::<Vec<_>>(), vec![id]);
        assert_eq!(accept(store, id, "ana").await.unwrap_or_else(|e| panic!("{}: {e}", s.backend)), 2);
        let release = store.release("llama-2").await.ok().flatten().unwrap_or_else(|| panic!("llama-2"));
        assert_eq!(release.version, 2);
        assert!(release.document.contains("Reviewed by ana (proposal"), "{}", release.document);
        assert_ne!(store.generation().await.unwrap_or(0), before);
        let history = store.history("llama-2").await.unwrap_or_default();
        assert_eq!(
            history.iter().map(|h| (h.version, h.actor.as_str())).collect::<Vec<_>>(),
            vec![(1, "catalogue"), (2, "ana")]
        );
        let p = store.proposal(id).await.ok().flatten().unwrap_or_else(|| panic!("proposal"));
        assert_eq!(p.status, Status::Accepted);
        assert_eq!(p.review.as_ref().and_then(|r| r.release_version), Some(2));
        let audit = store.audit_log(None, 2).await.unwrap_or_default();
        assert_eq!(audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(), vec!["accept", "propose"]);
        assert_eq!(audit[0].before.as_ref().map(|b| b["version"].clone()), Some(serde_json::json!(1)));
        assert_eq!(audit[0].after.as_ref().map(|b| b["version"].clone()), Some(serde_json::json!(2)));
        // As of before the acceptance, the release was at version 1.
        let then = store.releases_as_of(&history[1].at.replace('Z', "").chars().take(19).collect::<String>()).await;
        assert!(then.unwrap_or_default().iter().filter(|r| r.id == "llama-2").all(|r| r.version == 1));
        // A second review of the same proposal is refused.
        assert!(matches!(store.reject(id, "ana", "late").await, Err(StoreError::AlreadyReviewed(n)) if n == id));
    }
}

#[tokio::test]
async fn a_stale_write_is_a_conflict_with_the_current_version() {
    for s in stores("a_stale_write_is_a_conflict").await {
        let store = &s.store;
        let first = propose(store, "falcon", 1, "bo").await;
        let second = propose(store, "falcon", 1, "cy").await;
        assert_eq!(accept(store, first, "ana").await.ok(), Some(2));
        match accept(store, second, "ana").await {
            Err(StoreError::Conflict { expected: 1, current: 2, .. }) => {}
            other => panic!("{}: {other:?}", s.backend),
        }
        assert_eq!(store.proposal(second).await.ok().flatten().map(|p| p.status), Some(Status::Pending));
        match store.propose("falcon", 1, "dee", &weights_open(), |_| Ok(())).await {
            Err(StoreError::Conflict { current: 2, .. }) => {}
            other => panic!("{}: {other:?}", s.backend),
        }
        let r = store.reject(second, "ana", "superseded").await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.proposal.review.and_then(|r| r.reason).as_deref(), Some("superseded"));
    }
}

#[tokio::test]
async fn concurrent_acceptances_of_one_version_make_one_winner() {
    for s in stores("concurrent_acceptances").await {
        let store = &s.store;
        let mut ids = Vec::new();
        for n in 0..8 {
            ids.push(propose(store, "bloom", 1, &format!("author{n}")).await);
        }
        let tasks: Vec<_> = ids
            .iter()
            .map(|&id| {
                let store = store.clone();
                tokio::spawn(async move { accept(&store, id, "ana").await })
            })
            .collect();
        let mut won = 0;
        let mut conflicts = 0;
        for t in tasks {
            match t.await.unwrap_or_else(|e| panic!("{e}")) {
                Ok(2) => won += 1,
                Err(StoreError::Conflict { current: 2, .. }) => conflicts += 1,
                other => panic!("{}: {other:?}", s.backend),
            }
        }
        assert_eq!((won, conflicts), (1, 7), "{}", s.backend);
        assert_eq!(store.history("bloom").await.unwrap_or_default().len(), 2);
        let accepted =
            store.audit_log(None, 100).await.unwrap_or_default().iter().filter(|a| a.action == "accept").count();
        assert_eq!(accepted, 1);
    }
}

#[tokio::test]
async fn the_audit_log_refuses_edits_and_deletions() {
    for s in stores("the_audit_log_refuses_edits").await {
        for sql in ["UPDATE audit SET actor = 'mallory'", "DELETE FROM audit"] {
            let err = s.store.execute_raw(sql).await.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("append-only"), "{}: {sql}: {err}", s.backend);
        }
        assert_eq!(s.store.audit_log(None, 1000).await.unwrap_or_default().len(), documents().len());
    }
}

#[tokio::test]
async fn tokens_are_stored_hashed_and_revocable() {
    for s in stores("tokens_are_stored_hashed").await {
        let store = &s.store;
        let token = store.create_token("ana").await.unwrap_or_else(|e| panic!("{e}"));
        assert!(token.starts_with("opn_") && token.len() == 68, "{token}");
        assert_eq!(store.maintainer(&token).await.ok().flatten().as_deref(), Some("ana"));
        assert_eq!(store.maintainer("opn_wrong").await.ok().flatten(), None);
        assert!(matches!(store.create_token("ana").await, Err(StoreError::TokenExists(_))));
        let stored = store.execute_raw(&format!("UPDATE tokens SET last_used_at = 'x' WHERE hash = '{token}'")).await;
        assert_eq!(stored.ok(), Some(0), "the plaintext is not stored");
        store.revoke_token("ana").await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(store.maintainer(&token).await.ok().flatten(), None);
        assert!(matches!(store.revoke_token("ana").await, Err(StoreError::NotFound(_))));
        let again = store.create_token("ana").await.unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(again, token);
    }
}

#[tokio::test]
async fn migrations_revert_and_run_again() {
    for s in every_backend("migrations_revert_and_run_again").await.unwrap_or_else(|e| panic!("{e}")) {
        s.store.revert_migrations().await.unwrap_or_else(|e| panic!("{}: revert: {e}", s.backend));
        assert!(s.store.releases().await.is_err(), "the tables are gone");
        let again = Store::connect(&s.url).await.unwrap_or_else(|e| panic!("{}: migrate: {e}", s.backend));
        assert_eq!(again.seed(&documents()).await.unwrap_or(0), documents().len());
    }
}
